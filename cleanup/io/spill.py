"""Exact line counts in bounded memory: the corpus-facts pass of a corpus of any size.

A run needs, for each line digest, in how many documents it occurs, but only for the lines that occur in
two or more (`CorpusStats.for_checking`). Most lines of a news corpus occur once, and held in a Counter
each costs about 100 bytes: some 40 GB for 10 million articles. So the counts spill: once the Counter
holds `limit` digests, they go to 256 temporary shard files by their top byte (12 bytes each: digest and
count) and the Counter starts again. At the end each shard is counted alone, and only the shared digests
are kept. Memory is bounded by `limit` plus the shared lines; the disk holds 12 bytes a spilled digest for
the length of the pass. The counts are exact: nothing is sampled or sketched.
"""

from __future__ import annotations

import os
import shutil
import struct
import tempfile
from collections import Counter
from pathlib import Path

SHARDS = 256
_RECORD = struct.Struct("<QI")  # digest, count


class SpilledCounts:
    """Digest counts moved out of memory, merged back per shard; use as a context manager (the shard
    files are removed at the end, or when the pass is interrupted)."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = limit  # spill a Counter once it holds this many digests; None: never
        self._folder: Path | None = None
        self._shards: list[list[bytes]] = [[] for _ in range(SHARDS)]
        self.spills = 0

    def watch(self, counts: Counter[int]) -> None:
        """Spill `counts` if it has reached the limit (call it as the counts grow)."""
        if self.limit is not None and len(counts) >= self.limit:
            self.spill(counts)

    def settled(self, counts: Counter[int]) -> Counter[int]:
        """The final counts: `counts` itself if nothing spilled, else the shared digests of the shards
        and `counts` together."""
        return self.shared(counts) if self.spills else counts

    def spill(self, counts: Counter[int]) -> None:
        """Move `counts` to the shard files (it is emptied)."""
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="cleanup-counts-"))
        pending = self._shards
        for digest, count in counts.items():
            pending[digest >> 56].append(_RECORD.pack(digest, count))
        for shard, records in enumerate(pending):
            if records:
                with open(self._folder / f"{shard:02x}", "ab") as out:
                    out.write(b"".join(records))
                records.clear()
        counts.clear()
        self.spills += 1

    def shared(self, remaining: Counter[int]) -> Counter[int]:
        """Every digest counted in two or more documents, from the shards and `remaining` (the counts
        still in memory, emptied as it goes)."""
        if self._folder is None:
            return Counter({d: n for d, n in remaining.items() if n >= 2})
        by_shard: list[Counter[int]] = [Counter() for _ in range(SHARDS)]
        for digest, count in remaining.items():
            by_shard[digest >> 56][digest] = count
        remaining.clear()
        kept: Counter[int] = Counter()
        for shard in range(SHARDS):
            counts = by_shard[shard]
            path = self._folder / f"{shard:02x}"
            if path.exists():
                for digest, count in _RECORD.iter_unpack(path.read_bytes()):
                    counts[digest] += count
                path.unlink()
            kept.update({d: n for d, n in counts.items() if n >= 2})
            by_shard[shard] = Counter()
        return kept

    def close(self) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def __enter__(self) -> SpilledCounts:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def spill_limit() -> int:
    """Distinct digests held in memory before they spill (about 100 bytes each): 2 million, some 200 MB.
    CLEANUP_SPILL_LIMIT overrides it (tests spill a small corpus this way); a value that is not a whole
    number of 1 or more is refused (ValueError), not ignored."""
    value = os.environ.get("CLEANUP_SPILL_LIMIT", "").strip()
    if not value:
        return 2_000_000
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"CLEANUP_SPILL_LIMIT must be a whole number of 1 or more, not {value!r}")
    return int(value)
