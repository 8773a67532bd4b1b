"""Corpus files (issue #17): JSON Lines, gzipped JSON Lines and Parquet, one article per record."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS, run_cli

TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
TEXTS += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data" / "native").glob("*.txt"))]


def _records() -> list[dict]:
    return [{"id": f"doc-{i}", "url": f"https://example.org/{i}", "text": t} for i, t in enumerate(TEXTS)]


def _write_jsonl(path: Path, records: list[dict], extra_lines: tuple[str, ...] = ()) -> None:
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + list(extra_lines)
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)


def _folder_fix(tmp_path: Path) -> dict[str, str]:
    """The same texts fixed as files of one folder: what the records must come out as."""
    folder = tmp_path / "as_files"
    folder.mkdir()
    for record in _records():
        (folder / f"{record['id']}.txt").write_text(record["text"], encoding="utf-8")
    done = run_cli("fix", "as_files", "--out", "files_out", "--no-report", "--no-cache", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return {
        p.stem: p.read_text(encoding="utf-8") for p in (tmp_path / "files_out" / "as_files").glob("*.txt")
    }


def test_scan_reports_every_record_and_each_bad_one_once(tmp_path: Path) -> None:
    _write_jsonl(tmp_path / "corpus.jsonl", _records(), ("not json", '{"id": "x", "body": "no text"}'))
    result = run_cli("scan", "corpus.jsonl", "--id-field", "id", "--format", "json-lines", cwd=tmp_path)
    assert result.returncode == 2  # two records could not be read
    assert result.stderr.splitlines() == [
        f"error: corpus.jsonl:{len(TEXTS) + 1}: invalid JSON (Expecting value)",
        f"error: corpus.jsonl:{len(TEXTS) + 2}: no text field 'text' (--text-field)",
    ]
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["path"] for line in lines] == [f"corpus.jsonl:doc-{i}" for i in range(len(TEXTS))]
    assert lines[0]["verdicts"] == ["machine-translated"]
    assert any(f["rule"].startswith("MT") for f in lines[0]["findings"])


def test_json_lines_is_streamed_and_holds_what_json_holds_record_by_record(tmp_path: Path) -> None:
    _write_jsonl(tmp_path / "corpus.jsonl", _records())
    streamed = run_cli("scan", "corpus.jsonl", "--format", "json-lines", "-o", "out.jsonl", cwd=tmp_path)
    held = run_cli("scan", "corpus.jsonl", "--format", "json", "--no-cache", cwd=tmp_path)
    assert streamed.returncode == held.returncode == 1 and streamed.stdout == ""
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == json.loads(held.stdout)["files"]


def test_fix_refuses_an_out_of_another_format_before_analysing(tmp_path: Path) -> None:
    _write_jsonl(tmp_path / "corpus.jsonl", _records()[:2])
    (tmp_path / "article.txt").write_text(TEXTS[2], encoding="utf-8")
    done = run_cli("fix", "corpus.jsonl", "--out", "cleaned.parquet", "--no-cache", cwd=tmp_path)
    assert done.returncode == 2 and not (tmp_path / "cleaned.parquet").exists()
    assert done.stderr.splitlines()[0] == (
        "error: corpus.jsonl: --out cleaned.parquet is Parquet, the input is JSON Lines; "
        "records are written back in their own format"
    )
    mixed = run_cli("fix", "corpus.jsonl", "article.txt", "--out", "c.jsonl.gz", "--no-cache", cwd=tmp_path)
    assert mixed.returncode == 2
    assert "error: article.txt: --out c.jsonl.gz is a corpus file; give plain files another --out" in (
        mixed.stderr
    )
    with gzip.open(tmp_path / "c.jsonl.gz", "rt", encoding="utf-8") as handle:  # the corpus is written
        assert [json.loads(line)["id"] for line in handle] == ["doc-0", "doc-1"]


def test_fix_writes_the_same_records_cleaned(tmp_path: Path) -> None:
    bad = ("not json", '{"id": "x", "body": "no text"}')
    _write_jsonl(tmp_path / "corpus.jsonl", _records(), bad)
    done = run_cli("fix", "corpus.jsonl", "--out", "cleaned.jsonl", "--no-cache", cwd=tmp_path)
    assert done.returncode == 2  # the bad records are named, copied unchanged, and fail the run
    assert f"corpus.jsonl -> cleaned.jsonl: {len(TEXTS)} record(s)" in done.stdout
    lines = (tmp_path / "cleaned.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines[-2:] == list(bad)
    cleaned = [json.loads(line) for line in lines[:-2]]
    expected = _folder_fix(tmp_path)
    for before, after in zip(_records(), cleaned, strict=True):
        assert (after["id"], after["url"]) == (before["id"], before["url"])  # every other field kept
        assert after["text"] == expected[before["id"]]
        assert set(after["cleanup"]) == {"scores", "verdicts"}
    assert cleaned[0]["cleanup"]["verdicts"] == ["machine-translated"]
    assert sum(a["text"] != b["text"] for a, b in zip(cleaned, _records(), strict=True)) >= 3
    assert (tmp_path / "corpus.jsonl").read_text(encoding="utf-8").splitlines()[-2:] == list(bad)  # untouched


def test_gzipped_json_lines_and_a_custom_text_field(tmp_path: Path) -> None:
    records = [{"body": r["text"], "n": i} for i, r in enumerate(_records()[:3])]
    _write_jsonl(tmp_path / "corpus.jsonl.gz", records)
    done = run_cli(
        "fix", "corpus.jsonl.gz", "--text-field", "body", "--out", "out", "--no-cache", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    with gzip.open(tmp_path / "out" / "corpus.jsonl.gz", "rt", encoding="utf-8") as handle:
        out = [json.loads(line) for line in handle]
    assert [r["n"] for r in out] == [0, 1, 2]
    assert out[2]["body"] != records[2]["body"] and "cleanup" in out[2]


def test_parquet_round_trip(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    records = _records()
    pq.write_table(pa.Table.from_pylist(records), tmp_path / "corpus.parquet")
    done = run_cli("fix", "corpus.parquet", "--out", "cleaned.parquet", "--no-cache", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = pq.read_table(tmp_path / "cleaned.parquet").to_pylist()
    expected = _folder_fix(tmp_path)
    assert [r["id"] for r in out] == [r["id"] for r in records]
    assert all(
        r["text"] == expected[r["id"]] and r["url"] == s["url"] for r, s in zip(out, records, strict=True)
    )
    assert json.loads(out[0]["cleanup"])["verdicts"] == ["machine-translated"]


def test_corpus_files_are_not_fixed_in_place(tmp_path: Path) -> None:
    _write_jsonl(tmp_path / "corpus.jsonl", _records()[:2])
    before = (tmp_path / "corpus.jsonl").read_bytes()
    done = run_cli("fix", "corpus.jsonl", "--in-place", cwd=tmp_path)
    assert done.returncode == 2
    assert "error: corpus.jsonl: corpus files are not fixed in place; use --out" in done.stderr
    assert (tmp_path / "corpus.jsonl").read_bytes() == before


def test_the_parquet_writer_streams_batches_and_keeps_every_row(tmp_path: Path) -> None:
    """Rows cleaned on both sides of the reader's 1,024-row batches land in their rows; the rest are kept."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    from cleanup.io.corpus import Cleaned, CorpusWriter, Fields

    rows = [{"text": TEXTS[i % len(TEXTS)], "n": i, "cleanup": "stale"} for i in range(2_500)]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "big.parquet")
    cleaned = {0: "first", 1_023: "last of a batch", 1_024: "first of the next", 2_499: "the last"}
    with CorpusWriter(tmp_path / "big.parquet", tmp_path / "out.parquet", Fields()) as writer:
        for index, text in cleaned.items():
            writer.add(index, Cleaned(text, {"boilerplate": 0.5}, []), changed=True)
    out = pq.read_table(tmp_path / "out.parquet").to_pylist()
    assert [r["n"] for r in out] == list(range(2_500)) and writer.records == 4
    for index, row in enumerate(out):
        assert row["text"] == cleaned.get(index, rows[index]["text"])
        assert (row["cleanup"] is None) == (index not in cleaned)  # the stale column is replaced


def test_an_interrupted_corpus_write_leaves_nothing_behind(tmp_path: Path) -> None:
    from cleanup.io.corpus import Cleaned, CorpusWriter, Fields

    _write_jsonl(tmp_path / "corpus.jsonl", _records())
    with (
        pytest.raises(KeyboardInterrupt),
        CorpusWriter(tmp_path / "corpus.jsonl", tmp_path / "out.jsonl", Fields()) as writer,
    ):
        writer.add(0, Cleaned("cleaned", {}, []), changed=True)
        raise KeyboardInterrupt
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.jsonl"]


def test_two_workers_give_the_same_records_readability_included(tmp_path: Path) -> None:
    """Readability figures are computed in the workers: they must equal the one-process run's."""
    _write_jsonl(tmp_path / "corpus.jsonl", _records())
    one, two = (
        run_cli("scan", "corpus.jsonl", "--format", "json-lines", "--jobs", jobs, "--no-cache", cwd=tmp_path)
        for jobs in ("1", "2")
    )
    records = [json.loads(line) for line in one.stdout.splitlines()]
    assert one.stdout == two.stdout and records[0]["readability"]["flesch_reading_ease"] > 0


def test_a_parquet_file_without_the_text_column_is_one_clear_error(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.Table.from_pylist([{"body": TEXTS[2]}]), tmp_path / "corpus.parquet")
    result = run_cli("scan", "corpus.parquet", "--no-cache", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: corpus.parquet: no text column 'text' (--text-field)",
        "cleanup: nothing could be read",
    ]
