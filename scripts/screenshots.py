"""Regenerate docs/report-index.png and docs/report-seed002.png (the README's screenshots).

Run from the project root after `cleanup fix seeds/` has written reports/. Needs Debian's chromium.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
]


def main() -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("Debian's chromium is needed: apt-get install chromium")
    (ROOT / "docs").mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
        page = browser.new_page(viewport={"width": 1300, "height": 620})
        page.goto((ROOT / "reports" / "index.html").as_uri())
        page.screenshot(path=str(ROOT / "docs" / "report-index.png"))
        page.set_viewport_size({"width": 1300, "height": 900})
        page.goto((ROOT / "reports" / "files" / "seeds__002_5e5b250b9fc09084.txt.html").as_uri())
        page.keyboard.press("n")
        page.screenshot(path=str(ROOT / "docs" / "report-seed002.png"))
        browser.close()


if __name__ == "__main__":
    main()
