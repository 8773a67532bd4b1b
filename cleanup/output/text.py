"""Human-readable output: `path:line:col: CODE [severity] message`, the fix below it, then a summary."""

from __future__ import annotations

from collections.abc import Iterator

from cleanup.findings import Finding
from cleanup.output.common import summary, warning_lines
from cleanup.run import FileResult, RunResult

_PREVIEW = 60


def _show(text: str) -> str:
    """Quote a snippet so invisible characters are visible and long text is shortened."""
    if len(text) > _PREVIEW:
        text = text[: _PREVIEW // 2] + "…" + text[-_PREVIEW // 2 :]
    return repr(text)


def describe_fix(finding: Finding, span_text: str) -> str:
    if finding.fix is None:
        return "no automatic fix"
    safety = "safe" if finding.fix.safety == "safe" else "unsafe, applied with --unsafe-fixes"
    if finding.fix.replacement == "":
        return f"fix ({safety}): delete {_show(span_text)}"
    return f"fix ({safety}): replace {_show(span_text)} with {_show(finding.fix.replacement)}"


def file_lines(result: FileResult) -> Iterator[str]:
    doc = result.analysis.doc
    for finding in result.analysis.findings:
        line, column = doc.position(finding.start)
        where = f"{result.source.display}:{line}:{column}"
        yield f"{where}: {finding.rule} [{finding.severity}] {finding.message}"
        yield "    " + describe_fix(finding, doc.text[finding.start : finding.end])
    verdict = verdict_line(result)
    if verdict:
        yield f"{result.source.display}: {verdict}"
    for note in result.source.notes:
        yield f"{result.source.display}: note: {note}"
    yield from warning_lines(result)


_VERDICT_SCORES = {"machine-translated": "machine_translation", "spun": "spin"}


def verdict_line(result: FileResult) -> str:
    """'verdict: machine-translated (0.93: learned style 2.4 points, MT203 x2, MT301 x5)' per verdict."""
    scores = result.analysis.scores
    parts = []
    for verdict in scores.verdicts:
        key = _VERDICT_SCORES[verdict]
        drivers = _driver_words(scores.drivers.get(key, []))
        top = ", ".join(drivers[:4]) + (f" and {len(drivers) - 4} more" if len(drivers) > 4 else "")
        parts.append(f"{verdict} ({getattr(scores, key):.2f}{': ' + top if top else ''})")
    return "verdict: " + "; ".join(parts) if parts else ""


def _driver_words(drivers: list[str]) -> list[str]:
    """Drivers as a reader takes them: one entry per rule ('MT203@512' names the rule and an offset for
    tools), with a count when it repeats; descriptions such as the learned style stay as they are."""
    counts: dict[str, int] = {}
    for driver in drivers:
        code = driver.split("@", 1)[0]
        counts[code] = counts.get(code, 0) + 1
    return [code if n == 1 else f"{code} x{n}" for code, n in counts.items()]


def summary_line(run: RunResult, extra: dict | None = None) -> str:
    data = summary(run, extra)
    parts = [f"{data['files']} file{'s' if data['files'] != 1 else ''}"]
    if data["errors"]:
        parts.append(f"{data['errors']} unreadable")
    count = data["findings"]
    by_category = ", ".join(f"{name} {n}" for name, n in data["by_category"].items())
    parts.append(f"{count} finding{'s' if count != 1 else ''}" + (f" ({by_category})" if by_category else ""))
    fixable = data["fixable"]
    if fixable["safe"] or fixable["unsafe"]:
        parts.append(
            f"{fixable['safe']} fixable with `cleanup fix`, {fixable['unsafe']} more with --unsafe-fixes"
        )
    if data["verdicts"]:
        parts.append("verdicts: " + ", ".join(f"{v} {n}" for v, n in sorted(data["verdicts"].items())))
    if data.get("grammar_backend") and data["grammar_backend"] != "off":
        parts.append(f"grammar: {data['grammar_backend']}")
    return "; ".join(parts) + "."
