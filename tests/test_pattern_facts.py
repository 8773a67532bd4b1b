"""The boilerplate patterns' literals and widths, kept between runs in the user's cache folder: the same
facts as the parser's, and a corrupt, foreign or stale table is rebuilt, never trusted."""

import json

import pytest

from cleanup.detectors import boilerplate as bp
from cleanup.detectors import boilerplate_patterns as patterns


@pytest.fixture
def families(registry):
    options = {s.code: s.options for s in registry.specs}
    codes = bp.class_codes(options)
    return tuple(bp._freeze(options[code]) for code in sorted(codes.values()))


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "cleanup"


def _stored(cache_home):
    (path,) = cache_home.glob("pattern-facts-*.json")
    return path


def test_the_stored_facts_are_the_parsers(families, cache_home):
    first = patterns.pattern_facts(families)  # computed, then stored
    path = _stored(cache_home)
    assert json.loads(path.read_text()) == first
    expected = {p: patterns._computed_facts(p) for p in patterns._family_patterns(families)}
    assert patterns.pattern_facts(families) == first == expected
    assert any(leading for leading, _required, _width in first.values())  # "By ..." lines have a gate


@pytest.mark.parametrize("damage", [b"{not json", b'{"x": [null, null, 3]}', b"[]", b'{"a": 1}'])
def test_a_damaged_or_foreign_table_is_rebuilt(families, cache_home, damage):
    expected = patterns.pattern_facts(families)
    path = _stored(cache_home)
    path.write_bytes(damage)
    assert patterns.pattern_facts(families) == expected
    assert json.loads(path.read_text()) == expected  # and written back whole


def test_each_pattern_set_has_its_own_table(families, cache_home):
    """The key covers the patterns and the code deriving them: other packs never read this table."""
    patterns.pattern_facts(families)
    patterns.pattern_facts(families[1:])
    assert len(list(cache_home.glob("pattern-facts-*.json"))) == 2


def _fresh_compile() -> None:
    patterns.patterns_for.cache_clear()
    bp._LAST[:] = [None, None, {}]


def test_detection_is_the_same_with_a_cold_and_a_warm_table(cache_home, registry):
    from cleanup.analysis import Analyzer, Settings
    from cleanup.document import Document
    from tests.conftest import seed_text

    text = seed_text("002")
    analyzer = Analyzer(registry, Settings())
    _fresh_compile()  # no table in this cache folder yet: computed from the parser
    cold = [(f.rule, f.start, f.end) for f in analyzer.analyse(Document(text)).findings]
    assert list(cache_home.glob("pattern-facts-*.json"))
    _fresh_compile()  # read back from the table
    warm = [(f.rule, f.start, f.end) for f in analyzer.analyse(Document(text)).findings]
    assert cold == warm and any(rule.startswith("BP") for rule, _s, _e in cold)
