"""Corpus files: JSON Lines (`.jsonl`, `.jsonl.gz`) and Parquet, one article per record.

Each record becomes a SourceText named `corpus.jsonl:ID` (the `--id-field` value, or the record's line or
row number), so every output format reports records as it reports files. `write_corpus` writes the same
records back with the text cleaned and every other field kept, plus a `cleanup` field with the scores and
verdicts. Records are read again when writing, so only the cleaned texts are held, not the originals.
Parquet needs pyarrow (`pip install 'cleanup[parquet]'`); JSON Lines needs nothing.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO

from cleanup.io.reading import InputError, SourceText
from cleanup.io.writing import atomic_write, atomic_writer

SUFFIXES = (".jsonl", ".jsonl.gz", ".parquet")


@dataclass(frozen=True)
class Fields:
    """Which record fields hold the text and the id (`--text-field`, `--id-field`)."""

    text: str = "text"
    id: str | None = None


def is_corpus(name: str) -> bool:
    return name.lower().endswith(SUFFIXES)


def iter_records(name: str, fields: Fields, max_bytes: int) -> Iterator[SourceText | InputError]:
    """Every record of one corpus file as a SourceText (`origin` = (file, index)), or one InputError per
    bad record; a file that cannot be opened at all is one InputError."""
    try:
        for index, label, record in _records(Path(name)):
            where = f"{name}:{label}"
            if isinstance(record, _Invalid):
                yield InputError(where, f"invalid JSON ({record.reason})")
                continue
            if not isinstance(record, dict):
                yield InputError(where, "not a JSON object")
                continue
            text = record.get(fields.text)
            if not isinstance(text, str):
                yield InputError(where, f"no text field {fields.text!r} (--text-field)")
                continue
            if len(text) > max_bytes:  # characters, as a cheap bound: the record is already in memory
                yield InputError(where, f"text is over the limit of {max_bytes:,} (--max-bytes)")
                continue
            ident = record.get(fields.id) if fields.id else None
            shown = f"{name}:{ident}" if ident is not None else where
            yield SourceText(shown, text.replace("\r\n", "\n"), "utf-8", origin=(name, index))
    except InputError as exc:
        yield exc


def _records(path: Path) -> Iterator[tuple[int, str, Any]]:
    """(index, label, record): label is the 1-based line number of a JSON Lines record, or the row number."""
    lower = path.name.lower()
    if lower.endswith(".parquet"):
        for index, row in enumerate(_parquet_rows(path)):
            yield index, f"row {index + 1}", row
        return
    handle = _open_text(path)
    index = 0
    with handle:
        line_no = 0
        try:
            for line_no, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except ValueError as exc:
                    record = _Invalid(str(exc).split(":")[0])
                yield index, str(line_no), record
                index += 1
        except (OSError, EOFError, UnicodeDecodeError) as exc:  # a truncated .gz, a non-UTF-8 line
            raise InputError(f"{path}:{line_no + 1}", f"cannot read ({exc})") from None


class _Invalid:
    """A line that is not JSON: reported as one error, and written back unchanged."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


def _parquet_rows(path: Path) -> Iterator[dict[str, Any]]:
    pq = _pyarrow_parquet(str(path))
    try:
        table = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:
        raise InputError(str(path), f"not a Parquet file ({exc})") from None
    for batch in table.iter_batches(batch_size=1024):
        yield from batch.to_pylist()


def _pyarrow_parquet(name: str) -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(name, "reading Parquet needs pyarrow: pip install 'cleanup[parquet]'") from None
    return pq


@dataclass
class Cleaned:
    """What `fix` decided for one record."""

    text: str
    scores: dict[str, float]
    verdicts: list[str]


def write_corpus(source: Path, target: Path, cleaned: dict[int, Cleaned], fields: Fields) -> None:
    """The records of `source` in order, into `target` (same format, atomically): a cleaned record gets
    its new text and a `cleanup` field; a record that was not analysed (a bad one) is copied as it was."""
    if source.name.lower().endswith(".parquet"):
        _write_parquet(source, target, cleaned, fields)
        return
    with atomic_writer(target) as raw, _text_sink(raw, target) as out, _open_text(source) as handle:
        index = 0
        for line in handle:
            if not line.strip():
                out.write(line)
                continue
            done = cleaned.get(index)
            index += 1
            if done is None:  # not analysed (a bad record): copied as it was
                out.write(line if line.endswith("\n") else line + "\n")
                continue
            record = json.loads(line)
            record[fields.text] = done.text
            record["cleanup"] = {"scores": done.scores, "verdicts": done.verdicts}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _open_text(path: Path) -> IO[str]:
    try:
        if path.name.lower().endswith(".gz"):
            return gzip.open(path, "rt", encoding="utf-8")
        return path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror or exc})") from None


@contextlib.contextmanager
def _text_sink(raw: BinaryIO, target: Path) -> Iterator[IO[str]]:
    """Text written through to `raw` (gzip-compressed for .gz), without closing `raw`: the atomic writer
    still has to flush and rename it."""
    packed = gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) if target.name.lower().endswith(".gz") else None
    text = io.TextIOWrapper(packed or raw, encoding="utf-8", newline="")  # type: ignore[arg-type]
    try:
        yield text
        text.flush()
    finally:
        text.detach()
        if packed is not None:
            packed.close()  # writes the gzip trailer; leaves `raw` open


def _write_parquet(source: Path, target: Path, cleaned: dict[int, Cleaned], fields: Fields) -> None:
    import pyarrow as pa

    pq = _pyarrow_parquet(str(source))
    table = pq.read_table(source)
    texts = table.column(fields.text).to_pylist()
    scores: list[str | None] = [None] * len(texts)
    for index, done in cleaned.items():
        texts[index] = done.text
        scores[index] = json.dumps({"scores": done.scores, "verdicts": done.verdicts})
    table = table.set_column(
        table.schema.get_field_index(fields.text), fields.text, pa.array(texts, pa.string())
    )
    if "cleanup" in table.column_names:
        table = table.drop(["cleanup"])
    table = table.append_column("cleanup", pa.array(scores, pa.string()))
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    atomic_write(target, sink.getvalue().to_pybytes())
