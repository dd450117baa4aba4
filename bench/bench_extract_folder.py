#!/usr/bin/env python
"""Wall-clock throughput of `numcheck extract` over a folder of real news, CSV written.

    python bench/bench_extract_folder.py [--size 20] [--runs 3]

The folder is bench/build_corpus.py's corpus of --size MB (Reuters-21578 and ECB+ articles, one .txt
file each; ~21,600 files for 20 MB; built from ../shared when missing). In one run, interleaved round
by round so that drift on a shared machine falls on all alike, the command line writes the whole CSV
(sentences included) to a file:

* single process: ``numcheck extract --jobs 1 --no-cache`` (how `extract` ran before it used the engine);
* all cores: ``numcheck extract --no-cache`` (the engine of `numcheck check`: one process a core);
* cached: ``numcheck extract --cache-dir D`` after one untimed run that fills D.

Prints the median wall time and MB/s (10^6 bytes of input a second) of each, the ratios to the single
process, and whether the three CSVs are byte for byte the same. Target: all cores >= 8 MB/s.
"""
from __future__ import annotations

import argparse
import filecmp
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, machine_line  # noqa: E402 (bench/ is sys.path[0])

TARGET_MBPS = 8.0


def corpus(size: int) -> Path:
    folder = ROOT / "bench" / "out" / "corpus" / f"{size}mb"
    subprocess.run([sys.executable, str(ROOT / "bench" / "build_corpus.py"), "--sizes", str(size)], check=True,
                   stdout=subprocess.DEVNULL)
    return folder


def timed(args: list[str], out: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "numcheck", "extract", *args, "-o", str(out)], check=True)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=20, help="corpus size in MB (10^6 bytes)")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    folder = corpus(args.size)
    files = sum(1 for p in folder.rglob("*.txt"))
    mb = sum(p.stat().st_size for p in folder.rglob("*.txt")) / 1e6
    print(f"bench_extract_folder: {machine_line()}")
    print(f"folder: {folder.relative_to(ROOT)}: {files:,} files, {mb:.1f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cache = tmp / "cache"
        timed([str(folder), "--cache-dir", str(cache)], tmp / "fill.csv")  # untimed: fills the cache
        ways = {"single process": ["--jobs", "1", "--no-cache"], "all cores": ["--no-cache"],
                "cached": ["--cache-dir", str(cache)]}
        times: dict[str, list[float]] = {name: [] for name in ways}
        for _ in range(args.runs):
            for name, extra in ways.items():
                times[name].append(timed([str(folder), *extra], tmp / f"{name}.csv"))
        same = all(filecmp.cmp(tmp / "single process.csv", tmp / f"{name}.csv", shallow=False) for name in ways)
        rows = (tmp / "all cores.csv").read_bytes().count(b"\n") - 1
        base = statistics.median(times["single process"])
        print(f"CSV: {rows:,} mentions, {(tmp / 'all cores.csv').stat().st_size / 1e6:.1f} MB; the three CSVs "
              f"{'are the same' if same else 'DIFFER'}")
        print(f"{'run':16} {'median s':>9} {'MB/s':>7} {'vs single':>10}   (runs: seconds)")
        for name, ts in times.items():
            med = statistics.median(ts)
            print(f"{name:16} {med:9.2f} {mb / med:7.2f} {base / med:9.2f}x   {' '.join(f'{t:.2f}' for t in ts)}")
        rate = mb / statistics.median(times["all cores"])
        print(f"target: all cores >= {TARGET_MBPS:.0f} MB/s: {'met' if rate >= TARGET_MBPS else 'missed'} ({rate:.2f})")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
