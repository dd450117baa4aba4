"""Score numcheck's extractor on other projects' test data (money, percent, counts).

Suites (all under ../shared/data, see each folder's SOURCE.md):

* quantulum3/quantities.json -- the money, percent and count gold items. quantulum3 unit names are
  mapped to numcheck units ("dollar" -> USD, "pound sterling" -> GBP, "dollar per hour" -> USD per
  hour, "percentage" -> percent). Counts are the "dimensionless" items that are not years; quantulum3
  has no counted noun, so for them only the value is compared (any kind but money/percent/date).
  Ranges (value = midpoint +- uncertainty) must come back as value = midpoint, low/high = the ends.
  Sub-unit coins (cent, penny, dime) may come back in the main unit (50 cents -> 0.5) or as is.
  A gold item is found when a mention overlapping an occurrence of its surface matches. Bar: 95%.
* recognizers_text_en/NumberWithUnit_{Age,Temperature,Dimension}Model.json: a result is found when a
  quantity/duration/count mention overlapping it has its value and unit (RT_UNITS maps Recognizers'
  unit names to numcheck's; ages must come back as "year of age", "month of age"...). Bar 90%
  (Dimension: a floor at today's score, see its test).
* recognizers_text_en/NumberWithUnit_CurrencyModel.json and Number_PercentModel.json (Microsoft
  Recognizers-Text; End is inclusive). An expected result is found when a mention of kind money
  (percent) overlapping its span has the same value, and where the Resolution has an isoCurrency,
  that unit. Cent/Pence/Penny/Sen amounts may come back in the main unit (x 0.01) or as is.
  Results whose value is null (a bare currency name like "dollars", a bare "percent") are not
  amounts and are excluded. Bar: 90% per model.

OUT_OF_SCOPE lists inputs (or surfaces) that a news-number extractor should not be expected to
read; they are excluded from the denominator and printed.

Each suite prints total, found, score and the first misses (``pytest -s`` or ``-rA`` shows them).
Set NUMCHECK_MISSES=/some/file to get every miss written there.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Callable, Optional

from conftest import describe_mentions, shared_path

# input (or gold surface) -> why a news-number extractor need not read it
OUT_OF_SCOPE: dict[str, str] = {
    # --- quantulum3: numbers that are part of names (numcheck's seed gold forbids these: R1, H800, Point72)
    "Hubble images of the non-standard object SCP 06F6, behind galaxy cluster MACS J1149.5+6663, "
    "were sharper than any taken since the passage of Voyager 2 in 1979":
        "'2' is part of the name 'Voyager 2', not a quantity",
    'The class is "English 101". On a second thought, I\'ll skip it.':
        "'101' is part of a course name, not a quantity",
    "Cannington—South 32 Ltd": "'32' is part of a company name (like Point72 in the seed gold)",
    "Intel Core i7 860 Processor 2.80 GHz 8 MB LGA1156 CPU I7-860BOX":
        "'860' is a product model number (like H800 in the seed gold)",
    "Oh look, a penny!": "a coin as a physical object, not an amount of money",
    "Even though we're in the 21st century, we need an accuracy of 16.25 nanometers, about 1/40 of the "
    "wavelength of red light": "slash fractions ('1/40') are read as dates or ratios in news (3/4, 24/7)",
    "OPERA detected neutrinos traveling faster than light by a factor of 2.48×10−5, with 6.0-sigma significance.":
        "scientific notation with a multiplication sign is not news money, percent or count",
    "Zero is a small number.": "a spelled-out number standing alone, with nothing counted: held back on purpose "
                               "(news is full of 'one of', 'the two'), which keeps idioms out of the claims",
    "There are two in my car": "a spelled-out number standing alone, with nothing counted (see 'Zero')",
    "three million, two hundred & forty, you say?": "a spelled-out number broken by a comma and '&': not news style",
    # --- Recognizers-Text currency
    "It may need one kuai and five mao five.": "Chinese colloquial currency units (kuai/mao)",
    "Supply limit: ₿21,000,000": "cryptocurrency (bitcoin), not a currency with an ISO 4217 code",
    "He has lost a laptop containing 10000 bitcoins": "cryptocurrency (bitcoin)",
    "each block mined is now 6.25 BTC": "cryptocurrency (bitcoin)",
    "2 satoshis one day will be worth something": "cryptocurrency (satoshi)",
    "It costs one dollar and one and one point of your credit points.":
        "gold reads 'one dollar and one' as $1.01; the 'one' belongs to 'one point' -- arguable gold",
    "It costs one dollar and two and three points of your credit points.":
        "gold reads 'one dollar and two' as $1.02; the 'two' belongs to 'two and three points' -- arguable gold",
    # --- Recognizers-Text age
    "He is about 40 - 50 years old.": "gold reads only the upper end ('50 years old' = 50); numcheck reads the "
                                      "range 40-50 (midpoint 45), as the sentence says",
    # --- Recognizers-Text dimension
    "then , to make these gardenettes quite literally rooms , ms . bartlett had thrown up windowless walls (brick, "
    "lattice, hedge ) eight to 10 feet tall, casting her interiors into day - long stygian shade.":
        "gold reads only the upper end ('10 feet'); numcheck reads the range 'eight to 10 feet', as the sentence says",
    "in 1995 canon introduced the first commercially available slr lens with internal image stabilization , ef 75 "
    "-300mm f / 4 - 5 . 6 is usm.": "gold reads only '300mm'; numcheck reads the zoom range 75-300 mm",
    "2 pm": "'2 pm' is a clock time in news ('He said: 2 pm is 2 picometer': the picometres are read)",
    "A coin weighing one drachma is known as a stater": "'drachma' is the Greek currency (GRD) in news, not the dram",
    # --- Recognizers-Text percent: "percent of N" read as N%
    "percents of twenty": "'percent(s) of N' read as N%: in news prose it qualifies another number (5 percent of 20 banks)",
    "percent of 10": "'percent of N' read as N%: in news prose it qualifies another number",
    "per cent of twenty-two": "'per cent of N' read as N%: in news prose it qualifies another number",
    "per cent of 210": "'per cent of N' read as N%: in news prose it qualifies another number",
}

N_SHOWN = 15
REL = 1e-6


def close(a: Optional[float], b: float) -> bool:
    return a is not None and math.isclose(float(a), float(b), rel_tol=REL, abs_tol=1e-9)


def _kind(m) -> str:
    return getattr(m.kind, "value", m.kind)


def overlaps(m, spans: list[tuple[int, int]]) -> bool:
    return any(m.start < e and s < m.end for s, e in spans)


@dataclass
class Item:
    input: str
    surface: str
    spans: list[tuple[int, int]]
    expected: str  # human-readable gold
    match: Callable  # mention -> bool (overlap already checked)
    notes: list[str] = field(default_factory=list)


def out_of_scope_reason(item: Item) -> Optional[str]:
    return OUT_OF_SCOPE.get(item.input) or OUT_OF_SCOPE.get(item.surface)


def score(suite: str, items: list[Item], excluded: list[str], extract, miss_log,
          bar: float, no_result_inputs: tuple[list[str], Callable] = ([], None)) -> None:
    __tracebackhide__ = True  # the printed report says it all; keep the failure short
    cache: dict[str, list] = {}

    def mentions_of(text: str) -> list:
        if text not in cache:
            cache[text] = list(extract(text))
        return cache[text]

    in_scope, oos = [], []
    for it in items:
        reason = out_of_scope_reason(it)
        (oos if reason else in_scope).append((it, reason))

    found, misses = 0, []
    for it, _ in in_scope:
        ms = mentions_of(it.input)
        if any(overlaps(m, it.spans) and it.match(m) for m in ms):
            found += 1
        else:
            near = [m for m in ms if overlaps(m, it.spans)]
            got = describe_mentions(near) if near else "nothing overlapping; all: " + describe_mentions(ms)
            misses.append(f"{it.input!r}\n      expected {it.surface!r} -> {it.expected}\n      got {got}")

    total = len(in_scope)
    rate = found / total if total else 1.0
    print(f"\n=== {suite}: {found}/{total} found = {rate:.1%} (bar {bar:.0%}) ===")
    if oos:
        print(f"out of scope ({len(oos)}, excluded from the denominator):")
        for it, reason in oos:
            print(f"  - {it.surface!r} in {it.input[:70]!r}: {reason}")
    for line in excluded:
        print(f"excluded: {line}")
    if misses:
        print(f"misses ({len(misses)}; first {min(N_SHOWN, len(misses))}):")
        for m in misses[:N_SHOWN]:
            print("  - " + m)
    inputs, bad = no_result_inputs
    if inputs and bad is not None:
        spurious = [(t, [m for m in mentions_of(t) if bad(m)]) for t in inputs]
        spurious = [(t, ms) for t, ms in spurious if ms]
        print(f"info (not scored): {len(spurious)}/{len(inputs)} inputs that expect nothing got something")
        for t, ms in spurious:
            print(f"  - {t[:80]!r}: {describe_mentions(ms)}")
            miss_log.add(f"{suite} (info: spurious, not scored)", f"{t!r}\n      got {describe_mentions(ms)}")
    for m in misses:
        miss_log.add(suite, m)
    assert rate >= bar, f"{suite}: {found}/{total} = {rate:.1%} < {bar:.0%} bar ({len(misses)} misses)"


def _spans_of(text: str, surface: str) -> list[tuple[int, int]]:
    spans, i = [], text.find(surface)
    while i >= 0:
        spans.append((i, i + len(surface)))
        i = text.find(surface, i + 1)
    return spans


# ----------------------------------------------------------------------------- quantulum3

CURRENCY = {"dollar": "USD", "euro": "EUR", "pound sterling": "GBP", "yen": "JPY",
            "yuan": "CNY", "renminbi": "CNY", "rupee": "INR", "swiss franc": "CHF"}
# sub-unit coins: (currency or None when unspecified, factor to the main unit)
SUBUNIT = {"cent": (None, 0.01), "penny": (None, 0.01), "dime": ("USD", 0.1)}
PER_ALIASES = {"hour": {"hour", "hr", "h"}, "kilogram": {"kilogram", "kg", "kilo"}}
YEAR = re.compile(r"^(1[5-9]|20)\d\d$")


def _per_ok(expected: str, got: str) -> bool:
    got = got.strip().lower()
    ok = PER_ALIASES.get(expected, {expected})
    return got in ok or got.rstrip("s") in ok


def _range_ok(m, value: float, unc: Optional[float]) -> bool:
    if not close(m.value, value):
        return False
    if unc:
        return close(m.low, value - unc) and close(m.high, value + unc)
    return True


def quantulum3_items() -> tuple[list[Item], list[str], list[str]]:
    path = shared_path("data", "quantulum3", "quantities.json")
    cases = json.loads(path.read_text(encoding="utf-8"))
    items, years, other = [], [], 0
    for case in cases:
        req = case["req"]
        for r in case["res"]:
            unit, value, unc, surface = r["unit"], float(r["value"]), r.get("uncertainty"), r["surface"]
            spans = _spans_of(req, surface)
            assert spans, f"quantulum3 gold surface {surface!r} not in {req!r}"
            head, _, per = unit.partition(" per ")
            rng = f" [{value - unc}, {value + unc}]" if unc else ""
            if head in CURRENCY:
                iso = CURRENCY[head]

                def match(m, iso=iso, per=per, value=value, unc=unc):
                    return (_kind(m) == "money" and m.unit == iso and _range_ok(m, value, unc)
                            and (not per or _per_ok(per, m.per)))

                exp = f"money {value} {iso}{rng}" + (f" per {per}" if per else "")
            elif unit in SUBUNIT:
                iso, factor = SUBUNIT[unit]

                def match(m, iso=iso, factor=factor, value=value):
                    return (_kind(m) == "money" and (iso is None or m.unit == iso)
                            and (close(m.value, value * factor) or close(m.value, value)))

                exp = f"money {value * factor:g} {iso or 'any currency'} (or {value:g} {unit})"
            elif unit == "percentage":
                def match(m, value=value, unc=unc):
                    return _kind(m) == "percent" and m.unit == "percent" and _range_ok(m, value, unc)

                exp = f"percent {value}{rng}"
            elif unit == "dimensionless":
                if YEAR.match(surface):
                    years.append(surface)
                    continue

                def match(m, value=value, unc=unc):
                    return _kind(m) not in ("money", "percent", "date") and _range_ok(m, value, unc)

                exp = f"count/number {value}{rng} (unit not compared)"
            else:
                other += 1
                continue
            items.append(Item(req, surface, spans, exp, match))
    excluded = [f"{len(years)} dimensionless years ({', '.join(years)}): dates, not counts",
                f"{other} physical-quantity items (metre, kilogram, count per week...): not in this suite"]
    empty = [c["req"] for c in cases if not c["res"]]
    return items, excluded, empty


def test_quantulum3_money_percent_counts(request, miss_log):
    items, excluded, empty = quantulum3_items()  # skips first when the data is absent
    extract = request.getfixturevalue("extract")
    score("quantulum3 quantities.json (money, percent, counts)", items, excluded, extract, miss_log,
          bar=0.95, no_result_inputs=(empty, lambda m: _kind(m) != "date"))


# ----------------------------------------------------------------------------- Recognizers-Text

SUBUNIT_NAMES = {"Cent", "Pence", "Penny", "Sen"}


def _recognizers(name: str) -> list[dict]:
    path = shared_path("data", "recognizers_text_en", name)
    return json.loads(path.read_text(encoding="utf-8-sig"))


def _span(inp: str, r: dict) -> list[tuple[int, int]]:
    s, e = r["Start"], r["End"] + 1  # End is inclusive
    if inp[s:e].lower() != r["Text"].lower():  # be robust to an off-by-one in the spec
        i = inp.lower().find(r["Text"].lower())
        if i >= 0:
            s, e = i, i + len(r["Text"])
    return [(s, e)]


def _is_null(v) -> bool:
    return v is None or str(v).strip().lower() == "null"


def _valued_results(cases: list[dict]) -> tuple[list[tuple[str, dict, dict]], list[str]]:
    """(input, result, resolution) of each result with a value; the null-valued ones, described."""
    valued, nulls = [], []
    for case in cases:
        for r in case["Results"]:
            if _is_null(r["Resolution"].get("value")):
                nulls.append(f"{r['Text']!r} in {case['Input'][:50]!r}")
            else:
                valued.append((case["Input"], r, r["Resolution"]))
    return valued, nulls


def currency_items() -> tuple[list[Item], list[str], list[str]]:
    cases = _recognizers("NumberWithUnit_CurrencyModel.json")
    items = []
    valued, nulls = _valued_results(cases)
    for inp, r, res in valued:
        value, iso, uname = float(res["value"]), res.get("isoCurrency"), res.get("unit", "")
        sub = uname in SUBUNIT_NAMES

        def match(m, value=value, iso=iso, sub=sub):
            if _kind(m) != "money" or (iso and m.unit != iso):
                return False
            return close(m.value, value) or (sub and close(m.value, value * 0.01))

        exp = f"money {value} {iso or '(' + uname + ', unit not compared)'}"
        if sub:
            exp += f" (or {value * 0.01:g})"
        items.append(Item(inp, r["Text"], _span(inp, r), exp, match))
    excluded = [f"{len(nulls)} results with value null (bare currency names, not amounts): " + "; ".join(nulls)]
    empty = [c["Input"] for c in cases if not c["Results"]]
    return items, excluded, empty


def percent_items() -> tuple[list[Item], list[str], list[str]]:
    cases = _recognizers("Number_PercentModel.json")
    items, nulls = [], []
    for case in cases:
        inp = case["Input"]
        for r in case["Results"]:
            v = r["Resolution"].get("value")
            if _is_null(v):
                nulls.append(f"{r['Text']!r} in {inp[:50]!r}")
                continue
            value = float(str(v).strip().rstrip("%"))

            def match(m, value=value):
                return _kind(m) == "percent" and close(m.value, value)

            items.append(Item(inp, r["Text"], _span(inp, r), f"percent {value}", match))
    excluded = [f"{len(nulls)} results with value null (a bare 'percent'/'%', not an amount): " + "; ".join(nulls)]
    empty = [c["Input"] for c in cases if not c["Results"]]
    return items, excluded, empty


def test_recognizers_currency(request, miss_log):
    items, excluded, empty = currency_items()
    extract = request.getfixturevalue("extract")
    score("Recognizers-Text NumberWithUnit_CurrencyModel", items, excluded, extract, miss_log,
          bar=0.90, no_result_inputs=(empty, lambda m: _kind(m) == "money"))


def test_recognizers_percent(request, miss_log):
    items, excluded, empty = percent_items()
    extract = request.getfixturevalue("extract")
    score("Recognizers-Text Number_PercentModel", items, excluded, extract, miss_log,
          bar=0.90, no_result_inputs=(empty, lambda m: _kind(m) == "percent"))


# Recognizers-Text unit names -> numcheck's (quantulum3's) unit names, compared after lower-casing and with
# "meter"/"metre" spellings made one. Ages: "Year" -> "year of age" (an age is not a duration).
RT_UNITS = {
    "pound": {"pound-mass", "pound"}, "ton": {"ton", "tonne", "short ton", "long ton"},
    "metric ton": {"tonne", "metric ton"}, "cubic foot": {"cubic foot"}, "bit": {"bit"},
    "mile per hour": {"mile per hour"}, "kilometer per hour": {"kilometre per hour"},
    "square meter": {"square metre"}, "square kilometer": {"square kilometre"}, "dram": {"dram"},
    "c": {"degree celsius"}, "f": {"degree fahrenheit"}, "degree": {"degree", "degree angle"},
    "megabit": {"megabit", "megabyte"}, "milliliter": {"millilitre", "cubic centimetre"},
}


def _unit_ok(expected: str, got: str) -> bool:
    def norm(u: str) -> str:
        return u.lower().replace("meter", "metre").replace("liter", "litre")

    return norm(got) in {norm(u) for u in RT_UNITS.get(expected.lower(), {expected})}


def unit_model_items(name: str, age: bool = False) -> tuple[list[Item], list[str], list[str]]:
    cases = _recognizers(f"NumberWithUnit_{name}Model.json")
    items = []
    valued, nulls = _valued_results(cases)
    for inp, r, res in valued:
        value, unit = float(res["value"]), res.get("unit", "")
        want = {"year": "year of age", "month": "month of age", "week": "week of age", "day": "day of age",
                "age": "year of age"}.get(unit.lower(), unit) if age else unit

        def match(m, value=value, want=want):
            # A rate's denominator is its own field ("188 miles an hour": mile, per hour).
            unit = f"{m.unit} per {m.per}" if m.per else m.unit
            return _kind(m) in ("quantity", "duration", "count") and close(m.value, value) and (
                unit == want if age else _unit_ok(want, unit))

        items.append(Item(inp, r["Text"], _span(inp, r), f"{value} {want}", match))
    excluded = [f"{len(nulls)} results with value null (a bare unit name, not an amount): " + "; ".join(nulls)]
    empty = [c["Input"] for c in cases if not c["Results"]]
    return items, excluded, empty


def test_recognizers_age(request, miss_log):
    items, excluded, empty = unit_model_items("Age", age=True)
    score("Recognizers-Text NumberWithUnit_AgeModel", items, excluded, request.getfixturevalue("extract"),
          miss_log, bar=0.90, no_result_inputs=(empty, lambda m: "of age" in m.unit))


def test_recognizers_temperature(request, miss_log):
    items, excluded, empty = unit_model_items("Temperature")
    score("Recognizers-Text NumberWithUnit_TemperatureModel", items, excluded, request.getfixturevalue("extract"),
          miss_log, bar=0.90, no_result_inputs=(empty, lambda m: "degree" in m.unit))


def test_recognizers_dimension(request, miss_log):
    items, excluded, empty = unit_model_items("Dimension")
    # Not read yet: a rate's gold without its denominator ("500,000 barrels a day" read as barrels per
    # day), one-letter symbols other than metres ("100t"), the inch mark ('10 "'), "16-bit", "0.8rad",
    # "a half turn".
    score("Recognizers-Text NumberWithUnit_DimensionModel", items, excluded, request.getfixturevalue("extract"),
          miss_log, bar=0.90, no_result_inputs=(empty, lambda m: _kind(m) == "quantity"))


def test_out_of_scope_entries_exist():
    """Every OUT_OF_SCOPE key names a real input or gold surface (keeps the list honest)."""
    known: set[str] = set()
    for loader in (quantulum3_items, currency_items, percent_items, lambda: unit_model_items("Age", True),
                   lambda: unit_model_items("Temperature"), lambda: unit_model_items("Dimension")):
        items, _, _ = loader()
        known.update(it.input for it in items)
        known.update(it.surface for it in items)
    stale = [k for k in OUT_OF_SCOPE if k not in known]
    assert not stale, f"OUT_OF_SCOPE keys matching no suite item: {stale}"
