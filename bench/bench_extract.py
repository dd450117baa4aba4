#!/usr/bin/env python
"""Throughput of numcheck's extractor vs quantulum3 on Reuters-21578 newswire bodies.

    python bench/bench_extract.py [--repeat N] [--limit-chars N] [--q3-sample-chars N]

Reads the <BODY> texts of ../shared/data/reuters21578/*.sgm (Latin-1, HTML entities unescaped;
~16.7 M characters), then, in this single process on one core:

* numcheck: ``numcheck.extract(body)`` over every body (or the first --limit-chars), best of
  --repeat runs, after one untimed warm-up call (imports, compiled patterns);
* quantulum3: ``quantulum3.parser.parse(body)`` over a sample (the first --q3-sample-chars of
  bodies, whole bodies), after one untimed warm-up call that absorbs its lazy loading of units and
  entities (~2.5 s on first call).

The extractor is the one `pip install -e .` built: compiled with mypyc where a C compiler was there
(setup.py), else its source; NUMCHECK_PURE_PYTHON=1 measures the source. The first line says which.

Prints characters, mentions, seconds and MB/s (10^6 characters per second) for each, and the ratio.
Targets: numcheck >= 100x quantulum3 and >= 5 MB/s. Exit status 0 unless --strict and a target is
missed.
"""
from __future__ import annotations

import argparse
import sys
import time
import warnings

TARGET_RATIO = 100.0
TARGET_MBPS = 5.0

from _common import REUTERS, ROOT, machine_line, reuters_bodies  # noqa: E402 (bench/ is sys.path[0])

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def take_chars(bodies: list[str], n: int) -> list[str]:
    """Whole bodies from the start until about n characters."""
    out, total = [], 0
    for b in bodies:
        if total >= n:
            break
        out.append(b)
        total += len(b)
    return out


def run(fn, bodies: list[str], repeat: int) -> tuple[float, int]:
    """Best wall time over `repeat` runs of fn on every body, and the number of results."""
    best, count = float("inf"), 0
    for _ in range(max(1, repeat)):
        n = 0
        t0 = time.perf_counter()
        for b in bodies:
            n += len(fn(b))
        dt = time.perf_counter() - t0
        best, count = min(best, dt), n
    return best, count


def row(name: str, chars: int, mentions: int, seconds: float) -> float:
    mbps = chars / seconds / 1e6 if seconds > 0 else float("inf")
    print(f"{name:<11} {chars:>12,} chars {mentions:>10,} mentions {seconds:>9.3f} s {mbps:>9.3f} MB/s")
    return mbps


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=1, help="numcheck runs; report the best (default 1)")
    ap.add_argument("--limit-chars", type=int, default=None,
                    help="use only the first N characters of bodies for numcheck (whole bodies; default all)")
    ap.add_argument("--q3-sample-chars", type=int, default=300_000,
                    help="characters of bodies parsed by quantulum3 (whole bodies; default 300000; 0 skips it)")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args(argv)

    print("machine:", machine_line())
    print("mode: single process, single thread; wall-clock time.perf_counter; MB = 10^6 characters")

    t0 = time.perf_counter()
    bodies = reuters_bodies(args.limit_chars)
    if not bodies:
        sys.exit(f"../shared/data/reuters21578/*.sgm not found: expected under {REUTERS}")
    chars = sum(map(len, bodies))
    print(f"corpus: {len(bodies):,} Reuters-21578 bodies, {chars:,} characters "
          f"(loaded in {time.perf_counter() - t0:.2f} s)")

    from numcheck import extraction
    from numcheck.extraction import extract

    build = "pure Python (source)" if extraction.__file__.endswith(".py") else "compiled with mypyc (setup.py)"
    print(f"numcheck extractor: {build}: {extraction.__file__}")
    extract("Warm-up: revenue rose 5.6 pct to 12.3 mln dlrs, or 1.20 dlrs a share.")  # untimed
    nc_sec, nc_mentions = run(extract, bodies, args.repeat)

    q3_mbps = None
    q3_line = None
    if args.q3_sample_chars > 0:
        warnings.filterwarnings("ignore", module="quantulum3")  # "classifier dependencies not installed"
        from quantulum3 import parser as q3

        sample = take_chars(bodies, args.q3_sample_chars)
        t0 = time.perf_counter()
        try:
            q3.parse("Warm-up: it cost $5.6 million and weighs 3 kg.")  # absorbs lazy loading
        except Exception as exc:  # noqa: BLE001 - its pickled classifier does not load in this scikit-learn
            from quantulum3 import classifier as q3clf

            q3clf.USE_CLF = False  # its rule-based disambiguation instead: faster, so the ratio is a floor
            print(f"quantulum3: classifier unusable here ({type(exc).__name__}: {exc}); measured without it")
            q3.parse("Warm-up: it cost $5.6 million and weighs 3 kg.")
        warm = time.perf_counter() - t0
        q3_sec, q3_mentions = run(q3.parse, sample, 1)
        q3_line = (sum(map(len, sample)), q3_mentions, q3_sec, len(sample), warm)

    print()
    nc_mbps = row("numcheck", chars, nc_mentions, nc_sec)
    if args.repeat > 1:
        print(f"{'':<11} (best of {args.repeat} runs)")
    if q3_line:
        q_chars, q_mentions, q_sec, q_n, warm = q3_line
        q3_mbps = row("quantulum3", q_chars, q_mentions, q_sec)
        print(f"{'':<11} (sample: first {q_n:,} bodies; one untimed warm-up call first, "
              f"which took {warm:.2f} s for lazy loading)")

    print()
    ok = True
    if q3_mbps:
        ratio = nc_mbps / q3_mbps
        hit = ratio >= TARGET_RATIO
        ok &= hit
        print(f"ratio numcheck/quantulum3: {ratio:,.1f}x   target >= {TARGET_RATIO:.0f}x   "
              f"{'OK' if hit else 'MISSED'}")
    hit = nc_mbps >= TARGET_MBPS
    ok &= hit
    print(f"numcheck throughput: {nc_mbps:.2f} MB/s   target >= {TARGET_MBPS:.0f} MB/s   "
          f"{'OK' if hit else 'MISSED'}")
    return 0 if ok or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
