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


class _Interrupt:
    """A progress callback that presses Ctrl-C once `after` files are done."""

    def __init__(self, after: int) -> None:
        self.after, self.done = after, 0

    def __call__(self, _path: str) -> None:
        self.done += 1
        if self.done == self.after:
            raise KeyboardInterrupt


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_interrupted_run_keeps_the_files_it_finished(tmp_path: Path, jobs: int) -> None:
    """Ctrl-C during the analysis keeps every finished result in the cache; the rerun resumes (issue #17)."""
    from cleanup.analysis import Recipe
    from cleanup.cache import ResultCache
    from cleanup.grammar import GrammarConfig
    from cleanup.run import analyse_all

    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    names = []
    for i in range(12):
        path = tmp_path / f"a{i:02d}.txt"
        path.write_text(f"Bulletin {i}.\n\n{texts[i % 5]}", encoding="utf-8")
        names.append(str(path))
    analyzer, _warning = Recipe(grammar=GrammarConfig(choice="off")).build()
    cache = ResultCache(tmp_path, "interrupt-test")
    with pytest.raises(KeyboardInterrupt):
        analyse_all(names, analyzer, 1 << 24, progress=_Interrupt(after=4), jobs=jobs, cache=cache)
    kept = len(list(cache.root.rglob("*.json")))
    assert 4 <= kept < len(names)
    rerun = ResultCache(tmp_path, "interrupt-test")
    run = analyse_all(names, analyzer, 1 << 24, jobs=jobs, cache=rerun)
    assert len(run.files) == len(names)
    assert (rerun.hits, rerun.misses) == (kept, len(names) - kept)


def test_ctrl_c_says_what_it_kept(tmp_path: Path) -> None:
    """The CLI's Ctrl-C: exit 130, one line saying the finished files are cached, and they are."""
    folder = tmp_path / "articles"
    folder.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for i in range(400):
        (folder / f"a{i:04d}.txt").write_text(f"Bulletin {i}.\n\n{texts[i % 5]}", encoding="utf-8")
    scan = subprocess.Popen(
        [sys.executable, "-m", "cleanup", "scan", str(folder), "--jobs", "1", "--grammar", "off"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    cache = tmp_path / ".cleanup_cache"
    deadline = time.monotonic() + 60
    while len(list(cache.rglob("*.json"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    scan.send_signal(signal.SIGINT)
    _out, err = scan.communicate(timeout=60)
    assert scan.returncode == 130, err
    assert err.decode().strip() == (
        f"cleanup: interrupted; finished files are kept in {cache} and a rerun resumes"
    )
    assert 3 <= len(list(cache.rglob("*.json"))) < 400
