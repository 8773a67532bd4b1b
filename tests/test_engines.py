"""Where the analysis runs (issue #17): a Dask cluster gives the same results as this machine's processes,
record by record, for both passes (corpus facts and analysis)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.test_corpus import TEXTS, _write_jsonl

distributed = pytest.importorskip("distributed")

# A site's template line: shared by several records, so BP106 (corpus facts) has something to find.
TEMPLATE = "Subscribe to the Daily Bugle Morning Brief"


def _records() -> list[dict]:
    records = []
    for i, text in enumerate(TEXTS * 2):
        body = f"{text.rstrip()}\n\n{TEMPLATE}\n" if i % 3 == 0 else text
        records.append({"id": f"doc-{i}", "text": body})
    return records


@pytest.fixture(scope="module")
def cluster():
    """A local Dask cluster of two single-threaded worker processes, as a user would start one."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local


def test_an_existing_two_worker_cluster_gives_the_local_findings_record_by_record(
    tmp_path: Path, cluster
) -> None:
    _write_jsonl(tmp_path / "corpus.jsonl", _records())
    scan = ("scan", "corpus.jsonl", "--format", "json-lines", "--no-cache", "--id-field", "id")
    local = run_cli(*scan, "--jobs", "1", cwd=tmp_path)
    remote = run_cli(*scan, "--engine", "dask", "--scheduler", cluster.scheduler_address, cwd=tmp_path)
    assert local.returncode == remote.returncode == 1, remote.stderr
    assert remote.stderr == ""
    here = [json.loads(line) for line in local.stdout.splitlines()]
    there = [json.loads(line) for line in remote.stdout.splitlines()]
    assert len(here) == len(there) == len(_records())
    for mine, theirs in zip(here, there, strict=True):
        assert mine == theirs
    # The corpus facts were counted and used: lines shared across records are found as template lines.
    assert any(f["rule"] == "BP106" for r in here for f in r["findings"])
    # Both workers analysed (each built its analyzer for this run's setup).
    tokens = cluster.get_client().run(lambda: __import__("cleanup.compute").compute._WORKER.get("token"))
    assert len(tokens) == 2 and len(set(tokens.values())) == 1 and None not in tokens.values()


def test_fix_on_a_local_dask_cluster_writes_the_same_parquet_as_local_processes(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.Table.from_pylist(_records()), tmp_path / "corpus.parquet")
    fix = ("fix", "corpus.parquet", "--no-cache", "--no-report")
    local = run_cli(*fix, "--out", "local.parquet", "--jobs", "2", cwd=tmp_path)
    remote = run_cli(*fix, "--out", "dask.parquet", "--engine", "dask", "--jobs", "2", cwd=tmp_path)
    assert local.returncode == remote.returncode == 0, remote.stderr
    here, there = (pq.read_table(tmp_path / name).to_pylist() for name in ("local.parquet", "dask.parquet"))
    assert here == there
    assert sum(row["text"] != record["text"] for row, record in zip(here, _records(), strict=True)) >= 3


def test_the_count_pass_on_the_cluster_equals_the_count_here(cluster) -> None:
    from cleanup.compute import DaskEngine
    from cleanup.run import corpus_stats

    texts = [r["text"] for r in _records()] * 3
    with DaskEngine(cluster.scheduler_address) as engine:
        counted = engine.count(iter(texts), vocabulary=True)
    here = corpus_stats(texts, vocabulary=True)
    assert counted.documents == here.documents == len(texts)
    assert counted.line_keys == here.line_keys and counted.vocabulary == here.vocabulary


def test_the_count_pass_on_the_cluster_spills_like_the_local_one(cluster, monkeypatch) -> None:
    from cleanup.compute import DaskEngine
    from cleanup.run import corpus_stats

    monkeypatch.setenv("CLEANUP_SPILL_LIMIT", "7")  # this process merges the workers' counts
    texts = [r["text"] for r in _records()] * 3
    with DaskEngine(cluster.scheduler_address) as engine:
        counted = engine.count(iter(texts), vocabulary=False)
    here = corpus_stats(texts).for_checking()
    assert counted.documents == here.documents and counted.line_keys == here.line_keys


def test_the_dask_engine_without_its_extra_is_one_clear_error(tmp_path: Path) -> None:
    _write_jsonl(tmp_path / "corpus.jsonl", _records()[:3])
    hide = "import sys; sys.modules['distributed'] = None; from cleanup.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", hide, "scan", "corpus.jsonl", "--engine", "dask"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "cleanup: the dask engine needs the dask extra: pip install 'cleanup[dask]'"
    ]


def test_a_scheduler_without_the_dask_engine_is_refused() -> None:
    done = run_cli("scan", "seeds", "--scheduler", "tcp://127.0.0.1:8786", cwd=ROOT)
    assert done.returncode == 2 and done.stderr.strip() == "cleanup: --scheduler needs --engine dask"


@pytest.mark.parametrize(
    "address, why",
    [
        ("nonsense://127.0.0.1:1", "unknown address scheme 'nonsense'"),
        ("tcp://127.0.0.1:notaport", "invalid literal for int()"),
    ],
)
def test_a_malformed_scheduler_address_is_one_clear_error(address: str, why: str) -> None:
    done = run_cli("scan", "seeds", "--engine", "dask", "--scheduler", address, cwd=ROOT)
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert done.stderr.startswith(f"cleanup: the dask engine could not start or reach {address}: ")
    assert why in done.stderr


def test_a_cluster_started_by_the_run_has_the_jobs_asked_for(tmp_path: Path) -> None:
    """The first pass starts the cluster, and the analysis reuses it: both must honour --jobs."""
    from cleanup.api import Checker
    from cleanup.compute import DaskEngine
    from cleanup.run import analyse_stream

    _write_jsonl(tmp_path / "corpus.jsonl", _records())
    with DaskEngine() as engine:
        corpus, results = analyse_stream(
            [str(tmp_path / "corpus.jsonl")], Checker().analyzer, 1 << 24, jobs=1, engine=engine
        )
        assert corpus is not None and len(list(results)) == len(_records())
        assert sum(engine.client(1).nthreads().values()) == 1
