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

# Harper rules that judge single words against its dictionary (or split/merge them).
_SPELLING_RULES = {"SpellCheck", "SplitWords", "MergeWords", "DisjointPrefixes"}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SEVERITY = {"Spelling": "warning", "Repetition": "warning", "Agreement": "warning", "Style": "info",
             "Readability": "info", "Enhancement": "info", "Miscellaneous": "info"}  # fmt: skip


@cache
def _linter():  # type: ignore[no-untyped-def]
    from harper import Linter  # imported lazily: ~0.7 s to build, and only grammar runs need it

    return Linter()


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

    def check(self, doc: Document, vocabulary: frozenset[str] = frozenset()) -> list[Finding]:
        from harper import Language

        text = doc.text
        if not text.strip():
            return []
        counts = Counter(w.lower() for w in _WORD.findall(text))
        findings: list[Finding] = []
        for rule, lints in _linter().organized_lints(text, language=Language.PLAINTEXT).items():
            for lint in lints:
                start, end = lint.span.start, lint.span.end
                problem = text[start:end]
                if rule in _SPELLING_RULES and not _really_misspelt(text, start, end, counts, vocabulary):
                    continue
                fix = None
                if lint.suggestions:
                    replacement = _replacement(problem, lint.suggestions[0])
                    if replacement is not None:
                        fix = Fix(replacement, "unsafe")
                findings.append(
                    Finding(
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
                )
        return findings

    def close(self) -> None:
        pass


def _really_misspelt(
    text: str, start: int, end: int, counts: Counter[str], vocabulary: frozenset[str]
) -> bool:
    """Names, the article's own vocabulary and other English spellings are not spelling mistakes."""
    words = _WORD.findall(text[start:end])
    if not words:
        return False
    if (start > 0 and text[start - 1] in "-‐") or (end < len(text) and text[end] in "-‐"):
        return False  # part of a hyphenated name or compound: "Tongchang-ri", "Kim Jong-un"
    for word in words:
        lowered = word.lower()
        if not word.islower():
            return False  # capitalised: a name (Sohae, Yongbyon, Jong Un) far more often than a typo
        if counts[lowered] >= 2 or lowered in vocabulary:
            return False  # the article or the scan uses it repeatedly: deliberate
        if lowered in lexicons.word_lines("lowercase_words") or _other_spelling(lowered):
            return False
    return True


# British -> American endings. Harper checks one dialect; news comes in both.
_DIALECT = (("isation", "ization"), ("ising", "izing"), ("ised", "ized"), ("ise", "ize"), ("our", "or"),
            ("ours", "ors"), ("tre", "ter"), ("tres", "ters"), ("lled", "led"), ("lling", "ling"),
            ("ogue", "og"), ("yse", "yze"), ("ysed", "yzed"), ("ence", "ense"))  # fmt: skip


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
