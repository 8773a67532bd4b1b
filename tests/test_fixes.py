import random
from itertools import pairwise

from cleanup.document import Document
from cleanup.findings import Finding, Fix
from cleanup.fixes import Edit, apply_edits, choose_edits, compose, fix_text, settle, splice
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


def test_fix_text_returns_splices_of_the_original_on_every_seed(analyzer):
    """Every pass composed into one list: the fixed text is a plain splice of the original."""
    for prefix in ("000", "001", "002", "003", "004"):
        text = seed_text(prefix)
        for unsafe in (False, True):
            fixed, edits = fix_text(text, analyzer.detect_text, allow_unsafe=unsafe)
            assert splice(text, edits) == fixed
            assert all(a.end <= b.start for a, b in pairwise(edits))


def test_a_follow_up_fix_joins_the_change_that_caused_it():
    """Removing "B " from "A  B  C" leaves a doubled space that a second pass removes: one change."""
    original = "A  B C"
    first = [Edit(3, 5, "", ("BP1",))]  # -> "A  C"
    second = [Edit(1, 3, " ", ("TY1",))]  # "A  C" -> "A C"
    composed = compose(original, first, second)
    assert splice(original, composed) == "A C"
    assert [(e.start, e.end, e.replacement, e.rules) for e in composed] == [(1, 5, " ", ("BP1", "TY1"))]


def test_compose_agrees_with_applying_the_passes_one_after_another():
    rng = random.Random(20261202)
    for _ in range(2000):
        original = "".join(rng.choice("ab \n") for _ in range(rng.randint(0, 30)))
        text, composed = original, []
        for _ in range(3):
            edits, pos = [], 0
            while pos <= len(text):
                if rng.random() >= 0.3:
                    pos += rng.randint(1, 4)
                    continue
                start = rng.randint(pos, len(text))
                end = rng.randint(start, min(len(text), start + 4))
                replacement = rng.choice(["", "X", "YZ", " "])
                point = start == end
                if (point and replacement == "") or (
                    point and edits and edits[-1].start == edits[-1].end == start
                ):
                    pos = end + 1
                    continue
                edits.append(Edit(start, end, replacement, ("R",)))
                pos = end + 1 if point else end
            composed = compose(original, composed, edits)
            text = splice(text, edits)
            assert splice(original, composed) == text
            assert all(a.end <= b.start for a, b in pairwise(composed))


def test_a_removal_at_the_end_keeps_the_final_break_in_its_replacement():
    text = "Body.\n\nShare this\n"
    settled = settle(text, [Edit(5, len(text), "", ("BP1",))])
    assert settled[0].replacement == "\n" and splice(text, settled) == "Body.\n"
