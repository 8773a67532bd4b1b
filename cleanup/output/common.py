"""What every output format shares: finding records, per-file summaries and the run summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from cleanup.findings import CATEGORIES, SEVERITY_RANK, Finding
from cleanup.run import FileResult, RunResult


def finding_record(finding: Finding, result: FileResult) -> dict[str, Any]:
    doc = result.analysis.doc
    line, column = doc.position(finding.start)
    end_line, end_column = doc.position(finding.end)
    record: dict[str, Any] = {
        "rule": finding.rule,
        "name": finding.name,
        "category": finding.category,
        "severity": finding.severity,
        "message": finding.message,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "start": finding.start,
        "end": finding.end,
        "text": doc.text[finding.start : finding.end],
        "fix": None
        if finding.fix is None
        else {"replacement": finding.fix.replacement, "safety": finding.fix.safety},
    }
    if finding.data:
        record["data"] = finding.data
    return record


def at_or_above(findings: list[Finding], level: str) -> list[Finding]:
    floor = SEVERITY_RANK[level]
    return [f for f in findings if SEVERITY_RANK.get(f.severity, 1) >= floor]


def summary(run: RunResult, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    categories: Counter[str] = Counter()
    severities: Counter[str] = Counter()
    safe = unsafe = 0
    for result in run.files:
        for f in result.analysis.findings:
            categories[f.category] += 1
            severities[f.severity] += 1
            if f.fix is not None:
                safe += f.fix.safety == "safe"
                unsafe += f.fix.safety == "unsafe"
    data: dict[str, Any] = {
        "files": len(run.files),
        "errors": len(run.errors),
        "findings": sum(categories.values()),
        "by_category": {c: categories[c] for c in CATEGORIES if categories[c]},
        "by_severity": dict(sorted(severities.items())),
        "fixable": {"safe": safe, "unsafe": unsafe},
        "verdicts": dict(Counter(v for r in run.files for v in r.analysis.verdicts)),
    }
    if extra:
        data.update(extra)
    return data


def warning_lines(result: FileResult) -> Iterator[str]:
    """What could not be checked (a rule that timed out, a grammar check that failed): every format says."""
    for warning in result.analysis.warnings:
        yield f"{result.source.display}: warning: {warning}"


def dumps_indented(value: Any, fast: bool = True) -> str:
    """JSON with two-space indents, as `json.dumps(value, ensure_ascii=False, indent=2)` writes it, byte for
    byte (tests hold the two equal), through orjson: about 11x faster on a scan's output. The stdlib writes
    what orjson refuses (a lone surrogate from an undecodable file, say)."""
    if fast:
        try:
            import orjson

            return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8")
        except (ImportError, TypeError, ValueError):
            pass  # orjson.JSONEncodeError is a TypeError
    import json

    return json.dumps(value, ensure_ascii=False, indent=2)


def dumps_line(value: Any) -> str:
    """Compact JSON on one line, as `json.dumps(value, ensure_ascii=False, separators=(",", ":"))` writes
    it, through orjson where it can (see dumps_indented)."""
    try:
        import orjson

        return orjson.dumps(value).decode("utf-8")
    except (ImportError, TypeError, ValueError):
        pass
    import json

    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
