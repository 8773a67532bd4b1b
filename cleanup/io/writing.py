"""Write files atomically (temporary file + os.replace), keeping permissions, never outside a folder."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


class WriteError(Exception):
    """One-line reason a file was not written."""


def atomic_write(path: Path, data: bytes, like: Path | None = None) -> None:
    with atomic_writer(path, like) as handle:
        handle.write(data)


@contextlib.contextmanager
def atomic_writer(path: Path, like: Path | None = None) -> Iterator[BinaryIO]:
    """A binary handle whose content replaces `path` only when the block ends without an error (a large
    corpus is streamed into it instead of being built in memory)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        template = like if like is not None and like.exists() else (path if path.exists() else None)
        if template is not None:
            os.chmod(tmp, stat.S_IMODE(template.stat().st_mode))
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


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
