"""Word tokens with offsets, shared by the sentence-level detectors."""

from __future__ import annotations

import re
from typing import NamedTuple

from cleanup.document import Document, Span

_TOKEN = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*\.?")
# Characters that break a phrase: after them a capital letter is not "mid-sentence".
_BOUNDARY = re.compile(r"""[.:;!?"“”‘’'()\[\]—–/|]|(?:^|\s)-(?:\s|$)""")


class Token(NamedTuple):
    text: str
    start: int
    end: int
    word: str  # the text without a trailing abbreviation dot


def sentence_tokens(sentence: Span) -> list[Token]:
    base = sentence.start
    return [
        Token(t, base + m.start(), base + m.end(), t.rstrip("."))
        for m in _TOKEN.finditer(sentence.text)
        for t in (m.group(0),)
    ]


def joined(doc: Document, left: Token, right: Token) -> bool:
    """True when nothing but spaces (or a comma) separates two tokens."""
    gap = doc.text[left.end : right.start]
    return not _BOUNDARY.search(gap) and "\n" not in gap and not left.text.endswith(".")


def tokenized_sentences(doc: Document) -> list[tuple[Span, list[Token]]]:
    cached = doc.cache.get("tokenized_sentences")
    if isinstance(cached, list):
        return cached
    result = [(sentence, sentence_tokens(sentence)) for sentence in doc.sentences]
    doc.cache["tokenized_sentences"] = result
    return result
