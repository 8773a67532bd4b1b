"""Result cache in `.cleanup_cache/`: unchanged files are not analysed again.

The key covers everything the result depends on: the file's text, the tool version, the rule packs' content,
the settings, the grammar backend, and the facts other files contribute (which of this file's lines are
template lines of the scan, and which of its words the scan's vocabulary holds).

Entries are data, never code: one JSON document per file, behind a header line that names the format and
the SHA-256 of the body and of the key. Reading never runs anything. A corrupt, truncated, foreign or
old-format entry is a miss (counted in `ResultCache.rejected`, for one warning line) and is rewritten.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from cleanup import __version__
from cleanup.detectors.language import LanguageGuess
from cleanup.findings import Finding, Fix
from cleanup.io.writing import atomic_write
from cleanup.scoring import Scores

CACHE_DIR = ".cleanup_cache"
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This file marks a cache directory (cleanup). See https://bford.info/cachedir/\n"
FORMAT = 2  # v1 held pickles; its folder is never read
_MAGIC = b"cleanup-cache"
# The analysis as a run keeps it; the last part: readability figures if the run that cached it computed
# them (JSON output), else None (a later JSON run computes and caches them then).
Entry = tuple[LanguageGuess, list[Finding], Scores, list[str], dict[str, float] | None]


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
        self.rejected = 0  # entries that were there but unreadable, foreign or corrupt

    @classmethod
    def for_run(cls, root: Path, rule_dirs: tuple[Path, ...], settings: Any, backend: str) -> ResultCache:
        context = hashlib.sha256(
            f"{__version__}\0{rules_fingerprint(rule_dirs)}\0{settings!r}\0{backend}".encode()
        ).hexdigest()
        return cls(root, context)

    def key(self, text: str, corpus_signature: str) -> str:
        return hashlib.sha256(f"{self.context}\0{corpus_signature}\0{text}".encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> Entry | None:
        try:
            raw = self._path(key).read_bytes()
        except OSError:
            self.misses += 1
            return None
        entry = decode(raw, key)
        if entry is None:
            self.misses += 1
            self.rejected += 1
            return None
        self.hits += 1
        return entry

    def put(self, key: str, value: Entry) -> None:
        with contextlib.suppress(OSError):  # a read-only or full disk only costs speed
            tag = self.root.parent / "CACHEDIR.TAG"
            if not tag.exists():
                atomic_write(tag, _TAG.encode())
            # Not fsynced (2 ms an entry, in the process that feeds the workers): an entry torn by a
            # crash fails its checksum, is a miss, and is rewritten.
            atomic_write(self._path(key), encode(key, value), durable=False)


def encode(key: str, entry: Entry) -> bytes:
    language, findings, scores, warnings, figures = entry
    body = json.dumps(
        {
            "language": [language.code, language.probability, language.method],
            "findings": [_finding_json(f) for f in findings],
            "scores": [
                scores.machine_translation,
                scores.spin,
                scores.boilerplate,
                scores.drivers,
                scores.verdicts,
            ],
            "warnings": warnings,
            "readability": figures,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    return b" ".join((_MAGIC, str(FORMAT).encode(), key.encode(), _digest(key, body))) + b"\n" + body


def decode(raw: bytes, key: str) -> Entry | None:
    """The entry, or None for anything that is not exactly what `encode` wrote for this key."""
    header, _, body = raw.partition(b"\n")
    if header != b" ".join((_MAGIC, str(FORMAT).encode(), key.encode(), _digest(key, body))):
        return None  # another format, another key (a copied file), or a changed byte
    try:
        data = json.loads(body)
        code, probability, method = data["language"]
        mt, spin, boilerplate, drivers, verdicts = data["scores"]
        entry = (
            LanguageGuess(str(code), float(probability), str(method)),
            [_finding_from(item) for item in data["findings"]],
            Scores(float(mt), float(spin), float(boilerplate), dict(drivers), list(verdicts)),
            [str(w) for w in data["warnings"]],
            _figures(data.get("readability")),
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        return None  # a checksum collision cannot happen by accident; this guards a hand-made entry
    return entry


def _figures(value: Any) -> dict[str, float] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise TypeError("readability figures must be an object")
    return {
        str(name): float(number) if isinstance(number, float) else int(number)
        for name, number in value.items()
    }


def _digest(key: str, body: bytes) -> bytes:
    return hashlib.sha256(key.encode() + b"\0" + body).hexdigest().encode()


def _finding_json(finding: Finding) -> list[Any]:
    fix = [finding.fix.replacement, finding.fix.safety] if finding.fix is not None else None
    return [
        finding.rule,
        finding.start,
        finding.end,
        finding.message,
        fix,
        finding.name,
        finding.category,
        finding.severity,
        finding.data,
    ]


def _finding_from(item: list[Any]) -> Finding:
    rule, start, end, message, fix, name, category, severity, data = item
    if not isinstance(start, int) or not isinstance(end, int) or not isinstance(data, dict):
        raise TypeError("malformed finding")
    safety = fix[1] if fix is not None else None
    if fix is not None and safety not in ("safe", "unsafe"):
        raise ValueError("malformed fix")
    return Finding(
        str(rule),
        start,
        end,
        str(message),
        Fix(str(fix[0]), safety) if fix is not None else None,
        str(name),
        str(category),
        str(severity),
        data,
    )
