"""The other output formats: concise, full, sarif, github, and --statistics (json-lines: json_format)."""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from cleanup import __version__
from cleanup.engine.registry import Registry
from cleanup.findings import Finding
from cleanup.output.common import warning_lines
from cleanup.output.text import describe_fix, summary_line
from cleanup.run import FileResult, RunResult

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_SARIF_LEVEL = {"info": "note", "warning": "warning", "error": "error"}
_GITHUB_LEVEL = {"info": "notice", "warning": "warning", "error": "error"}


def concise(run: RunResult, extra: dict | None = None) -> Iterator[str]:
    for result in run.files:
        doc = result.analysis.doc
        for f in result.analysis.findings:
            line, column = doc.position(f.start)
            marker = " [*]" if f.fix is not None and f.fix.safety == "safe" else ""
            yield f"{result.source.display}:{line}:{column}: {f.rule}{marker} {f.message}"
        yield from warning_lines(result)
    yield summary_line(run, extra)


def full(run: RunResult, extra: dict | None = None) -> Iterator[str]:
    """Each finding with its source line and a caret under the span, then the fix."""
    for result in run.files:
        doc = result.analysis.doc
        for f in result.analysis.findings:
            line, column = doc.position(f.start)
            yield f"{result.source.display}:{line}:{column}: {f.rule} [{f.severity}] {f.message}"
            source_line = doc.lines[line - 1].text
            width = max(1, min(f.end, doc.lines[line - 1].end) - f.start)
            yield f"    | {source_line}"
            yield f"    | {' ' * (column - 1)}{'^' * width}"
            yield "    " + describe_fix(f, doc.text[f.start : f.end])
        for note in result.source.notes:
            yield f"{result.source.display}: note: {note}"
        yield from warning_lines(result)
    yield summary_line(run, extra)


def github(result: FileResult) -> Iterator[str]:
    """GitHub Actions workflow commands: one annotation per finding of one file (streamed, file by file)."""
    doc = result.analysis.doc
    for f in result.analysis.findings:
        line, column = doc.position(f.start)
        end_line, end_column = doc.position(f.end)
        title = _escape_property(f"cleanup ({f.rule})")
        level = _GITHUB_LEVEL.get(f.severity, "warning")
        yield (
            f"::{level} file={_escape_property(result.source.display)},"
            f"line={line},col={column},endLine={end_line},endColumn={end_column},title={title}::"
            f"{_escape_data(f.message)}"
        )
    for warning in result.analysis.warnings:
        where = _escape_property(result.source.display)
        yield f"::warning file={where},title=cleanup::{_escape_data(warning)}"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def statistics(run: RunResult) -> Iterator[str]:
    """`count  CODE  [*]  name`, most frequent first; [*] marks rules with safe fixes."""
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    fixable: set[str] = set()
    for result in run.files:
        for f in result.analysis.findings:
            counts[f.rule] += 1
            names[f.rule] = f.name
            if f.fix is not None and f.fix.safety == "safe":
                fixable.add(f.rule)
    width = max((len(code) for code in counts), default=4)
    for code, count in counts.most_common():
        yield f"{count:6d}  {code.ljust(width)}  {'[*]' if code in fixable else '[ ]'}  {names[code]}"


def _relative_uri(path: str) -> str:
    try:
        relative = os.path.relpath(Path(path).resolve(), Path.cwd())
    except ValueError:  # another drive on Windows
        relative = path
    if relative.startswith(".."):
        relative = str(Path(path).resolve())
    # A URI: every byte of the name percent-encoded as needed, undecodable ones included.
    return quote(Path(relative).as_posix().encode("utf-8", "surrogateescape"), safe="/:")


def _fingerprint(result: FileResult, f: Finding) -> str:
    """Stable across runs and line moves: the rule, the line's text and the finding's text."""
    doc = result.analysis.doc
    line_text = doc.lines[doc.line_index(f.start)].text.strip()
    digest = hashlib.sha256(f"{f.rule}\0{line_text}\0{doc.text[f.start : f.end]}".encode()).hexdigest()
    return f"{digest[:32]}:1"


def sarif(run: RunResult, registry: Registry, extra: dict | None = None) -> dict[str, Any]:
    used: dict[str, Finding] = {}
    results = []
    for result in run.files:
        doc = result.analysis.doc
        uri = _relative_uri(result.source.path) if result.analysis.findings else ""  # once a file
        for f in result.analysis.findings:
            used.setdefault(f.rule, f)
            line, column = doc.position(f.start)
            end_line, end_column = doc.position(f.end)
            entry: dict[str, Any] = {
                "ruleId": f.rule,
                "level": _SARIF_LEVEL.get(f.severity, "warning"),
                "message": {"text": f.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri},
                            "region": {
                                "startLine": line,
                                "startColumn": column,
                                "endLine": end_line,
                                "endColumn": max(end_column, column + (f.end > f.start)),
                                "charOffset": f.start,
                                "charLength": f.end - f.start,
                            },
                        }
                    }
                ],
                "partialFingerprints": {"primaryLocationLineHash": _fingerprint(result, f)},
                "properties": {"category": f.category},
            }
            if f.fix is not None:
                entry["fixes"] = [
                    {
                        "description": {"text": f"{f.fix.safety} fix"},
                        "artifactChanges": [
                            {
                                "artifactLocation": {"uri": uri},
                                "replacements": [
                                    {
                                        "deletedRegion": {
                                            "charOffset": f.start,
                                            "charLength": f.end - f.start,
                                        },
                                        "insertedContent": {"text": f.fix.replacement},
                                    }
                                ],
                            }
                        ],
                    }
                ]
            results.append(entry)
    rules = []
    for code in sorted(used):
        spec = registry.by_code.get(code)
        sample = used[code]
        if spec is not None:
            rules.append(
                {
                    "id": code,
                    "name": spec.name,
                    "shortDescription": {"text": spec.summary},
                    "fullDescription": {"text": spec.rationale.replace("\n", " ")},
                    "help": {"text": f"{spec.summary} Fix: {spec.fix.safety}. See `cleanup rule {code}`."},
                    "defaultConfiguration": {"level": _SARIF_LEVEL[spec.severity]},
                    "properties": {"tags": [spec.category], "precision": "high"},
                }
            )
        else:  # a grammar engine's rule
            rules.append(
                {
                    "id": code,
                    "name": sample.name or code,
                    "shortDescription": {"text": sample.message},
                    "defaultConfiguration": {"level": _SARIF_LEVEL.get(sample.severity, "warning")},
                    "properties": {"tags": [sample.category]},
                }
            )
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "cleanup",
                        "semanticVersion": __version__,
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
                "invocations": [
                    {
                        "executionSuccessful": True,
                        "toolExecutionNotifications": [
                            {
                                "level": "warning",
                                "message": {"text": warning},
                                "locations": [
                                    {
                                        "physicalLocation": {
                                            "artifactLocation": {"uri": _relative_uri(result.source.path)}
                                        }
                                    }
                                ],
                            }
                            for result in run.files
                            for warning in result.analysis.warnings
                        ],
                    }
                ],
                "properties": {"grammarBackend": (extra or {}).get("grammar_backend", "off")},
            }
        ],
    }
