"""Pathological inputs: the extractor and the CLI finish, without error, on hostile text.

Each extractor input (about 1 MB; set NUMCHECK_PATHOLOGICAL_MB to scale) runs in a child process
under a generous wall-clock limit that only detects hangs; the child checks every mention
(offsets, surface, finite value and bounds) and reports back as JSON. The limit is relative to
this machine: HANG_FACTOR times what extract() takes on as much ordinary news text, plus slack,
capped at HANG_TIMEOUT_S. A linear extractor is far inside it, whatever the input; a quadratic
one runs into it. Timing is measured by bench/bench_pathological.py, not here.

The CLI cases run ``numcheck extract`` on awkward files (NUL bytes, UTF-16, Latin-1, empty): the
exit code is 0 or 2, stderr names the file on every line and never holds a traceback.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MB = 1_000_000
SIZE = int(float(os.environ.get("NUMCHECK_PATHOLOGICAL_MB", "1")) * MB)
HANG_TIMEOUT_S = 600  # absolute cap per child
HANG_FACTOR = 150  # x the time of as much ordinary news text: a hang detector, not a performance target
HANG_SLACK_S = 30  # process start, imports, a busy machine

# Ordinary news text, written here so the tests need nothing from ../shared.
NEWS = (
    "The company said first-quarter net profit rose 12.5 pct to 34.6 mln dlrs, or 1.20 dlrs a share, "
    "from 30.1 mln dlrs a year earlier. Revenue was up to $2.3 billion, and it plans to cut about 1,200 "
    "jobs over the next three years. DeepSeek said it trained the model on 2,000 Nvidia H800 chips for "
    "$5.6 million, while OpenAI expects to commit between $18 billion and $19 billion to Stargate.\n"
)


def _fill(unit: str, size: int = SIZE) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _with_nuls(text: str, every: int) -> str:
    return "\x00".join(text[i:i + every] for i in range(0, len(text), every))


# name -> builder of the input text. Sizes are about SIZE characters unless the brief fixes a count.
INPUTS = {
    # a single "number" of 1,000,000 digits with a comma every three
    "digits-with-commas": lambda: "1" + ",000" * 333_333,
    "digits-with-commas-dollars": lambda: "$" + "1" + ",000" * 333_333 + " million",
    "digits-without-commas": lambda: "7" * SIZE,
    "ones-with-commas": lambda: _fill("1,"),
    "ones-with-commas-and-spaces": lambda: _fill("1, "),
    "dollar-signs": lambda: "$" * SIZE,
    "dollar-signs-then-amount": lambda: "$" * SIZE + "5 million",
    "dollar-amount-runs": lambda: _fill("$$$5"),
    "1e400-alone": lambda: "1e400",
    "1e400-repeated": lambda: _fill("It cost $1e400 or 1e400 dollars, 1e400%. "),
    "400-digit-amount": lambda: "$" + "9" * 400 + " million and " + "9" * 400 + ".5 billion dollars",
    "three-million-x10000": lambda: "three million " * 10_000,
    "hundred-x10000": lambda: "hundred " * 10_000,
    "twenty-five-x10000": lambda: "twenty-five " * 10_000,
    "five-x10000": lambda: "five " * 10_000,
    "a-couple-thousand-x10000": lambda: "a couple thousand " * 10_000,
    "dozens-of-x10000": lambda: "dozens of " * 10_000 + "people",
    "between-and-x10000": lambda: "between 5 and " * 10_000 + "6 percent",
    "percent-signs": lambda: "%" * SIZE,
    "percent-after-number": lambda: "5" + "%" * SIZE,
    "news-one-line": lambda: _fill(NEWS.replace("\n", " ")),
    "news-nul-every-7": lambda: _with_nuls(_fill(NEWS), 7)[:SIZE],
    "news-nul-for-spaces": lambda: _fill(NEWS).replace(" ", "\x00"),
}

_CHILD = r"""
import json, math, sys, time
from numcheck.extraction import extract
text = sys.stdin.buffer.read().decode("utf-8")
t0 = time.perf_counter()
mentions = extract(text)
seconds = time.perf_counter() - t0
problems = []
for m in mentions:
    where = "%r@%d-%d" % (m.surface[:60], m.start, m.end)
    if not (0 <= m.start < m.end <= len(text)) or text[m.start:m.end] != m.surface:
        problems.append("bad offsets or surface: " + where)
    for name in ("value", "low", "high", "step"):
        v = getattr(m, name)
        if v is not None and not math.isfinite(v):
            problems.append("%s=%r: %s" % (name, v, where))
    if m.low is not None and m.high is not None and m.low > m.high:
        problems.append("low > high: " + where)
print(json.dumps({"mentions": len(mentions), "seconds": seconds, "problems": problems[:10]}))
"""


@pytest.fixture(scope="module")
def news_seconds_per_char() -> float:
    """What extract() takes per character of ordinary news text on this machine, now."""
    import time

    from numcheck.extraction import extract

    extract(NEWS)  # warm-up: compiled patterns, the unit catalog
    text = _fill(NEWS, 200_000)
    t0 = time.perf_counter()
    extract(text)
    return (time.perf_counter() - t0) / len(text)


def _limit(text: str, per_char: float) -> float:
    return min(HANG_TIMEOUT_S, HANG_SLACK_S + HANG_FACTOR * per_char * len(text))


def _run_extract(text: str, limit: float = HANG_TIMEOUT_S) -> dict:
    try:
        proc = subprocess.run([sys.executable, "-c", _CHILD], input=text.encode("utf-8"), capture_output=True,
                              timeout=limit, cwd=ROOT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"extract() did not return within {limit:.0f} s on {len(text):,} characters "
                    f"(hang detector: {HANG_FACTOR}x the time for as much news text + {HANG_SLACK_S} s)")
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 0, f"extract() failed (exit {proc.returncode}):\n{err[-3000:]}"
    return json.loads(proc.stdout)


@pytest.mark.parametrize("name", list(INPUTS))
def test_extract_survives(name, news_seconds_per_char):
    text = INPUTS[name]()
    result = _run_extract(text, _limit(text, news_seconds_per_char))
    assert not result["problems"], f"{name}: {result['problems']}"


def test_1e400_is_no_infinite_amount():
    # "1e400" is not a number the extractor reads; whatever it reads, nothing is infinite.
    result = _run_extract("The bill came to $1e400, or 1e400 dollars, 1e400 percent of GDP.")
    assert not result["problems"], result["problems"]


# --- the CLI on awkward files ----------------------------------------------------------------

FILES = {
    "nul-bytes.txt": b"It cost $5 million.\x00 Shares rose 12% to 3,000 points.\n",
    "nul-bytes-late.txt": b"It cost $5 million. " * 500 + b"\x00 then 12% more \x00\x00 for 3 chips\n",
    "utf16-bom.txt": "It cost $5 million, or 12% more, for 2,000 chips.\n".encode("utf-16"),
    "utf16-be-bom.txt": b"\xfe\xff" + "It cost \u20ac5 million.\n".encode("utf-16-be"),
    "utf16-no-bom.txt": "It cost $5 million.\n".encode("utf-16-le"),
    "utf16-odd-length.txt": "It cost $5 million.\n".encode("utf-16") + b"\x00",
    "latin1.txt": "Le café a coûté 5 millions d'euros, soit £3 million et 12% de plus.\n".encode("latin-1"),
    "latin1-undefined-cp1252.txt": b"Price: \x81\x8d 5 million \x90dollars \x9d\n",
    "empty.txt": b"",
    "whitespace.txt": b" \n\t\n",
    "bom-only.txt": b"\xef\xbb\xbf",
}


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    try:
        return subprocess.run([sys.executable, "-m", "numcheck", *args], capture_output=True, cwd=cwd,
                              timeout=HANG_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        pytest.fail(f"numcheck {' '.join(args)} did not finish within {HANG_TIMEOUT_S} s")


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("name", list(FILES))
def test_cli_extract_awkward_file(tmp_path, name, fmt):
    path = tmp_path / name
    path.write_bytes(FILES[name])
    proc = _cli("extract", "--format", fmt, name, cwd=tmp_path)
    out = proc.stdout.decode("utf-8", "replace")
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err and "Traceback" not in out, err
    assert proc.returncode in (0, 2), f"exit {proc.returncode}: {err}"
    lines = err.splitlines()
    if proc.returncode == 2:
        assert len(lines) == 1, f"exit 2 needs one line on stderr, got: {err!r}"
    for line in lines:
        assert name in line, f"stderr line does not name the file: {line!r}"


def test_cli_extract_folder_of_awkward_files(tmp_path):
    for name, data in FILES.items():
        (tmp_path / name).write_bytes(data)
    proc = _cli("extract", ".", cwd=tmp_path)
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert proc.returncode in (0, 2), f"exit {proc.returncode}: {err}"
    for line in err.splitlines():
        assert any(name in line for name in FILES), f"stderr line names no file: {line!r}"


def test_cli_extract_missing_file(tmp_path):
    proc = _cli("extract", "no-such-file.txt", cwd=tmp_path)
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert proc.returncode == 2
    assert len(err.splitlines()) == 1 and "no-such-file.txt" in err, err
