"""Corpus files: JSON Lines (`.jsonl`, `.jsonl.gz`) and Parquet, one article per record.

Each record becomes a SourceText named `corpus.jsonl:ID` (the `--id-field` value, or the record's line or
row number), so every output format reports records as it reports files. `CorpusWriter` writes the same
records back with the text cleaned and every other field kept, plus a `cleanup` field with the scores and
verdicts, as the records are cleaned: the source is read again alongside, so no record is held longer
than its analysis.
Parquet needs pyarrow (`pip install 'cleanup[parquet]'`); JSON Lines needs nothing.
"""

from __future__ import annotations

import contextlib
import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO

from cleanup.io.reading import InputError, SourceText
from cleanup.io.writing import atomic_text_writer, atomic_writer

SUFFIXES = (".jsonl", ".jsonl.gz", ".parquet")


@dataclass(frozen=True)
class Fields:
    """Which record fields hold the text and the id (`--text-field`, `--id-field`)."""

    text: str = "text"
    id: str | None = None


def is_corpus(name: str) -> bool:
    return name.lower().endswith(SUFFIXES)


def corpus_kind(name: str) -> str:
    """The format a corpus file name says, as a user reads it; written back in the same one."""
    return "Parquet" if name.lower().endswith(".parquet") else "JSON Lines"


def iter_records(name: str, fields: Fields, max_bytes: int) -> Iterator[SourceText | InputError]:
    """Every record of one corpus file as a SourceText (`origin` = (file, index)), or one InputError per
    bad record; a file that cannot be opened at all is one InputError."""
    try:
        for index, label, record in _records(Path(name), fields):
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


def _records(path: Path, fields: Fields) -> Iterator[tuple[int, str, Any]]:
    """(index, label, record): label is the 1-based line number of a JSON Lines record, or the row number."""
    lower = path.name.lower()
    if lower.endswith(".parquet"):
        for index, row in enumerate(_parquet_rows(path, fields)):
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


# Parquet is read through a buffered stream, not a column chunk at a time: a file written as one row group
# (pyarrow's default up to a million rows) would otherwise hold its whole text column in memory, in each
# reader (the corpus pass, the analysis and the writer), and in every worker forked beside them.
_PARQUET_READ = {"buffer_size": 1 << 20, "pre_buffer": False}
_PARQUET_BATCH = 1024


def _parquet_rows(path: Path, fields: Fields) -> Iterator[dict[str, Any]]:
    pq = _pyarrow_parquet(str(path))
    try:
        table = pq.ParquetFile(path, **_PARQUET_READ)
    except (OSError, ValueError) as exc:
        raise InputError(str(path), f"not a Parquet file ({exc})") from None
    if fields.text not in table.schema_arrow.names:
        raise InputError(str(path), f"no text column {fields.text!r} (--text-field)")
    # Only the columns the analysis reads: the writer copies the others from the file.
    columns = [c for c in dict.fromkeys((fields.text, fields.id)) if c in table.schema_arrow.names]
    for batch in table.iter_batches(batch_size=_PARQUET_BATCH, columns=columns):
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


class CorpusWriter:
    """One corpus file written back while its records are cleaned, one at a time in input order, so a
    run holds no list of records: `add(index, cleaned)` for each analysed record, and the records between
    (bad ones, ones over the time budget) are copied as they were. Same format as the source (JSON Lines,
    gzipped by the target's name, or Parquet), atomically: the target appears only when the block ends
    without an error. A cleaned record gets its new text and a `cleanup` field (scores and verdicts; in
    Parquet a JSON string column), and every other field is kept."""

    def __init__(self, source: Path, target: Path, fields: Fields) -> None:
        self.source, self.target, self.fields = source, target, fields
        self.records = self.changed = 0
        self._stack = contextlib.ExitStack()
        self._next = 0  # the first record index not yet written
        self._parquet = source.name.lower().endswith(".parquet")

    def __enter__(self) -> CorpusWriter:
        with self._stack as stack:
            if self._parquet:
                self._open_parquet(stack.enter_context(atomic_writer(self.target, like=self.source)))
            else:
                self._out = stack.enter_context(atomic_text_writer(self.target, like=self.source))
                self._lines = stack.enter_context(_open_text(self.source))
            self._stack = stack.pop_all()
        return self

    def add(self, index: int, done: Cleaned, changed: bool) -> None:
        if index < self._next:
            raise ValueError(f"{self.source}: record {index} arrived after record {self._next}")
        self.records += 1
        self.changed += changed
        if self._parquet:
            self._add_row(index, done)
        else:
            self._copy_lines(until=index)
            record = json.loads(self._pending)
            record[self.fields.text] = done.text
            record["cleanup"] = {"scores": done.scores, "verdicts": done.verdicts}
            self._out.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._next = index + 1

    def __exit__(self, kind: Any, error: BaseException | None, trace: Any) -> None:
        if error is None:
            try:  # the rest of the source, as it was
                if self._parquet:
                    self._add_row(None, None)
                else:
                    self._copy_lines(until=None)
            except BaseException as failed:  # then the target is not replaced
                self._stack.__exit__(type(failed), failed, failed.__traceback__)
                raise
        self._stack.__exit__(kind, error, trace)

    def _copy_lines(self, until: int | None) -> None:
        """Copy lines up to record `until` (None: to the end) and keep that record's line in `_pending`."""
        for line in self._lines:
            if not line.strip():
                self._out.write(line)
                continue
            if until is not None and self._next == until:
                self._pending = line
                return
            self._next += 1
            self._out.write(line if line.endswith("\n") else line + "\n")
        if until is not None:
            raise ValueError(f"{self.source}: record {until} is not in the file")

    def _open_parquet(self, raw: BinaryIO) -> None:
        import pyarrow as pa

        pq = _pyarrow_parquet(str(self.source))
        self._pa = pa
        source = pq.ParquetFile(self.source, **_PARQUET_READ)
        schema = source.schema_arrow
        if "cleanup" in schema.names:  # a file cleaned before: its old scores are replaced
            schema = schema.remove(schema.get_field_index("cleanup"))
        at = schema.get_field_index(self.fields.text)
        kind = schema.field(at).type
        text_type = kind if kind in (pa.string(), pa.large_string()) else pa.string()
        self._schema = schema.set(at, pa.field(self.fields.text, text_type)).append(
            pa.field("cleanup", pa.string())
        )
        self._writer = pq.ParquetWriter(raw, self._schema)
        self._stack.callback(self._writer.close)
        self._batches = source.iter_batches(batch_size=_PARQUET_BATCH)
        self._batch: Any = None
        self._offset = 0  # index of the current batch's first row
        self._cleaned: dict[int, Cleaned] = {}

    def _add_row(self, index: int | None, done: Cleaned | None) -> None:
        """Hold a cleaned row; write every batch that ends before `index` (None: every batch)."""
        while True:
            if self._batch is None:
                self._batch = next(self._batches, None)
                if self._batch is None:
                    if index is not None:
                        raise ValueError(f"{self.source}: row {index} is not in the file")
                    return
            end = self._offset + self._batch.num_rows
            if index is not None and index < end:
                assert done is not None
                self._cleaned[index] = done
                return
            self._write_batch()
            self._offset, self._batch = end, None

    def _write_batch(self) -> None:
        pa, batch = self._pa, self._batch
        texts = batch.column(self.fields.text).to_pylist()
        notes: list[str | None] = [None] * len(texts)
        for index, done in self._cleaned.items():
            texts[index - self._offset] = done.text
            notes[index - self._offset] = json.dumps({"scores": done.scores, "verdicts": done.verdicts})
        self._cleaned.clear()
        columns = []
        for column in self._schema:
            if column.name == self.fields.text:
                columns.append(pa.array(texts, column.type))
            elif column.name == "cleanup":
                columns.append(pa.array(notes, pa.string()))
            else:
                columns.append(batch.column(column.name))
        self._writer.write_batch(pa.RecordBatch.from_arrays(columns, schema=self._schema))


def _open_text(path: Path) -> IO[str]:
    try:
        if path.name.lower().endswith(".gz"):
            return gzip.open(path, "rt", encoding="utf-8")
        return path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror or exc})") from None
