"""JSON output. Field names are a contract with downstream tools: add fields, never rename them."""

from __future__ import annotations

from typing import Any

from cleanup.output.common import dumps_indented, dumps_line, finding_record, summary
from cleanup.run import FileResult, RunResult

SCHEMA_VERSION = 1


def file_record(result: FileResult) -> dict[str, Any]:
    from cleanup.detectors.readability import readability_figures

    analysis = result.analysis
    english = analysis.language.code == "en"
    return {
        "path": result.source.display,
        "language": analysis.language.code,
        "language_detail": {
            "probability": round(analysis.language.probability, 3),
            "method": analysis.language.method,
        },
        "encoding": result.source.encoding,
        "scores": analysis.scores.as_json(),
        "score_drivers": analysis.scores.drivers,
        "verdicts": analysis.verdicts,
        "readability": (
            analysis.readability
            if analysis.readability is not None
            else readability_figures(analysis.doc.text)
            if english
            else {}
        ),
        "findings": [finding_record(f, result) for f in analysis.findings],
        "notes": list(result.source.notes) + analysis.warnings,
    }


def json_line(result: FileResult) -> str:
    """`--format json-lines`: one line per file or corpus record, the object `json` lists under "files"
    (streamed: written as each result is done)."""
    return dumps_line(file_record(result))


def render(run: RunResult, extra: dict[str, Any] | None = None) -> str:
    document = {
        "version": SCHEMA_VERSION,
        "files": [file_record(r) for r in run.files],
        "errors": run.errors,
        "summary": summary(run, extra),
    }
    return dumps_indented(document)
