"""Harper (harper-py): offline English grammar checking, no Java, no server.

News is full of names (Sohae, Yongbyon, Jong Un), so Harper's spelling rules would flood the output. Only
spelling findings on words that really look misspelt survive: lowercase, used once in the article, not a
word the scan's other files use, and not a common English word. The false-flag rate on the seeds and dev
sets is measured by benchmarks/grammar.py.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from cleanup import lexicons
from cleanup.document import Document
from cleanup.findings import Finding, Fix

# Harper rules whose job a cleanup rule already does, better suited to news: LongSentences flags every
# sentence over 40 words (RD101 compares with the article's own median; measured ~20 ms of Harper's ~100 ms
# per article), SentenceCapitalization duplicates MT302 (which also restores names' casing).
DUPLICATED_BY_CLEANUP = ("LongSentences", "SentenceCapitalization")

# Harper rules that judge single words against its dictionary (or split/merge them).
_SPELLING_RULES = {"SpellCheck", "SplitWords", "MergeWords", "DisjointPrefixes"}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SEVERITY = {"Spelling": "warning", "Repetition": "warning", "Agreement": "warning", "Style": "info",
             "Readability": "info", "Enhancement": "info", "Miscellaneous": "info"}  # fmt: skip


@cache
def _linter(spelling_only: bool = False):  # type: ignore[no-untyped-def]
    """Harper's linter: every rule but SpellCheck, or (spelling_only) SpellCheck alone.

    SpellCheck on a news article spends most of its time suggesting corrections for names (~30 ms of
    ~100 ms per article), which the filter below throws away. So the main pass runs without it, and
    SpellCheck only sees the few words that survive the filter, as a tiny text of its own.
    """
    from harper import Linter  # imported lazily: ~0.7 s to build, and only grammar runs need it

    linter = Linter()
    config = linter.get_lint_config()
    if spelling_only:
        config = {rule: rule == "SpellCheck" for rule in config}
    else:
        config["SpellCheck"] = False
        for rule in DUPLICATED_BY_CLEANUP:
            config[rule] = False
    linter.set_lint_config(config)
    return linter


@cache
def harper_version() -> str:
    from importlib.metadata import version

    return f"harper-py {version('harper-py')}"


def _replacement(original: str, suggestion) -> str | None:  # type: ignore[no-untyped-def]
    kind = str(suggestion.kind).rsplit(".", 1)[-1]
    if kind in ("REPLACE", "0"):
        return suggestion.replacement_text
    if kind in ("REMOVE", "1"):
        return ""
    if kind in ("INSERT_AFTER", "2"):
        return original + suggestion.replacement_text
    return None


class HarperBackend:
    name = "harper"

    def __init__(self) -> None:
        self.detail = harper_version()

    def check(
        self,
        doc: Document,
        vocabulary: frozenset[str] = frozenset(),
        skip: list[tuple[int, int]] | None = None,
    ) -> list[Finding]:
        from harper import Language

        text = doc.safe_text  # Harper (Rust) refuses lone surrogates; same offsets
        if not text.strip():
            return []
        counts = Counter(w.lower() for w in _WORD.findall(text))
        findings: list[Finding] = []
        # Harper costs ~20 ms per KB; text being removed as boilerplate is not worth it.
        for chunk_start, chunk_end in _kept_stretches(doc, skip or []):
            chunk = text[chunk_start:chunk_end]
            for rule, lints in _linter().organized_lints(chunk, language=Language.PLAINTEXT).items():
                for lint in lints:
                    start, end = chunk_start + lint.span.start, chunk_start + lint.span.end
                    if rule in _SPELLING_RULES and not _really_misspelt(text, start, end, counts, vocabulary):
                        continue
                    if rule == "OrthographicConsistency" and _part_of_a_name(text, start, end):
                        continue
                    findings.append(self._finding(rule, lint, text, start, end))
        findings.extend(self._spelling(text, counts, vocabulary))
        return findings

    def _spelling(self, text: str, counts: Counter[str], vocabulary: frozenset[str]) -> list[Finding]:
        from harper import Language

        candidates: dict[str, tuple[int, int]] = {}
        for m in _WORD.finditer(text):
            word = m.group(0)
            if (
                len(word) >= 3
                and word.isalpha()
                and _really_misspelt(text, m.start(), m.end(), counts, vocabulary)
            ):
                candidates.setdefault(word, m.span())
        if not candidates:
            return []
        # One word per line: Harper's SpellCheck judges each on its own, and offsets map back by line.
        probe = "\n".join(candidates)
        starts = {}
        position = 0
        for word in candidates:
            starts[position] = word
            position += len(word) + 1
        found = []
        lints = _linter(spelling_only=True).organized_lints(probe, language=Language.PLAINTEXT)["SpellCheck"]
        for lint in lints:
            word = starts.get(lint.span.start)
            if word is None or not _near_a_common_word(word, lint):
                continue
            start, end = candidates[word]
            found.append(self._finding("SpellCheck", lint, text, start, end))
        return found

    @staticmethod
    def _finding(rule: str, lint, text: str, start: int, end: int) -> Finding:  # type: ignore[no-untyped-def]
        fix = None
        if lint.suggestions:
            replacement = _replacement(text[start:end], lint.suggestions[0])
            if replacement is not None:
                fix = Fix(replacement, "unsafe")
        return Finding(
            f"HARPER:{rule}",
            start,
            end,
            lint.message,
            fix,
            name=_kebab(rule),
            category="grammar",
            severity=_SEVERITY.get(lint.lint_kind, "warning"),
            data={"backend": "harper", "kind": lint.lint_kind},
        )

    def close(self) -> None:
        pass


_WORD_BEFORE = re.compile(r"([^\W\d_]+)[ -]$")
_WORD_AFTER = re.compile(r"[ -]([^\W\d_]+)")


def _part_of_a_name(text: str, start: int, end: int) -> bool:
    """A short Title-case word joined to a capitalised name word ("Un" of Kim Jong Un, "Ri" of
    Tongchang-Ri), which Harper's OrthographicConsistency takes for the acronym UN or RI. "The Un said"
    is still flagged: a capitalised function word is not a name."""
    word = text[start:end]
    if not (2 <= len(word) <= 3 and word[0].isupper() and word[1:].islower()):
        return False
    function_words = lexicons.word_set("function_words", "en")
    neighbours = (_WORD_BEFORE.search(text[max(0, start - 40) : start]), _WORD_AFTER.match(text, end))
    return any(
        m is not None and m.group(1)[0].isupper() and m.group(1).lower() not in function_words
        for m in neighbours
    )


def _kept_stretches(doc: Document, skip: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs of consecutive paragraphs that no skip span covers, as (start, end) offsets."""
    if not skip:
        return [(0, len(doc.text))]
    stretches: list[tuple[int, int]] = []
    for paragraph in doc.paragraphs:
        if any(start <= paragraph.start and paragraph.end <= end for start, end in skip):
            continue
        if stretches and doc.text[stretches[-1][1] : paragraph.start].strip() == "":
            stretches[-1] = (stretches[-1][0], paragraph.end)
        else:
            stretches.append((paragraph.start, paragraph.end))
    return stretches


def _really_misspelt(
    text: str, start: int, end: int, counts: Counter[str], vocabulary: frozenset[str]
) -> bool:
    """Names, the article's own vocabulary and other English spellings are not spelling mistakes."""
    words = _WORD.findall(text[start:end])
    if not words:
        return False
    if (start > 0 and text[start - 1] in "-‐@./") or (end < len(text) and text[end] in "-‐@/"):
        return False  # part of a hyphenated name, a handle, an address: "Tongchang-ri", "@wsjd", "www."
    for word in words:
        lowered = word.lower()
        if not word.islower():
            return False  # capitalised: a name (Sohae, Yongbyon, Jong Un) far more often than a typo
        if counts[lowered] >= 2 or lowered in vocabulary:
            return False  # the article or the scan uses it repeatedly: deliberate
        if lowered in lexicons.word_lines("lowercase_words") or _other_spelling(lowered):
            return False
    return True


def _near_a_common_word(word: str, lint) -> bool:  # type: ignore[no-untyped-def]
    """A misspelling is a rare word one or two edits away from a much commoner one ("goverment" 2.7 ->
    "government" 5.6). A real word missing from Harper's dictionary ("theropod", "denuclearization") has
    no such neighbour: its suggestions are far away or no more frequent."""
    from wordfreq import zipf_frequency

    if not lint.suggestions:
        return False
    suggestion = lint.suggestions[0].replacement_text
    if _edit_distance(word.lower(), suggestion.lower()) > 2:
        return False
    return zipf_frequency(suggestion, "en") - zipf_frequency(word, "en") >= 1.5


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


# British -> American endings. Harper checks one dialect; news comes in both.
_DIALECT = (("isation", "ization"), ("ising", "izing"), ("ised", "ized"), ("ise", "ize"), ("our", "or"),
            ("ours", "ors"), ("tre", "ter"), ("tres", "ters"), ("lled", "led"), ("lling", "ling"),
            ("ogue", "og"), ("yse", "yze"), ("ysed", "yzed"), ("ence", "ense"), ("iser", "izer"),
            ("isers", "izers"), ("llous", "lous"), ("lled", "led"))  # fmt: skip


@cache
def _other_spelling(word: str) -> bool:
    """A very common word, or the other dialect's spelling of one ("denuclearisation").

    Frequency alone cannot tell: frequent misspellings ("goverment", zipf 2.7) are commoner than rare
    British forms ("denuclearisation", 1.3), so only a dialect variant of a known word is spared.
    """
    from wordfreq import zipf_frequency

    if zipf_frequency(word, "en") >= 3.5:
        return True
    for british, american in _DIALECT:
        if word.endswith(british):
            variant = word[: -len(british)] + american
            if zipf_frequency(variant, "en") >= 2.0:
                return True
    return False


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def rule_description(rule: str) -> str | None:
    descriptions = _linter().get_lint_descriptions()
    return descriptions.get(rule)
