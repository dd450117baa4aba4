"""Stage 4: rule checks. One module per check type. A check that works part by part (a claim
group, an article) exposes ``parts`` and ``check_part``; one that needs the
whole corpus exposes ``run(rule, ctx)`` and ``selectors(rule)``. See ``module_for`` below.

Shared here: selecting claims, reading a mention as an interval, finding a
group's consensus, and turning a comparison into a Finding.
"""
from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from typing import Optional

from numcheck import ruleset as rs, timings
from numcheck.claims import clause_of
from numcheck.fx import usd_rate
from numcheck.models import Claim, Finding, Kind, Mention, Qualifier


@dataclass
class Context:
    """What every check sees: all claims of the corpus and the merged pack settings."""

    claims: list[Claim]
    ruleset: rs.RuleSet
    _by_selector: dict = field(default_factory=dict)

    @property
    def fx(self) -> Optional[rs.FxTable]:
        return self.ruleset.settings.fx

    def select(self, ref) -> list[Claim]:
        selector = self.ruleset.selector(ref)
        key = selector.model_dump_json()
        if key not in self._by_selector:
            self._by_selector[key] = select(selector, self.claims)
        return self._by_selector[key]


def select(sel: rs.ClaimSelector, claims: list[Claim]) -> list[Claim]:
    """The claims a selector picks, in order: each test runs on what the one before kept, cheapest first
    (a run holds a million claims; the selector's sets are made once, not per claim)."""
    out = list(claims)
    if sel.kinds:
        kinds = set(sel.kinds)
        out = [c for c in out if c.mention.kind in kinds]
    if sel.units:
        units = {u.lower() for u in sel.units}
        out = [c for c in out if c.mention.unit.lower() in units]
    if sel.measures:
        measures = set(sel.measures)
        out = [c for c in out if c.measure in measures]
    if sel.subjects:
        out = [c for c in out if any(_names_match(want, have) for want in sel.subjects for have in c.subjects)]
    if sel.near or sel.not_near:
        def near(m) -> bool:
            window = m.sentence if sel.window == "sentence" else clause_of(m.sentence, m.surface)
            return all(rs.search(p, window) for p in sel.near) and not any(rs.search(p, window) for p in sel.not_near)

        out = [c for c in out if near(c.mention)]
    return out


def _names_match(want: str, have: str) -> bool:
    w, h = want.lower(), have.lower()
    return w == h or re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", h) is not None


def comparable_value(m: Mention, fx: Optional[rs.FxTable], on: str = "") -> Optional[float]:
    """Money in the FX table's base currency at the rate of ``on``, its article's date (so £482bn meets
    $600bn); anything else as it is."""
    if m.value is None:
        return None
    if m.kind is Kind.money and m.unit != "USD":
        rate = usd_rate(m.unit, on, fx)
        return None if rate is None else m.value * rate
    return m.value


def interval(m: Mention, fx: Optional[rs.FxTable], rounding: bool, on: str = "") -> tuple[float, float]:
    """The values a mention admits: qualifier bounds, and with ``rounding`` its reported precision;
    money converted at the rate of ``on``, its article's date."""
    lo = m.low if m.low is not None else -math.inf
    hi = m.high if m.high is not None else math.inf
    if rounding and m.step and m.qualifier is Qualifier.exact and m.value is not None:
        lo, hi = m.value - m.step / 2, m.value + m.step / 2
    if m.kind is Kind.money and m.unit != "USD":
        rate = usd_rate(m.unit, on, fx)
        if rate is None:
            return (-math.inf, math.inf) if m.unit else (lo, hi)
        lo, hi = lo * rate, hi * rate
    return (lo, hi) if lo <= hi else (hi, lo)


def fx_dates(claims: list[Claim]):
    """The date to convert each claim's money at. Claims in one currency are compared as written
    ("30bn euros" in a 2013 article and in an undated copy of it agree, whatever the rates of their
    dates). Claims in several currencies are all converted at one date, the earliest their articles
    give: at each article's own date, "€103 million" of 2013 and "103 million euros" of 2025 would
    differ by 20% beside a "$137 million"."""
    currencies = {c.mention.unit for c in claims if c.mention.kind is Kind.money}
    if len(currencies) > 1:
        first = min((c.date for c in claims if c.date), default="")
        return lambda c: first
    return lambda c: ""


def close(a: float, b: float, rel_tol: float, abs_tol: float = 0.0) -> bool:
    return math.isclose(a, b, rel_tol=rel_tol, abs_tol=abs_tol)


def rel_diff(a: Optional[float], b: Optional[float]) -> Optional[float]:
    if a is None or b is None or (a == 0 and b == 0):
        return None
    return abs(a - b) / max(abs(a), abs(b))


def docs_label(claims: list[Claim]) -> str:
    return ", ".join(sorted({c.mention.doc for c in claims}))


def fmt(value: Optional[float]) -> str:
    if value is None:
        return ""
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= scale:
            return f"{value / scale:,.4g} {word}"
    return f"{value:,.6g}"


def finding(rule, claim: Claim, other: Optional[Claim], why: str, *, severity=None, rel=None, extra=None,
            label: str = "", suffix: str = "", paired: Optional[dict] = None) -> Finding:
    """A Finding for ``claim``, set against ``other``, with the rule's message template filled in
    (and ``suffix`` after it)."""
    m, o = claim.mention, (other.mention if other else None)
    label = label or claim.label
    fields = {
        "claim": label, "surface": m.surface, "doc": m.doc, "line": m.line, "value": fmt(m.value),
        "unit": m.unit, "other_surface": o.surface if o else "", "other_doc": o.doc if o else "",
        "other_line": o.line if o else "", "other_value": fmt(o.value) if o else "", "other_unit": o.unit if o else "",
        "other_docs": "", "rel_diff": f"{rel:.1%}" if rel is not None else "", "why": why, "count": "", "docs": "",
        "ratio": "",
    }
    fields.update(extra or {})
    message = (rule.message.format_map(fields) if rule.message else why) + suffix
    key = "|".join([rule.id, label, m.doc, m.surface, fmt(m.value), o.doc if o else "", o.surface if o else ""])
    return Finding(
        rule_id=rule.id, severity=severity or rule.severity, claim=label, doc=m.doc, line=m.line,
        start=m.start, end=m.end, surface=m.surface, value=m.value, unit=m.unit,
        other_doc=o.doc if o else "", other_line=o.line if o else None, other_start=o.start if o else None,
        other_end=o.end if o else None, other_surface=o.surface if o else "", other_value=o.value if o else None,
        other_unit=o.unit if o else "", rel_diff=rel, message=message, sentence=m.sentence, link=rule.link,
        fingerprint=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16], story=claim.story,
        story_label=claim.story_label, **(paired or {}),
    )


@dataclass
class Cluster:
    """Mentions whose precise values agree within tolerance."""

    claims: list[Claim]
    value: float

    @property
    def docs(self) -> set[str]:
        return {c.mention.doc for c in self.claims}

    def representative(self, not_doc: str = "") -> Optional[Claim]:
        """The most precise mention, from another article than ``not_doc`` when asked."""
        pool = [c for c in self.claims if c.mention.doc != not_doc]
        if not pool:
            return None
        return min(pool, key=lambda c: (c.mention.step or math.inf, c.mention.doc, c.mention.start))


def supporters(value: float, claims: list[Claim], fx, rel_tol: float,
               intervals: Optional[list[tuple[float, float]]] = None) -> list[Claim]:
    """Claims whose reading admits ``value``: "up to $500 billion" supports a $500 billion consensus.
    ``intervals``: the claims' unrounded intervals, when the caller asks about several values."""
    if intervals is None:
        on = fx_dates(claims)
        intervals = [interval(c.mention, fx, rounding=False, on=on(c)) for c in claims]
    slack = rel_tol * abs(value)
    return [c for c, (lo, hi) in zip(claims, intervals) if lo - slack <= value <= hi + slack]


def is_vague(m: Mention) -> bool:
    """Vague words ("a couple thousand", "dozens of") rather than a hedge on a figure ("about 2,000")."""
    if m.qualifier is Qualifier.vague:
        return True
    if m.qualifier is Qualifier.approx and m.value and m.low is not None and m.high is not None:
        return (m.high - m.low) / abs(m.value) > 0.25
    return False


def clusters(claims: list[Claim], fx, rel_tol: float, abs_tol: float = 0.0) -> list[Cluster]:
    """Point-valued claims grouped by value after one sort: O(n log n). Best-supported first."""
    on = fx_dates(claims)
    points = [(comparable_value(c.mention, fx, on(c)), c) for c in claims if c.mention.qualifier is Qualifier.exact]
    points = sorted(((v, c) for v, c in points if v is not None), key=lambda p: p[0])
    out: list[Cluster] = []
    values: list[list[float]] = []  # each cluster's values, in order: its median without computing them again
    for v, c in points:
        if out and close(out[-1].value, v, rel_tol, abs_tol):
            out[-1].claims.append(c)
            values[-1].append(v)
        else:
            out.append(Cluster([c], v))
            values.append([v])
    for cl, vals in zip(out, values):
        cl.value = vals[len(vals) // 2]
    out.sort(key=lambda cl: (-len(cl.docs), min(c.mention.step or math.inf for c in cl.claims)))
    return out


def module_for(rule):
    from numcheck.checks import consistency, conversion, corroboration, range_check, reference, relation

    return {
        "consistency": consistency, "relation": relation, "corroboration": corroboration,
        "conversion": conversion, "range": range_check, "reference": reference,
    }[rule.check]


# Checks that work part by part (a claim group, an article) expose ``parts(rule, claim, fx)``, the
# keys of the parts a selected claim belongs to, and ``check_part(rule, key, claims, ctx)``, the
# ranked findings of one part.
# A re-run then re-checks only the parts a changed article was or is in. The others (relation,
# corroboration) expose ``run(rule, ctx)`` over the whole corpus and ``selectors(rule)``: a re-run
# gives them the claims those selectors picked, kept per article, and the changed articles' ones.
Ranked = list[tuple[tuple[int, int], Finding]]


def is_partitioned(rule) -> bool:
    return hasattr(module_for(rule), "parts")


def partition(rule, claims: list[Claim], fx) -> dict[str, list[Claim]]:
    """The rule's selected ``claims`` by part key."""
    parts_of = module_for(rule).parts
    groups: dict[str, list[Claim]] = {}
    for c in claims:
        for key in parts_of(rule, c, fx):
            groups.setdefault(key, []).append(c)
    return groups


def check_parts(rule, groups: dict[str, list[Claim]], ctx: Context, jobs: int = 1) -> dict[str, Ranked]:
    """Each part's ranked findings; a part's claims in (doc, start) order, however they were gathered.
    With ``jobs`` > 1 and enough claims, the parts are shared out among that many forked processes
    (each reads the corpus's claims from the memory it inherits; only findings come back)."""
    for group in groups.values():
        group.sort(key=lambda c: (c.mention.doc, c.mention.start))
    keys = list(groups)
    if jobs > 1 and sum(map(len, groups.values())) >= _PARALLEL_FROM and can_fork():
        import multiprocessing

        # More shares than processes, so that each share's findings come back in a smaller message (the main
        # process holds every claim then: its peak memory).
        n = jobs * _SHARES_PER_JOB
        shares: list[list[str]] = [[] for _ in range(n)]
        load = [0] * n
        for key in sorted(keys, key=lambda k: -len(groups[k])):  # largest parts first, each to the least loaded
            i = load.index(min(load))
            shares[i].append(key)
            load[i] += len(groups[key]) ** 2  # a part's pairs grow with the square of its claims
        global _FORKED
        _FORKED = (rule, groups, ctx)
        out: dict[str, Ranked] = {}
        try:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                for part, spent in pool.imap_unordered(_check_forked_share, [share for share in shares if share]):
                    out.update(part)
                    timings.add(spent)
        finally:
            _FORKED = None
        return {key: out[key] for key in keys if key in out}
    return _check_share(keys, (rule, groups, ctx))


_PARALLEL_FROM = 50_000  # claims: below this, forking costs more than it saves
_SHARES_PER_JOB = 8
_FORKED: Optional[tuple] = None  # (rule, groups, ctx) a forked process inherits


def can_fork() -> bool:
    import multiprocessing
    import sys

    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods() \
        and not multiprocessing.current_process().daemon  # a pool's worker cannot have children


def _check_forked_share(keys: list[str]) -> tuple[dict[str, Ranked], dict[str, float]]:
    """``_check_share`` in a forked process, with the seconds its stages took there."""
    timings.take()  # the parent's, inherited by the fork: counted there already
    return _check_share(keys), timings.take()


def _check_share(keys: list[str], state: Optional[tuple] = None) -> dict[str, Ranked]:
    rule, groups, ctx = state or _FORKED
    check = module_for(rule).check_part
    out = {}
    for key in keys:
        found = check(rule, key, groups[key], ctx)
        if found:
            out[key] = found
    return out


def combine(rule, results: dict[str, Ranked]) -> list[Finding]:
    """The parts' findings, in the order of their keys: the same findings however the parts were computed."""
    return [f for key in sorted(results) for _, f in results[key]]


def whole_corpus_claims(rule, ctx: Context) -> list[Claim]:
    """What any selector of a whole-corpus rule picks: all that rule ever sees, kept per article."""
    picked = {id(c): c for ref in module_for(rule).selectors(rule) for c in ctx.select(ref)}
    return list(picked.values())


def run_whole(rule, claims: list[Claim], ctx: Context) -> list[Finding]:
    """A whole-corpus rule over its selected claims, in (doc, start) order however they were gathered."""
    claims = sorted(claims, key=lambda c: (c.mention.doc, c.mention.start))
    return module_for(rule).run(rule, Context(claims=claims, ruleset=ctx.ruleset))


def run_rule(rule, ctx: Context) -> list[Finding]:
    if not is_partitioned(rule):
        return run_whole(rule, whole_corpus_claims(rule, ctx), ctx)
    return combine(rule, check_parts(rule, partition(rule, ctx.select(rule.claim), ctx.fx), ctx))
