"""Word-level changes between an original and its cleaned text, each tied to the findings that caused it.

`difflib.HtmlDiff` works on lines, so a one-word edit in a long paragraph highlights half of it. Here the
texts are split into words, spaces and punctuation, compared with SequenceMatcher(autojunk=False), and each
changed run becomes one reviewable change that can be accepted or rejected on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import pairwise

from cleanup.findings import Finding

_TOKEN = re.compile(r"\s+|[^\W_]+(?:['’][^\W_]+)*|.", re.DOTALL)


@dataclass
class Segment:
    kind: str  # "equal" or "change"
    old: str
    new: str
    start: int  # offsets in the original
    end: int
    findings: list[Finding] = field(default_factory=list)
    number: int = 0  # changes are numbered from 1 in document order


def segments(original: str, fixed: str, findings: list[Finding]) -> list[Segment]:
    a = _TOKEN.findall(original)
    b = _TOKEN.findall(fixed)
    offsets = [0]
    for token in a:
        offsets.append(offsets[-1] + len(token))
    result: list[Segment] = []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = "".join(a[i1:i2]), "".join(b[j1:j2])
        kind = "equal" if tag == "equal" else "change"
        if kind == "change" and result and result[-1].kind == "change":
            result[-1].old += old
            result[-1].new += new
            result[-1].end = offsets[i2]
            continue
        result.append(Segment(kind, old, new, offsets[i1], offsets[i2]))
    result = [piece for segment in result for piece in _split_deletion(segment, original, findings)]
    number = 0
    for segment in result:
        if segment.kind != "change":
            continue
        number += 1
        segment.number = number
        segment.findings = [
            f for f in findings if f.fix is not None and f.start <= segment.end and segment.start <= f.end
        ]
    return result


def _split_deletion(segment: Segment, original: str, findings: list[Finding]) -> list[Segment]:
    """A run of removed lines from several findings becomes one change per finding, so a reviewer can
    keep one widget line and drop the others."""
    if segment.kind != "change" or segment.new:
        return [segment]
    cuts = sorted({f.start for f in findings if segment.start < f.start < segment.end})
    if not cuts:
        return [segment]
    bounds = [segment.start, *cuts, segment.end]
    return [Segment("change", original[a:b], "", a, b) for a, b in pairwise(bounds) if b > a]


def unapplied(findings: list[Finding], changes: list[Segment]) -> list[Finding]:
    """Findings that no change carries out: no fix, or an unsafe fix that was not applied."""
    used = {id(f) for segment in changes for f in segment.findings}
    return [f for f in findings if id(f) not in used and f.end > f.start]
