"""A catastrophic pattern in a user pack stops that rule on that file, not the scan."""

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
