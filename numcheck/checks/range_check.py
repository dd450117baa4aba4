"""range: a claim lies in [min, max].

What: every mention the rule selects must lie within the bounds (in the FX
table's base currency for money).

Why: some figures have known limits: a percentage share is at most 100, a
training run's chip count is not in the billions.

Example::

    claim: {kinds: [percent], units: [percent], measures: [decline]}   min: 0   max: 100
    "shares fell 170 percent"  -> flagged (nothing falls by more than all of it)
"""
from __future__ import annotations

from numcheck.checks import Context, comparable_value, finding, fmt


def parts(rule, c, fx) -> list[str]:
    return [c.mention.doc]


def check_part(rule, doc: str, claims: list, ctx: Context):
    out = []
    for c in claims:
        v = comparable_value(c.mention, ctx.fx, c.date)
        if v is None:
            continue
        if (rule.min is not None and v < rule.min) or (rule.max is not None and v > rule.max):
            bounds = f"[{fmt(rule.min) if rule.min is not None else '-inf'}, {fmt(rule.max) if rule.max is not None else 'inf'}]"
            why = f"{c.mention.surface} ({c.mention.doc}:{c.mention.line}) lies outside {bounds}"
            out.append(((0, 0), finding(rule, c, None, why)))
    return out
