"""The fix engine: apply edits from findings to text, deterministically.

* Overlapping deletions merge into one deletion (two boilerplate lines that share a blank line).
* Any other overlap keeps the edit that starts first (then the longer one, then the lower rule code);
  the others are left for the next pass or reported as not applied.
* A removal that runs to the end of the text leaves the text's final line break in place.
* `fix_text` repeats detect-and-apply until nothing changes, so fixing is idempotent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from cleanup.findings import Finding


@dataclass(frozen=True, slots=True)
class Edit:
    start: int
    end: int
    replacement: str
    rules: tuple[str, ...]


def choose_edits(findings: Iterable[Finding], allow_unsafe: bool = False) -> list[Edit]:
    """Pick a non-overlapping, ordered set of edits from the fixable findings."""
    candidates = [
        f
        for f in findings
        if f.fix is not None
        and (f.fix.safety == "safe" or allow_unsafe)
        # A no-op edit would make the fixpoint loop spin.
        and not (f.start == f.end and f.fix.replacement == "")
    ]
    candidates.sort(key=lambda f: (f.start, -(f.end - f.start), f.rule))
    chosen: list[Edit] = []
    for finding in candidates:
        assert finding.fix is not None
        edit = Edit(finding.start, finding.end, finding.fix.replacement, (finding.rule,))
        if chosen and edit.start < chosen[-1].end:
            last = chosen[-1]
            if last.replacement == "" and edit.replacement == "":
                chosen[-1] = Edit(last.start, max(last.end, edit.end), "", (*last.rules, *edit.rules))
            continue
        if chosen and edit.start == edit.end == chosen[-1].end and chosen[-1].start == chosen[-1].end:
            continue  # two insertions at one point: keep the first
        chosen.append(edit)
    return chosen


def apply_edits(text: str, edits: list[Edit]) -> str:
    parts: list[str] = []
    pos = 0
    for edit in edits:
        parts.append(text[pos : edit.start])
        parts.append(edit.replacement)
        pos = edit.end
    parts.append(text[pos:])
    result = "".join(parts)
    last = edits[-1] if edits else None
    if (
        last
        and last.replacement == ""
        and last.end == len(text)
        and result
        and not result.endswith(("\n", "\r"))
    ):
        # A removal that ran to the end took the file's final line break with it: the file keeps one.
        result += _final_break(text)
    return result


def _final_break(text: str) -> str:
    for ending in ("\r\n", "\n", "\r"):
        if text.endswith(ending):
            return ending
    return ""


def fix_text(
    text: str,
    detect: Callable[[str], list[Finding]],
    allow_unsafe: bool = False,
    max_passes: int = 10,
) -> tuple[str, list[Edit]]:
    """Apply fixes until a fixpoint. Returns the text and the edits of the first pass.

    Later passes only catch what earlier edits uncovered (say, a doubled space left by a removal).
    """
    first_pass: list[Edit] | None = None
    for _ in range(max_passes):
        edits = choose_edits(detect(text), allow_unsafe)
        if first_pass is None:
            first_pass = edits
        if not edits:
            break
        new_text = apply_edits(text, edits)
        if new_text == text:
            break
        text = new_text
    return text, first_pass or []
