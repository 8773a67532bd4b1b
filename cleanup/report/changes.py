"""The changes a reviewer toggles: one per fix, on the original's offsets, with the whitespace it takes.

They come from the fix engine's composed edits (`cleanup.fixes.fix_text`), not from a diff of the two
texts: a diff splits a removed caption into "the blank lines before it" and "its text", and rejecting only
one of them glues two paragraphs together. Here a removal and its separator are one change, a follow-up a
later pass made (a doubled space left behind) joins the change that caused it, and the cleaned text for any
set of accepted changes is a plain splice of the original, the same in the page and in `cleanup apply`.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

from cleanup.findings import Finding
from cleanup.fixes import Edit, choose_edits, settle

_WHITESPACE_NAMES = {"\u00a0": "NBSP", "\n": "↵", " ": "·", "\t": "⇥", "\u200b": "ZWSP", "\u202f": "NNBSP"}


@dataclass(frozen=True)
class Change:
    number: int  # from 1, in document order
    start: int  # offsets in the original (Python str offsets)
    end: int
    old: str
    new: str
    findings: tuple[Finding, ...]
    applied: bool  # in the cleaned copy `cleanup fix` wrote; otherwise a proposal, off until accepted
    unsafe: bool

    @cached_property
    def id(self) -> str:
        """Stable for the same fix of the same file: decisions are keyed by it."""
        key = f"{self.start}:{self.end}:{','.join(self.rules)}:{self.new}"
        return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]

    @cached_property
    def rules(self) -> list[str]:
        return sorted({f.rule for f in self.findings}) or ["follow-up"]

    @property
    def whitespace(self) -> bool:
        """Only whitespace on both sides (NBSP, doubled spaces, blank-line runs): grouped in one toggle."""
        sides = [text for text in (self.old, self.new) if text]
        return bool(sides) and all(whitespace_label(text) is not None for text in sides)

    @property
    def category(self) -> str:
        return self.findings[0].category if self.findings else "typography"


def whitespace_label(text: str, keep_breaks: bool = False) -> str | None:
    """A visible stand-in for text that is only whitespace (display only; downloads use the real text).

    With keep_breaks the real line breaks follow the marker, so inserted paragraph breaks still lay out.
    """
    if not text or (text.strip() and not all(ch in _WHITESPACE_NAMES for ch in text)):
        return None
    label = "".join(_WHITESPACE_NAMES.get(ch, f"U+{ord(ch):04X}") for ch in text)
    return label + "\n" * text.count("\n") if keep_breaks else label


def review_changes(original: str, edits: list[Edit], findings: list[Finding]) -> list[Change]:
    """The applied edits (composed splices of the original), then every unsafe fix of the first pass that
    does not touch one of them, as a proposal that is off until a reviewer accepts it."""
    applied = list(edits)
    done = {id(f) for edit in applied for f in edit.findings}
    unsafe = [f for f in findings if f.fix is not None and f.fix.safety == "unsafe" and id(f) not in done]
    starts = [a.start for a in applied]  # sorted, and the edits do not overlap

    def touches_applied(edit: Edit) -> bool:
        """Whether the edit overlaps or touches an applied one. The last applied edit starting at or before
        its end is the one to check: any earlier one that reaches its start ends before that one begins."""
        i = bisect_right(starts, edit.end)
        return i > 0 and applied[i - 1].end >= edit.start

    proposals = [
        edit
        for edit in settle(original, choose_edits(unsafe, allow_unsafe=True))
        if not touches_applied(edit)
    ]
    ordered = sorted(
        [(e, True) for e in applied] + [(e, False) for e in proposals], key=lambda pair: pair[0].start
    )
    return [
        Change(
            number,
            edit.start,
            edit.end,
            original[edit.start : edit.end],
            edit.replacement,
            edit.findings,
            is_applied,
            any(f.fix is not None and f.fix.safety == "unsafe" for f in edit.findings),
        )
        for number, (edit, is_applied) in enumerate(ordered, 1)
    ]


def pieces(original: str, changes: list[Change]) -> list[str | Change]:
    """Unchanged text and changes, in order."""
    out: list[str | Change] = []
    pos = 0
    for change in changes:
        if change.start > pos:
            out.append(original[pos : change.start])
        out.append(change)
        pos = change.end
    if pos < len(original):
        out.append(original[pos:])
    return out


def unapplied(findings: list[Finding], changes: list[Change]) -> list[Finding]:
    """Findings no change carries out: no fix, or a fix that overlapped another."""
    used = {id(f) for change in changes for f in change.findings}
    return [f for f in findings if id(f) not in used and f.end > f.start]
