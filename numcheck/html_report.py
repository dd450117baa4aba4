"""Stage 5c: the HTML report: one self-contained page an editor reads at a glance.

A summary; the findings table (a small inline script sorts, filters and pages it; without the script
every row shows); a card per disputed claim with every article's figure for it on an inline SVG number
line; the articles with every figure highlighted. Nothing is fetched: CSS, SVG and script are inline
and a Content-Security-Policy forbids any other source, so text that escaped escaping still could not
run.

A consistency finding carries its group of matched figures as the rule read them
(``Finding.figures``: converted, as intervals, which back the consensus): its card draws them all. A
finding without one (another rule's, or one read back from the CSV report) gives its card its two
figures, read again from the articles when the report holds them.

The findings name their figures but not the articles' texts: those are read again here for the
articles on the cards (``load_articles``), and appended to the JSON report so that
``numcheck report FINDINGS.json`` renders the same page later. Jinja2 is imported only when a page
is rendered: ``numcheck --help`` stays instant.

A large page: cards (past CARDS_OPEN_UP_TO) and article views start collapsed, each body held as the
text of a ``<noscript>`` that the script parses when it is opened (without the script the browser
reads it as markup), and the page holds the most severe findings up to MAX_FINDINGS and
MAX_PAGE_BYTES.
"""
from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from pydantic import BaseModel, Field

from numcheck.models import Finding, GroupFigure, Kind, Mention, Qualifier
from numcheck.report import atomic_write, sort_findings

# Bytes of the article views: each article's text and MENTION_BYTES of markup per figure highlighted in it.
# Past them, articles with fewer findings get no article view (their figures still show on the cards).
ARTICLE_BYTES = 1_200_000
MENTION_BYTES = 130
# A figure a tenth of another sits in the first tenth of a linear axis, beside zero: plot on a log scale.
LOG_SCALE_RATIO = 10.0
CARDS_OPEN_UP_TO = 30  # more cards than this start collapsed, their bodies parsed only when opened
ARTICLES_OPEN_UP_TO = 10
PAGE_SIZE = 100  # findings table rows per page when the script runs
# The page holds the most severe findings up to MAX_FINDINGS (its table's rows are most of a large page's
# load), and fewer when the page would weigh more than MAX_PAGE_BYTES (cards of many figures): the
# CSV holds them all.
MAX_FINDINGS = 10_000
MAX_PAGE_BYTES = 19_500_000
# The markup of a finding (its row, its message on the card), a card and a figure (its point, its row),
# around the text each shows: fitted to pages of bench/bench_html.py, ../shared/data and the tests
# (within 2%), so that a page is rendered once, at its size, but for rare misses.
FINDING_BYTES = 320
CARD_BYTES = 1_150
FIGURE_BYTES = 220
HEAD_BYTES = 20_000  # the style sheet, the script, the summary

SEVERITY_ORDER = ("error", "warning", "info")
_PERCENT_UNITS = {"percent", "percentage point", "basis point"}


class ReportArticle(BaseModel):
    """An article as the HTML report shows it, with every mention in it; the JSON report's "articles"."""

    doc: str
    title: str = ""
    outlet: str = ""
    date: str = ""
    text: str = ""
    mentions: list[Mention] = Field(default_factory=list)


# --- the articles the findings name ---------------------------------------------------------------

def card_key(f: Finding) -> tuple:
    """Which card shows a finding: its rule and claim, and the group of figures it carries (a claim's label
    may name two groups, of two stories)."""
    return f.rule_id, f.claim, tuple((g.doc, g.start) for g in f.figures)


def findings_per_doc(findings: Iterable[Finding]) -> Counter:
    named: Counter = Counter()
    for f in findings:
        named[f.doc] += 1
        if f.other_doc:
            named[f.other_doc] += 1
    return named


_PLAIN = (".txt", ".md")  # files whose text is their bytes decoded


def _said(_warning) -> None:
    """A warning of reading a file again for the report: the run that read it first has reported it."""


def load_articles(paths: Iterable[str | Path], findings: list[Finding], *, new: Iterable[str | Path] = (),
                  include: Iterable[str] = (), exclude: Iterable[str] = (),
                  budget: int = ARTICLE_BYTES, files=None) -> list[ReportArticle]:
    """The articles with a figure on the page's cards, those its findings name most first, until their
    views would pass ``budget`` bytes (text, and MENTION_BYTES per figure), each with every mention
    extracted again (dates and bare numbers too: the article view highlights them all). Files are found
    by the same walk as the check's (``files``, its FileList, when the caller kept it)."""
    from numcheck.extraction import extract
    from numcheck.files import list_files, roots
    from numcheck.load import read_file

    held = sort_findings(findings)[:MAX_FINDINGS]
    named = findings_per_doc(held)
    named.update({g.doc: 0 for f in held for g in f.figures if g.doc not in named})  # on a card, in no finding
    if not named:
        return []
    if files is None:
        files = list_files(roots(list(paths), list(new)), tuple(include), tuple(exclude))
    path_of = dict(zip(files.docs, files.paths))
    size_of = dict(zip(files.paths, (signature[0] for signature in files.signatures())))
    read: dict[str, dict] = {}  # file path -> its named articles (a JSON Lines file holds many)
    out: list[ReportArticle] = []
    used = 0
    for doc in sorted(named, key=lambda d: (-named[d], d)):
        file_doc = doc if doc in path_of else doc.rpartition(":")[0]  # JSON Lines records are FILE:LINE
        if file_doc not in path_of:
            continue
        path = path_of[file_doc]
        if path.endswith(_PLAIN) and size_of.get(path, 0) > 4 * (budget - used):
            continue  # its text (a character per 1-4 bytes) cannot fit: not read (a large archive names many)
        if path not in read:
            # Read again for the sentences around findings: what reading it warned of, the run has said.
            read[path] = {a.doc: a for a in read_file(Path(path), file_doc, on_warning=_said) if a.doc in named}
        article = read[path].get(doc)
        if article is None or used + len(article.text) > budget:
            continue
        mentions = extract(article.text, article.doc)
        size = len(article.text) + MENTION_BYTES * len(mentions)
        if used + size > budget:
            continue
        used += size
        out.append(ReportArticle(doc=article.doc, title=article.title, outlet=article.outlet, date=article.date,
                                 text=article.text, mentions=mentions))
    return out


# --- a saved run ----------------------------------------------------------------------------------

@dataclass
class SavedRun:
    findings: list[Finding]
    summary: dict
    articles: list[ReportArticle]


def read_saved_run(path: Path) -> SavedRun:
    """A JSON report (``numcheck check --format json``) or a CSV report. Raises InputError when it is
    neither."""
    from numcheck.files import InputError

    try:
        text = Path(path).read_text(encoding="utf-8")
        if Path(path).suffix.lower() == ".csv":
            rows = csv.DictReader(io.StringIO(text, newline=""))
            missing = [name for name, field in Finding.model_fields.items()
                       if field.is_required() and name not in (rows.fieldnames or ())]
            if missing:  # a header alone would read as a run without findings
                raise ValueError(f"no column {', '.join(missing)}")
            return SavedRun(findings=[_finding_from_csv(row) for row in rows], summary={}, articles=[])
        data = json.loads(text)
        return SavedRun(findings=[Finding.model_validate(f) for f in data["findings"]],
                        summary=data.get("summary", {}),
                        articles=[ReportArticle.model_validate(a) for a in data.get("articles", [])])
    except (OSError, ValueError, KeyError, TypeError) as e:  # pydantic's ValidationError is a ValueError
        raise InputError(f"{path}: not a numcheck JSON or CSV report: {str(e).splitlines()[0]}") from None


def _finding_from_csv(row: dict) -> Finding:
    values = {}
    for name, cell in row.items():
        if name not in Finding.model_fields:
            continue
        if Finding.model_fields[name].annotation is str:
            # The CSV quotes a cell a spreadsheet would run as a formula ('=...); the finding holds it bare.
            values[name] = cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r") else cell
        else:
            values[name] = None if cell == "" else cell
    return Finding.model_validate(values)


# --- the page's parts -----------------------------------------------------------------------------

@dataclass
class Point:
    """One article's figure on a card's number line."""

    doc: str
    start: int
    line: Optional[int]
    surface: str
    value: Optional[float]  # as the article states it
    unit: str
    plotted: Optional[float]  # as the rule compares it (money converted)
    plotted_unit: str  # its unit (money: the currency converted to)
    low: float  # the interval it stands for (qualifier, range or rounding), plotted units; +-inf unbounded
    high: float
    qualifier: str
    sentence: str
    outlet: str
    flagged: bool
    has_article: bool
    consensus: bool = False  # an exact figure that backs the consensus: the band spans these
    x: float = 0.0
    x_low: float = 0.0
    x_high: float = 0.0
    y: float = 0.0

    @property
    def has_interval(self) -> bool:
        return self.low < self.high

    @property
    def bar_shows(self) -> bool:
        """Whether its interval's bar reaches out from under its dot (drawn only then: bytes count)."""
        dotted = self.value is not None and self.plotted is not None
        return self.has_interval and (not dotted or self.x_high - self.x_low > 2 * DOT_RADIUS)

    @property
    def notes(self) -> list[str]:
        """How the figure was read, beyond its value: conversion, qualifier or rounding."""
        out = []
        if self.plotted is not None and self.plotted != self.value:
            out.append(f"compared as {figure(self.plotted, self.plotted_unit)}")
        if self.qualifier not in ("", Qualifier.exact.value):
            out.append(f"{self.qualifier} {interval_text(self.low, self.high)}")
        elif self.has_interval:
            out.append(f"rounding {interval_text(self.low, self.high)}")
        if self.plotted is None and self.value is not None:
            out.append(f"not on the line: no rate for {self.unit}")
        return out


@dataclass
class Card:
    id: str
    rule_id: str
    claim: str
    severity: str
    findings: list[Finding]
    points: list[Point]
    story_label: str = ""
    log: bool = False
    band: Optional[tuple[float, float]] = None  # the consensus, within the rule's tolerance
    band_x: tuple[float, float] = (0.0, 0.0)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    unplotted: list[Point] = field(default_factory=list)
    height: float = 0.0


@dataclass
class Segment:
    """A run of an article's text: plain, or one mention (highlighted, maybe linked to its card)."""

    text: str
    mention: Optional[Mention] = None
    card: str = ""


@dataclass
class ArticleView:
    id: str
    article: ReportArticle
    segments: list[Segment]
    findings: int


def use_log_scale(values: Iterable[float]) -> bool:
    """Whether a number line of these values reads better on a log scale: all positive, and spanning at
    least ``LOG_SCALE_RATIO``."""
    finite = [v for v in values if math.isfinite(v)]
    if len(finite) < 2 or min(finite) <= 0:
        return False
    return max(finite) / min(finite) >= LOG_SCALE_RATIO


def kind_of(f: Finding, mention: Optional[Mention]) -> str:
    """A finding's kind: its mention's, when the article was read, or its group figure's; else what its
    unit says."""
    if mention is not None:
        return mention.kind.value
    own = next((g for g in f.figures if (g.doc, g.start) == (f.doc, f.start)), None)
    return own.kind.value if own is not None else unit_kind(f.unit)


def unit_kind(unit: str) -> str:
    """What a unit says of a figure's kind (its article not read)."""
    if unit in _PERCENT_UNITS:
        return Kind.percent.value
    if unit == "x":
        return Kind.factor.value
    if len(unit) == 3 and unit.isupper():
        from numcheck.lexicon import ISO_CODES

        if unit in ISO_CODES:
            return Kind.money.value  # ISO 4217 (not "RBI", a count's acronym)
    return "count or quantity"


# --- number lines ---------------------------------------------------------------------------------

SVG_WIDTH = 760
PLOT_X0, PLOT_X1 = 300.0, 735.0  # left of it: each point's article and figure
ROW_HEIGHT = 34
TOP = 12
AXIS_HEIGHT = 36
MAX_TICKS = 6
DOT_RADIUS = 6  # the style sheet's


def _converter(fx, unit: str, kind: str):
    """How the rules compare a figure: money in the FX table's base currency, the rest as it is; None
    when a currency is not in the table."""
    if kind != Kind.money.value or fx is None or unit == fx.base:
        return lambda v: v
    rate = fx.rates.get(unit)
    return None if rate is None else (lambda v: v * rate)


def _point(doc: str, start: int, line, surface: str, value, unit: str, sentence: str, flagged: bool,
           mention: Optional[Mention], article: Optional[ReportArticle], fx) -> Point:
    """A figure a finding names (itself or the one it was set against), read again from its article when
    the report holds it (a CSV report does not), converted with the FX table."""
    kind = mention.kind.value if mention is not None else unit_kind(unit)
    convert = _converter(fx, unit, kind)
    low = high = value
    qualifier = mention.qualifier.value if mention else ""
    if mention is not None:
        if mention.qualifier is Qualifier.exact and mention.step and mention.value is not None:
            low, high = mention.value - mention.step / 2, mention.value + mention.step / 2  # reported precision
        else:
            low, high = mention.interval
        sentence = mention.sentence or sentence
    if convert is None:
        plotted, lo, hi = None, -math.inf, math.inf
    else:
        plotted = convert(value) if value is not None else None
        lo = convert(low) if low is not None and math.isfinite(low) else -math.inf
        hi = convert(high) if high is not None and math.isfinite(high) else math.inf
        if plotted is not None:
            lo, hi = min(lo, plotted), max(hi, plotted)
    return Point(doc=doc, start=start, line=line, surface=surface, value=value, unit=unit, plotted=plotted,
                 plotted_unit=fx.base if fx is not None and kind == Kind.money.value else unit, low=lo, high=hi,
                 qualifier=qualifier, sentence=sentence, outlet=article.outlet if article else "", flagged=flagged,
                 has_article=article is not None and bool(article.text), consensus=not flagged)


def _group_point(g: GroupFigure, flagged: bool, article: Optional[ReportArticle]) -> Point:
    """A figure of the group a consistency rule compared, as the rule read it (converted, its interval)."""
    # Money is compared in US dollars (numcheck.checks.comparable_value).
    return Point(doc=g.doc, start=g.start, line=g.line, surface=g.surface, value=g.value, unit=g.unit,
                 plotted=g.compared, plotted_unit="USD" if g.kind is Kind.money else g.unit,
                 low=-math.inf if g.low is None else g.low, high=math.inf if g.high is None else g.high,
                 qualifier=g.qualifier.value, sentence=g.sentence,
                 outlet=g.outlet or (article.outlet if article else ""), flagged=flagged,
                 has_article=article is not None and bool(article.text),
                 consensus=g.consensus and g.qualifier is Qualifier.exact)


def _points(findings: list[Finding], mentions: dict, articles: dict, fx, agreeing: bool = True) -> list[Point]:
    """The card's figures: its group's, as the rule read them, when the findings carry them; else (a CSV
    report, a rule that compares two figures) the two each finding names. ``agreeing``: the figure a finding
    was set against is what its figure should have agreed with (a consensus: figures-agree, a conversion),
    not a total beside a part or a figure given for scale (corroboration, relation)."""
    flagged = {(f.doc, f.start) for f in findings}
    points: dict[tuple[str, int], Point] = {}
    for g in findings[0].figures:  # the findings of a card carry the same group (build_cards)
        points[(g.doc, g.start)] = _group_point(g, (g.doc, g.start) in flagged, articles.get(g.doc))
    for f in findings:
        key = (f.doc, f.start)
        if key not in points:
            points[key] = _point(f.doc, f.start, f.line, f.surface, f.value, f.unit, f.sentence, True,
                                 mentions.get(key), articles.get(f.doc), fx)
        other = (f.other_doc, f.other_start)
        if f.other_doc and f.other_start is not None and other not in points:
            points[other] = _point(f.other_doc, f.other_start, f.other_line, f.other_surface, f.other_value,
                                   f.other_unit, "", other in flagged, mentions.get(other),
                                   articles.get(f.other_doc), fx)
            points[other].consensus = points[other].consensus and agreeing
    return sorted(points.values(), key=lambda p: (p.plotted if p.plotted is not None else math.inf, p.doc, p.start))


def _reference_point(rule, fx) -> Point:
    """A reference rule's figure, drawn among the articles' as the consensus they should agree with."""
    surface = figure(rule.value, rule.unit)
    return _point("reference", -1, None, surface, rule.value, rule.unit,
                  f"{surface}, the figure of rule {rule.id}: {rule.source}", False, None, None, fx)


def _agreeing(rule) -> bool:
    """Whether a rule sets a figure against one it should agree with (its card shades that as the consensus)."""
    return rule is None or getattr(rule, "check", "consistency") in ("consistency", "conversion")


def _tolerance(rule) -> float:
    options = getattr(rule, "options", None)
    return getattr(options, "rel_tol", None) or getattr(rule, "rel_tol", 0.0) or 0.0


def _lay_out(card: Card, tolerance: float) -> None:
    """Scale, band and each point's place on the card's number line."""
    plotted = [p for p in card.points if p.plotted is not None or math.isfinite(p.low) or math.isfinite(p.high)]
    card.unplotted = [p for p in card.points if p not in plotted]
    card.points = plotted
    against = [p.plotted for p in plotted if p.consensus and p.plotted is not None]
    if against:
        card.band = (min(against) - tolerance * abs(min(against)), max(against) + tolerance * abs(max(against)))
    ends = [v for p in plotted for v in (p.plotted, p.low, p.high) if v is not None and math.isfinite(v)]
    ends += list(card.band or ())
    card.height = TOP + ROW_HEIGHT * max(len(plotted), 1) + AXIS_HEIGHT
    if not ends:
        return
    card.log = use_log_scale(ends)
    axis = Axis(min(ends), max(ends), card.log)
    for i, p in enumerate(plotted):
        p.y = TOP + ROW_HEIGHT * i + ROW_HEIGHT / 2
        p.x_low = axis.x(p.low) if math.isfinite(p.low) else PLOT_X0 - 6  # unbounded: to the edge, with an arrow
        p.x_high = axis.x(p.high) if math.isfinite(p.high) else PLOT_X1 + 6
        p.x = axis.x(p.plotted) if p.plotted is not None else (p.x_low + p.x_high) / 2
    if card.band:
        left, right = axis.x(card.band[0]), axis.x(card.band[1])
        card.band_x = (min(left, right - 3), max(right, left + 3))  # a band of one value still shows
    card.ticks = axis.ticks()


class Axis:
    """A number line from ``lo`` to ``hi`` (padded), linear or log, onto [PLOT_X0, PLOT_X1]."""

    def __init__(self, lo: float, hi: float, log: bool):
        self.log = log
        if log:
            lo, hi = math.log10(lo), math.log10(hi)
        if hi == lo:  # one value: a window around it
            pad = 0.5 if log else abs(lo) * 0.1 or 1.0
        else:
            pad = (hi - lo) * 0.06
        self.lo, self.hi = lo - pad, hi + pad

    def x(self, v: float) -> float:
        t = math.log10(v) if self.log else v
        return PLOT_X0 + (t - self.lo) / (self.hi - self.lo) * (PLOT_X1 - PLOT_X0)

    def ticks(self) -> list[tuple[float, str]]:
        if self.log:
            decades = range(math.floor(self.lo), math.ceil(self.hi) + 1)
            values = [10.0 ** d * m for d in decades for m in ((1, 2, 5) if len(decades) <= 3 else (1,))]
            values = [v for v in values if self.lo <= math.log10(v) <= self.hi]
            values = values[::max(1, math.ceil(len(values) / MAX_TICKS))]
        else:
            step = _nice_step((self.hi - self.lo) / (MAX_TICKS - 1))
            values = [k * step for k in range(math.ceil(self.lo / step), math.floor(self.hi / step) + 1)]
        return [(self.x(v), compact(v)) for v in values]


def svg_number(v: float) -> str:
    """A coordinate to a tenth of a pixel, without trailing zeros (a 10,000-finding page has a million)."""
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _nice_step(raw: float) -> float:
    magnitude = 10.0 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def compact(v: float) -> str:
    """A tick label: 1.5B, 500M, 2k, 0.25."""
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(v) >= scale:
            return f"{v / scale:.3g}{suffix}"
    return f"{v:.3g}"


def figure(value: Optional[float], unit: str) -> str:
    """A normalized value for people: 5.6 million USD, 17 percent, 2,000 chip."""
    if value is None:
        return f"(vague) {unit}".strip()
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= scale:
            return f"{value / scale:,.4g} {word} {unit}".strip()
    return f"{value:,.6g} {unit}".strip()


def interval_text(low: Optional[float], high: Optional[float]) -> str:
    lo = "" if low is None or not math.isfinite(low) else figure(low, "")
    hi = "" if high is None or not math.isfinite(high) else figure(high, "")
    return f"[{lo or '−∞'}, {hi or '∞'}]"


# --- the page -------------------------------------------------------------------------------------

def build_cards(findings: list[Finding], articles: list[ReportArticle], ruleset=None) -> list[Card]:
    """A card per disputed claim (rule and claim), most severe first."""
    fx = ruleset.settings.fx if ruleset is not None else None
    rules = {r.id: r for r in ruleset.rules} if ruleset is not None else {}
    by_doc = {a.doc: a for a in articles}
    mentions = {(m.doc, m.start): m for a in articles for m in a.mentions}
    grouped: dict[tuple, list[Finding]] = {}
    for f in findings:
        grouped.setdefault(card_key(f), []).append(f)
    cards = []
    for (rule_id, claim, _), members in grouped.items():
        severity = min((f.severity for f in members), key=lambda s: SEVERITY_ORDER.index(s.value)).value
        rule = rules.get(rule_id)
        points = _points(members, mentions, by_doc, fx, _agreeing(rule))
        if getattr(rule, "check", "") == "reference":
            points.append(_reference_point(rule, fx))  # what the figures were checked against
        card = Card(id="", rule_id=rule_id, claim=claim, severity=severity, findings=members, points=points,
                    story_label=members[0].story_label)
        _lay_out(card, _tolerance(rules.get(rule_id)))
        cards.append(card)
    cards.sort(key=lambda c: (SEVERITY_ORDER.index(c.severity), c.rule_id, c.claim, c.findings[0].doc,
                              c.findings[0].start))
    for i, card in enumerate(cards, 1):
        card.id = f"card-{i}"  # short: a large page holds each id four times
    return cards


def article_views(articles: list[ReportArticle], findings: list[Finding], cards: list[Card]) -> list[ArticleView]:
    """A view of each article with a figure on the page's cards."""
    named = findings_per_doc(findings)
    claimed = {(p.doc, p.start): c.id for c in cards for p in (*c.points, *c.unplotted)}
    on_cards = {doc for doc, _ in claimed}
    shown = sorted((a for a in articles if a.text and a.doc in on_cards), key=lambda a: a.doc)
    return [ArticleView(id=f"art-{i}", article=a, segments=segments(a, claimed), findings=named[a.doc])
            for i, a in enumerate(shown, 1)]


def segments(article: ReportArticle, claimed: dict[tuple[str, int], str]) -> list[Segment]:
    """The article's text cut at its mentions (overlapping ones after the first are left plain)."""
    out: list[Segment] = []
    at = 0
    text = article.text
    for m in sorted(article.mentions, key=lambda m: (m.start, -m.end)):
        if m.start < at or m.end > len(text):
            continue
        if m.start > at:
            out.append(Segment(text[at:m.start]))
        out.append(Segment(text[m.start:m.end], m, claimed.get((m.doc, m.start), "")))
        at = m.end
    if at < len(text):
        out.append(Segment(text[at:]))
    return out


def highlighted(sentence: str, surface: str) -> tuple[str, str, str]:
    """(before, figure, after) of a sentence; the figure empty when it is not found in it."""
    at = sentence.find(surface) if surface else -1
    if at < 0:
        return sentence, "", ""
    return sentence[:at], surface, sentence[at + len(surface):]


def render_page(findings: list[Finding], summary: dict, exit_status: Optional[int],
                articles: list[ReportArticle], ruleset=None, source: str = "") -> str:
    """The report as one HTML page. ``exit_status``: what the gate gives (None: unknown);
    ``source``: what the page was rendered from, when not the run itself. The page holds the most
    severe findings, up to MAX_FINDINGS and MAX_PAGE_BYTES."""
    ordered = sort_findings(findings)[:MAX_FINDINGS]
    views = sum(len(a.text) + MENTION_BYTES * len(a.mentions) for a in articles)
    held = ordered[:fitting(ordered, MAX_PAGE_BYTES - HEAD_BYTES - views)]
    while True:
        page = _render(held, findings, summary, exit_status, articles, ruleset, source)
        size = len(page.encode("utf-8"))
        if size <= MAX_PAGE_BYTES or not held:
            return page
        # The estimate fell short: hold fewer findings, in proportion to the excess (and a little fewer: the
        # summary and the article views do not shrink with them).
        held = held[:int(len(held) * MAX_PAGE_BYTES / size * _SHRINK_MARGIN)]


_SHRINK_MARGIN = 0.97


def fitting(ordered: list[Finding], budget: int) -> int:
    """How many of the findings (report order) the page's rows and cards hold within ``budget`` bytes."""
    cards: set[tuple] = set()
    size = 0
    for n, f in enumerate(ordered):
        size += (FINDING_BYTES + len(f.message) + len(f.claim) + len(f.doc) + len(f.other_doc) + len(f.surface)
                 + len(f.other_surface))
        if not f.figures:  # its figure and the one it was set against
            size += 2 * (FIGURE_BYTES + len(f.doc) + len(f.surface)) + len(f.sentence)
        key = card_key(f)
        if key not in cards:
            cards.add(key)
            size += CARD_BYTES + 2 * len(f.claim) + sum(
                FIGURE_BYTES + len(g.sentence) + 2 * (len(g.doc) + len(g.surface)) + len(g.outlet) for g in f.figures)
        if size > budget:
            return n
    return len(ordered)


def _render(findings: list[Finding], everything: list[Finding], summary: dict, exit_status: Optional[int],
            articles: list[ReportArticle], ruleset, source: str) -> str:
    """The page of ``findings`` (report order), its summary counting ``everything``."""
    import jinja2  # here: the check command imports this module only when it writes a page

    cards = build_cards(findings, articles, ruleset)
    views = article_views(articles, findings, cards)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters.update(figure=lambda v, unit="": figure(v, unit), num=svg_number,
                       interval=lambda m: interval_text(m.low, m.high), between_tags=between_tags)
    script = (Path(__file__).parent / "templates" / "report.js").read_text(encoding="utf-8")
    mentions = {(m.doc, m.start): m for a in articles for m in a.mentions}
    card_of = {id(f): c.id for c in cards for f in c.findings}
    view_of = {v.article.doc: v.id for v in views}
    rows = [{"f": f, "card": card_of[id(f)], "kind": kind_of(f, mentions.get((f.doc, f.start))),
             "article": view_of.get(f.doc, "")} for f in findings]
    by_rule: dict[str, list[int]] = {}
    for f in everything:  # the summary counts every finding, the page's or not
        by_rule.setdefault(f.rule_id, [0] * len(SEVERITY_ORDER))[SEVERITY_ORDER.index(f.severity.value)] += 1
    severities = Counter(f.severity.value for f in everything)
    not_shown = [f"{summary[name]} {what}" for name, what in (("suppressed", "suppressed inline"),
                                                             ("baselined", "held by the baseline"),
                                                             ("not_new", "not involving a new article"))
                 if summary.get(name)]
    return env.get_template("report.html.j2").render(
        summary=summary, exit_status=exit_status, source=source, rows=rows, cards=cards, views=views,
        total_findings=len(everything),
        severities=[(s, severities.get(s, 0)) for s in SEVERITY_ORDER], by_rule=sorted(by_rule.items()),
        not_shown=not_shown, kinds=sorted({r["kind"] for r in rows}), docs=sorted({f.doc for f in findings}),
        articles_named=len({p.doc for c in cards for p in (*c.points, *c.unplotted)}), article_ids=view_of,
        cards_open=len(cards) <= CARDS_OPEN_UP_TO, articles_open=len(views) <= ARTICLES_OPEN_UP_TO,
        page_size=PAGE_SIZE, highlighted=highlighted, severity_order=SEVERITY_ORDER, math=math,
        svg_width=SVG_WIDTH, plot_x0=PLOT_X0, plot_x1=PLOT_X1, dot_radius=DOT_RADIUS,
        script=script, script_hash=_csp_hash(script), flag_script=_JS_FLAG, flag_hash=_csp_hash(_JS_FLAG),
    )


def between_tags(markup: str) -> str:
    """Markup without the line breaks between tags. Escaped text holds no raw < or >, so only whitespace
    between two tags goes; keep it off text shown as written (the article views' pre-wrap)."""
    return _BETWEEN_TAGS.sub("><", markup)


_BETWEEN_TAGS = re.compile(r">\s*\n\s*<")


# Run in <head>, before the table is laid out: with script, only a page of rows is ever shown.
_JS_FLAG = 'document.documentElement.className = "js";'


def _csp_hash(script: str) -> str:
    return base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()


def write_page(path: Path, findings: list[Finding], summary: dict, exit_status: Optional[int],
               articles: list[ReportArticle], ruleset=None, source: str = "") -> None:
    """Render the page and write it whole or not at all."""
    atomic_write(Path(path), render_page(findings, summary, exit_status, articles, ruleset, source))
