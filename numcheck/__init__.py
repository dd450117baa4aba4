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

# Modules setup.py compiles with mypyc, into one library (they call each other directly). `pip install
# -e .` leaves the compiled modules beside their sources, and Python would import them even after a
# source is edited: in a checkout, the finder below imports all of them from source when any source is
# newer than the compiled code; anywhere, when NUMCHECK_PURE_PYTHON is set.
COMPILED_MODULES = ("extraction", "lexicon", "trusted", "claims")
COMPILED_LIBRARY = "compiled__mypyc"  # setup.py's group_name, numcheck.compiled
_HERE = os.path.dirname(__file__)


def sources_over_compiled(directory: str = _HERE, modules: tuple[str, ...] = COMPILED_MODULES,
                          library: str = COMPILED_LIBRARY) -> bool:
    """Whether to import ``modules`` from their sources in ``directory`` rather than compiled: in a
    checkout (setup.py beside the package), when a source is newer than the newest compiled file (a
    rebuild may leave a file it did not change as it was); anywhere, when the compiled library is
    missing or NUMCHECK_PURE_PYTHON is set. False when nothing there is compiled. An installed package
    is not edited in place, and pip writes its files in no set order: their times say nothing there."""

    def times(names: tuple[str, ...]) -> list[float]:
        paths = [os.path.join(directory, name + suffix) for name in names for suffix in EXTENSION_SUFFIXES]
        return [os.stat(path).st_mtime for path in paths if os.path.exists(path)]

    loaders, compiled = times(modules), times((library,))
    if not loaders:
        return False
    if not compiled or os.environ.get("NUMCHECK_PURE_PYTHON"):
        return True  # a loader without its library cannot run
    if not os.path.exists(os.path.join(directory, os.pardir, "setup.py")):
        return False
    try:
        return max(os.stat(os.path.join(directory, name + ".py")).st_mtime for name in modules) \
            > max(loaders + compiled)
    except OSError:
        return False  # installed without its sources


class _SourceOverCompiled:
    @staticmethod
    def find_spec(name, path=None, target=None):
        package, _, module = name.rpartition(".")
        if package == __name__ and module in COMPILED_MODULES and sources_over_compiled():
            return spec_from_file_location(name, os.path.join(_HERE, module + ".py"))
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
