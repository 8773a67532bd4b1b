"""The public Python API (issue #17): check, fix, Checker, count_corpus; the CLI uses the same code."""

from __future__ import annotations

import json
import pickle
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

import cleanup
from tests.conftest import SEEDS, run_cli

SEED_000 = next(SEEDS.glob("000_*.txt"))
SEED_002 = next(SEEDS.glob("002_*.txt"))
# A widget line (removed by a safe fix) and an NBSP (a safe typography fix) in one article.
NBSP_AND_WIDGET = (
    "Officials met on Tuesday.\u00a0The talks went well.\n\nShare this article\n\nThe next round is in May.\n"
)


def test_check_gives_the_seed_its_verdict() -> None:
    result = cleanup.check(SEED_000.read_text(encoding="utf-8"))
    assert result.verdicts == ["machine-translated"]
    assert result.scores.machine_translation > 0.5
    assert any(f.category == "machine-translation" for f in result.findings)


def test_to_dict_is_the_json_shape_of_the_command_line() -> None:
    text = SEED_000.read_text(encoding="utf-8")
    mine = cleanup.check(text, path=str(SEED_000.relative_to(SEEDS.parent))).to_dict()
    scanned = run_cli("scan", str(SEED_000.relative_to(SEEDS.parent)), "--format", "json", "--no-cache")
    theirs = json.loads(scanned.stdout)["files"][0]
    assert mine == theirs


def test_fix_equals_the_cleaned_copy_of_cleanup_fix(tmp_path: Path) -> None:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    done = run_cli("fix", "seeds", "--out", "out", "--no-report", "--no-cache", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    cleaned = (tmp_path / "out" / "seeds" / SEED_002.name).read_text(encoding="utf-8")
    text = SEED_002.read_text(encoding="utf-8")
    assert cleanup.fix(text) == cleaned != text


def test_unsafe_fixes_only_when_asked() -> None:
    text = SEED_000.read_text(encoding="utf-8")
    safe, unsafe = cleanup.fix(text), cleanup.fix(text, unsafe=True)
    assert unsafe != safe  # the calques and recasings are unsafe fixes


def _analyse_in_worker(payload: bytes) -> list[tuple[str, int, int]]:
    checker = pickle.loads(payload)
    return [(f.rule, f.start, f.end) for f in checker.check(SEED_002.read_text(encoding="utf-8")).findings]


def test_a_checker_travels_to_a_worker_process() -> None:
    checker = cleanup.Checker({"select": ["BP", "TY"]})
    here = [(f.rule, f.start, f.end) for f in checker.check(SEED_002.read_text(encoding="utf-8")).findings]
    payload = pickle.dumps(checker)
    assert len(payload) < 10_000  # settings travel, not rules and models
    with ProcessPoolExecutor(max_workers=1) as pool:
        there = pool.submit(_analyse_in_worker, payload).result(timeout=120)
    assert there == here and {r[:2] for r, *_ in here} == {"BP", "TY"}


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({"fail-on": "warn"}, "fail-on = 'warn'"),
        ({"grammar": "bogus"}, "grammar = 'bogus'"),
        ({"format": "xml"}, "format = 'xml'"),
        ({"max-bytes": "big"}, "max-bytes = 'big'"),
        ({"colour": True}, "unknown setting 'colour'"),
    ],
)
def test_bad_settings_are_refused_by_name(settings: dict, named: str) -> None:
    with pytest.raises(cleanup.ConfigError, match=named):
        cleanup.Checker(settings)


def test_an_unknown_selector_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown rule selector"):
        cleanup.Checker({"select": ["NOPE999"]})


def test_corpus_counts_merge_like_one_pass() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    whole = cleanup.count_corpus(texts, vocabulary=True)
    merged = cleanup.count_corpus(texts[:2], vocabulary=True).merge(cleanup.count_corpus(texts[2:], True))
    assert (merged.documents, merged.line_keys, merged.vocabulary) == (
        whole.documents,
        whole.line_keys,
        whole.vocabulary,
    )
    assert cleanup.count_corpus(["a\nb", "a\nc"]).shared("a") == 2  # plain strings are fine


def test_corpus_facts_reach_the_checker() -> None:
    footer = "Lokal Bulletin | Newsroom Desk"  # short, not prose: a template line once three files share it
    texts = [f"{p.read_text(encoding='utf-8').rstrip()}\n\n{footer}\n" for p in sorted(SEEDS.glob("*.txt"))]
    stats = cleanup.count_corpus(texts)
    checker = cleanup.Checker({"select": ["BP106"]})
    alone = checker.check(texts[0]).findings
    together = checker.check(texts[0], corpus=stats).findings
    assert alone == [] and [f.rule for f in together] == ["BP106"]
    assert texts[0][together[0].start : together[0].end].strip() == footer


def test_a_suppressed_rule_is_never_applied_on_a_later_pass() -> None:
    # The widget's removal makes the fixer analyse again; the NBSP finding returns on that pass and must
    # stay suppressed there too.
    checker = cleanup.Checker({"per-file-ignores": {"*.txt": ["TY"]}})
    fixed = checker.fix(NBSP_AND_WIDGET, path="story.txt")
    assert "Share this article" not in fixed and "\u00a0" in fixed
    assert "\u00a0" not in cleanup.fix(NBSP_AND_WIDGET)  # without the ignore it is fixed


@pytest.mark.parametrize("jobs", ["1", "2"])  # 2: the fix loop runs in the worker processes
def test_the_command_line_keeps_suppressions_on_every_pass(tmp_path: Path, jobs: str) -> None:
    (tmp_path / "cleanup.toml").write_text('[per-file-ignores]\n"*.txt" = ["TY101"]\n', encoding="utf-8")
    (tmp_path / "story.txt").write_text(NBSP_AND_WIDGET, encoding="utf-8")
    (tmp_path / "story.md").write_text(
        "<!-- cleanup: disable=TY101 -->\n" + NBSP_AND_WIDGET, encoding="utf-8"
    )
    fix = ("fix", "story.txt", "story.md", "--out", "out", "--no-report", "--no-cache", "--jobs", jobs)
    done = run_cli(*fix, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for name in ("story.txt", "story.md"):
        fixed = (tmp_path / "out" / name).read_text(encoding="utf-8")
        assert "Share this article" not in fixed and "\u00a0" in fixed, name


def test_the_readme_examples_run() -> None:
    import os
    import re

    from tests.conftest import ROOT

    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 2
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        scope: dict = {}
        for block in blocks:
            exec(compile(block, "README.md", "exec"), scope)  # our own documentation
    finally:
        os.chdir(here)
    assert scope["result"].verdicts == ["machine-translated"]
    assert scope["stats"].documents == 5
