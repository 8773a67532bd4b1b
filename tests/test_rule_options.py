"""Detector thresholds live in the rules' YAML `options:` (issue #19): changing a value there, and nowhere
else, changes what the detector does; and `cleanup rule CODE` documents every one of them."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path

import pytest

import cleanup
from cleanup import api
from cleanup.detectors import boilerplate, language
from cleanup.engine import packs, registry
from tests.conftest import run_cli

RELATED = (
    "The council approved the new budget on Tuesday after a long debate.\n\n"
    "Related stories\n\n"
    "Mayor unveils plan for new bus lanes\n\n"
    "City pool to reopen after repairs\n\n"
    "Library extends its weekend hours\n"
)


@pytest.fixture
def rules_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the built-in rules that the detectors read instead of the shipped ones."""
    copy = tmp_path / "rules"
    shutil.copytree(packs.builtin_rules_dir(), copy)
    monkeypatch.setattr(packs, "builtin_rules_dir", lambda: copy)
    monkeypatch.setattr(registry, "builtin_rules_dir", lambda: copy)
    _forget()
    yield copy
    monkeypatch.undo()
    _forget()


def _forget() -> None:
    boilerplate._builtin.cache_clear()
    api._DEFAULT = None


def _set_option(path: Path, name: str, value: str) -> None:
    """Set the option in the first rule of the pack file that has it."""
    text = path.read_text(encoding="utf-8")
    changed, n = re.subn(rf"(?m)^(\s+{name}): [^\s#]+", rf"\g<1>: {value}", text, count=1)
    assert n == 1, f"{name} not found in {path.name}"
    path.write_text(changed, encoding="utf-8")


def _related_lines(text: str) -> list[str]:
    result = cleanup.Checker().check(text)
    return [text[f.start : f.end].strip() for f in result.findings if f.rule == "BP102"]


def test_the_block_under_a_related_heading_is_as_long_as_its_option_says(rules_copy: Path) -> None:
    shipped = _related_lines(RELATED)
    assert "Library extends its weekend hours" in shipped
    _set_option(rules_copy / "boilerplate" / "related.yml", "block_lines", "1")
    _forget()
    shorter = _related_lines(RELATED)
    assert "Mayor unveils plan for new bus lanes" in shorter
    assert "Library extends its weekend hours" not in shorter


def test_what_counts_as_prose_is_the_options_word_count(rules_copy: Path) -> None:
    line = "Sign up to get the news you need every morning."  # 10 words and a full stop: prose
    assert boilerplate.prose_like(line)
    _set_option(rules_copy / "boilerplate" / "context.yml", "prose_min_words", "12")
    _forget()
    assert not boilerplate.prose_like(line)


def test_the_language_sample_is_the_options_length(rules_copy: Path) -> None:
    german = (
        "Die Bundesregierung hat am Donnerstag in Berlin beschlossen, dass die Sanktionen gegen das Land "
        "weiter bestehen bleiben und nicht aufgehoben werden. "
    )
    text = "The council met on Tuesday and it approved the budget for the year. " * 12 + german
    codes = {f.rule for f in cleanup.Checker().check(text).findings}
    assert "LG102" in codes  # an English article with a German passage
    _set_option(rules_copy / "language.yml", "sample_chars", "60")
    _forget()
    # The first 60 characters hold 12 words and no foreign function word: the document is English unasked,
    # and with no German word in the sample (nor a German letter anywhere) no passage is looked for.
    codes = {f.rule for f in cleanup.Checker().check(text).findings}
    assert "LG101" not in codes and "LG102" not in codes
    _set_option(rules_copy / "language.yml", "min_words", "20")
    _forget()
    # ... but a 12-word sample is now too short to have a language: English-only rules are skipped.
    found = cleanup.Checker().check(text).findings
    assert [f.data.get("language") for f in found if f.rule == "LG101"] == ["und"]


@pytest.mark.parametrize(
    "code, cls",
    [
        ("BP102", boilerplate.RelatedBlockOptions),
        ("BP106", boilerplate.TemplateOptions),
        ("BP120", boilerplate.RemovalPolicy),
        ("LG101", language.LanguageOptions),
        ("LG102", language.PassageOptions),
    ],
)
def test_rule_docs_list_every_option_with_its_value(code: str, cls: type) -> None:
    shown = run_cli("rule", code).stdout
    for f in fields(cls):
        assert re.search(rf"^\s+{f.name}: \S.*\s+- \S", shown, re.M), f"{code} does not document {f.name}"
