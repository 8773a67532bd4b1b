"""MT and spin verdicts fire on the artifacts, not on native English with similar wording."""

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


CORPORATE_NEWS = (
    "Acme Holdings Inc. today announced that its Board of Directors has approved a share repurchase.\n"
    "The Offer is subject to the approval of the Shareholders at the Annual Meeting, which will be held "
    "in May.\n"
    "In connection with the Merger, the Company expects to record a one-time charge in the second quarter.\n"
    "The Agreement also gives the Buyer the right to terminate the deal if the Regulators do not approve it "
    "by June.\n"
)


def test_defined_terms_of_corporate_english_are_not_german_capitals(registry):
    """'the Buyer', 'the Merger': legal English capitalises defined terms after a determiner."""
    analysis = Analyzer(registry, Settings()).analyse(Document(CORPORATE_NEWS))
    assert not [f for f in analysis.findings if f.rule == "MT301"]
    assert "machine-translated" not in analysis.verdicts


def test_german_capitals_after_adjectives_and_prepositions_still_fire(registry):
    text = (
        "Trump and Kim failed to agree on a final Declaration at their second direct Meeting in Hanoi.\n"
        "The meeting ended early. Officials described an expression of Anger on both sides.\n"
        "These recent Reports about the site were confirmed, and the reports were shared with allies.\n"
    )
    analysis = Analyzer(registry, Settings()).analyse(Document(text))
    flagged = {text[f.start : f.end] for f in analysis.findings if f.rule == "MT301"}
    assert {"Declaration", "Meeting", "Anger", "Reports"} <= flagged


def test_names_titles_and_pronouns_are_not_german_capitals(registry):
    text = (
        "London's Metropolitan Police have contacted police in Sydney about the hoax call.\n"
        "A spokesman said London's Metropolitan Police would provide whatever assistance was needed.\n"
        '"I have lost my beloved wife in tragic circumstances, She will be laid to rest in India," he said.\n'
        "The couple spent their evenings watching Wheel of Fortune and Little House on the Prairie.\n"
        "Officials said London's Metropolitan Police had not opened an investigation into the call.\n"
    )
    analysis = Analyzer(registry, Settings()).analyse(Document(text))
    assert not [f for f in analysis.findings if f.rule == "MT301"]
    assert analysis.scores.machine_translation < 0.5


def _mt(registry, text: str):
    analysis = Analyzer(registry, Settings()).analyse(Document(text))
    found = [
        (f.rule, text[f.start : f.end]) for f in analysis.findings if f.category == "machine-translation"
    ]
    return analysis, found


# Rule-based MT of a furniture feature (TaraXU style): nouns it had no entry for stay German. MT304 looks
# only at texts with German letters (here the unknown compound 'Entlüftungskanälchen').
RBMT_ARTICLE = (
    "The facade of the house plays with marvellous lines and gentle colors that remind of nature.\n"
    "Wood shaped in a wavelike way copies the window frames and the Balkone of the upper floor.\n"
    "All this are typical features for the Jugendstil of the architect, who died in 1926.\n"
    "Also the interior in which Matratze and frame have to fit is just as important.\n"
    "If they do not have enough Entlüftungskanälchen in the core, moisture builds up under them.\n"
)


def test_untranslated_german_with_an_inflected_form_makes_a_verdict(registry):
    """Balkone (plural of Balkon) is inflected: MT residue. Jugendstil and Matratze are dictionary forms,
    which English borrows too; without Balkone they stay below the verdict."""
    analysis, found = _mt(registry, RBMT_ARTICLE)
    assert [word for rule, word in found if rule == "MT304"] == ["Balkone", "Jugendstil", "Matratze"]
    assert "machine-translated" in analysis.verdicts
    two = RBMT_ARTICLE.replace("the Balkone of", "the balconies of")
    analysis, found = _mt(registry, two)
    assert [word for rule, word in found if rule == "MT304"] == ["Jugendstil", "Matratze"]
    assert "machine-translated" not in analysis.verdicts


def test_common_german_words_are_found_once_the_text_has_german_letters(registry):
    """'erstand' and 'stampfte' have no German ending; they count only in a text with ä/ö/ü/ß somewhere,
    where German left-overs are likely, and only if German uses them commonly."""
    text = (
        "From the savings of his holidays and a bank loan erstand he a house with five flats.\n"
        "The small firm in Česká Skalice stampfte companies from the soil, the jury said.\n"
    )
    _, found = _mt(registry, text)
    assert not [word for rule, word in found if rule == "MT303"]
    _, found = _mt(registry, text.replace("a house", "a baufälliges house"))
    assert [word for rule, word in found if rule == "MT303"] == ["erstand", "baufälliges", "stampfte"]
    native = "The Düsseldorf office of the ombudsman, a frontispiece of paleoanthropology, reopened.\n"
    assert not _mt(registry, native)[1]
    # German words in web and email addresses are not left-over German.
    links = (
        "The mayor of Düsseldorf announced it on www.duesseldorf.de/politik/wirtschaft/aktuelles and in an "
        "email to presse@stadt.de on Monday, and Der Spiegel reported it at\thttps://www.spiegel.de/politik.\n"
    )
    assert not _mt(registry, links)[1]


def test_a_quotation_that_opens_a_sentence_in_lowercase_is_lost_casing(registry):
    text = (
        "Thanks to the poll, this will now change.\n"
        '"the Czech social-security administration will no longer need the extracts," the speaker said.\n'
        'He called it "a disgrace" and left. "Absurd," she said.\n'
    )
    _, found = _mt(registry, text)
    assert [word for rule, word in found if rule == "MT302"] == ["the"]


SPUN_MARKET_REPORT = (
    "The central bank raised curiosity rates on Thursday in purchase to cool prices.\n"
    "Traders said they appear forward to calmer weeks, and on leading of that to lower fees.\n"
    "The decision follows talks with officials in Frankfurt.\n"
)


def test_broken_collocations_make_a_spun_verdict_and_their_fixes_restore_them(registry):
    analysis = Analyzer(registry, Settings()).analyse(Document(SPUN_MARKET_REPORT))
    spin = [f for f in analysis.findings if f.category == "spin"]
    assert {f.rule for f in spin} == {"SP104"}
    assert "spun" in analysis.verdicts and analysis.scores.spin > 0.9
    fixed = {SPUN_MARKET_REPORT[f.start : f.end]: f.fix.replacement for f in spin if f.fix}
    assert fixed["curiosity rates"] == "interest rates" and fixed["in purchase to"] == "in order to"
    native = (
        "The central bank raised interest rates on Thursday in order to cool prices.\n"
        "Traders said they look forward to calmer weeks, and on top of that to lower fees.\n"
    )
    analysis = Analyzer(registry, Settings()).analyse(Document(native))
    assert not [f for f in analysis.findings if f.category == "spin"]
    assert "spun" not in analysis.verdicts


CHRISTMAS_MARKET = (
    "BERLIN — At the Christmas market, visitors queue for mugs of glühwein and trays of bratwurst.\n"
    "Stalls sell lebkuchen hearts and stollen, and a brewer pours beer in a heated tent.\n"
    "Anna Schmidt, 54, has run a stall selling Weißwurst and pretzels since 2009, she said.\n"
    "A mug of glühwein now costs 4.50 euros, up from 3.50 euros before the pandemic.\n"
)


def test_borrowed_german_words_in_native_news_stay_below_the_verdict(registry):
    """Native English about Germany uses German words in their dictionary form; repeats count once."""
    analysis = Analyzer(registry, Settings()).analyse(Document(CHRISTMAS_MARKET))
    words = {f.data["word"] for f in analysis.findings if f.rule in ("MT303", "MT304")}
    assert {"glühwein", "lebkuchen", "Weißwurst"} <= words
    assert "machine-translated" not in analysis.verdicts
    assert analysis.scores.machine_translation < 0.4


FANS_REACT = (
    "Fans react after the band cancels its summer tour\n\n"
    "The band announced on Tuesday that it had cancelled all 24 dates of its summer tour.\n\n"
    '"honestly devastated, i bought tickets in january," one wrote.\n\n'
    '"no way. this was supposed to be my first concert," another said.\n\n'
    '"cannot believe it. get well soon guys," a third posted.\n\n'
    '"we love you all and we are so sorry," the singer wrote in a short statement on Instagram.\n\n'
    "Ticket sellers said they had not yet received instructions from the promoter.\n"
)


def test_social_media_posts_quoted_in_lowercase_are_not_lost_casing(registry):
    analysis, found = _mt(registry, FANS_REACT)
    assert not [text for rule, text in found if rule == "MT302"]
    assert "machine-translated" not in analysis.verdicts


def test_lowercase_quotations_with_names_are_flagged_but_count_once(registry):
    text = (
        "Fans reacted online within minutes of the announcement on Tuesday.\n\n"
        '"omg Taylor Swift is coming to Glasgow," one wrote.\n\n'
        '"best news since the Euros," another posted.\n\n'
        '"tickets for Hampden go on sale Friday," a third said.\n\n'
        "The concert is planned for June.\n"
    )
    analysis, found = _mt(registry, text)
    assert [word for rule, word in found if rule == "MT302"] == ["omg", "best", "tickets"]
    assert "machine-translated" not in analysis.verdicts


def test_a_lowercase_quotation_in_machine_translation_still_counts(registry):
    """MT that loses truecasing keeps the capitals further in: '"the Czech authority …"'."""
    text = (
        "Thanks to the new system, checks will be simpler.\n"
        '"the Czech social-security administration will no longer need paper forms," said the minister.\n'
    )
    _analysis, found = _mt(registry, text)
    assert ("MT302", "the") in found


INDIAN_NEWS = (
    "Residents of Sector 12 have been demanding a proper drainage system since 10 years, but the civic "
    "body has done nothing, they alleged.\n"
    '"We are living with waterlogging since many years. Every monsoon our houses get flooded," said Ramesh '
    "Kumar, a local shopkeeper.\n"
    "The municipal commissioner said the tender for the project was floated since two months and work "
    "would begin soon.\n"
)


def test_a_habit_indian_english_shares_with_german_mt_is_flagged_but_no_verdict(registry):
    """ "since 10 years" is German "seit" in MT, and ordinary in Indian English: one habit, however often
    it repeats, is not enough for a verdict."""
    analysis, found = _mt(registry, INDIAN_NEWS)
    assert [rule for rule, _text in found] == ["MT106", "MT106", "MT106"]
    assert "machine-translated" not in analysis.verdicts


def test_european_number_formats_alone_are_no_verdict(registry):
    text = (
        "Revenue rose to EUR 8,5 million in the first half, and the group now employs 12.000 people.\n"
        "Net profit reached EUR 1,2 million, after EUR 0,9 million a year earlier.\n"
    )
    analysis, found = _mt(registry, text)
    assert {rule for rule, _text in found} >= {"MT102", "MT103"}
    assert "machine-translated" not in analysis.verdicts


def test_a_german_passage_in_an_english_article_is_one_finding_not_a_verdict(registry):
    """A short German sentence joins the German passage beside it, so its words are not also reported as
    left-over German (which counted the same evidence twice and gave a verdict)."""
    text = (
        "Protesters marched through the centre of Berlin on Saturday against the housing law.\n"
        "The government said the law would be debated in parliament next month.\n"
        "Die Regierung kündigte an, das Gesetz im kommenden Monat im Parlament zu beraten. "
        "Die Opposition lehnt den Entwurf ab.\n"
        "Organisers said more than 20,000 people took part.\n"
    )
    analysis = Analyzer(registry, Settings()).analyse(Document(text))
    passages = [text[f.start : f.end] for f in analysis.findings if f.rule == "LG102"]
    assert passages == [
        "Die Regierung kündigte an, das Gesetz im kommenden Monat im Parlament zu beraten. "
        "Die Opposition lehnt den Entwurf ab."
    ]
    assert not [f for f in analysis.findings if f.rule in ("MT303", "MT304")]
    assert "machine-translated" not in analysis.verdicts
