"""Property-based tests (hypothesis) for the extractor and the rule loader.

* extract() on arbitrary text never raises, and every mention is internally consistent:
  offsets inside the text, surface == text[start:end], finite value, low <= value <= high,
  line/col agree with the offset.
* Locality: a paragraph reads the same alone and after other paragraphs.
* parse_rule_text() on arbitrary text / random rule-shaped YAML returns a RuleSet or raises
  RuleError whose message is one line starting with the file name; nothing else escapes.

Text strategies compose fragments that reach the extractor's interesting paths (currency
symbols and codes, scales, qualifiers, ranges, number words, vague amounts, digit groups)
as well as plain st.text(). The whole module runs in well under 20 s.
"""
from __future__ import annotations

import math

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from numcheck.extraction import extract, extract_claimable
from numcheck.models import CLAIMLESS_KINDS, Mention
from numcheck.ruleset import RuleError, RuleSet, parse_rule_text

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# --- text strategies -----------------------------------------------------------------------------

FRAGMENTS = [
    # currencies
    "$", "£", "€", "¥", "₹", "US$", "C$", "HK$", "us $", "Rs.", "USD", "EUR", "usd ", "MUSD", "M", "dollars",
    "dlrs", "euros", "pounds", "cents", "yen", "Canadian dollars", "sterling",
    # numbers
    "5", "5.6", "0.5", "2,000", "1,1,1", "10 000", "1,000,000", "12,50", "000", "1987", "2019", "1e400", "99.99",
    "-", "−", "–", "(", ")", ".", ",", ":", "/",
    # scales
    "million", "bn", "m", "k", "K", "mln", "billion", "thousand", "trillion", "crore", "lakh", "hundred",
    # percent
    "percent", "%", "pct", "per cent", "percentage points", "basis points", "bps",
    # qualifiers and ranges
    "more than ", "up to ", "between ", " and ", " to ", " or ", "about ", "over ", "nearly ", "at least ",
    "from ", "minus ", "~",
    # counted nouns, units, rates
    "chips", "people", "years", "tonnes", "barrel", "per ", "a share", " a ", "of ", "times more", "fold", "x",
    "pm", "am",
    # words
    "dozens of ", "a couple ", "a few ", "several ", "hundreds of ", "tens of thousands of ", "billions of ",
    "three", "twenty-five", "half", "one", "two thirds", "a dozen", "double", "tripled", "number ",
    "May ", "January ", "fine over ",
    # case variants: the scan spells out case forms, some lookups are case-sensitive
    "And", " And ", " AND ", "Million", "MILLION", "Hundred", "HUNDRED", "Dollars", "DOLLARS", "Cents", "Three",
    "Between ", "More than ", "Percent", "Dozens of ",
    # letters Unicode case-folding matches to ASCII ones: long s, Kelvin sign, dotted and dotless i
    "ſ", "\u212a", "\u0130", "\u0131", "millionſ", "thouſand",
    # layout
    "\n", "\n\n", " ", "  ", "\t", "\u00a0", "\x00",
]

fragment = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.sampled_from(FRAGMENTS),  # weight the fragments over the generic alternatives
    st.sampled_from(FRAGMENTS),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=6),
    st.text(alphabet="0123456789", min_size=1, max_size=6),
    st.text(max_size=3),
)


def _opt(strategy):
    return st.one_of(st.just(""), strategy)


NUMBERS = ["5", "5.6", "0.5", "12", "2,000", "1,1,1", "10 000", "1,000,000", "99.99", "1987", "31", "1e400",
           "0", "007", "three", "twenty-five", "half", "one", "two and a half", "a dozen", "nine hundred"]
# A phrase shaped like a mention, so the combinations the extractor reads outward are reached often:
# "(more than US$5.6 million-6 billion a share)", "between three and 5 percent", "dozens of chips".
phrase = st.one_of(
    st.builds(
        lambda q, open_, sign, cur, num, scale, unit, rng, close: q + open_ + sign + cur + num + scale + unit + rng
        + close,
        _opt(st.sampled_from(["more than ", "up to ", "between ", "about ", "over ", "nearly ", "from ",
                              "minus ", "~", "fine over ", "at least "])),
        _opt(st.just("(")),
        _opt(st.sampled_from(["-", "−"])),
        _opt(st.sampled_from(["$", "£", "€", "US$", "C$", "USD ", "EUR", "us $ ", "Rs.", "MAUD "])),
        st.one_of(st.sampled_from(NUMBERS), st.text(alphabet="0123456789,.", min_size=1, max_size=8)),
        _opt(st.sampled_from(["million", " million", "bn", "m", " m", "k", "K", " billion", "-billion", " thousand",
                              " trillion", " mln", "mn"])),
        _opt(st.sampled_from([" dollars", " euros", " pounds", "%", " percent", " per cent", " pct",
                              " percentage points", " basis points", " chips", " people", " years", " tonnes",
                              " cents", " a share", " per barrel", "/day", " times more", "-fold", "x", " pm",
                              " Canadian dollars", " USD", "€", " $"])),
        _opt(st.builds(lambda sep, cur, num, scale: sep + cur + num + scale,
                       st.sampled_from(["-", " - ", " to ", " and ", " or ", "–"]),
                       _opt(st.sampled_from(["$", "£", "US$"])),
                       st.sampled_from(NUMBERS),
                       _opt(st.sampled_from([" million", "bn", " billion", "%", " percent", " chips"])))),
        _opt(st.just(")")),
    ),
    st.sampled_from(["dozens of people", "a couple thousand", "a few hundred chips", "tens of thousands of people",
                     "billions of dollars", "hundreds of millions of", "several million", "May 5", "Sept. 30"]),
)
separator = st.sampled_from([" ", " ", ", ", ". ", "\n", "\n\n", " and ", " And ", " AND ", " (", ") ", "; ",
                             "\t", ""])
# One fragment repeated many times: long chains of number words, digit groups, symbol runs.
repeated = st.builds(lambda f, n, sep: sep.join([f] * n),
                     st.sampled_from(FRAGMENTS + NUMBERS), st.integers(1, 400), st.sampled_from(["", " ", "-", ","]))
phrase_text = st.lists(st.tuples(phrase, separator).map("".join), max_size=6).map("".join)
fragment_text = st.lists(st.one_of(fragment, phrase), max_size=40).map("".join)
news_text = st.one_of(fragment_text, phrase_text, phrase_text, st.text(max_size=200),
                      st.lists(st.one_of(repeated, phrase, fragment), max_size=4).map("".join))


# --- mention invariants ------------------------------------------------------------------------

def check_mentions(text: str, mentions) -> None:
    prev_start = -1
    for m in mentions:
        where = f"mention {m.surface!r}@{m.start}-{m.end} in {text!r}"
        assert 0 <= m.start < m.end <= len(text), where
        assert text[m.start:m.end] == m.surface, where
        assert m.start >= prev_start, f"not in order of position: {where}"
        prev_start = m.start
        for name in ("value", "low", "high", "step"):
            v = getattr(m, name)
            assert v is None or math.isfinite(v), f"{name}={v!r}: {where}"
        if m.low is not None and m.high is not None:
            assert m.low <= m.high, f"low={m.low!r} > high={m.high!r}: {where}"
        if m.value is not None:
            if m.low is not None:
                assert m.low <= m.value, f"low={m.low!r} > value={m.value!r}: {where}"
            if m.high is not None:
                assert m.value <= m.high, f"value={m.value!r} > high={m.high!r}: {where}"
        assert m.line == text.count("\n", 0, m.start) + 1, f"line={m.line}: {where}"
        assert m.col == m.start - (text.rfind("\n", 0, m.start) + 1) + 1, f"col={m.col}: {where}"
        # The extractor builds Mentions without validation: each must be what validating its fields gives,
        # field for field and type for type (24 and 24.0 are equal, but print differently in a report).
        validated = Mention.model_validate(m.model_dump())
        assert list(m.__dict__) == list(validated.__dict__), where
        assert [(k, type(v)) for k, v in m.__dict__.items()] == [(k, type(v)) for k, v in validated.__dict__.items()], where
        assert m == validated and m.model_fields_set == validated.model_fields_set, where


@settings(max_examples=600, **SETTINGS)
@given(news_text)
@example("It cost $5.6 million, up from about 2,000 chips (US$3bn-4bn).")
@example("between 5 and 6 percent\nmore than 1,1,1 people")
@example("1e400 " + "9" * 400)
@example("a couple thousand-MAUD 5")  # a scale in the currency code must not leave the interval behind
@example("a couple thousand¢")  # nor a cent sign after a vague amount
@example("0-$5 (-5 euros ")  # a negative restatement of a range keeps low <= high
def test_extract_mentions_are_consistent(text):
    check_mentions(text, extract(text))


@settings(max_examples=200, **SETTINGS)
@given(news_text)
@example("In 1986 sales rose 5 pct to 12 mln dlrs.\nShr 34 cts vs 1,234")
def test_claimable_mentions_are_the_claimable_part_of_all(text):
    """The pipeline's extract_claimable gives exactly extract's mentions minus dates and bare numbers."""
    every = extract(text)
    claimable, count = extract_claimable(text)
    assert count == len(every)
    assert claimable == [m for m in every if m.kind not in CLAIMLESS_KINDS]


# Inputs hypothesis has found before, kept as plain cases so they run first and every time.
KNOWN = [
    "5 dollars And 50",  # "and" after a currency word is matched case-insensitively, then located case-sensitively
    "5 DOLLARS AND fifty cents",
    " ".join(["hundred"] * 155),  # 100**155 is an int too large for a float
    "one hundred " * 200,
    "($5-6 million)",
    "more than -5 percent",
    "(about $5)",
    "$" + "9" * 40 + " trillion MUSD",
]


@pytest.mark.parametrize("text", KNOWN, ids=lambda t: repr(t[:30]))
def test_extract_known_inputs(text):
    check_mentions(text, extract(text))


@settings(max_examples=150, **SETTINGS)
@given(st.text(max_size=2000))
def test_extract_arbitrary_unicode(text):
    check_mentions(text, extract(text))


# --- locality --------------------------------------------------------------------------------

def _key(m, shift: int = 0):
    return (m.start + shift, m.end + shift, m.kind, m.value, m.unit, m.qualifier)


# A prefix is whole paragraphs: each ends with a full sentence (a period) and a blank line.
sentence = st.one_of(fragment_text, phrase_text).map(lambda s: s.strip().rstrip("\n") + ".")
prefix = st.lists(sentence, min_size=1, max_size=4).map(lambda ps: "".join(p + "\n\n" for p in ps))
paragraph = st.one_of(fragment_text, phrase_text, phrase_text, st.text(max_size=100))


def check_locality(q: str, p: str) -> None:
    assert q.endswith("\n\n")
    alone = [_key(m, len(q)) for m in extract(p)]
    inside = [_key(m) for m in extract(q + p) if m.start >= len(q)]
    assert inside == alone, f"Q={q!r} P={p!r}"


@settings(max_examples=200, **SETTINGS)
@given(prefix, paragraph)
@example("It cost $5.\n\n", "More than 2,000 chips.")
def test_extract_is_local_to_paragraph(q, p):
    check_locality(q, p)


@settings(max_examples=200, **SETTINGS)
@given(st.one_of(fragment_text, phrase_text).map(lambda s: s + "\n\n"), paragraph)
def test_extract_is_local_after_any_blank_line(q, p):
    """Stronger form: the prefix is any text ending in a blank line, not only a full sentence."""
    check_locality(q, p)


@pytest.mark.parametrize("q, p", [
    ("It cost $5.\n\n", "($6)"),
    # "($6)" alone is an accounting negative; after "$5" and a blank line it was read as a conversion note
    ("$5\n\n", "($6)"),
    ("Shares fell 5%\n\n", "(-3%) on Monday"),
])
def test_extract_is_local_known_inputs(q, p):
    check_locality(q, p)


# --- rule loader -----------------------------------------------------------------------------

RULE_NAME = "rules/pack/some-rule.yaml"

RULE_KEYS = ["id", "check", "description", "severity", "message", "link", "claim", "options", "lhs", "rhs", "op",
             "min", "max", "value", "unit", "source", "factor", "rel_tol", "min_articles", "distinct_by",
             "context", "max_gap"]
SELECTOR_KEYS = ["kinds", "units", "subjects", "measures", "near", "not_near", "window"]
OPTION_KEYS = ["rel_tol", "abs_tol", "rounding", "vague_severity", "require_measure", "max_subjects"]
PACK_KEYS = ["aliases", "measures", "not_subjects", "claims", "fx", "as_of", "rates", "base"]

scalar = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=-(10 ** 40), max_value=10 ** 40),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=20),
    st.sampled_from(["consistency", "relation", "corroboration", "conversion", "range", "reference",
                     "info", "warning", "error", "money", "count", "percent", "USD", "<=", ">=", "==", "<",
                     "sentence", "clause", "doc", "outlet", "2025-01-01", "{why}", "{claim} {nope}", "{",
                     "}", "{0}", "{why!r:>10}", "(?i)\\bstargate", "(", "[a-", "a{99999999999}",
                     "(?P<x>a)(?P=y)", "\\", "x" * 300, "fig-1", "Bad Id", "-x", "a-b"]),
)
any_key = st.one_of(st.sampled_from(RULE_KEYS + SELECTOR_KEYS + OPTION_KEYS + PACK_KEYS),
                    st.text(max_size=10), st.integers(), st.booleans(), st.none())
yaml_value = st.recursive(
    scalar,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(any_key, children, max_size=5),
    ),
    max_leaves=12,
)


@st.composite
def rule_dicts(draw):
    """A dict shaped like a rule (or pack settings): real keys, random values, random extra keys."""
    keys = draw(st.lists(st.sampled_from(RULE_KEYS), unique=True, max_size=len(RULE_KEYS)))
    if draw(st.booleans()):
        keys = ["id", "check", "description"] + [k for k in keys if k not in ("id", "check", "description")]
    data = {}
    for k in keys:
        if k == "id":
            data[k] = draw(st.one_of(st.from_regex(r"\A[a-z0-9][a-z0-9-]{0,12}\Z"), scalar))
        elif k == "check":
            data[k] = draw(st.one_of(st.sampled_from(["consistency", "relation", "corroboration", "conversion",
                                                      "range", "reference"]), scalar))
        elif k in ("claim", "lhs", "rhs", "context"):
            data[k] = draw(st.one_of(
                st.text(max_size=10),
                st.dictionaries(st.one_of(st.sampled_from(SELECTOR_KEYS), st.text(max_size=8)), yaml_value,
                                max_size=4),
                yaml_value))
        elif k == "options":
            data[k] = draw(st.one_of(st.dictionaries(st.one_of(st.sampled_from(OPTION_KEYS), st.text(max_size=8)),
                                                     yaml_value, max_size=4), yaml_value))
        else:
            data[k] = draw(yaml_value)
    extra = draw(st.dictionaries(any_key, yaml_value, max_size=3))
    for k, v in extra.items():
        data.setdefault(k, v)
    return data


# Characters terminals, editors and line-oriented tools break lines at.
LINE_BREAKS = "\n\r\x0b\x0c\x85\u2028\u2029"


def check_rule_text(text: str) -> None:
    try:
        result = parse_rule_text(text, RULE_NAME)
    except RuleError as e:
        msg = str(e)
        assert msg.startswith(RULE_NAME), f"{msg!r} does not start with the file name; input {text!r}"
        assert not any(c in msg for c in LINE_BREAKS), f"RuleError message is not one line: {msg!r}; input {text!r}"
    else:
        assert isinstance(result, RuleSet)


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@settings(max_examples=200, **SETTINGS)
@given(st.text(max_size=200))
@example("id: x\ncheck: range\n")
@example("- a\n- b")
@example("{a: [")
@example("\x00")
@example("[" * 2000)
def test_parse_rule_text_arbitrary(text):
    check_rule_text(text)


@settings(max_examples=150, **SETTINGS)
@given(rule_dicts())
def test_parse_rule_text_random_rule_dicts(data):
    check_rule_text(dump(data))


@settings(max_examples=100, **SETTINGS)
@given(st.dictionaries(st.one_of(st.sampled_from(PACK_KEYS), st.text(max_size=8)), yaml_value, max_size=5))
def test_parse_rule_text_random_pack_dicts(data):
    check_rule_text(dump(data))
