#!/usr/bin/env python
"""Build benchmark corpora of real news text: one article per UTF-8 .txt file, 10/50/100 MB.

    python bench/build_corpus.py --out bench/out/corpus --sizes 10,50,100

Sources (read from ../shared relative to the project root, never copied into git):

* Reuters-21578: ``../shared/data/reuters21578/*.sgm`` (Latin-1 SGML). Each ``<REUTERS NEWID="n">``
  record with a ``<BODY>`` becomes ``<TITLE>`` + blank line + body, HTML entities unescaped and the
  trailing ``Reuter \\x03`` dropped.
* ECB+: ``../shared/data/ecbplus/articles_json/<subtopic>/<doc>.json``; ``title`` + blank line +
  ``text``.

The articles are put in one fixed pseudo-random order (seed 0), so every size has the same mix of
Reuters wires and ECB+ web news per MB. A size of N MB is exactly N * 10^6 bytes of UTF-8: articles
are written in that order until the next one would not fit; the last one is cut (at a word boundary
when possible) and padded with spaces to the exact byte count. When the real text runs out (~18.7
MB) the same set is repeated under distinct names in round folders:

    <out>/<N>mb/r1/reuters/<newid>.txt   r1/ecbplus/<subtopic>/<doc>.txt   r2/...   r3/...

Idempotent: a size whose folder already holds exactly N * 10^6 bytes of .txt files is skipped;
anything else is rebuilt (into a temporary folder, then renamed). Prints one line per size.
"""
from __future__ import annotations

import argparse
import html
import json
import os
import random
import re
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REUTERS = SHARED / "data" / "reuters21578"
ECBPLUS = SHARED / "data" / "ecbplus" / "articles_json"
MB = 1_000_000

RECORD = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
NEWID = re.compile(r'NEWID="(\d+)"')
TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)
TRAILER = re.compile(r"\s*Reuter\s*\x03?\s*$")


def _check_shared() -> None:
    missing = [p for p in (REUTERS, ECBPLUS) if not p.is_dir()]
    if missing:
        sys.exit(
            "build_corpus: shared data not found: "
            + ", ".join(str(p) for p in missing)
            + f"\n  expected ../shared next to the project root ({ROOT}); "
            "it holds data/reuters21578/*.sgm and data/ecbplus/articles_json/."
        )


def reuters_articles() -> list[tuple[str, str]]:
    """(relative name, text) for every Reuters record with a body, in NEWID order."""
    out: list[tuple[int, str]] = []
    files = sorted(REUTERS.glob("*.sgm"))
    if not files:
        sys.exit(f"build_corpus: no *.sgm files in {REUTERS}")
    for f in files:
        raw = f.read_text(encoding="latin-1")
        for attrs, rec in RECORD.findall(raw):
            body = BODY.search(rec)
            if not body:
                continue
            m = NEWID.search(attrs)
            if not m:
                continue
            title = TITLE.search(rec)
            text = TRAILER.sub("", html.unescape(body.group(1))).strip()
            head = html.unescape(title.group(1)).strip() if title else ""
            if not text:
                continue
            out.append((int(m.group(1)), f"{head}\n\n{text}\n" if head else f"{text}\n"))
    out.sort()
    return [(f"reuters/{newid:05d}.txt", text) for newid, text in out]


def ecbplus_articles() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for f in sorted(ECBPLUS.glob("*/*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        title = (d.get("title") or "").strip()
        text = (d.get("text") or "").strip()
        if not (title or text):
            continue
        body = f"{title}\n\n{text}\n" if title and text else f"{title or text}\n"
        out.append((f"ecbplus/{f.parent.name}/{f.stem}.txt", body))
    return out


def load_articles() -> list[tuple[str, bytes]]:
    arts = reuters_articles() + ecbplus_articles()
    random.Random(0).shuffle(arts)
    return [(name, text.encode("utf-8")) for name, text in arts]


def _cut(data: bytes, n: int) -> bytes:
    """Exactly n bytes of valid UTF-8: data cut at a word boundary when one is near, space-padded, newline-ended."""
    if n <= 1:
        return b"\n"[:n]
    head = data[: n - 1]
    sp = head.rfind(b" ")
    if sp >= (n - 1) // 2:
        head = head[:sp]
    head = head.decode("utf-8", "ignore").encode("utf-8").rstrip()
    return head.ljust(n - 1, b" ") + b"\n"


def dir_bytes(d: Path) -> tuple[int, int]:
    total = files = 0
    for dirpath, _, names in os.walk(d):
        for name in names:
            if name.endswith(".txt"):
                total += os.path.getsize(os.path.join(dirpath, name))
                files += 1
    return total, files


def build(out: Path, size_mb: int, articles: list[tuple[str, bytes]]) -> tuple[Path, int, int, int, bool]:
    """Returns (folder, bytes, files, rounds, built_now)."""
    target = size_mb * MB
    dest = out / f"{size_mb}mb"
    if dest.is_dir():
        have, files = dir_bytes(dest)
        if have == target:
            rounds = len([p for p in dest.iterdir() if p.is_dir() and re.fullmatch(r"r\d+", p.name)])
            return dest, have, files, rounds, False
    tmp = out / f".{size_mb}mb.tmp"
    if tmp.exists():
        shutil.rmtree(tmp)
    written = files = 0
    rnd = 0
    made_dirs: set[Path] = set()
    while written < target:
        rnd += 1
        for name, data in articles:
            left = target - written
            if left <= 0:
                break
            if len(data) > left:
                data = _cut(data, left)
            path = tmp / f"r{rnd}" / name
            if path.parent not in made_dirs:
                path.parent.mkdir(parents=True, exist_ok=True)
                made_dirs.add(path.parent)
            path.write_bytes(data)
            written += len(data)
            files += 1
    if dest.exists():
        shutil.rmtree(dest)
    tmp.rename(dest)
    return dest, written, files, rnd, True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "corpus",
                    help="parent folder; each size goes to <out>/<N>mb (default: bench/out/corpus)")
    ap.add_argument("--sizes", default="10,50,100", help="comma-separated sizes in MB (10^6 bytes)")
    args = ap.parse_args(argv)
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        ap.error(f"--sizes: expected integers, got {args.sizes!r}")
    if not sizes or any(s <= 0 for s in sizes):
        ap.error("--sizes: need positive sizes")
    _check_shared()
    args.out.mkdir(parents=True, exist_ok=True)

    articles: list[tuple[str, bytes]] | None = None
    for size in sizes:
        dest = args.out / f"{size}mb"
        if dest.is_dir() and dir_bytes(dest)[0] == size * MB:
            _, have, files, rounds, _ = build(args.out, size, [])
            print(f"{size:>4} MB  {dest}  already built: {have:,} bytes, {files:,} files, {rounds} round(s)")
            continue
        if articles is None:
            t = time.perf_counter()
            articles = load_articles()
            real = sum(len(d) for _, d in articles)
            n_r = sum(1 for n, _ in articles if n.startswith("reuters/"))
            print(f"source: {len(articles):,} articles ({n_r:,} Reuters-21578, {len(articles) - n_r:,} ECB+), "
                  f"{real:,} bytes UTF-8, read in {time.perf_counter() - t:.1f}s")
        t = time.perf_counter()
        _, have, files, rounds, _ = build(args.out, size, articles)
        print(f"{size:>4} MB  {dest}  built: {have:,} bytes, {files:,} files, {rounds} round(s), "
              f"{time.perf_counter() - t:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
