"""detect: run the selected rules over one document and turn raw findings into a file report.

This is the middle of the one-way flow read -> detect -> fix -> write/report. Nothing here does I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cleanup.detectors import Context, CorpusStats
from cleanup.detectors.language import LanguageGuess, document_language
from cleanup.document import Document
from cleanup.engine.matchers import RuleTimeout
from cleanup.engine.registry import Registry, Selection
from cleanup.findings import Finding
from cleanup.scoring import Scores, document_scores


@dataclass
class Settings:
    selection: Selection = field(default_factory=Selection)
    fail_on: str = "warning"
    # Boilerplate removals above this share of the words become review findings (issue: runaway deletes).
    boilerplate_guard: float = 0.30
    options: dict[str, Any] = field(default_factory=dict)


@dataclass
class Analysis:
    doc: Document
    language: LanguageGuess
    findings: list[Finding]
    scores: Scores
    warnings: list[str] = field(default_factory=list)

    @property
    def verdicts(self) -> list[str]:
        return self.scores.verdicts


class Analyzer:
    """Holds what is shared by every document of a run: the registry, the selection, compiled rules."""

    def __init__(self, registry: Registry, settings: Settings) -> None:
        self.registry = registry
        self.settings = settings
        self.specs = registry.selected(settings.selection)
        self.neutral_specs = [s for s in self.specs if not s.english_only]
        self.selected_codes = {s.code for s in self.specs}
        self.rule_options = {s.code: s.options for s in registry.specs}
        # Cross-file line counts only feed the template-line rule; skip the corpus pass without it.
        self.needs_corpus = "BP106" in self.selected_codes
        # External engines (grammar) add findings through this hook.
        self.extra_detectors: list[Callable[[Document, Context], list[Finding]]] = []

    def analyse(self, doc: Document, corpus: CorpusStats | None = None) -> Analysis:
        language = document_language(doc)
        english = language.code == "en"
        specs = self.specs if english else self.neutral_specs
        ctx = Context(
            language=language.code,
            corpus=corpus,
            options={"boilerplate_guard": self.settings.boilerplate_guard, **self.settings.options},
            rule_options=self.rule_options,
        )
        raw: list[Finding] = []
        warnings: list[str] = []
        matchers = self.registry.matchers
        for spec in specs:
            matcher = matchers.get(spec.code)
            if matcher is None:
                continue
            try:
                raw.extend(matcher(doc))
            except RuleTimeout as exc:
                warnings.append(str(exc))
        for _name, detector in self.registry.detectors_for(specs):
            raw.extend(detector(doc, ctx))
        if english:
            for extra in self.extra_detectors:
                raw.extend(extra(doc, ctx))
        codes = {s.code for s in specs}
        findings = [self._decorate(f) for f in raw if f.rule in codes or self._external_allowed(f)]
        findings = _drop_inside_boilerplate(findings)
        findings.sort(key=Finding.sort_key)
        return Analysis(doc, language, findings, document_scores(doc, findings, english), warnings)

    def _external_allowed(self, finding: Finding) -> bool:
        return ":" in finding.rule and self.settings.selection.allows(
            finding.rule, finding.name, finding.category
        )

    def _decorate(self, finding: Finding) -> Finding:
        spec = self.registry.by_code.get(finding.rule)
        if spec is not None:
            finding.name = finding.name or spec.name
            finding.category = finding.category or spec.category
            finding.severity = finding.data.pop("severity", None) or spec.severity
        return finding

    def detect_text(self, text: str, corpus: CorpusStats | None = None) -> list[Finding]:
        """Findings for a bare string (used by the fix loop and the rule examples)."""
        return self.analyse(Document(text), corpus).findings


# Text inside a boilerplate removal is going away; judging its language or style only adds noise.
_LANGUAGE_QUALITY = {"machine-translation", "spin", "language", "grammar", "readability"}


def _drop_inside_boilerplate(findings: list[Finding]) -> list[Finding]:
    removals = sorted(
        (f.start, f.end)
        for f in findings
        if f.category == "boilerplate" and f.fix is not None and f.fix.safety == "safe" and f.end > f.start
    )
    if not removals:
        return findings

    def inside(finding: Finding) -> bool:
        return any(start <= finding.start and finding.end <= end for start, end in removals)

    return [f for f in findings if f.category not in _LANGUAGE_QUALITY or not inside(f)]
