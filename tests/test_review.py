"""`cleanup apply`: a reviewer's decisions written back, byte for byte, refusing what changed."""

import json
import shutil

from cleanup.fixes import Edit, splice
from tests.conftest import SEEDS, run_cli

SEED = "002_5e5b250b9fc09084.txt"


def _fixed_tree(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    result = run_cli("fix", "seeds", "--no-cache", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "reports" / "changes.json").read_text(encoding="utf-8"))
    return result, manifest


def _decisions(tmp_path, manifest, files: dict[str, dict[str, bool]]):
    path = tmp_path / "decisions.json"
    body = {
        "cleanup_decisions": 1,
        "run": manifest["run"],
        "files": [{"file": name, "sha256": "", "decisions": chosen} for name, chosen in files.items()],
    }
    path.write_text(json.dumps(body), encoding="utf-8")
    return path


def test_report_counts_match_the_cli_and_defaults_rebuild_the_cleaned_copies(tmp_path):
    result, manifest = _fixed_tree(tmp_path)
    for line in result.stdout.splitlines():
        if " -> " not in line:
            continue
        path = line.split(" -> ")[0]
        applied = [c for c in manifest["files"][path]["changes"] if c["on"]]
        assert f": {len(applied)} edit(s)" in line
        original = (tmp_path / path).read_text(encoding="utf-8")
        edits = [Edit(c["start"], c["end"], c["new"], ()) for c in applied]
        assert splice(original, edits) == (tmp_path / "cleaned" / path).read_text(encoding="utf-8")


def test_apply_writes_exactly_the_chosen_changes(tmp_path):
    _result, manifest = _fixed_tree(tmp_path)
    path = f"seeds/{SEED}"
    changes = manifest["files"][path]["changes"]
    caption = next(c for c in changes if "BP104" in c["rules"])
    decisions = _decisions(tmp_path, manifest, {path: {caption["id"]: False}})
    result = run_cli("apply", str(decisions), "--out", "applied", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    original = (tmp_path / path).read_text(encoding="utf-8")
    kept = [Edit(c["start"], c["end"], c["new"], ()) for c in changes if c["on"] and c is not caption]
    assert (tmp_path / "applied" / path).read_text(encoding="utf-8") == splice(original, kept)
    assert original[caption["start"] : caption["end"]].strip() in (tmp_path / "applied" / path).read_text()
    assert f"{len(kept)} of {len(changes)} change(s)" in result.stdout
    assert (tmp_path / path).read_text(encoding="utf-8") == original  # originals untouched


def test_apply_refuses_a_file_that_changed_since_the_report_and_writes_the_others(tmp_path):
    _result, manifest = _fixed_tree(tmp_path)
    (tmp_path / "seeds" / SEED).write_text("Rewritten after the review.\n", encoding="utf-8")
    decisions = _decisions(tmp_path, manifest, {})
    result = run_cli("apply", str(decisions), "--out", "applied", cwd=tmp_path)
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: seeds/{SEED}: changed since the report was written; not applied"]
    assert not (tmp_path / "applied" / "seeds" / SEED).exists()
    assert (tmp_path / "applied" / "seeds" / "003_fa8b04aa685cc998.txt").is_file()


def test_apply_in_place_and_clear_errors_for_bad_decisions(tmp_path):
    _result, manifest = _fixed_tree(tmp_path)
    other_run = _decisions(tmp_path, {**manifest, "run": "0" * 16}, {})
    result = run_cli("apply", str(other_run), cwd=tmp_path)
    assert result.returncode == 2 and "export them again from this report" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = run_cli("apply", str(broken), cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.startswith(f"cleanup: {broken}: not a readable")
    result = run_cli("apply", str(_decisions(tmp_path, manifest, {})), "--in-place", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for seed in SEEDS.glob("*.txt"):
        assert (tmp_path / "seeds" / seed.name).read_bytes() == (
            tmp_path / "cleaned" / "seeds" / seed.name
        ).read_bytes()
