"""Document features for the learned machine-translation signal (pure functions, no I/O).

Shared by training (scripts/train_mt.py) and inference (scores.machine_translation). Typography is
normalised first: professional translators use curly quotes and most MT systems do not, so a model that saw
raw quotes would learn the house style, not the translation. What is left is style that carries across
systems and topics: function words and word-shape n-grams (content words reduced to their shape), and
sentence-length, punctuation and lexical-richness profiles.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection
from itertools import pairwise

_TYPOGRAPHY = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‟": '"',
        "″": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‹": "'",
        "›": "'",
        "`": "'",
        "´": "'",
        "–": "-",
        "—": "-",
        "‒": "-",
        "−": "-",
        "\u00ad": "",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2007": " ",
        "…": "...",
    }
)
_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?|\d+(?:[.,]\d+)*|[^\w\s]")
_WORDS = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(]?[A-Z0-9])|\n+")


def word_count(text: str) -> int:
    return len(text.split())


_PLAIN = {chr(code): plain for code, plain in _TYPOGRAPHY.items()}
_TYPOGRAPHIC = re.compile("[" + re.escape("".join(_PLAIN)) + "]")


def normalise(text: str) -> str:
    """Quotes, dashes, spaces and ellipses in one plain form. (A regex with a lookup per match, not
    str.translate, which takes a slow path on non-ASCII text: 6x slower on a news article.)"""
    return _TYPOGRAPHIC.sub(lambda m: _PLAIN[m.group()], text)


class _Shapes(dict):
    """token -> shape for one vocabulary, filled on first sight (news repeats its tokens)."""

    def __init__(self, vocabulary: Collection[str]) -> None:
        super().__init__()
        self.vocabulary = vocabulary

    def __missing__(self, token: str) -> str:
        shape = self[token] = _shape(token, self.vocabulary)
        return shape


_SHAPES: dict[int, _Shapes] = {}


def _shapes_for(vocabulary: Collection[str]) -> _Shapes:
    shapes = _SHAPES.get(id(vocabulary))
    if shapes is None or shapes.vocabulary is not vocabulary or len(shapes) > 200_000:
        shapes = _SHAPES[id(vocabulary)] = _Shapes(vocabulary)
    return shapes


def _shape(token: str, vocabulary: Collection[str]) -> str:
    lowered = token.lower()
    if lowered in vocabulary:
        return lowered
    first = token[0]
    if first.isdigit():
        return "<D>"
    if first.isalpha():
        if token.isupper() and len(token) > 1:
            return "<A>"
        if first.isupper():
            return "<X>"
        return "<x>" if len(token) < 8 else "<xx>"
    return token  # punctuation is its own shape


FAMILIES = ("u:", "b:", "t:", "w:")  # shape unigrams, bigrams, trigrams; lowercase words
MAX_CHARS = 12_000  # style is read from the first 12,000 characters: cost stays bounded on long files


def document_counts(text: str, vocabulary: Collection[str]) -> tuple[dict[str, Counter[str]], list[str]]:
    """The raw counts of each feature family, and the binned profile features (value 1)."""
    text = normalise(text[:MAX_CHARS])
    tokens = _TOKEN.findall(text)
    if not tokens:
        return {}, []
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    shapes = list(map(_shapes_for(vocabulary).__getitem__, tokens))
    words = _WORDS.findall(text)  # the alphabetic tokens, as _TOKEN finds them (its first alternative)
    counts = {
        "u:": Counter(shapes),
        "b:": Counter(map(" ".join, pairwise(shapes))),
        "t:": Counter(map(" ".join, zip(shapes, shapes[1:], shapes[2:], strict=False))),
        "w:": Counter(filter(str.islower, words)),
    }
    return counts, _profile(sentences, tokens, words)


def document_features(text: str, vocabulary: Collection[str]) -> dict[str, float]:
    """Named feature values of one document (for training): each family's counts square-rooted and scaled to
    unit length, so long and short documents compare; profile features 1."""
    counts, profile = document_counts(text, vocabulary)
    features: dict[str, float] = {}
    for prefix, family in counts.items():
        if family:
            norm = math.sqrt(sum(family.values()))
            features.update((prefix + key, math.sqrt(c) / norm) for key, c in family.items())
    features.update(dict.fromkeys(profile, 1.0))
    return features


def document_logit(
    text: str, vocabulary: Collection[str], weights: dict[str, dict[str, float]], bias: float
) -> float:
    """The same logit as weights . document_features(text), without building the feature dict: `weights`
    holds one dict per family, keyed without the prefix (a test compares both on real text)."""
    counts, profile = document_counts(text, vocabulary)
    total = bias
    sqrt = math.sqrt
    for prefix, family in counts.items():
        if family:
            get = weights[prefix].get
            dot = sum(w * sqrt(c) for key, c in family.items() if (w := get(key)) is not None)
            total += dot / sqrt(sum(family.values()))
    get = weights[""].get
    return total + sum(w for f in profile if (w := get(f)) is not None)


def split_weights(flat: dict[str, float]) -> dict[str, dict[str, float]]:
    """A flat 'u:the'-keyed weight dict as one dict per family ('' for the profile features)."""
    out: dict[str, dict[str, float]] = {prefix: {} for prefix in (*FAMILIES, "")}
    for name, weight in flat.items():
        prefix = name[:2]
        if prefix in out:
            out[prefix][name[2:]] = weight
        else:
            out[""][name] = weight
    return out


def _bin(name: str, value: float, bounds: tuple[float, ...]) -> str:
    for i, bound in enumerate(bounds):
        if value <= bound:
            return f"{name}:{i}"
    return f"{name}:{len(bounds)}"


def _profile(sentences: list[str], tokens: list[str], words: list[str]) -> list[str]:
    lengths = [len(s.split()) for s in sentences] or [len(tokens)]
    mean = sum(lengths) / len(lengths)
    spread = math.sqrt(sum((n - mean) ** 2 for n in lengths) / len(lengths))
    n_words = len(words) or 1
    window = [w.lower() for w in words[:400]]
    # Moving-average type-token ratio over 50-word windows: lexical richness that does not fall with length.
    if len(window) > 50:
        ratios = [len(set(window[i : i + 50])) / 50 for i in range(0, len(window) - 49, 10)]
        mattr = sum(ratios) / len(ratios)
    else:
        mattr = len(set(window)) / (len(window) or 1)
    commas = tokens.count(",")
    profile = [
        _bin("sent_len", mean, (8, 12, 16, 20, 24, 28, 34)),
        _bin("sent_sd", spread / (mean or 1), (0.2, 0.35, 0.5, 0.7)),
        _bin("comma_rate", commas / len(lengths), (0.3, 0.6, 1.0, 1.5, 2.0)),
        _bin("mattr", mattr, (0.6, 0.65, 0.7, 0.74, 0.78, 0.82)),
        _bin("word_len", sum(map(len, words)) / n_words, (4.2, 4.5, 4.8, 5.1, 5.4)),
    ]
    return profile
