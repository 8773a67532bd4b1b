"""The boilerplate pattern families of rules/boilerplate/*.yml, compiled and gated for fast matching.

Each pattern of each group is one `Entry`, compiled on first use. Most lines of an article can match none
of them, and a pattern is only worth trying on a line that holds one of its required literals:
one Aho-Corasick pass over the document finds every literal, so a line is tried against the few patterns
whose literals it holds instead of an alternation of all of them (measured 4x less regex time).
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import regex

from cleanup import derived
from cleanup.document import Document
from cleanup.engine import literals as literals_module
from cleanup.engine.literals import LiteralIndex, leading_literals, parse, required_literals

# How each kind of pattern group is anchored. Whole-line kinds make the entire line boilerplate; glued
# kinds (prefix, suffix) remove only what they match and keep the rest of the paragraph.
ANCHORS = {
    "line": "\\s*(?:{})\\s*",  # fullmatch
    "contains": "(?:{})",  # search
    "ends_with": "(?:{})\\s*$",  # match, right to left, in the line's last 200 characters
    "prefix": "\\s*(?:{})",  # match at the start
    "suffix": "(?:{})\\s*$",  # match, right to left
}
GROUP_KINDS = tuple(ANCHORS)
SPLIT = "split_after"  # a caption that ends at its credit, with article text after it
# Matched right to left ((?r)): `match` then anchors at the line's end, where these must end anyway; a
# `search` would try every position of the line (measured 40x slower on a 600-character tail).
_REVERSED = ("ends_with", "suffix")
_FLAGS = regex.IGNORECASE | regex.VERSION0
_TIMEOUT = 2.0
UNBOUNDED = 1 << 30


@dataclass(frozen=True)
class Group:
    kind: str
    cls: str
    confidence: float
    min_length: int
    max_length: int
    needles: tuple[str, ...] = ()  # one must occur (lowercased) before the regex is worth running

    def admits(self, text: str, lowered: str) -> bool:
        """`lowered`: text.lower(), computed once by the caller for all the groups it asks."""
        if not self.min_length <= len(text) <= self.max_length:
            return False
        return not self.needles or any(needle in lowered for needle in self.needles)


@dataclass(frozen=True)
class Entry:
    """One pattern of one group. Entries are numbered most confident first, so the first entry that
    matches a line is the most confident evidence of its kind."""

    group: Group
    source: str

    @cached_property
    def compiled(self) -> Any:
        anchored = ANCHORS[self.group.kind].format(self.source)
        if self.group.kind in _REVERSED:
            return regex.compile("(?r)" + anchored, _FLAGS)
        try:  # stdlib `re` matches these anchored patterns about twice as fast; `regex` when syntax needs it
            return re.compile(anchored, re.IGNORECASE)
        except re.error:
            return regex.compile(anchored, _FLAGS)

    def match(self, method: str, text: str) -> Any:
        pattern = self.compiled
        if isinstance(pattern, re.Pattern):
            return getattr(pattern, method)(text)
        try:
            return getattr(pattern, method)(text, timeout=_TIMEOUT)
        except TimeoutError:
            return None


@dataclass(frozen=True)
class Patterns:
    entries: tuple[Entry, ...]
    by_kind: dict[str, tuple[int, ...]]  # kind -> its entry numbers, in order
    split_after: tuple[tuple[str, regex.Pattern], ...]  # (class, pattern)
    split_entry: int | None  # the pseudo-entry that gates split_after
    # By literal number in `index.literals`: (entry, widest line it can match) for each entry the literal
    # gates, wherever the literal occurs in a line (`anywhere`) or where a line starts with it (`leading`).
    index: LiteralIndex
    anywhere: tuple[tuple[tuple[int, int], ...], ...]
    leading: tuple[tuple[tuple[int, int], ...], ...]
    # Literal-free entries (entry, width), widest first, tried on every line no wider than they can match.
    always: tuple[tuple[int, int], ...]

    def by_kind_of(self, ids: set[int]) -> dict[str, list[Entry]]:
        """The entries `ids` grouped by kind, each list most confident first."""
        found: dict[str, list[Entry]] = {}
        for number in sorted(ids):
            entry = self.entries[number]
            found.setdefault(entry.group.kind, []).append(entry)
        return found

    def every_entry(self) -> set[int]:
        return set(range(len(self.entries)))


def _family_patterns(families: tuple) -> list[str]:  # type: ignore[type-arg]
    found: list[str] = []
    for options in families:
        for kind in GROUP_KINDS:
            for group in options.get(kind) or ():
                found.extend(group["patterns"])
        if options.get(SPLIT):
            found.extend(options[SPLIT]["patterns"])
    return found


def _computed_facts(pattern: str) -> list:  # type: ignore[type-arg]
    """[leading literals, required literals, widest match] of one pattern (sorted lists, or None)."""
    leading, required, parsed = leading_literals(pattern), required_literals(pattern), parse(pattern)
    width = UNBOUNDED
    if parsed is not None:
        with contextlib.suppress(OverflowError, RecursionError):
            width = min(UNBOUNDED, parsed.getwidth()[1])
    return [sorted(leading) if leading else None, sorted(required) if required else None, width]


def _valid_facts(facts: object, patterns: list[str]) -> bool:
    def literals(value: object) -> bool:
        return value is None or (isinstance(value, list) and all(isinstance(v, str) for v in value))

    return (
        isinstance(facts, dict)
        and set(facts) == set(patterns)
        and all(
            isinstance(f, list) and len(f) == 3 and literals(f[0]) and literals(f[1]) and type(f[2]) is int
            for f in facts.values()
        )
    )


def pattern_facts(families: tuple) -> dict[str, list]:  # type: ignore[type-arg]
    """Each pattern's literals and width. The stdlib parser takes ~80 ms over the packs on every start,
    so the table is kept in the user's cache folder under a key of the patterns and of the code that
    derives them (cleanup/engine/literals.py and this file): a stale table is never read."""
    patterns = _family_patterns(families)
    sources = (literals_module.__file__, __file__)
    code = b"".join(Path(source).read_bytes() for source in sources if source)
    name = f"pattern-facts-{derived.digest(code, json.dumps(patterns))}.json"
    stored = derived.load_json(name)
    if _valid_facts(stored, patterns):
        return stored  # type: ignore[no-any-return]
    facts = {pattern: _computed_facts(pattern) for pattern in patterns}
    derived.store_json(name, facts)
    return facts


def compile_families(families: tuple) -> Patterns:  # type: ignore[type-arg]
    """Entries for every pattern of every class pack (`families`: each BP pack's options)."""
    facts = pattern_facts(families)
    ranked: list[tuple[float, int, Entry, tuple[frozenset[str], bool]]] = []  # (rank..., literals)
    splits = []
    split_literals: list[str] | None = []
    for options in families:
        cls = options["class"]
        for kind in GROUP_KINDS:
            for group in options.get(kind) or ():
                needles = tuple(str(n).lower() for n in group.get("needles") or ())
                longest = int(group.get("max_length", UNBOUNDED))
                bounds = (int(group.get("min_length", 0)), UNBOUNDED if longest >= 1200 else longest)
                compiled_group = Group(kind, cls, float(group["confidence"]), *bounds, needles)
                for pattern in group["patterns"]:
                    entry = Entry(compiled_group, pattern)
                    ranked.append((-compiled_group.confidence, len(ranked), entry, _literals(entry, facts)))
        if options.get(SPLIT):
            split_options = options[SPLIT]
            splits.append(
                (cls, regex.compile("|".join(f"(?:{p})" for p in split_options["patterns"]), _FLAGS))
            )
            needles = [str(n).lower() for n in split_options.get("needles") or ()]
            for pattern in split_options["patterns"]:
                found = needles or facts[pattern][1] or []
                if split_literals is not None and found:
                    split_literals.extend(found)
                else:
                    split_literals = None  # a literal-free split pattern: try splitting every line
    ranked.sort(key=lambda item: item[:2])
    entries = [entry for _, _, entry, _ in ranked]
    anywhere: dict[str, list[tuple[int, int]]] = {}
    leading: dict[str, list[tuple[int, int]]] = {}
    always: list[tuple[int, int]] = []
    for number, (_, _, entry, (literals, at_start)) in enumerate(ranked):
        width = facts[entry.source][2] if entry.group.kind == "line" else UNBOUNDED
        if not literals:
            always.append((number, width))
        for literal in literals:
            (leading if at_start else anywhere).setdefault(literal, []).append((number, width))
    split_entry = None
    if splits:
        split_entry = len(entries)
        entries.append(Entry(Group(SPLIT, "", 0.0, 0, UNBOUNDED), ""))
        if split_literals is None:
            always.append((split_entry, UNBOUNDED))
        for literal in split_literals or ():
            anywhere.setdefault(literal, []).append((split_entry, UNBOUNDED))
    always.sort(key=lambda item: -item[1])
    index = LiteralIndex([*anywhere, *leading])
    by_kind: dict[str, list[int]] = {kind: [] for kind in (*GROUP_KINDS, SPLIT)}
    for number, entry in enumerate(entries):
        by_kind[entry.group.kind].append(number)
    return Patterns(
        tuple(entries),
        {kind: tuple(numbers) for kind, numbers in by_kind.items()},
        tuple(splits),
        split_entry,
        index,
        tuple(tuple(anywhere.get(literal, ())) for literal in index.literals),
        tuple(tuple(leading.get(literal, ())) for literal in index.literals),
        tuple(always),
    )


def _literals(entry: Entry, facts: dict[str, list]) -> tuple[frozenset[str], bool]:  # type: ignore[type-arg]
    """(literals one of which a line must hold for the entry to match, whether the line must start with it).

    Whole-line and prefix patterns start at the line's first character: what they start with is the
    sharpest gate ("by" at the start of a line, not anywhere in it). A group's needles replace derivation."""
    group = entry.group
    if group.needles:
        return frozenset(group.needles), False
    leading, required, _width = facts[entry.source]
    if group.kind in ("line", "prefix") and leading:
        return frozenset(leading), True
    return frozenset(required or ()), False


def first_match(entries: list[Entry], method: str, text: str) -> tuple[Group, Any] | None:
    """The (group, match) of the first of `entries` (most confident first) that matches `text`, or None."""
    lowered = text.lower()
    for entry in entries:
        group = entry.group
        if group.admits(text, lowered):
            m = entry.match(method, text)
            if m is not None:
                return group, m
    return None


@cache
def patterns_for(key: tuple) -> Patterns:  # type: ignore[type-arg]
    return compile_families(key)


_MARKUP = "*_[#>"


def line_entries(doc: Document, patterns: Patterns) -> list[set[int]]:
    """For each line, the entries worth trying on it: those with a required literal in the line (one
    Aho-Corasick pass over the document), plus the literal-free ones wide enough for it."""
    text = doc.text
    lines = doc.lines
    lowered = doc.lowered
    if len(lowered) != len(text):
        return [patterns.every_entry() for _ in lines]  # lowercasing moved offsets: try everything
    lengths = [len(line.text.strip()) for line in lines]
    found: list[set[int]] = [set() for _ in lines]
    if patterns.always:
        widest = patterns.always[0][1]
        for index, length in enumerate(lengths):
            if length <= widest:
                found[index].update(entry for entry, width in patterns.always if length <= width)
    # Where each line's text starts, past its indentation: the only place a leading literal counts. Most
    # matches of leading literals are mid-line ("by", "we"): a dict lookup skips them.
    starts = {line.start + len(line.text) - len(line.text.lstrip()): i for i, line in enumerate(lines)}
    for i, line in enumerate(lines):  # Markdown: "**Related:**", "## Most read", "> Sign up": past the markup
        stripped = line.text.lstrip()
        if stripped[:1] in _MARKUP:
            starts[line.start + len(line.text) - len(stripped.lstrip(_MARKUP + " "))] = i
    anywhere, leading = patterns.anywhere, patterns.leading
    line_index = doc.line_index
    for number, offset, _end in patterns.index.matches(lowered):
        gates = anywhere[number]
        index = starts.get(offset) if leading[number] else None
        if index is not None:
            gates = (*gates, *leading[number])
        elif not gates:
            continue
        else:
            index = line_index(offset)
        length = lengths[index]
        found[index].update(entry for entry, width in gates if length <= width)
    return found
