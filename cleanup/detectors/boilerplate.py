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

import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache

import regex

from cleanup import models
from cleanup.config import SETTINGS
from cleanup.detectors import Context, T, option, options_for, options_from
from cleanup.detectors.boilerplate_features import context_features, line_features
from cleanup.detectors.boilerplate_lines import KEYED_LENGTH, document_line_keys
from cleanup.detectors.boilerplate_patterns import Entry, Patterns, first_match, line_entries, patterns_for
from cleanup.document import Document
from cleanup.findings import Finding, Fix
from cleanup.textutil import line_removal_span

# Which code a class's findings get is each pattern rule's `class:` option in rules/boilerplate/*.yml.
TEMPLATE_CODE = "BP106"
LEARNED_CODE = "BP107"  # a line the classifier removes that no pattern family names
GUARD_CODE = "BP120"
# Every code this detector can yield, checked against rules/ when packs load.
EMITS = frozenset({"BP101", "BP102", "BP103", "BP104", "BP105", TEMPLATE_CODE, LEARNED_CODE, GUARD_CODE})


@dataclass(frozen=True)
class RelatedBlockOptions:
    """BP102's options (rules/boilerplate/related.yml): the headings above a block of related links."""

    block_headings: tuple[str, ...] = option("headings whose following headline-shaped lines are links")
    topic_headings: tuple[str, ...] = option("'More on X' style headings (X any topic)")
    block_lines: int = option("at most this many lines under a heading join its block")
    headline_min_words: int = option("a headline under a block heading has at least this many words ...")
    headline_max_words: int = option("... and at most this many")
    topic_max_words: int = option("a topic under a topics heading has one word and at most this many")


@dataclass(frozen=True)
class RemovalPolicy:
    """What a pattern hit's confidence decides, and which neighbours join a removal (BP120's options,
    rules/boilerplate/context.yml: the guard is what weighs them). The learned BP107 has its own
    thresholds, chosen in training (`Decision`)."""

    safe: float = option("a pattern hit at or above this is removed by default (a safe fix)")
    review: float = option("a pattern hit at or above this, and below `safe`, is offered for review")
    review_only: float = option("the cap for hits only a reviewer may apply (below `safe`)")
    certain: float = option("hits at or above this are applied even when the guard trips")
    context: float = option(
        "a line removed for what surrounds it: a headline under a related-stories heading, a short line "
        "between two removed lines near the end"
    )
    enclosed_lines: int = option("at most this many lines between two removed ones near the end join them")
    enclosed_max_words: int = option("... if none is prose or longer than this many words")
    near_end_parts: int = option("'near the end' is the last 1/N of the article's lines (N, rounded up)")
    edge_bonus: float = option("a pattern hit on the first line or the last `edge_lines` gains this much")
    edge_lines: int = option("... the last lines that count as the article's edge")
    prose_min_words: int = option("a line ending a sentence with at least this many words is prose")
    pattern_max_chars: int = option("whole-line and contains patterns are tried on lines up to this long")
    credit_split: float = option("the confidence of a caption cut at its credit, with the story after it")
    credit_min_chars: int = option("... when the caption before the credit is at least this long")
    credit_min_rest_words: int = option("... and the rest of the line has at least this many words")
    headline_label_words: int = option(
        "'Label: rest' on the first line is a labelled headline when the "
        "label has at most this many words ..."
    )
    headline_rest_words: int = option("... and the rest at least this many")
    title_slot_words: int = option("the classifier never removes a title-slot line of this many words")


@dataclass(frozen=True)
class TemplateOptions:
    """BP106's options (rules/boilerplate/context.yml): which lines count as template text."""

    max_chars: int = option("a template line is at most this long")
    max_words: int = option("... and has at most this many words")
    min_files: int = option("a line shared by this many files of a scan is template text")


# Every option dataclass this module reads, by rule code: the packs are checked against them when they load.
OPTIONS = {"BP102": RelatedBlockOptions, TEMPLATE_CODE: TemplateOptions, GUARD_CODE: RemovalPolicy}


# Which built-in pack file holds each rule whose options are read outside a Context.
_PACK_OF = {"BP102": "related.yml", TEMPLATE_CODE: "context.yml", GUARD_CODE: "context.yml"}


@cache
def _builtin(code: str, cls: type[T]) -> T:
    """A rule's options from the built-in pack (checked against `cls` when it loads): read wherever the
    detector needs them, whatever the selection, and where no Context exists (the training script)."""
    from cleanup.engine.packs import builtin_rules_dir, load_pack_file

    specs = load_pack_file(builtin_rules_dir() / "boilerplate" / _PACK_OF[code], builtin=True)
    return options_from({spec.code: spec.options for spec in specs}, code, cls)


def levels() -> RemovalPolicy:
    return _builtin(GUARD_CODE, RemovalPolicy)


def _related() -> RelatedBlockOptions:
    return _builtin("BP102", RelatedBlockOptions)


_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SENTENCE_ENDS = (".", "!", "?", "…")
# A line that ends by attributing what it says ("…, the union's banner read.") is a quote from the story.
_ATTRIBUTED = re.compile(
    r"""(?:,|["”’]) (?:[\w'’.-]+ ){0,5}(?:said|says|told|added|read|reads|wrote|writes|warned|urged|"""
    r"""explained|noted|asked|insisted|argued|claimed|stated|announced|tweeted)\b[^.!?"”]{0,60}[.!?]["”’]?\s*$"""
)
_CLOSERS = "\"'”’)]"
_DASHES = ("—", "–", "-")
_NARRATIVE_PAST = re.compile(r"\b(?:was|were|had)\b")


@dataclass
class _Hit:
    cls: str
    start: int
    end: int
    confidence: float
    evidence: str
    whole_line: bool
    line_index: int
    learned: bool = False  # found by the classifier alone (BP107), judged against its thresholds
    context: bool = False  # repetition, a names line or a neighbouring block: not a pattern (no feature)
    reasons: list[str] = field(default_factory=list)  # the classifier's strongest features, in words


_TAIL = 200  # ends_with patterns are searched in a line's last characters only
_SUFFIX_TAIL = 600
# (rule_options object, patterns, class -> code): freezing options per document is not free.
_LAST: list = [None, None, {}]


def _class_patterns(ctx: Context) -> Patterns:
    if _LAST[0] is not ctx.rule_options:
        codes = class_codes(ctx.rule_options)
        key = tuple(_freeze(ctx.rule_options[code]) for code in sorted(codes.values()))
        _LAST[:] = [ctx.rule_options, patterns_for(key), codes]
    return _LAST[1]


def class_codes(rule_options: dict) -> dict[str, str]:
    """Class -> rule code, from the pattern rules' `class:` options (rules/boilerplate/*.yml)."""
    return {
        options["class"]: code
        for code, options in sorted(rule_options.items())
        if code in EMITS and isinstance(options, dict) and isinstance(options.get("class"), str)
    }


def _code_of(ctx: Context, cls: str) -> str:
    _class_patterns(ctx)
    return _LAST[2].get(cls, TEMPLATE_CODE)


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


def prose_like(text: str) -> bool:
    """A sentence someone wrote: several words and a full stop."""
    words = levels().prose_min_words
    return _ends_sentence(text) and len(text.split(maxsplit=words - 1)) >= words


def _ends_sentence(text: str) -> bool:
    """Ends with . ! ? or …, maybe inside closing quotes or brackets (string ops: a `$`-anchored regex
    search would try every position of the line)."""
    return text.rstrip().rstrip(_CLOSERS).endswith(_SENTENCE_ENDS)


def _names_only(text: str, doc_text: str) -> bool:
    """'Kim Jong Un and Donald Trump': names of people in the story joined by "and", nothing else.

    Crossheads are short Title Case phrases too ("Baby Raptor", "ZTE Deal"), so a caption line must join
    two names that both appear elsewhere in the article, and shouted (all-caps) lines never qualify.
    """
    if _ends_sentence(text) or any(ch in text for ch in "'\"‘’“”:"):
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


def _pattern_hits(doc: Document, index: int, patterns: Patterns, entries: set[int]) -> list[_Hit]:
    """Pattern evidence for one line, trying only `entries`: the patterns whose literals occur in it."""
    line = doc.lines[index]
    text = line.text
    for cls, split_pattern in patterns.split_after if patterns.split_entry in entries else ():
        split = _split_point(split_pattern, text)
        if split is not None:
            # The caption ends at its credit; whatever follows is judged on its own.
            confidence = levels().credit_split
            head = _Hit(
                cls, line.start, line.start + split, confidence, "caption ending in a credit", False, index
            )
            # The rest starts mid-line, where the line-start gate of prefixes says nothing: try them all.
            rest = patterns.by_kind_of({*entries, *patterns.by_kind["prefix"]})
            return [head, *_glued_hits(doc, index, rest, offset=split)]
    kinds = patterns.by_kind_of(entries)
    candidates = []
    text = markdown_plain(text)  # "**Related:** [Headline](url)" is judged as "Related: Headline"
    if len(text) <= levels().pattern_max_chars:
        if "line" in kinds:
            candidates.append((first_match(kinds["line"], "fullmatch", text), "whole line matches a pattern"))
        if "contains" in kinds:
            candidates.append((first_match(kinds["contains"], "search", text), "line contains a marker"))
    if "ends_with" in kinds:
        candidates.append(
            (first_match(kinds["ends_with"], "match", text[-_TAIL:]), "line ends with a marker")
        )
    found = [(hit, evidence) for hit, evidence in candidates if hit is not None]
    if found and _ATTRIBUTED.search(text):
        found = []  # "…, the mayor urged." is quoted speech: article text, whatever words it uses
    if found:
        (group, _m), evidence = max(found, key=lambda item: item[0][0].confidence)
        start, end = line_removal_span(doc, index, index)
        hit = _Hit(group.cls, start, end, group.confidence, evidence, True, index)
        if group.cls == "promo" and _NARRATIVE_PAST.search(text) and prose_like(text):
            # A call to action speaks to the reader in the present; "Follow us on Twitter was the last line
            # of every email, investigators found" is a sentence of the story: a reviewer decides.
            _offer_for_review(hit, ", but the line narrates in the past tense")
        return [hit]
    return _glued_hits(doc, index, kinds)


_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_MD_EMPHASIS = re.compile(r"(?<!\w)(?:\*\*|__|\*|_)(?=\S)|(?<=\S)(?:\*\*|__|\*|_)(?!\w)")
_MD_LEAD = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?)")


def markdown_plain(text: str) -> str:
    """A line without its Markdown markup (headings, quote marks, emphasis, links), for the whole-line
    patterns; the removal still takes the whole line as written."""
    if not any(mark in text for mark in "*_[#>"):
        return text
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_LEAD.sub("", text)
    return _MD_EMPHASIS.sub("", text)


def _split_point(pattern: regex.Pattern, text: str) -> int | None:
    """Where the caption ends: after its credit and the spaces that follow it."""
    for m in pattern.finditer(text):
        if text[m.end() :].lstrip().startswith(_DASHES):
            continue  # "LOS ANGELES, Calif. (AP) — The council …": a dateline opens the story, keep it
        limits = levels()
        if (
            m.start() >= limits.credit_min_chars
            and len(text[m.end() :].split()) >= limits.credit_min_rest_words
        ):
            return len(text) - len(text[m.end() :].lstrip(" \t"))
    return None


def _glued_hits(doc: Document, index: int, kinds: dict[str, list[Entry]], offset: int = 0) -> list[_Hit]:
    line = doc.lines[index]
    text = line.text[offset:]
    base = line.start + offset
    hits: list[_Hit] = []
    prefix = first_match(kinds["prefix"], "match", text) if "prefix" in kinds else None
    if prefix is not None and prefix[1].end() < len(text.rstrip()):
        group = prefix[0]
        hits.append(
            _Hit(group.cls, base, base + prefix[1].end(), group.confidence, "glued prefix", False, index)
        )
    if "suffix" in kinds:
        tail_start = max(0, len(text) - _SUFFIX_TAIL)  # glued suffixes are short: search only the tail
        suffix = first_match(kinds["suffix"], "match", text[tail_start:])
        if suffix is not None and suffix[1].start() + tail_start > 0:
            start = base + tail_start + suffix[1].start()
            hits.append(
                _Hit(suffix[0].cls, start, line.end, suffix[0].confidence, "glued suffix", False, index)
            )
    return hits


def _near_copy(doc: Document, ctx: Context) -> bool:
    """Most of this file's lines occur in other files: it is a copy, so sharing proves nothing.
    Asked twice per document (pattern evidence, classifier features): computed once per corpus."""
    cached = doc.cache.get("near_copy")
    if isinstance(cached, tuple) and cached[0] is ctx.corpus:
        return bool(cached[1])
    result = _near_copy_uncached(doc, ctx)
    doc.cache["near_copy"] = (ctx.corpus, result)
    return result


def _near_copy_uncached(doc: Document, ctx: Context) -> bool:
    corpus = ctx.corpus
    if corpus is None or corpus.documents < 3:
        return True
    keys = [key for key in document_line_keys(doc) if key]
    shared = sum(1 for key in keys if corpus.shared(key) >= 2)
    return not keys or shared * 2 > len(keys)


def candidates(doc: Document, ctx: Context) -> list[_Hit]:
    """Every line the evidence points at; hits that are not a pattern's are marked `context`."""
    patterns = _class_patterns(ctx)
    content = [i for i, line in enumerate(doc.lines) if line.text.strip()]
    if not content:
        return []
    gated = line_entries(doc, patterns)
    policy = levels()
    first, last_lines = content[0], set(content[-policy.edge_lines :])
    # Without a corpus, only short lines can count as repeated template text.
    keys = document_line_keys(doc) if ctx.corpus is not None else _short_line_keys(doc)
    local_counts = Counter(keys[i] for i in content)
    use_corpus = not _near_copy(doc, ctx)
    hits: dict[int, list[_Hit]] = {}

    for index in content:
        text = doc.lines[index].text.strip()
        found = _pattern_hits(doc, index, patterns, gated[index]) if gated[index] else []
        if not found and index != first and not prose_like(text):
            evidence = _weak_evidence(doc, text, keys[index], local_counts, ctx if use_corpus else None)
            if evidence is not None:
                start, end = line_removal_span(doc, index, index)
                found = [_Hit(evidence[0], start, end, evidence[2], evidence[1], True, index, context=True)]
        if found:
            bonus = policy.edge_bonus if (index == first or index in last_lines) else 0.0
            for hit in found:
                hit.confidence = min(1.0, hit.confidence + bonus)
                if index == first and _labelled_headline(hit, text):
                    # "Analysis: …", "Video: …", "Photos: …" open related links and captions, but the first
                    # line is usually the article's own headline: a reviewer decides.
                    _offer_for_review(hit, "; the first line, which may be the headline")
            hits[index] = found

    _extend_related_blocks(doc, content, hits, _block_headings(ctx))
    _extend_bottom_run(doc, content, hits)
    return [hit for index in sorted(hits) for hit in hits[index]]


def _offer_for_review(hit: _Hit, why: str) -> None:
    """Keep the hit below the safe level, so a reviewer decides, and say why."""
    hit.confidence = min(hit.confidence, levels().review_only)
    hit.evidence += why


def _labelled_headline(hit: _Hit, text: str) -> bool:
    """A whole line of the form "Label: several words", the shape of a labelled headline."""
    if not hit.whole_line or hit.cls not in ("related", "caption"):
        return False
    label, colon, rest = text.partition(":")
    policy = levels()
    return (
        bool(colon)
        and len(label.split()) <= policy.headline_label_words
        and len(rest.split()) >= policy.headline_rest_words
    )


def _short_line_keys(doc: Document) -> list[str]:
    """Keys of the lines short enough to be repeated template text ("" for the others)."""
    keys = document_line_keys(doc)
    lines = doc.lines
    limits = _builtin(TEMPLATE_CODE, TemplateOptions)
    return [
        key
        if len(lines[i].text) <= limits.max_chars and len(lines[i].text.split()) <= limits.max_words
        else ""
        for i, key in enumerate(keys)
    ]


def _weak_evidence(
    doc: Document, text: str, key: str, local_counts: Counter[str], ctx: Context | None
) -> tuple[str, str, float] | None:
    """(class, evidence, confidence) for a short non-prose line without a pattern: repetition or a bare line
    of names."""
    limits = _builtin(TEMPLATE_CODE, TemplateOptions)
    short = len(text.split()) <= limits.max_words
    shared = ctx.corpus.shared(key) if ctx is not None and ctx.corpus is not None else 0
    if short and key and shared >= limits.min_files:
        return "template", f"template line shared by {shared} files of this scan", levels().safe
    if short and key and len(key) >= 3 and local_counts[key] >= 2:
        # Articles repeat lines of their own too (a refrain, a score, a recurring heading), so a line that
        # only repeats inside one article is offered for review, not removed.
        return "template", f"line repeated {local_counts[key]} times in the article", levels().review_only
    if _names_only(text, doc.text):
        return "caption", "a bare line of names between paragraphs", levels().safe
    return None


def _headline_shaped(text: str) -> bool:
    options = _related()
    return options.headline_min_words <= len(
        _words(text)
    ) <= options.headline_max_words and not text.rstrip().endswith((".", "!", "?", ";", ","))


def _topic_shaped(text: str) -> bool:
    """A topic tag: a few words, no sentence punctuation ("North Korea", "news")."""
    return 1 <= len(_words(text)) <= _related().topic_max_words and not text.rstrip().endswith(
        (".", "!", "?", ";", ",", ":")
    )


@cache
def _compile_headings(block: tuple[str, ...], topic: tuple[str, ...]) -> tuple[regex.Pattern, regex.Pattern]:
    def one(patterns: tuple[str, ...]) -> regex.Pattern:
        return regex.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!)", regex.IGNORECASE)

    return one(block), one(topic)


def _block_headings(ctx: Context) -> tuple[regex.Pattern, regex.Pattern]:
    """BP102's `block_headings` and `topic_headings` (rules/boilerplate/related.yml), compiled once."""
    options = options_for(ctx, "BP102", RelatedBlockOptions)
    return _compile_headings(options.block_headings, options.topic_headings)


def _extend_related_blocks(
    doc: Document,
    content: list[int],
    hits: dict[int, list[_Hit]],
    headings: tuple[regex.Pattern, regex.Pattern],
) -> None:
    block_heading, topic_heading = headings
    for position, index in enumerate(content):
        text = doc.lines[index].text.strip()
        topics = bool(topic_heading.fullmatch(text))
        if not topics and not block_heading.fullmatch(text):
            continue
        for follower in content[position + 1 : position + 1 + _related().block_lines]:
            follower_text = doc.lines[follower].text.strip()
            if follower in hits:
                continue
            if not (_topic_shaped(follower_text) if topics else _headline_shaped(follower_text)):
                break
            start, end = line_removal_span(doc, follower, follower)
            hits[follower] = [
                _Hit(
                    "related",
                    start,
                    end,
                    levels().context,
                    "headline listed under a related-stories heading",
                    True,
                    follower,
                    context=True,
                )
            ]


def _certain_line(line_hits: list[_Hit]) -> bool:
    """A whole line removed on its own evidence: only such lines can enclose others."""
    return line_hits[0].whole_line and line_hits[0].confidence >= levels().safe


def _extend_bottom_run(doc: Document, content: list[int], hits: dict[int, list[_Hit]]) -> None:
    """Up to three short, non-prose lines between two whole-line boilerplate hits near the end join them
    (topic tags between "Related Topics" and "Share this article")."""
    run = levels()
    tail = content[len(content) - -(-len(content) // run.near_end_parts) :]  # the last 1/N, rounded up
    position = 0
    while position < len(tail):
        before = hits.get(tail[position])
        if not before or not _certain_line(before):
            position += 1
            continue
        gap = position + 1  # stops at the next hit, or after `enclosed_lines` lines without one
        while gap < len(tail) and tail[gap] not in hits and gap - position <= run.enclosed_lines:
            gap += 1
        after = hits.get(tail[gap]) if gap < len(tail) else None
        enclosed = tail[position + 1 : gap]
        if enclosed and after and _certain_line(after):
            texts = [doc.lines[index].text.strip() for index in enclosed]
            if not any(prose_like(text) or len(text.split()) > run.enclosed_max_words for text in texts):
                for index in enclosed:
                    start, end = line_removal_span(doc, index, index)
                    hits[index] = [
                        _Hit(
                            before[0].cls,
                            start,
                            end,
                            levels().context,
                            "short line inside a block of boilerplate",
                            True,
                            index,
                            context=True,
                        )
                    ]
        position = max(gap, position + 1)


# --- The learned classifier: every line scored from its features, patterns among them -------------------


def pattern_classes(hits: list[_Hit], line_positions: dict[int, int], n: int) -> list[str | None]:
    """Each content line's pattern evidence as one feature value: class, whole line or glued, strength.
    `line_positions` maps a document line index to its position among the content lines."""
    out: list[str | None] = [None] * n
    for hit in hits:
        if hit.context:
            continue
        kind = "line" if hit.whole_line else "glued"
        strength = "hi" if hit.confidence >= levels().safe else "lo"
        out[line_positions[hit.line_index]] = f"{hit.cls}:{kind}:{strength}"
    return out


def corpus_counts(doc: Document, keys: list[str], ctx: Context) -> list[int] | None:
    """How many other files of the scan share each line (None without a corpus pass, or for a near-copy,
    whose shared lines prove nothing: a syndicated story shares its whole text)."""
    corpus = ctx.corpus
    if corpus is None or _near_copy(doc, ctx):
        return None
    return [max(0, corpus.shared(k) - 1) if k and len(k) <= KEYED_LENGTH else 0 for k in keys]


def line_scores(
    texts: list[str], keys: list[str], classes: list[str | None], counts: list[int] | None
) -> tuple[list[float], list[tuple[list[str], list[str]]]]:
    """The shipped model's probability that each line is boilerplate (two stages: the line and its
    neighbours' shape, then the first-stage scores around it), and each line's features (own, context)."""
    model = models.load("boilerplate")
    stage1, stage2 = model.stages["line"], model.stages["context"]
    rows = line_features(texts, keys, classes, counts)
    first = [stage1.probability(row) for row in rows]
    pairs = list(zip(rows, context_features(first, line_sizes(texts)), strict=True))
    return [stage2.probability(own, extra) for own, extra in pairs], pairs


# What a feature means to a reviewer, by its prefix (the strongest few are named on each BP107 finding).
_REASONS = (
    ("from_end:", "near the end of the article"),
    ("from_start:", "near the top"),
    ("corpus:", "shared by other files of the scan"),
    ("rep:", "repeated in the article"),
    ("rest:", "the lines after it look like boilerplate"),
    ("above:", "the lines above it look like boilerplate"),
    ("max_before:", "the line before looks like boilerplate"),
    ("max_after:", "the line after looks like boilerplate"),
    ("s-1:", "the line before looks like boilerplate"),
    ("s+1:", "the line after looks like boilerplate"),
    ("min_around:", "between boilerplate lines"),
    ("own_rest:", "it and the rest of the page look like boilerplate"),
    ("nw:", "short"),
    ("nw_end:", "short, without a sentence end"),
    ("end:", "no sentence end"),
    ("sw:", "few function words"),
    ("title:", "Title Case"),
    ("w0:", "its first word"),
    ("w01:", "its first words"),
    ("wl:", "its last word"),
    ("w:", "its words"),
    ("b:", "its words"),
    ("m:", "a marker"),
    ("p.pat:", "next to a pattern hit"),
    ("n.pat:", "next to a pattern hit"),
)


def explain(own: list[str], extra: list[str], top: int = 3) -> list[str]:
    """The reasons behind a line's score: the features that raised the second-stage logit most, in words."""
    weights = models.load("boilerplate").stages["context"].weights
    ranked = sorted(((weights.get(f, 0.0), f) for f in (*own, *extra)), reverse=True)
    reasons: list[str] = []
    for weight, feature in ranked:
        if weight <= 0 or len(reasons) == top:
            break
        if feature in ("from_start:5", "from_end:5"):
            continue  # "five or more lines from the edge": not a reason a reviewer can use
        words = next((w for prefix, w in _REASONS if feature.startswith(prefix)), None)
        if words in ("its first word", "its first words", "its last word", "its words", "a marker"):
            words = f"{words} ({feature.split(':', 1)[1].replace('_', ' ')})"
        if words and not any(words.split(" (")[-1] == r.split(" (")[-1] for r in reasons):
            reasons.append(words)
    return reasons


@dataclass(frozen=True)
class Decision:
    """How the classifier's score becomes a removal; chosen by scripts/train_boilerplate.py on
    leave-one-source-out scores and stored with the model."""

    safe_threshold: float  # a line without a pattern is removed by default at or above this score
    review_threshold: float  # ... and offered for review at or above this one
    max_chars: int  # inside the article, longer lines (and prose) are never removed on its word alone
    after_article_max_chars: int  # after the article, a line up to this long may be, prose or not
    article_pivot: float  # the article is the run of lines scoring most below this (content_window)


@cache
def decision() -> Decision:
    return Decision(**models.load("boilerplate").meta["decision"])


def may_remove(text: str, past: bool, rule: Decision) -> bool:
    """Whether the classifier's word alone may remove this line (at or above the safe threshold).

    In the article, a paragraph or a sentence someone wrote is only ever offered for review (precision
    first: a quoted statement scored 0.9 once). Past it (`past`, from `past_article`), comment threads,
    author boxes and "Available at …" pitches are prose too, and a confident line up to
    `after_article_max_chars` is removed: on the held-out news sources that raised recall without losing
    precision (docs/learned-detectors.md).
    """
    if past:
        return len(text) <= rule.after_article_max_chars
    return len(text) <= rule.max_chars and not prose_like(text.strip())


def past_article(
    scores: Sequence[float], sizes: Sequence[int], removed: Sequence[bool], rule: Decision
) -> list[bool]:
    """Which lines lie past the article: after its content window, and after a line removed there on its
    own evidence (`removed`: a pattern's line, or a short confident one). The second condition keeps an
    article's last paragraphs, which the model's "near the end" evidence can score high, unless junk came
    between them and the article."""
    start, end = content_window(scores, sizes, rule.article_pivot)
    flags = [False] * len(scores)
    if end <= start:
        return flags  # no line looks like article text: nothing to be past
    junk_seen = False
    for i in range(end, len(scores)):
        flags[i] = junk_seen
        junk_seen = junk_seen or removed[i]
    return flags


def line_sizes(texts: Sequence[str]) -> list[int]:
    """Each line's weight in the model's eyes: its characters without spaces."""
    return [len(t) - t.count(" ") for t in texts]


def content_window(scores: Sequence[float], sizes: Sequence[int], pivot: float) -> tuple[int, int]:
    """The lines [start, end) the classifier most believes are the article: the contiguous run with the
    largest sum of (pivot - score) * sqrt(size), weighted as the model was trained (by the square root of
    the characters). (0, 0) when no line scores below the pivot."""
    best, best_start, best_end = 0.0, 0, 0
    running, start = 0.0, 0
    for i, (score, size) in enumerate(zip(scores, sizes, strict=True)):
        if running <= 0.0:
            running, start = 0.0, i
        running += (pivot - score) * math.sqrt(size)
        if running > best:
            best, best_start, best_end = running, start, i + 1
    return best_start, best_end


def learned_candidates(doc: Document, ctx: Context) -> list[_Hit]:
    """Every line with its evidence and confidence. A pattern's whole-line hit keeps its class and
    confidence; a line no pattern names gets the classifier's score."""
    content = [i for i, line in enumerate(doc.lines) if line.text.strip()]
    if not content:
        return []
    rule = decision()
    positions = {index: p for p, index in enumerate(content)}
    pattern_hits = candidates(doc, ctx)
    all_keys = document_line_keys(doc)
    keys = [all_keys[i] for i in content]
    texts = [doc.lines[i].text for i in content]
    classes = pattern_classes(pattern_hits, positions, len(content))
    scores, rows = line_scores(texts, keys, classes, corpus_counts(doc, keys, ctx))
    by_line: dict[int, list[_Hit]] = {}
    for hit in pattern_hits:
        by_line.setdefault(hit.line_index, []).append(hit)
    removed_alone = [
        any(h.whole_line and h.confidence >= levels().safe for h in by_line.get(index, []))
        or (
            index not in by_line
            and score >= rule.safe_threshold
            and may_remove(texts[positions[index]], False, rule)
        )
        for index, score in zip(content, scores, strict=True)
    ]
    past = past_article(scores, line_sizes(texts), removed_alone, rule)
    out: list[_Hit] = []
    title_slot = _title_slot(content, by_line)
    for index, score in zip(content, scores, strict=True):
        line_hits = by_line.get(index, [])
        whole = [h for h in line_hits if h.whole_line]
        if whole:
            # The pattern decides its line (a veto by the classifier cost the dev set most of its recall,
            # docs/learned-detectors.md); the reviewer sees the classifier's score beside it.
            hit = whole[0]
            hit.evidence += f"; classifier {score:.2f}"
            out.append(hit)
            continue
        # Glued pieces (a credit before the lede, a dateline) are cut on pattern evidence: the classifier
        # scores whole lines, and the rest of such a line is article text.
        out.extend(line_hits)
        if line_hits or score < rule.review_threshold:
            continue
        text = texts[positions[index]]
        # Prose is offered for review only when the classifier is as sure as a short line's removal needs.
        # So is the title slot: the training corpora label titles neither way (`ignore`), so the model
        # never learned that a headline between two junk lines is the article's.
        # Past the article, prose is removed at the safe threshold; below it, it is not offered at all.
        in_article_rule = may_remove(text, False, rule)
        removable = in_article_rule or (
            past[positions[index]] and score >= rule.safe_threshold and may_remove(text, True, rule)
        )
        sure = removable and not (index == title_slot and len(text.split()) >= levels().title_slot_words)
        if not sure and score < rule.safe_threshold:
            continue
        start, end = line_removal_span(doc, index, index)
        confidence = score if sure else min(score, levels().review_only)
        after_article = sure and not in_article_rule  # prose, removed only because it follows the article
        cls = "comment" if after_article else _guess_class(text, keys[positions[index]], keys)
        reasons = explain(*rows[positions[index]])
        if after_article:
            reasons = ["after the article and the junk below it", *reasons]
        evidence = f"classifier {score:.2f}" + (f": {'; '.join(reasons)}" if reasons else "")
        out.append(_Hit(cls, start, end, confidence, evidence, True, index, learned=True, reasons=reasons))
    return out


def _title_slot(content: list[int], by_line: dict[int, list[_Hit]]) -> int | None:
    """The first line no pattern removes whole: where an article's headline sits."""
    return next((i for i in content if not any(h.whole_line for h in by_line.get(i, []))), None)


def _guess_class(text: str, key: str, keys: list[str]) -> str:
    """A class in words for a line no pattern names, from its shape (for the reviewer; the code is BP107)."""
    if key and keys.count(key) > 1:
        return "template"
    lowered = text.lower()
    if any(ch.isdigit() for ch in text) and any(m in lowered for m in (":", "am", "pm", "202", "201", "200")):
        return "meta"
    if lowered.startswith(("by ", "posted by", "written by")) or "@" in text:
        return "meta"
    if _headline_shaped(text) and len(_words(text)) >= 5:
        return "related"  # a headline; shorter Title Case lines are navigation
    return "widget"


def detect(doc: Document, ctx: Context) -> Iterator[Finding]:
    rule = decision()
    hits = learned_candidates(doc, ctx)
    found = [h for h in hits if h.confidence >= (rule.review_threshold if h.learned else levels().review)]
    yield from _findings(doc, ctx, found, rule.safe_threshold)


def _safe(hit: _Hit, safe_at: float) -> bool:
    return hit.confidence >= (safe_at if hit.learned else levels().safe)


def _findings(doc: Document, ctx: Context, found: list[_Hit], safe_at: float) -> Iterator[Finding]:
    if not found:
        return
    guard = float(ctx.options.get("boilerplate_guard", SETTINGS["boilerplate-guard"].default))
    removable = [h for h in found if _safe(h, safe_at)]
    # Only heuristic removals count against the guard: a certain pattern (a crawl notice that is the
    # whole passage) may take everything.
    uncertain_words = sum(
        len(doc.text[h.start : h.end].split()) for h in removable if h.confidence < levels().certain
    )
    total_words = (len(doc.text.split()) or 1) if uncertain_words else 1  # splitting the text is not free
    tripped = uncertain_words / total_words > guard
    if tripped:
        removed_words = sum(len(doc.text[h.start : h.end].split()) for h in removable)
        yield Finding(
            GUARD_CODE,
            0,
            0,
            f"Boilerplate removals would take {removed_words / total_words:.0%} of the words, above the "
            f"{guard:.0%} guard; they are offered for review instead of being applied",
        )
    for hit in found:
        safe = _safe(hit, safe_at) and not (tripped and hit.confidence < levels().certain)
        code = LEARNED_CODE if hit.learned else _code_of(ctx, hit.cls)
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
                **({"evidence": hit.reasons} if hit.reasons else {}),
            },
        )


_LABEL = {
    "widget": "Page widget text",
    "related": "Link to another story",
    "promo": "Promotional call to action",
    "caption": "Image or video caption",
    "meta": "Article metadata, not article text",
    "template": "Template line",
    "comment": "Text after the article (a reader's comment, an author box)",
}
