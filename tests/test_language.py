import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.detectors import options_from
from cleanup.detectors.language import _SENTENCE_WORD, LanguageOptions
from cleanup.detectors.language import document_language as language_with
from cleanup.document import Document
from cleanup.engine.registry import Registry

# LG101's options as the shipped packs set them (rules/language.yml).
OPTIONS = options_from({s.code: s.options for s in Registry.load().specs}, "LG101", LanguageOptions)


def document_language(doc: Document):
    return language_with(doc, OPTIONS)


GERMAN = (
    "Die Bundesregierung hat am Donnerstag beschlossen, "
    "dass die Sanktionen gegen Nordkorea bestehen bleiben. "
    "Der Außenminister sagte, man werde die Entwicklung genau beobachten und sich mit den Partnern abstimmen."
)


def test_english_seed_is_english_without_langdetect():
    from tests.conftest import seed_text

    guess = document_language(Document(seed_text("002")))
    assert (guess.code, guess.method) == ("en", "function-words")


def test_german_document_is_detected_and_english_rules_skipped(analyzer):
    analysis = analyzer.analyse(Document(GERMAN))
    assert analysis.language.code == "de"
    assert analysis.language.method.startswith("langdetect")
    assert [f.rule for f in analysis.findings] == ["LG101"]
    assert "German" in analysis.findings[0].message


def test_language_detection_is_deterministic():
    mixed = "Ein kurzer Satz. A short sentence in English. Noch ein Satz auf Deutsch, bitte."
    guesses = {document_language(Document(mixed)).code for _ in range(5)}
    assert len(guesses) == 1


def test_text_without_letters_does_not_crash(analyzer):
    for text in ("", "12:30 | 45.6 --- ###", "\n\n\n", "🙂🙂🙂"):
        analysis = analyzer.analyse(Document(text))
        assert analysis.language.code == "und"


def test_german_passage_in_english_article(analyzer):
    text = (
        "North Korea rebuilt the site, officials said on Friday.\n\n"
        "Die Bilder zeigen, dass die Arbeiten an der Anlage in den letzten Tagen "
        "schnell vorangekommen sind.\n\n"
        "The White House declined to comment on the report."
    )
    findings = [f for f in analyzer.analyse(Document(text)).findings if f.rule == "LG102"]
    assert len(findings) == 1
    assert text[findings[0].start : findings[0].end].startswith("Die Bilder zeigen")
    assert findings[0].fix is None


def test_names_and_umlauts_are_not_foreign_passages(analyzer):
    text = (
        "Chancellor Angela Merkel met Jürgen Müller in Düsseldorf on Monday.\n\n"
        "The Bundestag will vote on the proposal, according to Süddeutsche Zeitung."
    )
    assert not [f for f in analyzer.analyse(Document(text)).findings if f.category == "language"]


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab Ü.,;:!?"“”‘’()[]«»„—–/\t\n\x1c\xa0\u2009x')), max_size=30))
def test_sentence_words_split_at_whitespace_and_punctuation(text):
    punctuation = str.maketrans({ch: " " for ch in '"“”‘’()[],.;:!?«»„—–/'})
    assert _SENTENCE_WORD.findall(text) == text.translate(punctuation).split()


GERMAN_ARTICLE = "\n\n".join(
    [
        "Die Bundesregierung hat am Donnerstag beschlossen, dass die Sanktionen bestehen bleiben.",
        "Der Außenminister sagte, man werde die Entwicklung genau beobachten.",
        "Nach dem Gipfel in Hanoi war keine Einigung über die Abrüstung erzielt worden.",
        "Satellitenbilder zeigen, dass an der Raketenanlage wieder gearbeitet wird.",
        "Experten halten es für möglich, dass die Arbeiten schon vor dem Treffen begonnen hatten.",
        "Die Opposition forderte die Regierung auf, im Bundestag über die Lage zu berichten.",
    ]
)


@pytest.fixture
def langdetect_calls(monkeypatch) -> list[str]:
    """The texts handed to the real langdetect during a test, in order."""
    import cleanup.detectors.language as language

    calls: list[str] = []
    real = language._langdetect

    def counted(text: str):
        calls.append(text)
        return real(text)

    monkeypatch.setattr(language, "_langdetect", counted)
    return calls


def test_a_german_article_asks_langdetect_once_not_once_per_sentence(langdetect_calls):
    """The sentences' own function words name their language; langdetect only decides the doubtful."""
    guess = document_language(Document(GERMAN_ARTICLE + "\n"))
    assert guess.code == "de" and guess.probability > 0.9
    assert len(langdetect_calls) <= 2  # the document sample, and at most one doubtful sentence


def test_the_screen_names_clear_sentences_and_leaves_mixed_ones_to_langdetect():
    from cleanup.detectors.language import _screen, _votes

    def screen(text: str) -> str | None:
        return _screen(_votes(text), OPTIONS)

    assert screen("Der Minister sagte, dass die Regierung nicht mit der Opposition reden werde.") == "de"
    assert screen("The minister said that the government would not talk to the opposition.") == "en"
    assert screen("Kim Jong Un, Moon Jae-in.") is None  # no function words: langdetect decides


SCRIPT_JUNK = "\n\n".join(
    f"aCampaigns[{i}] = {i * 7};\n\nnAdsysTime{i} = new Date().getTime()/1000;" for i in range(30)
)


def test_a_page_full_of_script_costs_no_langdetect_call_per_script_line(langdetect_calls):
    """Scraped pages keep their ad scripts; lines with no word of any language are no evidence, so the
    sentence vote skips them instead of asking langdetect about each (about 60 calls a page before)."""
    story = "The council met on Tuesday and voted to keep the library open until the end of the year."
    guess = document_language(Document(f"{SCRIPT_JUNK}\n\n{story}\n"))
    assert guess.code == "en"
    assert guess.method == "langdetect-by-sentence"  # the page is not clearly English as a whole
    assert len(langdetect_calls) <= 3, langdetect_calls
