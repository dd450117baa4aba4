#!/usr/bin/env python
"""Injected-conflict recall and false-positive load of the default rule pack on ECB+ clusters.

    python bench/bench_ecbplus.py [--limit N] [--seed S] [--max-per-cluster K] [--examples N] [--no-loose]

The measure (from the project's issue): inject a conflicting figure into one article where two or
more articles of a cluster agree on it, and check that numcheck flags it with the default pack
only; print the recall and the number of findings on the unmodified clusters. Targets: >= 90% of
injected conflicts flagged, and on unmodified clusters few enough findings, each clearly explained,
that a reader reviews a cluster in a minute.

Data: ../shared/data/ecbplus/articles_json/<subtopic>/<doc>.json, 86 sub-topics (same-event
clusters, 3-22 articles each), read with numcheck's own loader (title + "\\n" + text).

Method, per cluster:

1. False-positive load. The cluster's .json files are copied to a temp folder and checked with
   ``numcheck.api.check([folder], rules=[rules/default], bundled=False)``; the findings by severity
   are the load a reader has to review on unmodified text.
2. Candidates. Every article is keyed with ``analyse_article`` and the default pack's keying. Claims
   are bucketed exactly as checks/consistency.py does: selected by the figures-agree rule's claim
   selector, money/percent dropped without a measure (``require_measure``), key
   (group dimension, measure, subject) for each subject in ``subjects[:max_subjects]``. A candidate
   is a figure (one value) given by exact-qualifier mentions of one bucket in >= 2 articles. Equal
   mention sets reached through several subjects are one candidate. Its site is the first such
   mention in one of its articles (seeded choice), preferring a mention not already flagged (as
   ``doc``) on the unmodified text: a flag there could not be told from one the injection caused.
   Up to --max-per-cluster candidates with such a clean site per cluster (seeded order) make the
   recall; candidates whose every site is already flagged are injected apart (up to as many) and
   reported on one line, outside the recall.
3. Injection. In one of the agreeing articles (seeded choice), the number inside the mention's
   surface (at its start/end offsets in the loader's text) is replaced: digits by value x 1.5
   (x 0.5 for percentages above 60), same decimals, thousands separators kept, an integer at least
   one away; spelled-out numbers ("three", "twenty-one", "a dozen") by digits of the new value.
   All articles of the cluster are written as .txt files holding the loader's full text (so
   offsets are the same); the unmodified .txt copy is checked too (it must give the same findings
   as the .json copy: reported as a sanity line).
4. Flagged when a finding of the modified run has doc == the modified article and a span
   overlapping the injected number, or other_doc/other span overlapping it ("any"). Reported at any
   severity and at warning/error. A stricter reading ("vs original") also needs the finding to set
   the injected figure against the original value (other_value, or the flagged value, equals it).
   An injection whose new value numcheck does not read back (no exact mention of the new value over
   the span) is counted as "not re-extracted" and still counts as missed.

Diagnostic (--no-loose turns it off): "loose" candidates are figures that >= 2 articles of a cluster
give with the same kind, unit and value (exact qualifier, kinds the rule selects) but that share no
claim key - agreements the keying does not see. They are injected the same way and their recall is
printed apart: it shows what claim keying loses, not the measure above.

Prints counts, recalls, findings on unmodified clusters (total, mean and max per cluster by
severity), the clusters with most findings, example findings with both sentences and claim keys,
where findings come from (by dimension/measure), and missed injections with why (claim keys of the
modified mention before/after vs the agreeing mentions).
"""
from __future__ import annotations

import argparse
import math
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ECB = SHARED / "data" / "ecbplus"
ARTICLES = ECB / "articles_json"
DEFAULT_PACK = ROOT / "rules" / "default"

TARGET_RECALL = 0.90

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from numcheck.api import analyse_article, check, keying_for, load_ruleset  # noqa: E402
from numcheck.checks import clusters, comparable_value, select  # noqa: E402
from numcheck.checks.consistency import group_key_dimension  # noqa: E402
from numcheck.extraction import extract  # noqa: E402
from numcheck.load import read_file  # noqa: E402
from numcheck.models import Article, Claim, Finding, Kind, Qualifier, Severity  # noqa: E402

SEVERITIES = ("error", "warning", "info")


# --- clusters --------------------------------------------------------------------------------------


def subtopics() -> list[str]:
    index = ECB / "clusters_index.tsv"
    if index.exists():
        rows = [line.split("\t")[0] for line in index.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
        return [r for r in rows if (ARTICLES / r).is_dir()]
    key = lambda s: (int(re.match(r"\d+", s).group()), s)  # noqa: E731
    return sorted((p.name for p in ARTICLES.iterdir() if p.is_dir()), key=key)


def load_cluster(subtopic: str) -> list[tuple[Path, Article]]:
    out = []
    for f in sorted((ARTICLES / subtopic).glob("*.json")):
        arts = read_file(f, f.name, on_warning=lambda w: None)
        if arts:
            out.append((f, arts[0]))
    return out


def stem(doc: str) -> str:
    return doc.rsplit(".", 1)[0]


# --- running numcheck ------------------------------------------------------------------------------


def run_check(folder: Path) -> list[Finding]:
    return check([folder], rules=[DEFAULT_PACK], bundled=False).findings


def check_json_copy(files: list[Path], tmp: Path) -> list[Finding]:
    d = tmp / "json"
    d.mkdir()
    for f in files:
        shutil.copyfile(f, d / f.name)
    return run_check(d)


def check_txt(texts: dict[str, str], tmp: Path, name: str) -> list[Finding]:
    """texts: stem -> full text. Docs come back as '<stem>.txt'."""
    d = tmp / name
    d.mkdir()
    for s, text in texts.items():
        (d / f"{s}.txt").write_text(text, encoding="utf-8")
    findings = run_check(d)
    shutil.rmtree(d)
    return findings


def finding_sig(f: Finding) -> tuple:
    return (f.rule_id, f.severity.value, stem(f.doc), f.start, f.end, stem(f.other_doc), f.other_start, f.message
            .replace(".json", "").replace(".txt", ""))


# --- claims and candidates ----------------------------------------------------------------------


@dataclass
class Keyed:
    article: Article
    claims: list[Claim]


def matches(selector, c: Claim) -> bool:
    return bool(select(selector, [c]))


def bucket_keys(c: Claim, rule, ruleset) -> list[tuple]:
    """The consistency buckets a claim falls in (empty when the rule does not compare it)."""
    opts = rule.options
    if not matches(ruleset.selector(rule.claim), c):
        return []
    if c.mention.kind in opts.require_measure and not c.measure:
        return []
    dim = group_key_dimension(c, ruleset.settings.fx)
    return [(dim, c.measure, s) for s in dict.fromkeys(s.lower() for s in c.subjects[:opts.max_subjects])]


def key_str(c: Claim, rule, ruleset) -> str:
    subj = ", ".join(c.subjects[:rule.options.max_subjects]) or "-"
    base = f"dim={c.dimension} measure={c.measure or '-'} subjects=[{subj}]"
    why = not_compared_why(c, rule, ruleset)
    return base + (f"  [not compared: {why}]" if why else "")


@dataclass
class Candidate:
    kind: str  # "keyed" or "loose"
    value: float
    claims: list[Claim]  # the agreeing mentions (all docs)
    key: tuple  # a bucket key that holds them (keyed), or (kind, unit) (loose)
    docs: list[str] = field(default_factory=list)


def _vkey(c: Claim, fx) -> Optional[float]:
    v = comparable_value(c.mention, fx)
    return None if v is None else float(f"{v:.6g}")


def find_candidates(keyed: list[Keyed], rule, ruleset) -> tuple[list[Candidate], list[Candidate]]:
    fx = ruleset.settings.fx
    buckets: dict[tuple, list[Claim]] = defaultdict(list)
    for k in keyed:
        for c in k.claims:
            for key in bucket_keys(c, rule, ruleset):
                buckets[key].append(c)
    keyed_out: dict[frozenset, Candidate] = {}
    keyed_pairs: set[frozenset] = set()  # (doc, start) pairs that share some bucket and value
    for key in sorted(buckets, key=repr):
        by_value: dict[float, list[Claim]] = defaultdict(list)
        for c in buckets[key]:
            if c.mention.qualifier is Qualifier.exact and c.mention.value is not None:
                v = _vkey(c, fx)
                if v is not None:
                    by_value[v].append(c)
        for v, cs in by_value.items():
            docs = sorted({c.mention.doc for c in cs})
            if len(docs) < 2:
                continue
            ids = frozenset((c.mention.doc, c.mention.start) for c in cs)
            for a in ids:
                for b in ids:
                    if a[0] != b[0]:
                        keyed_pairs.add(frozenset((a, b)))
            if ids not in keyed_out:
                keyed_out[ids] = Candidate("keyed", v, cs, key, docs)

    # Loose: same kind, unit and value in >= 2 articles, rule-selected, but no shared bucket.
    by_kv: dict[tuple, list[Claim]] = defaultdict(list)
    for k in keyed:
        for c in k.claims:
            m = c.mention
            if m.qualifier is not Qualifier.exact or m.value is None or not matches(ruleset.selector(rule.claim), c):
                continue
            by_kv[(m.kind.value, m.unit, m.value)].append(c)
    loose_out: list[Candidate] = []
    for (kind, unit, v), cs in sorted(by_kv.items(), key=repr):
        if len({c.mention.doc for c in cs}) < 2:
            continue
        ids = [(c.mention.doc, c.mention.start) for c in cs]
        linked = any(frozenset((a, b)) in keyed_pairs for a in ids for b in ids if a[0] != b[0])
        if linked:
            continue
        loose_out.append(Candidate("loose", v, cs, (kind, unit), sorted({c.mention.doc for c in cs})))
    return list(keyed_out.values()), loose_out


# --- injection ---------------------------------------------------------------------------------------

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i >= 2}
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?|\.\d+")
_WORD_TOKEN = re.compile(r"[A-Za-z]+")


def _bump(num: float, decimals: int, percent: bool) -> float:
    factor = 0.5 if percent and num > 60 else 1.5
    new = round(num * factor, decimals)
    if decimals == 0:
        new = float(int(new))
        if new == num:
            new = num + (1 if factor > 1 else -1)
    elif new == num:
        new = num + 10 ** -decimals
    return new


def _format(new: float, decimals: int, commas: bool) -> str:
    if decimals:
        return f"{new:,.{decimals}f}" if commas else f"{new:.{decimals}f}"
    return f"{int(new):,}" if commas else str(int(new))


def _words_number(surface: str) -> Optional[tuple[int, int, float]]:
    """(start, end, value) of the first run of number words in the surface: "twenty - six", "two-yard", "a dozen"."""
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
            gap = surface[toks[j - 1].end():toks[j].start()] if j > i else ""
            if j > i and gap.strip(" \t-"):
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


@dataclass
class Injection:
    subtopic: str
    cand: Candidate
    site: Claim
    doc: str
    old_text: str
    new_text: str
    num_start: int  # the replaced number, in the new text
    num_end: int
    new_surface_span: tuple[int, int]  # the whole mention's span in the new text
    old_token: str
    new_token: str
    expected_value: float
    reread: bool = False
    new_claim: Optional[Claim] = None
    mod_claims: list[Claim] = field(default_factory=list)  # every claim of the modified cluster
    flagged_any: bool = False
    flagged_warn: bool = False
    flagged_orig_any: bool = False
    flagged_orig_warn: bool = False
    hits: list[Finding] = field(default_factory=list)
    preflagged: bool = False


_IRREGULAR_PLURALS = {"person": "people", "man": "men", "woman": "women", "child": "children", "foot": "feet",
                      "tooth": "teeth", "mouse": "mice"}


def _plural(word: str) -> str:
    low = word.lower()
    if low in _IRREGULAR_PLURALS:
        out = _IRREGULAR_PLURALS[low]
    elif re.search(r"[^aeiou]y$", low):
        out = low[:-1] + "ies"
    elif re.search(r"(?:s|x|z|ch|sh)$", low):
        out = low + "es"
    else:
        out = low + "s"
    return out.capitalize() if word[:1].isupper() else out


def inject(text: str, c: Claim) -> tuple[Optional[tuple], str]:
    """(new_text, num_start, num_end, old_token, new_token, expected_value, new mention span) or (None, reason).

    Only the number is replaced; when it was 1, the counted noun after it is made plural too
    ("one person" -> "2 people"), so the extractor sees ordinary text.
    """
    m = c.mention
    if text[m.start:m.end] != m.surface:
        return None, "surface not at offsets"
    surface = m.surface
    percent = m.kind is Kind.percent
    d = _DIGITS.search(surface)
    if d:
        tok = d.group().rstrip(",")
        decimals = len(tok.split(".", 1)[1]) if "." in tok else 0
        num = float(("0" + tok if tok.startswith(".") else tok).replace(",", ""))
        if num == 0:
            return None, "zero"
        new = _bump(num, decimals, percent)
        new_tok = _format(new, decimals, "," in tok)
        s, e = d.start(), d.start() + len(tok)
    else:
        w = _words_number(surface)
        if not w:
            return None, "no number in surface"
        s, e, num = w
        if num == 0:
            return None, "zero"
        new = _bump(num, 0, percent)
        new_tok = _format(new, 0, new >= 10000)
        tok = surface[s:e]
    edits = [(m.start + s, m.start + e, new_tok)]
    if num == 1 and m.unit and m.kind in (Kind.count, Kind.quantity):
        # the counted noun, singular, inside the surface after the number: pluralise it
        noun = re.compile(r"\b" + re.escape(m.unit) + r"\b", re.IGNORECASE).search(surface, e)
        if noun:
            edits.append((m.start + noun.start(), m.start + noun.end(), _plural(noun.group())))
    new_text, delta = text, 0
    for a, b, rep in sorted(edits, reverse=True):
        new_text = new_text[:a] + rep + new_text[b:]
        delta += len(rep) - (b - a)
    a = m.start + s
    return (new_text, a, a + len(new_tok), tok, new_tok, m.value * new / num, (m.start, m.end + delta)), ""


def overlaps(s1: Optional[int], e1: Optional[int], s2: int, e2: int) -> bool:
    return s1 is not None and e1 is not None and s1 < e2 and s2 < e1


# --- report helpers -------------------------------------------------------------------------------


def short(s: str, n: int = 260) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def claim_at(claims: list[Claim], doc: str, start: Optional[int], end: Optional[int]) -> Optional[Claim]:
    best = None
    for c in claims:
        if stem(c.mention.doc) == stem(doc) and overlaps(c.mention.start, c.mention.end, start or 0, end or 0):
            if best is None or c.mention.start == start:
                best = c
    return best


def sev_counts(findings: list[Finding]) -> Counter:
    return Counter(f.severity.value for f in findings)


# --- main ------------------------------------------------------------------------------------------------


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=0, help="first N clusters only (0 = all)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-per-cluster", type=int, default=3, help="injections per cluster (each its own run)")
    ap.add_argument("--examples", type=int, default=10, help="example findings and missed injections to print")
    ap.add_argument("--no-loose", action="store_true", help="skip the loose (unkeyed agreement) diagnostic")
    ap.add_argument("--strict", action="store_true", help="exit 1 when recall (any severity) is below target")
    args = ap.parse_args(argv)

    if not ARTICLES.is_dir():
        sys.exit(f"ECB+ articles not found: expected under {ARTICLES}")
    t0 = time.perf_counter()
    ruleset = load_ruleset([DEFAULT_PACK], bundled=False)
    keying = keying_for(ruleset)
    rule = next(r for r in ruleset.rules if r.check == "consistency")

    subs = subtopics()
    if args.limit:
        subs = subs[: args.limit]

    n_articles = n_chars = 0
    fp: dict[str, list[Finding]] = {}
    fp_claims: dict[str, list[Claim]] = {}
    txt_mismatch: list[str] = []
    injections: dict[str, list[Injection]] = {"keyed": [], "loose": []}
    n_cands = {"keyed": 0, "loose": 0}
    status: dict[str, Counter] = {"keyed": Counter(), "loose": Counter()}

    with tempfile.TemporaryDirectory(prefix="ecbplus_bench_") as tmpname:
        tmp_root = Path(tmpname)
        for sub in subs:
            pairs = load_cluster(sub)
            files = [f for f, _ in pairs]
            arts = [a for _, a in pairs]
            n_articles += len(arts)
            n_chars += sum(len(a.text) for a in arts)
            tmp = tmp_root / sub
            tmp.mkdir()

            # 1. unmodified cluster, as .json (how a user would run it)
            base = check_json_copy(files, tmp)
            fp[sub] = base
            keyed = [Keyed(a, analyse_article(a, keying)[1]) for a in arts]
            fp_claims[sub] = [c for k in keyed for c in k.claims]

            texts = {stem(a.doc): a.text for a in arts}
            base_txt = check_txt(texts, tmp, "base_txt")
            if sorted(map(finding_sig, base)) != sorted(map(finding_sig, base_txt)):
                txt_mismatch.append(sub)
            flagged_sites = {(stem(f.doc), f.start) for f in base_txt}

            # 2. candidates: each gets a site (an agreeing mention in one article, seeded), or a reason it has none
            keyed_c, loose_c = find_candidates(keyed, rule, ruleset)
            rng = random.Random(f"{args.seed}:{sub}")
            for kind, cands in (("keyed", keyed_c), ("loose", [] if args.no_loose else loose_c)):
                n_cands[kind] += len(cands)
                order = list(cands)
                rng.shuffle(order)
                planned: set[tuple] = set()
                plans: dict[bool, list] = {False: [], True: []}  # pre-flagged? -> [(cand, site, injection)]
                for cand in order:
                    docs = list(cand.docs)
                    rng.shuffle(docs)
                    sites = [min((c for c in cand.claims if c.mention.doc == d), key=lambda c: c.mention.start)
                             for d in docs]
                    sites = [c for c in sites if (c.mention.doc, c.mention.start) not in planned]
                    if not sites:
                        status[kind]["site taken by another candidate"] += 1
                        continue
                    clean = [c for c in sites if (stem(c.mention.doc), c.mention.start) not in flagged_sites]
                    chosen, why = None, ""
                    for c in clean or sites:
                        res, why = inject(next(a for a in arts if a.doc == c.mention.doc).text, c)
                        if res is not None:
                            chosen = c
                            break
                    if chosen is None:
                        status[kind][f"not injectable ({why})"] += 1
                        continue
                    pre = not clean
                    status[kind]["site already flagged on unmodified text" if pre else "clean site"] += 1
                    planned.add((chosen.mention.doc, chosen.mention.start))
                    plans[pre].append((cand, chosen, res))
                for pre in (False, True):
                    if pre and kind == "loose":
                        continue
                    for cand, chosen, res in plans[pre][: args.max_per_cluster]:
                        inj = run_injection(sub, cand, chosen, res, arts, keyed, texts, keying, tmp, rule, ruleset)
                        inj.preflagged = pre
                        injections[kind].append(inj)
            shutil.rmtree(tmp)

    elapsed = time.perf_counter() - t0
    report(args, subs, n_articles, n_chars, fp, fp_claims, txt_mismatch, injections, n_cands, status, rule, ruleset,
           elapsed)
    keyed = [i for i in injections["keyed"] if not i.preflagged]
    recall = sum(i.flagged_any for i in keyed) / len(keyed) if keyed else 0.0
    return 1 if args.strict and recall < TARGET_RECALL else 0


def run_injection(sub, cand, chosen, res, arts, keyed, texts, keying, tmp, rule, ruleset) -> "Injection":
    """Re-key and re-check the cluster with one figure changed; record what numcheck says about it."""
    fx = ruleset.settings.fx
    new_text, ns, ne, old_tok, new_tok, expected, span = res
    art = next(a for a in arts if a.doc == chosen.mention.doc)
    inj = Injection(sub, cand, chosen, art.doc, art.text, new_text, ns, ne, span, old_tok, new_tok, expected)
    # does numcheck read the new figure back?
    for mm in extract(new_text, art.doc):
        if (overlaps(mm.start, mm.end, ns, ne) and mm.value is not None and mm.kind is chosen.mention.kind
                and mm.unit == chosen.mention.unit and mm.qualifier is Qualifier.exact
                and math.isclose(mm.value, expected, rel_tol=1e-6)):
            inj.reread = True
    new_claims = analyse_article(art.model_copy(update={"text": new_text}), keying)[1]
    inj.mod_claims = [c for k in keyed if k.article.doc != art.doc for c in k.claims] + new_claims
    inj.new_claim = next((c for c in new_claims if overlaps(c.mention.start, c.mention.end, ns, ne)), None)

    mod = dict(texts)
    mod[stem(art.doc)] = new_text
    orig = comparable_value(chosen.mention, fx)
    for f in check_txt(mod, tmp, "mod"):
        at_site = stem(f.doc) == stem(art.doc) and overlaps(f.start, f.end, ns, ne)
        as_other = stem(f.other_doc) == stem(art.doc) and overlaps(f.other_start, f.other_end, ns, ne)
        if not (at_site or as_other):
            continue
        inj.hits.append(f)
        warn = f.severity is not Severity.info
        inj.flagged_any = True
        inj.flagged_warn |= warn
        # "vs original": the figure set against the injected one is the agreed value
        v, unit = (f.other_value, f.other_unit) if at_site else (f.value, f.unit)
        if v is not None and fx and unit in fx.rates and chosen.mention.kind is Kind.money:
            v = v * fx.rates[unit]
        vs_orig = v is not None and orig is not None and math.isclose(v, orig, rel_tol=rule.options.rel_tol)
        inj.flagged_orig_any |= vs_orig
        inj.flagged_orig_warn |= vs_orig and warn
    return inj


def code_version() -> str:
    import subprocess

    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "numcheck", "rules"],
                               capture_output=True, text=True, timeout=10).stdout.split("\n")
        dirty = [line[3:] for line in dirty if line.strip()]
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"commit {head or '?'}" + (f", uncommitted changes in {', '.join(dirty)}" if dirty else "")


def pct(a: int, b: int) -> str:
    return f"{a}/{b} = {a / b:.1%}" if b else f"{a}/0"


def report_injections(kind: str, inj: list, args, rule, ruleset) -> None:
    p = print
    n = len(inj)
    p(f"injected: {n} (up to {args.max_per_cluster} clean sites per cluster, seeded)")
    p(f"recall, any severity:            {pct(sum(i.flagged_any for i in inj), n)}"
      + ("   (target >= 90%)" if kind == "keyed" else ""))
    p(f"recall, warning/error:           {pct(sum(i.flagged_warn for i in inj), n)}")
    p(f"recall vs original, any / w+e:   {pct(sum(i.flagged_orig_any for i in inj), n)} / "
      f"{pct(sum(i.flagged_orig_warn for i in inj), n)}   (finding sets the new figure against the agreed one)")
    p(f"new figure read back by the extractor: {pct(sum(i.reread for i in inj), n)}")
    by_kind = defaultdict(lambda: [0, 0])
    for i in inj:
        by_kind[i.site.mention.kind.value][0] += 1
        by_kind[i.site.mention.kind.value][1] += i.flagged_any
    p("by kind (flagged/injected): " + ", ".join(f"{k} {v[1]}/{v[0]}" for k, v in sorted(by_kind.items())))
    info_only = [i for i in inj if i.flagged_any and not i.flagged_warn]
    if info_only:
        p(f"-- flagged at info only ({len(info_only)}; up to 3):")
        for i in info_only[:3]:
            p(f"  [{i.subtopic}] {i.doc}@{i.site.mention.start}: {i.site.mention.surface!r}: "
              f"{i.old_token!r}→{i.new_token!r}: {i.hits[0].message}")
    missed = [i for i in inj if not i.flagged_any]
    if missed:
        reasons = Counter(miss_reason(i, rule, ruleset)[0] for i in missed)
        p("why missed: " + "; ".join(f"{r}: {c}" for r, c in reasons.most_common()))
        p(f"-- missed injections (up to {args.examples}):")
        rng = random.Random(args.seed)
        sample = sorted(rng.sample(missed, min(args.examples, len(missed))), key=lambda i: (i.subtopic, i.doc))
        for i in sample:
            print_miss(i, rule, ruleset)


def report(args, subs, n_articles, n_chars, fp, fp_claims, txt_mismatch, injections, n_cands, status,
           rule, ruleset, elapsed) -> None:
    p = print
    p(f"ECB+ benchmark: default pack only ({DEFAULT_PACK.relative_to(ROOT)}), seed={args.seed}, "
      f"max-per-cluster={args.max_per_cluster}")
    p(f"numcheck: {code_version()}")
    p(f"clusters: {len(subs)}   articles: {n_articles}   characters: {n_chars:,}   time: {elapsed:.1f}s")
    p(f"sanity: .txt copies give the same findings as .json in {len(subs) - len(txt_mismatch)}/{len(subs)} clusters"
      + (f" (differ: {', '.join(txt_mismatch)})" if txt_mismatch else ""))
    p()

    for kind, title in (("keyed", "INJECTED CONFLICTS (the measure): figures >= 2 articles give under one claim key"),
                        ("loose", "DIAGNOSTIC, loose: same kind/unit/value in >= 2 articles but no shared claim key")):
        if kind == "loose" and args.no_loose:
            continue
        p(f"== {title}")
        p(f"candidates: {n_cands[kind]}   sites: " + ", ".join(f"{k} {v}" for k, v in status[kind].most_common()))
        main_inj = [i for i in injections[kind] if not i.preflagged]
        report_injections(kind, main_inj, args, rule, ruleset)
        pre = [i for i in injections[kind] if i.preflagged]
        if pre:
            p(f"-- candidates whose every site is already flagged on unmodified text, injected apart (not in recall): "
              f"flagged any {pct(sum(i.flagged_any for i in pre), len(pre))}, set against the agreed value "
              f"{pct(sum(i.flagged_orig_any for i in pre), len(pre))}")
        p()

    # False positives
    p("== FINDINGS ON UNMODIFIED CLUSTERS (json copies, default pack)")
    per = {s: sev_counts(f) for s, f in fp.items()}
    n = len(per) or 1
    p(f"{'severity':10} {'total':>6} {'mean/cluster':>13} {'max/cluster':>12} {'clusters with any':>18}")
    for sev in SEVERITIES + ("all",):
        vals = [sum(c.values()) if sev == "all" else c.get(sev, 0) for c in per.values()]
        p(f"{sev:10} {sum(vals):6d} {sum(vals) / n:13.2f} {max(vals, default=0):12d} {sum(v > 0 for v in vals):18d}")
    w_e = [c.get("error", 0) + c.get("warning", 0) for c in per.values()]
    p(f"warning+error: total {sum(w_e)}, mean {sum(w_e) / n:.2f}, max {max(w_e, default=0)}, "
      f"clusters with none {sum(v == 0 for v in w_e)}/{len(w_e)}")
    all_f = [f for fs in fp.values() for f in fs]
    p("by rule: " + ", ".join(f"{k} {v}" for k, v in Counter(f.rule_id for f in all_f).most_common()))
    dims = Counter()
    for f in all_f:
        what = f.claim.split(" · ", 1)[-1] if " · " in f.claim else f.claim
        dims[what] += 1
    p("by claim what (measure/dimension): " + ", ".join(f"{k} {v}" for k, v in dims.most_common(15)))
    kinds = Counter()
    for s, fs in fp.items():
        for f in fs:
            c = claim_at(fp_claims[s], f.doc, f.start, f.end)
            kinds[c.mention.kind.value if c else "?"] += 1
    p("by kind: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    fp_diagnostics(fp, fp_claims, rule, ruleset)
    p("-- clusters with most findings (error/warning/info):")
    first_titles = {}
    idx = ECB / "clusters_index.tsv"
    if idx.exists():
        for line in idx.read_text(encoding="utf-8").splitlines()[1:]:
            parts = line.split("\t")
            if len(parts) >= 4:
                first_titles[parts[0]] = (parts[1], parts[3])
    for s in sorted(per, key=lambda s: -sum(per[s].values()))[:10]:
        c = per[s]
        nd, title = first_titles.get(s, ("?", ""))
        p(f"  {s:10} {sum(c.values()):4d}  ({c.get('error', 0)}/{c.get('warning', 0)}/{c.get('info', 0)})  "
          f"{nd} docs  {short(title, 80)}")
    p(f"-- example findings (up to {args.examples}, from different clusters, seeded):")
    rng = random.Random(args.seed + 1)
    pool = [(s, f) for s in sorted(fp) for f in fp[s]]
    by_cluster = defaultdict(list)
    for s, f in pool:
        by_cluster[s].append(f)
    clusters = [s for s in sorted(by_cluster)]
    rng.shuffle(clusters)
    for s in clusters[: args.examples]:
        f = rng.choice(by_cluster[s])
        c = claim_at(fp_claims[s], f.doc, f.start, f.end)
        o = claim_at(fp_claims[s], f.other_doc, f.other_start, f.other_end) if f.other_doc else None
        p(f"  [{s}] {f.severity.value} {f.rule_id} «{f.claim}»: {f.message}")
        p(f"      this : {short(f.sentence)}")
        if c:
            p(f"             key: {key_str(c, rule, ruleset)}")
        if o:
            p(f"      other: {short(o.mention.sentence)}")
            p(f"             key: {key_str(o, rule, ruleset)}")


def fp_diagnostics(fp, fp_claims, rule, ruleset) -> None:
    """Traits of the figures-agree findings on unmodified text that hint at two facts under one key."""
    fx = ruleset.settings.fx
    tol = rule.options.rel_tol
    n = self_also = nearest_both = one_subject_only = zero = 0
    diffs = Counter()
    for s, fs in fp.items():
        claims = fp_claims[s]
        for f in fs:
            if f.rule_id != rule.id or f.severity is Severity.info:
                continue
            n += 1
            zero += f.value == 0 or f.other_value == 0
            d = f.rel_diff
            diffs["<10%" if d is not None and d < 0.10 else "10-50%" if d is not None and d < 0.5
                  else ">=50%" if d is not None else "n/a"] += 1
            c = claim_at(claims, f.doc, f.start, f.end)
            o = claim_at(claims, f.other_doc, f.other_start, f.other_end) if f.other_doc else None
            if c is None or o is None:
                continue
            subject = f.claim.split(" · ", 1)[0].lower()
            ci = [x.lower() for x in c.subjects].index(subject) if subject in [x.lower() for x in c.subjects] else -1
            oi = [x.lower() for x in o.subjects].index(subject) if subject in [x.lower() for x in o.subjects] else -1
            nearest_both += ci == 0 and oi == 0
            shared = set(bucket_keys(c, rule, ruleset)) & set(bucket_keys(o, rule, ruleset))
            one_subject_only += len({k[2] for k in shared}) == 1
            ov = comparable_value(o.mention, fx)
            for x in claims:
                if (x.mention.doc == c.mention.doc and x is not c and x.mention.value is not None and ov is not None
                        and set(bucket_keys(x, rule, ruleset)) & shared
                        and math.isclose(comparable_value(x.mention, fx) or math.inf, ov, rel_tol=tol)):
                    self_also += 1
                    break
    if not n:
        return
    print(f"figures-agree warning/error findings: {n}")
    print("  relative difference: " + ", ".join(f"{k} {v}" for k, v in sorted(diffs.items())))
    print(f"  flagged article itself also gives the other figure under the same key (two facts, one key): "
          f"{pct(self_also, n)}")
    print(f"  one side is 0 (e.g. detokenised '20, 000 people' read as '000 people' = 0): {pct(zero, n)}")
    print(f"  the two mentions share exactly one subject: {pct(one_subject_only, n)}; "
          f"that subject is the nearest name to the number in both: {pct(nearest_both, n)}")


def not_compared_why(c: Claim, rule, ruleset) -> Optional[str]:
    """Why the consistency rule leaves this claim out, or None when it compares it."""
    if not matches(ruleset.selector(rule.claim), c):
        return f"kind {c.mention.kind.value} not selected"
    if c.mention.kind in rule.options.require_measure and not c.measure:
        return f"{c.mention.kind.value} without a measure word"
    if not c.subjects:
        return "no subject"
    return None


def miss_reason(i: Injection, rule, ruleset) -> tuple[str, str]:
    """(reason, detail) for an injection numcheck did not flag."""
    if not i.reread:
        return "new figure not read back by the extractor", ""
    nc = i.new_claim
    if nc is None:
        return "no claim at the injected span", ""
    why = not_compared_why(nc, rule, ruleset)
    if why:
        before = not_compared_why(i.site, rule, ruleset)
        if before:
            return f"modified mention not compared: {why}", ""
        return f"injection changed the key: now {why}", ""
    new_keys = set(bucket_keys(nc, rule, ruleset))
    others = [c for c in i.cand.claims if c.mention.doc != i.doc]
    other_keys = set(k for c in others for k in bucket_keys(c, rule, ruleset))
    if not new_keys & other_keys:
        old_keys = set(bucket_keys(i.site, rule, ruleset))
        if old_keys & other_keys:
            return "injection changed the key (subjects/measure)", ""
        whys = {not_compared_why(c, rule, ruleset) for c in others}
        if None not in whys:
            return f"agreeing mentions not compared: {sorted(whys)[0]}", ""
        comp = [c for c in others if not_compared_why(c, rule, ruleset) is None]
        if not any(c.measure == nc.measure for c in comp):
            pair = f"{nc.measure or '-'} vs {'/'.join(sorted({c.measure or '-' for c in comp}))}"
            return "measure differs", pair
        if not any(group_key_dimension(c, ruleset.settings.fx) == group_key_dimension(nc, ruleset.settings.fx)
                   for c in comp):
            return "dimension differs", ""
        return "no shared subject among the first %d" % rule.options.max_subjects, ""
    # it shares a bucket: what does that bucket's consensus look like after the injection?
    fx, opts = ruleset.settings.fx, rule.options
    for key in sorted(new_keys & other_keys, key=repr):
        group = [c for c in i.mod_claims if key in bucket_keys(c, rule, ruleset)]
        cls = clusters(group, fx, opts.rel_tol, opts.abs_tol)
        if cls and cls[0].docs == {i.doc}:
            return "consensus of the bucket held only by the modified article (no other article to set it against)", \
                f"key {key}"
    return "shares a claim key but not flagged", ""


def print_miss(i: Injection, rule, ruleset) -> None:
    p = print
    reason = miss_reason(i, rule, ruleset)[0]
    m = i.site.mention
    new_sentence = i.new_claim.mention.sentence if i.new_claim else short(
        i.new_text[max(0, i.num_start - 120): i.num_end + 120])
    detail = miss_reason(i, rule, ruleset)[1]
    p(f"  [{i.subtopic}] {i.doc}@{m.start}: {m.surface!r}: {i.old_token!r}→{i.new_token!r}  ({reason}"
      f"{': ' + detail if detail else ''})")
    p(f"      modified: {short(new_sentence)}")
    p(f"      before  : {key_str(i.site, rule, ruleset)}")
    if i.new_claim:
        p(f"      after   : {key_str(i.new_claim, rule, ruleset)}  surface={i.new_claim.mention.surface!r} "
          f"value={i.new_claim.mention.value:g}")
    others = [c for c in i.cand.claims if c.mention.doc != i.doc]
    for c in others[:2]:
        p(f"      agrees  : {c.mention.doc} {c.mention.surface!r}: {short(c.mention.sentence, 160)}")
        p(f"                {key_str(c, rule, ruleset)}")
    if len(others) > 2:
        p(f"      (+{len(others) - 2} more agreeing mentions)")
    if i.hits:
        for f in i.hits[:2]:
            p(f"      finding : {f.severity.value}: {f.message}")


if __name__ == "__main__":
    sys.exit(main())
