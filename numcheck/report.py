"""Stage 5a: reports: the CSV discrepancy report, the same as a pandas table (``to_frame``), JSON,
SARIF, GitHub annotations, a text summary.

Files are written whole or not at all (temporary file, then rename). CSV cells
that a spreadsheet would run as a formula (=, +, -, @, tab, CR) are prefixed
with a quote; numeric columns stay numeric.
"""
from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path

from pydantic_core import to_json

from numcheck.models import Finding

COLUMNS = [  # Finding's fields, in order (tested)
    "rule_id", "severity", "claim", "doc", "line", "start", "end", "surface", "value", "unit",
    "other_doc", "other_line", "other_start", "other_end", "other_surface", "other_value", "other_unit",
    "rel_diff", "message", "sentence", "link", "fingerprint",
]
_NUMERIC = {"line", "start", "end", "value", "other_line", "other_start", "other_end", "other_value", "rel_diff"}
_INTEGER = {"line", "start", "end", "other_line", "other_start", "other_end"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TEXT_COLUMNS = [i for i, c in enumerate(COLUMNS) if c not in _NUMERIC and c != "severity"]
_SEVERITY_COLUMN = COLUMNS.index("severity")
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity.value], f.rule_id, f.doc, f.start))


def safe_cell(value):
    """Neutralize spreadsheet formulas in text cells (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def report_rows(findings: list[Finding]) -> list[list]:
    """The report's rows in order: the model's fields are its columns (a dict per finding costs
    seconds on 50k findings); severity by name, text cells safe from spreadsheets."""
    rows = []
    for f in sort_findings(findings):
        row = list(f.__dict__.values())
        row[_SEVERITY_COLUMN] = row[_SEVERITY_COLUMN].value
        for i in _TEXT_COLUMNS:
            row[i] = safe_cell(row[i])
        rows.append(row)
    return rows


def to_frame(findings: list[Finding]):
    """The report as a pandas table, numeric columns typed (nullable where a cell may be empty)."""
    import pandas as pd

    rows = report_rows(findings)
    columns = {}
    for col, values in zip(COLUMNS, zip(*rows) if rows else [()] * len(COLUMNS)):
        if col in _INTEGER:
            columns[col] = pd.array(values, dtype="Int64")
        elif col in _NUMERIC:
            columns[col] = pd.array(values, dtype="Float64" if None in values else "float64")
        else:
            columns[col] = list(values)
    return pd.DataFrame(columns, columns=COLUMNS)


def atomic_write(path: Path, data: str) -> None:
    """Write a file whole or not at all: a crash mid-write leaves the previous file intact."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp's 0600 would make the report private to its writer
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def csv_text(findings: list[Finding]) -> str:
    """The CSV report: the bytes ``to_frame(findings).to_csv(index=False)`` writes (tested), through
    the csv module (which pandas uses too) without pandas' column formatting: 1.6 s -> 0.9 s on 57k
    findings, and no pandas import on the main job's path."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")  # None -> "", floats by repr: as pandas writes them
    writer.writerow(COLUMNS)
    writer.writerows(report_rows(findings))
    return buf.getvalue()


def json_bytes(findings: list[Finding], summary: dict) -> bytes:
    # pydantic's Rust serializer: json.dumps with indent runs in pure Python, 3 s per 30k findings.
    return to_json({"summary": summary, "findings": sort_findings(findings)}, indent=2) + b"\n"



_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def sarif_text(findings: list[Finding], rules: list, root: str = "") -> str:
    """SARIF 2.1.0, one result per finding; partialFingerprints carry numcheck's fingerprint."""
    from numcheck import __version__

    def uri(doc: str) -> str:
        return (root.rstrip("/") + "/" + doc.split(":")[0]) if root else doc.split(":")[0]

    results = []
    for f in sort_findings(findings):
        result = {
            "ruleId": f.rule_id,
            "level": _SARIF_LEVEL[f.severity.value],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(f.doc)},
                                                "region": {"startLine": f.line, "charOffset": f.start,
                                                           "charLength": f.end - f.start,
                                                           "snippet": {"text": f.surface}}}}],
            "partialFingerprints": {"numcheck/v1": f.fingerprint},
        }
        if f.other_doc:
            result["relatedLocations"] = [{"id": 1, "message": {"text": f"compared with: {f.other_surface}"},
                                           "physicalLocation": {"artifactLocation": {"uri": uri(f.other_doc)},
                                                                "region": {"startLine": f.other_line}}}]
        results.append(result)
    driver = {
        "name": "numcheck", "version": __version__, "informationUri": "https://pypi.org/project/numcheck/",
        "rules": [{"id": r.id, "shortDescription": {"text": r.description},
                   "helpUri": r.link or None, "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity.value]}}
                  for r in rules],
    }
    for r in driver["rules"]:
        if r["helpUri"] is None:
            del r["helpUri"]
    doc = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
           "runs": [{"tool": {"driver": driver}, "results": results}]}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def github_text(findings: list[Finding], root: str = "") -> str:
    """GitHub Actions workflow commands: one ::error/::warning/::notice annotation per finding."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for f in sort_findings(findings):
        path = (root.rstrip("/") + "/" if root else "") + f.doc.split(":")[0]
        msg = f.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        lines.append(f"::{level[f.severity.value]} file={path},line={f.line},title=numcheck {f.rule_id}::{msg}")
    return "\n".join(lines) + ("\n" if lines else "")


def text_summary(findings: list[Finding], summary: dict) -> str:
    """For people: each finding with its articles, sentence, figures and why; then the counts."""
    out = []
    for f in sort_findings(findings):
        out.append(f"{f.doc}:{f.line}: {f.severity.value} [{f.rule_id}] {f.claim}")
        out.append(f"    {f.message}")
        if f.sentence:
            sentence = f.sentence if len(f.sentence) <= 220 else f.sentence[:217] + "..."
            out.append(f"    > {sentence}")
    counts = {s: sum(1 for f in findings if f.severity.value == s) for s in ("error", "warning", "info")}
    tail = (f"{summary.get('articles', 0)} articles, {summary.get('mentions', 0)} mentions, "
            f"{summary.get('claims', 0)} claims checked by {summary.get('rules', 0)} rules: "
            f"{len(findings)} findings ({counts['error']} error, {counts['warning']} warning, {counts['info']} info)")
    extras = []
    if summary.get("baselined"):
        extras.append(f"{summary['baselined']} held by the baseline")
    if summary.get("suppressed"):
        extras.append(f"{summary['suppressed']} suppressed inline")
    if summary.get("not_new"):
        extras.append(f"{summary['not_new']} not involving a new article")
    if extras:
        tail += "; " + ", ".join(extras) + " not shown"
    out.append(tail)
    return "\n".join(out) + "\n"
