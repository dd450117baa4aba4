"""Stage between keying and matching: group articles into stories, so figures are only compared
between articles that report the same story or event.

Each article is reduced, where it is read (in the workers, cached with its claims), to its
``story_terms``: the content words of its title and text with their counts, and a word for each of its
precise figures (two reports of "113 people" and "$1.94 billion" likely tell one story). The main process weighs
each word by how rare it is in English at large (wordfreq) and groups articles in one pass, oldest first, as
topic detection and tracking systems do: an article joins the story whose members it is most similar
to on average (cosine of TF-IDF vectors), when that similarity reaches ``threshold``, and otherwise
starts a story of its own. An article the pass left alone then joins the story of two or more whose
members, later ones too, it is most similar to on average, from ``ALONE_THRESHOLD``; and a story whose
articles fall into groups of ``SPLIT_PIECE`` or more, less alike between them than ``SPLIT_THRESHOLD``
(average linkage), is split into those groups (two similar events: two title fights of one boxer). Only
pairs that share one of their most distinctive words are ever compared (an inverted index through one
sparse product), so grouping is near-linear in the corpus.
Articles more than ``window_days`` apart (both dated) never share a story.

Because one pass adds articles one by one, a new article joins its story the same way without the
archive being regrouped (``Stories.join``).
"""
from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from operator import mul
from datetime import date
from typing import Callable, Iterable, Iterator, Optional, Sequence

from numcheck.claims import _CONTEXT_STOP
from numcheck.memory import give_back
from numcheck.models import Article, Claim, Kind, Mention

THRESHOLD = 0.20  # average cosine to a story's members for an article to join it (bench/bench_stories.py)
# An article the pass leaves alone joins the story of two or more it is most similar to on average, later members
# counted too, from this (chosen on NeuS/AllSides' validation split and ECB+'s dev sub-topics: bench/bench_stories.py).
ALONE_THRESHOLD = 0.16
# A story whose articles fall into groups of SPLIT_PIECE or more, less alike than SPLIT_THRESHOLD between them, is
# as many stories (``_split_apart``; chosen on ECB+'s dev sub-topics and NeuS/AllSides' validation split).
SPLIT_THRESHOLD, SPLIT_PIECE, SPLIT_LARGEST = 0.30, 5, 2000
TERMS_KEPT = 60  # of an article's distinct words, the heaviest (a long article's tail is noise)
PREFIX = 12  # an article is compared with those sharing one of its PREFIX most distinctive words
COMMON_AFTER = 100  # articles: a word in this many weighs half as much (_vectors)
_WEIGHT_UNIT = 10_000  # kept weights are integers of this fraction: sums are exact in every run
_MIN_PARTIAL = 0.02  # a pair whose heaviest words make less of its cosine is no candidate
_CHUNK = 2000  # articles read into vectors at once
_PRODUCT_ROWS = 500  # rows of the candidate products made at once (2,000 took 0.13 GB more, no faster, on 100 MB)
NEIGHBOURS = 30  # earlier articles an article is compared with, at most
KEPT_WORDS = 40  # an article's heaviest words, kept to join later articles to its story
# A word in more articles than this finds no candidates (it still weighs in the cosine): pairs that share
# only words that common are many (a word in d articles makes d^2 pairs) and rarely one story.
MAX_SHARED_MIN, MAX_SHARED_PER_ROOT = 50, 4.0  # max(50, 4 sqrt(n)): 215 in 2,900 articles, 1,300 in 108,000

# Words of three characters or more (shorter ones tell no story), in the lower-cased text with ’ read as ':
# a letter first, a letter or digit last. In ASCII text (nearly every article) _ASCII_WORD finds the same words
# with a third fewer instructions: its classes are tables, not Unicode lookups.
_WORD = re.compile(r"[^\W\d_][\w'-]{2,}(?<![_'-])")
_ASCII_WORD = re.compile(r"[a-zA-Z][a-zA-Z0-9_'-]{2,}(?<![_'-])")
# The matching stage's function words and reporting verbs, and words that tell no story apart.
_STOP = _CONTEXT_STOP | frozenset("""one two three new year years last first time people like get got make made
back well even many much still way""".split())


def story_terms(article: Article, mentions: Optional[Sequence[Mention]] = None) -> str:
    """An article's content words (lower-cased) and their counts, title words counted twice, and its
    distinctive figures (``_figure_words``; ``mentions``: its claimable mentions, extracted here when not
    given): what grouping reads of it. The ``TERMS_KEPT`` heaviest (count x rarity in English), in a
    stable order, as "word count word count ..." (one string: a corpus's articles travel and wait for
    grouping in it; a pair for each word cost a quarter of the claims' memory)."""
    text = f"{article.title}\n{article.title}\n{article.text}".lower().replace("’", "'")
    # Each distinct word is looked at once, not each of its uses, and in C loops (map, sorted) where Python's
    # would do the same slower: this runs on every article.
    words = (_ASCII_WORD if text.isascii() else _WORD).findall(text)
    counts = {w: n for w, n in Counter(words).items() if w not in _STOP}
    if "'s" in text:  # "deepseek's" is "deepseek"
        for w in [w for w in counts if "'" in w and w.endswith("'s")]:
            n = counts.pop(w)
            if w[:-2] not in _STOP and len(w) > 4:
                counts[w[:-2]] = counts.get(w[:-2], 0) + n
    if mentions is None:
        from numcheck.extraction import extract_claimable

        mentions = extract_claimable(article.text, article.doc)[0]
    for w in _figure_words(mentions):
        counts[w] = counts.get(w, 0) + 1
    # (-weight, word, count), weight = (1 + log count) x rarity: the heaviest first, ties by word.
    weights = map(mul, map(_MINUS_DAMPED_COUNT.__getitem__, counts.values()), map(_RARITY.__getitem__, counts))
    kept = sorted(zip(weights, counts, counts.values()))[:TERMS_KEPT]
    return " ".join([f"{w} {n}" for _, w, n in kept])


FIGURE = "#"  # a figure's word in story terms begins so (no word does: ``_WORD``); never in a story's label
_FIGURE_KINDS = frozenset({Kind.money, Kind.count, Kind.quantity, Kind.percent})


def _figure_words(mentions: Iterable[Mention]) -> Iterator[str]:
    """A word for each figure of two distinctive digits or more ("#113people", "#1.9e+12usd"; not "two
    people" or "$2 billion"): articles that give the same precise figures likely report one story, as those
    that name the same rare names do (they weigh as a word unseen in English)."""
    for m in mentions:
        if m.kind in _FIGURE_KINDS and m.value and (m.low is None or m.low == m.high):
            if distinctive_digits(m.value) >= 2:
                yield f"{FIGURE}{m.value:.3g}{_NOT_WORD.sub('', (m.unit or '').lower())}".replace("-", "~")  # no "-": a word


_NOT_WORD = re.compile(r"\W")


def distinctive_digits(value: float) -> int:
    """Significant digits of a value, trailing zeros dropped: 6,500,000 and 65 have 2, 2,000 has 1."""
    return len(f"{abs(value):.6e}".partition("e")[0].replace(".", "").rstrip("0"))


@dataclass
class Stories:
    """Which story each article is in: ``of[doc]`` is a story id; ``label[id]`` a few of its words;
    ``kept[doc]`` what a later run needs to join new articles to these stories (``rows``, ``join``)."""

    of: dict[str, str] = field(default_factory=dict)
    label: dict[str, str] = field(default_factory=dict)
    kept: dict[str, tuple[str, str]] = field(default_factory=dict)  # doc -> (date, its heaviest words)
    renamed: set[str] = field(default_factory=set)  # unchanged articles whose story a re-run named anew
    # Yields ``kept``'s items, made when first asked (``rows``) or made a row at a time (``iter_rows``).
    kept_of: Optional[Callable[[], Iterator[tuple[str, tuple[str, str]]]]] = None

    def rows(self) -> list[tuple[str, str, str, str, str]]:
        """(doc, story, label, date, words) of the articles grouped this time: the snapshot keeps them.
        Words: each article's heaviest, "word weight ..." (weights in 1e-4)."""
        if self.kept_of is not None:
            self.kept, self.kept_of = dict(self.kept_of()), None
        return list(self.iter_rows())

    def iter_rows(self) -> Iterator[tuple[str, str, str, str, str]]:
        """``rows`` one at a time, each made as it is taken (a snapshot's writer: 108,000 articles' words at
        once are 0.1 GB)."""
        kept = self.kept_of() if self.kept_of is not None else self.kept.items()
        return ((doc, self.of[doc], self.label[self.of[doc]], date, words) for doc, (date, words) in kept)

    def members(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for doc, story in self.of.items():
            out.setdefault(story, []).append(doc)
        return out


def one_story(docs: Sequence[str], label: str = "all articles") -> Stories:
    """Every article in one story: ``--one-story``, for a folder the user knows is one."""
    sid = _story_id(min(docs)) if docs else "s0"
    return Stories(of={d: sid for d in docs}, label={sid: label})


def group(docs: Sequence[str], terms: Sequence[str], dates: Sequence[str] = (), *,
          threshold: float = THRESHOLD, window_days: Optional[float] = None, jobs: int = 1) -> Stories:
    """Group articles into stories (see the module's docstring). ``terms[i]`` is ``story_terms`` of
    ``docs[i]``; ``dates[i]`` its ISO date or "". Deterministic: the same articles give the same stories
    whatever order they come in (and however many ``jobs``, forked processes, make the candidate products)."""
    import numpy as np
    from scipy import sparse

    n = len(docs)
    if n == 0:
        return Stories()
    dates = list(dates) or [""] * n
    order = sorted(range(n), key=lambda i: (dates[i] or "9999", docs[i]))  # oldest first, then by name
    x, vocab = _vectors([terms[i] for i in order], COMMON_AFTER)
    df = np.bincount(x.indices, minlength=x.shape[1])
    max_shared = max(MAX_SHARED_MIN, MAX_SHARED_PER_ROOT * n ** 0.5)

    # Candidates: pairs sharing one of either article's PREFIX heaviest words (not one in every article),
    # the NEIGHBOURS earlier articles each shares most weight with on those words (whichever article's
    # words make more of their cosine).
    row_of = np.repeat(np.arange(n), np.diff(x.indptr))
    rank = _rank_in_row(row_of, x.data, x.indptr)
    keep = (rank < PREFIX) & (df[x.indices] <= max_shared)
    prefix = sparse.csr_matrix((x.data[keep], (row_of[keep], x.indices[keep])), shape=x.shape)
    global _PRODUCTS
    _PRODUCTS = (x, prefix, x.T.tocsr(), prefix.T.tocsr())
    try:
        starts_ = range(0, n, _PRODUCT_ROWS)  # a chunk of rows at a time: the products of all rows would not fit
        if jobs > 1 and n >= _PARALLEL_FROM and _forkable():
            import multiprocessing

            with multiprocessing.get_context("fork").Pool(jobs) as pool:  # each inherits the matrices
                found = pool.map(_neighbours, starts_)
        else:
            found = list(map(_neighbours, starts_))
    finally:
        _PRODUCTS = None
    firsts, seconds = [f for f, _ in found], [s for _, s in found]

    pairs = np.stack([np.concatenate(firsts), np.concatenate(seconds)], axis=1) if firsts else np.zeros((0, 2), int)
    del found, firsts, seconds, prefix
    # The candidates' cosines, a chunk at a time (the rows gathered for all at once would not fit).
    step = _CHUNK * NEIGHBOURS // 2  # pairs at a time: 240,000 gathered 0.35 GB of rows on 100 MB of news
    sims = np.concatenate([np.asarray(x[pairs[i:i + step, 0]].multiply(x[pairs[i:i + step, 1]]).sum(axis=1)).ravel()
                           for i in range(0, len(pairs), step)]) if len(pairs) else np.zeros(0)

    keep = sims > 0
    if window_days is not None:
        day = np.asarray([day_number(dates[i]) for i in order], dtype=float)  # None (undated) becomes nan
        with np.errstate(invalid="ignore"):
            keep &= ~(np.abs(day[pairs[:, 0]] - day[pairs[:, 1]]) > window_days)  # undated (nan): no limit
    pairs, sims = pairs[keep], sims[keep]
    bounds = np.searchsorted(pairs[:, 0], np.arange(n + 1))  # pairs are in order of their later article
    earlier = pairs[:, 1]

    story_of: list[int] = []
    size: list[int] = []
    for r in range(n):
        lo, hi = bounds[r], bounds[r + 1]
        # Each article's neighbours as Python numbers only while it is placed: all 3 million at once raised
        # grouping's peak by 200 MB on 100 MB of news.
        story = _best_story(zip(earlier[lo:hi].tolist(), sims[lo:hi].tolist()), story_of, size, threshold)
        if story < 0:
            story = len(size)
            size.append(0)
        story_of.append(story)
        size[story] += 1
    _join_alone(pairs, sims, story_of, size)
    del pairs, sims, earlier
    _split_apart(x, story_of)

    # Each article's KEPT_WORDS heaviest words and their weights (integers, 1e-4): what names its story
    # and what a later run joins articles with (Stories.rows).
    kept = rank < KEPT_WORDS
    k_rows, k_terms = row_of[kept].astype(np.int32), x.indices[kept].astype(np.int32)  # (kept until ``rows``)
    k_weights = np.rint(x.data[kept] * _WEIGHT_UNIT).astype(np.int32)
    del x, rank, row_of, kept  # with the pairs, 0.25 GB on 100 MB of news, freed before the labels
    give_back()
    stories_of = np.asarray(story_of, dtype=np.int64)
    out = Stories()
    firsts_ = {}
    for r in range(n):
        firsts_.setdefault(story_of[r], r)
    ids = {story: _story_id(docs[order[r]]) for story, r in firsts_.items()}
    out.of = {docs[order[r]]: ids[story_of[r]] for r in range(n)}
    out.label = _labels(stories_of[k_rows], k_terms, k_weights, vocab, ids)

    def rows() -> Iterator[tuple[str, tuple[str, str]]]:
        bounds = np.searchsorted(k_rows, np.arange(n + 1)).tolist()  # k_rows ascend: each row's words in a run
        return ((docs[order[r]], (dates[order[r]], " ".join(
            f"{vocab[t]} {w}" for t, w in zip(k_terms[lo:hi].tolist(), k_weights[lo:hi].tolist()))))
            for r, lo, hi in zip(range(n), bounds, bounds[1:]))

    out.kept_of = rows
    return out


def _join_alone(pairs, sims, story_of: list[int], size: list[int], threshold: float = ALONE_THRESHOLD) -> None:
    """Move each article the one pass left alone to the story (of two or more) it is most similar to on average
    when that reaches ``threshold``, in place. The pass saw only earlier articles: the later members of a story
    count here too (an article published before the rest of its story is left alone by them)."""
    import numpy as np

    stories, sizes = np.asarray(story_of, dtype=np.int64), np.asarray(size, dtype=np.int64)
    alone = sizes[stories] == 1
    first_alone, second_alone = alone[pairs[:, 0]], alone[pairs[:, 1]]
    one, two = first_alone & ~second_alone, second_alone & ~first_alone  # pairs of one article alone
    if not (one.any() or two.any()):
        return
    mine = np.concatenate([pairs[one, 0], pairs[two, 1]])
    other = np.concatenate([pairs[one, 1], pairs[two, 0]])
    width = len(sizes)
    key, where = np.unique(mine * width + stories[other], return_inverse=True)
    average = np.bincount(where, weights=np.concatenate([sims[one], sims[two]])) / sizes[key % width]
    article, story = key // width, key % width
    order = np.lexsort((story, -average, article))  # each article's best story first, ties to the first made
    best = order[_run_starts(article[order])]
    best = best[average[best] >= threshold]
    for r, s in zip(article[best].tolist(), story[best].tolist()):
        story_of[r] = s


def _split_apart(x, story_of: list[int], threshold: float = SPLIT_THRESHOLD, piece: int = SPLIT_PIECE,
                 largest: int = SPLIT_LARGEST) -> None:
    """Split, in place, each story whose articles fall into groups of ``piece`` or more that are less alike
    than ``threshold`` (average cosine between the groups' articles, average linkage): one pass joins an
    article to the story it is most like on average, so two similar events (two Klitschko title fights, two
    Internet Explorer patches) can grow into one story, each event's articles alike among themselves.
    Groups smaller than ``piece`` stay with the group they are most like on average. Stories of more than
    ``largest`` articles are left whole (the cosines of every pair of them would not fit)."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    members: dict[int, list[int]] = {}
    for r, story in enumerate(story_of):
        members.setdefault(story, []).append(r)
    made = max(story_of, default=-1) + 1
    for story, rows in members.items():
        if not 2 * piece <= len(rows) <= largest:
            continue
        sub = x[rows]
        sim = (sub @ sub.T).toarray()
        distance = np.clip(1.0 - sim, 0.0, None)
        np.fill_diagonal(distance, 0.0)
        groups = fcluster(linkage(squareform(distance, checks=False), method="average"), 1.0 - threshold,
                          criterion="distance")
        labels, counts = np.unique(groups, return_counts=True)
        big = labels[counts >= piece]
        if len(big) < 2:
            continue
        likeness = np.column_stack([sim[:, groups == g].mean(axis=1) for g in big])
        groups = np.where(np.isin(groups, big), groups, big[np.argmax(likeness, axis=1)])
        first = groups[0]  # the story keeps its first article's group; each other group is a story of its own
        for g in big:
            if g != first:
                for r in np.asarray(rows)[groups == g].tolist():
                    story_of[r] = made
                made += 1


_PRODUCTS = None  # (x, prefix, x transposed, prefix transposed) of the grouping under way: forked processes inherit it
_PARALLEL_FROM = 20_000  # articles: below this, the candidate products take less than forking for them


def _forkable() -> bool:
    from numcheck.checks import can_fork  # (the rules' stage imports this one)

    return can_fork()


def _neighbours(start: int):
    """(later, earlier) article pairs of one chunk of rows from ``start``: each article's NEIGHBOURS earlier ones
    it shares most weight with on either's PREFIX words."""
    import numpy as np

    x, prefix, x_t, prefix_t = _PRODUCTS
    stop = min(x.shape[0], start + _PRODUCT_ROWS)
    part = (prefix[start:stop] @ x_t).maximum(x[start:stop] @ prefix_t).tocoo()
    r, s, v = part.row + start, part.col, part.data
    earlier = (s < r) & (v >= _MIN_PARTIAL)
    r, s, v = r[earlier], s[earlier], v[earlier]
    order = np.lexsort((s, -v, r))  # by article, then heaviest first, ties to the earliest: whatever the chunks
    r, s = r[order], s[order]
    top = np.arange(len(r)) - np.searchsorted(r, r, side="left") < NEIGHBOURS
    return r[top], s[top]


def _run_starts(values):
    """Where each run of equal values starts in a sorted array."""
    import numpy as np

    return np.flatnonzero(np.r_[True, values[1:] != values[:-1]])


def _labels(story, terms, weights, vocab: Sequence[str], ids: dict) -> dict[str, str]:
    """Each story's three heaviest words: the sum of its members' kept weights, ties by the word."""
    import numpy as np

    words = ~np.fromiter((w.startswith(FIGURE) for w in vocab), dtype=bool, count=len(vocab))
    keep = words[terms]
    story, terms, weights = story[keep], terms[keep], weights[keep]
    if not len(story):
        return {sid: "" for sid in ids.values()}
    width = len(vocab)
    # Each (story, word)'s total weight: the pairs sorted, then summed by run (np.unique with its inverse
    # held 0.2 GB at once on 100 MB of news).
    key = story * width + terms
    order = np.argsort(key, kind="stable")
    key = key[order]
    weights = weights[order].astype(np.int64)
    del order
    starts = _run_starts(key)
    key, total = key[starts], np.add.reduceat(weights, starts)
    del weights, starts
    alphabetical = np.empty(width, dtype=np.int64)
    alphabetical[np.argsort(np.asarray(vocab, dtype=object))] = np.arange(width)
    st, t = key // width, key % width
    order = np.lexsort((alphabetical[t], -total, st))
    st, t = st[order], t[order]
    starts = _run_starts(st)  # each story's first (heaviest) word
    top = np.arange(len(st)) - np.repeat(starts, np.diff(np.r_[starts, len(st)])) < 3
    labels: dict[str, list[str]] = {sid: [] for sid in ids.values()}
    for s_, t_ in zip(st[top].tolist(), t[top].tolist()):
        labels[ids[s_]].append(vocab[t_])
    return {sid: " · ".join(words) for sid, words in labels.items()}


def _name(stories: list[list[tuple[str, str, str]]], out: Stories) -> None:
    """Name each story, given its members (doc, date, kept words "word weight ..."), into ``out``: its id
    from its oldest member (then the first by name), its label its three heaviest kept words. The same
    naming as ``group``'s, so a re-run that joins articles names a story as a run from scratch would."""
    for members in stories:
        sid = _story_id(min(members, key=lambda m: (m[1] or "9999", m[0]))[0])
        total: dict[str, int] = {}
        for doc, date, words in members:
            pairs = words.split()
            for w, weight in zip(pairs[::2], pairs[1::2]):
                total[w] = total.get(w, 0) + int(weight)
            out.of[doc] = sid
            out.kept[doc] = (date, words)
        out.label[sid] = " · ".join(sorted((w for w in total if not w.startswith(FIGURE)), key=lambda w: (-total[w], w))[:3])


def _vectors(terms: Sequence[str], common_after: float = 0):
    """Unit vectors of articles' words, each weighted by (1 + log count) x its rarity in English at large
    (wordfreq's Zipf scale: 9 - log10 of its frequency per billion words).

    Rarity in English at large, not among the articles checked: a folder of five articles on one
    story has the story's own names in every article, where a corpus IDF would weigh them nothing
    and split the story (seen on the seeds and on each ECB+ sub-topic alone)."""
    import numpy as np
    from scipy import sparse

    import pandas as pd

    lengths = np.fromiter(((t.count(" ") + 1) // 2 if t else 0 for t in terms), dtype=np.int64, count=len(terms))
    # Word -> column, in order of first use; a chunk of articles at a time: all their words as Python strings
    # at once took 0.7 GB on 100 MB of news.
    column: dict[str, int] = {}
    cols_parts, vals_parts = [], []
    for at in range(0, len(terms), _CHUNK):
        flat = " ".join(terms[at:at + _CHUNK]).split()
        codes, uniques = pd.factorize(np.asarray(flat[::2], dtype=object))
        cols_parts.append(np.asarray([column.setdefault(w, len(column)) for w in uniques], dtype=np.int32)[codes])
        vals_parts.append(np.asarray(flat[1::2], dtype=np.float32))
    del flat
    cols, vals = np.concatenate(cols_parts), np.concatenate(vals_parts)  # (terms: one article or more)
    del cols_parts, vals_parts
    words = list(column)
    rarity = np.asarray([_rarity(w) for w in words], dtype=np.float32)  # each word once: not memoized
    if common_after:
        # A word in many of these articles is a genre's, not a story's ("qtr", "mln" and "cts" in every
        # Reuters earnings wire): it fades with its article count, past what one story fills.
        rarity = rarity / (1 + np.bincount(cols, minlength=len(words)) / common_after)
    data = (np.log(vals) + 1) * rarity[cols]
    del vals
    indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32 if len(data) < 2 ** 31 else np.int64)
    norms = np.sqrt(np.bincount(np.repeat(np.arange(len(terms), dtype=np.int32), lengths), weights=data * data,
                                minlength=len(terms)))
    norms[norms == 0] = 1
    data /= np.repeat(norms, lengths).astype(np.float32)
    x = sparse.csr_matrix((data, cols.astype(indptr.dtype, copy=False), indptr), shape=(len(terms), max(len(words), 1)))
    x.sum_duplicates()
    x.sort_indices()
    return x, words


def _rank_in_row(row_of, data, indptr):
    """Each entry's rank by weight within its row, heaviest 0 (ties by column, as stored)."""
    import numpy as np

    order = np.lexsort((-data, row_of))
    rank = np.empty(len(data), dtype=np.int64)
    rank[order] = np.arange(len(data)) - indptr[row_of[order]]
    return rank


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict  # its English list, read once (0.2 s)

    return get_frequency_dict("en")


def _zipf(word: str) -> float:
    """A word's Zipf frequency in English (log10 per billion words; 0 when unseen). The list's own
    entry, as wordfreq's zipf_frequency would read it, save for words it splits ("co-operation")."""
    f = _frequencies().get(word)
    if f is None and ("-" in word or "'" in word):
        from wordfreq import zipf_frequency

        return zipf_frequency(word, "en")
    return math.log10(f) + 9 if f else 0.0


def _rarity(word: str) -> float:
    """What a word weighs for each use (damped): how rare it is in English, 9 less its Zipf frequency."""
    return 9.0 - _zipf(word)


class _Memo(dict):
    """``function``'s value of each key, computed when first looked up: once known, a lookup (``memo[key]``,
    ``map(memo.__getitem__, keys)``) makes no Python call, as an lru_cache's does. Holds ``size`` keys at
    most: full, it starts again empty."""

    def __init__(self, function: Callable, size: int):
        super().__init__()
        self.function, self.size = function, size

    def __missing__(self, key):
        if len(self) >= self.size:
            self.clear()
        value = self[key] = self.function(key)
        return value


# What story_terms weighs each distinct word of every article with, where it is read.
_RARITY = _Memo(_rarity, 1 << 18)
_MINUS_DAMPED_COUNT = _Memo(lambda n: -(1 + math.log(n)), 1 << 12)  # minus: the heaviest sort first


def _best_story(neighbours: Iterable[tuple[int, float]], story_of: Sequence[int], size: Sequence[int],
                threshold: float) -> int:
    """The story whose members an article is most similar to on average (its neighbours' cosines;
    others count 0), if that reaches ``threshold``; else -1."""
    total: dict[int, float] = {}
    for s, sim in neighbours:
        total[story_of[s]] = total.get(story_of[s], 0.0) + sim
    return _nearest(total, size.__getitem__, threshold, -1)


def _nearest(total: dict, size_of: Callable, threshold: float, none, at_least: int = 1):
    """Of stories and the summed cosines of an article to their members, the one it is most similar to on
    average, if that reaches ``threshold`` (among stories of ``at_least`` members; ties to the first); else ``none``."""
    best, best_avg = none, threshold
    for story, t in sorted(total.items()):
        size = size_of(story)
        if size >= at_least and t / size >= best_avg:
            best, best_avg = story, t / size
    return best


def _apart(a: Optional[int], b: Optional[int], window_days: Optional[float]) -> bool:
    return window_days is not None and a is not None and b is not None and abs(a - b) > window_days


def join(stored: Iterable[tuple[str, str, str, str, str]], stale: set[str],
         articles: Sequence[tuple[str, str, str]], *, one: bool = False,
         threshold: float = THRESHOLD, window_days: Optional[float] = None) -> Stories:
    """New or changed articles, (doc, story terms, date), joined to the stories a last run left
    (``Stories.rows``: doc, story, label, date, heaviest words) without regrouping them: each, oldest
    first, joins the story whose kept members it is most similar to on average, or starts its own.
    ``stale`` articles (changed, gone) leave their stories first. A story that gains or loses members
    is named again (``_name``); the unchanged members of one whose id or label changed are in
    ``renamed``. The stories of every article; ``kept`` holds the articles whose row changed."""
    new_docs = {doc for doc, _, _ in articles}
    rows = list(stored)
    if not new_docs and not stale:  # nothing changed: the stories as kept
        return Stories(of={doc: story for doc, story, _, _, _ in rows}, label={story: label for _, story, label, _, _ in rows})
    by_story: dict[str, list[tuple[str, str, str]]] = {}
    before: dict[str, tuple[str, str]] = {}  # doc -> (story, label) as stored
    for doc, story, label, date, words in rows:
        before[doc] = (story, label)
        if doc not in stale and doc not in new_docs:
            by_story.setdefault(story, []).append((doc, date, words))
    touched = {before[d][0] for d in stale | new_docs if d in before}
    vectors = [_vector(terms) for _, terms, _ in articles]
    wanted = {w for vec in vectors for w in sorted(vec, key=vec.__getitem__, reverse=True)[:PREFIX]}
    # Only kept articles sharing one of a new article's heaviest words can weigh in.
    near: list[tuple[str, dict[str, float], Optional[int]]] = []  # (story, vector, day)
    for story, members in by_story.items():
        for doc, date, words in members:
            if not any(w in words for w in wanted):  # a quick test on the text first: most share none
                continue
            pairs = words.split()
            if any(w in wanted for w in pairs[::2]):
                near.append((story, {w: int(k) / _WEIGHT_UNIT for w, k in zip(pairs[::2], pairs[1::2])}, day_number(date)))
    one_id = min(by_story, default="")
    for i in sorted(range(len(articles)), key=lambda i: (articles[i][2] or "9999", articles[i][0])):
        doc, terms, date = articles[i]
        vec, day = vectors[i], day_number(date)
        story = one_id if one else ""
        if not one:
            total: dict[str, float] = {}
            for m_story, m_vec, m_day in near:
                if not _apart(day, m_day, window_days):
                    sim = sum(w * m_vec.get(t, 0.0) for t, w in vec.items())
                    if sim > 0:
                        total[m_story] = total.get(m_story, 0.0) + sim
            members = lambda s: len(by_story[s])  # noqa: E731
            # alone: a story of two or more at the lower bar, as ``group`` joins the articles it left alone
            story = _nearest(total, members, threshold, "") or _nearest(total, members, ALONE_THRESHOLD, "", 2)
        story = story or f"new:{doc}"
        one_id = one_id or story
        words = " ".join(f"{t} {round(vec[t] * _WEIGHT_UNIT)}" for t in sorted(vec, key=lambda t: (-vec[t], t))[:KEPT_WORDS])
        by_story.setdefault(story, []).append((doc, date, words))
        touched.add(story)
        near.append((story, vec, day))
    out = Stories(of={doc: story for story, members in by_story.items() for doc, _, _ in members},
                  label={before[members[0][0]][0]: before[members[0][0]][1] for story, members in by_story.items()
                         if members[0][0] in before and story not in touched})
    named = Stories()
    _name([by_story[s] for s in sorted(touched) if by_story.get(s)], named)
    out.of.update(named.of)
    out.label.update(named.label)
    out.kept = {doc: kept for doc, kept in named.kept.items() if doc in new_docs or before.get(doc) != (
        named.of[doc], named.label[named.of[doc]])}
    out.renamed = {doc for doc in out.kept if doc not in new_docs}
    return out


def _vector(terms: str) -> dict[str, float]:
    """One article's unit vector as a dict, weighted as ``_vectors`` weighs them."""
    x, vocab = _vectors([terms])
    return dict(zip((vocab[t] for t in x.indices), x.data.tolist()))


def of_articles(articles: Iterable[tuple[str, str, str]], *, one: bool = False,
                window_days: Optional[float] = None, jobs: int = 1) -> Stories:
    """The stories of (doc, story terms, date) triples; ``one``: all in one story."""
    docs, terms, dates = [], [], []
    for doc, t, d in articles:
        docs.append(doc)
        terms.append(t)
        dates.append(d)
    return one_story(docs) if one else group(docs, terms, dates, window_days=window_days, jobs=jobs)


def assign(claims: Iterable[Claim], stories: Stories) -> None:
    """Set each claim's story and story label. Claims are frozen models; they are set in place, for a
    copy of each of a corpus's million claims would cost seconds and double the memory."""
    for c in claims:
        story = stories.of.get(c.mention.doc, "")
        object.__setattr__(c, "story", story)
        object.__setattr__(c, "story_label", stories.label.get(story, ""))


def _story_id(first_doc: str) -> str:
    return "s" + hashlib.sha1(first_doc.encode()).hexdigest()[:7]


def day_number(iso: str) -> Optional[int]:
    """An ISO date's day number (proleptic ordinal), None when undated or unreadable."""
    try:
        return date.fromisoformat(iso[:10]).toordinal() if iso else None
    except ValueError:
        return None
