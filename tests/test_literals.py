"""Required-literal gating: a pattern is only tried on lines holding one of its literals, so the literals
must occur in every match. Checked on generated matches of every built-in pattern, on real articles, and
by comparing the boilerplate detector's findings with and without the gate."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleanup.analysis import Analyzer, Settings
from cleanup.detectors import boilerplate, boilerplate_patterns
from cleanup.document import Document
from cleanup.engine import matchers
from cleanup.engine.literals import LiteralIndex, class_characters, required_literals
from cleanup.engine.registry import Selection
from tests.conftest import SEEDS, SHARED, needs_devset


def _boilerplate_patterns(registry) -> list[str]:
    patterns: list[str] = []
    rule_options = {spec.code: spec.options for spec in registry.specs}
    for code in boilerplate.class_codes(rule_options).values():
        options = registry.by_code[code].options
        for kind in (*boilerplate_patterns.GROUP_KINDS, "split_after"):
            groups = options.get(kind) or ()
            for group in [groups] if isinstance(groups, dict) else groups:
                patterns.extend(group["patterns"])
    return patterns


def _articles() -> list[Path]:
    return sorted(SEEDS.glob("*.txt")) + sorted((SHARED / "devset" / "boilerplate" / "raw").glob("*.txt"))


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("source link", {"source link"}),
        (r"(?:\d+\s+)?comments?(?:\s*\(\d+\))?", {"comment"}),
        (r"(?:click|tap) to share on \w+", {" to share on "}),
        (r"(?-i:(?:By|BY):? [A-Z]\w+)", {"by"}),  # the parser factors out the "B": the class is rejoined
        (r"share|\d+", None),  # one branch needs no fixed text
        (r"[A-Z]\w+", None),
        (r"(?:a|b) x", {"a x", "b x"}),  # the parser turns a|b into a class: kept as a product
        (r"\d{1,2}:\d\d", {f":{a}{b}" for a in "0123456789" for b in "0123456789"}),
    ],
)
def test_literals_of_known_patterns(pattern, expected):
    found = required_literals(pattern)
    assert (set(found) if found is not None else None) == expected


def test_one_wide_class_gives_its_characters():
    assert class_characters(r"[\x00-\x08\x7f]") == frozenset(map(chr, [*range(9), 0x7F]))
    assert class_characters(r"[^a]") is None  # negated: any character
    assert class_characters(r"[a-z]x") is None  # not a lone class
    assert class_characters(r"[\w,]") is None  # a category: too wide to list


def test_unreadable_pattern_has_no_literals():
    assert required_literals(r"(?r)share\p{Lu}") is None  # `regex`-only syntax: always tried


def test_index_reports_every_occurrence():
    index = LiteralIndex(["share", "are"])
    assert index.positions("share and share alike") == {"share": [0, 10], "are": [2, 12]}
    # What re.IGNORECASE equates is folded one for one, so offsets still point into the original text.
    digits = LiteralIndex(["12:3", "shar"])
    assert digits.positions("at ١٢:٣٠, ſhare".lower()) == {"12:3": [3], "shar": [10]}
    assert digits.positions("\ud800 12:30") == {"12:3": [2]}  # a lone surrogate neither fails nor shifts


@pytest.mark.slow
def test_literals_occur_in_generated_matches(registry):
    """For every built-in boilerplate pattern, strings generated to match it hold one of its literals."""
    checked = 0
    for pattern in _boilerplate_patterns(registry):
        literals = required_literals(pattern)
        if literals is None:
            continue
        compiled = re.compile(pattern, re.IGNORECASE)
        index = LiteralIndex(literals)

        _holds_in_generated_matches(compiled, index)()
        checked += 1
    assert checked > 150


def _holds_in_generated_matches(compiled: re.Pattern[str], index: LiteralIndex):
    # A pattern that ends in a lookahead ("advertisement\s+(?=[A-Z])") can never match a whole string.
    whole = "(?=" not in compiled.pattern

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.from_regex(compiled, fullmatch=whole))
    def holds(text: str) -> None:
        m = compiled.fullmatch(text) if whole else compiled.search(text)
        assert m
        assert index.positions(m.group().lower() if whole else text.lower()), (compiled.pattern, text)

    return holds


@needs_devset
def test_literals_occur_in_real_matches(registry):
    """Wherever a built-in pattern matches a line of a real article, the line holds one of its literals."""
    compiled = [
        (re.compile(p, re.IGNORECASE), LiteralIndex(literals))
        for p in _boilerplate_patterns(registry)
        if (literals := required_literals(p)) is not None
    ]
    matched = 0
    for path in _articles():
        for line in path.read_text(encoding="utf-8").splitlines():
            lowered = line.lower()
            for pattern, index in compiled:
                if pattern.search(line):
                    matched += 1
                    assert index.positions(lowered), (pattern.pattern, line)
    assert matched > 100


@needs_devset
def test_gate_changes_no_boilerplate_finding(registry, monkeypatch):
    """The detector finds exactly the same spans when every pattern is tried on every line."""
    analyzer = Analyzer(registry, Settings(selection=Selection(select=("BP",))))

    def findings() -> list[tuple]:
        return [
            (path.name, f.rule, f.start, f.end, f.fix.safety if f.fix else None)
            for path in _articles()
            for f in analyzer.analyse(Document(path.read_text(encoding="utf-8"))).findings
        ]

    gated = findings()
    monkeypatch.setattr(
        boilerplate, "line_entries", lambda doc, patterns: [patterns.every_entry() for _ in doc.lines]
    )
    assert findings() == gated
    assert len(gated) > 100


def _all_dev_texts() -> list[str]:
    mt = sorted((SHARED / "devset" / "mt").glob("*/*.txt"))
    return [p.read_text(encoding="utf-8") for p in [*_articles(), *mt]]


@needs_devset
def test_regex_rule_gates_change_no_finding(registry, monkeypatch):
    """Regex rules skip a document holding none of their literals (or needles). Compiled without any gate,
    every regex rule finds exactly the same spans on the seeds and both dev sets."""
    regex_specs = [spec for spec in registry.specs if spec.kind == "regex"]
    gated_rules = sum(
        bool(spec.options.get("needles") or matchers._gate_literals(spec.options["pattern"]))
        for spec in regex_specs
    )
    monkeypatch.setattr(matchers, "_gate_literals", lambda pattern: frozenset())
    ungated = {
        spec.code: matchers.compile_matcher(
            dataclasses.replace(spec, options={k: v for k, v in spec.options.items() if k != "needles"})
        )
        for spec in regex_specs
    }
    found = 0
    for text in _all_dev_texts():
        doc = Document(text)
        for spec in regex_specs:
            with_gate = [(f.start, f.end, f.message) for f in registry.matchers[spec.code](doc)]
            assert with_gate == [(f.start, f.end, f.message) for f in ungated[spec.code](doc)], spec.code
            found += len(with_gate)
    assert gated_rules >= 15
    assert found > 50
