"""The HTML report: files written, text escaped, data embedded safely, CSP in place, cleaned copies right."""

import html
import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import SEEDS, SHARED, run_cli

HOSTILE = (
    "Officials said <script>window.pwned = 1</script> nothing.\n\n"
    '</textarea><textarea>" onload="window.pwned = 2" <img src=x onerror="window.pwned = 3">\n\n'
    "</script><script>window.pwned = 4</script> Seoul,South Korea said.\n\n"
    "Read or Share this story:\n"
)


def _fix(tmp_path, files: dict[str, str]):
    for name, text in files.items():
        path = tmp_path / "in" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    result = run_cli("fix", "in", "--no-cache", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path / "reports"


def _gold_clean(name: str) -> str:
    label = json.loads(
        (SHARED / "devset" / "seeds" / name.replace(".txt", ".json")).read_text(encoding="utf-8")
    )
    text = (SEEDS / name).read_text(encoding="utf-8")
    pieces, pos = [], 0
    for span in label["remove"]:
        pieces.append(text[pos : span["start"]])
        pos = span["end"]
    return "".join(pieces) + text[pos:]


def _normalise(text: str) -> str:
    """Up to safe typography fixes: compare words, not whitespace."""
    return " ".join(text.replace("\u00a0", " ").replace("| |", "|").replace(",2019", ", 2019").split())


@pytest.mark.skipif(
    not (SHARED / "devset" / "seeds").is_dir(), reason="../shared/devset (gold labels) not present"
)
def test_fix_on_the_seeds_matches_the_gold_labels_and_writes_the_report(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    result = run_cli("fix", "seeds/", "--no-cache", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for seed in sorted(SEEDS.glob("*.txt")):
        cleaned = (tmp_path / "cleaned" / "seeds" / seed.name).read_text(encoding="utf-8")
        assert _normalise(cleaned) == _normalise(_gold_clean(seed.name)), seed.name
    reports = tmp_path / "reports"
    assert (reports / "index.html").is_file()
    assert len(list((reports / "files").glob("*.html"))) == 5
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert index.count('href="files/') == 5


def test_article_text_is_escaped_and_the_policy_blocks_everything_else(tmp_path):
    reports = _fix(tmp_path, {"hostile.txt": HOSTILE})
    page = next((reports / "files").glob("*.html")).read_text(encoding="utf-8")
    body = page.split('<script type="application/json"', 1)[0]
    assert "<script>window.pwned" not in body and "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in body
    assert "<img src=x" not in body and "</textarea><textarea>" not in body
    data_block = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S)
    assert data_block is not None and "<" not in data_block.group(1)  # no way to close the data block early
    json.loads(data_block.group(1))
    csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1))
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp and "unsafe-inline" not in csp
    assert len(re.findall(r"<script>", page)) == 1  # only the report's own script


def test_no_report_and_custom_report_folder(tmp_path):
    (tmp_path / "a.txt").write_text("Seoul,South Korea said.\n", encoding="utf-8")
    assert run_cli("fix", "a.txt", "--no-report", "--no-cache", cwd=tmp_path).returncode == 0
    assert not (tmp_path / "reports").exists()
    assert run_cli("fix", "a.txt", "--report", "review", "--no-cache", cwd=tmp_path).returncode == 0
    assert (tmp_path / "review" / "index.html").is_file()


def test_report_is_self_contained(tmp_path):
    reports = _fix(tmp_path, {"a.txt": (SEEDS / "002_5e5b250b9fc09084.txt").read_text(encoding="utf-8")})
    for page in [reports / "index.html", *(reports / "files").glob("*.html")]:
        text = Path(page).read_text(encoding="utf-8")
        assert not re.search(r'(src|href)="(https?:)?//', text), page  # nothing from the network


def test_a_large_report_rendered_in_workers_equals_the_one_rendered_in_one_process(tmp_path, monkeypatch):
    import cleanup.report as report
    from cleanup.analysis import Analyzer, Settings
    from cleanup.document import Document
    from cleanup.engine.registry import Registry
    from cleanup.io.reading import SourceText
    from cleanup.run import FileResult, apply_fixes

    analyzer = Analyzer(Registry.load(), Settings())
    seed = (SEEDS / "002_5e5b250b9fc09084.txt").read_text(encoding="utf-8").split("\n\n")
    results = []
    for i in range(report.PARALLEL_FROM + 10):
        text = f"Story {i}\n\n" + "\n\n".join(seed[i % 7 : i % 7 + 4]) + "\n"
        source = SourceText(f"in/{i:03d}.txt", text)
        result = FileResult(source, analyzer.analyse(Document(text, source.path)))
        apply_fixes(result, analyzer, False, None)
        results.append(result)
    parallel = report.build_report(results, tmp_path / "parallel", "off", analyzer.registry)
    monkeypatch.setattr(report, "PARALLEL_FROM", 10**9)
    serial = report.build_report(results, tmp_path / "serial", "off", analyzer.registry)
    assert parallel.read_bytes() == serial.read_bytes()
    pages = sorted(p.name for p in (tmp_path / "serial" / "files").iterdir())
    assert len(pages) == len(results)
    for name in pages:
        serial_page = (tmp_path / "serial" / "files" / name).read_bytes()
        assert (tmp_path / "parallel" / "files" / name).read_bytes() == serial_page
