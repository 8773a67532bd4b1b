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
    # In how many documents each lowercase word occurs (the counts `vocabulary` comes from; mergeable).
    word_documents: Counter[str] = field(default_factory=Counter)

    def add(self, line_keys: set[str], words: set[str] | None = None) -> None:
        """Count one document: its distinct line keys and, for the vocabulary, its distinct words."""
        self.documents += 1
        self.line_keys.update(line_keys)
        if words:
            self.word_documents.update(words)

    def merge(self, other: CorpusStats) -> CorpusStats:
        """The counts of two shards together (any engine: count per shard, merge, hand to the checkers)."""
        merged = CorpusStats(
            self.documents + other.documents,
            self.line_keys + other.line_keys,
            word_documents=self.word_documents + other.word_documents,
        )
        return merged.finished()

    def finished(self) -> CorpusStats:
        self.vocabulary = frozenset(w for w, count in self.word_documents.items() if count >= 2)
        return self


@dataclass
class Context:
    language: str = "en"
    corpus: CorpusStats | None = None
    options: dict[str, Any] = field(default_factory=dict)
    # Rule options from the packs, by code (thresholds live in data, not code).
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
