#!/usr/bin/env python
"""Draw random news sentences with numbers and what numcheck's extractor reads in them, for a blind reader.

    python bench/sample_extraction.py [--seed 2026126] [--quota neus=25,reuters=20,duc=20,ecbplus=15]
        [--out bench/out/extraction_sample.md]

Sources (../shared/data, never copied into the project): NeuS/AllSides train, Reuters-21578, DUC 2006, ECB+.
For each source in turn, until its quota is met: a seeded random file, a random article of it, a random
sentence of 30-400 characters with a digit or a number word (sentences split at . ! ? before a capital or a
quote; wire line wraps joined first). Each is written with the extractor's mentions (surface, kind, value,
unit, qualifier, interval) to --out (under bench/out/, which git ignores: the corpora's licences forbid
copies). A reader judges each mention right or wrong and lists what was missed; the judgments, by sentence
id and without article text, go to bench/judgments/ (extraction_twentysixth.md).
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

from _common import ROOT, SHARED

sys.path.insert(0, str(ROOT))
from numcheck.extraction import extract  # noqa: E402
from numcheck.load import read_file  # noqa: E402

_NUMBER = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand|million|"
                     r"billion)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
_WRAP = re.compile(r"[ \t]*\n[ \t]*(?!\n)")


def sources() -> dict[str, list[Path]]:
    data = SHARED / "data"
    return {"neus": sorted((data / "neus_allsides" / "train").glob("*.jsonl")),
            "reuters": sorted((data / "reuters21578").glob("*.sgm")),
            "duc": [p for d in sorted((data / "duc2006").iterdir()) if d.is_dir() for p in sorted(d.glob("*.txt"))],
            "ecbplus": [p for d in sorted((data / "ecbplus" / "articles_json").iterdir()) if d.is_dir()
                        for p in sorted(d.glob("*.json"))]}


def draw(seed: int, quota: dict[str, int]) -> list[tuple[int, str, str]]:
    rng = random.Random(seed)
    files = sources()
    out: list[tuple[int, str, str]] = []
    for name, n in quota.items():
        got = 0
        while got < n:
            path = rng.choice(files[name])
            articles = read_file(path, path.name, on_warning=lambda w: None)
            if not articles:
                continue
            text = rng.choice(articles).text
            if name in ("duc", "reuters"):
                text = _WRAP.sub(" ", text)  # hard-wrapped wire copy
            sentences = [s.strip() for s in _SENTENCE_END.split(text) if _NUMBER.search(s) and 30 < len(s.strip()) < 400]
            if sentences:
                out.append((len(out) + 1, name, rng.choice(sentences)))
                got += 1
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=2026126)
    ap.add_argument("--quota", default="neus=25,reuters=20,duc=20,ecbplus=15")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "extraction_sample.md")
    args = ap.parse_args(argv)
    if not (SHARED / "data").is_dir():
        print(f"sample_extraction: {SHARED / 'data'} is missing", file=sys.stderr)
        return 2
    quota = {k: int(v) for k, v in (part.split("=") for part in args.quota.split(","))}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        for i, name, sentence in draw(args.seed, quota):
            f.write(f"### {i} ({name})\n{sentence}\n")
            for m in extract(sentence, "x"):
                interval = f" [{m.low}..{m.high}]" if m.low != m.high else ""
                f.write(f"- `{m.surface}` -> {m.kind.value} {m.value} {m.unit!r} {m.qualifier.value}{interval}\n")
            f.write("\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
