"""The `cleanup` command line. Thin: resolve settings, call cleanup.run, print through cleanup.output."""

from __future__ import annotations

import contextlib
import difflib
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from cleanup import __version__
from cleanup.textutil import printable_path

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    help="Check translation quality and clean up English news text.",
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"cleanup {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        bool | None,
        typer.Option("--version", "-V", callback=_print_version, is_eager=True, help="Print the version."),
    ] = None,
) -> None:
    """Check translation quality and clean up English news text.

    Exit codes: 0 clean, 1 findings at --fail-on (scan) or files changed with --exit-non-zero-on-fix (fix),
    2 a bad setting, or any input that could not be read or output that could not be written.
    """


class Format(str, Enum):
    text = "text"
    concise = "concise"
    full = "full"
    json = "json"
    json_lines = "json-lines"
    sarif = "sarif"
    github = "github"


class Level(str, Enum):
    info = "info"
    warning = "warning"
    error = "error"


class EngineName(str, Enum):
    local = "local"
    dask = "dask"


class Grammar(str, Enum):
    off = "off"
    harper = "harper"
    languagetool = "languagetool"
    auto = "auto"


def _split(values: list[str] | None) -> list[str]:
    """Selectors may be repeated or comma-separated."""
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


def _error(message: str) -> None:
    """One `error:` line on stderr; a file name in it cannot add a line or invalid UTF-8."""
    typer.echo(f"error: {printable_path(message)}", err=True)


def _die(message: str) -> None:
    typer.echo(f"cleanup: {message}", err=True)
    raise typer.Exit(2)


Paths = Annotated[list[str], typer.Argument(help="Files or folders (searched recursively); '-' reads stdin.")]
Select = Annotated[
    list[str] | None, typer.Option("--select", help="Only these codes, prefixes or categories.")
]
ExtendSelect = Annotated[list[str] | None, typer.Option("--extend-select", help="Add to the selection.")]
Ignore = Annotated[
    list[str] | None, typer.Option("--ignore", help="Skip these codes, prefixes or categories.")
]
Include = Annotated[list[str] | None, typer.Option("--include", help="Glob of files to take from folders.")]
Exclude = Annotated[list[str] | None, typer.Option("--exclude", help="Glob of paths to skip.")]
RulesDir = Annotated[list[Path] | None, typer.Option("--rules", help="Extra rule-pack folder (repeatable).")]
MaxBytes = Annotated[int | None, typer.Option("--max-bytes", help="Refuse files larger than this.")]
AnalysisTimeout = Annotated[
    float | None,
    typer.Option(
        "--analysis-timeout", help="Skip a file whose analysis takes longer (seconds; 0: no limit)."
    ),
]
GrammarOption = Annotated[
    Grammar | None,
    typer.Option(
        "--grammar",
        help="Grammar backend: harper (offline), languagetool (needs --languagetool-url or LTP_PATH; exit 2 "
        "if unavailable), auto (LanguageTool when configured, else Harper), off (default).",
    ),
]
LanguageToolUrl = Annotated[
    str | None,
    typer.Option("--languagetool-url", help="A running LanguageTool server, e.g. http://127.0.0.1:8081"),
]
Jobs = Annotated[
    int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes (default: by run size).")
]
NoCache = Annotated[
    bool, typer.Option("--no-cache", help="Analyse every file again; ignore .cleanup_cache/.")
]
ConfigPath = Annotated[Path | None, typer.Option("--config", help="Use this configuration file.")]
TextField = Annotated[
    str | None,
    typer.Option("--text-field", help="Field of a .jsonl/.parquet record holding the text (text)."),
]
EngineOption = Annotated[
    EngineName,
    typer.Option(
        "--engine",
        help="Where the analysis runs: local (processes on this machine) or dask (a Dask cluster: "
        "--scheduler's, else a local one of --jobs workers; pip install 'cleanup[dask]').",
    ),
]
Scheduler = Annotated[
    str | None,
    typer.Option("--scheduler", help="With --engine dask: an existing scheduler, e.g. tcp://10.0.0.5:8786."),
]
IdField = Annotated[
    str | None,
    typer.Option("--id-field", help="Field that names a record in the output (default: its line)."),
]


@dataclass
class Prepared:
    analyzer: Any
    config: Any
    suppressions: Any  # Suppressions: per-file ignores and the ignore file
    engine: Any = None  # compute.Engine: where the analysis runs (closed when the run ends)


def _prepare(
    config_path: Path | None,
    *,
    select=None,
    extend_select=None,
    ignore=None,
    rules=None,
    fail_on=None,
    grammar=None,
    languagetool_url=None,
    include=None,
    exclude=None,
    max_bytes=None,
    analysis_timeout=None,
    output_format=None,
    text_field=None,
    id_field=None,
    engine: EngineName = EngineName.local,
    scheduler: str | None = None,
) -> Prepared:  # type: ignore[no-untyped-def]
    from cleanup.api import Checker
    from cleanup.compute import EngineError, engine_named
    from cleanup.config import ConfigError, load_config
    from cleanup.engine.packs import PackError
    from cleanup.grammar import GrammarUnavailable
    from cleanup.io.spill import spill_limit

    try:
        config = load_config(config_path)
        _apply_overrides(
            config,
            select=_split(select),
            extend_select=_split(extend_select),
            ignore=_split(ignore),
            rules=[str(r) for r in rules or ()],
            fail_on=fail_on,
            grammar=grammar,
            languagetool_url=languagetool_url,
            include=_split(include),
            exclude=_split(exclude),
            max_bytes=max_bytes,
            analysis_timeout=analysis_timeout,
            output_format=output_format,
            text_field=text_field,
            id_field=id_field,
        )
    except ConfigError as exc:
        _die(str(exc))

    try:
        checker = Checker(config, ignore_file=True)
    except (PackError, GrammarUnavailable, ValueError) as exc:
        _die(str(exc))
    if checker.warning:
        typer.echo(f"warning: {checker.warning}", err=True)
    try:
        where = engine_named(engine.value, scheduler)
        spill_limit()  # a bad CLEANUP_SPILL_LIMIT is refused before any work, not after the first pass
    except (EngineError, ValueError) as exc:
        _die(str(exc))
    return Prepared(checker.analyzer, config, checker.suppressions, where)


def _apply_overrides(config: Any, *, ignore: list[str], output_format: str | None, **values: Any) -> None:
    """Command-line values over the file's, each checked like the file's (ConfigError on a bad one)."""
    if ignore:  # the command line adds to the configured ignores
        config.override("ignore", [*config["ignore"], *ignore])
    config.override("format", output_format)
    for name, value in values.items():
        config.override(name.replace("_", "-"), value)


def _collect(paths: list[str], config: Any, skip: tuple[Path, ...] = ()) -> tuple[list[str], list[str]]:
    """The input names. `skip`: `fix`'s own output folders, never read back as input (a second
    `cleanup fix .` would clean `cleaned/` again, and its copies would count as corpus evidence)."""
    from cleanup.io.reading import DEFAULT_INCLUDE, collect

    names, errors = collect(paths, config["include"] or DEFAULT_INCLUDE, config["exclude"])
    # A folder the user pointed into on purpose (`cleanup fix cleaned/`, `--out .`) is read as asked.
    given = [Path(p).resolve() for p in paths if p != "-"]
    roots = [r for r in (folder.resolve() for folder in skip) if not any(g.is_relative_to(r) for g in given)]
    if roots:
        names = [n for n in names if n == "-" or not any(Path(n).resolve().is_relative_to(r) for r in roots)]
    return names, [str(e) for e in errors]


def _fields(config: Any):  # type: ignore[no-untyped-def]
    """Where a corpus file's records keep their text and id (`--text-field`, `--id-field`)."""
    from cleanup.io.corpus import Fields

    return Fields(config["text-field"], config["id-field"])


def _progress(count: int | None, label: str = "scanning"):  # type: ignore[no-untyped-def]
    """A rich progress bar on a terminal for more than a handful of files; nothing otherwise. `count`
    None: a corpus, whose records are not counted beforehand (the bar counts them as they are done)."""
    if (count is not None and count <= 5) or not sys.stderr.isatty():
        return None, None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    progress = Progress(*columns, console=Console(stderr=True), transient=True)
    task = progress.add_task(label, total=count)
    progress.start()
    return progress, (lambda *_done: progress.advance(task))


@dataclass
class _Stream:
    """A run in progress: its results one at a time (suppressions applied, in input order), and what it
    gathers for the end."""

    results: Iterator[Any]  # FileResult
    errors: list[str]  # grows as inputs fail
    tally: Any  # SuppressionTally: the unused suppressions, once every result is seen
    cache: Any  # ResultCache | None
    corpus: Any  # CorpusStats | None: what the analysis used; fixing must use the same


@contextlib.contextmanager
def _analysing(
    prepared: Prepared,
    names: list[str],
    errors: list[str],
    jobs: int | None,
    no_cache: bool,
    show_progress: bool = True,
    readability: bool = False,
    fixing: Any = None,
) -> Iterator[_Stream]:
    """Analyse `names` as the block consumes the results: a progress bar on a terminal, one message on
    Ctrl-C (finished results are in the cache), the grammar backend closed at the end. `readability`: the
    output shows readability figures, so they are computed beside each analysis (in the workers).
    `fixing` (a compute.FixPlan): `fix`'s loop runs beside each analysis too."""
    from cleanup.cache import ResultCache
    from cleanup.compute import EngineError
    from cleanup.engine.packs import builtin_rules_dir
    from cleanup.run import SuppressionTally, analyse_stream

    analyzer, config = prepared.analyzer, prepared.config
    cache = None
    if config["cache"] and not no_cache:
        rule_dirs = (builtin_rules_dir(), *analyzer.recipe.rule_dirs)
        cache = ResultCache.for_run(
            config.root, rule_dirs, analyzer.recipe.settings, analyzer.backend_description
        )
    from cleanup.io.corpus import is_corpus

    total = None if any(is_corpus(name) for name in names) else len(names)
    label = "fixing" if fixing is not None else "scanning"
    progress, advance = _progress(total, label) if show_progress else (None, None)
    try:
        corpus, results = analyse_stream(
            names,
            analyzer,
            int(config["max-bytes"]),
            advance,
            jobs,
            cache,
            _fields(config),
            float(config["analysis-timeout"]),
            errors,
            readability,
            prepared.engine,
            fixing,
        )
        tally = SuppressionTally(prepared.suppressions)
        yield _Stream((tally.apply(r) for r in results), errors, tally, cache, corpus)
    except EngineError as exc:
        _die(str(exc))
    except KeyboardInterrupt:
        # Typer turns Ctrl-C into a silent exit 130: say what was kept first.
        kept = f"; finished files are kept in {cache.root.parent} and a rerun resumes" if cache else ""
        typer.echo(f"cleanup: interrupted{kept}", err=True)
        raise
    finally:
        if progress is not None:
            progress.stop()
        if prepared.engine is not None:
            prepared.engine.close()
        if analyzer.grammar is not None:
            analyzer.grammar.close()  # one backend (and at most one LanguageTool server) per run


def _ended(stream: _Stream, results: int) -> dict[str, int] | None:
    """Print the run's errors, stop if it read nothing, warn of a repaired cache; the cache's tally."""
    for error in stream.errors:
        _error(error)
    if not results:
        _die("nothing could be read" + ("" if stream.errors else " (no .txt or .md files found)"))
    cache = stream.cache
    if cache is None:
        return None
    if cache.rejected:
        typer.echo(
            f"warning: {cache.rejected} unreadable or corrupt entries in {cache.root} were ignored "
            "and rewritten",
            err=True,
        )
    return {"hits": cache.hits, "misses": cache.misses}


def _run(prepared: Prepared, paths: list[str], jobs: int | None, no_cache: bool, readability: bool = False):  # type: ignore[no-untyped-def]
    """Every result held together, for the outputs that need them all (JSON, SARIF, text, --diff)."""
    from cleanup.run import RunResult

    names, errors = _collect(paths, prepared.config)
    with _analysing(prepared, names, errors, jobs, no_cache, readability=readability) as stream:
        files = list(stream.results)
    run = RunResult(files, stream.errors, corpus=stream.corpus)
    run.cache_stats = _ended(stream, len(files))
    return run, stream.tally.unused()


def _scan_streamed(
    prepared: Prepared, paths: list[str], jobs: int | None, no_cache: bool, output_file: Path | None
) -> int:
    """`json-lines` and `github`: each result's lines written as it is done, so memory stays flat on a
    corpus of any size. Returns the exit code."""
    from cleanup.output.common import at_or_above

    if prepared.config["format"] == "json-lines":
        from cleanup.output.json_format import json_line

        def lines_of(result: Any) -> Iterator[str]:
            yield json_line(result)
    else:
        from cleanup.output.formats import github as lines_of

    names, errors = _collect(paths, prepared.config)
    results = failing = 0
    with contextlib.ExitStack() as stack:
        if output_file is None:
            out = sys.stdout
        else:
            from cleanup.io.writing import atomic_text_writer

            out = stack.enter_context(atomic_text_writer(output_file))
        # A bar redrawn between lines on the same terminal would garble them.
        show_progress = output_file is not None or not sys.stdout.isatty()
        readability = prepared.config["format"] == "json-lines"
        stream = stack.enter_context(
            _analysing(prepared, names, errors, jobs, no_cache, show_progress, readability)
        )
        for result in stream.results:
            results += 1
            failing = failing or bool(at_or_above(result.analysis.findings, prepared.config["fail-on"]))
            for line in lines_of(result):
                out.write(line + "\n")
        out.flush()
    _ended(stream, results)
    return 2 if stream.errors else 1 if failing else 0


def _grammar_status(description: str, run: Any) -> str:
    """The backend, and how often it did not answer: a summary never claims a check that failed."""
    failed = sum(any(w.startswith("LanguageTool") for w in r.analysis.warnings) for r in run.files)
    if not failed:
        return description
    return f"{description} (failed on {failed} of {len(run.files)} files)"


def _emit(lines: Any, output_file: Path | None) -> None:
    text = "\n".join(lines)
    if output_file is None:
        if text:
            typer.echo(text)
        return
    from cleanup.io.writing import atomic_write

    atomic_write(output_file, (text + "\n").encode("utf-8"))


@app.command()
def scan(
    paths: Paths,
    output_format: Annotated[
        Format | None, typer.Option("--format", help="Output format (default: text).")
    ] = None,
    select: Select = None,
    extend_select: ExtendSelect = None,
    ignore: Ignore = None,
    fail_on: Annotated[
        Level | None,
        typer.Option("--fail-on", help="Exit 1 on findings at or above this level (default warning)."),
    ] = None,
    include: Include = None,
    exclude: Exclude = None,
    rules: RulesDir = None,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print the unified diff `cleanup fix` would apply.")
    ] = False,
    unsafe_fixes: Annotated[
        bool, typer.Option("--unsafe-fixes", help="With --diff: include unsafe fixes.")
    ] = False,
    max_bytes: MaxBytes = None,
    analysis_timeout: AnalysisTimeout = None,
    grammar: GrammarOption = None,
    languagetool_url: LanguageToolUrl = None,
    jobs: Jobs = None,
    engine: EngineOption = EngineName.local,
    scheduler: Scheduler = None,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="Count findings per rule instead.")
    ] = False,
    output_file: Annotated[
        Path | None, typer.Option("--output-file", "-o", help="Write the output here.")
    ] = None,
    add_ignore: Annotated[
        bool, typer.Option("--add-ignore", help="Record every current finding in the ignore file (baseline).")
    ] = False,
    no_cache: NoCache = False,
    text_field: TextField = None,
    id_field: IdField = None,
    config_path: ConfigPath = None,
) -> None:
    """Report what is wrong with each article."""
    from cleanup.output.common import at_or_above

    prepared = _prepare(
        config_path,
        select=select,
        extend_select=extend_select,
        ignore=ignore,
        rules=rules,
        fail_on=fail_on.value if fail_on else None,
        grammar=grammar.value if grammar else None,
        languagetool_url=languagetool_url,
        include=include,
        exclude=exclude,
        max_bytes=max_bytes,
        analysis_timeout=analysis_timeout,
        output_format=output_format.value if output_format else None,
        text_field=text_field,
        id_field=id_field,
        engine=engine,
        scheduler=scheduler,
    )
    config = prepared.config
    if config["format"] in ("json-lines", "github") and not (diff or statistics or add_ignore):
        raise typer.Exit(_scan_streamed(prepared, paths, jobs, no_cache, output_file))
    figures = config["format"] == "json" and not (diff or statistics or add_ignore)
    run, unused = _run(prepared, paths, jobs, no_cache, readability=figures)
    analyzer = prepared.analyzer
    if add_ignore:
        from cleanup import suppression

        added = sum(
            suppression.add(prepared.suppressions.ignore, r.source.path, r.analysis.doc, r.analysis.findings)
            for r in run.files
        )
        ignore_file = prepared.suppressions.ignore
        ignore_file.save()
        typer.echo(f"{added} finding(s) added to {ignore_file.path}; they will not be reported again.")
        raise typer.Exit(0)
    if diff:
        _print_diff(run, analyzer, unsafe_fixes, prepared.suppressions)
    extra = {
        "grammar_backend": _grammar_status(analyzer.backend_description, run),
        "unused_suppressions": unused,
        "cache": run.cache_stats,
    }
    chosen = config["format"]
    if statistics or chosen not in ("text", "json"):  # (json-lines and github are streamed, above)
        from cleanup.output import formats  # only the formats that need it pay for importing it
    if statistics:
        _emit(formats.statistics(run), output_file)
    elif chosen == "json":
        from cleanup.output.json_format import render

        _emit([render(run, extra)], output_file)
    elif chosen == "sarif":
        from cleanup.output.common import dumps_indented

        _emit([dumps_indented(formats.sarif(run, analyzer.registry, extra))], output_file)
    elif chosen in ("concise", "full"):
        lines = {"concise": formats.concise, "full": formats.full}[chosen](run, extra)
        _emit([*(f"warning: {u}" for u in unused), *lines], output_file)
    else:
        from cleanup.output.text import file_lines, summary_line

        lines = [line for result in run.files for line in file_lines(result)] + [summary_line(run, extra)]
        _emit([*(f"warning: {u}" for u in unused), *lines], output_file)
    failing = any(at_or_above(r.analysis.findings, config["fail-on"]) for r in run.files)
    raise typer.Exit(2 if run.errors else 1 if failing else 0)  # a missing path must not pass CI


def _print_diff(run: Any, analyzer: Any, unsafe_fixes: bool, suppressions: Any) -> None:
    from cleanup.run import apply_fixes

    changed = False
    for result in run.files:
        apply_fixes(result, analyzer, unsafe_fixes, run.corpus, suppressions)
        if result.fixed_text != result.source.text:
            changed = True
            sys.stdout.writelines(
                difflib.unified_diff(
                    result.source.text.splitlines(keepends=True),
                    (result.fixed_text or "").splitlines(keepends=True),
                    f"a/{result.source.path}",
                    f"b/{result.source.path}",
                )
            )
    raise typer.Exit(1 if changed else 0)


def _corpus_plan(
    names: list[str], out: Path | None, in_place: bool
) -> tuple[list[str], dict[str, Path], list[str]]:
    """(inputs to analyse, where each corpus input is written, one error per input refused up front): an
    input with nowhere to go is not analysed at all."""
    from cleanup.io.corpus import is_corpus
    from cleanup.run import corpus_targets

    corpora = [n for n in names if is_corpus(n)]
    if in_place:
        refused = [f"{n}: corpus files are not fixed in place; use --out" for n in corpora]
        return [n for n in names if not is_corpus(n)], {}, refused
    targets, refused = corpus_targets(corpora, out)
    if out is not None and is_corpus(str(out)):
        refused += [
            f"{n}: --out {out} is a corpus file; give plain files another --out"
            for n in names
            if not is_corpus(n)
        ]
        names = [n for n in names if n in targets]
    else:
        names = [n for n in names if not is_corpus(n) or n in targets]
    return names, targets, refused


@app.command()
def fix(
    paths: Paths,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Folder for cleaned copies (default cleaned/), mirroring inputs."),
    ] = None,
    in_place: Annotated[bool, typer.Option("--in-place", help="Rewrite the files themselves.")] = False,
    select: Select = None,
    extend_select: ExtendSelect = None,
    ignore: Ignore = None,
    include: Include = None,
    exclude: Exclude = None,
    rules: RulesDir = None,
    unsafe_fixes: Annotated[bool, typer.Option("--unsafe-fixes", help="Also apply unsafe fixes.")] = False,
    max_bytes: MaxBytes = None,
    analysis_timeout: AnalysisTimeout = None,
    jobs: Jobs = None,
    engine: EngineOption = EngineName.local,
    scheduler: Scheduler = None,
    exit_non_zero_on_fix: Annotated[
        bool, typer.Option("--exit-non-zero-on-fix", help="Exit 1 when any file changed (for hooks).")
    ] = False,
    report: Annotated[Path, typer.Option("--report", help="Folder for the HTML review report.")] = Path(
        "reports"
    ),
    no_report: Annotated[bool, typer.Option("--no-report", help="Do not write the HTML report.")] = False,
    no_cache: NoCache = False,
    text_field: TextField = None,
    id_field: IdField = None,
    config_path: ConfigPath = None,
) -> None:
    """Apply safe fixes: cleaned copies under --out (originals untouched), or --in-place; write the report."""
    from cleanup.compute import FixPlan
    from cleanup.io.corpus import is_corpus
    from cleanup.run import CorpusOutput, CorpusWrite, apply_fixes, write_cleaned

    if in_place and out is not None:
        _die("--in-place and --out exclude each other")
    prepared = _prepare(
        config_path,
        select=select,
        extend_select=extend_select,
        ignore=ignore,
        rules=rules,
        include=include,
        exclude=exclude,
        max_bytes=max_bytes,
        analysis_timeout=analysis_timeout,
        text_field=text_field,
        id_field=id_field,
        engine=engine,
        scheduler=scheduler,
    )
    target = None if in_place else (out or Path("cleaned"))
    own_output = tuple(p for p in (target, report) if p is not None and p.is_dir())
    names, errors = _collect(paths, prepared.config, skip=own_output)
    names, targets, refused = _corpus_plan(names, out, in_place)
    errors.extend(refused)
    analyzer = prepared.analyzer
    budget = float(prepared.config["analysis-timeout"])
    out_is_corpus = out is not None and is_corpus(str(out))
    plan = FixPlan(unsafe_fixes, prepared.suppressions)
    changed = failed = 0
    claimed: dict[Path, str] = {}
    files = []  # held for the review report; corpus records are written as they come and dropped
    results = 0

    def tell(written: CorpusWrite) -> None:
        nonlocal changed, failed
        if written.error:
            failed += 1
            _error(written.error)
            return
        changed += written.changed
        tally = f"{written.records} record(s), {written.changed} changed"
        typer.echo(f"{printable_path(written.source)} -> {printable_path(str(written.target))}: {tally}")

    with (
        _analysing(prepared, names, errors, jobs, no_cache, fixing=plan) as stream,
        CorpusOutput(targets, _fields(prepared.config)) as corpora,
    ):
        for result in stream.results:
            results += 1
            for warning in result.analysis.warnings:  # a rule that timed out, as `scan` reports it
                typer.echo(f"warning: {result.source.display}: {warning}", err=True)
            apply_fixes(result, analyzer, unsafe_fixes, stream.corpus, prepared.suppressions, budget)
            if result.source.origin is not None:  # a corpus record: into its corpus file, then dropped
                for written in corpora.add(result):
                    tell(written)
                continue
            files.append(result)
            if in_place and result.fixed_text == result.source.text:
                typer.echo(f"{result.source.display}: unchanged")
                continue
            write_cleaned(result, target, claimed)
            if result.error:
                failed += 1
                _error(result.error)
                continue
            changed += result.fixed_text != result.source.text
            applied = {id(f) for edit in result.edits for f in edit.findings}
            left = sum(1 for f in result.analysis.findings if id(f) not in applied)
            edits = len(result.edits)
            written = printable_path(str(result.written_to))
            typer.echo(f"{result.source.display} -> {written}: {edits} edit(s), {left} left for review")
        for done in corpora.close():
            tell(done)
    _ended(stream, results)
    failed += len(refused)
    where = "in place" if in_place else f"into {target}" + ("" if out_is_corpus else "/")
    records = corpora.records
    count = f"{len(files)} file(s)" + (f" and {records} record(s)" if records else "")
    typer.echo(f"{count} cleaned {where}, {changed} changed, {failed} not written.")
    if not no_report and files:  # the review report is for files; a corpus of records has --format json-lines
        from cleanup.report import build_report

        if len(files) >= 100:  # about 10 ms a page: say what the run is doing
            typer.echo(f"Writing the review report for {len(files)} files to {report}/ ...", err=True)
        bar, advance = _progress(len(files), "writing the report")
        try:
            index = build_report(files, report, analyzer.backend_description, analyzer.registry, advance)
            typer.echo(f"Review report: {index}")
        except OSError as exc:
            _error(f"{report}: cannot write the report ({exc.strerror or exc})")
        finally:
            if bar is not None:
                bar.stop()
    if failed or stream.errors:
        raise typer.Exit(2)  # a file not read or not written is never a success
    raise typer.Exit(1 if exit_non_zero_on_fix and changed else 0)


@app.command("apply")
def apply_review(
    decisions: Annotated[Path, typer.Argument(help="Decisions exported from the review report.")],
    report: Annotated[
        Path, typer.Option("--report", help="The report folder the decisions came from.")
    ] = Path("reports"),
    out: Annotated[
        Path | None, typer.Option("--out", help="Folder for cleaned copies (default cleaned/).")
    ] = None,
    in_place: Annotated[bool, typer.Option("--in-place", help="Rewrite the files themselves.")] = False,
) -> None:
    """Write the cleaned tree from a reviewer's decisions: each file as the report's download gives it."""
    from cleanup.review import DecisionsError, apply_decisions, load_decisions, load_manifest

    if in_place and out is not None:
        _die("--in-place and --out exclude each other")
    try:
        run, chosen = load_decisions(decisions)
        manifest = load_manifest(report)
        failed = written = 0
        for applied in apply_decisions(run, chosen, manifest, None if in_place else (out or Path("cleaned"))):
            if applied.error:
                failed += 1
                _error(applied.error)
                continue
            written += 1
            typer.echo(
                f"{printable_path(applied.path)} -> {printable_path(str(applied.target))}: "
                f"{applied.accepted} of {applied.of} change(s)"
            )
    except DecisionsError as exc:
        _die(str(exc))
    typer.echo(f"{written} file(s) written, {failed} not written.")
    if failed:
        raise typer.Exit(2)


@app.command("rules")
def list_rules(rules: RulesDir = None, config_path: ConfigPath = None) -> None:
    """List every rule: code, name, category, severity, fix safety and summary."""
    prepared = _prepare(config_path, rules=rules)
    specs = sorted(prepared.analyzer.registry.specs, key=lambda s: s.code)
    rows = [(s.code, s.name, s.category, s.severity, s.fix.safety, s.summary) for s in specs]
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for row in rows:
        typer.echo("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:5])) + "  " + row[5])
    typer.echo(
        "HARPER:*  and  LT:*  grammar findings come from the grammar backend (--grammar); see `cleanup rule`."
    )


@app.command("rule")
def show_rule(
    code: Annotated[str, typer.Argument(help="Rule code or name, e.g. TY101 or HARPER:RepeatedWords.")],
    rules: RulesDir = None,
) -> None:
    """Show a rule's documentation and examples."""
    from cleanup.output.docs import rule_documentation

    if code.upper().startswith("HARPER:"):
        from cleanup.grammar.harper_backend import rule_description

        description = rule_description(code.split(":", 1)[1])
        if description is None:
            _die(f"Harper has no rule {code.split(':', 1)[1]!r}")
        typer.echo(f"{code} (Harper grammar rule; category grammar; fix unsafe)\n\n{description}")
        return
    prepared = _prepare(None, rules=rules)
    spec = prepared.analyzer.registry.get(code.upper()) or prepared.analyzer.registry.get(code)
    if spec is None:
        _die(f"no rule {code!r} (see `cleanup rules`)")
    typer.echo(rule_documentation(spec))


@app.command("config")
def show_config(config_path: ConfigPath = None) -> None:
    """Show the resolved settings and where each one came from."""
    from cleanup.config import ConfigError, describe, load_config

    try:
        config = load_config(config_path)
    except ConfigError as exc:
        _die(str(exc))
    for line in describe(config):
        typer.echo(line)


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(f"cleanup {__version__}")


def main() -> None:
    app()
