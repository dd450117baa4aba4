"""Story grouping scored against real clusters: every cluster of a corpus in one archive, grouped by
numcheck.stories, scored by B-cubed precision, recall and F1 against the clusters.

- ECB+: its 86 sub-topics (each topic has two sub-topics about similar but different events).
- NeuS/AllSides: the 307 stories of the test split (three outlets each); the val split's 307 are the
  tuning set (threshold chosen there and on ECB+'s dev sub-topics, never on test).

ECB+ sub-topics are split dev/held-out by the hash of their name (as bench_matching.py splits
clusters); B-cubed is computed over the whole archive and averaged over the items of each split.
A peer, connected components of articles whose TF-IDF cosine reaches a threshold, runs beside it.

    python bench/bench_stories.py [--threshold T] [--sweep]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import SHARED, machine_line  # noqa: E402

from bench_matching import split_of  # noqa: E402
from numcheck import stories  # noqa: E402
from numcheck.load import read_file  # noqa: E402

DATA = SHARED / "data"


def archive(corpus: str) -> tuple[list, dict[str, str]]:
    """(articles, gold cluster of each doc) of one corpus put together."""
    articles, gold = [], {}
    if corpus == "ecbplus":
        for d in sorted((DATA / "ecbplus" / "articles_json").iterdir()):
            for f in sorted(d.glob("*.json")):
                for a in read_file(f, f"{d.name}/{f.name}", on_warning=lambda w: None):
                    articles.append(a)
                    gold[a.doc] = d.name
    else:
        split = corpus.split("-")[1]
        for f in sorted((DATA / "neus_allsides" / split).glob("*.jsonl")):
            for a in read_file(f, f"{split}/{f.name}", on_warning=lambda w: None):
                articles.append(a)
                gold[a.doc] = f"{split}/{f.stem}"
    return articles, gold


def bcubed(pred: dict[str, str], gold: dict[str, str], docs: list[str]) -> tuple[float, float, float]:
    by_pred: dict[str, set] = {}
    by_gold: dict[str, set] = {}
    for d in pred:
        by_pred.setdefault(pred[d], set()).add(d)
        by_gold.setdefault(gold[d], set()).add(d)
    p = r = 0.0
    for d in docs:
        both = len(by_pred[pred[d]] & by_gold[gold[d]])
        p += both / len(by_pred[pred[d]])
        r += both / len(by_gold[gold[d]])
    p, r = p / len(docs), r / len(docs)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def peer(docs: list[str], terms: list, threshold: float) -> dict[str, str]:
    """Connected components of the graph of articles whose corpus TF-IDF cosine reaches ``threshold``
    (all pairs: small corpora only)."""
    import numpy as np
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for r, ts in enumerate(terms):
        pairs = ts.split()  # stories.story_terms: "word count word count ..."
        for term, count in zip(pairs[::2], map(int, pairs[1::2])):
            rows.append(r)
            cols.append(vocab.setdefault(term, len(vocab)))
            vals.append(1 + np.log(count))
    x = sparse.csr_matrix((vals, (rows, cols)), shape=(len(terms), len(vocab)))
    df = np.bincount(x.indices, minlength=len(vocab))
    x = x @ sparse.diags(np.log((1 + len(terms)) / (1 + df)) + 1)
    x = sparse.diags(1 / np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())) @ x
    sims = (x @ x.T).tocsr()
    sims.data[sims.data < threshold] = 0
    sims.eliminate_zeros()
    _, labels = connected_components(sims, directed=False)
    return {d: str(labels[i]) for i, d in enumerate(docs)}


def small_folders(thresholds) -> None:
    """A user's folder: one ECB+ topic (its two sub-topics, similar events) grouped alone, and one
    sub-topic alone (one story: it should come out as one)."""
    articles, gold = archive("ecbplus")
    by_topic: dict[str, list] = {}
    for a in articles:
        by_topic.setdefault(gold[a.doc].rstrip("cebplus"), []).append(a)
    for t in thresholds:
        f_topic, whole = [], []
        for arts in by_topic.values():
            docs = [a.doc for a in arts]
            terms = [stories.story_terms(a) for a in arts]
            pred = stories.group(docs, terms, [a.date for a in arts], threshold=t).of
            f_topic.append(bcubed(pred, gold, docs)[2])
            for sub in {gold[d] for d in docs}:
                sd = [i for i, d in enumerate(docs) if gold[d] == sub]
                alone = stories.group([docs[i] for i in sd], [terms[i] for i in sd], threshold=t).of
                whole.append(bcubed(alone, gold, [docs[i] for i in sd])[1])
        print(f"ecbplus one topic a folder ({len(by_topic)}): t={t:.2f} mean B-cubed F1 {sum(f_topic) / len(f_topic):.3f}; "
              f"one sub-topic a folder: mean B-cubed recall {sum(whole) / len(whole):.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--threshold", type=float, default=stories.THRESHOLD)
    ap.add_argument("--sweep", action="store_true", help="F1 at thresholds 0.10..0.40 (tune on dev only)")
    args = ap.parse_args()
    if not DATA.is_dir():
        sys.exit(f"skipped: {DATA} is absent")
    print(machine_line())
    thresholds = [round(0.10 + 0.02 * i, 2) for i in range(16)] if args.sweep else [args.threshold]
    small_folders(thresholds)
    for corpus in ("ecbplus", "neus-val", "neus-test"):
        articles, gold = archive(corpus)
        docs = [a.doc for a in articles]
        t0 = time.perf_counter()
        terms = [stories.story_terms(a) for a in articles]
        t_terms = time.perf_counter() - t0
        splits = {"all": docs}
        if corpus == "ecbplus":
            for s in ("dev", "heldout"):
                splits[s] = [d for d in docs if split_of(corpus, gold[d]) == s]
        for t in thresholds:
            t0 = time.perf_counter()
            grouped = stories.group(docs, terms, [a.date for a in articles], threshold=t)
            t_group = time.perf_counter() - t0
            pred = grouped.of
            line = " ".join(f"{s} P/R/F1 {p:.3f}/{r:.3f}/{f:.3f}" for s, ds in splits.items()
                            for p, r, f in [bcubed(pred, gold, ds)])
            peer_f = max(bcubed(peer(docs, terms, pt), gold, docs)[2] for pt in (0.2, 0.3, 0.4))
            print(f"{corpus:10} {len(docs):5} articles {len(set(gold.values())):4} clusters  t={t:.2f}  "
                  f"{len(set(pred.values())):4} stories  {line}  | peer (components, best of 0.2/0.3/0.4) F1 "
                  f"{peer_f:.3f} | terms {t_terms:.2f}s group {t_group:.2f}s")


if __name__ == "__main__":
    main()
