"""Output cost at scale: `cleanup scan DIR` on cached files, each output format against text (issue #17).

Usage: python benchmarks/output_formats.py [--files 3000] [--rounds 3] [--shared ../shared]

Writes `--files` real articles (the seeds, the boilerplate dev set and the training corpus's extractor
outputs) into a temporary folder, fills the result cache with one scan, then times `cleanup scan DIR
--format F` for every format, round-robin so that every format sees the same machine load. What is timed
is what a user waits for on a cached rerun: reading, cache lookups, suppressions and the output itself.
Prints the median wall time per format and its ratio to text, and each format's first run: the cache was
filled by a text scan, so the first JSON run computes the readability figures (and caches them).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("text", "concise", "json", "json-lines", "sarif", "github")


def articles(shared: Path, count: int) -> list[str]:
    paths = sorted((ROOT / "seeds").glob("*.txt"))
    paths += sorted((shared / "devset" / "boilerplate" / "raw").glob("*.txt"))
    paths += sorted((shared / "trainset" / "boilerplate" / "raw").glob("*.txt"))
    texts = [t for t in (p.read_text(encoding="utf-8") for p in paths) if t.strip()]
    return [f"Bulletin {i}.\n\n{texts[i % len(texts)]}" for i in range(count)]


def scan(folder: Path, output: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "cleanup", "scan", str(folder), "--format", output],
        stdout=subprocess.DEVNULL,
        check=False,
        cwd=folder.parent,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for i, text in enumerate(articles(args.shared, args.files)):
            (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        warm = scan(folder, "text")
        print(f"{args.files} files; cache filled in {warm:.1f} s")
        walls: dict[str, list[float]] = {f: [] for f in FORMATS}
        for _ in range(args.rounds):
            for output in FORMATS:
                walls[output].append(scan(folder, output))
    text = statistics.median(walls["text"])
    print(f"{'format':>11} {'median s':>9} {'x text':>7} {'first s':>8}")
    for output in FORMATS:
        wall = statistics.median(walls[output])
        print(f"{output:>11} {wall:>9.2f} {wall / text:>7.2f} {walls[output][0]:>8.2f}")


if __name__ == "__main__":
    main()
