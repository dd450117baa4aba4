"""The Python API over the whole pipeline: load -> extract -> key claims -> rules -> gate.

    result = numcheck.check(["seeds/"])
    for f in result.findings: print(f.doc, f.line, f.message)

The CLI is a thin layer over this module.
"""
from __future__ import annotations

import functools
import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from numcheck import engine, gate, stories, timings
from numcheck.claims import Keying, key_claims
from numcheck.checks import is_partitioned
from numcheck.files import FileList, InputError, SourceFile, as_read, find_files_aside, list_files
from numcheck.load import raise_warning
from numcheck.memory import give_back
from numcheck.files import roots as load_roots
from numcheck.models import Article, Claim, Finding, LoadWarning, MatchedPair, Mention
from numcheck.report import RenderCache
from numcheck.ruleset import RuleSet, bundled_rules_dir, load_rules
from numcheck.snapshot import ArticleRecord, FileEntry, FileRecord, RulesState, Snapshot, run_key


@dataclass
class CheckResult:
    findings: list[Finding]  # what the gate counts: after suppressions, baseline and new-article filter
    all_findings: list[Finding]
    rules: list
    articles: int = 0
    mentions: int = 0
    claims: int = 0
    suppressed: int = 0
    baselined: int = 0
    not_new: int = 0
    warnings: list[LoadWarning] = field(default_factory=list)
    rule_errors: list[str] = field(default_factory=list)
    # Report text of the findings, when a snapshot keeps it: report.csv_text(findings, result.texts)
    texts: Optional[RenderCache] = None
    files: Optional[FileList] = None  # the files walked: the HTML report finds its articles among them
    # Seconds by stage (numcheck.timings): extraction (reading, extracting and keying the files), stories,
    # rules and each rule, matching (summed over the processes that matched: may exceed the wall time).
    timings: dict[str, float] = field(default_factory=dict)

    def paths(self) -> dict[str, str]:
        """Each file's doc id -> its path as walked (``report.file_of``: where CI annotations point)."""
        return dict(zip(self.files.docs, self.files.paths)) if self.files is not None else {}

    def summary(self) -> dict:
        return {"articles": self.articles, "mentions": self.mentions, "claims": self.claims, "rules": len(self.rules),
                "findings": len(self.findings), "suppressed": self.suppressed, "baselined": self.baselined,
                "not_new": self.not_new, "warnings": len(self.warnings), "rule_errors": self.rule_errors}


def load_ruleset(rules: Iterable[str | Path] = (), bundled: bool = True) -> RuleSet:
    paths = ([bundled_rules_dir()] if bundled else []) + [Path(p) for p in rules]
    return load_rules(paths)


def keying_for(ruleset: RuleSet) -> Keying:
    s = ruleset.settings
    return Keying.build(aliases=s.aliases, measures=s.measures, not_subjects=s.not_subjects)


def analyse_article(article: Article, keying: Keying) -> tuple[list[Mention], list[Claim]]:
    """Extract and key one article: the unit of work that runs in parallel and is cached."""
    from numcheck.extraction import extract

    mentions = extract(article.text, article.doc)
    return mentions, key_claims(article, mentions, keying)


def analyse_articles(articles: Iterable[Article], ruleset: Optional[RuleSet] = None) -> list[Claim]:
    """Extract and key articles held in memory (no files, no cache): the claims of them all."""
    keying = keying_for(ruleset or load_ruleset())
    return [c for a in articles for c in analyse_article(a, keying)[1]]


def check_claims(claims: list[Claim], ruleset: Optional[RuleSet] = None) -> list[Finding]:
    """Every rule over claims already made (``analyse_articles``): all findings, before any gate."""
    findings, errors, _ = run_rules(ruleset or load_ruleset(), claims)
    if errors:
        raise RuntimeError("; ".join(errors))
    return findings


def match_claims(claims: list[Claim], ruleset: Optional[RuleSet] = None) -> list[MatchedPair]:
    """The pairs of mentions, in different articles, that the consistency rules compare."""
    from numcheck.matching import matched_pairs, matchers

    return matched_pairs(matchers(claims, ruleset or load_ruleset()))


@dataclass
class Explanation:
    """What numcheck took each figure to be about, and which figures it matched across articles."""

    claims: list[Claim]
    pairs: list[MatchedPair]
    matchers: list  # numcheck.matching.Matcher, one per consistency rule
    hints: list[MatchedPair] = field(default_factory=list)  # weak matches: compared only on their own

    def partners(self, c: Claim, hints: bool = False) -> list[tuple[MatchedPair, str, int]]:
        """(pair, other doc, other start) of every figure matched with ``c`` (with ``hints``: hinted at)."""
        m = c.mention
        out = []
        for p in (self.hints if hints else self.pairs):
            if (p.doc, p.start) == (m.doc, m.start):
                out.append((p, p.other_doc, p.other_start))
            elif (p.other_doc, p.other_start) == (m.doc, m.start):
                out.append((p, p.doc, p.start))
        return out

    def find(self, ref: str) -> list[Claim]:
        """The figures a reference names: ``doc:line`` (every figure on the line) or ``doc@start``.
        Raises InputError when there is none."""
        from numcheck.matching import find_claim

        doc, at, where = ref.rpartition("@") if "@" in ref else ref.rpartition(":")
        if not doc or not where.isdigit():
            raise InputError(f"{ref}: name a figure as DOC:LINE or DOC@OFFSET")
        docs = {c.mention.doc for c in self.claims}
        if doc not in docs:
            # A file's path as the shell completes it ("../seeds/000.txt"): the article named by its end.
            ends = [d for d in docs if doc.endswith("/" + d)]
            doc = max(ends, key=len) if ends else doc
        found = find_claim(self.claims, doc, start=int(where)) if at == "@" \
            else find_claim(self.claims, doc, line=int(where))
        if not found:
            example = min(docs) if docs else ""
            raise InputError(f"{ref}: no figure there" if doc in docs else
                             f"{ref}: no article {doc!r} with figures (articles are named as `numcheck explain` lists "
                             f"them, relative to the folder given{': ' + repr(example) if example else ''})")
        return found

    def why(self, a: Claim, b: Claim) -> str:
        """Whether two figures were matched, and why (not), under each consistency rule."""
        lines = []
        for matcher in self.matchers:
            picked = {(c.mention.doc, c.mention.start) for c in matcher.claims}
            if (a.mention.doc, a.mention.start) not in picked or (b.mention.doc, b.mention.start) not in picked:
                lines.append(f"{matcher.rule_id}: not compared: the rule does not select "
                             f"{a.mention.surface if (a.mention.doc, a.mention.start) not in picked else b.mention.surface}")
            else:
                lines.append(f"{matcher.rule_id}: {matcher.verdict(a, b).why}")
        return "\n".join(lines) or "no consistency rule is loaded"


def explain(paths: Iterable[str | Path], *, rules: Iterable[str | Path] = (), bundled: bool = True,
            include: Iterable[str] = (), exclude: Iterable[str] = (), strict: bool = False,
            on_warning: Optional[Callable[[LoadWarning], None]] = None, one_story: bool = False,
            story_window: Optional[float] = None) -> Explanation:
    """Read, extract, key, group into stories and match a corpus (no rules applied): for ``numcheck explain``."""
    from numcheck.load import iter_articles
    from numcheck.matching import matched_pairs, matchers

    ruleset = load_ruleset(rules, bundled)
    articles = list(iter_articles([str(p) for p in paths], include=tuple(include), exclude=tuple(exclude),
                                  on_warning=on_warning, strict=strict))
    claims = analyse_articles(articles, ruleset)
    stories.assign(claims, stories.of_articles(((a.doc, stories.story_terms(a), a.date) for a in articles),
                                               one=one_story, window_days=story_window))
    made = matchers(claims, ruleset)  # once: the pairs and the verdicts both read them
    return Explanation(claims=claims, pairs=matched_pairs(made), matchers=made, hints=matched_pairs(made, hints=True))


def mentions_of(paths: Iterable[str | Path], *, include: Iterable[str] = (), exclude: Iterable[str] = (),
                strict: bool = False, on_warning: Optional[Callable[[LoadWarning], None]] = None,
                jobs: Optional[int] = None, cache_dir: Optional[str | Path] = None, engine_name: str = "local",
                scheduler: Optional[str] = None, progress: bool = False, csv: bool = False) -> Iterator[list[list] | str]:
    """Every mention of the files under ``paths``, each file's as rows of ``engine.MENTION_COLUMNS`` (with
    ``csv``, as their CSV lines, one str a file, formatted where the file is read), in file order as soon
    as they are read: the engine of ``check`` (``jobs`` processes or Dask, the cache) extracting instead
    of keying. A missing path raises InputError at once; with ``strict``, so does an input warning, when
    its file's turn comes."""
    warn = raise_warning if strict else on_warning or (lambda w: None)
    files = list(list_files([Path(p) for p in paths], tuple(include), tuple(exclude), warn))
    results = engine.mentions(files, jobs=jobs, cache_dir=cache_dir, engine=engine_name, scheduler=scheduler,
                              progress=progress, csv=csv)

    def rows() -> Iterator[list[list] | str]:
        for result in results:
            for w in result.warnings:
                warn(w)
            yield result.rows

    return rows()


def stories_of(paths: Iterable[str | Path], *, include: Iterable[str] = (), exclude: Iterable[str] = (),
               strict: bool = False, on_warning: Optional[Callable[[LoadWarning], None]] = None,
               one_story: bool = False, story_window: Optional[float] = None) -> list[dict]:
    """The story of each article (doc, date, story, label): for ``numcheck stories``."""
    from numcheck.load import iter_articles

    articles = [(a.doc, stories.story_terms(a), a.date) for a in
                iter_articles([str(p) for p in paths], include=tuple(include), exclude=tuple(exclude),
                              on_warning=on_warning, strict=strict)]
    grouped = stories.of_articles(articles, one=one_story, window_days=story_window)
    return [{"doc": doc, "date": date, "story": grouped.of[doc], "label": grouped.label[grouped.of[doc]]}
            for doc, _, date in articles]


def check(
    paths: Iterable[str | Path],
    *,
    rules: Iterable[str | Path] = (),
    bundled: bool = True,
    ruleset: Optional[RuleSet] = None,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    new: Iterable[str | Path] = (),
    changed_since: Optional[str] = None,
    baseline: Optional[str | Path] = None,
    strict: bool = False,
    on_warning: Optional[Callable[[LoadWarning], None]] = None,
    jobs: Optional[int] = None,
    cache_dir: Optional[str | Path] = None,
    engine_name: str = "local",
    scheduler: Optional[str] = None,
    progress: bool = False,
    walk: Optional[Callable[[Callable[[LoadWarning], None]], list[SourceFile]]] = None,
    one_story: bool = False,
    story_window: Optional[float] = None,
) -> CheckResult:
    """Check a corpus. Raises files.InputError, ruleset.RuleError or gate.GateError on bad input.

    ``jobs``: processes for extraction, story grouping and the rules' parts (default: all cores); ``cache_dir``: reuse
    the claims of unchanged files and the last same run's findings, re-checking only what changed (numcheck.snapshot;
    None: no cache); ``engine_name="dask"`` runs extraction on a Dask cluster at ``scheduler`` (a local
    one when None). ``walk``: the files, from a walk already under way over the same paths and globs
    (``files.find_files_aside(files.roots(paths, new), include, exclude)``): the command line starts it
    before importing the rest of numcheck. Figures are compared only within a story (numcheck.stories):
    ``one_story`` puts every article in one; ``story_window``: days beyond which two dated articles
    never share a story.
    """
    include, exclude = tuple(include), tuple(exclude)  # read twice: for the walk and the snapshot's key
    timings.take()  # this run's stages only
    ruleset = ruleset or load_ruleset(rules, bundled)
    keying = keying_for(ruleset)
    warnings: list[LoadWarning] = []

    def warn(w: LoadWarning) -> None:
        if strict:
            raise InputError(w.as_error())
        warnings.append(w)
        if on_warning:
            on_warning(w)

    paths = [Path(p) for p in paths]
    new_paths = [Path(p) for p in new]
    roots = load_roots(paths, new_paths)
    snap = _snapshot(cache_dir, ruleset, keying, roots, include, exclude, f"{one_story}|{story_window}") \
        if cache_dir else None
    texts = RenderCache()  # the report text of findings the snapshot keeps
    new_files = {p.resolve() for p in new_paths}
    new_docs: set[str] = set()
    run_files = functools.partial(engine.run, keying=keying, jobs=jobs, cache_dir=cache_dir, engine=engine_name,
                                  scheduler=scheduler)
    processes = jobs or os.cpu_count() or 1  # among which story grouping's products and the rules' parts are shared

    try:
        with _gc_paused():
            known: dict = {}
            stored: dict[str, dict] = {}  # the last run's findings, by rule and part
            rerun = snap is not None and snap.exists
            if walk is None:  # a re-run walks and stats the files on the other core while it reads the snapshot
                walk = find_files_aside(roots, include, exclude) if rerun \
                    else functools.partial(list_files, roots, include, exclude)
            if rerun:
                known = snap.files()
                stored = {r.id: snap.findings(r.id, texts) for r in ruleset.rules if is_partitioned(r)}
            files = walk(warn)
            if changed_since:
                new_files |= gate.changed_since(changed_since)
            if not isinstance(files, FileList):
                files = FileList.of(files)  # columns: a re-run compares 100k signatures without 100k objects
            to_run = [files[i] for i, (path, sig) in enumerate(zip(files.paths, files.signatures()))
                      if (r := known.get(path)) is None or r.signature != sig] if known else list(files)
            if known and len(to_run) > max(_INCREMENTAL_MAX_FILES, len(files) // 10):
                known, to_run = {}, list(files)  # much changed: re-checking part by part would cost more than a full run
            with timings.stage("extraction"):
                fresh = dict(zip((f.path for f in to_run), run_files(to_run, progress=progress)))
            records: dict[str, FileEntry] = {}  # the snapshot's rows of the files read this time
            known_ids = {r.id for r in ruleset.rules}
            suppress: dict[str, list[gate.Suppression]] = {}
            n_mentions = n_articles = n_claims = 0
            for i, path in enumerate(files.paths):
                if path in fresh:
                    record = fresh[path]
                    if snap is not None:
                        records[path] = _entry(record, files[i])
                else:
                    old = known[path]
                    if old.record is None:  # plain: one article named as the file
                        n_articles, n_mentions, n_claims = n_articles + 1, n_mentions + old.mentions, n_claims + old.claims
                        if new_files and _is_new(path, new_files):
                            new_docs.add(files.docs[i])
                        continue
                    record = FileRecord.model_validate_json(old.record)
                for w in record.warnings:
                    warn(w)
                for art in record.articles:
                    if art.error:
                        raise gate.GateError(art.error)
                    n_articles += 1
                    n_mentions += art.mentions
                    n_claims += art.claims if isinstance(art, ArticleRecord) else len(art.claims)  # a record counts them
                    if new_files and _is_new(art.path, new_files):
                        new_docs.add(art.doc)
                    if art.suppressions:
                        suppress[art.doc] = [gate.Suppression(art.doc, line, covers, ids, reason)
                                             for line, covers, ids, reason in art.suppressions]
                        for s in suppress[art.doc]:
                            for rule_id in s.rule_ids:
                                if rule_id not in known_ids:  # a typo would silently suppress nothing
                                    warn(LoadWarning(path=art.path or art.doc, kind="suppression", line=s.line,
                                                     message=f"no rule {rule_id!r}: this ignore directive "
                                                             f"suppresses nothing for it (rules: "
                                                             f"{', '.join(sorted(known_ids))})"))
            claims = [c for res in fresh.values() for art in res.articles for c in art.claims]
            read = [(a.doc, a.terms, a.date) for res in fresh.values() for a in res.articles]
            fresh_paths = list(fresh)
            fresh.clear()  # the files' wrappers are not needed past here: freed before the run's peak
            give_back()
            if known:
                gone = {p: None for p in known.keys() - set(files.paths)}
                stale = snap.docs_of_paths([*fresh_paths, *gone]) | {c.mention.doc for c in claims}
                # New and changed articles join the stories the last run made; the others keep theirs.
                with timings.stage("stories"):
                    grouped = stories.join(snap.stories(), stale, read, one=one_story, window_days=story_window)
                del read
                give_back()
                stories.assign(claims, grouped)
                at = dict(zip(files.paths, range(len(files))))  # path -> index in files
                loaded: dict[str, list[Claim]] = {}  # claims of unchanged files sharing a part with a stale one

                def load(docs: set[str]) -> list[Claim]:
                    need = [files[at[p]] for p in sorted(snap.paths_of_docs(docs)) if p not in loaded and p in at]
                    for f, res in zip(need, run_files(need)):
                        loaded[f.path] = [c for art in res.articles for c in art.claims]
                        stories.assign(loaded[f.path], grouped)
                    return [c for p in loaded for c in loaded[p] if c.mention.doc in docs]

                # Articles whose story was named anew are re-checked as if changed (their parts' keys moved).
                claims.extend(load(grouped.renamed))
                stale |= grouped.renamed

                with timings.stage("rules"):
                    findings, rule_errors, state = run_rules(ruleset, claims, True, snap=snap, stale=stale, load=load,
                                                             stored=stored, jobs=processes)
            else:
                with timings.stage("stories"):
                    grouped = stories.of_articles(read, one=one_story, window_days=story_window, jobs=processes)
                del read
                give_back()
                stories.assign(claims, grouped)
                with timings.stage("rules"):
                    findings, rule_errors, state = run_rules(ruleset, claims, keep_state=snap is not None,
                                                             jobs=processes)
            del claims  # freed before the findings' report text is made: the run's peak memory
            give_back()
            if snap is not None and not rule_errors:
                state.stories = grouped.iter_rows()  # made as the snapshot writes them (only for the snapshot)
                texts.render(state.findings())
                if known:
                    snap.update({**records, **gone}, stale, state, texts)
                else:
                    snap.rebuild(records, state, texts)
    finally:
        if snap is not None:
            snap.close()

    result = CheckResult(findings=[], all_findings=findings, rules=ruleset.rules, articles=n_articles,
                         mentions=n_mentions, claims=n_claims, warnings=warnings, rule_errors=rule_errors,
                         texts=texts if snap is not None else None, files=files, timings=timings.take())
    accepted = gate.read_baseline(Path(baseline)) if baseline else set()
    for f in findings:
        if gate.is_suppressed(f, suppress):
            result.suppressed += 1
        elif f.fingerprint in accepted:
            result.baselined += 1
        elif (new_files or changed_since) and f.doc not in new_docs and f.other_doc not in new_docs:
            result.not_new += 1
        else:
            result.findings.append(f)
    return result


def run_rules(ruleset: RuleSet, claims: list[Claim], keep_state: bool = False, *, snap: Optional[Snapshot] = None,
              stale: frozenset[str] | set[str] = frozenset(), load=None, stored: Optional[dict[str, dict]] = None,
              jobs: int = 1):
    """Every rule over the claims; a rule that raises is reported by id and the others go on.

    Returns (findings, rule errors, RulesState); with ``keep_state`` the state holds what the next
    run needs to re-check only what changed (numcheck.snapshot). Given the last run's ``snap``,
    ``claims`` are those of the ``stale`` articles only (changed, added, removed): partitioned rules
    re-check just the parts those articles were or are in, with the claims ``load(docs)`` gives for
    the other articles there, and take every other part's findings from ``stored`` (the snapshot's,
    by rule and part); whole-corpus rules run on their kept claims and the stale articles' ones.
    """
    from numcheck.checks import Context, check_parts, combine, partition, run_whole, whole_corpus_claims

    ctx = Context(claims=claims, ruleset=ruleset)
    findings: list[Finding] = []
    errors: list[str] = []
    state = RulesState()
    for rule in ruleset.rules:
        try:
            with timings.stage(f"rule {rule.id}"):
                if not is_partitioned(rule):
                    picked = whole_corpus_claims(rule, ctx)
                    kept = [c for doc, cs in snap.selected(rule.id).items() if doc not in stale for c in cs] if snap else []
                    findings.extend(run_whole(rule, kept + picked, ctx))
                    if keep_state:
                        state.selected[rule.id] = _by_doc(picked)
                    continue
                groups = partition(rule, ctx.select(rule.claim), ctx.fx)
                by_part: dict = {}  # each part's ranked findings
                if snap is not None:
                    dirty = snap.parts_of_docs(rule.id, stale) | set(groups)
                    around = Context(claims=load(snap.docs_of_parts(rule.id, dirty) - stale), ruleset=ruleset)
                    for key, group in partition(rule, around.select(rule.claim), ctx.fx).items():
                        if key in dirty:
                            groups.setdefault(key, []).extend(group)
                    by_part = dict((stored or {}).get(rule.id, {}))
                    for key in dirty:
                        by_part.pop(key, None)
                    for key in dirty - set(groups):
                        groups[key] = []  # emptied: its members and findings go
                results = check_parts(rule, groups, ctx, jobs)
                by_part.update(results)
                findings.extend(combine(rule, by_part))
                if keep_state:
                    state.parts[rule.id] = {key: (results.get(key, []), {c.mention.doc for c in group})
                                            for key, group in groups.items()}
        except Exception as e:  # noqa: BLE001 - one broken rule must not stop the others
            errors.append(_rule_error(ruleset, rule, e))
    return findings, errors, state


def _by_doc(claims: list[Claim]) -> dict[str, list[Claim]]:
    out: dict[str, list[Claim]] = {}
    for c in claims:
        out.setdefault(c.mention.doc, []).append(c)
    return out


def _rule_error(ruleset: RuleSet, rule, e: Exception) -> str:
    return f"rule {rule.id} ({ruleset.sources.get(rule.id, '?')}) failed: {type(e).__name__}: {e}"


_INCREMENTAL_MAX_FILES = 100  # or a tenth of the corpus, whichever is more


def _entry(result: engine.FileResult, f: SourceFile) -> FileEntry:
    arts = result.articles
    plain = len(arts) == 1 and not result.warnings and arts[0].doc == f.doc and arts[0].path == as_read(f.path) \
        and not arts[0].suppressions and not arts[0].error
    record = None if plain else FileRecord(doc=f.doc, signature=f.signature, warnings=result.warnings, articles=[
        ArticleRecord(doc=a.doc, path=a.path, mentions=a.mentions, claims=len(a.claims),
                      suppressions=a.suppressions, error=a.error) for a in arts]).model_dump_json()
    return FileEntry(f.signature, sum(a.mentions for a in arts), sum(len(a.claims) for a in arts),
                     [a.doc for a in arts], record)


def _snapshot(cache_dir, ruleset: RuleSet, keying: Keying, roots: list[Path], include, exclude,
              grouping: str) -> Snapshot:
    """The snapshot of this run: the same inputs, globs, rules, pack settings, story options and code."""
    from numcheck import checks

    # Every module of the package: a list of the ones that matter missed matching.py once, and a cache
    # made before a change of the match score gave the old scores.
    here = Path(__file__).parent
    code = engine.extractor_version(sorted([*Path(checks.__file__).parent.glob("*.py"), *here.glob("*.py")]))
    key = run_key([engine.cache_salt(keying), code, ruleset.settings.model_dump_json(),
                   *(r.model_dump_json() for r in ruleset.rules),
                   # The files table holds paths as the walk spells them: the same folder named
                   # another way is another snapshot.
                   *(f"{p.resolve()}\x1f{p}" for p in roots),
                   "\x1finclude", *include, "\x1fexclude", *exclude, "\x1fstories", grouping])
    return Snapshot(Path(cache_dir), key)


@contextmanager
def _gc_paused():
    """No cyclic garbage collection while the corpus's claims pile up.

    Claims form no reference cycles, yet each full collection walks every one of them: on 100 MB
    of news that was 8 s of a 62 s run. Reference counting still frees everything as usual.
    On the way out what the run made is frozen (gc.freeze): else the first collection after the
    pause walks all of it at once (1.9 s on 100 MB). The price: cyclic garbage made during the run
    is never collected, and numcheck's models make none.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _is_new(path: str, new_files: set[Path]) -> bool:
    src = Path(path).resolve() if path else None
    return src is not None and (src in new_files or any(d in src.parents for d in new_files if d.is_dir()))
