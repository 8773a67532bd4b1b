"""Configuration files: the nearest one wins, the command line overrides it, mistakes are named."""

import json

from tests.conftest import ROOT, run_cli

ARTICLE = "Seoul,South Korea said on Monday that talks  would resume.\n"


def _project(tmp_path, config_name, body):
    (tmp_path / config_name).write_text(body, encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def test_pyproject_table_is_read_and_cli_overrides_it(tmp_path):
    project = _project(
        tmp_path, "pyproject.toml", '[project]\nname = "x"\n\n[tool.cleanup]\nselect = ["TY104"]\n'
    )
    result = run_cli("scan", "a.txt", "--format", "json", "--no-cache", cwd=project)
    rules = {f["rule"] for f in json.loads(result.stdout)["files"][0]["findings"]}
    assert rules == {"TY104"}
    override = run_cli("scan", "a.txt", "--format", "json", "--select", "TY108", "--no-cache", cwd=project)
    assert {f["rule"] for f in json.loads(override.stdout)["files"][0]["findings"]} == {"TY108"}


def test_nearest_file_wins(tmp_path):
    (tmp_path / "cleanup.toml").write_text('select = ["TY104"]\n', encoding="utf-8")
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "cleanup.toml").write_text('select = ["TY108"]\nfail-on = "error"\n', encoding="utf-8")
    (inner / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = run_cli("scan", "a.txt", "--format", "json", "--no-cache", cwd=inner)
    assert {f["rule"] for f in json.loads(result.stdout)["files"][0]["findings"]} == {"TY108"}
    assert result.returncode == 0  # fail-on = error, and TY108 is info


def test_per_file_ignores_and_extend_select(tmp_path):
    project = _project(
        tmp_path,
        "cleanup.toml",
        'select = ["TY104"]\nextend-select = ["TY108"]\n[per-file-ignores]\n"b*.txt" = ["TY108"]\n',
    )
    (project / "b.txt").write_text(ARTICLE, encoding="utf-8")
    data = json.loads(run_cli("scan", ".", "--format", "json", "--no-cache", cwd=project).stdout)
    by_file = {f["path"].rsplit("/", 1)[-1]: {x["rule"] for x in f["findings"]} for f in data["files"]}
    assert by_file == {"a.txt": {"TY104", "TY108"}, "b.txt": {"TY104"}}


def test_unknown_key_and_bad_value_are_named(tmp_path):
    _project(tmp_path, "cleanup.toml", 'selekt = ["TY"]\n')
    result = run_cli("scan", "a.txt", cwd=tmp_path)
    assert result.returncode == 2 and "cleanup.toml: unknown setting(s) selekt" in result.stderr
    (tmp_path / "cleanup.toml").write_text('boilerplate-guard = "high"\n', encoding="utf-8")
    result = run_cli("scan", "a.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert "boilerplate-guard = 'high' is not allowed; expected a number" in result.stderr


def test_config_command_shows_sources(tmp_path):
    _project(tmp_path, "cleanup.toml", 'fail-on = "error"\n')
    result = run_cli("config", cwd=tmp_path)
    assert result.returncode == 0
    line = next(x for x in result.stdout.splitlines() if x.startswith("fail-on"))
    assert "'error'" in line and "cleanup.toml" in line
    grammar = next(x for x in result.stdout.splitlines() if x.startswith("grammar"))
    assert "(default)" in grammar


def test_project_has_no_config_surprises():
    # The repository itself has [tool.cleanup]-free pyproject, so defaults apply when scanning seeds.
    result = run_cli("config", cwd=ROOT)
    assert "configuration file: (none found; defaults)" in result.stdout


def test_per_file_ignores_take_the_same_selectors_as_ignore(tmp_path):
    project = _project(tmp_path, "cleanup.toml", '[per-file-ignores]\n"a.txt" = ["typography"]\n')
    data = json.loads(run_cli("scan", "a.txt", "--format", "json", "--no-cache", cwd=project).stdout)
    assert [f for f in data["files"][0]["findings"] if f["category"] == "typography"] == []
