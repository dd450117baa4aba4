"""Word tables the extractor reads: currencies, scales, qualifiers, number words,
and the physical-unit index built from quantulum3's unit catalog.

Money is table-driven here because quantulum3 reads news abbreviations badly
("$500bn" -> dollar·bit·newton, "746m euro" -> metres); physical units and
durations come from quantulum3's own catalog, never a hand-copied list.
"""
from __future__ import annotations

import json
import re
from typing import NamedTuple

# ISO 4217 codes a news story is likely to write out ("USD 5m", "5m EUR").
ISO_CODES = frozenset(
    "USD EUR GBP JPY CNY INR CAD AUD CHF HKD SGD NZD KRW RUB BRL MXN ZAR SEK NOK DKK PLN TRY IDR THB "
    "MYR PHP TWD SAR AED ILS EGP NGN KES PKR BDT VND CZK HUF RON ARS CLP COP PEN UAH QAR KWD LAK".split()
)

# Symbols written before (or after) the amount. Longest first when matching.
CURRENCY_SYMBOLS = {
    "US$": "USD", "U.S.$": "USD", "$": "USD", "C$": "CAD", "CA$": "CAD", "CAD$": "CAD", "A$": "AUD",
    "AU$": "AUD", "NZ$": "NZD", "HK$": "HKD", "S$": "SGD", "NT$": "TWD", "R$": "BRL", "Mex$": "MXN",
    "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "Rs.": "INR", "Rs": "INR", "₩": "KRW", "₽": "RUB",
    "₺": "TRY", "₦": "NGN", "₱": "PHP", "₭": "LAK", "RMB": "CNY", "Rp": "IDR", "₡": "CRC", "₾": "GEL",
    "元": "CNY", "₫": "VND", "₴": "UAH", "₪": "ILS",
    # Local forms of the press in Kenya, Egypt, Bangladesh, the Emirates and Ghana (CLDR has "Ksh", "GH₵").
    "$ US": "USD", "KSh": "KES", "KShs": "KES", "Sh": "KES", "E£": "EGP", "CDN$": "CAD", "Cdn$": "CAD", "Can$": "CAD", "Tk": "BDT", "৳": "BDT", "Dh": "AED", "Dhs": "AED", "GH¢": "GHS",
}
# Lower-case ISO codes that are not English words: tokenized wire text writes "usd 20", "rmb 10".
LOWER_CODES = {c.lower(): c for c in ("USD", "EUR", "GBP", "JPY", "CNY", "INR", "CAD", "AUD", "CHF", "HKD", "SGD",
                                      "NZD", "RMB", "MXN", "KRW", "BRL", "ZAR", "SEK", "NOK", "DKK")}
LOWER_CODES["rmb"] = "CNY"
# Tokenized newswire writes "us $ 5", "c $ 16.4" (Penn Treebank style, lower-cased).
LOWER_SYMBOL_PREFIXES = {"us": "USD", "c": "CAD", "a": "AUD", "hk": "HKD", "nz": "NZD", "s": "SGD", "cad": "CAD",
                         "mex": "MXN", "nt": "TWD"}

# Currency words written after the amount -> code; "cents" and friends are sub-units.
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "dlr": "USD", "dlrs": "USD", "buck": "USD", "bucks": "USD",
    "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "stg": "GBP",
    "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rmb": "CNY", "rupee": "INR", "rupees": "INR",
    "franc": "CHF", "francs": "CHF", "peso": "MXN", "pesos": "MXN", "rand": "ZAR",
    "ruble": "RUB", "rubles": "RUB", "rouble": "RUB", "roubles": "RUB", "lira": "TRY", "liras": "TRY",
    "krona": "SEK", "kronor": "SEK", "krone": "NOK", "kroner": "NOK", "zloty": "PLN", "zlotys": "PLN",
    "quid": "GBP", "ringgit": "MYR", "baht": "THB", "rupiah": "IDR", "dirham": "AED", "dirhams": "AED",
    "riyal": "SAR", "riyals": "SAR", "shekel": "ILS", "shekels": "ILS", "naira": "NGN", "won": "KRW",
    "reais": "BRL", "real": "BRL", "dinar": "KWD", "dinars": "KWD", "kip": "LAK",
    # currencies of the 1980s-90s newswire
    "guilder": "NLG", "guilders": "NLG", "markka": "FIM", "markkaa": "FIM", "peseta": "ESP", "pesetas": "ESP",
    "lire": "ITL", "mark": "DEM", "marks": "DEM", "deutsche mark": "DEM", "deutschemarks": "DEM",
    "schilling": "ATS", "schillings": "ATS", "drachma": "GRD", "drachmas": "GRD", "escudo": "PTE",
    "escudos": "PTE", "punt": "IEP", "punts": "IEP", "colon": "CRC", "colones": "CRC", "lari": "GEL",
}
# Words that are currencies only beside a scale or a country ("5 million won", "Brazilian real").
AMBIGUOUS_CURRENCY_WORDS = frozenset({"won", "real", "rand", "pound", "pounds", "buck", "bucks", "kip", "franc",
                                      "mark", "marks", "colon", "punt", "punts"})
# Money units read as one after "a"/"an" ("a dollar a day", "a penny"): none of them also a common word.
ONE_UNIT_WORDS = frozenset({"dollar", "euro", "buck", "rupee", "peso", "ruble", "rouble", "penny", "dime", "nickel",
                            "cent"})
SUBUNIT_WORDS = {"cent": 0.01, "cents": 0.01, "ct": 0.01, "cts": 0.01, "penny": 0.01, "pence": 0.01,
                 "paise": 0.01, "kopecks": 0.01, "dime": 0.1, "dimes": 0.1, "nickel": 0.05, "nickels": 0.05}
SUBUNIT_CURRENCY = {"pence": "GBP", "penny": "GBP", "paise": "INR", "kopecks": "RUB"}
# "Canadian dollars", "Hong Kong dollars": the country decides the code.
CURRENCY_COUNTRIES = {
    "us": "USD", "u.s.": "USD", "united states": "USD", "american": "USD", "canadian": "CAD", "australian": "AUD", "hong kong": "HKD",
    "singapore": "SGD", "new zealand": "NZD", "taiwan": "TWD", "new taiwan": "TWD", "mexican": "MXN",
    "swiss": "CHF", "french": "FRF", "belgian": "BEF", "indian": "INR", "pakistani": "PKR", "japanese": "JPY",
    "chinese": "CNY", "brazilian": "BRL", "philippine": "PHP", "argentine": "ARS", "chilean": "CLP",
    "colombian": "COP", "egyptian": "EGP", "russian": "RUB", "south african": "ZAR", "turkish": "TRY",
    "british": "GBP", "irish": "IEP", "korean": "KRW", "south korean": "KRW", "swedish": "SEK",
    "norwegian": "NOK", "danish": "DKK", "jamaican": "JMD", "zimbabwe": "ZWL", "zimbabwean": "ZWL",
    "dutch": "NLG", "finnish": "FIM", "german": "DEM", "deutsche": "DEM", "spanish": "ESP", "italian": "ITL",
    "austrian": "ATS", "greek": "GRD", "portuguese": "PTE", "saudi": "SAR", "kuwaiti": "KWD",
    "nigerian": "NGN", "kenyan": "KES", "israeli": "ILS", "thai": "THB", "malaysian": "MYR",
    "indonesian": "IDR", "vietnamese": "VND", "polish": "PLN", "czech": "CZK", "hungarian": "HUF",
}

# --- CLDR (numcheck/currencies_cldr.py, generated from Babel by tools/gen_currencies.py): every current
# currency's code, symbol, English unit word and country adjective, where the tables above do not name it.
from numcheck import currencies_cldr as _cldr  # noqa: E402

# Codes glued to a number ("USD115", "EUR500m"): the news-likely ones only.
GLUED_CODES = ISO_CODES
ISO_CODES = ISO_CODES | (_cldr.CODES - _cldr.WORD_CODES)  # "ALL", "TOP", "CUP" before a number are words
for _symbol, _code in _cldr.SYMBOLS.items():
    if _symbol not in CURRENCY_SYMBOLS and _symbol != "Rs":  # "Rs" stays the Indian rupee
        CURRENCY_SYMBOLS[_symbol] = _code
# Australian style puts the country after the sign: "$US113 trillion", "$A82,615,680", "$NZ5".
for _symbol, _code in list(CURRENCY_SYMBOLS.items()):
    if _symbol.endswith("$") and 1 <= len(_symbol) - 1 <= 2 and _symbol[:-1].isalpha() and _symbol[:-1].isupper():
        CURRENCY_SYMBOLS.setdefault("$" + _symbol[:-1], _code)
for _word, _code in _cldr.UNITS.items():
    if _word not in CURRENCY_WORDS:
        CURRENCY_WORDS[_word] = _code
AMBIGUOUS_CURRENCY_WORDS = AMBIGUOUS_CURRENCY_WORDS | _cldr.WORD_UNITS
for _adjective, _code in _cldr.ADJECTIVES.items():
    CURRENCY_COUNTRIES.setdefault(_adjective, _code)
# Symbols before the amount in wire copy: "dlrs 60 million" (AP), as after it ("60 mln dlrs").
LOWER_CODES["dlrs"] = "USD"
LOWER_CODES["dlr"] = "USD"
# Sub-units after a main unit: "20 ringgit and 43 sen", "5 riyals 50 halalas".
SUBUNIT_WORDS.update({"sen": 0.01, "centavos": 0.01, "centavo": 0.01, "centimes": 0.01, "centime": 0.01,
                      "kopeks": 0.01, "kopek": 0.01, "fils": 0.001, "halalas": 0.01, "halala": 0.01,
                      "piastres": 0.01, "piasters": 0.01, "kobo": 0.01, "paisa": 0.01, "satang": 0.01})
SUBUNIT_CURRENCY.update({"sen": "MYR", "kobo": "NGN", "halalas": "SAR", "halala": "SAR", "satang": "THB",
                         "paisa": "INR", "kopeks": "RUB", "kopek": "RUB"})
CURRENCY_WORDS.update({"buck": "USD", "bucks": "USD"})
AMBIGUOUS_CURRENCY_WORDS = AMBIGUOUS_CURRENCY_WORDS - {"buck", "bucks"}  # "42 bucks": money

SCALES = {
    "thousand": 1e3, "k": 1e3, "K": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6, "mio": 1e6, "m": 1e6,
    "M": 1e6, "MM": 1e6, "mil": 1e6, "billion": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9, "B": 1e9,
    "trillion": 1e12, "tn": 1e12, "trn": 1e12, "tr": 1e12, "T": 1e12, "crore": 1e7, "crores": 1e7, "cr": 1e7,
    "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "hundred": 1e2,
}
# Short scale forms that also mean other things ("5 m" metres, "5 b" a footnote): read as a scale
# only glued to the number or next to a currency or a counted noun.
SHORT_SCALES = frozenset({"k", "K", "m", "M", "b", "B", "T", "tr", "mil", "cr"})

ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
WORD_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
               "dozen": 12, "crore": 1e7, "lakh": 1e5}

# "two thirds", "one-sixth": denominators of spelled fractions.
DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
                "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
                "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10}
# "dozens of", "hundreds of thousands of": amounts with honest intervals and no central figure.
VAGUE_PLURALS = {"dozens": (24, 144), "scores": (40, 200), "hundreds": (200, 1000), "thousands": (2e3, 1e4),
                 "millions": (2e6, 1e9), "billions": (2e9, 1e12), "trillions": (2e12, 1e15),
                 "tens": (20, 100)}
# "a few hundred", "several thousand": relative to the scale that follows.
VAGUE_MULTIPLIERS = {"few": (2, 9), "several": (3, 9), "couple": (1.5, 3)}

FACTOR_WORDS = {
    "double": 2, "doubles": 2, "doubled": 2, "doubling": 2, "triple": 3, "triples": 3, "tripled": 3,
    "tripling": 3, "quadruple": 4, "quadruples": 4, "quadrupled": 4, "quadrupling": 4,
    "halve": 0.5, "halves": 0.5, "halved": 0.5, "halving": 0.5,
    "twofold": 2, "threefold": 3, "fourfold": 4, "fivefold": 5, "tenfold": 10, "hundredfold": 100,
}

QUALIFIERS = {
    "approx": ["about", "around", "roughly", "some", "nearly", "almost", "approximately", "approx.", "approx",
               "an estimated", "estimated", "close to", "circa", "ca.", "~", "around about", "just over",
               "just under", "an approximate", "or so", "closer to"],
    "at_least": ["more than", "over", "at least", "upwards of", "above", "in excess of", "exceeding",
                 "greater than", "north of", "no less than", "not less than", "a minimum of", "at a minimum",
                 "as little as", ">", "≥", "well over", "well above", "more then", "over than"],
    "at_most": ["up to", "less than", "under", "at most", "fewer than", "below", "no more than",
                "as much as", "as many as", "a maximum of", "not more than", "<", "≤", "as high as",
                "well under", "well below", "a mere", "only up to", "within"],
}
QUALIFIER_OF = {phrase: q for q, phrases in QUALIFIERS.items() for phrase in phrases}

MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
# "officials said Tuesday 220 people died": a weekday before a number names no product ("Boeing 737").
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())

# Function words end a noun phrase: "2,000 Nvidia H800 chips, which ..." -> chips.
STOPWORDS = frozenset("""
a an the this that these those to of in on at for from by with and or but nor than as into onto over under
after before during since per via about around between through across against up down out off ago
which who whom whose what when where while why how if so such there here then than
is are was were be been being am have has had having do does did will would shall should can could may
might must not no also only just even still more less most least all some any each every other another
its their his her our your my it they we he she i you them him us me said says say according vs versus
last next first this year years month months week weeks day days per cent percent pct
""".split())

# After "N of": determiners that make the figure a part of those counted ("seven of the men", "two of its submarines").
PART_OF = frozenset("the its their his her our these those".split())

# Between a count and its noun, words that say the count is beyond those counted already: "six other ministers",
# "two more suspects" (the extractor reads the noun after them; keying makes the count a change).
MORE_WORDS = frozenset({"other", "more", "further"})

# Counted nouns that are not plural in form.
IRREGULAR_SINGULAR = {
    "people": "person", "persons": "person", "children": "child", "men": "man", "women": "woman",
    "feet": "foot", "teeth": "tooth", "mice": "mouse", "geese": "goose", "staff": "staff",
    "police": "police", "personnel": "personnel", "cattle": "cattle", "sheep": "sheep", "fish": "fish",
    "aircraft": "aircraft", "troops": "troop", "data": "data", "series": "series", "species": "species",
    "crises": "crisis", "analyses": "analysis", "indices": "index", "lives": "life", "wives": "wife",
    "shares": "share", "yen": "yen", "deer": "deer", "offspring": "offspring", "alumni": "alumnus",
}
# Plural-looking words that are not counted nouns ("5 is", "3 as").
NOT_NOUNS = frozenset("is was has does its this his us thus yes less unless plus bus gas news times".split())


def singular(word: str) -> str | None:
    """Singular of a plural counted noun, or None when the word does not look plural."""
    w = word.lower()
    if w in IRREGULAR_SINGULAR:
        return IRREGULAR_SINGULAR[w]
    if len(w) < 3 or not w.endswith("s"):
        return irregular_plural(w) if len(w) >= 3 else None
    if w.endswith(("ss", "us", "sis")) or w in NOT_NOUNS:
        return None  # "glass", "virus", "crisis": singular already
    if w.endswith(_LEARNED_S_ENDINGS):
        learned = irregular_plural(w)  # "indices", "analyses", "hypotheses"
        if learned is not None:
            return learned
    if w.endswith("ies") and len(w) > 4:
        lem = lemma(w)  # "bodies" -> body, but "movies" -> movie, "rookies" -> rookie: the lemma says
        return lem if lem == w[:-1] else w[:-3] + "y"
    if w.endswith(("oes", "ves")) and len(w) > 4:
        lem = lemma(w)  # "cargoes", "heroes", "knives" (not "shoes", "olives": the lemma says)
        if lem in (w[:-2], w[:-3] + "f", w[:-3] + "fe"):
            return lem
    if w.endswith(("ches", "ses", "zes")) and len(w) > 4:
        lem = lemma(w)  # "gases" -> gas, "buses" -> bus, "quizzes" -> quiz; "cases", "prizes", "niches" keep their e
        if lem in (w[:-1], w[:-2], w[:-3]):
            return lem
        return w[:-2] if w.endswith(("ches", "sses", "zzes")) else w[:-1]
    if w.endswith(("shes", "xes")):
        return w[:-2]
    return w[:-1]


# Plurals that do not add "s" (or change more than it): the plural's ending and the singular's, which
# the lemmatizer's lemma must fit ("freshmen" -> "freshman", "criteria" -> "criterion", "alumni" ->
# "alumnus"; not "opera" -> "opus", "seen" -> "see"). The lemmas come from simplemma, which ships its
# data (no download), loaded on first use: the endings keep the calls to the few words that fit.
_IRREGULAR_ENDINGS: tuple[tuple[str, str], ...] = (
    ("men", "man"), ("ren", ""), ("eese", "oose"), ("ice", "ouse"), ("eet", "oot"), ("eeth", "ooth"),
    ("a", "um"), ("a", "on"), ("i", "us"), ("ae", "a"), ("ices", "ix"), ("ices", "ex"), ("ses", "sis"),
)
_IRREGULAR_LAST: frozenset = frozenset(p[-1] for p, _ in _IRREGULAR_ENDINGS)
_LEARNED_S_ENDINGS = ("ices", "ses")
_LEMMAS: dict[str, str] = {}
_LEMMAS_KEPT = 1 << 16


def irregular_plural(w: str) -> str | None:
    """The singular of an irregular plural noun (lower case), or None."""
    if w[-1] not in _IRREGULAR_LAST or not w.isalpha():
        return None
    for plural_end, singular_end in _IRREGULAR_ENDINGS:
        if w.endswith(plural_end) and len(w) > len(plural_end) + 1:
            lem = lemma(w)
            if lem != w and lem == w[:len(w) - len(plural_end)] + singular_end:
                return lem
    return None


def lemma(w: str) -> str:
    """The dictionary form of a lower-case word, from simplemma (it ships its English data: nothing is downloaded),
    memoized: "sided" -> side, "movies" -> movie. Extraction and keying share it."""
    lem = _LEMMAS.get(w)
    if lem is None:
        import simplemma  # ~0.3 s once per process

        if len(_LEMMAS) >= _LEMMAS_KEPT:
            _LEMMAS.clear()  # a bound on a long run's memory: the words of a corpus, not all of them at once
        lem = _LEMMAS[w] = simplemma.lemmatize(w, lang="en").lower()
    return lem


class UnitInfo(NamedTuple):
    name: str  # quantulum3's unit name: "megawatt", "year"
    entity: str  # quantulum3's entity: "time", "power", "length"


# Catalog surfaces that in news are mostly counted nouns or words, not physical units.
_NEWS_NOT_UNITS = frozenset("""
point points line lines hand hands link links chain chains rod rods pole poles perch block blocks score scores
mark marks stone stones quarter quarters grand gross unit units head heads cycle cycles beat beats count
pair pairs dozen dozens bit bits word words page pages piece pieces case cases sheet sheets ream reams
degree degrees turn turns step steps bar bars barn gauge shot shots cup cups cord cords section sections
span spans finger fingers slug slugs tick ticks dram drams grain grains pound pounds percent percentage
per cent pct sun suns minute-of-arc pace paces league leagues fathom fathoms cable cables point-of-sale
candle candles
""".split())
# Symbols that are ordinary English words or read wrongly in news text.
_NEWS_NOT_SYMBOLS = frozenset(
    "a in at is as am pm on or no it me us an of to by be do go he if my so up we ha da st nd rd th "
    "pt Pa s h d t m b k g l x p c A B C D E F G H I J K L M N O P Q R S T U V W X Y Z "
    "bn mn tn cts ct dlrs per ppm TV".split()
)


# The unit tables, built on first use (they import quantulum3): a list, not an lru_cache, whose
# wrapper cost more than the lookups (once per number, compiled; see setup.py).
_UNIT_TABLES: list[tuple[dict[str, UnitInfo], dict[str, UnitInfo], frozenset]] = []


def unit_index() -> tuple[dict[str, UnitInfo], dict[str, UnitInfo], frozenset]:
    """(surfaces, symbols, phrase openers) from quantulum3's catalog: surfaces lower-cased incl. plurals,
    symbols as written, and the first words of two- and three-word surfaces (others need no phrase
    looked up)."""
    if not _UNIT_TABLES:
        surfaces, symbols = _read_unit_catalog()
        for phrase, info in NEWS_UNIT_PHRASES.items():
            surfaces.setdefault(phrase, info)
        openers = {s.split(" ", 1)[0] for s in surfaces if " " in s} | {s.split(" ", 1)[0].lower() for s in symbols
                                                                        if " " in s}  # "sq m", "sq ft"
        _UNIT_TABLES.append((surfaces, symbols, frozenset(openers)))
        # Symbols in capitals ("784 HP", "49.55 HZ") where the lower-cased symbol names one unit only.
        lowered: dict[str, list[UnitInfo]] = {}
        for symbol, info in symbols.items():
            lowered.setdefault(symbol.lower(), []).append(info)
        _UPPER_SYMBOLS.update({k: v[0] for k, v in lowered.items()
                               if len({i.name for i in v}) == 1 and len(k) >= 2 and k.isalpha()
                               and k not in _NOT_UPPER_SYMBOLS})
    return _UNIT_TABLES[0]


_UPPER_SYMBOLS: dict[str, UnitInfo] = {}
# Capitalised, these are names more often than units: "3 PC makers", "5 MM", "10 CD", "9600 GT", "40 EV chargers".
_NOT_UPPER_SYMBOLS = frozenset("pc cd mm cc ms ma gm pm am ft gt ev".split())  # "9600 GT" cards, "40 EV chargers"
# News abbreviations the catalog lacks, or writes otherwise: speeds, concentrations, fuel economy and
# sports rates ("15.3 ppg, 7.4 rpg": points and rebounds per game).
NEWS_UNITS = {
    "km/h": UnitInfo("kilometre per hour", "speed"), "km/hr": UnitInfo("kilometre per hour", "speed"),
    "kmh": UnitInfo("kilometre per hour", "speed"), "kmph": UnitInfo("kilometre per hour", "speed"),
    "kph": UnitInfo("kilometre per hour", "speed"), "mi/h": UnitInfo("mile per hour", "speed"),
    "m/s": UnitInfo("metre per second", "speed"), "mpg": UnitInfo("mile per gallon", "fuel economy"),
    "ppm": UnitInfo("part per million", "concentration"), "ppb": UnitInfo("part per billion", "concentration"),
    "ppt": UnitInfo("part per trillion", "concentration"), "ksi": UnitInfo("kilopound per square inch", "pressure"),
    "ppg": UnitInfo("point per game", "sports rate"), "rpg": UnitInfo("rebound per game", "sports rate"),
    "apg": UnitInfo("assist per game", "sports rate"), "spg": UnitInfo("steal per game", "sports rate"),
    "bpg": UnitInfo("block per game", "sports rate"), "bpd": UnitInfo("barrel per day", "flow"),
    "km2": UnitInfo("square kilometre", "area"), "m2": UnitInfo("square metre", "area"),
    "celcius": UnitInfo("degree Celsius", "temperature"), "centigrate": UnitInfo("degree Celsius", "temperature"),
    "farenheit": UnitInfo("degree fahrenheit", "temperature"),
    # wire copy's months ("nine mths", "SIX MTHS")
    "mth": UnitInfo("month", "time"), "mths": UnitInfo("month", "time"),
}


# News's units of two words the catalog lacks: a nautical mile is no statute mile.
NEWS_UNIT_PHRASES = {"nautical mile": UnitInfo("nautical mile", "length"),
                     "nautical miles": UnitInfo("nautical mile", "length")}


def _read_unit_catalog() -> tuple[dict[str, UnitInfo], dict[str, UnitInfo]]:
    """(surfaces, symbols) from quantulum3's catalog.

    Built from the catalog's JSON and its SI-prefix expansion (quantulum3.load), which takes
    milliseconds where quantulum3's full loader takes about two seconds.
    """
    from quantulum3 import load as q3load

    merged: dict[str, dict] = {}
    for path in (q3load.GENERAL_UNITS_PATH, q3load.LANGUAGE_UNITS_PATH("en_US")):
        with open(path, encoding="utf-8") as fh:
            for name, unit in json.load(fh).items():
                for nname, nunit in q3load.Units.prefixed_units(name, unit):
                    merged.setdefault(nname, {}).update(nunit)
    surfaces: dict[str, UnitInfo] = {}
    symbols: dict[str, UnitInfo] = {}
    for name, unit in merged.items():
        entity = unit.get("entity", "")
        if entity in ("currency", "dimensionless", "unknown", "") or name.endswith("barn"):
            # Money, percent and bare numbers are read by numcheck's own tables; barns (nuclear cross
            # sections) would make news's "100 mb" and "10 Mb" millibarns and megabarns.
            continue
        info = UnitInfo(name, entity)
        for surface in unit.get("surfaces", []):
            s = surface.lower()
            if s in _NEWS_NOT_UNITS:
                continue
            head, _, rest = s.partition(" ")
            for form in (s, _plural(s)) + ((f"{_plural(head)} {rest}",) if rest else ()):
                surfaces.setdefault(form, info)  # "degrees celsius" too
        for symbol in unit.get("symbols", []):
            if symbol not in _NEWS_NOT_SYMBOLS and len(symbol) >= 2 and not symbol.isdigit():
                symbols.setdefault(symbol, info)
    # Hyphenated adjectives ("30-day", "5-year") and American spellings the catalog writes once.
    for s, info in list(surfaces.items()):
        if s.endswith("metre"):
            surfaces.setdefault(s[:-5] + "meter", info)
            surfaces.setdefault(s[:-5] + "meters", info)
        if s.endswith("litre"):
            surfaces.setdefault(s[:-5] + "liter", info)
            surfaces.setdefault(s[:-5] + "liters", info)
    return surfaces, symbols


def _plural(word: str) -> str:
    if " " in word:  # "metric ton" -> "metric tons"
        head, _, last = word.rpartition(" ")
        return f"{head} {_plural(last)}"
    if word.endswith("foot"):
        return word[:-4] + "feet"
    if word.endswith("y") and not word.endswith(("ay", "ey", "oy", "uy")):
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh", "z")):
        return word + "es"
    return word + "s"


def unit_symbol(symbol: str) -> UnitInfo | None:
    """The unit a catalog symbol names, exactly as written ("kg", "oz", "ms"), or None."""
    return unit_index()[1].get(symbol)


def lookup_unit(words: list[str], glued: bool) -> tuple[UnitInfo, int] | None:
    """The unit named by the first one to three words after a number, and how many words it took.

    Symbols ("MW", "km") count only as written; surfaces ("megawatts", "metric tons") any case.
    """
    if not words:
        return None
    surfaces, symbols, phrase_openers = unit_index()
    for n in ((3, 2, 1) if words[0].lower() in phrase_openers else (1,)):
        if len(words) < n:
            continue
        phrase = " ".join(words[:n])
        info = surfaces.get(phrase.lower())
        if info is None:
            # The catalog writes micro both ways: the micro sign ("µg") and Greek mu ("μs").
            info = symbols.get(phrase) or symbols.get(phrase.replace("μ", "µ")) or symbols.get(phrase.replace("µ", "μ"))
        if info is None and n == 1:
            low = phrase.lower()
            info = NEWS_UNITS.get(low) if low == phrase or phrase.isupper() else None
            if info is None and phrase.isupper():
                info = _UPPER_SYMBOLS.get(low)
        if info is not None:
            return info, n
    return None


WORD_RE = re.compile(r"[A-Za-z][A-Za-z.'’-]*")


# --- word lists as regexes (extraction's number words, claims' measure words) ---

def trie(words) -> str:
    """A regex alternation shaped as a trie: Python's re scans it far faster than a flat list."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


def cases(words) -> set[str]:
    # Case variants spelled out: re.IGNORECASE makes the scan three times slower.
    return {v for w in words for v in (w, w.capitalize(), w.upper())}
