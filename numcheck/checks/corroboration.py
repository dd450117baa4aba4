"""corroboration: a figure is found in fewer than ``min_articles`` articles (or outlets).

What: the claims the rule selects are grouped by value; each value reported by
fewer than N distinct articles (``distinct_by: doc``) or outlets is flagged.
With ``context``, the finding sets the figure against another claim's
consensus (e.g. a partner's commitment against the project's total) and says
what share of it the figure is.

Why: a figure only one article gives is the one to check before repeating it.

Example::

    claim: {subjects: [OpenAI], measures: [commitment]}   context: stargate-total
    001: "OpenAI is expected to commit $19 billion"   (no other article)  -> flagged
"""
from __future__ import annotations

from numcheck.checks import Context, clusters, comparable_value, docs_label, finding, supporters


def selectors(rule) -> list:
    return [rule.claim] + ([rule.context] if rule.context else [])


def run(rule, ctx: Context):
    selected = ctx.select(rule.claim)
    if not selected:
        return []
    context_claims = ctx.select(rule.context) if rule.context else []
    context = clusters(context_claims, ctx.fx, rule.rel_tol)
    out = []
    for cl in clusters(selected, ctx.fx, rule.rel_tol):
        sources = {(c.outlet or c.mention.doc) if rule.distinct_by == "outlet" else c.mention.doc for c in cl.claims}
        if len(sources) >= rule.min_articles:
            continue
        for c in cl.claims:
            m = c.mention
            why = (f"{m.surface} ({c.label}) is reported by {len(sources)} {'outlet' if rule.distinct_by == 'outlet' else 'article'}"
                   f"{'s' if len(sources) != 1 else ''} only ({docs_label(cl.claims)}); at least {rule.min_articles} are expected")
            other, extra = None, {"count": str(len(sources)), "docs": docs_label(cl.claims)}
            if context:
                top = context[0]
                other = top.representative(not_doc="")
                backing = supporters(top.value, context_claims, ctx.fx, rule.rel_tol)
                v = comparable_value(m, ctx.fx, c.date)
                share = v / top.value if v is not None and top.value else None
                extra.update(other_docs=docs_label(backing), ratio=f"{share:.1%}" if share is not None else "")
                name = rule.context.replace("-", " ") if isinstance(rule.context, str) else other.label
                why += (f"; for scale, {name} is {other.mention.surface} in "
                        f"{len({b.mention.doc for b in backing})} articles ({docs_label(backing)})"
                        + (f", so this is {share:.1%} of it" if share is not None else ""))
            out.append(finding(rule, c, other, why, extra=extra))
    return out
