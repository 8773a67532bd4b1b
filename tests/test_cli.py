import json
import shutil

from tests.conftest import ROOT, SEEDS, run_cli


def test_scan_seeds_reports_the_known_typography_damage():
    result = run_cli("scan", "seeds/")
    assert result.returncode == 1
    out = result.stdout
    assert "seeds/002_5e5b250b9fc09084.txt:6:21: TY101 [warning]" in out  # NBSP in 002
    assert (
        "seeds/003_fa8b04aa685cc998.txt:1:9: TY104 [warning] Missing space after the comma in 'March,2019'"
        in out
    )
    assert "seeds/003_fa8b04aa685cc998.txt:1:28: TY105" in out  # "| |"
    assert "seeds/004_4293a2782278e2e7.txt:1:1: TY106" in out  # leading space
    assert "fix (safe): replace '\\xa0' with ' '" in out
    for seed in sorted(SEEDS.glob("*.txt")):
        assert f"{seed.relative_to(ROOT)}:" in out, f"no finding for {seed.name}"
    summary = out.strip().splitlines()[-1]
    assert summary.startswith("5 files; ") and "typography" in summary


def test_json_output_has_the_documented_shape():
    result = run_cli("scan", "seeds/", "--format", "json")
    data = json.loads(result.stdout)
    assert data["version"] == 1
    assert len(data["files"]) == 5
    for entry in data["files"]:
        assert {"path", "language", "scores", "verdicts", "readability", "findings"} <= set(entry)
        assert set(entry["scores"]) >= {"machine_translation", "spin", "boilerplate"}
        text = (ROOT / entry["path"]).read_text(encoding="utf-8")
        for finding in entry["findings"]:
            assert set(finding) >= {
                "rule",
                "name",
                "category",
                "severity",
                "message",
                "line",
                "column",
                "end_line",
                "end_column",
                "start",
                "end",
                "text",
                "fix",
            }
            assert text[finding["start"] : finding["end"]] == finding["text"]
            assert finding["category"] in {
                "boilerplate",
                "machine-translation",
                "spin",
                "typography",
                "language",
                "grammar",
                "readability",
            }
            if finding["fix"] is not None:
                assert finding["fix"]["safety"] in ("safe", "unsafe")
    assert data["summary"]["files"] == 5


def test_missing_path_is_one_line_and_exit_2():
    result = run_cli("scan", "no/such/dir")
    assert result.returncode == 2
    errors = result.stderr.strip().splitlines()
    assert errors[0] == "error: no/such/dir: no such file or directory"
    assert len(errors) == 2 and errors[1].startswith("cleanup: nothing could be read")


def test_select_ignore_and_fail_on():
    only_ty104 = run_cli("scan", "seeds/003_fa8b04aa685cc998.txt", "--select", "TY104")
    lines = [line for line in only_ty104.stdout.splitlines() if ": TY" in line]
    assert lines and all(" TY104 " in line for line in lines)
    ignored = run_cli("scan", "seeds/004_4293a2782278e2e7.txt", "--ignore", "TY,RD,LG,BP,MT,SP")
    assert ignored.returncode == 0
    info_only = run_cli("scan", "seeds/002_5e5b250b9fc09084.txt", "--select", "TY111", "--fail-on", "warning")
    assert "TY111" in info_only.stdout and info_only.returncode == 0
    bad = run_cli("scan", "seeds/", "--select", "XX9")
    assert bad.returncode == 2 and "unknown rule selector" in bad.stderr


def test_stdin_is_scanned():
    result = run_cli("scan", "-", stdin="Seoul,South Korea\u00a0 said.\n")
    assert result.returncode == 1
    assert "<stdin>:1:6: TY104" in result.stdout


def test_include_and_exclude_globs(tmp_path):
    (tmp_path / "a.txt").write_text("Fine  text here.\n", encoding="utf-8")
    (tmp_path / "b.rst").write_text("Fine  text here.\n", encoding="utf-8")
    default = run_cli("scan", str(tmp_path), "--select", "TY108")
    assert "a.txt" in default.stdout and "b.rst" not in default.stdout
    widened = run_cli("scan", str(tmp_path), "--include", "*.rst", "--select", "TY108")
    assert "b.rst" in widened.stdout and "a.txt" not in widened.stdout
    excluded = run_cli("scan", str(tmp_path), "--exclude", "a.*", "--select", "TY108")
    assert excluded.returncode == 2


def test_fix_writes_mirrored_copies_and_never_touches_the_input(tmp_path):
    work = tmp_path / "work"
    shutil.copytree(SEEDS, work / "seeds")
    before = {p.name: p.read_bytes() for p in (work / "seeds").iterdir()}
    result = run_cli("fix", "seeds", "--out", "out", cwd=work)
    assert result.returncode == 0, result.stderr
    assert {p.name: p.read_bytes() for p in (work / "seeds").iterdir()} == before
    cleaned = (work / "out" / "seeds" / "003_fa8b04aa685cc998.txt").read_text(encoding="utf-8")
    assert cleaned.startswith("10 March, 2019 10:50 AM IST | Agencies") or not cleaned.startswith("10 March")
    assert "\u00a0" not in (work / "out" / "seeds" / "002_5e5b250b9fc09084.txt").read_text(encoding="utf-8")
    # A second fix over the cleaned copies changes nothing (idempotent).
    again = run_cli("fix", "out/seeds", "--out", "out2", cwd=work)
    assert again.returncode == 0
    for path in (work / "out" / "seeds").iterdir():
        assert (work / "out2" / "out" / "seeds" / path.name).read_bytes() == path.read_bytes()


def test_fix_refuses_to_overwrite_its_input(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Seoul,South Korea\n", encoding="utf-8")
    result = run_cli("fix", "a.txt", "--out", ".", cwd=tmp_path)
    assert "would overwrite the input" in result.stderr
    assert article.read_text(encoding="utf-8") == "Seoul,South Korea\n"
    assert result.returncode == 2


def test_rules_listing_and_rule_documentation():
    listing = run_cli("rules")
    assert listing.returncode == 0
    row = next(line for line in listing.stdout.splitlines() if line.startswith("TY104"))
    assert "missing-space-after-comma" in row and "typography" in row and "safe" in row
    doc = run_cli("rule", "TY104")
    assert doc.returncode == 0
    for heading in ("What it does", "Why it matters", "Examples", "Fix safety"):
        assert heading in doc.stdout
    assert "10 March,2019" in doc.stdout
    assert run_cli("rule", "ZZ999").returncode == 2


def test_text_output_names_each_verdict_with_its_drivers():
    result = run_cli("scan", "seeds/", "--no-cache")
    lines = result.stdout.splitlines()
    mt = [line for line in lines if line.startswith("seeds/000_84519950fb2b3a21.txt: verdict:")]
    assert len(mt) == 1 and "machine-translated (1.00: learned style" in mt[0], mt
    spun = [line for line in lines if line.startswith("seeds/001_303f3b4cf84a7173.txt: verdict:")]
    assert len(spun) == 1 and "spun (0.95: SP" in spun[0], spun
    assert not [
        line
        for line in lines
        if line.startswith(("seeds/002", "seeds/003", "seeds/004")) and ": verdict:" in line
    ]


def test_rule_documentation_shows_its_score_and_options():
    mt = run_cli("rule", "MT102").stdout
    assert "Score\n  1.5 points per finding towards the machine-translation score; at most 1.5 with" in mt
    lg = run_cli("rule", "LG102").stdout
    assert "Options\n  min_words: 4  - the fewest words a sentence needs" in lg and "__line__" not in lg
    assert "  min_probability: 0.9  - how sure langdetect must be" in lg  # each option says what it does
