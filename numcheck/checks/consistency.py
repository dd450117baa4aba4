"""consistency: figures that state the same fact in different articles agree.

What: within each story (numcheck.stories: articles grouped by what they
say; figures of unrelated stories are never compared), the matching stage
(numcheck.matching) pairs figures in different articles that state the same
fact, from what their sentences say (the words
around each figure, weighted by how distinctive they are; its role; a year
or a date beside it; for a distance, the place it is measured from); matched
figures form a group. In each group the value most
articles agree on (within ``rel_tol``) is the consensus, and each figure that
departs from it is flagged against the figure it was matched with. No
capitalised subject or measure word is needed; a pack's aliases make two
names one word for the matching.

Why: restated figures drift ("$5.6 million" here, "$6 million" there).

How figures are read:
- "up to $500bn", "more than $1 trillion", ranges: as intervals; a consensus
  inside the interval agrees, and so does a matched bound that one value
  meets with it ("at least 43 people" beside "at least 40 people"). A
  restatement in another unit is bounded as the figure it restates ("less
  than 25 km (15 miles)").
- reported precision (statcheck's reading of rounding): "$5.6 million" stands
  for [5.55M, 5.65M); "$6 million" for [5.5M, 6.5M); a figure is a rounding
  of another only when it gives fewer significant digits (100,000 is none
  of 50,000). Agreement that only
  rounding explains is flagged at ``vague_severity``, as is a vague or
  approximate figure ("a couple thousand chips") beside a precise one.
- money in two currencies is compared at the ECB reference rate of each
  article's date (numcheck.fx; the pack's FX table where the date or the
  currency is unknown), and flagged only when the figures differ by more
  than ``fx_tol`` (25%): rates drift between the articles' dates.
- updates: two dated articles of different days that differ on a count (or
  a sum) that evolves as a story unfolds (a word of ``evolving`` among either
  figure's own words: killed, injured, missing, arrested, counted, raised;
  not an age or a distance in a sentence about the dead) report an update
  ("162 injured in the report of 1998-10-31 vs 157 on 1998-10-30"), at
  ``update_severity`` (info); reports of the same day stay a conflict. Such
  counts grow: a later report of fewer dead is a conflict (one report is
  wrong or was revised), unless the count is one that may also fall (a word
  of ``evolving_both_ways``: the missing are found, the evacuated go home).
  A person's age grows too: a later report that gives it older by the whole
  years that passed between the reports (or one more: a birthday) is an update.
- severity follows confidence: figures are compared from a match score of
  ``hint_score``; below ``match_threshold`` (a hint) only a loose agreement
  is reported, at info ("a couple thousand chips" beside "2,000 chips"): a
  disagreement matched that weakly is mostly two facts, and no finding; below
  ``confident_score`` a disagreement is a warning, not an error; each
  finding gives its match score and the words the two sentences share.
- figures more than ``far_apart`` (3) times apart are rarely two reports of
  one fact ("$1.5 million" of grants beside "$135 million"; 143 executions in
  a state beside 598 in the country; a vague figure by its nearest bound:
  "hundreds" beside three): their disagreement is info, unless they give
  the same digits at another power of ten, a slip that stays a conflict:
  a thousand (a million...) times ("$5.6 billion" for "$5.6 million"), or
  ten or a hundred times ("$65 million" for "$6.5 million"; a one-digit
  figure, "20,000 homes" for "2,000", only in a match of at least
  ``confident_score``). Figures more than ``near_apart`` (1.6) times apart
  are flagged above info only in a match of ``close_score`` (0.8) or more:
  reports of one fact rarely differ that much, and readers judged none of
  31 such findings real in weaker matches (bench/judgments, dev), where two
  facts are the rule (passengers and crew beside passengers alone); but
  the ages of one named person are one fact however their sentences run
  ("Cheeks, 48" beside "Cheeks, 24"): a person has one age.
- a group in which ``ambiguous_after`` (2) other articles each give several
  different figures may name no single fact: its findings are reported at
  info.
- two articles that differ on every figure of a block matched between them,
  ``differ_after`` (2) or more and none agreeing, more likely report other
  days of a recurring report (a week's oil stocks beside another week's) or
  other companies of one kind than one story with a slip in each figure:
  those disagreements are info. (Dev clusters: one injected conflict of 339
  lost; ../shared/data: 261 of 975 warnings and errors made info, nearly all
  recurring Reuters reports.)
- two ages a year apart, where a report is undated, are info: a birthday may
  fall between the reports (the age at the plea beside the age at the
  trial); of two dated reports, the later older by the time between is an
  update, as above.
- two bounds on one side ("more than 600" beside "more than 640"; "up to
  $10,000" beside "up to $11,000") less than ``bounds_within`` (1.25) times
  apart are info: one value meets both, so neither contradicts the other
  (readers judged such pairs both ways: bench/judgments); bounds further
  apart are compared as values.
- a group in which ``scattered_after`` (4) articles or more each give a
  different figure, no two agreeing, more likely holds as many facts of one
  kind (each fund's monthly dividend, each month's jobless rate) than one
  fact misreported each time: its findings are info. (Three that differ
  still conflict; chosen on the dev clusters, where 3 cost injected
  conflicts and 4 none, while 4 made 58 of ../shared/data's 1,043
  warnings and errors info, wires of other funds and months.)
- a part ("including 12 children"), a change ("a net loss of 5 seats"), a
  forecast ("analysts were expecting 870,000 jobs"), a hyphenated figure
  ("a 41-yard pass") or a side of a vote's tally ("voted 70-30": the first
  side, the second) is only matched with figures of the same role, never
  with a total; the killed are never matched with the injured, the shot
  (all who were hit), the missing or the arrested.
- an amount restated in another currency beside it ("€110 billion ($143
  billion)") is not compared: two articles' restatements of one amount differ
  by the rate each used; the amounts themselves are, and the conversion
  check checks each restatement.
- a figure whose own sentence also gives the consensus (or a reading that
  admits it) tells another fact ("404 yards rushing ... 440 yards
  receiving"): it is not flagged.
- when one of the two articles also gives the other's figure, said of
  something else (its context unlike the disputed one's: "rushed for 404
  yards" beside "caught passes for 440 yards"), the match likely paired the
  wrong two: the finding is info. An article that says one fact twice with
  two values, in alike contexts, still contradicts the others.
- when the two figures' own sentences account for the difference, the finding
  is info: one sentence also gives the other's value as another fact ("the
  virus sickened 55 people and killed 7" beside "killed 7 people"; a number
  word alone counts: "five died, four from friendly fire"), or a
  count or sum is the other plus a figure of either sentence ("109 people on
  the airplane and four people on the ground" beside "113 people"; not a bare
  "one", which would explain any N beside N + 1: "aged from one to 12"), or
  a toll one higher counts the attacker ("four people were killed, including
  the shooter" beside "the gunman killed three people").
- when as many articles give each of two figures, the one more articles'
  readings admit is the consensus ("at least 2,300 people" sides with 2,316
  against 1,700); else both are flagged, and a figure and the one it
  was matched with, each flagged against the other, are one finding (at
  the later article's figure, by name).
- a range or bound that excludes the consensus is flagged against it, unless
  more articles give such ranges and bounds, all met by one value, than give
  the consensus: then the consensus figure is the outlier and is flagged
  once ("14,000-ton" falls outside "14,700-23,860 tons", given by five
  articles), not each range.
- each finding carries every figure of its group (``Finding.figures``) as the rule read it:
  converted, as an interval, and whether it backs the consensus; the HTML report plots them.

Example (a sentence of each of two articles)::

    000: it cost $5.6 million to train      004: it cost $6.5 million to train   -> flagged
    000: a couple thousand chips            004: 2,000 chips                       -> flagged (info)
    000: up to $500 billion                 001: $500 billion                      -> ok
"""
from __future__ import annotations

import functools
import math
import re
from typing import Callable, NamedTuple, Optional

from numcheck import lexicon as lx, timings
from numcheck.checks import (Context, close, clusters, comparable_value, finding, fx_dates, interval, is_vague,
                             rel_diff, supporters)
from numcheck.matching import AGREE, Matcher, block_key
from numcheck.models import Claim, GroupFigure, Kind, Mention, Qualifier, Severity
from numcheck.stories import day_number, distinctive_digits


_PERIOD_DAYS = {"month": 31, "year": 366, "any": None}  # same_period: how far apart two dated articles may be


def parts(rule, c: Claim, fx) -> list[str]:
    """A claim's story and block (its kind and unit, and rate). Matching runs within a story's block. An
    amount's restatement in another currency is left to the conversion check: two articles' conversions
    of one amount differ by the rate each used ("€110 billion ($143 billion)" vs "($158 billion)")."""
    return [] if c.role == "conversion" else [f"{c.story}|{block_key(c, fx)}"]


def matcher_for(rule, claims: list[Claim], fx) -> Matcher:
    opts = rule.options
    return Matcher(claims, fx, threshold=opts.match_threshold, hint=opts.hint_score,
                   within_days=_PERIOD_DAYS[opts.same_period])


def check_part(rule, key: str, group: list[Claim], ctx: Context):
    """Match the block's figures across articles; compare each group of matched figures."""
    if len({c.mention.doc for c in group}) < 2:
        return []
    if _one_value(group, clusters(group, ctx.fx, rule.options.rel_tol, rule.options.abs_tol)):
        return []  # however the block's figures match, none departs: no matching is made
    with timings.stage("matching"):
        matcher = matcher_for(rule, group, ctx.fx)
    differing = _differing_articles(matcher, rule.options) if rule.options.differ_after else set()
    out = []
    for members, about in matcher.groups():
        claims = [matcher.claims[i] for i in members]
        size = len({c.mention.doc for c in claims})
        label = f"{about} ({_unit_label(claims[0])})"
        # The most serious reading, from the largest group, wins when a mention is in several groups.
        out.extend(((rank, size), f) for rank, f in _check_group(rule, claims, ctx.fx, label, matcher, differing))
    return _one_per_disagreement(out)


def _one_value(claims: list[Claim], cls) -> bool:
    """Whether every figure is exact and in one value cluster (``cls``, their clusters): then none can
    depart from the others."""
    return len(cls) == 1 and len(cls[0].claims) == len(claims)


def _update(c: Claim, rep: Claim, evolving: set[str], both_ways: set[str] = frozenset()) -> str:
    """Why two figures of different dates are an update rather than a contradiction ("" if they are
    not): a count that grows as a story unfolds (the dead, the injured, votes counted), given
    differently by reports of different days, the later one higher; or one that may also fall
    (``both_ways``: the missing), either way; or a person's age, grown with the time between (``_aged``)."""
    if not c.date or not rep.date or c.date[:10] == rep.date[:10]:
        return ""
    earlier, later = (c, rep) if c.date[:10] < rep.date[:10] else (rep, c)
    if c.mention.unit == rep.mention.unit == _AGE:
        if not _aged(earlier, later):
            return ""
        what = "an age, older in the later report by the years between them"
    else:
        if not {c.mention.kind, rep.mention.kind} <= {Kind.count, Kind.money}:
            return ""  # counts and sums raised grow as a story unfolds; a distance does not
        # The word must stand by the figure (its own words, before the "/" that marks the sentence's farther ones).
        words = {w for x in (c, rep) for side in (x.before, x.after) for w in side.split("/")[0].split()}
        if not words & evolving:
            return ""
        if earlier.mention.value is not None and later.mention.value is not None \
                and later.mention.value < earlier.mention.value and not words & evolving & both_ways:
            return ""  # fewer dead in a later report: a count that only grows fell, so one report is wrong
        what = "a count that evolves as the story unfolds, reported on different days"
    m, o = c.mention, rep.mention
    return (f"update: {m.surface} in the report of {c.date[:10]} ({m.doc}:{m.line}) vs {o.surface} on "
            f"{rep.date[:10]} ({o.doc}): {what}")


_AGE = "year of age"


def _a_birthday_apart(c: Claim, rep: Claim) -> bool:
    """Whether two ages differ by one year in reports of which one is undated: a person's age at the crime may
    stand beside the age at the trial ("26-year-old" at the plea in January, "27-year-old" at the trial in
    September). Of two dated reports, ``_update`` tells (older in the later one by the time between them)."""
    a, b = c.mention, rep.mention
    return (a.unit == b.unit == _AGE and a.value is not None and b.value is not None and abs(a.value - b.value) == 1
            and not (c.date and rep.date))


def _aged(earlier: Claim, later: Claim) -> bool:
    """Whether a person's age in a later report is older by the whole years that passed between the reports,
    or by one more for the birthday that may fall in between (26 in January, 27 at the trial in September)."""
    then, now = day_number(earlier.date), day_number(later.date)
    old, new = earlier.mention.value, later.mention.value
    if then is None or now is None or old is None or new is None:
        return False
    years = (now - then) // 365.25
    return 0 < new - old and years <= new - old <= years + 1


def _two_facts(matcher: Matcher, c: Claim, rep: Claim) -> Optional[Claim]:
    """The figure by which one of the two articles gives both values as two facts, if it does: its
    figure of the other's value is said of something else than its disputed one ("rushed for 404
    yards ... caught passes for 440 yards"), so the match likely paired the wrong two. An article
    that gives one fact two values, in alike contexts ("agreed to pay $5.2 million ... said it would
    pay $6.5 million"), contradicts itself: no such figure."""
    for mine, theirs in ((c, rep), (rep, c)):
        other = matcher.gives(mine.mention.doc, mine, theirs.mention.value)
        if other is not None and matcher.similarity_of(mine, other) < _RESTATED:
            return other
    return None


_MISSCALED = 1.02  # within this factor of ten, a hundred, a thousand... times the other: a misscaled figure (its digits kept)


def _bounds_as_values(group: list[Claim]) -> list[Claim]:
    """A group that gives no exact figure but bounds on one side in two articles or more ("up to $500
    billion" beside "up to $50 billion"; "at least 20 dead" beside "at least 30"): those figures, each
    taken as the value it states (two caps of one fact that differ enough disagree, though both could
    hold: see ``bounds_within``). Otherwise none."""
    for side in (Qualifier.at_most, Qualifier.at_least):
        bounded = [c for c in group if c.mention.qualifier is side and c.mention.value is not None]
        if len({c.mention.doc for c in bounded}) >= 2:
            return [c.model_copy(update={"mention": c.mention.model_copy(
                update={"qualifier": Qualifier.exact, "low": None, "high": None, "step": None})}) for c in bounded]
    return []


def _within(a: Optional[float], b: Optional[float], factor: float) -> bool:
    """Whether two figures of one sign are less than ``factor`` times apart."""
    return bool(a and b and (a > 0) == (b > 0) and max(a / b, b / a) < factor)


def _times(a: Optional[float], b: Optional[float]) -> str:
    """" (one is 10 times the other)" where a relative difference understates the gap (90% for a slipped zero)."""
    if not a or not b or (a > 0) != (b > 0) or max(a / b, b / a) < 2:
        return ""
    return f" (one is {max(a / b, b / a):.3g} times the other)"


def _far_apart(c: Claim, rep: Claim, fx, far: float, confident: bool = False, near: float = 0.0,
               score: float = 1.0, close: float = 0.0) -> str:
    """Why two figures are too far apart to be two reports of one fact, or '': reports of one fact differ
    by rounding, an update or a slip, rarely by a factor of several ($1.5 million vs $135 million of
    grants; 143 executions in a state vs 598 in the country). Figures with the same digits are a slip and
    stay a conflict: a factor of a thousand that their scale words explain ("$5.6 billion" for "$5.6
    million"), or of ten or a hundred, a decimal point or a zero slipped ("$65 million" for "$6.5 million";
    of one digit, "20,000 homes" for "2,000", only in a ``confident`` match: round figures meet by chance).
    Figures more than ``near`` times apart (and up to ``far``) are two reports of one fact only in a match
    ``score`` of ``close`` or more: readers judged none of 31 such weaker matches real (bench/judgments, dev)."""
    if not far and not near:
        return ""
    a, b = comparable_value(c.mention, fx), comparable_value(rep.mention, fx)
    at_least = ""
    if (a is None) != (b is None):
        # A vague figure stands for its bound nearest the other: "hundreds of Palestinians" (200-1,000) beside
        # "three Palestinians" are at least 67 times apart.
        vague, other = (c, b) if a is None else (rep, a)
        lo, hi = interval(vague.mention, fx, False)
        nearest = min(max(other, lo), hi) if math.isfinite(lo) and math.isfinite(hi) else None
        if a is None:
            a = nearest
        else:
            b = nearest
        at_least = "at least "
    if not a or not b or (a > 0) != (b > 0):
        return ""
    ratio = max(a / b, b / a)
    if not far or ratio <= far:
        if not near or ratio <= near or score >= close:
            return ""
        return (f"they are {at_least}{ratio:,.2f} times apart, more than reports of one fact differ unless their "
                f"sentences match closely (a match of {close:.2f} or more)")
    tens = round(math.log10(ratio))
    if not at_least and tens >= 1 and 1 / _MISSCALED <= ratio / 10 ** tens <= _MISSCALED \
            and (tens % 3 == 0 or confident or distinctive_digits(min(a, b)) >= 2):
        return ""  # (a vague figure has no digits to misscale)
    return f"they are {at_least}{ratio:,.0f} times apart, more than reports of one fact differ"


def _sentence_explains(c: Claim, rep: Claim) -> str:
    """How the two figures' own sentences account for their difference ("" if they do not): one of
    them also gives the other's value, as another fact of its sentence ("completed 28 of 41 passes",
    "sickened 55 people and killed 7"), or the larger is the smaller plus a figure of either sentence
    ("109 people on the airplane and four people on the ground" beside "113 people"): a part of a
    total (of counts and sums only). Only figures of the same unit, or bare numbers, count."""
    a, b = c.mention, rep.mention
    if a.value is None or b.value is None or a.kind is not b.kind or a.unit != b.unit or _agree(a.value, b.value):
        return ""  # (one value read two ways, "a couple thousand" beside "2,000", is no two facts)
    numbers = {side.doc: [m for m in _figures_of(side.sentence) if m.value is not None
                          and (m.kind is Kind.number or (m.kind is a.kind and m.unit == a.unit))]
               for side in (a, b)}
    for side, other in ((a, b), (b, a)):
        given = next((m for m in numbers[side.doc] if _agree(m.value, other.value)), None)
        if given is not None:
            return f"{side.doc}:{side.line} gives {given.surface} too, as another fact of its sentence"
    if a.kind not in (Kind.count, Kind.money):
        return ""  # counts and sums have parts; "3- and 6-year-old" sum to no age
    total, part = (a, b) if abs(a.value) > abs(b.value) else (b, a)
    if a.kind is Kind.count and total.value - part.value == 1 and (who := _PERPETRATOR.search(total.sentence)):
        return (f"{total.surface} counts {who.group(1).lower()} too (\"{who.group(0)}\"), one more than "
                f"{part.surface}")
    for m in numbers[a.doc] + numbers[b.doc]:
        if m.kind is Kind.number and m.value == 1:
            continue  # a bare "one" ("aged from one to 12", "one of them") would explain any N beside N + 1
        if not _agree(m.value, a.value) and not _agree(m.value, b.value) \
                and _agree(total.value, part.value + m.value):
            return f"{part.surface} and {m.surface} make {total.surface}: a part of the total"
    return ""


def _admits(m: Mention, lo: float, hi: float, x: float) -> bool:
    """Whether ``x`` is in a mention's reading ``[lo, hi]`` (``interval``); for an exact figure read at its
    reported precision, ``[lo, hi)``: 150,000 does not round to 100,000, as 149,999 does."""
    return lo <= x < hi if m.qualifier is Qualifier.exact and m.step else lo <= x <= hi


def _coarser(a: Mention, b: Mention) -> bool:
    """Whether ``a`` gives fewer significant digits than ``b``: only then can it be ``b`` rounded ("$6 million"
    for $5.6 million, 60 for 62); 100,000 is no rounding of 50,000, though its reported precision spans it."""
    return _significant(a) < _significant(b)


def _significant(m: Mention) -> float:
    """Significant digits of an exact figure, less one (the place of its first digit less that of its step)."""
    if not m.step or not m.value:
        return math.inf
    return math.floor(math.log10(abs(m.value)) + 1e-9) - round(math.log10(m.step))


def _agree(x: float, y: float) -> bool:
    return close(x, y, AGREE)


class _Spelled(NamedTuple):
    """A number word standing alone, which the extractor leaves unread ("four from friendly fire")."""

    surface: str
    value: float
    kind: Kind = Kind.number
    unit: str = ""


_WORD_VALUES = {w: float(v) for w, v in {**lx.ONES, **lx.TENS}.items() if w not in ("zero", "one")}
# A number word on its own: not one of a compound ("a three-man jury", "twenty-three").
# A toll that counts the attacker ("four people were killed, including the shooter") is one more than one that
# counts his victims ("the gunman killed three people").
_PERPETRATOR = re.compile(r"\b(?:including|among them|counting)\s+(the\s+(?:lone\s+|suspected\s+|alleged\s+)?"
                          r"(?:gunman|shooter|assailant|attacker|bomber|suspect|perpetrator|hijacker|killer))\b",
                          re.IGNORECASE)
_NUMBER_WORD = re.compile(r"(?<![\w-])(?<!- )(?:%s)(?![\w-]| -)" % "|".join(_WORD_VALUES), re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def _figures_of(sentence: str) -> tuple:
    """The sentence's figures, and the number words it gives alone ("Five soldiers died, four from friendly fire":
    the four is another fact of its sentence). "one" is left out: mostly a pronoun."""
    from numcheck.extraction import extract

    read = tuple(extract(sentence, ""))
    alone = tuple(_Spelled(w.group(), _WORD_VALUES[w.group().lower()])
                  for w in _NUMBER_WORD.finditer(sentence)
                  if not any(m.start <= w.start() < m.end for m in read))
    return read + alone


def _unit_label(c: Claim) -> str:
    m = c.mention
    what = "money" if m.kind is Kind.money else m.unit or m.kind.value
    return what + (f" per {m.per}" if m.per else "")


def _one_per_disagreement(found: list) -> list:
    """One finding per mention (its most serious reading), and one per disagreement: where two figures are each
    flagged against the other (as many articles give each), the pair is reported once, at the figure of the
    article that comes later (by doc), with the more serious reading of the two. Both figures of a disagreement
    are in one part (a claim is in one part): done where the part is checked, only these findings travel."""
    best: dict[tuple, tuple] = {}  # (doc, start) -> (rank, finding): one finding per mention
    for rank, f in found:
        k = (f.doc, f.start)
        if k not in best or tuple(rank) > tuple(best[k][0]):
            best[k] = (rank, f)
    out = []
    for (doc, start), (rank, f) in best.items():
        mirror = best.get((f.other_doc, f.other_start))
        if mirror is not None and (mirror[1].other_doc, mirror[1].other_start) == (doc, start):
            mine, theirs = (f.severity.rank, tuple(rank), doc), (mirror[1].severity.rank, tuple(mirror[0]), f.other_doc)
            if theirs > mine:
                continue  # its mirror reports this disagreement
        out.append((rank, f))
    return out


class _Side:
    """One side of a comparison (a value cluster, or the consensus's supporters), summarised once so
    that comparing every mention of a group with it stays O(n log n) overall."""

    def __init__(self, claims: list[Claim], value: float):
        self.value = value
        self.claims = claims
        self.docs = sorted({c.mention.doc for c in claims})
        self.sentences = {(c.mention.doc, c.mention.sentence) for c in claims}

    def label(self, not_doc: str = "", limit: int = 6) -> str:
        shown = [d for d in self.docs[:limit + 1] if d != not_doc][:limit]
        more = len(self.docs) - (not_doc in self.docs) - len(shown)
        return ", ".join(shown) + (f" and {more} more" if more > 0 else "")

    def count(self, not_doc: str = "") -> int:
        return len(self.docs) - (1 if not_doc in self.docs else 0)


def _differing_articles(matcher: Matcher, opts) -> set[frozenset]:
    """The pairs of articles (each a frozenset of two docs) that differ on every figure of the block matched
    between them, ``differ_after`` figures or more, none agreeing: other days of a recurring report (a week's
    oil stocks beside another week's), other companies of one kind, rather than one story told twice with a
    slip in each figure. Matched pairs of exact values only."""
    tally: dict[frozenset, list[int]] = {}  # (agreeing, differing) matched figures of each pair of articles
    for i, j, score in matcher.pairs:
        a, b = matcher.claims[i].mention, matcher.claims[j].mention
        if score < matcher.threshold or a.value is None or b.value is None or a.unit != b.unit:
            continue
        counts = tally.setdefault(frozenset((a.doc, b.doc)), [0, 0])
        counts[0 if close(a.value, b.value, opts.rel_tol, opts.abs_tol) else 1] += 1
    return {docs for docs, (agreeing, differing) in tally.items() if not agreeing and differing >= opts.differ_after}


_DIFFERING = "; the two articles differ on each of the figures matched between them here: likely reports of " \
    "different days or things"


def _check_group(rule, group: list[Claim], fx, label: str, matcher: Matcher, differing: set[frozenset]):
    opts = rule.options
    cls = clusters(group, fx, opts.rel_tol, opts.abs_tol)
    bounds = False
    if not cls and (group := _bounds_as_values(group)):
        cls, bounds = clusters(group, fx, opts.rel_tol, opts.abs_tol), True
    if not cls or _one_value(group, cls):
        return  # most groups
    several = _docs_with_several_values(cls)
    apart = _no_two_agree(cls)  # articles of which no two agree (0: two do)
    scattered = apart if opts.scattered_after and apart >= opts.scattered_after else 0
    evolving, both_ways = set(opts.evolving), set(opts.evolving_both_ways)

    def flag(rank: int, c: Claim, rep: Claim, why: str, figures: Callable[[], tuple], severity=None, **kw):
        verdict = matcher.verdict(c, rep)
        paired = {"score": round(verdict.score, 4), "evidence": verdict.evidence, "figures": figures()}
        update = _update(c, rep, evolving, both_ways)
        if update:
            why, severity = update, opts.update_severity
        elif _a_birthday_apart(c, rep):
            why += "; ages a year apart, in reports not both dated: a birthday may fall between them"
            severity = Severity.info
        why += f"; paired as both: {verdict.evidence or '-'}; match {verdict.score:.2f}"
        if opts.ambiguous_after and len(several) - (c.mention.doc in several) >= opts.ambiguous_after:
            # Other articles each give several figures here (a team's points, shared by its players):
            # it may name no single fact, so the finding is only information.
            return 0, finding(rule, c, rep, why, severity=Severity.info, suffix=_AMBIGUOUS, label=label,
                              paired=paired, **kw)
        both = _two_facts(matcher, c, rep)
        if bounds and _within(c.mention.value, rep.mention.value, opts.bounds_within):
            why += (f"; both are bounds on one side, within {opts.bounds_within:g} times of each other: one value "
                    "meets both")
            severity = Severity.info
        elif frozenset((c.mention.doc, rep.mention.doc)) in differing:
            why += _DIFFERING
            severity = Severity.info
        elif scattered:
            why += f"; no two of the {scattered} articles that give this figure give one value: likely as many facts of one kind"
            severity = Severity.info
        elif both is not None:
            why += f"; {both.mention.doc}:{both.mention.line} gives {both.mention.surface} too"
            severity = Severity.info
        elif verdict.score < opts.match_threshold:
            if rank == 2:
                # Matched on little, and disagreeing: mostly two facts (a reader judged about 1 in 10 such
                # hints a real conflict). Only a loose agreement stays ("a couple thousand chips" beside 2,000).
                return None
            severity = Severity.info  # matched on little (two articles' only counts of chips): a hint
        elif severity is not Severity.info and (explained := _sentence_explains(c, rep)):
            why += f"; {explained}"
            severity = Severity.info
        elif severity is not Severity.info and (apart := _far_apart(
                c, rep, fx, opts.far_apart, verdict.score >= opts.confident_score,
                # A person has one age: two articles' ages of one named person are one fact, however weak
                # the rest of their sentences' match.
                0.0 if matcher.one_person(c, rep) else opts.near_apart, verdict.score, opts.close_score)):
            why += f"; {apart}"
            severity = Severity.info
        elif severity is None and verdict.score < opts.confident_score and rule.severity.rank > Severity.warning.rank:
            severity = Severity.warning  # a clear disagreement, but a match not sure enough to be an error
        return rank, finding(rule, c, rep, why, severity=severity, label=label, paired=paired, **kw)

    yield from (made for made in _compare(rule, group, cls, fx, flag, matcher) if made is not None)


_RESTATED = 0.5  # two figures of one article whose contexts are this alike (cosine) say one fact
_AMBIGUOUS = "; several articles give several figures here, which may not name one fact"


def _compare(rule, group: list[Claim], cls, fx, flag, matcher: Matcher):
    """(rank, finding) of each mention that departs from the consensus; ``flag`` makes them."""
    opts = rule.options
    contested = len(cls) > 1 and len(cls[1].docs) == len(cls[0].docs)
    on = fx_dates(group)
    unrounded = [interval(c.mention, fx, rounding=False, on=on(c)) for c in group]  # each mention's reading, once
    if contested:
        # As many articles give each of the two leading figures: the one more articles' readings admit
        # ("at least 2,300 people" beside 2,316 and 1,700) is the consensus after all.
        backed = [len({c.mention.doc for c in supporters(cl.value, group, fx, opts.rel_tol, unrounded)})
                  for cl in cls[:2]]
        if backed[0] != backed[1]:
            contested = False
            if backed[1] > backed[0]:
                cls = [cls[1], cls[0], *cls[2:]]
    sides = [_Side(cl.claims, cl.value) for cl in cls[:2]]
    top = sides[0]
    size = len({c.mention.doc for c in group})
    cluster_rank = {id(c): i for i, cl in enumerate(cls) for c in cl.claims}
    backing = _Side(supporters(top.value, group, fx, opts.rel_tol, unrounded), top.value)
    backing_said: dict[tuple[str, str], list[Claim]] = {}  # (doc, sentence) -> the supporters it holds
    for b in backing.claims:
        backing_said.setdefault((b.mention.doc, b.mention.sentence), []).append(b)
    slack = opts.rel_tol * abs(top.value) + opts.abs_tol
    majority = None if contested else _outvoting(group, unrounded, top.value, slack, len(backing.docs))
    consensus = majority or backing
    # The group's figures, which each of its findings carries for the report's claim card: made once, and
    # only for a group that has a finding.
    figures = functools.cache(lambda: _group_figures(group, fx, opts.rounding, on, {id(b) for b in consensus.claims}))
    if majority is not None:
        # The consensus value is the outlier: its figures are flagged, once each, not every range that excludes it.
        for c in top.claims:
            m = c.mention
            rep = matcher.best_match(c, majority.claims)
            if rep is None:
                continue
            diff = rel_diff(comparable_value(m, fx, on(c)), majority.value)
            if _fx_drift(m, rep, diff, opts):
                continue
            n = majority.count(m.doc)
            why = (f"{m.surface} ({m.doc}:{m.line}) falls outside {rep.mention.surface}, given by "
                   f"{n} article{'s' if n != 1 else ''} ({majority.label(m.doc)})")
            yield flag(2, c, rep, why, figures, rel=diff, extra=_extra(majority, m.doc, size))
    for c, reading in zip(group, unrounded):
        m = c.mention
        rank = cluster_rank.get(id(c))
        if rank != 0 and ((m.doc, m.sentence) in top.sentences
                          or any(b is not c for b in backing_said.get((m.doc, m.sentence), ()))):
            # The same sentence gives the consensus figure too (or a reading that admits it): this other
            # figure is another fact under the same key ("rushed for 404 yards ... caught passes for 440
            # yards", "about 150 miles off Aden, 13 miles from the ship"), not a disagreement.
            continue
        if rank is not None:
            if rank == 0 and not contested:
                continue
            target = sides[1] if rank == 0 else top
            if (m.doc, m.sentence) in target.sentences:
                continue
            rep = matcher.best_match(c, target.claims)
            if rep is None:
                continue
            v = comparable_value(m, fx, on(c))
            lo, hi = interval(m, fx, opts.rounding, on(c))
            rlo, rhi = interval(rep.mention, fx, opts.rounding, on(rep))
            diff = rel_diff(v, target.value)
            if _fx_drift(m, rep, diff, opts):
                continue
            extra = _extra(target, m.doc, size)
            rounded_mine = opts.rounding and _admits(m, lo, hi, target.value) and _coarser(m, rep.mention)
            if rounded_mine or (opts.rounding and _admits(rep.mention, rlo, rhi, v) and _coarser(rep.mention, m)):
                if rounded_mine:
                    why = (f"{m.surface} ({m.doc}:{m.line}) looks like a rounded form of {rep.mention.surface} "
                           f"({target.label(m.doc)}): they agree only at their reported precision")
                else:
                    why = (f"{m.surface} ({m.doc}:{m.line}) is more precise than {rep.mention.surface} "
                           f"({target.label(m.doc)}), which looks like a rounded form of it: they agree only at "
                           f"their reported precision")
                yield flag(1, c, rep, why, figures, severity=opts.vague_severity, rel=diff, extra=extra)
            else:
                n = target.count(m.doc)
                why = (f"{m.surface} ({m.doc}:{m.line}) disagrees with {rep.mention.surface}, given by "
                       f"{n} article{'s' if n != 1 else ''} ({target.label(m.doc)}); they differ by {diff:.1%}"
                       f"{_times(v, target.value)}")
                yield flag(2, c, rep, why, figures, rel=diff, extra=extra)
            continue
        if majority is not None:
            continue  # (a range or a bound that excludes the consensus value: the value was flagged instead)
        rep = matcher.best_match(c, backing.claims)
        if rep is None or m.value is None and m.qualifier is not Qualifier.vague:
            continue
        lo, hi = reading
        inside = lo - slack <= top.value <= hi + slack
        if not inside and rep.mention.qualifier is not Qualifier.exact:
            # Two bounds that one value meets ("at least 43 people" beside "at least 40 people", "less than
            # 25 km" beside "less than 50 km") say no different things: both hold.
            rlo, rhi = interval(rep.mention, fx, rounding=False, on=on(rep))
            if lo - slack <= rhi and rlo <= hi + slack:
                continue
        diff = rel_diff(comparable_value(m, fx, on(c)), top.value) if m.value is not None else None
        if _fx_drift(m, rep, diff, opts):
            continue
        extra = _extra(backing, m.doc, size)
        n = backing.count(m.doc)
        if not inside:
            why = (f"{m.surface} ({m.doc}:{m.line}) excludes {rep.mention.surface}, given by "
                   f"{n} article{'s' if n != 1 else ''} ({backing.label(m.doc)})")
            yield flag(2, c, rep, why, figures, rel=diff, extra=extra)
        elif is_vague(m):
            why = (f"{m.surface} ({m.doc}:{m.line}) is vague where {backing.label(m.doc)} give"
                   f"{'s' if n == 1 else ''} {rep.mention.surface}; they agree, but only loosely")
            yield flag(1, c, rep, why, figures, severity=opts.vague_severity or Severity.info, rel=diff,
                       extra=extra)


def _outvoting(group: list[Claim], readings: list[tuple[float, float]], value: float, slack: float,
               backers: int) -> Optional[_Side]:
    """The ranges and bounds that exclude the consensus ``value`` (the leading exact figure, given by ``backers``
    articles), when more articles give them and one value meets them all: "14,700-23,860 tons" in five
    articles beside one "14,000-ton", "at least 20 dead" in three beside one "15 dead". Then the exact
    figure departs from them, rather than each of them from it. Its value is the bound nearest ``value``."""
    out = [(c, r) for c, r in zip(group, readings)
           if c.mention.qualifier is not Qualifier.exact and not r[0] - slack <= value <= r[1] + slack]
    if not out:
        return None
    lo, hi = max(r[0] for _, r in out), min(r[1] for _, r in out)
    if lo > hi + slack:
        return None  # they exclude it on both sides, or disagree among themselves
    side = _Side([c for c, _ in out], lo if value < lo else hi)
    return side if len(side.docs) > backers else None


def _group_figures(group: list[Claim], fx, rounding: bool, on, consensus: set[int]) -> tuple[GroupFigure, ...]:
    """Each figure of the group as the rule read it: its value converted as compared, the values it admits
    (qualifier, range, rounding at ``rounding``), whether it backs the consensus (``consensus``: ids)."""
    out = []
    for c in group:
        m = c.mention
        low, high = interval(m, fx, rounding, on(c))
        out.append(GroupFigure(
            doc=m.doc, line=m.line, start=m.start, end=m.end, surface=m.surface, kind=m.kind, value=m.value,
            unit=m.unit, compared=comparable_value(m, fx, on(c)), low=low if math.isfinite(low) else None,
            high=high if math.isfinite(high) else None, qualifier=m.qualifier, consensus=id(c) in consensus,
            sentence=m.sentence, outlet=c.outlet, date=c.date))
    return tuple(out)


def _no_two_agree(cls) -> int:
    """How many articles give the group's exact figures when no two of them give one value (each value cluster is
    one article's), else 0: several reports that all differ are more likely facts of one kind (each fund's monthly
    dividend, each month's jobless rate) than one fact misreported each time."""
    docs = [cl.docs for cl in cls]
    return len(docs) if all(len(d) == 1 for d in docs) and len(set().union(*docs)) == len(docs) else 0


def _docs_with_several_values(cls) -> set[str]:
    """Articles whose figures in this group fall in two or more value clusters."""
    seen: dict[str, int] = {}
    several: set[str] = set()
    for i, cl in enumerate(cls):
        for c in cl.claims:
            doc = c.mention.doc
            if seen.setdefault(doc, i) != i:
                several.add(doc)
    return several


def _fx_drift(m, rep: Claim, diff, opts) -> bool:
    """Two currencies a little apart: the FX table's date is not the article's, so this is no finding."""
    return m.kind is Kind.money and m.unit != rep.mention.unit and diff is not None and diff <= opts.fx_tol


def _extra(side: _Side, not_doc: str, size: int) -> dict:
    return {"other_docs": side.label(not_doc), "count": str(side.count(not_doc)), "docs": str(size)}
