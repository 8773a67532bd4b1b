"""MT303 / MT304: German words left untranslated inside English sentences (MT304: capitalised nouns).

simplemma knows German word forms, but loading its German dictionary costs about a second, so only rare
tokens that already look German (umlauts, ß, typical German endings) and are not common English words
reach it. Whole sentences in German are LG102's job; their words are not reported twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from cleanup import lexicons
from cleanup.detectors import Context
from cleanup.detectors.language import GERMAN_LETTERS, foreign_sentences
from cleanup.document import Document
from cleanup.findings import Finding
from cleanup.textutil import Spans

EMITS = frozenset({"MT303", "MT304"})  # checked against rules/ when packs load

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


def _trie(words: list[str]) -> str:
    """An alternation of `words` factored by first letter ("u(?:ng(?:en)?)|k(?:eit)" …): `re` then tests
    one letter per position instead of every ending (measured 1.5x faster over an article)."""
    if "" in words and len(words) == 1:
        return ""
    branches = []
    optional = "" in words
    for first in sorted({w[0] for w in words if w}):
        rest = _trie([w[1:] for w in words if w.startswith(first)])
        branches.append(re.escape(first) + rest)
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if optional else body


# Searching the word endings first and widening to the word is 3x faster than matching whole words from
# every position (the alternation backtracks through each word).
_GERMAN_ENDING = re.compile(
    _trie(sorted({*_SUFFIXES.split("|"), *_PARTICIPLE_ENDINGS.split("|")})) + r"(?![\w'’-])"
)
_WORD_CHARACTER = re.compile(r"[\w'’-]")
_LETTER_OR_DIGIT = re.compile(r"\w")
_NAME_CHARACTER = re.compile(r"[\w'’.-]")


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


# Below this wordfreq Zipf value a word is rare in English (about once in 30 million words): names,
# typos and foreign words, not English vocabulary.
RARE_IN_ENGLISH = 1.5


# Per-word memos, bounded: a corpus of millions of articles has millions of distinct words (names, typos),
# and an unbounded memo grew with every one of them.
WORD_MEMO = 1 << 16


@lru_cache(maxsize=WORD_MEMO)
def _german_only(word: str) -> bool:
    import simplemma
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") < RARE_IN_ENGLISH and simplemma.is_known(word, lang="de")


def _inside_quotes(before: str) -> bool:
    opening = before.count("“") + before.count("„") + before.count("»")
    closing = before.count("”") + before.count("«")
    return opening > closing or before.count('"') % 2 == 1


def _foreign_spans(doc: Document, ctx: Context) -> Spans:
    return Spans([(span.start, span.end) for span, _code, _p in foreign_sentences(doc, ctx)])


LINK_REACH = 1_000  # characters: no web or email address in news is longer


def _in_a_link(text: str, start: int) -> bool:
    """Part of a web address or an email address ("spiegel.de/politik/aktuelles", "presse@stadt.de"):
    the whitespace-delimited token around the word holds "/", "@" or "www."."""
    # Looked for within LINK_REACH characters either side: a search to the text's ends (no tab anywhere)
    # made every candidate cost the whole text.
    low, high = max(0, start - LINK_REACH), min(len(text), start + LINK_REACH)
    left = max(text.rfind(space, low, start) for space in " \n\t")
    left = low if left == -1 else left + 1
    right = min((i for space in " \n\t" if (i := text.find(space, start, high)) != -1), default=high)
    token = text[left:right]
    return "/" in token or "@" in token or "www." in token


def _cited_or_foreign(text: str, foreign: Spans, start: int) -> bool:
    """Inside a sentence in another language (LG102 reports the whole sentence), inside quotes (a German
    title or name is cited, not left untranslated) or inside a web or email address."""
    if foreign.touches(start, start) or _in_a_link(text, start):  # a foreign sentence holds `start`
        return True
    sentence_start = text.rfind("\n", max(0, start - 300), start) + 1
    return _inside_quotes(text[max(sentence_start, start - 300) : start])


# In a text that has German letters somewhere (left-over German is likely), any rare lowercase word is a
# candidate, not only German-shaped ones ("erstand", "stampfte"); it must then be common in German too.
_LOWERCASE_WORD = re.compile(r"(?<![\w'’-])[a-zäöüß]{5,}(?![\w'’-])")
MIN_GERMAN_ZIPF_UNSHAPED = 2.0


def untranslated_words(doc: Document, ctx: Context) -> list[tuple[int, int, str]]:
    text = doc.text
    english = lexicons.word_lines("lowercase_words")
    foreign = _foreign_spans(doc, ctx)
    candidates = {(start, end, word): True for start, end, word in german_shaped_words(text)}
    if GERMAN_LETTERS.search(text):
        for m in _LOWERCASE_WORD.finditer(text):
            candidates.setdefault((m.start(), m.end(), m.group()), False)
    found = []
    for (start, end, word), shaped in sorted(candidates.items()):
        if len(word) < 4 or word in english:
            continue
        if _cited_or_foreign(text, foreign, start):
            continue
        if not shaped and not _common_in_german(word):
            continue
        if _german_only(word):
            found.append((start, end, word))
    return found


@lru_cache(maxsize=WORD_MEMO)
def _common_in_german(word: str) -> bool:
    from wordfreq import zipf_frequency

    return (
        zipf_frequency(word, "en") < RARE_IN_ENGLISH
        and zipf_frequency(word, "de") >= MIN_GERMAN_ZIPF_UNSHAPED
    )


# MT304: German capitalises every noun, so a noun MT leaves untranslated looks like a name ("the quality
# of the Matratze", "automatic Pressen"). Most capitalised unknown words in English news are names, so a
# word counts only when all of these hold:
# - the text has German letters somewhere: the cheap gate, since most English articles have none and the
#   German word lists cost ~0.3 s (wordfreq) and ~1.3 s (simplemma) to load;
# - it follows a lowercase word (or a comma), outside quotes, and English does not use it (cased lexicon,
#   wordfreq): loanwords such as "Angst", "Bundestag" or "Zeitgeist" are English by now;
# - the article never writes it next to another capitalised word, as names are ("Otto Warmbier");
# - German uses it commonly (wordfreq) and simplemma knows it as a German word form: place names such as
#   "Hildburghausen" or "Nottuln" are frequent in German text but are not in its dictionary.
_CAPITALISED_WORD = re.compile(r" (?<=[a-zäöüß,] )([A-ZÄÖÜ][a-zäöüß]{3,})(?![\w'’-])")
MIN_GERMAN_ZIPF = 2.5


def untranslated_nouns(doc: Document, ctx: Context) -> list[tuple[int, int, str]]:
    text = doc.text
    if not GERMAN_LETTERS.search(text):
        return []
    from wordfreq import zipf_frequency

    english = lexicons.word_lines("lowercase_words")
    foreign = _foreign_spans(doc, ctx)
    found = []
    for m in _CAPITALISED_WORD.finditer(text):
        word, (start, end) = m.group(1), m.span(1)
        if word.lower() in english or zipf_frequency(word.lower(), "en") >= RARE_IN_ENGLISH:
            continue
        if _cited_or_foreign(text, foreign, start) or _in_a_name(text, word):
            continue
        if zipf_frequency(word, "de") >= MIN_GERMAN_ZIPF and _german_only(word):
            found.append((start, end, word))
    return found


def _in_a_name(text: str, word: str) -> bool:
    """The article writes `word` right before or after another capitalised word somewhere ("Warmbier
    Foundation", "Otto Warmbier"). str.find, not a regex per word: compiling one costs ~0.1 ms."""
    position = text.find(word)
    while position != -1:
        end = position + len(word)
        starts_word = position == 0 or not _LETTER_OR_DIGIT.match(text, position - 1)
        if starts_word and text.startswith(" ", end) and "A" <= text[end + 1 : end + 2] <= "Z":
            return True
        ends_word = end == len(text) or not _LETTER_OR_DIGIT.match(text, end)
        if ends_word and position >= 1 and text[position - 1] == " ":
            start = position - 1
            while start > 0 and _NAME_CHARACTER.match(text, start - 1):
                start -= 1
            if any("A" <= c <= "Z" for c in text[start : position - 1]):
                return True
        position = text.find(word, position + 1)
    return False


_MESSAGES = {
    "MT303": "Untranslated German word {word!r}; no automatic fix: translate it",
    "MT304": "Untranslated German noun {word!r} (German capitalises nouns); no automatic fix: translate it",
}


def inflected(word: str) -> bool:
    """A German form that is not its own dictionary form ("erstand" of erstehen, "Balkone" of Balkon).
    English borrows German nouns in their dictionary form ("glühwein", "Jugendstil") and never inflects
    them, so an inflected form is residue of a translation; the MT score weighs it higher."""
    import simplemma

    return simplemma.lemmatize(word, lang="de").lower() != word.lower()


def detect(doc: Document, ctx: Context) -> Iterator[Finding]:
    # Words inside a passage LG102 reports are its finding, not ours: the same options decide both.
    words, nouns = untranslated_words(doc, ctx), untranslated_nouns(doc, ctx)
    for code, found in (("MT303", words), ("MT304", nouns)):
        for start, end, word in found:
            data = {"word": word, "inflected": inflected(word)}
            yield Finding(code, start, end, _MESSAGES[code].format(word=word), data=data)
