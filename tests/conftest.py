from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
# Tests that read the shared dev data skip without it (a clone with no ../shared); CI has it and runs them.
needs_devset = pytest.mark.skipif(
    not (SHARED / "devset").is_dir(), reason="needs ../shared/devset beside the checkout"
)


def run_cli(*args: str, stdin: str | None = None, cwd: Path | None = None, env: dict | None = None):
    """Run the real `cleanup` command line in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "cleanup", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


@pytest.fixture(scope="session")
def registry():
    from cleanup.engine.registry import Registry

    return Registry.load()


@pytest.fixture(scope="session")
def analyzer(registry):
    from cleanup.analysis import Analyzer, Settings

    return Analyzer(registry, Settings())


def seed_text(prefix: str) -> str:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return path.read_text(encoding="utf-8")


def assert_only_edit_spans_changed(text: str, edits, result: str) -> None:
    """Everything between the edits is copied verbatim, in order, into the result."""
    pos = out = 0
    for edit in edits:
        kept = text[pos : edit.start]
        assert result[out : out + len(kept)] == kept
        out += len(kept) + len(edit.replacement)
        pos = edit.end
    tail = result[out:]
    last = edits[-1] if edits else None
    if last and last.replacement == "" and last.end == len(text) and tail and text.endswith(tail):
        tail = tail.lstrip("\r\n")  # documented: a removal at the very end keeps the file's final line break
    assert tail == text[pos:]
