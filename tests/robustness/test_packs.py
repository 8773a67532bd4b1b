"""User rule packs: bad packs give one clear line naming the file and the line; good ones just work."""

from pathlib import Path

import pytest

from cleanup.document import Document
from cleanup.engine.matchers import compile_matcher
from cleanup.engine.packs import PackError, load_pack_file
from tests.conftest import run_cli

GOOD = """\
rules:
  - code: NEWS101
    name: take-a-decision
    category: machine-translation
    severity: warning
    summary: Calque of "eine Entscheidung treffen".
    message: "Use {replacement!r} instead of {text!r}"
    rationale: English makes decisions.
    kind: substitution
    swap: {"took a decision": "made a decision"}
    fix: {safety: unsafe}
    score: {verdict: machine-translation, points: 1.5, cap: 3.0}
    examples:
      - fail: "They took a decision."
        fix: "They made a decision."
      - pass: "They made a decision."
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pack.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_invalid_yaml_names_file_and_line(tmp_path):
    path = _write(tmp_path, "rules:\n  - code: X1\n    name: [unclosed\n")
    with pytest.raises(PackError, match=r"pack\.yml:\d+: invalid YAML"):
        load_pack_file(path)


def test_unknown_key_names_the_rule_line(tmp_path):
    path = _write(tmp_path, GOOD.replace("    kind: substitution", "    kind: substitution\n    colour: red"))
    with pytest.raises(PackError, match=r"pack\.yml:2: unknown key\(s\) for a substitution rule: colour"):
        load_pack_file(path)


def test_bad_regex_is_reported(tmp_path):
    bad = (
        GOOD.replace("kind: substitution", "kind: regex\n    pattern: '(unclosed'")
        .replace('    swap: {"took a decision": "made a decision"}\n', "")
        .replace("fix: {safety: unsafe}", "fix: {safety: unsafe, replacement: x}")
    )
    path = _write(tmp_path, bad)
    with pytest.raises(PackError, match=r"pack\.yml:2: NEWS101: bad pattern"):
        load_pack_file(path)


def test_words_need_a_group_named_word(tmp_path):
    bad = (
        GOOD.replace(
            "kind: substitution", "kind: regex\n    pattern: '(\\d+) (Mio)'\n    words: {Mio: million}"
        )
        .replace('    swap: {"took a decision": "made a decision"}\n', "")
        .replace("fix: {safety: unsafe}", "fix: {safety: safe, replacement: '\\1 {word}'}")
    )
    path = _write(tmp_path, bad)
    with pytest.raises(PackError, match=r"pack\.yml:2: NEWS101: .*group named `word`"):
        load_pack_file(path)
    fixed = bad.replace("(Mio)", "(?P<word>Mio)").replace(
        'fail: "They took a decision."\n        fix: "They made a decision."',
        'fail: "It cost 5 Mio dollars."\n        fix: "It cost 5 million dollars."',
    )
    (spec,) = load_pack_file(_write(tmp_path, fixed))
    (finding,) = compile_matcher(spec)(Document("It cost 5 Mio dollars."))
    assert finding.fix is not None and finding.fix.replacement == "5 million"
    # A word the mapping lacks is still flagged, with no fix rather than a wrong one.
    spec.options["pattern"] = r"(\d+) (?P<word>Mio|Mrd)"
    (finding,) = compile_matcher(spec)(Document("It cost 5 Mrd dollars."))
    assert finding.fix is None


def test_case_sensitive_keys_must_be_swap_phrases(tmp_path):
    bad = GOOD.replace(
        "    kind: substitution", '    kind: substitution\n    case_sensitive_keys: ["Took A Vote"]'
    )
    with pytest.raises(PackError, match=r"pack\.yml:2: NEWS101: .*case_sensitive_keys"):
        load_pack_file(_write(tmp_path, bad))
    good = GOOD.replace(
        "    kind: substitution", '    kind: substitution\n    case_sensitive_keys: ["took a decision"]'
    )
    (spec,) = load_pack_file(_write(tmp_path, good))
    matcher = compile_matcher(spec)
    assert [f.start for f in matcher(Document("They took a decision. They Took A Decision."))] == [5]


def test_user_pack_runs_from_the_cli(tmp_path):
    pack_dir = tmp_path / "packs"
    pack_dir.mkdir()
    (pack_dir / "news.yml").write_text(GOOD, encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("The board took a decision on Monday.\n", encoding="utf-8")
    result = run_cli("scan", str(article), "--rules", str(pack_dir), "--select", "NEWS")
    assert result.returncode == 1
    assert "NEWS101 [warning] Use 'made a decision' instead of 'took a decision'" in result.stdout


def test_bad_user_pack_exits_2_with_one_line(tmp_path):
    pack_dir = tmp_path / "packs"
    pack_dir.mkdir()
    (pack_dir / "bad.yml").write_text("rules: [1, 2", encoding="utf-8")
    result = run_cli("scan", "seeds", "--rules", str(pack_dir))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "bad.yml" in result.stderr and "invalid YAML" in result.stderr


BUILTIN_RULE = """\
rules:
  - code: {code}
    name: house-footer
    category: boilerplate
    severity: warning
    summary: A footer our site adds.
    message: "House footer"
    rationale: Our CMS appends it.
    kind: builtin
    detector: {detector}
    fix: safe
    examples:
      - fail: "The council met.\n\nHouse footer here"
      - pass: "The council met."
"""


@pytest.mark.parametrize(
    ("code", "detector", "reason"),
    [
        ("HOUSE101", "boilerplate", "detector 'boilerplate' never yields HOUSE101 (it yields BP101,"),
        ("HOUSE102", "no_such_detector", "unknown detector 'no_such_detector'"),
    ],
)
def test_a_user_builtin_rule_runs_or_is_refused(tmp_path, code, detector, reason):
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "house.yml").write_text(BUILTIN_RULE.format(code=code, detector=detector), encoding="utf-8")
    (tmp_path / "a.txt").write_text("The council met on Tuesday.\n", encoding="utf-8")
    result = run_cli("scan", "a.txt", "--rules", "packs", cwd=tmp_path)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"cleanup: {Path('packs') / 'house.yml'}:2: {code}: ") and reason in line


def test_a_declared_code_without_its_rule_fails_to_load():
    from cleanup.engine.registry import Registry

    registry = Registry.load()
    without = Registry([s for s in registry.specs if s.code != "BP107"])
    with pytest.raises(PackError, match=r"boilerplate\.py: EMITS BP107, which no rule of the packs declares"):
        _ = without.detectors


def test_every_finding_a_detector_yields_is_declared(analyzer):
    from cleanup.engine.registry import Registry
    from tests.conftest import ROOT

    registry = Registry.load()
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data" / "native").glob("*.txt"))
    ]
    import importlib

    from cleanup.detectors import Context

    yielded: dict[str, set[str]] = {}
    for name, detect in registry.detectors.items():
        module = importlib.import_module(f"cleanup.detectors.{name}")
        for text in texts:
            for finding in detect(Document(text), Context(rule_options=analyzer.rule_options)):
                assert finding.rule in module.EMITS, (name, finding.rule)
                yielded.setdefault(name, set()).add(finding.rule)
    assert {"boilerplate", "mt_casing", "readability"} <= set(yielded)  # the texts exercise them


MT_RULE = """\
rules:
  - code: NEWS201
    name: make-a-photo
    category: machine-translation
    severity: warning
    summary: Calque of "ein Foto machen".
    message: "Calque: {text!r}"
    rationale: English takes photos.
    kind: regex
    pattern: '\\bmade (?:a|the) photo\\b'
    fix: none
{score}    examples:
      - fail: "She made a photo of the rally."
      - pass: "She took a photo of the rally."
"""


def test_a_machine_translation_rule_without_a_weight_fails_to_load(tmp_path):
    path = _write(tmp_path, MT_RULE.replace("{score}", ""))
    with pytest.raises(PackError, match=r"pack\.yml:2: NEWS201: a machine-translation rule needs `score: "):
        load_pack_file(path)
    typo = "    score: {verdict: machine-translation, pointz: 2}\n"
    path = _write(tmp_path, MT_RULE.replace("{score}", typo))
    with pytest.raises(PackError, match=r"pack\.yml:2: NEWS201: unknown score key\(s\) pointz"):
        load_pack_file(path)
    path = _write(tmp_path, MT_RULE.replace("{score}", "    score: {verdict: spin, points: 2}\n"))
    with pytest.raises(
        PackError, match=r"NEWS201: a machine-translation rule scores towards machine-translation"
    ):
        load_pack_file(path)


def test_a_user_rule_weight_feeds_the_verdict(tmp_path):
    packs = tmp_path / "packs"
    packs.mkdir()
    score = "    score: {verdict: machine-translation, points: 1.5, cap: 3.0}\n"
    (packs / "calques.yml").write_text(MT_RULE.replace("{score}", score), encoding="utf-8")
    text = "She made a photo of the rally on Monday. Later he made the photo of the crowd in the square.\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    plain = run_cli("scan", "a.txt", "--format", "json", "--no-cache", cwd=tmp_path)
    with_pack = run_cli("scan", "a.txt", "--rules", "packs", "--format", "json", "--no-cache", cwd=tmp_path)
    import json

    before = json.loads(plain.stdout)["files"][0]
    after = json.loads(with_pack.stdout)["files"][0]
    assert before["verdicts"] == [] and after["verdicts"] == ["machine-translated"]
    assert any(d.startswith("NEWS201@") for d in after["score_drivers"]["machine_translation"])


def test_rules_of_one_word_group_must_agree():
    from dataclasses import replace

    from cleanup.engine.registry import Registry
    from cleanup.scoring import score_table

    specs = Registry.load().specs
    changed = [replace(s, score=replace(s.score, points=2.0)) if s.code == "MT304" else s for s in specs]
    with pytest.raises(PackError, match="MT304: its score differs from MT303's in group 'untranslated'"):
        score_table(changed)


@pytest.mark.parametrize(
    ("code", "options", "reason"),
    [
        ("LG102", {"min_words": None}, "option 'min_words' is missing"),
        ("RD101", {"max_words": "45"}, "option 'max_words' must be a whole number, not '45'"),
        ("RD101", {"max_words": True}, "option 'max_words' must be a whole number, not True"),
        ("LG102", {"min_probability": "high"}, "option 'min_probability' must be a number"),
        ("BP102", {"block_headings": "related"}, "option 'block_headings' must be a list of strings"),
    ],
)
def test_a_detector_option_of_the_wrong_shape_fails_to_load(code, options, reason):
    """A detector's options are a frozen dataclass filled from the YAML; the packs are checked against it
    when they load, so a threshold is never silently defaulted in code. (None: the key is left out.)"""
    from dataclasses import replace

    from cleanup.engine.registry import Registry

    def edited(values: dict) -> dict:
        merged = {**values, **options}
        return {k: v for k, v in merged.items() if v is not None}

    specs = Registry.load().specs
    changed = [replace(s, options=edited(s.options)) if s.code == code else s for s in specs]
    source = next(s.source for s in specs if s.code == code)
    with pytest.raises(PackError) as error:
        _ = Registry(changed).detectors
    assert str(error.value).startswith(f"{source}: {code}: ") and reason in str(error.value)
