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
import re
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union
from urllib.parse import urlsplit

# Finding the files lives in numcheck.files (no pydantic there: the command line forks the walk first).
from .files import SUPPORTED_EXTENSIONS, InputError, PathLike, SourceFile, find_files  # noqa: F401 (API)
from .files import warn as _warn
from .models import Article, LoadWarning

__all__ = ["InputError", "SourceFile", "iter_articles", "find_files", "read_file", "SUPPORTED_EXTENSIONS"]

log = logging.getLogger(__name__)

WarnFn = Optional[Callable[[LoadWarning], None]]


# --- warnings -----------------------------------------------------------------


def raise_warning(w: LoadWarning) -> None:
    raise InputError(w.as_error())


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


def _surrogates_replaced(obj: dict) -> bool:
    """Lone surrogates (JSON "\\ud800" escapes with no pair) in the fields an article takes, replaced
    by U+FFFD in place: no UTF-8 can hold them, and the report and cache must. True if any was."""
    replaced = False
    for key in ("text", "body", "content", "title", "outlet", "source", "url", "date", "date_publish"):
        value = obj.get(key)
        if isinstance(value, str) and not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                obj[key] = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
                replaced = True
    return replaced


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
        if _surrogates_replaced(obj):
            _warn(on_warning, path, "encoding", "unpaired surrogate escape (\\ud800-\\udfff) replaced by U+FFFD", n)
            body = _text_field(obj)
        out.append(_record(obj, f"{doc}:{n}", path, body))
    return out


def _read_json(text: str, path: Path, doc: str, on_warning: WarnFn) -> list[Article]:
    """One article object ({"title", "text" (or "body", "content"), "date", ...}), or a list of them (each
    ``doc:N``, N from 1, as a JSON Lines file's lines). Anything else is warned and skipped, never read as
    prose: a truncated file's braces and quotes are no article."""
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        _warn(on_warning, path, "json", f"invalid JSON: {e.msg} (column {e.colno}); file skipped", e.lineno)
        return []
    if isinstance(obj, list):
        out = []
        for n, item in enumerate(obj, 1):
            article = _json_article(item, f"{doc}:{n}", path, on_warning, f"item {n}")
            if article is not None:
                out.append(article)
        return out
    article = _json_article(obj, doc, path, on_warning, "file")
    return [article] if article is not None else []


def _json_article(obj, doc: str, path: Path, on_warning: WarnFn, what: str) -> Optional[Article]:
    body = _text_field(obj) if isinstance(obj, dict) else None
    if body is None:
        _warn(on_warning, path, "json", f'no "text", "body" or "content" string field; {what} skipped')
        return None
    if _surrogates_replaced(obj):
        _warn(on_warning, path, "encoding", f"unpaired surrogate escape (\\ud800-\\udfff) replaced by U+FFFD ({what})")
        body = _text_field(obj)
    return _record(obj, doc, path, _with_title(_str(obj.get("title")), body))


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
        articles = _read_html(text, path, doc, on_warning)
    elif ext in (".jsonl", ".ndjson"):
        articles = _read_jsonl(text, path, doc, on_warning)
    elif ext == ".json":
        articles = _read_json(text, path, doc, on_warning)
    else:
        articles = [Article(doc=doc, text=text, path=str(path))]
    named = name_date(path.name)
    return [a if a.date or not named else a.model_copy(update={"date": named}) for a in articles]


# A date in a file's name: wire archives name each story by its day (APW19990707.0181, NYT19980612.0403), and
# newsrooms' exports often do too ("2024-05-01-storm.txt").
_NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)([-_]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)")


def name_date(name: str) -> str:
    """The ISO date a file's name gives (YYYYMMDD, YYYY-MM-DD or YYYY_MM_DD, not within a longer number), or
    "": an article that states no date of its own (no JSON field, no HTML meta) is dated by it."""
    m = _NAME_DATE.search(name)
    if m is None:
        return ""
    try:
        return datetime(int(m.group(1)), int(m.group(3)), int(m.group(4))).date().isoformat()
    except ValueError:  # 31 June
        return ""


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
    warn = raise_warning if strict else on_warning
    files = find_files(paths, include, exclude, warn)

    def gen() -> Iterator[Article]:
        for path, doc, _ in files:
            yield from read_file(path, doc, warn)

    return gen()
