"""`numcheck rules test`: run the fixtures kept beside each rule (semgrep-style annotations).

A rule ``pack/ID.yaml`` has fixtures in ``pack/ID.test/``: short articles where
``<!-- ruleid: ID -->`` says the next non-blank line must be flagged by ID and
``<!-- ok: ID -->`` says it must not be; ``todoruleid:``/``todook:`` are known
gaps and are not failures. Every failure is reported with file and line; all
fixtures run, none aborts the others.
"""
from __future__ import annotations

import re
from pathlib import Path

from numcheck.ruleset import RuleSet, load_rule_file

_ANNOTATION = re.compile(r"<!--\s*(?P<kind>todoruleid|todook|ruleid|ok)\s*:\s*(?P<ids>[a-z0-9, -]+?)\s*-->")


def _pack_settings(folder: Path) -> RuleSet:
    rs = RuleSet()
    for f in sorted(folder.glob("*.y*ml")):
        part = load_rule_file(f)
        if not part.rules:
            rs = rs.merged(part)
    return rs


def expectations(fixture_dir: Path) -> dict[tuple[str, int], list[tuple[str, str]]]:
    """(file name, line) -> [(kind, rule id)] for the line each annotation points at."""
    out: dict[tuple[str, int], list[tuple[str, str]]] = {}
    for f in sorted(p for p in fixture_dir.rglob("*") if p.is_file()):
        lines = f.read_text(encoding="utf-8").split("\n")
        pending: list[tuple[str, str]] = []
        for n, line in enumerate(lines, 1):
            found = list(_ANNOTATION.finditer(line))
            for a in found:
                pending += [(a.group("kind"), i.strip()) for i in a.group("ids").split(",") if i.strip()]
            rest = _ANNOTATION.sub("", line).strip()
            if rest and pending:
                out.setdefault((f.relative_to(fixture_dir).as_posix(), n), []).extend(pending)
                pending = []
    return out


def run_fixtures(paths: list[Path]) -> tuple[list[str], int]:
    """Failures (one line each, file:line first) and the number of rules tested."""
    from numcheck.api import check

    failures: list[str] = []
    tested = 0
    rule_files = []
    for p in paths:
        p = Path(p)
        rule_files += sorted(x for x in (p.rglob("*.y*ml") if p.is_dir() else [p])
                             if not any(part.endswith(".test") for part in x.parts))
    for rule_file in rule_files:
        part = load_rule_file(rule_file)
        if not part.rules:
            continue
        rule = part.rules[0]
        fixture_dir = rule_file.parent / f"{rule.id}.test"
        if not fixture_dir.is_dir():
            failures.append(f"{rule_file}:1: rule {rule.id} has no fixtures ({fixture_dir.name}/ missing)")
            continue
        tested += 1
        ruleset = _pack_settings(rule_file.parent).merged(part)
        ruleset.check_references()
        result = check([fixture_dir], ruleset=ruleset)
        failures += [f"{rule_file}:1: {err}" for err in result.rule_errors]
        got = {(f.doc, f.line) for f in result.all_findings if f.rule_id == rule.id}
        want = expectations(fixture_dir)
        for (doc, line), marks in sorted(want.items()):
            for kind, rid in marks:
                if rid != rule.id:
                    continue
                where = f"{fixture_dir / doc}:{line}"
                if kind == "ruleid" and (doc, line) not in got:
                    failures.append(f"{where}: expected a {rule.id} finding, none reported")
                elif kind == "ok" and (doc, line) in got:
                    failures.append(f"{where}: {rule.id} flagged a line marked ok")
        for doc, line in sorted(got):
            marks = want.get((doc, line), [])
            if not any(rid == rule.id and kind in ("ruleid", "todoruleid", "ok") for kind, rid in marks):
                msg = next(f.message for f in result.all_findings if (f.doc, f.line) == (doc, line))
                failures.append(f"{fixture_dir / doc}:{line}: unexpected {rule.id} finding: {msg}")
    return failures, tested
