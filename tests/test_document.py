from cleanup.document import Document


def test_sentences_respect_news_abbreviations():
    text = (
        'Mr. Smith met U.S. officials in Washington on Tuesday. He said "we are done." '
        "The U.S. Navy confirmed it. Dr. Jones arrived at 5 p.m. on Friday.\n\n"
        "“We fell apart,” she said. Talks resume in May."
    )
    doc = Document(text)
    sentences = [s.text for s in doc.sentences]
    assert sentences[0] == "Mr. Smith met U.S. officials in Washington on Tuesday."
    assert "The U.S. Navy confirmed it." in sentences
    assert any(s.startswith("Dr. Jones arrived at 5 p.m.") for s in sentences)
    assert sentences[-1] == "Talks resume in May."
    for span in doc.sentences:
        assert doc.text[span.start : span.end] == span.text


def test_sentences_never_cross_paragraphs():
    doc = Document("A headline without a full stop\nThe first sentence. The second one.")
    assert [s.text for s in doc.sentences] == [
        "A headline without a full stop",
        "The first sentence.",
        "The second one.",
    ]


def test_positions_are_one_based_and_cover_line_ends():
    doc = Document("ab\ncd\n\nef")
    assert doc.position(0) == (1, 1)
    assert doc.position(3) == (2, 1)
    assert doc.position(4) == (2, 2)
    assert doc.position(7) == (4, 1)
    assert doc.position(len(doc.text)) == (4, 3)
    assert [p.text for p in doc.paragraphs] == ["ab\ncd", "ef"]


def test_crlf_and_cr_lines_are_split():
    doc = Document("one\r\ntwo\rthree")
    assert [line.text for line in doc.lines] == ["one", "two", "three"]


def test_hard_wrapped_paragraph_keeps_sentences_whole():
    text = (
        "North Korea started rebuilding a rocket launch site just days after\n"
        "a summit between President Donald Trump and Kim Jong Un failed to\n"
        "achieve a breakthrough. Officials declined to comment."
    )
    sentences = [s.text for s in Document(text).sentences]
    assert len(sentences) == 2
    assert sentences[0].startswith("North Korea started") and sentences[0].endswith("breakthrough.")


def test_release_drops_derived_facts_and_they_come_back_the_same():
    """A run holds every file's result; `release` drops what can be recomputed (lines, blocks, sentences,
    the lowered text, the detectors' cache) and recomputing gives the same facts."""
    from tests.conftest import seed_text

    def facts(doc: Document) -> tuple:
        return list(doc.lines), list(doc.blocks), list(doc.sentences), doc.lowered, list(doc.paragraphs)

    doc = Document(seed_text("002"))
    before = facts(doc)
    doc.cache["language"] = "en"
    doc.release()
    assert doc.cache == {} and not {"lines", "blocks", "sentences", "lowered"} & set(vars(doc))
    assert facts(doc) == before
