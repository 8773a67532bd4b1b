"""The HTML review report: `reports/index.html` and one page per file, from Jinja2 templates.

Self-contained: no network, works from file://. Article text is HTML-escaped by Jinja2's autoescape, the
data the page's script needs is embedded as JSON with <, > and & escaped, and a Content-Security-Policy lets
only the report's own script and style (by hash) run.
"""

from __future__ import annotations

import base64
import codecs
import hashlib
import json
import multiprocessing
import os
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from cleanup.findings import CATEGORIES, Finding
from cleanup.io.writing import atomic_write
from cleanup.report.changes import Change, pieces, review_changes, unapplied, whitespace_label
from cleanup.textutil import printable_path

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
    severity: tuple[int, float, float]  # sort key, worst first
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


def build_report(
    results: list[Any],
    out_dir: Path,
    grammar_backend: str = "off",
    registry: Any = None,
    progress: Callable[[], None] | None = None,
) -> Path:
    """Write index.html, files/<name>.html and changes.json (what `cleanup apply` replays) under out_dir;
    return the index path. Which changes are on comes from each result's edits (`--unsafe-fixes` applied
    the unsafe ones there already). `progress` is called once per page written."""
    env = _environment()
    script, script_hash = _asset("report.js")
    style, style_hash = _asset("report.css")
    csp = _csp(script_hash, style_hash)
    taken: set[str] = set()
    built = [(result, _changes_of(result)) for result in results]
    run = _run_id(built)
    names = [_page_name(result.source.display, taken) for result in results]
    job = _PageJob(built, names, out_dir, run, csp, script, style, grammar_backend, registry)
    summaries = _render_all(job, progress or (lambda: None))
    pages = [
        FilePage(result.source.display, f"files/{name}", result, *summary)
        for (result, _changes), name, summary in zip(built, names, summaries, strict=True)
    ]
    manifest = {
        "cleanup_report": 1,
        "run": run,
        "files": {result.source.display: _manifest_entry(result, changes) for result, changes in built},
    }
    pages.sort(key=lambda p: (p.severity, p.path))
    index = env.get_template("index.html.j2").render(
        pages=pages,
        csp=csp,
        script=script,
        style=style,
        categories=CATEGORIES,
        colours=CATEGORY_COLOURS,
        histograms=_histograms(pages),
        grammar_backend=grammar_backend,
        data={"run": run, "files": [{"path": p.path, "sha256": p.result.source.digest} for p in pages]},
    )
    atomic_write(out_dir / "changes.json", json.dumps(manifest, ensure_ascii=False).encode("utf-8"))
    index_path = out_dir / "index.html"
    atomic_write(index_path, index.encode("utf-8"))
    return index_path


@dataclass
class _PageJob:
    built: list[tuple[Any, list[Change]]]
    names: list[str]
    out_dir: Path
    run: str
    csp: str
    script: str
    style: str
    grammar_backend: str
    registry: Any


_JOB: list[_PageJob] = []  # the job a forked worker inherits (nothing is pickled but page numbers)
PARALLEL_FROM = 200  # pages: below this, forking costs more than it saves


def _render_all(job: _PageJob, progress: Callable[[], None]) -> list[tuple[Any, ...]]:
    """Every file's page; on two cores or more, in forked workers (pages are independent)."""
    count = len(job.built)
    workers = min(2, os.cpu_count() or 1)
    summaries: list[tuple[Any, ...]] = []
    if count < PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        docs: dict[str, dict[str, str] | None] = {}
        for i in range(count):
            summaries.append(_render_page(job, i, docs))
            progress()
        return summaries
    _JOB[:] = [job]
    try:
        from cleanup.compute import die_with_parent  # a killed run leaves no worker behind

        with multiprocessing.get_context("fork").Pool(
            workers, initializer=die_with_parent, initargs=(os.getpid(),)
        ) as pool:
            chunk = max(1, min(64, count // (workers * 8)))
            for summary in pool.imap(_render_in_worker, range(count), chunksize=chunk):
                summaries.append(summary)
                progress()
            return summaries
    finally:
        _JOB.clear()


_WORKER_DOCS: dict[str, dict[str, str] | None] = {}


def _render_in_worker(index: int) -> tuple[Any, ...]:
    return _render_page(_JOB[0], index, _WORKER_DOCS)


def _render_page(job: _PageJob, index: int, docs: dict[str, dict[str, str] | None]) -> tuple[Any, ...]:
    """Write one file's page; return the index's figures for it (FilePage's fields after `result`)."""
    result, changes = job.built[index]
    original = result.source.text
    fixed = result.fixed_text if result.fixed_text is not None else original
    findings = result.analysis.findings
    notes = unapplied(findings, changes)
    counts = {c: sum(1 for f in findings if f.category == c) for c in CATEGORIES}
    english = result.analysis.language.code == "en"
    before = _flesch(original) if english else None
    after = before if fixed == original else (_flesch(fixed) if english else None)
    summary = (sum(c.applied for c in changes), counts, _triage_rank(result), before, after)
    page = FilePage(result.source.display, f"files/{job.names[index]}", result, *summary)
    views = [_change_view(c, result.analysis.doc) for c in changes]
    parts = pieces(original, changes)
    blocks = _render_blocks(parts, notes, {v["number"]: v for v in views})
    html = (
        _environment()
        .get_template("file.html.j2")
        .render(
            page=page,
            csp=job.csp,
            script=job.script,
            style=job.style,
            blocks=blocks,
            rows=_rows(blocks),
            changes=[v for v in views if not v["whitespace"]],
            whitespace=[v for v in views if v["whitespace"]],
            proposals=_proposals_by_rule(views),
            notes=[_note_data(f, result.analysis.doc) for f in notes],
            rules=_rule_docs(job.registry, changes, notes, docs),
            scores=result.analysis.scores.as_json(),
            verdicts=result.analysis.verdicts,
            language=result.analysis.language.code,
            colours=CATEGORY_COLOURS,
            data=_page_data(result, changes, parts, job.run),
            grammar_backend=job.grammar_backend,
        )
    )
    atomic_write(job.out_dir / "files" / job.names[index], html.encode("utf-8"))
    return summary


def _changes_of(result: Any) -> list[Change]:
    return review_changes(result.source.text, result.edits, result.analysis.findings)


def _run_id(built: list[tuple[Any, list[Change]]]) -> str:
    """Names the report's decisions (browser storage, exported files): the same inputs and changes give
    the same id, so a re-run keeps a reviewer's choices, and any other change set gets a new one."""
    digest = hashlib.sha256()
    for result, changes in built:
        digest.update(f"{result.source.path}\0{result.source.digest}\0".encode("utf-8", "surrogateescape"))
        digest.update(",".join(c.id for c in changes).encode())
    return digest.hexdigest()[:16]


_VERDICT_RANK = {"machine-translated": 0, "spun": 1}


def _triage_rank(result: Any) -> tuple[int, float, float]:
    """Worst first: machine-translated, then spun, then by boilerplate share and finding count."""
    verdicts = result.analysis.verdicts
    rank = min((_VERDICT_RANK.get(v, 2) for v in verdicts), default=3)
    return (rank, -float(result.analysis.scores.as_json()["boilerplate"]), -len(result.analysis.findings))


def encoding_spec(source: Any, texts: list[str]) -> dict[str, Any]:
    """How the page's script writes the cleaned text back in the original's format: the byte-order mark,
    the line ending, and for anything but UTF-8 the bytes of every character the text can contain."""
    encoding = source.encoding
    prefix = "".encode(encoding)
    spec: dict[str, Any] = {"newline": source.newline, "prefix": list(prefix), "utf8": False}
    if codecs.lookup(encoding).name in ("utf-8", "utf-8-sig"):
        spec["utf8"] = True
        return spec
    chars = set("\n\r").union(*texts)
    table: dict[str, list[int]] = {}
    for ch in chars:
        try:
            table[ch] = list(ch.encode(encoding)[len(prefix) :])
        except UnicodeEncodeError:
            continue  # the page reports it when a chosen text needs it
    spec["table"] = table
    return spec


def _page_data(result: Any, changes: list[Change], parts: list[str | Change], run: str) -> dict[str, Any]:
    source = result.source
    return {
        "run": run,
        "path": source.display,
        "sha256": source.digest,
        "file": Path(source.display).name,
        "encoding": encoding_spec(source, [source.text, *(c.new for c in changes)]),
        "pieces": [p if isinstance(p, str) else {"id": p.id} for p in parts],
        "changes": {c.id: {"new": c.new, "old": c.old, "on": c.applied, "rules": c.rules} for c in changes},
    }


def _manifest_entry(result: Any, changes: list[Change]) -> dict[str, Any]:
    """Keyed by the path as the page shows it; the real names go as bytes (hex) when they are not UTF-8."""
    source = result.source
    return {
        **_name("path", source.path),
        **(_name("file", str(source.file.resolve())) if source.file is not None else {"file": None}),
        "sha256": source.digest,
        "changes": [
            {"id": c.id, "start": c.start, "end": c.end, "new": c.new, "on": c.applied, "rules": c.rules}
            for c in changes
        ],
    }


def _name(key: str, name: str) -> dict[str, str]:
    try:
        name.encode("utf-8")
        return {key: name}
    except UnicodeEncodeError:
        return {key: printable_path(name), f"{key}_bytes": os.fsencode(name).hex()}


def _reason(finding: Finding) -> str:
    """A rule's name, class and confidence in words: "caption · 0.92"."""
    words = [finding.name.replace("-", " ") or finding.rule]
    cls = finding.data.get("class")
    if cls and cls not in finding.name:
        words.append(str(cls))
    confidence = finding.data.get("confidence")
    if isinstance(confidence, (int, float)):
        words.append(f"{confidence:.2f}")
    return " · ".join(words)


def _change_view(change: Change, doc: Any) -> dict[str, Any]:
    line, column = doc.position(change.start)
    firsts = {f.rule: f for f in reversed(change.findings)}
    return {
        "id": change.id,
        "number": change.number,
        "old": change.old,
        "new": change.new,
        "old_label": whitespace_label(change.old),
        "new_label": whitespace_label(change.new, keep_breaks=True),
        "category": change.category,
        "rules": change.rules,
        "reason": " + ".join(_reason(f) for f in firsts.values()) or "follow-up after another fix",
        "messages": [f"{f.rule}: {f.message}" for f in firsts.values()] or ["Follow-up after another fix"],
        "evidence": [str(e) for f in firsts.values() for e in f.data.get("evidence", [])],
        "on": change.applied,
        "safety": "unsafe" if change.unsafe else "safe",
        "whitespace": change.whitespace,
        "line": line,
        "column": column,
    }


def _proposals_by_rule(views: list[dict[str, Any]]) -> list[dict[str, Any]]:
    grouped: dict[str, int] = {}
    for view in views:
        if not view["on"] and not view["whitespace"]:
            for rule in view["rules"]:
                grouped[rule] = grouped.get(rule, 0) + 1
    return [{"rule": rule, "count": count} for rule, count in sorted(grouped.items())]


def _rule_docs(
    registry: Any, changes: list[Change], notes: list[Finding], known: dict[str, dict[str, str] | None]
) -> list[dict[str, str]]:
    """`cleanup rule CODE` for every rule the page names, so a reviewer can read why without a terminal.
    known: the texts written so far in this report (each rule's is built once)."""
    if registry is None:
        return []
    from cleanup.output.docs import rule_documentation

    codes = sorted({r for c in changes for r in c.rules} | {f.rule for f in notes})
    for code in codes:
        if code not in known:
            spec = registry.get(code)
            known[code] = (
                None if spec is None else {"code": code, "name": spec.name, "text": rule_documentation(spec)}
            )
    return [doc for doc in (known[code] for code in codes) if doc is not None]


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


def _render_blocks(
    parts: list[str | Change], notes: list[Finding], views: dict[int, dict[str, Any]]
) -> list[dict[str, Any]]:
    """Pieces for the template: equal text (split at notes, long unchanged runs folded) and changes."""
    ordered = sorted(notes, key=lambda n: n.start)
    starts = [n.start for n in ordered]
    blocks: list[dict[str, Any]] = []
    pos = 0
    for part in parts:
        if isinstance(part, Change):
            blocks.append({"kind": "change", "c": views[part.number]})
            pos = part.end
            continue
        # Only the notes that start inside this piece (found by bisection: linear in the text).
        inside = ordered[bisect_left(starts, pos) : bisect_left(starts, pos + len(part))]
        blocks.extend(_mark_notes(part, pos, inside))
        pos += len(part)
    return _fold(blocks)


def _mark_notes(text: str, offset: int, notes: list[Finding]) -> list[dict[str, Any]]:
    """The piece of text at `offset`, split at the notes that start inside it (sorted by start)."""
    pieces_: list[dict[str, Any]] = []
    pos, end_of = offset, offset + len(text)
    for note in notes:
        start, end = max(note.start, pos), min(note.end, end_of)
        if start < pos or start >= end:
            continue
        if start > pos:
            pieces_.append({"kind": "text", "text": text[pos - offset : start - offset]})
        pieces_.append(
            {
                "kind": "note",
                "text": text[start - offset : end - offset],
                "rule": note.rule,
                "message": note.message,
                "category": note.category,
            }
        )
        pos = end
    if pos < end_of:
        pieces_.append({"kind": "text", "text": text[pos - offset :]})
    return pieces_


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


def _rows(blocks: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The side-by-side view: one row per paragraph of the original, so both columns stay in step. Text
    splits after each blank line; a change (a removed block with its separator) stays in one row."""
    rows: list[list[dict[str, Any]]] = [[]]
    for block in blocks:
        if block["kind"] == "fold":
            rows[-1].append(block)
            continue
        if block["kind"] == "change":
            rows[-1].append(block)
            if "\n\n" in block["c"]["old"]:  # a removed block (or blank-line run) ends its row
                rows.append([])
            continue
        parts = block["text"].split("\n\n")
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            piece = part if last else part + "\n\n"
            if piece:
                rows[-1].append({**block, "text": piece})
            if not last:
                rows.append([])
    return [row for row in rows if row]


def _histograms(pages: list[FilePage]) -> dict[str, list[int]]:
    bins: dict[str, list[int]] = {"machine_translation": [0] * 10, "spin": [0] * 10, "boilerplate": [0] * 10}
    for page in pages:
        scores = page.result.analysis.scores.as_json()
        for key in bins:
            bins[key][min(9, int(float(scores[key]) * 10))] += 1
    return bins
