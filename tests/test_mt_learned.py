"""The learned MT signal and how it combines with the rules: native English kinds of evidence that the rules
see (capitalised tier names, Title-Case headings, lowercase captions and cut-off lines, "you know, that")
never reach a machine-translated verdict; the fast inference path equals the training features."""

from pathlib import Path

import pytest

from cleanup.analysis import Analyzer, Settings
from cleanup.detectors import mt_score
from cleanup.detectors.mt_features import document_features
from cleanup.document import Document

NATIVE = Path(__file__).parent / "data" / "native"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def analyzer(registry):
    return Analyzer(registry, Settings())


@pytest.mark.parametrize("name", ["airline.txt", "travel.txt", "captions.txt", "interview.txt"])
def test_native_article_gets_no_machine_translated_verdict(analyzer, name):
    analysis = analyzer.analyse(Document((NATIVE / name).read_text(encoding="utf-8")))
    assert "machine-translated" not in analysis.verdicts, analysis.scores.drivers
    assert analysis.scores.machine_translation < 0.3


def test_lowercase_captions_are_flagged_but_do_not_convict(analyzer):
    """Three lowercase starts (captions, a cut-off line) made 3.75 points, a verdict, before."""
    analysis = analyzer.analyse(Document((NATIVE / "captions.txt").read_text(encoding="utf-8")))
    lowercase = [f for f in analysis.findings if f.rule == "MT302"]
    assert len(lowercase) == 3
    found = mt_score.evidence(analysis.findings, analyzer.score_table)
    assert found.specific == 0 and found.shared > 0
    assert found.shared < mt_score.EVIDENCE_AT_HALF  # alone it can never reach the verdict


def test_interview_filler_is_not_a_german_comma(analyzer):
    text = (NATIVE / "interview.txt").read_text(encoding="utf-8")
    assert "you know, that" in text
    assert not [f for f in analyzer.analyse(Document(text)).findings if f.rule == "MT107"]
    translated = analyzer.analyse(Document("The minister said, that the plan would work."))
    assert [f.rule for f in translated.findings if f.rule == "MT107"] == ["MT107"]


def test_seed_000_keeps_its_verdict_and_names_the_learned_signal(analyzer):
    analysis = analyzer.analyse(Document((SEEDS / "000_84519950fb2b3a21.txt").read_text(encoding="utf-8")))
    assert analysis.verdicts == ["machine-translated"]
    assert analysis.scores.drivers["machine_translation"][0].startswith("learned style")


def test_fast_logit_equals_the_training_features(registry):
    stage, vocabulary, _combine, _by_family = mt_score._learned()
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(NATIVE.glob("*.txt"))]
    for text in texts:
        slow = stage.logit_of_values(document_features(text, vocabulary))
        assert mt_score.learned_logit(text) == pytest.approx(slow, abs=1e-9)


def test_short_text_has_no_learned_signal():
    assert mt_score.learned_logit("Too short to judge its style.") is None
    assert mt_score.learned_points(None) == 0.0


def test_learned_points_give_the_verdict_exactly_at_the_verdict_logit():
    combine = {"max_points": 3.0, "verdict_logit": 2.0}
    assert mt_score.learned_points(2.0, combine) == pytest.approx(mt_score.EVIDENCE_AT_HALF)
    assert mt_score.learned_points(50.0, combine) == 3.0
    low = [mt_score.learned_points(x, combine) for x in (-6.0, -3.0, 0.0, 1.0)]
    assert low == sorted(low) and low[0] > 0.0  # still ranks native-looking text, never negative
    assert mt_score.combine_points(0.0, 0.0, 2.0, combine) == pytest.approx(0.5)
