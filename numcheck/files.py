"""Stage 1, first half: which files to read, and the stat signature that tells an unchanged one.

Kept apart from reading (numcheck.load) and free of pydantic: the command line forks this walk
before importing the rest of numcheck, so that stat-ing 100k files runs beside the imports.
"""
from __future__ import annotations

import logging
import os
import stat
import sys
from collections.abc import Sequence
from array import array
from fnmatch import fnmatch
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, NamedTuple, Optional, Union

if TYPE_CHECKING:
    from numcheck.models import LoadWarning

__all__ = ["InputError", "SourceFile", "FileList", "find_files", "list_files", "find_files_aside", "roots",
           "SUPPORTED_EXTENSIONS"]

log = logging.getLogger("numcheck.load")

SUPPORTED_EXTENSIONS = (
    ".txt", ".md", ".markdown", ".html", ".htm", ".jsonl", ".ndjson", ".json", ".sgm", ".sgml",
)

PathLike = Union[str, os.PathLike]
WarnFn = Optional[Callable[["LoadWarning"], None]]


class InputError(Exception):
    """A fatal input problem; ``str(e)`` is one line naming the path."""


def warn(on_warning: WarnFn, path: PathLike, kind: str, message: str, line: Optional[int] = None) -> None:
    from numcheck.models import LoadWarning  # pydantic, imported when there is something to say

    emit(on_warning, LoadWarning(path=str(path), kind=kind, message=message, line=line))


def emit(on_warning: WarnFn, w: "LoadWarning") -> None:
    if on_warning is None:
        log.warning("%s", w)
    else:
        on_warning(w)


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
    """SourceFiles kept as columns (paths, docs, and the signature's five), made one by one only when
    asked: the walking child sends seven objects instead of 100k tuples, and a re-run compares the
    signatures of 100k files without making 100k SourceFiles (0.4 s -> 0.1 s on 100 MB). Signature
    columns are arrays of 64-bit integers where the values fit (sizes and times signed, devices and
    inodes unsigned): pickled as memory, not as 540k ints."""

    def __init__(self, paths: list[str], docs: list[str], *columns: Sequence[int]):
        self.paths, self.docs = paths, docs
        self._columns = tuple(_column(c, code) for c, code in zip(columns, "qqqQQ")) if columns \
            else tuple(_column([], code) for code in "qqqQQ")

    @classmethod
    def of(cls, files: list[SourceFile]) -> "FileList":
        return cls([f.path for f in files], [f.doc for f in files], *zip(*[f.signature for f in files]))

    def signatures(self) -> Iterator[tuple[int, ...]]:
        return zip(*self._columns)

    def __len__(self) -> int:
        return len(self.paths)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        path = self.paths[i]  # IndexError beyond either end
        i %= len(self.paths)
        return SourceFile(path, self.docs[i], tuple(c[i] for c in self._columns))

    def __iter__(self) -> Iterator[SourceFile]:
        return map(SourceFile, self.paths, self.docs, self.signatures())

    def __reduce__(self):  # "\0" is in no path
        return _file_list, ("\0".join(self.paths), "\0".join(self.docs), *self._columns)


def _file_list(paths: str, docs: str, *columns) -> FileList:
    return FileList(paths.split("\0") if paths else [], docs.split("\0") if docs else [], *columns)


def _column(values: Sequence[int], code: str) -> Sequence[int]:
    if isinstance(values, array) and values.typecode == code:
        return values
    try:
        return array(code, values)
    except OverflowError:  # a platform's value outside 64 bits (or a negative device number)
        return list(values)


def _walk(root: Path, include: tuple[str, ...], exclude: tuple[str, ...], on_warning: WarnFn) -> list[tuple]:
    """(doc id, path, size, mtime, ctime, device, inode) of the regular files under root, sorted by doc id.
    Symbolic links are followed, loops cut. Plain tuples: a re-run walks 100k files on its critical path."""
    found: list[tuple] = []
    seen: set[str] = set()  # real paths of visited dirs: symlink loops end here
    pending = [(str(root), "")]
    is_regular = stat.S_ISREG
    globs = bool(include or exclude)
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
            warn(on_warning, e.filename or directory, "unreadable", e.strerror or str(e))
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
                if globs:
                    if not _wanted(rel, name, include, exclude):
                        continue
                elif (dot := name.rfind(".")) <= 0 or name[dot:].lower() not in SUPPORTED_EXTENSIONS:
                    continue  # _wanted without globs, written out: it is asked of every file
                st = entry.stat()  # one stat per file: type, identity, signature
            except OSError:
                if entry.is_symlink():
                    warn(on_warning, entry.path, "unreadable", "broken symbolic link")
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
    found: list[tuple] = []
    seen: set = set()  # (device, inode) of the files listed so far, once some root repeats one
    inodes: set = set()
    ends: list[tuple[int, str]] = []  # (where each argument's files end in found, the argument)
    for arg in paths:
        p = Path(arg)
        if not p.exists():
            raise InputError(f"{arg}: no such file or directory")
        if p.is_dir():
            listed = _walk(p, include, exclude, on_warning)
        else:
            st = p.stat()
            listed = [(p.name, str(p), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_dev, st.st_ino)]
        # Inode numbers alone first (ints: cheap to hash): all distinct, nothing was reached twice.
        new_inodes = {f[6] for f in listed}
        if not seen and len(new_inodes) == len(listed) and inodes.isdisjoint(new_inodes):
            found += listed
            inodes |= new_inodes
        else:
            if not seen:
                seen = {(f[5], f[6]) for f in found}
            for f in listed:
                if (f[5], f[6]) not in seen:
                    seen.add((f[5], f[6]))
                    found.append(f)
        ends.append((len(found), str(arg)))
    if not found:
        return FileList([], [])
    if len(ends) > 1:
        found = _unique_docs(found, ends)
    docs, out_paths, *columns = map(list, zip(*found))
    return FileList(out_paths, docs, *columns)


def _unique_docs(found: list[tuple], ends: list[tuple[int, str]]) -> list[tuple]:
    """``found`` with every doc id that two arguments give ("p1/x.txt" and "p2/x.txt" are both "x.txt" under
    their folders) spelled as its path as given ("p1/x.txt", "p2/x.txt"): one id for two articles would merge
    them and lose what they disagree on. Ids no other argument gives stay as they are."""
    counts: dict[str, int] = {}
    for f in found:
        counts[f[0]] = counts.get(f[0], 0) + 1
    if all(n == 1 for n in counts.values()):
        return found
    out, start = [], 0
    for end, arg in ends:
        is_file = not os.path.isdir(arg)
        for f in found[start:end]:
            if counts[f[0]] > 1:
                f = (os.path.normpath(arg if is_file else os.path.join(arg, f[0])), *f[1:])
            out.append(f)
        start = end
    return out


def as_read(path: str) -> str:
    """A walked path as the reader spells it (``str(Path(path))``): a walk of "." lists "./a.txt",
    its articles say "a.txt"."""
    return str(Path(path)) if "./" in path or "//" in path or path.endswith("/.") else path


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
            emit(on_warning, w)
        if error is not None:
            raise InputError(error)
        return files

    return result


def _find_files_child(send, paths: list[str], include: tuple[str, ...], exclude: tuple[str, ...]) -> None:
    warnings: list["LoadWarning"] = []
    try:
        files = list_files(paths, include, exclude, on_warning=warnings.append)
    except InputError as e:
        send.send((None, warnings, str(e)))
    except Exception:  # noqa: BLE001 - the caller walks again and meets it there, with its traceback
        send.send((None, [], None))
    else:
        send.send((files, warnings, None))
    send.close()
