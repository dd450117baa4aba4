"""Pydantic models: the contract between the pipeline's stages.

load -> Article; extract -> Mention; claims -> Claim; rules -> Finding.
"""
from __future__ import annotations

from enum import Enum
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

from numcheck.trusted import trusted  # noqa: F401 (re-exported: the makers of models from trusted fields)


class Kind(str, Enum):
    money = "money"
    percent = "percent"
    count = "count"
    quantity = "quantity"
    duration = "duration"
    factor = "factor"
    date = "date"
    number = "number"


# Dates and bare numbers are read (so that nothing else is read into them) but say nothing to compare.
CLAIMLESS_KINDS = frozenset({Kind.date, Kind.number})


class Qualifier(str, Enum):
    exact = "exact"
    approx = "approx"
    at_least = "at_least"
    at_most = "at_most"
    range = "range"
    vague = "vague"


class Severity(str, Enum):
    info = "info"
    warning = "warning"
    error = "error"

    @property
    def rank(self) -> int:
        return ("info", "warning", "error").index(self.value)


class Article(BaseModel):
    """One article's decoded text and what is known about it."""

    model_config = ConfigDict(frozen=True)

    doc: str = Field(description="path relative to the PATH argument; JSON Lines records add ':LINE'")
    text: str
    path: str = Field("", description="file the article was read from")
    outlet: str = ""
    title: str = ""
    date: str = ""


class LoadWarning(BaseModel):
    """Something about an input file the user should know; the run goes on."""

    model_config = ConfigDict(frozen=True)

    path: str
    kind: str = Field(description="e.g. encoding, binary, empty, unreadable, json")
    message: str
    line: Optional[int] = None

    def __str__(self) -> str:
        return f"{self._where()}: warning [{self.kind}] {self.message}"

    def as_error(self) -> str:
        """The warning as ``--strict`` stops on it."""
        return f"{self._where()}: [{self.kind}] {self.message} (an error with --strict)"

    def _where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


class Mention(BaseModel):
    """One monetary or quantity mention, normalized."""

    model_config = ConfigDict(frozen=True)

    doc: str = ""
    line: int = Field(description="1-based line of start")
    col: int = Field(description="1-based column of start")
    start: int = Field(description="character offset into the decoded text")
    end: int = Field(description="exclusive end offset")
    surface: str
    kind: Kind
    value: Optional[float] = Field(description="scale applied; midpoint for a range; None only for vague amounts")
    unit: str = ""
    qualifier: Qualifier = Qualifier.exact
    low: Optional[float] = None
    high: Optional[float] = None
    per: str = Field("", description="denominator of a rate: '$58.24 per barrel' -> barrel")
    step: Optional[float] = Field(
        None, description="reported precision: place value of the last significant digit ('$5.6 million' -> 100000)"
    )
    change: str = Field("", description="a reported change's old value 'from' or new value 'to' ('fell from 4.8 "
                        "percent to 4.7 percent'); '' for a level")
    sentence: str = ""

    @property
    def interval(self) -> tuple[float, float]:
        """The values this mention admits, unbounded ends as +-inf."""
        lo = self.low if self.low is not None else float("-inf")
        hi = self.high if self.high is not None else float("inf")
        return lo, hi


class Claim(BaseModel):
    """A mention with what it is about: the key that decides which mentions are compared."""

    model_config = ConfigDict(frozen=True)

    mention: Mention
    subjects: tuple[str, ...] = Field(description="canonical names of what the number is about")
    measure: str = Field(description="what is counted, paid, lost...; '' when unknown")
    dimension: str = Field(description="unit family: USD, percent, chip, year ...")
    outlet: str = ""
    date: str = Field("", description="the article's publication date (ISO), when known")
    before: str = Field("", description="lemmas of the content words before the figure in its sentence, "
                        "nearest first, space-separated: what the matching stage compares; those past "
                        "another figure of the sentence (or the name it is about) after a '/'")
    after: str = Field("", description="the same after the figure (words inside it, 'Nvidia H800', first)")
    role: str = Field("", description="'part' (including, of whom, each), 'change' (another, a net, rose by), "
                      "'change from' (the old value of 'from X to Y'), 'conversion' (an amount restated in "
                      "another currency beside it: '€110 billion ($143 billion)') or ''")
    person: str = Field("", description="for an age, the name of the person whose age it is, when the sentence "
                        "sets the two side by side ('Tara Reid, 33,'; 'the 33-year-old actress Tara Reid'), else ''")
    alongside: str = Field("", description="the other figures of its sentence, 'value unit' each, '; '-separated "
                           "('404.0 yard; 440.0 yard'): sentences that give the same other figures run parallel")
    story: str = Field(default="", description="the story its article is in (numcheck.stories), set once the corpus is grouped")
    story_label: str = Field(default="", description="a few words that tell the story")

    @property
    def label(self) -> str:
        """Readable claim key: primary subject · measure (dimension)."""
        return claim_label(self.subjects[0] if self.subjects else "?", self.measure, self.dimension)


def claim_label(subject: str, measure: str, dimension: str) -> str:
    what = measure or dimension.split(":", 1)[-1]
    return f"{subject} · {what}" if what == dimension.split(":", 1)[-1] else f"{subject} · {what} ({dimension.split(':', 1)[-1]})"


class GroupFigure(BaseModel):
    """One figure of the group of matched figures a finding's rule compared (the consistency rule): what
    the HTML report's claim card plots, as the rule read it."""

    model_config = ConfigDict(frozen=True)

    doc: str
    line: int
    start: int
    end: int
    surface: str
    kind: Kind
    value: Optional[float] = Field(description="as the article states it")
    unit: str
    compared: Optional[float] = Field(description="the value the rule compared: money converted as the rule "
                                      "converted it (at its article date's rate when the group mixes currencies); "
                                      "None when vague or in a currency without a rate")
    low: Optional[float] = Field(description="the lowest value the rule read it as admitting (a qualifier, a "
                                 "range or the rounding of its precision), converted; None: unbounded")
    high: Optional[float] = Field(description="the highest, likewise")
    qualifier: Qualifier
    consensus: bool = Field(description="its reading admits the group's consensus value")
    sentence: str
    outlet: str = ""
    date: str = ""


class Finding(BaseModel):
    """One flagged mention: a row of the discrepancy report."""

    model_config = ConfigDict(frozen=True)

    rule_id: str
    severity: Severity
    claim: str
    doc: str
    line: int
    start: int
    end: int
    surface: str
    value: Optional[float]
    unit: str
    other_doc: str = ""
    other_line: Optional[int] = None
    other_start: Optional[int] = None
    other_end: Optional[int] = None
    other_surface: str = ""
    other_value: Optional[float] = None
    other_unit: str = ""
    rel_diff: Optional[float] = None
    message: str
    sentence: str = ""
    link: str = ""
    fingerprint: str = ""
    score: Optional[float] = Field(None, description="how surely the two figures state one fact (matching, 0-1)")
    evidence: str = Field("", description="why the figures were paired: what their sentences share")
    story: str = Field(default="", description="the story both articles are in (numcheck.stories)")
    story_label: str = Field(default="", description="a few words that tell the story")
    # Last: the CSV report's columns are the fields before it (a list of records is no spreadsheet cell, and
    # it would repeat the group in each of its findings' rows); the JSON report holds it.
    figures: tuple[GroupFigure, ...] = Field((), description="every figure of the group of matched figures the "
                                             "rule compared (consistency rules); empty for the other rules")


class MatchedPair(BaseModel):
    """Two mentions in different articles that the matching stage takes to state the same fact."""

    model_config = ConfigDict(frozen=True)

    doc: str
    start: int
    end: int
    other_doc: str
    other_start: int
    other_end: int
    score: float = Field(description="match confidence in [0, 1]")
    evidence: str = Field("", description="what the two sentences share: 'both: killed, school, 2009'")
