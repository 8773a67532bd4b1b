"""Writes are atomic, keep permissions, never escape --out, and --in-place refuses stale reads."""

import os
import stat
import time

import pytest

from cleanup.analysis import Recipe
from cleanup.document import Document
from cleanup.io.reading import read_source
from cleanup.io.writing import STALE_SECONDS, WriteError, mirrored_path
from cleanup.run import FileResult, apply_fixes, write_cleaned
from tests.conftest import run_cli


def test_cleaned_copy_keeps_permissions_and_no_temp_files_remain(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Seoul,South Korea said.\n", encoding="utf-8")
    article.chmod(0o640)
    assert run_cli("fix", "a.txt", "--out", "out", "--no-cache", cwd=tmp_path).returncode == 0
    copy = tmp_path / "out" / "a.txt"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o640
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["a.txt"]


def test_in_place_fix_rewrites_and_keeps_permissions(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Seoul,South Korea said.\n", encoding="utf-8")
    article.chmod(0o600)
    assert run_cli("fix", "a.txt", "--in-place", "--no-cache", cwd=tmp_path).returncode == 0
    assert article.read_text(encoding="utf-8") == "Seoul, South Korea said.\n"
    assert stat.S_IMODE(article.stat().st_mode) == 0o600


def test_in_place_refuses_a_file_changed_after_it_was_read(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Seoul,South Korea said.\n", encoding="utf-8")
    source = read_source(str(article))
    analyzer, _ = Recipe().build()
    result = FileResult(source, analyzer.analyse(Document(source.text, source.path)))
    apply_fixes(result, analyzer, False, None)
    article.write_text("Someone else's edit.\n", encoding="utf-8")
    os.utime(article, ns=(source.mtime_ns + 10**9, source.mtime_ns + 10**9))
    write_cleaned(result, None)
    assert result.error is not None and "changed on disk after it was read" in result.error
    assert article.read_text(encoding="utf-8") == "Someone else's edit.\n"


def test_output_never_lands_outside_the_out_folder(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    assert mirrored_path("../../etc/passwd.txt", out) == out / "etc" / "passwd.txt"
    assert mirrored_path("/abs/path/a.txt", out) == out / "abs" / "path" / "a.txt"
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (out / "trap").symlink_to(outside)  # a symlink inside --out that points outside it
    with pytest.raises(WriteError, match="outside"):
        mirrored_path("trap/a.txt", out)


def test_fix_through_a_symlinked_output_path_writes_nothing_outside(tmp_path):
    (tmp_path / "trap").mkdir()
    (tmp_path / "trap" / "a.txt").write_text("Seoul,South Korea said.\n", encoding="utf-8")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "trap").symlink_to(outside)
    result = run_cli("fix", "trap", "--out", "out", "--no-cache", cwd=tmp_path)
    assert "would land outside" in result.stderr
    assert list(outside.iterdir()) == []


def test_two_inputs_for_one_output_are_an_error_not_an_overwrite(tmp_path):
    from tests.conftest import SEEDS, run_cli

    seed = next(SEEDS.glob("002_*.txt"))
    (tmp_path / "b.txt").write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("fix", "./b.txt", "b.txt", "--out", "out", "--no-report", cwd=tmp_path)
    assert result.returncode == 2
    assert "error: b.txt: its cleaned copy out/b.txt is also ./b.txt's; not written" in result.stderr
    assert "1 not written" in result.stdout


def test_a_report_for_an_article_that_is_all_boilerplate(tmp_path):
    from tests.conftest import run_cli

    (tmp_path / "only.txt").write_text("Copyright 2019 Reuters. All rights reserved.\n", encoding="utf-8")
    result = run_cli("fix", "only.txt", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "out" / "only.txt").read_text(encoding="utf-8") == ""
    assert "(empty)" in (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")


def test_in_place_refuses_an_edit_that_kept_the_mtime(tmp_path):
    import os

    from cleanup.analysis import Analyzer, Settings
    from cleanup.engine.registry import Registry
    from cleanup.io.reading import read_source
    from tests.conftest import SEEDS

    path = tmp_path / "a.txt"
    path.write_text(next(SEEDS.glob("002_*.txt")).read_text(encoding="utf-8"), encoding="utf-8")
    source = read_source(str(path), 1 << 24)
    stat = path.stat()
    edited = path.read_bytes().replace(b"the", b"teh", 1)  # same size, as `cp -p` of an edited copy
    path.write_bytes(edited)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    result = FileResult(source, Analyzer(Registry.load(), Settings()).analyse(Document(source.text)))
    apply_fixes(result, Analyzer(Registry.load(), Settings()), False, None)
    write_cleaned(result, None)
    assert result.error == f"{path}: changed on disk after it was read; not fixed in place"
    assert path.read_bytes() == edited


def test_fix_never_reads_its_own_output(tmp_path):
    from tests.conftest import SEEDS, run_cli

    for seed in sorted(SEEDS.glob("00[234]_*.txt")):
        (tmp_path / seed.name).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    first = run_cli("fix", ".", cwd=tmp_path)
    second = run_cli("fix", ".", cwd=tmp_path)
    assert first.returncode == second.returncode == 0
    assert "3 file(s) cleaned" in second.stdout and "cleaned/cleaned" not in second.stdout
    assert not (tmp_path / "cleaned" / "cleaned").exists()
    assert sorted(p.name for p in (tmp_path / "cleaned").iterdir()) == sorted(
        p.name for p in tmp_path.glob("*.txt")
    )


def test_temporary_files_left_by_a_killed_run_are_removed_and_fresh_ones_kept(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Seoul,South Korea said.\n", encoding="utf-8")
    stale = tmp_path / ".a.txt.k3j9x_2q.tmp"  # the name atomic_write gives its temporary file
    fresh = tmp_path / ".a.txt.p0o9i8u7.tmp"  # a concurrent run's write in progress
    other = tmp_path / ".notes.tmp"  # not ours
    for path in (stale, fresh, other):
        path.write_bytes(b"half a file")
    old = time.time() - 2 * STALE_SECONDS
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    assert run_cli("fix", "a.txt", "--in-place", "--no-cache", "--no-report", cwd=tmp_path).returncode == 0
    assert not stale.exists() and fresh.exists() and other.exists()
    assert article.read_text(encoding="utf-8") == "Seoul, South Korea said.\n"


def test_a_folder_swapped_for_a_link_after_the_check_cannot_redirect_the_write(tmp_path):
    """mirrored_path checks the path; by the time of the write a folder below --out may be a link."""
    from cleanup.io.writing import write_below

    out, outside = tmp_path / "out", tmp_path / "outside"
    outside.mkdir()
    target = mirrored_path("news/today/a.txt", out)  # checked while news/ is still a real folder
    (out / "news").mkdir(parents=True)
    (out / "news").rmdir()
    (out / "news").symlink_to(outside, target_is_directory=True)  # the swap
    with pytest.raises(WriteError, match="news is a symbolic link or not a folder"):
        write_below(out, target, b"cleaned\n")
    assert list(outside.iterdir()) == []
    write_below(out, out / "wire" / "b.txt", b"cleaned\n")  # real folders are made and written through
    assert (out / "wire" / "b.txt").read_bytes() == b"cleaned\n"
    assert [p.name for p in (out / "wire").iterdir()] == ["b.txt"]  # no temporary file left


def _full_after(limit: int):  # type: ignore[no-untyped-def]
    """A disk that refuses every byte past `limit` in one file, as a full disk refuses them (EFBIG here,
    ENOSPC there: the same failed write)."""
    import resource
    import signal

    def start() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # else the kernel kills the writer
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return start


@pytest.mark.skipif(not hasattr(os, "fork"), reason="sets a file-size limit in the child")
@pytest.mark.parametrize("mode", ["--out", "--in-place"])
def test_writes_that_fail_for_want_of_space_say_so_exit_2_and_leave_no_part_files(tmp_path, mode):
    import subprocess
    import sys

    from tests.conftest import SEEDS

    source = tmp_path / "in"
    source.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        (source / seed.name).write_bytes(seed.read_bytes())
    (source / "short.txt").write_text("A short article about the council.\n", encoding="utf-8")
    originals = {p.name: p.read_bytes() for p in source.iterdir()}
    wanted = tmp_path / "wanted"
    assert run_cli("fix", "in", "--out", "wanted", "--no-cache", "--no-report", cwd=tmp_path).returncode == 0
    cleaned = {p.name: p.read_bytes() for p in (wanted / "in").iterdir()}
    limit = 2600  # some cleaned copies fit, some do not
    too_big = sorted(name for name, data in cleaned.items() if len(data) > limit)
    assert 0 < len(too_big) < len(cleaned)
    target = ["--out", str(tmp_path / "out")] if mode == "--out" else ["--in-place"]
    result = subprocess.run(
        [sys.executable, "-m", "cleanup", "fix", "in", *target, "--no-cache", "--no-report"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        preexec_fn=_full_after(limit),
        timeout=300,
    )
    assert result.returncode == 2, result.stderr
    failed = sorted(line.split(": ")[1].split("/")[-1] for line in result.stderr.splitlines())
    # --out writes every copy; --in-place rewrites only the files that change
    assert failed == [n for n in too_big if mode == "--out" or cleaned[n] != originals[n]]
    assert all(": cannot write (" in line for line in result.stderr.splitlines())
    written = (tmp_path / "out" / "in") if mode == "--out" else source
    for name in cleaned:
        path = written / name
        if name in failed:  # the original intact, no half-written copy
            assert (path.read_bytes() == originals[name]) if mode == "--in-place" else not path.exists()
        else:
            assert path.read_bytes() == cleaned[name]
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]
