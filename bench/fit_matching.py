"""Fit the matching stage's match score (numcheck.matching: FEATURES, WEIGHTS, INTERCEPT).

    pip install -e ".[bench]"   # scikit-learn, for this script only; numcheck ships the fitted weights
    python bench/fit_matching.py [--jobs 2] [--corpora ecbplus,neus,duc]

Pairs: in each dev cluster of ECB+, NeuS/AllSides and DUC 2006 (bench_matching.split_of; held-out
clusters are only scored, never fitted), the articles are grouped into stories as `numcheck FOLDER`
does and the default pack's consistency rule selects the claims; every candidate pair of its matcher
(two figures of one story and block, one role and period, no conflicting year, contexts sharing a
word) is a row of FEATURES. Label, found by value and not by numcheck: the two figures give the same
value (within 1%), both exact; a pair with a vague figure is left out. Figures that agree are mostly
one fact restated; figures that differ, mostly different facts (real conflicts are rare in news), so
the fitted score estimates how likely two figures state one fact, whatever their values.

Prints the weights to paste into numcheck/matching.py and the average precision (same-value pairs
ranked by the score, against ranking by context cosine alone) on dev and held-out, per corpus.
"""
from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor

import numpy as np

import bench_matching as bm
from numcheck import matching
from numcheck.checks import Context
from numcheck.models import Qualifier


def cluster_pairs(corpus: str, cluster: str) -> dict:
    bm.init_worker()
    articles = bm.load_articles(bm.cluster_files(corpus, cluster))
    claims = [c for a in articles for c in bm.analyse(a)]
    bm.group_stories(articles, claims)
    rule = next(r for r in bm.RULESET.rules if r.check == "consistency")
    ctx = Context(claims=claims, ruleset=bm.RULESET)
    matcher = matching.Matcher(ctx.select(rule.claim), ctx.fx, threshold=1.0)
    i, j, feats, _ = matcher.scored_pairs()
    rows, labels = [], []
    for a, b, f in zip(i.tolist(), j.tolist(), feats):
        ma, mb = matcher.claims[a].mention, matcher.claims[b].mention
        if ma.value is None or mb.value is None or Qualifier.vague in (ma.qualifier, mb.qualifier):
            continue
        if matcher._veto(a, b):
            continue
        rows.append(f)
        labels.append(abs(ma.value - mb.value) <= 0.01 * max(abs(ma.value), abs(mb.value)))
    return {"corpus": corpus, "split": bm.split_of(corpus, cluster),
            "x": np.array(rows).reshape(-1, len(matching.FEATURES)), "y": np.array(labels, dtype=bool)}


def main(argv=None) -> int:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import average_precision_score

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", default=",".join(bm.CORPORA))
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    jobs = [(c, k) for c in args.corpora.split(",") for k in bm.cluster_names(c)]
    with ProcessPoolExecutor(args.jobs) as ex:
        parts = list(ex.map(cluster_pairs, *zip(*jobs), chunksize=4))

    def stack(split, corpus=None):
        chosen = [p for p in parts if p["split"] == split and (corpus is None or p["corpus"] == corpus)]
        return np.vstack([p["x"] for p in chosen]), np.concatenate([p["y"] for p in chosen])

    x, y = stack("dev")
    model = LogisticRegression(max_iter=5000).fit(x, y)
    print(f"dev pairs: {len(y)} ({int(y.sum())} give one value)")
    print("WEIGHTS = (" + ", ".join(f"{w:.2f}" for w in model.coef_[0]) + ")")
    print(f"INTERCEPT = {model.intercept_[0]:.2f}")
    for name, w in zip(matching.FEATURES, model.coef_[0]):
        print(f"  {w:+.2f}  {name}")
    print("\naverage precision of same-value pairs: fitted score (context cosine alone)")
    for split in bm.SPLITS:
        for corpus in [*args.corpora.split(","), None]:
            xs, ys = stack(split, corpus)
            if ys.any():
                print(f"  {split:8} {corpus or 'all':8} {average_precision_score(ys, model.decision_function(xs)):.3f} "
                      f"({average_precision_score(ys, xs[:, 0]):.3f})  pairs {len(ys)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
