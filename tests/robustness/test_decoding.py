"""Encodings and line endings are detected, reported where unusual, and kept when writing cleaned copies."""

import json

from tests.conftest import run_cli

DIRTY = "Seoul,South Korea said talks  would resume.\nThe ministry agreed.\n"
CLEAN = "Seoul, South Korea said talks would resume.\nThe ministry agreed.\n"


def _fix(tmp_path, name, data: bytes) -> bytes:
    (tmp_path / name).write_bytes(data)
    result = run_cli("fix", name, "--out", "out", "--no-cache", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return (tmp_path / "out" / name).read_bytes()


def test_utf8_with_bom_keeps_its_bom(tmp_path):
    assert _fix(tmp_path, "a.txt", b"\xef\xbb\xbf" + DIRTY.encode()) == b"\xef\xbb\xbf" + CLEAN.encode()


def test_utf16_with_bom_is_read_and_written_as_utf16(tmp_path):
    out = _fix(tmp_path, "a.txt", DIRTY.encode("utf-16"))
    assert out.decode("utf-16") == CLEAN and out[:2] in (b"\xff\xfe", b"\xfe\xff")


def test_cp1252_is_detected_reported_and_kept(tmp_path):
    text = "Caf\u00e9 owners in Seoul,South Korea said the \u201csummit\u201d was good for business.\n" * 3
    (tmp_path / "a.txt").write_bytes(text.encode("cp1252"))
    scan = run_cli("scan", "a.txt", "--format", "json", "--no-cache", cwd=tmp_path)
    data = json.loads(scan.stdout)["files"][0]
    assert data["encoding"] == "cp1252"
    assert any(f["rule"] == "TY112" for f in data["findings"])
    out = _fix(tmp_path, "a.txt", text.encode("cp1252"))
    assert out == text.replace("Seoul,South", "Seoul, South").encode("cp1252")


def test_crlf_and_cr_line_endings_are_preserved(tmp_path):
    for newline in ("\r\n", "\r"):
        out = _fix(tmp_path, "a.txt", DIRTY.replace("\n", newline).encode())
        assert out == CLEAN.replace("\n", newline).encode()


def test_mixed_line_endings_are_kept_verbatim(tmp_path):
    data = b"Seoul,South Korea said.\r\nTalks  resume.\nDone.\r"
    out = _fix(tmp_path, "a.txt", data)
    assert out == b"Seoul, South Korea said.\r\nTalks resume.\nDone.\r"


def test_empty_file_is_fine(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run_cli("scan", "empty.txt", "--no-cache", cwd=tmp_path)
    assert result.returncode == 0 and "1 file; 0 findings" in result.stdout


def test_utf16_without_a_bom_is_text_and_keeps_its_format(tmp_path):
    for codec in ("utf-16-le", "utf-16-be"):
        out = _fix(tmp_path, f"{codec}.txt", DIRTY.encode(codec))
        assert out == CLEAN.encode(codec), codec  # no BOM added, same byte order
    scan = run_cli("scan", "utf-16-le.txt", "--format", "json", "--no-cache", cwd=tmp_path)
    assert "UTF-16 without a byte-order mark" in " ".join(json.loads(scan.stdout)["files"][0]["notes"])


def test_nul_bytes_that_are_not_utf16_stay_binary(tmp_path):
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 8)
    result = run_cli("scan", "blob.txt", "--no-cache", cwd=tmp_path)
    assert "blob.txt: binary file (contains NUL bytes); skipped" in result.stderr
