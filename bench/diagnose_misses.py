#!/usr/bin/env python
"""Why bench_matching's injected conflicts were missed: each missed trial with the stage that lost it.

    python bench/diagnose_misses.py [--split dev|heldout] [--corpora ecbplus,neus,duc] [--jobs 2]
        [--out bench/out/misses_<split>.json]

Draws the same trials as `bench_matching.py` (same seed, same --max-per-cluster 3) and, for each one numcheck
missed, says why, in the pipeline's order:

- not-reread: the injected text no longer reads as the new figure (a miss of the harness, not of numcheck);
- pre-flagged: a finding already touched the original figure;
- no-claim: the original figure is no claim (the keying dropped it);
- unpaired: the matching paired the original figure with nothing; each other article's occurrence of the value
  comes with the matcher's verdict ("a hint ...", "not matched: the match is too weak ...", "not compared: their
  articles are in different stories ...");
- paired-no-samevalue: paired, but only with figures of other values;
- paired-not-flagged: paired with an occurrence of its value, yet the changed figure was not flagged at warning or
  error; the findings that touch it (info: "they are 2.00 times apart ...", an update, two facts) are listed.

Writes a JSON list of the missed trials (corpus, cluster, doc, kind, unit, value, how, why, the figure's context,
its pairs, the other occurrences with verdicts, the findings touching the new figure) and prints a count by
corpus and reason. Reads ../shared/data; writes under bench/out/ (ignored by git: it quotes article text).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import bench_matching as bm
from numcheck import api
from numcheck.matching import matched_pairs, matchers


def context(text: str, start: int, end: int, width: int = 160) -> str:
    return (text[max(0, start - width):start] + "[[" + text[start:end] + "]]" + text[end:end + width]).replace("\n", " ")


def diagnose(job: tuple[str, str, int, int]) -> list[dict]:
    corpus, cluster, seed, max_trials = job
    bm.init_worker()
    articles = bm.load_articles(bm.cluster_files(corpus, cluster))
    texts = {a.doc: a.text for a in articles}
    claims = {a.doc: bm.analyse(a) for a in articles}
    every = [c for a in articles for c in claims[a.doc]]
    bm.group_stories(articles, every)
    base = api.check_claims(every, bm.RULESET)
    made = matchers(every, bm.RULESET)
    pairs = matched_pairs(made)

    def verdicts(a, b) -> list[str]:
        return [f"{m.rule_id}: {m.verdict(a, b).why}" for m in made
                if (a.mention.doc, a.mention.start) in m._index and (b.mention.doc, b.mention.start) in m._index] \
            or ["not compared: no consistency rule selects both"]

    def at(doc: str, start: int, end: int):
        return [c for c in claims[doc] if bm.overlaps(c.mention.start, c.mention.end, start, end)]

    out = []
    for (kind, unit, value), sites, doc, inj in bm.draw_trials(bm.candidates(articles), texts, seed, corpus, cluster,
                                                               max_trials, Counter()):
        article = next(a for a in articles if a.doc == doc)
        modified = [c for a in articles for c in (bm.analyse(article.model_copy(update={"text": inj.new_text}))
                                                    if a.doc == doc else claims[a.doc])]
        bm.group_stories(articles, modified)
        reread = bm.reread(inj, doc)
        pre = bm.touches(base, doc, inj.old_span)
        found = api.check_claims(modified, bm.RULESET)
        if bm.touches(found, doc, inj.new_span) and not pre and reread:
            continue  # caught
        start, end = inj.old_span
        mine = at(doc, start, end)
        partners = []
        for p in pairs:
            if p.doc == doc and bm.overlaps(p.start, p.end, start, end):
                od, os_, oe = p.other_doc, p.other_start, p.other_end
            elif p.other_doc == doc and bm.overlaps(p.other_start, p.other_end, start, end):
                od, os_, oe = p.doc, p.start, p.end
            else:
                continue
            partners.append({"doc": od, "context": context(texts[od], os_, oe), "score": p.score,
                             "evidence": p.evidence,
                             "same_value": any(bm.overlaps(x.start, x.end, os_, oe) for x in sites.get(od, []))})
        others = []
        for od, occurrences in sorted(sites.items()):
            if od == doc:
                continue
            x = occurrences[0]
            theirs = at(od, x.start, x.end)
            others.append({"doc": od, "context": context(texts[od], x.start, x.end),
                           "verdicts": verdicts(mine[0], theirs[0]) if mine and theirs else ["no claim"]})
        touching = [{"rule": f.rule_id, "severity": f.severity.value, "message": f.message} for f in found
                    if (f.doc == doc and bm.overlaps(f.start, f.end, *inj.new_span))
                    or (f.other_doc == doc and bm.overlaps(f.other_start, f.other_end, *inj.new_span))]
        why = ("not-reread" if not reread else "pre-flagged" if pre else "no-claim" if not mine else
               "unpaired" if not partners else
               "paired-no-samevalue" if not any(p["same_value"] for p in partners) else "paired-not-flagged")
        out.append({"corpus": corpus, "cluster": cluster, "doc": doc, "kind": kind, "unit": unit, "value": value,
                    "how": inj.how, "why": why, "context": context(texts[doc], start, end), "pairs": partners,
                    "others": others[:4], "touching": touching})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=bm.SPLITS, default="dev")
    ap.add_argument("--corpora", default=",".join(bm.CORPORA))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-per-cluster", type=int, default=3)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    if not bm.DATA.is_dir():
        print(f"diagnose_misses: {bm.DATA} is missing", file=sys.stderr)
        return 2
    jobs = [(c, k, args.seed, args.max_per_cluster) for c in args.corpora.split(",") for k in bm.cluster_names(c)
            if bm.split_of(c, k) == args.split]
    missed: list[dict] = []
    with ProcessPoolExecutor(args.jobs) as pool:
        for found in pool.map(diagnose, jobs, chunksize=4):
            missed += found
    out = args.out or bm.ROOT / "bench" / "out" / f"misses_{args.split}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(missed, indent=1), encoding="utf-8")
    print(f"{len(missed)} missed trials ({args.split}) written to {out}")
    for (corpus, why), n in sorted(Counter((r["corpus"], r["why"]) for r in missed).items()):
        print(f"  {corpus:8s} {why:20s} {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
