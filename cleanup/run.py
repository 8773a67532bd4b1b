"""Orchestration of a run: read every input, gather corpus facts, analyse, and (for `fix`) write.

The CLI stays thin: it parses options, calls these functions and prints what they return.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cleanup import suppression
from cleanup.analysis import Analysis, Analyzer, Recipe
from cleanup.cache import ResultCache
from cleanup.detectors import CorpusStats
from cleanup.detectors.boilerplate_lines import line_keys
from cleanup.document import Document
from cleanup.fixes import Edit, fix_text
from cleanup.io.corpus import Cleaned, Fields, write_corpus
from cleanup.io.reading import InputError, SourceText, iter_sources
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
    sources: Iterable[SourceText | str], vocabulary: bool = False, keys: list[set[str]] | None = None
) -> CorpusStats:
    """Count, for each normalised line, how many documents contain it (CCNet-style line keys), and with
    `vocabulary` the lowercase words that two or more files use (a corpus's own words are not typos).
    `sources`: SourceTexts or plain strings; `keys`: each source's line keys, when the caller has them."""
    stats = CorpusStats()
    for index, source in enumerate(sources):
        text = source if isinstance(source, str) else source.text
        words = set(_LOWER_WORD.findall(text)) if vocabulary else None
        stats.add(keys[index] if keys is not None else source_line_keys(text), words)
    return stats.finished()


def default_jobs(files: int, grammar: bool) -> int:
    """Worker processes: all cores for runs big enough to repay starting them, else one."""
    cores = os.cpu_count() or 1
    threshold = 8 if grammar else 400  # a worker costs ~0.5 s to start (+0.7 s to build Harper)
    return cores if files >= threshold else 1


_WORKER: dict[str, object] = {}


def _die_with_parent(parent: int) -> None:
    """A worker ends when the process that started it (`parent`, its pid taken before the fork) does:
    SIGKILL of `cleanup` left them sleeping. The kernel's parent-death signal on Linux, a watchdog thread
    elsewhere. The pid comes from the parent, not from getppid(): a worker forked as the parent died would
    otherwise take its new parent (init) for the one to watch, and live on."""
    import ctypes
    import signal
    import threading
    import time

    if os.getppid() != parent:
        os._exit(1)  # the parent died before this worker got here
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(1, signal.SIGKILL, 0, 0, 0) == 0:  # PR_SET_PDEATHSIG
            if os.getppid() == parent:  # the parent did not die before the call
                return
            os._exit(1)
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _worker_start(recipe: Recipe, corpus: CorpusStats | None, budget: float, parent: int) -> None:
    _die_with_parent(parent)
    analyzer, _warning = recipe.build()
    _WORKER["analyzer"] = analyzer
    _WORKER["corpus"] = corpus
    _WORKER["budget"] = budget


def _worker_analyse(source: SourceText) -> Analysis | None:
    analyzer = _WORKER["analyzer"]
    assert isinstance(analyzer, Analyzer)
    doc = Document(source.text, source.path, source.encoding)
    analysis = analyse_within(analyzer, doc, _WORKER["corpus"], _WORKER.get("budget", 0.0))  # type: ignore[arg-type]
    if analysis is not None:
        analysis.doc.release()  # derived data is cheap to recompute and costly to send back
    return analysis


class AnalysisTimeout(BaseException):
    """Not an Exception: a detector's `except Exception` must not swallow it."""


def over_budget(budget: float) -> str:
    return f"analysis took longer than {budget:g} s (analysis-timeout)"


def _raise_timeout(_signum: int, _frame: object) -> None:
    raise AnalysisTimeout


def analyse_within(
    analyzer: Analyzer, doc: Document, corpus: CorpusStats | None, budget: float
) -> Analysis | None:
    """The analysis, or None when it took longer than `budget` seconds (0: no limit): a runaway detector
    costs one skipped file, not the run. A real-time timer interrupts the detector where the platform has
    one (POSIX, main thread); elsewhere the budget is not enforced."""
    timer = getattr(signal, "setitimer", None)
    if budget <= 0 or timer is None or threading.current_thread() is not threading.main_thread():
        return analyzer.analyse(doc, corpus)
    previous = signal.signal(signal.SIGALRM, _raise_timeout)
    try:
        timer(signal.ITIMER_REAL, budget)
        try:
            return analyzer.analyse(doc, corpus)
        finally:
            timer(signal.ITIMER_REAL, 0)
    except AnalysisTimeout:
        return None
    finally:
        signal.signal(signal.SIGALRM, previous)


def corpus_signature(text: str, keys: set[str], corpus: CorpusStats | None, vocabulary: bool) -> str:
    """What other files of the scan contribute to this file's result (for the cache key)."""
    if corpus is None:
        return ""
    shared = sorted(f"{k}:{min(corpus.line_keys[k], 3)}" for k in keys if corpus.line_keys.get(k, 0) >= 2)
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
) -> RunResult:
    """fields: where a corpus file's records keep their text and id (`--text-field`, `--id-field`).
    budget: seconds one file's analysis may take (`analysis-timeout`; 0: no limit); a file over it is
    skipped with one error line."""
    sources: list[SourceText] = []
    errors: list[str] = []
    for item in iter_sources(names, max_bytes, fields):
        if isinstance(item, InputError):
            errors.append(str(item))
        else:
            sources.append(item)
    wants_corpus = len(sources) > 1 and (analyzer.needs_corpus or analyzer.needs_vocabulary)
    # Line keys feed both the corpus counts and the cache signature: compute them once per file.
    line_keys_by_file = [line_keys(s.text.split("\n")) for s in sources] if wants_corpus else None
    keys_by_file = [_distinct(k) for k in line_keys_by_file] if line_keys_by_file is not None else None
    corpus = corpus_stats(sources, analyzer.needs_vocabulary, keys_by_file) if wants_corpus else None
    analyses: list[Analysis | None] = [None] * len(sources)
    keys: list[str] = [""] * len(sources)
    if cache is not None:
        for index, source in enumerate(sources):
            own_keys = keys_by_file[index] if keys_by_file is not None else set()
            keys[index] = cache.key(
                source.text, corpus_signature(source.text, own_keys, corpus, analyzer.needs_vocabulary)
            )
            cached = cache.get(keys[index])
            if cached is not None:
                language, findings, scores, warnings = cached
                analyses[index] = Analysis(
                    Document(source.text, source.path, source.encoding), language, findings, scores, warnings
                )
                if progress is not None:
                    progress(source.path)
    todo = [i for i, analysis in enumerate(analyses) if analysis is None]
    if jobs is None:
        jobs = default_jobs(len(todo), analyzer.grammar is not None)
    local_languagetool = analyzer.grammar is not None and "local" in analyzer.grammar.detail
    if jobs > 1 and analyzer.recipe is not None and len(todo) > 1 and not local_languagetool:
        fresh = _analyse_in_workers(
            [sources[i] for i in todo], analyzer.recipe, corpus, jobs, progress, budget
        )
    else:
        fresh = _analyse_here(
            [sources[i] for i in todo],
            analyzer,
            corpus,
            [line_keys_by_file[i] for i in todo] if line_keys_by_file is not None else None,
            progress,
            budget,
        )
    # Each result is cached as it arrives, so an interrupted run (Ctrl-C) keeps what it finished and a
    # rerun resumes from there.
    for index, analysis in zip(todo, fresh, strict=True):
        if analysis is None:  # over the time budget: not analysed, not cached
            errors.append(f"{sources[index].path}: {over_budget(budget)}; skipped")
            continue
        analyses[index] = analysis
        if cache is not None:
            cache.put(keys[index], (analysis.language, analysis.findings, analysis.scores, analysis.warnings))
    return RunResult(
        [FileResult(s, a) for s, a in zip(sources, analyses, strict=True) if a is not None],
        errors,
        corpus=corpus,
    )


def filter_findings(run: RunResult, suppressions: Suppressions) -> list[str]:
    """Apply per-file ignores and suppressions; returns one line per unused suppression."""
    unused: list[str] = []
    used_prints: set[str] = set()
    scanned: set[str] = set()
    for result in run.files:
        path = result.source.path
        scanned.add(suppression.normalised_path(path))
        kept, unused_here, used = suppressions.apply(path, result.analysis.doc, result.analysis.findings)
        result.analysis.findings = kept
        used_prints |= used
        unused.extend(f"{u.path}: {u.description}" for u in unused_here)
    if suppressions.ignore is not None:
        unused.extend(
            f"{u.path}: {u.description}"
            for u in suppression.unused_fingerprints(suppressions.ignore, scanned, used_prints)
        )
    return unused


def _analyse_here(
    sources: list[SourceText],
    analyzer: Analyzer,
    corpus: CorpusStats | None,
    line_keys_by_file: list[list[str]] | None,
    progress: Callable[[str], None] | None,
    budget: float,
) -> Iterator[Analysis | None]:
    """Analyse in this process, yielding each result as it is done (in input order)."""
    for i, source in enumerate(sources):
        file_keys = line_keys_by_file[i] if line_keys_by_file is not None else None
        analysis = analyse_within(analyzer, _document(source, file_keys), corpus, budget)
        if analysis is not None:
            # As a worker's results come back: derived data (sentences, spans, lowered text) is cheap to
            # recompute and, held for every file of a run, costs several times the text.
            analysis.doc.release()
        yield analysis
        if progress is not None:
            progress(source.path)


def _analyse_in_workers(
    sources: list[SourceText],
    recipe: Recipe,
    corpus: CorpusStats | None,
    jobs: int,
    progress: Callable[[str], None] | None,
    budget: float = 0.0,
) -> Iterator[Analysis | None]:
    """The same analysis in `jobs` processes (one grammar backend each), yielding results in input order
    as they arrive."""
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, min(32, len(sources) // (jobs * 4)))
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_worker_start, initargs=(recipe, corpus, budget, os.getpid())
    ) as pool:
        for source, analysis in zip(
            sources, pool.map(_worker_analyse, sources, chunksize=chunk), strict=True
        ):
            yield analysis
            if progress is not None:
                progress(source.path)


def apply_fixes(
    result: FileResult,
    analyzer: Analyzer,
    allow_unsafe: bool,
    corpus: CorpusStats | None,
    suppressions: Suppressions | None = None,
    budget: float = 0.0,
) -> None:
    """Compute the cleaned text. The first pass uses the findings already computed (and already
    suppressed); every later pass is suppressed the same way, so a disabled rule is never applied.
    budget: seconds each later pass's analysis may take; one over it ends the loop with a warning, keeping
    what the earlier passes fixed."""
    first = [True]
    path = result.source.path

    def detect(text: str) -> list:
        if first[0]:
            first[0] = False
            return result.analysis.findings
        doc = Document(text, path, result.source.encoding)
        analysis = analyse_within(analyzer, doc, corpus, budget)
        if analysis is None:
            result.analysis.warnings.append(f"fixing stopped early: {over_budget(budget)}")
            return []
        findings = analysis.findings
        return suppressions.kept(path, doc, findings) if suppressions is not None else findings

    result.fixed_text, result.edits = fix_text(result.source.text, detect, allow_unsafe)


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
    """One corpus file written back by `write_corpora`."""

    source: Path
    target: Path
    records: list[FileResult]  # its records, as fixed
    error: str = ""  # the one-line reason it was not written

    @property
    def changed(self) -> int:
        return sum(r.fixed_text != r.source.text for r in self.records)


def write_corpora(results: list[FileResult], out: Path | None, fields: Fields) -> list[CorpusWrite]:
    """Write each corpus file's records back, cleaned, with every other field kept. `out`: a corpus file
    name (.jsonl, .jsonl.gz, .parquet) when there is one corpus input, else a folder (mirrored names)."""
    from cleanup.io.corpus import is_corpus

    by_file: dict[str, list[FileResult]] = {}
    for result in results:
        if result.source.origin is not None and result.fixed_text is not None:
            by_file.setdefault(result.source.origin[0], []).append(result)
    done = []
    for name, records in by_file.items():
        source = Path(name)
        cleaned = {
            r.source.origin[1]: Cleaned(r.fixed_text, r.analysis.scores.as_json(), list(r.analysis.verdicts))  # type: ignore[index,arg-type]
            for r in records
        }
        try:
            if out is not None and is_corpus(str(out)):
                if len(by_file) > 1:
                    raise WriteError(
                        f"{name}: --out {out} names one corpus file, but {len(by_file)} were given"
                    )
                target = out
            else:
                target = mirrored_path(name, out or Path("cleaned"))
            if target.resolve() == source.resolve():
                raise WriteError(f"{name}: output would overwrite the input; choose another --out")
            write_corpus(source, target, cleaned, fields)
            done.append(CorpusWrite(source, target, records))
        except WriteError as exc:
            done.append(CorpusWrite(source, source, records, str(exc)))
        except (OSError, InputError) as exc:
            reason = f"{name}: cannot write ({getattr(exc, 'strerror', None) or exc})"
            done.append(CorpusWrite(source, source, records, reason))
    return done
