"""Arbitrary Unicode (lone surrogates, RTL marks, zero-width characters, very long lines): no exception."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleanup.analysis import Recipe
from cleanup.document import Document
from cleanup.fixes import fix_text
from tests.conftest import run_cli

ANALYZER, _ = Recipe().build()
SPECIAL = st.sampled_from(
    ["\u200f", "\u202e", "\u200b", "\ufeff", "\ud800", "\udfff", "\u0000", "\r", "\n", "é", "„"]
)
TEXT = st.lists(st.one_of(st.text(max_size=40), SPECIAL, st.just("word " * 400)), max_size=12).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_analysis_and_fixing_never_raise(text):
    analysis = ANALYZER.analyse(Document(text))
    for finding in analysis.findings:
        assert 0 <= finding.start <= finding.end <= len(text)
    fixed, _ = fix_text(text, ANALYZER.detect_text)
    assert isinstance(fixed, str)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.binary(max_size=400))
def test_the_cli_survives_arbitrary_bytes(tmp_path, data):
    (tmp_path / "a.txt").write_bytes(data)
    result = run_cli("scan", "a.txt", "--format", "json", "--no-cache", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 1, 2)
    if result.returncode != 2:
        json.loads(result.stdout)
