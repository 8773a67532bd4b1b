"""The report in a real browser: headless Chromium (Debian's) driven by Playwright, from file://."""

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import SEEDS, run_cli
from tests.test_report import HOSTILE

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None and os.environ.get("CI"):
    raise RuntimeError("CI must run the browser tests: .ci/run installs Debian's chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    shutil.copytree(SEEDS, root / "seeds")
    (root / "seeds" / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    result = run_cli("fix", "seeds", "--no-cache", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


def _open(browser, path: Path):
    page = browser.new_page(viewport={"width": 1300, "height": 900}, accept_downloads=True)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(path.as_uri())
    return page, problems


def _download(page) -> str:
    with page.expect_download() as info:
        page.click("#download")
    return Path(info.value.path()).read_text(encoding="utf-8")


def test_index_lists_files_worst_first_and_filters(browser, report, tmp_path):
    page, problems = _open(browser, report / "reports" / "index.html")
    rows = page.locator("tbody tr")
    assert rows.count() == 6
    page.screenshot(path=str(tmp_path / "index.png"), full_page=True)
    page.fill("#filter", "spun")
    visible = [r for r in rows.all() if r.is_visible()]
    assert len(visible) == 1 and "001_" in visible[0].inner_text()
    assert problems == []


def test_toggles_change_the_downloaded_text(browser, report, tmp_path):
    seed = report / "seeds" / "002_5e5b250b9fc09084.txt"
    page, problems = _open(browser, report / "reports" / "files" / "seeds__002_5e5b250b9fc09084.txt.html")
    page.screenshot(path=str(tmp_path / "seed002.png"))
    cleaned = (report / "cleaned" / "seeds" / seed.name).read_text(encoding="utf-8")
    original = seed.read_text(encoding="utf-8")
    assert _download(page) == cleaned  # every change accepted: exactly the cleaned copy
    widget = page.locator("#doc .change", has_text="Read or Share this story:")
    number = widget.get_attribute("data-n")
    page.click(f'#doc input.accept[data-n="{number}"]')
    with_widget = _download(page)
    assert "Read or Share this story:" in with_widget and "Source link" not in with_widget
    total = page.locator("#doc .change").count()
    assert page.locator("#status").inner_text() == f"{total - 1} of {total} changes accepted"
    page.click("#reject-all")
    assert _download(page) == original
    page.click("#accept-all")
    assert _download(page) == cleaned
    assert problems == []


def test_navigation_views_and_keys(browser, report):
    page, problems = _open(browser, report / "reports" / "files" / "seeds__002_5e5b250b9fc09084.txt.html")
    page.keyboard.press("n")
    first = page.locator("#doc .change").first
    assert "current" in first.get_attribute("class")
    page.keyboard.press("n")
    page.keyboard.press("p")
    assert "current" in first.get_attribute("class")
    page.keyboard.press("r")  # reject the current change from the keyboard
    assert first.locator("input.accept").is_checked() is False
    page.click("#view-side")
    assert page.locator(".side-by-side").is_visible() and not page.locator("#doc").is_visible()
    page.click("#view-inline")
    assert page.locator("#doc").is_visible()
    assert problems == []


def test_hostile_article_executes_nothing(browser, report):
    page, problems = _open(browser, report / "reports" / "files" / "seeds__hostile.txt.html")
    assert page.evaluate("typeof window.pwned") == "undefined"
    text = page.locator("#doc").inner_text()
    assert "<script>window.pwned = 1</script>" in text and '" onload="window.pwned = 2"' in text
    page.click("#reject-all")
    assert _download(page) == HOSTILE
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert not [p for p in problems if "Content Security Policy" not in p]
