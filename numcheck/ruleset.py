"""YAML rules: the pydantic schema, safe loading, and errors that name file and line.

A rule pack is a folder of YAML files. A file holding ``id`` is one rule; a file
without it holds pack settings (aliases, measure words, names that are no
subjects, an FX table). Rule fixtures live beside the rule in ``<id>.test/``.
"""
from __future__ import annotations

import re
import string
from datetime import date
from pathlib import Path
from typing import Annotated, Literal, Optional, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator, model_validator

from numcheck.models import Kind, Severity

MAX_RULE_FILE_BYTES = 256 * 1024
REGEX_TIMEOUT_S = 0.05  # per match, on one sentence: a user pattern cannot stall a run

MESSAGE_FIELDS = {
    "claim", "surface", "doc", "line", "value", "unit", "other_surface", "other_doc", "other_line", "other_value",
    "other_unit", "other_docs", "rel_diff", "why", "count", "docs", "ratio",
}


class RuleError(Exception):
    """A rule or pack file is invalid; str() is one line naming file and line."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ClaimSelector(_Strict):
    """Which claims a rule looks at. Empty lists select everything."""

    kinds: list[Kind] = Field(default_factory=list, description="mention kinds: money, count, percent, ...")
    units: list[str] = Field(default_factory=list, description="units: USD, chip, percent, year ...")
    subjects: list[str] = Field(default_factory=list, description="names the claim must be about (aliases apply)")
    measures: list[str] = Field(default_factory=list, description="canonical measures: cost, investment ...")
    near: list[str] = Field(default_factory=list, description="regexes that must all match the window")
    not_near: list[str] = Field(default_factory=list, description="regexes that must not match the window")
    window: Literal["sentence", "clause"] = "sentence"

    @field_validator("near", "not_near")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        import regex  # the user-regex engine with time limits, imported when a pack has regexes

        for p in patterns:
            try:
                regex.compile(p)
            except regex.error as e:
                raise ValueError(f"bad regex {p!r}: {e}") from None
        return patterns


ClaimRef = Union[str, ClaimSelector]  # a name from the pack's `claims`, or a selector written in place


class _Rule(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="unique, kebab-case")
    description: str
    severity: Severity = Severity.warning
    message: str = Field("", description="template; fields: " + ", ".join(sorted(MESSAGE_FIELDS)))
    link: str = ""
    claim: ClaimRef = Field(default_factory=ClaimSelector, description="a selector, or a claim named in the pack")

    @field_validator("message")
    @classmethod
    def _template(cls, message: str) -> str:
        try:
            names = {f for _, f, _, _ in string.Formatter().parse(message) if f}
        except ValueError as e:
            raise ValueError(f"bad message template: {e}") from None
        unknown = {n.split(".")[0].split("[")[0] for n in names} - MESSAGE_FIELDS
        if unknown:
            raise ValueError(f"unknown message field(s) {sorted(unknown)}; known: {sorted(MESSAGE_FIELDS)}")
        return message


# Counts that news reports as they grow (the dead, the injured, the missing, arrests, votes counted, money
# raised so far): English words of casualty, rescue, tally and fund-raising, not any corpus's.
EVOLVING_COUNTS = (
    "kill", "killed", "dead", "death", "die", "died", "toll", "injure", "injured", "injury", "wound", "wounded",
    "hurt", "casualty", "miss", "missing", "unaccounted", "rescue", "rescued", "evacuate", "evacuated", "displace",
    "displaced", "homeless", "survivor", "arrest", "arrested", "detain", "detained", "infect", "infected",
    "hospitalize", "hospitalized", "count", "counted", "tally", "raise", "raised", "donate", "donated", "pledge",
    "pledged",
)
# Of those, counts that also fall as a story unfolds: the missing are found, the evacuated go home, patients
# leave hospital. A later report of fewer dead is no update (a count of the dead does not fall): a conflict.
FALLING_COUNTS = (
    "miss", "missing", "unaccounted", "evacuate", "evacuated", "displace", "displaced", "homeless", "survivor", "detain",
    "detained", "hospitalize", "hospitalized",
)


# Match score from which two figures are taken to state one fact: the lowest at which each dev corpus keeps to
# 0.5 warnings a cluster (bench/bench_matching.py; numcheck.matching's default too).
MATCH_THRESHOLD = 0.62


class ConsistencyOptions(_Strict):
    rel_tol: float = Field(0.01, ge=0, description="relative tolerance between two exact figures")
    abs_tol: float = Field(0.0, ge=0, description="absolute tolerance")
    rounding: bool = Field(True, description="read '$5.6 million' as [5.55M, 5.65M) (statcheck-style)")
    vague_severity: Severity = Field(Severity.info, description="a vague or rounded figure beside a precise one")
    match_threshold: float = Field(MATCH_THRESHOLD, ge=0, le=1, description="two figures whose match score reaches this "
                                   "(0-1: how likely they state one fact, from their contexts; numcheck.matching) "
                                   "are taken to state one fact")
    hint_score: float = Field(0.4, ge=0, le=1, description="figures matched at least this well but below "
                              "match_threshold are still compared (a hint): a loose agreement is reported at info, "
                              "a disagreement is not (weakly matched, it is mostly two facts)")
    confident_score: float = Field(0.8, ge=0, le=1, description="a match at least this strong, of figures that "
                                   "clearly disagree, gets the rule's severity; a weaker one a warning at most")
    far_apart: float = Field(3.0, ge=0, description="two matched figures more than this many times apart are "
                             "rarely two reports of one fact: their disagreement is info, unless one is the other "
                             "misscaled (the same digits ten, a hundred, a thousand times over: 'million' for "
                             "'billion', a slipped decimal point); 0: never")
    near_apart: float = Field(1.6, ge=0, description="two matched figures more than this many times apart (and "
                              "up to far_apart) are two reports of one fact only in a match of close_score or more; "
                              "else their disagreement is info; 0: never")
    close_score: float = Field(0.8, ge=0, le=1, description="how strong a match must be for figures more than "
                               "near_apart times apart to be flagged above info")
    fx_tol: float = Field(0.25, ge=0, description="figures in two currencies (compared through the dated FX "
                          "table) are flagged only when they differ by more than this: exchange rates drift")
    ambiguous_after: int = Field(
        2, ge=0, description="a group in which this many other articles each give several different figures "
        "may name no single fact (a team's players' points): its findings are info; 0: never")
    bounds_within: float = Field(
        1.25, ge=1, description="two bounds on one side (\"more than 600\" beside \"more than 640\") less than this "
        "many times apart are both met by one value: their disagreement is info; 1: never")
    scattered_after: int = Field(
        4, ge=0, description="a group in which this many articles or more each give a different figure, no two "
        "agreeing, more likely holds as many facts of one kind (each fund's dividend, each month's rate) than one "
        "fact misreported: its findings are info; 0: never")
    differ_after: int = Field(
        2, ge=0, description="two articles that differ on this many figures of a block matched between them or more, "
        "none agreeing, more likely report different days or things (a recurring report) than one fact with a slip "
        "in each: those disagreements are info; 0: never")
    same_period: Literal["month", "year", "any"] = Field(
        "month", description="compare only articles published within a month (31 days) / a year (366 days) of each "
        "other (undated articles: always)")
    evolving: list[str] = Field(
        default_factory=lambda: list(EVOLVING_COUNTS), description="lemmas beside a figure that mark a count that "
        "grows as a story unfolds: two articles of different dates that differ on it report an update")
    evolving_both_ways: list[str] = Field(
        default_factory=lambda: list(FALLING_COUNTS), description="of the evolving counts, those that may fall as "
        "well as rise (the missing are found); a later report that gives fewer of any other is a conflict, not an update")
    update_severity: Severity = Field(Severity.info, description="severity of such an update")

    @field_validator("far_apart", "near_apart")
    @classmethod
    def _a_factor(cls, v: float) -> float:
        if 0 < v < 1:
            raise ValueError("a factor: 0 (off) or at least 1")
        return v


class ConsistencyRule(_Rule):
    """All mentions of one claim agree across articles."""

    check: Literal["consistency"]
    options: ConsistencyOptions = Field(default_factory=ConsistencyOptions)


class RelationRule(_Rule):
    """Claim A stands in a relation to claim B: lhs <op> rhs (times factor)."""

    check: Literal["relation"]
    lhs: ClaimRef
    op: Literal["<=", ">=", "<", ">", "=="]
    rhs: ClaimRef
    factor: float = Field(1.0, gt=0, description="compare lhs against rhs * factor")
    rel_tol: float = Field(0.01, ge=0)


class CorroborationRule(_Rule):
    """A figure is found in fewer than N distinct articles (or outlets)."""

    check: Literal["corroboration"]
    min_articles: int = Field(2, ge=2)
    distinct_by: Literal["doc", "outlet"] = "doc"
    context: Optional[ClaimRef] = Field(None, description="the figure to set an uncorroborated one against")
    rel_tol: float = Field(0.01, ge=0)


class ConversionRule(_Rule):
    """An amount restated in another currency beside it agrees with the FX table."""

    check: Literal["conversion"]
    rel_tol: float = Field(0.05, ge=0, description="FX rates move; 5% by default")
    max_gap: int = Field(6, ge=0, le=40, description="characters between the two amounts")
    undated_severity: Severity = Field(Severity.info, description="severity when the article is undated (or the ECB "
                                       "gives no rate of its date) and some ECB rate since 1999 gives its conversion "
                                       "(it may be older than the table)")


class RangeRule(_Rule):
    """A claim lies in [min, max]."""

    check: Literal["range"]
    min: Optional[float] = None
    max: Optional[float] = None

    @model_validator(mode="after")
    def _bounds(self):
        if self.min is None and self.max is None:
            raise ValueError("range needs min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is greater than max")
        return self


class ReferenceRule(_Rule):
    """A claim matches a reference figure from a named source."""

    check: Literal["reference"]
    value: float
    unit: str = ""
    source: str = Field(description="where the reference figure comes from")
    rel_tol: float = Field(0.01, ge=0)


Rule = Annotated[
    Union[ConsistencyRule, RelationRule, CorroborationRule, ConversionRule, RangeRule, ReferenceRule],
    Field(discriminator="check"),
]
RULE_ADAPTER = TypeAdapter(Rule)


class FxTable(_Strict):
    as_of: date
    source: str
    base: Literal["USD"] = "USD"
    rates: dict[str, float] = Field(description="value of one unit of each currency in the base currency")


class PackSettings(_Strict):
    """Settings a pack shares with all its rules."""

    aliases: dict[str, list[str]] = Field(default_factory=dict, description="canonical name -> variants")
    measures: dict[str, list[str]] = Field(default_factory=dict, description="canonical measure -> words")
    not_subjects: list[str] = Field(default_factory=list, description="capitalised words that name no subject")
    claims: dict[str, ClaimSelector] = Field(default_factory=dict, description="named claims rules can refer to")
    fx: Optional[FxTable] = None


class RuleSet(BaseModel):
    """Rules and merged settings, with where each rule came from."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    rules: list = Field(default_factory=list)
    sources: dict[str, str] = Field(default_factory=dict)  # rule id -> file
    settings: PackSettings = Field(default_factory=PackSettings)

    def merged(self, other: "RuleSet") -> "RuleSet":
        rules = list(self.rules)
        sources = dict(self.sources)
        for r in other.rules:
            if r.id in sources:
                raise RuleError(f"{other.sources[r.id]}: rule id {r.id!r} already defined in {sources[r.id]}")
            rules.append(r)
            sources[r.id] = other.sources[r.id]
        a, b = self.settings, other.settings
        settings = PackSettings(
            aliases={**a.aliases, **b.aliases},
            measures={k: a.measures.get(k, []) + b.measures.get(k, []) for k in {*a.measures, *b.measures}},
            not_subjects=a.not_subjects + b.not_subjects,
            claims={**a.claims, **b.claims},
            fx=b.fx or a.fx,
        )
        return RuleSet(rules=rules, sources=sources, settings=settings)

    def selector(self, ref) -> ClaimSelector:
        return self.settings.claims[ref] if isinstance(ref, str) else ref

    def check_references(self) -> None:
        """A rule naming a claim the packs do not define is an error at load, with file and line."""
        for rule in self.rules:
            for key in ("claim", "lhs", "rhs", "context"):
                ref = getattr(rule, key, None)
                if isinstance(ref, str) and ref not in self.settings.claims:
                    source = self.sources[rule.id]
                    line = _line_of_key(source, key)
                    known = ", ".join(sorted(self.settings.claims)) or "none defined"
                    raise RuleError(f"{source}:{line}: {key}: unknown claim {ref!r} (known: {known})")


def bundled_rules_dir() -> Path:
    """The rules/ folder shipped with numcheck (in a checkout: the project's rules/)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_rules", here.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise RuleError(f"{here}: bundled rules folder not found")


def load_rules(paths: list[Path]) -> RuleSet:
    """Load rule files and folders (recursively, *.yaml/*.yml, fixtures skipped)."""
    ruleset = RuleSet()
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
                           and not any(part.endswith(".test") for part in p.relative_to(path).parts[:-1]))
        elif path.is_file():
            files = [path]
        else:
            raise RuleError(f"{path}: no such rule file or directory")
        for f in files:
            ruleset = ruleset.merged(load_rule_file(f))
    ruleset.check_references()
    return ruleset


def _line_of_key(path: str, key: str) -> int:
    try:
        node = yaml.compose(Path(path).read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        return 1
    return _line_of(node, (key,))


def load_rule_file(path: Path) -> RuleSet:
    try:
        if path.stat().st_size > MAX_RULE_FILE_BYTES:
            raise RuleError(f"{path}: rule file larger than {MAX_RULE_FILE_BYTES // 1024} KiB")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise RuleError(f"{path}: cannot read rule file: {e}") from None
    return parse_rule_text(text, str(path))


def parse_rule_text(text: str, name: str) -> RuleSet:
    """Parse one YAML document (a rule or pack settings). Errors name the file and line."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{name}:{mark.line + 1}" if mark else name
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise RuleError(f"{where}: YAML syntax error: {problem}") from None
    except RecursionError:
        raise RuleError(f"{name}: YAML nested too deeply") from None
    if data is None:
        return RuleSet()
    if not isinstance(data, dict):
        raise RuleError(f"{name}:1: a rule file holds a mapping (a rule with 'id', or pack settings)")
    try:
        if "id" in data:
            rule = RULE_ADAPTER.validate_python(data)
            return RuleSet(rules=[rule], sources={rule.id: name})
        return RuleSet(settings=PackSettings.model_validate(data))
    except ValidationError as e:
        # Every problem, each at its line, in one message; of errors at nested places, the deepest is the
        # telling one ("claim.near.0: bad regex", not "claim: not a string").
        errors = sorted(e.errors(), key=lambda x: -len(x["loc"]))
        problems: dict[tuple, tuple[int, str]] = {}
        for err in errors:
            path = tuple(p for p in err["loc"] if not (isinstance(p, str) and p in _UNION_TAGS))
            if any(path == other[:len(path)] for other in problems):
                continue  # a parent of a place already told
            problems[path] = (_line_of(node, path), _problem(err, path, data))
        told = sorted(problems.values())[:_PROBLEMS_TOLD]
        (line, first), rest = told[0], told[1:]
        more = "".join(f"; line {n}: {text}" for n, text in rest)
        if len(problems) > len(told):
            more += f"; and {len(problems) - len(told)} more"
        raise RuleError(f"{name}:{line}: {first}{more}".replace("\r", "\\r").replace("\n", "\\n")) from None


_PROBLEMS_TOLD = 5  # problems of one rule file a message lists


def _problem(err: dict, path: tuple, data: dict) -> str:
    """One validation error for people: where in the rule ("claim.near.0") and what is wrong."""
    loc = ".".join(str(p) if re.fullmatch(r"[\w-]+", str(p)) else repr(p) for p in path)
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        msg = "unknown key"
    elif err["type"] == "union_tag_invalid":
        msg = f"unknown check {data.get('check')!r}; known: {', '.join(sorted(_CHECK_TAGS))}"
    elif err["type"] == "union_tag_not_found":
        msg = f"missing 'check' (one of: {', '.join(sorted(_CHECK_TAGS))})"
    return f"{loc + ': ' if loc else ''}{msg}"


_CHECK_TAGS = {"consistency", "relation", "corroboration", "conversion", "range", "reference"}
_UNION_TAGS = _CHECK_TAGS | {"str", "ClaimSelector"}


def _line_of(node, loc) -> int:
    """1-based line of the YAML node at a pydantic error location (best effort)."""
    line = node.start_mark.line + 1 if node is not None else 1
    for part in loc:
        if isinstance(part, str) and part in _UNION_TAGS:
            continue
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if k.value == part), None)
            if match is None:
                break
            key, node = match
            line = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def schema() -> dict:
    """JSON Schema of a rule file."""
    return RULE_ADAPTER.json_schema()


def search(pattern: str, text: str) -> bool:
    """A user regex on one window, under a time limit (regex's timeout): cannot hang a run."""
    import regex

    try:
        return regex.search(pattern, text, timeout=REGEX_TIMEOUT_S) is not None
    except TimeoutError:
        return False
