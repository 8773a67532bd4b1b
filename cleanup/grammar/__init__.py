"""Grammar backends: Harper (offline default) and LanguageTool (opt-in, never downloaded).

A backend turns a document into `grammar` findings with namespaced rule ids (`HARPER:RepeatedWords`,
`LT:EN_A_VS_AN`). Their suggestions are always unsafe fixes: a grammar engine can be wrong about meaning.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from cleanup.document import Document
from cleanup.findings import Finding

CHOICES = ("off", "harper", "languagetool", "auto")


class GrammarUnavailable(Exception):
    """The requested backend cannot run here. `str()` is one line saying what to do about it."""


class GrammarBackend(Protocol):
    name: str  # "harper" or "languagetool"
    detail: str  # version, server URL ...

    def check(
        self,
        doc: Document,
        vocabulary: frozenset[str] = frozenset(),
        skip: list[tuple[int, int]] | None = None,
    ) -> list[Finding]:
        """Findings for the document. `skip`: spans being removed as boilerplate, not worth checking."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class GrammarConfig:
    choice: str = "off"  # off | harper | languagetool | auto
    languagetool_url: str | None = None
    mother_tongue: str | None = None  # off by default: its false-friend rules misfire on MT (research)


def open_backend(config: GrammarConfig) -> tuple[GrammarBackend | None, str | None]:
    """The backend to use, and a warning when a preferred one was unavailable.

    `languagetool` is a requirement: if it cannot run, GrammarUnavailable propagates (the CLI exits 2).
    `auto` prefers LanguageTool when one is configured (URL or LTP_PATH) and falls back to Harper.
    """
    if config.choice == "off":
        return None, None
    if config.choice == "harper":
        from cleanup.grammar.harper_backend import HarperBackend

        return HarperBackend(), None
    from cleanup.grammar.languagetool_backend import LanguageToolBackend, configured

    if config.choice == "languagetool":
        return LanguageToolBackend.open(config), None
    # auto
    warning = None
    if configured(config):
        try:
            return LanguageToolBackend.open(config), None
        except GrammarUnavailable as exc:
            warning = f"{exc}; falling back to Harper"
    from cleanup.grammar.harper_backend import HarperBackend

    return HarperBackend(), warning
