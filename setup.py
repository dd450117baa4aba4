"""Build hook: compile the extractor (numcheck/extraction.py, the word lists it calls in
numcheck/lexicon.py, and the maker of its Mentions in numcheck/trusted.py) and the keying
(numcheck/claims.py) with mypyc, which runs the same code about 1.7x (extractor) and 1.25x (keying)
faster; where it cannot (no C compiler, or NUMCHECK_PURE_PYTHON set) numcheck
installs as pure Python and behaves the same. Everything else is declared in pyproject.toml."""
import os

from setuptools import setup

# The extractor and the keying: where the time goes (per number, on every article). numcheck/__init__.py
# lists the same modules (COMPILED_MODULES, COMPILED_LIBRARY) to import their sources once edited.
COMPILED = ["numcheck/extraction.py", "numcheck/lexicon.py", "numcheck/trusted.py", "numcheck/claims.py"]


def compiled_extensions() -> list:
    if os.environ.get("NUMCHECK_PURE_PYTHON"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:  # built without the build requirements (--no-build-isolation)
        return []
    # pydantic and quantulum3 are not in the build environment: their types are Any to mypyc.
    extensions = mypycify(["--ignore-missing-imports", "--follow-imports=silent", *COMPILED], opt_level="3",
                           group_name="numcheck.compiled")  # one library, numcheck/compiled__mypyc.*.so
    for extension in extensions:
        extension.optional = True  # a failed compile installs the pure-Python module instead
    return extensions


setup(ext_modules=compiled_extensions())
