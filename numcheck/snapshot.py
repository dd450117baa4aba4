"""The last run's state, so that a re-run re-reads and re-checks only what changed.

Kept per run (the same paths, globs, rules and code) in one SQLite file under the cache directory:

- per file: its stat signature (size, mtime, ctime, device, inode, as git's index keeps) and what
  it yielded besides claims: its articles, mention counts, suppressions, warnings;
- per rule that works part by part (a claim group, an article; see numcheck.checks): each part's
  ranked findings, kept as their report text (CSV line, JSON item: numcheck.report.RenderCache) and
  read back from it, and the articles in the part;
- per rule that needs the whole corpus (relation, corroboration): the claims its selectors picked,
  per article (a handful: selectors name a subject and a measure).

A re-run extracts only the files whose signature changed and re-checks only the parts their
articles were or are in; every other part's findings are read back. Whole-corpus rules run again on
their kept claims and the changed articles' ones. Each write is one transaction: a crash leaves the
previous state, and a full run replaces the file whole.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
import time
from array import array
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Iterable, NamedTuple, Optional

from pydantic import BaseModel, Field, TypeAdapter
from pydantic_core import from_json, to_json

from numcheck.models import Claim, Finding, GroupFigure, Kind, LoadWarning, Qualifier, Severity, trusted
from numcheck.report import RenderCache, json_items

KEEP = 8  # snapshots of distinct runs kept in a cache directory; the oldest go first
_ABANDONED_AFTER = 3600  # seconds: a rebuild's temp file untouched that long was left by a killed run
_make_finding = trusted(Finding, set(Finding.model_fields))  # every field is in a stored item
_make_figure = trusted(GroupFigure, set(GroupFigure.model_fields))
_CLAIMS = TypeAdapter(list[Claim])


class ArticleRecord(BaseModel):
    doc: str
    path: str
    mentions: int
    claims: int
    suppressions: list[tuple[int, int, tuple[str, ...], str]] = Field(default_factory=list)
    error: str = ""


class FileRecord(BaseModel):
    """What a file yielded besides its claims, when that is more than one article's counts."""

    doc: str
    signature: tuple[int, ...]
    articles: list[ArticleRecord] = Field(default_factory=list)
    warnings: list[LoadWarning] = Field(default_factory=list)


class FileEntry(NamedTuple):
    """A file's row in the snapshot: its signature, counts and articles' docs, and its record (JSON)
    unless it is plain: one article, named as the file, with nothing to say but its counts (nearly
    every file, kept without making a FileRecord: 1 s on 100 MB)."""

    signature: tuple[int, ...]
    mentions: int
    claims: int
    docs: list[str]
    record: Optional[str]


class Known(NamedTuple):
    """A file as the last run left it: its signature, its counts, and its record unless plain."""

    signature: tuple[int, ...]
    mentions: int
    claims: int
    record: Optional[bytes]


@dataclass
class RulesState:
    """What the rules leave for the next run: {rule id: {part key: (ranked findings, docs in it)}}
    for partitioned rules, {rule id: {doc: claims picked}} for whole-corpus ones."""

    parts: dict[str, dict[str, tuple[list, set[str]]]] = field(default_factory=dict)
    selected: dict[str, dict[str, list[Claim]]] = field(default_factory=dict)
    stories: Iterable[tuple[str, str, str, str, str]] = field(default_factory=list)  # stories.Stories.iter_rows()

    def findings(self) -> list[Finding]:
        """The findings of the parts kept, ranked or not."""
        return [f for parts in self.parts.values() for found, _ in parts.values() for _, f in found]


def run_key(parts: Iterable[str]) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()[:24]


_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, ctime INTEGER, dev INTEGER,
                                  ino INTEGER, mentions INTEGER, claims INTEGER, record BLOB);
CREATE TABLE IF NOT EXISTS docs (id INTEGER PRIMARY KEY, doc TEXT NOT NULL, path TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS docs_by_path ON docs (path);
CREATE INDEX IF NOT EXISTS docs_by_doc ON docs (doc);
CREATE TABLE IF NOT EXISTS parts (id INTEGER PRIMARY KEY, rule TEXT NOT NULL, key TEXT NOT NULL,
                                  ranks BLOB, csv BLOB, json BLOB, sizes BLOB, figures BLOB, figure_of BLOB,
                                  UNIQUE (rule, key));
CREATE TABLE IF NOT EXISTS members (doc TEXT NOT NULL, part INTEGER NOT NULL, PRIMARY KEY (doc, part)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS members_by_part ON members (part);
CREATE TABLE IF NOT EXISTS selected (rule TEXT NOT NULL, doc TEXT NOT NULL, claims BLOB NOT NULL,
                                     PRIMARY KEY (rule, doc)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stories (doc TEXT PRIMARY KEY, story TEXT NOT NULL, label TEXT NOT NULL,
                                    date TEXT NOT NULL, words TEXT NOT NULL) WITHOUT ROWID;
"""


class Snapshot:
    def __init__(self, directory: Path, key: str):
        self.dir = Path(directory) / "runs"  # made by the first write
        self.path = self.dir / f"{key}.sqlite"
        self.exists = self.path.exists()
        self.db: Optional[sqlite3.Connection] = None
        if self.exists:
            try:
                self.db = _connect(self.path)
                self.db.execute("SELECT 1 FROM files LIMIT 1").fetchall()
            except sqlite3.DatabaseError:
                self.close()
                self.exists = False  # unreadable: the next full run replaces it
            else:
                os.utime(self.path)  # recently used: kept longest

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None

    # --- reading ---------------------------------------------------------------------------------

    def files(self) -> dict[str, Known]:
        rows = self.db.execute("SELECT path, size, mtime, ctime, dev, ino, mentions, claims, record FROM files")
        return {row[0]: Known(row[1:6], row[6], row[7], row[8]) for row in rows}

    def docs_of_paths(self, paths: Iterable[str]) -> set[str]:
        return set(self._in("SELECT doc FROM docs WHERE path IN ({})", list(paths)))

    def paths_of_docs(self, docs: Iterable[str]) -> set[str]:
        return set(self._in("SELECT path FROM docs WHERE doc IN ({})", list(docs)))

    def parts_of_docs(self, rule: str, docs: Iterable[str]) -> set[str]:
        # CROSS JOIN keeps SQLite's planner from walking every part of the rule for each doc.
        return set(self._in("SELECT p.key FROM members m CROSS JOIN parts p ON p.id = m.part "
                            "WHERE p.rule = ? AND m.doc IN ({})", list(docs), rule))

    def docs_of_parts(self, rule: str, keys: Iterable[str]) -> set[str]:
        return set(self._in("SELECT m.doc FROM parts p CROSS JOIN members m ON m.part = p.id "
                            "WHERE p.rule = ? AND p.key IN ({})", list(keys), rule))

    def findings(self, rule: str, texts: Optional[RenderCache] = None) -> dict[str, list]:
        """Each part's ranked findings, for parts that have any; their report text goes to ``texts``.

        A part's findings are kept as their report text, end to end (sizes: the CSV lines', then the
        JSON items'), and read back from their JSON items; ranks are pairs of integers.
        """
        rows = self.db.execute("SELECT key, ranks, csv, json, sizes, figures, figure_of FROM parts WHERE rule = ? "
                               "AND json IS NOT NULL", (rule,))
        out = {}
        for key, ranks, csv, json, sizes, figures, figure_of in rows:
            lengths = array("q", sizes)
            n = len(lengths) // 2
            groups = [tuple(map(_stored_figure, group)) for group in from_json(figures)]
            found = _stored_findings(b"[" + json + b"]", [groups[i] if i >= 0 else () for i in array("q", figure_of)])
            pairs = array("q", ranks)
            out[key] = list(zip(zip(pairs[::2], pairs[1::2]), found))
            if texts is not None:  # their JSON items: joined with their figures if asked for (RenderCache.texts)
                items = _pieces(json, lengths[n:], gap=1)
                texts.put_all(found, _pieces(csv, lengths[:n]), [(item, f.figures) for item, f in zip(items, found)])
        return out

    def stories(self) -> list[tuple[str, str, str, str, str]]:
        """Each article's story as the last run left it (numcheck.stories.Stories.rows)."""
        return self.db.execute("SELECT doc, story, label, date, words FROM stories").fetchall()

    def selected(self, rule: str) -> dict[str, list[Claim]]:
        """A whole-corpus rule's claims, per article."""
        rows = self.db.execute("SELECT doc, claims FROM selected WHERE rule = ?", (rule,))
        return {doc: _CLAIMS.validate_json(blob) for doc, blob in rows}

    def _in(self, sql: str, values: list, *first) -> Iterable:
        for chunk, marks in chunks(values):
            for (v,) in self.db.execute(sql.format(marks), (*first, *chunk)):
                yield v

    # --- writing ---------------------------------------------------------------------------------

    def rebuild(self, files: dict[str, FileEntry], state: "RulesState", texts: RenderCache) -> None:
        """Replace the whole snapshot: a new file, renamed over the old one."""
        self.close()
        self.dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".run-", suffix=".sqlite", dir=self.dir)
        os.close(fd)
        try:
            # A file no other process sees until the rename: no journal, one fsync at the end.
            db = _connect(Path(tmp), journal="OFF", synchronous="OFF")
            with db:
                self._write(db, files, state, texts)
            db.close()
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            _unlink(self.path, journal_only=True)  # a crashed run's WAL must not be replayed onto the new file
            os.replace(tmp, self.path)
        except BaseException:
            _unlink(tmp)
            raise
        self.db, self.exists = _connect(self.path), True
        _prune(self.dir)

    def update(self, files: dict[str, Optional[FileEntry]], stale: set[str], state: "RulesState",
               texts: RenderCache) -> None:
        """Replace the records of ``files`` (None: gone), the parts re-checked and the ``stale`` articles'
        kept claims, in one transaction."""
        with self.db:
            for chunk, marks in chunks(list(files)):
                self.db.execute(f"DELETE FROM files WHERE path IN ({marks})", chunk)
                self.db.execute(f"DELETE FROM docs WHERE path IN ({marks})", chunk)
            for chunk, marks in chunks(list(stale)):
                self.db.execute(f"DELETE FROM selected WHERE doc IN ({marks})", chunk)
                self.db.execute(f"DELETE FROM stories WHERE doc IN ({marks})", chunk)
            for rule, done in state.parts.items():
                for chunk, marks in chunks(list(done)):
                    self.db.execute(f"DELETE FROM members WHERE part IN (SELECT id FROM parts WHERE rule = ? "
                                    f"AND key IN ({marks}))", (rule, *chunk))
                    self.db.execute(f"DELETE FROM parts WHERE rule = ? AND key IN ({marks})", (rule, *chunk))
            self._write(self.db, {p: r for p, r in files.items() if r is not None}, state, texts)
        _prune(self.dir)  # a killed rebuild's temp file goes on re-runs too

    @staticmethod
    def _write(db: sqlite3.Connection, files: dict[str, FileEntry], state: "RulesState", texts: RenderCache) -> None:
        """``texts`` holds the CSV line of every finding in ``state`` (RenderCache.render), and the JSON item of
        those read back from the last run's snapshot."""
        db.executemany("INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       ((p, *e.signature, e.mentions, e.claims, e.record) for p, e in files.items()))
        db.executemany("INSERT INTO docs (doc, path) VALUES (?, ?)",
                       ((doc, p) for p, e in files.items() for doc in e.docs))
        db.executemany("INSERT OR REPLACE INTO selected (rule, doc, claims) VALUES (?, ?, ?)",
                       ((rule, doc, _CLAIMS.dump_json(claims)) for rule, per_doc in state.selected.items()
                        for doc, claims in per_doc.items() if claims))
        db.executemany("INSERT OR REPLACE INTO stories VALUES (?, ?, ?, ?, ?)", state.stories)
        members: list[tuple[str, int]] = []
        next_id = db.execute("SELECT coalesce(max(id), 0) + 1 FROM parts").fetchone()[0]

        def parts():  # streamed: a part's joined texts are made as SQLite takes them (peak memory)
            part = next_id
            for rule, done in state.parts.items():
                for key, (found, docs) in done.items():
                    if not docs:
                        continue
                    row: tuple = (None,) * 6
                    if found:
                        lines = [texts.get(f)[1] for _, f in found]
                        # The group's figures once, not in each of its findings' items (a group of 600
                        # figures and its 200 findings: 120,000 figures).
                        groups: dict[tuple, int] = {}  # a group's figures (by identity) -> its place
                        figure_of = array("q", [groups.setdefault(tuple(map(id, f.figures)), len(groups))
                                                if f.figures else -1 for _, f in found])
                        figures = {at: f.figures for (_, f), at in zip(found, figure_of) if at >= 0}
                        items = json_items([f.model_copy(update={"figures": ()}) for _, f in found])
                        row = (array("q", [r for rank, _ in found for r in rank]).tobytes(), b"".join(lines),
                               b",".join(items), array("q", [*map(len, lines), *map(len, items)]).tobytes(),
                               to_json([list(figures[at]) for at in range(len(groups))]), figure_of.tobytes())
                    members.extend((d, part) for d in docs)
                    yield (part, rule, key, *row)
                    part += 1

        db.executemany("INSERT INTO parts (id, rule, key, ranks, csv, json, sizes, figures, figure_of) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", parts())
        members.sort()  # in primary-key order: appended to the b-tree, not inserted all over it
        db.executemany("INSERT OR IGNORE INTO members (doc, part) VALUES (?, ?)", members)


def _stored_findings(blob: bytes, figures: list[tuple]) -> list[Finding]:
    """Findings from the JSON items this code wrote of valid Findings (a snapshot's key holds the code's
    hash), rebuilt without validating them again: 0.75 s -> 0.3 s for 62k findings on 100 MB, most of a
    re-run's reading. The items hold every field, in field order, as pydantic serialised them, but their
    figures, which a snapshot keeps once a group: ``figures`` gives each finding's. The severity is an enum
    to restore. Equal to validated ones (tested)."""
    out = []
    for fields, figs in zip(from_json(blob), figures, strict=True):
        fields["severity"] = Severity(fields["severity"])
        fields["figures"] = figs
        out.append(_make_finding(fields))
    return out


def _stored_figure(fields: dict) -> GroupFigure:
    fields["kind"] = Kind(fields["kind"])
    fields["qualifier"] = Qualifier(fields["qualifier"])
    return _make_figure(fields)


def _pieces(whole, lengths, gap: int = 0) -> list:
    """``whole`` cut into consecutive pieces of the given lengths, ``gap`` characters apart (a separator)."""
    ends = list(accumulate(n + gap for n in lengths))
    return [whole[b - gap - n:b - gap] for n, b in zip(lengths, ends)]


def _connect(path: Path, journal: str = "WAL", synchronous: str = "NORMAL") -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=30)
    db.execute(f"PRAGMA journal_mode={journal}")
    db.execute(f"PRAGMA synchronous={synchronous}")
    db.executescript(_SCHEMA)
    return db


def chunks(values: list):
    """(chunk, "?,?,...") pieces within SQLite's bound-parameter limit."""
    for i in range(0, len(values), 900):
        chunk = values[i:i + 900]
        yield chunk, ",".join("?" * len(chunk))


def _unlink(path, journal_only: bool = False) -> None:
    for suffix in ("-wal", "-shm") if journal_only else ("", "-wal", "-shm"):
        try:
            os.unlink(f"{path}{suffix}")
        except OSError:
            pass


def _prune(directory: Path) -> None:
    runs = sorted(directory.glob("[!.]*.sqlite"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in runs[KEEP:]:
        _unlink(old)
    for tmp in directory.glob(".run-*.sqlite"):  # a killed rebuild's unfinished file, unless one is under way
        try:
            if time.time() - tmp.stat().st_mtime > _ABANDONED_AFTER:
                _unlink(tmp)
        except OSError:
            pass


def clear(directory: Path) -> bool:
    runs = Path(directory) / "runs"
    found = list(runs.glob("*.sqlite*")) + list(runs.glob(".run-*")) if runs.is_dir() else []
    for p in found:
        _unlink(p)
    return bool(found)

