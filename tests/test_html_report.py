"""The HTML report (numcheck/html_report.py): unit tests, then the page in a real browser.

Browser tests drive Debian's Chromium (/usr/bin/chromium) through Playwright; they skip, with the
reason, only when no browser can be launched. Screenshots of the summary, a claim card and an article
view are saved to tests/artifacts/html_report/ (printed by .ci/run).
"""
from __future__ import annotations

import json
import math
import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from numcheck import html_report
from numcheck.api import load_ruleset
from numcheck.cli import main
from numcheck.extraction import extract
from numcheck.models import Finding, GroupFigure, Kind, Qualifier, Severity
from numcheck.report import csv_bytes

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
ARTIFACTS = ROOT / "tests" / "artifacts" / "html_report"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
HOSTILE = ('\n\nReader comment: <script>window.__pwned = "script"; document.title = "pwned"</script>'
           '<img src="x" onerror="window.__pwned = \'img\'"> and </div><b>bold</b>'
           '</noscript><img src="y" onerror="window.__pwned = \'noscript\'">\n')
# One theft in four articles, in two currencies: the consistency rule converts both euro figures at the
# dated one's rate (2013's 1.32, not the FX table's 1.04) and flags the $190 million.
JEWELS = "An armed man made off with jewellery worth {} from a diamond exhibition at the Carlton hotel in Cannes."


def run_check(corpus: Path, out: Path, *extra: str) -> dict:
    """``numcheck check`` on a corpus: the JSON report it prints (the HTML goes beside out/d.csv)."""
    result = CliRunner().invoke(main, ["check", str(corpus), "--report", str(out / "d.csv"), "--format", "json",
                                       "--cache-dir", str(out / "cache"), "-j", "1", *extra])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("seeds")
    return out, run_check(SEEDS, out)


@pytest.fixture(scope="module")
def jewels_run(tmp_path_factory) -> tuple[Path, dict]:
    corpus = tmp_path_factory.mktemp("jewels")
    (corpus / "a.jsonl").write_text(json.dumps({"text": JEWELS.format("€103 million"), "date": "2013-09-09",
                                                "source": "Reuters"}) + "\n")
    (corpus / "b.txt").write_text(JEWELS.format("103 million euros") + "\n")
    (corpus / "c.txt").write_text(JEWELS.format("$136 million") + "\n")
    (corpus / "d.txt").write_text(JEWELS.format("$190 million") + "\n")
    out = tmp_path_factory.mktemp("jewels-out")
    return out, run_check(corpus, out)


# --- without a browser ------------------------------------------------------------------------------

@pytest.mark.parametrize("values, log", [
    ([19e9, 500e9], True),  # the seeds' commitment against the project's total
    ([1.0, 10.0], True),  # one order of magnitude is enough
    ([5.6e6, 6.5e6], False),
    ([2000.0, 2000.0], False),
    ([0.0, 5e6], False),  # no log of zero
    ([-3.0, 400.0], False),
    ([7.0], False),
    ([1.0, math.inf], False),  # unbounded ends are not figures
])
def test_log_scale_when_figures_span_an_order_of_magnitude(values, log):
    assert html_report.use_log_scale(values) is log


def test_axis_places_values_in_order_and_ticks_inside_the_plot():
    for log in (False, True):
        axis = html_report.Axis(19e9, 500e9, log)
        assert html_report.PLOT_X0 < axis.x(19e9) < axis.x(100e9) < axis.x(500e9) < html_report.PLOT_X1
        ticks = axis.ticks()
        assert 2 <= len(ticks) <= html_report.MAX_TICKS
        assert all(html_report.PLOT_X0 <= x <= html_report.PLOT_X1 for x, _ in ticks)
    assert [label for _, label in html_report.Axis(1e3, 1e6, True).ticks()] == ["1k", "10k", "100k", "1M"]


def hostile_finding(**changes) -> Finding:
    fields = dict(rule_id="figures-agree", severity=Severity.error, claim="<b>cost</b> · <script>x()</script>",
                  doc="a<img src=x onerror=alert(1)>.txt", line=1, start=10, end=22, surface="$5.6 million",
                  value=5.6e6, unit="USD", other_doc="b.txt", other_line=1, other_start=0, other_end=10,
                  other_surface="$6 million", other_value=6e6, other_unit="USD", rel_diff=0.07,
                  message="</p><script>alert('message')</script>", sentence="<i>It cost $5.6 million</i>",
                  score=0.8, evidence="<svg onload=alert(1)>")
    fields.update(changes)
    return Finding(**fields)


def test_article_text_and_finding_fields_are_escaped():
    text = "It cost <script>alert('text')</script> $5.6 million, said <img src=x onerror=alert(1)>."
    article = html_report.ReportArticle(doc="a<img src=x onerror=alert(1)>.txt", text=text,
                                        mentions=extract(text, "a<img src=x onerror=alert(1)>.txt"))
    page = html_report.render_page([hostile_finding(start=text.index("$"))], {}, 1, [article])
    assert page.count("<script>") == 2  # the page's own two
    for raw in ("<script>alert", "<script>x()", "<img src=x", "<svg onload", "<b>cost</b>", "<i>It cost"):
        assert raw not in page
    assert "&lt;script&gt;alert(&#39;text&#39;)&lt;/script&gt;" in page
    assert "default-src 'none'" in page  # and were anything let through, the policy would block it


def test_page_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    path = tmp_path / "page.html"
    path.write_text("previous page")

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        html_report.write_page(path, [hostile_finding()], {}, 1, [])
    assert path.read_text() == "previous page"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]  # no temporary file left behind


def test_card_points_are_the_findings_figures_with_their_intervals(seeds_run):
    _, run = seeds_run
    findings = [Finding.model_validate(f) for f in run["findings"]]
    articles = [html_report.ReportArticle.model_validate(a) for a in run["articles"]]
    cards = html_report.build_cards(findings, articles, load_ruleset())
    assert {(c.rule_id, c.claim) for c in cards} == {(f.rule_id, f.claim) for f in findings}
    chips = next(c for c in cards if c.rule_id == "figures-agree")
    by_surface = {p.surface: p for p in chips.points}
    vague = by_surface["a couple thousand reduced-capability chips"]
    assert vague.flagged and (vague.low, vague.high) == (1500.0, 3000.0)  # the vague words' interval
    exact = by_surface["2,000 Nvidia H800 chips"]
    assert not exact.flagged and (exact.low, exact.high) == (1500.0, 2500.0)  # rounding at its precision
    assert chips.band == pytest.approx((1980.0, 2020.0))  # the consensus, within the rule's rel_tol (1%)
    commitment = next(c for c in cards if c.rule_id == "openai-stargate-commitment")
    assert commitment.log  # $19 billion against $500 billion


def test_a_card_draws_its_group_as_the_rule_read_it(jewels_run):
    """The finding names two figures; its card draws the four its group holds, at the values the rule
    compared (tests/test_check.py checks those), the band spanning the three that agree."""
    _, run = jewels_run
    [found] = [Finding.model_validate(f) for f in run["findings"] if f["rule_id"] == "figures-agree"]
    compared = {g.doc: g.compared for g in found.figures}
    [card] = html_report.build_cards([found], [], load_ruleset())
    assert sorted((p.doc, p.plotted, p.flagged) for p in card.points) == [
        ("a.jsonl:1", compared["a.jsonl:1"], False), ("b.txt", compared["b.txt"], False),
        ("c.txt", 136e6, False), ("d.txt", 190e6, True)]
    assert card.band == pytest.approx((compared["a.jsonl:1"] * 0.99, 136e6 * 1.01))  # within rel_tol (1%)
    assert [p.notes[0] for p in card.points[:2]] == ["compared as 135.9 million USD"] * 2
    assert not card.log


def test_a_card_from_a_csv_report_shows_the_pair(jewels_run):
    """The CSV has no room for a group: its cards fall back to each finding's two figures."""
    out, _ = jewels_run
    saved = html_report.read_saved_run(out / "d.csv")
    assert [f.figures for f in saved.findings] == [()]
    [card] = html_report.build_cards(saved.findings, saved.articles, load_ruleset())
    assert sorted((p.doc, p.flagged) for p in card.points) == [("a.jsonl:1", False), ("d.txt", True)]


def test_each_group_of_a_claim_label_has_its_card():
    """Two stories' groups may be labelled alike ("killed people (count)"): one card each."""
    findings, _ = large_run(6)
    first = findings[0]
    other = first.model_copy(update={"doc": "b-" + first.doc, "other_doc": "b-" + first.other_doc, "figures": tuple(
        g.model_copy(update={"doc": "b-" + g.doc}) for g in first.figures)})  # the same, in other articles
    cards = html_report.build_cards([first, other], [])
    assert len(cards) == 2 and cards[0].claim == cards[1].claim
    assert sorted(sorted(p.doc for p in c.points) for c in cards) == sorted(
        sorted(g.doc for g in f.figures) for f in (first, other))


def table_rows(page: str) -> str:
    return page.split('id="findings-table"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]


def test_page_holds_the_most_severe_findings_up_to_its_limit(monkeypatch):
    findings, articles = large_run(12)
    findings = [f.model_copy(update={"severity": list(Severity)[i % 3]}) for i, f in enumerate(findings)]  # 4 each
    monkeypatch.setattr(html_report, "MAX_FINDINGS", 5)
    page = html_report.render_page(findings, {}, 1, articles)
    rows = table_rows(page)
    assert [rows.count(f'<tr><td><span class="badge sev-{s}">') for s in ("error", "warning", "info")] == [4, 1, 0]
    assert "holds the 5 most severe of the 12 findings" in page


def test_the_estimate_of_a_pages_weight_is_within_5_percent():
    """FINDING_BYTES, CARD_BYTES and FIGURE_BYTES: refit them (see html_report) when the markup changes."""
    findings, articles = large_run(600)
    page = html_report.render_page(findings, {}, 1, articles)
    rows_and_cards = len(page[page.index('<section id="findings"'):page.index('<section id="articles"')].encode())
    ordered = html_report.sort_findings(findings)
    assert html_report.fitting(ordered, int(rows_and_cards * 0.95)) < len(findings)
    assert html_report.fitting(ordered, int(rows_and_cards * 1.05)) == len(findings)


def test_page_holds_fewer_findings_when_their_cards_would_pass_its_weight(monkeypatch):
    findings, articles = large_run(200)
    whole = len(html_report.render_page(findings, {}, 1, articles).encode())
    monkeypatch.setattr(html_report, "MAX_PAGE_BYTES", whole // 2)
    page = html_report.render_page(findings, {}, 1, articles)
    held = table_rows(page).count("<tr><td>")
    assert len(page.encode()) <= whole // 2 and 50 < held < 200
    assert f"holds the {held} most severe of the 200 findings" in page


def test_check_writes_html_beside_csv_and_obeys_html_options(tmp_path):
    run_check(SEEDS, tmp_path)
    assert (tmp_path / "d.html").read_text().startswith("<!DOCTYPE html>")
    run_check(SEEDS, tmp_path, "--html", str(tmp_path / "elsewhere" / "page.html"))
    assert (tmp_path / "elsewhere" / "page.html").exists()
    (tmp_path / "d.html").unlink()
    run_check(SEEDS, tmp_path, "--no-html")
    assert not (tmp_path / "d.html").exists()


def test_json_report_keeps_the_articles_and_report_renders_it(seeds_run, tmp_path):
    out, run = seeds_run
    named = {f["doc"] for f in run["findings"]} | {f["other_doc"] for f in run["findings"] if f["other_doc"]}
    assert {a["doc"] for a in run["articles"]} == named
    saved = tmp_path / "run.json"
    saved.write_text(json.dumps(run))
    result = CliRunner().invoke(main, ["report", str(saved), "-o", str(tmp_path / "page.html")])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "page.html").read_text()
    # Without -o the page goes beside the saved run, never over another run's page.
    assert CliRunner().invoke(main, ["report", str(saved)]).exit_code == 0
    assert (tmp_path / "run.html").read_text() == page
    assert page.count('<details class="article"') == len(named)
    # The same page as the check wrote, but for the line saying where it was rendered from.
    assert page.replace(f'<p class="muted">Rendered from {saved}.</p>', "") == (out / "d.html").read_text()


def test_csv_report_round_trips_to_the_same_findings(tmp_path):
    findings = [hostile_finding(surface="-5%", message="=HYPERLINK(1)", other_doc="", other_line=None,
                                other_start=None, other_end=None, other_surface="", other_value=None,
                                other_unit="", rel_diff=None, score=None),
                hostile_finding(rule_id="other", severity=Severity.info)]
    path = tmp_path / "d.csv"
    path.write_bytes(csv_bytes(findings))
    assert sorted(html_report.read_saved_run(path).findings, key=lambda f: f.rule_id) == \
        sorted(findings, key=lambda f: f.rule_id)
    result = CliRunner().invoke(main, ["report", str(path), "-o", str(tmp_path / "page.html")])
    assert result.exit_code == 0, result.output
    assert "a CSV report holds findings only" in (tmp_path / "page.html").read_text()


@pytest.mark.parametrize("name, content", [("bad.json", '{"summary": {}}'),
                                           ("other.csv", "name,amount\n")])  # a header alone is no empty run
def test_a_file_that_is_no_report_is_one_line_and_exit_2(tmp_path, name, content):
    bad = tmp_path / name
    bad.write_text(content)
    result = CliRunner().invoke(main, ["report", str(bad), "-o", str(tmp_path / "page.html")])
    assert result.exit_code == 2 and "not a numcheck JSON or CSV report" in result.output
    assert len(result.output.strip().splitlines()) == 1 and not (tmp_path / "page.html").exists()


def test_a_page_that_cannot_be_written_is_one_line_and_exit_2(seeds_run, tmp_path):
    (tmp_path / "file").write_text("")
    where = tmp_path / "file" / "page.html"  # under a regular file: no one can make that folder
    (tmp_path / "run.json").write_text(json.dumps(seeds_run[1]))
    for args in (["report", str(tmp_path / "run.json"), "-o", str(where)],
                 ["check", str(SEEDS), "--report", str(tmp_path / "d.csv"), "--html", str(where), "-q", "-j", "1",
                  "--no-cache"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, result.output
        assert result.output.strip().splitlines()[-1].startswith(f"numcheck: error: {where}: cannot write: ")
        assert "Traceback" not in result.output


def test_help_imports_neither_jinja2_nor_the_html_writer():
    import subprocess

    code = ("import sys; from numcheck.cli import main\n"
            "try: main(['--help'])\nexcept SystemExit: pass\n"
            "print(sorted(m for m in sys.modules if m in ('jinja2', 'numcheck.html_report')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.strip().endswith("[]")


# --- in Chromium ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install playwright)")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no browser: {CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as p:
        try:
            launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Error as e:
            pytest.skip(f"no browser: {CHROMIUM} cannot be launched: {str(e).splitlines()[0]}")
        yield launched
        launched.close()


class Opened:
    """A page open in Chromium, with what it logged and requested."""

    def __init__(self, browser, path: Path, script: bool = True):
        self.page = browser.new_page(viewport={"width": 1280, "height": 900}, java_script_enabled=script)
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.url = path.resolve().as_uri()
        self.page.goto(self.url, wait_until="load")

    def visible_rows(self) -> list[list[str]]:
        return self.page.eval_on_selector_all(
            "#findings-table tbody tr",
            "rows => rows.filter(r => r.offsetParent !== null).map(r => Array.from(r.cells, c => c.textContent))")

    def row_cards(self) -> list[str]:
        """The card each row of the findings table links to, in the page's order."""
        return self.page.eval_on_selector_all("#findings-table tbody tr td:nth-child(3) a",
                                              "links => links.map(a => a.getAttribute('href').slice(1))")

    def card_points(self) -> dict[str, list[tuple[str, float, float]]]:
        """Each card's id -> its points' (article, value, x), as drawn: the label beside each dot names
        its article."""
        return dict(self.page.eval_on_selector_all("details.card", """cards => cards.map(c => [c.id,
            Array.from(c.querySelectorAll('svg g:has(> circle[data-value])'), g => [
                g.querySelector('text').firstChild.nodeValue.split(' · ')[0],
                parseFloat(g.querySelector('circle[data-value]').dataset.value),
                parseFloat(g.querySelector('circle[data-value]').getAttribute('cx'))])])"""))

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.dialogs == []
        assert set(self.requests) == {self.url}  # nothing fetched: no network, no CDN, no font


def expected_points(findings: list[dict], cards: list[str]) -> dict[str, list[tuple[str, float]]]:
    """Each card (``cards``: each finding's, in report order) -> the (article, value) of the figures it
    must draw: its group's (those with a value on the line), or else the two each finding names."""
    points: dict[str, dict] = {}
    for f, card in zip(findings, cards, strict=True):
        figures = points.setdefault(card, {})
        for g in f["figures"]:
            if g["value"] is not None and g["compared"] is not None:
                figures[(g["doc"], g["start"])] = (g["doc"], g["value"])
        if not f["figures"]:
            figures[(f["doc"], f["start"])] = (f["doc"], f["value"])
            if f["other_doc"]:
                figures[(f["other_doc"], f["other_start"])] = (f["other_doc"], f["other_value"])
    return {card: sorted(figures.values()) for card, figures in points.items()}


def assert_points_are_the_figures(opened: Opened, findings: list[dict]) -> None:
    """Every card's dots are its claim's figures, the larger the further right."""
    drawn = opened.card_points()
    assert {card: sorted((doc, v) for doc, v, _ in pts) for card, pts in drawn.items()} == \
        expected_points(findings, opened.row_cards())
    assert sum(map(len, drawn.values())) > len(drawn)  # the check saw dots
    for pts in drawn.values():
        xs = [x for _, _, x in sorted(pts, key=lambda p: p[1])]
        assert xs == sorted(xs)


def test_seeds_page_in_chromium(browser, seeds_run):
    out, run = seeds_run
    opened = Opened(browser, out / "d.html")
    page = opened.page
    assert page.locator("details.card").count() == len({(f["rule_id"], f["claim"]) for f in run["findings"]})
    assert_points_are_the_figures(opened, run["findings"])
    assert page.locator("#exit-status").inner_text().startswith("exit 0")
    commitment = page.locator("details.card", has_text="openai-stargate-commitment")
    assert commitment.locator("svg").get_attribute("data-scale") == "log"
    assert "OpenAI" in commitment.locator("svg title").first.text_content()
    assert commitment.locator(".figures mark").first.inner_text() == "$19 billion"
    # A flagged figure is drawn in its finding's severity: an info card's is no error red.
    fills = {sev: page.locator(f"details.card.sev-{sev} svg circle.flagged").first.evaluate(
        "e => getComputedStyle(e).fill") for sev in ("info", "warning")
        if page.locator(f"details.card.sev-{sev} svg circle.flagged").count()}
    assert "info" in fills and len(set(fills.values())) == len(fills)
    assert fills["info"] != page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--error')")
    assert fills["info"] != "rgb(176, 0, 32)"
    # A row's claim link leads to its card; a claimed figure in an article view leads there too.
    page.locator("#findings-table a[href^='#card-']").first.click()
    assert page.evaluate("location.hash").startswith("#card-")
    figure = page.locator("details.article a.m").first
    card_id = figure.get_attribute("href")[1:]
    figure.focus()
    tip = figure.locator(".tip")
    assert tip.is_visible() and "count" in tip.inner_text() and "chip" in tip.inner_text()
    assert page.locator(f"details.card#{card_id}").count() == 1
    opened.assert_clean()

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator("#summary").screenshot(path=ARTIFACTS / "summary.png")
    page.locator("details.card", has_text="figures-agree").screenshot(path=ARTIFACTS / "card.png")
    article = page.locator("details.article").first
    article.scroll_into_view_if_needed()
    article.screenshot(path=ARTIFACTS / "article.png")
    assert all((ARTIFACTS / name).stat().st_size > 5000 for name in ("summary.png", "card.png", "article.png"))
    print(f"screenshots: {ARTIFACTS}")


def test_a_card_draws_every_article_of_its_group_in_chromium(browser, jewels_run):
    """Four articles' figures of one theft, two in euros converted as the rule converted them, though the
    finding names two; the docs/ screenshot of a claim card is this one."""
    out, run = jewels_run
    opened = Opened(browser, out / "d.html")
    card = opened.page.locator("details.card", has_text="figures-agree")
    assert card.locator("svg circle[data-value]").count() == 4
    assert card.locator("svg circle.flagged").count() == 1 and card.locator("svg rect.band").count() == 1
    assert card.locator(".figures tbody tr").count() == 4
    assert "Reuters" in card.locator("svg").text_content()  # a point labelled by its outlet
    assert_points_are_the_figures(opened, run["findings"])
    opened.assert_clean()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    card.screenshot(path=ARTIFACTS / "group-card.png")
    assert (ARTIFACTS / "group-card.png").stat().st_size > 5000


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two CSS rgb()/rgba() colours."""
    def luminance(css: str) -> float:
        channels = [int(float(c)) / 255 for c in css[css.index("(") + 1:-1].split(",")[:3]]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    hi, lo = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_text_colours_pass_wcag_aa(browser, seeds_run):
    out, _ = seeds_run
    opened = Opened(browser, out / "d.html")
    # Each kind of text on the page: its colour and the background it sits on (the nearest one painted).
    pairs = opened.page.evaluate("""() => {
        const background = el => { for (; el; el = el.parentElement) { const c = getComputedStyle(el).backgroundColor;
            if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c; } return 'rgb(255, 255, 255)'; };
        const sel = 'body, .badge, .muted, .rule, a, th, td, .m, .tip, mark, small, figcaption, .filters label';
        return Array.from(document.querySelectorAll(sel), el => [el.tagName + '.' + el.className,
            getComputedStyle(el).color, background(el)]); }""")
    assert {what.split(".")[1].split(" ")[0] or what.split(".")[0] for what, _, _ in pairs} >= \
        {"badge", "m", "tip", "MARK", "muted"}
    low = [(what, fg, bg) for what, fg, bg in pairs if contrast(fg, bg) < 4.5]
    assert low == []


@pytest.mark.parametrize("collapsed", [False, True], ids=["open", "collapsed"])
def test_hostile_article_runs_nothing(browser, tmp_path, monkeypatch, collapsed):
    """Article text is escaped, whether the view is open or collapsed (its markup held in a <noscript>,
    which the text tries to close, then parsed by the script when opened)."""
    if collapsed:
        monkeypatch.setattr(html_report, "ARTICLES_OPEN_UP_TO", 0)
        monkeypatch.setattr(html_report, "CARDS_OPEN_UP_TO", 0)
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    target = corpus / "000_7b4190400fc28904.txt"  # named by a finding: its article view is on the page
    target.write_text(target.read_text(encoding="utf-8") + HOSTILE, encoding="utf-8")
    run_check(corpus, tmp_path)
    opened = Opened(browser, tmp_path / "d.html")
    view = opened.page.locator("details.article", has_text="000_7b4190400fc28904.txt")
    if collapsed:
        assert view.get_attribute("open") is None
        view.locator("summary").click()
        view.locator("div.text").wait_for()  # the body is parsed on the "toggle" event, a task later
    assert '<script>window.__pwned = "script";' in view.text_content()  # as text, not as markup
    assert "</noscript><img" in view.text_content()
    assert view.locator("img, script, b, noscript").count() == 0
    assert opened.page.evaluate("window.__pwned") is None
    assert opened.page.title().startswith("numcheck report")
    opened.assert_clean()


def large_run(n_findings: int) -> tuple[list[Finding], list[html_report.ReportArticle]]:
    """Claims of three kinds across many articles: each claim given by one or two articles alike, and
    by 1-3 others flagged against the first; every finding carries its claim's figures. Every article
    holds one figure per claim it is in."""
    kinds = [("${:g} million", 1e6, "USD", Kind.money, "cost"), ("{:g}%", 1.0, "percent", Kind.percent, "growth"),
             ("{:g} people", 1.0, "person", Kind.count, "staff")]
    findings, texts = [], {}
    claim = 0
    while len(findings) < n_findings:
        template, scale, unit, kind, measure = kinds[claim % 3]
        agreeing = 1 + claim % 2
        numbers = [(3 + claim % 40) * m for m in (1, 1, 1.5, 0.5, 3)[2 - agreeing:][:agreeing + 1 + claim % 3]]
        group = []
        for k, number in enumerate(numbers):
            doc = f"doc{(claim * 7 + k) % 400:03d}.txt"
            surface = template.format(number)
            sentence = f"The {measure} of project {claim} was {surface}, officials said."
            text = texts.get(doc, "")
            start = len(text) + sentence.index(surface)
            value = number * scale
            group.append(GroupFigure(doc=doc, line=1, start=start, end=start + len(surface), surface=surface,
                                     kind=kind, value=value, unit=unit, compared=value, low=value, high=value,
                                     qualifier=Qualifier.exact, consensus=k < agreeing, sentence=sentence))
            texts[doc] = text + sentence + "\n"
        figures = tuple(sorted(group, key=lambda g: (g.doc, g.start)))
        o = group[0]
        for g in group[agreeing:]:
            findings.append(Finding(
                rule_id=("figures-agree", "claim-size")[claim % 2], severity=list(Severity)[(claim + g.start) % 3],
                claim=f"project {claim} · {measure}", doc=g.doc, line=1, start=g.start, end=g.end,
                surface=g.surface, value=g.value, unit=unit, other_doc=o.doc, other_line=1, other_start=o.start,
                other_end=o.end, other_surface=o.surface, other_value=o.value, other_unit=unit,
                rel_diff=abs(g.value - o.value) / max(g.value, o.value),
                message=f"{g.surface} disagrees with {o.surface}", sentence=g.sentence,
                score=0.5 + (claim % 50) / 100, evidence="project, officials", figures=figures))
        claim += 1
    articles = [html_report.ReportArticle(doc=doc, text=text, mentions=extract(text, doc))
                for doc, text in texts.items()]
    return findings[:n_findings], articles


@pytest.fixture(scope="module")
def large_page(tmp_path_factory) -> tuple[Path, list[dict]]:
    """A page of 3,000 findings (its cards collapsed) and its findings in report order."""
    findings, articles = large_run(3000)
    path = tmp_path_factory.mktemp("large") / "large.html"
    html_report.write_page(path, findings, {"articles": len(articles)}, 1, articles)
    return path, [f.model_dump(mode="json") for f in html_report.sort_findings(findings)]


def test_large_page_filters_sorts_and_pages(browser, large_page):
    path, findings = large_page
    opened = Opened(browser, path)
    page = opened.page
    rows = opened.visible_rows()
    assert len(rows) == html_report.PAGE_SIZE  # one page of 3,000
    assert page.locator("#findings-table tbody tr").count() == len(findings)

    page.select_option("#f-severity", "error")
    errors = sum(f["severity"] == "error" for f in findings)
    rows = opened.visible_rows()
    assert {r[0] for r in rows} == {"error"} and len(rows) == min(errors, html_report.PAGE_SIZE)
    assert page.locator("#shown").inner_text() == f"{errors} of {len(findings)} findings"

    page.select_option("#f-kind", "percent")
    rows = opened.visible_rows()
    wanted = [f for f in findings if f["severity"] == "error" and f["unit"] == "percent"]
    assert rows and {(r[0], r[4]) for r in rows} == {("error", "percent")}
    assert len(rows) == min(len(wanted), html_report.PAGE_SIZE)

    page.select_option("#f-doc", wanted[0]["doc"])
    assert len(opened.visible_rows()) == sum(f["doc"] == wanted[0]["doc"] for f in wanted)
    for select in ("#f-severity", "#f-kind", "#f-doc"):
        page.select_option(select, "")
    page.select_option("#f-rule", "claim-size")
    assert {r[1] for r in opened.visible_rows()} == {"claim-size"}
    page.select_option("#f-rule", "")

    page.click("#next")
    assert opened.visible_rows()[0] == rows_of(page)[html_report.PAGE_SIZE]
    page.click("#findings-table th:nth-child(8) button")  # Difference, ascending
    page.click("#findings-table th:nth-child(8) button")  # descending
    top = max(f["rel_diff"] for f in findings)
    assert float(opened.visible_rows()[0][7].rstrip("%")) == pytest.approx(top * 100, abs=0.05)
    opened.assert_clean()


def rows_of(page) -> list[list[str]]:
    return page.eval_on_selector_all("#findings-table tbody tr",
                                     "rows => rows.map(r => Array.from(r.cells, c => c.textContent))")


def test_large_page_cards_hold_their_figures(browser, large_page):
    path, findings = large_page
    opened = Opened(browser, path)
    page = opened.page
    cards = page.locator("details.card")
    assert cards.count() == len({f["claim"] for f in findings})
    # Collapsed, their bodies not yet parsed: the page stays quick to open.
    assert page.locator("details.card[open]").count() == 0 and page.locator("details.card svg").count() == 0
    # A link to a collapsed card opens it, its number line drawn.
    link = page.locator("#findings-table tbody tr.on a[href^='#card-']").first
    card = page.locator(f"details{link.get_attribute('href')}")
    link.click()
    assert card.get_attribute("open") is not None and card.locator("svg circle[data-value]").first.is_visible()
    page.click("#open-all")
    assert page.locator("details.card svg").count() == cards.count()
    assert_points_are_the_figures(opened, findings)
    opened.assert_clean()
    card.scroll_into_view_if_needed()
    card.screenshot(path=ARTIFACTS / "large-card.png")


def test_large_page_reads_without_javascript(browser, large_page):
    """No script: every row shows, and every card's body is markup (its number line drawn) in a
    <details> the reader opens."""
    path, findings = large_page
    opened = Opened(browser, path, script=False)
    page = opened.page
    assert len(opened.visible_rows()) == len(findings)
    assert page.locator("#filters").is_hidden()  # what the script would drive is not offered
    assert page.locator("details.card svg").count() == page.locator("details.card").count()
    assert_points_are_the_figures(opened, findings)
    card = page.locator("details.card").first
    card.locator("summary").click()
    assert card.get_attribute("open") is not None and card.locator("svg").is_visible()
    assert card.locator(".figures tbody tr").count() >= 2
    opened.assert_clean()


def test_the_page_finds_its_articles_in_the_checks_walk_and_reads_none_that_cannot_fit(tmp_path, monkeypatch):
    """The articles a page shows are found among the files the check walked, and a plain-text file too
    large for what is left of the budget is not read at all (a large archive names thousands)."""
    from numcheck import api, load

    text = "The storm destroyed {} homes in Polk County on Tuesday, the county's inspectors said.\n"
    (tmp_path / "a.txt").write_text(text.format(300))
    (tmp_path / "b.txt").write_text(text.format(450) + "Filler words of no figure. " * 400)
    result = api.check([tmp_path], jobs=1)
    assert result.findings and result.files is not None
    walked = html_report.load_articles([tmp_path], result.findings)
    kept = html_report.load_articles([tmp_path], result.findings, files=result.files)
    assert [a.doc for a in kept] == [a.doc for a in walked] == ["a.txt", "b.txt"]
    read = []
    monkeypatch.setattr(load, "read_file", lambda path, doc, **kw: read.append(doc) or [])
    html_report.load_articles([tmp_path], result.findings, files=result.files, budget=1000)
    assert read == ["a.txt"]  # b.txt's 11 kB can hold no text that fits in 1,000 characters


def test_a_count_of_an_upper_case_acronym_is_no_currency():
    """From the CSV report a card reads its figures' kind from their units: "RBI" (runs batted in) counts,
    "USD" is money."""
    assert html_report.unit_kind("RBI") != "money" and html_report.unit_kind("USD") == "money"


def test_a_figure_given_for_scale_is_no_consensus_band():
    """The commitment's card (corroboration: "$19 billion, reported once; for scale, the total is $500 billion")
    shades no consensus at the total: the total is no figure the commitment should have agreed with."""
    from numcheck import api

    ruleset = api.load_ruleset()
    result = api.check([SEEDS], ruleset=ruleset, jobs=1)
    cards = {c.rule_id: c for c in html_report.build_cards(result.findings, [], ruleset)}
    commitment = cards["openai-stargate-commitment"]
    assert commitment.band is None and len(commitment.points) == 2
    assert cards["figures-agree"].band is not None


def test_a_reference_rule_card_draws_the_reference_figure(tmp_path):
    from numcheck import api

    corpus = tmp_path / "seeds"
    shutil.copytree(SEEDS, corpus)
    drifted = corpus / "004_a2296ed6b475fcd6.txt"
    drifted.write_text(drifted.read_text(encoding="utf-8").replace("$5.6 million", "$6.5 million"), encoding="utf-8")
    ruleset = api.load_ruleset()
    result = api.check([corpus], ruleset=ruleset, jobs=1)
    card = next(c for c in html_report.build_cards(result.findings, [], ruleset) if c.rule_id == "deepseek-training-cost")
    reference = [p for p in card.points if p.doc == "reference"]
    assert len(reference) == 1 and reference[0].plotted == 5_576_000 and "technical report" in reference[0].sentence
    assert card.band is not None and card.band[0] <= 5_576_000 <= card.band[1]
