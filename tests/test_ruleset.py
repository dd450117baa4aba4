"""Rule files: strict schema, one-line errors with file and line, safe YAML, bounded regexes."""
import pytest

from numcheck.ruleset import MAX_RULE_FILE_BYTES, RuleError, load_rules, parse_rule_text, search

GOOD = """id: chips-agree
check: consistency
description: Chip counts agree.
claim:
  kinds: [count]
  units: [chip]
"""


def error_of(text, name="r.yaml"):
    with pytest.raises(RuleError) as e:
        parse_rule_text(text, name)
    msg = str(e.value)
    assert "\n" not in msg and msg.startswith(name)
    return msg


def test_good_rule_loads():
    rs = parse_rule_text(GOOD, "r.yaml")
    (rule,) = rs.rules
    assert rule.id == "chips-agree" and rule.options.rel_tol == 0.01


@pytest.mark.parametrize("text,where,words", [
    (GOOD + "colour: red\n", "r.yaml:7", "unknown key"),
    (GOOD.replace("units: [chip]", "units: [chip]\n  windw: clause"), "r.yaml:7", "unknown key"),
    (GOOD.replace("check: consistency", "check: sameness"), "r.yaml:", "unknown check"),
    (GOOD + "severity: fatal\n", "r.yaml:7", "severity"),
    (GOOD.replace("units: [chip]", "near: ['(unclosed']"), "r.yaml:6", "bad regex"),
    ("id: x\ncheck: range\ndescription: d\n", "r.yaml:1", "range needs min, max"),
    ("id: x\ncheck: consistency\ndescription: d\nmessage: '{nope}'\n", "r.yaml:4", "unknown message field"),
    ("id: x\n  check: [\n", "r.yaml:2", "YAML syntax error"),
    ("- just\n- a list\n", "r.yaml:1", "mapping"),
    ("id: x\ncheck: consistency\ndescription: d\noptions:\n  far_apart: 0.5\n", "r.yaml:", "0 (off) or at least 1"),
])
def test_bad_rules_name_file_and_line(text, where, words):
    msg = error_of(text)
    assert msg.startswith(where) and words in msg, msg


def test_a_rule_with_several_problems_names_each_at_its_line():
    msg = error_of("id: x\ncheck: consistency\nseverity: critical\nfoo: 1\n")
    assert msg.startswith("r.yaml:1: description: Field required"), msg
    assert "line 3: severity:" in msg and "line 4: foo: unknown key" in msg and "\n" not in msg


def test_yaml_is_loaded_safely():
    msg = error_of("id: x\ncheck: !!python/object/apply:os.system ['echo pwned']\ndescription: d\n")
    assert "YAML" in msg


def test_unknown_claim_reference(tmp_path):
    (tmp_path / "pack.yaml").write_text("claims:\n  total: {kinds: [money]}\n")
    (tmp_path / "rel.yaml").write_text("id: rel\ncheck: relation\ndescription: d\nlhs: part\nop: '<='\nrhs: total\n")
    with pytest.raises(RuleError) as e:
        load_rules([tmp_path])
    assert str(e.value).startswith(f"{tmp_path / 'rel.yaml'}:4") and "'part'" in str(e.value)


def test_duplicate_ids_rejected(tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD)
    (tmp_path / "b.yaml").write_text(GOOD)
    with pytest.raises(RuleError, match="already defined"):
        load_rules([tmp_path])


def test_oversized_rule_file_rejected(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text(GOOD + "#" * (MAX_RULE_FILE_BYTES + 10))
    with pytest.raises(RuleError, match="larger than"):
        load_rules([big])


def test_catastrophic_regex_cannot_hang():
    # (a+)+$ backtracks exponentially on a long run of a's followed by b; the timeout stops it.
    assert search(r"(a+)+$", "a" * 40 + "b") is False


def test_every_bundled_rule_has_a_doc_page_and_fixtures():
    from pathlib import Path

    from numcheck.ruleset import bundled_rules_dir

    root = Path(__file__).resolve().parents[1]
    rs = load_rules([bundled_rules_dir()])
    assert len(rs.rules) >= 5
    for rule in rs.rules:
        assert rule.link and (root / rule.link).is_file(), f"{rule.id}: missing doc page {rule.link}"
        rule_file = Path(rs.sources[rule.id])
        assert (rule_file.parent / f"{rule.id}.test").is_dir(), f"{rule.id}: no fixtures"
