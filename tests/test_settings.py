"""Settings are checked against one table before any scan: a bad value is one line and exit 2 (issue #19)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEEDS, run_cli

SEED = next(SEEDS.glob("001_*.txt"))


@pytest.mark.parametrize(
    ("line", "named"),
    [
        ('fail-on = "warn"', "fail-on = 'warn' is not allowed; expected one of info, warning, error"),
        ('format = "xml"', "format = 'xml' is not allowed; expected one of text"),
        ('grammar = "bogus"', "grammar = 'bogus' is not allowed; expected one of off, harper"),
        ('max-bytes = "big"', "max-bytes = 'big' is not allowed; expected a whole number of bytes"),
        ("boilerplate-guard = 3", "boilerplate-guard = 3 is not allowed; expected a number between 0 and 1"),
        ("cache = 1", "cache = 1 is not allowed; expected true or false"),
    ],
)
def test_a_bad_value_in_the_config_file_is_one_line_and_exit_2(tmp_path: Path, line: str, named: str) -> None:
    (tmp_path / "cleanup.toml").write_text(line + "\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    for command in (["scan", "a.txt"], ["fix", "a.txt", "--no-report"]):
        result = run_cli(*command, cwd=tmp_path)
        assert result.returncode == 2
        assert result.stdout == ""  # refused before any scan
        (line_out,) = result.stderr.splitlines()  # exactly one line
        assert line_out.startswith(f"cleanup: {tmp_path / 'cleanup.toml'}: {named}")
    assert not (tmp_path / "cleaned").exists()


def test_a_bad_value_on_the_command_line_is_refused_the_same_way(tmp_path: Path) -> None:
    result = run_cli("scan", str(SEED), "--max-bytes", "0", cwd=tmp_path)
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == "cleanup: command line: max-bytes = 0 is not allowed; expected a whole number of bytes"
    )


def test_a_missing_path_fails_the_run(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = run_cli("scan", "empty.txt", "missing.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert "missing.txt: no such file or directory" in result.stderr
    fixed = run_cli("fix", "empty.txt", "missing.txt", "--no-report", cwd=tmp_path)
    assert fixed.returncode == 2


def test_short_help_and_version() -> None:
    top, scan = run_cli("-h"), run_cli("scan", "-h")
    assert top.returncode == scan.returncode == 0
    assert "Usage:" in top.stdout and "scan" in top.stdout and "--select" in scan.stdout
    version = run_cli("--version")
    assert version.returncode == 0 and version.stdout.startswith("cleanup ")


@pytest.mark.parametrize("value", ["big", "0", "-5", "1e6"])
def test_a_bad_spill_limit_is_refused_before_any_work(tmp_path: Path, value: str) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The council met on Tuesday.\n", encoding="utf-8")
    result = run_cli("fix", str(article), "--out", str(tmp_path / "out"), env={"CLEANUP_SPILL_LIMIT": value})
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"cleanup: CLEANUP_SPILL_LIMIT must be a whole number of 1 or more, not {value!r}"
    )
    assert not (tmp_path / "out").exists()  # nothing was written
