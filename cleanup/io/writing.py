"""Write files atomically (temporary file + os.replace), keeping permissions, never outside a folder."""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import re
import secrets
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, BinaryIO


class WriteError(Exception):
    """One-line reason a file was not written."""


def atomic_write(path: Path, data: bytes, like: Path | None = None, durable: bool = True) -> None:
    with atomic_writer(path, like, durable) as handle:
        handle.write(data)


@contextlib.contextmanager
def atomic_writer(path: Path, like: Path | None = None, durable: bool = True) -> Iterator[BinaryIO]:
    """A binary handle whose content replaces `path` only when the block ends without an error (a large
    corpus is streamed into it instead of being built in memory). `durable`: flushed to the disk before
    the rename, so a power cut leaves the old file or the new one; False for what can be recomputed (a
    cache entry whose checksum a torn write would fail)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _sweep_stale(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp, _mode_for(path, like))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def text_through(raw: BinaryIO, target: Path) -> Iterator[IO[str]]:
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


@contextlib.contextmanager
def atomic_text_writer(path: Path, like: Path | None = None) -> Iterator[IO[str]]:
    """UTF-8 text (gzipped when the name ends in .gz) that replaces `path` only when the block ends without
    an error: output streamed as it is produced, never left half-written."""
    with atomic_writer(path, like) as raw, text_through(raw, path) as text:
        yield text


# Our own temporary names (mkstemp: ".NAME." + 8 random characters + ".tmp"), left by a killed run.
_STALE_NAME = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")
STALE_SECONDS = 3600  # older than any write in progress: a concurrent run's file is never touched
_swept: set[Path] = set()


def _sweep_stale(folder: Path) -> None:
    """Remove temporary files that killed runs left in a folder, once per folder per process."""
    if folder in _swept:
        return
    _swept.add(folder)
    cutoff = time.time() - STALE_SECONDS
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not _STALE_NAME.match(entry.name):
                continue
            with contextlib.suppress(OSError):
                if (
                    entry.is_file(follow_symlinks=False)
                    and entry.stat(follow_symlinks=False).st_mtime < cutoff
                ):
                    os.unlink(entry.path)


def write_below(root: Path, target: Path, data: bytes, like: Path | None = None) -> None:
    """Write `target` (a path under `root`) atomically without following a symbolic link below `root`.

    Each folder is opened relative to the one above it with O_NOFOLLOW, and the temporary file is created
    and renamed inside the last one's descriptor, so a folder swapped for a link during the run cannot
    redirect the write (a path checked first and written later can be). Where the platform lacks these
    calls, it is a plain atomic_write of a path that mirrored_path has checked."""
    parts = target.relative_to(root).parts
    if not parts:
        raise WriteError(f"{target}: not a file below {root}")
    if not hasattr(os, "O_NOFOLLOW") or os.open not in os.supports_dir_fd:
        atomic_write(target, data, like)
        return
    root.mkdir(parents=True, exist_ok=True)
    _sweep_stale(target.parent)
    folder = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for part in parts[:-1]:
            with contextlib.suppress(FileExistsError):
                os.mkdir(part, dir_fd=folder)
            try:
                inner = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=folder)
            except OSError:
                raise WriteError(
                    f"{target}: {part} is a symbolic link or not a folder; not written"
                ) from None
            os.close(folder)
            folder = inner
        name = parts[-1]
        temporary = f".{name}.{secrets.token_hex(4)}.tmp"  # the name _sweep_stale knows
        handle = os.open(
            temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=folder
        )
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
                os.fchmod(out.fileno(), _mode_for(target, like))
            os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=folder)
            raise
    finally:
        os.close(folder)


def _mode_for(path: Path, like: Path | None) -> int:
    """The permissions a written file gets: those of `like` (its original), else of the file it replaces,
    else the umask's default."""
    template = like if like is not None and like.exists() else (path if path.exists() else None)
    return stat.S_IMODE(template.stat().st_mode) if template is not None else 0o666 & ~_umask()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def mirrored_path(source: str, out_dir: Path) -> Path:
    """Where the cleaned copy of `source` goes under `out_dir`, mirroring its path.

    `..` parts and absolute anchors are dropped, and the result is checked to stay inside `out_dir` even
    when symbolic links are involved.
    """
    parts = [p for p in Path(source).parts if p not in ("..", ".", "") and p != Path(source).anchor]
    if not parts:
        raise WriteError(f"{source}: cannot derive an output name")
    target = out_dir.joinpath(*parts)
    root = out_dir.resolve()
    resolved = target.resolve()
    if not resolved.is_relative_to(root):
        raise WriteError(f"{source}: output {target} would land outside {out_dir}; not written")
    return target
