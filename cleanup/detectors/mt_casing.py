"""MT301 / MT302: casing carried over from German.

MT301: German capitalises every noun, and crude MT keeps it ("second direct Meeting", "an expression of
Anger"). Per word this is unreliable: native news capitalises titles and institutions ("the Pope", "the
Senate"). So the evidence is judged across the article: a capitalised word that follows a lowercase word,
is a common lowercase word in English (cased web2 lexicon x word frequency), and is not a name the article
keeps using capitalised. The strongest cue is the same word in lowercase elsewhere in the article. Only
when the article-level signal fires are the words reported, each with an (unsafe) lowercasing fix.

MT302: MT systems that lose truecasing start sentences in lowercase ("trump is the second …"). The fix
restores the article's own casing of the word ("Trump"), else capitalises the first letter.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from cleanup import lexicons
from cleanup.detectors import Context
from cleanup.detectors.tokens import Token, joined, tokenized_sentences
from cleanup.document import Document
from cleanup.findings import Finding, Fix

_CONNECTORS = {"of", "for", "and", "de", "du", "von", "van", "der", "la", "le", "on", "&"}
_PROPER_ADJECTIVE_ENDINGS = ("an", "ese", "ish", "ic", "i", "ch")
_LOWER_START_OK = {
    "de",
    "van",
    "von",
    "der",
    "al",
    "el",
    "bin",
    "ibn",
    "la",
    "le",
    "du",
    "da",
    "dos",
    "e.g",
    "i.e",
    "vs",
    "etc",
}
_ABBREVIATION_END = (
    "a.m.",
    "p.m.",
    "etc.",
    "vs.",
    "e.g.",
    "i.e.",
    "U.S.",
    "U.K.",
    "Jr.",
    "Sr.",
    "No.",
    "approx.",
)
WINDOW_SENTENCES = 15
MIN_DISTINCT_PER_WINDOW = 3


def _variants(word: str) -> set[str]:
    """Singular and plural forms, so 'Reports' counts 'report' elsewhere as the same word."""
    forms = {word}
    if word.endswith("ies"):
        forms.add(word[:-3] + "y")
    elif word.endswith("es"):
        forms.update({word[:-2], word[:-1]})
    elif word.endswith("s"):
        forms.add(word[:-1])
    else:
        forms.update({word + "s", word + "es"})
    return forms


class CasingEvidence:
    """Counts of each word's mid-sentence casings across the article."""

    @classmethod
    def of(cls, doc: Document) -> CasingEvidence:
        cached = doc.cache.get("casing_evidence")
        if not isinstance(cached, CasingEvidence):
            cached = doc.cache["casing_evidence"] = cls(doc)
        return cached

    def __init__(self, doc: Document) -> None:
        self.lower_mid: Counter[str] = Counter()
        self.capital_mid: Counter[str] = Counter()
        self.cased_forms: dict[str, Counter[str]] = {}
        for _sentence, tokens in tokenized_sentences(doc):
            for index, token in enumerate(tokens):
                word = token.word
                if index == 0 or not joined(doc, tokens[index - 1], token):
                    continue
                if word.islower():
                    self.lower_mid[word] += 1
                elif word[:1].isupper():
                    self.capital_mid[word] += 1
                    self.cased_forms.setdefault(word.lower(), Counter())[word] += 1

    def lowercase_elsewhere(self, word: str) -> bool:
        return any(self.lower_mid[v] for v in _variants(word.lower()))

    def looks_like_name(self, word: str) -> bool:
        """Used capitalised again and again and never in lowercase: a name (Trump, Twitter, Arsenal FC)."""
        return self.capital_mid[word] >= 2 and not self.lowercase_elsewhere(word)


def _is_proper_adjective(token: Token) -> bool:
    word = token.word
    return word[:1].isupper() and not word.isupper() and word.lower().endswith(_PROPER_ADJECTIVE_ENDINGS)


def capital_candidates(doc: Document) -> list[tuple[Token, bool]]:
    """(token, seen lowercase elsewhere) for every capitalised common word in mid-sentence."""
    cached = doc.cache.get("capital_candidates")
    if isinstance(cached, list):
        return cached
    lowercase_words = lexicons.word_lines("lowercase_words")
    evidence = CasingEvidence.of(doc)
    found: list[tuple[Token, bool]] = []
    for _sentence, tokens in tokenized_sentences(doc):
        if _title_case(tokens):
            continue  # headlines and titles capitalise every major word by convention
        for index in range(1, len(tokens)):
            token, previous = tokens[index], tokens[index - 1]
            word = token.word
            if len(word) < 3 or not word[:1].isupper() or not word[1:].islower():
                continue
            if word.lower() not in lowercase_words or not joined(doc, previous, token):
                continue
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if following is not None and joined(doc, token, following) and following.word[:1].isupper():
                continue  # the start of a multi-word name: "the Foreign Office"
            elsewhere = evidence.lowercase_elsewhere(word)
            if evidence.looks_like_name(word):
                continue
            if previous.word.islower():
                before = tokens[index - 2] if index >= 2 else None
                chain = (
                    previous.word in _CONNECTORS
                    and before is not None
                    and before.word[:1].isupper()
                    and joined(doc, before, previous)
                )
                if chain:
                    continue  # inside a name: "Center for Strategic and International Studies"
                found.append((token, elsewhere))
            elif _is_proper_adjective(previous) and elsewhere:
                found.append((token, elsewhere))  # "the North Korean Regime" / "the regime" elsewhere
    doc.cache["capital_candidates"] = found
    return found


def _title_case(tokens: list[Token]) -> bool:
    major = [t.word for t in tokens if len(t.word) >= 4]
    return len(major) >= 2 and sum(w[:1].isupper() for w in major) * 2 >= len(major)


def capitalisation_signal(doc: Document) -> tuple[bool, int, int]:
    """(fires, distinct candidate words, distinct words also seen in lowercase)."""
    candidates = capital_candidates(doc)
    distinct = {token.word.lower() for token, _ in candidates}
    strong = {token.word.lower() for token, elsewhere in candidates if elsewhere}
    windows = max(1.0, len(doc.sentences) / WINDOW_SENTENCES)
    fires = len(distinct) / windows >= MIN_DISTINCT_PER_WINDOW or (len(strong) >= 2 and len(distinct) >= 3)
    return fires, len(distinct), len(strong)


def lowercase_starts(doc: Document) -> list[tuple[Token, str]]:
    """(first token, suggested casing) for sentences that start in lowercase."""
    evidence = None
    found = []
    previous_text = ""
    for sentence, tokens in tokenized_sentences(doc):
        text = sentence.text
        first = tokens[0] if tokens else None
        prior = previous_text
        previous_text = text
        if first is None or first.start != sentence.start or not text[:1].islower():
            continue
        word = first.word
        if word in _LOWER_START_OK or not word.isalpha() or any(c.isupper() for c in word):
            continue
        if prior.endswith(_ABBREVIATION_END) or (prior and prior[-1] not in '.!?"”’'):
            continue
        if evidence is None:
            evidence = CasingEvidence.of(doc)
        forms = evidence.cased_forms.get(word.lower())
        suggestion = forms.most_common(1)[0][0] if forms else word[:1].upper() + word[1:]
        found.append((first, suggestion))
    return found


def detect(doc: Document, ctx: Context) -> Iterator[Finding]:
    fires, distinct, _strong = capitalisation_signal(doc)
    if fires:
        for token, elsewhere in capital_candidates(doc):
            word = token.word
            why = (
                "also written in lowercase in this article"
                if elsewhere
                else "a common word English writes in lowercase"
            )
            yield Finding(
                "MT301",
                token.start,
                token.start + len(word),
                f"German-style capital in {word!r} ({why}; {distinct} such words in the article)",
                Fix(word.lower(), "unsafe"),
                data={"seen_lowercase": elsewhere},
            )
    for token, suggestion in lowercase_starts(doc):
        word = token.word
        yield Finding(
            "MT302",
            token.start,
            token.start + len(word),
            f"Sentence starts in lowercase ({word!r}); MT lost the casing",
            Fix(suggestion, "unsafe"),
        )
