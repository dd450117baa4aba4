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

__version__ = "0.1.0"

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
