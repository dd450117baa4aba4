"""Running extract + key over many files: streaming, in parallel, cached, or on a Dask cluster.

The unit of work is one file: read it, extract every article's mentions, key
its claims, find its suppression directives. Article texts are dropped as soon
as a file is done; only claims travel on. Results are cached in SQLite under
the cache directory, keyed by the file's content hash, the extractor version
and the pack settings that shape claims, so a changed extractor or pack never
serves stale results.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
from contextlib import closing
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from pydantic import BaseModel, Field

from numcheck import gate
from numcheck.claims import Keying, key_claims
from numcheck.extraction import EXTRACTOR_VERSION, extract
from numcheck.load import read_file
from numcheck.models import Claim, LoadWarning

CACHE_SCHEMA = "1"
DEFAULT_CACHE_DIR = ".numcheck"


class ArticleResult(BaseModel):
    doc: str
    path: str
    mentions: int
    claims: list[Claim]
    suppressions: list[tuple[int, int, tuple[str, ...], str]] = Field(default_factory=list)
    error: str = Field("", description="a malformed directive: raised in the main process, in file order")


class FileResult(BaseModel):
    """What one file yields: its articles' claims, and the warnings reading it raised."""

    articles: list[ArticleResult] = Field(default_factory=list)
    warnings: list[LoadWarning] = Field(default_factory=list)


def analyse_file(path: str, doc: str, keying: Keying) -> FileResult:
    warnings: list[LoadWarning] = []
    out = FileResult(warnings=warnings)
    for article in read_file(Path(path), doc, on_warning=warnings.append):
        mentions = extract(article.text, article.doc)
        result = ArticleResult(doc=article.doc, path=article.path, mentions=len(mentions),
                               claims=key_claims(article, mentions, keying))
        try:
            result.suppressions = [(s.line, s.covers, s.rule_ids, s.reason) for s in gate.suppressions(article)]
        except gate.GateError as e:
            result.error = str(e)
        out.articles.append(result)
    return out


# --- the cache ---------------------------------------------------------------------------------

class Cache:
    """SQLite store of FileResults. Writes go in transactions: a crash leaves it consistent."""

    def __init__(self, directory: Path, salt: str):
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / "cache.sqlite"
        self.salt = salt
        self.db = sqlite3.connect(self.path, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
        self.db.commit()

    def key(self, data: bytes, doc: str) -> str:
        return hashlib.sha256(self.salt.encode() + b"\0" + doc.encode() + b"\0" + data).hexdigest()

    def get(self, key: str) -> Optional[FileResult]:
        row = self.db.execute("SELECT value FROM results WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            return FileResult.model_validate_json(row[0])
        except ValueError:
            return None  # written by another version: recompute

    def put_many(self, items: list[tuple[str, FileResult]]) -> None:
        with self.db:  # one transaction
            self.db.executemany("INSERT OR REPLACE INTO results (key, value) VALUES (?, ?)",
                                [(k, r.model_dump_json()) for k, r in items])

    def close(self) -> None:
        self.db.close()


def clear_cache(directory: Path) -> bool:
    removed = False
    for name in ("cache.sqlite", "cache.sqlite-wal", "cache.sqlite-shm"):
        p = Path(directory) / name
        if p.exists():
            p.unlink()
            removed = True
    return removed


def cache_salt(keying: Keying) -> str:
    """Anything that changes a file's result: extractor, cache layout, the pack's keying settings."""
    settings = repr((sorted(keying.aliases.items()), sorted(keying.measures.items()), sorted(keying.not_subjects)))
    return f"{EXTRACTOR_VERSION}|{CACHE_SCHEMA}|{hashlib.sha256(settings.encode()).hexdigest()}"


# --- running -------------------------------------------------------------------------------------

_WORKER_KEYING: Optional[Keying] = None


def _init_worker(keying: Keying) -> None:
    global _WORKER_KEYING
    _WORKER_KEYING = keying


def _work(item: tuple[int, str, str]) -> tuple[int, FileResult]:
    index, path, doc = item
    return index, analyse_file(path, doc, _WORKER_KEYING)


def _dask_work(path: str, doc: str, keying: Keying) -> str:
    return analyse_file(path, doc, keying).model_dump_json()


def run(files: list[tuple[Path, str]], keying: Keying, *, jobs: Optional[int] = None,
        cache_dir: Optional[Path] = None, engine: str = "local", scheduler: Optional[str] = None,
        progress: bool = False) -> Iterator[FileResult]:
    """FileResults in file order. Cached files are read back; the rest run on ``jobs`` processes or Dask."""
    cache = Cache(Path(cache_dir), cache_salt(keying)) if cache_dir else None
    try:
        results: dict[int, FileResult] = {}
        todo: list[tuple[int, str, str]] = []
        keys: dict[int, str] = {}
        for i, (path, doc) in enumerate(files):
            if cache is not None:
                try:
                    data = Path(path).read_bytes()
                except OSError:
                    data = None  # analyse_file reports it
                if data is not None:
                    keys[i] = cache.key(data, doc)
                    hit = cache.get(keys[i])
                    if hit is not None:
                        results[i] = hit
                        continue
            todo.append((i, str(path), doc))
        bar = _progress(len(files), progress, initial=len(results))
        fresh: list[tuple[str, FileResult]] = []
        for i, result in _compute(todo, keying, jobs, engine, scheduler):
            results[i] = result
            if cache is not None and i in keys:
                fresh.append((keys[i], result))
                if len(fresh) >= 500:
                    cache.put_many(fresh)
                    fresh = []
            if bar is not None:
                bar.update(1)
        if cache is not None and fresh:
            cache.put_many(fresh)
        if bar is not None:
            bar.close()
        for i in range(len(files)):
            yield results.pop(i)
    finally:
        if cache is not None:
            cache.close()


def _compute(todo, keying, jobs, engine, scheduler) -> Iterable[tuple[int, FileResult]]:
    if not todo:
        return
    if engine == "dask":
        yield from _compute_dask(todo, keying, scheduler)
        return
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(todo) < 4:
        for i, path, doc in todo:
            yield i, analyse_file(path, doc, keying)
        return
    import multiprocessing

    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(keying,)) as pool:
        yield from pool.imap_unordered(_work, todo, chunksize=max(1, min(64, len(todo) // (jobs * 8))))


def _compute_dask(todo, keying, scheduler) -> Iterable[tuple[int, FileResult]]:
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
        keying_future = client.scatter(keying, broadcast=True)
        futures = {client.submit(_dask_work, path, doc, keying_future, pure=False): i for i, path, doc in todo}
        for future in as_completed(futures):
            yield futures[future], FileResult.model_validate_json(future.result())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _progress(total: int, enabled: bool, initial: int = 0):
    if not enabled or total < 50 or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, initial=initial, unit="file", file=sys.stderr, leave=False)
