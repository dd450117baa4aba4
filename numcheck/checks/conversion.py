"""conversion: an amount restated in another currency beside it matches the FX table.

What: two money mentions in one sentence, in different currencies, at most
``max_gap`` characters apart ("$600 billion (£482bn)", "€20m, or $21.6m"), are
converted at the ECB reference rate of the article's date (numcheck.fx),
and must agree within ``rel_tol``. An undated article is converted with
the pack's dated FX table (``fx:`` in rules/fx.yaml); if some ECB rate of
the years since the currency's first (monthly) would give its conversion,
the finding is ``undated_severity`` (info): the article may be older than
the table.

Why: conversions are computed by hand under deadline; a slipped digit or a
stale rate shows here.

Example::

    $600 billion (£482bn)   at 1 GBP = 1.245 USD: £482bn = $600bn  -> ok
    $600 billion (£382bn)                                          -> flagged (info when undated:
                                          1 GBP = 1.57 USD in 2014)
"""
from __future__ import annotations

from numcheck.checks import Context, comparable_value, finding, rel_diff
from numcheck.claims import converts
from numcheck.fx import source, usd_rate, usd_rate_range
from numcheck.models import Kind


def parts(rule, c, fx) -> list[str]:
    """Conversions stand beside each other in one article."""
    return [c.mention.doc] if fx is not None and c.mention.kind is Kind.money and c.mention.value is not None else []


def check_part(rule, doc: str, money: list, ctx: Context):
    fx = ctx.fx
    out = []
    for a, b in zip(money, money[1:]):
        ma, mb = a.mention, b.mention
        if not converts(ma, mb, rule.max_gap):
            continue
        va, vb = comparable_value(ma, fx, a.date), comparable_value(mb, fx, b.date)
        if va is None or vb is None:
            continue
        diff = rel_diff(va, vb)
        if diff is None or diff <= rule.rel_tol:
            continue
        foreign = mb.unit if mb.unit != fx.base else ma.unit
        rate = f"1 {foreign} = {usd_rate(foreign, b.date, fx):.4g} {fx.base}"
        where = source(foreign, b.date, fx)
        why = (f"{mb.surface} is given as the equivalent of {ma.surface} ({mb.doc}:{mb.line}), but at {rate} "
               f"({where}{'' if where.startswith('ECB') else ', ' + fx.source}) they differ by {diff:.1%}")
        span = usd_rate_range(foreign, fx) if not b.date and fx.base in (ma.unit, mb.unit) else None
        severity = None
        if span is not None and ma.value and mb.value:
            low, high, since = span
            implied = mb.value / ma.value if mb.unit == fx.base else ma.value / mb.value
            if low * (1 - rule.rel_tol) <= implied <= high / (1 - rule.rel_tol):
                # Undated: a rate of another year may be the one it used (one euro was worth $0.85 to $1.58).
                severity = rule.undated_severity
                why += (f"; the article is undated, and the ECB's rates since {since} (1 {foreign} = {low:.4g} to "
                        f"{high:.4g} {fx.base}) include one that gives it: date the article to check it")
        out.append(((0, 0), finding(rule, b, a, why, rel=diff, severity=severity)))
    return out
