"""Shared primitives for boilerplate evidence: CCNet-style line keys and line shape features."""

from __future__ import annotations

import re

from cleanup.document import Document

_DIGITS = str.maketrans("123456789", "000000000")
_NON_WORD = re.compile(r"[^\w\s]+")


# Only short lines can be template text; longer ones are keyed by their stripped text, which is cheap and
# still finds verbatim copies (for the near-duplicate check).
KEYED_LENGTH = 200


def line_key(line: str) -> str:
    """CCNet normalisation: lowercase, digits -> 0, punctuation removed, whitespace folded."""
    if len(line) > KEYED_LENGTH:
        return line.strip()
    return " ".join(_NON_WORD.sub("", line.lower()).translate(_DIGITS).split())


def document_line_keys(doc: Document) -> list[str]:
    """The key of every line (blank lines give ""), computed once per document."""
    cached = doc.cache.get("line_keys")
    if not isinstance(cached, list):
        cached = doc.cache["line_keys"] = [line_key(line.text) for line in doc.lines]
    return cached
