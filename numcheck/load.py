"""Stage 1: load articles from files and folders.

Every file becomes zero or more ``Article``s whose ``text`` is exactly the
string later stages search for numbers in (offsets refer to it). Problems with
single files become ``LoadWarning``s and the run goes on; only a missing path
(or any warning under ``strict=True``) is fatal, as ``InputError``.
"""
from __future__ import annotations

import codecs
import html
import json
import logging
import os
import re
import stat
import sys
from collections.abc import Sequence
from datetime import datetime
from fnmatch import fnmatch
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple, Optional, Union
from urllib.parse import urlsplit

from .models import Article, LoadWarning

__all__ = ["InputError", "SourceFile", "iter_articles", "find_files", "read_file", "SUPPORTED_EXTENSIONS"]

log = logging.getLogger(__name__)

SUPPORTED_EXTENSIONS = (
    ".txt", ".md", ".markdown", ".html", ".htm", ".jsonl", ".ndjson", ".json", ".sgm", ".sgml",
)

PathLike = Union[str, os.PathLike]
WarnFn = Optional[Callable[[LoadWarning], None]]


class InputError(Exception):
    """A fatal input problem; ``str(e)`` is one line naming the path."""


# --- warnings -----------------------------------------------------------------


def _warn(on_warning: WarnFn, path: PathLike, kind: str, message: str, line: Optional[int] = None) -> None:
    _emit(on_warning, LoadWarning(path=str(path), kind=kind, message=message, line=line))


def _emit(on_warning: WarnFn, w: LoadWarning) -> None:
    if on_warning is None:
        log.warning("%s", w)
    else:
        on_warning(w)


def _raise_warning(w: LoadWarning) -> None:
    raise InputError(str(w))


# --- finding files ----------------------------------------------------------------


def _matches(rel: str, patterns: Iterable[str]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch(rel, p) or fnmatch(name, p) for p in patterns)


def _wanted(rel: str, name: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> bool:
    if exclude and _matches(rel, exclude):
        return False
    if include:
        return _matches(rel, include)
    dot = name.rfind(".")
    return dot > 0 and name[dot:].lower() in SUPPORTED_EXTENSIONS


class SourceFile(NamedTuple):
    """A file to read: its path, its doc id, and the stat signature that tells an unchanged file
    (size, mtime, ctime, device, inode: what git's index compares) without reading it."""

    path: str
    doc: str
    signature: tuple[int, int, int, int, int]


class FileList(Sequence):
    """SourceFiles kept as three columns (paths, docs, flat signatures), made one by one only when
    asked: the walking child sends three objects instead of 100k tuples, and a re-run compares the
    signatures of 100k files without making 100k SourceFiles (0.4 s -> 0.1 s on 100 MB). Signatures
    are a flat list of ints: inode numbers may not fit a signed 64-bit array, mtimes may be negative."""

    def __init__(self, paths: list[str], docs: list[str], signatures: list[int]):
        self.paths, self.docs, self._signatures = paths, docs, signatures

    @classmethod
    def of(cls, files: list[SourceFile]) -> "FileList":
        return cls([f.path for f in files], [f.doc for f in files], [v for f in files for v in f.signature])

    def signatures(self) -> Iterator[tuple[int, ...]]:
        return zip(*[iter(self._signatures)] * 5)

    def __len__(self) -> int:
        return len(self.paths)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        path = self.paths[i]  # IndexError beyond either end
        i %= len(self.paths)
        return SourceFile(path, self.docs[i], tuple(self._signatures[5 * i:5 * i + 5]))

    def __iter__(self) -> Iterator[SourceFile]:
        return map(SourceFile, self.paths, self.docs, self.signatures())

    def __reduce__(self):  # pickled as three objects: "\0" is in no path
        return _file_list, ("\0".join(self.paths), "\0".join(self.docs), self._signatures)


def _file_list(paths: str, docs: str, signatures: list[int]) -> FileList:
    return FileList(paths.split("\0") if paths else [], docs.split("\0") if docs else [], signatures)


def _walk(root: Path, include: tuple[str, ...], exclude: tuple[str, ...], on_warning: WarnFn) -> list[tuple]:
    """(doc id, path, size, mtime, ctime, device, inode) of the regular files under root, sorted by doc id.
    Symbolic links are followed, loops cut. Plain tuples: a re-run walks 100k files on its critical path."""
    found: list[tuple] = []
    seen: set[str] = set()  # real paths of visited dirs: symlink loops end here
    pending = [(str(root), "")]
    is_regular = stat.S_ISREG
    while pending:
        directory, prefix = pending.pop()
        real = os.path.realpath(directory)
        if real in seen:
            continue
        seen.add(real)
        try:
            with os.scandir(directory) as it:
                entries = list(it)
        except OSError as e:
            _warn(on_warning, e.filename or directory, "unreadable", e.strerror or str(e))
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue  # hidden: .git, .numcheck and the like are tooling, not articles
            rel = prefix + name
            try:
                if entry.is_dir():
                    if not (exclude and _matches(rel, exclude)):  # an excluded dir is pruned whole
                        pending.append((entry.path, rel + "/"))
                    continue
                if not _wanted(rel, name, include, exclude):
                    continue
                st = entry.stat()  # one stat per file: type, identity, signature
            except OSError:
                if entry.is_symlink():
                    _warn(on_warning, entry.path, "unreadable", "broken symbolic link")
                continue  # vanished since listed: nothing to read
            if is_regular(st.st_mode):
                found.append((rel, entry.path, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_dev, st.st_ino))
            # other non-regular files (FIFOs, sockets) are skipped: reading them could block
    found.sort()  # by doc id: unique under one root, so no later field is compared
    return found


def find_files(
    paths: Union[PathLike, Iterable[PathLike]],
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    on_warning: WarnFn = None,
) -> list[SourceFile]:
    """The files to read: path arguments in the order given, each folder's files sorted by doc id.

    A file named explicitly is always read, whatever its extension. A file reached twice
    (same device and inode) is listed once.
    """
    return list(list_files(paths, include, exclude, on_warning))


def list_files(
    paths: Union[PathLike, Iterable[PathLike]],
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    on_warning: WarnFn = None,
) -> FileList:
    """``find_files`` as columns (FileList), without a SourceFile per file."""
    include, exclude = tuple(include), tuple(exclude)
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    docs: list[str] = []
    out_paths: list[str] = []
    signatures: list[int] = []
    seen: set = set()
    for arg in paths:
        p = Path(arg)
        if not p.exists():
            raise InputError(f"{arg}: no such file or directory")
        if p.is_dir():
            listed = _walk(p, include, exclude, on_warning)
        else:
            st = p.stat()
            listed = [(p.name, str(p), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_dev, st.st_ino)]
        for doc, path, size, mtime, ctime, dev, ino in listed:
            if (dev, ino) not in seen:
                seen.add((dev, ino))
                docs.append(doc)
                out_paths.append(path)
                signatures += (size, mtime, ctime, dev, ino)
    return FileList(out_paths, docs, signatures)


def roots(paths: Iterable[PathLike], new: Iterable[PathLike] = ()) -> list[Path]:
    """What a check walks: its paths, and the new articles (``--new``) that lie outside them."""
    paths = [Path(p) for p in paths]
    resolved = [p.resolve() for p in paths]
    return paths + [p for p in map(Path, new) if not any(p.resolve() == r or r in p.resolve().parents
                                                           for r in resolved)]


def find_files_aside(
    paths: Iterable[PathLike], include: Iterable[str] = (), exclude: Iterable[str] = ()
) -> Callable[[WarnFn], Sequence[SourceFile]]:
    """Start ``find_files`` in a forked child and return a function that waits for its answer.

    Stat-ing 100k files takes 0.8 s, a third of a re-run; meanwhile the caller reads the last run's
    snapshot on the other core (git's preload-index stats files in parallel for the same reason).
    The returned function replays the walk's warnings through ``on_warning`` and raises its
    InputError, so the caller sees what ``find_files`` would have done. Where fork is not the
    platform's way, or this process may not have children, the walk runs when the answer is asked for.
    """
    import multiprocessing

    args = ([str(p) for p in paths], tuple(include), tuple(exclude))
    if not sys.platform.startswith("linux") or multiprocessing.current_process().daemon:
        return lambda on_warning=None: find_files(*args, on_warning=on_warning)
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_find_files_child, args=(send, *args), daemon=True)
    child.start()
    send.close()

    def result(on_warning: WarnFn = None) -> Sequence[SourceFile]:
        try:
            files, warnings, error = receive.recv()
        except EOFError:  # the child died without a word (killed): walk here instead
            files, warnings, error = None, [], None
        finally:
            receive.close()
            child.join()
        if files is None and error is None:
            return find_files(*args, on_warning=on_warning)
        for w in warnings:
            _emit(on_warning, w)
        if error is not None:
            raise InputError(error)
        return files

    return result


def _find_files_child(send, paths: list[str], include: tuple[str, ...], exclude: tuple[str, ...]) -> None:
    warnings: list[LoadWarning] = []
    try:
        files = list_files(paths, include, exclude, on_warning=warnings.append)
    except InputError as e:
        send.send((None, warnings, str(e)))
    except Exception:  # noqa: BLE001 - the caller walks again and meets it there, with its traceback
        send.send((None, [], None))
    else:
        send.send((files, warnings, None))
    send.close()


# --- decoding -------------------------------------------------------------------


def _latin1_for_unmapped(err: UnicodeDecodeError) -> tuple[str, int]:
    # cp1252 leaves 0x81 0x8D 0x8F 0x90 0x9D undefined; latin-1 maps every byte.
    return err.object[err.start : err.end].decode("latin-1"), err.end


codecs.register_error("numcheck-latin1", _latin1_for_unmapped)


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, path: Path, on_warning: WarnFn) -> Optional[str]:
    """Bytes -> text with normalized newlines, or None (after a warning) when the file is skipped."""
    utf16 = None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith(codecs.BOM_UTF16_LE):
        utf16 = "utf-16-le"
    elif data.startswith(codecs.BOM_UTF16_BE):
        utf16 = "utf-16-be"

    if utf16:
        try:
            text = data[2:].decode(utf16)
        except UnicodeDecodeError as e:
            text = data[2:].decode(utf16, errors="replace")
            _warn(on_warning, path, "encoding", f"invalid {utf16.upper()} at byte {e.start + 2}; replaced")
    elif b"\x00" in data[:8192]:
        _warn(on_warning, path, "binary", "looks binary (NUL bytes); skipped")
        return None
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            text = data.decode("cp1252", errors="numcheck-latin1")
            _warn(on_warning, path, "encoding", f"not valid UTF-8 (byte {e.start}); decoded as cp1252")

    if not text.strip():
        _warn(on_warning, path, "empty", "empty or whitespace only; skipped")
        return None
    return _newlines(text)


# --- formats ----------------------------------------------------------------------


def _str(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


_MONTH_NAME = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE_IN_TEXT = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}"
    rf"|{_MONTH_NAME}[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+\d{{4}}"
    rf"|\d{{1,2}}[ \t]+{_MONTH_NAME},?[ \t]+\d{{4}}"
    r"|\d{1,2}[ \t]*/[ \t]*\d{1,2}[ \t]*/[ \t]*\d{4}",
    re.IGNORECASE,
)


def iso_date(raw: str) -> str:
    """A publication date as ISO (YYYY-MM-DD), found in free text ("Posted July 20, 2009 | Updated",
    "Published : Dec. 19, 2005 at 9"); "" when none is found: rules treat the article as undated."""
    m = _DATE_IN_TEXT.search(raw) if raw else None
    if m is None:
        return ""
    from dateutil import parser  # pandas' own date parser; imported only when a date is there

    try:
        when = parser.parse(re.sub(r"[ \t]*/[ \t]*", "/", m.group()))
    except (ValueError, OverflowError):
        return ""
    return when.date().isoformat() if 1800 <= when.year <= 2100 else ""


def _with_title(title: str, text: str) -> str:
    # ECB+ style: the title is the first sentence and not repeated in the text.
    if title and not text.lstrip().startswith(title):
        return f"{title}\n{text}"
    return text


def _record(obj: dict, doc: str, path: Path, text: str) -> Article:
    outlet = _str(obj.get("outlet")) or _str(obj.get("source"))
    url = _str(obj.get("url"))
    if not outlet and url:
        outlet = urlsplit(url).hostname or ""
        outlet = outlet.removeprefix("www.")
    return Article(
        doc=doc,
        text=_newlines(text),
        path=str(path),
        outlet=outlet,
        title=_str(obj.get("title")),
        date=iso_date(_str(obj.get("date")) or _str(obj.get("date_publish"))),
    )


def _text_field(obj: dict) -> Optional[str]:
    for key in ("text", "body", "content"):
        if isinstance(obj.get(key), str):
            return obj[key]
    return None


def _read_jsonl(text: str, path: Path, doc: str, on_warning: WarnFn) -> list[Article]:
    out = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            _warn(on_warning, path, "json", f"invalid JSON: {e.msg} (column {e.colno}); line skipped", n)
            continue
        body = _text_field(obj) if isinstance(obj, dict) else None
        if body is None:
            _warn(on_warning, path, "json", 'no "text", "body" or "content" string field; line skipped', n)
            continue
        out.append(_record(obj, f"{doc}:{n}", path, body))
    return out


def _read_json(text: str, path: Path, doc: str) -> list[Article]:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError:
        obj = None
    if isinstance(obj, dict) and isinstance(obj.get("text"), str):
        return [_record(obj, doc, path, _with_title(_str(obj.get("title")), obj["text"]))]
    return [Article(doc=doc, text=text, path=str(path))]  # not an article object: plain text


def _read_html(text: str, path: Path, doc: str, on_warning: WarnFn) -> list[Article]:
    import trafilatura  # lazy: heavy import, only needed for HTML input

    result = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False)
    body = (result.text if result else "") or ""
    if not body.strip():
        body = trafilatura.html2txt(text) or ""  # no main content found: whole page as text
    if not body.strip():
        _warn(on_warning, path, "empty", "no text in HTML page; skipped")
        return []
    return [
        Article(
            doc=doc,
            text=_newlines(body),
            path=str(path),
            outlet=(result.sitename or "") if result else "",
            title=(result.title or "") if result else "",
            date=iso_date(result.date or "") if result else "",
        )
    ]


_SGM_RECORD = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
_SGM_NEWID = re.compile(r'\bNEWID="(\d+)"')
_SGM_TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
_SGM_DATE = re.compile(r"<DATE>(.*?)</DATE>", re.S)
_SGM_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)
# Bodies end with " Reuter\n&#3;" (also REUTER, reuter, REUTERS): a sign-off, not article text.
# Case-sensitive on purpose: a body ending "... told Reuters" keeps its last word.
_SGM_TRAILER = re.compile(r"\s*(?:\b(?:Reuter|REUTERS?|reuter))?\s*(?:&#3;|\x03)?\s*$")


def _sgm_date(raw: str) -> str:
    # " 1-MAR-1987 01:30:29.50" -> "1987-03-01"; some dates carry junk after the time.
    m = re.match(r"\s*(\d{1,2}-[A-Za-z]{3}-\d{4})", raw)
    try:
        return datetime.strptime(m.group(1), "%d-%b-%Y").date().isoformat() if m else raw.strip()
    except ValueError:
        return raw.strip()


def _read_sgm(text: str, path: Path, doc: str) -> list[Article]:
    out = []
    for m in _SGM_RECORD.finditer(text):
        attrs, rec = m.groups()
        body = _SGM_BODY.search(rec)
        if not body:
            continue  # brief / unprocessed records have no body
        newid = _SGM_NEWID.search(attrs)
        title = _SGM_TITLE.search(rec)
        date = _SGM_DATE.search(rec)
        title_s = html.unescape(title.group(1)).strip() if title else ""
        body_s = html.unescape(_SGM_TRAILER.sub("", body.group(1)))
        out.append(
            Article(
                doc=f"{doc}:{newid.group(1) if newid else m.start()}",
                text=f"{title_s}\n{body_s}" if title_s else body_s,
                path=str(path),
                outlet="Reuters",
                title=title_s,
                date=_sgm_date(date.group(1)) if date else "",
            )
        )
    return out


# --- public ------------------------------------------------------------------------


def read_file(path: Path, doc: str, on_warning: WarnFn = None, data: Optional[bytes] = None) -> list[Article]:
    """One file -> its articles (none, after a warning, if it is unreadable, binary or empty).
    ``data``: its bytes, when the caller has read them."""
    path = Path(path)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as e:  # permission, vanished since listing, is a directory...
            _warn(on_warning, path, "unreadable", e.strerror or str(e))
            return []

    ext = path.suffix.lower()
    if ext in (".sgm", ".sgml"):
        # Reuters-21578 is Latin-1 by definition: decode directly, no encoding warning.
        if not data.strip():
            _warn(on_warning, path, "empty", "empty or whitespace only; skipped")
            return []
        return _read_sgm(_newlines(data.decode("latin-1")), path, doc)

    text = _decode(data, path, on_warning)
    if text is None:
        return []
    if ext in (".html", ".htm"):
        return _read_html(text, path, doc, on_warning)
    if ext in (".jsonl", ".ndjson"):
        return _read_jsonl(text, path, doc, on_warning)
    if ext == ".json":
        return _read_json(text, path, doc)
    return [Article(doc=doc, text=text, path=str(path))]


def iter_articles(
    paths: Union[PathLike, Iterable[PathLike]],
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    on_warning: WarnFn = None,
    strict: bool = False,
) -> Iterator[Article]:
    """Articles from files and folders, in find_files order.

    Paths are checked at call time (a missing path raises InputError before any
    article is produced); files are read lazily as the iterator is consumed.
    """
    warn = _raise_warning if strict else on_warning
    files = find_files(paths, include, exclude, warn)

    def gen() -> Iterator[Article]:
        for path, doc, _ in files:
            yield from read_file(path, doc, warn)

    return gen()
