"""One generic runner for every rule's inline examples (sqlfluff-style).

fail -> flagged (and fixed as shown), pass -> not flagged.
"""

from __future__ import annotations

import pytest

from cleanup.analysis import Analyzer, Settings
from cleanup.engine.registry import Registry, Selection
from cleanup.fixes import fix_text

_REGISTRY = Registry.load()
CASES = [
    pytest.param(spec, example, id=f"{spec.code}-{'fail' if example.should_fail else 'pass'}-{i}")
    for spec in _REGISTRY.specs
    for i, example in enumerate(spec.examples)
]


@pytest.mark.parametrize(("spec", "example"), CASES)
def test_rule_example(spec, example):
    analyzer = Analyzer(_REGISTRY, Settings(selection=Selection(select=(spec.code,))))
    findings = [
        f for f in analyzer.detect_text(example.text, encoding=example.encoding) if f.rule == spec.code
    ]
    if not example.should_fail:
        assert findings == [], f"{spec.code} flagged a pass example: {[f.message for f in findings]}"
        return
    assert findings, f"{spec.code} did not flag its fail example {example.text!r}"
    if example.fixed is not None:
        fixed, _ = fix_text(example.text, analyzer.detect_text, allow_unsafe=True)
        assert fixed == example.fixed


def test_every_rule_documents_itself():
    for spec in _REGISTRY.specs:
        assert spec.rationale and spec.summary and spec.message
        assert any(e.should_fail for e in spec.examples) and any(not e.should_fail for e in spec.examples)
        if spec.fix.safety != "none":
            assert any(e.fixed is not None for e in spec.examples if e.should_fail), (
                f"{spec.code} has a fix but no example of it"
            )
