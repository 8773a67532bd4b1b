"""Compile data rules (regex, substitution, line) into matchers: pure functions from a document to findings.

User packs run on the `regex` module so that every match has a time limit: a catastrophic pattern stops
that rule on that file, not the whole scan. The built-in packs, which the test suite exercises, use the
stdlib `re` where it is measurably faster (see `_compile`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

import ahocorasick_rs
import regex

from cleanup.document import Document
from cleanup.engine.literals import class_characters, required_literals
from cleanup.findings import Finding, Fix
from cleanup.textutil import format_message, line_removal_span, match_case

if TYPE_CHECKING:
    from cleanup.engine.packs import RuleSpec

REGEX_TIMEOUT_SECONDS = 2.0

Matcher = Callable[[Document], Iterator[Finding]]


class RuleTimeout(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(f"rule {code} timed out after {REGEX_TIMEOUT_SECONDS:g}s and was skipped")
        self.code = code


def _compile(spec: RuleSpec, pattern: str, options: dict) -> Any:
    """Built-in (tested) packs may use stdlib `re`; user packs always use `regex`, with its time limit.

    Measured on news articles: `re` scans 2-3x faster for patterns that start with a character class, but
    `regex` is up to 40x faster for patterns that start with a word boundary or a lookbehind.
    """
    if spec.builtin and not pattern.startswith(("\\b", "(?<", "(?:\\b")):
        flags = (re.IGNORECASE if options.get("ignorecase") else 0) | (
            re.MULTILINE if options.get("multiline") else 0
        )
        try:
            return re.compile(pattern, flags)
        except re.error:
            pass
    flags = regex.VERSION0
    if options.get("ignorecase"):
        flags |= regex.IGNORECASE
    if options.get("multiline"):
        flags |= regex.MULTILINE
    return regex.compile(pattern, flags)


def compile_matcher(spec: RuleSpec) -> Matcher | None:
    """Return the matcher for a data rule, or None for a builtin (Python) rule."""
    if spec.kind == "regex":
        return _regex_matcher(spec)
    if spec.kind == "substitution":
        return _substitution_matcher(spec)
    if spec.kind == "line":
        return _line_matcher(spec)
    return None


def _finditer(spec: RuleSpec, pattern: Any, text: str) -> Iterator[Any]:
    if isinstance(pattern, re.Pattern):
        yield from pattern.finditer(text)
        return
    try:
        yield from pattern.finditer(text, timeout=REGEX_TIMEOUT_SECONDS)
    except TimeoutError:
        raise RuleTimeout(spec.code) from None


def _context_hit(spec: RuleSpec, pattern: Any, method: str, text: str, start: int, end: int) -> bool:
    """A context pattern (`unless_before`, `if_before`, `unless_after`) tried on its window, under the same
    time limit as the main pattern: a catastrophic user pattern skips its rule instead of hanging."""
    if isinstance(pattern, re.Pattern):
        return getattr(pattern, method)(text, start, end) is not None
    try:
        return getattr(pattern, method)(text, start, end, timeout=REGEX_TIMEOUT_SECONDS) is not None
    except TimeoutError:
        raise RuleTimeout(spec.code) from None


class GateIndex:
    """Which of the regex rules' gate strings occur in a document, found for all rules in one Aho-Corasick
    pass. Testing each rule's strings with `in` cost 3-6 us per string on a 4 KB article (more when the
    text holds non-Latin-1 characters), ~0.3 ms per article over all rules; the shared pass costs ~40 us.

    The strings are lowercase and looked for in the lowercased text with a line break added at both ends,
    so that needles can test line starts and ends ("\n "). Literals derived from the patterns are lowercase
    already; a rule's needles are lowercased ("Jan" -> "jan"), which only widens them: wherever a needle
    occurs in the text, its lowercase form occurs in the lowercased text."""

    def __init__(self) -> None:
        self.strings: set[str] = set()
        self._ordered: list[str] = []
        self._automaton: ahocorasick_rs.AhoCorasick | None = None

    def add(self, strings: Iterable[str]) -> None:
        new = set(strings) - self.strings
        if new:
            self.strings |= new
            self._automaton = None  # rebuilt on next use

    def found(self, doc: Document) -> set[str]:
        if self._automaton is None:
            self._ordered = sorted(self.strings)
            self._automaton = ahocorasick_rs.AhoCorasick(
                self._ordered, implementation=ahocorasick_rs.Implementation.DFA
            )
        cached = doc.cache.get("gate-strings")
        if isinstance(cached, tuple) and cached[0] is self._automaton:
            return cached[1]
        # Lone surrogates cannot cross into Rust; safe_text replaces them one for one (and no gate string
        # holds a surrogate or U+FFFD, so presence is unchanged).
        haystack = f"\n{doc.safe_lowered}\n"
        ordered = self._ordered
        found = {
            ordered[number]
            for number, _, _ in self._automaton.find_matches_as_indexes(haystack, overlapping=True)
        }
        doc.cache["gate-strings"] = (self._automaton, found)
        return found


GATES = GateIndex()


def _regex_matcher(spec: RuleSpec) -> Matcher:
    options = spec.options
    if not isinstance(options.get("pattern"), str):
        raise TypeError("a regex rule needs a string `pattern`")
    pattern = _compile(spec, options["pattern"], options)
    before = (
        _compile(spec, f"(?:{options['unless_before']})\\Z", options)
        if options.get("unless_before")
        else None
    )
    required = _compile(spec, f"(?:{options['if_before']})\\Z", options) if options.get("if_before") else None
    after = _compile(spec, options["unless_after"], options) if options.get("unless_after") else None
    needles = options.get("needles") or ()
    gate = frozenset(str(needle).lower() for needle in needles) or _gate_literals(options["pattern"])
    GATES.add(gate)
    words = options.get("words")
    if words is not None and (not isinstance(words, dict) or "word" not in pattern.groupindex):
        raise TypeError("`words` needs a mapping and a pattern with a group named `word`")
    # Looked up case-blind, as an `ignorecase` pattern may match "MIO" for "Mio".
    word_fixes = {str(k).lower(): str(v) for k, v in (words or {}).items()}
    template = spec.fix.replacement

    def match(doc: Document) -> Iterator[Finding]:
        text = doc.text
        if gate and gate.isdisjoint(GATES.found(doc)):
            return
        for m in _finditer(spec, pattern, text):
            if m.start() == m.end():
                continue
            window = max(0, m.start() - 200)
            if before is not None and _context_hit(
                spec, before, "search", text, max(0, m.start() - 60), m.start()
            ):
                continue
            if required is not None and not _context_hit(spec, required, "search", text, window, m.start()):
                continue
            if after is not None and _context_hit(
                spec, after, "match", text, m.end(), min(len(text), m.end() + 60)
            ):
                continue
            fix = None
            replacement = None
            if spec.fix.safety != "none" and template is not None:
                replacement = m.expand(template)
                if words is not None:
                    word = word_fixes.get(m.group("word").lower())
                    # A word the mapping lacks has no sound fix: the finding stands without one.
                    replacement = None if word is None else replacement.replace("{word}", word)
                fix = None if replacement is None else Fix(replacement, spec.fix.safety)  # type: ignore[arg-type]
            message = format_message(
                spec.message,
                text=m.group(0),
                replacement=replacement,
                context=_context(text, m.start(), m.end()),
            )
            yield Finding(spec.code, m.start(), m.end(), message, fix)

    return match


# The gate strings are found in one shared pass, so a large set costs little; past this size it would
# only slow building the automaton.
MAX_GATE_LITERALS = 256


def _gate_literals(pattern: str) -> frozenset[str]:
    """Lowercase strings one of which every match contains (see cleanup.engine.literals), so a document
    holding none of them cannot match and the regex scan is skipped. Most articles have no "clock", no
    "since " and no " euro", and the scan of a 4 KB article costs 10-30 us per rule. A rule's own
    `needles` (for what the parser cannot see through) take precedence."""
    literals = required_literals(pattern) or class_characters(pattern)
    if literals is None or len(literals) > MAX_GATE_LITERALS:
        return frozenset()
    return literals


def _context(text: str, start: int, end: int) -> str:
    """The match widened to whole whitespace-separated tokens, for messages ("March,2019")."""
    left = start
    while left > 0 and not text[left - 1].isspace() and start - left < 30:
        left -= 1
    right = end
    while right < len(text) and not text[right].isspace() and right - end < 30:
        right += 1
    return text[left:right]


def _substitution_matcher(spec: RuleSpec) -> Matcher:
    """Phrase lists: every phrase is found in one Aho-Corasick pass over the text (in Rust), then checked
    for word boundaries. Much faster than a large alternation, or than screening phrases by their words."""
    swap = spec.options.get("swap")
    if not isinstance(swap, dict) or not swap:
        raise TypeError("a substitution rule needs a non-empty `swap` mapping")
    ignorecase = spec.options.get("ignorecase", True)
    table = {(k.lower() if ignorecase else k): v for k, v in swap.items() if k != "__line__"}
    # Phrases that count only in this exact casing: "Joined States" is a spun name, "joined states" a verb
    # and its object ("Ohio joined states suing the agency").
    exact = {
        str(k).lower() if ignorecase else str(k): str(k)
        for k in spec.options.get("case_sensitive_keys") or ()
    }
    if not set(exact) <= set(table):
        raise TypeError("every `case_sensitive_keys` entry must be a `swap` phrase")
    phrases = sorted(table)
    if "" in table:
        raise TypeError("a substitution rule's `swap` phrases must not be empty")
    automaton = ahocorasick_rs.AhoCorasick(phrases, implementation=ahocorasick_rs.Implementation.DFA)
    # Leftmost-longest, non-overlapping: the selection `match` makes, found directly. Its search skips ahead
    # to likely matches (overlapping search cannot), measured 7x faster on news articles.
    leftmost = ahocorasick_rs.AhoCorasick(phrases, matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_LONGEST)

    def acceptable(text: str, start: int, end: int, phrase: str) -> bool:
        """Whole words, and in the exact casing where the rule asks for it."""
        before = text[start - 1] if start > 0 else " "
        after = text[end] if end < len(text) else " "
        if before.isalnum() or before in "_-" or after.isalnum() or after in "_-":
            return False
        return exact.get(phrase, text[start:end]) == text[start:end]

    def haystack_of(doc: Document) -> str | None:
        """The text to search (lowercased when case-blind), or None when lowercasing changed its length."""
        text = doc.safe_text  # lone surrogates cannot cross into Rust; replaced one for one
        haystack = doc.safe_lowered if ignorecase else text
        return haystack if len(haystack) == len(text) else None

    def every_occurrence(doc: Document, haystack: str | None) -> list[tuple[int, int, str]]:
        """(start, end, phrase) of every occurrence, overlapping ones included."""
        if haystack is not None:
            found = automaton.find_matches_as_indexes(haystack, overlapping=True)
            return [(start, end, phrases[number]) for number, start, end in found]
        # Lowercasing changed the length (a few scripts do): offsets differ, so search case-blind.
        return [
            (*m.span(), phrase)
            for phrase in phrases
            for m in regex.finditer(regex.escape(phrase), doc.text, regex.IGNORECASE)
        ]

    def selected(doc: Document) -> list[tuple[int, int, str]]:
        """Acceptable occurrences, longest first at the same place, then left to right; of overlapping ones
        the first is kept."""
        text, haystack = doc.text, haystack_of(doc)
        if haystack is not None:
            quick = [(start, end, phrases[n]) for n, start, end in leftmost.find_matches_as_indexes(haystack)]
            # When every leftmost-longest match is acceptable, it is exactly the selection below: each is the
            # earliest and longest of all occurrences from where the previous one ended.
            if all(acceptable(text, *hit) for hit in quick):
                return quick
        hits = [hit for hit in every_occurrence(doc, haystack) if acceptable(text, *hit)]
        hits.sort(key=lambda hit: (hit[0], -(hit[1] - hit[0])))
        kept: list[tuple[int, int, str]] = []
        for hit in hits:
            if not kept or hit[0] >= kept[-1][1]:
                kept.append(hit)
        return kept

    def match(doc: Document) -> Iterator[Finding]:
        text = doc.text
        for start, end, phrase in selected(doc):
            found = text[start:end]
            good = table[phrase]
            replacement = match_case(found, good) if ignorecase else good
            fix = Fix(replacement, spec.fix.safety) if spec.fix.safety != "none" else None  # type: ignore[arg-type]
            message = format_message(spec.message, text=found, replacement=replacement)
            yield Finding(spec.code, start, end, message, fix)

    return match


def _line_matcher(spec: RuleSpec) -> Matcher:
    lines = spec.options.get("lines")
    if not isinstance(lines, list) or not lines:
        raise TypeError("a line rule needs a non-empty `lines` list")
    flags = regex.IGNORECASE if spec.options.get("ignorecase", True) else 0
    pattern = regex.compile(r"\s*(?:" + "|".join(f"(?:{p})" for p in lines) + r")\s*", flags)
    max_length = int(spec.options.get("max_length", 200))

    def match(doc: Document) -> Iterator[Finding]:
        for index, line in enumerate(doc.lines):
            if not line.text.strip() or len(line.text) > max_length:
                continue
            try:
                hit = pattern.fullmatch(line.text, timeout=REGEX_TIMEOUT_SECONDS)
            except TimeoutError:
                raise RuleTimeout(spec.code) from None
            if hit is None:
                continue
            start, end = line_removal_span(doc, index, index)
            fix = Fix("", spec.fix.safety) if spec.fix.safety != "none" else None  # type: ignore[arg-type]
            yield Finding(spec.code, start, end, format_message(spec.message, text=line.text.strip()), fix)

    return match
