"""The main job end to end: seeds findings, the committed report, exit codes, the gate."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from numcheck import check
from numcheck.models import Finding
from numcheck.report import COLUMNS, csv_text

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def run_cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "numcheck", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd)


@pytest.fixture(scope="module")
def seeds_result():
    return check([SEEDS])


def by_doc(findings, prefix):
    return [f for f in findings if f.doc.startswith(prefix)]


def test_timings_print_each_stage_on_stderr(tmp_path):
    run = run_cli("check", SEEDS, "--report", tmp_path / "r.csv", "--no-html", "--no-cache", "-q", "--timings")
    assert run.returncode in (0, 1), run.stderr
    line = next(x for x in run.stderr.splitlines() if x.startswith("numcheck: timings: "))
    for stage in ("extraction", "stories", "rules", "matching", "report"):
        assert f"{stage} " in line, line
    assert "timings" not in run_cli("check", SEEDS, "--report", tmp_path / "r.csv", "--no-html", "--no-cache",
                                    "-q").stderr


def test_chip_counts_are_flagged(seeds_result):
    chips = [f for f in seeds_result.findings if f.unit == "chip"]
    assert chips, "the chip counts of 000 and 004 should be compared"
    f = chips[0]
    assert {f.doc[:3], f.other_doc[:3]} == {"000", "004"}
    assert "a couple thousand" in f.surface + f.other_surface and "2,000" in f.surface + f.other_surface
    assert f.severity.value == "info"  # vague against precise: its own, lower-severity finding


def test_uncorroborated_stargate_commitment(seeds_result):
    (f,) = [f for f in seeds_result.findings if f.surface == "$19 billion"]
    assert f.doc.startswith("001")
    assert f.other_value == 5e11
    for doc in ("000", "001", "004"):
        assert doc in f.message, f.message  # the $500 billion total is given by 000, 001 and 004
    assert "only" in f.message and "Stargate" in f.message


def test_agreeing_figures_are_not_flagged(seeds_result):
    surfaces = {f.surface for f in seeds_result.findings} | {f.other_surface for f in seeds_result.findings
                                                             if f.rule_id == "figures-agree"}
    assert "$5.6 million" not in surfaces
    assert not [f for f in seeds_result.findings if f.rule_id == "figures-agree" and f.value == 5e11]


def test_unrelated_figures_are_not_paired(seeds_result):
    for f in seeds_result.all_findings:
        pair = {f.value, f.other_value}
        assert pair != {1e11}, f"$100bn VC funding vs Microsoft's $100bn: {f.message}"
        assert pair != {3.1e11, 5e11}, f"$310bn capex vs $500bn: {f.message}"
        assert not (f.doc == f.other_doc and f.doc.startswith("002") and f.rule_id == "figures-agree")


def test_a_consistency_finding_carries_its_group_as_the_rule_read_it(tmp_path):
    """One theft in four articles, two in euros: the finding names two figures, and carries the four the
    rule compared, each as it read it (both euro figures at the dated article's rate, 2013's 1.32, not
    the FX table's 1.04)."""
    from numcheck import api, fx

    text = "An armed man made off with jewellery worth {} from a diamond exhibition at the Carlton hotel in Cannes."
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": text.format("€103 million"), "date": "2013-09-09",
                                                  "source": "Reuters"}) + "\n")
    for name, amount in (("b.txt", "103 million euros"), ("c.txt", "$136 million"), ("d.txt", "$190 million")):
        (tmp_path / name).write_text(text.format(amount) + "\n")
    [found] = [f for f in api.check([tmp_path], jobs=1).all_findings if f.rule_id == "figures-agree"]
    assert (found.doc, found.other_doc) == ("d.txt", "a.jsonl:1")
    group = {g.doc: g for g in found.figures}
    assert list(group) == ["a.jsonl:1", "b.txt", "c.txt", "d.txt"]
    table = api.load_ruleset().settings.fx
    dated = 103e6 * fx.usd_rate("EUR", "2013-09-09", table)
    assert group["a.jsonl:1"].compared == group["b.txt"].compared == pytest.approx(dated)
    assert dated != pytest.approx(103e6 * table.rates["EUR"], rel=0.1)  # the undated one too: at one date
    assert group["c.txt"].compared == 136e6 and group["a.jsonl:1"].outlet == "Reuters"
    assert (group["d.txt"].low, group["d.txt"].high) == (189.5e6, 190.5e6)  # its precision: a million
    assert [g.consensus for g in found.figures] == [True, True, True, False]
    assert all(f.figures == () for f in api.check([tmp_path], jobs=1).all_findings if f.rule_id != "figures-agree")


def test_conversion_passes(seeds_result):
    assert not [f for f in seeds_result.all_findings if f.rule_id == "currency-conversion"]


def test_committed_report_is_current(seeds_result, tmp_path):
    """reports/discrepancies.csv is what `numcheck seeds/` writes today."""
    out = tmp_path / "d.csv"
    proc = run_cli("seeds/", "--report", out)
    assert proc.returncode in (0, 1), proc.stderr
    assert out.read_text(encoding="utf-8") == (ROOT / "reports" / "discrepancies.csv").read_text(encoding="utf-8")
    frame = pd.read_csv(out)
    # The report is built field by field; the group's figures (a list) are in the JSON report only.
    assert list(frame.columns) == COLUMNS == [name for name in Finding.model_fields if name != "figures"]
    assert list(Finding.model_fields)[-1] == "figures"  # after the columns: each row is its finding's first fields
    assert pd.api.types.is_numeric_dtype(frame["value"])
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask  # readable as any file its user writes


def test_exit_codes(tmp_path):
    report = tmp_path / "r.csv"
    assert run_cli("seeds/", "--report", report, "--quiet").returncode == 0  # default --fail-on error
    assert run_cli("seeds/", "--report", report, "--fail-on", "info", "--quiet").returncode == 1
    assert run_cli("seeds/", "--report", report, "--fail-on", "info", "--exit-zero", "--quiet").returncode == 0
    proc = run_cli("no/such/dir", "--report", report)
    assert proc.returncode == 2 and "no/such/dir" in proc.stderr and "Traceback" not in proc.stderr


def test_bad_rule_exits_2_with_file_and_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ncheck: consistency\ndescription: d\nseverity: fatal\n")
    proc = run_cli("seeds/", "--rules", bad, "--report", tmp_path / "r.csv")
    assert proc.returncode == 2
    assert f"{bad}:4" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "r.csv").exists()  # nothing written on error


def test_report_is_replaced_whole_or_kept(tmp_path):
    report = tmp_path / "r.csv"
    report.write_text("previous\n")
    run_cli("no/such/dir", "--report", report)
    assert report.read_text() == "previous\n"


def test_formats(tmp_path):
    proc = run_cli("seeds/", "--report", tmp_path / "r.csv", "--format", "json")
    doc = json.loads(proc.stdout)
    assert doc["summary"]["articles"] == 5 and doc["findings"]
    proc = run_cli("seeds/", "--report", tmp_path / "r.csv", "--format", "sarif")
    sarif = json.loads(proc.stdout)
    assert sarif["version"] == "2.1.0"
    result = sarif["runs"][0]["results"][0]
    assert result["partialFingerprints"]["numcheck/v1"]
    # CI attaches an annotation to a file by its path in the repository: the path as given, not the doc id.
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"] for loc in r["locations"]}
    assert uris and all(u.startswith("seeds/") and (ROOT / u).is_file() for u in uris)
    assert all("://" in r.get("helpUri", "://") for r in sarif["runs"][0]["tool"]["driver"]["rules"])
    proc = run_cli("seeds/", "--report", tmp_path / "r.csv", "--format", "github")
    assert proc.stdout.startswith(("::warning file=", "::notice file=", "::error file="))
    files = [line.split("file=", 1)[1].split(",", 1)[0] for line in proc.stdout.splitlines()]
    assert files and all(f.startswith("seeds/") and (ROOT / f).is_file() for f in files)


def _corpus(tmp_path, docs):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


CONFLICT = {
    "a.md": "Acme Corp agreed to pay $6.5 million to settle the lawsuit.\n",
    "b.md": "Acme Corp will pay $5.2 million to settle the lawsuit.\n",
    "c.md": "A judge approved the deal: Acme Corp will pay $5.2 million to settle the lawsuit.\n",
}


def test_consensus_flags_the_outlier_only(tmp_path):
    result = check([_corpus(tmp_path, CONFLICT)], bundled=False, rules=[ROOT / "rules" / "default"])
    (f,) = result.findings
    assert f.doc == "a.md" and f.severity.value == "error"
    assert f.other_doc in ("b.md", "c.md") and f.other_value == 5.2e6
    assert "b.md" in f.message and "c.md" in f.message


def test_a_lone_figure_outside_the_range_most_articles_give_is_the_outlier(tmp_path):
    # Three articles give one range, one a figure outside it: one finding, at that figure, not one at each range.
    docs = {f"{name}.md": "The submarine, with a displacement of 14,700-23,860 tons, sank in the Barents Sea.\n"
            for name in "abc"}
    docs["d.md"] = "The submarine, with a displacement of 11,000 tons, sank in the Barents Sea.\n"
    result = check([_corpus(tmp_path, docs)], bundled=False, rules=[ROOT / "rules" / "default"])
    (f,) = [f for f in result.findings if f.severity.value != "info"]
    assert (f.doc, f.surface) == ("d.md", "11,000 tons")
    assert "falls outside 14,700-23,860 tons, given by 3 articles" in f.message
    # One range beside figures it excludes in more articles: the range is what departs, as before.
    docs = {f"{name}.md": "The submarine, with a displacement of 11,000 tons, sank in the Barents Sea.\n"
            for name in "abc"}
    docs["d.md"] = "The submarine, with a displacement of 14,700-23,860 tons, sank in the Barents Sea.\n"
    (tmp_path / "two").mkdir()
    result = check([_corpus(tmp_path / "two", docs)], bundled=False, rules=[ROOT / "rules" / "default"])
    assert [(f.doc, f.surface) for f in result.findings if f.severity.value != "info"] == \
        [("d.md", "14,700-23,860 tons")]
    assert "excludes 11,000 tons, given by 3 articles" in result.findings[0].message


@pytest.mark.parametrize("values, flagged", [
    ((4.5, 7.1, 7.7, 6.0), False),  # four articles, no two agreeing: four funds' dividends, not one misreported
    ((4.5, 7.1, 7.7), True),  # three that differ are still a conflict
    ((4.5, 4.5, 7.7, 6.0), True),  # two that agree make the others depart from them
], ids=["four apart", "three apart", "two agree"])
def test_figures_of_which_no_two_agree_are_facts_of_one_kind(tmp_path, values, flagged):
    docs = {f"{i}.md": f"The Franklin tax-free income fund declared a monthly dividend of {v} cents a share, "
                       f"payable March 13 to holders of record March 2, the fund said.\n" for i, v in enumerate(values)}
    result = check([_corpus(tmp_path, docs)], bundled=False, rules=[ROOT / "rules" / "default"], one_story=True)
    found = [f for f in result.all_findings if f.rule_id == "figures-agree"]
    assert found
    assert any(f.severity.value != "info" for f in found) is flagged
    if not flagged:
        assert all(f"no two of the {len(values)} articles" in f.message for f in found)


@pytest.mark.parametrize("other, flagged", [
    ((118.2, 233.4), False),  # each figure differs: another week's report
    ((120.5, 233.4), True),  # one agrees: the same report, the other figure a slip
], ids=["all differ", "one agrees"])
def test_articles_that_differ_on_every_matched_figure_report_different_things(tmp_path, other, flagged):
    report = ("U.S. distillate stocks fell to {} million barrels in the week, the Energy Information Administration "
              "said. Gasoline stocks rose to {} million barrels, the agency said.\n")
    docs = {"a.md": report.format(120.5, 230.1), "b.md": report.format(*other)}
    result = check([_corpus(tmp_path, docs)], bundled=False, rules=[ROOT / "rules" / "default"], one_story=True)
    found = [f for f in result.all_findings if f.rule_id == "figures-agree"]
    assert found
    assert any(f.severity.value != "info" for f in found) is flagged, [f.message for f in found]
    if not flagged:
        assert all("differ on each of the figures matched between them" in f.message for f in found)


def test_players_of_one_team_are_told_apart(tmp_path):
    # Each article gives two players' points for one team: each player's figure is matched with the same
    # player's elsewhere (their names stand next to the figures), never with a team-mate's.
    games = {f"{name}.md": "Lawson scored 16 points for the Tar Heels. Hansbrough added 20 points for the Tar Heels.\n"
             for name in "abc"}
    games["d.md"] = "Hansbrough added 26 points for the Tar Heels on Thursday.\n"
    (tmp_path / "games").mkdir()
    result = check([_corpus(tmp_path / "games", games)], bundled=False, rules=[ROOT / "rules" / "default"])
    assert [(f.doc, f.surface, f.other_surface) for f in result.findings] == [("d.md", "26 points", "20 points")]
    assert "hansbrough" in result.findings[0].evidence and result.findings[0].score >= 0.55
    # One article contradicting itself while the others agree stays an error.
    one = dict(CONFLICT, **{"a.md": "Acme Corp agreed to pay $5.2 million to settle the lawsuit. A week later, "
                                     "Acme Corp said it would pay $6.5 million to settle the lawsuit.\n"})
    (tmp_path / "one").mkdir()
    result = check([_corpus(tmp_path / "one", one)], bundled=False, rules=[ROOT / "rules" / "default"])
    assert [f.severity.value for f in result.findings if f.surface == "$6.5 million"] == ["error"]


def test_inline_suppression(tmp_path):
    docs = dict(CONFLICT)
    docs["a.md"] = "<!-- numcheck: ignore figures-agree: figure corrected upstream -->\n" + docs["a.md"]
    result = check([_corpus(tmp_path, docs)], bundled=False, rules=[ROOT / "rules" / "default"])
    assert result.findings == [] and result.suppressed == 1


def test_a_suppression_of_no_known_rule_is_warned(tmp_path):
    docs = dict(CONFLICT)
    docs["a.md"] = "<!-- numcheck: ignore figures-agre: a typo of the rule id -->\n" + docs["a.md"]
    result = check([_corpus(tmp_path, docs)], bundled=False, rules=[ROOT / "rules" / "default"])
    assert result.findings and result.suppressed == 0
    said = [w for w in result.warnings if w.kind == "suppression"]
    assert len(said) == 1 and said[0].line == 1 and "'figures-agre'" in said[0].message


def test_malformed_suppression_is_an_error(tmp_path):
    docs = dict(CONFLICT)
    docs["a.md"] = "<!-- numcheck: ignore figures-agree -->\n" + docs["a.md"]  # no reason
    proc = run_cli(_corpus(tmp_path, docs), "--no-bundled", "--rules", ROOT / "rules" / "default", "--report",
                   tmp_path / "r.csv")
    assert proc.returncode == 2 and "a.md:1" in proc.stderr


def test_baseline_survives_edits_elsewhere(tmp_path):
    corpus = _corpus(tmp_path, CONFLICT)
    base = tmp_path / "base.json"
    rules = ["--no-bundled", "--rules", ROOT / "rules" / "default"]
    assert run_cli("baseline", corpus, *rules, "-o", base).returncode == 0
    (corpus / "a.md").write_text("A new first paragraph.\n\n" + CONFLICT["a.md"], encoding="utf-8")
    proc = run_cli(corpus, *rules, "--baseline", base, "--report", tmp_path / "r.csv")
    assert proc.returncode == 0, proc.stdout
    assert "1 held by the baseline" in proc.stdout


def test_new_articles_mode(tmp_path):
    corpus = _corpus(tmp_path, {k: v for k, v in CONFLICT.items() if k != "a.md"})
    new = tmp_path / "incoming"
    new.mkdir()
    (new / "a.md").write_text(CONFLICT["a.md"], encoding="utf-8")
    result = check([corpus], new=[new / "a.md"], bundled=False, rules=[ROOT / "rules" / "default"])
    assert [f.doc for f in result.findings] == ["a.md"]
    agreeing = tmp_path / "agree.md"
    agreeing.write_text("Acme Corp paid $5.2 million to settle the lawsuit.\n", encoding="utf-8")
    result = check([corpus], new=[agreeing], bundled=False, rules=[ROOT / "rules" / "default"])
    assert result.findings == []


def test_csv_cells_cannot_run_as_formulas(tmp_path):
    docs = {"=cmd.md": "Acme Corp agreed to pay $6.5 million to settle the lawsuit.\n",
            "b.md": CONFLICT["b.md"], "c.md": CONFLICT["c.md"]}
    result = check([_corpus(tmp_path, docs)], bundled=False, rules=[ROOT / "rules" / "default"])
    text = csv_text(result.findings)
    frame = pd.read_csv(pd.io.common.StringIO(text))
    assert all(not str(d).startswith("=") for d in frame["doc"])
    assert "'=cmd.md" in set(frame["doc"])


def test_csv_report_is_what_pandas_writes_for_the_report_table():
    """csv_text writes rows itself; to_frame is the table API users get: the two must agree byte for byte."""
    from numcheck.models import Finding, Severity
    from numcheck.report import to_frame

    base = dict(rule_id="figures-agree", severity=Severity.error, claim="Acme|paid|money", doc="a.md", line=3,
                start=10, end=22, surface="$6.5 million", value=6500000.0, unit="USD", message="6.5m vs 5.2m")
    findings = [
        Finding(**base),
        Finding(**{**base, "doc": "=cmd.md", "surface": "-$5", "value": -5.0, "other_doc": "b.md", "other_line": 1,
                   "other_start": 0, "other_end": 4, "other_surface": "@x", "other_value": 1e-07, "rel_diff": 0.25,
                   "sentence": 'He said "five,\nmillion"\r\n', "severity": Severity.info}),
        Finding(**{**base, "value": None, "unit": "", "message": "+\tformula", "link": "https://x/y?a=1,2",
                   "fingerprint": "f" * 16, "rel_diff": 1e21, "severity": Severity.warning}),
        Finding(**{**base, "doc": "é/ü.md", "value": 123456789012345.67, "sentence": "tab\there; semi;colon"}),
    ]
    for subset in (findings, findings[:1], findings[2:3], []):
        assert csv_text(subset) == to_frame(subset).to_csv(index=False, lineterminator="\n")


def test_a_feed_with_unpaired_surrogate_escapes_is_checked_not_crashed(tmp_path):
    corpus = tmp_path / "feeds"
    corpus.mkdir()
    (corpus / "a.jsonl").write_text('{"text": "Acme paid $5.2 million \\ud800 to settle."}\n'
                                    '{"text": "Acme paid $7.9 million \\ud800 to settle."}\n', encoding="utf-8")
    proc = run_cli(corpus, "--report", tmp_path / "r.csv", "--cache-dir", tmp_path / "cache")
    assert proc.returncode == 1, proc.stderr  # two figures that disagree, and no traceback
    assert "Traceback" not in proc.stderr and "[encoding]" in proc.stderr
    assert "\ufffd" in (tmp_path / "r.csv").read_text(encoding="utf-8")


def test_an_input_warning_is_said_once_with_the_html_report_too(tmp_path):
    """The HTML report reads the files again for their sentences; what that reading warns of, the run said."""
    corpus = tmp_path / "feeds"
    corpus.mkdir()
    (corpus / "a.jsonl").write_text('{"text": "Acme paid $5.2 million to settle."}\nnot json\n'
                                    '{"text": "Acme paid $7.9 million to settle."}\n', encoding="utf-8")
    proc = run_cli(corpus, "--report", tmp_path / "r.csv", "--no-cache")
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.count("invalid JSON") == 1, proc.stderr
    assert (tmp_path / "r.html").exists()


def test_strict_stops_on_an_input_problem_as_an_error(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "cut.json").write_text('{"title": "x", "text": "It cost $5 million', encoding="utf-8")
    proc = run_cli(corpus, "--strict", "--report", tmp_path / "r.csv", "--no-cache")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    line = proc.stderr.strip().splitlines()[-1]
    assert "cut.json:1" in line and "[json]" in line and "warning" not in line, proc.stderr
    assert not (tmp_path / "r.csv").exists()


@pytest.mark.parametrize("batch", [1000, 2, 1])
def test_reports_copy_rendered_text_and_match_a_plain_rendering(batch, monkeypatch):
    """csv_text/json_bytes assemble reports from each finding's text, copied from a RenderCache when
    there, ``batch`` findings at a time (json_chunks): the result is what the csv module and pydantic write for
    the whole document."""
    from pydantic_core import to_json

    from numcheck import report
    from numcheck.models import Finding, Severity
    from numcheck.report import RenderCache, json_bytes, sort_findings

    monkeypatch.setattr(report, "_JSON_BATCH", batch)

    base = dict(rule_id="figures-agree", severity=Severity.error, claim="Acme|paid|money", doc="a.md", line=3,
                start=10, end=22, surface="$6.5 million", value=6500000.0, unit="USD", message='6.5m vs "5.2m"')
    findings = [Finding(**{**base, "doc": f"{d}.md", "sentence": s, "severity": sev})
                for d, s, sev in [("b", "line\nbreak, \u00e9", Severity.info), ("a", "", Severity.error),
                                  ("c", "=1+2", Severity.warning)]]
    summary = {"articles": 3, "findings": 3, "rule_errors": ["x failed"]}
    cache = RenderCache()
    cache.render(findings[:2])  # the third is rendered when asked for
    for subset in (findings, findings[1:2], []):
        whole = to_json({"summary": summary, "findings": sort_findings(subset)}, indent=2) + b"\n"
        assert json_bytes(subset, summary) == whole
        assert json_bytes(subset, summary, cache) == whole
        assert csv_text(subset, cache) == csv_text(subset)
    # A cached text is copied as it is: a finding rendered before is not rendered again.
    cache.put_all(findings[1:2], [b"copied\n"], [b"    {}"])
    assert csv_text(findings[1:2], cache).endswith("\ncopied\n")
    assert b'"findings": [\n    {}\n  ]' in json_bytes(findings[1:2], summary, cache)
    # By identity: an equal finding made elsewhere is rendered, not served another's text.
    twin = Finding(**findings[1].model_dump())
    assert csv_text([twin], cache) == csv_text([twin])


def test_rule_fixtures_pass():
    proc = run_cli("rules", "test")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 failures" in proc.stdout


def test_rules_schema_and_list():
    schema = json.loads(run_cli("rules", "schema").stdout)
    assert "oneOf" in schema or "discriminator" in json.dumps(schema)
    listing = run_cli("rules", "list").stdout
    assert "figures-agree" in listing and "currency-conversion" in listing


def test_help_is_fast_to_import():
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "numcheck", "--help"], capture_output=True,
                          text=True, cwd=ROOT)
    assert proc.returncode == 0
    heavy = [line for line in proc.stderr.splitlines() if any(m in line for m in ("pandas", "quantulum3", "pydantic"))]
    assert heavy == [], heavy[:3]


def test_a_failing_rule_is_reported_and_the_others_run(monkeypatch, tmp_path):
    from numcheck.checks import consistency

    def boom(rule, key, claims, ctx):
        raise ZeroDivisionError("injected")

    monkeypatch.setattr(consistency, "check_part", boom)
    result = check([_corpus(tmp_path, CONFLICT)], bundled=True)
    assert len(result.rule_errors) == 1 and "figures-agree" in result.rule_errors[0]
    assert "ZeroDivisionError" in result.rule_errors[0]
    assert {r.id for r in result.rules} > {"figures-agree"}  # the others ran


def test_a_block_whose_figures_all_agree_is_not_matched(tmp_path, monkeypatch):
    """Matching is the rules' dearest step: a block that gives one value throughout can hold no finding,
    so none is made for it; a block with two values still is."""
    from numcheck.checks import consistency

    made = []
    real = consistency.matcher_for
    monkeypatch.setattr(consistency, "matcher_for", lambda *a: made.append(a[1]) or real(*a))
    agreeing = {name: text.replace("6.5", "5.2") for name, text in CONFLICT.items()}
    (tmp_path / "agree").mkdir(), (tmp_path / "conflict").mkdir()
    assert not check([_corpus(tmp_path / "agree", agreeing)], bundled=True).findings
    assert made == []
    assert check([_corpus(tmp_path / "conflict", CONFLICT)], bundled=True).findings
    assert made and {c.mention.value for c in made[0]} == {6.5e6, 5.2e6}


def test_each_check_page_holds_its_module_docstring():
    """docs/rules pages (one per check, named as its bundled rule where it has one) say what the code says."""
    from numcheck.checks import consistency, conversion, corroboration, range_check, reference, relation

    pages = {consistency: "figures-agree", conversion: "currency-conversion", corroboration: "corroboration",
             range_check: "range", reference: "reference", relation: "relation"}
    for module, name in pages.items():
        page = (ROOT / "docs" / "rules" / f"{name}.md").read_text(encoding="utf-8")
        body = module.__doc__.strip().split("\n\n", 1)[1]  # what, why, how, examples: after the title line
        assert body in page, f"docs/rules/{name}.md does not hold {module.__name__}'s docstring"


@pytest.mark.parametrize("this, that, expected", [
    # docs/rules/figures-agree.md's example, a sentence of each of two articles
    ("DeepSeek said it cost $5.6 million to train the model.", "DeepSeek said it cost $6.5 million to train the model.",
     "error"),
    ("DeepSeek trained the model with a couple thousand chips.", "DeepSeek trained the model with 2,000 chips.", "info"),
    ("Stargate will invest up to $500 billion in AI infrastructure.",
     "Stargate will invest $500 billion in AI infrastructure.", None),
])
def test_the_figures_agree_page_example_holds(this, that, expected):
    from numcheck import api
    from numcheck.models import Article

    ruleset = api.load_ruleset()
    claims = api.analyse_articles([Article(doc="000.txt", text=this), Article(doc="004.txt", text=that)], ruleset)
    found = {f.severity.value for f in api.check_claims(claims, ruleset) if f.rule_id == "figures-agree"}
    assert found == ({expected} if expected else set())
    assert "000: it cost $5.6 million to train" in (ROOT / "docs" / "rules" / "figures-agree.md").read_text()


def test_the_range_page_example_holds(tmp_path):
    page = (ROOT / "docs" / "rules" / "range.md").read_text(encoding="utf-8")
    example = next(line.strip() for line in page.splitlines() if line.strip().startswith("claim: {"))
    claim, bounds = example.split("}", 1)
    low, high = [float(x) for x in bounds.replace("min:", "").replace("max:", "").split()]
    (tmp_path / "r.yaml").write_text(f"id: example\ncheck: range\ndescription: the page's example\n{claim}}}\n"
                                     f"min: {low}\nmax: {high}\n", encoding="utf-8")
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Acme shares fell 170 percent on Monday after a profit warning.", encoding="utf-8")
    result = check([corpus], bundled=False, rules=[tmp_path / "r.yaml"])
    assert [f.rule_id for f in result.findings] == ["example"]
