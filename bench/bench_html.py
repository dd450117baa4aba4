#!/usr/bin/env python
"""The HTML report of a 10,000-finding run: render time, file size and Chromium load time.

    python bench/bench_html.py [--findings 10000] [--runs 3] [--keep DIR]

Writes a synthetic corpus (stories whose figures drift across articles, each article padded with
news-like prose to about 2,500 characters) to a temporary folder, makes the findings a consistency
rule would give on it (claim c: 1 + c % 3 articles give its consensus, 1 + c % 4 others a drifting
figure, each flagged against the consensus; every finding carries the claim's group of figures, as
the rule reads them, for its card; severities, rules, currencies mixed), then times what
``numcheck check`` does for its page: read the articles the findings name and extract their figures
(``html_report.load_articles``), render and write the page. The page is opened --runs times in
Debian's Chromium (/usr/bin/chromium, through Playwright) and the load time is the navigation's
loadEventEnd (from the request to the end of the load event).

Targets (issue 16): the page loads in under 2 s and weighs under 20 MB. Not a test: it prints.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _common import machine_line  # noqa: E402 (bench/ is sys.path[0])

from numcheck import api, html_report  # noqa: E402
from numcheck.checks import comparable_value, interval  # noqa: E402
from numcheck.extraction import extract  # noqa: E402
from numcheck.models import Finding, GroupFigure, Severity  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
FILLER = ("Analysts said the announcement came after weeks of speculation about the company's plans, "
          "and that investors would watch the next quarterly results closely. The chief executive told "
          "reporters in the capital that the board had approved the decision unanimously. ")
CLAIMS_PER_ARTICLE = 6
ARTICLE_CHARS = 2500
RULES = [("figures-agree", 0.7), ("openai-stargate-commitment", 0.15), ("stargate-share-within-total", 0.15)]
DRIFT = (1.3, 0.6, 10.0, 1.08, 0.25, 2.0)


def synthetic_run(directory: Path, n_findings: int, fx, seed: int = 16) -> list[Finding]:
    """Articles under ``directory`` and the findings on them: claim c has 1 + c % 3 articles giving its
    consensus and 1 + c % 4 flagged figures (2.5 on average), each against the consensus figure of
    another article; every finding carries the claim's figures."""
    rng = random.Random(seed)
    flagged_per_claim = []
    while sum(flagged_per_claim) < n_findings:
        flagged_per_claim.append(min(1 + len(flagged_per_claim) % 4, n_findings - sum(flagged_per_claim)))
    agreeing = [1 + c % 3 for c in range(len(flagged_per_claim))]
    # (claim, k): k < agreeing[c] gives the consensus, the others drift from it.
    slots = [(c, k) for c, n in enumerate(flagged_per_claim) for k in range(agreeing[c] + n)]
    rng.shuffle(slots)
    base = {c: rng.choice([1, 2, 5]) * 10 ** rng.randint(5, 10) for c in range(len(flagged_per_claim))}
    placed: dict[tuple[int, int], GroupFigure] = {}
    for a in range(0, len(slots), CLAIMS_PER_ARTICLE):
        doc = f"story_{a // CLAIMS_PER_ARTICLE:05d}.txt"
        text = ""
        for c, k in slots[a:a + CLAIMS_PER_ARTICLE]:
            value = base[c] * (DRIFT[(c + k) % len(DRIFT)] if k >= agreeing[c] else 1)
            amount = f"{value / 1e9:.3g} billion" if value >= 1e9 else f"{value / 1e6:.3g} million"
            surface = f"{amount} euros" if c % 9 == 0 else f"${amount}"
            # About 140 characters, as the sentences of the figures of ../shared/data's findings (mean 138).
            sentence = (f"The regional development project number {c}, first announced in the spring, will cost "
                        f"{surface}, officials in the ministry said on Tuesday.")
            at = sentence.index(surface)
            start = len(text) + at
            m = next(m for m in extract(sentence, doc) if m.start == at)  # as numcheck reads it: value, unit, rounding
            low, high = interval(m, fx, rounding=True)
            placed[(c, k)] = GroupFigure(
                doc=doc, line=text.count("\n") + 1, start=start, end=start + len(surface), surface=surface,
                kind=m.kind, value=m.value, unit=m.unit, compared=comparable_value(m, fx), low=low, high=high,
                qualifier=m.qualifier, consensus=k < agreeing[c], sentence=sentence)
            text += sentence + "\n" + FILLER * 2 + "\n"
        text += (FILLER * (1 + max(0, ARTICLE_CHARS - len(text)) // len(FILLER)))[:max(0, ARTICLE_CHARS - len(text))]
        (directory / doc).write_text(text, encoding="utf-8")
    findings = []
    severities = list(Severity)
    for c, n in enumerate(flagged_per_claim):
        rule = rng.choices([r for r, _ in RULES], [w for _, w in RULES])[0]
        group = tuple(sorted((placed[(c, k)] for k in range(agreeing[c] + n)), key=lambda g: (g.doc, g.start)))
        o = placed[(c, 0)]
        for k in range(agreeing[c], agreeing[c] + n):
            g = placed[(c, k)]
            diff = abs(g.compared - o.compared) / max(g.compared, o.compared)
            findings.append(Finding(
                rule_id=rule, severity=severities[(c + k) % 3], claim=f"project {c} · cost (money)", doc=g.doc,
                line=g.line, start=g.start, end=g.end, surface=g.surface, value=g.value, unit=g.unit,
                other_doc=o.doc, other_line=o.line, other_start=o.start, other_end=o.end, other_surface=o.surface,
                other_value=o.value, other_unit=o.unit, rel_diff=diff, sentence=g.sentence,
                message=(f"{g.surface} ({g.doc}:{g.line}) disagrees with {o.surface}, given by {agreeing[c]} "
                         f"article{'s' if agreeing[c] > 1 else ''} ({o.doc}); they differ by {diff:.1%}; paired "
                         f"as both: regional, development, project, cost; match 0.71"),
                link="docs/rules/figures-agree.md", fingerprint=f"{c:08x}{k:08x}", score=0.71,
                evidence="regional, development, project, cost", story=f"s{c:07x}",
                story_label="regional · development · ministry", figures=group))
    return findings


def chromium_load_seconds(page_path: Path, runs: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(page_path.resolve().as_uri(), wait_until="load", timeout=120_000)
            times.append(page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd") / 1000)
            page.close()
        browser.close()
    return times


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--findings", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3, help="page loads to time")
    ap.add_argument("--keep", type=Path, help="write the corpus and page here instead of a temporary folder")
    args = ap.parse_args()
    print(machine_line())
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        corpus = out / "corpus"
        corpus.mkdir(parents=True, exist_ok=True)
        ruleset = api.load_ruleset()
        findings = synthetic_run(corpus, args.findings, ruleset.settings.fx)
        page_path = out / "discrepancies.html"
        t0 = time.perf_counter()
        articles = html_report.load_articles([corpus], findings)
        t1 = time.perf_counter()
        summary = {"articles": len(list(corpus.iterdir())), "findings": len(findings)}
        html_report.write_page(page_path, findings, summary, 1, articles, ruleset)
        t2 = time.perf_counter()
        size = page_path.stat().st_size
        table = page_path.read_text(encoding="utf-8").split('id="findings-table"', 1)[1].split("</tbody>", 1)[0]
        held = table.count("<tr><td>")  # a row per finding the page holds (the most severe, within 20 MB)
        groups = {f.figures for f in findings}
        print(f"{len(findings):,} findings, {len(groups):,} cards holding {sum(map(len, groups)):,} figures, "
              f"{len(articles):,} of {len(html_report.findings_per_doc(findings)):,} articles with a view")
        print(f"read + extract articles: {t1 - t0:.2f} s; render + write page: {t2 - t1:.2f} s")
        print(f"page: {size / 1e6:.1f} MB (target < 20 MB), holding {held:,} of the {len(findings):,} findings")
        if not Path(CHROMIUM).exists():
            print(f"Chromium load: not measured ({CHROMIUM} missing: apt-get install chromium)")
            return 0
        loads = chromium_load_seconds(page_path, args.runs)
        print(f"Chromium load (loadEventEnd), {args.runs} runs: median {statistics.median(loads):.2f} s, "
              f"max {max(loads):.2f} s (target < 2 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
