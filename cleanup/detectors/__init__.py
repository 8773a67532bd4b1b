"""Detectors: pure functions from a Document (plus scan context) to findings. No I/O happens here.

Each module exposes `detect(doc, ctx)`; rules in `rules/*.yml` with `kind: builtin` name the module.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields
from functools import cache
from hashlib import blake2b
from typing import Any, TypeVar, get_type_hints


def line_digest(key: str) -> int:
    """A line key as 64 bits, the way CCNet keeps its line hashes: the counts of a large corpus then cost
    about 100 bytes a distinct line, not the line's text. Stable across processes and machines (unlike
    `hash()`), so counts from different workers merge."""
    return int.from_bytes(blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


@dataclass
class CorpusStats:
    """Facts gathered across all files of one scan (boilerplate repetition evidence): counts, not texts."""

    documents: int = 0
    # In how many documents each line key occurs, by `line_digest` (read it with `shared`).
    line_keys: Counter[int] = field(default_factory=Counter)
    # Lowercase words used by two or more files of the scan: the corpus's own vocabulary (for spelling).
    vocabulary: frozenset[str] = frozenset()
    # In how many documents each lowercase word occurs (the counts `vocabulary` comes from; mergeable).
    word_documents: Counter[str] = field(default_factory=Counter)

    def add(self, line_keys: set[str], words: set[str] | None = None) -> None:
        """Count one document: its distinct line keys and, for the vocabulary, its distinct words."""
        self.documents += 1
        self.line_keys.update(map(line_digest, line_keys))
        if words:
            self.word_documents.update(words)

    def shared(self, key: str) -> int:
        """How many documents of the corpus contain a line with this key."""
        return self.line_keys.get(line_digest(key), 0) if key else 0

    def merge(self, other: CorpusStats) -> CorpusStats:
        """The counts of two shards together (any engine: count per shard, merge, hand to the checkers)."""
        merged = CorpusStats(
            self.documents, Counter(self.line_keys), word_documents=Counter(self.word_documents)
        )
        merged.update(other)
        return merged.finished()

    def update(self, other: CorpusStats) -> None:
        """Add another shard's counts to these, in place (a run merging many shards copies none);
        `finished()` then derives the vocabulary."""
        self.documents += other.documents
        self.line_keys.update(other.line_keys)
        self.word_documents.update(other.word_documents)

    def finished(self) -> CorpusStats:
        self.vocabulary = frozenset(w for w, count in self.word_documents.items() if count >= 2)
        return self

    def for_checking(self) -> CorpusStats:
        """The same facts without what no check reads (lines and words of one document alone), to send
        to workers: far smaller, but no longer mergeable."""
        kept = Counter({k: n for k, n in self.line_keys.items() if n >= 2})
        return CorpusStats(self.documents, kept, self.vocabulary)


@dataclass
class Context:
    language: str = "en"
    corpus: CorpusStats | None = None
    options: dict[str, Any] = field(default_factory=dict)
    # Rule options from the packs, by code (thresholds live in data, not code).
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)


T = TypeVar("T")


def option(doc: str) -> Any:
    """A detector option's field: no default in code (the value lives in the rule's YAML `options:`,
    its one home), and a line of documentation that `cleanup rule CODE` shows."""
    return field(metadata={"doc": doc})


def options_for(ctx: Context, code: str, cls: type[T]) -> T:
    """Rule `code`'s YAML `options:` as the detector's frozen options dataclass. The packs were checked
    against it when they loaded (`check_options`), so every field is there with its type."""
    return options_from(ctx.rule_options, code, cls)


def options_from(rule_options: dict[str, dict[str, Any]], code: str, cls: type[T]) -> T:
    """The same, from the packs' options by code (before a Context exists: the document's language)."""
    values = rule_options.get(code, {})
    return _build(cls, tuple((f.name, _hashable(values[f.name])) for f in fields(cls)))  # type: ignore[arg-type]


@cache
def _build(cls: type[T], items: tuple[tuple[str, Any], ...]) -> T:
    return cls(**dict(items))


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


_TYPE_WORDS = {int: "a whole number", float: "a number", bool: "true or false", str: "text"}


def check_options(cls: type, values: dict[str, Any]) -> str | None:
    """Why `values` cannot fill the options dataclass `cls` (a missing key or a value of the wrong type),
    or None. Other keys are the engine's (detector, class, patterns ...) and are left alone."""
    hints = get_type_hints(cls)
    for f in fields(cls):
        if f.name not in values:
            return f"option {f.name!r} is missing ({f.metadata.get('doc', '')})"
        value, kind = values[f.name], hints[f.name]
        if kind in (int, str, bool):
            ok = isinstance(value, kind) and (kind is bool or not isinstance(value, bool))
        elif kind is float:
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        else:  # tuple[str, ...]: a YAML list of strings
            ok = isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)
        if not ok:
            what = _TYPE_WORDS.get(kind, "a list of strings")
            return f"option {f.name!r} must be {what}, not {value!r}"
    return None
