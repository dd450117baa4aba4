"""Parallel, cached and Dask runs give the same report as a plain serial run."""
import functools
import os
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from numcheck import api, engine, load, trusted
from numcheck.models import Mention
from numcheck.report import csv_text, json_bytes

ROOT = Path(__file__).resolve().parents[1]
RULES = [ROOT / "rules" / "default"]

ARTICLES = [
    "Acme Corp agreed to pay $6.5 million to settle the lawsuit.",
    "Acme Corp will pay $5.2 million to settle the lawsuit.",
    "A judge approved the $5.2 million settlement with Acme Corp.",
    "Globex said 1,200 workers at Initech joined the strike.",
    "Some 900 workers at Initech joined the strike, Globex said.",
    "Initech said 1,200 workers joined the strike at Initech.",
    "Nvidia lost $600 billion (£482bn) in market value.",
    "Nvidia shares fell 17 percent on Monday.",
    "Nvidia stock dropped 12 percent on Monday, wiping out gains.",
    "Shares of Nvidia fell 17 percent.",
]


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i, text in enumerate(ARTICLES):
        (folder / f"{i:02d}.txt").write_text(text + "\n", encoding="utf-8")
    return folder


def sorted_report(result) -> pd.DataFrame:
    frame = pd.read_csv(pd.io.common.StringIO(csv_text(result.findings)))
    return frame.sort_values(["doc", "start", "rule_id"]).reset_index(drop=True)


def test_parallel_equals_serial(corpus):
    serial = api.check([corpus], rules=RULES, bundled=False, jobs=1)
    parallel = api.check([corpus], rules=RULES, bundled=False, jobs=2)
    assert serial.findings, "the corpus should produce findings"
    pd.testing.assert_frame_equal(sorted_report(serial), sorted_report(parallel))


def test_rules_parts_shared_out_among_processes_equal_one_process(corpus, monkeypatch, tmp_path):
    from numcheck import checks
    from numcheck.checks import consistency

    serial = api.check([corpus], rules=RULES, bundled=False, jobs=1)
    log = tmp_path / "pids"
    monkeypatch.setattr(checks, "_PARALLEL_FROM", 1)  # share out even this small corpus's parts
    monkeypatch.setattr(consistency, "check_part", functools.partial(_logged, consistency.check_part, log))
    shared = api.check([corpus], rules=RULES, bundled=False, jobs=2)
    assert not shared.rule_errors
    pids = set(log.read_text().split())
    assert len(pids) == 2 and str(os.getpid()) not in pids  # two forked processes checked the parts
    assert [f.model_dump() for f in shared.findings] == [f.model_dump() for f in serial.findings]


def test_timings_count_the_matching_done_in_forked_processes(corpus, monkeypatch):
    from numcheck import checks

    serial = api.check([corpus], rules=RULES, bundled=False, jobs=1)
    monkeypatch.setattr(checks, "_PARALLEL_FROM", 1)  # every part matched in a forked process
    start = time.perf_counter()
    shared = api.check([corpus], rules=RULES, bundled=False, jobs=2)
    wall = time.perf_counter() - start
    for result in (serial, shared):
        assert {"extraction", "stories", "rules", "matching"} <= set(result.timings), result.timings
        assert result.timings["matching"] > 0
    # The main process's stages follow one another within the run; a fork inherits the seconds counted so
    # far, and handed back with its own they would count again.
    assert sum(shared.timings[s] for s in ("extraction", "stories", "rules")) <= wall, shared.timings


def _logged(check_part, log, *args):
    with open(log, "a") as fh:
        fh.write(f"{os.getpid()}\n")
    return check_part(*args)


def test_cache_serves_unchanged_files_and_recomputes_changed_ones(corpus, tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    cold = api.check([corpus], rules=RULES, bundled=False, jobs=1, cache_dir=cache_dir)
    calls = []
    real = engine.analyse_file
    monkeypatch.setattr(engine, "analyse_file", lambda *a: calls.append(a[1]) or real(*a))
    warm = api.check([corpus], rules=RULES, bundled=False, jobs=1, cache_dir=cache_dir)
    assert calls == []
    pd.testing.assert_frame_equal(sorted_report(cold), sorted_report(warm))
    (corpus / "00.txt").write_text("Acme Corp agreed to pay $5.2 million to settle the lawsuit.\n", encoding="utf-8")
    changed = api.check([corpus], rules=RULES, bundled=False, jobs=1, cache_dir=cache_dir)
    assert calls == ["00.txt"]
    fresh = api.check([corpus], rules=RULES, bundled=False, jobs=1)
    pd.testing.assert_frame_equal(sorted_report(changed), sorted_report(fresh))
    assert not [f for f in changed.findings if f.doc == "00.txt"]


def test_extractor_version_follows_the_code(tmp_path):
    sources = [Path(engine.__file__).with_name(name) for name in engine.RESULT_MODULES]
    copies = []
    for src in sources:
        copies.append(tmp_path / src.name)
        copies[-1].write_bytes(src.read_bytes())
    assert engine.extractor_version(copies) == engine.extractor_version()
    copies[0].write_bytes(copies[0].read_bytes() + b"\n# edited\n")
    assert engine.extractor_version(copies) != engine.extractor_version()


def test_cache_key_depends_on_pack():
    keying = api.keying_for(api.load_ruleset(RULES, bundled=False))
    salt = engine.cache_salt(keying)
    other = api.keying_for(api.load_ruleset([ROOT / "rules"], bundled=False))  # story pack adds aliases
    assert engine.cache_salt(other) != salt


def test_a_kept_run_is_not_served_after_any_module_of_the_package_changes(tmp_path, monkeypatch):
    """The snapshot of a run is keyed on every module's code: a cache made before the match score
    changed must not give the old scores (matching.py was once left out of the key)."""
    hashed = []
    monkeypatch.setattr(engine, "extractor_version", lambda files=(): hashed.extend(files) or "v")
    api._snapshot(tmp_path, api.load_ruleset(RULES, bundled=False),
                  api.keying_for(api.load_ruleset(RULES, bundled=False)), [tmp_path], [], [], "auto")
    package = Path(api.__file__).parent
    assert {p.resolve() for p in package.rglob("*.py")} <= {Path(p).resolve() for p in hashed}


def test_cache_clear(tmp_path, corpus):
    api.check([corpus], rules=RULES, bundled=False, jobs=1, cache_dir=tmp_path / "c")
    assert list((tmp_path / "c" / "runs").glob("*.sqlite"))
    assert engine.clear_cache(tmp_path / "c") is True
    assert not (tmp_path / "c" / "cache.sqlite").exists()
    assert not list((tmp_path / "c" / "runs").iterdir()), "the run snapshots go too"
    assert engine.clear_cache(tmp_path / "c") is False


def test_dask_engine_equals_local(corpus):
    distributed = pytest.importorskip("distributed", reason="dask extra not installed: pip install 'numcheck[dask]'")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        on_dask = api.check([corpus], rules=RULES, bundled=False, engine_name="dask",
                            scheduler=cluster.scheduler_address)
    local = api.check([corpus], rules=RULES, bundled=False, jobs=1)
    assert local.findings
    pd.testing.assert_frame_equal(sorted_report(local), sorted_report(on_dask))


def test_encoded_results_decode_to_what_validation_gives_sharing_repeats(tmp_path):
    (tmp_path / "a.txt").write_text("Acme paid $5.2 million. Acme paid $5.2 million again, it said.\n"
                                    "About 2,000 chips, dozens of people, up to 17% (about $5m) and 3 tonnes.\n"
                                    "Tara Reid, 33, was photographed leaving; the €20m (£17m) deal closed.\n"
                                    "<!-- numcheck: ignore figures-agree -->\n", encoding="utf-8")
    keying = api.keying_for(api.load_ruleset(RULES, bundled=False))
    result = engine.analyse_file(str(tmp_path / "a.txt"), "a.txt", keying)
    assert len(result.articles[0].claims) >= 6
    # every field of a claim travels: an age's person, a restatement's role
    assert {("Tara Reid", ""), ("", "conversion")} <= {(c.person, c.role) for c in result.articles[0].claims}
    validated = engine.FileResult.model_validate_json(result.model_dump_json())
    again = engine.decode(engine.encode(result, str(tmp_path / "a.txt")), str(tmp_path / "a.txt"))
    assert again == validated
    # Built without validation, they must still be what validation builds: field for field, type for type.
    made = [(again, validated), (again.articles[0], validated.articles[0])]
    for got, want in zip(again.articles[0].claims, validated.articles[0].claims):
        made += [(got, want), (got.mention, want.mention)]
    for a, b in made:
        assert [(k, type(v), v) for k, v in a.__dict__.items()] == [(k, type(v), v) for k, v in b.__dict__.items()]
        assert a.model_fields_set == b.model_fields_set
    # so must a suppression (JSON has lists where validation makes tuples)
    (tmp_path / "b.txt").write_text("<!-- numcheck: ignore figures-agree: a misprint we know of -->\nAcme paid $5m.\n",
                                    encoding="utf-8")
    quiet = engine.analyse_file(str(tmp_path / "b.txt"), "b.txt", keying)
    quiet_again = engine.decode(engine.encode(quiet, str(tmp_path / "b.txt")), str(tmp_path / "b.txt")).articles[0]
    want = engine.FileResult.model_validate_json(quiet.model_dump_json()).articles[0]
    assert quiet_again.suppressions == want.suppressions == [(1, 2, ("figures-agree",), "a misprint we know of")]
    assert again.model_dump(exclude_unset=True) == validated.model_dump()  # the shared fields-set names every field
    first, second = (c.mention for c in again.articles[0].claims[:2])
    assert first.doc is second.doc
    assert first.sentence is not second.sentence  # two sentences stay two
    # Each model's instances share one table of field names (numcheck.trusted): smaller than a dict of their own,
    # where this Python makes key-sharing dicts (CPython does).
    if trusted._key_sharing(Mention, list(Mention.model_fields)) is not None:
        for made in (first, again.articles[0].claims[0], result.articles[0].claims[0].mention):
            own = {name: value for name, value in made.__dict__.items()}
            assert sys.getsizeof(made.__dict__) < sys.getsizeof(own)
        fields = {**first.__dict__}
        fields["surfaec"] = fields.pop("surface")  # a misspelled field is an error, not a field left None
        with pytest.raises(KeyError, match="surfaec"):
            engine._make_mention(fields)


def test_a_cache_entry_this_version_cannot_read_is_computed_again(tmp_path, monkeypatch):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Acme paid $5.2 million.\n", encoding="utf-8")
    files = load.find_files([tmp_path], (), (), None)
    keying = api.keying_for(api.load_ruleset(RULES, bundled=False))
    first = list(engine.run(files, keying, cache_dir=tmp_path / "cache", jobs=1))
    cache = engine.Cache(tmp_path / "cache", engine.cache_salt(keying))
    keys = [engine.content_key(cache.salt, (tmp_path / n).read_bytes(), n) for n in ("a.txt", "b.txt")]
    cache.put_many([(keys[0], b"not json"), (keys[1], b"[[[1, 2]], []]")])
    cache.close()
    computed = []
    real = engine.analyse_file
    monkeypatch.setattr(engine, "analyse_file", lambda *a: computed.append(a[1]) or real(*a))
    assert list(engine.run(files, keying, cache_dir=tmp_path / "cache", jobs=1)) == first
    assert computed == ["a.txt", "b.txt"]


def test_a_cached_result_names_the_file_where_it_is_now(tmp_path):
    """The cache keys a file by its content and doc id: a checkout elsewhere hits the same entries, and
    its articles and warnings must name its own path (--new compares them), not the first reader's."""
    keying = api.keying_for(api.load_ruleset(RULES, bundled=False))
    for where in ("one", "two"):
        (tmp_path / where).mkdir()
        (tmp_path / where / "a.txt").write_bytes("Acme paid \xa35.2 million.\n".encode("cp1252"))  # warns: not UTF-8
    runs = {}
    for where in ("one", "two"):
        files = load.find_files([tmp_path / where], (), (), None)
        runs[where] = list(engine.run(files, keying, cache_dir=tmp_path / "cache", jobs=1))
    for where, (result,) in runs.items():
        assert result.articles[0].path == str(tmp_path / where / "a.txt")
        assert [w.path for w in result.warnings] == [str(tmp_path / where / "a.txt")]
        assert result.articles[0].claims


def test_a_cached_result_read_through_a_dot_root_names_the_file_as_read(tmp_path, monkeypatch):
    """A walk of "." lists "./a.txt" where the reader says "a.txt": both spellings of the first reader's
    path must give way to the current one (else --new resolves "a.txt" against another folder)."""
    keying = api.keying_for(api.load_ruleset(RULES, bundled=False))
    for where in ("one", "two"):
        (tmp_path / where).mkdir()
        (tmp_path / where / "a.txt").write_bytes("Acme paid \xa35.2 million.\n".encode("cp1252"))
    monkeypatch.chdir(tmp_path / "one")
    (first,) = engine.run(load.find_files(["."], (), (), None), keying, cache_dir=tmp_path / "cache", jobs=1)
    assert first.articles[0].path == "a.txt"  # what read_file says of "./a.txt"
    monkeypatch.chdir(tmp_path)
    (second,) = engine.run(load.find_files([tmp_path / "two"], (), (), None), keying, cache_dir=tmp_path / "cache",
                           jobs=1)
    assert second.articles[0].path == str(tmp_path / "two" / "a.txt")
    assert [w.path for w in second.warnings] == [str(tmp_path / "two" / "a.txt")]


EDITS = [  # each step changes the corpus; the re-run after it must equal a run from scratch
    lambda d: (d / "01.txt").write_text("Acme Corp will pay $7.9 million to settle the lawsuit.\n"),  # new conflict
    lambda d: (d / "03.txt").unlink(),  # an article gone
    lambda d: (d / "10.txt").write_text("Initech said 2,500 workers joined the strike.\n"),  # an article added
    lambda d: (d / "08.txt").write_text("Nvidia stock rose 3 percent on Tuesday.\n"),  # a conflict resolved
    lambda d: (d / "06.txt").write_text("Nvidia lost $600 billion (£382bn) in market value.\n"),  # bad conversion
    lambda d: (d / "00.txt").write_text("Globex agreed to pay $6.5 million to settle the lawsuit.\n"),  # new subject
]


@pytest.mark.parametrize("bundled", [False, True], ids=["default-pack", "with-story-pack"])
def test_rerun_rechecks_what_changed_and_equals_a_full_run(corpus, tmp_path, monkeypatch, bundled):
    # The story pack adds whole-corpus rules (relation, corroboration): they run on kept claims.
    run = functools.partial(api.check, [corpus], rules=[] if bundled else RULES, bundled=bundled, jobs=1)
    cache_dir = tmp_path / "cache"
    run(cache_dir=cache_dir)
    assert list((cache_dir / "runs").glob("*.sqlite")), "a run with the cache keeps a snapshot"
    calls, read = [], []
    real, real_run = engine.analyse_file, engine.run
    monkeypatch.setattr(engine, "analyse_file", lambda *a: calls.append(a[1]) or real(*a))
    monkeypatch.setattr(engine, "run", lambda files, **kw: read.extend(f.doc for f in files) or real_run(files, **kw))
    for step, edit in enumerate(EDITS):
        edit(corpus)
        calls.clear()
        read.clear()
        rerun = run(cache_dir=cache_dir)
        assert len(calls) <= 1, f"step {step}: extracted {calls}, only the edited file may be"
        assert len(read) <= 4, f"step {step}: read {read}: only the edited file and those sharing a claim with it"
        fresh = run()
        pd.testing.assert_frame_equal(sorted_report(rerun), sorted_report(fresh), obj=f"step {step}")
        by_place = lambda f: (f.rule_id, f.doc, f.start, f.other_doc, f.other_start or 0)  # noqa: E731
        assert sorted(rerun.findings, key=by_place) == sorted(fresh.findings, key=by_place), f"step {step}"
        # The reports copy the text the snapshot kept for findings read back: the same bytes.
        assert fresh.texts is None and rerun.texts is not None
        assert csv_text(rerun.findings, rerun.texts) == csv_text(fresh.findings)
        summary = fresh.summary()
        assert json_bytes(rerun.findings, summary, rerun.texts) == json_bytes(fresh.findings, summary)
        assert (rerun.articles, rerun.mentions, rerun.claims) == (fresh.articles, fresh.mentions, fresh.claims)
    assert any(f.doc == "01.txt" for f in fresh.findings) and any(f.rule_id == "currency-conversion"
                                                                    for f in fresh.findings)


def test_a_corrupt_snapshot_means_a_full_run(corpus, tmp_path):
    cache_dir = tmp_path / "cache"
    first = api.check([corpus], rules=RULES, bundled=False, jobs=1, cache_dir=cache_dir)
    for snap in (cache_dir / "runs").glob("*.sqlite"):
        snap.write_bytes(b"not a database" * 100)
    again = api.check([corpus], rules=RULES, bundled=False, jobs=1, cache_dir=cache_dir)
    pd.testing.assert_frame_equal(sorted_report(first), sorted_report(again))


def test_rerun_keeps_what_files_said_besides_claims(corpus, tmp_path):
    """Warnings, several articles per file and suppressions come back from the snapshot as they were."""
    (corpus / "feed.jsonl").write_text(
        '{"text": "Acme Corp will pay $9.9 million to settle the lawsuit."}\n'
        '{"text": "Initech said 4,000 workers joined the strike."}\n', encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "quiet.md").write_text("<!-- numcheck: ignore figures-agree: a misprint we know of -->\n"
                                     "Acme Corp agreed to pay $1.1 million to settle the lawsuit.\n", encoding="utf-8")
    cache_dir = tmp_path / "cache"
    first = api.check([corpus], rules=RULES, bundled=False, jobs=1, cache_dir=cache_dir)
    (corpus / "09.txt").write_text("Shares of Nvidia fell 19 percent.\n")
    again = api.check([corpus], rules=RULES, bundled=False, jobs=1, cache_dir=cache_dir)
    fresh = api.check([corpus], rules=RULES, bundled=False, jobs=1)
    assert first.warnings and [w.kind for w in again.warnings] == [w.kind for w in first.warnings]
    assert first.suppressed == 1
    assert again.summary() == fresh.summary()
    pd.testing.assert_frame_equal(sorted_report(again), sorted_report(fresh))


def test_the_same_folder_named_another_way_keeps_its_own_snapshot(corpus, tmp_path, monkeypatch):
    # The snapshot holds paths as the walk spells them: read through another spelling, every file
    # would look changed (a 100 MB corpus took minutes that way).
    cache_dir = tmp_path / "cache"
    absolute = api.check([corpus], rules=RULES, bundled=False, jobs=1, cache_dir=cache_dir)
    monkeypatch.chdir(corpus.parent)
    relative = api.check([Path(corpus.name)], rules=RULES, bundled=False, jobs=1, cache_dir=cache_dir)
    assert len(list((cache_dir / "runs").glob("*.sqlite"))) == 2
    pd.testing.assert_frame_equal(sorted_report(absolute), sorted_report(relative))


def test_many_changed_files_mean_a_full_run(corpus, tmp_path, monkeypatch):
    from numcheck import snapshot

    cache_dir = tmp_path / "cache"
    api.check([corpus], rules=RULES, bundled=False, jobs=1, cache_dir=cache_dir)
    monkeypatch.setattr(api, "_INCREMENTAL_MAX_FILES", 1)  # and a tenth of 10 files is 1
    calls = []
    for name in ("update", "rebuild"):
        real = getattr(snapshot.Snapshot, name)
        monkeypatch.setattr(snapshot.Snapshot, name, functools.partialmethod(
            lambda self, *a, _real=real, _name=name: calls.append(_name) or _real(self, *a)))
    (corpus / "01.txt").write_text("Acme Corp will pay $7.9 million to settle the lawsuit.\n")
    api.check([corpus], rules=RULES, bundled=False, jobs=1, cache_dir=cache_dir)
    assert calls == ["update"]
    (corpus / "02.txt").write_text("A judge approved the $7.9 million settlement with Acme Corp.\n")
    (corpus / "04.txt").write_text("Some 1,200 workers at Initech joined the strike, Globex said.\n")
    rerun = api.check([corpus], rules=RULES, bundled=False, jobs=1, cache_dir=cache_dir)
    assert calls == ["update", "rebuild"]
    pd.testing.assert_frame_equal(sorted_report(rerun), sorted_report(api.check([corpus], rules=RULES,
                                                                                 bundled=False, jobs=1)))


def test_stored_findings_read_back_equal_to_validated_ones():
    from numcheck.models import Finding, GroupFigure, Kind, Qualifier, Severity
    from pydantic_core import from_json, to_json

    from numcheck.report import figures_json, json_items, with_figures
    from numcheck.snapshot import _stored_figure, _stored_findings

    group = (GroupFigure(doc="a/b.txt", line=3, start=10, end=22, surface="$593 billion", kind=Kind.money,
                         value=5.93e11, unit="USD", compared=5.93e11, low=5.925e11, high=5.935e11,
                         qualifier=Qualifier.exact, consensus=False, sentence="It lost \"$593bn\"."),
             GroupFigure(doc="c.txt", line=1, start=0, end=5, surface="nearly £480bn", kind=Kind.money, value=4.8e11,
                         unit="GBP", compared=6e11, low=None, high=6e11, qualifier=Qualifier.at_most, consensus=True,
                         sentence="", outlet="BBC", date="2025-01-28"))
    findings = [
        Finding(rule_id="figures-agree", severity=Severity.error, claim="Nvidia · market value", doc="a/b.txt",
                line=3, start=10, end=22, surface="$593 billion", value=5.93e11, unit="USD", other_doc="c.txt",
                other_line=1, other_start=0, other_end=5, other_surface="nearly $600bn", other_value=6e11,
                other_unit="USD", rel_diff=0.0117, message="differs by 1.2% — «quoted»", sentence="It lost \"$593bn\".",
                link="docs/rules/figures-agree.md", fingerprint="0123456789abcdef", figures=group),
        Finding(rule_id="r", severity=Severity.info, claim="c", doc="d", line=1, start=0, end=1, surface="2,000",
                value=None, unit="chip", message="m"),
        Finding(rule_id="r", severity=Severity.warning, claim="c", doc="d", line=1, start=0, end=1, surface="-5",
                value=-1e20, unit="", rel_diff=1.0, message="m"),
    ]
    # A snapshot keeps each group's figures once, apart from its findings' items, and joins them when asked for.
    bare = json_items([f.model_copy(update={"figures": ()}) for f in findings])
    stored_group = tuple(map(_stored_figure, from_json(to_json(list(group)))))
    back = _stored_findings(b"[" + b",".join(bare) + b"]", [stored_group, (), ()])
    assert back == findings
    assert [with_figures(item, figures_json(f.figures)) for item, f in zip(bare, findings)] == json_items(findings)
    for got, want in zip(back, findings):
        assert got.model_dump() == want.model_dump() and hash(got) == hash(want) and repr(got) == repr(want)
        assert type(got.severity) is Severity and type(got.value) is type(want.value)
        assert type(got.figures) is tuple and all(type(g.kind) is Kind and type(g.qualifier) is Qualifier
                                                  and g.model_dump() == w.model_dump()
                                                  for g, w in zip(got.figures, want.figures, strict=True))


def test_a_run_killed_midway_leaves_a_cache_that_serves_the_same_report(tmp_path):
    """SIGKILL at several moments of a first run (extracting, writing the cache, the snapshot): the cache
    that remains passes SQLite's integrity check and the next run's report equals an uncached run's."""
    import shutil
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(1500):  # enough files for a run of about a second to be caught midway
        text = ARTICLES[i % len(ARTICLES)]
        (folder / f"{i:04d}.txt").write_text(f"{text}\nIt was filed {i % 7 + 2} days late, with {i} pages.\n")
    expected = sorted_report(api.check([folder], rules=RULES, bundled=False, jobs=1))
    cache_dir = tmp_path / "cache"
    command = [sys.executable, "-m", "numcheck", "check", str(folder), "--no-bundled", "--rules", str(RULES[0]),
               "--cache-dir", str(cache_dir), "--report", str(tmp_path / "r.csv"), "-q", "--jobs", "2"]
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    whole = time.perf_counter() - start  # a first run, from start-up to the snapshot's rename
    for share in (0.3, 0.5, 0.7, 0.8, 0.9, 0.95):
        shutil.rmtree(cache_dir)
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(share * whole)
        proc.send_signal(signal.SIGKILL)  # no handler runs: only SQLite's journal stands between
        proc.wait()
        for db in [cache_dir / "cache.sqlite", *cache_dir.glob("runs/[!.]*.sqlite")]:  # not a rebuild's temp file
            if db.exists():
                with sqlite3.connect(db) as con:
                    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",), f"{db} at {share:.0%}"
        rerun = api.check([folder], rules=RULES, bundled=False, jobs=1, cache_dir=cache_dir)
        pd.testing.assert_frame_equal(sorted_report(rerun), expected, obj=f"killed at {share:.0%} of a run")


# --- `numcheck extract` on the engine ------------------------------------------------------------

def _extract_cli(*args: str, cwd: Path):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "numcheck", "extract", *args], capture_output=True, cwd=cwd,
                          timeout=120)


def _expected_rows(folder: Path) -> list[list]:
    """What extract lists, from numcheck.extract on each file's text, in file order."""
    from numcheck.extraction import extract

    return [[m.doc, m.line, m.col, m.start, m.end, m.surface, m.kind.value, m.value, m.unit, m.qualifier.value,
             m.low, m.high, m.per, m.step, m.sentence, m.change]
            for path in sorted(folder.glob("*.txt")) for m in extract(path.read_text(encoding="utf-8"), path.name)]


@pytest.mark.parametrize("jobs,cached", [(1, False), (2, False), (2, True)])
def test_extract_lists_every_mention_in_file_order_however_it_runs(corpus, tmp_path, jobs, cached):
    cache = tmp_path / "cache"
    if cached:
        list(api.mentions_of([corpus], jobs=2, cache_dir=cache))  # fills the cache
        monkey = pytest.MonkeyPatch()
        monkey.setattr(engine, "work_mentions", None)  # a cached run extracts nothing
    try:
        got = [row for rows in api.mentions_of([corpus], jobs=jobs, cache_dir=cache if cached else None) for row in rows]
    finally:
        if cached:
            monkey.undo()
    assert got == _expected_rows(corpus) and len(got) > len(ARTICLES)


@pytest.mark.parametrize("jobs,cached", [(1, False), (2, False), (2, True), (2, "filled")])
def test_extract_csv_lines_are_the_same_wherever_they_are_written(corpus, tmp_path, jobs, cached):
    # The CSV lines are made in the processes that read the files (from the mentions, or from the bytes the
    # cache keeps); the same lines as the rows written in the main process.
    from numcheck.report import mention_csv

    cache = tmp_path / "cache" if cached else None
    if cached == "filled":
        list(api.mentions_of([corpus], jobs=2, cache_dir=cache))
    chunks = list(api.mentions_of([corpus], jobs=jobs, cache_dir=cache, csv=True))
    assert all(isinstance(c, str) for c in chunks)
    assert "".join(chunks) == mention_csv(_expected_rows(corpus)) and len(chunks) == len(list(corpus.glob("*.txt")))


def test_extract_csv_and_json_hold_the_same_mentions(corpus, tmp_path):
    import json

    csv_run = _extract_cli(".", "--no-cache", "-o", str(tmp_path / "m.csv"), cwd=corpus)
    json_run = _extract_cli(".", "--no-cache", "--format", "json", cwd=corpus)
    assert csv_run.returncode == 0 and json_run.returncode == 0, csv_run.stderr + json_run.stderr
    frame = pd.read_csv(tmp_path / "m.csv", keep_default_na=False)
    rows = json.loads(json_run.stdout)
    assert list(frame.columns) == list(engine.MENTION_COLUMNS) == list(rows[0])
    assert frame["surface"].tolist() == [r["surface"] for r in rows] == [r[5] for r in _expected_rows(corpus)]
    assert frame["value"].tolist() == [r["value"] if r["value"] is not None else "" for r in rows]


def test_extract_output_is_written_whole_or_not_at_all(corpus, tmp_path):
    out = tmp_path / "m.csv"
    out.write_text("previous\n")
    (corpus / "zz.txt").write_bytes(b"caf\xe9 costs $5\n")  # not UTF-8: a warning, an error with --strict
    run = _extract_cli(".", "--no-cache", "--strict", "-o", str(out), cwd=corpus)
    assert run.returncode == 2 and b"zz.txt" in run.stderr and len(run.stderr.splitlines()) == 1
    assert out.read_text() == "previous\n" and [p.name for p in tmp_path.iterdir() if p.name.startswith(".m.csv")] == []
    run = _extract_cli(".", "--no-cache", "-o", str(out), cwd=corpus)
    assert run.returncode == 0 and b"zz.txt" in run.stderr and "$5" in out.read_text()
