"""Killing `cleanup` during a parallel run leaves no worker behind (issue #21)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS


def _processes_mentioning(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if marker.encode() in cmdline:
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to find the workers")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_end_with_their_parent(tmp_path: Path, sig: signal.Signals) -> None:
    folder = tmp_path / f"articles-{sig.name}"
    folder.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for i in range(400):  # enough work that the workers are busy when the parent dies
        (folder / f"a{i:04d}.txt").write_text(f"Bulletin {i}.\n\n{texts[i % 5]}", encoding="utf-8")
    parent = subprocess.Popen(
        [sys.executable, "-m", "cleanup", "scan", str(folder), "--jobs", "2", "--no-cache"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while len(_processes_mentioning(str(folder))) < 3 and time.monotonic() < deadline:
        time.sleep(0.2)  # the parent and its two workers
    assert len(_processes_mentioning(str(folder))) >= 3, "the workers never started"
    os.kill(parent.pid, sig)
    parent.wait(timeout=30)
    deadline = time.monotonic() + 20
    while _processes_mentioning(str(folder)) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = _processes_mentioning(str(folder))
    for pid in left:  # do not leave them to the next test either
        os.kill(pid, signal.SIGKILL)
    assert left == []
