#!/usr/bin/env python
"""Extractor cost on pathological inputs, in seconds per MB, next to ordinary news text.

    python bench/bench_pathological.py [--mb 5] [--big-mb 50] [--timeout 900] [--only NAME ...]

Baseline: Reuters-21578 <BODY> texts from ../shared/data/reuters21578 (about --mb MB; extract()
called once per body, as the pipeline does). Without ../shared a built-in news paragraph repeated
to --mb MB stands in, and the 50 MB single-file case is skipped.

Each pathological input is about --mb MB of one text, passed to one extract() call: digit runs
with commas, "1,1,1,...", "$$$$", "1e400", number words repeated, "%%%%", news text as one line
with no newline, news text with NUL bytes mixed in, and ("news-50mb-single-file") --big-mb MB of
Reuters bodies in one string. Every input runs in a forked child under --timeout seconds, so a
hang or a crash is reported and the run goes on.

Prints a machine line, then one row per input: characters, mentions, seconds, s/MB and the ratio
to the baseline's s/MB; a ratio above 5x is flagged. MB = 10^6 characters. Exit 0, or 1 with
--strict when any input is flagged, fails or times out.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time
import traceback
from pathlib import Path

MB = 1_000_000
FLAG_RATIO = 5.0

from _common import REUTERS, ROOT, machine_line, reuters_bodies  # noqa: E402 (bench/ is sys.path[0])

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

NEWS = (
    "The company said first-quarter net profit rose 12.5 pct to 34.6 mln dlrs, or 1.20 dlrs a share, "
    "from 30.1 mln dlrs a year earlier. Revenue was up to $2.3 billion, and it plans to cut about 1,200 "
    "jobs over the next three years. DeepSeek said it trained the model on 2,000 Nvidia H800 chips for "
    "$5.6 million, while OpenAI expects to commit between $18 billion and $19 billion to Stargate.\n"
)


def fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def with_nuls(text: str, every: int) -> str:
    return "\x00".join(text[i:i + every] for i in range(0, len(text), every))


def repeat_to(bodies: list[str], size: int) -> str:
    """Bodies joined by blank lines, repeated until `size` characters."""
    block = "\n\n".join(bodies)
    return fill(block + "\n\n", size)


def pathological_inputs(size: int, news: str) -> dict:
    """name -> zero-argument builder of one text of about `size` characters."""
    return {
        "digits-with-commas": lambda: "1" + ",000" * ((size - 1) // 4),
        "digits-without-commas": lambda: "7" * size,
        "ones-with-commas": lambda: fill("1,", size),
        "ones-with-commas-and-spaces": lambda: fill("1, ", size),
        "dollar-signs": lambda: "$" * size,
        "dollar-amount-runs": lambda: fill("$$$5", size),
        "1e400-repeated": lambda: fill("It cost $1e400 or 1e400 dollars, 1e400%. ", size),
        "three-million-repeated": lambda: fill("three million ", size),
        "hundred-repeated": lambda: fill("hundred ", size),
        "twenty-five-repeated": lambda: fill("twenty-five ", size),
        "dozens-of-repeated": lambda: fill("dozens of ", size),
        "percent-signs": lambda: "%" * size,
        "news-one-line": lambda: fill(news.replace("\n", " "), size),
        "news-nul-every-7": lambda: with_nuls(fill(news, size), 7)[:size],
        "news-nul-for-spaces": lambda: fill(news, size).replace(" ", "\x00"),
    }


# --- running one input in a child -------------------------------------------------------------

def _child(build, conn) -> None:
    try:
        from numcheck.extraction import extract

        text = build() if callable(build) else build
        extract("Warm-up: revenue rose 5.6 pct to 12.3 mln dlrs.")
        texts = text if isinstance(text, list) else [text]
        chars = sum(map(len, texts))
        t0 = time.perf_counter()
        mentions = sum(len(extract(t)) for t in texts)
        conn.send(("ok", chars, mentions, time.perf_counter() - t0))
    except BaseException as e:  # noqa: BLE001 - report, the bench goes on
        tb = traceback.extract_tb(e.__traceback__)
        where = f" at {Path(tb[-1].filename).name}:{tb[-1].lineno}" if tb else ""
        conn.send(("error", 0, 0, f"{type(e).__name__}: {e}{where}"))
    finally:
        conn.close()


def run_one(build, timeout: float) -> tuple:
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(build, child))
    proc.start()
    child.close()
    if parent.poll(timeout):
        try:
            result = parent.recv()
        except EOFError:
            result = ("error", 0, 0, f"child died (exit {proc.exitcode})")
        proc.join()
    else:
        proc.kill()
        proc.join()
        result = ("timeout", 0, 0, f"no result within {timeout:.0f} s")
    return result


def row(name: str, result: tuple, base_spm: float | None) -> bool:
    status, chars, mentions, extra = result
    if status != "ok":
        print(f"{name:<30} {status.upper():>8}  {extra}", flush=True)
        return True
    seconds = extra
    spm = seconds / (chars / MB) if chars else 0.0
    ratio = spm / base_spm if base_spm else None
    flagged = ratio is not None and ratio > FLAG_RATIO
    flag = f"  <-- FLAG: > {FLAG_RATIO:.0f}x" if flagged else ""
    shown = f"{ratio:>8.1f}x" if ratio is not None else f"{'(base)':>9}"
    print(f"{name:<30} {chars:>12,} {mentions:>10,} {seconds:>9.2f} {spm:>9.3f} {shown}{flag}", flush=True)
    return flagged


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=5.0, help="size of each input and of the baseline (default 5)")
    ap.add_argument("--big-mb", type=float, default=50.0, help="size of the single-file news case (default 50)")
    ap.add_argument("--timeout", type=float, default=900.0, help="seconds per input before it counts as a hang")
    ap.add_argument("--only", nargs="*", default=None, metavar="NAME", help="run only these inputs")
    ap.add_argument("--strict", action="store_true", help="exit 1 when an input is flagged, fails or times out")
    args = ap.parse_args(argv)
    size = int(args.mb * MB)

    print("machine:", machine_line())
    print("mode: one extract() call per input in a forked child; wall clock; MB = 10^6 characters")

    bodies = reuters_bodies(size) if REUTERS.is_dir() else []
    if bodies:
        base_name = f"news-reuters-bodies ({len(bodies):,} bodies)"
        news_block = "\n\n".join(bodies)
        baseline = bodies  # one extract() per body, as the pipeline reads articles
    else:
        print(f"note: {REUTERS} not found: baseline is a built-in news paragraph repeated to {args.mb:g} MB")
        base_name = "news-builtin-paragraph"
        news_block = fill(NEWS, size)
        baseline = [news_block]

    print()
    print(f"{'input':<30} {'chars':>12} {'mentions':>10} {'seconds':>9} {'s/MB':>9} {'ratio':>9}")
    base = run_one(baseline, args.timeout)
    row(base_name, base, None)
    if base[0] != "ok":
        print("baseline failed: no ratios")
        base_spm = None
    else:
        base_spm = base[3] / (base[1] / MB)

    inputs = pathological_inputs(size, news_block)
    if bodies:
        big = int(args.big_mb * MB)
        inputs[f"news-{args.big_mb:g}mb-single-file"] = lambda: repeat_to(bodies, big)
    else:
        print(f"skip: news-{args.big_mb:g}mb-single-file needs {REUTERS}")
    bad = False
    for name, build in inputs.items():
        if args.only and name not in args.only:
            continue
        bad |= row(name, run_one(build, args.timeout), base_spm)
    print()
    print(f"ratio = (s/MB of the input) / (s/MB of {base_name}); flagged above {FLAG_RATIO:.0f}x")
    return 1 if bad and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
