"""The document model: decoded text segmented into lines, paragraphs and sentences, with offsets.

Offsets are Python str indices (code points) into `Document.text`. Lines and columns are 1-based.
Sentences are computed lazily because only some detectors need them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cached_property
from typing import NamedTuple

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SURROGATE = re.compile("[\ud800-\udfff]")


class Span(NamedTuple):
    """A stretch of the document: offsets and its text. A NamedTuple, not a frozen dataclass: an article
    makes a few hundred (lines, blocks, sentences), and a frozen dataclass costs 1.7x as much to create."""

    start: int
    end: int
    text: str


class Document:
    def __init__(self, text: str, path: str = "<string>", encoding: str = "utf-8") -> None:
        self.text = text
        self.path = path
        self.encoding = encoding  # how the file was decoded (it is written back the same way)
        # Derived facts shared by several detectors (language guess, tokens ...), computed once.
        self.cache: dict[str, object] = {}

    def release(self) -> None:
        """Drop every derived fact (the cache and the cached lines, blocks, sentences, lowered text): they
        are cheap to recompute, and held for every file of a run they cost several times the text."""
        self.cache.clear()
        for name in _DERIVED:
            self.__dict__.pop(name, None)

    @cached_property
    def safe_text(self) -> str:
        """The text with lone surrogates (undecodable garbage) replaced by U+FFFD, one code point for one,
        so offsets stay valid. For libraries in C or Rust, which refuse surrogates."""
        if not _SURROGATE.search(self.text):
            return self.text
        return _SURROGATE.sub("\ufffd", self.text)

    @cached_property
    def lowered(self) -> str:
        """The text lowercased, for case-insensitive screens (the length can differ: "İ" gives two)."""
        return self.text.lower()

    @cached_property
    def safe_lowered(self) -> str:
        """`safe_text` lowercased, for case-blind searches in Rust (the same string as `lowered` unless
        lone surrogates had to be replaced)."""
        return self.lowered if self.safe_text is self.text else self.safe_text.lower()

    @cached_property
    def lines(self) -> list[Span]:
        """Every line without its line break, blank lines included."""
        spans: list[Span] = []
        pos = 0
        if "\r" not in self.text:  # the usual case after decoding: a plain split is much faster
            for line in self.text.split("\n"):
                spans.append(Span(pos, pos + len(line), line))
                pos += len(line) + 1
            return spans
        for match in _LINE_BREAK.finditer(self.text):
            spans.append(Span(pos, match.start(), self.text[pos : match.start()]))
            pos = match.end()
        spans.append(Span(pos, len(self.text), self.text[pos:]))
        return spans

    @cached_property
    def fenced(self) -> list[tuple[int, int]]:
        """Spans of fenced code blocks (``` or ~~~ lines and what they enclose): never changed."""
        if "```" not in self.text and "~~~" not in self.text:
            return []
        spans: list[tuple[int, int]] = []
        opened: Span | None = None
        for line in self.lines:
            fence = line.text.lstrip()[:3]
            if fence not in ("```", "~~~"):
                continue
            if opened is None:
                opened = line
            elif line.text.lstrip().startswith(opened.text.lstrip()[:3]):
                spans.append((opened.start, line.end))
                opened = None
        if opened is not None:  # an unclosed fence runs to the end, as Markdown renders it
            spans.append((opened.start, len(self.text)))
        return spans

    @cached_property
    def _line_starts(self) -> list[int]:
        return [line.start for line in self.lines]

    @cached_property
    def paragraphs(self) -> list[Span]:
        """Runs of non-blank lines. Scraped news often has one paragraph per line."""
        paragraphs: list[Span] = []
        first = last = None
        for line in self.lines:
            if line.text and not line.text.isspace():
                if first is None:
                    first = line
                last = line
            elif first is not None and last is not None:
                paragraphs.append(Span(first.start, last.end, self.text[first.start : last.end]))
                first = last = None
        if first is not None and last is not None:
            paragraphs.append(Span(first.start, last.end, self.text[first.start : last.end]))
        return paragraphs

    @cached_property
    def blocks(self) -> list[Span]:
        """Units that sentences never cross: each line, except in hard-wrapped paragraphs.

        Scraped news puts one paragraph per line, so a line break ends a sentence (headlines and captions
        have no full stop). A hard-wrapped paragraph (Markdown at 72-100 columns) continues its sentences
        across lines, so it stays whole.
        """
        blocks: list[Span] = []
        for paragraph in self.paragraphs:
            if "\n" not in paragraph.text:
                blocks.append(paragraph)
                continue
            lines = paragraph.text.split("\n")
            if _hard_wrapped(lines):
                blocks.append(paragraph)
                continue
            pos = paragraph.start
            for line in lines:
                blocks.append(Span(pos, pos + len(line), line))
                pos += len(line) + 1
        return blocks

    @cached_property
    def sentences(self) -> list[Span]:
        """Sentences from the sentencex segmenter, whitespace-trimmed, never crossing a block."""
        spans: list[Span] = []
        for block in self.blocks:
            spans.extend(self.sentences_of(block))
        return spans

    def sentences_of(self, block: Span) -> list[Span]:
        """The sentences of one block (a detector that needs only a few blocks need not segment all).
        Cached per block: several detectors segment the same blocks."""
        key = f"sentences:{block.start}:{block.end}"
        cached = self.cache.get(key)
        if isinstance(cached, list):
            return cached
        from sentencex import segment  # imported lazily: only sentence-level detectors pay for it

        spans: list[Span] = []
        pos = block.start
        for piece in segment("en", self.safe_text[block.start : block.end]):
            stripped = piece.strip()
            if stripped:
                start = pos + (len(piece) - len(piece.lstrip()))
                spans.append(Span(start, start + len(stripped), stripped))
            pos += len(piece)
        self.cache[key] = spans
        return spans

    def line_index(self, offset: int) -> int:
        """0-based index of the line holding `offset`."""
        return max(0, bisect_right(self._line_starts, offset) - 1)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a str offset."""
        index = self.line_index(offset)
        return index + 1, offset - self._line_starts[index] + 1

    def line_span_with_break(self, index: int) -> tuple[int, int]:
        """Offsets of line `index` including the line break that follows it."""
        line = self.lines[index]
        if index + 1 < len(self.lines):
            return line.start, self.lines[index + 1].start
        return line.start, line.end


def _hard_wrapped(lines: list[str]) -> bool:
    """Lines that stop mid-sentence and go on in the next line: a wrapped paragraph, not a list of lines."""
    if len(lines) < 2:
        return False
    body = [line.rstrip() for line in lines[:-1]]
    open_ends = [not line.endswith((".", "!", "?", ":", '"', "”", "’")) for line in body]
    # A break inside a sentence is followed by a lowercase word.
    if any(end and nxt[:1].islower() for end, nxt in zip(open_ends, lines[1:], strict=False)):
        return True
    similar_width = len(lines) >= 3 and all(30 <= len(line) <= 100 for line in body)
    return similar_width and sum(open_ends) * 2 > len(body)


# Every cached property of a Document: what `release` drops.
_DERIVED = tuple(name for name, value in vars(Document).items() if isinstance(value, cached_property))
