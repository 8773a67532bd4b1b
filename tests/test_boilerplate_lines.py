"""Typical junk lines from many news sites, each glued between real paragraphs: every one is removed by a
safe fix and the paragraphs around it are kept. The lines are phrasings, not the dev set's strings."""

from pathlib import Path

import pytest

from cleanup.analysis import Analyzer, Settings
from cleanup.document import Document
from cleanup.engine.registry import Selection
from cleanup.fixes import apply_edits, choose_edits

LINES = (Path(__file__).parent / "data" / "boilerplate_lines.txt").read_text(encoding="utf-8").splitlines()
BEFORE = (
    "North Korea has begun rebuilding a long-range rocket launch site it had promised to dismantle, "
    "according to satellite images analysed by two US think tanks on Tuesday.\n"
    "The activity at the Sohae site began between February 16 and March 2, the researchers said.\n"
)
AFTER = (
    "Officials in Seoul said they were watching the site closely and urged Pyongyang to keep its promises.\n"
)


@pytest.fixture(scope="module")
def analyzer(registry):
    return Analyzer(registry, Settings(selection=Selection(select=("BP",))))


def cleaned(analyzer, text: str) -> str:
    """The text after the default (safe) boilerplate fixes."""
    return apply_edits(text, choose_edits(analyzer.analyse(Document(text)).findings))


def assert_only_offered_for_review(analyzer, text: str) -> None:
    """One finding with an unsafe fix, and the default fixes leave the text as it is."""
    findings = analyzer.analyse(Document(text)).findings
    assert [f.fix.safety for f in findings if f.fix is not None] == ["unsafe"]
    assert apply_edits(text, choose_edits(findings)) == text


@pytest.mark.parametrize("line", LINES)
def test_junk_line_is_removed_and_the_article_kept(analyzer, line):
    text = f"{BEFORE}{line}\n{AFTER}"
    findings = analyzer.analyse(Document(text)).findings
    assert findings, line
    assert all(f.fix is not None and f.fix.safety == "safe" for f in findings), line
    assert apply_edits(text, choose_edits(findings)) == BEFORE + AFTER


PROSE = (Path(__file__).parent / "data" / "boilerplate_prose.txt").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("line", PROSE)
def test_prose_with_widget_words_is_kept(analyzer, line):
    text = f"{BEFORE}{line}\n{AFTER}"
    removed = [f for f in analyzer.analyse(Document(text)).findings if f.fix is not None]
    assert removed == [], [text[f.start : f.end] for f in removed]


NARRATED_CALLS_TO_ACTION = [
    "Follow us on Twitter was the last line of every email the company sent, investigators found.",
    "Sign up for the newsletter was the first thing visitors saw, and most of them left at once.",
]


@pytest.mark.parametrize("line", NARRATED_CALLS_TO_ACTION)
def test_a_call_to_action_the_story_narrates_is_kept_and_offered_for_review(analyzer, line):
    assert_only_offered_for_review(analyzer, f"{BEFORE}{line}\n{AFTER}")


HEADLINES = [
    "Analysis: Trump's gamble in Hanoi did not pay off",
    "Explainer: Why the Hanoi summit collapsed",
    "Video: Satellite images show rebuilt launch site",
    "Photos: Inside the Hanoi summit",
]


@pytest.mark.parametrize("headline", HEADLINES)
def test_a_labelled_headline_on_the_first_line_is_only_offered_for_review(analyzer, headline):
    assert_only_offered_for_review(analyzer, f"{headline}\n{BEFORE}{AFTER}")


def test_the_same_label_below_the_headline_is_removed(analyzer):
    assert (
        cleaned(analyzer, f"{BEFORE}Video: Satellite images show rebuilt launch site\n{AFTER}")
        == BEFORE + AFTER
    )


def test_topic_tags_between_page_widgets_at_the_bottom_go_with_them(analyzer):
    ending = "Related Topics\nNorth Korea\nDonald Trump\nShare this article\n"
    article = f"Kim restocks missile factory\n{BEFORE}{AFTER}"
    assert cleaned(analyzer, article + ending) == article


def test_a_short_real_paragraph_between_widgets_stays_when_it_is_prose(analyzer):
    ending = "Share this article\nHe is survived by his wife and two sons.\nMore stories\n"
    kept = cleaned(analyzer, f"{BEFORE}{AFTER}{ending}")
    assert kept.rstrip("\n") == f"{BEFORE}{AFTER}He is survived by his wife and two sons."


FOOTERS = {
    "topic tags and share bar": "Topics\nNorth Korea\nDonald Trump\nAsia Pacific\nnews\nShare on Facebook\n"
    "Share on Twitter\nShare via Email\nReuse this content\n",
    "related topics and story links": "Related Topics\nNorth Korea\nKim Jong-un\nMore on this story\n"
    "North Korea's missile programme\n6 March 2019\nTrump-Kim summit ends without deal\n28 February 2019\n",
    "wire credits": "Reporting by Hyonhee Shin; Editing by Lincoln Feast.\n"
    "Our Standards: The Thomson Reuters Trust Principles.\n",
    "agency contributors and follow line": "Associated Press writers Kim Tong-hyung in Seoul and Foster "
    "Klug in Tokyo contributed to this report.\n___\n"
    "Follow Hyung-jin Kim on Twitter at https://twitter.com/hyungjin1972\n",
    "print edition note": "A version of this article appears in print on March 7, 2019, Section A, Page 9 "
    "of the New York edition with the headline: North Korea Rebuilding Launch Site. "
    "Order Reprints | Today's Paper\n",
    "syndication disclaimer": "(Except for the headline, this story has not been edited by NDTV staff and is "
    "published from a syndicated feed.)\n",
    "app promo": "Download The Times of India News App for Latest World News.\n",
}


@pytest.mark.parametrize("footer", FOOTERS.values(), ids=FOOTERS.keys())
def test_site_footers_are_removed_and_the_article_kept(analyzer, footer):
    article = f"Kim restocks missile factory\n{BEFORE}{AFTER}"
    assert cleaned(analyzer, article + footer).rstrip("\n") == article.rstrip("\n")


PARAGRAPH = (
    "North Korea has begun rebuilding a long-range rocket launch site it had promised to dismantle, "
    "according to satellite images analysed by two US think tanks on Tuesday."
)
GLUED = [
    "Advertisement {p}",
    "{p} Read more",
    "{p} Continue reading",
    "This satellite image provided by DigitalGlobe shows the Sohae launch site on March 2, 2019. "
    "(DigitalGlobe via AP) {p}",
    "Story highlights {p}",
    "{p} (Reporting by David Brunnstrom; Editing by Peter Cooney)",
    "{p} Click here to read more.",
    "{p} Follow us on Twitter.",
    "Updated 10:32 a.m. ET, Wed March 6, 2019 {p}",
    "{p} [Photo: Reuters]",
    "Photo: Reuters {p}",
    "{p} Share this article",
]


@pytest.mark.parametrize("shape", GLUED)
def test_glued_junk_is_cut_and_the_paragraph_kept(analyzer, shape):
    assert cleaned(analyzer, shape.format(p=PARAGRAPH) + "\n").strip() == PARAGRAPH


@pytest.mark.parametrize("heading", ["Top stories", "Recommended", "Related Articles", "Most read"])
def test_every_related_heading_takes_the_headlines_under_it_alike(analyzer, heading):
    """One list of related-stories headings (BP102's block_headings) for the heading and its block."""
    headlines = (
        "Kim and Moon agree to reopen the border liaison office\n\n"
        "Seoul shares fall as trade talks stall again\n\n"
    )
    text = f"{BEFORE}\n{AFTER}\n{heading}\n\n{headlines}"
    assert cleaned(analyzer, text).rstrip("\n") == f"{BEFORE}\n{AFTER}".rstrip("\n")
