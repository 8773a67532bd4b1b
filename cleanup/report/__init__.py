"""The HTML review report: `reports/index.html` and one page per file, from Jinja2 templates.

Self-contained: no network, works from file://. Article text is HTML-escaped by Jinja2's autoescape, the
data the page's script needs is embedded as JSON with <, > and & escaped, and a Content-Security-Policy lets
only the report's own script and style (by hash) run.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from cleanup.findings import CATEGORIES, SEVERITY_RANK, Finding
from cleanup.io.writing import atomic_write
from cleanup.report.diff import Segment, segments, unapplied

TEMPLATES = Path(__file__).resolve().parent / "templates"
CATEGORY_COLOURS = {
    "boilerplate": "#b45309", "machine-translation": "#7c3aed", "spin": "#db2777", "typography": "#0369a1",
    "language": "#059669", "grammar": "#ca8a04", "readability": "#64748b",
}  # fmt: skip


@dataclass
class FilePage:
    path: str
    page: str  # relative URL from index.html
    result: Any  # FileResult
    changes: int
    counts: dict[str, int]
    severity: int
    readability_before: float | None
    readability_after: float | None


@cache
def _environment():  # type: ignore[no-untyped-def]
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["json_script"] = json_for_script
    return env


def json_for_script(value: Any) -> str:
    """JSON safe inside <script type="application/json">: no </script>, no <!--, no HTML entities."""
    from markupsafe import Markup

    text = json.dumps(value, ensure_ascii=False)
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _asset(name: str) -> tuple[str, str]:
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
    return text, f"'sha256-{digest}'"


def _csp(script_hash: str, style_hash: str) -> str:
    return (
        f"default-src 'none'; script-src {script_hash}; style-src {style_hash}; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


def _page_name(path: str, taken: set[str]) -> str:
    stem = re.sub(r"[^\w.-]+", "_", path.strip("/").replace("/", "__")) or "stdin"
    name = f"{stem}.html"
    counter = 2
    while name in taken:
        name = f"{stem}-{counter}.html"
        counter += 1
    taken.add(name)
    return name


def _flesch(text: str) -> float | None:
    from cleanup.detectors.readability import readability_figures

    value = readability_figures(text).get("flesch_reading_ease") if text.strip() else None
    return float(value) if isinstance(value, (int, float)) else None


def build_report(results: list[Any], out_dir: Path, allow_unsafe: bool, grammar_backend: str = "off") -> Path:
    """Write index.html and files/<name>.html under out_dir; return the index path."""
    env = _environment()
    script, script_hash = _asset("report.js")
    style, style_hash = _asset("report.css")
    csp = _csp(script_hash, style_hash)
    taken: set[str] = set()
    pages: list[FilePage] = []
    for result in results:
        original = result.source.text
        fixed = result.fixed_text if result.fixed_text is not None else original
        findings = result.analysis.findings
        applied = [f for f in findings if f.fix is not None and (f.fix.safety == "safe" or allow_unsafe)]
        segs = segments(original, fixed, applied)
        changes = [s for s in segs if s.kind == "change"]
        notes = unapplied(findings, changes)
        counts = {c: sum(1 for f in findings if f.category == c) for c in CATEGORIES}
        severity = sum(SEVERITY_RANK.get(f.severity, 1) + 1 for f in findings) + 10 * len(
            result.analysis.verdicts
        )
        name = _page_name(result.source.path, taken)
        english = result.analysis.language.code == "en"
        page = FilePage(
            result.source.path,
            f"files/{name}",
            result,
            len(changes),
            counts,
            severity,
            _flesch(original) if english else None,
            _flesch(fixed) if english else None,
        )
        pages.append(page)
        html = env.get_template("file.html.j2").render(
            page=page,
            csp=csp,
            script=script,
            style=style,
            blocks=_render_blocks(segs, notes, original),
            changes=[_change_data(s) for s in changes],
            notes=[_note_data(f, result.analysis.doc) for f in notes],
            scores=result.analysis.scores.as_json(),
            verdicts=result.analysis.verdicts,
            language=result.analysis.language.code,
            colours=CATEGORY_COLOURS,
            data={
                "segments": [{"kind": s.kind, "old": s.old, "new": s.new, "n": s.number} for s in segs],
                "file": Path(result.source.path).name,
            },
            grammar_backend=grammar_backend,
        )
        atomic_write(out_dir / "files" / name, html.encode("utf-8"))
    pages.sort(key=lambda p: (-p.severity, p.path))
    index = env.get_template("index.html.j2").render(
        pages=pages,
        csp=csp,
        script=script,
        style=style,
        categories=CATEGORIES,
        colours=CATEGORY_COLOURS,
        histograms=_histograms(pages),
        grammar_backend=grammar_backend,
    )
    index_path = out_dir / "index.html"
    atomic_write(index_path, index.encode("utf-8"))
    return index_path


_WHITESPACE_NAMES = {"\u00a0": "NBSP", "\n": "↵", " ": "·", "\t": "⇥", "\u200b": "ZWSP", "\u202f": "NNBSP"}


def whitespace_label(text: str, keep_breaks: bool = False) -> str | None:
    """A visible stand-in for a change that is only whitespace (display only; downloads use the real text).

    With keep_breaks the real line breaks follow the marker, so inserted paragraph breaks still lay out.
    """
    if not text or (text.strip() and not all(ch in _WHITESPACE_NAMES for ch in text)):
        return None
    label = "".join(_WHITESPACE_NAMES.get(ch, f"U+{ord(ch):04X}") for ch in text)
    return label + "\n" * text.count("\n") if keep_breaks else label


def _change_data(segment: Segment) -> dict[str, Any]:
    first = segment.findings[0] if segment.findings else None
    return {
        "number": segment.number,
        "old": segment.old,
        "new": segment.new,
        "old_label": whitespace_label(segment.old),
        "new_label": whitespace_label(segment.new, keep_breaks=True),
        "category": first.category if first else "typography",
        "rules": sorted({f.rule for f in segment.findings}) or ["follow-up"],
        "messages": [f"{f.rule}: {f.message}" for f in segment.findings]
        or ["Follow-up whitespace cleanup after another fix"],
        "safety": "unsafe" if any(f.fix and f.fix.safety == "unsafe" for f in segment.findings) else "safe",
    }


def _note_data(finding: Finding, doc: Any) -> dict[str, Any]:
    line, column = doc.position(finding.start)
    return {
        "rule": finding.rule,
        "message": finding.message,
        "category": finding.category,
        "line": line,
        "column": column,
        "text": doc.text[finding.start : finding.end][:200],
        "fix": "no automatic fix" if finding.fix is None else f"{finding.fix.safety} fix not applied",
    }


def _render_blocks(segs: list[Segment], notes: list[Finding], original: str) -> list[dict[str, Any]]:
    """Pieces for the template: equal text (split at notes, long unchanged runs folded) and changes."""
    blocks: list[dict[str, Any]] = []
    for segment in segs:
        if segment.kind == "change":
            blocks.append({"kind": "change", "segment": _change_data(segment)})
            continue
        for piece in _mark_notes(segment, notes, original):
            blocks.append(piece)
    return _fold(blocks)


def _mark_notes(segment: Segment, notes: list[Finding], original: str) -> list[dict[str, Any]]:
    pieces: list[dict[str, Any]] = []
    pos = segment.start
    for note in sorted((n for n in notes if segment.start <= n.start < segment.end), key=lambda n: n.start):
        start, end = max(note.start, pos), min(note.end, segment.end)
        if start < pos or start >= end:
            continue
        if start > pos:
            pieces.append({"kind": "text", "text": original[pos:start]})
        pieces.append(
            {
                "kind": "note",
                "text": original[start:end],
                "rule": note.rule,
                "message": note.message,
                "category": note.category,
            }
        )
        pos = end
    if pos < segment.end:
        pieces.append({"kind": "text", "text": original[pos : segment.end]})
    return pieces


def _fold(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Collapse runs of unchanged paragraphs (plain text with two or more paragraph breaks inside)."""
    folded: list[dict[str, Any]] = []
    for block in blocks:
        if block["kind"] != "text":
            folded.append(block)
            continue
        parts = block["text"].split("\n\n")
        if len(parts) < 4:
            folded.append(block)
            continue
        head, middle, tail = parts[0] + "\n\n", "\n\n".join(parts[1:-1]), "\n\n" + parts[-1]
        folded.append({"kind": "text", "text": head})
        folded.append({"kind": "fold", "text": middle, "paragraphs": len(parts) - 2})
        folded.append({"kind": "text", "text": tail})
    return folded


def _histograms(pages: list[FilePage]) -> dict[str, list[int]]:
    bins: dict[str, list[int]] = {"machine_translation": [0] * 10, "spin": [0] * 10, "boilerplate": [0] * 10}
    for page in pages:
        scores = page.result.analysis.scores.as_json()
        for key in bins:
            bins[key][min(9, int(float(scores[key]) * 10))] += 1
    return bins
