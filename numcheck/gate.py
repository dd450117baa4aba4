"""Stage 5b: the CI gate: inline suppressions, the baseline, new-article mode and the exit code.

- ``<!-- numcheck: ignore RULE_ID[, RULE_ID...]: reason -->`` in an article silences those rules'
  findings on its own line and the next non-blank line; the reason is required and a malformed
  directive is an error (semgrep #6596: a lax parser silenced every rule).
- A baseline file holds accepted findings by fingerprint (rule, claim, article, surface, value,
  never line numbers), so edits elsewhere in a file do not resurrect them.
"""
from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from numcheck.models import Article, Finding, Severity

_DIRECTIVE = re.compile(r"<!--\s*numcheck\b(?P<body>.*?)-->", re.DOTALL)
_IGNORE = re.compile(r"^:\s*ignore\s+(?P<ids>[a-z0-9][a-z0-9-]*(?:\s*,\s*[a-z0-9][a-z0-9-]*)*)\s*:\s*(?P<reason>\S.*?)\s*$",
                     re.DOTALL)


class GateError(Exception):
    """A malformed directive, baseline or git reference; str() names the file (and line)."""


@dataclass(frozen=True)
class Suppression:
    doc: str
    line: int  # directive's line; it covers this line and the next non-blank one
    covers: int
    rule_ids: tuple[str, ...]
    reason: str


def suppressions(article: Article) -> list[Suppression]:
    out = []
    text = article.text
    for m in _DIRECTIVE.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        body = m.group("body")
        im = _IGNORE.match(body)
        where = f"{article.path or article.doc}:{line}"
        if not im:
            raise GateError(f"{where}: malformed numcheck directive {m.group(0)!r}; "
                            "expected <!-- numcheck: ignore RULE_ID: reason -->")
        rest = text[m.end():]
        covers = line + rest.count("\n", 0, len(rest) - len(rest.lstrip())) if rest.strip() else line
        ids = tuple(i.strip() for i in im.group("ids").split(","))
        out.append(Suppression(article.doc, line, covers, ids, im.group("reason")))
    return out


def is_suppressed(f: Finding, by_doc: dict[str, list[Suppression]]) -> bool:
    return any(f.rule_id in s.rule_ids and f.line in (s.line, s.covers) for s in by_doc.get(f.doc, ()))


def read_baseline(path: Path) -> set[str]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return {entry["fingerprint"] for entry in data["findings"]}
    except FileNotFoundError:
        raise GateError(f"{path}: baseline file not found (write one with `numcheck baseline`)") from None
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise GateError(f"{path}: not a numcheck baseline: {e}") from None


def baseline_document(findings: list[Finding]) -> dict:
    return {
        "version": 1,
        "findings": sorted(
            ({"fingerprint": f.fingerprint, "rule_id": f.rule_id, "doc": f.doc, "surface": f.surface,
              "claim": f.claim} for f in findings),
            key=lambda e: (e["doc"], e["rule_id"], e["fingerprint"]),
        ),
    }


def changed_since(ref: str, cwd: Path | None = None) -> set[Path]:
    """Files added or modified since a git ref (and not yet committed), as resolved paths."""
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True,
                             cwd=cwd).stdout.strip()
        out = subprocess.run(["git", "diff", "--name-only", "--diff-filter=AM", ref], capture_output=True, text=True,
                             check=True, cwd=cwd).stdout
        untracked = subprocess.run(["git", "ls-files", "--others", "--exclude-standard"], capture_output=True,
                                   text=True, check=True, cwd=top).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        detail = getattr(e, "stderr", "") or str(e)
        raise GateError(f"--changed-since {ref}: git failed: {detail.strip().splitlines()[-1] if detail.strip() else e}") from None
    return {(Path(top) / p).resolve() for p in (out + untracked).splitlines() if p}


def exit_code(findings: list[Finding], fail_on: Severity, exit_zero: bool) -> int:
    if exit_zero:
        return 0
    return 1 if any(f.severity.rank >= fail_on.rank for f in findings) else 0
