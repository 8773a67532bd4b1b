import json

from tests.conftest import run_cli

ARTICLE = "Seoul,South Korea said on Monday that talks would resume.\n\nRead or Share this story:\n"


def _rules(result):
    return sorted(f["rule"] for file in json.loads(result.stdout)["files"] for f in file["findings"])


def test_add_ignore_baselines_findings_and_reports_unused(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert _rules(run_cli("scan", "a.txt", "--format", "json", "--no-cache", cwd=tmp_path)) == [
        "BP101",
        "TY104",
    ]
    added = run_cli("scan", "a.txt", "--add-ignore", "--no-cache", cwd=tmp_path)
    assert added.returncode == 0 and "2 finding(s) added" in added.stdout
    ignore_file = json.loads((tmp_path / ".cleanup-ignore.json").read_text(encoding="utf-8"))
    assert {e["rule"] for e in ignore_file["fingerprints"].values()} == {"BP101", "TY104"}
    again = run_cli("scan", "a.txt", "--format", "json", "--no-cache", cwd=tmp_path)
    assert _rules(again) == [] and again.returncode == 0
    # Editing another line keeps the fingerprints valid; fixing the comma makes one entry unused.
    article.write_text(
        "A new first line.\n\n" + ARTICLE.replace("Seoul,South", "Seoul, South"), encoding="utf-8"
    )
    text = run_cli("scan", "a.txt", "--no-cache", cwd=tmp_path)
    assert "TY104" in text.stdout and "matched nothing" in text.stdout
    assert "BP101" not in text.stdout.replace("ignore-file entry for BP101", "")


def test_markdown_disable_comments(tmp_path):
    (tmp_path / "a.md").write_text(
        "# Title\n\n<!-- cleanup: disable=TY104 -->\nSeoul,South Korea agreed.\n<!-- cleanup: enable -->\n\n"
        "Tokyo,Japan too.\n\n<!-- cleanup: disable-next-line=BP -->\nnothing to hide here\n",
        encoding="utf-8",
    )
    result = run_cli("scan", "a.md", "--no-cache", cwd=tmp_path)
    lines = result.stdout.splitlines()
    flagged = [line.split(":")[1] for line in lines if " TY104 " in line]
    assert flagged == ["7"]  # line 4 is inside the disabled region; line 7 ("Tokyo,Japan") is not
    assert any("disable-next-line=BP" in line and "suppressed nothing" in line for line in lines)
