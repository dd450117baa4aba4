"""The compiled extractor (setup.py compiles numcheck/extraction.py with mypyc) reads exactly as its
source does, and an edited source is never shadowed by a stale compiled copy."""
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
from numcheck import source_over_compiled
from test_properties import FRAGMENTS, NUMBERS

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _compiled_copy() -> Path | None:
    here = Path(numcheck.__file__).parent
    return next((here / f"extraction{s}" for s in EXTENSION_SUFFIXES if (here / f"extraction{s}").exists()), None)


@pytest.mark.parametrize("source_age, pure, expected", [
    (-10, False, None),        # compiled after the source was last written: import the compiled copy
    (+10, False, "source"),    # source edited since: import the source
    (-10, True, "source"),     # NUMCHECK_PURE_PYTHON asks for the source
])
def test_source_over_compiled(tmp_path, monkeypatch, source_age, pure, expected):
    source, compiled = tmp_path / "mod.py", tmp_path / f"mod{EXTENSION_SUFFIXES[0]}"
    source.write_text("")
    compiled.write_bytes(b"")
    os.utime(compiled, (1_000_000, 1_000_000))
    os.utime(source, (1_000_000 + source_age, 1_000_000 + source_age))
    monkeypatch.delenv("NUMCHECK_PURE_PYTHON", raising=False)
    if pure:
        monkeypatch.setenv("NUMCHECK_PURE_PYTHON", "1")
    assert source_over_compiled(str(tmp_path), "mod") == (str(source) if expected else None)


def test_a_rebuilt_mypyc_library_counts_though_its_loader_kept_its_time(tmp_path, monkeypatch):
    (tmp_path / "mod.py").write_text("")
    for name, when in ((f"mod{EXTENSION_SUFFIXES[0]}", 1_000_000), ("mod.py", 1_000_100),
                       (f"mod__mypyc{EXTENSION_SUFFIXES[0]}", 1_000_200)):
        (tmp_path / name).touch()
        os.utime(tmp_path / name, (when, when))
    monkeypatch.delenv("NUMCHECK_PURE_PYTHON", raising=False)
    assert source_over_compiled(str(tmp_path), "mod") is None


def test_a_module_never_compiled_is_imported_as_usual(tmp_path, monkeypatch):
    (tmp_path / "mod.py").write_text("")
    monkeypatch.setenv("NUMCHECK_PURE_PYTHON", "1")
    assert source_over_compiled(str(tmp_path), "mod") is None


_EXTRACT_ALL = """
import json, sys
import numcheck.extraction as x
texts = json.load(open(sys.argv[1], encoding="utf-8"))
json.dump({"module": x.__file__,
           "mentions": [[m.model_dump(mode="json") for m in x.extract(t)] for t in texts],
           "claimable": [[len(ms), n] for ms, n in map(x.extract_claimable, texts)]},
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
