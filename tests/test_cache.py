import json
import shutil

from tests.conftest import SEEDS, run_cli


def _scan(cwd, *extra):
    result = run_cli("scan", "seeds", "--format", "json", *extra, cwd=cwd)
    data = json.loads(result.stdout)
    return data["summary"]["cache"], [(f["path"], f["findings"]) for f in data["files"]]


def test_unchanged_files_come_from_the_cache(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    first_stats, first = _scan(tmp_path)
    assert first_stats == {"hits": 0, "misses": 5}
    assert (tmp_path / ".cleanup_cache" / "CACHEDIR.TAG").is_file()
    second_stats, second = _scan(tmp_path)
    assert second_stats == {"hits": 5, "misses": 0}
    assert second == first
    seed = next((tmp_path / "seeds").glob("003_*.txt"))
    seed.write_text(seed.read_text(encoding="utf-8") + "\nShow More\n", encoding="utf-8")
    third_stats, _ = _scan(tmp_path)
    assert third_stats["misses"] >= 1 and third_stats["hits"] >= 3


def test_settings_change_and_no_cache(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    _scan(tmp_path)
    stats, _ = _scan(tmp_path, "--select", "TY")
    assert stats["hits"] == 0
    none, _ = _scan(tmp_path, "--no-cache")
    assert none is None


def _files(cwd, *extra):
    result = run_cli("scan", "seeds", "--format", "json", *extra, cwd=cwd)
    return json.loads(result.stdout)["files"]


def test_readability_figures_are_cached_with_the_result(tmp_path):
    """JSON from the cache equals JSON analysed afresh, figures included, whichever output filled it."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    fresh = _files(tmp_path, "--no-cache")
    run_cli("scan", "seeds", cwd=tmp_path)  # text output: the cache gets no figures
    assert _files(tmp_path) == fresh  # figures computed for the hits, and cached now
    entries = [
        json.loads(p.read_bytes().partition(b"\n")[2]) for p in (tmp_path / ".cleanup_cache").rglob("*.json")
    ]
    assert len(entries) == 5 and all(e["readability"] is not None for e in entries)
    assert _files(tmp_path) == fresh
    assert fresh[1]["readability"]["flesch_reading_ease"] > 0
