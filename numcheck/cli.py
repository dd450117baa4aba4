"""Command line: a thin layer over numcheck.api. Heavy imports happen inside commands so that
``numcheck --help`` stays instant.

Exit codes: 0 no finding at or above --fail-on; 1 findings; 2 usage, rule or input error.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

FORMATS = ("text", "json", "sarif", "github")
DEFAULT_REPORT = "reports/discrepancies.csv"
DEFAULT_BASELINE = ".numcheck-baseline.json"


class _DefaultToCheck(click.Group):
    """`numcheck PATH...` means `numcheck check PATH...`."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["check", *args]
        return super().parse_args(ctx, args)


def _fail(message: str) -> None:
    click.echo(f"numcheck: error: {message}", err=True)
    sys.exit(2)


def _guarded(fn):
    """Known input errors become one line on stderr and exit code 2, never a traceback."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except KeyboardInterrupt:
            click.echo("numcheck: interrupted", err=True)
            sys.exit(130)
        except Exception as e:
            # Imported only now: the check command forks its walk before importing pydantic.
            from numcheck.files import InputError
            from numcheck.gate import GateError
            from numcheck.report import OutputError
            from numcheck.ruleset import RuleError

            if isinstance(e, (InputError, RuleError, GateError, OutputError)):
                _fail(str(e))
            raise

    return wrapper


def _warn(w) -> None:
    click.echo(f"numcheck: {w}", err=True)


input_options = [
    click.option("--include", multiple=True, metavar="GLOB", help="Only files matching (repeatable)."),
    click.option("--exclude", multiple=True, metavar="GLOB", help="Skip files matching (repeatable)."),
    click.option("--strict", is_flag=True, help="Input warnings (encoding, binary, unreadable) become errors."),
]
rule_options = [
    click.option("--rules", "rules", multiple=True, type=click.Path(), metavar="FILE|DIR",
                 help="More rule files or packs (repeatable)."),
    click.option("--no-bundled", is_flag=True, help="Leave out the bundled rules/ packs."),
]

story_options = [
    click.option("--one-story", is_flag=True, help="Every article reports one story: compare figures across all of them."),
    click.option("--story-window", type=click.FloatRange(min=0), metavar="DAYS",
                 help="Dated articles further apart than this never share a story."),
]

run_options = [
    click.option("-j", "--jobs", type=click.IntRange(min=1), help="Processes for extraction and the rules [default: all cores]."),
    click.option("--no-cache", is_flag=True, help="Do not read or write the cache."),
    click.option("--cache-dir", type=click.Path(file_okay=False), default=".numcheck", show_default=True,
                 help="Where extracted mentions are cached."),
    click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
                 help="Run extraction on this machine or on a Dask cluster (pip install 'numcheck[dask]')."),
    click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler address (tcp://host:8786); "
                 "without it --engine dask starts a local cluster."),
]


def _run_kwargs(jobs, no_cache, cache_dir, engine, scheduler, progress) -> dict:
    return {"jobs": jobs, "cache_dir": None if no_cache else cache_dir, "engine_name": engine,
            "scheduler": scheduler, "progress": progress}


def _apply(options):
    def deco(fn):
        for opt in reversed(options):
            fn = opt(fn)
        return fn
    return deco


@click.group(cls=_DefaultToCheck, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="numcheck")
def main():
    """numcheck: find figures that disagree across news articles.

    \b
    numcheck seeds/                      check a folder (same as `numcheck check seeds/`)
    numcheck extract seeds/ --format table
    numcheck explain seeds/              which figures were matched, and why
    numcheck rules list | validate | schema | test
    numcheck baseline seeds/             accept today's findings
    numcheck report run.json -o page.html  the HTML report of a saved run
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_apply(rule_options + input_options)
@click.option("--report", type=click.Path(dir_okay=False), default=DEFAULT_REPORT, show_default=True,
              help="CSV discrepancy report to write.")
@click.option("--html", type=click.Path(dir_okay=False), metavar="FILE",
              help="HTML report to write [default: beside the CSV report, .html].")
@click.option("--no-html", is_flag=True, help="Do not write the HTML report.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="What to print on stdout.")
@click.option("--fail-on", type=click.Choice(["info", "warning", "error"]), default="error", show_default=True,
              help="Lowest severity that makes the exit code 1.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even with findings.")
@click.option("--baseline", type=click.Path(dir_okay=False), help="Report only findings not in this baseline.")
@click.option("--new", "new", multiple=True, type=click.Path(), metavar="PATH",
              help="New articles: only findings involving them count (repeatable).")
@click.option("--changed-since", metavar="GIT_REF", help="Articles changed since this git ref are the new ones.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary line; no progress bar.")
@click.option("--timings", "show_timings", is_flag=True, help="Print the seconds each stage took, on stderr.")
@_apply(story_options + run_options)
@_guarded
def check(paths, rules, no_bundled, include, exclude, strict, report, fmt, fail_on, exit_zero, baseline, new,
          changed_since, quiet, show_timings, one_story, story_window, jobs, no_cache, cache_dir, engine, scheduler,
          html, no_html):
    """Check articles against the rules; write the CSV and HTML reports; exit 0/1/2."""
    from numcheck import files

    # The files are walked and stat-ed on the other core while the rest of numcheck is imported.
    walk = files.find_files_aside(files.roots(paths, new), include, exclude)
    from numcheck import api, gate, report as rep
    from numcheck.models import Severity

    result = api.check(paths, rules=rules, bundled=not no_bundled, include=include, exclude=exclude, new=new,
                       changed_since=changed_since, baseline=baseline, strict=strict, on_warning=_warn, walk=walk,
                       one_story=one_story, story_window=story_window, **_run_kwargs(jobs, no_cache, cache_dir, engine, scheduler, progress=not quiet))
    for err in result.rule_errors:
        click.echo(f"numcheck: {err}", err=True)
    reporting = time.perf_counter()
    in_order = rep.sort_findings(result.findings)  # one sort for the CSV and the JSON (0.1 s each on 57k)
    if report:
        rep.atomic_write(Path(report), rep.csv_bytes(in_order, result.texts, ordered=True))
    summary = result.summary()
    html_path = None if no_html else html or (str(Path(report).with_suffix(".html")) if report else None)
    articles = []  # the texts and figures of the articles the findings name: the page shows them, the JSON keeps them
    if html_path or fmt == "json":
        from numcheck import html_report

        articles = html_report.load_articles(paths, in_order, new=new, include=include, exclude=exclude,
                                             files=result.files)
    if html_path:
        status = 2 if result.rule_errors else gate.exit_code(result.findings, Severity(fail_on), exit_zero)
        html_report.write_page(Path(html_path), in_order, summary, status, articles,
                               api.load_ruleset(rules, not no_bundled))
    if fmt == "json":
        out = click.get_binary_stream("stdout")
        for chunk in rep.json_chunks(in_order, summary, result.texts, ordered=True, extra={"articles": articles}):
            out.write(chunk)
        out.flush()
    elif fmt == "sarif":
        click.echo(rep.sarif_text(result.findings, result.rules, result.paths()), nl=False)
    elif fmt == "github":
        click.echo(rep.github_text(result.findings, result.paths()), nl=False)
    else:
        text = rep.text_summary(result.findings, summary)
        click.echo(text.splitlines()[-1] if quiet else text.rstrip("\n"))
        if report and not quiet:
            click.echo(f"report: {report}")
        if html_path and not quiet:
            click.echo(f"html report: {html_path} (open it in a browser)")
    if show_timings:
        from numcheck import timings

        spent = {**result.timings, "report": time.perf_counter() - reporting}
        click.echo(f"numcheck: timings: {timings.line(spent)}", err=True)
    if result.rule_errors:
        # A rule that could not run may hide a contradiction: the gate must not pass silently.
        click.echo(f"numcheck: error: {len(result.rule_errors)} rule(s) failed; the report holds the others' findings",
                   err=True)
        _exit_now(2)
    _exit_now(gate.exit_code(result.findings, Severity(fail_on), exit_zero))


def _exit_now(code: int) -> None:
    """Exit without freeing the run's objects one by one (0.5 s after 100 MB of news), as mypy does.

    The report is written and fsynced, the cache and snapshot committed and closed; only the
    standard streams remain to flush. Embedded (streams replaced, as click's test runner does), it
    exits the usual way.
    """
    if sys.stdout is not sys.__stdout__ or sys.stderr is not sys.__stderr__:
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass  # the reader went away (| head): what it wanted was written
    os._exit(code)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_apply(input_options)
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "table"]), default="csv", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write here instead of stdout.")
@_apply(run_options)
@_guarded
def extract(paths, include, exclude, strict, fmt, output, jobs, no_cache, cache_dir, engine, scheduler):
    """List every monetary and quantity mention, normalized.

    Files are read on all cores (--jobs) and cached as `numcheck check` does; CSV and JSON are written
    as the files are read, in file order.
    """
    import contextlib
    import io

    from numcheck import api, engine as eng, report as rep

    batches = api.mentions_of(paths, include=include, exclude=exclude, strict=strict, on_warning=_warn,
                              csv=fmt == "csv", **_run_kwargs(jobs, no_cache, cache_dir, engine, scheduler,
                                                              progress=True))
    if fmt == "table":
        text = _table_text([dict(zip(eng.MENTION_COLUMNS, row)) for rows in batches for row in rows],
                           list(eng.MENTION_COLUMNS), fmt)
        if output:
            rep.atomic_write(Path(output), text)
        else:
            click.echo(text, nl=False)
        return
    with contextlib.ExitStack() as stack:
        if output:
            out = io.TextIOWrapper(stack.enter_context(rep.atomic_file(Path(output))), encoding="utf-8", newline="")
            stack.callback(out.detach)  # flushed into the file, which atomic_file then closes and renames
        else:
            out = sys.stdout
        rep.write_mentions(out, batches, fmt)
        out.flush()


PAIR_COLUMNS = ["doc", "start", "end", "other_doc", "other_start", "other_end", "score", "evidence"]


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_apply(rule_options + input_options)
@click.option("--pair", nargs=2, metavar="FIGURE FIGURE",
              help="Say whether two figures (DOC:LINE or DOC@OFFSET) were matched, and why (not).")
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "json"]), default="text", show_default=True,
              help="text: every figure, what it was taken to be about and its matches; csv/json: every matched pair.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write here instead of stdout.")
@_apply(story_options)
@_guarded
def explain(paths, rules, no_bundled, include, exclude, strict, pair, fmt, output, one_story, story_window):
    """Show which figures numcheck matched across articles, and why."""
    from numcheck import api
    from numcheck import report as rep

    ex = api.explain(list(paths), rules=rules, bundled=not no_bundled, include=include, exclude=exclude,
                     strict=strict, on_warning=_warn, one_story=one_story, story_window=story_window)
    if pair:
        lefts, rights = ex.find(pair[0]), ex.find(pair[1])
        text = "".join(f"{a.mention.doc}:{a.mention.line} {a.mention.surface!r} and "
                       f"{b.mention.doc}:{b.mention.line} {b.mention.surface!r}\n  " + ex.why(a, b).replace("\n", "\n  ")
                       + "\n" for a in lefts for b in rights)
    elif fmt == "text":
        text = _explain_text(ex)
    else:
        rows = [p.model_dump(mode="json") for p in ex.pairs]
        text = _table_text(rows, PAIR_COLUMNS, fmt)
    if output:
        rep.atomic_write(Path(output), text)
    else:
        click.echo(text, nl=False)


def _explain_text(ex) -> str:
    from numcheck import report as rep

    at = {(c.mention.doc, c.mention.start): c for c in ex.claims}
    out = []
    for c in ex.claims:
        m = c.mention
        role = f"; {c.role}" if c.role else ""
        person = f"; of {c.person}" if c.person else ""
        out.append(f"{m.doc}:{m.line} {m.surface!r} ({m.kind.value} {m.unit}{role}{person})\n"
                   f"    about: {c.before or '-'} | {c.after or '-'}\n")
        for p, doc, start in ex.partners(c):
            o = at[(doc, start)].mention
            out.append(f"    matched with {doc}:{o.line} {o.surface!r}: both {p.evidence}; match {p.score:.2f}\n")
        for p, doc, start in ex.partners(c, hints=True):
            o = at[(doc, start)].mention
            out.append(f"    a hint with {doc}:{o.line} {o.surface!r} (a weak match, compared only for a loose "
                       f"agreement): both {p.evidence or '-'}; match {p.score:.2f}\n")
    out.append(f"{rep.counted(len(ex.claims), 'figure')}, {rep.counted(len(ex.pairs), 'matched pair')}"
               f"{', ' + rep.counted(len(ex.hints), 'hint') if ex.hints else ''}\n")
    return "".join(out)


def _table_text(rows: list[dict], columns: list[str], fmt: str) -> str:
    import json

    import pandas as pd

    from numcheck.report import safe_cell

    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    frame = pd.DataFrame(rows, columns=columns)
    if fmt == "table":
        if frame.empty:
            return "(no mentions)\n"
        view = frame[["doc", "line", "surface", "kind", "value", "unit", "qualifier", "low", "high", "per"]]
        return view.to_string(index=False, max_colwidth=48) + "\n"
    for col in ("doc", "other_doc", "surface", "unit", "per", "sentence", "evidence"):
        if col in frame:
            frame[col] = frame[col].map(safe_cell)
    return frame.to_csv(index=False, lineterminator="\n")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_apply(rule_options + input_options)
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=DEFAULT_BASELINE, show_default=True)
@_apply(story_options + run_options)
@_guarded
def baseline(paths, rules, no_bundled, include, exclude, strict, output, one_story, story_window, jobs, no_cache,
             cache_dir, engine, scheduler):
    """Accept the current findings: later runs with --baseline report only new ones."""
    import json

    from numcheck import api, gate, report as rep

    result = api.check(paths, rules=rules, bundled=not no_bundled, include=include, exclude=exclude, strict=strict,
                       on_warning=_warn, one_story=one_story, story_window=story_window,
                       **_run_kwargs(jobs, no_cache, cache_dir, engine, scheduler, progress=False))
    rep.atomic_write(Path(output), json.dumps(gate.baseline_document(result.findings), indent=2) + "\n")
    click.echo(f"baseline: {len(result.findings)} findings written to {output}")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_apply(input_options + story_options)
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "json"]), default="text", show_default=True,
              help="text: each story, its label and articles; csv/json: one row per article (doc, date, story, label).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write here instead of stdout.")
@_guarded
def stories(paths, include, exclude, strict, one_story, story_window, fmt, output):
    """List the stories the articles were grouped into: figures are compared only within a story."""
    from numcheck import api
    from numcheck import report as rep

    rows = api.stories_of(list(paths), include=include, exclude=exclude, strict=strict, on_warning=_warn,
                       one_story=one_story, story_window=story_window)
    if fmt == "text":
        by_story: dict[str, list[dict]] = {}
        for row in rows:
            by_story.setdefault(row["story"], []).append(row)
        ordered = sorted(by_story.values(), key=lambda rs: (-len(rs), rs[0]["doc"]))
        text = "".join(f"{rs[0]['story']} ({len(rs)} article{'s' if len(rs) != 1 else ''}): {rs[0]['label']}\n"
                       + "".join(f"    {r['doc']}" + (f"  {r['date']}" if r["date"] else "") + "\n" for r in rs)
                       for rs in ordered)
        text += f"{rep.counted(len(rows), 'article')} in {len(by_story):,} stor{'y' if len(by_story) == 1 else 'ies'}\n"
    else:
        text = _table_text(rows, ["doc", "date", "story", "label"], fmt)
    if output:
        rep.atomic_write(Path(output), text)
    else:
        click.echo(text, nl=False)


@main.command("report")
@click.argument("saved", type=click.Path(exists=True, dir_okay=False), metavar="FINDINGS.json|CSV")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="HTML page to write [default: beside the saved run, .html].")
@click.option("--fail-on", type=click.Choice(["info", "warning", "error"]), default="error", show_default=True,
              help="Lowest severity that makes the exit status the page shows 1.")
@_apply(rule_options)
@_guarded
def render_report(saved, output, fail_on, rules, no_bundled):
    """Render the HTML report of a saved run: `numcheck check --format json` output (with article views)
    or the CSV report (findings only). The rules give the FX table and tolerances the cards draw."""
    from numcheck import api, gate, html_report, report as rep
    from numcheck.models import Severity

    output = output or str(Path(saved).with_suffix(".html"))  # never another run's page
    run = html_report.read_saved_run(Path(saved))
    status = 2 if run.summary.get("rule_errors") else gate.exit_code(run.findings, Severity(fail_on), False)
    html_report.write_page(Path(output), run.findings, run.summary, status, run.articles,
                           api.load_ruleset(rules, not no_bundled), source=saved)
    click.echo(f"html report: {output} ({rep.counted(len(run.findings), 'finding')})")


@main.group()
def cache():
    """Manage the extraction cache."""


@cache.command("clear")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=".numcheck", show_default=True)
def cache_clear(cache_dir):
    """Delete the cached results and run snapshots."""
    from numcheck.engine import clear_cache

    removed = clear_cache(Path(cache_dir))
    click.echo(f"cache {'cleared' if removed else 'was empty'}: {cache_dir}")


@main.group()
def rules():
    """List, validate, test the rules; print their JSON Schema."""


@rules.command("list")
@_apply(rule_options)
@_guarded
def rules_list(rules, no_bundled):
    """One line per rule: id, check, severity, description."""
    from numcheck.api import load_ruleset

    rs = load_ruleset(rules, not no_bundled)
    for r in rs.rules:
        click.echo(f"{r.id:32} {r.check:14} {r.severity.value:8} {r.description}")


@rules.command("validate")
@_apply(rule_options)
@_guarded
def rules_validate(rules, no_bundled):
    """Load every rule file; exit 2 with file:line on the first error."""
    from numcheck.api import load_ruleset

    rs = load_ruleset(rules, not no_bundled)
    click.echo(f"{len(rs.rules)} rules valid")


@rules.command("schema")
def rules_schema():
    """Print the JSON Schema of a rule file."""
    import json

    from numcheck.ruleset import schema

    click.echo(json.dumps(schema(), indent=2))


@rules.command("test")
@_apply(rule_options)
@_guarded
def rules_test(rules, no_bundled):
    """Run every rule's fixtures (<id>.test/ beside it); exit 1 on any failure."""
    from numcheck.rulestest import run_fixtures

    paths = [Path(p) for p in rules]
    if not no_bundled:
        from numcheck.ruleset import bundled_rules_dir

        paths.insert(0, bundled_rules_dir())
    failures, checked = run_fixtures(paths)
    for f in failures:
        click.echo(f, err=True)
    click.echo(f"{checked} rules tested: {len(failures)} failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
