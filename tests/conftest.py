"""Shared fixtures: location of ../shared, the extractor under test, a miss log.

``SHARED`` is the data folder that sits next to the project root (``../shared``).
Tests that read it skip with a clear reason when it is absent.

Set ``NUMCHECK_MISSES=/path/to/file`` to get every miss of the scoring suites
(gold seeds and external suites) written to that file at the end of the run.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

if str(ROOT) not in sys.path:  # run from anywhere without `pip install -e .`
    sys.path.insert(0, str(ROOT))


def shared_path(*parts: str) -> Path:
    """Path under ../shared, or skip the calling test with a clear reason."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared/{'/'.join(parts)} not found: expected at {path}")
    return path


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"../shared not found: expected at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def extract() -> Callable:
    """numcheck's extractor: ``extract(text, doc="") -> list[Mention]``.

    A missing or broken extractor is a failure, not a skip: these tests exist to
    measure it.
    """
    try:
        from numcheck.extraction import extract as fn
    except Exception as exc:  # noqa: BLE001 - report whatever stops the import
        pytest.fail(f"cannot import numcheck.extraction.extract: {type(exc).__name__}: {exc}")
    return fn


class MissLog:
    """Collects misses from all scoring tests; written to $NUMCHECK_MISSES at session end."""

    def __init__(self) -> None:
        self.sections: dict[str, list[str]] = {}

    def add(self, suite: str, text: str) -> None:
        self.sections.setdefault(suite, []).append(text)

    def write(self, path: str) -> None:
        lines: list[str] = []
        for suite, misses in self.sections.items():
            lines.append(f"===== {suite}: {len(misses)} misses =====")
            lines.extend(misses)
            lines.append("")
        Path(path).write_text("\n".join(lines), encoding="utf-8")


@pytest.fixture(scope="session")
def miss_log():
    log = MissLog()
    yield log
    target = os.environ.get("NUMCHECK_MISSES")
    if target:
        log.write(target)


def describe_mentions(mentions) -> str:
    """Compact one-line rendering of mentions for miss reports."""
    if not mentions:
        return "(nothing)"
    parts = []
    for m in mentions:
        kind = getattr(m.kind, "value", m.kind)
        qual = getattr(m.qualifier, "value", m.qualifier)
        extra = ""
        if m.low is not None or m.high is not None:
            extra += f" [{m.low},{m.high}]"
        if m.per:
            extra += f" per {m.per}"
        parts.append(f"{m.surface!r}@{m.start}-{m.end} {kind} {m.value!r} {m.unit!r} {qual}{extra}")
    return "; ".join(parts)
