"""Suppressions for text that has no comment syntax.

* An ignore file (`.cleanup-ignore.json`, written by `cleanup scan --add-ignore`) lists finding
  fingerprints: the file, the rule, the finding's text and its occurrence number among identical ones.
  Edits elsewhere in the file do not invalidate a fingerprint; changing the flagged text does.
* Markdown files may say `<!-- cleanup: disable=CODE[,CODE] -->` ... `<!-- cleanup: enable=CODE -->`
  (or `enable` for all), and `<!-- cleanup: disable-next-line=CODE -->`. Codes may be prefixes (`BP`).
* Suppressions that suppressed nothing are reported, so stale ones do not pile up.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from cleanup.document import Document
from cleanup.engine.registry import Selection
from cleanup.findings import Finding
from cleanup.io.writing import atomic_write

IGNORE_FILE_VERSION = 1
_DIRECTIVE = re.compile(
    r"<!--\s*cleanup:\s*(disable|enable|disable-next-line)(?:\s*=\s*([\w:,\s-]+?))?\s*-->"
)


@dataclass
class Unused:
    path: str
    description: str


@dataclass
class IgnoreFile:
    path: Path
    entries: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> IgnoreFile:
        if not path.is_file():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = data["fingerprints"]
            if not isinstance(entries, dict):
                raise TypeError
        except (ValueError, KeyError, TypeError, OSError):
            raise ValueError(
                f"{path}: not a cleanup ignore file (expected JSON with a `fingerprints` object)"
            ) from None
        return cls(path, entries)

    def save(self) -> None:
        data = {"version": IGNORE_FILE_VERSION, "fingerprints": dict(sorted(self.entries.items()))}
        atomic_write(self.path, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def normalised_path(path: str) -> str:
    if path == "<stdin>":
        return path
    relative = os.path.relpath(Path(path).resolve(), Path.cwd())
    return Path(relative).as_posix()


def fingerprints(path: str, doc: Document, findings: list[Finding]) -> list[str]:
    seen: Counter[tuple[str, str]] = Counter()
    result = []
    where = normalised_path(path)
    for finding in findings:
        text = doc.text[finding.start : finding.end]
        seen[(finding.rule, text)] += 1
        raw = f"{where}\0{finding.rule}\0{text}\0{seen[(finding.rule, text)]}"
        result.append(hashlib.sha256(raw.encode("utf-8")).hexdigest()[:24])
    return result


def markdown_regions(doc: Document) -> list[tuple[int, int, list[str], str]]:
    """(start, end, codes, directive text) for every disable region or next-line directive."""
    regions = []
    open_regions: list[tuple[int, list[str], str]] = []
    for m in _DIRECTIVE.finditer(doc.text):
        action, codes = m.group(1), [c.strip() for c in (m.group(2) or "").split(",") if c.strip()]
        if action == "disable":
            open_regions.append((m.end(), codes, m.group(0)))
        elif action == "disable-next-line":
            next_line = doc.line_index(m.end()) + 1
            if next_line < len(doc.lines):
                line = doc.lines[next_line]
                regions.append((line.start, line.end, codes, m.group(0)))
        else:  # enable
            still_open = []
            for start, region_codes, text in open_regions:
                if not codes or set(region_codes) & set(codes) or not region_codes:
                    regions.append((start, m.start(), region_codes, text))
                else:
                    still_open.append((start, region_codes, text))
            open_regions = still_open
    regions.extend((start, len(doc.text), codes, text) for start, codes, text in open_regions)
    return regions


def apply(
    path: str, doc: Document, findings: list[Finding], ignore: IgnoreFile | None
) -> tuple[list[Finding], list[Unused], set[str]]:
    """(kept findings, unused Markdown directives, ignore-file fingerprints that were used)."""
    regions = markdown_regions(doc) if path.lower().endswith((".md", ".markdown")) else []
    used_regions: set[int] = set()
    used_prints: set[str] = set()
    kept = []
    prints = (
        fingerprints(path, doc, findings) if ignore is not None and ignore.entries else [""] * len(findings)
    )
    for finding, print_ in zip(findings, prints, strict=True):
        if print_ and print_ in ignore.entries:  # type: ignore[union-attr]
            used_prints.add(print_)
            continue
        hit = next(
            (
                i
                for i, (s, e, codes, _) in enumerate(regions)
                if s <= finding.start < e and (not codes or Selection.any_matches(codes, finding))
            ),
            None,
        )
        if hit is not None:
            used_regions.add(hit)
            continue
        kept.append(finding)
    unused = [
        Unused(path, f"suppression {text!r} suppressed nothing")
        for i, (_s, _e, _codes, text) in enumerate(regions)
        if i not in used_regions
    ]
    return kept, unused, used_prints


@dataclass
class Suppressions:
    """Everything that hides findings: `per-file-ignores` (glob -> codes) and the ignore file, plus the
    Markdown directives in the text itself. Applied to every fix pass, not only the first (a disabled rule is
    never applied by `fix`)."""

    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    ignore: IgnoreFile | None = None

    def apply(
        self, path: str, doc: Document, findings: list[Finding]
    ) -> tuple[list[Finding], list[Unused], set[str]]:
        """(kept findings, unused Markdown directives, ignore-file fingerprints that were used)."""
        codes = [c for pattern, cs in self.per_file_ignores.items() if glob_match(path, pattern) for c in cs]
        if codes:
            findings = [f for f in findings if not Selection.any_matches(codes, f)]
        return apply(path, doc, findings, self.ignore)

    def kept(self, path: str, doc: Document, findings: list[Finding]) -> list[Finding]:
        return self.apply(path, doc, findings)[0]


def glob_match(path: str, pattern: str) -> bool:
    posix = Path(path).as_posix()
    return fnmatch.fnmatch(posix, pattern) or fnmatch.fnmatch(Path(path).name, pattern)


def unused_fingerprints(ignore: IgnoreFile, scanned: set[str], used: set[str]) -> list[Unused]:
    """Ignore-file entries for files in this run that matched no finding."""
    return [
        Unused(
            entry.get("path", "?"),
            f"ignore-file entry for {entry.get('rule')} {entry.get('text', '')!r} matched nothing",
        )
        for print_, entry in ignore.entries.items()
        if entry.get("path") in scanned and print_ not in used
    ]


def add(ignore: IgnoreFile, path: str, doc: Document, findings: list[Finding]) -> int:
    added = 0
    for finding, print_ in zip(findings, fingerprints(path, doc, findings), strict=True):
        if print_ not in ignore.entries:
            ignore.entries[print_] = {
                "path": normalised_path(path),
                "rule": finding.rule,
                "text": doc.text[finding.start : finding.end][:200],
            }
            added += 1
    return added
