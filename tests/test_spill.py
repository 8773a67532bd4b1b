"""The corpus-facts pass in bounded memory (issue #17): counts spilled to disk are exact."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from tests.conftest import run_cli
from tests.test_corpus import TEXTS, _write_jsonl

TEMPLATE = "Subscribe to the Daily Bugle Morning Brief"  # one site's template line


def _texts() -> list[str]:
    # Real articles, some of them twice and some with one site's template line: shared lines to count.
    texts = [f"{t.rstrip()}\n\n{TEMPLATE}\n" if i % 3 == 0 else t for i, t in enumerate(TEXTS * 2)]
    return texts + TEXTS[:3]


def _leftovers() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("cleanup-counts-*")}


def test_spilled_counts_equal_the_counts_held_in_memory() -> None:
    from cleanup.run import corpus_stats

    before = _leftovers()
    held = corpus_stats(_texts())
    spilled = corpus_stats(_texts(), spill_at=7)  # spills after every few documents
    assert spilled.documents == held.documents == len(_texts())
    shared = {digest: count for digest, count in held.line_keys.items() if count >= 2}
    assert len(shared) >= 5 and spilled.line_keys == shared
    assert held.for_checking().line_keys == spilled.for_checking().line_keys
    assert _leftovers() == before  # the shard files are gone


def test_a_run_that_spills_gives_the_same_results(tmp_path: Path) -> None:
    _write_jsonl(tmp_path / "corpus.jsonl", [{"text": t} for t in _texts()])
    scan = ("scan", "corpus.jsonl", "--format", "json-lines", "--no-cache")
    held = run_cli(*scan, cwd=tmp_path)
    spilled = run_cli(*scan, cwd=tmp_path, env={"CLEANUP_SPILL_LIMIT": "5"})
    assert held.returncode == spilled.returncode == 1, spilled.stderr
    assert held.stdout == spilled.stdout
    records = [json.loads(line) for line in held.stdout.splitlines()]
    assert any(f["rule"] == "BP106" for r in records for f in r["findings"])  # the counts mattered
