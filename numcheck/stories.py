"""Stage between keying and matching: group articles into stories, so figures are only compared
between articles that report the same story or event.

Each article is reduced, where it is read (in the workers, cached with its claims), to its
``story_terms``: the content words of its title and text with their counts. The main process weighs
each word by how rare it is in English at large (wordfreq) and groups articles in one pass, oldest first, as
topic detection and tracking systems do: an article joins the story whose members it is most similar
to on average (cosine of TF-IDF vectors), when that similarity reaches ``threshold``, and otherwise
starts a story of its own. Only pairs that share one of their most distinctive words are ever
compared (an inverted index through one sparse product), so grouping is near-linear in the corpus.
Articles more than ``window_days`` apart (both dated) never share a story.

Because one pass adds articles one by one, a new article joins its story the same way without the
archive being regrouped (``Stories.join``).
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Optional, Sequence

from numcheck.models import Article, Claim

THRESHOLD = 0.20  # average cosine to a story's members for an article to join it (bench/bench_stories.py)
TERMS_KEPT = 300  # of an article's distinct words, the most frequent (a long article's tail is noise)
PREFIX = 12  # an article is compared with those sharing one of its PREFIX most distinctive words
COMMON_AFTER = 100  # articles: a word in this many weighs half as much (_vectors)
NEIGHBOURS = 30  # earlier articles an article is compared with, at most
KEPT_WORDS = 40  # an article's heaviest words, kept to join later articles to its story
# A word in more articles than this finds no candidates (it still weighs in the cosine): pairs that share
# only words that common are many (a word in d articles makes d^2 pairs) and rarely one story.
MAX_SHARED_MIN, MAX_SHARED_PER_ROOT = 50, 4.0  # max(50, 4 sqrt(n)): 215 in 2,900 articles, 1,300 in 108,000

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]{2}")
# Closed-class English words and reporting verbs: they say nothing about which story an article tells.
_STOP = frozenset("""
a an the this that these those it its it's they them their there here he she his her him we our us you your i me
my who whom whose which what when where why how than then so as at by for from in into of off on onto out over
under up down to with within without about above after again against all also am and any are aren't be because
been before being below between both but can cannot could did do does doing during each few further had has
have having if is isn't just more most no nor not now only or other own same should some such too until very was
wasn't were will would yet while once upon via per among amid across along around since through though although
whether either neither may might must shall say says said saying tell told according mr mrs ms dr one two three
new also year years last first time people like get got make made just back well even many much still way
""".split())


def story_terms(article: Article) -> list[tuple[str, int]]:
    """An article's content words (lower-cased) and their counts, title words counted twice: what
    grouping reads of it. The most frequent ``TERMS_KEPT``, in a stable order."""
    counts: Counter[str] = Counter()
    for text, weight in ((article.title, 2), (article.text, 1)):
        for w in _WORD.findall(text):
            low = w.lower().replace("’", "'")
            low = low[:-2] if low.endswith("'s") else low
            if low not in _STOP and len(low) > 2:
                counts[low] += weight
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TERMS_KEPT]


@dataclass
class Stories:
    """Which story each article is in: ``of[doc]`` is a story id; ``label[id]`` a few of its words;
    ``kept[doc]`` what a later run needs to join new articles to these stories (``rows``, ``join``)."""

    of: dict[str, str] = field(default_factory=dict)
    label: dict[str, str] = field(default_factory=dict)
    kept: dict[str, tuple[str, str]] = field(default_factory=dict)  # doc -> (date, its heaviest words)
    renamed: set[str] = field(default_factory=set)  # unchanged articles whose story a re-run named anew

    def rows(self) -> list[tuple[str, str, str, str, str]]:
        """(doc, story, label, date, words) of the articles grouped this time: the snapshot keeps them."""
        return [(doc, self.of[doc], self.label[self.of[doc]], date, words) for doc, (date, words) in self.kept.items()]

    def members(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for doc, story in self.of.items():
            out.setdefault(story, []).append(doc)
        return out


def one_story(docs: Sequence[str], label: str = "all articles") -> Stories:
    """Every article in one story: ``--one-story``, for a folder the user knows is one."""
    sid = _story_id(min(docs)) if docs else "s0"
    return Stories(of={d: sid for d in docs}, label={sid: label})


def group(docs: Sequence[str], terms: Sequence[Sequence[tuple[str, int]]], dates: Sequence[str] = (), *,
          threshold: float = THRESHOLD, window_days: Optional[float] = None) -> Stories:
    """Group articles into stories (see the module's docstring). ``terms[i]`` is ``story_terms`` of
    ``docs[i]``; ``dates[i]`` its ISO date or "". Deterministic: the same articles give the same stories
    whatever order they come in."""
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
    # the NEIGHBOURS earlier articles each shares most weight with on those words; then their cosines.
    prefix_rows, prefix_cols, prefix_vals = [], [], []
    for r in range(n):
        lo, hi = x.indptr[r], x.indptr[r + 1]
        idx, w = x.indices[lo:hi], x.data[lo:hi]
        top = np.argsort(-w, kind="stable")[:PREFIX]
        top = top[df[idx[top]] <= max_shared]
        prefix_rows.extend([r] * len(top))
        prefix_cols.extend(idx[top].tolist())
        prefix_vals.extend(w[top].tolist())
    prefix = sparse.csr_matrix((np.asarray(prefix_vals, dtype=np.float32), (prefix_rows, prefix_cols)),
                               shape=x.shape)
    partial = prefix @ x.T  # (r, s): the part of their cosine that r's prefix words make
    partial = sparse.tril(partial.maximum(partial.T), k=-1).tocsr()  # either way round; s < r
    firsts, seconds = [], []
    for r in range(n):
        lo, hi = partial.indptr[r], partial.indptr[r + 1]
        cols = partial.indices[lo:hi]
        if hi - lo > NEIGHBOURS:
            cols = cols[np.argpartition(-partial.data[lo:hi], NEIGHBOURS)[:NEIGHBOURS]]
        firsts.extend([r] * len(cols))
        seconds.extend(cols.tolist())
    pairs = np.asarray([firsts, seconds], dtype=np.int64).T.reshape(-1, 2)
    sims = np.asarray(x[pairs[:, 0]].multiply(x[pairs[:, 1]]).sum(axis=1)).ravel() if len(pairs) else np.zeros(0)

    day = [_day(dates[i]) for i in order]
    neighbours: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    for (r, s), sim in zip(pairs.tolist(), sims.tolist()):
        if sim > 0 and not _apart(day[r], day[s], window_days):
            neighbours[r].append((s, sim))

    story_of: list[int] = []
    size: list[int] = []
    for r in range(n):
        story = _best_story(neighbours[r], story_of, size, threshold)
        if story < 0:
            story = len(size)
            size.append(0)
        story_of.append(story)
        size[story] += 1

    members: dict[int, list[tuple[str, str, str]]] = {}
    for r in range(n):
        lo, hi = x.indptr[r], x.indptr[r + 1]
        heaviest = x.indices[lo:hi][np.argsort(-x.data[lo:hi], kind="stable")[:KEPT_WORDS]]
        counts = dict(terms[order[r]])
        members.setdefault(story_of[r], []).append(
            (docs[order[r]], dates[order[r]], " ".join(f"{vocab[t]} {counts[vocab[t]]}" for t in heaviest)))
    out = Stories()
    _name(list(members.values()), out)
    return out


def _name(stories: list[list[tuple[str, str, str]]], out: Stories) -> None:
    """Name each story, given its members (doc, date, heaviest words), into ``out``: its id from its
    oldest member (then the first by name), its label the three heaviest words of its members' kept
    words. A function of the members alone, so a re-run that joins articles names a story as a run
    from scratch would."""
    import numpy as np

    x, vocab = _vectors([[(w, int(c)) for w, c in zip(words.split()[::2], words.split()[1::2])]
                         for members in stories for _, _, words in members])
    row = 0
    for members in stories:
        sid = _story_id(min(members, key=lambda m: (m[1] or "9999", m[0]))[0])
        weight = np.asarray(x[row:row + len(members)].sum(axis=0)).ravel()
        row += len(members)
        out.label[sid] = " · ".join(vocab[t] for t in np.argsort(-weight, kind="stable")[:3] if weight[t] > 0)
        for doc, date, words in members:
            out.of[doc] = sid
            out.kept[doc] = (date, words)


def _vectors(terms: Sequence[Sequence[tuple[str, int]]], common_after: float = 0):
    """Unit vectors of articles' words, each weighted by (1 + log count) x its rarity in English at large
    (wordfreq's Zipf scale: 9 - log10 of its frequency per billion words).

    Rarity in English at large, not among the articles checked: a folder of five articles on one
    story has the story's own names in every article, where a corpus IDF would weigh them nothing
    and split the story (seen on the seeds and on each ECB+ sub-topic alone)."""
    import numpy as np
    from scipy import sparse
    from wordfreq import zipf_frequency

    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for r, ts in enumerate(terms):
        for term, count in ts:
            rows.append(r)
            cols.append(vocab.setdefault(term, len(vocab)))
            vals.append(count)
    words = list(vocab)
    rarity = np.asarray([9.0 - _zipf(w, zipf_frequency) for w in words], dtype=np.float32)
    if common_after:
        # A word in many of these articles is a genre's, not a story's ("qtr", "mln" and "cts" in every
        # Reuters earnings wire): it fades with its article count, past what one story fills.
        df = np.bincount(np.asarray(cols, dtype=np.int64), minlength=len(words))
        rarity = rarity / (1 + df / common_after)
    tf = np.log(np.asarray(vals, dtype=np.float32)) + 1
    x = sparse.csr_matrix((tf * rarity[cols], (rows, cols)), shape=(len(terms), max(len(words), 1)))
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    x = sparse.diags(1 / norms) @ x
    x = x.tocsr()
    x.sort_indices()
    return x, words


_ZIPF: dict[str, float] = {}


def _zipf(word: str, lookup) -> float:
    z = _ZIPF.get(word)
    if z is None:
        z = _ZIPF[word] = lookup(word, "en")
    return z


def _best_story(neighbours: Iterable[tuple[int, float]], story_of: Sequence[int], size: Sequence[int],
                threshold: float) -> int:
    """The story whose members an article is most similar to on average (its neighbours' cosines;
    others count 0), if that reaches ``threshold``; else -1."""
    total: dict[int, float] = {}
    for s, sim in neighbours:
        total[story_of[s]] = total.get(story_of[s], 0.0) + sim
    best, best_avg = -1, threshold
    for story, t in sorted(total.items()):
        if t / size[story] >= best_avg:
            best, best_avg = story, t / size[story]
    return best


def _apart(a: Optional[int], b: Optional[int], window_days: Optional[float]) -> bool:
    return window_days is not None and a is not None and b is not None and abs(a - b) > window_days


def join(stored: Iterable[tuple[str, str, str, str, str]], stale: set[str],
         articles: Sequence[tuple[str, Sequence[tuple[str, int]], str]], *, one: bool = False,
         threshold: float = THRESHOLD, window_days: Optional[float] = None) -> Stories:
    """New or changed articles, (doc, story terms, date), joined to the stories a last run left
    (``Stories.rows``: doc, story, label, date, heaviest words) without regrouping them: each, oldest
    first, joins the story whose kept members it is most similar to on average, or starts its own.
    ``stale`` articles (changed, gone) leave their stories first. A story that gains or loses members
    is named again (``_name``); the unchanged members of one whose id or label changed are in
    ``renamed``. The stories of every article; ``kept`` holds the articles whose row changed."""
    new_docs = {doc for doc, _, _ in articles}
    rows = list(stored)
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
            pairs = words.split()
            if any(w in wanted for w in pairs[::2]):
                near.append((story, _vector(list(zip(pairs[::2], map(int, pairs[1::2])))), _day(date)))
    one_id = min(by_story, default="")
    for i in sorted(range(len(articles)), key=lambda i: (articles[i][2] or "9999", articles[i][0])):
        doc, terms, date = articles[i]
        vec, day = vectors[i], _day(date)
        story = one_id if one else ""
        if not one:
            total: dict[str, float] = {}
            for m_story, m_vec, m_day in near:
                if not _apart(day, m_day, window_days):
                    sim = sum(w * m_vec.get(t, 0.0) for t, w in vec.items())
                    if sim > 0:
                        total[m_story] = total.get(m_story, 0.0) + sim
            best = threshold
            for s, t in sorted(total.items()):
                if t / len(by_story[s]) >= best:
                    story, best = s, t / len(by_story[s])
        story = story or f"new:{doc}"
        one_id = one_id or story
        counts = dict(terms)
        words = " ".join(f"{t} {counts[t]}" for t in sorted(vec, key=lambda t: (-vec[t], t))[:KEPT_WORDS])
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


def _vector(terms: Sequence[tuple[str, int]]) -> dict[str, float]:
    """One article's unit vector as a dict, weighted as ``_vectors`` weighs them."""
    x, vocab = _vectors([terms])
    return dict(zip((vocab[t] for t in x.indices), x.data.tolist()))


def of_articles(articles: Iterable[tuple[str, Sequence[tuple[str, int]], str]], *, one: bool = False,
                window_days: Optional[float] = None) -> Stories:
    """The stories of (doc, story terms, date) triples; ``one``: all in one story."""
    docs, terms, dates = [], [], []
    for doc, t, d in articles:
        docs.append(doc)
        terms.append(t)
        dates.append(d)
    return one_story(docs) if one else group(docs, terms, dates, window_days=window_days)


def assign(claims: Iterable[Claim], stories: Stories) -> None:
    """Set each claim's story and story label. Claims are frozen models; they are set in place, for a
    copy of each of a corpus's million claims would cost seconds and double the memory."""
    for c in claims:
        story = stories.of.get(c.mention.doc, "")
        object.__setattr__(c, "story", story)
        object.__setattr__(c, "story_label", stories.label.get(story, ""))


def _story_id(first_doc: str) -> str:
    return "s" + hashlib.sha1(first_doc.encode()).hexdigest()[:7]


def _day(iso: str) -> Optional[int]:
    try:
        return date.fromisoformat(iso[:10]).toordinal() if iso else None
    except ValueError:
        return None
