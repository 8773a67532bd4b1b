"""A catastrophic pattern in a user pack stops that rule on that file, not the scan."""

import json
import time

import pytest

from tests.conftest import run_cli

PACK = """\
rules:
  - code: SLOW1
    name: catastrophic
    category: typography
    severity: warning
    summary: Exponential backtracking.
    message: "never"
    rationale: Shows the time limit.
    kind: regex
    pattern: '(a|aa)+b'
    examples:
      - fail: "aab"
      - pass: "c"
"""


def test_catastrophic_pattern_times_out_and_the_scan_goes_on(tmp_path):
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "slow.yml").write_text(PACK, encoding="utf-8")
    (tmp_path / "a.txt").write_text("a" * 60 + "\nSeoul,South Korea said.\n", encoding="utf-8")
    result = run_cli("scan", "a.txt", "--rules", str(packs), "--no-cache", cwd=tmp_path)
    assert "rule SLOW1 timed out after 2s and was skipped" in result.stdout
    assert "TY104" in result.stdout  # the other rules still ran


CONTEXT_PACK = """\
rules:
  - code: SLOW2
    name: catastrophic-context
    category: typography
    severity: warning
    summary: Exponential backtracking in a context pattern.
    message: "never"
    rationale: Shows the time limit holds for context patterns too.
    kind: regex
    pattern: 'x'
    {field}: '(a|aa)+b'
    examples:
      - fail: "x"
      - pass: "c"
"""


@pytest.mark.parametrize("field", ["unless_before", "if_before", "unless_after"])
@pytest.mark.parametrize("command", ["scan", "fix"])
def test_a_catastrophic_context_pattern_times_out_in_scan_and_fix(tmp_path, field, command):
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "slow.yml").write_text(CONTEXT_PACK.format(field=field), encoding="utf-8")
    (tmp_path / "a.txt").write_text(
        "a" * 40 + "x" + "a" * 40 + "\nSeoul,South Korea said.\n", encoding="utf-8"
    )
    extra = ["--out", "out", "--no-report"] if command == "fix" else []
    started = time.monotonic()
    result = run_cli(command, "a.txt", "--rules", str(packs), "--no-cache", *extra, cwd=tmp_path)
    assert time.monotonic() - started < 60  # unbounded, this pattern takes longer than the universe has
    assert "rule SLOW2 timed out after 2s and was skipped" in result.stdout + result.stderr
    if command == "fix":
        assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8").endswith("Seoul, South Korea said.\n")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_over_the_analysis_budget_is_skipped_with_one_line_and_the_rest_go_on(tmp_path, jobs):
    from tests.conftest import seed_text

    # About 5 MB (some 12 s of analysis) against a 3 s budget: the small file, which may be a fresh worker's
    # first and pay its one-time loads, stays well inside it (0.05 s did not, on a busy machine).
    (tmp_path / "big.txt").write_text(seed_text("002") * 1600, encoding="utf-8")
    (tmp_path / "small.txt").write_text("Seoul,South Korea said.\n", encoding="utf-8")
    result = run_cli(
        "scan", "big.txt", "small.txt", "--analysis-timeout", "3", "--jobs", jobs, "--no-cache",
        "--format", "json", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 2  # a file not analysed is never a success
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == ["error: big.txt: analysis took longer than 3 s (analysis-timeout); skipped"]
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == ["small.txt"]


def test_a_fix_pass_over_the_budget_stops_the_loop_and_keeps_the_earlier_passes():
    from cleanup.analysis import Analyzer, Settings
    from cleanup.document import Document
    from cleanup.engine.registry import Registry
    from cleanup.fixes import apply_edits, choose_edits
    from cleanup.io.reading import SourceText
    from cleanup.run import FileResult, apply_fixes
    from tests.conftest import seed_text

    analyzer = Analyzer(Registry.load(), Settings())
    text = seed_text("002")
    result = FileResult(SourceText("002.txt", text), analyzer.analyse(Document(text, "002.txt")))
    apply_fixes(result, analyzer, False, None, budget=0.0001)  # every later pass is over the budget
    assert result.fixed_text == apply_edits(text, choose_edits(result.analysis.findings))  # the first pass
    assert result.analysis.warnings[-1].startswith("fixing stopped early: analysis took longer than 0.0001 s")
