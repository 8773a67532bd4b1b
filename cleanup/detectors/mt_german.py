"""MT303: German words left untranslated inside English sentences.

simplemma knows German word forms, but loading its German dictionary costs about a second, so only rare
tokens that already look German (umlauts, ß, typical German endings) and are not common English words
reach it. Whole sentences in German are LG102's job; their words are not reported twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from cleanup import lexicons
from cleanup.detectors import Context
from cleanup.detectors.language import foreign_sentences
from cleanup.document import Document
from cleanup.findings import Finding

# Lowercase words with letter patterns English words (almost) never have: umlauts and ß, German suffixes,
# participles (ge…t) and 3rd-person verb endings after doubled consonants ("brennt", "stellt", "schickt").
# Capitalised words (mostly names: Mülheim) are not considered. A word is a run of [\w'’-], so "don't" or
# "well-being" is one word and never matches part of it.
_UMLAUT_WORD = re.compile(r"(?<![\w'’-])[a-zäöüß]*[äöüß][a-zäöüß]*(?![\w'’-])")
_SUFFIXES = (
    "ung|ungen|keit|heit|schaft|lich|liche|lichen|isch|ische|chen|ieren|iert|igkeit|sch|tz"
    "|nnt|llt|mmt|ckt|tzt|chst"
)
_PARTICIPLE_ENDINGS = "cht|gt|kt|rt|ft"
_ASCII_GERMAN_WORD = re.compile(rf"[a-z]{{2,}}(?:{_SUFFIXES})|ge[a-z]{{3,}}(?:{_PARTICIPLE_ENDINGS})")
# Searching the word endings first and widening to the word is 3x faster than matching whole words from
# every position (the alternation backtracks through each word).
_GERMAN_ENDING = re.compile(rf"(?:{_SUFFIXES}|{_PARTICIPLE_ENDINGS})(?![\w'’-])")
_WORD_CHARACTER = re.compile(r"[\w'’-]")


def german_shaped_words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of every lowercase word shaped like German, in text order."""
    found = []
    if "ä" in text or "ö" in text or "ü" in text or "ß" in text:
        found = [(m.start(), m.end(), m.group()) for m in _UMLAUT_WORD.finditer(text)]
    for m in _GERMAN_ENDING.finditer(text):
        start = m.start()
        while start > 0 and "a" <= text[start - 1] <= "z":
            start -= 1
        if start > 0 and _WORD_CHARACTER.match(text, start - 1):
            continue  # part of a longer word (with a capital, digit, umlaut or apostrophe)
        word = text[start : m.end()]
        if _ASCII_GERMAN_WORD.fullmatch(word):
            found.append((start, m.end(), word))
    found.sort()
    return found


@cache
def _german_only(word: str) -> bool:
    import simplemma
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") < 1.5 and simplemma.is_known(word, lang="de")


def _inside_quotes(before: str) -> bool:
    opening = before.count("“") + before.count("„") + before.count("»")
    closing = before.count("”") + before.count("«")
    return opening > closing or before.count('"') % 2 == 1


def untranslated_words(doc: Document) -> list[tuple[int, int, str]]:
    english = lexicons.word_lines("lowercase_words")
    skip = [(span.start, span.end) for span, _code, _p in foreign_sentences(doc)]
    found = []
    for start, end, word in german_shaped_words(doc.text):
        if len(word) < 4 or word in english:
            continue
        if any(a <= start < b for a, b in skip):
            continue
        sentence_start = doc.text.rfind("\n", 0, start) + 1
        if _inside_quotes(doc.text[max(sentence_start, start - 300) : start]):
            continue  # a quoted German title or name is cited, not left untranslated
        if _german_only(word):
            found.append((start, end, word))
    return found


def detect(doc: Document, ctx: Context) -> Iterator[Finding]:
    for start, end, word in untranslated_words(doc):
        yield Finding(
            "MT303",
            start,
            end,
            f"Untranslated German word {word!r}; no automatic fix: translate it",
            data={"word": word},
        )
