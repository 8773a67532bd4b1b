"""Find input files and decode them without losing anything.

Decoding keeps what is needed to write the file back the same way: the encoding (with or without BOM)
and the line-ending convention. Text is handed to detectors with line endings normalised to "\\n", as
Python's own universal-newlines reading does; a file that mixes conventions is kept verbatim instead.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cleanup.textutil import printable_path

if TYPE_CHECKING:
    from cleanup.io.corpus import Fields

DEFAULT_INCLUDE = ("*.txt", "*.md")
# Larger files are refused with a clear message (configurable): a 50 MB "article" is a data dump, and
# analysing it would take minutes and hundreds of MB.
DEFAULT_MAX_BYTES = 16 * 1024 * 1024
STDIN_NAME = "-"


class InputError(Exception):
    """A file that cannot be processed. `str()` is one line: the path and the reason."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass
class SourceText:
    path: str  # as shown to the user
    text: str  # decoded, line endings normalised to \n (unless mixed)
    encoding: str = "utf-8"  # codec used to write it back ("utf-8-sig", "utf-16", "cp1252" ...)
    newline: str = "\n"  # "\n", "\r\n", "\r", or "" when mixed (text kept verbatim)
    file: Path | None = None  # None for stdin
    raw_size: int = 0
    mtime_ns: int = 0
    digest: str = ""  # SHA-256 of the bytes read: an edit that keeps the mtime (cp -p) still shows
    notes: tuple[str, ...] = ()  # e.g. "decoded as cp1252"
    origin: tuple[str, int] | None = None  # (corpus file, record index) for a record of a .jsonl/.parquet

    @property
    def display(self) -> str:
        """The path for output lines (undecodable bytes and control characters escaped)."""
        return printable_path(self.path)

    def encode(self, text: str) -> bytes:
        if self.newline and self.newline != "\n":
            text = text.replace("\n", self.newline)
        return text.encode(self.encoding)


def _size(size: int) -> str:
    """Sizes in the unit the README uses (16 MiB, not "17 MB"); small ones in bytes."""
    if size < 2**20:
        return f"{size:,} bytes"
    return f"{size / 2**20:.1f}".removesuffix(".0") + " MiB"


def collect(
    paths: Iterable[str],
    include: Iterable[str] = DEFAULT_INCLUDE,
    exclude: Iterable[str] = (),
) -> tuple[list[str], list[InputError]]:
    """Expand folders recursively. Files named explicitly are always taken (unless excluded)."""
    include = tuple(include) or DEFAULT_INCLUDE
    exclude = tuple(exclude)
    found: list[str] = []
    errors: list[InputError] = []
    seen: set[str] = set()

    def excluded(name: str) -> bool:
        posix = name.replace(os.sep, "/")
        return any(fnmatch.fnmatch(posix, pat) or fnmatch.fnmatch(Path(name).name, pat) for pat in exclude)

    def add(name: str) -> None:
        if name not in seen and not excluded(name):
            seen.add(name)
            found.append(name)

    for given in paths:
        if given == STDIN_NAME:
            add(given)
            continue
        path = Path(given)
        if path.is_symlink() and not path.exists():
            errors.append(InputError(given, "dangling symbolic link"))
        elif path.is_dir():

            def unlisted(exc: OSError, _given: str = given) -> None:
                # os.walk skips a folder it cannot list (no permission, a path beyond PATH_MAX) in silence.
                reason = f"cannot list folder: {exc.strerror or exc}"
                errors.append(InputError(exc.filename or _given, reason))

            for root, dirs, files in os.walk(path, onerror=unlisted):
                dirs[:] = sorted(
                    d for d in dirs if not d.startswith(".") and d not in ("__pycache__", "node_modules")
                )
                for file_name in sorted(files):
                    full = os.path.join(root, file_name)
                    if any(fnmatch.fnmatch(file_name, pat) for pat in include):
                        if os.path.islink(full) and not os.path.exists(full):
                            errors.append(InputError(full, "dangling symbolic link"))
                        else:
                            add(full)
        elif path.exists():
            add(given)
        else:
            errors.append(InputError(given, "no such file or directory"))
    return found, errors


def read_source(name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    if name == STDIN_NAME:
        raw = sys.stdin.buffer.read()
        return decode(raw, "<stdin>", None)
    path = Path(name)
    try:
        stat = path.stat()
        if not path.is_file():
            raise InputError(name, "not a regular file")
        if stat.st_size > max_bytes:
            raise InputError(
                name,
                f"file is {_size(stat.st_size)}, over the limit of {_size(max_bytes)} (--max-bytes)",
            )
        raw = path.read_bytes()
    except InputError:
        raise
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as exc:
        raise InputError(name, f"cannot read ({exc.strerror or exc})") from None
    source = decode(raw, name, path)
    source.mtime_ns = stat.st_mtime_ns
    source.digest = hashlib.sha256(raw).hexdigest()
    return source


def decode(raw: bytes, name: str, path: Path | None) -> SourceText:
    encoding, notes = _detect_encoding(raw, name)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(name, f"cannot decode as {encoding} at byte {exc.start}") from None
    if encoding in ("utf-8-sig",) or encoding.startswith("utf-16") or encoding.startswith("utf-32"):
        text = text.removeprefix("\ufeff")
    newline = _newline_style(text)
    if newline in ("\r\n", "\r"):
        text = text.replace(newline, "\n")
    return SourceText(name, text, encoding, newline, path, len(raw), notes=notes)


def _detect_encoding(raw: bytes, name: str) -> tuple[str, tuple[str, ...]]:
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig", ()
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "utf-32", ()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", ()
    if b"\x00" in raw[:8192]:
        bomless = _bomless_utf16(raw)
        if bomless is not None:
            return bomless, (f"UTF-16 without a byte-order mark; decoded as {bomless}",)
        raise InputError(name, "binary file (contains NUL bytes); skipped")
    try:
        raw.decode("utf-8")
        return "utf-8", ()
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only for the rare non-UTF-8 file

    best = from_bytes(raw[:200_000]).best()
    if best is None or _looks_binary(raw):
        raise InputError(name, "binary or undecodable file; skipped")
    encoding = best.encoding.replace("_", "-")
    western = ("ascii", "latin-1", "iso8859-1", "iso-8859-1", "iso8859-15", "cp1250", "cp1257", "iso8859-2")
    if encoding in western and _clean_cp1252(raw):
        # Short English text does not tell these single-byte code pages apart (é and curly quotes are the
        # same bytes); for English news Windows-1252 is by far the likeliest, and it decodes cleanly.
        encoding = "cp1252"
    try:
        raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        encoding = "latin-1"  # decodes every byte, so nothing is lost
    return encoding, (f"not UTF-8; decoded as {encoding}",)


def _bomless_utf16(raw: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" for text written without a byte-order mark (Windows tools do), judged
    by where the NUL bytes sit (Latin text has one in every pair, always on the same side) and by the
    decoded text being text; None for anything else, which stays a binary file."""
    sample = raw[: 8192 - 8192 % 2] if len(raw) >= 8192 else raw[: len(raw) - len(raw) % 2]
    pairs = len(sample) // 2
    if pairs < 2 or len(raw) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 0.3 * pairs and even <= 0.02 * pairs:
        encoding = "utf-16-le"
    elif even >= 0.3 * pairs and odd <= 0.02 * pairs:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        return None
    printable = sum(1 for ch in text[:4096] if ch.isprintable() or ch in "\n\r\t")
    return encoding if printable >= 0.98 * min(len(text), 4096) else None


def _clean_cp1252(raw: bytes) -> bool:
    """Decodes as Windows-1252 without touching its five undefined bytes."""
    return not any(b in raw for b in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"))


def _looks_binary(raw: bytes) -> bool:
    sample = raw[:8192]
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return bool(sample) and control / len(sample) > 0.05


def _newline_style(text: str) -> str:
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    styles = [style for style, count in (("\r\n", crlf), ("\r", cr), ("\n", lf)) if count]
    if len(styles) > 1:
        return ""  # mixed: keep verbatim
    return styles[0] if styles else "\n"


def iter_sources(
    names: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES, fields: Fields | None = None
) -> Iterator[SourceText | InputError]:
    """Each file as one SourceText, and each record of a corpus file (.jsonl, .jsonl.gz, .parquet) as one."""
    from cleanup.io.corpus import Fields, is_corpus, iter_records

    for name in names:
        if is_corpus(name):
            yield from iter_records(name, fields or Fields(), max_bytes)
            continue
        try:
            yield read_source(name, max_bytes)
        except InputError as exc:
            yield exc
