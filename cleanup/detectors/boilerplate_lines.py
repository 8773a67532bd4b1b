"""Shared primitives for boilerplate evidence: CCNet-style line keys and line shape features."""

from __future__ import annotations

import re
import unicodedata

_DIGITS = re.compile(r"\d")
_NON_WORD = re.compile(r"[^\w ]+")
_SPACES = re.compile(r"\s+")


def line_key(line: str) -> str:
    """CCNet normalisation: lowercase, digits -> 0, punctuation and odd spaces removed."""
    text = unicodedata.normalize("NFKC", line).lower()
    text = _DIGITS.sub("0", text)
    text = _NON_WORD.sub("", text)
    return _SPACES.sub(" ", text).strip()
