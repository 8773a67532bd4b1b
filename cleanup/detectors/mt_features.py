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
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(]?[A-Z0-9])|\n+")


def word_count(text: str) -> int:
    return len(text.split())


def normalise(text: str) -> str:
    """Quotes, dashes, spaces and ellipses in one plain form."""
    return " ".join(text.translate(_TYPOGRAPHY).split(" "))


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


def _normalised_counts(counts: Counter[str], prefix: str) -> dict[str, float]:
    """Square-rooted counts scaled to unit length, so long and short documents compare."""
    if not counts:
        return {}
    norm = math.sqrt(sum(counts.values()))
    return {prefix + key: math.sqrt(c) / norm for key, c in counts.items()}


def document_features(text: str, vocabulary: Collection[str]) -> dict[str, float]:
    """Named feature values of one document. `vocabulary`: the function words the model knows."""
    text = normalise(text)
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    tokens = _TOKEN.findall(text)
    if not tokens:
        return {}
    shapes = [_shape(t, vocabulary) for t in tokens]
    unigrams = Counter(s for s in shapes)
    bigrams = Counter(f"{a} {b}" for a, b in pairwise(shapes))
    trigrams = Counter(f"{a} {b} {c}" for a, b, c in zip(shapes, shapes[1:], shapes[2:], strict=False))
    features = {}
    features.update(_normalised_counts(unigrams, "u:"))
    features.update(_normalised_counts(bigrams, "b:"))
    features.update(_normalised_counts(trigrams, "t:"))
    lowercase_words = Counter(t.lower() for t in tokens if t[0].isalpha() and t.islower())
    features.update(_normalised_counts(lowercase_words, "w:"))
    features.update(_profile(sentences, tokens))
    return features


def _bin(name: str, value: float, bounds: tuple[float, ...]) -> str:
    for i, bound in enumerate(bounds):
        if value <= bound:
            return f"{name}:{i}"
    return f"{name}:{len(bounds)}"


def _profile(sentences: list[str], tokens: list[str]) -> dict[str, float]:
    words = [t for t in tokens if t[0].isalpha()]
    lengths = [len(_TOKEN.findall(s)) for s in sentences] or [len(tokens)]
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
    commas = sum(1 for t in tokens if t == ",")
    profile = [
        _bin("sent_len", mean, (8, 12, 16, 20, 24, 28, 34)),
        _bin("sent_sd", spread / (mean or 1), (0.2, 0.35, 0.5, 0.7)),
        _bin("comma_rate", commas / len(lengths), (0.3, 0.6, 1.0, 1.5, 2.0)),
        _bin("mattr", mattr, (0.6, 0.65, 0.7, 0.74, 0.78, 0.82)),
        _bin("word_len", sum(len(w) for w in words) / n_words, (4.2, 4.5, 4.8, 5.1, 5.4)),
    ]
    return dict.fromkeys(profile, 1.0)
