"""LG rules: the document's language, and passages in another language.

langdetect is accurate but costs about 3 ms a call and is random unless seeded, so it is gated: a text whose
words are mostly English function words, with no foreign ones, is English without asking it. Only documents
and sentences that look foreign by their function words (or by German letters) reach langdetect.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from cleanup import lexicons
from cleanup.detectors import Context, option, options_for
from cleanup.document import Document, Span
from cleanup.findings import Finding

EMITS = frozenset({"LG101", "LG102"})  # checked against rules/ when packs load


@dataclass(frozen=True)
class PassageOptions:
    """LG102's options (rules/language.yml): which sentences count as a passage in another language."""

    min_words: int = option("the fewest words a sentence needs before langdetect is asked about it")
    min_probability: float = option("how sure langdetect must be that the sentence is not English")
    min_foreign_words: int = option(
        "foreign function words a sentence (and the document) needs before langdetect is asked"
    )
    max_english_words: int = option("... or a German letter and at most this many English function words")


@dataclass(frozen=True)
class LanguageOptions:
    """LG101's options (rules/language.yml): when function words settle a text's language without
    langdetect (about 3 ms a call), and when langdetect's answer is too unsure to trust."""

    english_share: float = option("share of a text's words that must be English function words ...")
    english_lead: float = option("... and how many times its foreign function words, to be English unasked")
    unsure_below: float = option("langdetect's non-English answers below this probability are unsure")
    english_floor: float = option("share of English function words that keeps a text English when unsure")
    screen_min_words: int = option("function words of one language that name a sentence's language unasked")
    screen_lead: float = option("how many times the next language's count those must be")
    min_words: int = option("a text of fewer words has no language ('und')")
    sample_chars: int = option("a document's language is read from its first characters, this many")
    langdetect_chars: int = option("... and langdetect reads at most this many of them")
    vote_max_sentences: int = option("a mixed text votes sentence by sentence when it has at most this many")


# Every option dataclass this module reads, by rule code: the packs are checked against them when they load.
OPTIONS = {"LG101": LanguageOptions, "LG102": PassageOptions}

GERMAN_LETTERS = re.compile("[äöüßÄÖÜ]")
LANGUAGE_NAMES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "nl": "Dutch", "it": "Italian",
    "pt": "Portuguese", "pl": "Polish", "ru": "Russian", "tr": "Turkish", "sv": "Swedish", "da": "Danish",
    "no": "Norwegian", "ca": "Catalan", "ro": "Romanian", "cs": "Czech", "und": "undetermined",
}  # fmt: skip
_FOREIGN = ("de", "fr", "es", "nl", "it", "pt")


@dataclass(frozen=True)
class LanguageGuess:
    code: str
    probability: float
    method: str  # "function-words", "langdetect", "langdetect-by-sentence" or "none"

    @property
    def name(self) -> str:
        return LANGUAGE_NAMES.get(self.code, self.code)


# A sentence's words: runs of anything but whitespace and this punctuation ("sind." counts as "sind"). One
# findall, measured 1.8x faster than translating the punctuation to spaces and splitting (str.translate
# takes a slow path on non-ASCII text).
_SENTENCE_WORD = re.compile("[^\\s" + re.escape('"“”‘’()[],.;:!?«»„—–/') + "]+")


@cache
def _function_words() -> tuple[frozenset[str], frozenset[str]]:
    english = lexicons.word_set("function_words", "en")
    foreign = frozenset().union(*(lexicons.word_set("function_words", code) for code in _FOREIGN)) - english
    return english, foreign


def _word_counts(text: str, exact: bool = False) -> tuple[int, int, int]:
    """(words, English function words, foreign function words).

    Each token is looked up in the two word sets by `filter` in C: measured 5x cheaper than scanning the
    text with a function-word alternation, and 1.2x cheaper than counting the tokens first. Whole documents
    split on whitespace only (a word glued to a comma is missed, which a document-level gate can afford);
    sentences (`exact`) first turn punctuation into space, so the final "sind." of a German sentence counts.
    """
    lowered = text.lower()
    tokens = _SENTENCE_WORD.findall(lowered) if exact else lowered.split()
    english, foreign = _function_words()
    return (
        len(tokens),
        len(list(filter(english.__contains__, tokens))),
        len(list(filter(foreign.__contains__, tokens))),
    )


def _has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _langdetect(text: str) -> tuple[str, float]:
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0  # langdetect samples n-grams at random; a fixed seed makes it repeatable
    try:
        best = detect_langs(text)[0]
    except LangDetectException:
        return "und", 0.0
    return best.lang, float(best.prob)


def document_language(doc: Document, options: LanguageOptions) -> LanguageGuess:
    cached = doc.cache.get("language")
    if isinstance(cached, LanguageGuess):
        return cached
    counts: list[int] = []
    guess = _guess_text(doc.text[: options.sample_chars], options, counts)
    doc.cache["foreign_function_words"] = counts[2] if counts else 0
    if guess.method == "langdetect":
        # Not clearly English: vote by characters over sentences, because langdetect gives a mixed text
        # a single language (an English article with one German sentence can come out German).
        guess = _vote(doc, options) or guess
    doc.cache["language"] = guess
    return guess


def _guess_text(
    text: str, options: LanguageOptions, counts: list[int] | None = None, exact: bool = False
) -> LanguageGuess:
    total, english, foreign = _word_counts(text, exact)
    if counts is not None:
        counts[:] = [total, english, foreign]
    if total < options.min_words or not _has_letters(text):
        return LanguageGuess("und", 0.0, "none")
    if english >= options.english_share * total and english >= options.english_lead * foreign:
        return LanguageGuess("en", 1.0, "function-words")
    code, probability = _langdetect(text[: options.langdetect_chars])
    if code != "en" and probability < options.unsure_below and english >= options.english_floor * total:
        # English function words are there and langdetect is unsure (names, short text): stay English.
        return LanguageGuess("en", 1.0 - probability, "function-words")
    return LanguageGuess(code, probability, "langdetect")


@cache
def _languages_of_words() -> dict[str, tuple[str, ...]]:
    """Each function word and the languages it is one in ("in" is English, German, Dutch and Italian)."""
    table: dict[str, list[str]] = {}
    for code in ("en", *_FOREIGN):
        for word in lexicons.word_set("function_words", code):
            table.setdefault(word, []).append(code)
    return {word: tuple(codes) for word, codes in table.items()}


def _votes(text: str) -> dict[str, int]:
    """How many of the text's words are function words of each language."""
    table = _languages_of_words()
    votes: dict[str, int] = {}
    for token in _SENTENCE_WORD.findall(text.lower()):
        for code in table.get(token, ()):
            votes[code] = votes.get(code, 0) + 1
    return votes


def _screen(votes: dict[str, int], options: LanguageOptions) -> str | None:
    """The language a sentence's function words name clearly, or None when langdetect must decide."""
    ranked = sorted(votes.items(), key=lambda item: item[1], reverse=True)
    if not ranked:
        return None
    (best, count), second = ranked[0], (ranked[1][1] if len(ranked) > 1 else 0)
    return best if count >= options.screen_min_words and count >= options.screen_lead * second else None


def _vote(doc: Document, options: LanguageOptions) -> LanguageGuess | None:
    sentences = doc.sentences
    if not 2 <= len(sentences) <= options.vote_max_sentences:  # one sentence is no vote
        return None
    weight: dict[str, int] = {}
    for sentence in sentences:
        votes = _votes(sentence.text)
        if not votes and not GERMAN_LETTERS.search(sentence.text):
            # No function word of any language and no German letter (script, numbers, names): no evidence,
            # and langdetect on it is noise. A scraped page full of script spent ~60 calls here.
            continue
        # langdetect (about 8 ms a sentence) only where the function words do not already say it: a German
        # article cost 30x an English one when every sentence went to langdetect.
        code = _screen(votes, options) or _guess_text(sentence.text, options, exact=True).code
        if code != "und":
            weight[code] = weight.get(code, 0) + len(sentence.text)
    if not weight:
        return None
    code = max(weight, key=weight.__getitem__)
    return LanguageGuess(code, weight[code] / sum(weight.values()), "langdetect-by-sentence")


def foreign_sentences(doc: Document, ctx: Context) -> list[tuple[Span, str, float]]:
    """Sentences of an English document that langdetect confidently puts in another language (LG102's
    options decide which; MT303/MT304 read the same passages)."""
    options = options_for(ctx, "LG102", PassageOptions)
    key = f"foreign_sentences:{options}"
    cached = doc.cache.get(key)
    if isinstance(cached, list):
        return cached
    min_words, min_probability = options.min_words, options.min_probability
    found: list[tuple[Span, str, float]] = []
    document_language(doc, options_for(ctx, "LG101", LanguageOptions))
    # A foreign sentence needs two foreign function words (or German letters); "Los Angeles" is not one.
    gate = options.min_foreign_words
    if (doc.cache.get("foreign_function_words") or 0) >= gate or GERMAN_LETTERS.search(doc.text):
        _english, foreign_words = _function_words()

        def could_be_foreign(text: str) -> bool:
            """A foreign function word or a German letter: else it cannot be a foreign passage."""
            words = _SENTENCE_WORD.findall(text.lower())
            return not foreign_words.isdisjoint(words) or bool(GERMAN_LETTERS.search(text))

        # Sentences never cross blocks: only blocks that could hold a foreign sentence are segmented.
        candidates = (
            sentence
            for block in doc.blocks
            if could_be_foreign(block.text)
            for sentence in doc.sentences_of(block)
        )
        for sentence in candidates:
            total, english, foreign = _word_counts(sentence.text, exact=True)
            german_letters = GERMAN_LETTERS.search(sentence.text) is not None
            if total < min_words or not (foreign or german_letters):
                continue  # too short, or no foreign function word and no German letter
            looks_foreign = foreign >= gate and foreign > english
            if not looks_foreign and not (german_letters and english <= options.max_english_words):
                continue
            code, probability = _langdetect(sentence.text)
            if code not in ("en", "und") and probability >= min_probability:
                found.append((sentence, code, probability))
    # else: no foreign function word or German letter anywhere, so nothing to check.
    doc.cache[key] = found
    return found


def detect(doc: Document, ctx: Context) -> Iterator[Finding]:
    guess = document_language(doc, options_for(ctx, "LG101", LanguageOptions))
    if guess.code == "und" and not any(ch.isalpha() for ch in doc.text):
        return  # nothing written: no language to judge (an empty file is fine)
    if guess.code != "en":
        if guess.code == "und":
            message = "No language could be identified (too little text); English-only rules were skipped"
            first = doc.paragraphs[0] if doc.paragraphs else Span(0, len(doc.text), doc.text)
            yield Finding(
                "LG101", first.start, first.end, message, data={"language": "und", "severity": "info"}
            )
            return
        else:
            message = (
                f"Document language is {guess.name} (langdetect p={guess.probability:.2f}); "
                "English-only rules were skipped"
            )
        first = doc.paragraphs[0] if doc.paragraphs else Span(0, len(doc.text), doc.text)
        yield Finding("LG101", first.start, first.end, message, data={"language": guess.code})
        return
    passages = foreign_sentences(doc, ctx)
    # Adjacent sentences in the same language form one passage.
    merged: list[list] = []
    for span, code, probability in passages:
        if merged and merged[-1][2] == code and doc.text[merged[-1][1] : span.start].strip() == "":
            merged[-1][1] = span.end
            merged[-1][3] = min(merged[-1][3], probability)
        else:
            merged.append([span.start, span.end, code, probability])
    for start, end, code, probability in merged:
        name = LANGUAGE_NAMES.get(code, code)
        yield Finding(
            "LG102",
            start,
            end,
            f"Passage in {name} (langdetect p={probability:.2f}) inside an English article; "
            "no automatic fix: translate or remove it",
            data={"language": code, "probability": round(probability, 3)},
        )
