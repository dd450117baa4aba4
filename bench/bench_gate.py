"""The gate on a mixed archive: every cluster of the dev corpora (ECB+, NeuS/AllSides, DUC 2006) in one
archive, grouped into stories as `numcheck ARCHIVE --new ARTICLE` groups them; then one article
gated against it.

- Injected conflicts, chosen as bench_matching.py chooses them (a figure two or more articles of a
  cluster give with the same value, kind and unit, changed x1.5, x0.5 or million<->billion): the
  changed article joins the archive's stories (numcheck.stories.join, as a re-run or a `--new` run
  adds it) and its story is checked; flagged when a new warning/error finding touches the changed
  figure. The same trials are run per cluster (the cluster alone, grouped the same way): the gate
  should flag >= that recall minus 5 points.
- False alarms: for every unmodified article, the warning/error findings that involve it in the
  archive's run (what `--new` reports for it), averaged: <= 0.1 wanted.
- Stories: how the archive's articles were grouped, B-cubed against the clusters (DUC's topics are
  themes spanning years, not stories: scored apart).

    python bench/bench_gate.py [--split dev|heldout] [--max-per-cluster 2] [--jobs 2]
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_matching as bm  # noqa: E402
from bench_stories import bcubed  # noqa: E402

from numcheck import api, stories  # noqa: E402

RULESET = None


def init_worker() -> None:
    global RULESET
    RULESET = api.load_ruleset()


def analyse_cluster(job: tuple[str, str]) -> tuple[str, str, list, dict]:
    corpus, cluster = job
    articles = bm.load_articles(bm.cluster_files(corpus, cluster))
    # Doc ids unique across the archive, as a folder of clusters would name them.
    articles = [a.model_copy(update={"doc": f"{corpus}/{cluster}/{a.doc}"}) for a in articles]
    return corpus, cluster, articles, {a.doc: api.analyse_articles([a], RULESET) for a in articles}


def check_story(claims: list, grouped: stories.Stories) -> list:
    stories.assign(claims, grouped)
    return api.check_claims(claims, RULESET)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=("dev", "heldout"), default="dev")
    ap.add_argument("--max-per-cluster", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    if not bm.DATA.is_dir():
        print(f"skipped: {bm.DATA} is absent")
        return 0
    print(bm.machine_line())
    t0 = time.perf_counter()
    jobs = [(corpus, c) for corpus in bm.CORPORA for c in bm.cluster_names(corpus) if bm.split_of(corpus, c) == args.split]
    init_worker()
    with ProcessPoolExecutor(args.jobs, initializer=init_worker) as pool:
        done = list(pool.map(analyse_cluster, jobs, chunksize=4))
    articles = {a.doc: a for _, _, arts, _ in done for a in arts}
    claims = {doc: cs for _, _, _, by_doc in done for doc, cs in by_doc.items()}
    cluster_of = {a.doc: f"{corpus}/{cluster}" for corpus, cluster, arts, _ in done for a in arts}
    terms = {doc: stories.story_terms(a) for doc, a in articles.items()}
    t_read = time.perf_counter() - t0

    t0 = time.perf_counter()
    grouped = stories.of_articles([(d, terms[d], articles[d].date) for d in articles])
    t_group = time.perf_counter() - t0
    members = grouped.members()
    print(f"archive ({args.split}): {len(articles)} articles in {len({*cluster_of.values()})} clusters -> "
          f"{len(members)} stories; read+extract {t_read:.1f}s, grouping {t_group:.2f}s")
    for corpus in bm.CORPORA:
        docs = [d for d in articles if d.startswith(corpus + "/")]
        p, r, f = bcubed({d: grouped.of[d] for d in docs}, cluster_of, docs)
        print(f"  stories vs {corpus} clusters (in the mixed archive): B-cubed P/R/F1 {p:.3f}/{r:.3f}/{f:.3f}")

    # The archive's run: every story checked.
    base = []
    for docs in members.values():
        base.extend(check_story([c for d in docs for c in claims[d]], grouped))
    flagged = [f for f in base if f.severity in bm.FLAGGING]
    per_article = Counter()
    for f in flagged:
        per_article[f.doc] += 1
        if f.other_doc and f.other_doc != f.doc:
            per_article[f.other_doc] += 1
    by_corpus = defaultdict(list)
    for d in articles:
        by_corpus[d.split("/", 1)[0]].append(per_article[d])
    print(f"false alarms: warning/error findings involving an unmodified article gated with --new: "
          f"{sum(per_article.values()) / len(articles):.3f} per article "
          + "(" + ", ".join(f"{c} {sum(v) / len(v):.3f}" for c, v in by_corpus.items()) + ")")

    # Injected conflicts: the gate (archive + the changed article) beside the cluster alone.
    rows = grouped.rows()
    by_cluster = defaultdict(list)
    for d in articles:
        by_cluster[cluster_of[d]].append(d)
    caught = {"gate": Counter(), "cluster": Counter()}
    trials = Counter()
    for key in sorted(by_cluster):
        corpus, cluster = key.split("/", 1)
        docs = by_cluster[key]
        arts = [articles[d] for d in docs]
        cluster_grouped = stories.of_articles([(d, terms[d], articles[d].date) for d in docs])
        cluster_base = check_story([c for d in docs for c in claims[d]], cluster_grouped)
        cands = bm.candidates(arts)
        n = 0
        for (kind, _, _), _, doc, inj in bm.draw_trials(cands, {d: articles[d].text for d in docs}, args.seed, corpus,
                                                        cluster, len(cands), Counter()):
            if n >= args.max_per_cluster:
                break
            if not bm.reread(inj, doc):
                continue
            n += 1
            trials[(corpus, kind)] += 1
            changed = articles[doc].model_copy(update={"text": inj.new_text})
            new_claims = api.analyse_articles([changed], RULESET)
            # The gate: the changed article joins the archive's stories; its story is checked.
            joined = stories.join(rows, {doc}, [(doc, stories.story_terms(changed), changed.date)])
            story = joined.of[doc]
            around = [c for d, s in joined.of.items() if s == story and d != doc for c in claims[d]]
            pre = bm.touches(base, doc, inj.old_span)
            hit = bm.touches(check_story(around + new_claims, joined), doc, inj.new_span)
            caught["gate"][(corpus, kind)] += hit and not pre
            # The cluster alone, grouped the same way.
            alone = stories.of_articles([(d, terms[d] if d != doc else stories.story_terms(changed), articles[d].date)
                                         for d in docs])
            pre = bm.touches(cluster_base, doc, inj.old_span)
            others = [c for d in docs if d != doc for c in claims[d]]
            hit = bm.touches(check_story(others + new_claims, alone), doc, inj.new_span)
            caught["cluster"][(corpus, kind)] += hit and not pre
    total = sum(trials.values())
    for name in ("cluster", "gate"):
        got = caught[name]
        by_c = ", ".join(f"{c} {sum(got[k] for k in trials if k[0] == c) / max(1, sum(trials[k] for k in trials if k[0] == c)):.1%}"
                         for c in bm.CORPORA)
        by_k = ", ".join(f"{k} {sum(got[t] for t in trials if t[1] == k) / max(1, sum(trials[t] for t in trials if t[1] == k)):.1%}"
                         for k in sorted({t[1] for t in trials}))
        print(f"injected, flagged newly at warning/error ({name:7}): {sum(got.values()) / max(1, total):.1%} of {total} "
              f"({by_c}; {by_k})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
