"""Small text helpers shared by detectors and the rule engine."""

from __future__ import annotations

import string
from bisect import bisect_left, bisect_right
from itertools import accumulate
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cleanup.document import Document


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def format_message(template: str, **values: Any) -> str:
    """Fill `{name}` placeholders; unknown names become empty rather than raising."""
    clean = {k: ("" if v is None else v) for k, v in values.items()}
    try:
        return string.Formatter().vformat(template, (), _Blank(clean))
    except (ValueError, IndexError):
        return template


def match_case(original: str, replacement: str) -> str:
    """Carry the capitalisation of `original` over to `replacement` (for substitutions)."""
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def line_removal_span(doc: Document, first: int, last: int) -> tuple[int, int]:
    """The span that removes lines `first`..`last` as a careful editor would.

    The removed block takes the blank lines that follow it, up to the next kept line. When it runs to the
    end of the file, it takes the line breaks before it instead, so the text ends at the last kept line.
    """
    lines = doc.lines
    start = lines[first].start
    following = last + 1
    while following < len(lines) and not lines[following].text.strip():
        following += 1
    if following < len(lines):
        return start, lines[following].start
    # Runs to the end: take the preceding break(s) so no trailing blank lines remain.
    previous = first - 1
    while previous >= 0 and not lines[previous].text.strip():
        previous -= 1
    if previous >= 0:
        return lines[previous].end, len(doc.text)
    return start, len(doc.text)


def printable_path(path: str) -> str:
    """A file name as one output line can show it: bytes that were not UTF-8 (surrogate escapes) as \\xNN,
    control characters escaped, so a name can neither break valid UTF-8 output nor forge a line."""
    if path.isprintable():
        return path
    out = []
    for ch in path:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif ch.isprintable() or (ch.isspace() and ch not in "\n\r\t\v\f\x1c\x1d\x1e\x85\u2028\u2029"):
            out.append(ch)
        else:
            out.append(ch.encode("unicode_escape", "backslashreplace").decode("ascii"))
    return "".join(out)


class Spans:
    """Spans sorted by start with the running maximum of their ends, so "does any span overlap or contain
    this one" is a bisection, not a pass over every span (a long file has thousands of each)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _end in ordered]
        self.max_ends = list(accumulate((end for _start, end in ordered), max))

    def _max_end_starting_before(self, position: int, *, inclusive: bool) -> int:
        count = (bisect_right if inclusive else bisect_left)(self.starts, position)
        return self.max_ends[count - 1] if count else -1

    def contains(self, start: int, end: int) -> bool:
        """Some span holds [start, end) whole."""
        return self._max_end_starting_before(start, inclusive=True) >= end

    def touches(self, start: int, end: int) -> bool:
        """Some span overlaps [start, end); a zero-width finding inside one counts."""
        return self._max_end_starting_before(max(end, start + 1), inclusive=False) > start
