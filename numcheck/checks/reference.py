"""reference: a claim matches a reference figure from a named source.

What: every mention the rule selects is compared with ``value`` (``unit``),
read with its qualifier and reported precision; a mention that cannot stand
for the reference figure is flagged, and the message names the source.

Why: when a primary source exists (a filing, a paper, a press release), each
restatement should match it.

Example::

    value: 5576000   unit: USD   source: "DeepSeek-V3 technical report (2024), 2.788M H800 GPU hours at $2/hour"
    "$5.6 million"  -> ok (rounds to it)        "$6.5 million" -> flagged
"""
from __future__ import annotations

from numcheck.checks import Context, comparable_value, finding, fmt, interval, rel_diff


def parts(rule, c, fx) -> list[str]:
    return [c.mention.doc]


def check_part(rule, doc: str, claims: list, ctx: Context):
    out = []
    for c in claims:
        m = c.mention
        if rule.unit and m.unit.lower() != rule.unit.lower() and not (m.kind.value == "money" and rule.unit == "USD"):
            continue
        lo, hi = interval(m, ctx.fx, rounding=True, on=c.date)
        slack = rule.rel_tol * abs(rule.value)
        if lo - slack <= rule.value <= hi + slack:
            continue
        v = comparable_value(m, ctx.fx, c.date)
        why = (f"{m.surface} ({m.doc}:{m.line}) does not match the reference figure {fmt(rule.value)} "
               f"{rule.unit} ({rule.source})")
        out.append(((0, 0), finding(rule, c, None, why, rel=rel_diff(v, rule.value))))
    return out
