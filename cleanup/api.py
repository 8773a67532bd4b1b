"""The public Python API: the one the command line itself uses.

    import cleanup
    result = cleanup.check(text)                  # findings, scores, verdicts
    cleaned = cleanup.fix(text)                   # the text with the safe fixes applied
    checker = cleanup.Checker({"select": ["BP"]})  # load rules and models once, reuse for many texts

A `Checker` is picklable: what travels is its settings, and a worker process (or a remote worker of a
distributed engine) rebuilds the rules and models on first use. Facts that come from a whole corpus (lines
shared by many files, the corpus's own vocabulary) come from an explicit first pass: `count_corpus` over
any iterable of texts, `CorpusStats.merge` to combine the counts of several workers, then
`checker.check(text, corpus=stats)`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleanup.analysis import Analysis, Analyzer, Recipe, Settings
from cleanup.config import Config, ConfigError, default_config, load_config
from cleanup.detectors import CorpusStats
from cleanup.detectors.language import LanguageGuess
from cleanup.document import Document
from cleanup.findings import Finding
from cleanup.grammar import GrammarConfig
from cleanup.scoring import Scores
from cleanup.suppression import IgnoreFile, Suppressions

ConfigLike = Config | Mapping[str, Any] | str | Path | None


def resolve_config(config: ConfigLike = None, origin: str = "Checker") -> Config:
    """A Config from a Config, a path to a TOML file (cleanup.toml or pyproject.toml), or a mapping of
    settings with the config file's keys (`{"select": ["BP"], "grammar": "off"}`). None gives the defaults;
    unlike the command line, the library never looks for a config file by itself."""
    if isinstance(config, Config):
        return config
    if isinstance(config, (str, Path)):
        return load_config(Path(config))
    resolved = default_config()
    for key, value in (config or {}).items():
        resolved.override(key, value, origin)
    return resolved


def recipe_from_config(config: Config) -> Recipe:
    """Settings -> everything an Analyzer is built from (picklable, so workers build their own)."""
    select = list(config["select"])
    if select and config["extend-select"]:
        select += config["extend-select"]
    from cleanup.engine.registry import Selection

    return Recipe(
        tuple(Path(r) for r in config["rules"]),
        Settings(
            selection=Selection(tuple(select), tuple(config["ignore"])),
            fail_on=config["fail-on"],
            boilerplate_guard=float(config["boilerplate-guard"]),
        ),
        GrammarConfig(config["grammar"], config["languagetool-url"]),
    )


@dataclass
class Result:
    """What `check` finds in one text."""

    path: str
    text: str
    findings: list[Finding]
    scores: Scores
    language: LanguageGuess
    warnings: list[str] = field(default_factory=list)

    @property
    def verdicts(self) -> list[str]:
        """Document verdicts: "machine-translated", "spun"."""
        return self.scores.verdicts

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of one file in `cleanup scan --format json`."""
        from cleanup.io.reading import SourceText
        from cleanup.output.json_format import file_record
        from cleanup.run import FileResult

        doc = Document(self.text, self.path)
        analysis = Analysis(doc, self.language, self.findings, self.scores, list(self.warnings))
        return file_record(FileResult(SourceText(self.path, self.text), analysis))


class Checker:
    """Rules, models and settings loaded once; `check` and `fix` any number of texts.

    config: see `resolve_config`. Raises ConfigError for a bad setting, PackError for a bad rule pack,
    ValueError for an unknown selector and GrammarUnavailable for a grammar backend that cannot run.
    """

    def __init__(self, config: ConfigLike = None, *, ignore_file: bool | None = None) -> None:
        """ignore_file: read the ignore file (`ignore-file`, relative to the config file's folder); by
        default only when the settings came from a file."""
        self.config = resolve_config(config)
        self.recipe = recipe_from_config(self.config)
        if ignore_file is None:
            ignore_file = self.config.path is not None
        self.suppressions = Suppressions(
            dict(self.config["per-file-ignores"]),
            IgnoreFile.load(self.config.root / self.config["ignore-file"]) if ignore_file else None,
        )
        self.warning: str | None = None  # set when a preferred grammar backend fell back to Harper
        self._analyzer: Analyzer | None = None
        _ = self.analyzer  # fail now, not on the first text, for a bad pack or selector

    @property
    def analyzer(self) -> Analyzer:
        if self._analyzer is None:
            from cleanup.engine.registry import Registry

            registry = Registry.load(self.recipe.rule_dirs)
            unknown = self.recipe.settings.selection.unknown_selectors(registry.specs)
            if unknown:
                raise ValueError(f"unknown rule selector(s): {', '.join(unknown)} (see `cleanup rules`)")
            self._analyzer, self.warning = self.recipe.build(registry)
        return self._analyzer

    def __getstate__(self) -> dict[str, Any]:
        # Only settings travel; the receiving process loads rules and models itself.
        return {"config": self.config, "recipe": self.recipe, "suppressions": self.suppressions}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.config, self.recipe, self.suppressions = state["config"], state["recipe"], state["suppressions"]
        self.warning = None
        self._analyzer = None

    def close(self) -> None:
        """Stop the grammar backend's server, if one was started."""
        if self._analyzer is not None and self._analyzer.grammar is not None:
            self._analyzer.grammar.close()

    def analyse(self, text: str, path: str | None = None, corpus: CorpusStats | None = None) -> Analysis:
        """The analysis with suppressions (per-file ignores, the ignore file, Markdown directives) applied."""
        name = path or "<text>"
        analysis = self.analyzer.analyse(Document(text, name), corpus)
        analysis.findings = self.suppressions.kept(name, analysis.doc, analysis.findings)
        return analysis

    def check(self, text: str, *, path: str | None = None, corpus: CorpusStats | None = None) -> Result:
        """Findings, scores and verdicts for one text. `path` matters for Markdown (".md": its directives
        and fenced code) and per-file ignores; `corpus` gives the cross-file facts of a first pass."""
        analysis = self.analyse(text, path, corpus)
        return Result(
            analysis.doc.path, text, analysis.findings, analysis.scores, analysis.language, analysis.warnings
        )

    def fix(
        self, text: str, *, unsafe: bool = False, path: str | None = None, corpus: CorpusStats | None = None
    ) -> str:
        """The text with fixes applied until nothing changes: safe fixes, and unsafe ones with `unsafe`."""
        from cleanup.io.reading import SourceText
        from cleanup.run import FileResult, apply_fixes

        analysis = self.analyse(text, path, corpus)
        result = FileResult(SourceText(analysis.doc.path, text), analysis)
        apply_fixes(result, self.analyzer, unsafe, corpus, self.suppressions)
        assert result.fixed_text is not None
        return result.fixed_text


def count_corpus(texts: Iterable[str], vocabulary: bool = False) -> CorpusStats:
    """The first pass over a corpus: how many texts share each normalised line (and, with `vocabulary`,
    the words two or more texts use). Keeps counts, not texts. Merge the counts of several shards with
    `CorpusStats.merge`."""
    from cleanup.run import corpus_stats

    return corpus_stats(texts, vocabulary)


_DEFAULT: Checker | None = None


def _default() -> Checker:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Checker()
    return _DEFAULT


def check(text: str, *, path: str | None = None, config: ConfigLike = None) -> Result:
    """`Checker(config).check(text)`; with no config, one default Checker is reused across calls."""
    checker = _default() if config is None else Checker(config)
    return checker.check(text, path=path)


def fix(text: str, *, unsafe: bool = False, path: str | None = None, config: ConfigLike = None) -> str:
    """`Checker(config).fix(text)`; with no config, one default Checker is reused across calls."""
    checker = _default() if config is None else Checker(config)
    return checker.fix(text, unsafe=unsafe, path=path)


__all__ = [
    "Checker",
    "ConfigError",
    "CorpusStats",
    "Finding",
    "Result",
    "check",
    "count_corpus",
    "fix",
    "recipe_from_config",
    "resolve_config",
]
