"""The Python API over the whole pipeline: load -> extract -> key claims -> rules -> gate.

    result = numcheck.check(["seeds/"])
    for f in result.findings: print(f.doc, f.line, f.message)

The CLI is a thin layer over this module.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

from numcheck import gate
from numcheck.claims import Keying, key_claims
from numcheck.extraction import extract
from numcheck.load import iter_articles
from numcheck.models import Article, Claim, Finding, LoadWarning, Mention
from numcheck.ruleset import RuleSet, bundled_rules_dir, load_rules


@dataclass
class CheckResult:
    findings: list[Finding]  # what the gate counts: after suppressions, baseline and new-article filter
    all_findings: list[Finding]
    rules: list
    articles: int = 0
    mentions: int = 0
    claims: int = 0
    suppressed: int = 0
    baselined: int = 0
    not_new: int = 0
    warnings: list[LoadWarning] = field(default_factory=list)
    rule_errors: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        return {"articles": self.articles, "mentions": self.mentions, "claims": self.claims, "rules": len(self.rules),
                "findings": len(self.findings), "suppressed": self.suppressed, "baselined": self.baselined,
                "not_new": self.not_new, "warnings": len(self.warnings), "rule_errors": self.rule_errors}


def load_ruleset(rules: Iterable[str | Path] = (), bundled: bool = True) -> RuleSet:
    paths = ([bundled_rules_dir()] if bundled else []) + [Path(p) for p in rules]
    return load_rules(paths)


def keying_for(ruleset: RuleSet) -> Keying:
    s = ruleset.settings
    return Keying.build(aliases=s.aliases, measures=s.measures, not_subjects=s.not_subjects)


def analyse_article(article: Article, keying: Keying) -> tuple[list[Mention], list[Claim]]:
    """Extract and key one article: the unit of work that runs in parallel and is cached."""
    mentions = extract(article.text, article.doc)
    return mentions, key_claims(article, mentions, keying)


def check(
    paths: Iterable[str | Path],
    *,
    rules: Iterable[str | Path] = (),
    bundled: bool = True,
    ruleset: Optional[RuleSet] = None,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    new: Iterable[str | Path] = (),
    changed_since: Optional[str] = None,
    baseline: Optional[str | Path] = None,
    strict: bool = False,
    on_warning: Optional[Callable[[LoadWarning], None]] = None,
) -> CheckResult:
    """Check a corpus. Raises load.InputError, ruleset.RuleError or gate.GateError on bad input."""
    ruleset = ruleset or load_ruleset(rules, bundled)
    keying = keying_for(ruleset)
    warnings: list[LoadWarning] = []

    def warn(w: LoadWarning) -> None:
        warnings.append(w)
        if on_warning:
            on_warning(w)

    paths = [Path(p) for p in paths]
    new_paths = [Path(p) for p in new]
    articles = list(iter_articles(paths + [p for p in new_paths if not _inside(p, paths)], include=include,
                                  exclude=exclude, on_warning=warn, strict=strict))
    new_files = {p.resolve() for p in new_paths}
    if changed_since:
        new_files |= gate.changed_since(changed_since)
    new_docs = {a.doc for a in articles if new_files and _is_new(a, new_files)}

    all_claims: list[Claim] = []
    suppress: dict[str, list[gate.Suppression]] = {}
    n_mentions = 0
    for article in articles:
        mentions, claims = analyse_article(article, keying)
        n_mentions += len(mentions)
        all_claims.extend(claims)
        sup = gate.suppressions(article)
        if sup:
            suppress[article.doc] = sup
    findings, rule_errors = run_rules(ruleset, all_claims)

    result = CheckResult(findings=[], all_findings=findings, rules=ruleset.rules, articles=len(articles),
                         mentions=n_mentions, claims=len(all_claims), warnings=warnings, rule_errors=rule_errors)
    accepted = gate.read_baseline(Path(baseline)) if baseline else set()
    for f in findings:
        if gate.is_suppressed(f, suppress):
            result.suppressed += 1
        elif f.fingerprint in accepted:
            result.baselined += 1
        elif (new_files or changed_since) and f.doc not in new_docs and f.other_doc not in new_docs:
            result.not_new += 1
        else:
            result.findings.append(f)
    return result


def run_rules(ruleset: RuleSet, claims: list[Claim]) -> tuple[list[Finding], list[str]]:
    """Every rule over the claims; a rule that raises is reported by id and the others go on."""
    from numcheck.checks import Context, run_rule

    ctx = Context(claims=claims, ruleset=ruleset)
    findings: list[Finding] = []
    errors: list[str] = []
    for rule in ruleset.rules:
        try:
            findings.extend(run_rule(rule, ctx))
        except Exception as e:  # noqa: BLE001 - one broken rule must not stop the others
            errors.append(f"rule {rule.id} ({ruleset.sources.get(rule.id, '?')}) failed: {type(e).__name__}: {e}")
    return findings, errors


def _inside(p: Path, roots: list[Path]) -> bool:
    rp = p.resolve()
    return any(rp == r.resolve() or r.resolve() in rp.parents for r in roots)


def _is_new(article: Article, new_files: set[Path]) -> bool:
    src = Path(article.path).resolve() if article.path else None
    return src is not None and (src in new_files or any(d in src.parents for d in new_files if d.is_dir()))
