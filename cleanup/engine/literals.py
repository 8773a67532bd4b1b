"""Required literals: strings of which every match of a regex must contain at least one.

A rule whose pattern needs "share" or "comment" cannot match a line holding neither, so one cheap
substring pass over the document (see `LiteralIndex`) tells which lines each pattern needs to be tried on.
Most lines of an article hold none of a pack's literals, and skipping the regex calls for them is where
the boilerplate detector's time went. The literals come from the stdlib regex parser, so they are derived
from the patterns themselves and can never drift from them; a pattern the parser cannot read, or one that
can match without any fixed text (`\\d+/\\d+`), has no literals and is always tried.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import Any

import ahocorasick_rs

_parser = re._parser  # type: ignore[attr-defined]
_c = re._constants  # type: ignore[attr-defined]

# One-character literals narrow nothing down ("a", "-") unless they are rare symbols ("@", "©", "»").
_COMMON_CHARS = set(" .,;'’\"-")
# A character class of at most this many characters counts as that many one-character literals.
MAX_CLASS = 12
# Alternations can multiply (a|b)(c|d)...; past this many strings a literal set is not worth keeping.
MAX_ALTERNATIVES = 150

Literals = frozenset[str] | None


@cache
def parse(pattern: str) -> Any:
    """The stdlib parse tree of a case-insensitive pattern, or None for syntax only `regex` reads.

    Cached: the boilerplate detector asks for each pattern's literals, leading literals and width."""
    try:
        return _parser.parse(pattern, re.IGNORECASE)
    except (re.error, RecursionError, OverflowError):
        return None


def required_literals(pattern: str) -> Literals:
    """Lowercase strings, one of which occurs in every (case-insensitive) match; None if there are none."""
    parsed = parse(pattern)
    if parsed is None:
        return None  # `regex`-only syntax: no literals, always tried
    found = _sequence(list(parsed))
    if not found or not all(map(_selective, found)):
        return None
    return frozenset(found)


def leading_literals(pattern: str) -> Literals:
    """Lowercase strings, one of which every match starts with ("by" for "By [A-Z]..."); None if unknown.

    A whole-line or prefix pattern can then only match a line that starts with one of them, which rules
    out far more lines than the literal occurring anywhere in them."""
    parsed = parse(pattern)
    if parsed is None:
        return None
    found = _leading(list(parsed))
    return frozenset(found) if found and all(map(_selective, found)) else None


def _leading(items: list) -> set[str] | None:  # type: ignore[type-arg]
    run: set[str] = {""}
    for op, value in items:
        chars = _chars(op, value)
        if chars is not None:
            if len(run) * len(chars) > MAX_ALTERNATIVES:
                break
            run = {prefix + char for prefix in run for char in chars}
            continue
        if op is _c.AT:
            continue
        inner: set[str] | None = None
        if op is _c.SUBPATTERN:
            inner = _leading(list(value[-1]))
        elif op is _c.BRANCH:
            inner = set()
            for branch in value[1]:
                found = _leading(list(branch))
                if not found or not all(found):
                    inner = None
                    break
                inner |= found
        elif op in _REPEATS and value[0] >= 1:
            inner = _leading(list(value[2]))
        if inner and all(inner) and len(run) * len(inner) <= MAX_ALTERNATIVES:
            run = {prefix + start for prefix in run for start in inner}
        break  # past a group, a class run or a repeat, what comes next is not at a known position
    return run if run != {""} else None


def _selective(literal: str) -> bool:
    if len(literal) >= 2:
        return True
    return not (literal.isalnum() or literal.isspace() or literal in _COMMON_CHARS)


def _weight(literal: str) -> int:
    """How rare a literal is in prose, roughly: its length, with symbols ("/", "@", "©") counting triple."""
    return sum(1 if char.isalnum() or char.isspace() or char in _COMMON_CHARS else 3 for char in literal)


def _rank(literals: frozenset[str]) -> tuple[int, int]:
    """Rarest commonest string first, then fewer strings; unselective sets last."""
    if not all(map(_selective, literals)):
        return (-1, -len(literals))
    return (min(map(_weight, literals)), -len(literals))


def _better(a: Literals, b: Literals) -> Literals:
    """The more selective of two requirements (see `_rank`)."""
    if a is None:
        return b
    if b is None:
        return a
    return a if _rank(a) >= _rank(b) else b


def _sequence(items: list) -> Literals:  # type: ignore[type-arg]
    """The best requirement of a sequence. Adjacent fixed characters (and small classes, as a product:
    "B[yY]" -> {"by"}, "\\d[/.]" -> {"1/", "1.", ...}) build up strings; other items contribute their own."""
    best: Literals = None
    run: set[str] = {""}

    def close_run() -> None:
        nonlocal best, run
        if run != {""}:
            best = _better(best, frozenset(run))
        run = {""}

    def extend(chars: frozenset[str]) -> None:
        nonlocal run
        if len(run) * len(chars) > MAX_ALTERNATIVES:
            close_run()
        run = {prefix + char for prefix in run for char in chars}

    for op, value in items:
        chars = _chars(op, value)
        if chars is not None:
            extend(chars)
            continue
        if op is _c.AT:  # anchors and \b take no characters: a run continues across them
            continue
        if op in _REPEATS and value[0] >= 1:
            body = list(value[2])
            inner = _chars(*body[0]) if len(body) == 1 else None
            if inner is not None:
                for _ in range(min(value[0], 2)):  # "\d{4}" -> two digits are enough to look for
                    extend(inner)
                if value[0] != value[1] or value[0] > 2:
                    close_run()  # what follows is not right after the characters taken
                continue
        close_run()
        best = _better(best, _item(op, value))
    close_run()
    return best


def _chars(op, value) -> frozenset[str] | None:  # type: ignore[no-untyped-def]
    """The characters one item matches, when it is one character from a small set."""
    if op is _c.LITERAL:
        return frozenset({chr(value).lower()})
    if op is _c.IN:
        return _class_chars(value)
    if op is _c.CATEGORY and value is _c.CATEGORY_DIGIT:
        return _DIGITS
    return None


_DIGITS = frozenset("0123456789")
_REPEATS = tuple(
    op for op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)) if op is not None
)


def _item(op, value) -> Literals:  # type: ignore[no-untyped-def]
    if op is _c.SUBPATTERN:
        return _sequence(list(value[-1]))
    if op is _c.BRANCH:
        union: set[str] = set()
        for branch in value[1]:
            found = _sequence(list(branch))
            if not found:
                return None  # one branch needs nothing, so the alternation needs nothing
            union |= found
        return frozenset(union) if len(union) <= MAX_ALTERNATIVES else None
    if op in _REPEATS:
        return _sequence(list(value[2])) if value[0] >= 1 else None
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _sequence(list(value))
    return None  # classes, categories, lookarounds, back-references: no fixed text


# What `re.IGNORECASE` matches that lowercasing does not show to a plain substring search: decimal digits
# other than 0-9 (\\d matches "٣"), and letters `re` equates with an ASCII one (dotless i, long s, Kelvin).
# Lone surrogates (possible in text decoded with surrogateescape) are replaced as well.
_FOLDS = {"\u0131": "i", "\u017f": "s", "\u212a": "k"}
_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")


def _unfolded(lowered: str) -> str:
    """`lowered` with those characters replaced one for one, so offsets stay put."""
    odd = [c for c in set(_ASCII_RUNS.sub("", lowered)) if c in _FOLDS or c.isdecimal() or _surrogate(c)]
    if not odd:
        return lowered
    return lowered.translate({ord(c): _FOLDS.get(c) or _replacement(c) for c in odd})


def _surrogate(char: str) -> bool:
    return "\ud800" <= char <= "\udfff"


def _replacement(char: str) -> str:
    # A lone surrogate cannot cross into Rust as UTF-8; no literal contains one, so any stand-in will do.
    return "\ufffd" if _surrogate(char) else str(unicodedata.decimal(char))


def _class_chars(items: list, limit: int = MAX_CLASS) -> Literals:  # type: ignore[type-arg]
    """The characters of a small positive class such as [»›] (None for negated, wide or category classes)."""
    chars: set[str] = set()
    for op, value in items:
        if op is _c.LITERAL:
            chars.add(chr(value).lower())
        elif op is _c.CATEGORY and value is _c.CATEGORY_DIGIT:
            chars.update(_DIGITS)
        elif op is _c.RANGE and value[1] - value[0] < limit:
            chars.update(chr(c).lower() for c in range(value[0], value[1] + 1))
        else:
            return None
    return frozenset(chars) if 0 < len(chars) <= limit else None


def class_characters(pattern: str, limit: int = 256) -> Literals:
    """For a pattern that is one positive character class ("[\\x00-\\x08\\x7f]"), its characters: one of
    them occurs in every match. Wider than MAX_CLASS allows, for rules whose class is all rare characters."""
    parsed = parse(pattern)
    if parsed is None or len(parsed) != 1:
        return None
    op, value = parsed[0]
    return _class_chars(list(value), limit) if op is _c.IN else None


class LiteralIndex:
    """Finds every literal of many patterns in one pass over a lowercased text (Aho-Corasick, in Rust)."""

    def __init__(self, literals: Iterable[str]) -> None:
        self.literals = sorted(set(literals))
        # A DFA takes a few ms more to build and searches twice as fast as the default NFA (measured).
        self._automaton = (
            ahocorasick_rs.AhoCorasick(self.literals, implementation=ahocorasick_rs.Implementation.DFA)
            if self.literals
            else None
        )

    def matches(self, lowered: str) -> list[tuple[int, int, int]]:
        """(literal number in `literals`, start, end) for every occurrence, overlapping ones included, in
        `lowered`: a lowercased text of the same length as the original, so offsets point into both."""
        if self._automaton is None:
            return []
        if not lowered.isascii():
            lowered = _unfolded(lowered)
        return self._automaton.find_matches_as_indexes(lowered, overlapping=True)

    def positions(self, lowered: str) -> dict[str, list[int]]:
        """literal -> start offsets in `lowered`."""
        found: dict[str, list[int]] = {}
        for number, start, _end in self.matches(lowered):
            found.setdefault(self.literals[number], []).append(start)
        return found
