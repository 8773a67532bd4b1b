"""Derived tables cached in the user's cache folder (`$XDG_CACHE_HOME/cleanup`, else `~/.cache/cleanup`).

Some tables are pure functions of what ships with cleanup and cost start-up time to build: CMUdict's
syllable counts, the boilerplate patterns' literals (the regex parser takes ~80 ms over the packs). Each is
stored under a name that holds everything it depends on, so a stale table is never read; a missing,
unreadable or corrupt file only costs the rebuild, and a read-only home only costs it every time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from cleanup.io.writing import atomic_write


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cleanup"


def digest(*parts: str | bytes) -> str:
    """A short key over everything a table depends on."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()[:24]


def write_atomic(path: Path, data: bytes) -> None:
    with contextlib.suppress(OSError):  # a read-only or full home only costs the rebuild next time
        atomic_write(path, data)


def load_json(name: str) -> Any:
    """The stored table, or None when there is none or it cannot be read."""
    try:
        return json.loads((cache_dir() / name).read_bytes())
    except (OSError, ValueError):
        return None


def store_json(name: str, data: Any) -> None:
    write_atomic(cache_dir() / name, json.dumps(data, separators=(",", ":")).encode("utf-8"))
