"""Stage 5a: reports: the CSV discrepancy report, the same as a pandas table (``to_frame``), JSON,
SARIF, GitHub annotations, a text summary.

Files are written whole or not at all (temporary file, then rename). CSV cells
that a spreadsheet would run as a formula (=, +, -, @, tab, CR) are prefixed
with a quote; numeric columns stay numeric.
"""
from __future__ import annotations

import contextlib
import csv
import json
import os
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator, Optional, TextIO

from pydantic_core import to_json

from numcheck.models import Finding, Severity

COLUMNS = [  # Finding's fields, in order, but for the group's figures (models.Finding.figures; tested)
    "rule_id", "severity", "claim", "doc", "line", "start", "end", "surface", "value", "unit",
    "other_doc", "other_line", "other_start", "other_end", "other_surface", "other_value", "other_unit",
    "rel_diff", "message", "sentence", "link", "fingerprint", "score", "evidence", "story", "story_label",
]
_NUMERIC = {"line", "start", "end", "value", "other_line", "other_start", "other_end", "other_value", "rel_diff",
            "score"}
_INTEGER = {"line", "start", "end", "other_line", "other_start", "other_end"}
_FORMULA_START = frozenset("=+-@\t\r")  # a cell opening with one of these is read as a formula
_TEXT_COLUMNS = [i for i, c in enumerate(COLUMNS) if c not in _NUMERIC and c != "severity"]
_SEVERITY_COLUMN = COLUMNS.index("severity")
_N_COLUMNS = len(COLUMNS)
SEVERITY_ORDER = {Severity.error: 0, Severity.warning: 1, Severity.info: 2}


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.rule_id, f.doc, f.start))


def safe_cell(value):
    """Neutralize spreadsheet formulas in text cells (OWASP CSV injection)."""
    if isinstance(value, str) and value[:1] in _FORMULA_START:
        return "'" + value
    return value


def _row(f: Finding) -> list:
    # The model's first fields are the columns (a dict per finding costs seconds on 50k findings).
    row = list(f.__dict__.values())[:_N_COLUMNS]
    row[_SEVERITY_COLUMN] = row[_SEVERITY_COLUMN].value
    for i in _TEXT_COLUMNS:
        row[i] = safe_cell(row[i])
    return row


def report_rows(findings: list[Finding]) -> list[list]:
    """The report's rows in order: severity by name, text cells safe from spreadsheets."""
    return [_row(f) for f in sort_findings(findings)]


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


class OutputError(OSError):
    """A report that cannot be written; ``str(e)`` is one line naming its path."""


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write a file whole or not at all: a crash mid-write leaves the previous file intact.
    Text is written in UTF-8. Raises OutputError when the file cannot be written."""
    with atomic_file(path) as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` through: it replaces ``path`` when the block ends, and is
    deleted when the block raises (the previous file is left intact). Raises OutputError when the
    file cannot be written."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise OutputError(f"{path}: cannot write: {e.strerror or e}") from None
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp's 0600 would make the report private to its writer
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise OutputError(f"{path}: cannot write: {e.strerror or e}") from None
        raise


def write_mentions(out: TextIO, batches: Iterable[list[list]], fmt: str) -> None:
    """Mentions as ``numcheck extract`` lists them (rows of numcheck.engine.MENTION_COLUMNS), written
    as each batch comes: CSV (text cells safe for spreadsheets; a batch may come as its CSV lines, one str)
    or a JSON array of objects."""
    from numcheck.engine import MENTION_COLUMNS

    if fmt == "json":
        out.write("[")
        first = True
        for rows in batches:
            for row in rows:
                # Indented as one json.dumps of the whole list would be; a JSON string holds no raw newline.
                item = json.dumps(dict(zip(MENTION_COLUMNS, row)), indent=2, ensure_ascii=False).replace("\n", "\n  ")
                out.write(("\n  " if first else ",\n  ") + item)
                first = False
        out.write("]\n" if first else "\n]\n")
        return
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(MENTION_COLUMNS)
    for rows in batches:
        out.write(rows if isinstance(rows, str) else mention_csv(rows))


def mention_csv(rows: list[list]) -> str:
    """Mention rows (numcheck.engine.MENTION_COLUMNS) as CSV lines, text cells safe for spreadsheets."""
    from numcheck.engine import MENTION_COLUMNS

    text = [MENTION_COLUMNS.index(c) for c in ("doc", "surface", "unit", "per", "sentence")]
    for row in rows:
        for i in text:
            if row[i][:1] in _FORMULA_START:  # safe_cell, inline: five cells a mention of a whole folder
                row[i] = "'" + row[i]
    lines = _Lines()
    csv.writer(lines, lineterminator="\n").writerows(rows)
    return "".join(lines)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class _Lines(list):
    write = list.append  # csv.writer writes each row with one write(): one line per row


def csv_lines(findings: list[Finding]) -> list[bytes]:
    """Each finding's CSV line in UTF-8, in the order given: None -> "", floats by repr, as pandas writes
    them. Bytes: news text makes the report non-ASCII, and 30 MB of such str is 60-120 MB to join and
    encode again (0.3 s of a 100 MB re-run)."""
    lines = _Lines()
    csv.writer(lines, lineterminator="\n").writerows(map(_row, findings))
    return [line.encode("utf-8", "replace") for line in lines]  # a lone surrogate (JSON "\\ud800") as "?"


def json_items(findings: list[Finding]) -> list[bytes]:
    """Each finding as JSON, indented for its place in the findings list of ``json_bytes``."""
    # pydantic's Rust serializer; a finding's strings hold no raw newline, so re-indenting is safe.
    return [b"    " + to_json(f, indent=2).replace(b"\n", b"\n    ") for f in findings]


class RenderCache:
    """Findings' report text (CSV line, JSON item), so that a re-run copies the text of findings it
    read back from the last run's snapshot instead of rendering 50k of them again (1.3 s on 100 MB).

    Entries are by identity and hold their finding: an id is never reused while its entry lives.
    """

    def __init__(self) -> None:
        self._by_id: dict[int, tuple[Finding, bytes, bytes]] = {}

    def put_all(self, findings: list[Finding], lines: list[bytes], items: list) -> None:
        """Keep the CSV line and JSON item of each finding: its bytes, None (not rendered yet), or (its item
        without figures, its figures) to be joined when asked for (``with_figures``)."""
        self._by_id.update(zip(map(id, findings), zip(findings, lines, items)))

    def render(self, findings: list[Finding]) -> None:
        """Render the CSV lines of the findings not rendered yet. Their JSON items are rendered where they are
        needed (``texts``; the snapshot a part at a time): they repeat each group's figures, 0.29 GB on 100 MB."""
        todo = [f for f in findings if self.get(f) is None]
        self.put_all(todo, csv_lines(todo), [None] * len(todo))

    def get(self, f: Finding) -> Optional[tuple[Finding, bytes, bytes]]:
        hit = self._by_id.get(id(f))
        return hit if hit is not None and hit[0] is f else None

    def texts(self, findings: list[Finding], which: int, render: Callable[[list[Finding]], list]) -> list:
        """Field ``which`` (1: CSV line, 2: JSON item) of each finding, rendering those not here."""
        out = [hit[which] if hit is not None else None for hit in map(self.get, findings)]
        if which == 2:
            rendered: dict[int, bytes] = {}  # a group's figures, rendered once for all its findings

            def joined(text):
                if type(text) is not tuple:
                    return text
                item, figures = text
                if id(figures) not in rendered:
                    rendered[id(figures)] = figures_json(figures)
                return with_figures(item, rendered[id(figures)])

            out = list(map(joined, out))
        missing = [i for i, text in enumerate(out) if text is None]
        for i, text in zip(missing, render([findings[i] for i in missing])):
            out[i] = text
        return out


_NO_FIGURES = b'"figures": []\n    }'  # how a finding's JSON item ends when it has no figures (its last field)


def figures_json(figures: tuple) -> bytes:
    """A group's figures as they stand in a finding's JSON item (``json_items``), for ``with_figures``; b"" for
    none."""
    return b'"figures": ' + to_json(list(figures), indent=2).replace(b"\n", b"\n      ") + b"\n    }" \
        if figures else b""


def with_figures(item: bytes, figures: bytes) -> bytes:
    """The JSON item of a finding, from its item without figures and ``figures_json`` of its figures: the bytes
    ``json_items`` renders for it (tested), joined instead of rendered (a snapshot keeps each group's figures
    once)."""
    return item[:-len(_NO_FIGURES)] + figures if figures else item


def csv_text(findings: list[Finding], cache: Optional[RenderCache] = None, *, ordered: bool = False) -> str:
    """The CSV report: what ``to_frame(findings).to_csv(index=False)`` writes (tested)."""
    return csv_bytes(findings, cache, ordered=ordered).decode("utf-8")


def csv_bytes(findings: list[Finding], cache: Optional[RenderCache] = None, *, ordered: bool = False) -> bytes:
    """The CSV report in UTF-8, through the csv module (which pandas uses too) without pandas' column
    formatting: 1.6 s -> 0.9 s on 57k findings, and no pandas import on the main job's path.
    ``ordered``: the findings are in report order already (sort_findings), as when one sort serves
    both reports of a run."""
    ordered = findings if ordered else sort_findings(findings)
    lines = cache.texts(ordered, 1, csv_lines) if cache else csv_lines(ordered)
    return b"".join([_CSV_HEADER, *lines])


_CSV_HEADER = (",".join(COLUMNS) + "\n").encode()


def json_bytes(findings: list[Finding], summary: dict, cache: Optional[RenderCache] = None, *,
               ordered: bool = False, extra: Optional[dict] = None) -> bytes:
    """``{"summary": ..., "findings": [...]}`` indented by 2: the bytes pydantic's ``to_json`` writes
    for it (tested), assembled from each finding's item so that cached items are copied. ``extra``:
    keys after "findings" (the HTML report's "articles")."""
    return b"".join(json_chunks(findings, summary, cache, ordered=ordered, extra=extra))


_JSON_BATCH = 1000  # findings rendered at a time by json_chunks


def json_chunks(findings: list[Finding], summary: dict, cache: Optional[RenderCache] = None, *,
                ordered: bool = False, extra: Optional[dict] = None) -> Iterator[bytes]:
    """``json_bytes`` in pieces, a batch of findings at a time: written as they come, the JSON of 100 MB of
    news (0.4 GB: each finding repeats its group's figures) is never whole in memory."""
    ordered = findings if ordered else sort_findings(findings)
    yield to_json({"summary": summary}, indent=2)[:-2]  # without the closing "\n}"
    if not ordered:
        yield b',\n  "findings": []'
    for at in range(0, len(ordered), _JSON_BATCH):
        batch = ordered[at:at + _JSON_BATCH]
        items = cache.texts(batch, 2, json_items) if cache else json_items(batch)
        yield (b',\n  "findings": [\n' if at == 0 else b",\n") + b",\n".join(items)
    if ordered:
        yield b"\n  ]"
    for key, value in (extra or {}).items():
        yield b",\n  " + to_json(key) + b": " + to_json(value, indent=2).replace(b"\n", b"\n  ")
    yield b"\n}\n"


_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def file_of(doc: str, paths: Optional[dict[str, str]] = None) -> str:
    """The file an article is in, as the run was given it ("seeds/004.txt" for doc "004.txt", of a
    JSON Lines file "feed.jsonl:3" its "feed.jsonl"), where ``paths`` (file doc -> path) knows it: what CI
    annotations point at, relative to where numcheck ran."""
    name = doc.split(":")[0]
    path = (paths or {}).get(name, name)
    if os.path.isabs(path) and not (rel := os.path.relpath(path)).startswith(".."):
        path = rel  # a folder given by its full path: the repository's files are named from where numcheck ran
    return path[2:] if path.startswith("./") else path


def sarif_text(findings: list[Finding], rules: list, paths: Optional[dict[str, str]] = None) -> str:
    """SARIF 2.1.0, one result per finding; partialFingerprints carry numcheck's fingerprint. ``paths``: the
    run's files (doc -> path), so each location is the file's path (``file_of``)."""
    from numcheck import __version__

    def uri(doc: str) -> str:
        return file_of(doc, paths)

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
                   "helpUri": r.link if "://" in (r.link or "") else None,  # SARIF asks for an absolute URI
                   "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity.value]}}
                  for r in rules],
    }
    for r in driver["rules"]:
        if r["helpUri"] is None:
            del r["helpUri"]
    doc = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
           "runs": [{"tool": {"driver": driver}, "results": results}]}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def github_text(findings: list[Finding], paths: Optional[dict[str, str]] = None) -> str:
    """GitHub Actions workflow commands: one ::error/::warning/::notice annotation per finding, on the file's
    path (``file_of``: GitHub attaches it to the pull request's file only by its path in the repository)."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for f in sort_findings(findings):
        path = file_of(f.doc, paths)
        msg = f.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        lines.append(f"::{level[f.severity.value]} file={path},line={f.line},title=numcheck {f.rule_id}::{msg}")
    return "\n".join(lines) + ("\n" if lines else "")


def counted(n: int, noun: str) -> str:
    """"1 finding", "2 findings": a count and its noun (nouns here take an "s")."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def text_summary(findings: list[Finding], summary: dict) -> str:
    """For people: each finding with its articles, sentence, figures and why; then the counts."""
    out = []
    for f in sort_findings(findings):
        story = f"  (story {f.story}: {f.story_label})" if f.story else ""
        out.append(f"{f.doc}:{f.line}: {f.severity.value} [{f.rule_id}] {f.claim}{story}")
        out.append(f"    {f.message}")
        if f.sentence:
            sentence = f.sentence if len(f.sentence) <= 220 else f.sentence[:217] + "..."
            out.append(f"    > {sentence}")
    counts = {s: sum(1 for f in findings if f.severity.value == s) for s in ("error", "warning", "info")}
    tail = (f"{counted(summary.get('articles', 0), 'article')}, {counted(summary.get('mentions', 0), 'mention')}, "
            f"{counted(summary.get('claims', 0), 'claim')} checked by {counted(summary.get('rules', 0), 'rule')}: "
            f"{counted(len(findings), 'finding')} ({counts['error']} error, {counts['warning']} warning, "
            f"{counts['info']} info)")
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
