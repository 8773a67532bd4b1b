"""The fix engine: apply edits from findings to text, deterministically.

* Overlapping deletions merge into one deletion (two boilerplate lines that share a blank line).
* Any other overlap keeps the edit that starts first (then the longer one, then the lower rule code);
  the others are left for the next pass or reported as not applied.
* A removal that runs to the end of the text leaves the text's final line break in place.
* `fix_text` repeats detect-and-apply until nothing changes, so fixing is idempotent, and composes every
  pass's edits into one list of splices of the original (`compose`): one change per finding, including the
  follow-up its removal caused, which the review report toggles and `cleanup apply` replays.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from cleanup.findings import Finding


@dataclass(frozen=True, slots=True)
class Edit:
    start: int
    end: int
    replacement: str
    rules: tuple[str, ...]
    # The findings the edit carries out (for the report's reasons); not part of the edit's identity.
    findings: tuple[Finding, ...] = field(default=(), compare=False, hash=False, repr=False)


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
        edit = Edit(finding.start, finding.end, finding.fix.replacement, (finding.rule,), (finding,))
        if chosen and edit.start < chosen[-1].end:
            last = chosen[-1]
            if last.replacement == "" and edit.replacement == "":
                chosen[-1] = Edit(
                    last.start,
                    max(last.end, edit.end),
                    "",
                    (*last.rules, *edit.rules),
                    (*last.findings, *edit.findings),
                )
            continue
        if chosen and edit.start == edit.end == chosen[-1].end and chosen[-1].start == chosen[-1].end:
            continue  # two insertions at one point: keep the first
        chosen.append(edit)
    return chosen


def apply_edits(text: str, edits: list[Edit]) -> str:
    return splice(text, settle(text, edits))


def splice(text: str, edits: list[Edit]) -> str:
    """Replace each edit's span; the edits are sorted and do not overlap."""
    parts: list[str] = []
    pos = 0
    for edit in edits:
        parts.append(text[pos : edit.start])
        parts.append(edit.replacement)
        pos = edit.end
    parts.append(text[pos:])
    return "".join(parts)


def settle(text: str, edits: list[Edit]) -> list[Edit]:
    """The edits as plain splices. A removal that ran to the end would take the file's final line break
    with it: the file keeps one, written into that removal's replacement (so rejecting the removal in the
    report, or replaying it with `cleanup apply`, is a plain splice too)."""
    if not edits:
        return edits
    last = edits[-1]
    if last.replacement or last.end != len(text):
        return edits
    kept = splice(text, edits)
    if not kept or kept.endswith(("\n", "\r")) or not _final_break(text):
        return edits
    return [*edits[:-1], replace(last, replacement=_final_break(text))]


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
    """Apply fixes until a fixpoint. Returns the text and every pass's edits composed into splices of the
    original: `splice(text, edits)` is the fixed text.

    Later passes only catch what earlier edits uncovered (say, a doubled space left by a removal); such a
    follow-up joins the change that caused it.
    """
    original = text
    composed: list[Edit] = []
    for _ in range(max_passes):
        edits = settle(text, choose_edits(detect(text), allow_unsafe))
        if not edits:
            break
        new_text = splice(text, edits)
        if new_text == text:
            break
        composed = compose(original, composed, edits)
        text = new_text
    return text, composed


def compose(original: str, earlier: list[Edit], later: list[Edit]) -> list[Edit]:
    """Splices of `original` equal to applying `earlier` (splices of the original) and then `later`
    (splices of that result). A later edit that overlaps or touches an earlier one's replacement joins it."""
    # Where each earlier edit's replacement sits in the current text, and the shift after each.
    placed: list[tuple[int, int, Edit]] = []
    shifts = [0]
    for edit in earlier:
        start = edit.start + shifts[-1]
        placed.append((start, start + len(edit.replacement), edit))
        shifts.append(shifts[-1] + len(edit.replacement) - (edit.end - edit.start))
    items = sorted(
        [(s, e, True, edit) for s, e, edit in placed] + [(x.start, x.end, False, x) for x in later],
        key=lambda item: (item[0], item[1], not item[2]),
    )
    groups: list[list[tuple[int, int, bool, Edit]]] = []
    group_end = -1
    old_end = -1  # the end of the group's last earlier edit
    for item in items:
        start, end, old, _edit = item
        joins = groups and (start < group_end or (start == group_end and (old or old_end == group_end)))
        if not joins:
            groups.append([])
            group_end = old_end = -1
        groups[-1].append(item)
        group_end = max(group_end, end)
        if old:
            old_end = max(old_end, end)

    ends = [e for _s, e, _x in placed]

    def to_original(pos: int) -> int:
        """For a position outside every earlier replacement (or at its edge)."""
        return pos - shifts[bisect_right(ends, pos)]

    current = splice(original, earlier)
    result: list[Edit] = []
    for group in groups:
        olds = [(s, e, x) for s, e, old, x in group if old]
        news = [x for _s, _e, old, x in group if not old]
        if not news:
            result.extend(x for _s, _e, x in olds)
            continue
        if not olds:
            result.extend(replace(x, start=to_original(x.start), end=to_original(x.end)) for x in news)
            continue
        start = min(s for s, _e, _o, _x in group)
        end = max(e for _s, e, _o, _x in group)
        first, last = olds[0], olds[-1]
        inside = [replace(x, start=x.start - start, end=x.end - start) for x in news]
        members = [x for _s, _e, x in olds] + news
        result.append(
            Edit(
                first[2].start if start == first[0] else to_original(start),
                last[2].end if end == last[1] else to_original(end),
                splice(current[start:end], inside),
                tuple(dict.fromkeys(r for x in members for r in x.rules)),
                tuple(f for x in members for f in x.findings),
            )
        )
    return result
