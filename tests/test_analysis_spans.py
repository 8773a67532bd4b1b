"""The span index behind "inside a removal" and "touches a fenced block" agrees with a pass over every
span (it replaced that pass, which cost findings x spans on a long file)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.textutil import Spans

span = st.tuples(st.integers(0, 60), st.integers(0, 12)).map(lambda p: (p[0], p[0] + p[1]))


@settings(max_examples=3000, deadline=None)
@given(st.lists(span, max_size=8), span)
def test_agrees_with_every_span_checked_in_turn(spans, finding):
    start, end = finding
    index = Spans(spans)
    assert index.contains(start, end) == any(s <= start and end <= e for s, e in spans)
    assert index.touches(start, end) == any(start < e and s < max(end, start + 1) for s, e in spans)
