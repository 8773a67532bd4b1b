"""Phrase-list rules take their selection from a fast leftmost-longest search when it is acceptable as it
stands; it must always equal the plain definition: every occurrence, whole words (and exact casing where the
rule asks for it), longest first at the same place, then left to right, overlapping ones dropped."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleanup.document import Document
from tests.conftest import SEEDS, SHARED

SUBSTITUTION_RULES = ("MT203", "MT204", "SP103", "SP104")


def reference(spec, text: str) -> list[tuple[int, int]]:
    ignorecase = spec.options.get("ignorecase", True)
    swap = {(k.lower() if ignorecase else k): k for k in _phrases(spec)}
    exact = {(k.lower() if ignorecase else k): k for k in spec.options.get("case_sensitive_keys") or ()}
    haystack = text.lower() if ignorecase else text
    assert len(haystack) == len(text)
    hits = []
    for phrase in swap:
        start = haystack.find(phrase)
        while start != -1:
            end = start + len(phrase)
            before = text[start - 1] if start else " "
            after = text[end] if end < len(text) else " "
            whole = not (before.isalnum() or before in "_-" or after.isalnum() or after in "_-")
            if whole and exact.get(phrase, text[start:end]) == text[start:end]:
                hits.append((start, end))
            start = haystack.find(phrase, start + 1)
    hits.sort(key=lambda hit: (hit[0], -(hit[1] - hit[0])))
    kept: list[tuple[int, int]] = []
    for hit in hits:
        if not kept or hit[0] >= kept[-1][1]:
            kept.append(hit)
    return kept


def _phrases(spec) -> list[str]:
    return [k for k in spec.options["swap"] if k != "__line__"]  # the loader notes each entry's line


def _found(registry, code: str, text: str) -> list[tuple[int, int]]:
    return [(f.start, f.end) for f in registry.matchers[code](Document(text))]


@pytest.mark.parametrize("code", SUBSTITUTION_RULES)
def test_same_selection_as_the_definition_on_real_text(registry, code):
    paths = [*SEEDS.glob("*.txt"), *(SHARED / "devset").glob("*/*/*.txt")]
    spec = registry.by_code[code]
    for path in paths:
        text = path.read_text(encoding="utf-8")
        if len(text.lower()) == len(text):
            assert _found(registry, code, text) == reference(spec, text), path.name


@pytest.mark.parametrize("code", SUBSTITUTION_RULES)
def test_same_selection_as_the_definition_on_phrase_soup(registry, code):
    """Texts glued from the rule's own phrases, their pieces and word characters: overlapping phrases,
    phrases inside words and in other casings, where the fast search alone would choose wrongly."""
    spec = registry.by_code[code]
    phrases = _phrases(spec)
    pieces = [*phrases, *(p.upper() for p in phrases[:5]), *(w for p in phrases for w in p.split()[:2])]

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(st.sampled_from([*pieces, " ", "x", "-", ", ", "the "]), max_size=12))
    def same(parts: list[str]) -> None:
        text = "".join(parts)
        assert _found(registry, code, text) == reference(spec, text)

    same()
