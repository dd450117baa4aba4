"""conversion: an amount restated in another currency beside it matches the FX table.

What: two money mentions in one sentence, in different currencies, at most
``max_gap`` characters apart ("$600 billion (£482bn)", "€20m, or $21.6m"), are
converted at the ECB reference rate of the article's date (numcheck.fx),
or with the pack's dated FX table (``fx:`` in rules/fx.yaml) when the
article is undated, and must agree within ``rel_tol``.

Why: conversions are computed by hand under deadline; a slipped digit or a
stale rate shows here.

Example::

    $600 billion (£482bn)   at 1 GBP = 1.245 USD: £482bn = $600bn  -> ok
    $600 billion (£382bn)                                          -> flagged
"""
from __future__ import annotations

import re

from numcheck.checks import Context, comparable_value, finding, rel_diff
from numcheck.fx import source, usd_rate
from numcheck.models import Kind

_BETWEEN = re.compile(r"^[\s(,;:]*(?:or|about|around|roughly|some|approximately|equivalent to|worth|i\.e\.)?[\s(]*$",
                      re.IGNORECASE)


def parts(rule, c, fx) -> list[str]:
    """Conversions stand beside each other in one article."""
    return [c.mention.doc] if fx is not None and c.mention.kind is Kind.money and c.mention.value is not None else []


def check_part(rule, doc: str, money: list, ctx: Context):
    fx = ctx.fx
    out = []
    for a, b in zip(money, money[1:]):
        ma, mb = a.mention, b.mention
        if ma.unit == mb.unit or mb.start - ma.end > rule.max_gap:
            continue
        if not _BETWEEN.match(ma.sentence[ma.sentence.find(ma.surface) + len(ma.surface):][: mb.start - ma.end]
                              if ma.surface in ma.sentence else ""):
            continue
        va, vb = comparable_value(ma, fx, a.date), comparable_value(mb, fx, b.date)
        if va is None or vb is None:
            continue
        diff = rel_diff(va, vb)
        if diff is not None and diff > rule.rel_tol:
            foreign = mb.unit if mb.unit != fx.base else ma.unit
            rate = f"1 {foreign} = {usd_rate(foreign, b.date, fx):.4g} {fx.base}"
            where = source(foreign, b.date, fx)
            why = (f"{mb.surface} is given as the equivalent of {ma.surface} ({mb.doc}:{mb.line}), but at {rate} "
                   f"({where}{'' if where.startswith('ECB') else ', ' + fx.source}) they differ by {diff:.1%}")
            out.append(((0, 0), finding(rule, b, a, why, rel=diff)))
    return out
