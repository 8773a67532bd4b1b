"""Features of each line of an article for the learned boilerplate classifier (pure functions, no I/O).

The same code serves training (scripts/train_boilerplate.py) and inference (the BP detector), so the
model always sees features computed exactly as it was trained on. Features are strings ("nw:3", "w:share")
with an implicit value of 1: a linear model is then one dict lookup per feature, with no numpy on the scan
path. Everything here is site-independent by construction: shape, markers, position, repetition, the
pattern families' hits and a few words at the line's edges, never a site's name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import cache
from itertools import pairwise

from cleanup import lexicons

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_DIGIT = re.compile(r"\d")
# Markers, each with the strings (in the lowercased line) one of which it cannot match without, and whether
# it needs a digit: most lines have no digit, '@' or '$', and `in` tests are far cheaper than a regex scan.
_MARKERS = (
    (
        "url",
        False,
        ("http", "www.", ".com", ".org", ".net", ".co.uk"),
        re.compile(r"https?://|www\.|\.(?:com|org|net|co\.uk)\b", re.IGNORECASE),
    ),
    ("handle", False, ("@",), re.compile(r"(?<!\w)@\w")),
    ("email", False, ("@",), re.compile(r"\w@\w+\.\w")),
    ("time", True, (":", "."), re.compile(r"\b\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?|[AP]M)?\b")),
    (
        "date",
        True,
        (),
        re.compile(
            r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}\b|"
            r"\b\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|"
            r"\b\d{4}-\d\d-\d\d\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b",
            re.IGNORECASE,
        ),
    ),
    ("price", True, ("$", "£", "€"), re.compile(r"[$£€]\s?\d")),
    (
        "count",
        True,
        ("comment", "like", "share", "view", "repl", "review"),
        re.compile(r"\b\d[\d,.]*[KkMm]?\s+(?:comments?|likes?|shares?|views?|replies|reviews?)\b"),
    ),
    (
        "ago",
        True,
        ("ago",),
        re.compile(r"\b\d+\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago\b", re.I),
    ),
)
# Punctuation as str.isalnum and str.isspace define it (re's \w is isalnum plus "_", \s is isspace).
_PUNCT = re.compile(r"[^\w\s]|_")
# Character ratios and markers are read from a long line's two ends only: junk sits in short lines or at a
# paragraph's edges, and a regex scan of every character of every paragraph was half the detector's time.
_EDGE = 120


def _edges(text: str) -> str:
    return text if len(text) <= 2 * _EDGE else f"{text[:_EDGE]} {text[-_EDGE:]}"


_CHAR_MARKERS = {
    "|": "bar",
    "•": "bullet",
    "»": "guillemet",
    "›": "guillemet",
    "©": "copyright",
    "#": "hash",
    "·": "dot",
    "*": "star",
    "[": "bracket",
    ">": "gt",
}
_VERBS = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "said",
        "says",
        "say",
        "told",
        "tells",
        "added",
        "announced",
        "according",
        "shows",
        "showed",
        "made",
        "make",
        "makes",
        "took",
        "take",
        "takes",
        "came",
        "come",
        "comes",
        "went",
        "go",
        "goes",
        "gave",
        "give",
        "gives",
        "got",
        "get",
        "gets",
        "found",
        "find",
        "think",
        "thinks",
        "know",
        "knows",
        "want",
        "wants",
        "called",
        "expected",
        "became",
        "become",
        "seems",
        "seemed",
        "used",
        "uses",
    ]
)


@cache
def _stopwords() -> frozenset[str]:
    return lexicons.word_set("function_words", "en")


def _bucket(value: int, bounds: Sequence[int]) -> int:
    for i, bound in enumerate(bounds):
        if value <= bound:
            return i
    return len(bounds)


_WORD_BOUNDS = (0, 1, 2, 3, 4, 6, 9, 14, 24, 49)
_CHAR_BOUNDS = (2, 5, 10, 20, 40, 80, 160, 320, 640)


def _ratio_bin(part: int, whole: int, steps: int = 5) -> int:
    return min(steps - 1, part * steps // whole) if whole else 0


def _end_class(text: str) -> str:
    stripped = text.rstrip().rstrip("\"'”’)]")
    if not stripped:
        return "none"
    last = stripped[-1]
    if last in ".!?…:;,-–—|»›":
        return last
    if last.isdigit():
        return "digit"
    if last.isalpha():
        return "alpha"
    return "other"


def _start_class(text: str) -> str:
    first = text.lstrip()[:1]
    if not first:
        return "none"
    if first.isupper():
        return "upper"
    if first.islower():
        return "lower"
    if first.isdigit():
        return "digit"
    if first in "\"“‘'":
        return "quote"
    return "sym" + first if first in "•*-–—»›>|([#@©" else "other"


def _norm(word: str) -> str:
    return _norm_lowered(word.lower())


def _norm_lowered(lowered: str) -> str:
    return lowered if lowered.isalpha() else _DIGIT.sub("0", lowered)


def shape_features(text: str) -> list[str]:
    """What the line looks like on its own: length, punctuation, casing, markers and edge words."""
    edges = _edges(text)
    words = _WORD.findall(edges)  # a long line's words are read from its two ends, like its ratios
    n_words = len(words) if edges is text else len(text.split())
    out = [
        f"nw:{_bucket(n_words, _WORD_BOUNDS)}",
        f"nc:{_bucket(len(text), _CHAR_BOUNDS)}",
        f"end:{_end_class(text)}",
        f"start:{_start_class(text)}",
    ]
    if words:
        stop = _stopwords()
        lowered = [w.lower() for w in words]
        n_stop = sum(map(stop.__contains__, lowered))
        titled = sum([w[0].isupper() for w in words])
        out.append(f"sw:{_ratio_bin(n_stop, len(words), 6)}")
        out.append(f"title:{_ratio_bin(titled, len(words))}")
        out.append(f"nw_end:{min(n_words, 12)}:{_end_class(text)}")
        if any(w in _VERBS for w in lowered):
            out.append("verb")
        if text.isupper() and n_words >= 2:
            out.append("allcaps")
        digits = sum(map(edges.count, "0123456789"))
        out.append(f"dig:{_ratio_bin(digits, len(edges), 6)}")
        head = [_norm_lowered(w) for w in lowered[:10]]
        out.append(f"w0:{head[0]}")
        out.append(f"wl:{_norm_lowered(lowered[-1])}")
        out.extend(f"w:{w}" for w in set(head))
        out.extend({f"b:{a}_{b}" for a, b in pairwise(head[:6])})  # rows hold each feature once
        if n_words >= 2:
            out.append(f"w01:{head[0]}_{head[1]}")
    else:
        out.append("nowords")
    punct = len(_PUNCT.findall(edges))
    out.append(f"punct:{_ratio_bin(punct, len(edges) or 1, 6)}")
    has_digit = any(map(edges.__contains__, "0123456789"))
    lowered_edges = edges.lower()
    for name, needs_digit, needs, pattern in _MARKERS:
        if needs_digit and not has_digit:
            continue
        if needs and not any(map(lowered_edges.__contains__, needs)):
            continue
        if pattern.search(edges):
            out.append(f"m:{name}")
    stripped = text.strip()
    if stripped.startswith("(") and stripped.endswith(")"):
        out.append("m:paren")
    for char in set(edges) & _CHAR_MARKERS.keys():
        out.append(f"m:{_CHAR_MARKERS[char]}")
    return out


_NEIGHBOUR_KEEP = ("nw:", "end:", "sw:", "start:", "title:")


def line_features(
    texts: Sequence[str],
    keys: Sequence[str],
    pattern_classes: Sequence[str | None],
    corpus_counts: Sequence[int] | None = None,
) -> list[list[str]]:
    """Stage-1 features of every line: its shape, its neighbours' shape, position, repetition, patterns.

    texts: the non-blank lines in order; keys: their CCNet line keys; pattern_classes: the class of the
    pattern family that matched the line ("promo", "caption-glued", ...) or None; corpus_counts: how many
    other files of the scan share the line's key (None when the scan has no corpus pass).
    """
    n = len(texts)
    shapes = [shape_features(t) for t in texts]
    short_shapes = [[f for f in s if f.startswith(_NEIGHBOUR_KEEP)] for s in shapes]
    local = Counter(keys)
    rows = []
    for i, own in enumerate(shapes):
        row = list(own)
        row.append(f"pos:{i * 10 // n}")
        row.append(f"from_start:{min(i, 5)}")
        row.append(f"from_end:{min(n - 1 - i, 5)}")
        nw = own[0]
        row.append(f"pos_nw:{i * 5 // n}:{nw}")
        for offset, tag in ((-1, "p"), (1, "n"), (-2, "pp"), (2, "nn")):
            j = i + offset
            if 0 <= j < n:
                row.extend(f"{tag}.{f}" for f in short_shapes[j])
                if pattern_classes[j]:
                    row.append(f"{tag}.pat:{pattern_classes[j]}")
            else:
                row.append(f"{tag}.edge")
        if keys[i] and local[keys[i]] > 1:
            row.append(f"rep:{min(local[keys[i]], 4)}")
        if corpus_counts is not None:
            row.append(f"corpus:{_bucket(corpus_counts[i], (0, 1, 2, 4, 9))}")
        if pattern_classes[i]:
            row.append(f"pat:{pattern_classes[i]}")
            row.append("pat:any")
        rows.append(row)
    return rows


_SCORE_BINS = 10


def _sbin(p: float) -> int:
    return min(_SCORE_BINS - 1, int(p * _SCORE_BINS))


def context_features(first_stage: Sequence[float], lengths: Sequence[int]) -> list[list[str]]:
    """Stage-2 features: the stage-1 scores of the neighbours and of the rest of the document.

    Boilerplate comes in runs (a comment thread, a list of related headlines, a footer), so a line's
    neighbours' scores say much about it that its own words do not.
    """
    n = len(first_stage)
    rows = []
    # Share of the characters from this line to the end that stage 1 calls boilerplate: a comment thread
    # or a footer takes the rest of the page.
    tail_bp = [0.0] * (n + 1)
    tail_len = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        tail_bp[i] = tail_bp[i + 1] + first_stage[i] * lengths[i]
        tail_len[i] = tail_len[i + 1] + lengths[i]
    head_bp = 0.0
    head_len = 0
    mean = sum(first_stage) / n if n else 0.0
    for i, own in enumerate(first_stage):
        row = [f"s:{_sbin(own)}", f"doc:{_sbin(mean)}"]
        for offset in (-2, -1, 1, 2):
            j = i + offset
            row.append(f"s{offset:+d}:{_sbin(first_stage[j]) if 0 <= j < n else 'edge'}")
        before = first_stage[max(0, i - 3) : i]
        after = first_stage[i + 1 : i + 4]
        row.append(f"max_before:{_sbin(max(before)) if before else 'edge'}")
        row.append(f"max_after:{_sbin(max(after)) if after else 'edge'}")
        row.append(f"min_around:{_sbin(min(before[-1:] + after[:1])) if before and after else 'edge'}")
        rest = tail_bp[i + 1] / tail_len[i + 1] if tail_len[i + 1] else -1.0
        row.append(f"rest:{_sbin(rest) if rest >= 0 else 'edge'}")
        above = head_bp / head_len if head_len else -1.0
        row.append(f"above:{_sbin(above) if above >= 0 else 'edge'}")
        row.append(f"own_rest:{_sbin(own)}:{_sbin(rest) if rest >= 0 else 'edge'}")
        head_bp += own * lengths[i]
        head_len += lengths[i]
        rows.append(row)
    return rows
