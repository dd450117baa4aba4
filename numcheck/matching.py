"""Stage 4: match claims across articles: which figures in different articles state the same fact.

Keying (numcheck.claims) gives each figure what its sentence says about it: the lemmas of the content
words either side, nearest first (``before``, ``after``; words inside the figure, "Nvidia H800" in
"2,000 Nvidia H800 chips", come first after it), and its role (a part of a total, a change, or
neither). Two figures in different articles are matched here when

- they are in the same **block**: kind and unit (money in any currency the FX table converts; the
  counted noun for counts) and rate denominator ("per share");
- their articles, when both are dated, were published in the same period (the rule's ``same_period``);
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
_SMALL_BLOCK = 60  # figures: a block this small is compared pair by pair in Python (no matrices)
_YEAR = re.compile(r"(?:1[89]|20)\d\d\Z")
_ANCHOR_REACH = 8  # a year this many content words from a figure anchors it in time
_PRIOR_SENTENCES = 10
_ANY = 0.01  # "any shared word" (a score above rounding noise)
_FAR = 8  # words past another figure of the sentence count as this much farther
_NEARNESS = 0.5  # a word's weight falls as 1 / (1 + _NEARNESS * (distance - 1))


def block_key(c: Claim, fx) -> str:
    """Figures are only matched within one block: kind and unit (money across the FX table's
    currencies) and the rate's denominator."""
    m = c.mention
    if m.kind is Kind.money:
        unit = "money" if m.unit == "USD" or (fx is not None and m.unit in fx.rates) else f"money:{m.unit}"
    else:
        unit = f"{m.kind.value}:{m.unit}"
    return f"{unit}\x1f{m.per}"


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

    rule_id = ""  # the rule it matched for, when made for one (``matchers``)

    def __init__(self, claims: list[Claim], fx=None, threshold: float = THRESHOLD, period_of=None):
        # In (doc, start) order: the same claims give the same matching however they were gathered.
        self.claims = claims = sorted(claims, key=lambda c: (c.mention.doc, c.mention.start))
        self.fx = fx
        self.threshold = threshold
        self.blocks = [block_key(c, fx) for c in claims]
        self.periods = [period_of(c) if period_of else "" for c in claims]
        self._index = {(c.mention.doc, c.mention.start): i for i, c in enumerate(claims)}
        self._vectors = self._weigh()
        self._years = [_years(c.before.split()) | _years(c.after.split()) for c in claims]
        per_doc: dict[tuple[str, str], int] = defaultdict(int)  # (block, doc) -> figures there
        for c, block in zip(claims, self.blocks):
            per_doc[(block, c.mention.doc)] += 1
        # A count that is its article's only one of its noun (money, percent and measures are too common)
        self._sole = [per_doc[(b, c.mention.doc)] == 1 and c.mention.kind is Kind.count
                      for c, b in zip(claims, self.blocks)]
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

    def _needs(self, i: int, j: int) -> float:
        """The score two figures of one block need: for two counts of one noun that are each their
        article's only one, a shared word will do ("2,000 Nvidia H800 chips" and "a couple thousand
        reduced-capability chips", the only chips counted in two articles of a story)."""
        return _ANY if self._sole[i] and self._sole[j] else self.threshold

    def _words_needed(self, i: int, j: int) -> int:
        """One shared word is chance unless each figure is its article's only one in the block."""
        return 1 if self._sole[i] and self._sole[j] else 2

    def _veto(self, i: int, j: int) -> str:
        """Why two figures of one block cannot state one fact, or ''."""
        a, b = self.claims[i], self.claims[j]
        if a.mention.doc == b.mention.doc:
            return "they are in the same article"
        pa, pb = self.periods[i], self.periods[j]
        if pa and pb and pa != pb:
            return f"their articles were published in different periods ({pa} vs {pb})"
        if a.role != b.role:
            return f"one is {_role(a.role)}, the other {_role(b.role)}"
        ya, yb = self._years[i], self._years[j]
        if ya and yb and not ya & yb:
            return f"they are anchored in different years ({', '.join(sorted(ya))} vs {', '.join(sorted(yb))})"
        return ""

    def verdict(self, a: Claim, b: Claim) -> Verdict:
        """Whether ``a`` and ``b`` (claims of this matcher) were matched, and why (not)."""
        i, j = self._index[(a.mention.doc, a.mention.start)], self._index[(b.mention.doc, b.mention.start)]
        score, shared = self.similarity(i, j)
        evidence = ", ".join(shared[:4])
        if j in self.partners.get(i, {}):
            return Verdict(True, score, evidence, f"matched: both {evidence}; match {score:.2f}")
        if self.blocks[i] != self.blocks[j]:
            return Verdict(False, score, evidence, f"not compared: {_block_label(self.blocks[i])} vs "
                                                   f"{_block_label(self.blocks[j])}")
        veto = self._veto(i, j)
        if veto:
            return Verdict(False, score, evidence, f"not matched: {veto}")
        if len(shared) < self._words_needed(i, j) and score >= self._needs(i, j):
            return Verdict(False, score, evidence, f"not matched: their contexts share only one word ({evidence})")
        if score < self._needs(i, j):
            return Verdict(False, score, evidence, f"not matched: their contexts share too little "
                                                   f"(match {score:.2f} < {self._needs(i, j):.2f}"
                                                   f"{'; both: ' + evidence if evidence else ''})")
        return Verdict(False, score, evidence, f"not matched: each has a better match in the other's article "
                                               f"(match {score:.2f})")

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

    # --- all pairs -------------------------------------------------------------------------------

    def _candidates(self) -> list[tuple[int, int, float]]:
        """(i, j, score), best first, of the pairs in one block and different articles whose score
        reaches the threshold: one sparse product per block, over words found in few enough sentences."""
        import numpy as np
        from scipy import sparse

        by_block: dict[str, list[int]] = defaultdict(list)
        for i, block in enumerate(self.blocks):
            by_block[block].append(i)
        out = []
        for block, rows in by_block.items():
            if len({self.claims[i].mention.doc for i in rows}) < 2:
                continue
            docs = np.array([hash(self.claims[i].mention.doc) for i in rows])
            rows_arr = np.array(rows)
            sole_arr = np.array([self._sole[i] for i in rows])
            roles = np.array([hash(self.claims[i].role) for i in rows])
            periods = np.array([hash(self.periods[i]) if self.periods[i] else 0 for i in rows])

            def keep_best(r, c, scores, shared):
                good = scores >= np.where(sole_arr[r] & sole_arr[c], _ANY, self.threshold) - 1e-9
                good &= (roles[r] == roles[c]) & ((periods[r] == 0) | (periods[c] == 0) | (periods[r] == periods[c]))
                r, c, scores = r[good], c[good], scores[good]
                good = (shared(r, c) >= 2) | (sole_arr[r] & sole_arr[c])  # one shared word is chance
                r, c, scores = r[good], c[good], scores[good]
                # Matching is one-to-one per pair of articles: only a figure's _KEEP best candidates in
                # each other article can be taken (near-duplicate wires give each figure dozens).
                keep = _best_per(r, docs[c], scores) & _best_per(c, docs[r], scores)
                out.append((rows_arr[r[keep]], rows_arr[c[keep]], scores[keep]))

            if len(rows) <= _SMALL_BLOCK:  # a story's block: every pair, without building matrices
                r, c = np.triu_indices(len(rows), 1)
                differ = docs[r] != docs[c]
                r, c = r[differ], c[differ]
                vectors = [self._vectors[i] for i in rows]
                scores = np.array([sum(x * vectors[b].get(w, 0.0) for w, x in vectors[a].items())
                                   for a, b in zip(r.tolist(), c.tolist())], dtype=float)
                keep_best(r, c, scores, lambda r_, c_: np.array(
                    [len(vectors[a].keys() & vectors[b].keys()) for a, b in zip(r_.tolist(), c_.tolist())], dtype=int))
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
            present = full.copy()
            present.data[:] = 1.0
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
                keep_best(r, c, scores, lambda r_, c_: np.asarray(present[r_].multiply(present[c_]).sum(axis=1)).ravel())
        if not out:
            return []
        r, c, scores = (np.concatenate(x) for x in zip(*out))
        order = np.lexsort((c, r, -scores))  # best first; ties in claim order
        return list(zip(r[order].tolist(), c[order].tolist(), scores[order].tolist()))

    def _match(self) -> list[tuple[int, int, float]]:
        """One-to-one within each pair of articles, best score first."""
        taken: set[tuple[int, str]] = set()  # (claim, other article) already matched
        pairs = []
        years, docs = self._years, [c.mention.doc for c in self.claims]
        self.partners: dict[int, dict[int, float]] = defaultdict(dict)
        for i, j, score in self._candidates():  # best first
            di, dj = docs[i], docs[j]
            if (i, dj) in taken or (j, di) in taken:
                continue
            ya, yb = years[i], years[j]
            if ya and yb and not ya & yb:
                continue  # the rest of _veto and _words_needed was applied to the candidates
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

        for i, j, _ in self.pairs:
            parent[root(i)] = root(j)
        members: dict[int, list[int]] = defaultdict(list)
        for x in sorted({x for i, j, _ in self.pairs for x in (i, j)}):
            members[root(x)].append(x)
        best: dict[int, tuple[int, int]] = {}  # each group's best match (pairs are best first)
        for i, j, _ in self.pairs:
            best.setdefault(root(i), (i, j))
        return sorted((group, " ".join(self.similarity(*best[r])[1][:3]) or "?") for r, group in members.items())


_ROLES = {"": "a total or level", "part": "a part of a total", "change": "a change"}


def _role(role: str) -> str:
    return _ROLES.get(role, f"the {role}")  # "the modifier of pass": "a 41-yard pass"


_KEEP = 2


def _best_per(rows, other_docs, scores):
    """Mask of the candidates among the _KEEP best of their row for each other article."""
    import numpy as np

    order = np.lexsort((-scores, other_docs, rows))
    r, d = rows[order], other_docs[order]
    start = np.r_[True, (r[1:] != r[:-1]) | (d[1:] != d[:-1])]
    first = np.maximum.accumulate(np.where(start, np.arange(len(r)), 0))
    mask = np.empty(len(r), dtype=bool)
    mask[order] = np.arange(len(r)) - first < _KEEP
    return mask


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


def matched_pairs(made: list[Matcher]) -> list[MatchedPair]:
    """Every pair the matchers matched (deduplicated across rules, the best score kept), best first."""
    seen: dict[tuple, MatchedPair] = {}
    for matcher in made:
        for i, j, score in matcher.pairs:
            a, b = sorted((matcher.claims[i].mention, matcher.claims[j].mention), key=lambda m: (m.doc, m.start))
            key = (a.doc, a.start, b.doc, b.start)
            if key not in seen or seen[key].score < score:
                seen[key] = MatchedPair(doc=a.doc, start=a.start, end=a.end, other_doc=b.doc, other_start=b.start,
                                        other_end=b.end, score=round(score, 4),
                                        evidence=", ".join(matcher.similarity(i, j)[1][:4]))
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
