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

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from typing import NamedTuple

import regex

from cleanup import lexicons
from cleanup.detectors import Context
from cleanup.document import Document
from cleanup.findings import Finding, Fix

EMITS = frozenset({"MT301", "MT302"})  # checked against rules/ when packs load

# Legal and corporate English capitalises defined terms after a determiner ("the Company", "its Board",
# "the Offer"); German-style capitals also follow adjectives and prepositions ("final Declaration", "an
# expression of Anger"). Only the latter count towards the article-level signal.
_DETERMINERS = {
    "the",
    "a",
    "an",
    "its",
    "their",
    "our",
    "his",
    "her",
    "this",
    "that",
    "these",
    "those",
    "my",
    "your",
}
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

# "Mid-sentence" = right after a word character and a space (or ", "): not after . ! ? : quotes or a break.
# The patterns start with the literal space, which `re` finds fast; the lookbehinds then check what precedes
# it (measured 1.5x faster than starting with the lookbehind, same matches).
_MID = r" (?:(?<=\w )|(?<=\w, ))"
# The word at a mid-sentence position, in lowercase or capitalised (CasingEvidence).
_LOWER_TOKEN = re.compile(r"[a-z][a-z'’-]*\b")
_CAPITAL_TOKEN = re.compile(r"[A-Z][a-z]+(?:['’-][A-Za-z]+)*\b")
_WORD_CHARACTER = re.compile(r"\w")
_CANDIDATE = re.compile(_MID + r"([A-Z][a-z]{2,})\b(?!['’-]\w)")
# Right to left ((?r)): `match` anchors at the candidate, instead of trying every position of the window.
_PREVIOUS = regex.compile(r"(?r)([\w'’.&-]+),? $", regex.VERSION0)
# A candidate followed by a capital, maybe across "of (the)", "for" …, starts a multi-word name: "the
# Foreign Office", "Wheel of Fortune" (not across "in": "their Meeting in September").
_NEXT_CAPITAL = re.compile(r"(?: (?:of|for|de|du|von|van|der|la|le|&)(?: the)?)? [A-Z]")
# A candidate after a capital and such words ends one: "Center for Strategic", "House on the Prairie".
_NAME_BEFORE = regex.compile(
    r"(?r)[A-Z][\w'’.&-]*(?: (?:of|on|and|for|the|de|du|von|van|der|la|le|&)){1,2} $", regex.VERSION0
)
_FIRST_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_MAJOR_WORD = re.compile(r"\b[^\W\d_]{4,}")


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


INDEX_FROM = 50_000  # characters: a text this long indexes its mid-sentence words once (see CasingEvidence)


class _MidSentenceIndex:
    """Every mid-sentence word of a text ("x word", "x, word"), read in one pass."""

    def __init__(self, text: str) -> None:
        self.lowercase: set[str] = set()
        self.capitalised: Counter[str] = Counter()
        self.forms: dict[str, Counter[str]] = {}
        for m in re.finditer(_MID, text):
            start = m.end()
            if (low := _LOWER_TOKEN.match(text, start)) is not None:
                self.lowercase.add(low.group())
            elif (cap := _CAPITAL_TOKEN.match(text, start)) is not None:
                word = cap.group()
                self.capitalised[word] += 1
                self.forms.setdefault(word.lower(), Counter())[word] += 1


class CasingEvidence:
    """How the article writes given words in mid-sentence: lowercase, capitalised, and in which forms.

    Only the few candidate words are ever asked about, so in an article each is looked up with str.find
    where it occurs, instead of tokenising the whole article (which cost more than the rest of the
    detector). Past INDEX_FROM characters one find per word grows with the square of the text, so a long
    file indexes its mid-sentence words once instead (the same answers).
    """

    @classmethod
    def of(cls, doc: Document) -> CasingEvidence:
        cached = doc.cache.get("casing_evidence")
        if not isinstance(cached, CasingEvidence):
            cached = doc.cache["casing_evidence"] = cls(doc)
        return cached

    def __init__(self, doc: Document) -> None:
        self.text = doc.text
        # Offsets of the lowercased text match the text's unless lowercasing changed its length ("İ").
        self.lowered = doc.lowered if len(doc.lowered) == len(doc.text) else None
        self._lowercase: dict[str, bool] = {}
        self._capitalised: dict[str, int] = {}
        # Without offsets shared with the lowercased text, per-word finds cannot serve: index instead.
        self._index: _MidSentenceIndex | None = (
            _MidSentenceIndex(self.text) if self.lowered is None or len(self.text) >= INDEX_FROM else None
        )

    def _mid_sentence(self, haystack: str, word: str) -> Iterator[int]:
        """Offsets where `word` starts in `haystack` right after "x " or "x, " (x a word character)."""
        text, needle = self.text, " " + word
        position = haystack.find(needle)
        while position != -1:
            if position >= 1 and (
                _WORD_CHARACTER.match(text, position - 1)
                or (position >= 2 and text[position - 1] == "," and _WORD_CHARACTER.match(text, position - 2))
            ):
                yield position + 1
            position = haystack.find(needle, position + 1)

    def written_lowercase(self, token: str) -> bool:
        """`token` occurs as a whole lowercase word in mid-sentence."""
        if self._index is not None:
            return token in self._index.lowercase
        if token not in self._lowercase:
            self._lowercase[token] = any(
                (m := _LOWER_TOKEN.match(self.text, start)) is not None and m.group() == token
                for start in self._mid_sentence(self.text, token)
            )
        return self._lowercase[token]

    def capitalised_count(self, word: str) -> int:
        """How often `word` (capitalised) occurs as a whole word in mid-sentence."""
        if self._index is not None:
            return self._index.capitalised[word]
        if word not in self._capitalised:
            self._capitalised[word] = sum(
                1
                for start in self._mid_sentence(self.text, word)
                if (m := _CAPITAL_TOKEN.match(self.text, start)) is not None and m.group() == word
            )
        return self._capitalised[word]

    def cased_forms(self, lowercase: str) -> Counter[str]:
        """The capitalised mid-sentence forms of a lowercase word, with their counts ("Trump": 3)."""
        if self._index is not None:
            return Counter(self._index.forms.get(lowercase, ()))
        assert self.lowered is not None  # else the index serves
        forms: Counter[str] = Counter()
        for start in self._mid_sentence(self.lowered, lowercase):
            m = _CAPITAL_TOKEN.match(self.text, start)
            if m is not None and m.group().lower() == lowercase:
                forms[m.group()] += 1
        return forms

    def lowercase_elsewhere(self, word: str) -> bool:
        return any(self.written_lowercase(v) for v in _variants(word.lower()))

    def looks_like_name(self, word: str) -> bool:
        """Used capitalised again and again and never in lowercase: a name (Trump, Twitter, Arsenal FC)."""
        return self.capitalised_count(word) >= 2 and not self.lowercase_elsewhere(word)


def _is_proper_adjective(word: str) -> bool:
    return word[:1].isupper() and not word.isupper() and word.lower().endswith(_PROPER_ADJECTIVE_ENDINGS)


def _title_case_line(doc: Document, offset: int, memo: dict[int, bool]) -> bool:
    """Headlines and titles capitalise every major word by convention."""
    index = doc.line_index(offset)
    if index not in memo:
        major = _MAJOR_WORD.findall(doc.lines[index].text)
        memo[index] = len(major) >= 2 and sum(1 for word in major if word[0].isupper()) * 2 >= len(major)
    return memo[index]


class Candidate(NamedTuple):
    start: int
    word: str
    seen_lowercase: bool  # the same word is written in lowercase elsewhere in the article
    after_determiner: bool  # "the Board": the shape of a defined term in legal and corporate English


def capital_candidates(doc: Document) -> list[Candidate]:
    """Every capitalised common word in mid-sentence."""
    cached = doc.cache.get("capital_candidates")
    if isinstance(cached, list):
        return cached
    lowercase_words = lexicons.word_lines("lowercase_words")
    text = doc.text
    found: list[Candidate] = []
    evidence: CasingEvidence | None = None
    title_memo: dict[int, bool] = {}
    pairs: dict[str, int] = {}

    def pair_count(pair: str) -> int:  # once per distinct pair: a long file repeats its names
        if pair not in pairs:
            pairs[pair] = text.count(pair)
        return pairs[pair]

    # Cheap tests first: most candidates fail on the word before them, before the costlier line shape
    # and article-wide evidence are looked at.
    # German capitalises nouns, never pronouns or other function words: "…, She will be" is a comma splice.
    function_words = lexicons.word_set("function_words", "en")
    for m in _CANDIDATE.finditer(text):
        word = m.group(1)
        lowered = word.lower()
        if lowered not in lowercase_words or lowered in function_words:
            continue
        start, end = m.span(1)
        if _NEXT_CAPITAL.match(text, end):
            continue  # the start of a multi-word name: "the Foreign Office"
        context = _PREVIOUS.match(text, max(0, start - 60), start)
        if context is None:
            continue
        previous = context.group(1)
        if previous.islower():
            if _NAME_BEFORE.match(text, max(0, start - 60), start):
                continue  # inside a name: "Center for Strategic and International Studies"
            after_adjective = False
        elif _is_proper_adjective(previous) and pair_count(f"{previous} {word}") < 2:
            # "the North Korean Regime": counts only if "the regime" occurs too. A pair the article repeats
            # as it is ("Metropolitan Police") is a name.
            after_adjective = True
        else:
            continue
        if _title_case_line(doc, start, title_memo):
            continue
        evidence = evidence or CasingEvidence.of(doc)
        if evidence.looks_like_name(word):
            continue
        elsewhere = evidence.lowercase_elsewhere(word)
        if after_adjective and not elsewhere:
            continue
        found.append(Candidate(start, word, elsewhere, previous.lower() in _DETERMINERS))
    doc.cache["capital_candidates"] = found
    return found


def capitalisation_signal(doc: Document) -> tuple[bool, int, int]:
    """(fires, distinct candidate words, distinct words also seen in lowercase), counting only the
    candidates that do not follow a determiner."""
    candidates = [c for c in capital_candidates(doc) if not c.after_determiner]
    if not candidates:
        return False, 0, 0
    distinct = {c.word.lower() for c in candidates}
    strong = {c.word.lower() for c in candidates if c.seen_lowercase}
    if len(distinct) < MIN_DISTINCT_PER_WINDOW:
        return False, len(distinct), len(strong)  # too few whatever the length: no need to count sentences
    fires = (len(strong) >= 2 and len(distinct) >= 3) or len(distinct) / max(
        1.0, len(doc.sentences) / WINDOW_SENTENCES
    ) >= MIN_DISTINCT_PER_WINDOW
    return fires, len(distinct), len(strong)


# Where a sentence could start in lowercase: a line start, or after sentence-final punctuation. Only
# blocks with such a place are segmented into sentences (segmentation is the costly part).
# Line starts are read off doc.lines; the pattern finds the rest (it starts with a character class, which
# `re` scans for quickly, where an `^|…` alternation was tried at every position: 1.7x faster).
_LOWER_AFTER_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s+[\"“‘]?[a-z]")
# A quotation that opens a sentence starts with a capital as well ("the Czech social-security management
# will …" is MT that lost the casing). Straight single quotes are left out: "'em", "'cause", "'tis".
_OPENING_QUOTES = '"“‘'
_CLOSING_QUOTE = {'"': '"', "“": "”", "‘": "’"}


def _opening_quote_length(text: str) -> int:
    return 1 if text and text[0] in _OPENING_QUOTES else 0


# "i" as a pronoun ("i bought", "i'm"), not "i.e." or "i-Ready": lowercase writing throughout.
_PRONOUN_I = re.compile(r"(?<![\w.'’-])i(?=[\s'’,!?]|$)")


def _written_in_lowercase(sentence: str, skip: int) -> bool:
    """Social-media posts quoted in news are lowercase by the writer's choice, not because MT lost the
    casing: '"honestly devastated, i bought tickets in january," one fan wrote.' A sentence with the pronoun
    "i", or a quotation with no capital letter in it, is such writing. MT that loses truecasing keeps the
    capitals of names further in ('"the Czech authority will …"')."""
    if _PRONOUN_I.search(sentence, skip):
        return True
    if not skip:
        return False
    closing = sentence.find(_CLOSING_QUOTE[sentence[0]], skip)
    quotation = sentence[skip : closing if closing > 0 else len(sentence)]
    return not any(c.isupper() for c in quotation)


def _lowercase_letter_at_start(line: str) -> int | None:
    """Offset of the lowercase letter a line starts with, maybe after an opening quote."""
    skip = _opening_quote_length(line)
    return skip if "a" <= line[skip : skip + 1] <= "z" else None


class LowercaseStart(NamedTuple):
    start: int
    word: str
    suggestion: str  # the casing the article itself uses for the word
    quoted: bool  # the sentence opens with a quotation


def lowercase_starts(doc: Document) -> list[LowercaseStart]:
    """Sentences that start in lowercase."""
    found: list[LowercaseStart] = []
    blocks = doc.blocks
    block_starts = [block.start for block in blocks]
    # One scan of the text; the letter each match ends on says which block holds it.
    letters = [m.end() - 1 for m in _LOWER_AFTER_SENTENCE_END.finditer(doc.text)]
    letters += [
        line.start + offset
        for line in doc.lines
        if (offset := _lowercase_letter_at_start(line.text)) is not None
    ]
    wanted = {bisect_right(block_starts, letter) - 1 for letter in letters}
    for number in sorted(wanted):
        block = blocks[number]
        # A block's first sentence follows the previous block's last one, which ends where that block does.
        previous_text = blocks[number - 1].text.rstrip() if number else ""
        for sentence in doc.sentences_of(block):
            text = sentence.text
            prior = previous_text
            previous_text = text
            skip = _opening_quote_length(text)
            if not text[skip : skip + 1].islower():
                continue
            first = _FIRST_WORD.match(text, skip)
            if first is None:
                continue
            word = first.group(0).rstrip(".")
            if word in _LOWER_START_OK or not word.isalpha() or any(c.isupper() for c in word):
                continue
            if prior.endswith(_ABBREVIATION_END) or (prior and prior[-1] not in '.!?"”’'):
                continue
            if _written_in_lowercase(text, skip):
                continue
            forms = CasingEvidence.of(doc).cased_forms(word.lower())
            suggestion = forms.most_common(1)[0][0] if forms else word[:1].upper() + word[1:]
            found.append(LowercaseStart(sentence.start + skip, word, suggestion, bool(skip)))
    return found


def detect(doc: Document, ctx: Context) -> Iterator[Finding]:
    fires, distinct, _strong = capitalisation_signal(doc)
    if fires:
        for start, word, elsewhere, _after_determiner in capital_candidates(doc):
            why = (
                "also written in lowercase in this article"
                if elsewhere
                else "a common word English writes in lowercase"
            )
            yield Finding(
                "MT301",
                start,
                start + len(word),
                f"German-style capital in {word!r} ({why}; {distinct} such words in the article)",
                Fix(word.lower(), "unsafe"),
                data={"seen_lowercase": elsewhere, "word": word.lower()},
            )
    for start, word, suggestion, quoted in lowercase_starts(doc):
        yield Finding(
            "MT302",
            start,
            start + len(word),
            f"Sentence starts in lowercase ({word!r}); MT lost the casing",
            Fix(suggestion, "unsafe"),
            data={"quoted": quoted},
        )
