"""A reviewer's decisions, written back: what `cleanup apply DECISIONS.json` does.

The report writes `changes.json` beside its pages: for each file, the SHA-256 of the bytes it read and
every change (offsets in the original, replacement, whether `cleanup fix` applied it). The page exports
decisions (file, change id, accepted or not). Applying them is a plain splice of the original, the same
one the page's download makes, written in the original's encoding, BOM and line endings, atomically. A file
whose bytes changed since the report is refused, as is a decisions file from another report.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from cleanup.fixes import Edit, splice
from cleanup.io.reading import InputError, read_source
from cleanup.io.writing import WriteError
from cleanup.run import write_text

MANIFEST = "changes.json"


class DecisionsError(Exception):
    """A decisions file or report that cannot be used (one line: the file and the reason)."""


@dataclass
class Applied:
    path: str
    accepted: int = 0  # changes made
    of: int = 0  # changes the report offered
    target: Path | None = None
    error: str = ""


def _read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DecisionsError(f"{path}: no such file ({what})") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DecisionsError(f"{path}: not a readable {what} ({exc})") from None


def load_decisions(path: Path) -> tuple[str, dict[str, dict[str, bool]]]:
    """The run id and, per file, change id -> accepted."""
    data = _read_json(path, "decisions file")
    if (
        not isinstance(data, dict)
        or data.get("cleanup_decisions") != 1
        or not isinstance(data.get("files"), list)
    ):
        raise DecisionsError(f"{path}: not a decisions file exported from a cleanup report")
    chosen: dict[str, dict[str, bool]] = {}
    for entry in data["files"]:
        decisions = entry.get("decisions") if isinstance(entry, dict) else None
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("file"), str)
            or not isinstance(decisions, dict)
        ):
            raise DecisionsError(f"{path}: a file entry needs 'file' and 'decisions'")
        chosen[entry["file"]] = {str(k): v is True for k, v in decisions.items()}
    return str(data.get("run", "")), chosen


def load_manifest(report_dir: Path) -> dict[str, Any]:
    data = _read_json(report_dir / MANIFEST, "report manifest; run `cleanup fix` to write the report")
    if (
        not isinstance(data, dict)
        or data.get("cleanup_report") != 1
        or not isinstance(data.get("files"), dict)
    ):
        raise DecisionsError(f"{report_dir / MANIFEST}: not a cleanup report manifest")
    return data


def apply_decisions(
    run: str,
    chosen: dict[str, dict[str, bool]],
    manifest: dict[str, Any],
    out_dir: Path | None,
) -> Iterator[Applied]:
    """Write every file of the report with the reviewer's choices (a change nobody decided keeps what
    `cleanup fix` did); out_dir None rewrites the originals."""
    if run != manifest.get("run"):
        raise DecisionsError(
            f"the decisions are from report run {run or '(none)'}, the report is run {manifest.get('run')}: "
            "export them again from this report"
        )
    unknown = sorted(set(chosen) - set(manifest["files"]))
    for path in unknown:
        yield Applied(path, error=f"{path}: not in the report; skipped")
    claimed: dict[Path, str] = {}
    for path, entry in manifest["files"].items():
        yield _apply_one(path, entry, chosen.get(path, {}), out_dir, claimed)


def _real_name(entry: dict[str, Any], key: str) -> str | None:
    """A name from the manifest; one that was not UTF-8 is stored as its bytes."""
    raw = entry.get(f"{key}_bytes")
    return os.fsdecode(bytes.fromhex(raw)) if isinstance(raw, str) else entry.get(key)


def _apply_one(
    path: str,
    entry: dict[str, Any],
    decisions: dict[str, bool],
    out_dir: Path | None,
    claimed: dict[Path, str],
) -> Applied:
    changes = entry.get("changes", [])
    result = Applied(path, of=len(changes))
    try:
        source = read_source(_real_name(entry, "file") or _real_name(entry, "path") or path)
    except InputError as exc:
        result.error = str(exc)
        return result
    source.path = _real_name(entry, "path") or path  # mirrored as `cleanup fix --out` did
    if source.digest != entry.get("sha256"):
        result.error = f"{path}: changed since the report was written; not applied"
        return result
    accepted = [c for c in changes if decisions.get(c["id"], c["on"])]
    edits = sorted(
        (Edit(c["start"], c["end"], c["new"], tuple(c["rules"])) for c in accepted), key=lambda e: e.start
    )
    if any(a.end > b.start for a, b in pairwise(edits)) or any(e.end > len(source.text) for e in edits):
        result.error = f"{path}: the report's changes do not fit the file; not applied"
        return result
    result.accepted = len(edits)
    try:
        result.target = write_text(source, splice(source.text, edits), out_dir, claimed)
    except WriteError as exc:
        result.error = str(exc)
    return result
