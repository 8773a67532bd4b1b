"""The result cache is data, not code: planted pickles, flipped bytes and garbage never run anything, never
change a result, and cost at most one warning line (issue #21)."""

from __future__ import annotations

import json
import os
import pickle
import shutil
from pathlib import Path

import pytest

from tests.conftest import SEEDS, run_cli


class _Payload:
    """A pickle that, if ever loaded, creates a marker file (a stand-in for any shell command)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (os.system, (f"touch {self.marker}",))


def _scan(cwd: Path, *extra: str):
    result = run_cli("scan", "seeds", "--format", "json", *extra, cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    data = json.loads(result.stdout)
    findings = [(f["path"], f["findings"], f["scores"], f["verdicts"]) for f in data["files"]]
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    return data["summary"]["cache"], findings, warnings


def _entries(root: Path) -> list[Path]:
    return sorted((root / ".cleanup_cache").rglob("*.json"))


@pytest.fixture
def scanned(tmp_path: Path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    stats, truth, warnings = _scan(tmp_path)
    assert stats == {"hits": 0, "misses": 5} and warnings == []
    assert len(_entries(tmp_path)) == 5
    return tmp_path, truth


def _spoiled_then_healed(root: Path, truth) -> None:  # type: ignore[no-untyped-def]
    stats, findings, warnings = _scan(root)
    assert findings == truth  # never a wrong result
    assert stats["misses"] == 5 and len(warnings) == 1 and "ignored and rewritten" in warnings[0]
    stats, findings, warnings = _scan(root)
    assert (stats, findings, warnings) == ({"hits": 5, "misses": 0}, truth, [])  # rewritten


def test_a_planted_pickle_runs_nothing(scanned) -> None:
    root, truth = scanned
    marker = root / "pwned"
    bomb = pickle.dumps(_Payload(marker))
    for entry in _entries(root):
        entry.write_bytes(bomb)
    # The pickle format's own folder and file names, as an older cleanup wrote them.
    old = root / ".cleanup_cache" / "v1" / "ab" / ("ab" + "0" * 62 + ".pickle")
    old.parent.mkdir(parents=True)
    old.write_bytes(bomb)
    _spoiled_then_healed(root, truth)
    assert not marker.exists()


def test_a_flipped_byte_is_caught(scanned) -> None:
    root, truth = scanned
    for entry in _entries(root):
        raw = bytearray(entry.read_bytes())
        position = len(raw) // 2  # inside the JSON body: a digit of a score, a letter of a message
        raw[position] ^= 0x01
        entry.write_bytes(bytes(raw))
    _spoiled_then_healed(root, truth)


def test_garbage_and_truncated_entries_are_misses(scanned) -> None:
    root, truth = scanned
    entries = _entries(root)
    entries[0].write_bytes(b"\x00\xff garbage")
    entries[1].write_bytes(entries[1].read_bytes()[:40])
    entries[2].write_bytes(b"")
    entries[3].write_text("cleanup-cache 2 nonsense\n{}", encoding="utf-8")
    entries[4].write_bytes(entries[4].read_bytes() + b" ")
    _spoiled_then_healed(root, truth)


def test_an_entry_copied_under_another_key_is_refused(scanned) -> None:
    root, truth = scanned
    entries = _entries(root)
    payloads = [e.read_bytes() for e in entries]
    for entry, payload in zip(entries, payloads[1:] + payloads[:1], strict=True):
        entry.write_bytes(payload)  # each file now holds another article's valid entry
    _spoiled_then_healed(root, truth)


def test_the_parsed_pack_cache_is_data_too(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path)}
    first = run_cli("rules", env=env)
    assert first.returncode == 0, first.stderr
    cached = sorted((tmp_path / "cleanup" / "packs").glob("*.json"))
    assert cached, "the parsed packs are cached as JSON"
    marker = tmp_path / "pwned"
    for path in cached:
        path.with_suffix(".pickle").write_bytes(pickle.dumps(_Payload(marker)))
        path.write_text('{"sha256": "0", "data": {"rules": []}}', encoding="utf-8")  # stale or forged
    again = run_cli("rules", env=env)
    assert again.returncode == 0 and again.stdout == first.stdout and not marker.exists()
