"""Where the analysis runs: in this process, in worker processes on this machine (`local`), or on the
workers of a Dask cluster (`dask`, the `dask` extra).

Every engine runs the same two passes over the same batches of documents, so a run's results do not
depend on where it ran:
1. the corpus facts: each batch's counts (`run.corpus_stats`), merged into one `CorpusStats`;
2. the analysis: each worker builds its `Analyzer` once from the run's picklable `Recipe`, then analyses
   batches with the merged facts.
The run (`run._results`) keeps the order, the cache and a bounded window of batches in flight; an engine
only says where a batch is computed.
"""

from __future__ import annotations

import os
import signal
import threading
import uuid
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Protocol

from cleanup.analysis import Analysis, Analyzer, Recipe
from cleanup.detectors import CorpusStats
from cleanup.document import Document
from cleanup.fixes import Edit, fix_text
from cleanup.suppression import Suppressions

ENGINES = ("local", "dask")


@dataclass(frozen=True)
class FixPlan:
    """`fix`'s choices, for the fix loop to run beside the analysis (in the workers: every later pass
    analyses the text again, which in the one process that reads and writes was most of a fix run's
    time)."""

    allow_unsafe: bool
    suppressions: Suppressions  # applied to every pass: a disabled rule is never applied


@dataclass
class Fixed:
    """The fix loop's outcome for one document."""

    text: str
    edits: list[Edit]
    warnings: list[str]  # kept apart from the analysis's: those are cached, these belong to this run


@dataclass(frozen=True)
class WorkerSetup:
    """What every worker of a run needs besides its batches (sent once per worker, not per batch)."""

    recipe: Recipe | None  # None: the analyzer cannot be rebuilt in a worker, so it runs in-process only
    corpus: CorpusStats | None
    budget: float  # seconds one document's analysis may take; 0: no limit
    readability: bool  # compute readability figures beside each English analysis (for JSON output)
    fixing: FixPlan | None = None  # run `fix`'s loop beside each analysis
    token: str = field(default_factory=lambda: uuid.uuid4().hex)  # tells one run's setup from another's


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
    one (POSIX, main thread); elsewhere (a Dask worker runs tasks in threads) the budget is not enforced."""
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


def analyse_document(analyzer: Analyzer, doc: Document, setup: WorkerSetup) -> Analysis | None:
    """One document's analysis as a run keeps it: within the budget, with readability figures if asked,
    and without its derived data (sentences, spans, lowered text: cheap to recompute, and held for every
    file of a run or sent back from a worker, several times the size of the text)."""
    analysis = analyse_within(analyzer, doc, setup.corpus, setup.budget)
    if analysis is not None:
        if setup.readability:
            add_readability(analysis)
        if setup.fixing is not None:
            plan = setup.fixing
            first = plan.suppressions.kept(doc.path, doc, analysis.findings)
            analysis.fixed = fix_loop(doc, first, analyzer, plan, setup.corpus, setup.budget)
        analysis.doc.release()
    return analysis


def fix_loop(
    doc: Document,
    first: list[Any],
    analyzer: Analyzer,
    plan: FixPlan,
    corpus: CorpusStats | None,
    budget: float,
) -> Fixed:
    """Fix until nothing changes. The first pass uses `first` (the document's findings, already
    suppressed); every later pass analyses the text again and is suppressed the same way. `budget`:
    seconds each later pass may take; one over it ends the loop with a warning, keeping what the earlier
    passes fixed."""
    passes = iter([first])
    warnings: list[str] = []

    def detect(text: str) -> list[Any]:
        earlier = next(passes, None)
        if earlier is not None:
            return earlier
        again = Document(text, doc.path, doc.encoding)
        analysis = analyse_within(analyzer, again, corpus, budget)
        if analysis is None:
            warnings.append(f"fixing stopped early: {over_budget(budget)}")
            return []
        return plan.suppressions.kept(doc.path, again, analysis.findings)

    text, edits = fix_text(doc.text, detect, plan.allow_unsafe)
    return Fixed(text, edits, warnings)


def add_readability(analysis: Analysis) -> None:
    """The figures JSON output shows, computed beside the analysis (in a worker, not in the one process
    that writes the output: there they cost a third of a JSON run's CPU)."""
    from cleanup.detectors.readability import readability_figures

    english = analysis.language.code == "en"
    analysis.readability = readability_figures(analysis.doc.text) if english else {}


# A worker's analyzer, built once per run (its setup's token) and kept for every batch it analyses.
_WORKER: dict[str, Any] = {}


def _worker_analyzer(setup: WorkerSetup) -> Analyzer:
    if _WORKER.get("token") != setup.token:
        assert setup.recipe is not None
        analyzer, _warning = setup.recipe.build()
        _WORKER.update(token=setup.token, analyzer=analyzer)
    analyzer = _WORKER["analyzer"]
    assert isinstance(analyzer, Analyzer)
    return analyzer


def analyse_batch(setup: WorkerSetup, texts: list[tuple[str, str, str]]) -> list[Analysis | None]:
    """A worker's task: (text, path, encoding) triples -> their analyses (None: over the budget)."""
    analyzer = _worker_analyzer(setup)
    return [analyse_document(analyzer, Document(*text), setup) for text in texts]


def count_batch(texts: list[str], vocabulary: bool) -> CorpusStats:
    """A worker's task in the first pass: one batch's corpus counts (mergeable)."""
    from cleanup.run import corpus_stats

    return corpus_stats(texts, vocabulary)


class Pool(Protocol):
    """Where a run's batches are analysed: `submit` returns a future of the batch's analyses."""

    def submit(self, texts: list[tuple[str, str, str]]) -> Future[list[Analysis | None]]: ...

    def shutdown(self, clean: bool) -> None: ...


class Engine:
    """Processes on this machine: a pool of `jobs` forked or spawned workers, each watching the process
    that started it. The base for other engines: the first pass runs here, in this process."""

    name = "local"
    remote = False  # True: every batch goes to the engine's workers, even with one worker

    def workers(self, jobs: int) -> int:
        return jobs

    def start(self, jobs: int, setup: WorkerSetup) -> Pool:
        return _LocalPool(jobs, setup)

    def count(self, texts: Iterable[str], vocabulary: bool, jobs: int | None = None) -> CorpusStats:
        """The run's first pass, in bounded memory (counts beyond `spill_limit` digests go to disk).
        `jobs`: the run's `--jobs`, for an engine that starts its workers here (None: one a core)."""
        from cleanup.io.spill import spill_limit
        from cleanup.run import corpus_stats

        return corpus_stats(texts, vocabulary, spill_limit())

    def close(self) -> None:
        """Release what the engine started (a cluster); a run calls it once both passes are done."""

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


class _LocalPool:
    def __init__(self, jobs: int, setup: WorkerSetup) -> None:
        from concurrent.futures import ProcessPoolExecutor

        self._pool = ProcessPoolExecutor(
            max_workers=jobs, initializer=_local_worker_start, initargs=(setup, os.getpid())
        )

    def submit(self, texts: list[tuple[str, str, str]]) -> Future[list[Analysis | None]]:
        return self._pool.submit(_local_worker_analyse, texts)

    def shutdown(self, clean: bool) -> None:
        self._pool.shutdown(wait=clean, cancel_futures=not clean)


def _local_worker_start(setup: WorkerSetup, parent: int) -> None:
    die_with_parent(parent)
    _WORKER["setup"] = setup
    _worker_analyzer(setup)


def _local_worker_analyse(texts: list[tuple[str, str, str]]) -> list[Analysis | None]:
    return analyse_batch(_WORKER["setup"], texts)


def die_with_parent(parent: int) -> None:
    """A worker ends when the process that started it (`parent`, its pid taken before the fork) does:
    SIGKILL of `cleanup` left them sleeping. The kernel's parent-death signal on Linux, a watchdog thread
    elsewhere. The pid comes from the parent, not from getppid(): a worker forked as the parent died would
    otherwise take its new parent (init) for the one to watch, and live on."""
    import ctypes
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


class EngineError(Exception):
    """The engine cannot be used (not installed, scheduler unreachable): one line for the user."""


class DaskEngine(Engine):
    """The workers of a Dask cluster: an existing one (`address`, a scheduler such as tcp://host:8786,
    whose workers have this version of cleanup installed), or a local cluster of `jobs` single-threaded
    worker processes that the run starts and stops. Both passes run there; this process reads the inputs,
    keeps the order and writes the results. The worker setup (recipe and corpus facts) is sent to each
    worker once, not with every batch."""

    name = "dask"
    remote = True

    def __init__(self, address: str | None = None) -> None:
        self.address = address
        self._client: Any = None
        self._cluster: Any = None

    def client(self, jobs: int) -> Any:
        if self._client is not None:
            return self._client
        try:
            import logging

            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise EngineError("the dask engine needs the dask extra: pip install 'cleanup[dask]'") from exc
        try:
            if self.address is None:
                self._cluster = LocalCluster(
                    n_workers=jobs,
                    threads_per_worker=1,  # the analysis holds the GIL: one task a process
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                self._client = Client(self._cluster)
            else:
                self._client = Client(self.address, timeout=10)
        # OSError and TimeoutError: nothing answers; ValueError: a malformed address ("tcp://host:port");
        # RuntimeError: a local cluster whose workers did not start.
        except (OSError, TimeoutError, ValueError, RuntimeError) as exc:
            self.close()
            where = self.address or "a local cluster"
            raise EngineError(f"the dask engine could not start or reach {where}: {exc}") from exc
        return self._client

    def workers(self, jobs: int) -> int:
        return max(1, sum(self.client(jobs).nthreads().values()))

    def start(self, jobs: int, setup: WorkerSetup) -> Pool:
        return _DaskPool(self.client(jobs), setup)

    def count(self, texts: Iterable[str], vocabulary: bool, jobs: int | None = None) -> CorpusStats:
        from cleanup.io.spill import SpilledCounts, spill_limit

        # The cluster started here serves the analysis too, so it gets the run's --jobs workers.
        client = self.client(jobs or os.cpu_count() or 1)
        workers = max(1, sum(client.nthreads().values()))
        stats = CorpusStats()
        window: list[Any] = []
        with SpilledCounts(spill_limit()) as spilled:

            def absorb(future: Any) -> None:
                stats.update(future.result())
                spilled.watch(stats.line_keys)

            for batch in _batches(texts, 256):
                window.append(client.submit(count_batch, batch, vocabulary, pure=False))
                if len(window) > workers * 2:  # bounded: the counts of a few batches in flight
                    absorb(window.pop(0))
            for future in window:
                absorb(future)
            stats.line_keys = spilled.settled(stats.line_keys)
        return stats.finished()

    def close(self) -> None:
        for part in (self._client, self._cluster):
            if part is not None:
                part.close()
        self._client = self._cluster = None


class _DaskPool:
    def __init__(self, client: Any, setup: WorkerSetup) -> None:
        self._client = client
        # Once per worker, not with every batch: the corpus facts can be megabytes.
        self._setup = client.scatter(setup, broadcast=True, hash=False)
        self._pending: set[Any] = set()

    def submit(self, texts: list[tuple[str, str, str]]) -> Future[list[Analysis | None]]:
        future = self._client.submit(analyse_batch, self._setup, texts, pure=False)
        self._pending.add(future)
        future.add_done_callback(self._pending.discard)
        return future  # type: ignore[no-any-return]

    def shutdown(self, clean: bool) -> None:
        if not clean and self._pending:
            self._client.cancel(list(self._pending))
        self._client.cancel([self._setup])


def _batches(items: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def engine_named(name: str, address: str | None = None) -> Engine:
    """The engine a run uses (`--engine`, `--scheduler`)."""
    if name == "local":
        if address is not None:
            raise EngineError("--scheduler needs --engine dask")
        return Engine()
    if name == "dask":
        return DaskEngine(address)
    raise EngineError(f"unknown engine {name!r} (choose from {', '.join(ENGINES)})")
