"""Progress on a terminal (issue #17): `fix` shows it until it ends, through the report."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SEEDS


def _stderr_on_a_terminal(args: list[str], cwd: Path) -> str:
    """Run the real command line with stderr on a pseudo-terminal; what the terminal showed."""
    master, slave = pty.openpty()
    done = subprocess.Popen(
        [sys.executable, "-m", "cleanup", *args],
        stdout=subprocess.DEVNULL,
        stderr=slave,
        cwd=cwd,
        env={**os.environ, "COLUMNS": "100", "PYTHONPATH": str(ROOT)},
    )
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    assert done.wait(timeout=300) == 0
    return re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", shown.decode("utf-8", "replace"))


def test_fix_shows_progress_while_fixing_and_while_writing_the_report(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for i, seed in enumerate(sorted(SEEDS.glob("*.txt")) * 2):
        shutil.copy(seed, folder / f"{i:02d}.txt")
    shown = _stderr_on_a_terminal(["fix", "articles", "--no-cache"], tmp_path)
    assert re.search(r"fixing .* 10/10", shown), shown[-2000:]
    assert re.search(r"writing the report .* 10/10", shown), shown[-2000:]
    assert (tmp_path / "reports" / "index.html").is_file()


def test_a_corpus_counts_its_records_as_they_are_done(tmp_path: Path) -> None:
    records = [
        {"id": str(i), "text": seed.read_text(encoding="utf-8")}
        for i, seed in enumerate(sorted(SEEDS.glob("*.txt")))
    ]
    (tmp_path / "corpus.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    shown = _stderr_on_a_terminal(["fix", "corpus.jsonl", "--out", "out.jsonl", "--no-cache"], tmp_path)
    assert re.search(r"fixing .* 5/\?", shown), shown[-2000:]
