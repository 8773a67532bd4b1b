"""Detectors: pure functions from a Document (plus scan context) to findings. No I/O happens here.

Each module exposes `detect(doc, ctx)`; rules in `rules/*.yml` with `kind: builtin` name the module.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class CorpusStats:
    """Facts gathered across all files of one scan (boilerplate repetition evidence)."""

    documents: int = 0
    line_keys: Counter[str] = field(default_factory=Counter)
    # Lowercase words used by two or more files of the scan: the corpus's own vocabulary (for spelling).
    vocabulary: frozenset[str] = frozenset()


@dataclass
class Context:
    language: str = "en"
    corpus: CorpusStats | None = None
    options: dict[str, Any] = field(default_factory=dict)
    # Rule options from the packs, by code (thresholds live in data, not code).
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
