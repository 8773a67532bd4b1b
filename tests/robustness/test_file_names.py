"""Odd file names (bytes that are not UTF-8, a newline) never break an output format or forge a line."""

import json
import os
import sys

import pytest

from tests.conftest import run_cli

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="byte file names need a POSIX file system")
ARTICLE = b"Seoul,South Korea said on Monday that talks would resume.\n"
FORGED = "two\nerror: forged.txt"


@pytest.fixture
def odd(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"bad\xff.txt"), "wb") as handle:
        handle.write(ARTICLE)
    (folder / FORGED).write_bytes(ARTICLE)
    return tmp_path


def _lines(result) -> list[str]:
    # Every byte written is UTF-8 (a name's undecodable byte is shown as \xff, not written raw).
    out = result.stdout.encode("utf-8", "surrogateescape").decode("utf-8")
    err = result.stderr.encode("utf-8", "surrogateescape").decode("utf-8")
    return out.splitlines() + err.splitlines()


FORMATS = ["text", "concise", "full", "json", "json-lines", "sarif", "github"]


@pytest.mark.parametrize("output_format", FORMATS)
def test_every_format_is_valid_utf8_and_no_name_forges_a_line(odd, output_format):
    result = run_cli("scan", "in", "--no-cache", "--format", output_format, cwd=odd)
    assert result.returncode == 1, result.stderr
    lines = _lines(result)
    assert not [line for line in lines if line.startswith(("error", "forged"))]
    if output_format in ("json", "sarif"):
        json.loads(result.stdout)
    if output_format == "json":
        paths = sorted(f["path"] for f in json.loads(result.stdout)["files"])
        assert paths == ["in/bad\\xff.txt", "in/two\\nerror: forged.txt"]
    if output_format == "json-lines":
        assert all(json.loads(line) for line in result.stdout.splitlines())


def test_fix_writes_the_odd_names_under_their_own_names_and_reports_them(odd):
    result = run_cli("fix", "in", "--no-cache", cwd=odd)
    assert result.returncode == 0, result.stderr
    written = {os.fsdecode(name) for name in os.listdir(os.fsencode(odd / "cleaned" / "in"))}
    assert written == {os.fsdecode(b"bad\xff.txt"), FORGED}
    assert not [line for line in _lines(result) if line.startswith(("error", "forged"))]
    assert (odd / "reports" / "index.html").is_file()


def test_apply_writes_odd_names_back_under_their_real_names(odd):
    assert run_cli("fix", "in", "--no-cache", cwd=odd).returncode == 0
    manifest = json.loads((odd / "reports" / "changes.json").read_text(encoding="utf-8"))
    assert "in/bad\\xff.txt" in manifest["files"]
    decisions = odd / "decisions.json"
    decisions.write_text(json.dumps({"cleanup_decisions": 1, "run": manifest["run"], "files": []}))
    result = run_cli("apply", str(decisions), "--out", "applied", cwd=odd)
    assert result.returncode == 0, result.stderr
    for name in (b"bad\xff.txt", os.fsencode(FORGED)):
        applied = os.path.join(os.fsencode(odd / "applied" / "in"), name)
        cleaned = os.path.join(os.fsencode(odd / "cleaned" / "in"), name)
        with open(applied, "rb") as a, open(cleaned, "rb") as c:
            assert a.read() == c.read()


def test_a_folder_too_deep_to_list_is_an_error_not_a_silent_skip(tmp_path):
    """A file below PATH_MAX's reach used to vanish from the scan with exit 0 (issue #21)."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "near.txt").write_text("A short article about the council.\n", encoding="utf-8")
    level = "d" * 200
    fd = os.open(tmp_path / "in", os.O_RDONLY)
    try:
        for _ in range(25):  # 25 x 201 characters: past Linux's 4,096-byte PATH_MAX
            os.mkdir(level, dir_fd=fd)
            deeper = os.open(level, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = deeper
        article = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(article, b"The council met on Tuesday.\n")
        os.close(article)
    finally:
        os.close(fd)
    result = run_cli("scan", "in", "--no-cache", "--format", "json", cwd=tmp_path)
    unlisted = [line for line in result.stderr.splitlines() if "cannot list folder" in line]
    assert len(unlisted) == 1, result.stderr
    assert unlisted[0].startswith("error: in/") and unlisted[0].endswith("File name too long")
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == ["in/near.txt"]
    assert result.returncode == 2
