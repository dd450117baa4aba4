"""conversion: an amount restated in another currency beside it matches the FX table.

What: two money mentions in one sentence, in different currencies, at most
``max_gap`` characters apart ("$600 billion (£482bn)", "€20m, or $21.6m"), are
converted at the ECB reference rate of the article's date (numcheck.fx),
and must agree within ``rel_tol``. An undated article, or one whose date
the ECB gives no rate of (a currency it quotes from 2005 in a 1996
article), is converted with the pack's dated FX table (``fx:`` in
rules/default/fx.yaml); if some ECB rate of the years since the currency's first
(monthly) would give its conversion, the finding is ``undated_severity``
(info): the article may be older than the table.

An amount whose currency is a guess (a word several currencies share, with
no country, code or symbol: "10 million francs") is not checked.

Why: conversions are computed by hand under deadline; a slipped digit or a
stale rate shows here.

Example::

    $600 billion (£482bn)   at 1 GBP = 1.245 USD: £482bn = $600bn  -> ok
    $600 billion (£382bn)                                          -> flagged (info when undated:
                                          1 GBP = 1.57 USD in 2014)
"""
from __future__ import annotations

from collections import defaultdict

from numcheck import currencies_cldr
from numcheck import lexicon as lx
from numcheck.checks import Context, comparable_value, finding, rel_diff
from numcheck.claims import converts
from numcheck.fx import dated_rate, source, usd_rate, usd_rate_range
from numcheck.models import Kind, Mention


def _shared_unit_words() -> frozenset:
    """Currency words CLDR gives to several currencies ("franc": Swiss, CFA, Burundian...; "dinar", "peso")."""
    codes = defaultdict(set)
    for name, code in currencies_cldr.NAMES.items():
        codes[name.split()[-1]].add(code)
    # Bare dollars are US dollars, as everywhere in numcheck (news in English writes them so).
    return frozenset(word for word, of in codes.items() if len(of) > 1) - {"dollar", "dollars"}


_SHARED_UNIT_WORDS = _shared_unit_words()


def guessed_currency(m: Mention) -> bool:
    """Whether a money mention's currency is a guess: a word several currencies share, right after the amount,
    with no country, code or symbol ("10 million francs": numcheck reads Swiss francs; a 1996 wire from Paris meant
    French ones). Its stated equivalent says which it was; a rate cannot check it."""
    words = m.surface.split()
    if len(words) < 2 or words[-1].lower() not in _SHARED_UNIT_WORDS:
        return False
    before = words[-2].lower()
    return before[:1].isdigit() or before in lx.SCALES


def parts(rule, c, fx) -> list[str]:
    """Conversions stand beside each other in one article."""
    return [c.mention.doc] if fx is not None and c.mention.kind is Kind.money and c.mention.value is not None else []


def check_part(rule, doc: str, money: list, ctx: Context):
    fx = ctx.fx
    out = []
    for a, b in zip(money, money[1:]):
        ma, mb = a.mention, b.mention
        if not converts(ma, mb, rule.max_gap) or guessed_currency(ma) or guessed_currency(mb):
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
        dated = dated_rate(foreign, b.date)
        span = usd_rate_range(foreign, fx) if not dated and fx.base in (ma.unit, mb.unit) else None
        severity = None
        if span is not None and ma.value and mb.value:
            low, high, since = span
            implied = mb.value / ma.value if mb.unit == fx.base else ma.value / mb.value
            if low * (1 - rule.rel_tol) <= implied <= high / (1 - rule.rel_tol):
                # No rate of its day: a rate of another year may be the one it used (one euro was worth $0.85 to $1.58).
                severity = rule.undated_severity
                unknown = f"the ECB gives no rate of {b.date[:10]}" if b.date else "the article is undated"
                why += (f"; {unknown}, and the ECB's rates since {since} (1 {foreign} = {low:.4g} to "
                        f"{high:.4g} {fx.base}) include one that gives it" + ("" if b.date else ": date the article to check it"))
        out.append(((0, 0), finding(rule, b, a, why, rel=diff, severity=severity)))
    return out
