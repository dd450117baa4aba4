"""The compiled extractor (setup.py compiles numcheck/extraction.py, lexicon.py and trusted.py with
mypyc) reads and keys exactly as its source does, and an edited source is never shadowed by a stale
compiled copy."""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

import numcheck
from numcheck import sources_over_compiled
from test_properties import FRAGMENTS, NUMBERS

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _compiled_copy() -> Path | None:
    here = Path(numcheck.__file__).parent
    return next((here / f"extraction{s}" for s in EXTENSION_SUFFIXES if (here / f"extraction{s}").exists()), None)


SUFFIX = EXTENSION_SUFFIXES[0]


def _layout(folder: Path, times: dict[str, int]) -> None:
    """Files named in ``times``, each with that modification time."""
    for name, when in times.items():
        (folder / name).write_bytes(b"")
        os.utime(folder / name, (when, when))


def _decide(folder: Path) -> bool:
    return sources_over_compiled(str(folder), ("a", "b"), "lib__mypyc")


def _checkout(tmp_path: Path) -> Path:
    """A package folder in a checkout: setup.py beside it."""
    (tmp_path / "setup.py").write_text("")
    (tmp_path / "pkg").mkdir()
    return tmp_path / "pkg"


@pytest.mark.parametrize("times, pure, from_sources", [
    # compiled after both sources were last written: import the compiled modules
    ({"a.py": 10, "b.py": 10, f"a{SUFFIX}": 20, f"b{SUFFIX}": 20, f"lib__mypyc{SUFFIX}": 20}, False, False),
    # one source edited since: both from source (compiled, they call each other directly)
    ({"a.py": 10, "b.py": 30, f"a{SUFFIX}": 20, f"b{SUFFIX}": 20, f"lib__mypyc{SUFFIX}": 20}, False, True),
    # NUMCHECK_PURE_PYTHON asks for the sources
    ({"a.py": 10, "b.py": 10, f"a{SUFFIX}": 20, f"b{SUFFIX}": 20, f"lib__mypyc{SUFFIX}": 20}, True, True),
    # a rebuild that left the loaders as they were still counts
    ({"a.py": 30, "b.py": 10, f"a{SUFFIX}": 20, f"b{SUFFIX}": 20, f"lib__mypyc{SUFFIX}": 40}, False, False),
    # loaders without their library cannot run
    ({"a.py": 10, "b.py": 10, f"a{SUFFIX}": 20, f"b{SUFFIX}": 20}, False, True),
    # never compiled: the usual import, whatever the environment says
    ({"a.py": 10, "b.py": 10}, True, False),
])
def test_sources_over_compiled(tmp_path, monkeypatch, times, pure, from_sources):
    package = _checkout(tmp_path)
    _layout(package, times)
    monkeypatch.delenv("NUMCHECK_PURE_PYTHON", raising=False)
    if pure:
        monkeypatch.setenv("NUMCHECK_PURE_PYTHON", "1")
    assert _decide(package) is from_sources


def test_an_installed_package_imports_its_compiled_modules_whatever_the_times(tmp_path, monkeypatch):
    """pip writes an installed package's files in no set order: a source written after its compiled
    module is not an edit there (no setup.py beside the package: not a checkout)."""
    _layout(tmp_path, {"a.py": 30, "b.py": 30, f"a{SUFFIX}": 20, f"b{SUFFIX}": 20, f"lib__mypyc{SUFFIX}": 20})
    monkeypatch.delenv("NUMCHECK_PURE_PYTHON", raising=False)
    assert _decide(tmp_path) is False
    monkeypatch.setenv("NUMCHECK_PURE_PYTHON", "1")
    assert _decide(tmp_path) is True


_EXTRACT_ALL = """
import json, sys
import numcheck.extraction as x, numcheck.lexicon as lx
assert (x.__file__.endswith(".py")) == (lx.__file__.endswith(".py")), (x.__file__, lx.__file__)
texts = json.load(open(sys.argv[1], encoding="utf-8"))
from numcheck.api import analyse_article, keying_for, load_ruleset
from numcheck.models import Article
keying = keying_for(load_ruleset())
json.dump({"module": x.__file__,
           "mentions": [[m.model_dump(mode="json") for m in x.extract(t)] for t in texts],
           "claimable": [[len(ms), n] for ms, n in map(x.extract_claimable, texts)],
           "claims": [[c.model_dump(mode="json") for c in analyse_article(Article(doc=str(i), text=t), keying)[1]]
                      for i, t in enumerate(texts)]},
          open(sys.argv[2], "w", encoding="utf-8"))
"""


def _texts() -> list[str]:
    """Seeds, phrases built at random from the property tests' fragments, and newswire when ../shared is here."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    rng = random.Random(20261203)
    pieces = FRAGMENTS + NUMBERS + [" "] * 20
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 60))) for _ in range(3000)]
    reuters = SHARED / "data" / "reuters21578" / "reut2-000.sgm"
    if reuters.exists():
        texts.append(reuters.read_text(encoding="latin-1"))
    return texts


def test_the_compiled_extractor_reads_as_its_source(tmp_path):
    compiled = _compiled_copy()
    if compiled is None:
        pytest.skip("the extractor is not compiled in this install (pure Python): nothing to compare")
    (tmp_path / "texts.json").write_text(json.dumps(_texts()), encoding="utf-8")
    runs = {}
    for name, pure in (("compiled", None), ("source", "1")):
        env = {k: v for k, v in os.environ.items() if k != "NUMCHECK_PURE_PYTHON"}
        if pure:
            env["NUMCHECK_PURE_PYTHON"] = pure
        out = tmp_path / f"{name}.json"
        subprocess.run([sys.executable, "-c", _EXTRACT_ALL, str(tmp_path / "texts.json"), str(out)],
                       check=True, env=env, cwd=tmp_path)
        runs[name] = json.loads(out.read_text(encoding="utf-8"))
    assert runs["compiled"]["module"].endswith(compiled.name) and runs["source"]["module"].endswith(".py")
    assert sum(map(len, runs["source"]["mentions"])) > 1000
    for i, (got, want) in enumerate(zip(runs["compiled"]["mentions"], runs["source"]["mentions"])):
        assert got == want, f"text {i}: the compiled extractor reads it otherwise"
    assert runs["compiled"]["claimable"] == runs["source"]["claimable"]
    assert sum(map(len, runs["source"]["claims"])) > 100
    for i, (got, want) in enumerate(zip(runs["compiled"]["claims"], runs["source"]["claims"])):
        assert got == want, f"text {i}: claims differ between the compiled word lists and their source"
