"""Result cache in `.cleanup_cache/`: unchanged files are not analysed again.

The key covers everything the result depends on: the file's text, the tool version, the rule packs' content,
the settings, the grammar backend, and the facts other files contribute (which of this file's lines are
template lines of the scan, and which of its words the scan's vocabulary holds).
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
from functools import cache
from pathlib import Path
from typing import Any

from cleanup import __version__
from cleanup.io.writing import atomic_write

CACHE_DIR = ".cleanup_cache"
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This file marks a cache directory (cleanup). See https://bford.info/cachedir/\n"
FORMAT = 1


@cache
def rules_fingerprint(directories: tuple[Path, ...]) -> str:
    """The rule packs and cleanup's own code: an edited detector must not reuse old results.

    Each file's path, size and modification time change with any edit; reading and hashing ~600 KB of
    files at every start (a pre-commit hook starts often) would cost more than the cache saves.
    """
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    files = [(package, path) for path in package.rglob("*.py")]
    files += [(package, path) for path in (package / "models").glob("*.json")]  # the shipped models
    files += [(directory, path) for directory in directories for path in directory.rglob("*")]
    for root, path in sorted(files, key=lambda item: str(item[1])):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.relative_to(root)}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


class ResultCache:
    def __init__(self, root: Path, context: str) -> None:
        self.root = root / CACHE_DIR / f"v{FORMAT}"
        self.context = context  # version + rules + settings + backend, hashed once per run
        self.hits = self.misses = 0

    @classmethod
    def for_run(cls, root: Path, rule_dirs: tuple[Path, ...], settings: Any, backend: str) -> ResultCache:
        context = hashlib.sha256(
            f"{__version__}\0{rules_fingerprint(rule_dirs)}\0{settings!r}\0{backend}".encode()
        ).hexdigest()
        return cls(root, context)

    def key(self, text: str, corpus_signature: str) -> str:
        return hashlib.sha256(f"{self.context}\0{corpus_signature}\0{text}".encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> Any | None:
        try:
            value = pickle.loads(self._path(key).read_bytes())  # our own files, written atomically
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: str, value: Any) -> None:
        with contextlib.suppress(OSError):  # a read-only or full disk only costs speed
            tag = self.root.parent / "CACHEDIR.TAG"
            if not tag.exists():
                atomic_write(tag, _TAG.encode())
            atomic_write(self._path(key), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
