from cleanup.document import Document
from cleanup.findings import Finding, Fix
from cleanup.fixes import apply_edits, choose_edits, fix_text
from tests.conftest import assert_only_edit_spans_changed, seed_text


def _finding(rule, start, end, replacement, safety="safe"):
    return Finding(rule, start, end, "", Fix(replacement, safety))


def test_overlapping_deletions_merge_and_other_overlaps_keep_the_first():
    edits = choose_edits(
        [
            _finding("BP1", 0, 5, ""),
            _finding("BP2", 3, 8, ""),
            _finding("TY1", 10, 12, " "),
            _finding("TY2", 11, 13, "x"),
        ]
    )
    assert [(e.start, e.end, e.replacement) for e in edits] == [(0, 8, ""), (10, 12, " ")]
    assert edits[0].rules == ("BP1", "BP2")


def test_unsafe_fixes_need_permission():
    findings = [_finding("MT1", 0, 3, "the", "unsafe")]
    assert choose_edits(findings) == []
    assert len(choose_edits(findings, allow_unsafe=True)) == 1


def test_fix_is_idempotent_on_every_seed(analyzer):
    for prefix in ("000", "001", "002", "003", "004"):
        once, _ = fix_text(seed_text(prefix), analyzer.detect_text)
        twice, edits = fix_text(once, analyzer.detect_text)
        assert twice == once
        assert edits == []


def test_edits_change_only_their_spans(analyzer):
    text = seed_text("002")
    findings = analyzer.detect_text(text)
    edits = choose_edits(findings)
    fixed = apply_edits(text, edits)
    # Everything between edits is copied verbatim, in order.
    assert_only_edit_spans_changed(text, edits, fixed)
    assert Document(fixed).text == fixed
