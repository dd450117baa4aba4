"""Stage 4: match claims across articles: which figures in different articles state the same fact.

Keying (numcheck.claims) gives each figure what its sentence says about it: the lemmas of the content
words either side, nearest first (``before``, ``after``; words inside the figure, "Nvidia H800" in
"2,000 Nvidia H800 chips", come first after it), and its role (a part of a total, a change, or
neither). Two figures in different articles are matched here when

- they are in the same **block**: kind and unit (money in any currency the FX table converts; the
  counted noun for counts), rate denominator ("per share"), and period where the rule asks for one;
- their **roles** agree: "including 5 children" is a part, "another 12 people" a change; neither is
  compared with a total;
- their **time anchors** agree: a year near each figure, when both have one, must be the same ("the
  20 who died in a 1978 fire" is not "65 dead" near "2024");
- their **contexts** are alike: the cosine of the two figures' word vectors, each word weighted by how
  distinctive it is among the figures' sentences in the block (inverse sentence frequency) and by its
  nearness to the figure, reaches ``threshold``;
- and, within each pair of articles, neither has a better match (one-to-one, best score first:
  sentences that run parallel pair figure by figure).

Matched figures form groups (connected pairs); the consistency rule compares each group's figures.
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

from numcheck.models import Claim, Kind, MatchedPair

THRESHOLD = 0.35  # cosine of two figures' contexts from which they are taken to state one fact
CONFIDENT = 0.55  # a match this strong, of figures that clearly disagree, is an error (else a warning)
_CANDIDATE_DF = 200  # in candidate finding, words in more sentences than this are left out (large corpora)
_CHUNK = 2000  # rows of the similarity product computed at a time (bounds memory on large blocks)
_YEAR = re.compile(r"(?:1[89]|20)\d\d\Z")
_ANCHOR_REACH = 8  # a year this many content words from a figure anchors it in time
_PRIOR_SENTENCES = 10
_SOLE = 0.3  # figures that are the only ones of their block in both articles need only this part of the threshold
_NEARNESS = 0.25  # a word's weight falls as 1 / (1 + _NEARNESS * (distance - 1))


def block_key(c: Claim, fx, period: str = "") -> str:
    """Figures are only matched within one block: kind and unit (money across the FX table's
    currencies), the rate's denominator, and the rule's period."""
    m = c.mention
    if m.kind is Kind.money:
        unit = "money" if m.unit == "USD" or (fx is not None and m.unit in fx.rates) else f"money:{m.unit}"
    else:
        unit = f"{m.kind.value}:{m.unit}"
    return "\x1f".join((unit, m.per, period))


def _years(words: list[str]) -> frozenset:
    return frozenset(w for w in words[:_ANCHOR_REACH] if _YEAR.match(w))


@dataclass(frozen=True)
class Verdict:
    """Whether two figures were matched, with the score and why."""

    matched: bool
    score: float
    evidence: str  # the shared words, most telling first
    why: str  # for people: why matched, or why not


class Matcher:
    """The matching of one block of claims (or of any claims: blocks are kept apart)."""

    def __init__(self, claims: list[Claim], fx=None, threshold: float = THRESHOLD, period_of=None):
        # In (doc, start) order: the same claims give the same matching however they were gathered.
        self.claims = claims = sorted(claims, key=lambda c: (c.mention.doc, c.mention.start))
        self.fx = fx
        self.threshold = threshold
        self.blocks = [block_key(c, fx, period_of(c) if period_of else "") for c in claims]
        self._index = {(c.mention.doc, c.mention.start): i for i, c in enumerate(claims)}
        self._vectors = self._weigh()
        per_doc: dict[tuple[str, str], int] = defaultdict(int)  # (block, doc) -> figures there
        for c, block in zip(claims, self.blocks):
            per_doc[(block, c.mention.doc)] += 1
        self._sole = [per_doc[(b, c.mention.doc)] == 1 for c, b in zip(claims, self.blocks)]
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
            for side in (before, after):
                for d, w in enumerate(side):
                    x = weights[w] / (1 + _NEARNESS * d)
                    if x > v.get(w, 0.0):
                        v[w] = x
            norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
            vectors.append({w: x / norm for w, x in v.items()})
        return vectors

    # --- one pair --------------------------------------------------------------------------------

    def _similarity(self, i: int, j: int) -> tuple[float, list[str]]:
        a, b = self._vectors[i], self._vectors[j]
        if len(a) > len(b):
            a, b = b, a
        shared = sorted(((x * b[w], w) for w, x in a.items() if w in b), reverse=True)
        return sum(x for x, _ in shared), [w for _, w in shared]

    def _needs(self, i: int, j: int) -> float:
        """The score two figures of one block need: less when each is its article's only figure there
        ("2,000 Nvidia H800 chips" and "a couple thousand reduced-capability chips" in two articles of a story)."""
        return self.threshold * (_SOLE if self._sole[i] and self._sole[j] else 1.0)

    def _veto(self, i: int, j: int) -> str:
        """Why two figures of one block cannot state one fact, or ''."""
        a, b = self.claims[i], self.claims[j]
        if a.mention.doc == b.mention.doc:
            return "they are in the same article"
        if a.role != b.role:
            return f"one is {_role(a.role)}, the other {_role(b.role)}"
        ya = _years(a.before.split()) | _years(a.after.split())
        yb = _years(b.before.split()) | _years(b.after.split())
        if ya and yb and not ya & yb:
            return f"they are anchored in different years ({', '.join(sorted(ya))} vs {', '.join(sorted(yb))})"
        return ""

    def verdict(self, a: Claim, b: Claim) -> Verdict:
        """Whether ``a`` and ``b`` (claims of this matcher) were matched, and why (not)."""
        i, j = self._index[(a.mention.doc, a.mention.start)], self._index[(b.mention.doc, b.mention.start)]
        score, shared = self._similarity(i, j)
        evidence = ", ".join(shared[:4])
        key = (min(i, j), max(i, j))
        if key in self._matched:
            return Verdict(True, score, evidence, f"matched: both {evidence}; match {score:.2f}")
        if self.blocks[i] != self.blocks[j]:
            return Verdict(False, score, evidence, f"not compared: {_block_label(self.blocks[i])} vs "
                                                   f"{_block_label(self.blocks[j])}")
        veto = self._veto(i, j)
        if veto:
            return Verdict(False, score, evidence, f"not matched: {veto}")
        if score < self._needs(i, j):
            return Verdict(False, score, evidence, f"not matched: their contexts share too little "
                                                   f"(match {score:.2f} < {self._needs(i, j):.2f}"
                                                   f"{'; both: ' + evidence if evidence else ''})")
        return Verdict(False, score, evidence, f"not matched: each has a better match in the other's article "
                                               f"(match {score:.2f})")

    # --- all pairs -------------------------------------------------------------------------------

    def _candidates(self) -> list[tuple[int, int, float]]:
        """(i, j, score) of every pair in one block and different articles whose score reaches the
        threshold: one sparse product per block, over words found in few enough sentences."""
        import numpy as np
        from scipy import sparse

        by_block: dict[str, list[int]] = defaultdict(list)
        for i, block in enumerate(self.blocks):
            by_block[block].append(i)
        out = []
        for block, rows in by_block.items():
            if len({self.claims[i].mention.doc for i in rows}) < 2:
                continue
            df = self.df[block]
            vocab: dict[str, int] = {}
            indptr, indices, data, keep = [0], [], [], []
            for i in rows:
                for w, x in self._vectors[i].items():
                    col = vocab.setdefault(w, len(vocab))
                    if col == len(keep):
                        keep.append(df[w] <= _CANDIDATE_DF)
                    indices.append(col)
                    data.append(x)
                indptr.append(len(indices))
            full = sparse.csr_matrix((data, indices, indptr), shape=(len(rows), len(vocab)))
            pruned = full[:, np.flatnonzero(keep)] if not all(keep) else full
            docs = np.array([hash(self.claims[i].mention.doc) for i in rows])
            rows_arr = np.array(rows)
            sole_arr = np.array([self._sole[i] for i in rows])
            pruned_t = pruned.T.tocsr()
            for lo in range(0, len(rows), _CHUNK):
                cand = (pruned[lo:lo + _CHUNK] @ pruned_t).tocoo()
                r, c = cand.row + lo, cand.col
                keep_pair = (r < c) & (docs[r] != docs[c])
                r, c = r[keep_pair], c[keep_pair]
                if not len(r):
                    continue
                if pruned is full:
                    scores = cand.data[keep_pair]
                else:
                    scores = np.asarray(full[r].multiply(full[c]).sum(axis=1)).ravel()
                sole = sole_arr[r] & sole_arr[c]
                good = scores >= np.where(sole, self.threshold * _SOLE, self.threshold) - 1e-9
                out.extend(zip(rows_arr[r[good]].tolist(), rows_arr[c[good]].tolist(), scores[good].tolist()))
        return out

    def _match(self) -> list[tuple[int, int, float]]:
        """One-to-one within each pair of articles, best score first."""
        taken: set[tuple[int, str]] = set()  # (claim, other article) already matched
        pairs = []
        for i, j, score in sorted(self._candidates(), key=lambda p: (-p[2], p[0], p[1])):
            if self._veto(i, j):
                continue
            di, dj = self.claims[i].mention.doc, self.claims[j].mention.doc
            if (i, dj) in taken or (j, di) in taken:
                continue
            taken.update(((i, dj), (j, di)))
            pairs.append((i, j, score))
        self._matched = {(i, j): s for i, j, s in pairs}
        return pairs

    def groups(self) -> list[list[int]]:
        """Claims connected by matches, each group in claim order; claims matched with none are left out."""
        parent = list(range(len(self.claims)))

        def root(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for i, j, _ in self.pairs:
            parent[root(i)] = root(j)
        members: dict[int, list[int]] = defaultdict(list)
        for x in sorted({x for i, j, _ in self.pairs for x in (i, j)}):
            members[root(x)].append(x)
        return sorted(members.values())

    def label(self, group: list[int]) -> str:
        """What a group's figures are about: the words most of its matches share."""
        weight: dict[str, float] = defaultdict(float)
        inside = set(group)
        for i, j, _ in self.pairs:
            if i in inside:
                for w in self._similarity(i, j)[1][:3]:
                    weight[w] += 1
        words = sorted(weight, key=lambda w: (-weight[w], w))[:3]
        return " ".join(words) or "?"


_ROLES = {"": "a total or level", "part": "a part of a total", "change": "a change"}


def _role(role: str) -> str:
    return _ROLES.get(role, f"the {role}")  # "the modifier of pass": "a 41-yard pass"


def _block_label(block: str) -> str:
    unit, per, period = block.split("\x1f")
    return unit + (f" per {per}" if per else "") + (f" [{period}]" if period else "")


def matched_pairs(claims: list[Claim], ruleset) -> list[MatchedPair]:
    """Every matched pair under the ruleset's consistency rules (deduplicated), best first."""
    from numcheck.checks import Context
    from numcheck.checks.consistency import matcher_for

    ctx = Context(claims=claims, ruleset=ruleset)
    seen: dict[tuple, MatchedPair] = {}
    for rule in ruleset.rules:
        if rule.check != "consistency":
            continue
        matcher = matcher_for(rule, ctx.select(rule.claim), ctx.fx)
        for i, j, score in matcher.pairs:
            a, b = sorted((matcher.claims[i].mention, matcher.claims[j].mention), key=lambda m: (m.doc, m.start))
            key = (a.doc, a.start, b.doc, b.start)
            if key not in seen or seen[key].score < score:
                seen[key] = MatchedPair(doc=a.doc, start=a.start, end=a.end, other_doc=b.doc, other_start=b.start,
                                        other_end=b.end, score=round(score, 4),
                                        evidence=", ".join(matcher._similarity(i, j)[1][:4]))
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
