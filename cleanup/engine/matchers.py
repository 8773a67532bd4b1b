"""Compile data rules (regex, substitution, line) into matchers: pure functions from a document to findings.

Patterns use the `regex` module so that every match runs under a time limit: a catastrophic pattern in a
user pack stops that rule on that file, not the whole scan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import regex

from cleanup.document import Document
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


def _flags(options: dict) -> int:
    flags = regex.VERSION0
    if options.get("ignorecase"):
        flags |= regex.IGNORECASE
    if options.get("multiline"):
        flags |= regex.MULTILINE
    return flags


def compile_matcher(spec: RuleSpec) -> Matcher | None:
    """Return the matcher for a data rule, or None for a builtin (Python) rule."""
    if spec.kind == "regex":
        return _regex_matcher(spec)
    if spec.kind == "substitution":
        return _substitution_matcher(spec)
    if spec.kind == "line":
        return _line_matcher(spec)
    return None


def _finditer(spec: RuleSpec, pattern: regex.Pattern, text: str) -> Iterator[regex.Match]:
    try:
        yield from pattern.finditer(text, timeout=REGEX_TIMEOUT_SECONDS)
    except TimeoutError:
        raise RuleTimeout(spec.code) from None


def _regex_matcher(spec: RuleSpec) -> Matcher:
    options = spec.options
    if not isinstance(options.get("pattern"), str):
        raise TypeError("a regex rule needs a string `pattern`")
    pattern = regex.compile(options["pattern"], _flags(options))
    before = (
        regex.compile(f"(?:{options['unless_before']})\\Z", _flags(options))
        if options.get("unless_before")
        else None
    )
    after = regex.compile(options["unless_after"], _flags(options)) if options.get("unless_after") else None
    template = spec.fix.replacement

    def match(doc: Document) -> Iterator[Finding]:
        text = doc.text
        for m in _finditer(spec, pattern, text):
            if m.start() == m.end():
                continue
            if before is not None and before.search(text, max(0, m.start() - 60), m.start()):
                continue
            if after is not None and after.match(text, m.end(), min(len(text), m.end() + 60)):
                continue
            fix = None
            replacement = None
            if spec.fix.safety != "none" and template is not None:
                replacement = m.expand(template)
                fix = Fix(replacement, spec.fix.safety)  # type: ignore[arg-type]
            message = format_message(
                spec.message,
                text=m.group(0),
                replacement=replacement,
                context=_context(text, m.start(), m.end()),
            )
            yield Finding(spec.code, m.start(), m.end(), message, fix)

    return match


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
    swap = spec.options.get("swap")
    if not isinstance(swap, dict) or not swap:
        raise TypeError("a substitution rule needs a non-empty `swap` mapping")
    ignorecase = spec.options.get("ignorecase", True)
    table = {(k.lower() if ignorecase else k): v for k, v in swap.items() if k != "__line__"}
    alternation = "|".join(regex.escape(k) for k in sorted(table, key=len, reverse=True))
    # A leading \b lets the engine skip to word starts; the lookarounds keep "co-operation" whole.
    pattern = regex.compile(rf"\b(?<![\w-])(?:{alternation})(?![\w-])")
    # Case-insensitive phrases are matched on a lowercased copy (same offsets), which is much faster than
    # an IGNORECASE alternation. Text whose length lowercasing changes falls back to IGNORECASE.
    folded_pattern = regex.compile(rf"\b(?<![\w-])(?:{alternation})(?![\w-])", regex.IGNORECASE)

    def match(doc: Document) -> Iterator[Finding]:
        text = doc.text
        if ignorecase:
            lowered = doc.cache.get("lowered")
            if lowered is None:
                lowered = doc.cache["lowered"] = text.lower()
            hits = (
                _finditer(spec, pattern, lowered)
                if len(lowered) == len(text)
                else _finditer(spec, folded_pattern, text)
            )
        else:
            hits = _finditer(spec, pattern, text)
        for m in hits:
            found = text[m.start() : m.end()]
            good = table[found.lower() if ignorecase else found]
            replacement = match_case(found, good) if ignorecase else good
            fix = Fix(replacement, spec.fix.safety) if spec.fix.safety != "none" else None  # type: ignore[arg-type]
            message = format_message(spec.message, text=found, replacement=replacement)
            yield Finding(spec.code, m.start(), m.end(), message, fix)

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
