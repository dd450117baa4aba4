"""relation: one claim stands in a fixed relation to another (lhs op rhs x factor).

What: the consensus of the ``lhs`` claim is compared with the consensus of the
``rhs`` claim; each lhs mention is flagged when the relation fails.

Why: some figures bound others: a partner's share of a project is at most the
project's total; a part is no larger than the whole.

Example::

    lhs: openai-stargate-commitment   op: "<="   rhs: stargate-total
    "OpenAI will commit $19 billion" vs "the $500 billion Stargate project"  -> ok
    "OpenAI will commit $600 billion" vs "the $500 billion Stargate project" -> flagged
"""
from __future__ import annotations

import operator

from numcheck.checks import Context, clusters, comparable_value, docs_label, finding, rel_diff

_OPS = {"<=": operator.le, ">=": operator.ge, "<": operator.lt, ">": operator.gt}


def selectors(rule) -> list:
    return [rule.lhs, rule.rhs]


def run(rule, ctx: Context):
    lhs, rhs = ctx.select(rule.lhs), ctx.select(rule.rhs)
    rhs_clusters = clusters(rhs, ctx.fx, rule.rel_tol)
    if not lhs or not rhs_clusters:
        return []
    target = rhs_clusters[0]
    bound = target.value * rule.factor
    out = []
    for c in lhs:
        v = comparable_value(c.mention, ctx.fx, c.date)
        if v is None:
            continue
        if rule.op == "==":
            ok = abs(v - bound) <= rule.rel_tol * max(abs(v), abs(bound))
        else:
            ok = _OPS[rule.op](v, bound * (1 + rule.rel_tol) if "<" in rule.op else bound * (1 - rule.rel_tol))
        if ok:
            continue
        rep = target.representative(not_doc="") or target.claims[0]
        factor = f" x {rule.factor:g}" if rule.factor != 1 else ""
        why = (f"{c.mention.surface} ({c.mention.doc}:{c.mention.line}) should be {rule.op} "
               f"{rep.mention.surface}{factor} ({docs_label(target.claims)}), but is not")
        out.append(finding(rule, c, rep, why, rel=rel_diff(v, bound), extra={"other_docs": docs_label(target.claims)}))
    return out
