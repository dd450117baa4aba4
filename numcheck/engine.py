"""Running extract + key over many files: streaming, in parallel, cached, or on a Dask cluster.

The unit of work is one file: read it, extract every article's mentions, key
its claims, find its suppression directives. Article texts are dropped as soon
as a file is done; only claims travel on. Results are cached in SQLite under
the cache directory, keyed by the file's content hash, the extractor version
and the pack settings that shape claims, so a changed extractor or pack never
serves stale results.
"""
from __future__ import annotations

import functools
import hashlib
import os
import sqlite3
import sys
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple, Optional

from pydantic import BaseModel, Field
from pydantic_core import from_json, to_json

from numcheck import gate
from numcheck.claims import Keying, key_claims
from numcheck.files import as_read
from numcheck.load import SourceFile, read_file
from numcheck.models import Claim, Kind, LoadWarning, Mention, Qualifier, trusted
from numcheck.snapshot import chunks
from numcheck.stories import story_terms

DEFAULT_CACHE_DIR = ".numcheck"
# The modules whose code shapes a FileResult: any edit to them is a new extractor version.
RESULT_MODULES = ("extraction.py", "lexicon.py", "trusted.py", "claims.py", "files.py", "load.py", "gate.py", "models.py",
                  "engine.py", "stories.py", "currencies_cldr.py")


class ArticleResult(BaseModel):
    doc: str
    path: str
    mentions: int
    claims: list[Claim]
    suppressions: list[tuple[int, int, tuple[str, ...], str]] = Field(default_factory=list)
    error: str = Field("", description="a malformed directive: raised in the main process, in file order")
    date: str = ""
    terms: str = Field("", description="what story grouping reads of it (numcheck.stories.story_terms)")


class FileResult(BaseModel):
    """What one file yields: its articles' claims, and the warnings reading it raised."""

    articles: list[ArticleResult] = Field(default_factory=list)
    warnings: list[LoadWarning] = Field(default_factory=list)


def analyse_file(path: str, doc: str, keying: Keying, data: Optional[bytes] = None) -> FileResult:
    """Read (unless its bytes are given), extract and key one file."""
    from numcheck.extraction import extract_claimable  # here: a re-run with nothing changed needs none of it

    warnings: list[LoadWarning] = []
    out = FileResult()
    for article in read_file(Path(path), doc, on_warning=warnings.append, data=data):
        mentions, n_mentions = extract_claimable(article.text, article.doc)
        result = ArticleResult(doc=article.doc, path=article.path, mentions=n_mentions,
                               claims=key_claims(article, mentions, keying), date=article.date,
                               terms=story_terms(article, mentions))
        try:
            result.suppressions = [(s.line, s.covers, s.rule_ids, s.reason) for s in gate.suppressions(article)]
        except gate.GateError as e:
            result.error = str(e)
        out.articles.append(result)
    out.warnings = warnings  # after reading: the model holds a copy of any list it is given
    return out


# --- the cache ---------------------------------------------------------------------------------

class Cache:
    """SQLite store of FileResults. Writes go in transactions: a crash leaves it consistent."""

    def __init__(self, directory: Path, salt: str):
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / "cache.sqlite"
        self.salt = salt
        self.db = sqlite3.connect(self.path, timeout=30)
        # A rollback journal: a first run appends ~2 KB per file (240 MB on 100 MB of news), which WAL
        # writes twice (the log, then the checkpoint): 4.9 s -> 3.8 s of the main process's time. FULL:
        # each batch's commit survives a crash or a power cut as a whole or not at all.
        self.db.execute("PRAGMA journal_mode=TRUNCATE")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
        self.db.execute("CREATE TABLE IF NOT EXISTS salts (salt TEXT PRIMARY KEY)")  # versions that wrote here
        self.db.commit()

    def may_hold(self) -> bool:
        """Whether this version ever wrote here: else no file can be a hit, and none is hashed up front."""
        return self.db.execute("SELECT 1 FROM salts WHERE salt = ?", (self.salt,)).fetchone() is not None

    def get_many(self, keys: list[str]) -> dict[str, bytes]:
        """The encoded results among ``keys`` (``decode`` reads them)."""
        found: dict[str, bytes] = {}
        for chunk, marks in chunks(keys):
            found.update(self.db.execute(f"SELECT key, value FROM results WHERE key IN ({marks})", chunk))
        return found

    def put_many(self, items: list[tuple[str, bytes]]) -> None:
        """(key, FileResult JSON) pairs, in one transaction."""
        with self.db:
            self.db.execute("INSERT OR IGNORE INTO salts (salt) VALUES (?)", (self.salt,))
            self.db.executemany("INSERT OR REPLACE INTO results (key, value) VALUES (?, ?)", items)

    def close(self) -> None:
        self.db.close()


def clear_cache(directory: Path) -> bool:
    """Delete the extraction cache and the runs' snapshots (numcheck.snapshot)."""
    from numcheck import snapshot

    removed = snapshot.clear(directory)
    for name in ("cache.sqlite", "cache.sqlite-journal", "cache.sqlite-wal", "cache.sqlite-shm"):
        p = Path(directory) / name
        if p.exists():
            p.unlink()
            removed = True
    return removed


def extractor_version(files: Iterable[Path] = ()) -> str:
    """Hash of the code that makes a FileResult (and of quantulum3's version): a hand-bumped number gets forgotten."""
    files = tuple(files)
    return _hash_files(files) if files else _own_version()


@functools.lru_cache(maxsize=1)  # asked for each batch of files a run reads; numcheck's code does not change mid-run
def _own_version() -> str:
    return _hash_files(tuple(Path(__file__).with_name(name) for name in RESULT_MODULES))


def _hash_files(files: tuple[Path, ...]) -> str:
    from importlib.metadata import version

    h = hashlib.sha256(version("quantulum3").encode())
    for f in files:
        h.update(Path(f).read_bytes())
    return h.hexdigest()[:16]


def cache_salt(keying: Keying) -> str:
    """Anything that changes a file's result: the extractor's code, the pack's keying settings."""
    settings = repr((sorted(keying.aliases.items()), sorted(keying.measures.items()), sorted(keying.not_subjects)))
    return f"{extractor_version()}|{hashlib.sha256(settings.encode()).hexdigest()}"


# --- a FileResult on the wire and in the cache ---------------------------------------------------

_make_claim = trusted(Claim, set(Claim.model_fields))  # every field is set: one shared fields-set
_make_mention = trusted(Mention, set(Mention.model_fields))
_make_article = trusted(ArticleResult, set(ArticleResult.model_fields))
_make_file_result = trusted(FileResult, set(FileResult.model_fields))
_KINDS = {k.value: k for k in Kind}
_QUALIFIERS = {q.value: q for q in Qualifier}


def encode(result: FileResult, path: str) -> bytes:
    """The FileResult of the file at ``path`` as compact JSON: each claim an array, each article's
    sentences written once, the file's path once.

    What the workers send and the cache keeps: half the bytes of the models' own JSON, and read back
    (``decode``) without validating again, for the code that reads it is the code that wrote it (the
    cache's key holds that code's version).
    """
    articles = []
    for a in result.articles:
        sentences: dict[str, int] = {}
        rows = []
        for c in a.claims:
            m = c.mention
            rows.append((m.line, m.col, m.start, m.end, m.surface, m.kind.value, m.value, m.unit, m.qualifier.value,
                         m.low, m.high, m.per, m.step, m.change, sentences.setdefault(m.sentence, len(sentences)),
                         m.doc, c.subjects, c.measure, c.dimension, c.outlet, c.date, c.before, c.after, c.role,
                         c.person, c.alongside))
        articles.append((a.doc, a.path, a.mentions, a.suppressions, a.error, list(sentences), rows, a.date, a.terms))
    return to_json((as_read(path), articles, [w.model_dump() for w in result.warnings]))


def decode(data: bytes, path: str) -> FileResult:
    """``encode``'s FileResult back, for the file now at ``path``: the cache holds a file's result by
    its content and doc id, and the same file may have been read from elsewhere (another checkout).

    Its claims, articles and the result itself are built as validation would build them (tested), without
    validating again, sharing what claims repeat: the corpus's claims are what a run holds in memory. One doc name, unit, measure, sentence and precision
    object each, and one fields-set for all models, instead of a copy per claim."""
    read_at, articles, warnings = from_json(data)
    intern = sys.intern
    steps: dict = {}  # one object for each precision (a few powers of ten), and a bound equal to the value is the value
    here = {read_at: as_read(path)}
    made = []
    for doc, article_path, n_mentions, suppressions, error, sentences, rows, date, terms in articles:
        doc = intern(doc)
        claims = []
        for (line, col, start, end, surface, kind, value, unit, qualifier, low, high, per, step, change, sentence,
             m_doc, subjects, measure, dimension, outlet, date, before, after, role, person, alongside) in rows:
            mention = _make_mention({
                "doc": doc if m_doc == doc else m_doc, "line": line, "col": col, "start": start, "end": end,
                "surface": surface, "kind": _KINDS[kind], "value": value, "unit": intern(unit),
                "qualifier": _QUALIFIERS[qualifier], "low": value if low == value else low,
                "high": value if high == value else high, "per": per, "step": steps.setdefault(step, step),
                "change": change, "sentence": sentences[sentence]})
            claims.append(_make_claim({"mention": mention, "subjects": tuple(map(intern, subjects)),
                                       "measure": intern(measure), "dimension": intern(dimension),
                                       "outlet": outlet, "date": date, "before": before, "after": after,
                                       "role": intern(role), "person": person, "alongside": alongside, "story": "",
                                       "story_label": ""}))
        made.append(_make_article({"doc": doc, "path": here.get(article_path, article_path), "mentions": n_mentions,
                                   "claims": claims, "suppressions": [(line, covers, tuple(rule_ids), reason)
                                                                      for line, covers, rule_ids, reason in suppressions],
                                   "error": error, "date": date, "terms": terms}))
    return _make_file_result({"articles": made, "warnings": [LoadWarning(**{**w, "path": here.get(w["path"], w["path"])})
                                                             for w in warnings]})


# --- every mention of a file: what `numcheck extract` lists -------------------------------------

MENTION_COLUMNS = ("doc", "line", "col", "start", "end", "surface", "kind", "value", "unit", "qualifier", "low",
                   "high", "per", "step", "sentence", "change")


class MentionRows(NamedTuple):
    """A file's mentions as rows of MENTION_COLUMNS' values, and the warnings reading it raised."""

    rows: list[list]
    warnings: list[LoadWarning]


def work_mentions(path: str, doc: str, salt: str) -> tuple[str, bytes]:
    """(content key, or "" without a salt; the file's mentions as compact JSON): each article's
    sentences written once, the rows without them."""
    key, found = _found_mentions(path, doc, salt)
    return key, to_json(found)


def work_mention_csv(path: str, doc: str, salt: str) -> tuple[str, object]:
    """``work_mentions``, or without a salt (nothing to cache) the file's CSV lines at once (MentionRows):
    ``decode_mentions_csv`` takes either."""
    key, found = _found_mentions(path, doc, salt)
    return (key, to_json(found)) if key else ("", _csv_rows(found, path))


def _found_mentions(path: str, doc: str, salt: str) -> tuple[str, tuple]:
    """(content key; (where the file was read, [(doc, sentences, rows)] of its articles, its warnings))."""
    from numcheck.extraction import extract

    data, key = _keyed_bytes(path, doc, salt)
    warnings: list[LoadWarning] = []
    articles = []
    for article in read_file(Path(path), doc, on_warning=warnings.append, data=data):
        sentences: dict[str, int] = {}
        rows = [(m.line, m.col, m.start, m.end, m.surface, m.kind.value, m.value, m.unit, m.qualifier.value, m.low,
                 m.high, m.per, m.step, sentences.setdefault(m.sentence, len(sentences)), m.change)
                for m in extract(article.text, article.doc)]
        articles.append((article.doc, list(sentences), rows))
    return key, (as_read(path), articles, [w.model_dump() for w in warnings])


def _mention_rows(found: tuple, path: str) -> MentionRows:
    """``_found_mentions``'s rows, each with its doc and sentence, and warnings, for the file now at ``path``."""
    read_at, articles, warnings = found
    here = {read_at: as_read(path)}
    return MentionRows([[doc, *row[:13], sentences[row[13]], row[14]] for doc, sentences, article_rows in articles
                        for row in article_rows],
                       [LoadWarning(**{**w, "path": here.get(w["path"], w["path"])}) for w in warnings])


def decode_mentions(data: bytes, path: str) -> MentionRows:
    """``work_mentions``'s rows back, for the file now at ``path``."""
    return _mention_rows(from_json(data), path)


def decode_mentions_csv(data, path: str) -> MentionRows:
    """``work_mentions``'s rows back as CSV lines (one str in ``rows``), as ``numcheck extract`` writes them;
    ``work_mention_csv``'s lines as they are."""
    return data if isinstance(data, MentionRows) else _csv_rows(from_json(data), path)


def _csv_rows(found: tuple, path: str) -> MentionRows:
    from numcheck.report import mention_csv

    rows, warnings = _mention_rows(found, path)
    return MentionRows(mention_csv(rows), warnings)


def mentions(files: list[SourceFile], *, jobs: Optional[int] = None, cache_dir: Optional[Path] = None,
             engine: str = "local", scheduler: Optional[str] = None, progress: bool = False,
             csv: bool = False) -> Iterator[MentionRows]:
    """Each file's mentions (MentionRows) in file order, as soon as they are there: ``run``'s engine
    (processes or Dask, the cache) doing ``extract`` instead of extract + key. ``csv``: each file's rows as
    its CSV lines (one str), written where the file is read: formatting a folder's rows in the main
    process alone took longer than reading them on all cores."""
    salt = f"mentions|{extractor_version()}"
    task = _Task(work_mention_csv, (), salt, decode_mentions_csv, True) if csv else \
        _Task(work_mentions, (), salt, decode_mentions)
    return _run(files, task, jobs=jobs, cache_dir=cache_dir, engine=engine, scheduler=scheduler, progress=progress)


# --- running -------------------------------------------------------------------------------------

def content_key(salt: str, data: bytes, doc: str) -> str:
    """A file's key in the cache: its bytes, its doc id and the version of what reads them."""
    return hashlib.sha256(salt.encode() + b"\0" + doc.encode() + b"\0" + data).hexdigest()


def work(path: str, doc: str, keying: Keying, salt: str) -> tuple[str, bytes]:
    """(content key, or "" without a salt or bytes; ``encode``d FileResult) of one file: read once.

    JSON, not pickle: the cache's bytes are read back without running anything they hold.
    """
    data, key = _keyed_bytes(path, doc, salt)
    return key, encode(analyse_file(path, doc, keying, data), path)


def _keyed_bytes(path: str, doc: str, salt: str) -> tuple[Optional[bytes], str]:
    """A file's bytes (None when unreadable) and its content key ("" without a salt or bytes)."""
    data = _bytes_of(path)
    return data, content_key(salt, data, doc) if salt and data is not None else ""


def _bytes_of(path: str) -> Optional[bytes]:
    """A file's bytes, or None when it cannot be read (analyse_file reads again and reports why)."""
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError:
        return None


_WORKER: tuple = ()  # (work function, its arguments after path and doc), set in each pool process


def _init_worker(fn, decode, args: tuple) -> None:
    global _WORKER
    _WORKER = (fn, decode, args)


def _work(item: tuple[int, str, str]) -> tuple:
    index, path, doc = item
    fn, decode, args = _WORKER
    return index, *_produce(fn, decode, path, doc, *args)


def _produce(fn, decode, path: str, doc: str, *args) -> tuple[str, bytes, object]:
    """``fn``'s (cache key, bytes) for one file and, with ``decode``, the result read back where it was made
    (its bytes then travel only when the cache keeps them)."""
    key, data = fn(path, doc, *args)
    if decode is None:
        return key, data, None
    return key, data if key else b"", decode(data, path)


class _Task(NamedTuple):
    """One kind of per-file work: ``work(path, doc, *args, salt)`` gives (cache key, or "" when the salt is "";
    bytes), ``decode(bytes, path)`` reads them back; ``salt`` keys its cache entries (the code and
    settings that make them). ``decode_where_made``: the processes that make the bytes read them back
    too, sparing the main process (where reading back is most of the work: ``extract``'s CSV)."""

    work: Callable
    args: tuple
    salt: str
    decode: Callable
    decode_where_made: bool = False


def run(files: list[SourceFile], keying: Keying, *, jobs: Optional[int] = None,
        cache_dir: Optional[Path] = None, engine: str = "local", scheduler: Optional[str] = None,
        progress: bool = False) -> Iterator[FileResult]:
    """FileResults in file order. Cached files are read back; the rest run on ``jobs`` processes or Dask."""
    salt = cache_salt(keying)
    return _run(files, _Task(work, (keying,), salt, decode), jobs=jobs, cache_dir=cache_dir, engine=engine,
                scheduler=scheduler, progress=progress)


def _run(files: list[SourceFile], task: _Task, *, jobs: Optional[int] = None, cache_dir: Optional[Path] = None,
         engine: str = "local", scheduler: Optional[str] = None, progress: bool = False) -> Iterator:
    """The task's results in file order, each yielded as soon as it and those before it are there:
    cached files are read back, the rest run on ``jobs`` processes or Dask."""
    cache = Cache(Path(cache_dir), task.salt) if cache_dir else None
    try:
        results: dict[int, object] = {}
        if cache is not None and cache.may_hold():
            keys: dict[int, str] = {}
            for i, (path, doc, _) in enumerate(files):
                if (data := _bytes_of(path)) is not None:
                    keys[i] = content_key(cache.salt, data, doc)
            hits = cache.get_many(list(set(keys.values())))  # two files of one doc id and content share a key
            for i, key in keys.items():
                if key in hits:
                    try:
                        results[i] = task.decode(hits[key], files[i].path)
                    except (ValueError, TypeError, KeyError, IndexError):
                        pass  # not what this version writes: computed again
        todo = [(i, path, doc) for i, (path, doc, _) in enumerate(files) if i not in results]
        bar = _progress(len(files), progress, initial=len(results))
        fresh: list[tuple[str, bytes]] = []
        args = (*task.args, cache.salt if cache is not None else "")  # files are keyed where they are read
        ready, left = 0, len(todo)  # results before index ``ready`` have been yielded; files still to compute
        decode = task.decode if task.decode_where_made else None
        for i, key, data, made in _compute(todo, task.work, args, jobs, engine, scheduler, decode):
            results[i] = made if decode is not None else task.decode(data, files[i].path)
            left -= 1
            if key:
                fresh.append((key, data))
            if cache is not None and len(fresh) >= 5000:
                cache.put_many(fresh)
                fresh = []
            if bar is not None:
                bar.update(1)
            if left:
                while ready in results:
                    yield results.pop(ready)
                    ready += 1
        # Stored before the last results are yielded: a reader may stop there (zip), never resuming this.
        if cache is not None and fresh:
            cache.put_many(fresh)
        if bar is not None:
            bar.close()
        for i in range(ready, len(files)):
            yield results.pop(i)
    finally:
        if cache is not None:
            cache.close()


def _compute(todo, fn, args, jobs, engine, scheduler, decode=None) -> Iterable[tuple[int, str, bytes, object]]:
    """(index, content key, bytes, ``decode(bytes, path)`` or None) of ``fn(path, doc, *args)`` for each file
    of ``todo``, in any order."""
    if not todo:
        return
    if engine == "dask":
        yield from _compute_dask(todo, fn, args, scheduler, decode)
        return
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(todo) < 4:
        for i, path, doc in todo:
            yield i, *_produce(fn, decode, path, doc, *args)
        return
    import multiprocessing

    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(fn, decode, args)) as pool:
        yield from pool.imap_unordered(_work, todo, chunksize=max(1, min(64, len(todo) // (jobs * 8))))


def _compute_dask(todo, fn, args, scheduler, decode=None) -> Iterable[tuple[int, str, bytes, object]]:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise RuntimeError("--engine dask needs the dask extra: pip install 'numcheck[dask]'") from None
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        shared = [client.scatter(a, broadcast=True) for a in args]
        futures = {client.submit(_produce, fn, decode, path, doc, *shared, pure=False): i for i, path, doc in todo}
        for future in as_completed(futures):
            yield futures[future], *future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _progress(total: int, enabled: bool, initial: int = 0):
    if not enabled or total < 50 or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, initial=initial, unit="file", file=sys.stderr, leave=False)
