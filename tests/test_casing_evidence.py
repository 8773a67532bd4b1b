"""CasingEvidence looks words up where they occur; it must agree with tokenising the whole article."""

import re
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.detectors.mt_casing import CasingEvidence
from cleanup.document import Document

# The definition: words right after "x " or "x, " (x a word character), lowercase or capitalised.
MID = r" (?:(?<=\w )|(?<=\w, ))"
MID_LOWER = re.compile(MID + r"([a-z][a-z'’-]*)\b")
MID_CAPITAL = re.compile(MID + r"([A-Z][a-z]+(?:['’-][A-Za-z]+)*)\b")

WORDS = ["meeting", "Meeting", "meetings", "Trump", "trump", "Trump's", "report", "Reports", "Jean-Claude"]


def check(text: str) -> None:
    evidence = CasingEvidence(Document(text))
    lower = Counter(MID_LOWER.findall(text))
    capital = Counter(MID_CAPITAL.findall(text))
    for word in {*WORDS, *lower, *capital}:
        assert evidence.written_lowercase(word) == (lower[word] > 0), word
        assert evidence.capitalised_count(word) == capital[word], word
        expected = Counter({form: n for form, n in capital.items() if form.lower() == word.lower()})
        assert evidence.cased_forms(word.lower()) == expected, word


def test_an_article_with_both_casings():
    text = "The second direct Meeting was held. Officials said the meeting, like Trump's, was long.\n"
    check(text)
    evidence = CasingEvidence(Document(text))
    assert evidence.lowercase_elsewhere("Meeting")
    assert not evidence.looks_like_name("Meeting")
    assert evidence.cased_forms("trump's") == Counter({"Trump's": 1})


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from([*WORDS, " ", ", ", ". ", "\n", "x", "İ", "-", "'", "9"]), max_size=30))
def test_agrees_with_whole_text_tokenisation(parts):
    check("".join(parts))


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from([*WORDS, " ", ", ", ". ", "\n", "x", "İ", "-", "'", "9"]), max_size=30))
def test_the_one_pass_index_of_long_texts_agrees_too(parts):
    from cleanup.detectors import mt_casing

    shortest = mt_casing.INDEX_FROM
    mt_casing.INDEX_FROM = 0  # index every text, however short
    try:
        check("".join(parts))
    finally:
        mt_casing.INDEX_FROM = shortest


def test_a_long_file_is_indexed_and_agrees_on_real_text():
    from cleanup.detectors import mt_casing
    from tests.conftest import SEEDS

    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    text = "\n\n".join(f"Bulletin {i}.\n\n{seeds[i % 5]}" for i in range(30))
    assert len(text) >= mt_casing.INDEX_FROM
    assert CasingEvidence(Document(text))._index is not None
    check(text)
