"""The fast German-shaped word scan finds exactly what the plain whole-word pattern defines."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.detectors.mt_german import _in_a_name, german_shaped_words

# The definition: a whole word of lowercase letters with an umlaut or ß, or ending like German.
REFERENCE = re.compile(
    r"(?<![\w'’-])(?:[a-zäöüß]*[äöüß][a-zäöüß]*"
    r"|[a-z]{2,}(?:ung|ungen|keit|heit|schaft|lich|liche|lichen|isch|ische|chen|ieren|iert|igkeit|sch|tz"
    r"|nnt|llt|mmt|ckt|tzt|chst)"
    r"|ge[a-z]{3,}(?:cht|gt|kt|rt|ft))(?![\w'’-])"
)


def reference(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in REFERENCE.finditer(text)]


def test_finds_german_words_in_an_english_sentence():
    text = "The team brennt for the vereinbarung; the plan was ausgewählt and gestellt in Köln, not rejected."
    assert [word for _, _, word in german_shaped_words(text)] == [
        "brennt",
        "vereinbarung",
        "ausgewählt",
        "gestellt",
    ]


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="abcdeghiklnrstuzfmäöüßA1_'’- .,\n", max_size=40))
def test_same_words_as_the_reference_pattern(text):
    assert german_shaped_words(text) == reference(text)


def name_reference(text: str, word: str) -> bool:
    escaped = re.escape(word)
    return re.search(rf"[A-Z][\w'’.-]* {escaped}\b|\b{escaped} [A-Z]", text) is not None


@settings(max_examples=3000, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Otto", "Warmbier", "warmbier", "the", " ", ", ", ".", " A", "x", "-", "'", "1"])
    )
)
def test_name_context_agrees_with_its_definition(parts):
    text = "".join(parts)
    assert _in_a_name(text, "Warmbier") == name_reference(text, "Warmbier")
