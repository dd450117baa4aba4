"""Seconds spent in each stage of a run, for `numcheck check --timings` and bench/.

Stages add up in the process that runs them; a forked process hands its own back with its results
(``take``, then ``add`` in the parent), so a stage run in parallel (the matching, in the rules' forked
parts) counts the seconds of every process: CPU-like time, which may exceed the run's wall time.
"""
from __future__ import annotations

import time
from collections import defaultdict
from contextlib import contextmanager
from typing import Iterator

_spent: dict[str, float] = defaultdict(float)


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Add the seconds the ``with`` block takes to ``name``."""
    start = time.perf_counter()
    try:
        yield
    finally:
        _spent[name] += time.perf_counter() - start


def take() -> dict[str, float]:
    """The seconds of each stage so far in this process, and start again from none."""
    out = dict(_spent)
    _spent.clear()
    return out


def add(spent: dict[str, float]) -> None:
    """Count another process's seconds (what its ``take`` gave) in this one's."""
    for name, seconds in spent.items():
        _spent[name] += seconds


def line(spent: dict[str, float]) -> str:
    """The stages' seconds for people: "extraction 12.3 s, stories 3.1 s, rules 9.8 s (figures-agree 7.2 s, ...),
    matching 9.5 s (summed over processes), report 1.0 s"; rules that took under 0.05 s are left out."""
    rules = [(name.removeprefix("rule "), s) for name, s in spent.items() if name.startswith("rule ") and s >= 0.05]
    parts = []
    for name in ("extraction", "stories", "rules", "matching", "report"):
        if name not in spent:
            continue
        text = f"{name} {spent[name]:.1f} s"
        if name == "rules" and rules:
            text += " (" + ", ".join(f"{rule} {s:.1f} s" for rule, s in sorted(rules, key=lambda r: -r[1])) + ")"
        if name == "matching":
            text += " (summed over processes)"
        parts.append(text)
    return ", ".join(parts)
