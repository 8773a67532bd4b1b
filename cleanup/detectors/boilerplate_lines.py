"""Shared primitives for boilerplate evidence: CCNet-style line keys and line shape features."""

from __future__ import annotations

import re

from cleanup.document import Document

_NONZERO_DIGIT = re.compile(r"[1-9]")
_NON_WORD = re.compile(r"[^\w\s]+")


# Only short lines can be template text; longer ones are keyed by their stripped text, which is cheap and
# still finds verbatim copies (for the near-duplicate check).
KEYED_LENGTH = 200


def line_keys(lines: list[str]) -> list[str]:
    """The CCNet key of each line: lowercase, digits -> 0, punctuation removed, whitespace folded."""
    return [_key(line) for line in lines]


def _key(line: str) -> str:
    if len(line) > KEYED_LENGTH:
        return line.strip()
    if not line or line.isspace():
        return ""
    # A regex for the digits: str.translate falls back to a slow path on non-ASCII text (measured 2x).
    return " ".join(_NONZERO_DIGIT.sub("0", _NON_WORD.sub("", line.lower())).split())


def document_line_keys(doc: Document) -> list[str]:
    """The key of every line (blank lines give ""), computed once per document."""
    cached = doc.cache.get("line_keys")
    if not isinstance(cached, list):
        cached = doc.cache["line_keys"] = line_keys([line.text for line in doc.lines])
    return cached
