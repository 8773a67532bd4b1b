"""Orchestration of a run: read every input, gather corpus facts, analyse, and (for `fix`) write.

The CLI stays thin: it parses options, calls these functions and prints what they return.
"""

from __future__ import annotations

import collections
import hashlib
import itertools
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleanup import suppression
from cleanup.analysis import Analysis, Analyzer
from cleanup.cache import ResultCache
from cleanup.compute import (
    Engine,
    FixPlan,
    Pool,
    WorkerSetup,
    add_readability,
    analyse_document,
    fix_loop,
    over_budget,
)
from cleanup.detectors import CorpusStats
from cleanup.detectors.boilerplate_lines import line_keys
from cleanup.document import Document
from cleanup.fixes import Edit
from cleanup.io.corpus import Cleaned, CorpusWriter, Fields, corpus_kind, is_corpus
from cleanup.io.reading import STDIN_NAME, InputError, SourceText, iter_sources
from cleanup.io.spill import SpilledCounts
from cleanup.io.writing import WriteError, atomic_write, mirrored_path, write_below
from cleanup.suppression import Suppressions


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
    cache_stats: dict[str, int] | None = None
    corpus: CorpusStats | None = None  # what the analysis used; fixing must use the same

    @property
    def findings(self) -> int:
        return sum(len(f.analysis.findings) for f in self.files)


_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]+")


def source_line_keys(text: str) -> set[str]:
    """The distinct CCNet line keys of a file's text."""
    return _distinct(line_keys(text.split("\n")))


def _distinct(keys: list[str]) -> set[str]:
    return set(keys) - {""}  # blank lines key to ""


def _document(source: SourceText, keys: list[str] | None) -> Document:
    doc = Document(source.text, source.path, source.encoding)
    if keys is not None and "\r" not in source.text:  # then the document's lines are the "\n"-split parts
        doc.cache["line_keys"] = keys
    return doc


def corpus_stats(
    sources: Iterable[SourceText | InputError | str], vocabulary: bool = False, spill_at: int | None = None
) -> CorpusStats:
    """Count, for each normalised line, how many documents contain it (CCNet-style line keys), and with
    `vocabulary` the lowercase words that two or more files use (a corpus's own words are not typos).
    `sources`: SourceTexts or plain strings, one at a time (input errors are skipped: they are reported
    by the pass that analyses). Only counts are kept, never the texts. `spill_at`: hold at most this many
    distinct line digests in memory, the rest on disk (`io.spill`); the result then holds only the lines
    of two or more documents, as `for_checking` would, and no longer merges."""
    stats = CorpusStats()
    with SpilledCounts(spill_at) as spilled:
        for source in sources:
            if isinstance(source, InputError):
                continue
            text = source if isinstance(source, str) else source.text
            words = set(_LOWER_WORD.findall(text)) if vocabulary else None
            stats.add(source_line_keys(text), words)
            spilled.watch(stats.line_keys)
        stats.line_keys = spilled.settled(stats.line_keys)
    return stats.finished()


class Sources:
    """The inputs, readable more than once, one document at a time: the corpus pass counts them and the
    analysis reads them again, so neither holds the corpus. Standard input can be read only once, so its
    text is kept."""

    def __init__(self, names: list[str], max_bytes: int, fields: Fields | None) -> None:
        self.names, self.max_bytes, self.fields = names, max_bytes, fields
        self._stdin: list[SourceText | InputError] | None = None

    def __iter__(self) -> Iterator[SourceText | InputError]:
        for name in self.names:
            if name != STDIN_NAME:
                yield from iter_sources([name], self.max_bytes, self.fields)
                continue
            if self._stdin is None:
                self._stdin = list(iter_sources([name], self.max_bytes, self.fields))
            yield from self._stdin

    def many(self) -> bool:
        """More than one document, as far as the names tell (a corpus file may hold many)."""
        return len(self.names) > 1 or any(is_corpus(name) for name in self.names)


def default_jobs(files: int, grammar: bool) -> int:
    """Worker processes: all cores for runs big enough to repay starting them, else one."""
    cores = os.cpu_count() or 1
    threshold = 8 if grammar else 400  # a worker costs ~0.5 s to start (+0.7 s to build Harper)
    return cores if files >= threshold else 1


def corpus_signature(text: str, keys: set[str], corpus: CorpusStats | None, vocabulary: bool) -> str:
    """What other files of the scan contribute to this file's result (for the cache key)."""
    if corpus is None:
        return ""
    counts = ((k, corpus.shared(k)) for k in keys)
    shared = sorted(f"{k}:{min(n, 3)}" for k, n in counts if n >= 2)
    words = sorted(set(_LOWER_WORD.findall(text)) & corpus.vocabulary) if vocabulary else []
    raw = f"{min(corpus.documents, 3)}\0{'|'.join(shared)}\0{'|'.join(words)}"
    return hashlib.sha256(raw.encode()).hexdigest()


def analyse_all(
    names: list[str],
    analyzer: Analyzer,
    max_bytes: int,
    progress: Callable[[str], None] | None = None,
    jobs: int | None = None,
    cache: ResultCache | None = None,
    fields: Fields | None = None,
    budget: float = 0.0,
    readability: bool = False,
    engine: Engine | None = None,
) -> RunResult:
    """Every input's result, held together (for output that needs them all: JSON, SARIF, the report).
    Arguments as for `analyse_stream`."""
    errors: list[str] = []
    corpus, results = analyse_stream(
        names, analyzer, max_bytes, progress, jobs, cache, fields, budget, errors, readability, engine
    )
    return RunResult(list(results), errors, corpus=corpus)


def analyse_stream(
    names: list[str],
    analyzer: Analyzer,
    max_bytes: int,
    progress: Callable[[str], None] | None = None,
    jobs: int | None = None,
    cache: ResultCache | None = None,
    fields: Fields | None = None,
    budget: float = 0.0,
    errors: list[str] | None = None,
    readability: bool = False,
    engine: Engine | None = None,
    fixing: FixPlan | None = None,
) -> tuple[CorpusStats | None, Iterator[FileResult]]:
    """The corpus facts (first pass: counts only), and each input's result as it is done, in input order,
    with memory bounded by a window of documents in flight, not by the corpus.

    fields: where a corpus file's records keep their text and id (`--text-field`, `--id-field`).
    budget: seconds one file's analysis may take (`analysis-timeout`; 0: no limit); a file over it is
    skipped with one error line. errors: receives one line per input that could not be read or analysed.
    readability: compute each English result's readability figures with its analysis (for JSON output).
    engine: where both passes run (`compute.Engine`: this machine's processes, the default; or a Dask
    cluster); the caller closes it. The results do not depend on it.
    fixing: run `fix`'s loop beside each analysis (in the workers); `apply_fixes` then takes its outcome.
    Each result is cached as it arrives, so an interrupted run (Ctrl-C) keeps what it finished and a
    rerun resumes from there."""
    sources = Sources(names, max_bytes, fields)
    engine = engine or Engine()
    corpus = count = None
    if sources.many() and (analyzer.needs_corpus or analyzer.needs_vocabulary):
        texts = (s.text for s in sources if isinstance(s, SourceText))
        stats = engine.count(texts, analyzer.needs_vocabulary, jobs)
        count = stats.documents
        corpus = stats.for_checking() if stats.documents > 1 else None
    elif not sources.many():
        count = 1
    sink = errors if errors is not None else []
    setup = WorkerSetup(analyzer.recipe, corpus, budget, readability, fixing)
    return corpus, _results(sources, analyzer, setup, count, progress, jobs, cache, sink, engine)


# How far a run reads ahead to count a corpus that had no first pass, for the choice of workers. In flight
# at once: at most two batches a worker, so memory is bounded by the window, not by the corpus.
_LOOKAHEAD = 400


@dataclass
class _Batch:
    """Inputs in input order, with their cache keys; `done` once analysed (or found in the cache)."""

    sources: list[SourceText]
    keys: list[str]
    done: list[Analysis | None] | None = None
    fresh: bool = True  # analysed now, so to be cached
    future: Any = None  # a worker's pending result


def _results(
    sources: Iterable[SourceText | InputError],
    analyzer: Analyzer,
    setup: WorkerSetup,
    count: int | None,
    progress: Callable[[str], None] | None,
    jobs: int | None,
    cache: ResultCache | None,
    errors: list[str],
    engine: Engine,
) -> Iterator[FileResult]:
    stream = iter(sources)
    if count is None:  # no first pass: read a little ahead to see whether workers would repay starting
        head = list(itertools.islice(stream, _LOOKAHEAD))
        count = len(head)
        stream = itertools.chain(head, stream)
    if jobs is None:
        jobs = default_jobs(count, analyzer.grammar is not None)
    local_languagetool = analyzer.grammar is not None and "local" in analyzer.grammar.detail
    movable = setup.recipe is not None  # else the analyzer cannot be rebuilt in a worker
    if not movable or (local_languagetool and not engine.remote):
        jobs = 1
    here = not movable or (jobs == 1 and not engine.remote)  # analysed in this process
    if not here:
        jobs = engine.workers(jobs)
    chunk = max(1, min(32, count // (jobs * 4)))
    pool: Pool | None = None
    window: collections.deque[_Batch] = collections.deque()
    batch = _Batch([], [])

    def submit() -> None:
        nonlocal pool, batch
        if not batch.sources:
            return
        if pool is None:  # started on the first document the cache does not have
            pool = engine.start(jobs, setup)
        batch.future = pool.submit([(s.text, s.path, s.encoding) for s in batch.sources])
        window.append(batch)
        batch = _Batch([], [])

    def ready(limit: int) -> Iterator[FileResult]:
        while window and (window[0].done is not None or len(window) > limit):
            head = window.popleft()
            if head.done is None:
                head.done = head.future.result()
            yield from _finish(head, cache, progress, setup.budget, errors)

    clean = False
    try:
        for item in stream:
            if isinstance(item, InputError):
                errors.append(str(item))
                continue
            # A file's line keys serve its cache key and an analysis here; a worker computes its own.
            needs_keys = setup.corpus is not None and (cache is not None or here)
            keys = line_keys(item.text.split("\n")) if needs_keys else None
            key = ""
            if cache is not None:
                signature = corpus_signature(
                    item.text, _distinct(keys or []), setup.corpus, analyzer.needs_vocabulary
                )
                key = cache.key(item.text, signature)
            cached = cache.get(key) if cache is not None else None
            if cached is not None:
                submit()  # what came before it goes first
                language, findings, scores, warnings, figures = cached
                doc = Document(item.text, item.path, item.encoding)
                analysis = Analysis(doc, language, findings, scores, warnings, readability=figures)
                stale = setup.readability and figures is None  # cached by a run that did not need them
                if stale:
                    add_readability(analysis)
                window.append(_Batch([item], [key], [analysis], fresh=stale))
            elif here:
                analysis = analyse_document(analyzer, _document(item, keys), setup)
                window.append(_Batch([item], [key], [analysis]))
            else:
                batch.sources.append(item)
                batch.keys.append(key)
                if len(batch.sources) >= chunk:
                    submit()
            yield from ready(jobs * 2)
        submit()
        yield from ready(0)
        clean = True
    finally:
        if pool is not None:
            pool.shutdown(clean)


def _finish(
    batch: _Batch,
    cache: ResultCache | None,
    progress: Callable[[str], None] | None,
    budget: float,
    errors: list[str],
) -> Iterator[FileResult]:
    assert batch.done is not None
    for source, key, analysis in zip(batch.sources, batch.keys, batch.done, strict=True):
        if analysis is None:  # over the time budget: not analysed, not cached
            errors.append(f"{source.path}: {over_budget(budget)}; skipped")
        else:
            if batch.fresh and cache is not None:
                entry = (analysis.language, analysis.findings, analysis.scores, analysis.warnings)
                cache.put(key, (*entry, analysis.readability))
            yield FileResult(source, analysis)
        if progress is not None:
            progress(source.path)


class SuppressionTally:
    """Suppressions applied one result at a time (a streamed run holds no list of results), with what they
    did not suppress gathered for the end of the run."""

    def __init__(self, suppressions: Suppressions) -> None:
        self.suppressions = suppressions
        self._unused: list[str] = []
        self._used_prints: set[str] = set()
        self._scanned: set[str] = set()

    def apply(self, result: FileResult) -> FileResult:
        """Drop the result's suppressed findings (in place); returns it."""
        path = result.source.path
        self._scanned.add(suppression.normalised_path(path))
        kept, unused_here, used = self.suppressions.apply(path, result.analysis.doc, result.analysis.findings)
        result.analysis.findings = kept
        self._used_prints |= used
        self._unused.extend(f"{u.path}: {u.description}" for u in unused_here)
        return result

    def unused(self) -> list[str]:
        """One line per suppression that suppressed nothing (ignore-file entries: of the files scanned)."""
        lines = list(self._unused)
        ignore = self.suppressions.ignore
        if ignore is not None:
            lines.extend(
                f"{u.path}: {u.description}"
                for u in suppression.unused_fingerprints(ignore, self._scanned, self._used_prints)
            )
        return lines


def filter_findings(run: RunResult, suppressions: Suppressions) -> list[str]:
    """Apply per-file ignores and suppressions; returns one line per unused suppression."""
    tally = SuppressionTally(suppressions)
    for result in run.files:
        tally.apply(result)
    return tally.unused()


def apply_fixes(
    result: FileResult,
    analyzer: Analyzer,
    allow_unsafe: bool,
    corpus: CorpusStats | None,
    suppressions: Suppressions | None = None,
    budget: float = 0.0,
) -> None:
    """Compute the cleaned text: the fix loop's outcome from where the analysis ran (`analyse_stream`'s
    `fixing`), or computed here (a cached result, or a run that did not ask). The first pass uses the
    findings already computed (and already suppressed); every later pass is suppressed the same way, so a
    disabled rule is never applied."""
    fixed = result.analysis.fixed
    result.analysis.fixed = None
    if fixed is None:
        plan = FixPlan(allow_unsafe, suppressions or Suppressions())
        doc = Document(result.source.text, result.source.path, result.source.encoding)
        fixed = fix_loop(doc, result.analysis.findings, analyzer, plan, corpus, budget)
    result.fixed_text, result.edits = fixed.text, fixed.edits
    result.analysis.warnings.extend(fixed.warnings)


def _changed_since_read(source: SourceText) -> bool:
    """The mtime, the size and the content: `cp -p` and `rsync -t` keep the mtime of an edited file."""
    assert source.file is not None
    stat = source.file.stat()
    if stat.st_mtime_ns != source.mtime_ns or stat.st_size != source.raw_size:
        return True
    return bool(source.digest) and hashlib.sha256(source.file.read_bytes()).hexdigest() != source.digest


def write_cleaned(result: FileResult, out_dir: Path | None, claimed: dict[Path, str] | None = None) -> None:
    """Write the cleaned copy under out_dir (mirrored path), or in place when out_dir is None; a failure
    becomes the result's one-line error."""
    if result.fixed_text is None:
        return
    try:
        result.written_to = write_text(result.source, result.fixed_text, out_dir, claimed)
    except WriteError as exc:
        result.error = str(exc)


def write_text(source: SourceText, text: str, out_dir: Path | None, claimed: dict[Path, str] | None) -> Path:
    """Write text in the source's encoding, BOM and line endings, atomically: under out_dir (mirrored
    path), or in place when out_dir is None, unless the file changed since it was read. Returns the path
    written; raises WriteError with a one-line reason.

    claimed: output path -> the input that wrote it, shared across one run, so that two inputs that map to
    one output (`a/../b.txt` and `b.txt`) are an error instead of one silently overwriting the other."""
    try:
        if source.file is None:
            raise WriteError(f"{source.path}: stdin has no file to write; use `scan --diff` instead")
        data = source.encode(text)
        if out_dir is None:
            if _changed_since_read(source):
                raise WriteError(f"{source.path}: changed on disk after it was read; not fixed in place")
            atomic_write(source.file, data, like=source.file)
            return source.file
        target = mirrored_path(source.path, out_dir)
        if claimed is not None:
            first = claimed.setdefault(target.resolve(), source.path)
            if first != source.path:
                raise WriteError(f"{source.path}: its cleaned copy {target} is also {first}'s; not written")
        if target.exists() and target.resolve() == source.file.resolve():
            raise WriteError(f"{source.path}: output would overwrite the input; choose another --out")
        write_below(out_dir, target, data, like=source.file)
        return target
    except UnicodeEncodeError as exc:
        raise WriteError(
            f"{source.path}: cleaned text cannot be encoded as {source.encoding} ({exc.reason}); not written"
        ) from exc
    except OSError as exc:
        raise WriteError(f"{source.path}: cannot write ({exc.strerror or exc})") from exc


@dataclass
class CorpusWrite:
    """One corpus file written back (or the one-line reason it was not)."""

    source: str
    target: Path | None
    records: int = 0
    changed: int = 0
    error: str = ""


def corpus_targets(names: list[str], out: Path | None) -> tuple[dict[str, Path], list[str]]:
    """Where each corpus input is written back, and one error line for each that cannot be, decided before
    the analysis so no work is spent on a file that has nowhere to go. `out`: a corpus file name when there
    is one corpus input (in the input's format; .jsonl and .jsonl.gz are one format), else a folder
    (mirrored names; default cleaned/)."""
    targets: dict[str, Path] = {}
    errors: list[str] = []
    one_file = out is not None and is_corpus(str(out))
    for name in names:
        try:
            if one_file:
                assert out is not None
                if len(names) > 1:
                    raise WriteError(f"{name}: --out {out} names one corpus file; {len(names)} were given")
                if corpus_kind(str(out)) != corpus_kind(name):
                    raise WriteError(
                        f"{name}: --out {out} is {corpus_kind(str(out))}, the input is {corpus_kind(name)}; "
                        "records are written back in their own format"
                    )
                target = out
            else:
                target = mirrored_path(name, out or Path("cleaned"))
            if target.resolve() == Path(name).resolve():
                raise WriteError(f"{name}: output would overwrite the input; choose another --out")
            targets[name] = target
        except WriteError as exc:
            errors.append(str(exc))
    return targets, errors


class CorpusOutput:
    """Each corpus file's records written back as they are fixed. Results arrive in input order, so one
    file is open at a time and no record is held: `add` each fixed record, `close` at the end; leaving the
    block on an error (Ctrl-C) leaves no partial file. A file that fails is reported once and its later
    records are dropped."""

    def __init__(self, targets: dict[str, Path], fields: Fields) -> None:
        self.targets, self.fields = targets, fields
        self.records = 0
        self._open: tuple[str, CorpusWriter] | None = None
        self._failed: set[str] = set()

    def add(self, result: FileResult) -> list[CorpusWrite]:
        """Write one fixed record; returns the files this finished (the one before it, or this one failed)."""
        assert result.source.origin is not None and result.fixed_text is not None
        name, index = result.source.origin
        done = self._close() if self._open is not None and self._open[0] != name else []
        if name in self._failed or name not in self.targets:
            return done
        analysis = result.analysis
        cleaned = Cleaned(result.fixed_text, analysis.scores.as_json(), list(analysis.verdicts))
        try:
            if self._open is None:
                writer = CorpusWriter(Path(name), self.targets[name], self.fields)
                self._open = (name, writer.__enter__())
            self._open[1].add(index, cleaned, result.fixed_text != result.source.text)
            self.records += 1
        except (OSError, InputError, ValueError) as exc:
            done.append(self._abandon(name, exc))
        return done

    def close(self) -> list[CorpusWrite]:
        return self._close() if self._open is not None else []

    def __enter__(self) -> CorpusOutput:
        return self

    def __exit__(self, kind: Any, error: BaseException | None, trace: Any) -> None:
        if error is not None and self._open is not None:
            self._open[1].__exit__(kind, error, trace)  # the temporary file goes; the target is untouched
            self._open = None

    def _close(self) -> list[CorpusWrite]:
        assert self._open is not None
        name, writer = self._open
        try:
            writer.__exit__(None, None, None)
        except (OSError, InputError, ValueError) as exc:
            self._open = None
            self._failed.add(name)
            return [CorpusWrite(name, None, error=_cannot_write(name, exc))]
        self._open = None
        return [CorpusWrite(name, writer.target, writer.records, writer.changed)]

    def _abandon(self, name: str, exc: BaseException) -> CorpusWrite:
        if self._open is not None:
            self._open[1].__exit__(type(exc), exc, exc.__traceback__)
            self._open = None
        self._failed.add(name)
        return CorpusWrite(name, None, error=_cannot_write(name, exc))


def _cannot_write(name: str, exc: BaseException) -> str:
    return f"{name}: cannot write ({getattr(exc, 'strerror', None) or exc})"
