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

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

from numcheck.models import Article, Claim, Kind, Mention

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
                     "wipeout", "wipe", "lost", "losing", "loses", "shed", "erased", "rout", "sell-off"],
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
    "share price": ["shares", "stock", "stocks", "share price"],
    "deaths": ["killed", "dead", "died", "deaths", "death toll", "fatalities", "killing", "kill", "victims"],
    "injuries": ["injured", "wounded", "hurt", "injuries"],
    "missing": ["missing"],
    "arrests": ["arrested", "detained", "arrests", "captured"],
    "magnitude": ["magnitude", "quake", "earthquake"],
    "jobs": ["layoffs", "laid off", "hired"],
    "growth": ["grew", "growth", "rose", "rise", "increase", "increased", "up", "gained", "jumped", "surged"],
    "decline": ["fell", "fall", "drop", "dropped", "declined", "decline", "down", "plunged", "slid", "tumbled"],
}

# Only these measures split counts: "5 people killed" vs "5 people injured". Otherwise the counted
# noun ("chip", "follower") already says what is counted.
COUNT_MEASURES = frozenset({"deaths", "injuries", "missing", "arrests", "jobs"})

# Capitalised words that are not what a figure is about.
_NOT_SUBJECTS = frozenset("""
the a an this that these those it its in on at for to of and or but so if as by with from after before during
he she they we i you his her their our my your there here what when where why how who which while
mr mrs ms dr sir ceo cfo cto coo chief executive president chairman founder co-founder minister
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december jan feb mar apr jun jul aug sep sept oct nov dec
ai llm agi phd gdp ipo inc ltd corp co plc llc group share this article image credit read more
last next first new according also just however meanwhile instead still even already
""".split())

_NAME = re.compile(r"(?:[A-Z][\w’'&.-]*[\w]|[A-Z])(?:[ \t]+(?:(?:of|de|la|du|van|von|al)[ \t]+)?(?:[A-Z][\w’'&.-]*[\w]|[A-Z]))*")
_POSSESSIVE = re.compile(r"[’']s?$")
_CLAUSE_BREAK = re.compile(r"[;:—–]|,[ \t]+(?=(?:while|but|whereas|which|who|although|though|as|after|before|"
                           r"compared|up from|down from|versus|and the|meanwhile)\b)|\([^)]*\)|[ \t]-[ \t]")


_DEMONYM_ENDINGS = ("ican", "ese", "ian", "ern", "ish")


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

    @classmethod
    def build(cls, aliases: dict[str, list[str]] | None = None, measures: dict[str, list[str]] | None = None,
              not_subjects=()) -> "Keying":
        alias_map = {}
        for canonical, variants in (aliases or {}).items():
            for v in [canonical, *variants]:
                alias_map[_norm(v)] = canonical
        measure_map = {}
        for table in (DEFAULT_MEASURES, measures or {}):
            for canonical, words in table.items():
                for w in words:
                    measure_map[w.lower()] = canonical
        return cls(alias_map, measure_map, frozenset(w.lower() for w in not_subjects))

    def alias_pattern(self) -> re.Pattern | None:
        if not self.aliases:
            return None
        alts = sorted(self.aliases, key=len, reverse=True)
        return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(a).replace("\\ ", r"[ \t]+").replace("['’]", "['’]")
                                                      for a in alts) + r")(?![\w])", re.IGNORECASE)


def _norm(name: str) -> str:
    return re.sub(r"[’']", "'", re.sub(r"\s+", " ", name.strip())).lower()


def dimension_of(m: Mention) -> str:
    if m.kind is Kind.money:
        return "money"
    if m.kind is Kind.count:
        return f"count:{m.unit}"
    return f"{m.kind.value}:{m.unit}"


def key_claims(article: Article, mentions: list[Mention], keying: Keying | None = None) -> list[Claim]:
    """One Claim per amount-bearing mention (dates and bare numbers carry no claim)."""
    keying = keying or Keying.build()
    alias_re = keying.alias_pattern()
    claims = []
    sentence_cache: dict[str, tuple[str, ...]] = {}
    previous_subjects: tuple[str, ...] = ()
    previous_sentence = None
    for m in mentions:
        if m.kind in (Kind.date, Kind.number):
            continue
        sentence = m.sentence
        if sentence != previous_sentence and previous_sentence is not None:
            prior = sentence_cache.get(previous_sentence, ())
            if prior:
                previous_subjects = prior
        clause, offset = _clause(sentence, m)
        subjects = _subjects(clause, offset, m, keying, alias_re)
        if sentence not in sentence_cache:
            sentence_cache[sentence] = _subjects(sentence, 0, m, keying, alias_re, whole=True)
        subjects = subjects + tuple(x for x in sentence_cache[sentence] if x not in subjects)
        if not subjects:
            subjects = _previous_sentence_subjects(article.text, m, keying, alias_re) or previous_subjects
        previous_sentence = sentence
        measure = _measure(clause, m, keying, sentence)
        if m.kind is Kind.count and measure not in COUNT_MEASURES:
            measure = ""
        claims.append(Claim(mention=m, subjects=subjects, measure=measure, dimension=dimension_of(m),
                            outlet=article.outlet))
    return claims


def _clause(sentence: str, m: Mention) -> tuple[str, int]:
    """The clause of the sentence holding the mention, and its offset in the sentence."""
    at = sentence.find(m.surface)
    if at < 0:
        return sentence, 0
    start, end = 0, len(sentence)
    for b in _CLAUSE_BREAK.finditer(sentence):
        if b.start() <= at and not (b.group().startswith("(") and b.end() > at):
            start = b.end()
        elif b.start() >= at + len(m.surface):
            end = b.start()
            break
    return sentence[start:end], start


def _subjects(clause: str, offset: int, m: Mention, keying: Keying, alias_re, whole: bool = False) -> tuple[str, ...]:
    """Names in the clause, nearest to the number first; the mention's own words excluded."""
    at = clause.find(m.surface) if not whole else -1
    span = (at, at + len(m.surface)) if at >= 0 else (-1, -1)
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    if alias_re is not None:
        for a in alias_re.finditer(clause):
            found.append((a.start(), keying.aliases[_norm(a.group())]))
            taken.append((a.start(), a.end()))
    for n in _NAME.finditer(clause):
        s, e = n.start(), n.end()
        if span[0] <= s < span[1] or any(ts <= s < te for ts, te in taken):
            continue
        name = _POSSESSIVE.sub("", n.group()).strip(".’'")
        words = [w for w in name.split() if w.lower() not in _NOT_SUBJECTS]
        if not words:
            continue
        # "Sam Altman", "Nvidia": drop leading function words the regex swept in ("The Trump administration")
        while name.split() and name.split()[0].lower() in _NOT_SUBJECTS:
            name = name.split(None, 1)[1] if " " in name else ""
        while name.split() and name.split()[-1].lower() in _NOT_SUBJECTS:
            name = name.rsplit(None, 1)[0] if " " in name else ""
        if not name or name.lower() in keying.not_subjects or len(name) < 2:
            continue
        if " " not in name and (name.lower().endswith(_DEMONYM_ENDINGS) or (s == 0 and name.lower() in _common_words())):
            continue  # "American", "Chinese"; a sentence-initial "Some", "Unlike"
        canonical = keying.aliases.get(_norm(name), name)
        found.append((s, canonical))
        owner = re.match(r"(.+?)[’']s\b", name)
        if owner and canonical == name:
            found.append((s, keying.aliases.get(_norm(owner.group(1)), owner.group(1))))  # "DeepSeek’s R1" -> DeepSeek
    if at >= 0:
        found.sort(key=lambda p: abs(p[0] - at))
    out: list[str] = []
    for _, name in found:
        if name not in out:
            out.append(name)
    return tuple(out)


def _previous_sentence_subjects(text: str, m: Mention, keying: Keying, alias_re) -> tuple[str, ...]:
    at = text.rfind(m.sentence[:40], 0, m.end) if m.sentence else -1
    if at <= 0:
        return ()
    before = text[max(0, at - 600):at].rstrip()
    # The sentence before: from the last sentence end in the window.
    cut = max(before.rfind(". ", 0, len(before) - 1), before.rfind("\n"), before.rfind("? "), before.rfind("! "))
    prev = before[cut + 1:] if cut >= 0 else before
    return _subjects(prev, 0, m, keying, alias_re, whole=True)


def _measure(clause: str, m: Mention, keying: Keying, sentence: str) -> str:
    """The measure word nearest before the number in its clause, else nearest after, else the sentence's."""
    if m.kind is Kind.duration:
        return "duration"
    for text in (clause, sentence):
        at = text.find(m.surface)
        if at < 0:
            at = 0
        before, after = None, None
        words = list(_WORD.finditer(text))
        for i, w in enumerate(words):
            if at <= w.start() < at + len(m.surface):
                continue  # the mention's own words
            one = w.group().lower()
            two = f"{one} {words[i + 1].group().lower()}" if i + 1 < len(words) else ""
            canonical = keying.measures.get(two) or keying.measures.get(one)
            if not canonical:
                continue
            if w.start() < at:
                before = canonical  # keeps the last one before: the nearest
            elif after is None:
                after = canonical
        if before or after:
            return before or after
    return ""


_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
