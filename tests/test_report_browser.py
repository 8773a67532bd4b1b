"""The report in a real browser: headless Chromium (Debian's) driven by Playwright, from file://."""

import json
import os
import shutil
from pathlib import Path

import pytest

from cleanup.fixes import Edit, splice
from tests.conftest import SEEDS, SHARED, run_cli
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
    seed = (SEEDS / "002_5e5b250b9fc09084.txt").read_text(encoding="utf-8")
    (root / "seeds" / "crlf.txt").write_bytes(seed.replace("\n", "\r\n").encode("utf-8"))
    (root / "seeds" / "cp1252.txt").write_bytes(CP1252_ARTICLE.encode("cp1252"))
    (root / "seeds" / "utf16.txt").write_bytes(
        (CP1252_ARTICLE + "Seoul \U0001f1f0\U0001f1f7 said.\r\n").encode("utf-16")
    )
    result = run_cli("fix", "seeds", "--no-cache", cwd=root)
    assert result.returncode == 0, result.stderr
    (root / "fix.log").write_text(result.stdout, encoding="utf-8")
    return root


CP1252_ARTICLE = (
    "Caf\u00e9 owners in Z\u00fcrich \u2014 the \u201cold guard\u201d \u2014 met on Monday.\r\n\r\n"
    "Share this article\r\n\r\n"
    "The city\u00a0council said the rent cap would stay until 2026: it was \u201cnot negotiable\u201d.\r\n"
)


def _open(browser, path: Path):
    page = browser.new_page(viewport={"width": 1300, "height": 900}, accept_downloads=True)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(path.as_uri())
    return page, problems


def _download_bytes(page) -> bytes:
    with page.expect_download() as info:
        page.click("#download")
    return Path(info.value.path()).read_bytes()


def _download(page) -> str:
    return _download_bytes(page).decode("utf-8")


# True once the page's stored decisions hold the given change's state (the key is report.js's storageKey).
_STORED_CHOICE = """([change, accepted]) => {
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const stored = JSON.parse(localStorage.getItem("cleanup-review:" + data.run + ":" + data.path) || "{}");
  return stored[change] === accepted;
}"""


def _export_all(page, root: Path, target: Path) -> Path:
    """Every file's stored decisions, exported from the index as a reviewer does."""
    page.goto((root / "reports" / "index.html").as_uri())
    with page.expect_download() as info:
        page.click("#export-all")
    target.write_bytes(Path(info.value.path()).read_bytes())
    return target


def _file_page(report: Path, path: str) -> Path:
    return report / "reports" / "files" / (path.replace("/", "__") + ".html")


def test_index_lists_files_worst_first_and_filters(browser, report, tmp_path):
    page, problems = _open(browser, report / "reports" / "index.html")
    rows = page.locator("tbody tr")
    assert rows.count() == 9
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
    change = widget.get_attribute("data-id")
    page.click(f'#doc input.accept[data-id="{change}"]')
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
    first = page.locator("#doc .change:not(.ws-change)").first
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


def _manifest(report: Path) -> dict:
    return json.loads((report / "reports" / "changes.json").read_text(encoding="utf-8"))


def _expected(report: Path, path: str, flip: set[str]) -> str:
    """The original with every change `cleanup fix` applied, except those in flip toggled the other way."""
    entry = _manifest(report)["files"][path]
    original = (report / path).read_text(encoding="utf-8")
    edits = [
        Edit(c["start"], c["end"], c["new"], ()) for c in entry["changes"] if c["on"] != (c["id"] in flip)
    ]
    return splice(original, edits)


SEED_002 = "seeds/002_5e5b250b9fc09084.txt"
SEED_000 = "seeds/000_84519950fb2b3a21.txt"


def test_rejecting_a_removed_caption_restores_it_with_its_paragraph_breaks(browser, report):
    page, problems = _open(browser, _file_page(report, SEED_002))
    caption = page.locator("#doc .change", has_text="Not much is in agreement")
    assert caption.count() == 1  # the caption and the blank lines it takes are one change
    change = caption.get_attribute("data-id")
    assert "caption" in caption.locator(".why").inner_text()
    page.click(f'#doc input.accept[data-id="{change}"]')
    downloaded = _download(page)
    assert downloaded == _expected(report, SEED_002, {change})
    text = (report / SEED_002).read_text(encoding="utf-8")
    start = text.index("Not much is in agreement")
    paragraph = text[start : text.index("\n", start)]
    assert f"\n\n{paragraph}\n\n" in downloaded  # its own paragraph again, not glued to a neighbour
    assert problems == []


def test_seed_002_shows_only_the_real_changes_as_toggles(browser, report):
    page, problems = _open(browser, _file_page(report, SEED_002))
    toggles = page.locator("#doc input.accept")
    whitespace = page.locator("#doc .ws-change")
    entry = _manifest(report)["files"][SEED_002]
    assert toggles.count() + whitespace.count() == len(entry["changes"])
    assert toggles.count() <= 12 and whitespace.count() >= 20  # removals apart; NBSPs and blank lines grouped
    assert f"{whitespace.count()} whitespace fixes" in page.locator(".ws-group summary").inner_text()
    # The page's count is the CLI's edit count for this file.
    line = next(x for x in report.joinpath("fix.log").read_text().splitlines() if x.startswith(SEED_002))
    assert f": {page.locator('#change-count').inner_text()} edit(s)" in line
    page.uncheck("#ws-all")
    downloaded = _download(page)
    assert "\u00a0" in downloaded and "Read or Share this story:" not in downloaded
    assert problems == []


def test_accepting_one_mt_proposal_changes_only_its_span(browser, report):
    page, problems = _open(browser, _file_page(report, SEED_000))
    proposals = page.locator("#doc .change.proposal:not(.ws-change)")
    assert proposals.count() >= 5  # seed 000's MT suggestions, off by default
    assert _download(page) == (report / "cleaned" / SEED_000).read_text(encoding="utf-8")
    first = proposals.first
    change = first.get_attribute("data-id")
    page.check(f'#doc input.accept[data-id="{change}"]')
    downloaded = _download(page)
    assert downloaded == _expected(report, SEED_000, {change})
    assert downloaded != (report / "cleaned" / SEED_000).read_text(encoding="utf-8")
    rule = first.get_attribute("data-rules").split()[0]
    page.click(f'button.accept-rule[data-rule="{rule}"]')  # every proposal of that rule at once
    same_rule = {c["id"] for c in _manifest(report)["files"][SEED_000]["changes"] if rule in c["rules"]}
    assert _download(page) == _expected(report, SEED_000, same_rule)
    assert problems == []


def test_choices_survive_a_reload_and_round_trip_through_cleanup_apply(browser, report, tmp_path):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(_file_page(report, SEED_002).as_uri())
    caption = page.locator("#doc .change", has_text="Not much is in agreement").get_attribute("data-id")
    page.click(f'#doc input.accept[data-id="{caption}"]')
    page.reload()
    assert not page.locator(f'#doc input.accept[data-id="{caption}"]').is_checked()
    downloads = {SEED_002: _download_bytes(page)}
    page.goto(_file_page(report, SEED_000).as_uri())
    proposal = page.locator("#doc .change.proposal:not(.ws-change)").first.get_attribute("data-id")
    page.check(f'#doc input.accept[data-id="{proposal}"]')
    downloads[SEED_000] = _download_bytes(page)
    decisions = _export_all(page, report, tmp_path / "decisions.json")
    context.close()
    exported = {entry["file"] for entry in json.loads(decisions.read_text())["files"]}
    assert exported == {SEED_002, SEED_000}
    result = run_cli("apply", str(decisions), "--out", "applied", cwd=report)
    assert result.returncode == 0, result.stderr
    for path, data in downloads.items():
        assert (report / "applied" / path).read_bytes() == data
    untouched = "seeds/003_fa8b04aa685cc998.txt"  # no decisions: what `cleanup fix` wrote
    assert (report / "applied" / untouched).read_bytes() == (report / "cleaned" / untouched).read_bytes()


def test_crlf_cp1252_and_utf16_files_download_in_their_own_format(browser, report):
    for name in ("crlf.txt", "cp1252.txt", "utf16.txt"):
        page, problems = _open(browser, _file_page(report, f"seeds/{name}"))
        assert _download_bytes(page) == (report / "cleaned" / "seeds" / name).read_bytes()
        page.click("#reject-all")
        assert _download_bytes(page) == (report / "seeds" / name).read_bytes()
        assert problems == []


def test_index_puts_verdicts_first_and_sorts_by_any_column(browser, report):
    page, problems = _open(browser, report / "reports" / "index.html")
    first = page.locator("tbody tr").first
    assert "machine-translated" in first.inner_text() and "000_" in first.inner_text()
    page.click('th:has-text("Changes")')
    counts = [int(r.locator("td").nth(7).inner_text()) for r in page.locator("tbody tr").all()]
    assert counts == sorted(counts, reverse=True)
    assert problems == []


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "devset" / "boilerplate").is_dir(), reason="needs ../shared/devset")
def test_fifty_real_articles_download_and_apply_exactly_the_reviewed_bytes(browser, tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    sources = [*sorted((SHARED / "devset" / "boilerplate" / "raw").glob("*.txt")), *SEEDS.glob("*.txt")]
    sources += sorted((Path(__file__).parent / "data" / "native").glob("*.*"))
    for source in sources:
        shutil.copy(source, articles / source.name)
    assert len(sources) >= 50
    assert run_cli("fix", "articles", "--no-cache", cwd=tmp_path).returncode == 0
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    reviewed: dict[str, bytes] = {}
    flipped: dict[str, tuple[str | None, bool]] = {}
    for source in sources:
        page.goto(_file_page(tmp_path, f"articles/{source.name}").as_uri())
        assert _download_bytes(page) == (tmp_path / "cleaned" / "articles" / source.name).read_bytes()
        page.click("#reject-all")
        assert _download_bytes(page) == source.read_bytes(), source.name
        page.click("#defaults")
        toggles = page.locator("#doc input.accept")
        if toggles.count():  # a reviewer's choice on every file that offers one: flip its first toggle
            first = toggles.first
            first.click()
            flipped[source.name] = (first.get_attribute("data-id"), first.is_checked())
            # The choice is in the page's storage before the reviewer moves on (a reviewer's pace, not a
            # machine's: under load, the next navigation could start before the change handler ran).
            page.wait_for_function(_STORED_CHOICE, arg=list(flipped[source.name]))
        reviewed[source.name] = _download_bytes(page)
    decisions = _export_all(page, tmp_path, tmp_path / "decisions.json")
    context.close()
    exported = {Path(e["file"]).name: e["decisions"] for e in json.loads(decisions.read_text())["files"]}
    for name, (change, accepted) in flipped.items():
        assert exported.get(name, {}).get(change) is accepted, f"{name}: change {change} not as chosen"
    result = run_cli("apply", str(decisions), "--out", "applied", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for name, data in reviewed.items():
        assert (tmp_path / "applied" / "articles" / name).read_bytes() == data, name


def test_side_by_side_rows_keep_paragraphs_in_step_and_share_the_toggles(browser, report):
    page, problems = _open(browser, _file_page(report, SEED_002))
    page.click("#view-side")
    rows = page.locator(".side-by-side .row:not(.head)")
    text = (report / SEED_002).read_text(encoding="utf-8")
    assert rows.count() >= len([p for p in text.split("\n\n") if p.strip()]) - 2  # one row per paragraph
    caption = page.locator(".side-by-side .change", has_text="Not much is in agreement").first
    change = caption.get_attribute("data-id")
    row = rows.filter(has=page.locator(f'.cell [data-id="{change}"]')).first
    cleaned_cell = row.locator(".cell").nth(1)
    assert "Not much is in agreement" not in cleaned_cell.inner_text()
    row.locator(f'input.accept[data-id="{change}"]').uncheck()
    assert "Not much is in agreement" in cleaned_cell.inner_text()  # the right column follows the toggle
    page.click("#view-inline")
    assert not page.locator(f'#doc input.accept[data-id="{change}"]').is_checked()  # one state, two views
    assert problems == []


def test_a_rule_code_opens_its_documentation_in_the_page(browser, report):
    page, problems = _open(browser, _file_page(report, SEED_002))
    caption = page.locator("#doc .change", has_text="Not much is in agreement")
    code = caption.locator("a.code").first
    rule = code.inner_text()
    assert rule.startswith("BP") and f"{rule}: " in code.get_attribute("title")  # the message on hover
    code.click()
    doc = page.locator(f"details#rule-{rule}")
    assert doc.get_attribute("open") is not None
    assert "What it does" in doc.inner_text() and "Fix safety" in doc.inner_text()
    assert problems == []
