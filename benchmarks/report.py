"""Review report at scale: seconds to write the report for N files, and to open its index in Chromium.

Usage: python benchmarks/report.py [--files 3000] [--shared ../shared] [--chromium /usr/bin/chromium]
       python benchmarks/report.py --one-line 5     # one article of 5 MB on a single line

The files are real extractor outputs from ../shared/trainset/boilerplate/raw (the seeds, repeated with a
numbered first line, when it is absent). The analysis and the fixes run first and are not counted: the
figure is `build_report` alone (every page, the index and changes.json), then the time from navigation to
the index's load event in headless Chromium, as a reviewer opens it.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleanup.analysis import Analyzer, Settings  # noqa: E402
from cleanup.engine.registry import Registry  # noqa: E402
from cleanup.report import build_report  # noqa: E402
from cleanup.run import analyse_all, apply_fixes  # noqa: E402


def sample_files(folder: Path, count: int, shared: Path) -> list[str]:
    raw = shared / "trainset" / "boilerplate" / "raw"
    sources = sorted(raw.glob("*.txt"))[:count] if raw.is_dir() else []
    names = []
    for i in range(count):
        target = folder / f"{i:05d}.txt"
        if i < len(sources):
            shutil.copy(sources[i], target)
        else:
            seed = sorted((ROOT / "seeds").glob("*.txt"))[i % 5]
            target.write_text(f"Article {i}\n\n" + seed.read_text(encoding="utf-8"), encoding="utf-8")
        names.append(str(target))
    return names


def one_line_article(folder: Path, megabytes: float) -> list[str]:
    """Real sentences (seed 002's), NBSPs and a widget phrase included, joined into one line."""
    seed = (ROOT / "seeds" / "002_5e5b250b9fc09084.txt").read_text(encoding="utf-8")
    sentence = " ".join(seed.split("\n"))
    text = ""
    while len(text.encode("utf-8")) < megabytes * 2**20:
        text += sentence + " "
    target = folder / "one-line.txt"
    target.write_text(text.strip() + "\n", encoding="utf-8")
    return [str(target)]


def open_seconds(index: Path, chromium: str) -> float:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--headless=new", "--no-sandbox"]
        )
        page = browser.new_page()
        page.goto("about:blank")
        started = time.perf_counter()
        page.goto(index.as_uri(), wait_until="load")
        seconds = time.perf_counter() - started
        browser.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=3000)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one extra build")
    parser.add_argument("--one-line", type=float, metavar="MB", help="one article of MB megabytes, one line")
    args = parser.parse_args()
    analyzer = Analyzer(Registry.load(), Settings())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        if args.one_line:
            names = one_line_article(folder, args.one_line)
        else:
            names = sample_files(folder, args.files, args.shared)
        started = time.perf_counter()
        run = analyse_all(names, analyzer, 16 * 2**20, jobs=2)
        for result in run.files:
            apply_fixes(result, analyzer, False, run.corpus)
        analysed = time.perf_counter() - started
        started = time.perf_counter()
        if args.profile:
            import cProfile

            cProfile.runctx(
                "build_report(run.files, Path(tmp) / 'prof', 'off', analyzer.registry)",
                globals(),
                locals(),
                sort="cumtime",
            )
        started = time.perf_counter()
        index = build_report(run.files, Path(tmp) / "reports", "off", analyzer.registry)
        written = time.perf_counter() - started
        size = sum(p.stat().st_size for p in (Path(tmp) / "reports").rglob("*") if p.is_file())
        print(f"{len(run.files)} files: analysis and fixes {analysed:.1f}s (not counted)")
        each = written / len(run.files) * 1000
        print(f"report written in {written:.1f}s ({size / 2**20:.0f} MiB, {each:.1f} ms a file)")
        if args.chromium:
            print(f"index opened in {open_seconds(index, args.chromium):.2f}s in headless Chromium")


if __name__ == "__main__":
    main()
