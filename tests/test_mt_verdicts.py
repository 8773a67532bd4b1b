"""The MT verdict must not fire on native English that happens to use German-looking official wording."""

from cleanup.analysis import Analyzer, Settings
from cleanup.document import Document

AUSTRALIAN_NEWS = (
    "The Federal Government has announced a $2 billion package for drought-affected farmers in "
    "Queensland and New South Wales.\n"
    "Prime Minister Scott Morrison said the Federal Government would also extend low-interest loans for "
    "another year.\n"
    "Opposition Leader Bill Shorten said the Federal Government had acted too late and that farmers had "
    "been waiting for months.\n"
    "The Federal Chancellor of Austria met the Prime Minister in Canberra last year, in the framework of "
    "a trade visit.\n"
)


def test_official_wording_in_native_news_is_a_hint_not_a_verdict(registry):
    analysis = Analyzer(registry, Settings()).analyse(Document(AUSTRALIAN_NEWS))
    assert {f.rule for f in analysis.findings if f.category == "machine-translation"} == {"MT204"}
    assert "machine-translated" not in analysis.verdicts
    assert analysis.scores.machine_translation < 0.2


def test_real_calques_still_drive_the_verdict(registry):
    text = (
        "The plan has been discussed since longer, the ministry said according to own statements.\n"
        "A spokesman of the US said foreign Ministry confirmed the talks on Thursday.\n"
    )
    analysis = Analyzer(registry, Settings()).analyse(Document(text))
    assert "machine-translated" in analysis.verdicts
