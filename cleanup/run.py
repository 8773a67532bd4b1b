"""Orchestration of a run: read every input, gather corpus facts, analyse, and (for `fix`) write.

The CLI stays thin: it parses options, calls these functions and prints what they return.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cleanup.analysis import Analysis, Analyzer
from cleanup.detectors import CorpusStats
from cleanup.detectors.boilerplate_lines import line_key
from cleanup.document import Document
from cleanup.fixes import Edit, fix_text
from cleanup.io.reading import InputError, SourceText, iter_sources
from cleanup.io.writing import WriteError, atomic_write, mirrored_path


@dataclass
class FileResult:
    source: SourceText
    analysis: Analysis
    fixed_text: str | None = None
    edits: list[Edit] = field(default_factory=list)
    written_to: Path | None = None
    error: str | None = None


@dataclass
class RunResult:
    files: list[FileResult]
    errors: list[str]  # one line each: "path: reason"

    @property
    def findings(self) -> int:
        return sum(len(f.analysis.findings) for f in self.files)


def corpus_stats(sources: Iterable[SourceText]) -> CorpusStats:
    """Count, for each normalised line, how many documents contain it (CCNet-style line keys)."""
    stats = CorpusStats()
    for source in sources:
        stats.documents += 1
        keys = {line_key(line) for line in source.text.split("\n")}
        keys.discard("")
        stats.line_keys.update(keys)
    return stats


def analyse_all(
    names: list[str],
    analyzer: Analyzer,
    max_bytes: int,
    progress: Callable[[str], None] | None = None,
) -> RunResult:
    sources: list[SourceText] = []
    errors: list[str] = []
    for item in iter_sources(names, max_bytes):
        if isinstance(item, InputError):
            errors.append(str(item))
        else:
            sources.append(item)
    corpus = corpus_stats(sources) if len(sources) > 1 and analyzer.needs_corpus else None
    files = []
    for source in sources:
        doc = Document(source.text, source.path)
        files.append(FileResult(source, analyzer.analyse(doc, corpus)))
        if progress is not None:
            progress(source.path)
    return RunResult(files, errors)


def apply_fixes(
    result: FileResult, analyzer: Analyzer, allow_unsafe: bool, corpus: CorpusStats | None
) -> None:
    """Compute the cleaned text. The first pass uses the findings already computed."""
    first = [True]

    def detect(text: str) -> list:
        if first[0]:
            first[0] = False
            return result.analysis.findings
        return analyzer.analyse(Document(text, result.source.path), corpus).findings

    result.fixed_text, result.edits = fix_text(result.source.text, detect, allow_unsafe)


def write_cleaned(result: FileResult, out_dir: Path | None) -> None:
    """Write the cleaned copy under out_dir (mirrored path), or in place when out_dir is None."""
    source = result.source
    if result.fixed_text is None:
        return
    try:
        if source.file is None:
            raise WriteError(f"{source.path}: stdin has no file to write; use `scan --diff` instead")
        data = source.encode(result.fixed_text)
        if out_dir is None:
            current = source.file.stat().st_mtime_ns
            if current != source.mtime_ns:
                raise WriteError(f"{source.path}: changed on disk after it was read; not fixed in place")
            atomic_write(source.file, data, like=source.file)
            result.written_to = source.file
            return
        target = mirrored_path(source.path, out_dir)
        if target.exists() and target.resolve() == source.file.resolve():
            raise WriteError(f"{source.path}: output would overwrite the input; choose another --out")
        atomic_write(target, data, like=source.file)
        result.written_to = target
    except UnicodeEncodeError as exc:
        result.error = (
            f"{source.path}: cleaned text cannot be encoded as {source.encoding} ({exc.reason}); not written"
        )
    except WriteError as exc:
        result.error = str(exc)
    except OSError as exc:
        result.error = f"{source.path}: cannot write ({exc.strerror or exc})"
