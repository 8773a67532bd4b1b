"""TY110: mojibake, repaired with ftfy.

ftfy's own badness check costs about 1 ms per article, so it only sees lines that hold one of the
characters mis-decoded UTF-8 produces (Â Ã â Ð Ñ Ø Ù Ã and the replacement character).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cleanup.detectors import Context
from cleanup.document import Document
from cleanup.findings import Finding, Fix

EMITS = frozenset({"TY110"})  # checked against rules/ when packs load

_SUSPECT = re.compile("[\u00c2\u00c3\u00c5\u00e2\u00ce\u00cf\u00d0\u00d1\u00d8\u00d9\u00ef\ufffd]")


def detect(doc: Document, ctx: Context) -> Iterator[Finding]:
    if not _SUSPECT.search(doc.text):
        return
    import ftfy  # lazily: most articles never get here

    for line in doc.lines:
        if not _SUSPECT.search(line.text):
            continue
        fixed = ftfy.fix_text(line.text, normalization=None, uncurl_quotes=False, fix_line_breaks=False)
        if fixed == line.text:
            continue
        # Shrink the edit to the changed middle, so the fix touches only the damaged characters.
        head = 0
        while head < min(len(fixed), len(line.text)) and fixed[head] == line.text[head]:
            head += 1
        tail = 0
        while (
            tail < min(len(fixed), len(line.text)) - head
            and fixed[len(fixed) - 1 - tail] == line.text[len(line.text) - 1 - tail]
        ):
            tail += 1
        bad = line.text[head : len(line.text) - tail]
        good = fixed[head : len(fixed) - tail]
        start = line.start + head
        yield Finding(
            "TY110",
            start,
            start + len(bad),
            f"Mojibake {bad!r}; ftfy repairs it as {good!r}",
            Fix(good, "safe"),
        )
