"""BP rules: scraped junk in plain-text articles, removed without losing a real sentence.

Evidence, strongest first:
1. pattern families from rules/boilerplate/*.yml (whole line, glued prefix, glued suffix), each with a
   confidence;
2. repetition: a short line repeated inside the article, or shared by several files of the scan
   (CCNet-style line keys), unless the file is a near-copy of another;
3. a bare line of names between paragraphs (a caption such as "Kim Jong Un and Donald Trump");
4. context: headline-shaped lines right under a "Related Articles" heading, and weak lines sandwiched
   between boilerplate at the bottom, join their block.
Line shape (length, terminal punctuation, title case) only ever adds or removes a little confidence.
The first line (the headline) and prose-shaped lines need pattern evidence; context alone never removes them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

import regex

from cleanup.detectors import Context
from cleanup.detectors.boilerplate_lines import document_line_keys
from cleanup.document import Document
from cleanup.engine.literals import LiteralIndex, leading_literals, parse, required_literals
from cleanup.findings import Finding, Fix
from cleanup.textutil import line_removal_span

CLASS_CODES = {"widget": "BP101", "related": "BP102", "promo": "BP103", "caption": "BP104", "meta": "BP105"}
TEMPLATE_CODE = "BP106"
GUARD_CODE = "BP120"
SAFE_CONFIDENCE = 0.8
REVIEW_CONFIDENCE = 0.55
_TIMEOUT = 2.0

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_TERMINAL = re.compile(r"""[.!?…]["'”’)\]]*$""")
_RELATED_HEADING = regex.compile(
    r"(?:related (?:articles|stories|coverage|content|links)|more (?:about|on|from) [\w .'’-]{2,60}:|"
    r"around the (?:nation|world|web)|more stories|recommended(?: for you)?|you may also like|most read|"
    r"trending(?: now)?|read next)\s*:?",
    regex.IGNORECASE,
)


@dataclass
class _Hit:
    cls: str
    start: int
    end: int
    confidence: float
    evidence: str
    whole_line: bool
    line_index: int


# How each kind of pattern group is anchored. Whole-line kinds make the entire line boilerplate; glued
# kinds (prefix, suffix) remove only what they match and keep the rest of the paragraph.
_ANCHORS = {
    "line": "\\s*(?:{})\\s*",  # fullmatch
    "contains": "(?:{})",  # search
    "ends_with": "(?:{})\\s*$",  # search in the line's last 200 characters
    "prefix": "\\s*(?:{})",  # match at the start
    "suffix": "(?:{})\\s*$",  # search
}
GROUP_KINDS = tuple(_ANCHORS)
_TAIL = 200
_SUFFIX_TAIL = 600


@dataclass(frozen=True)
class _Group:
    kind: str
    cls: str
    confidence: float
    min_length: int
    max_length: int
    needles: tuple[str, ...] = ()  # one must occur (lowercased) before the regex is worth running


@dataclass(frozen=True)
class _Compiled:
    """Every class's groups of one kind in a single alternation, highest confidence first.

    One regex call per line and kind instead of one per group: the first alternative that matches is the
    most confident one, and its named group says which class and confidence it carries.
    For whole-line patterns, `tiers` hold the same alternation without the alternatives too narrow for a
    line of at least that many characters (their maximum width, from the regex parser, is smaller), so a
    long paragraph is only tested against the few patterns that allow long lines.
    """

    # group name -> (group, its own patterns if bounded). One compiled pattern per alternative: an
    # alternation of a few `.{0,400}` tails searched right to left measured 10-50x slower than its parts.
    groups: dict[str, tuple[_Group, tuple[regex.Pattern, ...] | None]]
    pattern: Any
    tiers: tuple[tuple[int, Any], ...] = ()  # (minimum stripped line length, pattern), ascending

    @cached_property
    def bounded(self) -> tuple[tuple[_Group, tuple[regex.Pattern, ...]], ...]:
        """The groups with their own patterns, most confident first."""
        found = [(group, own) for group, own in self.groups.values() if own is not None]
        return tuple(sorted(found, key=lambda item: -item[0].confidence))

    def for_length(self, length: int) -> Any:
        chosen = self.pattern
        for threshold, pattern in self.tiers:
            if length >= threshold:
                chosen = pattern
        return chosen


_TIER_THRESHOLDS = (80, 240)  # more tiers match a little faster but cost start-up time to compile
_UNBOUNDED = 1 << 30


def _max_width(pattern: str) -> int:
    """Longest text the pattern can match (unbounded when the stdlib parser cannot tell)."""
    parsed = parse(pattern)
    if parsed is None:
        return _UNBOUNDED
    try:
        return min(_UNBOUNDED, parsed.getwidth()[1])
    except (OverflowError, RecursionError):
        return _UNBOUNDED


def _fast_compile(pattern: str) -> Any:
    """Stdlib `re` matches these anchored alternations about twice as fast; `regex` when syntax needs it."""
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error:
        return regex.compile(pattern, _FLAGS)


@dataclass(frozen=True)
class _Patterns:
    kinds: dict[str, _Compiled]
    split_after: tuple[tuple[str, regex.Pattern], ...]
    # Which kinds to try on a line. Every pattern with required literals (its group's needles, else what
    # `leading_literals` / `required_literals` derive) is tried only on lines holding one: `index` finds
    # them all in one pass, and the two gate lists give, by literal number, the kinds each one opens.
    # Literal-free patterns make their kind `always` tried, on lines up to the width they can match.
    index: LiteralIndex
    literal_gates: list[tuple[tuple[str, int], ...]]  # by literal number: (kind, widest line it can match)
    leading_gates: list[tuple[tuple[str, int], ...]]  # the same, for literals a line must start with
    always: dict[str, int]


def _compile(families: tuple) -> _Patterns:  # type: ignore[type-arg]
    collected: dict[str, list[tuple[_Group, str]]] = {kind: [] for kind in GROUP_KINDS}
    patterns_of: dict[int, list[str]] = {}
    splits = []
    literal_kinds: dict[str, dict[str, int]] = {}
    leading_kinds: dict[str, dict[str, int]] = {}
    always: dict[str, int] = {}
    for options in families:
        cls = options["class"]
        for kind in GROUP_KINDS:
            for group in options.get(kind) or ():
                alternation = "|".join(f"(?:{p})" for p in group["patterns"])
                bounds = (int(group.get("min_length", 0)), int(group.get("max_length", 1200)))
                needles = tuple(str(n).lower() for n in group.get("needles") or ())
                compiled_group = _Group(kind, cls, float(group["confidence"]), *bounds, needles)
                patterns_of[id(compiled_group)] = list(group["patterns"])
                collected[kind].append((compiled_group, alternation))
                _gate(kind, group["patterns"], needles, (literal_kinds, leading_kinds), always)
        if options.get("split_after"):
            split_options = options["split_after"]
            split = "|".join(f"(?:{p})" for p in split_options["patterns"])
            splits.append((cls, regex.compile(split, regex.IGNORECASE)))
            split_needles = tuple(str(n).lower() for n in split_options.get("needles") or ())
            _gate(
                "split_after",
                split_options["patterns"],
                split_needles,
                (literal_kinds, leading_kinds),
                always,
            )
    kinds = {}
    for kind, entries in collected.items():
        entries.sort(key=lambda entry: -entry[0].confidence)
        groups: dict[str, tuple[_Group, tuple[regex.Pattern, ...] | None]] = {}
        parts = []
        widths: list[tuple[str, list[tuple[str, int]]]] = []
        for number, (group, alternation) in enumerate(entries):
            name = f"g{number}"
            bounded = group.min_length > 0 or group.max_length < 1200 or bool(group.needles)
            # End-anchored kinds match right to left ((?r)), so the engine starts where the match must end.
            reverse = "(?r)" if kind in ("ends_with", "suffix") else ""
            own = (
                tuple(
                    regex.compile(reverse + _ANCHORS[kind].format(p), _FLAGS) for p in patterns_of[id(group)]
                )
                if bounded
                else None
            )
            groups[name] = (group, own)
            if not bounded:
                parts.append(f"(?P<{name}>{alternation})")
                widths.append((name, [(p, _max_width(p)) for p in patterns_of[id(group)]]))
        if kind in ("ends_with", "suffix"):
            combined = (
                regex.compile("(?r)" + _ANCHORS[kind].format("|".join(parts)), _FLAGS) if parts else None
            )
            kinds[kind] = _Compiled(groups, combined)
            continue
        combined = _fast_compile(_ANCHORS[kind].format("|".join(parts))) if parts else None
        tiers = []
        if kind == "line" and parts:
            for threshold in _TIER_THRESHOLDS:
                tier_parts = [
                    f"(?P<{name}>{'|'.join(f'(?:{p})' for p, width in pats if width >= threshold)})"
                    for name, pats in widths
                    if any(width >= threshold for _, width in pats)
                ]
                if tier_parts:
                    tiers.append((threshold, _fast_compile(_ANCHORS[kind].format("|".join(tier_parts)))))
                else:
                    tiers.append((threshold, None))
        kinds[kind] = _Compiled(groups, combined, tuple(tiers))
    index = LiteralIndex([*literal_kinds, *leading_kinds])
    return _Patterns(
        kinds,
        tuple(splits),
        index,
        [tuple(literal_kinds.get(literal, {}).items()) for literal in index.literals],
        [tuple(leading_kinds.get(literal, {}).items()) for literal in index.literals],
        always,
    )


def _gate(
    kind: str,
    patterns: list[str],
    needles: tuple[str, ...],
    gates: tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]],
    always: dict[str, int],
) -> None:
    """Record what a line must hold for this group's patterns to be worth trying (see _Patterns)."""
    for pattern in patterns:
        # A whole-line pattern cannot match a line longer than it can; the other kinds match part of one.
        width = _max_width(pattern) if kind == "line" else _UNBOUNDED
        # Whole-line and prefix patterns start at the line's first character: what they start with is the
        # sharpest gate ("by" at the start of a line, not anywhere in it).
        leading = leading_literals(pattern) if kind in ("line", "prefix") and not needles else None
        literals = leading or needles or required_literals(pattern)
        if literals:
            gate = gates[1] if leading else gates[0]
            for literal in literals:
                kinds = gate.setdefault(literal, {})
                kinds[kind] = max(kinds.get(kind, -1), width)
        else:
            always[kind] = max(always.get(kind, -1), width)


_FLAGS = regex.IGNORECASE | regex.VERSION0


@cache
def _patterns_for(key: tuple) -> _Patterns:  # type: ignore[type-arg]
    return _compile(key)


_LAST: list = [None, None]  # (rule_options object, patterns): freezing options per document is not free


def _class_patterns(ctx: Context) -> _Patterns:
    if _LAST[0] is ctx.rule_options:
        return _LAST[1]
    key = tuple(
        _freeze(ctx.rule_options[code]) for code in CLASS_CODES.values() if ctx.rule_options.get(code)
    )
    _LAST[:] = [ctx.rule_options, _patterns_for(key)]
    return _LAST[1]


def _freeze(value):  # type: ignore[no-untyped-def]
    """Hashable copy of YAML data, so compiled patterns are cached per pack content."""
    if isinstance(value, dict):
        return _FrozenDict((k, _freeze(v)) for k, v in value.items() if k != "__line__")
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


class _FrozenDict(dict):
    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(sorted(self.items())))


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _prose_like(text: str) -> bool:
    """A sentence someone wrote: several words and a full stop."""
    return len(text.split()) >= 8 and bool(_TERMINAL.search(text.strip()))


def _names_only(text: str, doc_text: str) -> bool:
    """'Kim Jong Un and Donald Trump': names of people in the story joined by "and", nothing else.

    Crossheads are short Title Case phrases too ("Baby Raptor", "ZTE Deal"), so a caption line must join
    two names that both appear elsewhere in the article, and shouted (all-caps) lines never qualify.
    """
    if _TERMINAL.search(text) or any(ch in text for ch in "'\"‘’“”:"):
        return False
    parts = re.split(r"\s+(?:and|&)\s+|\s*,\s*", text.strip())
    if len(parts) < 2:
        return False
    for part in parts:
        tokens = part.split()
        if not 1 <= len(tokens) <= 4 or not all(
            t[:1].isupper() and not (len(t) > 3 and t.isupper()) for t in tokens
        ):
            return False
        if doc_text.count(part) < 2:
            return False
    return True


def _match(pattern: Any, method: str, text: str) -> Any:
    if isinstance(pattern, re.Pattern):
        return getattr(pattern, method)(text)
    try:
        return getattr(pattern, method)(text, timeout=_TIMEOUT)
    except TimeoutError:
        return None


def _best(compiled: _Compiled, method: str, text: str) -> tuple[_Group, regex.Match] | None:
    """The most confident group of one kind that matches (combined alternation, then bounded groups)."""
    best: tuple[_Group, regex.Match] | None = None
    lowered = text.lower() if compiled.bounded else ""
    pattern = compiled.for_length(len(text.strip())) if compiled.tiers else compiled.pattern
    if pattern is not None:
        m = _match(pattern, method, text)
        if m is not None and m.lastgroup is not None:
            best = (compiled.groups[m.lastgroup][0], m)
    for group, own in compiled.bounded:
        if best is not None and group.confidence <= best[0].confidence:
            break  # sorted by confidence: nothing further can beat it
        if group.needles and not any(needle in lowered for needle in group.needles):
            continue
        if group.min_length <= len(text) <= group.max_length:
            m = next((m for pattern in own if (m := _match(pattern, method, text)) is not None), None)
            if m is not None:
                best = (group, m)
    return best


def _pattern_hits(doc: Document, index: int, patterns: _Patterns, kinds: set[str]) -> list[_Hit]:
    """Pattern evidence for one line, trying only the kinds whose literals occur in it (`kinds`)."""
    line = doc.lines[index]
    text = line.text
    for cls, split_pattern in patterns.split_after if "split_after" in kinds else ():
        split = _split_point(split_pattern, text)
        if split is not None:
            # The caption ends at its credit; whatever follows is judged on its own.
            head = _Hit(cls, line.start, line.start + split, 0.92, "caption ending in a credit", False, index)
            # The rest starts mid-line, where the line-start gate of prefixes says nothing: try them.
            return [head, *_glued_hits(doc, index, patterns, kinds | {"prefix"}, offset=split)]
    candidates = []
    if len(text) <= 1200:
        if "line" in kinds:
            candidates.append(
                (_best(patterns.kinds["line"], "fullmatch", text), "whole line matches a pattern")
            )
        if "contains" in kinds:
            candidates.append((_best(patterns.kinds["contains"], "search", text), "line contains a marker"))
    if "ends_with" in kinds:
        candidates.append(
            (_best(patterns.kinds["ends_with"], "search", text[-_TAIL:]), "line ends with a marker")
        )
    found = [(hit, evidence) for hit, evidence in candidates if hit is not None]
    if found:
        (group, _m), evidence = max(found, key=lambda item: item[0][0].confidence)
        start, end = line_removal_span(doc, index, index)
        return [_Hit(group.cls, start, end, group.confidence, evidence, True, index)]
    return _glued_hits(doc, index, patterns, kinds)


def _split_point(pattern: regex.Pattern, text: str) -> int | None:
    for m in pattern.finditer(text):
        if m.start() >= 20 and len(text[m.end() :].split()) >= 6:
            return m.end()
    return None


def _glued_hits(
    doc: Document, index: int, patterns: _Patterns, kinds: set[str], offset: int = 0
) -> list[_Hit]:
    line = doc.lines[index]
    text = line.text[offset:]
    base = line.start + offset
    hits: list[_Hit] = []
    prefix = _best(patterns.kinds["prefix"], "match", text) if "prefix" in kinds else None
    if prefix is not None and prefix[1].end() < len(text.rstrip()):
        hits.append(
            _Hit(
                prefix[0].cls,
                base,
                base + prefix[1].end(),
                prefix[0].confidence,
                "glued prefix",
                False,
                index,
            )
        )
    tail_start = max(0, len(text) - _SUFFIX_TAIL)  # glued suffixes are short: search only the tail
    suffix = _best(patterns.kinds["suffix"], "search", text[tail_start:]) if "suffix" in kinds else None
    if suffix is not None and suffix[1].start() + tail_start > 0:
        start = base + tail_start + suffix[1].start()
        hits.append(_Hit(suffix[0].cls, start, line.end, suffix[0].confidence, "glued suffix", False, index))
    return hits


def _near_copy(doc: Document, ctx: Context) -> bool:
    """Most of this file's lines occur in other files: it is a copy, so sharing proves nothing."""
    corpus = ctx.corpus
    if corpus is None or corpus.documents < 3:
        return True
    keys = [key for key in document_line_keys(doc) if key]
    shared = sum(1 for key in keys if corpus.line_keys.get(key, 0) >= 2)
    return not keys or shared * 2 > len(keys)


def _line_kinds(doc: Document, patterns: _Patterns) -> list[set[str]]:
    """For each line, the pattern kinds worth trying on it: those with a required literal in the line
    (one Aho-Corasick pass over the document), plus those with literal-free patterns wide enough for it."""
    text = doc.text
    lines = doc.lines
    lowered = doc.lowered
    if len(lowered) != len(text):
        return [{*GROUP_KINDS, "split_after"} for _ in lines]  # lowercasing moved offsets: try everything
    lengths = [len(line.text.strip()) for line in lines]
    kinds: list[set[str]] = [set() for _ in lines]
    for kind, width in patterns.always.items():
        for index, length in enumerate(lengths):
            if length <= width:
                kinds[index].add(kind)
    # Where each line's text starts, past its indentation: the only place a leading literal counts.
    starts = {line.start + len(line.text) - len(line.text.lstrip()): i for i, line in enumerate(lines)}
    anywhere, leading = patterns.literal_gates, patterns.leading_gates
    line_index = doc.line_index
    for number, offset, _end in patterns.index.matches(lowered):
        gates = anywhere[number]
        index = starts.get(offset) if leading[number] else None
        if index is not None:
            gates = (*gates, *leading[number])
        elif not gates:
            continue
        else:
            index = line_index(offset)
        length = lengths[index]
        kinds[index].update(kind for kind, width in gates if length <= width)
    return kinds


def candidates(doc: Document, ctx: Context) -> list[_Hit]:
    patterns = _class_patterns(ctx)
    content = [i for i, line in enumerate(doc.lines) if line.text.strip()]
    if not content:
        return []
    line_kinds = _line_kinds(doc, patterns)
    first, last_lines = content[0], set(content[-3:])
    # Without a corpus, only short lines can count as repeated template text.
    keys = document_line_keys(doc) if ctx.corpus is not None else _short_line_keys(doc)
    local_counts = Counter(keys[i] for i in content)
    use_corpus = not _near_copy(doc, ctx)
    hits: dict[int, list[_Hit]] = {}

    for index in content:
        text = doc.lines[index].text.strip()
        found = _pattern_hits(doc, index, patterns, line_kinds[index]) if line_kinds[index] else []
        if not found and index != first and not _prose_like(text):
            evidence = _weak_evidence(doc, text, keys[index], local_counts, ctx if use_corpus else None)
            if evidence is not None:
                start, end = line_removal_span(doc, index, index)
                found = [_Hit(evidence[0], start, end, 0.8, evidence[1], True, index)]
        if found:
            bonus = 0.05 if (index == first or index in last_lines) else 0.0
            for hit in found:
                hit.confidence = min(1.0, hit.confidence + bonus)
            hits[index] = found

    _extend_related_blocks(doc, content, hits)
    _extend_bottom_run(doc, content, hits)
    return [hit for index in sorted(hits) for hit in hits[index]]


def _short_line_keys(doc: Document) -> list[str]:
    """Keys of the lines short enough to be repeated template text ("" for the others)."""
    keys = document_line_keys(doc)
    lines = doc.lines
    return [
        key if len(lines[i].text) <= 160 and len(lines[i].text.split()) <= 12 else ""
        for i, key in enumerate(keys)
    ]


def _weak_evidence(
    doc: Document, text: str, key: str, local_counts: Counter[str], ctx: Context | None
) -> tuple[str, str] | None:
    """(class, evidence) for a short non-prose line without a pattern: repetition or a bare line of names."""
    short = len(text.split()) <= 12
    if short and key and len(key) >= 3 and local_counts[key] >= 2:
        return "template", f"line repeated {local_counts[key]} times in the article"
    shared = ctx.corpus.line_keys.get(key, 0) if ctx is not None and ctx.corpus is not None else 0
    if short and key and shared >= 3:
        return "template", f"template line shared by {shared} files of this scan"
    if _names_only(text, doc.text):
        return "caption", "a bare line of names between paragraphs"
    return None


def _headline_shaped(text: str) -> bool:
    words = _words(text)
    return 2 <= len(words) <= 20 and not text.rstrip().endswith((".", "!", "?", ";", ","))


def _extend_related_blocks(doc: Document, content: list[int], hits: dict[int, list[_Hit]]) -> None:
    for position, index in enumerate(content):
        text = doc.lines[index].text.strip()
        if not _RELATED_HEADING.fullmatch(text):
            continue
        for follower in content[position + 1 : position + 8]:
            follower_text = doc.lines[follower].text.strip()
            if follower in hits:
                continue
            if not _headline_shaped(follower_text):
                break
            start, end = line_removal_span(doc, follower, follower)
            hits[follower] = [
                _Hit(
                    "related",
                    start,
                    end,
                    0.8,
                    "headline listed under a related-stories heading",
                    True,
                    follower,
                )
            ]


def _extend_bottom_run(doc: Document, content: list[int], hits: dict[int, list[_Hit]]) -> None:
    """A short, non-prose line between two whole-line boilerplate hits near the end joins them."""
    tail = content[len(content) * 2 // 3 :]
    for position in range(1, len(tail) - 1):
        index = tail[position]
        if index in hits:
            continue
        before, after = hits.get(tail[position - 1]), hits.get(tail[position + 1])
        if not before or not after or not before[0].whole_line or not after[0].whole_line:
            continue
        text = doc.lines[index].text.strip()
        if _prose_like(text) or len(text.split()) > 8:
            continue
        start, end = line_removal_span(doc, index, index)
        hits[index] = [
            _Hit(before[0].cls, start, end, 0.8, "short line inside a block of boilerplate", True, index)
        ]


def detect(doc: Document, ctx: Context) -> Iterator[Finding]:
    found = [hit for hit in candidates(doc, ctx) if hit.confidence >= REVIEW_CONFIDENCE]
    if not found:
        return
    guard = float(ctx.options.get("boilerplate_guard", 0.30))
    total_words = len(doc.text.split()) or 1
    removable = [h for h in found if h.confidence >= SAFE_CONFIDENCE]
    removed_words = sum(len(doc.text[h.start : h.end].split()) for h in removable)
    # Only heuristic removals count against the guard: a certain pattern (a crawl notice that is the
    # whole passage) may take everything.
    uncertain_words = sum(len(doc.text[h.start : h.end].split()) for h in removable if h.confidence < 0.95)
    tripped = uncertain_words / total_words > guard
    if tripped:
        yield Finding(
            GUARD_CODE,
            0,
            0,
            f"Boilerplate removals would take {removed_words / total_words:.0%} of the words, above the "
            f"{guard:.0%} guard; they are offered for review instead of being applied",
        )
    for hit in found:
        safe = hit.confidence >= SAFE_CONFIDENCE and not (tripped and hit.confidence < 0.95)
        code = CLASS_CODES.get(hit.cls, TEMPLATE_CODE)
        note = "" if safe else "; review: not certain enough to remove automatically"
        yield Finding(
            code,
            hit.start,
            hit.end,
            f"{_LABEL[hit.cls]} ({hit.evidence}; confidence {hit.confidence:.2f}){note}",
            Fix("", "safe" if safe else "unsafe"),
            data={
                "class": "widget" if hit.cls == "template" else hit.cls,
                "confidence": round(hit.confidence, 2),
            },
        )


_LABEL = {
    "widget": "Page widget text",
    "related": "Link to another story",
    "promo": "Promotional call to action",
    "caption": "Image or video caption",
    "meta": "Article metadata, not article text",
    "template": "Template line",
}
