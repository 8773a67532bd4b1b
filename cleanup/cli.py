"""The `cleanup` command line. Thin: parse options, call cleanup.run, print through cleanup.output."""

from __future__ import annotations

import difflib
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from cleanup import __version__

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Check translation quality and clean up English news text.",
)


class Format(str, Enum):
    text = "text"
    json = "json"


class Level(str, Enum):
    info = "info"
    warning = "warning"
    error = "error"


def _split(values: list[str] | None) -> tuple[str, ...]:
    """Selectors may be repeated or comma-separated."""
    return tuple(part.strip() for value in values or () for part in value.split(",") if part.strip())


def _die(message: str) -> None:
    typer.echo(f"cleanup: {message}", err=True)
    raise typer.Exit(2)


Paths = Annotated[list[str], typer.Argument(help="Files or folders (searched recursively); '-' reads stdin.")]
Select = Annotated[
    list[str] | None, typer.Option("--select", help="Only these codes, prefixes or categories.")
]
Ignore = Annotated[
    list[str] | None, typer.Option("--ignore", help="Skip these codes, prefixes or categories.")
]
Include = Annotated[list[str] | None, typer.Option("--include", help="Glob of files to take from folders.")]
Exclude = Annotated[list[str] | None, typer.Option("--exclude", help="Glob of paths to skip.")]
RulesDir = Annotated[list[Path] | None, typer.Option("--rules", help="Extra rule-pack folder (repeatable).")]
MaxBytes = Annotated[int, typer.Option("--max-bytes", help="Refuse files larger than this.")]


class Grammar(str, Enum):
    off = "off"
    harper = "harper"
    languagetool = "languagetool"
    auto = "auto"


GrammarOption = Annotated[
    Grammar,
    typer.Option(
        "--grammar",
        help="Grammar backend: harper (offline), languagetool (needs --languagetool-url or LTP_PATH; exit 2 "
        "if unavailable), auto (LanguageTool when configured, else Harper), off.",
    ),
]
LanguageToolUrl = Annotated[
    str | None,
    typer.Option("--languagetool-url", help="A running LanguageTool server, e.g. http://127.0.0.1:8081"),
]
Jobs = Annotated[
    int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes (default: by run size).")
]


def _prepare(select, ignore, rules, fail_on="warning", grammar="off", languagetool_url=None):  # type: ignore[no-untyped-def]
    from cleanup.analysis import Recipe, Settings
    from cleanup.engine.packs import PackError
    from cleanup.engine.registry import Registry, Selection
    from cleanup.grammar import GrammarConfig, GrammarUnavailable

    selection = Selection(_split(select), _split(ignore))
    recipe = Recipe(
        tuple(rules or ()),
        Settings(selection=selection, fail_on=fail_on),
        GrammarConfig(grammar, languagetool_url),
    )
    try:
        unknown = selection.unknown_selectors(Registry.load(recipe.rule_dirs).specs)
        if unknown:
            _die(f"unknown rule selector(s): {', '.join(unknown)} (see `cleanup rules`)")
        analyzer, warning = recipe.build()
    except PackError as exc:
        _die(str(exc))
    except GrammarUnavailable as exc:
        _die(str(exc))
    if warning:
        typer.echo(f"warning: {warning}", err=True)
    return analyzer


def _collect(paths, include, exclude):  # type: ignore[no-untyped-def]
    from cleanup.io.reading import DEFAULT_INCLUDE, collect

    names, errors = collect(paths, _split(include) or DEFAULT_INCLUDE, _split(exclude))
    return names, [str(e) for e in errors]


def _progress(count: int):  # type: ignore[no-untyped-def]
    """A rich progress bar on a terminal for more than a handful of files; nothing otherwise."""
    if count <= 5 or not sys.stderr.isatty():
        return None, None
    from rich.console import Console
    from rich.progress import Progress

    progress = Progress(console=Console(stderr=True), transient=True)
    task = progress.add_task("scanning", total=count)
    progress.start()
    return progress, (lambda _path: progress.advance(task))


def _analyse(names, analyzer, max_bytes, errors, jobs=None):  # type: ignore[no-untyped-def]
    from cleanup.run import analyse_all

    progress, advance = _progress(len(names))
    try:
        run = analyse_all(names, analyzer, max_bytes, advance, jobs)
    finally:
        if progress is not None:
            progress.stop()
        if analyzer.grammar is not None:
            analyzer.grammar.close()  # one backend (and at most one LanguageTool server) per run
    run.errors[:0] = errors
    return run


@app.command()
def scan(
    paths: Paths,
    output_format: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.text,
    select: Select = None,
    ignore: Ignore = None,
    fail_on: Annotated[
        Level, typer.Option("--fail-on", help="Exit 1 on findings at or above this level.")
    ] = Level.warning,
    include: Include = None,
    exclude: Exclude = None,
    rules: RulesDir = None,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print the unified diff `cleanup fix` would apply.")
    ] = False,
    unsafe_fixes: Annotated[
        bool, typer.Option("--unsafe-fixes", help="With --diff: include unsafe fixes.")
    ] = False,
    max_bytes: MaxBytes = 64 * 1024 * 1024,
    grammar: GrammarOption = Grammar.off,
    languagetool_url: LanguageToolUrl = None,
    jobs: Jobs = None,
) -> None:
    """Report what is wrong with each article."""
    from cleanup.output.common import at_or_above
    from cleanup.output.text import file_lines, summary_line

    analyzer = _prepare(select, ignore, rules, fail_on.value, grammar.value, languagetool_url)
    names, errors = _collect(paths, include, exclude)
    run = _analyse(names, analyzer, max_bytes, errors, jobs)
    extra = {"grammar_backend": analyzer.backend_description}
    for error in run.errors:
        typer.echo(f"error: {error}", err=True)
    if not run.files:
        _die("nothing could be read" + ("" if run.errors else " (no .txt or .md files found)"))
    if diff:
        from cleanup.run import apply_fixes

        changed = False
        for result in run.files:
            apply_fixes(result, analyzer, unsafe_fixes, None)
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
    if output_format is Format.json:
        from cleanup.output.json_format import render

        typer.echo(render(run, extra))
    else:
        for result in run.files:
            for line in file_lines(result):
                typer.echo(line)
        typer.echo(summary_line(run, extra))
    failing = any(at_or_above(r.analysis.findings, fail_on.value) for r in run.files)
    raise typer.Exit(1 if failing else 0)


@app.command()
def fix(
    paths: Paths,
    out: Annotated[
        Path, typer.Option("--out", help="Folder for cleaned copies (mirrors input paths).")
    ] = Path("cleaned"),
    select: Select = None,
    ignore: Ignore = None,
    include: Include = None,
    exclude: Exclude = None,
    rules: RulesDir = None,
    unsafe_fixes: Annotated[bool, typer.Option("--unsafe-fixes", help="Also apply unsafe fixes.")] = False,
    max_bytes: MaxBytes = 64 * 1024 * 1024,
) -> None:
    """Write cleaned copies with the safe fixes applied. Originals are never touched."""
    from cleanup.run import apply_fixes, corpus_stats, write_cleaned

    analyzer = _prepare(select, ignore, rules)
    names, errors = _collect(paths, include, exclude)
    run = _analyse(names, analyzer, max_bytes, errors)
    for error in run.errors:
        typer.echo(f"error: {error}", err=True)
    if not run.files:
        _die("nothing could be read" + ("" if run.errors else " (no .txt or .md files found)"))
    corpus = corpus_stats(r.source for r in run.files) if len(run.files) > 1 else None
    changed = failed = 0
    for result in run.files:
        apply_fixes(result, analyzer, unsafe_fixes, corpus)
        write_cleaned(result, out)
        if result.error:
            failed += 1
            typer.echo(f"error: {result.error}", err=True)
            continue
        edits = len(result.edits)
        changed += result.fixed_text != result.source.text
        left = len(result.analysis.findings) - sum(len(e.rules) for e in result.edits)
        typer.echo(
            f"{result.source.path} -> {result.written_to}: {edits} edit(s), {left} finding(s) left for review"
        )
    typer.echo(f"{len(run.files)} file(s) cleaned into {out}/, {changed} changed, {failed} not written.")
    raise typer.Exit(2 if failed and failed == len(run.files) else 0)


@app.command("rules")
def list_rules(rules: RulesDir = None) -> None:
    """List every rule: code, name, category, severity, fix safety and summary."""
    analyzer = _prepare(None, None, rules)
    rows = [
        (s.code, s.name, s.category, s.severity, s.fix.safety, s.summary) for s in analyzer.registry.specs
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for row in rows:
        typer.echo("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:5])) + "  " + row[5])


@app.command("rule")
def show_rule(
    code: Annotated[str, typer.Argument(help="Rule code or name, e.g. TY101.")], rules: RulesDir = None
) -> None:
    """Show a rule's documentation and examples."""
    from cleanup.output.docs import rule_documentation

    analyzer = _prepare(None, None, rules)
    spec = analyzer.registry.get(code.upper()) or analyzer.registry.get(code)
    if spec is None:
        _die(f"no rule {code!r} (see `cleanup rules`)")
    typer.echo(rule_documentation(spec))


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(f"cleanup {__version__}")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("cleanup: interrupted", err=True)
        sys.exit(130)
