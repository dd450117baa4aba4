"""Build hook: compile the extractor (numcheck/extraction.py) with mypyc, which runs the same code
about 1.4x faster; where it cannot (no C compiler, or NUMCHECK_PURE_PYTHON set) numcheck installs as
pure Python and behaves the same. Everything else is declared in pyproject.toml."""
import os

from setuptools import setup

# Only the extractor: it is where the time goes (per number, on every article). One module alone, so
# an edited source never runs beside a stale compiled copy of a module it calls (see numcheck/__init__).
COMPILED = ["numcheck/extraction.py"]


def compiled_extensions() -> list:
    if os.environ.get("NUMCHECK_PURE_PYTHON"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:  # built without the build requirements (--no-build-isolation)
        return []
    # pydantic and quantulum3 are not in the build environment: their types are Any to mypyc.
    extensions = mypycify(["--ignore-missing-imports", "--follow-imports=silent", *COMPILED], opt_level="3")
    for extension in extensions:
        extension.optional = True  # a failed compile installs the pure-Python module instead
    return extensions


setup(ext_modules=compiled_extensions())
