"""Stage 2: extract monetary and quantity mentions from text, normalized.

Two regex scans find number cores (digits; number words and factor words);
each core is then read outward: a currency or qualifier to its left, a scale,
currency, percent sign, unit or counted noun to its right, and a second core
for ranges. Every lookup is a dict or an anchored regex on a short window, so
the cost is linear in the text.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from typing import Final, Optional

from numcheck import lexicon as lx
from numcheck.models import CLAIMLESS_KINDS, Kind, Mention, Qualifier, trusted

__all__ = ["extract", "extract_claimable", "unwrap"]

# Enum members as module constants: compiled (setup.py), each use of Kind.money would go through the
# enum class's attribute hook, a Python-level call; these are static.
_MONEY: Final = Kind.money
_PERCENT: Final = Kind.percent
_COUNT: Final = Kind.count
_QUANTITY: Final = Kind.quantity
_DURATION: Final = Kind.duration
_FACTOR: Final = Kind.factor
_DATE: Final = Kind.date
_NUMBER: Final = Kind.number
_EXACT: Final = Qualifier.exact
_APPROX: Final = Qualifier.approx
_AT_LEAST: Final = Qualifier.at_least
_RANGE: Final = Qualifier.range
_VAGUE: Final = Qualifier.vague
_QUALIFIER_OF_NAME: Final = {q.value: q for q in Qualifier}


def _alt(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_START_WORDS: Final = (
    list(lx.ONES) + list(lx.TENS) + ["hundred", "thousand", "million", "billion", "trillion", "dozen", "half", "quarter"]
    + [w for w in lx.DENOMINATORS if not w.endswith("s") and w not in ("half", "quarter")]  # "a third of voters"
    + list(lx.VAGUE_PLURALS) + list(lx.VAGUE_MULTIPLIERS)
    + [w for w in lx.FACTOR_WORDS if w not in ("double", "triple", "quadruple")]
    + sorted(lx.ONE_UNIT_WORDS)
)




# Digits not glued to a word on the left ("H800", "R1"), or number words / factor words.
# Two scans find them: a pattern that opens with a character class lets re skip ahead in C (the
# lookbehind follows the first digit), and the two run in half the time of one alternation.
# A number starts after no letter, digit or point, or right after a currency code ("USD115", "EUR500m";
# not PHP: "PHP8" is a programming language's version). The code test runs only where the first fails.
_GLUED_CODES: Final = sorted(lx.GLUED_CODES - {"PHP"})
_DIGIT_CORES: Final = re.compile(r"\d(?:(?<![\w.]\d)|(?<=(?<![\w.])\.\d)|(?<=(?<!\w)(?:" + "|".join(_GLUED_CODES) + r")\d)"
                                 r"|(?<=(?<!\w)(?:RM|Rs|Rp|Tk|Dh|Sh)\d)|(?<=(?<!\w)(?:KSh|Ksh|Dhs)\d)|(?<=(?<!\w)euro\d)|(?<=(?<!\w)Rs\.\d)|(?<=\$[A-Z]\d)|(?<=\$[A-Z]{2}\d)|(?<=\$ US\d))"  # "RM42", "Rs.20", "$US113", "$ US1" (tokenised)
                                 r"(?:\d{0,2}(?:,\d{2})*(?:,\d{3})+(?!\d)|\d*)(?:\.\d+)?")
_SHARE_WORDS: Final = frozenset(w for w in lx.DENOMINATORS if not w.endswith("s"))  # "a third", "half" (of voters)
_START_CASES: Final = lx.cases(_START_WORDS)  # "three", "Three", "THREE"
_WORD_CORES: Final = re.compile(r"(?<![\w-])" + lx.trie(_START_CASES) + r"(?![\w])")
# The same words for scanning, on a copy of the text as Latin-1 bytes (one byte a character: offsets
# stay) in which every character that is neither a word character nor a hyphen is a space: a match
# opens on a literal space, which re finds in C, where a class of characters ("[^\w-]") is tested at
# every position (0.56 -> 0.31 s on Reuters, 0.46 -> 0.27 s on wide-character news). Characters
# beyond Latin-1 are spaces there too: a word beside one is checked on the text (_word_cores).
_SPACED: Final = bytes(b if chr(b).isalnum() or chr(b) in "_-" else 0x20 for b in range(256))
_WORD_SCAN: Final = re.compile(rb" (?=[" + "".join(sorted({w[0] for w in _START_CASES})).encode() + rb"])("
                               + lx.trie(_START_CASES).encode() + rb")(?=[ \-]|\Z)")
# Either core at one position: for reading a second core (ranges, cents) and resuming a scan.
_CORE: Final = re.compile(f"(?P<num>{_DIGIT_CORES.pattern})|(?P<word>{_WORD_CORES.pattern})")
_SPELL_NEXT: Final = re.compile(
    r"(?:[ \t]+|-)(?:and[ \t]+)?(?:a[ \t]+)?(" + _alt(list(lx.ONES) + list(lx.TENS) + list(lx.WORD_SCALES) + ["half"])
    + r")(?![\w])",
    re.IGNORECASE,
)
_PREFIX: Final = re.compile(
    r"(?:(?P<lower>(?<![\w$])(?i:us|c|hk|nz|cad|mex|nt|mxn|aud|nzd|usd|hkd|sgd)[ \t]?\$)|(?<![A-Za-z])(?P<sym>"
    + _alt(lx.CURRENCY_SYMBOLS) + r")|(?<![A-Za-z])(?P<mcode>M)?(?P<code>[A-Z]{3}|" + _alt(lx.LOWER_CODES)
    + r")(?![a-z]))[ \t]?(?P<neg>[-−])?\Z"
)
_QUALIFIER: Final = re.compile(r"(?:^|(?<=[^\w]))(?P<q>(?a:" + _alt(lx.QUALIFIER_OF) + r"|between|from))[ \t]+\Z",
                               re.IGNORECASE)
_SCALE: Final = re.compile(
    r"(?:[ \t]*-?[ \t]*(?P<long>(?i:thousand|million|billion|trillion|crores?|lakhs?|hundred)|mln|mn|bln|bn|tn|trn)"
    r"|(?P<glued>MM|[kKmMbBT]|mil|mn|bn|tn|cr)|[ \t]?(?P<short>[kKmMbBT]|mil|tr|cr))(?![A-Za-z0-9])"
)
_PERCENT_WORDS: Final = re.compile(
    r"(?:[ \t]*(?:%|(?:-[ \t]*)?(?:pct\b|pc\b|per[ -]?cents?\b|percents?\b|percentage\b(?![ -]point)"
    r"|P(?:ercent|ERCENT)\b|P(?:CT|ct)\b|Per[ -]Cent\b|PER[ -]CENT\b))"  # headlines' capitals: "99 Percent", "0.1 PCT"
    r"(?:[ \t]+(?P<pp>points?\b))?"
    r"|[ \t]*-?[ \t]*(?P<pp2>percentage[ -]points?|pct[ -]points?)\b"
    r"|[ \t]*-?[ \t]*(?P<bp>basis[ -]points?|bps|bp)\b)"
)
_ONE_WORD: Final = r"[ \t]*(?:-[ \t]*)?([A-Za-zµμ][A-Za-z0-9'’]*(?:[.-][A-Za-z0-9]+)*\.?|[%$£€¥]|°[CF]?)"
_FIVE_WORDS: Final = re.compile(_ONE_WORD + "(?:" + _ONE_WORD + "(?:" + _ONE_WORD + "(?:" + _ONE_WORD + "(?:"
                                + _ONE_WORD + ")?)?)?)?")  # one call of re instead of five
# Words matched ignoring case and then looked up lower-cased match ASCII letters only ("(?a:"): Unicode
# case-folding reads "millionſ" (long s) as "millions", which no table holds.
_FRACTION: Final = re.compile(r"[ \t-]((?a:" + _alt(lx.DENOMINATORS) + r"))\b", re.IGNORECASE)
_ABBREV: Final = re.compile(r"(?:[A-Za-z]\.)+")
_GLUED_WORD: Final = re.compile(r"[A-Za-z]+")
# Fractions newswire writes: "2 1/2 years" (AP style), "3½", and alone before a word ("a 1/4 mile
# track"); halves, thirds, quarters and eighths only, so dates and scores ("9/11", "3/16") stay unread.
# "2 1/2 years"; in wire copy also hyphened, in sixteenths and thirty-seconds: "8-3/4 pct", "6-3/16 pct".
_MIXED_FRACTION: Final = re.compile(r"[ \t-]([1-9]|[12]\d|3[01])/(2|4|8|16|32)(?![\d/])")
_FRACTION_ALONE: Final = re.compile(r"([1-7])/([2348])(?![\d/])(?=[ \t-]+[A-Za-z])")
_VULGAR: Final = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 0.125, "⅜": 0.375, "⅝": 0.625,
                  "⅞": 0.875}
# A vulgar fraction standing alone, before a word ("½ teaspoon", "¾ mile"); after digits ("3½") it is
# read with them.
_VULGAR_ALONE: Final = re.compile("[" + "".join(_VULGAR) + "](?=[ \\t-]*[A-Za-z])")
_ARTICLE_BEFORE: Final = re.compile(r"\ban?[ \t]+\Z")
_MINUS_BEFORE: Final = re.compile(r"\b((?i:minus)[ \t]+)\Z")
_NEGATIVE_BEFORE: Final = re.compile(r"\b(?i:negative)[ \t]+\Z")  # of a percent only: not "tested negative 3 times"
_MAX_CONTEXT: Final = 400
_NOT_NAMES: Final = frozenset(lx.STOPWORDS | lx.MONTHS | lx.WEEKDAYS | set(lx.LOWER_CODES)
                               | {w for q in lx.QUALIFIER_OF for w in q.split()}
                               | {"no", "number", "nos", "page", "p", "vs", "and", "or", "top", "only", "just"})
# Before a year that opens a noun phrase: "the 2022 midterm elections", "Stevens' 1982 comic series".
_YEAR_OPENER: Final = re.compile(r"(?:\b(?i:the|its|his|her|their|this|that|each)|['’]s?)[ \t]+\Z")
# Plural nouns a year modifies ("1986 sales", "2023 earnings") rather than counts.
_YEAR_NOUNS: Final = frozenset("sale earning profit revenue result figure export import loss budget forecast target "
                               "estimate quota crop harvest shipment delivery data level price".split())
_WORD: Final = re.compile(r"[^\W_][\w'’.-]*")
_MAX_HEADLINE: Final = 200  # characters either side: longer lines are paragraphs
# Words a title-case headline leaves in lower case.
_MINOR_WORDS: Final = frozenset("a an the and or but of in on at to for by with from as vs via per into over".split())
_NUMBER_WORDS: Final = frozenset(list(lx.ONES) + list(lx.TENS) + list(lx.WORD_SCALES) + ["hundred", "dozen"])
_BARE_TAIL: Final = frozenset(",;:)]}\n\"'.")  # punctuation that can follow no unit or noun
_MAX_SPELLED_TOKENS: Final = 12  # "two hundred and thirty-four thousand five hundred and six" fits
_TOKENIZED_GROUP: Final = re.compile(r", \d{3}(?!\d|\.\d)")  # "$2, 199." ends a sentence
_SPACE_GROUPS: Final = re.compile(r"(?:[ \u00a0\u202f]\d{3})+(?![\d.,])")
# (A suspended hyphen before "to": "25- to 34-year-olds", the unit after the second end being both ends'.)
_RANGE_SEP: Final = re.compile(r"[ \t]*(?:-[ \t]+(?=to\b|and\b|or\b)|)(?:-|–|—|to|and|or)[ \t]*", re.IGNORECASE)
# "per share", "a share", "/oz", and hyphenated before a noun: "a $200-a-month plan", "$15-an-hour".
_PER: Final = re.compile(r"(?:[ \t]*(?:per|a|an)[ \t]+|-(?:per|a|an)-|[ \t]*/[ \t]?)([A-Za-z][\w-]*)"
                         r"(?:[ \t]+([A-Za-z][\w-]*))?(?:[ \t]+([A-Za-z][\w-]*))?", re.IGNORECASE)
# A sentence ends here, or a line does.
_SENT_STOP: Final = re.compile(r"[.!?…][\"”’')\]]*[ \t]+(?=[\"“‘(\[]?[A-Z0-9$£€])")
_LINE_END: Final = re.compile(r"\n")
# "on Feb. 14": an abbreviated month before a day ends no sentence.
_MONTH_ABBREV_BEFORE: Final = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.[ \t]+\Z")
# _finish gives every field, in field order, of the model's types (tests/test_properties.py checks).
_make_mention: Final = trusted(Mention, set(Mention.model_fields))
_match_end: Final = re.Match.end
_bisect_left: Final = bisect_left  # static when compiled
_bisect_right: Final = bisect_right
_MONTH_BEFORE: Final = re.compile(r"\b(" + "|".join(lx.MONTHS) + r")\.?[ \t]\Z", re.IGNORECASE)
_TIMES: Final = re.compile(r"[ \t]+times[ \t]+(more|less|higher|lower|larger|bigger|smaller|faster|slower|greater|"
                           r"cheaper|better|worse|stronger|weaker|longer|shorter|heavier|deadlier|as|the|over)\b",
                           re.IGNORECASE)

# Nouns after which "over"/"under" is a preposition ("dispute over $5m"), not a bound.
_PREPOSITION_GOVERNOR: Final = re.compile(
    r"\b(?:dispute|row|fight|court|lawsuit|suit|case|battle|probe|talks|clash|appeal|fine|charges?|worries|"
    r"fears?|anger|protests?|tensions?|standoff|spat|feud|war|ruling|concerns?|questions?|deal|negotiations|"
    r"control|power|authority|influence|jurisdiction|sovereignty|leverage|grip|"
    r"sued|suing|fined|settled|arrested|jailed|charged|accused|investigated|clashed|quarrel(?:led)?)[ \t]+\Z",
    re.IGNORECASE,
)
# The qualifiers by their last word, longest first: the one that starts first is the one search() finds.
_QUALIFIERS_BY_LAST_WORD: Final[dict[str, list[str]]] = {}
for _phrase in sorted([*lx.QUALIFIER_OF, "between", "from"], key=len, reverse=True):
    _QUALIFIERS_BY_LAST_WORD.setdefault(_phrase.split()[-1], []).append(_phrase)
_RATE_NOUNS: Final = frozenset("share barrel year month week day hour minute second ton tonne ounce gallon pound head "
                               "person piece unit kilo kilogram litre liter night seat ticket kilowatt-hour megawatt-hour "
                               "mile game season".split())
_RATE_ADVERBS: Final = {"hourly": "hour", "daily": "day", "weekly": "week", "monthly": "month", "quarterly": "quarter",
                         "annually": "year", "yearly": "year"}
_RATE_ADVERB: Final = re.compile(r"[ \t]+(" + "|".join(_RATE_ADVERBS) + r")\b(?![-'’])", re.IGNORECASE)
# "$300 million a year ago", "5 tons a year earlier": a point in time, not a rate.
_AGO: Final = frozenset("ago earlier later before after previously prior".split())
_CLOCK_WORDS: Final = frozenset({"am", "pm", "a.m.", "p.m.", "a.m", "p.m", "gmt", "est", "edt", "pst", "utc", "bst",
                                 "cet"})


# A Mention's fields from kind to change, in the model's order: kind, value, unit, qualifier, low, high, per, step,
# change.
_Fields = tuple[Kind, Optional[float], str, Qualifier, Optional[float], Optional[float], str, Optional[float], str]


class _Amount:
    """A number read outward from its core: what the mention will say. A plain class, not a dataclass:
    compiled, its constructor runs as C (a dataclass's generated __init__ stays interpreted)."""

    def __init__(self, start: int, end: int, value: float, step: Optional[float] = None, spelled: bool = False,
                 kind: Optional[Kind] = None, unit: str = "", flags: frozenset = frozenset()) -> None:
        self.start = start
        self.end = end
        self.value = value
        self.step = step
        self.spelled = spelled
        self.kind = kind
        self.unit = unit
        self.flags = flags  # replaced, never changed in place (no set made per number)
        self.scale = 1.0
        self.currency = ""
        self.percent_unit = ""
        self.noun = ""
        self.per = ""
        self.vague: Optional[tuple[float, float]] = None  # interval of a vague amount
        self.approx: Optional[tuple[float, float]] = None  # "a couple thousand"
        self.bound = ""  # qualifier word's meaning: "approx", "at_least", "at_most"
        self.qualifier_len = 0  # characters from the qualifier word to the number
        self.high: Optional[float] = None  # upper end of a range
        self.change = ""  # "from": the old value of a reported change ("from 4.8 percent to 4.7 percent"); "to"


def extract(text: str, doc: str = "") -> list[Mention]:
    """Every monetary and quantity mention in ``text``, in order of position."""
    flat = unwrap(text)
    return _to_mentions(text, flat, doc, _scan(flat))


def extract_claimable(text: str, doc: str = "") -> tuple[list[Mention], int]:
    """The mentions a claim can be made of (not dates or bare numbers), and how many mentions there are
    in all: what the pipeline keys, without building the half of the Mentions it would skip."""
    flat = unwrap(text)
    found = _scan(flat)
    return _to_mentions(text, flat, doc, [f for f in found if f[2][0] not in CLAIMLESS_KINDS]), len(found)


# Hard-wrapped text (wire archives as AP, NYT, Xinhua and Reuters distribute them: ~70 columns, a
# paragraph opens on an indent or after a blank line): a line break inside a paragraph is a space. A
# break is soft after a line of 30 to 100 characters (a wrapped line, not a headline, byline or table
# row), before a line that does not open on an indent, a list marker or markup, and that goes on in
# lower case, a digit or a currency sign ("some 500\ngrassroots", "$21\nbillion"), or in a capital
# after a lower-case word or a comma ("the\nPalestinian", "South  \nKorea": wire copy often leaves a
# space or two before the break). Only where lines are short on average (a text with one paragraph a
# line keeps every break). Each soft break becomes one space: offsets stay.
_SOFT_BREAK: Final = re.compile(
    r"\n(?<=[^\n]{30}\n)(?<![^\n]{101}\n)(?=[a-z$£€¥₹]|\d(?!\d{0,2}[.)][ \t])"
    r"|(?:(?<=[a-z,]\n)|(?<=[a-z,][ \t]\n)|(?<=[a-z,][ \t]{2}\n))[A-Z])")
_WRAP_WIDTH: Final = 100


def unwrap(text: str) -> str:
    """``text`` with the line breaks inside its paragraphs made spaces (same length, same offsets)."""
    breaks = text.count("\n")
    if not breaks or len(text) > _WRAP_WIDTH * (breaks + 1):
        return text
    return _SOFT_BREAK.sub(" ", text)


def _scan(text: str) -> list[tuple[int, int, _Fields]]:
    """(start, end, Mention fields) of every mention, in order."""
    found: list[tuple[int, int, _Fields]] = []
    pos = 0
    for s, e, word in _cores(text):
        if s < pos:
            if e <= pos:
                continue
            # A mention ended inside this core: look again from its end, as one scan would.
            m = _CORE.search(text, pos)
            if m is None or m.start() >= e:
                continue
            s, e, word = m.start(), m.end(), m.group("word")
        pos = e
        amount = _read(text, s, e, word)
        if amount is None:
            continue
        if found and found[-1][2][8] == "from" and text[found[-1][1]:amount.start].strip().lower() == "to":
            amount.change = "to"  # the new value of "from 4.8 percent to 4.7 percent"
        elif "from" in amount.flags and not amount.change and _old_value(text, amount.start, found):
            amount.change = "from"
        fields = _finish(text, amount)
        if fields is None:
            if amount.spelled:
                pos = max(pos, amount.end)  # its words make no other number: read each word once
            continue
        if found and amount.start < found[-1][1]:
            continue  # overlaps the previous mention (a qualifier reaching back)
        if fields[0] is _MONEY and text[amount.start - 1:amount.start] == "(" \
                and text[amount.end:amount.end + 1] == ")" and fields[1] and not amount.qualifier_len \
                and not (found and amount.start - found[-1][1] <= 3
                         and "\n" not in text[found[-1][1]:amount.start]) \
                and not _SCALED_BEFORE.search(text, max(0, amount.start - 24), amount.start - 1) \
                and not _PRICE_OF_BEFORE.search(text, max(0, amount.start - 40), amount.start - 1):
            # "($99.99)" is an accounting negative; "$600 billion (£482bn)" a conversion, "(about $5m)" an aside, and
            # so is a price after what it is of: "The ML320 ($34,950)", "Stimulus Checks ($1,200)", "Calif., ($25.15)"
            fields = _negate(fields)
        elif found and fields[3] is _EXACT:
            fields = _restating(text, found[-1], amount.start, fields)
        if (fields[0] in _HAS_UNIT or fields[0] is _DURATION) and found and found[-1][2][0] is _NUMBER \
                and _SUSPENDED.fullmatch(text, found[-1][1], amount.start):
            found[-1] = (found[-1][0], found[-1][1], _in_unit_of(found[-1][2], fields))
        if fields[0] is _NUMBER and found:
            if found[-1][2][0] is _DATE and _DAY_RANGE.fullmatch(text, found[-1][1], amount.start) \
                    and _DAY_END.search(text, found[-1][0], found[-1][1]) and fields[1] is not None \
                    and 1 <= fields[1] <= 31:
                fields = found[-1][2]  # "April 21 to 27", "Sept. 12-14": the last day of the dates
            else:
                fields = _compared_as(text, amount.start, found, fields)
            if fields[0] is _NUMBER and found[-1][2][0] in _HAS_UNIT and _LIST_ITEM_AFTER.match(text, amount.end) \
                    and _LIST_ITEM_BEFORE.fullmatch(text, found[-1][1], amount.start):
                fields = _in_unit_of(fields, found[-1][2])  # "37 candidates in Ashgabat, 46 in Akhal region"
        found.append((amount.start, amount.end, fields))
        pos = max(pos, amount.end)
    return found


# A North American telephone number, from its area code: "(602) 444-8286", "602 444-8286", "602-444-8286".
_AREA_CODE: Final = r"\(?\d{3}\)?[ \t.-]*\n?[ \t]*"
_PHONE: Final = re.compile(_AREA_CODE + r"\d{3}[-.]\d{4}(?!\d)")
_PHONE_LINE: Final = re.compile(r"[-.]\d{4}(?!\d)")
_AREA_CODE_BEFORE: Final = re.compile(_AREA_CODE + r"\Z")
_PHONE_BEFORE_LINE: Final = re.compile(_AREA_CODE + r"\d{3}[-.]\Z")
# A list's item that leaves its noun to the one before: "12 bodies, 3 on Monday and 9 on Tuesday", "37 candidates in
# Ashgabat, 46 in Akhal region": after a comma or "and" in the same sentence, a bare figure before "in"/"at"/"on"/"from".
_LIST_ITEM_BEFORE: Final = re.compile(r"[^.;!?\n]{0,80}?(?:,|\band)[ \t]+")
_LIST_ITEM_AFTER: Final = re.compile(r"[ \t]+(?:in|at|on|from)\b")
# Between a bare number and the figure that gives the unit of both: "1,000 and 10,000 dlrs", "2 or 3 percent",
# "the 13- and 15-inch models".
_SUSPENDED: Final = re.compile(r"[ \t]*-?[ \t]*(?:and|or)[ \t]+")


def _in_unit_of(bare: _Fields, other: _Fields) -> _Fields:
    """A bare number's fields in the unit of the figure it is paired with, where the two are within ten times of
    each other (else the bare one is something else: "in round 2 and 300 fans")."""
    value = bare[1]
    if not value or not other[1] or not 0.1 <= value / other[1] <= 10:
        return bare
    kind, _, unit, _, _, _, per, _, _ = other
    return kind, value, unit, bare[3], bare[4], bare[5], per, bare[7], bare[8]


def _old_value(text: str, start: int, found: list[tuple[int, int, _Fields]]) -> bool:
    """Whether the figure at ``start``, after "from", is the old value of a reported change: "sales were $5.2
    billion, down from $6.1 billion", "rose to 3.6 percent from 3.5 percent" (wires give the new value first;
    a year may stand between: "rose to 22,068 tonnes in 1986 from 20,430")."""
    window = text[start - 40 if start > 40 else 0:start].rstrip(" \t")
    if not window.lower().endswith("from"):
        return False
    if _last_word(window[:-4].rstrip(" \t,")).lower() in _CHANGE_VERBS:
        return True  # "down from", "rose from"
    new = _new_value(text, start, found, ("from",))
    if new is None:
        return False
    return _last_word(text[new[0] - 12 if new[0] > 12 else 0:new[0]]).lower() == "to"  # "to 3.6 percent from"


def _new_value(text: str, start: int, found: list[tuple[int, int, _Fields]], words: tuple[str, ...]):
    """The figure a "from" or "vs" (``words``) before ``start`` sets the figure at ``start`` against: the one
    right before that word, or before a year between them ("to 22,068 tonnes in 1986 from 20,430"); else None."""
    at = len(found) - 1
    if at < 0 or " ".join(text[found[at][1]:start].strip(" \t,").lower().split()) not in words:
        return None
    for _ in range(2):  # the years between: "in 1986 from", "between 1993 and 1997, compared with"
        if found[at][2][0] is not _DATE:
            break
        if at == 0 or not _YEAR_BETWEEN.fullmatch(text, found[at - 1][1], found[at][0]):
            return None
        at -= 1
    return found[at]


_DAY_END: Final = re.compile(r"(?<!\d)\d{1,2}\Z")  # a date that ends in its day ("April 21"), not its year
_DAY_RANGE: Final = re.compile(r"[ \t]*(?:-|–|to|and|through|thru)[ \t]*")
_YEAR_BETWEEN: Final = re.compile(r",?[ \t]+(?:in|between|and|from|to|through)[ \t]+")
_SET_AGAINST: Final = ("from", "vs", "vs.", "versus", "compared with", "compared to")
_HAS_UNIT: Final = frozenset({_MONEY, _PERCENT, _QUANTITY, _COUNT})


def _compared_as(text: str, start: int, found: list[tuple[int, int, _Fields]], fields: _Fields) -> _Fields:
    """A bare number set against a figure right before it ("rose to 22,068 tonnes in 1986 from 20,430", "net
    211.03 mln dlrs vs 138.69 mln", "fell to 5.2 pct from 5.5"): in that figure's unit, as wire copy leaves it
    unsaid, where the two are within ten times of each other (else the bare one is something else)."""
    new = _new_value(text, start, found, _SET_AGAINST)
    return fields if new is None or new[2][0] not in _HAS_UNIT else _in_unit_of(fields, new[2])


# Between a figure and its restatement in another unit: "less than 25 km (15 miles)", "less than 25 km, or 15 miles".
_RESTATES: Final = re.compile(r"[ \t]*(?:\(|,[ \t]*or[ \t]+)[ \t]*\Z")


def _restating(text: str, before: tuple[int, int, _Fields], start: int, fields: _Fields) -> _Fields:
    """An exact figure that restates the bounded one before it in another unit ("less than 25 km (15
    miles)", "more than €10 million ($13 million)") is bounded as that one is: its own "15 miles" would
    otherwise be set against another article's "less than 50 km (30 miles)" as a disagreement."""
    prior = before[2]
    if prior[3] is _EXACT or prior[0] is not fields[0] or fields[0] not in (_MONEY, _QUANTITY) or not prior[1] \
            or prior[2] == fields[2] or start - before[1] > 6 or not _RESTATES.match(text, before[1], start):
        return fields
    kind, value, unit, _, low, high, per, step, change = fields
    if value is None:
        return fields
    ratio = value / prior[1]
    if ratio <= 0:
        return fields  # "0-$5 (-5 euros": a sign the bounded figure lacks restates nothing
    low = None if prior[4] is None else _tidy(prior[4] * ratio)
    high = None if prior[5] is None else _tidy(prior[5] * ratio)
    return kind, value, unit, prior[3], low, high, per, step, change


# Right before a bracketed amount, a name or a comma: what the amount is the price of, not a table's loss.
_PRICE_OF_BEFORE: Final = re.compile(r"(?:\b[A-Z](?=[\w’'.-]*[a-z0-9])[\w’'.-]*|,)[ \t]*\Z")  # not a label: "EPS"
# An amount (unread: "euro110 billion") right before a bracketed one: a conversion, not an accounting negative.
_SCALED_BEFORE: Final = re.compile(r"(?:\d|\b(?i:thousand|million|billion|trillion|mn|bn|mln|bln|crore|lakh))[ \t]*\Z")


def _cores(text: str) -> list[tuple[int, int, Optional[str]]]:
    """(start, end, number word or None for digits) of every core, in order."""
    cores: list[tuple[int, int, Optional[str]]] = [(*m.span(), None) for m in _DIGIT_CORES.finditer(text)]
    words = _word_cores(text)
    if any(ch in text for ch in _VULGAR):  # a test in C first: the scan would cost 5% of extraction
        words += [(*m.span(), m.group()) for m in _VULGAR_ALONE.finditer(text)
                  if not (m.start() and (_is_word_char(text[m.start() - 1]) or text[m.start() - 1] in ".,"))]
    if words:
        cores += words
        cores.sort()
    return cores


def _word_cores(text: str) -> list[tuple[int, int, Optional[str]]]:
    """(start, end, number word) of every word core, in order: what _WORD_CORES finds, scanned fast."""
    first = _WORD_CORES.match(text)  # a word at the very start has no character before it
    words: list[tuple[int, int, Optional[str]]] = [(*first.span(), first.group())] if first else []
    n = len(text)
    for m in _WORD_SCAN.finditer(text.encode("latin-1", "replace").translate(_SPACED)):
        s, e = m.span(1)
        if s > 0 and text[s - 1] > "\xff" and _is_word_char(text[s - 1]) \
                or e < n and text[e] > "\xff" and _is_word_char(text[e]):
            continue  # beside a letter beyond Latin-1, which the scan saw as a space
        words.append((s, e, text[s:e]))
    return words


def _is_word_char(char: str) -> bool:
    """What re's "\\w" matches."""
    return char.isalnum() or char == "_"


def _to_mentions(text: str, flat: str, doc: str, raw: list[tuple[int, int, _Fields]]) -> list[Mention]:
    """Mentions of ``raw`` (read in ``flat``, the unwrapped ``text``): lines, surfaces and sentences from
    ``text``, sentence ends from ``flat`` (a wrapped line's end is no sentence's)."""
    out: list[Mention] = []
    if not raw:
        return out
    # Sentence ends found in two scans (each opens on a character class, which re skips to in C; one
    # scan for both would not, and takes 70% longer), looked up by bisection: linear in the text.
    ends = list(map(_match_end, _LINE_END.finditer(flat)))
    stops = [e for e in map(_match_end, _SENT_STOP.finditer(flat))
             if not (flat[e:e + 1].isdigit() and _MONTH_ABBREV_BEFORE.search(flat, max(0, e - 8), e))]  # "Feb. 14"
    if stops:
        # No sentence ends inside a figure ("800 million U.S. Dollars in 1987": the stop after "U.S." is none).
        inside: set[int] = set()
        for s, e, _ in raw:
            k = _bisect_right(stops, s)
            while k < len(stops) and stops[k] < e:
                inside.add(stops[k])
                k += 1
        ends = sorted(ends + ([x for x in stops if x not in inside] if inside else stops))
    line, counted_to, line_start = 1, 0, 0
    last_bounds, sentence = (-1, -1), ""
    for s, e, fields in raw:
        newlines = text.count("\n", counted_to, s)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", counted_to, s) + 1
        counted_to = s
        i = _bisect_right(ends, s)
        sent_start = ends[i - 1] if i else 0
        j = _bisect_left(ends, e, i)
        sent_end = ends[j] if j < len(ends) else len(text)
        # A "sentence" with no end in sight (tables, a line of digits) is cut to the mention's neighbourhood.
        bounds = max(sent_start, s - _MAX_CONTEXT), min(sent_end, e + _MAX_CONTEXT)
        if bounds != last_bounds:  # mentions of one sentence share one string
            last_bounds, sentence = bounds, text[bounds[0]:bounds[1]].strip()
        kind, value, unit, qualifier, low, high, per, step, change = fields
        out.append(_make_mention({"doc": doc, "line": line, "col": s - line_start + 1, "start": s, "end": e,
                                  "surface": text[s:e], "kind": kind, "value": value, "unit": unit,
                                  "qualifier": qualifier, "low": low, "high": high, "per": per, "step": step,
                                  "change": change, "sentence": sentence}))
    return out


# --- reading one core outward --------------------------------------------------------------------

def _read(text: str, s: int, e: int, word: Optional[str]) -> Optional[_Amount]:
    if word is None:
        amount = _read_digits(text, s, e)
    elif word in _VULGAR:
        amount = _Amount(start=s, end=e, value=_VULGAR[word], step=_VULGAR[word])
    elif word[0].isupper() and word.lower() not in lx.FACTOR_WORDS \
            and not _opens_sentence(text, s) and not _title_case_line(text, s):
        return None  # "Three Mile Island", "Formula One", "the Big Four": a name
    else:
        amount = _read_words(text, s, e, word.lower())
    if amount is None:
        return None
    if amount.kind is _FACTOR:
        if amount.spelled and word is not None and not word.lower().endswith("ing"):
            _read_qualifier(text, amount)  # "more than doubled", "nearly tripled"; not "talked about doubling"
        return amount
    _read_left(text, amount)
    if amount.kind is None and not amount.currency and not amount.spelled and 0 < amount.value < 10:
        _read_magnitude(text, amount)  # before the words after it: "a 6.1 magnitude quake" counts no quakes
    unread = amount.kind is None  # a flag, not a test of amount.kind: _read_right sets it
    if unread:
        _read_right(text, amount)
    if "one_unit" in amount.flags and not amount.currency:
        return None
    if amount.kind is _PERCENT and amount.value > 0 and amount.high is None:
        negative = _NEGATIVE_BEFORE.search(text, max(0, amount.start - 10), amount.start)
        if negative:
            amount.start, amount.value = negative.start(), -amount.value  # "negative 0.5 percent"
    if unread and amount.kind is not _DATE and "no_range" not in amount.flags:
        _read_range(text, amount)
    if amount.kind in (_COUNT, _NUMBER) and not amount.currency and amount.scale == 1.0 \
            and word is None and amount.noun not in ("score", "vote") and _after_name(text, s):
        return None  # "Fortune 500 companies", "USB 2.0 ports", "Section 230 protections": part of a name
    if amount.kind in (_COUNT, _NUMBER) and not amount.currency and word is None \
            and (_RANK_BEFORE.search(text, max(0, s - 10), s) or _STREET_AFTER.match(text, e)
                 or text[s - 1:s] == "-" and text[e:e + 1] == "-" and amount.value == 0):
        return None  # "the No. 1 automaker", "P.O. Box 2378", "10 Downing Street", a wire's "-0-": a label, an address
    return amount


_RANK_BEFORE: Final = re.compile(r"(?:\b[Nn]o\.|\bNo|#|\bBox)[ \t]*\Z")
# A street number: "10 Downing Street", "1600 Pennsylvania Ave.", "221B Baker Street".
_STREET_AFTER: Final = re.compile(r"[A-Z]?(?:[ \t]+[A-Z][a-z]+){1,3}[ \t]+(?:Street|St\.|Avenue|Ave\.?|Road|Rd\.|Boulevard|"
                                  r"Blvd\.?|Lane|Drive|Place|Court|Square|Terrace)(?![\w-])")


# An earthquake's magnitude: "a 7.1-magnitude quake", "a 6.4 magnitude earthquake", "magnitude 6.4", "a
# magnitude-6.4 quake", "measuring 7.1 on the Richter scale". The scale has no unit of its own: "magnitude" is it.
_MAGNITUDE_AFTER: Final = re.compile(r"(?:[ \t]*-[ \t]*|[ \t]+(?:in[ \t]+)?)(?i:magnitude)\b|[ \t]+on[ \t]+the[ \t]+(?i:richter)"
                                     r"(?:[ \t]+(?i:scale))?\b|[ \t]+(?i:richter)\b")
_ORDER_OF: Final = re.compile(r"\b(?i:orders?[ \t]+of)[ \t]+\Z")
_MAGNITUDE_BEFORE: Final = re.compile(r"\b(?i:magnitude)(?:[ \t]*-[ \t]*|[ \t]+)(?:(?i:of)[ \t]+)?\Z")


def _read_magnitude(text: str, amount: _Amount) -> None:
    if text.find("agnitude", max(0, amount.start - 14), amount.end + 14) < 0 \
            and text.find("ichter", amount.end, amount.end + 24) < 0:
        return  # most small numbers: two searches in C instead of two patterns
    after = _MAGNITUDE_AFTER.match(text, amount.end)
    before = None if after else _MAGNITUDE_BEFORE.search(text, max(0, amount.start - 14), amount.start)
    if before and _ORDER_OF.search(text, max(0, before.start() - 10), before.start()):
        return  # "an order of magnitude"
    if after is not None:
        amount.kind, amount.unit, amount.end = _QUANTITY, "magnitude", after.end()
    elif before is not None:
        amount.kind, amount.unit, amount.start = _QUANTITY, "magnitude", before.start()


def _after_name(text: str, s: int) -> bool:
    """A capitalised word right before the digits, inside a sentence: the number belongs to that name.

    A line or sentence that opens with a capitalised word is left alone: wire copy labels its
    figures that way ("Revs 15.4 mln dlrs", "Shr 34 cts"), and "Some 900 workers" is a qualifier.
    """
    if s < 3 or text[s - 1] not in " \t" or not text[s - 2].isalnum():
        return False
    ws = s - 2
    while ws > 0 and (text[ws - 1].isalnum() or text[ws - 1] in "&-"):
        ws -= 1
    word = text[ws:s - 1]
    if not any(ch.isupper() for ch in word) or word.lower() in _NOT_NAMES:
        return False
    return not _opens_sentence(text, ws) and not _title_case_line(text, ws)


def _titled(word: str) -> bool:
    """A word written as a name is ("Minutes"), not as a word ("minutes") or an abbreviation ("MW")."""
    return word[:1].isupper() and word[1:].islower()


def _title_case_line(text: str, at: int) -> bool:
    """The line around ``at`` is a headline in title case ("DeepSeek Hits 2 Million Downloads"):
    capitals there say nothing about names."""
    start = text.rfind("\n", max(0, at - _MAX_HEADLINE), at) + 1
    if start == 0 and at > _MAX_HEADLINE:
        return False  # a long line: a paragraph, not a headline
    end = text.find("\n", at, at + _MAX_HEADLINE)
    if end == -1:
        if len(text) > at + _MAX_HEADLINE:
            return False
        end = len(text)
    words = [w for w in _WORD.findall(text, start, end) if w.lower() not in _MINOR_WORDS]
    return len(words) >= 3 and sum(w[0].isupper() or w[0].isdigit() for w in words) >= 0.75 * len(words)


def _opens_sentence(text: str, at: int) -> bool:
    """Nothing but a sentence or line break (or an opening quote, or a dateline's dash: "BERLIN (AP) _ Two
    medical experts", "LONDON -- Two") before ``at``."""
    before = text[at - 4 if at > 4 else 0:at].rstrip(" \t")
    return not before or before[-1] in ".!?:;\n\"“(‘'_—–―" or before[-2:] in (" -", "--")


def _after_list_item(text: str, s: int) -> bool:
    """A number and a comma right before ``s`` ("1,|2", "1, |2"); not "Friday, |1, 300"."""
    at = s - 1 if text[s - 1:s] == "," else s - 2 if text[s - 2:s] == ", " else -1
    return at > 0 and text[at - 1].isdigit()


def _digits_value(num: str) -> tuple[float, float]:
    """(value, step): step is the place value of the last significant digit ("2,000" -> 1000)."""
    if num.isdigit():  # most numbers: no grouping, no point
        value = float(num)
        if value < 1000 or num[-1] != "0":
            return value, 1.0
        stripped = num.rstrip("0")
        return value, (10.0 ** (len(num) - len(stripped)) if stripped else 1.0)
    clean = num.replace(",", "")
    value = float(clean)
    if "." in clean:
        step = 10.0 ** -len(clean.split(".")[1])
    else:
        # Trailing zeros read as rounding only from the thousands up: "2,000" may be a rounded 2,048,
        # but nobody rounds 15 games to "10".
        stripped = clean.rstrip("0")
        step = 10.0 ** (len(clean) - len(stripped)) if stripped and value >= 1000 else 1.0
    return value, step


_SUSPECT_BEFORE: Final = frozenset("-:/%=&?#_@$£€¥")
_BLANKS: Final = (" ", "\t")
_SUSPECT_AFTER: Final = frozenset(",:/.")


# What the patterns read after a number can open on, to test before running them (most numbers are
# followed by none of these): the first character after blanks (and one hyphen, for scales and percents).
_SCALE_OPENINGS: Final = frozenset("tmbclhkTMBCLHK")  # thousand, mln, bn, crore, lakh, hundred, k, T ...
_PERCENT_OPENINGS: Final = frozenset("%pbP")  # %, pct, percent, per cent, basis points, bps; Percent, PCT
_RANGE_OPENINGS: Final = frozenset("-–—tTaAoO")  # -, to, and, or
_GROUP_SPACES: Final = frozenset(" \u00a0\u202f")  # "10 000"


def _opening(text: str, pos: int, hyphen: bool) -> str:
    """The character after blanks from ``pos`` ("[ \\t]*", or "[ \\t]*-?[ \\t]*" with ``hyphen``); "" at the end."""
    n = len(text)
    while pos < n and text[pos] in _BLANKS:
        pos += 1
    if hyphen and pos < n and text[pos] == "-":
        pos += 1
        while pos < n and text[pos] in _BLANKS:
            pos += 1
    return text[pos] if pos < n else ""


def _read_digits(text: str, s: int, e: int) -> Optional[_Amount]:
    before = text[s - 1] if s > 0 else " "
    if before in _SUSPECT_BEFORE:  # one test for the common case: a space or a letter
        if before == "-" and s > 1 and text[s - 2].isalpha() and text[s - 6:s - 1].lower() != "minus" \
                and text[s - 10:s - 1].lower() != "magnitude" and not _TALLY_BEFORE.search(text, max(0, s - 8), s):
            return None  # GPT-4, COVID-19; not "a magnitude-6.4 quake", nor the second side of "a 51-to-40 vote"
        if before in ":/" and s > 1 and text[s - 2].isdigit():
            return None  # 10:30, 3/4, 2024/25
        if before in "%=&?#_@":
            return None  # URL-encoded text, query strings, handles
        if before == "-" and s > 4 and text[s - 5:s - 1].isdigit() and e - s == 2:
            return None  # "2013-14": the second year of a span
        if before in "$£€¥" and s > 1 and text[s - 2] == before:
            return None  # "$$$5": a symbol run, not money
    after = text[e:e + 3]
    if after[:1] in _SUSPECT_AFTER:
        if after[:1] == "," and (after[1:2].isdigit() or after[1:2] == " " and after[2:3].isdigit()) \
                and _after_list_item(text, s):
            return None  # "1,2,3", "4, 5, 6": inside a row of numbers (data, not prose)
        fraction = _FRACTION_ALONE.match(text, s) if after[:1] == "/" else None
        if fraction is not None:  # "a 1/4 mile track", "1/2 percent": a fraction before a word
            return _Amount(start=s, end=fraction.end(), value=int(fraction.group(1)) / int(fraction.group(2)),
                           step=1 / int(fraction.group(2)))
        if after[:1] in (":", "/") and after[1:2].isdigit():
            return None  # clock times, dates, ratios
        if after[:1] == "." and after[1:2].isdigit():
            return None  # version numbers, IP addresses
    num = text[s:e]
    if len(num) > 40:
        return None  # a run of digits is not an amount
    if e - s == 3 and (_PHONE.match(text, s - 1 if before == "(" else s)
                       or _PHONE_LINE.match(text, e) and _AREA_CODE_BEFORE.search(text, max(0, s - 12), s)):
        return None  # a telephone number: "(602) 444-8286"
    if e - s == 4 and before in "-." and _PHONE_BEFORE_LINE.search(text, max(0, s - 20), s):
        return None  # its last four digits
    if before == "." and num.isdigit() and (s < 2 or not text[s - 2].isalnum()):  # ".001 per cent", "$.50"
        s -= 1
        num = "0." + num
    elif len(num) > 1 and num[0] == "0" and num[1].isdigit():
        return None  # "007", or the tail of a detokenized "20, 000"
    if "," not in num and len(num) <= 3:
        while text[e:e + 2] == ", " and _TOKENIZED_GROUP.match(text, e):
            num += text[e + 2:e + 5]  # tokenized newswire: "20, 000 people", "1, 300 biologists"
            e += 5
    grouped = _SPACE_GROUPS.match(text, e) if text[e:e + 1] in _GROUP_SPACES and text[e + 1:e + 2].isdigit() else None
    if grouped and _money_word_after(text, grouped.end()):
        e = grouped.end()  # "10 000 dollars"
        num = text[s:e].replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    value, step = _digits_value(num)
    if not math.isfinite(value):
        return None
    if step == 1.0:
        vulgar = _VULGAR.get(text[e:e + 1])
        mixed = _MIXED_FRACTION.match(text, e) if vulgar is None and (text[e:e + 1] in _BLANKS or text[e:e + 1] == "-") \
            else None
        if mixed is not None and int(mixed.group(1)) >= int(mixed.group(2)):
            mixed = None  # "4-5/8" is no fraction of a whole
        if vulgar is not None:  # "3½-year deal"
            value, step, e = value + vulgar, vulgar, e + 1
        elif mixed is not None:  # "2 1/2 years", "10 1/2 miles", "8-3/4 pct"
            step = 1 / int(mixed.group(2))
            value, e = value + int(mixed.group(1)) * step, mixed.end()
    amount = _Amount(start=s, end=e, value=value, step=step)
    if text[e:e + 5].lower() == "-fold" and not text[e + 5:e + 6].isalnum():
        amount.end = e + 5  # "a 10-fold rise", as "three-fold" and "10fold"
        amount.kind, amount.unit = _FACTOR, "x"
        return amount
    glued = _GLUED_WORD.match(text, e, e + 12) if text[e:e + 1] in _ASCII_LETTERS else None
    if glued:
        word = glued.group()
        low = word.lower()
        if low in ("st", "nd", "rd", "th", "s", "am", "pm") or (low in ("a", "p") and text[e + 1:e + 3] in (".m", "m.")):
            return None  # ordinals, decades, clock times
        if low == "x" and len(word) == 1:
            amount.end = e + 1
            amount.kind, amount.unit = _FACTOR, "x"
            return amount
        if low == "fold":
            amount.end = e + 4
            amount.kind, amount.unit = _FACTOR, "x"
            return amount
        if word in ("C", "F") and -90 <= value <= 150 and not text[e + 1:e + 2].isalnum() \
                and not _after_name(text, s):  # not "Apartment 4C", "Room 101F"
            return amount  # "limit warming to 1.5C", "45C (113F)": degrees
        if word in ("p", "c") and value < 100 and not text[e + 1:e + 2].isalnum():
            return amount  # "50p", "99c": pence, cents (_read_right); not "1080p"
        if word not in lx.SCALES and low not in ("mn", "bn", "tn", "mln", "bln", "k") and word not in ("cts", "bps", "bp", "pc", "pct") \
                and lx.lookup_unit([word], True) is None and low not in lx.CURRENCY_WORDS \
                and word not in lx.ISO_CODES and not (word[:1] == "M" and word[1:] in lx.ISO_CODES):
            return None  # 4o, 3D, 5G: a name, not an amount
    return amount


def _read_words(text: str, s: int, e: int, word: str) -> Optional[_Amount]:
    if word in lx.FACTOR_WORDS:
        return _Amount(start=s, end=e, value=float(lx.FACTOR_WORDS[word]), kind=_FACTOR, unit="x", spelled=True)
    left = text[s - 12 if s > 12 else 0:s].lower()
    article = _ARTICLE_BEFORE.search(left)
    if word in _SHARE_WORDS:
        share = _single_share(text, s, e, word, article)
        if share is not None or word not in ("half", "quarter"):
            return share  # "a third of voters", "half of Americans"; "the third quarter" is no amount
    if word in lx.VAGUE_PLURALS:
        return _read_vague_plural(text, s, e, word)
    if word in lx.ONE_UNIT_WORDS:
        # "a dollar", "a dollar a day", "a penny": one of the unit; not "a dollar store", "a dollar-based fund".
        if not article or text[e:e + 1] == "-":
            return None  # "per cent", "the dollar": no amount
        following = _next_words(text, e, 1)
        if following and following[0][0].lower() not in _AFTER_ONE_UNIT:
            return None
        start = s - len(article.group())
        half = _HALF_BEFORE.search(text, max(0, start - 8), start)
        return _Amount(start=half.start() if half else start, end=start + len(article.group().rstrip()),
                       value=0.5 if half else 1.0, spelled=True, flags=frozenset({"no_range", "one_unit"}))
    if word == "quarter":
        # "a quarter million", "quarter of a billion"; alone ("the first quarter") it is no amount.
        nxt = re.match(r"[ \t]+(?:of[ \t]+a[ \t]+)?((?a:thousand|million|billion|trillion))\b", text[e:e + 24], re.I)
        if not nxt:
            return None
        scale = lx.WORD_SCALES[nxt.group(1).lower()]
        start = s - len(article.group()) if article else s
        return _Amount(start=start, end=e + nxt.end(), value=0.25 * scale, spelled=True, step=scale,
                       flags=frozenset({"no_range"}))
    if word in lx.VAGUE_MULTIPLIERS:
        # "a couple thousand", "a few hundred", "several million", "a few hundred thousand", "a couple of million":
        # only with a scale word after (two: the second multiplies the first).
        nxt = re.match(r"[ \t]+(?:of[ \t]+)?((?a:hundred|thousand|million|billion|trillion|dozen))"
                       r"(?:[ \t]+((?a:thousand|million|billion|trillion)))?\b", text[e:e + 32], re.I)
        if not nxt:
            return None
        scale = lx.WORD_SCALES[nxt.group(1).lower()] * (lx.WORD_SCALES[nxt.group(2).lower()] if nxt.group(2) else 1)
        lo, hi = lx.VAGUE_MULTIPLIERS[word]
        start = s - len(article.group()) if (article and word != "several") else s
        amount = _Amount(start=start, end=e + nxt.end(), value=2 * scale if word == "couple" else 0.0,
                         spelled=True, step=scale)
        if word == "couple":
            amount.approx = (lo * scale, hi * scale)
        else:
            amount.vague = (lo * scale, hi * scale)
        amount.flags |= {"no_range"}
        return amount
    # A spelled-out number: "three million", "twenty-five", "two and a half million", "half a million".
    if word == "one" and (re.search(r"\b(?:number|no\.?)[ \t]+\Z", left) or _ONE_IDIOM.match(text, e)
                          and (text[e:e + 5] == " fell" or _AT_BEFORE.search(left))):
        return None  # "number one goal", "at one point", "in one fell swoop": no amount
    if word in lx.WORD_SCALES and not article and s >= 2 and text[s - 2].isdigit():
        return None  # "R1.2 billion", "N2 billion": the scale of a number glued to letters, not a number of its own
    tokens = [word]
    end = e
    while len(tokens) < _MAX_SPELLED_TOKENS:
        nm = _SPELL_NEXT.match(text, end)
        if not nm:
            break
        token = nm.group(1).lower()
        if token != "half" and tokens[-1] not in lx.WORD_SCALES and _AND_JOIN.match(nm.group(0)):
            break  # "between four and five thousand": "and" joins a number only after a scale ("two hundred and six")
        tokens.append(token)
        end = nm.end()
    if tokens == [word, "half"] and word == "one" and _SHARE_OF.match(text, end):
        return _single_share(text, s, end, "half", None)  # "one half of the respondents"
    value = _words_value(tokens)
    if value is None or _DECADE_AFTER.match(text, end):
        return None  # "the nineteen fifties": a decade, no amount
    decimals = 0
    point = None
    if tokens[-1] != "half" and not any(t in lx.WORD_SCALES for t in tokens) \
            and not (tokens == ["one"] and _AT_BEFORE.search(left)):  # "at one point two of them"
        point = _SPOKEN_POINT.match(text, end)
    if point:
        # Spoken decimals: "three point five million", "zero point two five percent".
        digits = point.group(1).lower().split()
        decimals = len(digits)
        value += float("0." + "".join(str(lx.ONES.get(d, 0)) for d in digits))
        end = point.end()
        scale_word = _SPOKEN_SCALE.match(text, end)
        if scale_word:
            tokens.append(scale_word.group(1).lower())
            value *= lx.WORD_SCALES[tokens[-1]]
            end = scale_word.end()
    start = s
    if article and tokens[0] in lx.WORD_SCALES:
        start = s - len(article.group())  # "a million", "a dozen"
    if text[end:end + 1] == "-" and tokens[-1] not in lx.WORD_SCALES:
        nxt = re.match(r"-([A-Za-z]+)", text[end:end + 20])
        if nxt and not (lx.lookup_unit([nxt.group(1)], False) or nxt.group(1).lower() in ("fold", "percent")
                        or nxt.group(1).lower() in lx.CURRENCY_WORDS or nxt.group(1).lower() in lx.SUBUNIT_WORDS
                        or (nxt.group(1).lower() in lx.DENOMINATORS and _SHARE_OF.match(text, end + nxt.end()))):
            return None  # one-off, one-way, two-thirds (but "two-thirds of voters": below)
    minus = _MINUS_BEFORE.search(left)
    if minus:
        start = s - len(minus.group(1))
        value = -value
    frac = _FRACTION.match(text, end)
    if frac and not any(t in lx.WORD_SCALES for t in tokens):
        whole = lx.DENOMINATORS[frac.group(1).lower()]
        if value < whole and _SHARE_OF.match(text, frac.end()):
            return _share(start, frac.end(), value, whole)  # "two-thirds of voters"
        # "two thirds", "one-sixth": a fraction, read as a plain number unless a noun follows
        return _Amount(start=start, end=frac.end(), value=value / whole,
                       spelled=True, step=None, flags=frozenset({"has_scale", "no_range"}))
    amount = _Amount(start=start, end=end, value=value, spelled=True)
    scales = [lx.WORD_SCALES[t] for t in tokens if t in lx.WORD_SCALES and t != "hundred"]
    amount.step = (min(scales) if scales else 1.0) / 10 ** decimals
    if any(t in lx.WORD_SCALES for t in tokens):
        amount.flags |= {"has_scale"}
    if "-fold" == text[end:end + 5].lower() or text[end:end + 4].lower() == "fold":
        amount.end = end + (5 if text[end] == "-" else 4)
        amount.kind, amount.unit = _FACTOR, "x"
    return amount


# After "one": idioms that count nothing ("at one point", "at one time", "in one fell swoop"; "at" checked apart).
_ONE_IDIOM: Final = re.compile(r"[ \t]+(?:fell[ \t]+swoop|(?:point|time|stage|moment|juncture)\b)", re.IGNORECASE)


# "the second half", "the other half": a part of a period or a thing, no share.
_PERIOD_HALF: Final = re.compile(r"\b(?i:the|first|second|other|latter|last|next|this|that)[ \t]+\Z")


def _single_share(text: str, s: int, e: int, word: str, article: Optional[re.Match]) -> Optional[_Amount]:
    """"a third of voters", "half of Americans", "one half of the respondents": a share of a group; else None."""
    if not (article or word == "half" and not _PERIOD_HALF.search(text, max(0, s - 8), s)) \
            or not _SHARE_OF.match(text, e):
        return None
    return _share(s - len(article.group()) if article else s, e, 1.0, float(lx.DENOMINATORS[word]))


def _share(start: int, end: int, part: float, whole: float) -> _Amount:
    """A spelled share of a group as a percent, as precise as its whole ("half" stands for 37.5-62.5%, as "one in
    two" would; "two-thirds" for 61.1-72.2%)."""
    percent = 100.0 * part / whole
    share = _Amount(start=start, end=end, value=percent, step=_share_step(percent, whole), spelled=True,
                    kind=_PERCENT, flags=frozenset({"no_range"}))
    share.percent_unit = "percent"
    return share


# After a spelled fraction, what makes it a share of a group (a plural): "two-thirds of voters", "three quarters of
# the seats"; not "three quarters of an hour", "two thirds of the cake" (a part of one thing).
_SHARE_OF: Final = re.compile(r"[ \t]+of[ \t]+(?:(?i:the|its|their|his|her|all|our|these|those)[ \t]+)?"
                              r"(?!(?i:this|his|its|is|was|has|us|as|yes)\b)[A-Za-z][a-z]*[^s\W]s\b")


def _words_value(tokens: list[str]) -> Optional[float]:
    total, current = 0.0, 0.0  # floats: "hundred hundred hundred..." must not grow an unbounded int
    seen = False
    last_scale = 0.0  # the scale just read: "a million and a half" is half of it more
    for t in tokens:
        if t == "half":
            if current == 0 and total == 0:
                current = 0.5  # "half a million"
            elif current == 0 and last_scale:
                total += 0.5 * last_scale  # "a million and a half"
            else:
                current += 0.5  # "two and a half million"
            seen = True
            last_scale = 0.0
            continue
        if t in lx.ONES:
            current += lx.ONES[t]
            seen = True
        elif t in lx.TENS:
            current += lx.TENS[t]
            seen = True
        elif t == "hundred":
            current = (current or 1.0) * 100
            seen = True
        elif t in lx.WORD_SCALES:
            scale = lx.WORD_SCALES[t]
            total += (current or 1) * scale
            current = 0.0
            seen = True
            last_scale = scale
            continue
        last_scale = 0.0
    value = total + current
    return value if seen and math.isfinite(value) else None


_AND_JOIN: Final = re.compile(r"[ \t]+and[ \t]", re.IGNORECASE)
_DECADE_AFTER: Final = re.compile(r"[ \t-]+(?:" + "|".join(w[:-1] + "ies" for w in lx.TENS) + r")\b", re.IGNORECASE)
_DIGIT_WORDS: Final = "zero|oh|one|two|three|four|five|six|seven|eight|nine"
_SPOKEN_POINT: Final = re.compile(r"[ \t]+point((?:[ \t]+(?:" + _DIGIT_WORDS + r"))+)(?![\w-])", re.IGNORECASE)
_SPOKEN_SCALE: Final = re.compile(r"[ \t]+((?a:thousand|million|billion|trillion))\b", re.IGNORECASE)
_HALF_BEFORE: Final = re.compile(r"\b(?i:half)[ \t]+\Z")  # "half a dollar"
_AT_BEFORE: Final = re.compile(r"\bat[ \t]+\Z")
# What may follow "a dollar" when it is one dollar: nothing, a function word, a rate, cents ("a dollar fifty").
_AFTER_ONE_UNIT: Final = frozenset(lx.STOPWORDS | set(lx.ONES) | set(lx.TENS) | {"per", "apiece", "each", "more",
                                                                                   "less", "cheaper", "extra"})
_VAGUE_NEXT: Final = re.compile(r"[ \t]+(?:" + "|".join(lx.VAGUE_PLURALS) + r")\b", re.IGNORECASE)


def _read_vague_plural(text: str, s: int, e: int, word: str) -> Optional[_Amount]:
    lo, hi = lx.VAGUE_PLURALS[word]
    end = e
    # "tens of thousands of", "hundreds of millions of"
    deeper = re.match(r"[ \t]+of[ \t]+((?a:thousands|millions|billions))\b", text[end:end + 20], re.I)
    if deeper:
        inner_lo, inner_hi = lx.VAGUE_PLURALS[deeper.group(1).lower()]
        base = {"tens": 10, "hundreds": 100, "dozens": 12}.get(word)
        if base is None:
            return None
        lo, hi = 2 * base * inner_lo / 2, base * 10 * inner_lo / 2
        end += deeper.end()
    elif word == "tens":
        return None
    of = re.match(r"[ \t]+of\b", text[end:end + 6], re.I)
    if not of:
        return None  # "thousands" alone is too vague to hold; "billions in spending" has no unit
    if _VAGUE_NEXT.match(text, end + of.end()):
        return None  # "dozens of dozens of": no counted noun, and read once per word, cheaply
    amount = _Amount(start=s, end=end, value=0.0, spelled=True)
    amount.vague = (lo, hi)
    amount.flags |= {"no_range", "vague_of"}
    return amount


def _read_left(text: str, amount: _Amount) -> None:
    """Currency symbol or code, sign, qualifier before the core."""
    s = amount.start
    window = text[s - 14 if s > 14 else 0:s]
    pm = _PREFIX.search(window) if not amount.spelled and _may_have_prefix(window) else None
    if pm is None and window[-4:] == "euro" and not window[-5:-4].isalpha() and not amount.spelled:
        amount.currency, amount.start = "EUR", s - 4  # AP style: "euro110 billion ($141 billion)"
    if pm:
        if pm.group("lower"):
            key = pm.group("lower").split("$")[0].strip().lower()
            amount.currency = lx.LOWER_SYMBOL_PREFIXES.get(key) or lx.LOWER_CODES.get(key, "USD")
        elif pm.group("sym"):
            amount.currency = lx.CURRENCY_SYMBOLS[pm.group("sym")]
        elif (pm.group("code") in lx.ISO_CODES or pm.group("code") in lx.LOWER_CODES) \
                and not (pm.group("code") in ("dlrs", "dlr") and _amount_before(text, s - (len(window) - pm.start()))):
            amount.currency = lx.LOWER_CODES.get(pm.group("code"), pm.group("code"))
            if pm.group("mcode"):
                amount.scale = 1e6  # "MAUD 60": millions of Australian dollars
        else:
            pm = None
        if pm:
            amount.start = s - (len(window) - pm.start())
            if pm.group("neg"):
                amount.value = -amount.value
    if pm is None and s > 0 and not amount.spelled:
        if text[s - 1] in "-−" and (s < 2 or text[s - 2] in " \t\n([" and not (s > 2 and text[s - 3].isdigit())
                                    or text[s - 6:s - 1].lower() == "minus"):  # not "75 -300mm": a range's dash
            amount.start = s - 1  # "CAC -1.7%", "minus-130 degrees"
            amount.value = -amount.value
            if text[s - 6:s - 1].lower() == "minus":
                amount.start = s - 6
        elif text[s - 1] in _BLANKS:
            mm = _MINUS_BEFORE.search(text, max(0, s - 12), s)
            if mm:
                amount.start = mm.start(1)
                amount.value = -amount.value  # "minus 387 Fahrenheit"
    _read_qualifier(text, amount)
    mb = amount.value <= 31 and _last_word(text[s - 11 if s > 11 else 0:s]).strip(".-–—(").lower() in lx.MONTHS \
        and _MONTH_BEFORE.search(text[s - 11 if s > 11 else 0:s])
    if mb and not amount.currency and 1 <= amount.value <= 31 and amount.value == int(amount.value):
        amount.kind = _DATE
        amount.start = s - (min(s, 11) - mb.start())


def _amount_before(text: str, at: int) -> bool:
    """A number or scale word right before ``at``: a code there ends that amount ("5 mln dlrs 12 months")."""
    before = text[at - 12 if at > 12 else 0:at].rstrip(" \t")
    return bool(before) and (before[-1].isdigit() or _last_word(before) in lx.SCALES)


def _read_qualifier(text: str, amount: _Amount) -> None:
    """A qualifier before the figure: "about", "more than", "up to"; "between" and "from" open ranges."""
    start = amount.start
    if text[start - 1:start] not in _BLANKS:
        return  # no space before the figure: no qualifier word either (no 30-character window cut)
    qwin = text[start - 30 if start > 30 else 0:start]
    qm = _qualifier_before(qwin)
    if qm:
        q = qm.group("q").lower()
        if q == "between":
            amount.flags |= {"between"}
            amount.qualifier_len = len(qwin) - qm.start("q")
        elif q == "from":
            amount.flags |= {"from"}
        elif q in ("over", "under", "above", "below") and _PREPOSITION_GOVERNOR.search(qwin[:qm.start()]):
            pass  # "court over 746m euro fine": a preposition, not a bound
        elif q == "up to" and _FROM_FIGURE_AFTER.match(text, amount.end):
            pass  # "claims ticked up to 3.731 million from 3.727 million": a move to a level, not a cap
        else:
            amount.bound = lx.QUALIFIER_OF.get(q, "approx")
            amount.qualifier_len = len(qwin) - qm.start("q")


_FROM_FIGURE_AFTER: Final = re.compile(r"(?:[ \t]*[A-Za-z%]+){0,2}[ \t]+from[ \t]+\S?\d")
_SUFFIX_SYMBOLS: Final = frozenset(k for k in lx.CURRENCY_SYMBOLS if len(k) == 1)  # "15€", "100 ₡"
# What a currency prefix ends with: a symbol, a sign, or (the trailing run of letters) a code.
_PREFIX_ENDINGS: Final = (*lx.CURRENCY_SYMBOLS, "-", "−")
_PREFIX_LAST_CHARS: Final = frozenset(ending[-1] for ending in _PREFIX_ENDINGS)
_PREFIX_CODES: Final = frozenset([*lx.ISO_CODES, *lx.LOWER_CODES] + ["M" + c for c in [*lx.ISO_CODES, *lx.LOWER_CODES]])
_ASCII_LETTERS: Final = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _last_word(window: str) -> str:
    parts = window.rsplit(None, 1)
    return parts[-1] if parts else ""


def _may_have_prefix(window: str) -> bool:
    """Cheap test before the prefix regex, true wherever it can match: most numbers follow a plain word."""
    tail = window.rstrip(" \t")
    if not tail:
        return False
    if tail[-1] in _PREFIX_LAST_CHARS and tail.endswith(_PREFIX_ENDINGS):
        return True
    i = len(tail)
    while i > 0 and tail[i - 1] in _ASCII_LETTERS:
        i -= 1
    return tail[i:] in _PREFIX_CODES


def _qualifier_before(window: str) -> Optional[re.Match]:
    # Cheap test on the last word first; then the regex only where a qualifier ending in it would start.
    tail = window.rstrip()
    if not tail or window[-1:] not in " \t":
        return None
    last = tail.rsplit(None, 1)[-1].lstrip("([“\"‘'").lower()  # "(about $145 million)"
    phrases = _QUALIFIERS_BY_LAST_WORD.get(last)
    if phrases is None:
        return None
    end = len(window.rstrip(" \t"))
    for phrase in phrases:
        if end >= len(phrase):
            qm = _QUALIFIER.match(window, end - len(phrase))
            if qm:
                return qm
    return None


_WORDS_MEMO: Final[list] = [None, -1, []]  # (text, pos, words): one number's right side is read several times


def _next_words(text: str, pos: int, n: int) -> list[tuple[str, int]]:
    """Up to n (at most 5) words after pos on the same line: (word, end offset). Stops at punctuation."""
    memo = _WORDS_MEMO
    if memo[0] is text and memo[1] == pos:
        return memo[2][:n]
    out = []
    m = _FIVE_WORDS.match(text, pos)
    if m:
        for word, (_, end) in zip(m.groups(), m.regs[1:]):
            if word is None:
                break
            if word[-1] == "." and not (len(word) <= 6 and _ABBREV.fullmatch(word)):
                out.append((word[:-1], end - 1))
                break
            out.append((word, end))
    memo[0], memo[1], memo[2] = text, pos, out
    return out[:n]


def _read_right(text: str, amount: _Amount) -> None:
    """Scale, currency, percent, unit, counted noun, rate after the core."""
    pos = amount.end
    has_scale_word = "has_scale" in amount.flags
    if _bare(text, amount):  # before the scale and percent patterns too: they cannot match there
        _classify_bare(text, amount, has_scale_word)
        return
    if amount.vague is None and amount.approx is None and _opening(text, pos, True) in _SCALE_OPENINGS:
        sm = _SCALE.match(text, pos)
        if sm:
            word = sm.group("long") or sm.group("glued") or sm.group("short")
            key = word if word in lx.SCALES else word.lower()
            usable = True
            if sm.group("short") or (sm.group("glued") and word in ("m", "M", "MM", "b", "B", "T", "cr")):
                # Short scales need money or a counted noun nearby, else "5 m" is metres.
                usable = bool(amount.currency) or _money_word_after(text, sm.end()) or (
                    word in ("m", "M", "b", "B", "bn", "k", "K") and _count_noun_after(text, sm.end()))
            if usable and key in lx.SCALES:
                if key == "hundred" and amount.spelled:
                    usable = False
                if usable:
                    amount.scale = lx.SCALES[key]
                    amount.end = pos = sm.end()
                    has_scale_word = True
                    if key in ("hundred", "thousand", "lakh", "lakhs") and sm.group("long"):
                        more = _SCALE.match(text, pos)  # "4 hundred million", "2 thousand billion", "5 lakh crore"
                        if more and more.group("long") and more.group("long").lower() not in ("hundred", key):
                            amount.scale *= lx.SCALES.get(more.group("long"), lx.SCALES.get(
                                more.group("long").lower(), 1.0))
                            amount.end = pos = more.end()
    # Percent
    pm = _PERCENT_WORDS.match(text, pos) if _opening(text, pos, True) in _PERCENT_OPENINGS else None
    if pm and not amount.currency:
        amount.end = pm.end()
        if pm.group("bp"):
            amount.percent_unit = "basis point"
        elif pm.group("pp") or pm.group("pp2"):
            amount.percent_unit = "percentage point"
        else:
            amount.percent_unit = "percent"
        amount.kind = _PERCENT
        return
    if _read_ratio(text, amount):
        return
    if not amount.currency and text[pos:pos + 1] == "¢":
        amount.currency, amount.end = "USD", pos + 1  # "10¢"
        amount.scale *= 0.01
    elif not amount.currency and text[pos:pos + 1] in _SUFFIX_SYMBOLS and not text[pos + 1:pos + 2].isdigit():
        amount.currency = lx.CURRENCY_SYMBOLS[text[pos]]  # "15€", "100元", "100₾"
        amount.end = pos + 1
    elif not amount.currency and text[pos:pos + 1] == " " and text[pos + 1:pos + 2] in _SUFFIX_SYMBOLS \
            and not text[pos + 2:pos + 4].strip()[:1].isdigit():  # "10 $", "100 ₡"; not "10 $30"
        amount.currency = lx.CURRENCY_SYMBOLS[text[pos + 1]]
        amount.end = pos + 2
    if _bare(text, amount):
        _classify_bare(text, amount, has_scale_word)
        return
    words = _next_words(text, amount.end, 4)
    if words and words[0][0].lower() in _CLOCK_WORDS and not amount.currency:
        amount.kind = None  # "at 2 pm"
        amount.flags |= {"no_range"}
        return
    if words and words[0][0][:1].isupper() and words[0][0].rstrip(".").lower() in lx.MONTHS \
            and not amount.currency and not amount.spelled and amount.scale == 1.0 \
            and 1 <= amount.value <= 31 and amount.value == int(amount.value):
        amount.kind, amount.end = _DATE, words[0][1]  # "23 October"
        amount.flags |= {"no_range"}
        return
    # Currency word or code after: "20 million pounds", "3,328,000 dlrs", "746m euro", "5m EUR", "Canadian dollars"
    if words:
        idx = 0
        country = ""
        w0 = words[0][0]
        two = (w0 + " " + words[1][0]).lower() if len(words) > 1 else ""
        if two in lx.CURRENCY_COUNTRIES and len(words) > 2:
            country, idx = lx.CURRENCY_COUNTRIES[two], 2
        elif w0.lower() in lx.CURRENCY_COUNTRIES and len(words) > 1:
            country, idx = lx.CURRENCY_COUNTRIES[w0.lower()], 1
        if idx < len(words):
            cw, cend = words[idx]
            if "-" in cw:  # "12-cent-a-share": the first part
                cend -= len(cw) - cw.index("-")
                cw = cw[:cw.index("-")]
            low = cw.lower()
            code = None
            factor = 1.0
            if (cw in lx.ISO_CODES or cw in lx.LOWER_CODES) and not amount.currency:
                code = lx.LOWER_CODES.get(cw, cw)
            elif cw[:1] == "M" and cw[1:] in lx.ISO_CODES and not amount.currency and amount.vague is None \
                    and amount.approx is None:  # the factor would scale "a couple thousand" but not its interval
                code, factor = cw[1:], 1e6  # "30 MUSD"
            elif low in lx.CURRENCY_WORDS:
                if low not in lx.AMBIGUOUS_CURRENCY_WORDS or country or amount.currency or (
                        has_scale_word and not cw[0].isupper()) or (
                        low in ("pound", "pounds") and cw[0] == "p" and not _WEIGHT_BEFORE.search(
                            text, max(0, amount.start - 40), amount.start)):  # "ten pounds"; not "lost 20 pounds"
                    code = country or lx.CURRENCY_WORDS[low]
                    if low in ("pound", "pounds") and re.match(r"[ \t]+of\b", text[cend:cend + 5]) and not country:
                        code = None  # "5 pounds of rice"
            elif low in lx.SUBUNIT_WORDS and not amount.currency:
                code = country or lx.SUBUNIT_CURRENCY.get(low, "USD")
                factor = lx.SUBUNIT_WORDS[low]
            elif cw.rstrip(".") in ("p", "c") and text[amount.end:amount.end + 1] == cw[0] and not amount.currency \
                    and amount.scale == 1.0 and amount.value < 100:
                code, factor, cend = ("GBP" if cw[0] == "p" else "USD"), 0.01, amount.end + 1  # "50p", "99c"
            elif low == "grand" and not amount.currency and amount.scale == 1.0 and not country and (
                    idx + 1 == len(words) or words[idx + 1][0].lower() in lx.STOPWORDS):
                code, factor = "USD", 1e3  # "five grand"; not "a grand jury"
            if code and (not amount.currency or amount.currency == code or low in lx.CURRENCY_WORDS):
                if not amount.currency or code == amount.currency or country:
                    amount.currency = code
                amount.scale *= factor
                amount.end = cend
                if idx + 1 < len(words) and words[idx + 1][0].lower() == "sterling":
                    amount.end = words[idx + 1][1]
                elif idx + 1 < len(words) and words[idx + 1][0] in lx.SCALES and amount.scale == 1.0 \
                        and not words[idx + 1][0] in lx.SHORT_SCALES:
                    amount.scale = lx.SCALES[words[idx + 1][0]]  # "75 USD million"
                    amount.end = words[idx + 1][1]
                elif factor == 1.0 and amount.scale == 1.0 and (not has_scale_word or (
                        amount.spelled and amount.step is not None and amount.step <= 1e3)):
                    _read_cents(text, amount)  # "3 dollars 50 cents", "17 USD 25"
                words = []
    if amount.currency:
        amount.kind = _MONEY
        _read_rate(text, amount)
        return
    if amount.kind is not None:
        return
    # "10 times more": a factor
    tm = _TIMES.match(text, amount.end) if _opening(text, amount.end, False) in ("t", "T") else None
    if tm:
        amount.end += len(tm.group(0)) - len(tm.group(1)) - 1
        amount.end = amount.end  # keep "N times"
        amount.kind, amount.unit = _FACTOR, "x"
        return
    # Physical unit from quantulum3's catalog: "four years", "30-day", "10 MW", "3 million tonnes".
    bracketed = _BRACKETED_UNIT.match(text, amount.end) if text[amount.end:amount.end + 2].strip()[:1] in _CLOSERS \
        else None
    if bracketed is not None and _CLOSERS[bracketed.group(1)] == bracketed.group(3):
        symbol = lx.unit_symbol(bracketed.group(2))
        if symbol is not None:  # a table's "20 (kg)", "3.5 [cm]": a unit symbol in brackets
            amount.kind = _DURATION if symbol.entity == "time" else _QUANTITY
            amount.unit, amount.end = symbol.name, bracketed.end()
            return
    words = _next_words(text, amount.end, 3)
    if _read_age(text, amount, words):
        return
    if words and words[0][0][:3].lower() == "deg":
        dm = _DEGREES.match(text, amount.end)
        if dm:  # "98.6 degrees f", "40 deg celsius", "20 degrees": a temperature, or degrees of angle
            amount.kind, amount.end = _QUANTITY, dm.end()
            amount.unit = "degree Celsius" if dm.group(1) else "degree fahrenheit" if dm.group(2) else "degree"
            return
    if words:
        glued = words[0][1] - len(words[0][0]) == amount.end
        if glued and words[0][0] in ("C", "F", "C.", "F."):  # "1.5C", "48C.": _read_digits let only degrees through
            words = [("°" + words[0][0][0], words[0][1] - len(words[0][0]) + 1)]
        found = lx.lookup_unit([w for w, _ in words], glued)
        if not found and "-" in words[0][0] and text[amount.end:amount.end + 1] == "-":
            # "a 5-year-old", "a 2-mile-long tunnel", "a 1,500-square-foot home": the unit opens the compound
            parts = words[0][0].split("-")
            found = lx.lookup_unit(parts, glued)
            if found:
                taken = "-".join(parts[:found[1]])
                words, found = [(taken, words[0][1] - len(words[0][0]) + len(taken))], (found[0], 1)
        if found and _slash_after(text, words[found[1] - 1][1]):
            sm = _SLASH_UNIT.match(text, words[found[1] - 1][1])  # "140 km/h": one unit, not km per "h"
            whole = lx.lookup_unit([words[found[1] - 1][0] + "/" + sm.group(1)], False) if sm else None
            if sm and whole:
                found = (whole[0], found[1])
                words = words[:found[1] - 1] + [(words[found[1] - 1][0] + "/" + sm.group(1), sm.end())]
        if not found and words[0][0].split("-")[0].rstrip(".") == "m":
            at = words[0][1] - len(words[0][0]) + 1  # after the "m" of "m", "m." or "m-tall"
            if not _count_noun_after(text, at):  # "1.8m-tall", "the 100 m final": a scale "m" needs money or a noun
                found, words = (_METRE, 1), [("m", at)]
        if found and found[0].entity == "time" and _titled(words[0][0]) and not _title_case_line(text, amount.end):
            return  # "CBS's 60 Minutes", "Seven Days in May": a title, not a time, in running text
        if found and found[0].name == "year" and found[1] == 1 and _year_like(text, amount):
            amount.kind = _DATE  # "the 1986 year", a wire's "1986 YEAR NET": a year, no 1,986-year span
            return
        if found:
            info, k = found
            amount.unit = info.name
            amount.kind = _DURATION if info.entity == "time" else _QUANTITY
            amount.end = words[k - 1][1]
            if info.name == "foot":
                inches = _INCHES.match(text, amount.end)
                if inches:  # "5 feet 2 inches", "6 ft 4 in": one height
                    amount.value += float(inches.group(1)) / 12
                    amount.end = inches.end()
            _read_rate(text, amount)
            return
        first = words[0][0]
        if len(words) > 1 and not glued and (first in lx.MORE_WORDS or first.isalpha() and first.islower()
                                             and first not in lx.STOPWORDS and first not in _NUMBER_WORDS):
            beyond = lx.lookup_unit([w for w, _ in words[1:]], False)
            # "four more years", "two further miles": beyond those given already (keying: a change); a word before
            # a time unit is its adjective ("10 long months", "three straight days"), a participle before a length
            # says how it was covered ("189 rushing yards": the yards of "189 yards rushing")
            if beyond and words[1][0][:1].islower() and not (beyond[0].entity == "time" and _year_like(text, amount)) \
                    and (first in lx.MORE_WORDS or beyond[0].entity == "time"
                         or beyond[0].entity == "length" and first.endswith("ing") and beyond[1] == 1):
                # (not "a 60-unit Days Inn": a name; not "the 1998 school year": a year)
                amount.unit, amount.end = beyond[0].name, words[beyond[1]][1]
                amount.kind = _DURATION if beyond[0].entity == "time" else _QUANTITY
                _read_rate(text, amount)
                return
    # Counted noun: "2,000 Nvidia H800 chips", "three million X-formerly-Twitter followers".
    if text[amount.start - 1:amount.start] in _TALLY_DASHES and not amount.spelled and amount.scale == 1.0 \
            and _TALLY_BEFORE.search(text, max(0, amount.start - 8), amount.start) \
            and (tally := _tally_side(text, amount)):
        # The second side of "the 5-4 unsigned ruling": votes, as the first side is, whatever words follow
        amount.kind, amount.noun = _COUNT, tally
        amount.flags |= {"no_range"}
        return
    noun, nend = _counted_noun(text, amount.end, amount)
    if noun and (amount.vague or amount.approx) and noun in lx.CURRENCY_WORDS:
        amount.currency, amount.kind, amount.end = lx.CURRENCY_WORDS[noun], _MONEY, nend  # "billions of dollars"
        return
    unit = lx.lookup_unit([_last_word(text[max(0, nend - 30):nend])], False) if noun and amount.vague else None
    if unit is not None and unit[0].entity in ("length", "mass", "area", "volume", "time"):
        amount.unit, amount.end = unit[0].name, nend  # "thousands of miles": a measure, no count
        amount.kind = _DURATION if unit[0].entity == "time" else _QUANTITY
        return
    if noun:
        if _year_like(text, amount) and (noun in _YEAR_NOUNS or _YEAR_OPENER.search(text, max(0, amount.start - 8),
                                                                                  amount.start)
                                         or _YEAR_AFTER_ADJECTIVE.search(text, max(0, amount.start - 30), amount.start)
                                         or _YEAR_SPAN_BEFORE.search(text, max(0, amount.start - 12), amount.start)
                                         or text[amount.end + 1:amount.end + 2].isupper()
                                         or any(w.islower() and w.endswith(("ed", "ing", *_ADJECTIVE_ENDINGS))
                                                for w in text[amount.end:nend].split()[:-1])):
            # "Fluke had 1986 sales", "the 2022 midterm elections", "2011 NFL playoffs", "in 2007 using grants",
            # "2020 presidential contenders"
            amount.kind = _DATE
            return
        if noun == "other" and (_CASUALTIES_BEFORE.search(text, max(0, amount.start - 40), amount.start)
                                or _CASUALTIES_AFTER.match(text, nend)):
            noun = "person"  # "killing five people and wounding two others", "70 others were injured": people
        amount.noun, amount.kind, amount.end = noun, _COUNT, nend
        _read_rate(text, amount)  # "150 calls a day", "7 points per game"
        return
    if amount.vague is not None or amount.approx is not None:
        amount.kind = None
        return
    _classify_bare(text, amount, has_scale_word)


_METRE: Final = lx.UnitInfo("metre", "length")
_CLOSERS: Final = {"(": ")", "[": "]", "{": "}", "<": ">"}  # each opening bracket's closing one
_BRACKETED_UNIT: Final = re.compile(r"[ \t]?([(\[{<])([A-Za-zµμ°][A-Za-z0-9µμ/²³]{0,5})([)\]}>])")
_INCHES: Final = re.compile(r"[ \t]+(?:and[ \t]+)?(\d{1,2}(?:\.\d+)?)[ \t]*(?:inches|inch|in\b|\"|”|'')")


# Ages: "a 60-year-old man", "29 years old", "3 years of age", "an 87 yo man", "aged 45", "at the age of 45",
# "Reid, 33, said".
# Their unit is of its own ("year of age"), so an age is never set against a duration.
_AGE_UNITS: Final = {"year": "year", "years": "year", "yr": "year", "yrs": "year", "month": "month",
                     "months": "month", "week": "week", "weeks": "week", "day": "day", "days": "day"}
_AGE_BEFORE: Final = re.compile(r"(?:\b(?:aged|ages?|ages?[ \t]+of))[ \t]+\Z", re.IGNORECASE)
# "Tara Reid, 33, said": a number set off by commas right after a name, the next word in lower case (or the
# sentence or list item ending: "killing Tara Reid, 33."), is the named person's age (not "Florida, 29, Texas, 38").
_NAME_BEFORE: Final = re.compile(r"\b[A-Z][A-Za-z]*(?:[’'-][A-Za-z]+)*,[ \t]\Z")
_PAREN_AGE_AFTER: Final = re.compile(r"\)(?:[,;]|[ \t]+[a-z])")  # "Murphy (45), from Cork"; not a headline's "(2)"
_AGE_OPENERS: Final = (" ", "\t", "(")  # what an age alone stands after: "Reid, 33", "Murphy (45)"
# A first name and a surname before an age in brackets ("John Murphy (45)"); one word is a label ("Section (3)").
# A person by a noun set off like a name is ("his son, 12, was hurt", "a man, 63, died", "the other driver, 32,
# fled"): a determiner, at most one word more, a lower-case noun.
_NOUN_BEFORE: Final = re.compile(r"\b(?:[Hh]is|[Hh]er|[Tt]heir|[Tt]he|[Aa]n?|[Oo]ne|[Oo]ur|[Mm]y)[ \t]+(?:[a-z]+[ \t]+)?"
                                 r"[a-z]{2,},[ \t]\Z")
_NAME_PAREN_BEFORE: Final = re.compile(r"\b(?!(?:The|A|An|In|On|At|Of|For|And|By|To|From)\b)[A-Z][a-z]+[ \t]+"
                                       r"[A-Z][A-Za-z]*(?:[’'-][A-Za-z]+)*[ \t]\(\Z")
# "died Thursday at 91.", "died at 91 of cancer": an obituary's age (not "died at 9 a.m.", "died at 3 hospitals").
_DIED_AT: Final = re.compile(r"\b(?i:died|dies)(?:[ \t]+[A-Za-z]+){0,2}?[ \t]+at[ \t]+\Z")
_AFTER_DIED_AT: Final = re.compile(r"[ \t]*(?:[.,;)]|\Z|\n|[ \t](?:in|on|of|after|from|following|surrounded)\b)")
_AFTER_AN_AGE: Final = re.compile(r",[ \t]+[a-z]|[ \t]?[.;]?[ \t]*(?:\n|\Z)|[ \t]?[.;][ \t]+(?=[A-Z\"“])|[ \t]?;[ \t]+[a-z]")
# A capitalised word after one of these is a place or a thing ("deaths in Florida, 29, and Texas, 38").
_PLACE_BEFORE: Final = re.compile(r"\b(?i:in|at|on|from|to|of|for|near|across|into|outside|inside|throughout)[ \t]+\Z")
_CAPITALISED_BEFORE: Final = re.compile(r"\b[A-Z][\w’'.-]*[ \t]+\Z")  # one word of a name, read backwards


def _named_before(text: str, start: int, pattern=_NAME_BEFORE) -> bool:
    """A name, not a place, right before "..., 33": "Tara Reid, 33, said" (or, with _NAME_PAREN_BEFORE,
    "John Murphy (45), from Cork")."""
    name = pattern.search(text, max(0, start - 40), start)
    if name is None:
        return False
    at = name.start()
    while (word := _CAPITALISED_BEFORE.search(text, max(0, at - 30), at)) is not None:
        at = word.start()  # the name's first word: "in New York City, 29"
    return not _PLACE_BEFORE.search(text, max(0, at - 12), at)


def _noun_before(text: str, start: int) -> bool:
    """A person by a noun right before "..., 33" ("his son, 12, was hurt"), not after a preposition ("in the end,
    12, ...", "of the total, 45, ...")."""
    noun = _NOUN_BEFORE.search(text, max(0, start - 40), start)
    return noun is not None and not _PLACE_BEFORE.search(text, max(0, noun.start() - 12), noun.start())


def _read_age(text: str, amount: _Amount, words: list[tuple[str, int]]) -> bool:
    if amount.currency or amount.scale != 1.0 or not 0 < amount.value <= 10000:
        return False
    unit, end = "", 0
    if words:
        w0 = words[0][0].lower()
        head, _, tail = w0.partition("-")
        if tail in ("old", "olds") and head in _AGE_UNITS:  # "60-year-old", "five-month-old"
            unit, end = _AGE_UNITS[head], words[0][1]
        elif w0 in _AGE_UNITS and len(words) > 1 and words[1][0].lower() == "old":
            unit, end = _AGE_UNITS[w0], words[1][1]
        elif w0 in _AGE_UNITS and len(words) > 2 and words[1][0].lower() == "of" and words[2][0].lower() == "age":
            unit, end = _AGE_UNITS[w0], words[2][1]
        elif w0 == "yo" and words[0][1] - 2 > amount.end:
            unit, end = "year", words[0][1]  # "an 87 yo man"
    if not unit:
        start = amount.start - amount.qualifier_len
        aged = _AGE_BEFORE.search(text, max(0, start - 12), start) is not None or (
            amount.value <= 120 and text[start - 3:start] == "at "
            and _DIED_AT.search(text, max(0, start - 40), start) is not None
            and _AFTER_DIED_AT.match(text, amount.end) is not None) or (
            (amount.qualifier_len > 0 or _AGE_AND_BEYOND.match(text, amount.end)) and amount.value <= 120
            and not amount.spelled and not (words and lx.singular(words[0][0]) is not None)  # (not "people over 500 units")
            and _PEOPLE_OF_AGE.search(text, max(0, start - 20), start) is not None)  # "children under 12", "people 65 and older"
        if amount.value > 130 or amount.value != int(amount.value) or not (
                aged
                or (amount.value <= 110 and text[start - 2:start] == ", " and _AFTER_AN_AGE.match(text, amount.end)
                    and (_named_before(text, start) or _noun_before(text, start)))
                or (amount.value <= 110 and text[start - 1:start] == "(" and _PAREN_AGE_AFTER.match(text, amount.end)
                    and _named_before(text, start, _NAME_PAREN_BEFORE))):
            return False  # "aged 45", "Reid, 33, said": a person's age
        unit, end = "year", amount.end
        if aged:
            amount.flags |= {"age_before"}  # "aged 25 to 34": its unit is before it, so a bare second end is a range
        if words and words[0][0].lower() in _AGE_UNITS:  # "aged 45 years"
            unit, end = _AGE_UNITS[words[0][0].lower()], words[0][1]
    amount.kind, amount.unit, amount.end = _QUANTITY, unit + " of age", end
    beyond = _AGE_AND_BEYOND.match(text, end)
    if beyond is not None:  # "65 years of age or older", "people 65 and older": a bound
        amount.bound, amount.end = amount.bound or ("at_least" if beyond.group(1) else "at_most"), beyond.end()
    return True


_AGE_AND_BEYOND: Final = re.compile(r"[ \t]+(?:and|or)[ \t]+(?:(older|over|above)|younger|under|below)\b")


_DEGREES: Final = re.compile(r"[ \t]*-?[ \t]*(?i:degrees?|deg\b\.?)(?:[ \t]*(?:(?i:(celsius|celcius|centigrades?|c))|"
                             r"(?i:(fahrenheit|farenheit|f)))\b)?")
_SLASH_UNIT: Final = re.compile(r"/([A-Za-z]{1,3})\b")


# "one in five adults", "4 in 10 voters", "one out of every three": a share, read as a percent (not a count of
# five adults). Not "20 in 30 minutes" or "3 in 2019": a unit, a time word or a year after the second number.
_RATIO: Final = re.compile(r"[ \t]+(?:in|out[ \t]+of)[ \t]+(?:every[ \t]+)?(\d{1,3}(?:,\d{3})*|(?a:"
                           + _alt(list(lx.ONES) + list(lx.TENS) + ["hundred", "thousand"])
                           + r")|an?[ \t]+(?:hundred|thousand))\b(?![.,]?\d)(?:[ \t]+([A-Za-z]+))?", re.IGNORECASE)
_NOT_AFTER_RATIO: Final = frozenset(lx.MONTHS | {"ago", "row", "years", "year", "months", "days", "weeks", "hours",
                                                  "minutes", "seconds", "games", "innings", "overtime", "seasons"})


def _share_step(percent: float, whole: float) -> float:
    """The reported precision of a share, "one in 500" (0.2 percent): as precise as its whole, to the place of
    the whole's last non-zero digit and at most a tenth of it ("1 in 500" is no "1 in 250"; "4 in 10", 38-42%)."""
    place = 1.0
    while whole % (place * 10) == 0 and place * 10 <= whole / 10:
        place *= 10
    return percent * place / whole


def _read_ratio(text: str, amount: _Amount) -> bool:
    """Read "one in five" (the amount being "one") as 20 percent; whether it was one."""
    if amount.currency or amount.scale != 1.0 or amount.vague is not None or amount.approx is not None \
            or not amount.value.is_integer() or amount.value < 1:
        return False
    rm = _RATIO.match(text, amount.end)
    if not rm:
        return False
    word = rm.group(1).lower()
    whole = float(word.replace(",", "")) if word[0].isdigit() else \
        lx.ONES.get(word) or lx.TENS.get(word) or lx.WORD_SCALES[word.split()[-1]]
    after = (rm.group(2) or "").lower()
    if not amount.value < whole or (word.isdigit() and len(word) == 4) or after in _NOT_AFTER_RATIO \
            or (after and lx.lookup_unit([after], False)):
        return False
    amount.end = rm.end(1)
    amount.kind, amount.percent_unit = _PERCENT, "percent"
    amount.value = 100.0 * amount.value / whole
    amount.step = _share_step(amount.value, whole)
    amount.flags |= {"no_range"}
    return True


def _slash_after(text: str, pos: int) -> bool:
    return text[pos:pos + 1] == "/"


def _bare(text: str, amount: _Amount) -> bool:
    """Punctuation right after a plain number: no scale, unit, noun or currency can follow ("1,1,1", tables)."""
    return text[amount.end:amount.end + 1] in _BARE_TAIL and not amount.currency and amount.vague is None \
        and amount.approx is None


def _year_like(text: str, amount: _Amount) -> bool:
    """Four digits that may be a year: "1986", "2020" (a decade's year is one too), not "2000" or "1,986"."""
    return not amount.spelled and amount.scale == 1.0 and amount.step in (1.0, 10.0) and 1800 <= amount.value <= 2100 \
        and "," not in text[amount.start:amount.end] and "." not in text[amount.start:amount.end]


_YEAR_WORD_BEFORE: Final = re.compile(r"\b(?i:year)[ \t]+\Z")
_YEAR_SPAN_BEFORE: Final = re.compile(r"(?<!\d)(?:19|20)\d\d[ \t]*(?:-|–|to|through|and)[ \t]*\Z")  # "2021 to 2026 cars"
# "the controversial 2016 law", "its historic 1994 ruling": an adjective before a year opens the noun phrase, as "the"
# does (_YEAR_OPENER); a count would follow a verb or a preposition ("deployed 1995 troops").
_YEAR_AFTER_ADJECTIVE: Final = re.compile(r"\b[a-z]+(?:al|ic|ive|ous|ary|ful)[ \t]+\Z")
# Before a round year: "by 2100", "until 2050", "since 2000" (a bare number after them is a year, as "in 2007").
_YEAR_PREPOSITION: Final = re.compile(r"\b(?i:in|by|until|till|since|before|after|through)[ \t]+\Z")
# People named by a bound of their age: "children under 12", "Americans over 65", "adults younger than 30".
_PEOPLE_OF_AGE: Final = re.compile(r"\b(?i:children|kids|people|adults|women|men|teens|teenagers|youths|persons|anyone|"
                                   r"those|students|girls|boys|patients|residents|seniors|individuals|americans)"
                                   r"[ \t]+\Z")
_FOR_BEFORE: Final = re.compile(r"\b(?i:for)[ \t]+\Z")
_SHORT_YEAR: Final = re.compile(r"(?:^|(?<=[ \t(]))['’]\d\d", re.MULTILINE)


def _classify_bare(text: str, amount: _Amount, has_scale_word: bool) -> None:
    """A number with nothing counted or measured: an age ("aged 45,"), a year, a plain number, or nothing to hold."""
    if (not amount.spelled or _AGE_BEFORE.search(text, max(0, amount.start - 12), amount.start)) \
            and text[amount.start - 1:amount.start] in _AGE_OPENERS and _read_age(text, amount, []):
        return  # "aged 45,", "Reid, 33."; spelled only after "aged", "at the age of" ("the two of them" is none)
    if _year_like(text, amount) or amount.value == int(amount.value) and 1000 <= amount.value <= 2100 \
            and not amount.spelled and "," not in text[amount.start:amount.end] and not amount.qualifier_len \
            and (_YEAR_WORD_BEFORE.search(text, max(0, amount.start - 6), amount.start)
                 or 1900 <= amount.value and _YEAR_PREPOSITION.search(text, max(0, amount.start - 8), amount.start)) \
            or _SHORT_YEAR.fullmatch(text, max(0, amount.start - 1), amount.end) \
            and not text[amount.end:amount.end + 1].isalnum():
        amount.kind = _DATE  # a year ("the year 2000": a round one too; "the class of '81")
        return
    if (_CASUALTIES_AFTER.match(text, amount.end)
            and not _OWNED_COUNT.search(text, max(0, amount.start - 30), amount.start)
            or _CASUALTIES_BEFORE.search(text, max(0, amount.start - 40), amount.start)
            and not _TIMES_AFTER.match(text, amount.end)
            or _TOLL_BEFORE.search(text, max(0, amount.start - 80), amount.start)):
        # "killed 12 people and injured 74", "another 30 were hurt", "the death toll rose to 25"
        amount.kind, amount.noun = _COUNT, "person"
        return
    counted = _NUMBER_OF_BEFORE.search(text, max(0, amount.start - 100), amount.start)
    noun = next((n for n in map(lx.singular, counted.group("words").split()) if n), None) if counted else None
    if noun:
        amount.kind, amount.noun = _COUNT, noun  # "the number of confirmed cases rose to 1,000"
        return
    if amount.spelled and not has_scale_word:
        amount.kind = None  # "the two of them": no amount to hold
        return
    tally = _tally_side(text, amount) if not amount.spelled and amount.scale == 1.0 else ""
    if tally:
        amount.kind, amount.noun = _COUNT, tally  # "voted 70-30", "won 24-17": each side's votes or points
        amount.flags |= {"no_range"}  # "a vote of 10 to 19": two sides, not a range
        return
    amount.kind = _NUMBER


# People befallen by what news counts, the noun left out: "injured 74", "killing at least 12", "74 were hurt",
# "30 dead", "sickened 60" (the keying's measures tell deaths, injuries, the missing and arrests apart).
_CASUALTY: Final = (r"(?:killed|dead|died|injured|wounded|hurt|missing|hospitali[sz]ed|arrested|detained|infected|"
                    r"sickened)")
_CASUALTY_WORD: Final = re.compile(_CASUALTY)  # "one dead" counts a person, not a "dead"
# "a mother of two died", "a father of 3 killed": what befell the owner, not the count ("one of 12 killed" is).
_OWNED_COUNT: Final = re.compile(r"\b(?!(?:one|some|none|all|each|most|many|several|any|both|few|dozens|hundreds|"
                                 r"thousands)\b)[A-Za-z]+[ \t]+of[ \t]+\Z", re.IGNORECASE)
_TIMES_AFTER: Final = re.compile(r"[ \t]+times?\b")  # "arrested four times": occasions
# The hedge a figure read by what comes before it may open with: "killed at least 12", "the death toll rose to about 25".
_HEDGE_BEFORE: Final = (r"(?:(?i:at[ \t]+least|about|nearly|some|more[ \t]+than|over|up[ \t]+to|another|an[ \t]+estimated|"
                        r"almost|around|roughly|approximately|all)[ \t]+)?\Z")
# A figure given as "the number of <things>": "the number of confirmed cases rose to 1,000", "the number of people
# without power stood at 25,000".
_NUMBER_OF_BEFORE: Final = re.compile(r"\b(?i:number)[ \t]+of[ \t]+(?P<words>[a-z][\w-]*(?:[ \t]+[a-z][\w-]*){0,2})\b"
                                      r"(?:[ \t]+(?![0-9])[\w'’-]+){0,5}?[ \t]+(?:to|at|was|is|were|are|reached|hit|"
                                      r"totaled|totalled|topped|passed|exceeded|surpassed|crossed)[ \t]+" + _HEDGE_BEFORE)
# A death toll's figure, a population's: "the death toll rose to 25", "raising the death toll in Gaza to at least
# 25", "a death toll of 25", "the state's prison population is 71,233", "a population of 5 million".
_TOLL_BEFORE: Final = re.compile(r"\b(?i:death[ \t]+tolls?|populations?)(?:[ \t]+(?![0-9])[\w'’-]+){0,5}?[ \t]+"
                                 r"(?i:to|at|of|is|was|stood[ \t]+at)[ \t]+" + _HEDGE_BEFORE)
_CASUALTIES_AFTER: Final = re.compile(r"[ \t]+(?:(?:were|was|are|have[ \t]+been|had[ \t]+been)[ \t]+)?"
                                      + _CASUALTY + r"\b", re.IGNORECASE)
_CASUALTIES_BEFORE: Final = re.compile(r"\b(?i:kill(?:ed|ing|s)|injur(?:ed|ing|es)|wound(?:ed|ing|s)|hurt(?:ing|s)?|"
                                       r"arrest(?:ed|ing|s)|detain(?:ed|ing|s)|infect(?:ed|ing|s)|sicken(?:ed|ing|s))"
                                       r"[ \t]+" + _HEDGE_BEFORE)


# A vote's tally: "70-30", "5 to 4", "51–50", the two sides' votes, with a word of voting near it.
_TALLY_AFTER: Final = re.compile(r"[ \t]*(?:-to-|[-–—]|to[ \t])[ \t]*\d{1,3}(?:\.\d+)?"
                                 r"(?![\d,%]|\.\d|[-–—]\d|[ \t]*(?:percent|per[ \t]+cent))")
_TALLY_BEFORE: Final = re.compile(r"(?<![\d,])\d{1,3}(?:\.\d+)?[ \t]*(?:-to-|[-–—]|[ \t]to)[ \t]*\Z")  # "51-to-40"
_TALLY_DASHES: Final = frozenset("-–—")
_VOTE_WORD: Final = re.compile(r"\b(?i:vot(?:e|es|ed|ing)|ruled?|ruling|decision|tally|approved|confirmed|rejected|"
                               r"passed|acquitted|convicted|jurors?|senators?|justices?)\b")


# A game's final score: a word of winning or losing right beside it ("won 24-17", "a 91-73 victory"), none of a
# score along the way ("a 13-5 lead at halftime").
_FINAL_SCORE_WORD: Final = re.compile(r"\b(?i:won|wins?|beat|beats|defeat(?:s|ed)?|victory|win|loss|lost|edged|routed)\b")
_RUNNING_SCORE_WORD: Final = re.compile(r"\b(?i:lead|leads|led|leading|half|halftime|half-time|quarter|period|"
                                        r"inning|innings|trailed|trailing|deficit|record|all-time)\b")


def _tally_side(text: str, amount: _Amount) -> str:
    """"vote" or "score" when bare digits are one side of a vote's tally or of a game's final score ("voted 70-30",
    "the 19–0 vote", "220 to 211"; "won 24-17", "a 91-73 victory"), else ""."""
    if amount.value >= 1000:
        return ""
    after = _TALLY_AFTER.match(text, amount.end)
    before = None if after else _TALLY_BEFORE.search(text, max(0, amount.start - 8), amount.start)
    if after is None and before is None:
        return ""
    following = _next_words(text, after.end() if after else amount.end, 1)
    if following:
        word = following[0][0]
        if word.lower() in lx.MONTHS or word.lower() != "votes" and word[0].islower() and lx.singular(word) is not None:
            return ""  # "on 3-4 June", "passed 10 to 20 bills": dates and counts of their own
    if _VOTE_WORD.search(text, max(0, amount.start - 40), min(len(text), amount.end + 30)):
        return "vote"
    start, end = amount.start, amount.end
    if after is not None:
        end = after.end()  # the whole score
    elif before is not None:
        start = before.start()
    near = text[max(0, start - 30):min(len(text), end + 15)]
    if text[max(0, start - 1):start] == "(" or text[max(0, start - 2):start] == "( " \
            or text[max(0, start - 3):start].lower() == "to ":
        return ""  # "Indianapolis (10-5)", "the Tar Heels (10-0)", "improved Creighton to 41-20": a record
    return "score" if _FINAL_SCORE_WORD.search(near) and not _RUNNING_SCORE_WORD.search(near) else ""


_SUBUNITS: Final = "(?:" + _alt([w for w, f in lx.SUBUNIT_WORDS.items() if f == 0.01]) + ")"
_CENTS: Final = re.compile(r"[ \t]+(?:and[ \t]+)?(\d{1,2})(?:[ \t]+" + _SUBUNITS + r")?(?![\w.,]*\d)(?![ \t]*[A-Za-z%])|"
                           r"[ \t]+(?:and[ \t]+)?(\d{1,2})[ \t]+" + _SUBUNITS + r"\b")


def _read_cents(text: str, amount: _Amount) -> None:
    cm = _CENTS.match(text, amount.end)
    if cm:
        amount.value += int(cm.group(1) or cm.group(2)) / 100
        amount.end = cm.end()
        return
    window = text[amount.end:amount.end + 12]
    wm = _CORE.match(text, amount.end + len(window) - len(window.lstrip(" \t")))
    stripped = window.lstrip(" \t")
    if stripped.lower().startswith("and "):
        wm = _CORE.match(text, amount.end + len(window) - len(stripped) + 4)
    if wm and wm.group("word"):
        cents = _read_words(text, wm.start(), wm.end(), wm.group("word").lower())
        if cents and cents.value < 100 and cents.kind is None:
            after = _next_words(text, cents.end, 1)
            if after and after[0][0].lower() in ("cents", "cent"):
                cents.end = after[0][1]
            elif after:
                return
            amount.value += cents.value / 100
            amount.end = cents.end


def _money_word_after(text: str, pos: int) -> bool:
    words = _next_words(text, pos, 3)
    for w, _ in words[:3]:
        if w in lx.ISO_CODES or w.lower() in lx.CURRENCY_WORDS:
            return True
    return False


_ERAS: Final = frozenset({"bc", "ad", "bce", "ce"})  # "40 BC" is a year


def _phrase_ends(text: str, words: list[tuple[str, int]], end: int) -> bool:
    """Whether the noun phrase ends at ``end`` (the first word's end): punctuation, the text's end, or a
    function word follows ("121 RBI, a career high", "121 RBI and 33 homers"), not another noun ("2 US senators")."""
    nxt = text[end:end + 1]
    if not nxt or nxt in ",;:.)!?\"”\n":
        return True
    return len(words) > 1 and words[1][0].islower() and words[1][0] in lx.STOPWORDS


def _count_noun_after(text: str, pos: int) -> bool:
    """A plural after a short scale ("3m barrels", "2,000 k users") or "times" ("downloaded 1.6m times"):
    the scale is a scale, not metres."""
    words = _next_words(text, pos, 1)
    return bool(words) and (words[0][0] == "times" or words[0][0].islower() and lx.singular(words[0][0]) is not None)


# "11 of the 63 patients", "four of the five categories": a part counted in the whole's noun.
_OF_THE_WHOLE: Final = re.compile(r"[ \t]+of[ \t]+the[ \t]+(?:\d[\d,]*|(?i:" + "|".join(sorted(lx.ONES) + sorted(lx.TENS))
                                  + r"))(?=[ \t])")


def _counted_noun(text: str, pos: int, amount: _Amount) -> tuple[str, int]:
    """The head of the noun phrase after the number: last word before a function word or punctuation."""
    if amount.flags & {"vague_of"}:
        m = re.match(r"[ \t]+of", text[pos:pos + 5])
        pos += m.end() if m else 0
    about = _OR_SO.match(text, pos)
    if about is not None:
        amount.bound = amount.bound or "approx"  # "50 or so growers": about 50
        pos = about.end()
    whole = _OF_THE_WHOLE.match(text, pos) if amount.value >= 2 and amount.vague is None else None
    if whole is not None:
        noun = _counted_noun(text, whole.end(), amount)[0]
        if noun:
            return noun, pos  # "11 of the 63 patients": the whole's noun; the whole is a figure of its own
    words = _next_words(text, pos, 5)
    title: Optional[bool] = None  # worked out once, at the first capitalised word
    # The head is the first plural-looking lower-case word before a function word or punctuation:
    # "2,000 Nvidia H800 chips, which", "two proton beams circulated"; in a title-case headline
    # capitals do not mark names ("Company Cuts 1,500 Jobs").
    for i, (w, wend) in enumerate(words):
        low = w.lower()
        if i == 0 and text[pos:pos + 1] == "-" and lx.singular(w) is None:
            if low in _HEDGE_SUFFIXES:  # "50-odd states", "400-plus creditors"
                amount.bound = amount.bound or _HEDGE_SUFFIXES[low]
                continue
            if _hyphened_count(text, w, wend):
                return low, wend  # "a 15-member panel", "a 15-page report": what the panel, the report has 15 of
            break  # "a 2,000-strong workforce", "a one-sided game": the number is part of an adjective
        if i == 0 and 2 <= len(w) <= 5 and w.isalpha() and w.isupper() and w not in lx.ISO_CODES \
                and low not in _ERAS and text[pos:pos + 1] == " " and text[wend:wend + 1] != ":" \
                and _phrase_ends(text, words, wend):
            return w, wend  # an acronym counted in the singular, as box scores write it: "33 homers and 121 RBI"
            # (not a label that opens what follows: "3,533,000 NOTE: ...")
        if i == 0 and low in lx.MORE_WORDS and text[pos:pos + 1] == " " and len(words) > 1:
            continue  # "six other ministers", "two more suspects": the noun after counts (keying: a change)
        if i == 0 and low in ("most", "least") and len(words) > 2:
            continue  # "the two most outspoken critics": a superlative before the noun counted
        if i <= 1 and words[0][0] == "of" and len(words) > 2 and words[1][0] in lx.PART_OF \
                and low in ("of", words[1][0]) and amount.value >= 2 and amount.vague is None:
            continue  # "Seven of the men": the men counted (keying: a part); not "one of the largest banks"
        if i > 0 and low in ("and", "or") and words[i - 1][0].islower() \
                and words[i - 1][0].endswith(_ADJECTIVE_ENDINGS) and text[words[i - 1][1]:wend - len(w)] == " ":
            continue  # "25 suspicious or interesting claims": adjectives joined, the noun after them counted
        if (low in lx.STOPWORDS and not _acronym(text, w, wend)) or low in lx.MONTHS or low in _CLOCK_WORDS \
                or low in _NUMBER_WORDS or (w[0].islower() and any(ch.isdigit() for ch in w)):
            break  # another number ("6-foot-9 senior needed nine points") counts its own noun
        if i == 0 and low in _VERBS_NOT_NOUNS:
            break  # "killed at least 12 continues": a verb after an elided noun, nothing counted
        if i == 0 and w[0].isupper() and _NUMBER_NEXT.match(text, wend):
            break  # a table's label of the next figure: "Net 1,555,000 vs 900,000 Sales 2,447,000"
        if len(w) >= 3 and w[-1] == "s" and w[:-1].isupper() and w[:-1].isalpha() and text[wend - len(w) - 1] == " ":
            return w[:-1], wend  # an acronym's plural: "2,048 Nvidia H800 GPUs", "1,000 EVs"
        prefix, _, last = w.rpartition("-") if "-" in w and not w.endswith("-") else ("", "", w)
        prefix = f"{prefix.lower()}-" if prefix.lower() in _NOUN_PREFIXES else ""  # "14 co-sponsors": co-sponsor
        common = w[0].islower()
        if not common and _titled(w):
            if title is None:
                title = _title_case_line(text, pos)
            common = title
        if common and last.isalpha():
            sing = lx.singular(last)
            if sing is None and w[0].islower() and 0 < amount.value <= 1 and amount.vague is None \
                    and not (len(last) >= 4 and last.endswith(("ed", "ly"))) and not _CASUALTY_WORD.fullmatch(low):
                sing = last.lower()  # "one victim", "1/2 cup"; not "the one used"
            if sing is not None:
                head = None if sing in _YEAR_NOUNS and _year_like(text, amount) \
                    else _compound_head(text, words, i, 0 < amount.value <= 1)
                if head is None and i + 2 < len(words) and words[i + 1][0].endswith(_ADJECTIVE_ENDINGS) \
                        and words[i + 1][0].isalpha() and words[i + 1][0].islower() \
                        and words[i + 2][0].isalpha() and words[i + 2][0].islower() \
                        and text[words[i + 2][1]:words[i + 2][1] + 1] not in ("'", "’") \
                        and words[i + 2][0] not in lx.STOPWORDS and words[i + 2][0] not in _NEWS_VERBS:
                    third = lx.singular(words[i + 2][0])  # "500 grassroots national committees"
                    if third is not None:
                        head = (third, words[i + 2][1])
                return head if head else (prefix + sing, wend)
        elif len(w) >= 6 and w.endswith(_DEMONYM_PLURALS) and w[1:].islower() and low != "orleans":
            return w[:-1], wend  # people by nation: "40,000 Palestinians", "three Americans"
        if text[wend:wend + 1] in ",;:)!?\"”'’.":
            break
    return "", pos


# Prefixes that make a noun of their own: "co-sponsors" are no sponsors, "ex-wives" no wives.
_NOUN_PREFIXES: Final = frozenset("co ex vice non anti pro pre post sub semi self step great".split())
# After a number and a hyphen, words that make an adjective of it, not a noun it counts ("a 2,000-strong force").
_ADJECTIVE_TAILS: Final = frozenset("strong something some fold".split())  # ("-odd", "-plus": _HEDGE_SUFFIXES)
_COMPOUND_HEAD: Final = re.compile(r" [A-Za-z][a-z]+\b")  # the noun modified, a name's too ("25,000-student Kent School")


def _hyphened_count(text: str, w: str, end: int) -> bool:
    """Whether ``w``, hyphened to the number before it, is a noun that number counts, in a compound that modifies the
    noun after it ("a 15-member panel", "a 15-page report", "a 500-bed ward"): a lower-case word that is its own
    lemma, so no participle ("one-sided", "two-pronged"), and no adverb, number word, fraction ("two-thirds") or
    word that makes an adjective ("2,000-strong", "50-odd")."""
    return (len(w) >= 3 and w.isalpha() and w.islower() and w not in _ADJECTIVE_TAILS and not w.endswith("ly")
            and w not in lx.STOPWORDS and w not in _NUMBER_WORDS and w not in lx.DENOMINATORS
            and _COMPOUND_HEAD.match(text, end) is not None and lx.lemma(w) == w)  # "a 500-bed ward", not "one-sided"


# A table's figure after a label ("Sales 2,447,000", "Avg shrs 10,429,000"), no model number ("737").
_NUMBER_NEXT: Final = re.compile(r"(?:[ \t]+[a-z]{2,5}\.?)?(?:[ \t]+\d{1,3}(?:,\d{3})+|[ \t]+\d+\.\d)")
_OR_SO: Final = re.compile(r"[ \t]+or[ \t]+so\b(?![ \t]*(?:that|as)\b)")


def _acronym(text: str, w: str, end: int) -> bool:
    """Whether ``w`` (ending at ``end``) is an acronym, not a function word: capitals in text that goes on in lower
    case ("five US soldiers", not "five of us" nor an all-capitals headline's "FIVE OF US")."""
    return len(w) >= 2 and w.isupper() and any(ch.islower() for ch in text[end:end + 40])


def _compound_head(text: str, words: list[tuple[str, int]], i: int, one: bool = False) -> Optional[tuple[str, int]]:
    """The plural noun after a modifier noun is what is counted: "10 data centres", "3 police officers",
    "40 staff members", "900 sales people". Only after a noun of one form for both numbers ("police",
    "data") or a plural-form modifier ("sales"): after any other plural the next word is more often a verb
    ("nine mths includes", "two companies calls")."""
    modifier = words[i][0].lower()
    # A plural modifies the next word only as "media", "women" ("5 media outlets") or a hyphenated compound do
    # ("two high-stakes contests").
    if i + 1 >= len(words) or (lx.singular(modifier) != modifier and modifier not in _PLURAL_MODIFIERS
                               and modifier[-1] == "s" and "-" not in modifier):
        return None
    nxt, nend = words[i + 1]
    if text[words[i][1]:nend - len(nxt)] != " " or not nxt.isalpha() or not nxt.islower() \
            or nxt in lx.STOPWORDS or nxt in _NUMBER_WORDS or nxt in _CLOCK_WORDS or nxt in _NEWS_VERBS:
        return None
    sing = lx.singular(nxt)
    if sing is None and one and modifier.endswith((*_ADJECTIVE_ENDINGS, "ing")) and not nxt.endswith(("ed", "ing", "ly")):
        return nxt, nend  # "one global crisis", "one roving gang": the singular after an adjective (not a verb's form)
    return (sing, nend) if sing is not None else None


# A plural, an adjective, a plural: the first plural modifies the head ("500 grassroots national committees").
_ADJECTIVE_ENDINGS: Final = ("al", "ic", "ive", "ous", "ary", "ent", "ant", "ian", "ese", "ish", "ful", "less", "able",
                                "ible")
_DEMONYM_PLURALS: Final = ("ians", "cans", "eans", "mans", "hans", "ats", "ists", "atives")  # and parties' members
_HEDGE_SUFFIXES: Final = {"odd": "approx", "ish": "approx", "plus": "at_least"}
_APPROX_BELOW: Final = frozenset({"nearly", "almost", "just under"})  # close to a figure, short of it
_APPROX_ABOVE: Final = frozenset({"just over"})
_PLURAL_MODIFIERS: Final = frozenset("sales savings sports arms graphics plainclothes securities electronics "
                                     "overseas".split())
# Verbs in the third person that are no plural of a noun a figure counts: right after a number, the noun was elided.
_VERBS_NOT_NOUNS: Final = frozenset("continues remains seems appears includes excludes comes goes means suggests "
                                    "indicates involves wants expects says reveals".split())
# Verbs that follow a noun like a plural noun would: "1987 sales includes", "the data shows".
_NEWS_VERBS: Final = frozenset("includes excludes shows says comes goes makes takes remains rises falls totals "
                               "compares reflects represents means seems appears needs calls faces plays owns holds "
                               "gets gives puts sees wants expects suggests indicates covers involves continues "
                               "stands".split())


def _read_rate(text: str, amount: _Amount) -> None:
    rm = _PER.match(text, amount.end)
    if not rm:
        adverb = _RATE_ADVERB.match(text, amount.end)
        if adverb:  # "$600 weekly", "$15 hourly", "2 million barrels daily"
            amount.per, amount.end = _RATE_ADVERBS[adverb.group(1).lower()], adverb.end()
        return
    lead = rm.group(0).lstrip().lower()
    w1, w2, w3 = rm.groups()
    if lead.startswith(("a ", "an ", "a\t", "an\t", "-a-", "-an-")):
        if w1.lower() in _RATE_NOUNS and not (w2 and w2.lower() in _AGO):
            amount.per, amount.end = w1.lower(), rm.end(1)
        return
    rate_noun = w1.lower() in _RATE_NOUNS  # "per day", "per year": function words elsewhere, units here
    if w1.lower() in lx.STOPWORDS and not rate_noun:
        return
    if lead.startswith("-") or rate_noun or not (w2 and w2.lower() not in lx.STOPWORDS and w2[0].islower()):
        # hyphenated, the rate modifies the noun after it: "a $25-per-share offer"
        amount.per, amount.end = w1, rm.end(1)
        symbol = lx.unit_symbol(w1) if lead[:1] == "/" else None
        if symbol is not None:
            amount.per = symbol.name  # "50 km/ms", "$1,200/oz": the unit's name, as "per millisecond" gives
    elif w1.lower() in lx.WORD_SCALES and w3 and w3[0].islower() and lx.singular(w3) is not None:
        amount.per, amount.end = f"{w1} {w2} {w3}", rm.end(3)  # "$0.55 per million input tokens"
    else:
        amount.per, amount.end = f"{w1} {w2}", rm.end(2)


# Reported changes only: "seeks to raise $1 billion to $1.5 billion", "could rise 10% to 15%" are ranges.
_CHANGE_VERBS: Final = frozenset("""
rose fell climbed jumped dropped increased decreased gained lost added raised lowered grew declined slipped slid
surged soared plunged tumbled edged eased advanced retreated widened narrowed boosted trimmed up down
""".split())


# "decreased by 193,000 to 576,000": after a verb of change and "by", a second figure this many times the first is
# the level the change led to; a range of changes runs over less ("rose by 5 to 10 percent": twice).
_BY_THEN_TO: Final = 2.5


def _change_before(text: str, amount: _Amount) -> Optional[str]:
    """ "verb" when the words before the figure (and its qualifier) report a change ("rose", "up"), "verb by"
    when "by" follows the verb ("fell by"); "by" after any other word ("cut its price by"); else None."""
    end = amount.start - amount.qualifier_len
    before = text[max(0, end - 24):end].split()
    by = bool(before) and before[-1].lower() == "by"
    if by:
        before.pop()
    if before and before[-1].lower() in _CHANGE_VERBS:
        return "verb by" if by else "verb"
    return "by" if by else None


# Words before "pounds" that make them a weight: what weighs or is weighed ("lost 20 pounds", "drop 25
# pounds"), and other units of weight ("a metric ton is 2,204.62 pounds").
_WEIGHT_BEFORE: Final = re.compile(r"\b(?:weigh\w*|lost|los(?:e|es|ing)|gain\w*|shed\w*|drop(?:s|ped|ping)?|heav\w*|"
                                   r"put[ \t]+on|tipp\w*|tons?|tonnes?|kilo\w*|kg|ounces?|oz|"
                                   r"lift\w*|carr\w*|fish|baby|bag|sack|load)\b[^.;]*\Z", re.IGNORECASE)
_BETWEEN_AGES: Final = re.compile(r"\bbetween[ \t]+(?:the[ \t]+)?ages?[ \t]+(?:of[ \t]+)?\Z", re.IGNORECASE)
_RANGING_BEFORE: Final = re.compile(r"\b(?:rang\w*|anywhere|var(?:y|ying|ied|ies)|spanning)[ \t]+from[ \t]+\Z",
                                    re.IGNORECASE)


def _read_range(text: str, amount: _Amount) -> None:
    """ "$5-6 million", "between 2,000 and 3,000", "10 to 20 billion", "$10bn-$20bn", "two or three"."""
    rm = _RANGE_SEP.match(text, amount.end) if _opening(text, amount.end, False) in _RANGE_OPENINGS else None
    if not rm:
        return
    sep = rm.group(0).strip().lstrip("-").strip().lower()
    if sep == "and" and "between" not in amount.flags \
            and not _BETWEEN_AGES.search(text, max(0, amount.start - 30), amount.start):
        return  # "between 2,000 and 3,000", "between the ages of 17 and 19"; not "aged 45 and 50" (two ages)
    if sep == "or" and not amount.spelled:
        return
    change = _change_before(text, amount) if sep == "to" and not amount.flags & {"from", "between"} else None
    if change in ("verb", "verb by") and amount.kind not in (None, _NUMBER):
        return  # "rose 5 pct to 10 pct", "rose $2 to $85.50": a change, then a level; "rise 5 to 10 pct" is a range
    m2 = _CORE.match(text, rm.end())
    if m2 is None:
        # "$5 million to $6 million": a currency before the second core
        pm = re.match(r"(US\$|C\$|A\$|HK\$|\$|£|€|¥|₹)[ \t]?", text[rm.end():rm.end() + 6])
        if not pm:
            return
        m2 = _CORE.match(text, rm.end() + pm.end())
        if m2 is None or m2.group("num") is None:
            return
    second = _read_digits(text, m2.start(), m2.end()) if m2.group("num") else _read_words(
        text, m2.start(), m2.end(), m2.group("word").lower())
    if second is None or second.kind is _FACTOR or second.vague or second.approx:
        return
    _read_left(text, second)
    if amount.currency and not second.currency and not text[m2.end():m2.end() + 1].isspace():
        second.currency = amount.currency  # "$140-150MM": a glued scale after the second end is money's too
    _read_right(text, second)
    if second.kind in (_DATE, None):
        return
    first_kind = amount.kind
    if first_kind is _DATE or (first_kind is _NUMBER and 1800 <= amount.value <= 2100 and amount.step == 1):
        return  # "2019-2020"
    if amount.currency and second.currency and second.currency != amount.currency:
        return  # "$600 billion - £482bn" is a conversion, not a range
    if first_kind not in (None, _NUMBER, _MONEY) and second.kind not in (_NUMBER, first_kind):
        return
    if first_kind is _MONEY and second.kind not in (_MONEY, _NUMBER):
        return
    if sep == "to" and first_kind not in (None, _NUMBER, _MONEY) and second.kind is _NUMBER \
            and not amount.flags & {"from", "between", "age_before"}:
        return  # "to rise 27.7 pct to 350,000 tonnes": a unit on the first figure only is a change, then a level
    if sep == "to" and "from" in amount.flags and not (first_kind in (None, _NUMBER) and second.kind is _NUMBER) \
            and not _RANGING_BEFORE.search(text, max(0, amount.start - 40),
                                                                             amount.start):
        # "fell from 4.8 percent to 4.7 percent", "from $36,040 to $34,935": a change, its old value and its
        # new one, each read on its own ("ranging from 5 to 10" stays a range)
        if first_kind in (None, _NUMBER):
            if amount.scale == 1.0 and second.scale > 1 and "has_scale" not in amount.flags and amount.value < 1000:
                amount.scale = second.scale  # "from 5 to 6 million"
            amount.currency = amount.currency or second.currency
            amount.kind = _MONEY if amount.currency else second.kind
            amount.percent_unit, amount.unit, amount.noun = second.percent_unit, second.unit, second.noun
        amount.change = "from"
        return
    if change is not None or sep == "to" and first_kind not in (None, _NUMBER) \
            and not amount.flags & {"from", "between"}:
        # (a bare first figure after a change verb too: "claims rose 10,000 to 850,000", "rose by 10,000 to 850,000")
        takes_scale = amount.scale == 1.0 and second.scale > 1 and amount.value < second.value  # "$5 to $6 million"
        ratio = second.value * second.scale / (amount.value * (second.scale if takes_scale else amount.scale) or math.inf)
        if ratio >= (_BY_THEN_TO if change == "verb by" else 3 if change == "by" else 10):
            # "cut its price by 0.75 cent to 66 cents", "fell by 92,000 to 498,000", "raise its price 75 cts to
            # 42.75 dlrs": by how much, then to what; "by 10 pct to 13 pct", "by $5 to $10 million", "$5 million
            # to $6 million" are ranges
            return
    if amount.scale == 1.0 and second.scale > 1 and amount.value < second.value:
        amount.scale = second.scale  # "$5-6 million", "10 to 20 billion"
    elif amount.scale == 1.0 and "has_scale" not in amount.flags and "has_scale" in second.flags \
            and second.step is not None and second.step > 1 and amount.value * second.step < second.value:
        amount.scale = second.step  # "four to five thousand people", "two or three million": the scale is both ends'
    if first_kind in (None, _NUMBER):
        amount.currency = amount.currency or second.currency
        amount.kind = _MONEY if amount.currency else second.kind
        amount.percent_unit, amount.unit, amount.noun = second.percent_unit, second.unit, second.noun
    if amount.kind is _NUMBER and second.kind is _NUMBER and amount.spelled:
        return
    lo = amount.value * amount.scale
    hi = second.value * second.scale
    if not lo < hi:
        return
    amount.high = hi
    amount.end = second.end
    if second.per:
        amount.per = second.per
    elif amount.kind is _MONEY:
        _read_rate(text, amount)  # "$20-25 a share": the rate after a range is both ends'


# --- from amount to mention fields -------------------------------------------------------------

_DATE_FIELDS: Final[_Fields] = (_DATE, None, "", _EXACT, None, None, "", None, "")


def _finish(text: str, a: _Amount) -> Optional[_Fields]:
    if a.kind is None:
        return None
    if a.kind is _DATE:
        return _DATE_FIELDS
    kind = a.kind
    unit = a.currency if kind is _MONEY else a.percent_unit if kind is _PERCENT else a.noun \
        if kind is _COUNT else "x" if kind is _FACTOR else a.unit
    qualifier = _EXACT
    exact = _tidy(a.value * a.scale)
    value: Optional[float] = exact
    step = _tidy(a.step * a.scale) if a.step else None
    low: Optional[float] = value
    high: Optional[float] = value
    q = a.bound
    if a.high is not None:
        if "between" in a.flags:
            a.start -= a.qualifier_len
        high = _tidy(a.high)
        value = (exact + high) / 2
        qualifier = _RANGE
    elif a.vague is not None:  # its bounds are in the figure's own units, as its value: both scale alike ("¢")
        qualifier, value = _VAGUE, None
        low, high = _tidy(a.vague[0] * a.scale), _tidy(a.vague[1] * a.scale)
    elif a.approx is not None:
        qualifier = _APPROX
        low, high = _tidy(a.approx[0] * a.scale), _tidy(a.approx[1] * a.scale)
    elif q:
        word = " ".join(text[a.start - a.qualifier_len:a.start].lower().split())
        if q == "at_least" and a.kind is _DURATION and word == "over" \
                and not _FOR_BEFORE.search(text, max(0, a.start - a.qualifier_len - 5), a.start - a.qualifier_len):
            q = ""  # "$64 billion over three years": during them (not "for over 200 years": more than)
        if q:
            a.start -= a.qualifier_len
            while text[a.start:a.start + 1] in (" ", "\t"):
                a.start += 1
            qualifier = _QUALIFIER_OF_NAME[q]
            if qualifier is _APPROX:
                # "nearly 50 years" falls short of 50, "just over 50" passes it; "about 50", either side
                low = exact * (1.0 if word in _APPROX_ABOVE else 0.9)
                high = exact * (1.0 if word in _APPROX_BELOW else 1.1)
                if low > high:
                    low, high = high, low
            elif qualifier is _AT_LEAST:
                high = None
            else:
                low = None
    if value is not None and not math.isfinite(value):
        return None
    if (low is not None and not math.isfinite(low)) or (high is not None and not math.isfinite(high)):
        return None
    return kind, value, unit, qualifier, low, high, a.per, step, a.change


def _tidy(x: float) -> float:
    """Drop binary noise from scaling: 16.4 * 1e6 is 16400000, not 16399999.999999998."""
    if -1e15 < x < 1e15 and x.is_integer():
        return x  # a whole number of at most 15 digits: "%.15g" gives it back as it is
    return float("%.15g" % x)


def _negate(fields: _Fields) -> _Fields:
    kind, value, unit, qualifier, low, high, per, step, change = fields
    return (kind, -value if value is not None else None, unit, qualifier, -high if high is not None else None,
            -low if low is not None else None, per, step, change)
