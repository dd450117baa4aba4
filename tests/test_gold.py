"""Acceptance test: the hand-checked gold mentions of the seed articles.

Gold: ../shared/gold/seeds-mentions.csv (doc,line,surface,kind,value,unit,qualifier,expect,note)
Text: ../shared/seeds/<doc>

* ``required``: some mention on that line whose surface contains the gold surface (or is
  contained in it; case-insensitive) has the gold kind, value (rel tol 1e-9; empty gold value
  means value None), unit and qualifier.
* ``forbidden``: no mention of a kind other than ``date`` overlaps (character spans) any
  occurrence of the surface on that line -- except the reading of a gold mention that encloses it
  ("2,000 Nvidia H800 chips" may cover "H800" as long as its value is the gold 2000).
* ``optional``: may be absent; every mention that overlaps the surface on that line must have the
  gold kind (and value/unit/qualifier where the gold gives them) -- e.g. "January 20" must not
  come back as a count of 20.

One test per gold row, with ids like ``000:2:$5.6 million``.
"""
from __future__ import annotations

import csv
import math

import pytest

from conftest import SHARED, describe_mentions

GOLD = SHARED / "gold" / "seeds-mentions.csv"
SEEDS = SHARED / "seeds"


def _all_rows() -> list[dict]:
    if not GOLD.exists():
        return []
    with GOLD.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _rows(expect: str) -> list:
    if not GOLD.exists():
        return [pytest.param(None, id="no-gold", marks=pytest.mark.skip(
            reason=f"../shared/gold/seeds-mentions.csv not found: expected at {GOLD}"))]
    rows = [r for r in _all_rows() if r["expect"].strip() == expect]
    return [pytest.param(r, id=f"{r['doc'][:3]}:{r['line']}:{r['surface']}") for r in rows]


@pytest.fixture(scope="session")
def seed_doc(request):
    """doc name -> (text, mentions), extracted once per session."""
    cache: dict = {}

    def get(doc: str):
        if doc not in cache:
            path = SEEDS / doc
            if not path.exists():
                pytest.skip(f"../shared/seeds/{doc} not found: expected at {path}")
            text = path.read_text(encoding="utf-8")
            extract = request.getfixturevalue("extract")
            cache[doc] = (text, list(extract(text, doc=doc)))
        return cache[doc]

    return get


def _line_span(text: str, line: int) -> tuple[int, int]:
    """[start, end) offsets of 1-based ``line`` in ``text`` (lines split on '\\n')."""
    start = 0
    for _ in range(line - 1):
        nl = text.find("\n", start)
        if nl < 0:
            raise AssertionError(f"text has fewer than {line} lines")
        start = nl + 1
    end = text.find("\n", start)
    return start, (len(text) if end < 0 else end)


def _occurrences(text: str, line: int, surface: str) -> list[tuple[int, int]]:
    lo, hi = _line_span(text, line)
    line_text = text[lo:hi]
    spans, i = [], line_text.find(surface)
    while i >= 0:
        spans.append((lo + i, lo + i + len(surface)))
        i = line_text.find(surface, i + 1)
    assert spans, f"gold surface {surface!r} does not occur on line {line}"
    return spans


def _kind(m) -> str:
    return getattr(m.kind, "value", m.kind)


def _qual(m) -> str:
    return getattr(m.qualifier, "value", m.qualifier)


def _value_ok(gold: str, value) -> bool:
    if gold.strip() == "":
        return value is None
    return value is not None and math.isclose(float(value), float(gold), rel_tol=1e-9, abs_tol=1e-12)


def _problems(row: dict, m) -> list[str]:
    """How mention ``m`` differs from the gold row. Empty gold fields are not checked, except
    value: empty means None (vague amount) -- but a date's value is never checked."""
    out = []
    if row["kind"] and _kind(m) != row["kind"]:
        out.append(f"kind {_kind(m)!r} != {row['kind']!r}")
    if row["kind"] not in ("", "date") and not _value_ok(row["value"], m.value):
        out.append(f"value {m.value!r} != {row['value'] or None!r}")
    if row["unit"] and m.unit != row["unit"]:
        out.append(f"unit {m.unit!r} != {row['unit']!r}")
    if row["qualifier"] and _qual(m) != row["qualifier"]:
        out.append(f"qualifier {_qual(m)!r} != {row['qualifier']!r}")
    return out


def _expected(row: dict) -> str:
    return f"{row['kind']} {row['value'] or None} {row['unit']!r} {row['qualifier']}"


def _on_line(mentions, line: int):
    return [m for m in mentions if m.line == line]


@pytest.mark.parametrize("row", _rows("required"))
def test_required(row, seed_doc, miss_log):
    text, mentions = seed_doc(row["doc"])
    line, surface = int(row["line"]), row["surface"]
    needle = surface.lower()
    candidates = [m for m in _on_line(mentions, line)
                  if needle in m.surface.lower() or (m.surface and m.surface.lower() in needle)]
    if any(not _problems(row, m) for m in candidates):
        return
    if candidates:
        why = " | ".join(f"{m.surface!r}: " + ", ".join(_problems(row, m)) for m in candidates)
    else:
        why = "no mention with a matching surface on that line; line has: " + describe_mentions(
            _on_line(mentions, line))
    msg = f"{row['doc']}:{line} {surface!r} expected {_expected(row)} -- {why}"
    miss_log.add("gold seeds (required)", msg)
    pytest.fail(msg)


def _covered_by_gold(text: str, forbidden: dict, spans, m) -> bool:
    """True when ``m`` is the reading of a required/optional gold mention whose surface encloses
    the forbidden surface ("2,000 Nvidia H800 chips" encloses "H800"): m overlaps that gold
    surface and has its value -- the name inside it was not read as the number."""
    line = int(forbidden["line"])
    for g in _all_rows():
        if g["doc"] != forbidden["doc"] or int(g["line"]) != line or g["expect"] == "forbidden":
            continue
        for gs, ge in _occurrences(text, line, g["surface"]):
            encloses = any(gs <= s and e <= ge for s, e in spans)
            if encloses and m.start < ge and gs < m.end and (
                    not g["value"] or _value_ok(g["value"], m.value)):
                return True
    return False


@pytest.mark.parametrize("row", _rows("forbidden"))
def test_forbidden(row, seed_doc, miss_log):
    text, mentions = seed_doc(row["doc"])
    line, surface = int(row["line"]), row["surface"]
    spans = _occurrences(text, line, surface)
    bad = [m for m in mentions if _kind(m) != "date"
           and any(m.start < e and s < m.end for s, e in spans)
           and not _covered_by_gold(text, row, spans, m)]
    if bad:
        msg = (f"{row['doc']}:{line} {surface!r} must not be read as a quantity ({row['note']}); "
               f"got {describe_mentions(bad)}")
        miss_log.add("gold seeds (forbidden)", msg)
        pytest.fail(msg)


@pytest.mark.parametrize("row", _rows("optional"))
def test_optional_if_present(row, seed_doc, miss_log):
    text, mentions = seed_doc(row["doc"])
    line, surface = int(row["line"]), row["surface"]
    spans = _occurrences(text, line, surface)
    hits = [m for m in mentions if any(m.start < e and s < m.end for s, e in spans)]
    wrong = [m for m in hits if _problems(row, m)]
    if wrong:
        msg = (f"{row['doc']}:{line} {surface!r} (optional) extracted but wrong, expected "
               f"{_expected(row)} ({row['note']}): "
               + " | ".join(f"{m.surface!r}: " + ", ".join(_problems(row, m)) for m in wrong))
        miss_log.add("gold seeds (optional, wrong when present)", msg)
        pytest.fail(msg)
