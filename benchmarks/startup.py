"""Start-up cost: wall and CPU time of `cleanup scan one.txt` (no grammar) against bare `python -c pass`.

Usage: python benchmarks/startup.py [--runs 15]
Reports the median over the runs, each a fresh process, with the result cache off (--no-cache) so the
figure includes loading the rule packs and analysing the file.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ARTICLE = (
    "North Korea has rebuilt part of a rocket launch site, satellite images show.\n\n"
    "The images were taken on March 2, days after the summit in Hanoi ended without an agreement.\n"
)


def median_seconds(command: list[str], runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system of the child) over `runs` fresh processes."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / "one.txt"
        article.write_text(ARTICLE, encoding="utf-8")
        bare = median_seconds([sys.executable, "-c", "pass"], args.runs)
        scan = median_seconds(
            [sys.executable, "-m", "cleanup", "scan", str(article), "--no-cache"], args.runs
        )
        cached = median_seconds([sys.executable, "-m", "cleanup", "scan", str(article)], args.runs)
    print(f"median of {args.runs} runs (wall / CPU)")
    print(f"  python -c pass:                      {bare[0]:.3f} s / {bare[1]:.3f} s")
    print(f"  cleanup scan one.txt --no-cache:     {scan[0]:.3f} s / {scan[1]:.3f} s")
    print(f"  cleanup scan one.txt (cache warm):   {cached[0]:.3f} s / {cached[1]:.3f} s")


if __name__ == "__main__":
    main()
