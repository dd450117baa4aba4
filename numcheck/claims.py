"""Stage 3: key each mention by what it is about (subjects, measure, dimension).

Two mentions are the same claim when they share a subject, a measure and a
dimension. Subjects are the names (capitalised phrases, with pack aliases)
in the number's clause, or else its sentence, or else the sentence before
("The startup said it cost $5.6 million" takes DeepSeek from the sentence
before). The measure is the first measure word of the clause nearest the
number ("cost", "invest", "killed"); for counts the counted noun is part of
the dimension already.
"""
from __future__ import annotations

import bisect
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from numcheck import lexicon as lx
from numcheck.models import CLAIMLESS_KINDS, Article, Claim, Kind, Mention

# Measure words -> canonical measure. Packs add their own (PackSettings.measures).
DEFAULT_MEASURES: dict[str, list[str]] = {
    "cost": ["cost", "costs", "costing", "train", "trained", "training", "develop", "developed", "developing",
             "build", "built", "price tag", "budget", "spent developing"],
    "investment": ["invest", "invests", "invested", "investing", "investment", "investments", "initiative",
                   "put"],
    "commitment": ["commit", "commits", "committed", "commitment", "pledge", "pledged", "pledges", "promised"],
    "spending": ["spend", "spends", "spent", "spending", "capex", "capital expenditure", "capital expenditures",
                 "expenditure", "outlay"],
    "market value": ["market value", "market cap", "market capitalisation", "market capitalization", "wiped",
                     "wipeout", "wipe", "wipes", "lost", "losing", "loses", "shed", "erased", "rout", "sell-off"],
    "valuation": ["valued", "valuation", "worth"],
    "revenue": ["revenue", "revenues", "sales", "turnover"],
    "profit": ["profit", "profits", "net income", "earnings", "earned", "net"],
    "loss": ["loss", "losses", "deficit"],
    "funding": ["raise", "raised", "raising", "funding", "funded", "round"],
    "fine": ["fine", "fined", "penalty", "penalties"],
    "settlement": ["settle", "settled", "settlement", "damages", "compensation"],
    "deal": ["deal", "acquire", "acquired", "acquisition", "buy", "bought", "takeover", "merger", "offer",
             "offered", "bid", "contract", "agreement"],
    "salary": ["salary", "salaries", "wage", "wages", "bonus", "compensation package"],
    "price": ["price", "priced", "prices", "costs per", "fare", "fee", "fees", "rent"],
    "deaths": ["killed", "dead", "died", "deaths", "death toll", "fatalities", "killing", "kill", "kills", "die",
               "dies", "dying", "victims", "shot dead", "shot and killed", "shot to death", "fatally shot",
               "shooting dead", "shoot dead"],
    "injuries": ["injured", "wounded", "hurt", "injuries", "injuring", "injure", "injures", "wounding"],
    "shot": ["shot", "shooting", "shoots", "shoot"],
    "missing": ["missing"],
    "arrests": ["arrested", "detained", "arrests", "captured", "arresting", "arrest"],
    "magnitude": ["magnitude", "quake", "earthquake"],
    "jobs": ["layoffs", "laid off", "hired"],
    "average": ["average", "averages", "averaged", "averaging", "on average", "per game", "a game", "median"],
    "growth": ["grew", "growth", "rose", "rise", "increase", "increased", "up", "gained", "jumped", "surged"],
    "decline": ["fell", "fall", "drop", "dropped", "declined", "decline", "down", "plunged", "slid", "tumbled"],
}

# Only these measures split counts: "5 people killed" vs "5 people injured", "averaging 20 points" vs
# "scored 9 points". Otherwise the counted noun ("chip", "follower") already says what is counted.
COUNT_MEASURES = frozenset({"deaths", "injuries", "shot", "missing", "arrests", "jobs", "average"})

# Capitalised words that are not what a figure is about.
_NOT_SUBJECTS = frozenset("""
the a an this that these those it its in on at for to of and or but so if as by with from after before during
he she they we i you his her their our my your there here what when where why how who which while
mr mrs ms dr sir ceo cfo cto coo chief executive president chairman founder co-founder minister
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december jan feb mar apr jun jul aug sep sept oct nov dec
ai llm agi phd gdp ipo inc ltd corp co plc llc group share this article image credit read more
last next first new according also just however meanwhile instead still even already later earlier
under over between through across against since until without within among amid despite toward towards beyond
behind near upon like unlike via besides around along inside outside throughout
""".split())

_NAME = re.compile(r"(?:[A-Z][\w’'&.-]*[\w]|[A-Z])(?:[ \t]+(?:(?:of|de|la|du|van|von|al)[ \t]+)?(?:[A-Z][\w’'&.-]*[\w]|[A-Z]))*")
_POSSESSIVE = re.compile(r"[’']s?$")
_CLAUSE_BREAK = re.compile(r"[;:—–]|,[ \t]+(?=(?:while|but|whereas|which|who|although|though|as|after|before|"
                           r"compared|up from|down from|versus|and the|meanwhile)\b)|\([^)]*\)|[ \t]-[ \t]")


_DEMONYM_ENDINGS = ("ican", "ese", "ian", "ern", "ish")
_NUMBER_WORDS = frozenset(list(lx.ONES) + list(lx.TENS) + list(lx.WORD_SCALES) + list(lx.VAGUE_PLURALS)
                          + ["half", "dozens", "several", "few", "couple"])


@lru_cache(maxsize=1)
def _common_words() -> frozenset:
    """quantulum3's list of common English words: a capitalised one opening a sentence is no name."""
    from quantulum3 import load as q3load

    path = q3load.TOPDIR / "_lang" / "en_US" / "common-words.json"
    with open(path, encoding="utf-8") as fh:
        return frozenset(w for words in json.load(fh).values() for w in words)


@dataclass
class Keying:
    """What a pack tells the keyer: aliases, extra measure words, names that are not subjects."""

    aliases: dict[str, str] = field(default_factory=dict)  # variant (lower) -> canonical name
    measures: dict[str, str] = field(default_factory=dict)  # word (lower) -> canonical measure
    not_subjects: frozenset = frozenset()

    # Compiled when first used: a re-run with nothing changed keys nothing (and a run compiles its own). Kept
    # by hand, not by cached_property: compiled (mypyc) classes have no instance dict for it to fill.
    _patterns: dict[str, re.Pattern | None] = field(default_factory=dict, repr=False, compare=False)

    @property
    def alias_re(self) -> re.Pattern | None:
        if "alias" not in self._patterns:
            self._patterns["alias"] = _alias_pattern(self.aliases)
        return self._patterns["alias"]

    @property
    def measure_re(self) -> re.Pattern:
        pattern = self._patterns.get("measure")
        if pattern is None:
            pattern = self._patterns["measure"] = _measure_pattern(self.measures)
        return pattern

    @classmethod
    def build(cls, aliases: dict[str, list[str]] | None = None, measures: dict[str, list[str]] | None = None,
              not_subjects=()) -> "Keying":
        alias_map = {}
        for canonical, variants in (aliases or {}).items():
            for v in [canonical, *variants]:
                if v.strip():  # an empty variant would match nothing, or everything
                    alias_map[_norm(v)] = canonical
        measure_map = {}
        for table in (DEFAULT_MEASURES, measures or {}):
            for canonical, words in table.items():
                for w in words:
                    measure_map[w.lower()] = canonical
        return cls(alias_map, measure_map, frozenset(w.lower() for w in not_subjects))


def _alias_pattern(aliases: dict[str, str]) -> re.Pattern | None:
    if not aliases:
        return None
    alts = sorted(aliases, key=len, reverse=True)
    body = "|".join(re.escape(a).replace("\\ ", r"[ \t]+").replace("'", "['’]") for a in alts)
    # Opening on the aliases' first letters lets re skip ahead in C (an alternation under IGNORECASE cannot).
    firsts = {a[0] for a in alts} | ({"’"} if any(a[0] == "'" for a in alts) else set())
    return re.compile("(?=[" + "".join(sorted(map(re.escape, firsts))) + r"])(?<![\w])(?:" + body + r")(?![\w])",
                      re.IGNORECASE)


def _measure_pattern(measures: dict[str, str]) -> re.Pattern:
    # A trie of the words in their usual cases: far faster than an IGNORECASE list (see lexicon.trie).
    return re.compile(r"(?<![A-Za-z-])" + lx.trie(lx.cases(measures)) + r"(?![A-Za-z-])")


_SPACES = re.compile(r"\s+")
_QUOTE = re.compile(r"[’']")


@lru_cache(maxsize=1 << 16)  # the same few names come back in every sentence
def _norm(name: str) -> str:
    return _QUOTE.sub("'", _SPACES.sub(" ", name.strip())).lower()


# What stands between an amount and its restatement in another currency: "€20m, or $21.6m", "$600bn (£482bn)".
EQUIVALENT_BETWEEN = re.compile(r"^[\s(,;:]*(?:or|about|around|roughly|some|approximately|equivalent to|worth|i\.e\.)?"
                                r"[\s(]*$", re.IGNORECASE)
EQUIVALENT_GAP = 6  # characters, at most, between an amount and its restatement


def converts(before: Mention, m: Mention, gap: int = EQUIVALENT_GAP) -> bool:
    """Whether ``m`` restates the amount ``before`` it in another currency ("€110 billion ($143 billion)"; also
    where the first amount's currency sign was lost in the copy: "a? 110 - billion ($143 - billion)")."""
    width = m.start - before.end
    if m.kind is not Kind.money or not 0 <= width <= gap:
        return False
    signless = before.kind is Kind.number and before.value is not None and before.value >= _SIGNLESS_AMOUNT
    if not signless and (before.kind is not Kind.money or before.unit == m.unit):
        return False
    between = _between(before, m, width)
    if between is None:
        return False
    if signless:
        return between.strip() == "("  # in brackets only: "110 billion ($143 billion)"
    # A bare comma lists amounts ("stole 143,000 yuan, 80,000 Hong Kong dollars and ..."), it restates none.
    return between.strip() != "," and bool(EQUIVALENT_BETWEEN.match(between))


_SIGNLESS_AMOUNT = 1e6  # a bare number this large, an amount in brackets after it: its currency sign was lost


def _between(before: Mention, m: Mention, width: int) -> str | None:
    """The text between two mentions, found in ``m``'s sentence (a long sentence gives each mention its own
    window): where ``before`` stands, then ``width`` characters, then ``m``; None where they are not so."""
    text = m.sentence
    at = text.find(before.surface)
    while at >= 0:
        end = at + len(before.surface)
        if text.startswith(m.surface, end + width):
            return text[end:end + width]
        at = text.find(before.surface, at + 1)
    return None


def dimension_of(m: Mention) -> str:
    if m.kind is Kind.money:
        return "money"
    if m.kind is Kind.count:
        return f"count:{m.unit}"
    return f"{m.kind.value}:{m.unit}"


def key_claims(article: Article, mentions: list[Mention], keying: Keying | None = None) -> list[Claim]:
    """One Claim per amount-bearing mention (dates and bare numbers carry no claim)."""
    keying = keying or DEFAULT_KEYING
    claims = []
    repeated = _RepeatedWords(article.text)
    before_sentence: dict[int, tuple[str, ...]] = {}  # names of the sentence before the one at an offset
    info: _Sentence | None = None
    previous_subjects: tuple[str, ...] = ()
    # The mention before each, bare numbers too: "110 billion ($143 billion)" restates an amount whose sign was lost.
    prior = [mentions[k - 1] if k else None for k, m in enumerate(mentions) if m.kind not in CLAIMLESS_KINDS]
    mentions = [m for m in mentions if m.kind not in CLAIMLESS_KINDS]
    for i, m in enumerate(mentions):
        if info is None or info.text != m.sentence:
            if info is not None and info.names:
                previous_subjects = tuple(dict.fromkeys(n for _, _, n in info.names))
            info = _Sentence(m.sentence, keying, repeated)
            # Where each figure of the sentence stands in it: a name inside a figure's own words ("2,048
            # Nvidia H800 GPUs") says what that figure counts, not what the sentence's other figures are about.
            first = i
            spans: list[tuple[int, int]] = []
            while i + len(spans) < len(mentions) and mentions[i + len(spans)].sentence == m.sentence:
                surface = mentions[i + len(spans)].surface
                where = info.text.find(surface)
                spans.append((where, where + len(surface)) if where >= 0 else (-1, -1))
            inside = {p for p in info.names if any(a <= p[0] < b for a, b in spans)}
            figures = [_figure_key(x) for x in mentions[first:first + len(spans)]]
        lo, hi = spans[i - first]
        at = lo
        if m.kind is Kind.count and lo >= 0 and (_CITED.match(info.text, hi) or m.unit == "source"
                                                 or m.value == 1 and _ONE_SAID.match(info.text, hi)
                                                 or _ACCORDING_TO.search(info.text, max(0, lo - 20), lo)):
            continue  # whom a report cites (_CITED)
        cs, ce = info.clause(at) if at >= 0 else (0, len(info.text))
        outside = [p for p in info.names if p not in inside]
        in_clause = sorted((p for p in outside if cs <= p[0] < ce), key=lambda p: abs(p[0] - at))
        subjects = tuple(dict.fromkeys([n for _, _, n in in_clause] + [n for _, _, n in outside]))
        if not subjects:
            at_sentence = article.text.rfind(m.sentence[:40], 0, m.start + len(m.sentence)) if m.sentence else -1
            if at_sentence not in before_sentence:
                before_sentence[at_sentence] = _previous_sentence_subjects(article.text, at_sentence, keying)
            subjects = before_sentence[at_sentence] or previous_subjects
        if m.kind is Kind.duration:
            measure = "duration"
        elif m.kind is Kind.count:
            # "killed 5 people", "5 people were injured": only a word right beside the count says what happened
            near = info.count_measure(at, lo, hi, max(cs, lo - _COUNT_REACH), min(ce, hi + _COUNT_REACH))
            measure = near if near in COUNT_MEASURES else ""
        else:
            measure = info.measure(at, lo, hi, cs, ce)
        if at >= 0:
            # The words between two figures of the sentence: the nearer half belongs to each.
            left_end = max((b for a, b in spans if 0 <= b <= lo), default=-1)
            right_start = min((a for a, b in spans if a >= hi), default=-1)
            whole = any(x.kind is m.kind and x.unit == m.unit for x in mentions[first:i])
            before, after, role = info.context(lo, hi, m, keying, subjects, left_end, right_start, spans, whole)
        else:
            before, after, role = "", "", ""
        if not role and at >= 0 and _FORECASTERS.search(info.text, cs, lo) and _EXPECTATION.search(info.text, cs, lo):
            role = "forecast"  # "economists had expected 845,000 jobs": what was expected, not what happened
        if m.unit in ("vote", "score") and m.kind is Kind.count:
            side = _tally_role(mentions, i)
            if side:
                role = side  # "voted 70-30": 70 is only ever compared with a first side, 30 with a second
        if m.change == "from":
            role = "change from"  # the old value of a change: never set against another article's level
        elif (earlier := prior[i]) is not None and converts(earlier, m):
            role = "conversion"  # "€110 billion ($143 billion)": the same amount at some rate, not a fact of its own
        if m.kind in _MODIFIER_KINDS and at >= 0:
            head = _compound_head(info.text, hi, m.surface)
            if head:  # "a 41-yard pass": one pass's length, never a total of yards
                measure, role = head, f"modifier of {head}"
        if at >= 0 and m.kind is Kind.quantity and m.unit in _length_units():
            place = _FROM_PLACE.match(info.text, hi)
            if place:  # "13 miles east of Cloverdale": a distance is from somewhere; matching keeps places apart
                after = f"{PLACE_PREFIX}{'-'.join(_POSSESSIVE.sub('', place.group(1).rstrip('.,')).lower().split())} {after}".rstrip()
        person = _age_holder(info.text, lo, hi, info.names) if m.unit == "year of age" and at >= 0 else ""
        alongside = "; ".join(f for at_, f in enumerate(figures) if f and at_ != i - first)
        claims.append(Claim(mention=m, subjects=subjects, measure=measure, dimension=dimension_of(m),
                            outlet=article.outlet, date=article.date, before=before, after=after, role=role,
                            person=person, alongside=alongside))
    return claims


def _tally_role(mentions: list[Mention], i: int) -> str:
    """'first side of a tally' or 'second side of a tally' for one side of a vote's tally or a game's score ("70-30",
    "21 to 19", "won 24-17"), by its place: the figures of a tally keep their order when a figure changes, and say which side is which."""
    m = mentions[i]
    for j, role in ((i + 1, "first side of a tally"), (i - 1, "second side of a tally")):
        if 0 <= j < len(mentions):
            o = mentions[j]
            if o.unit == m.unit and o.sentence == m.sentence and 0 <= (o.start - m.end if j > i else m.start - o.end) <= 5:
                return role
    return ""


# The place a distance is measured from: "13 miles east of Cloverdale", "10 km (6 miles) southeast of Banda Aceh",
# "two miles from The Geysers"; not "miles off the coast", "north of the capital" (no name).
_FROM_PLACE = re.compile(r"(?:[ \t]*\([^()]{0,30}\)|\))?[ \t]*(?:(?:due[ \t]+)?(?:north|south|east|west)(?:-?(?:east|west))?"
                         r"(?:ward)?[ \t]+|away[ \t]+)?(?:of|from|outside)[ \t]+(?:[Tt]he[ \t]+|downtown[ \t]+)?"
                         r"([A-Z][\w’'.-]*(?:[ \t]+[A-Z][\w’'.-]*){0,3})")
PLACE_PREFIX = "from-"  # the first word after a distance that names the place it is measured from: "from-cloverdale"


@lru_cache(maxsize=1)
def _length_units() -> frozenset:
    surfaces, _, _ = lx.unit_index()
    return frozenset(info.name for info in surfaces.values() if info.entity == "length") - {"yard"}  # yards: a game's


# A count of the people a report cites is no fact of the story: "two people familiar with the matter", "three
# officials, who spoke on condition of anonymity, said", "according to (the) two sources", "citing two people";
# and a lone unnamed source, "one person said". Not "two women who say they were assaulted", "300 people say
# they were harmed", "three men who police said were armed": counts of what the story is about.
_CITED = re.compile(r"[ \t]*,?[ \t]+(?:familiar|close[ \t]+to|briefed|knowledgeable|with[ \t]+(?:direct[ \t]+)?knowledge|"
                    r"aware[ \t]+of|involved[ \t]+in|(?:who[ \t]+)?(?:spoke|speaking|talked|talking)[ \t]+on[ \t]+condition|"
                    r"who[ \t]+(?:asked|requested|declined|did[ \t]+not[ \t]+want))\b", re.IGNORECASE)
_ONE_SAID = re.compile(r"[ \t]+(?:said|says|told|tells)\b(?![ \t]+to\b)", re.IGNORECASE)
_ACCORDING_TO = re.compile(r"\b(?:according[ \t]+to|citing)[ \t]+(?:the[ \t]+)?\Z", re.IGNORECASE)
# A forecast of a figure, in its clause: who forecasts and that they expected it ("Analysts surveyed by Refinitiv
# were expecting 870,000 jobs", "below the 5.7% economists had forecast"). Not "an estimated 200 people".
_FORECASTERS = re.compile(r"\b(?i:analysts?|economists?|forecasters?|strategists?|consensus|wall street)\b")
_EXPECTATION = re.compile(r"\b(?i:expect(?:s|ed|ing|ations?)?|forecast(?:s|ing)?|predict(?:s|ed|ing|ions?)?|"
                          r"projected|projections?|anticipated|looking for|estimates|consensus)\b")


def _figure_key(m: Mention) -> str:
    """A figure as another figure of its sentence: 'value unit' ('' for one without a value)."""
    return f"{m.value!r} {m.unit}" if m.value is not None else ""


class _Sentence:
    """Names, measure words and clause breaks of one sentence, found once for all its mentions."""

    def __init__(self, text: str, keying: Keying, repeated: "_RepeatedWords | None" = None):
        self.text = text
        self._words: list[tuple[int, int, str, str]] | None = None
        self.names = _names(text, keying, repeated)
        self.breaks = [(b.start(), b.end()) for b in _CLAUSE_BREAK.finditer(text)]
        # One regex over the sentence finds the measure words (two-word ones first).
        self.measures = [(w.start(), keying.measures[" ".join(w.group().lower().split())])
                         for w in keying.measure_re.finditer(text)]

    @property
    def words(self) -> list[tuple[int, int, str, str]]:
        """(start, end, lower-cased word, its lemma or '' for a function word) of every word, in order (made
        when first asked)."""
        if self._words is None:
            self._words = self._split()
        return self._words

    def _split(self) -> list[tuple[int, int, str, str]]:
        forms = _WORD_FORMS
        out = []
        text = self.text
        for w in _CONTEXT_WORD.finditer(text):
            word = w.group()
            if word in _MONTH_WORDS:
                day = _DAY_AFTER.match(text, w.end())
                start, end = w.start(), day.end() if day else w.end()
                if day is None and (day := _DAY_BEFORE.search(text, max(0, start - 4), start)):
                    start = day.start()
                if day is not None and not _DATELINE_AFTER.match(text, end):  # a dateline's is the report's day
                    date = f"{_MONTH_NAMES[word[:3].lower()]}-{int(day.group(1))}"
                    out.append((start, end, date, date))
                    continue
            form = forms.get(word)
            if form is None:
                form = _word_form(word)
                if len(forms) < _WORD_FORMS_KEPT:
                    forms[word] = form
            out.append((w.start(), w.end(), *form))
        return out

    def context(self, lo: int, hi: int, m: Mention, keying: Keying, subjects=(), left_end: int = -1,
                right_start: int = -1, spans=(), whole: bool = True) -> tuple[str, str, str]:
        """(before, after, role) of the figure at [lo, hi): the lemmas of the content words either side,
        nearest first (words inside the figure that are not its number or unit come first after it;
        the nearest name it is about, from the sentence before when its own has none, last before it),
        and its role in the sentence: a part of a total, a change, or neither."""
        words = self.words
        first = bisect.bisect_left(words, (lo,))
        last = bisect.bisect_left(words, (hi,))
        inside = [lemma for _, _, low, lemma in words[first:last]
                  if lemma and m.kind is not Kind.money and m.unit not in (lemma, lx.singular(low))]
        aliases = keying.aliases
        lo_word = 0
        if left_end >= 0:  # another figure before: the nearer half of the words between is this one's
            after_other = bisect.bisect_left(words, (left_end,))
            lo_word = after_other + (first - after_other + 1) // 2
        hi_word = len(words)
        if right_start >= 0:  # a word as near to both is the first figure's ("14 were killed and 45 ...")
            before_other = bisect.bisect_left(words, (right_start,))
            hi_word = last + (before_other - last + 1) // 2
        others = [(a, b) for a, b in spans if a >= 0 and (a, b) != (lo, hi)]

        def lemmas(span) -> list[str]:
            return [aliases.get(lem, lem).lower() for start, _, _, lem in span
                    if lem and not any(a <= start < b for a, b in others)]

        left = lemmas(reversed(words[lo_word:first]))[:_CONTEXT_SPAN]
        right = (inside + lemmas(words[last:hi_word]))[:_CONTEXT_SPAN]
        # Past a neighbouring figure: the sentence's words still say what it is about, as a whole.
        far_left = lemmas(reversed(words[max(0, lo_word - _CONTEXT_SPAN):lo_word]))
        far_right = lemmas(words[hi_word:hi_word + _CONTEXT_SPAN])
        for name in subjects[:1]:
            for part in name.lower().split():
                if part not in left and part not in far_left and part not in _CONTEXT_STOP:
                    far_left.append(part)
        near_left = [low for _, _, low, _ in reversed(words[max(0, first - 3):first])]
        near_right = [low for _, _, low, _ in words[last:last + 2]]
        own = [low for _, _, low, _ in words[first:last] if low not in _NUMBER_WORDS and low not in lx.WORD_SCALES]
        if own[:1] and own[0] in lx.MORE_WORDS:
            near_right = ["more"]  # "six other ministers", "two more suspects": beyond those counted already
        elif own[:2] == ["of", "the"] or not own and m.kind is Kind.count and near_right == ["of", "the"]:
            near_right = ["each"]  # "seven of the men", "11 of the 63 patients": a part of those
            # ("three of his children" is no part: often the same three another article gives as "his three children")
        return (" ".join(left + ["/"] + far_left if far_left else left),
                " ".join(right + ["/"] + far_right if far_right else right),
                _role(near_left, near_right, self.text[max(0, lo - 24):lo], whole))

    def clause(self, at: int) -> tuple[int, int]:
        start, end = 0, len(self.text)
        for bs, be in self.breaks:
            if be <= at and not (self.text[bs] == "(" and be > at):
                start = be
            elif bs >= at:
                end = bs
                break
        return start, end

    def count_measure(self, at: int, lo: int, hi: int, a: int, b: int) -> str:
        """What befell what a count counts ("killed 5 people", "5 people were injured"): the nearest measure word
        in [a, b) before it, unless an "and" or a comma stands between them and one follows it ("14 people
        were killed and 45 people were injured": the 45 were injured). A part befell what its total did ("killed
        213 people, including 12 Americans, and injured 4,500": the 12 were killed)."""
        before = [(p, c) for p, c in self.measures if a <= p < at and not (lo <= p < hi)]
        after = [c for p, c in self.measures if max(at, 0) <= p < b and not (lo <= p < hi)]
        if before and not (after and _COORDINATED.search(self.text, before[-1][0], lo)
                           and not _PART_LEAD.search(self.text, max(0, lo - 30), lo)):
            return before[-1][1]
        return after[0] if after else ""

    def measure(self, at: int, lo: int, hi: int, cs: int, ce: int, fallback: bool = True) -> str:
        """Nearest measure word before the number in its clause, else after; then the same in the sentence."""
        for a, b in ((cs, ce), (0, len(self.text))) if fallback else ((cs, ce),):
            before = [c for p, c in self.measures if a <= p < at and not (lo <= p < hi)]
            if before:
                return before[-1]
            after = [c for p, c in self.measures if max(at, 0) <= p < b and not (lo <= p < hi)]
            if after:
                return after[0]
        return ""


def clause_of(sentence: str, surface: str) -> str:
    """The clause of ``sentence`` that holds ``surface`` (the whole sentence if it is not found)."""
    at = sentence.find(surface)
    if at < 0:
        return sentence
    info = _Sentence.__new__(_Sentence)
    info.text = sentence
    info.breaks = [(b.start(), b.end()) for b in _CLAUSE_BREAK.finditer(sentence)]
    start, end = info.clause(at)
    return sentence[start:end]


class _RepeatedWords:
    """Capitalised words the article uses more than once: a one-off line label ("Shr", "Revs", "NOTE")
    opening a table row is no subject, a company named again further on is. Counted when first asked:
    many articles never need it."""

    __slots__ = ("text", "words")

    def __init__(self, text: str):
        self.text = text
        self.words: frozenset[str] | None = None

    def __contains__(self, word: str) -> bool:
        if self.words is None:
            self.words = frozenset(w for w, n in Counter(_CAPWORD.findall(self.text)).items() if n > 1)
        return word in self.words


def _weak_opener(name: str, repeated: _RepeatedWords | None, after: str) -> bool:
    """A one-word name opening a sentence that is likely no name: a common word ("Some", "Unlike"),
    or a row label followed by its figure ("Shr 34 cts", "NOTE: ...") that the article does not use again."""
    if len(name) <= 6 and _LABEL_TAIL.match(after):
        return True  # "Shr 34 cts", "NOTE: ..."
    if len(name) <= 4 and _SHORT_LABEL_TAIL.match(after) and _ROW.search(after):
        return True  # a results row: "Shr loss 34 cts vs profit 23 cts"
    # The common-word test first: counting the article's words is the dearer one.
    return name.lower() in _common_words() and (repeated is None or name not in repeated)


def _names(text: str, keying: Keying, repeated: _RepeatedWords | None = None) -> list[tuple[int, int, str]]:
    """(start, end, canonical name) of every subject named in the text, in order."""
    found: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    if keying.alias_re is not None:
        for a in keying.alias_re.finditer(text):
            found.append((a.start(), a.end(), keying.aliases[_norm(a.group())]))
            taken.append((a.start(), a.end()))
    for n in _NAME.finditer(text):
        s, e = n.start(), n.end()
        if any(ts <= s < te for ts, te in taken):
            continue
        name = _POSSESSIVE.sub("", n.group()).strip(".’'")
        parts = name.split()
        opens = s == 0  # the name opens the sentence (not once words before it are dropped)
        if len(parts) >= 3 and parts[1] == "of" and lx.singular(parts[0]) not in (None, parts[0].lower()) \
                and parts[0].lower() in _common_words():
            del parts[:2]  # "Shares of Nvidia", "Thousands of Iranians": the name is after "of"
            opens = False
        while parts and parts[0].lower() in _NOT_SUBJECTS and not (parts[0] == "New" and len(parts) > 1 and (
                s > 0 or parts[1].lower() not in _common_words())):
            parts.pop(0)  # but "New York", "New Zealand" (not "New Research", at a sentence's start)
        while parts and parts[-1].lower() in _NOT_SUBJECTS:
            parts.pop()
        name = " ".join(parts)
        if len(name) < 2 or name.lower() in keying.not_subjects:
            continue
        if len(parts) == 1 and (name.lower().endswith(_DEMONYM_ENDINGS) or name.lower() in _NUMBER_WORDS or  (opens and _weak_opener(name, repeated, text[e:e + 60]))):
            continue  # "American", "Chinese"; a sentence-initial "Some", "Unlike"
        canonical = keying.aliases.get(_norm(name), name)
        found.append((s, e, canonical))
        owner = _OWNER.match(name) if canonical == name and ("'" in name or "’" in name) else None
        if owner:
            found.append((s, e, keying.aliases.get(_norm(owner.group(1)), owner.group(1))))  # "DeepSeek’s R1"
    found.sort()
    return found


_OWNER = re.compile(r"(.+?)[’']s\b")


# What may stand between a name and its age: "Reid, 33", "Bowe, aged 41", "Reid (33)", "Bowe, the 41-year-old";
# "the 33-year-old actress Tara Reid", "a six-year-old Cuban boy, Elian Gonzalez".
_NAME_THEN_AGE = re.compile(r"[ \t]*(?:,[ \t]*(?:(?P<article>the|a|an)[ \t]+|(?:aged|age)[ \t]+)?|\([ \t]*)\Z")
# After "Name, the 41-year-old ...", the apposition closes with a comma within a few words ("..., the 41-year-old
# American, fought"); "In New York City, a 45-year-old man was arrested" has none: the city is no person.
_APPOSITION_CLOSES = re.compile(r"(?:[ \t]+[\w’'-]+){1,4}[ \t]*,")
_OPENING_NAME = re.compile(r"\A([A-Z][\w’'-]+),[ \t]\Z")
# A name up to its first lower-case word other than a particle ("Bill de Blasio", "Ursula von der Leyen").
_PERSON = re.compile(r"\S+(?:[ \t]+(?:(?:de|da|del|della|di|du|la|le|van|von|der|den|ten|bin|al|el|dos|das)[ \t]+)*"
                     r"[^\W\d_a-z][\w’'.-]*)*")
_AGE_THEN_NAME = re.compile(r"[ \t]*(?:[ \t][\w’'-]+){0,3}[ \t]*,?[ \t]*\Z")
_WORDS = re.compile(r"[\w’'-]+")


_NEXT_WORD = re.compile(r"[ \t]+([a-z][\w’'-]*)")


def _modifies(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` qualifies the noun after it ("a 66-year-old Uber Eats driver",
    "a 28-year-old Minneapolis woman"): the word after it is a lower-case content word in its dictionary
    form, as such a noun is; not a function word ("Tara Reid said", "Elian Gonzalez was") or an inflected
    verb ("Mohammad Anwar died")."""
    if text[end - 2:end] in ("'s", "’s"):
        return False  # "the 32-year-old Klitschko's third win": the name owns, it qualifies nothing
    word = _NEXT_WORD.match(text, end)
    return word is not None and word.group(1) not in _CONTEXT_STOP and lx.lemma(word.group(1)) == word.group(1)


def _age_holder(text: str, lo: int, hi: int, names: list[tuple[int, int, str]]) -> str:
    """The person an age is of: the name set right before it or a few words after it, else ''. Not the
    clause's nearest name: in "Reid's rep Jack Ketsoyan said the 33-year-old ..." the age is no one's; nor a
    name past a function word ("the 45-year-old was interviewed by Smith", "the 91-year-old told CNN")."""
    before = []
    for s, e, n in names:
        between = _NAME_THEN_AGE.match(text[e:lo]) if e <= lo else None
        if between and (not between.group("article") or _APPOSITION_CLOSES.match(text, hi)):
            before.append(n)
    after = [(text[hi:s].rstrip().endswith(","), n) for s, e, n in names if s >= hi
             and _AGE_THEN_NAME.match(text[hi:s])
             and not any(w.lower() in _CONTEXT_STOP or w[:1].isdigit() for w in _WORDS.findall(text[hi:s]))
             and not _modifies(text, e)]
    # "Peterson, 32, was convicted": a name opening the sentence, set off by commas with the age alone.
    opener = _OPENING_NAME.match(text[:lo]) if text[lo:hi].isdigit() else None
    # A name set off by a comma is the apposition's ("a six-year-old Cuban boy, Elian Gonzalez").
    name = before[-1] if before else opener.group(1) if opener else next(
        (n for comma, n in after if comma), after[0][1] if after else "")
    person = _PERSON.match(name) if name else None
    return person.group() if person else ""  # "Christopher Simpson of Fort Coffee": the person


def _previous_sentence_subjects(text: str, at: int, keying: Keying) -> tuple[str, ...]:
    """Names in the sentence before the one that starts at ``at``."""
    if at <= 0:
        return ()
    before = text[max(0, at - 600):at].rstrip()
    # The sentence before: from the last sentence end in the window.
    cut = max(before.rfind(". ", 0, len(before) - 1), before.rfind("\n"), before.rfind("? "), before.rfind("! "))
    prev = before[cut + 1:] if cut >= 0 else before
    return tuple(dict.fromkeys(n for _, _, n in _names(prev, keying)))


_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
_LABEL_TAIL = re.compile(r":|[ \t]*[\d$(]")
_SHORT_LABEL_TAIL = re.compile(r"[ \t]+[a-z]+[ \t]+[\d$(]")
_ROW = re.compile(r"\b(?:vs|VS|Vs)\b")
_CAPWORD = re.compile(r"\b[A-Z][\w’'&.-]*\w")
_COORDINATED = re.compile(r",|\band\b")  # between a measure word and a count: the word is the previous conjunct's
_COUNT_REACH = 30  # characters either side of a count where its measure word may stand
_MODIFIER_KINDS = (Kind.count, Kind.quantity, Kind.duration)
_HYPHENATED_UNIT = re.compile(r"\d-[A-Za-z]+\Z")
_HEAD_WORD = re.compile(r"(-old\b)|[ \t]+([a-z][a-z-]+)\b")
_FUNCTION_WORDS = frozenset("a an and or but the to of in on at for from with by as than that which who "
                            "is are was were be been has have had will would".split())
# What opens a part of a total just counted: "including 12 Americans", "among them 3 children".
_PART_LEAD = re.compile(r"\b(?:including|among(?:[ \t]+(?:them|whom|those))?)[ \t]+"
                        r"(?:(?:at[ \t]+least|about|some|nearly|more[ \t]+than)[ \t]+)?\Z", re.IGNORECASE)


def _compound_head(sentence: str, end: int, surface: str) -> str:
    """The noun a hyphenated figure modifies: "a 28-yard pass" -> pass, "a 10-year plan" -> plan.

    Such a figure describes one thing among many of its kind (each pass has its length), so it is
    compared only with figures modifying the same noun, never with totals ("329 yards").
    """
    if not _HYPHENATED_UNIT.search(surface):
        return ""
    w = _HEAD_WORD.match(sentence, end)
    if w is None:
        return ""
    if w.group(1):
        return "age"  # "a 5-year-old"
    return "" if w.group(2) in _FUNCTION_WORDS else w.group(2)


# Words either side of a figure that say what it is about, for the matching stage (numcheck.matching).
_CONTEXT_SPAN = 10
_CONTEXT_WORD = re.compile(r"[A-Za-z][\w'’-]*|(?<![\d.,])(?:1[89]|20)\d\d(?!\d|[.,]\d)")
# A date of a month ("March 9", "Feb. 14", "9 March") is one word, "march-9": it anchors a figure in time, as a
# year does ("the March 9 week" is not "the March 23 week"). Looked for only beside a month's name.
_MONTH_NAMES = {m[:3].lower(): m.lower() for m in "January February March April May June July August September "
                "October November December".split()}
_MONTH_WORDS = frozenset(m.capitalize() for m in lx.MONTHS)  # as a date writes them: "March", "Feb", "Sept"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])"
_DAY_AFTER = re.compile(rf"\.?\s+({_DAY})(?![\d:]|[.,]\d)")
_DAY_BEFORE = re.compile(rf"(?<![\d.,])({_DAY})\s+\Z")
# What follows a dateline's date: the agency, then a dash ("LONDON, August 19 (Xinhua) --", "March 2 -").
_DATELINE_AFTER = re.compile(r"[ \t]*(?:\([^()\n]{1,30}\)[ \t]*)?(?:--|—|–|_|-[ \t])")
# English function words and reporting verbs: they say nothing about what a figure counts. Not fitted to any
# corpus: closed-class words of any English text.
_CONTEXT_STOP = frozenset("""
a an the this that these those it its it's they them their there here he she his her him we our us you your i me
my who whom whose which what when where why how than then so as at by for from in into of off on onto out over
under up down to with within without about above after again against all also am and any are aren't be because
been before being below between both but can cannot could did do does doing during each few further had has
have having if is isn't just more most no nor not now only or other own same should some such too until very was
wasn't were will would yet while once upon via per among amid across along around since through though although
whether either neither may might must shall say says said saying tell told according mr mrs ms dr
""".split())
_UNIT_WORDS = frozenset({"percent", "per cent", "cent", "pct"})
# "one in 10 Americans", "1 out of 5 adults": the figure is a proportion's denominator, not a count.
_RATIO_BEFORE = re.compile(r"(?<![\w.,])(?:one|\d+)\s+(?:in|out\s+of)\s+\Z", re.IGNORECASE)
_PART_BEFORE = frozenset({"including", "includes", "include", "among", "of"})
_CHANGE_BEFORE = frozenset({"another", "additional", "extra", "further", "net", "more"})
_CHANGE_VERBS = frozenset("""rise rose risen fall fell fallen increase increased decrease decreased drop dropped grow
grew grown jump jumped climb climbed decline declined gain gained lose lost cut raise raised reduce reduced boost
boosted slip slipped slide slid surge surged soar soared plunge plunged tumble tumbled up down gain gains rise
rises increase increases decrease decreases drop drops jump jumps cut cuts reduction reductions""".split())


def _role(near_left: list[str], near_right: list[str], just_before: str = "", whole: bool = True) -> str:
    """A figure's role from the words right beside it: 'part' of a total ("including 5", "5 of whom",
    "5 each"), a 'change' ("another 5", "a net loss of 5", "rose by 5", "an increase of 5", "5 more"),
    a proportion's denominator, 'ratio' ("one in 10", "1 out of 5": ``just_before``, the text before
    it, since words hold no digits), or '' (a total or level)."""
    if _RATIO_BEFORE.search(just_before):
        return "ratio"
    # "including 12 people" after "65 people" is a part; with no whole of its unit before it in the sentence
    # ("57 to 43, including 7 Republicans", "the bill includes $2,000 checks"), the total of what it counts.
    if near_left and near_left[0] in _PART_BEFORE and near_left[0] != "of" and whole or near_right[:1] == ["each"] \
            or near_right[:2] in (["of", "whom"], ["of", "which"], ["of", "them"]):
        return "part"
    if near_left and (near_left[0] in _CHANGE_BEFORE or "net" in near_left
                      or near_left[0] in ("by", "of") and near_left[1:2] and near_left[1] in _CHANGE_VERBS) \
            or near_right[:1] == ["more"]:
        return "change"
    return ""


# A word as written -> (lower-cased, lemma or ''): news repeats its words, and each sentence with a
# figure reads all of its own (keying's hottest loop).
_WORD_FORMS: dict[str, tuple[str, str]] = {}
_WORD_FORMS_KEPT = 200_000


def _word_form(word: str) -> tuple[str, str]:
    """(lower-cased word without its possessive, its lemma or '' for a function word) of a word as written."""
    low = word.lower().rstrip("'’").replace("’", "'")
    if low.endswith("'s"):
        low = low[:-2]
    if low in _CONTEXT_STOP or low in _NUMBER_WORDS or low in lx.WORD_SCALES or low in _UNIT_WORDS:
        return low, ""
    return low, lx.lemma(low) if word.islower() else low  # a name is kept as written ("AI" is no form of "be")


DEFAULT_KEYING = Keying.build()
