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
from cleanup.detectors.tokens import tokenized_sentences
from cleanup.document import Document
from cleanup.findings import Finding

# Letter patterns English words (almost) never have: umlauts and ß, German suffixes, participles
# (ge…t), and 3rd-person verb endings after doubled consonants ("brennt", "stellt", "schickt").
_GERMAN_SHAPE = re.compile(
    r"[äöüß]|(?:ung|ungen|keit|heit|schaft|lich|liche|lichen|isch|ische|chen|ieren|iert|igkeit|sch|tz)$"
    r"|^ge\w{3,}(?:cht|gt|kt|rt|ft|llt|nnt)$|(?:nnt|llt|mmt|ckt|tzt|chst)$",
    re.IGNORECASE,
)


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
    for sentence, tokens in tokenized_sentences(doc):
        if any(start <= sentence.start < end for start, end in skip):
            continue
        for token in tokens:
            word = token.word
            lowered = word.lower()
            if len(word) < 4 or lowered in english or not _GERMAN_SHAPE.search(word):
                continue
            if not word.islower():
                continue  # capitalised words with umlauts are mostly names (Mülheim, Düsseldorf)
            if _inside_quotes(doc.text[sentence.start : token.start]):
                continue  # a quoted German title or name is cited, not left untranslated
            if _german_only(lowered):
                found.append((token.start, token.start + len(word), word))
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
