"""A folder of strange files: each bad one gets one line, the rest are processed, originals stay put."""

import os

import pytest

from tests.conftest import run_cli, seed_text


@pytest.fixture
def mixed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(seed_text("002"), encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (folder / "latin1.txt").write_bytes(
        "Caf\u00e9 owners in Seoul,South Korea said yes.\n".encode("latin-1") * 4
    )
    (folder / "utf16.txt").write_bytes("Seoul,South Korea said yes.\n".encode("utf-16"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "crlf.txt").write_bytes(b"Seoul,South Korea said yes.\r\nTalks  resume.\r\n")
    with open(folder / "huge.txt", "wb") as handle:  # 50 MiB, sparse on disk
        handle.truncate(50 * 1024 * 1024)
    (folder / "dangling.txt").symlink_to(folder / "missing-target.txt")
    (folder / "folder.txt").mkdir()  # a directory with an article's name is skipped by the walk
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and p.name != "huge.txt"}
    return tmp_path, folder, before


def _error_lines(stderr: str) -> dict[str, str]:
    lines = [line for line in stderr.splitlines() if line.startswith("error: ")]
    return {line.split(": ", 2)[1].rsplit("/", 1)[-1]: line for line in lines}


def test_scan_reports_each_bad_file_once_and_processes_the_rest(mixed):
    root, folder, before = mixed
    result = run_cli("scan", "in", "--no-cache", cwd=root)
    errors = _error_lines(result.stderr)
    assert set(errors) == {"binary.txt", "huge.txt", "dangling.txt"}
    assert "binary file" in errors["binary.txt"]
    assert "file is 50 MiB, over the limit of 16 MiB (--max-bytes)" in errors["huge.txt"]
    assert "dangling symbolic link" in errors["dangling.txt"]
    for name in ("good.txt", "latin1.txt", "utf16.txt", "crlf.txt"):
        assert f"in/{name}:" in result.stdout, name
    assert result.returncode == 2  # the good files are all reported, and the unreadable ones fail the run
    assert "Traceback" not in result.stderr
    assert {
        p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and p.name != "huge.txt"
    } == before


def test_fix_writes_the_good_ones_and_leaves_originals_byte_identical(mixed):
    root, folder, before = mixed
    result = run_cli("fix", "in", "--out", "out", "--no-cache", cwd=root)
    assert set(_error_lines(result.stderr)) == {"binary.txt", "huge.txt", "dangling.txt"}
    written = {p.name for p in (root / "out" / "in").iterdir()}
    assert written == {"good.txt", "latin1.txt", "utf16.txt", "empty.txt", "crlf.txt"}
    assert (
        root / "out" / "in" / "crlf.txt"
    ).read_bytes() == b"Seoul, South Korea said yes.\r\nTalks resume.\r\n"
    assert {
        p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and p.name != "huge.txt"
    } == before


def test_max_bytes_is_configurable(mixed):
    root, _folder, _ = mixed
    result = run_cli("scan", "in/crlf.txt", "--max-bytes", "10", "--no-cache", cwd=root)
    assert result.returncode == 2
    assert "in/crlf.txt: file is 45 bytes, over the limit of 10 bytes (--max-bytes)" in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a file without read permission")
def test_unreadable_file(tmp_path):
    article = tmp_path / "secret.txt"
    article.write_text("Seoul,South Korea.\n", encoding="utf-8")
    article.chmod(0)
    result = run_cli("scan", "secret.txt", cwd=tmp_path)
    assert "error: secret.txt: permission denied" in result.stderr and result.returncode == 2


def test_a_folder_named_like_an_article_given_explicitly(tmp_path):
    (tmp_path / "odd.txt").mkdir()
    result = run_cli("scan", "odd.txt", cwd=tmp_path)
    assert result.returncode == 2 and "cleanup: nothing could be read" in result.stderr
