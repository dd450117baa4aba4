"""numcheck: find figures that disagree across news articles.

The pipeline, one module per stage:
    load (articles) -> extraction (mentions) -> claims (what each number is about)
    -> engine (YAML rules) -> report / gate.

Public API (imported lazily so that ``numcheck --help`` stays fast)::

    numcheck.extract(text)            -> list[Mention]
    numcheck.iter_articles(paths)     -> Iterator[Article]
    numcheck.check(paths)             -> CheckResult
"""
from __future__ import annotations

import importlib
import os
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from importlib.util import spec_from_file_location

__version__ = "0.1.0"

# Modules setup.py compiles with mypyc. `pip install -e .` leaves the compiled module beside its
# source, and Python would import it even after the source is edited: the finder below imports the
# source instead when it is newer than the compiled module, or when NUMCHECK_PURE_PYTHON is set.
COMPILED_MODULES = ("extraction",)
_HERE = os.path.dirname(__file__)


def source_over_compiled(directory: str, module: str) -> str | None:
    """The source file to import in place of ``module``'s compiled copy in ``directory``: when the
    source is newer (edited since it was compiled) or NUMCHECK_PURE_PYTHON is set. None when there is
    no compiled copy or it is up to date: the usual finders import it."""
    source = os.path.join(directory, module + ".py")
    try:
        # mypyc writes a small loader named as the module and the compiled code beside it
        # (module__mypyc): a rebuild may leave the loader as it was.
        compiled = [os.path.join(directory, name + suffix) for name in (module, module + "__mypyc")
                    for suffix in EXTENSION_SUFFIXES]
        compiled_time = max((os.stat(path).st_mtime for path in compiled if os.path.exists(path)), default=None)
        if compiled_time is None:
            return None
        stale = os.stat(source).st_mtime > compiled_time
    except OSError:
        return None  # installed without its sources
    return source if stale or os.environ.get("NUMCHECK_PURE_PYTHON") else None


class _SourceOverCompiled:
    @staticmethod
    def find_spec(name, path=None, target=None):
        package, _, module = name.rpartition(".")
        if package == __name__ and module in COMPILED_MODULES:
            source = source_over_compiled(_HERE, module)
            if source:
                return spec_from_file_location(name, source)
        return None


sys.meta_path.insert(0, _SourceOverCompiled)

_LAZY = {
    "extract": "numcheck.extraction",
    "iter_articles": "numcheck.load",
    "check": "numcheck.api",
    "Mention": "numcheck.models",
    "Article": "numcheck.models",
    "Claim": "numcheck.models",
    "Finding": "numcheck.models",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value  # looked up once: later calls skip this hook
        return value
    raise AttributeError(f"module 'numcheck' has no attribute {name!r}")
