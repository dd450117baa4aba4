#!/usr/bin/env python
"""How well numcheck matches figures across articles, measured independently of its own keying.

    python bench/bench_matching.py [--corpora ecbplus,neus,duc] [--split dev|heldout|all]
        [--max-per-cluster 3] [--seed 0] [--limit N] [--jobs 2] [--json OUT]
        [--sample 40 --sample-out bench/judgments/sample.csv] [--show-sample FILE] [--no-peer] [--no-gold]

Data (read-only, ../shared/data): ECB+ (86 same-event clusters of .json articles), NeuS/AllSides val
and test (614 stories of 3 excerpts each; cluster "val/0001"), DUC 2006 (50 topics x 25 wire
articles), and the ECB+ numeric coreference gold (ecbplus_numcoref). Default rule pack only.

Split: a cluster is dev when int(sha1("<corpus>/<cluster>"), 16) % 10 < 7, else held-out (the gold
clusters use the corpus name "ecbplus"). Every figure is given per corpus and per split.

Candidates (not numcheck's keys): every article's mentions from numcheck's extractor; kept are kinds
money, percent, count, quantity with qualifier exact and a value. A candidate is a (kind, unit,
value) that two or more articles of the cluster give. Up to --max-per-cluster candidates per
cluster, in a seeded random order; for each, one article giving it and one of its occurrences
there are picked (seeded). A candidate whose occurrence cannot be injected is skipped (counted).

Injection: the occurrence's number is rewritten like the original, by a seeded choice among x1.5,
x0.5 (x1.5 left out for a percentage that would pass 100) and, when the surface has a scale word,
million <-> billion (money also mn <-> bn, m <-> b). Digits keep their decimals and thousands
separators; a spelled-out number becomes digits of the new value. When the old number was 1 the
counted noun is made plural. The new text must re-extract a mention of the new value over the
injected span (or of its inverse, for a share whose whole was changed: "one in every 500" -> 250,
0.2 -> 0.4 percent), else the trial is "not re-read" and a miss.

Flagged newly: the cluster is analysed once unmodified and checked. A trial re-analyses only the
modified article, reuses the other articles' claims and checks again. A finding "touches" a span
when its severity is warning or error and (doc, [start, end)) or (other_doc, [other_start,
other_end)) overlaps it. The trial is caught when a finding of the modified run touches the
injected number (in the new text) and no finding of the unmodified run touched the original
number; a trial whose original number was already touched is a miss, counted apart
("pre-flagged"). Control (must be 0): the same trial with the modified article re-analysed from
its original text. Recall is given per corpus x split, overall and per kind. False alarms: the
warning+error and the info findings per unmodified cluster.

Peer (same harness, same run; --no-peer leaves it out): over numcheck's claims of kinds money,
percent, count, quantity, two mentions in different articles with the same kind and unit are
paired when the IDF-weighted overlap (sum of idf of shared words / sum of idf of all words) of
their contexts is >= 0.3. A context is the ten content words before and the ten after the figure
(lower-cased alphabetic tokens of its sentence, stopwords removed); sentences are this script's
own split (at . ! ? before a capital, at line breaks; in hard-wrapped DUC only at blank or
indented lines); idf = ln((1 + N) / (1 + df)) + 1 over the cluster's N sentences. Within each
pair of articles a mention pairs with at most one other, best overlap first. A paired mention
whose value differs by more than 1% from its partner's is a warning finding (one a pair, as numcheck
reports a disagreement of two articles once, at the later article's figure); the
peer reads no qualifiers (a range counts as its midpoint) and a vague amount (no value) is never
flagged.

Coreference gold (--no-gold leaves it out): each cluster of ecbplus_numcoref is analysed; each
gold.csv row maps to the first claim in its doc whose mention overlaps [num_start, num_end).
Judged pairs: every cross-document pair of mapped rows of a cluster; positive when both rows are
in one chain and neither is a singleton; predicted when the system pairs the two mentions.

--sample N writes N numcheck warning/error findings of unmodified dev clusters (held-out ones with --split heldout) (corpora in
proportion to their findings, seeded) to a CSV with empty judgment/reason columns and no article
text (no surfaces or evidence words either for DUC, whose licence forbids any piece of it);
--show-sample FILE prints each row's sentences from ../shared for a reader to judge.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import random
import re
import subprocess
import sys
import time
from bisect import bisect_right
from collections import Counter, defaultdict, namedtuple
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, NamedTuple, Optional

from _common import ROOT, SHARED, machine_line

sys.path.insert(0, str(ROOT))
from numcheck import api, stories  # noqa: E402
from numcheck.extraction import extract  # noqa: E402
from numcheck.load import read_file  # noqa: E402
from numcheck.models import Article, Claim, Kind, Mention, Qualifier, Severity  # noqa: E402

DATA = SHARED / "data"
GOLD = DATA / "ecbplus_numcoref"
CORPORA = ("ecbplus", "neus", "duc")
SPLITS = ("dev", "heldout")
KINDS = (Kind.money, Kind.percent, Kind.count, Kind.quantity)
FLAGGING = (Severity.warning, Severity.error)
PEER_THRESHOLD = 0.3
PEER_WINDOW = 10
SAMPLE_COLUMNS = ("id", "corpus", "cluster", "rule_id", "severity", "doc", "start", "end", "surface", "value",
                  "other_doc", "other_start", "other_end", "other_surface", "other_value", "score", "evidence",
                  "judgment", "reason")
RULESET = None  # loaded once per process (init_worker)


# --- corpora ---------------------------------------------------------------------------------------

def by_number(name: str) -> tuple:
    return int(re.match(r"\d+", name).group()), name


def cluster_names(corpus: str) -> list[str]:
    if corpus == "ecbplus":
        return sorted((d.name for d in (DATA / "ecbplus" / "articles_json").iterdir() if d.is_dir()), key=by_number)
    if corpus == "neus":
        return [f"{s}/{f.stem}" for s in ("val", "test") for f in sorted((DATA / "neus_allsides" / s).glob("*.jsonl"))]
    return sorted(d.name for d in (DATA / "duc2006").iterdir() if d.is_dir())


def cluster_files(corpus: str, cluster: str) -> list[Path]:
    if corpus == "ecbplus":
        return sorted((DATA / "ecbplus" / "articles_json" / cluster).glob("*.json"))
    if corpus == "neus":
        return [DATA / "neus_allsides" / f"{cluster}.jsonl"]
    return sorted((DATA / "duc2006" / cluster).glob("*.txt"))


def load_articles(files: list[Path]) -> list[Article]:
    return [a for f in files for a in read_file(f, f.name, on_warning=lambda w: None)]


def split_of(corpus: str, cluster: str) -> str:
    return "dev" if int(hashlib.sha1(f"{corpus}/{cluster}".encode()).hexdigest(), 16) % 10 < 7 else "heldout"


def analyse(article: Article) -> list[Claim]:
    return api.analyse_articles([article], RULESET)


def group_stories(articles: list[Article], *claim_lists: list[Claim]) -> None:
    """Group a cluster's articles into stories as `numcheck FOLDER` does, and mark the claims: numcheck
    compares figures only within a story (a DUC topic spans years and may be several)."""
    grouped = stories.of_articles([(a.doc, stories.story_terms(a), a.date) for a in articles])
    for claims in claim_lists:
        stories.assign(claims, grouped)


# --- sentences and the peer ------------------------------------------------------------------------

_STOP = re.compile(r"[.!?…][\"'”’)\]]*\s+(?=[\"'“‘(\[`]*[A-Z0-9$£€])")
_BREAK = {False: re.compile(r"\n"), True: re.compile(r"\n[ \t]*\n|\n(?=[ \t])")}
_WORD = re.compile(r"[^\W\d_]+")
STOPWORDS = frozenset("""a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from further had has have
having he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on
once only or other our out over own same she should so some such than that the their them then there these they
this those through to too under until up very was we were what when where which while who whom why will with would
you your said says say s t""".split())


Match = tuple[Mention, Mention, float]  # two mentions and their context overlap


def sentence_cuts(text: str, hard_wrapped: bool) -> list[int]:
    """Start offsets of the sentences of text (the first is 0)."""
    ends = [m.end() for m in _STOP.finditer(text)] + [m.end() for m in _BREAK[hard_wrapped].finditer(text)]
    return sorted({0, *ends})


def sentence_at(text: str, cuts: list[int], pos: int) -> tuple[int, int]:
    i = bisect_right(cuts, pos) - 1
    return cuts[i], cuts[i + 1] if i + 1 < len(cuts) else len(text)


def content_words(s: str) -> list[str]:
    return [w for w in (t.lower() for t in _WORD.findall(s)) if w not in STOPWORDS]


def peer_matches(claims: list[Claim], texts: dict[str, str], hard_wrapped: bool) -> list[Match]:
    """The peer's pairs: same kind and unit, context overlap >= threshold, one partner per article pair."""
    cuts = {doc: sentence_cuts(text, hard_wrapped) for doc, text in texts.items()}
    df: Counter = Counter()
    n = 0
    for doc, text in texts.items():
        for a, b in zip(cuts[doc], cuts[doc][1:] + [len(text)]):
            df.update(set(content_words(text[a:b])))
            n += 1
    idf = {w: math.log((1 + n) / (1 + d)) + 1 for w, d in df.items()}
    groups: dict[tuple, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for c in claims:
        m = c.mention
        if m.kind in KINDS and m.doc in texts:
            s, e = sentence_at(texts[m.doc], cuts[m.doc], m.start)
            before = content_words(texts[m.doc][s:m.start])[-PEER_WINDOW:]
            after = content_words(texts[m.doc][m.end:max(e, m.end)])[:PEER_WINDOW]
            groups[(m.kind, m.unit)][m.doc].append((m, frozenset(before + after)))
    by_articles: dict[tuple, list] = defaultdict(list)
    for by_doc in groups.values():
        docs = sorted(by_doc)
        for i, d1 in enumerate(docs):
            for d2 in docs[i + 1:]:
                for a, ca in by_doc[d1]:
                    for b, cb in by_doc[d2]:
                        union = sum(idf[w] for w in ca | cb)
                        score = sum(idf[w] for w in ca & cb) / union if union else 0.0
                        if score >= PEER_THRESHOLD:
                            by_articles[(d1, d2)].append((-score, a.start, b.start, a, b))
    out = []
    for key in sorted(by_articles):
        used: set[int] = set()
        for neg, _, _, a, b in sorted(by_articles[key], key=lambda t: t[:3]):
            if id(a) not in used and id(b) not in used:
                used |= {id(a), id(b)}
                out.append((a, b, -neg))
    return out


# The fields of numcheck's Finding that the harness reads.
PeerFinding = namedtuple("PeerFinding", "rule_id severity doc start end other_doc other_start other_end message")


def peer_findings(claims: list[Claim], texts: dict[str, str], hard_wrapped: bool) -> list[PeerFinding]:
    out = []
    for a, b, score in peer_matches(claims, texts, hard_wrapped):
        if a.value is None or b.value is None:
            continue
        top = max(abs(a.value), abs(b.value))
        if top and abs(a.value - b.value) / top > 0.01:
            x, y = (a, b) if a.doc > b.doc else (b, a)  # one finding a disagreement, as numcheck reports it
            out.append(PeerFinding("peer-overlap", Severity.warning, x.doc, x.start, x.end, y.doc, y.start, y.end,
                                   f"{x.surface} vs {y.surface} ({y.doc}), context overlap {score:.2f}"))
    return out


# --- the systems under test ------------------------------------------------------------------------

Pair = frozenset  # of two (doc, start, end)


class System(NamedTuple):
    name: str
    findings: Callable[[list[Claim], dict[str, str]], list]  # (claims, doc -> text) -> findings
    pairs: Callable[[list[Claim], dict[str, str]], set[Pair]]  # (claims, doc -> text) -> pairs of mentions


def systems_for(corpus: str, peer: bool) -> list[System]:
    wrapped = corpus == "duc"
    out = [System("numcheck", lambda cl, tx: api.check_claims(cl, RULESET),
                  lambda cl, tx: {Pair({(p.doc, p.start, p.end), (p.other_doc, p.other_start, p.other_end)})
                                  for p in api.match_claims(cl, RULESET)})]
    if peer:
        out.append(System("peer", lambda cl, tx: peer_findings(cl, tx, wrapped),
                          lambda cl, tx: {Pair({(a.doc, a.start, a.end), (b.doc, b.start, b.end)})
                                          for a, b, _ in peer_matches(cl, tx, wrapped)}))
    return out


def overlaps(s1: Optional[int], e1: Optional[int], s2: int, e2: int) -> bool:
    return s1 is not None and e1 is not None and s1 < e2 and s2 < e1


def touches(findings: list, doc: str, span: tuple[int, int]) -> bool:
    return any(f.severity in FLAGGING and ((f.doc == doc and overlaps(f.start, f.end, *span))
                                           or (f.other_doc == doc and overlaps(f.other_start, f.other_end, *span)))
               for f in findings)


# --- injection (adapted from bench_ecbplus.py) -----------------------------------------------------

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i >= 2}
_DIGITS = re.compile(r"\d+(?:, ?\d{3}(?!\d))*(?:\.\d+)?|\.\d+")  # "1,300" and detokenised "1, 300"
_WORD_TOKEN = re.compile(r"[A-Za-z]+")
_SCALE = re.compile(r"(?<![A-Za-z])(million|billion|mn|bn|m|b)(?![A-Za-z])", re.IGNORECASE)
_SWAP = {"million": "billion", "billion": "million", "mn": "bn", "bn": "mn", "m": "b", "b": "m"}
_IRREGULAR_PLURALS = {"person": "people", "man": "men", "woman": "women", "child": "children", "foot": "feet",
                      "tooth": "teeth", "mouse": "mice"}


def _scaled(num: float, decimals: int, factor: float) -> float:
    """num x factor at the same decimals; another factor when rounding gives back num or 0."""
    for f in (factor, 0.5 if factor > 1 else 1.5, 2.0):
        new = round(num * f, decimals)
        if new > 0 and new != num:
            return new
    return num + 10 ** -decimals


def _format(new: float, decimals: int, separator: str) -> str:
    out = f"{new:,.{decimals}f}" if separator else f"{new:.{decimals}f}"
    return out.replace(",", separator) if separator else out


def _words_number(surface: str) -> Optional[tuple[int, int, float]]:
    """(start, end, value) of the first run of number words in the surface: "twenty - six", "a dozen"."""
    toks = list(_WORD_TOKEN.finditer(surface))
    for i, t in enumerate(toks):
        w = t.group().lower()
        if w == "dozen":
            start = toks[i - 1].start() if i and toks[i - 1].group().lower() in ("a", "an") else t.start()
            return start, t.end(), 12.0
        if w not in _UNITS and w not in _TENS:
            continue
        current, end, j = 0, t.end(), i
        while j < len(toks):
            w = toks[j].group().lower()
            if j > i and surface[toks[j - 1].end():toks[j].start()].strip(" \t-"):
                break  # only spaces and hyphens join number words
            if w in _UNITS or w in _TENS:
                current += _UNITS.get(w, _TENS.get(w, 0))
                end = toks[j].end()
            elif w == "hundred":
                current *= 100
                end = toks[j].end()
            elif not (w == "and" and j + 1 < len(toks) and toks[j + 1].group().lower() in {**_UNITS, **_TENS}):
                break
            j += 1
        return t.start(), end, float(current)
    return None


def _plural(word: str) -> str:
    low = word.lower()
    out = _IRREGULAR_PLURALS.get(low) or (low[:-1] + "ies" if re.search(r"[^aeiou]y$", low) else
                                          low + "es" if re.search(r"(?:s|x|z|ch|sh)$", low) else low + "s")
    return out.capitalize() if word[:1].isupper() else out


@dataclass
class Injection:
    new_text: str
    old_span: tuple[int, int]  # the number (with its scale word when that changed), in the old text
    new_span: tuple[int, int]  # the same, in the new text
    edited: tuple[int, int]  # first and last old-text offsets any edit touches
    how: str  # x1.5, x0.5 or scale
    spelled: bool
    expected: float
    inverse: float  # what a share reads when the number changed is its whole ("one in every 500" -> 250)


def inject(text: str, m: Mention, rng: random.Random) -> Injection | str:
    """Rewrite the mention's number in text (see the module docstring), or say why it cannot be."""
    surface = m.surface
    d = _DIGITS.search(surface)
    if d:
        tok = d.group()
        s, e, spelled = d.start(), d.end(), False
        decimals = len(tok.split(".", 1)[1]) if "." in tok else 0
        num = float(("0" + tok if tok.startswith(".") else tok).replace(",", "").replace(" ", ""))
        separator = ", " if ", " in tok else "," if "," in tok else ""
    else:
        w = _words_number(surface)
        if not w:
            return "no number in surface"
        (s, e, num), decimals, spelled, separator = w, 0, True, ""
    if num == 0:
        return "zero"
    scale = _SCALE.search(surface, e)
    if scale and (scale.group().lower() not in ("million", "billion") and m.kind is not Kind.money
                  or surface[e:scale.start()].strip(" \t-")):
        scale = None  # "5 m" of a length, or a word that is not next to the number
    options = ["x0.5"] + ([] if m.kind is Kind.percent and num * 1.5 > 100 else ["x1.5"]) + (["scale"] if scale else [])
    how = rng.choice(options)
    edits = []
    if how == "scale":
        word = scale.group()
        swap = _SWAP[word.lower()]
        edits.append((scale.start(), scale.end(), swap.upper() if word.isupper() else
                      swap.capitalize() if word[0].isupper() else swap))
        expected = m.value * (1000 if word.lower() in ("million", "mn", "m") else 0.001)
        inverse = expected
        number_end = scale.end()
    else:
        new = _scaled(num, decimals, 1.5 if how == "x1.5" else 0.5)
        edits.append((s, e, _format(new, decimals, separator)))
        expected, inverse = m.value * new / num, m.value * num / new
        number_end = e
    if num == 1 and m.unit and m.kind in (Kind.count, Kind.quantity) and how != "scale":
        noun = re.compile(r"\b" + re.escape(m.unit) + r"\b", re.IGNORECASE).search(surface, e)
        if noun:
            edits.append((noun.start(), noun.end(), _plural(noun.group())))
    new_text, delta, new_number_end = text, 0, None
    for a, b, rep in sorted(edits):
        new_text = new_text[:m.start + a + delta] + rep + new_text[m.start + b + delta:]
        delta += len(rep) - (b - a)
        if b == number_end:
            new_number_end = m.start + b + delta
    start = m.start + s
    return Injection(new_text, (start, m.start + number_end), (start, new_number_end),
                     (m.start + min(a for a, _, _ in edits), m.start + max(b for _, b, _ in edits)), how, spelled,
                     expected, inverse)


def edited_outside(old: str, new: str, edited: tuple[int, int]) -> bool:
    """Sanity: does new differ from old anywhere but inside the edited old-text span?"""
    a, b = edited
    return old[:a] != new[:a] or old[b:] != new[len(new) - (len(old) - b):]


def reread(inj: Injection, doc: str) -> bool:
    return any(overlaps(x.start, x.end, *inj.new_span) and x.value is not None
               and (math.isclose(x.value, inj.expected, rel_tol=1e-6) or math.isclose(x.value, inj.inverse, rel_tol=1e-6))
               for x in extract(inj.new_text, doc))


# --- one cluster -----------------------------------------------------------------------------------

def init_worker() -> None:
    global RULESET
    RULESET = api.load_ruleset([ROOT / "rules" / "default"], bundled=False)


def candidates(articles: list[Article]) -> list[tuple[tuple, dict[str, list[Mention]]]]:
    """(kind, unit, value) given by >= 2 articles, with its occurrences by doc, in a fixed order."""
    by_key: dict[tuple, dict[str, list[Mention]]] = defaultdict(lambda: defaultdict(list))
    for a in articles:
        for m in extract(a.text, a.doc):
            if m.kind in KINDS and m.qualifier is Qualifier.exact and m.value is not None:
                by_key[(m.kind.value, m.unit, m.value)][a.doc].append(m)
    return [(k, v) for k, v in sorted(by_key.items()) if len(v) >= 2]


def draw_trials(cands: list, texts: dict[str, str], seed: int, corpus: str, cluster: str, max_trials: int,
                skipped: Counter):
    """(candidate key, its sites by doc, the doc changed, the Injection) of up to ``max_trials`` trials of a cluster,
    in a seeded order (``candidates``' list is shuffled in place); a candidate that cannot be injected is counted
    in ``skipped`` by why."""
    rng = random.Random(f"{seed}:{corpus}/{cluster}")
    rng.shuffle(cands)
    drawn = 0
    for key, sites in cands:
        if drawn >= max_trials:
            return
        doc = rng.choice(sorted(sites))
        inj = inject(texts[doc], rng.choice(sites[doc]), rng)
        if isinstance(inj, str):
            skipped[inj] += 1
            continue
        drawn += 1
        yield key, sites, doc, inj


def run_cluster(corpus: str, cluster: str, seed: int, max_trials: int, peer: bool) -> dict:
    articles = load_articles(cluster_files(corpus, cluster))
    texts = {a.doc: a.text for a in articles}
    claims = {a.doc: analyse(a) for a in articles}
    every = [c for a in articles for c in claims[a.doc]]
    group_stories(articles, every)
    systems = systems_for(corpus, peer)
    base = {s.name: s.findings(every, texts) for s in systems}
    out = {"corpus": corpus, "cluster": cluster, "split": split_of(corpus, cluster), "articles": len(articles),
           "skipped": Counter(), "trials": [],
           "alarms": {s: {"flagged": sum(f.severity in FLAGGING for f in fs),
                          "info": sum(f.severity is Severity.info for f in fs)} for s, fs in base.items()},
           "sample_pool": [sample_row(corpus, cluster, f) for f in base["numcheck"] if f.severity in FLAGGING]}
    cands = candidates(articles)
    out["candidates"] = len(cands)
    for (kind, _, _), sites, doc, inj in draw_trials(cands, texts, seed, corpus, cluster, max_trials, out["skipped"]):
        article = next(a for a in articles if a.doc == doc)
        trial = {"kind": kind, "doc": doc, "how": inj.how, "spelled": inj.spelled, "reread": reread(inj, doc),
                 "outside": edited_outside(texts[doc], inj.new_text, inj.edited), "systems": {}}
        modified = [c for a in articles for c in (analyse(article.model_copy(update={"text": inj.new_text}))
                                                    if a.doc == doc else claims[a.doc])]
        control = [c for a in articles for c in (analyse(article) if a.doc == doc else claims[a.doc])]
        group_stories(articles, modified, control)  # digits do not move an article to another story
        for s in systems:
            pre = touches(base[s.name], doc, inj.old_span)
            hit = touches(s.findings(modified, {**texts, doc: inj.new_text}), doc, inj.new_span)
            trial["systems"][s.name] = {"pre": pre, "caught": hit and not pre and trial["reread"],
                                        "control": touches(s.findings(control, texts), doc, inj.old_span) and not pre}
        out["trials"].append(trial)
    return out


def sample_row(corpus: str, cluster: str, f) -> dict:
    """A finding as a sample CSV row. DUC's licence allows no piece of its text in the project: its rows
    keep offsets and values but no surface or evidence words (--show-sample reads them from ../shared)."""
    keep = corpus != "duc"
    return {"corpus": corpus, "cluster": cluster, "rule_id": f.rule_id, "severity": f.severity.value, "doc": f.doc,
            "start": f.start, "end": f.end, "surface": f.surface if keep else "", "value": f.value,
            "other_doc": f.other_doc, "other_start": f.other_start, "other_end": f.other_end,
            "other_surface": f.other_surface if keep else "", "other_value": f.other_value,
            "score": getattr(f, "score", None), "evidence": getattr(f, "evidence", "") if keep else ""}


def run_gold(cluster: str, rows: list[dict], peer: bool) -> dict:
    articles = load_articles(sorted((GOLD / cluster).glob("*.txt")))
    texts = {a.doc: a.text for a in articles}
    claims = [c for a in articles for c in analyse(a)]
    group_stories(articles, claims)
    mapped = []
    for r in rows:
        c = next((c for c in claims if c.mention.doc == r["doc"]
                  and overlaps(c.mention.start, c.mention.end, int(r["num_start"]), int(r["num_end"]))), None)
        if c:
            mapped.append((r, (c.mention.doc, c.mention.start, c.mention.end)))
    judged = [(Pair({ka, kb}), ra["chain"] == rb["chain"] and ra["singleton"] == rb["singleton"] == "0")
              for i, (ra, ka) in enumerate(mapped) for rb, kb in mapped[i + 1:] if ra["doc"] != rb["doc"]]
    out = {"cluster": cluster, "split": split_of("ecbplus", cluster), "rows": len(rows), "mapped": len(mapped),
           "judged": len(judged), "systems": {}}
    for s in systems_for("ecbplus", peer):
        predicted = s.pairs(claims, texts)
        tp = sum(p in predicted and g for p, g in judged)
        fp = sum(p in predicted and not g for p, g in judged)
        out["systems"][s.name] = {"tp": tp, "fp": fp, "fn": sum(g for _, g in judged) - tp}
    return out


def call(job: tuple) -> dict:
    fn, args = job
    try:
        return fn(*args)
    except Exception as e:  # noqa: BLE001 - one broken cluster is reported, the others go on
        return {"error": f"{fn.__name__}{args[:2]}: {type(e).__name__}: {e}"}


# --- figures ---------------------------------------------------------------------------------------

def summarise(results: list[dict], gold: list[dict], names: list[str]) -> dict:
    fig: dict = {"clusters": {}, "recall": {}, "alarms": {}, "gold": {}}
    keys = sorted({(r["corpus"], r["split"]) for r in results}, key=lambda k: (CORPORA.index(k[0]), k[1]))
    for corpus, split in keys + [("all", sp) for sp in SPLITS]:
        rs = [r for r in results if r["split"] == split and corpus in ("all", r["corpus"])]
        if not rs:
            continue
        trials = [t for r in rs for t in r["trials"]]
        name = f"{corpus}/{split}"
        fig["clusters"][name] = {
            "clusters": len(rs), "articles": sum(r["articles"] for r in rs),
            "candidates": sum(r["candidates"] for r in rs), "trials": len(trials),
            "skipped": dict(sum((Counter(r["skipped"]) for r in rs), Counter())),
            "spelled_out": sum(t["spelled"] for t in trials), "not_reread": sum(not t["reread"] for t in trials),
            "edited_outside_span": sum(t["outside"] for t in trials), "how": dict(Counter(t["how"] for t in trials))}
        for s in names:
            res = [t["systems"][s] for t in trials]
            fig["recall"].setdefault(s, {})[name] = {
                "trials": len(res), "caught": sum(x["caught"] for x in res), "pre_flagged": sum(x["pre"] for x in res),
                "control_caught": sum(x["control"] for x in res),
                "by_kind": {k.value: [sum(t["systems"][s]["caught"] for t in trials if t["kind"] == k.value),
                                      sum(t["kind"] == k.value for t in trials)] for k in KINDS}}
            flagged = sum(r["alarms"][s]["flagged"] for r in rs)
            info = sum(r["alarms"][s]["info"] for r in rs)
            fig["alarms"].setdefault(s, {})[name] = {"clusters": len(rs), "flagged": flagged, "info": info,
                                                      "flagged_per_cluster": flagged / len(rs),
                                                      "info_per_cluster": info / len(rs)}
    for split in SPLITS:
        gs = [g for g in gold if g["split"] == split]
        for s in names if gs else []:
            tp, fp, fn = (sum(g["systems"][s][k] for g in gs) for k in ("tp", "fp", "fn"))
            p, r = (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)
            fig["gold"].setdefault(s, {})[split] = {
                "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp, "fp": fp,
                "fn": fn, "judged": sum(g["judged"] for g in gs), "clusters": len(gs),
                "rows_mapped": sum(g["mapped"] for g in gs), "rows": sum(g["rows"] for g in gs)}
    return fig


def print_figures(fig: dict) -> None:
    print("\n== clusters, candidates and trials (sanity: edited outside span and control must be 0)")
    print(f"{'corpus/split':18} {'clusters':>8} {'articles':>8} {'cands':>6} {'trials':>6} {'spelled':>7} "
          f"{'not-re-read':>11} {'outside':>7}  how / skipped")
    for name, c in fig["clusters"].items():
        print(f"{name:18} {c['clusters']:8} {c['articles']:8} {c['candidates']:6} {c['trials']:6} "
              f"{c['spelled_out']:7} {c['not_reread']:11} {c['edited_outside_span']:7}  {c['how']} / {c['skipped']}")
    print("\n== recall: injected conflicts flagged newly at warning/error (pre-flagged and not re-read are misses)")
    print(f"{'system':9} {'corpus/split':18} {'recall':>20} {'pre-flagged':>11} {'control':>7}  "
          "by kind (caught/trials)")
    for s, rows in fig["recall"].items():
        for name, r in rows.items():
            kinds = "  ".join(f"{k} {c}/{n}" for k, (c, n) in r["by_kind"].items())
            recall = f"{r['caught']}/{r['trials']} = {r['caught'] / r['trials']:.1%}" if r["trials"] else "0/0"
            print(f"{s:9} {name:18} {recall:>20} {r['pre_flagged']:11} "
                  f"{r['control_caught']:7}  {kinds}")
    print("\n== false alarms on unmodified clusters (findings per cluster)")
    print(f"{'system':9} {'corpus/split':18} {'clusters':>8} {'warn+err':>8} {'per cluster':>11} {'info':>6} "
          f"{'per cluster':>11}")
    for s, rows in fig["alarms"].items():
        for name, a in rows.items():
            print(f"{s:9} {name:18} {a['clusters']:8} {a['flagged']:8} {a['flagged_per_cluster']:11.2f} "
                  f"{a['info']:6} {a['info_per_cluster']:11.2f}")
    if fig["gold"]:
        print("\n== ECB+ numeric coreference gold: cross-document pairs of gold rows, predicted = system pairs them")
        print(f"{'system':9} {'split':8} {'precision':>9} {'recall':>7} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5} "
              f"{'judged':>7} {'rows mapped':>12}")
        for s, rows in fig["gold"].items():
            for split, g in rows.items():
                print(f"{s:9} {split:8} {g['precision']:9.1%} {g['recall']:7.1%} {g['f1']:6.3f} {g['tp']:5} "
                      f"{g['fp']:5} {g['fn']:5} {g['judged']:7} {g['rows_mapped']:>6}/{g['rows']}")


# --- the sample for a reader -----------------------------------------------------------------------

def write_sample(results: list[dict], n: int, seed: int, path: Path, split: str = "dev") -> int:
    pools = {c: [row for r in results if r["corpus"] == c and r["split"] == split for row in r["sample_pool"]]
             for c in CORPORA}
    total = sum(map(len, pools.values()))
    n = min(n, total)
    exact = {c: n * len(p) / total if total else 0 for c, p in pools.items()}
    quota = {c: int(x) for c, x in exact.items()}
    for c in sorted(exact, key=lambda c: quota[c] - exact[c])[: n - sum(quota.values())]:
        quota[c] += 1  # largest remainders
    rng = random.Random(seed)
    rows = [row for c in CORPORA for row in rng.sample(pools[c], quota[c])]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=SAMPLE_COLUMNS)
        w.writeheader()
        for i, row in enumerate(rows, 1):
            w.writerow({"id": i, **row, "judgment": "", "reason": ""})
    return len(rows)


def show_sample(path: Path) -> None:
    init_worker()
    cache: dict[tuple, tuple] = {}
    for row in csv.DictReader(path.open(encoding="utf-8")):
        key = (row["corpus"], row["cluster"])
        if key not in cache:
            arts = load_articles(cluster_files(*key))
            claims = [c for a in arts for c in analyse(a)]
            group_stories(arts, claims)  # as the run that drew the sample did
            cache[key] = {a.doc: a.text for a in arts}, api.check_claims(claims, RULESET)
        texts, findings = cache[key]
        same = [f for f in findings if (f.rule_id, f.doc, str(f.start), f.other_doc, str(f.other_start)) ==
                (row["rule_id"], row["doc"], row["start"], row["other_doc"], row["other_start"] or "None")]
        print(f"\n[{row['id']}] {row['corpus']}/{row['cluster']} {row['rule_id']} {row['severity']}"
              f"  judgment: {row['judgment'] or '-'} {row['reason']}")
        print(f"  message: {same[0].message if same else '(the current code no longer gives this finding)'}")
        for label, doc, start, end in (("this ", row["doc"], row["start"], row["end"]),
                                       ("other", row["other_doc"], row["other_start"], row["other_end"])):
            if doc in texts and start:
                print(f"  {label} {doc}@{start}: {context(texts[doc], int(start), int(end), row['corpus'] == 'duc')}")


def context(text: str, start: int, end: int, hard_wrapped: bool) -> str:
    """The sentence before and the sentence holding [start, end), the figure in [[ ]]."""
    cuts = sentence_cuts(text, hard_wrapped)
    s, e = sentence_at(text, cuts, start)
    p = sentence_at(text, cuts, s - 1)[0] if s else s
    return " ".join(f"{text[p:start]}[[{text[start:end]}]]{text[end:max(e, end)]}".split())


# --- main ------------------------------------------------------------------------------------------

def git_version() -> str:
    def git(*a: str) -> str:
        return subprocess.run(["git", "-C", str(ROOT), *a], capture_output=True, text=True, timeout=30).stdout.strip()
    try:
        return (git("rev-parse", "--short", "HEAD") or "?") + ("+dirty" if git("status", "--porcelain") else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", default=",".join(CORPORA))
    ap.add_argument("--split", choices=("dev", "heldout", "all"), default="all")
    ap.add_argument("--max-per-cluster", type=int, default=3, help="trials per cluster")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--limit", type=int, default=0, help="first N clusters of each corpus (and of the gold)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--json", type=Path, help="write all figures here as JSON")
    ap.add_argument("--sample", type=int, default=0, help="findings to draw for a reader to judge")
    ap.add_argument("--sample-out", type=Path, default=ROOT / "bench" / "judgments" / "sample.csv")
    ap.add_argument("--show-sample", type=Path, help="print the sentences of a sample CSV's findings and exit")
    ap.add_argument("--no-peer", action="store_true")
    ap.add_argument("--no-gold", action="store_true")
    args = ap.parse_args(argv)
    if not SHARED.is_dir():
        print(f"skipped: {SHARED} is absent (the shared corpora are needed)")
        return 0
    if args.show_sample:
        show_sample(args.show_sample)
        return 0
    corpora = [c for c in args.corpora.split(",") if c]
    if set(corpora) - set(CORPORA):
        ap.error(f"--corpora: choose among {', '.join(CORPORA)}")
    t0 = time.perf_counter()
    in_split = lambda corpus, cluster: args.split in ("all", split_of(corpus, cluster))  # noqa: E731
    jobs = []
    for corpus in corpora:
        names = [c for c in cluster_names(corpus) if in_split(corpus, c)]
        jobs += [(run_cluster, (corpus, c, args.seed, args.max_per_cluster, not args.no_peer))
                 for c in names[: args.limit or None]]
    if "ecbplus" in corpora and not args.no_gold:
        rows: dict[str, list[dict]] = defaultdict(list)
        for r in csv.DictReader((GOLD / "gold.csv").open(encoding="utf-8")):
            rows[r["cluster"]].append(r)
        names = [c for c in sorted(rows, key=by_number) if in_split("ecbplus", c)]
        jobs += [(run_gold, (c, rows[c], not args.no_peer)) for c in names[: args.limit or None]]
    jobs.sort(key=lambda j: j[1][0] != "duc")  # the big clusters first
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs, initializer=init_worker) as pool:
            out = list(pool.map(call, jobs, chunksize=1))
    else:
        init_worker()
        out = [call(j) for j in jobs]
    errors = [o["error"] for o in out if "error" in o]
    results = [o for o in out if "corpus" in o]
    gold = [o for o in out if "rows" in o]
    names = ["numcheck"] + ([] if args.no_peer else ["peer"])
    fig = summarise(results, gold, names)
    elapsed = time.perf_counter() - t0

    print(f"bench_matching: {machine_line()}")
    print(f"numcheck commit {git_version()}; default pack only; arguments: {' '.join(sys.argv[1:]) or '(none)'}")
    print(f"time: {elapsed:.1f}s with {args.jobs} job(s); {len(results)} clusters, {len(gold)} gold clusters")
    print(f"peer: context-overlap pairer, threshold {PEER_THRESHOLD}, {PEER_WINDOW} content words each side")
    for e in errors:
        print(f"ERROR {e}")
    print_figures(fig)
    if args.sample:
        n = write_sample(results, args.sample, args.seed, args.sample_out, "heldout" if args.split == "heldout" else "dev")
        print(f"\nsample: {n} findings written to {args.sample_out} (judge them with --show-sample)")
    if args.json:
        arguments = {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}
        args.json.write_text(json.dumps({"arguments": arguments,
                                         "commit": git_version(), "machine": machine_line(), "seconds": elapsed,
                                         "errors": errors, **fig}, indent=1), encoding="utf-8")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
