"""detect: run the selected rules over one document and turn raw findings into a file report.

This is the middle of the one-way flow read -> detect -> fix -> write/report. Nothing here does I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleanup.config import SETTINGS
from cleanup.detectors import Context, CorpusStats, options_from
from cleanup.detectors.language import LanguageGuess, LanguageOptions, document_language
from cleanup.document import Document
from cleanup.engine.matchers import RuleTimeout
from cleanup.engine.registry import Registry, Selection
from cleanup.findings import Finding
from cleanup.grammar import GrammarBackend, GrammarConfig, GrammarUnavailable
from cleanup.scoring import Scores, document_scores, score_table
from cleanup.textutil import Spans


@dataclass
class Settings:
    selection: Selection = field(default_factory=Selection)
    fail_on: str = SETTINGS["fail-on"].default
    # Boilerplate removals above this share of the words become review findings (issue: runaway deletes).
    boilerplate_guard: float = SETTINGS["boilerplate-guard"].default
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Recipe:
    """Everything needed to build an Analyzer, picklable, so worker processes (--jobs) build their own."""

    rule_dirs: tuple[Path, ...] = ()
    settings: Settings = field(default_factory=Settings)
    grammar: GrammarConfig = field(default_factory=GrammarConfig)

    def build(self, registry: Registry | None = None) -> tuple[Analyzer, str | None]:
        """The analyzer, and a warning when a preferred grammar backend fell back to Harper.

        Raises PackError for a bad rule pack and GrammarUnavailable for a required backend that cannot run.
        """
        from cleanup.grammar import open_backend

        registry = registry or Registry.load(self.rule_dirs)
        _ = registry.detectors  # import every detector now, so a bad pack fails before any file is read
        analyzer = Analyzer(registry, self.settings, recipe=self)
        analyzer.grammar, warning = open_backend(self.grammar)
        return analyzer, warning


@dataclass
class Analysis:
    doc: Document
    language: LanguageGuess
    findings: list[Finding]
    scores: Scores
    warnings: list[str] = field(default_factory=list)
    # Readability figures, computed where the analysis ran (a worker) when an output asks for them; None:
    # not computed, so the output computes them itself.
    readability: dict[str, float | int] | None = None
    # `fix`'s outcome, computed where the analysis ran (compute.Fixed); None: the run fixes it itself.
    fixed: Any = None

    @property
    def verdicts(self) -> list[str]:
        return self.scores.verdicts


class Analyzer:
    """Holds what is shared by every document of a run: the registry, the selection, compiled rules."""

    def __init__(self, registry: Registry, settings: Settings, recipe: Recipe | None = None) -> None:
        self.registry = registry
        self.settings = settings
        self.recipe = recipe
        self.specs = registry.selected(settings.selection)
        self.neutral_specs = [s for s in self.specs if not s.english_only]
        self.selected_codes = {s.code for s in self.specs}
        self.mt_selected = any(s.category == "machine-translation" for s in self.specs)
        self.rule_options = {s.code: s.options for s in registry.specs}
        self.language_options = options_from(self.rule_options, "LG101", LanguageOptions)
        self.score_table = score_table(registry.specs)  # the rules' weights, from their `score:`
        # Cross-file line counts feed only the rules whose options ask for them (the template-line rule):
        # without one selected, the corpus pass is skipped.
        self.needs_corpus = any(s.options.get("needs_corpus") for s in self.specs)
        # The grammar backend (Harper or LanguageTool), when one was asked for; see cleanup.grammar.
        self.grammar: GrammarBackend | None = None

    @property
    def needs_vocabulary(self) -> bool:
        return self.grammar is not None

    @property
    def backend_description(self) -> str:
        return "off" if self.grammar is None else f"{self.grammar.name} ({self.grammar.detail})"

    def analyse(self, doc: Document, corpus: CorpusStats | None = None) -> Analysis:
        language = document_language(doc, self.language_options)
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
        codes = {s.code for s in specs}
        findings = [self._decorate(f) for f in raw if f.rule in codes or self._external_allowed(f)]
        removals = _boilerplate_removals(findings)
        if english and self.grammar is not None and self._grammar_selected():
            vocabulary = corpus.vocabulary if corpus is not None else frozenset()
            try:
                checked = self.grammar.check(doc, vocabulary, removals)
            except GrammarUnavailable as exc:
                warnings.append(str(exc))
                checked = []
            findings.extend(
                self._decorate(f) for f in checked if f.rule in codes or self._external_allowed(f)
            )
        findings = _drop_inside(findings, removals)
        if doc.fenced:
            fenced = Spans(doc.fenced)
            findings = [f for f in findings if not fenced.touches(f.start, f.end)]
        findings.sort(key=Finding.sort_key)
        scores = document_scores(doc, findings, english, self.score_table, learned_mt=self.mt_selected)
        return Analysis(doc, language, findings, scores, warnings)

    def _grammar_selected(self) -> bool:
        selection = self.settings.selection
        return selection.allows("HARPER:", "", "grammar") or selection.allows("LT:", "", "grammar")

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

    def detect_text(
        self, text: str, corpus: CorpusStats | None = None, encoding: str = "utf-8"
    ) -> list[Finding]:
        """Findings for a bare string (used by the fix loop and the rule examples)."""
        return self.analyse(Document(text, encoding=encoding), corpus).findings


# Text inside a boilerplate removal is going away; judging its language or style only adds noise.
_LANGUAGE_QUALITY = {"machine-translation", "spin", "language", "grammar", "readability"}


def _boilerplate_removals(findings: list[Finding]) -> list[tuple[int, int]]:
    """Spans that `fix` deletes as boilerplate by default (safe fixes)."""
    return sorted(
        (f.start, f.end)
        for f in findings
        if f.category == "boilerplate" and f.fix is not None and f.fix.safety == "safe" and f.end > f.start
    )


def _drop_inside(findings: list[Finding], removals: list[tuple[int, int]]) -> list[Finding]:
    if not removals:
        return findings
    spans = Spans(removals)

    def inside(finding: Finding) -> bool:
        return spans.contains(finding.start, finding.end)

    return [f for f in findings if f.category not in _LANGUAGE_QUALITY or not inside(f)]
