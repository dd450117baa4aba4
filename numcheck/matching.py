"""Stage 4: match claims across articles: which figures in different articles state the same fact.

Keying (numcheck.claims) gives each figure what its sentence says about it: the lemmas of the content
words either side, nearest first (``before``, ``after``; words inside the figure, "Nvidia H800" in
"2,000 Nvidia H800 chips", come first after it), and its role (a part of a total, a change, or
neither). Two figures in different articles are matched here when

- they are in the same **block**: kind and unit (money in any currency the FX table converts; the
  counted noun for counts) and rate denominator ("per share");
- their articles, when both are dated, were published within the rule's ``same_period`` of each other (a
  month: 31 days; a year: 366);
- their **roles** agree: "including 5 children" is a part, "another 12 people" a change, "analysts had
  expected 5.7%" a forecast; none is
  compared with a total;
- their **time anchors** agree: a year (or a month) near each figure, when both have one, must be the
  same ("the 20 who died in a 1978 fire" is not "65 dead" near "2024"; claims "in February" are not
  those "in January");
- two distances that both name the place they are measured from name one place ("13 miles east of Cloverdale"
  is not "23 miles north of Santa Rosa");
- two counts of people do not say different things befell them ("killing at least three people" is not
  "injuring at least five people": keying's measure, deaths, injuries, missing, arrests);
- two ages are of one person: the names nearest them share a word ("63-year-old Maria Jones" is
  not "38-year-old Robert Smith");
- two forecasts are of one source: the names of their sentences share a word (what analysts polled by
  Refinitiv expected is not what economists polled by Dow Jones did);
- their contexts share a word, and their **match score** reaches ``threshold``. The score weighs
  (a logistic model, FEATURES and WEIGHTS below) how alike the contexts are (the cosine of the two
  figures' word vectors, each word weighted by how distinctive it is among the figures' sentences in
  the block, inverse sentence frequency, and by its nearness to the figure), how many words they
  share, whether each figure is the other's best candidate in its article and by what margin, how
  many figures of the block the two articles give (two articles' only counts of chips are likely one
  fact), whether both stand in their articles' leads (news gives its main facts first), and how many
  other figures both their sentences give (sentences that run parallel, "52 catches for 440 yards" and
  "26 catches for 440 yards", restate one fact figure by figure);
- and, within each pair of articles, neither has a better match (one-to-one, best score first:
  sentences that run parallel pair figure by figure).

Matched figures form groups (connected pairs); the consistency rule compares each group's figures.
A pair scoring from ``hint`` up to the threshold is a hint: compared on its own (its disagreement is
info), in no group, and not listed as matched.
No pair of articles is compared unless they share a distinctive word near figures of one block: the
candidate pairs come from one sparse product over words (scipy), with the words of very many
sentences left out of candidate finding in large corpora (they still count in the score).
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Optional

from numcheck.claims import _MONTH_NAMES, PLACE_PREFIX
from numcheck.models import Claim, Kind, MatchedPair, Mention, Qualifier
from numcheck.ruleset import MATCH_THRESHOLD
from numcheck.stories import day_number

THRESHOLD = MATCH_THRESHOLD  # match score from which two figures are taken to state one fact (numcheck.ruleset)
CONFIDENT = 0.8  # a match this strong, of figures that clearly disagree, is an error (else a warning)
# The match score is a logistic model over these features of a pair, fitted by bench/fit_matching.py on
# the dev clusters of ECB+, NeuS/AllSides and DUC 2006 (two figures of one story, block and role, whose
# contexts share a word; a pair that gives one value taken as one fact): refit when a feature changes.
FEATURES = ("context cosine", "log(1 + shared words)", "each the other's best", "margin over the next best",
            "log(figures of the block in both articles)", "both in their articles' leads",
            "log(1 + other figures both sentences give)")
WEIGHTS = (1.69, 0.71, 0.36, 1.34, -0.41, 1.31, 1.59)
INTERCEPT = -1.72
AGREE = 0.01  # figures this close give one value
_CANDIDATE_DF = 200  # in candidate finding, words in more sentences than this are left out (large corpora)
_CHUNK = 2000  # rows of the similarity product computed at a time (bounds memory on large blocks)
_SMALL_BLOCK = 60  # figures: a block this small is scored all pairs at once in one dense product (no scipy)
_YEAR = re.compile(r"(?:1[89]|20)\d\d\Z")
_ANCHOR_REACH = 8  # a year or a month this many content words from a figure anchors it in time
_PRIOR_SENTENCES = 10
_FAR = 8  # words past another figure of the sentence count as this much farther
_LEAD = 500  # characters: figures this near the top of their articles are all in the lead
_NEARNESS = 0.5  # a word's weight falls as 1 / (1 + _NEARNESS * (distance - 1))


def block_key(c: Claim, fx) -> str:
    """Figures are only matched within one block: kind and unit (money across the FX table's
    currencies) and the rate's denominator."""
    m = c.mention
    per = m.per
    if m.kind is Kind.money:
        unit = "money" if m.unit == "USD" or (fx is not None and m.unit in fx.rates) else f"money:{m.unit}"
    else:
        base, _, unit_per = m.unit.partition(" per ")
        if unit_per and not per:  # "1.2 million bpd" is "1.2 million barrels per day"; "40 mph", "40 miles an hour"
            per = unit_per
        unit = f"{m.kind.value}:{base if unit_per else m.unit}"
    return f"{unit}\x1f{per}"


# Months that anchor a figure in time ("claims fell in February"); "may" is a function word and "march" also a
# verb, so neither is read as a month alone. A date of a month is one word ("march-6": keying) and anchors a
# figure to its day ("in the week ended March 6") and its month.
_MONTHS = frozenset("january february april june july august september october november december".split())
_DATE = re.compile(r"(?:%s)-\d+\Z" % "|".join(_MONTH_NAMES.values()))


def _own(words: list[str]) -> list[str]:
    """The words nearest a figure that are its own: up to _ANCHOR_REACH, none past another figure ('/')."""
    near = words[:_ANCHOR_REACH]
    return near[:near.index("/")] if "/" in near else near


def _anchors_of(c: Claim) -> tuple[frozenset, frozenset, frozenset, frozenset]:
    """The years, the months and the dates among the words either side of a figure that are its own, and
    the place a distance is measured from (keying writes it first after the figure: "from-cloverdale")."""
    before, after = c.before.split(), c.after.split()
    place = frozenset(after[:1]) if after and after[0].startswith(PLACE_PREFIX) else _NONE
    own = _own(before) + _own(after)
    own_dates = frozenset(w for w in own if _DATE.match(w))
    # A date anywhere in the sentence anchors its figures when none is their own: two sentences of news that
    # give dates, none shared, report different days ("the period that ended on March 11, ... 759 mln dlrs").
    dates = own_dates or frozenset(w for w in before + after if _DATE.match(w))
    return (frozenset(w for w in own if _YEAR.match(w)),
            frozenset(w for w in own if w in _MONTHS) | {d.partition("-")[0] for d in own_dates}, dates, place)


@dataclass(frozen=True)
class Verdict:
    """Whether two figures were matched, with the score and why."""

    matched: bool
    score: float
    evidence: str  # the shared words, most telling first, then the other figures both sentences give
    why: str  # for people: why matched, or why not


class Matcher:
    """The matching of one block of claims (or of any claims: blocks are kept apart)."""

    rule_id = ""  # the rule it matched for, when made for one (``matchers``)

    def __init__(self, claims: list[Claim], fx=None, threshold: float = THRESHOLD, within_days: Optional[float] = None,
                 hint: Optional[float] = None):
        # In (doc, start) order: the same claims give the same matching however they were gathered.
        self.claims = claims = sorted(claims, key=lambda c: (c.mention.doc, c.mention.start))
        self.fx = fx
        self.threshold = threshold
        # Pairs from ``hint`` up to the threshold are hints: each compared on its own, in no group.
        self.floor = threshold if hint is None else min(hint, threshold)
        self.blocks = [f"{c.story}\x1e{block_key(c, fx)}" for c in claims]  # stories are kept apart too
        # Two dated articles further apart than this are never compared (None: however far).
        self.within_days = within_days
        self._days = [day_number(c.date) for c in claims]
        self._index = {(c.mention.doc, c.mention.start): i for i, c in enumerate(claims)}
        self._vectors = self._weigh()
        self._by_doc: Optional[dict] = None  # (block, doc) -> its claims with a value, made when first asked
        self._anchors: dict[int, tuple] = {}  # (years, months, dates, place) of each figure a candidate pair holds
        self._people = [_person(c.person) for c in claims]  # (surname, given names) of an age's person
        self._aged = [i for i, (surname, _) in enumerate(self._people) if surname]
        self._age_names = [set((c.person or " ".join(c.subjects)).lower().split())
                           if c.mention.unit == "year of age" else set() for c in claims]
        import numpy as np

        per_doc: dict[tuple[str, str], int] = defaultdict(int)  # (block, doc) -> figures there
        for c, block in zip(claims, self.blocks):
            per_doc[(block, c.mention.doc)] += 1
        # Each figure's value, unit and significant digits (0 when it has none: vague, a range), for ``_misscaled``.
        self._values = np.array([c.mention.value if c.mention.value and c.mention.value > 0 else 0.0 for c in claims],
                                dtype=float)
        self._units = np.unique([c.mention.unit for c in claims], return_inverse=True)[1].reshape(-1) if claims \
            else np.zeros(0, dtype=np.int64)
        self._digits = np.array([_digits(c.mention) for c in claims], dtype=float)
        self._figures_in_doc = np.array([per_doc[(b, c.mention.doc)] for c, b in zip(claims, self.blocks)], dtype=float)
        # Whether a figure is in its article's lead: news states its main facts first (the inverted pyramid).
        self._lead = np.array([c.mention.start < _LEAD for c in claims], dtype=float)
        # The other figures of each figure's sentence: two sentences that give the same ones run parallel.
        self._alongside = [frozenset(c.alongside.split("; ")) if c.alongside else _NONE for c in claims]
        self._has_alongside = np.array([bool(a) for a in self._alongside], dtype=bool)
        self._doc_ids = np.unique([c.mention.doc for c in claims], return_inverse=True)[1].reshape(-1).astype(np.int64) \
            if claims else np.zeros(0, dtype=np.int64)
        self.pairs = self._match()

    # --- weights -------------------------------------------------------------------------------

    def _weigh(self) -> list[dict[str, float]]:
        """Each claim's context vector: word -> idf x nearness (the nearest occurrence), unit length."""
        sentences: dict[str, dict[tuple, set]] = defaultdict(dict)  # block -> (doc, sentence) -> words
        contexts = []
        for c, block in zip(self.claims, self.blocks):
            before, after = c.before.split(), c.after.split()
            contexts.append((before, after))
            sentences[block].setdefault((c.mention.doc, c.mention.sentence), set()).update(before, after)
            sentences[block][(c.mention.doc, c.mention.sentence)].discard("/")
        idf: dict[str, dict[str, float]] = {}
        self.df: dict[str, dict[str, int]] = {}
        for block, by_sentence in sentences.items():
            df: dict[str, int] = defaultdict(int)
            for words in by_sentence.values():
                for w in words:
                    df[w] += 1
            n = len(by_sentence)
            # _PRIOR_SENTENCES unseen sentences without the word: in a small block (two articles' one
            # sentence each) plain IDF would weigh down exactly the words the two share.
            idf[block] = {w: math.log(1 + (n + _PRIOR_SENTENCES) / k) for w, k in df.items()}
            self.df[block] = df
        vectors = []
        for (before, after), block in zip(contexts, self.blocks):
            weights = idf[block]
            v: dict[str, float] = {}
            if after and after[0].startswith(PLACE_PREFIX):
                after = after[1:]  # where a distance is from only keeps it apart (_other_anchors), it is no context word
            for side in (before, after):
                far = 0
                for d, w in enumerate(side):
                    if w == "/":
                        far = _FAR
                        continue
                    x = weights[w] / (1 + _NEARNESS * (d + far))
                    if x > v.get(w, 0.0):
                        v[w] = x
            norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
            vectors.append({w: x / norm for w, x in v.items()})
        return vectors

    # --- one pair --------------------------------------------------------------------------------

    def similarity(self, i: int, j: int) -> tuple[float, list[str]]:
        a, b = self._vectors[i], self._vectors[j]
        if len(a) > len(b):
            a, b = b, a
        shared = sorted(((x * b[w], w) for w, x in a.items() if w in b), reverse=True)
        return sum(x for x, _ in shared), [w for _, w in shared]

    def _veto(self, i: int, j: int, years: bool = True) -> str:
        """Why two figures of one block cannot state one fact, or ''. Candidates are found without
        ``years`` (the matching vetoes a pair anchored in different years, of other people or counting other
        things after scoring it)."""
        a, b = self.claims[i], self.claims[j]
        if a.mention.doc == b.mention.doc:
            return "they are in the same article"
        da, db = self._days[i], self._days[j]
        if self.within_days is not None and da is not None and db is not None and abs(da - db) > self.within_days:
            return (f"their articles were published {abs(da - db):.0f} days apart ({a.date} vs {b.date}; more than "
                    f"{self.within_days:.0f})")
        if a.role != b.role:
            return f"one is {_role(a.role)}, the other {_role(b.role)}"
        if years and _other_sources(a, b):
            return f"they are forecasts of different sources ({a.subjects[0]} vs {b.subjects[0]})"
        if years and _other_measures(a, b):
            return f"they count different things ({a.measure} vs {b.measure})"
        if years and (other_times := self._other_anchors(i, j)):
            return other_times
        if years and self._other_people(i, j):
            return (f"they are the ages of different people ({a.person or a.subjects[0]} vs "
                    f"{b.person or b.subjects[0]})")
        return ""

    def _other_anchors(self, i: int, j: int) -> str:
        """Why two figures are anchored in different times (a year, a month, a date beside each, none shared) or,
        as distances, measured from different places, or ''."""
        anchors = self._anchors
        for x in (i, j):
            if x not in anchors:
                anchors[x] = _anchors_of(self.claims[x])
        for a, b, what in zip(anchors[i], anchors[j], ("years", "months", "dates", "places")):
            if a and b and not a & b:
                if what == "places":
                    return (f"they are distances from different places ({next(iter(a))[len(PLACE_PREFIX):]} vs "
                            f"{next(iter(b))[len(PLACE_PREFIX):]})")
                return f"they are anchored in different {what} ({', '.join(sorted(a))} vs {', '.join(sorted(b))})"
        return ""

    def _other_people(self, i: int, j: int) -> bool:
        """Two ages of different people: an age is one person's. Named people differ by surname (or, of one
        surname, by their given names where both are given); where one
        is not named beside its age, by the names of each sentence (none shared: "GM's average worker is 48"
        is not "the average DaimlerChrysler worker is 43")."""
        (a, given_a), (b, given_b) = self._people[i], self._people[j]
        if a and b:
            return a != b or bool(given_a and given_b and not given_a & given_b)  # Bill vs Hillary Clinton
        a, b = self._age_names[i], self._age_names[j]
        return bool(a and b and not a & b)

    def one_person(self, a: Claim, b: Claim) -> bool:
        """Whether ``a`` and ``b`` are ages given of one named person (one surname, given names not at odds)."""
        return self._one_person(self._index[(a.mention.doc, a.mention.start)],
                                self._index[(b.mention.doc, b.mention.start)])

    def _one_person(self, i: int, j: int) -> bool:
        return bool(self._people[i][0] and self._people[j][0]) and not self._other_people(i, j)

    def _raised(self, i, j, feats, scores):
        """The scores of pairs (arrays i, j; their FEATURES) raised where what the figures are says they are
        one fact: one named person's ages (``_with_people``), one figure misscaled (``_misscaled``)."""
        return self._misscaled(i, j, feats[:, 0] if len(feats) else feats, self._with_people(i, j, scores))

    def _misscaled(self, i, j, cosine, scores):
        """The scores of pairs (arrays i, j) of one figure misscaled (``_slipped``) whose contexts share something
        (cosine >= _MISSCALED_CONTEXT), raised to the threshold: a scale word slips in copy, and such digits
        rarely meet by chance. ``_far_apart`` keeps them a conflict."""
        import numpy as np

        hit = self._slipped(i, j) & (cosine >= _MISSCALED_CONTEXT) if len(i) else np.zeros(0, dtype=bool)
        if hit.any():
            scores = scores.copy()
            scores[hit] = np.maximum(scores[hit], self.threshold)
        return scores

    def _slipped(self, i, j):
        """For pairs (arrays i, j): whether the two figures give the same digits, two significant or more, a
        thousand (a million...) times apart ("$160 million" beside "$160 billion")."""
        import numpy as np

        a, b = self._values[i], self._values[j]
        low, high = np.minimum(a, b), np.maximum(a, b)
        with np.errstate(divide="ignore", invalid="ignore"):
            thousands = np.rint(np.log(high / low) / np.log(1000))
            hit = (low > 0) & (thousands >= 1) & (np.abs(high / low / 1000.0 ** thousands - 1) <= _SAME_DIGITS)
        return hit & (self._units[i] == self._units[j]) & (np.minimum(self._digits[i], self._digits[j]) >= 2)

    def _with_people(self, i, j, scores):
        """The scores of pairs (arrays i, j) with the ages of one named person (one surname, given names not at
        odds) raised to the threshold: within a story a person has one age, so two articles giving it state
        one fact; not to CONFIDENT, for an article may give the age at another time ("Felt, 92, told CNN in
        2006")."""
        if self._aged:
            import numpy as np

            for at in np.flatnonzero(np.isin(i, self._aged) & np.isin(j, self._aged)):
                if self._one_person(int(i[at]), int(j[at])):
                    scores[at] = max(scores[at], self.threshold)
        return scores

    def verdict(self, a: Claim, b: Claim) -> Verdict:
        """Whether ``a`` and ``b`` (claims of this matcher) were matched, and why (not)."""
        i, j = self._index[(a.mention.doc, a.mention.start)], self._index[(b.mention.doc, b.mention.start)]
        cosine, shared = self.similarity(i, j)
        evidence = self.evidence(i, j, shared)
        both = f"; both: {evidence}" if evidence else ""
        if j in self.partners.get(i, {}):
            score = self.partners[i][j]
            if score < self.threshold:
                return Verdict(False, score, evidence, f"a hint: compared, but the match is weak (match "
                                                       f"{_below(score)} < {self.threshold:.2f}; both: {evidence})")
            return Verdict(True, score, evidence, f"matched: both {evidence}; match {score:.2f}")
        if self.blocks[i] != self.blocks[j]:
            (si, bi), (sj, bj) = (self.blocks[x].split("\x1e", 1) for x in (i, j))
            if si != sj:
                return Verdict(False, 0.0, evidence, f"not compared: their articles are in different stories "
                                                     f"({si} vs {sj})")
            return Verdict(False, 0.0, evidence, f"not compared: {_block_label(bi)} vs {_block_label(bj)}")
        veto = self._veto(i, j)
        if veto:
            return Verdict(False, 0.0, evidence, f"not matched: {veto}")
        if not shared:
            return Verdict(False, 0.0, evidence, "not matched: their contexts share no word")
        score = self._score_one(i, j)
        if score < self.floor:
            return Verdict(False, score, evidence, f"not matched: the match is too weak (match {_below(score)} < "
                                                   f"{self.floor:.2f}; context {cosine:.2f}{both})")
        return Verdict(False, score, evidence, f"not matched: each has a better match in the other's article "
                                               f"(match {score:.2f})")

    def gives(self, doc: str, like: Claim, value: Optional[float]) -> Optional[Claim]:
        """A figure of ``doc`` in ``like``'s block (other than ``like``) that gives ``value``, if any:
        an article that gives both figures of a disagreement holds two facts, not two readings of one."""
        if value is None:
            return None
        if self._by_doc is None:
            self._by_doc = defaultdict(list)
            for c, block in zip(self.claims, self.blocks):
                if c.mention.value is not None:
                    self._by_doc[(block, c.mention.doc)].append(c)
        i = self._index.get((like.mention.doc, like.mention.start))
        if i is None:
            return None
        return next((c for c in self._by_doc.get((self.blocks[i], doc), ())
                     if c is not like and c.mention.unit == like.mention.unit
                     and abs(c.mention.value - value) <= AGREE * max(abs(c.mention.value), abs(value))), None)

    def similarity_of(self, a: Claim, b: Claim) -> float:
        """The context cosine of two of the matcher's claims (0 for a claim it does not hold)."""
        i, j = self._index.get((a.mention.doc, a.mention.start)), self._index.get((b.mention.doc, b.mention.start))
        return 0.0 if i is None or j is None else self.similarity(i, j)[0]

    def best_match(self, c: Claim, among: list[Claim]) -> Optional[Claim]:
        """The claim of ``among`` matched with ``c`` itself (not through others of its group) with the
        highest score, or None: a figure is only ever set against one it was matched with."""
        partners = self.partners.get(self._index[(c.mention.doc, c.mention.start)])
        if not partners:
            return None
        best, best_score = None, -1.0
        for o in among:
            score = partners.get(self._index[(o.mention.doc, o.mention.start)])
            if score is not None and score > best_score:
                best, best_score = o, score
        return best

    # --- the match score -------------------------------------------------------------------------

    def scored_pairs(self):
        """Every candidate pair of the matcher, with its evidence and score: (i, j, features, score)
        as numpy arrays, i < j; a candidate is two figures of one block in different articles, of one
        role and period, whose contexts share a word. bench/fit_matching.py fits WEIGHTS on these."""
        import numpy as np

        src, dst, cosine, shared = self._directed()
        if not len(src):
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros((0, len(FEATURES))), np.zeros(0)
        i, j, feats = self._features(src, dst, cosine, shared)
        return i, j, feats, self._raised(i, j, feats, _probability(feats))

    def _score_one(self, i: int, j: int) -> float:
        """The score of one pair that is not a candidate of the matching (``verdict`` of any two figures):
        the same features, from each figure's candidates in the other's article."""
        import numpy as np

        di, dj = self.claims[i].mention.doc, self.claims[j].mention.doc
        src, dst, cosine, shared = [], [], [], []
        for a, other_doc in ((i, dj), (j, di)):
            for b, c in enumerate(self.claims):
                if c.mention.doc == other_doc and self.blocks[b] == self.blocks[a] and not self._veto(a, b, years=False):
                    x, words = self.similarity(a, b)
                    if words or b in (i, j):
                        src.append(a), dst.append(b), cosine.append(x), shared.append(len(words))
        arrays = (np.array(src), np.array(dst), np.array(cosine, dtype=float), np.array(shared, dtype=float))
        top = _top_per(*arrays, self._doc_ids) | np.isin(arrays[0], (i, j)) & np.isin(arrays[1], (i, j))
        a, b, feats = self._features(*(x[top] for x in arrays))
        at = np.flatnonzero((a == min(i, j)) & (b == max(i, j)))
        return float(self._raised(a[at], b[at], feats[at], _probability(feats[at]))[0]) if len(at) else 0.0

    def _features(self, src, dst, cosine, shared):
        """The pairs (i < j) of directed candidates (each figure's best _KEEP in each other article) and
        their FEATURES: context cosine, shared words, whether each is the other's best, by how much, how
        many figures of the block their articles give, whether both are in their articles' leads."""
        import numpy as np

        docs = self._doc_ids
        group = src * (int(docs.max()) + 1) + docs[dst]  # (figure, other article)
        order = np.lexsort((-cosine, group))
        g, s_sorted, d_sorted = group[order], cosine[order], dst[order]
        first = np.r_[True, g[1:] != g[:-1]]
        starts = np.flatnonzero(first)
        keys, top1, top1_dst = g[starts], s_sorted[starts], d_sorted[starts]
        second = np.zeros(len(starts))
        has_second = np.r_[starts[1:], len(g)] - starts > 1
        second[has_second] = s_sorted[starts[has_second] + 1]
        n = len(self.claims)
        lo, hi = np.minimum(src, dst), np.maximum(src, dst)
        pair_keys, first_entry = np.unique(lo * n + hi, return_index=True)
        i, j = pair_keys // n, pair_keys % n
        cos_ij = cosine[first_entry]
        shared_ij = shared[first_entry]

        def side(a, b):  # is b a's best in b's article, and a's margin over a's next best there
            key = a * (int(docs.max()) + 1) + docs[b]
            at = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
            found = keys[at] == key  # (only _score_one's few candidates can lack a figure's side)
            best = found & (top1_dst[at] == b)
            return best, cos_ij - np.where(best, second[at], np.where(found, top1[at], 0.0))

        best_i, margin_i = side(i, j)
        best_j, margin_j = side(j, i)
        figures = self._figures_in_doc
        feats = np.column_stack([cos_ij, np.log1p(shared_ij), (best_i & best_j).astype(float),
                                 np.minimum(margin_i, margin_j), np.log(figures[i] * figures[j]),
                                 self._lead[i] * self._lead[j], np.log1p(self._figures_alongside(i, j))])
        return i, j, feats

    def _figures_alongside(self, i, j):
        """For pairs (arrays i, j): how many other figures (value and unit) both their sentences give
        ("52 catches for 440 yards and four TDs" and "26 catches for 440 yards and four scores")."""
        import numpy as np

        alongside = self._alongside
        out = np.zeros(len(i))
        both = np.flatnonzero(self._has_alongside[i] & self._has_alongside[j])  # most pairs: a figure alone
        out[both] = [len(alongside[a] & alongside[b]) for a, b in zip(i[both].tolist(), j[both].tolist())]
        return out

    def evidence(self, i: int, j: int, shared: Optional[list[str]] = None) -> str:
        """Why two figures may be one fact, for people: the words their contexts share (most telling first),
        then the other figures both their sentences give ("rush, bush, 440 yard")."""
        import numpy as np

        words = self.similarity(i, j)[1] if shared is None else shared
        figures = [_readable(f) for f in sorted(self._alongside[i] & self._alongside[j])]
        a, b = self._values[i], self._values[j]
        slipped = a > 0 and b > 0 and max(a, b) > 900 * min(a, b) and self._slipped(np.array([i]), np.array([j]))[0]
        slip = ["the same digits at another scale"] if slipped else []  # (most pairs fail the first tests)
        return ", ".join(words[:4] + figures[:2] + slip)

    # --- all pairs -------------------------------------------------------------------------------

    def _directed(self):
        """(src, dst, cosine, shared words) of each figure's _KEEP best candidates in each other
        article: same block, role and period, a shared word. One sparse product per block over words
        found in few enough sentences (all pairs in one dense product in a small block)."""
        import numpy as np
        from scipy import sparse

        by_block: dict[str, list[int]] = defaultdict(list)
        for i, block in enumerate(self.blocks):
            by_block[block].append(i)
        out = []
        roles = np.array([hash(c.role) for c in self.claims])
        days = np.asarray(self._days, dtype=float)  # None (undated) becomes nan
        docs = self._doc_ids
        for block, rows in by_block.items():
            if len({self.claims[i].mention.doc for i in rows}) < 2:
                continue
            rows_arr = np.array(rows)

            def keep(r, c, scores, shared):
                r, c = rows_arr[r], rows_arr[c]
                good = (docs[r] != docs[c]) & (roles[r] == roles[c]) & (shared > 0)
                if self.within_days is not None:
                    with np.errstate(invalid="ignore"):
                        good &= ~(np.abs(days[r] - days[c]) > self.within_days)  # undated (nan): compared
                r, c, scores, shared = r[good], c[good], scores[good], shared[good]
                top = _top_per(r, c, scores, shared, docs)
                out.append((r[top], c[top], scores[top], shared[top].astype(float)))

            if len(rows) <= _SMALL_BLOCK:  # a story's block: every pair, in one dense product (no scipy)
                words: dict[str, int] = {}
                at = [(r, words.setdefault(w, len(words)), x) for r, i in enumerate(rows)
                      for w, x in self._vectors[i].items()]
                dense = np.zeros((len(rows), len(words)))
                if at:
                    r, c, x = zip(*at)
                    dense[list(r), list(c)] = x
                present = (dense > 0).astype(float)
                r, c = np.nonzero(~np.eye(len(rows), dtype=bool))
                keep(r, c, (dense @ dense.T)[r, c], (present @ present.T)[r, c].round().astype(int))
                continue
            df = self.df[block]
            vocab: dict[str, int] = {}
            indptr, indices, data, kept = [0], [], [], []
            for i in rows:
                for w, x in self._vectors[i].items():
                    col = vocab.setdefault(w, len(vocab))
                    if col == len(kept):
                        kept.append(df[w] <= _CANDIDATE_DF)
                    indices.append(col)
                    data.append(x)
                indptr.append(len(indices))
            full = sparse.csr_matrix((data, indices, indptr), shape=(len(rows), len(vocab)))
            pruned = full[:, np.flatnonzero(kept)] if not all(kept) else full
            present = full.copy()
            present.data[:] = 1.0
            pruned_t = pruned.T.tocsr()
            for lo in range(0, len(rows), _CHUNK):
                cand = (pruned[lo:lo + _CHUNK] @ pruned_t).tocoo()
                r, c = cand.row + lo, cand.col
                differ = rows_arr[r] != rows_arr[c]
                differ &= docs[rows_arr[r]] != docs[rows_arr[c]]
                r, c = r[differ], c[differ]
                if not len(r):
                    continue
                scores = cand.data[differ] if pruned is full else np.asarray(full[r].multiply(full[c]).sum(axis=1)).ravel()
                keep(r, c, scores, np.asarray(present[r].multiply(present[c]).sum(axis=1)).ravel())
        if not out:
            return (np.zeros(0, dtype=np.int64),) * 2 + (np.zeros(0),) * 2
        return tuple(np.concatenate(x) for x in zip(*out))

    def _candidates(self) -> list[tuple[int, int, float]]:
        """(i, j, score), best first, of the candidate pairs whose score reaches the threshold."""
        import numpy as np

        i, j, _, scores = self.scored_pairs()
        good = scores >= self.floor
        i, j, scores = i[good], j[good], scores[good]
        order = np.lexsort((j, i, -scores))  # best first; ties in claim order
        return list(zip(i[order].tolist(), j[order].tolist(), scores[order].tolist()))

    def _match(self) -> list[tuple[int, int, float]]:
        """One-to-one within each pair of articles, best score first."""
        taken: set[tuple[int, str]] = set()  # (claim, other article) already matched
        pairs = []
        docs = [c.mention.doc for c in self.claims]
        self.partners: dict[int, dict[int, float]] = defaultdict(dict)
        for i, j, score in self._candidates():  # best first
            di, dj = docs[i], docs[j]
            if (i, dj) in taken or (j, di) in taken:
                continue
            if self._other_anchors(i, j):
                continue  # the rest of _veto was applied to the candidates
            if self._other_people(i, j) or _other_measures(self.claims[i], self.claims[j]) \
                    or _other_sources(self.claims[i], self.claims[j]):
                continue
            taken.add((i, dj))
            taken.add((j, di))
            pairs.append((i, j, score))
            self.partners[i][j] = self.partners[j][i] = score
        return pairs

    def groups(self) -> list[tuple[list[int], str]]:
        """Claims connected by matches, each group in claim order with its label (the words its best
        match shares); claims matched with none are left out."""
        parent = list(range(len(self.claims)))

        def root(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        strong = [(i, j) for i, j, score in self.pairs if score >= self.threshold]
        for i, j in strong:
            parent[root(i)] = root(j)
        members: dict[int, list[int]] = defaultdict(list)
        for x in sorted({x for pair in strong for x in pair}):
            members[root(x)].append(x)
        best: dict[int, tuple[int, int]] = {}  # each group's best match (pairs are best first)
        for i, j in strong:
            best.setdefault(root(i), (i, j))
        hints = [([i, j], (i, j)) for i, j, score in self.pairs if score < self.threshold]
        return sorted([(group, " ".join(self.similarity(*best[r])[1][:3]) or "?") for r, group in members.items()]
                      + [(group, " ".join(self.similarity(*pair)[1][:3]) or "?") for group, pair in hints])


_SAME_DIGITS = 0.001  # how near a thousand (a million...) times the other a misscaled figure is
_MISSCALED_CONTEXT = 0.2  # context cosine from which two misscaled figures are one fact (bench/bench_matching.py)


def _other_sources(a: Claim, b: Claim) -> bool:
    """Two forecasts whose sentences name different sources, no name shared: what analysts polled by Refinitiv
    expected is not what economists polled by Dow Jones did."""
    if a.role != "forecast" or b.role != "forecast" or not a.subjects or not b.subjects:
        return False
    words = {w.lower() for name in a.subjects for w in name.split()}
    return not any(w.lower() in words for name in b.subjects for w in name.split())


def _digits(m: Mention) -> int:
    """Significant digits of an exact figure as reported ("$5.6 million": 2, "$160 billion": 3), 0 otherwise."""
    if not m.value or m.value <= 0 or not m.step or m.qualifier is not Qualifier.exact:
        return 0
    return max(0, math.floor(math.log10(m.value) + 1e-9) - round(math.log10(m.step)) + 1)


def _other_measures(a: Claim, b: Claim) -> bool:
    """Two counts that say different things of what they count (keying's measure, the nearest such word): the
    killed are not the injured, the shot, the missing or the arrested; a per-game average is not a game's total."""
    return a.mention.kind is Kind.count and bool(a.measure) and bool(b.measure) and a.measure != b.measure


_ROLES = {"": "a total or level", "part": "a part of a total", "change": "a change",
          "ratio": "a proportion ('one in 10')", "forecast": "a forecast ('economists expected 5.7%')"}


def _role(role: str) -> str:
    return _ROLES.get(role, f"the {role}")  # "the modifier of pass": "a 41-yard pass"


_KEEP = 2  # each figure's best candidates kept in each other article (near-duplicate wires give dozens)


def _top_per(src, dst, scores, shared, docs):
    """Mask of the directed candidates among the _KEEP best of their figure in each other article."""
    import numpy as np

    other = docs[dst]
    order = np.lexsort((-scores, other, src))
    r, d = src[order], other[order]
    start = np.r_[True, (r[1:] != r[:-1]) | (d[1:] != d[:-1])]
    first = np.maximum.accumulate(np.where(start, np.arange(len(r)), 0))
    mask = np.empty(len(r), dtype=bool)
    mask[order] = np.arange(len(r)) - first < _KEEP
    return mask


def _probability(features):
    """The match score: how likely two figures state one fact, a logistic model over FEATURES."""
    import numpy as np

    return 1.0 / (1.0 + np.exp(-(features @ np.array(WEIGHTS) + INTERCEPT)))


_NONE: frozenset = frozenset()


def _below(score: float) -> str:
    """A score short of a bar, written so that it reads short of it (0.6199 is "0.61", not "0.62 < 0.62")."""
    return f"{math.floor(score * 100 + 1e-9) / 100:.2f}"  # (0.57 * 100 is 56.99999999999999)


def _readable(figure: str) -> str:
    """A figure of ``Claim.alongside`` ('440.0 yard') as people write it: '440 yard'."""
    value, _, unit = figure.partition(" ")
    x = float(value)
    return f"{int(x):,} {unit}" if x.is_integer() and abs(x) < 1e15 else f"{x:g} {unit}"


_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def _person(name: str) -> tuple[str, frozenset]:
    """(surname, given names) of a person's name, lower-cased ("Martin Luther King Jr." -> king)."""
    words = name.lower().split()
    while words and words[-1] in _SUFFIXES:
        words.pop()
    return (words[-1], frozenset(words[:-1])) if words else ("", frozenset())


def _block_label(block: str) -> str:
    unit, per = block.split("\x1f")
    return unit + (f" per {per}" if per else "")


def matchers(claims: list[Claim], ruleset) -> list[Matcher]:
    """The matching of each consistency rule of the ruleset over the claims it selects (``rule_id`` set)."""
    from numcheck.checks import Context
    from numcheck.checks.consistency import matcher_for

    ctx = Context(claims=claims, ruleset=ruleset)
    out = []
    for rule in ruleset.rules:
        if rule.check == "consistency":
            matcher = matcher_for(rule, ctx.select(rule.claim), ctx.fx)
            matcher.rule_id = rule.id
            out.append(matcher)
    return out


def matched_pairs(made: list[Matcher], hints: bool = False) -> list[MatchedPair]:
    """Every pair the matchers matched (deduplicated across rules, the best score kept), best first; with
    ``hints``, the hints instead (pairs from the hint score up to the threshold: compared only on their own)."""
    seen: dict[tuple, MatchedPair] = {}
    for matcher in made:
        for i, j, score in matcher.pairs:
            if (score < matcher.threshold) != hints:
                continue
            a, b = sorted((matcher.claims[i].mention, matcher.claims[j].mention), key=lambda m: (m.doc, m.start))
            key = (a.doc, a.start, b.doc, b.start)
            if key not in seen or seen[key].score < score:
                seen[key] = MatchedPair(doc=a.doc, start=a.start, end=a.end, other_doc=b.doc, other_start=b.start,
                                        other_end=b.end, score=round(score, 4),
                                        evidence=matcher.evidence(i, j))
    return sorted(seen.values(), key=lambda p: (-p.score, p.doc, p.start))


def find_claim(claims: list[Claim], doc: str, line: Optional[int] = None, start: Optional[int] = None) -> list[Claim]:
    """Claims of ``doc`` at a line (every figure on it) or at a character offset (the figure there)."""
    out = []
    for c in claims:
        m = c.mention
        if m.doc != doc:
            continue
        if start is not None and m.start <= start < max(m.end, m.start + 1):
            out.append(c)
        elif line is not None and m.line == line:
            out.append(c)
    return out
