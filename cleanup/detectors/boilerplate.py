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

import regex

from cleanup.detectors import Context
from cleanup.detectors.boilerplate_lines import document_line_keys
from cleanup.detectors.boilerplate_patterns import Entry, Patterns, first_match, line_entries, patterns_for
from cleanup.document import Document
from cleanup.findings import Finding, Fix
from cleanup.textutil import line_removal_span

CLASS_CODES = {"widget": "BP101", "related": "BP102", "promo": "BP103", "caption": "BP104", "meta": "BP105"}
TEMPLATE_CODE = "BP106"
GUARD_CODE = "BP120"
SAFE_CONFIDENCE = 0.8
REVIEW_CONFIDENCE = 0.55
REVIEW_ONLY_CONFIDENCE = 0.7  # below SAFE_CONFIDENCE: offered for review, not removed

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SENTENCE_ENDS = (".", "!", "?", "…")
# A line that ends by attributing what it says ("…, the union's banner read.") is a quote from the story.
_ATTRIBUTED = re.compile(
    r"""(?:,|["”’]) (?:[\w'’.-]+ ){0,5}(?:said|says|told|added|read|reads|wrote|writes|warned|urged|"""
    r"""explained|noted|asked|insisted|argued|claimed|stated|announced|tweeted)\b[^.!?"”]{0,60}[.!?]["”’]?\s*$"""
)
_CLOSERS = "\"'”’)]"
_NARRATIVE_PAST = re.compile(r"\b(?:was|were|had)\b")
# Topic tags under these (Guardian, Independent, BBC footers) are single words or names.
_TOPIC_HEADING = regex.compile(
    r"(?:topics|related topics|more about|tags|explore more on these topics)\s*:?", regex.IGNORECASE
)
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


_TAIL = 200  # ends_with patterns are searched in a line's last characters only
_SUFFIX_TAIL = 600
_LAST: list = [None, None]  # (rule_options object, patterns): freezing options per document is not free


def _class_patterns(ctx: Context) -> Patterns:
    if _LAST[0] is ctx.rule_options:
        return _LAST[1]
    key = tuple(
        _freeze(ctx.rule_options[code]) for code in CLASS_CODES.values() if ctx.rule_options.get(code)
    )
    _LAST[:] = [ctx.rule_options, patterns_for(key)]
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
    return _ends_sentence(text) and len(text.split(maxsplit=7)) >= 8


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
            head = _Hit(cls, line.start, line.start + split, 0.92, "caption ending in a credit", False, index)
            # The rest starts mid-line, where the line-start gate of prefixes says nothing: try them all.
            rest = patterns.by_kind_of({*entries, *patterns.by_kind["prefix"]})
            return [head, *_glued_hits(doc, index, rest, offset=split)]
    kinds = patterns.by_kind_of(entries)
    candidates = []
    if len(text) <= 1200:
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
        if group.cls == "promo" and _NARRATIVE_PAST.search(text) and _prose_like(text):
            # A call to action speaks to the reader in the present; "Follow us on Twitter was the last line
            # of every email, investigators found" is a sentence of the story: a reviewer decides.
            _offer_for_review(hit, ", but the line narrates in the past tense")
        return [hit]
    return _glued_hits(doc, index, kinds)


def _split_point(pattern: regex.Pattern, text: str) -> int | None:
    """Where the caption ends: after its credit and the spaces that follow it."""
    for m in pattern.finditer(text):
        if m.start() >= 20 and len(text[m.end() :].split()) >= 6:
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
    """Most of this file's lines occur in other files: it is a copy, so sharing proves nothing."""
    corpus = ctx.corpus
    if corpus is None or corpus.documents < 3:
        return True
    keys = [key for key in document_line_keys(doc) if key]
    shared = sum(1 for key in keys if corpus.line_keys.get(key, 0) >= 2)
    return not keys or shared * 2 > len(keys)


def candidates(doc: Document, ctx: Context) -> list[_Hit]:
    patterns = _class_patterns(ctx)
    content = [i for i, line in enumerate(doc.lines) if line.text.strip()]
    if not content:
        return []
    gated = line_entries(doc, patterns)
    first, last_lines = content[0], set(content[-3:])
    # Without a corpus, only short lines can count as repeated template text.
    keys = document_line_keys(doc) if ctx.corpus is not None else _short_line_keys(doc)
    local_counts = Counter(keys[i] for i in content)
    use_corpus = not _near_copy(doc, ctx)
    hits: dict[int, list[_Hit]] = {}

    for index in content:
        text = doc.lines[index].text.strip()
        found = _pattern_hits(doc, index, patterns, gated[index]) if gated[index] else []
        if not found and index != first and not _prose_like(text):
            evidence = _weak_evidence(doc, text, keys[index], local_counts, ctx if use_corpus else None)
            if evidence is not None:
                start, end = line_removal_span(doc, index, index)
                found = [_Hit(evidence[0], start, end, evidence[2], evidence[1], True, index)]
        if found:
            bonus = 0.05 if (index == first or index in last_lines) else 0.0
            for hit in found:
                hit.confidence = min(1.0, hit.confidence + bonus)
                if index == first and _labelled_headline(hit, text):
                    # "Analysis: …", "Video: …", "Photos: …" open related links and captions, but the first
                    # line is usually the article's own headline: a reviewer decides.
                    _offer_for_review(hit, "; the first line, which may be the headline")
            hits[index] = found

    _extend_related_blocks(doc, content, hits)
    _extend_bottom_run(doc, content, hits)
    return [hit for index in sorted(hits) for hit in hits[index]]


def _offer_for_review(hit: _Hit, why: str) -> None:
    """Keep the hit below SAFE_CONFIDENCE, so a reviewer decides, and say why."""
    hit.confidence = min(hit.confidence, REVIEW_ONLY_CONFIDENCE)
    hit.evidence += why


def _labelled_headline(hit: _Hit, text: str) -> bool:
    """A whole line of the form "Label: several words", the shape of a labelled headline."""
    if not hit.whole_line or hit.cls not in ("related", "caption"):
        return False
    label, colon, rest = text.partition(":")
    return bool(colon) and len(label.split()) <= 3 and len(rest.split()) >= 3


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
) -> tuple[str, str, float] | None:
    """(class, evidence, confidence) for a short non-prose line without a pattern: repetition or a bare line
    of names."""
    short = len(text.split()) <= 12
    shared = ctx.corpus.line_keys.get(key, 0) if ctx is not None and ctx.corpus is not None else 0
    if short and key and shared >= 3:
        return "template", f"template line shared by {shared} files of this scan", SAFE_CONFIDENCE
    if short and key and len(key) >= 3 and local_counts[key] >= 2:
        # Articles repeat lines of their own too (a refrain, a score, a recurring heading), so a line that
        # only repeats inside one article is offered for review, not removed.
        return "template", f"line repeated {local_counts[key]} times in the article", REVIEW_ONLY_CONFIDENCE
    if _names_only(text, doc.text):
        return "caption", "a bare line of names between paragraphs", SAFE_CONFIDENCE
    return None


def _headline_shaped(text: str) -> bool:
    words = _words(text)
    return 2 <= len(words) <= 20 and not text.rstrip().endswith((".", "!", "?", ";", ","))


def _topic_shaped(text: str) -> bool:
    """A topic tag: one to six words, no sentence punctuation ("North Korea", "news")."""
    return 1 <= len(_words(text)) <= 6 and not text.rstrip().endswith((".", "!", "?", ";", ",", ":"))


def _extend_related_blocks(doc: Document, content: list[int], hits: dict[int, list[_Hit]]) -> None:
    for position, index in enumerate(content):
        text = doc.lines[index].text.strip()
        topics = bool(_TOPIC_HEADING.fullmatch(text))
        if not topics and not _RELATED_HEADING.fullmatch(text):
            continue
        for follower in content[position + 1 : position + 8]:
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
                    0.8,
                    "headline listed under a related-stories heading",
                    True,
                    follower,
                )
            ]


MAX_BOTTOM_GAP = 3  # short lines a block of boilerplate near the end may enclose


def _certain_line(line_hits: list[_Hit]) -> bool:
    """A whole line removed on its own evidence: only such lines can enclose others."""
    return line_hits[0].whole_line and line_hits[0].confidence >= SAFE_CONFIDENCE


def _extend_bottom_run(doc: Document, content: list[int], hits: dict[int, list[_Hit]]) -> None:
    """Up to three short, non-prose lines between two whole-line boilerplate hits near the end join them
    (topic tags between "Related Topics" and "Share this article")."""
    tail = content[len(content) * 2 // 3 :]
    position = 0
    while position < len(tail):
        before = hits.get(tail[position])
        if not before or not _certain_line(before):
            position += 1
            continue
        gap = position + 1  # stops at the next hit, or after MAX_BOTTOM_GAP lines without one
        while gap < len(tail) and tail[gap] not in hits and gap - position <= MAX_BOTTOM_GAP:
            gap += 1
        after = hits.get(tail[gap]) if gap < len(tail) else None
        enclosed = tail[position + 1 : gap]
        if enclosed and after and _certain_line(after):
            texts = [doc.lines[index].text.strip() for index in enclosed]
            if not any(_prose_like(text) or len(text.split()) > 8 for text in texts):
                for index in enclosed:
                    start, end = line_removal_span(doc, index, index)
                    hits[index] = [
                        _Hit(
                            before[0].cls,
                            start,
                            end,
                            0.8,
                            "short line inside a block of boilerplate",
                            True,
                            index,
                        )
                    ]
        position = max(gap, position + 1)


def detect(doc: Document, ctx: Context) -> Iterator[Finding]:
    found = [hit for hit in candidates(doc, ctx) if hit.confidence >= REVIEW_CONFIDENCE]
    if not found:
        return
    guard = float(ctx.options.get("boilerplate_guard", 0.30))
    removable = [h for h in found if h.confidence >= SAFE_CONFIDENCE]
    # Only heuristic removals count against the guard: a certain pattern (a crawl notice that is the
    # whole passage) may take everything.
    uncertain_words = sum(len(doc.text[h.start : h.end].split()) for h in removable if h.confidence < 0.95)
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
