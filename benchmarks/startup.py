"""Start-up cost: wall time of `cleanup scan one.txt` (no grammar backend) against bare `python -c pass`.

Usage: python benchmarks/startup.py [--runs 15]
Reports the median over the runs, each a fresh process, with the result cache off (--no-cache) so the
figure includes loading the rule packs and analysing the file.
"""

from __future__ import annotations

import argparse
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


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


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
    print(f"median of {args.runs} runs")
    print(f"  python -c pass:                      {bare:.3f} s")
    print(f"  cleanup scan one.txt --no-cache:     {scan:.3f} s  ({scan - bare:.3f} s over bare Python)")
    print(f"  cleanup scan one.txt (cache warm):   {cached:.3f} s  ({cached - bare:.3f} s over bare Python)")


if __name__ == "__main__":
    main()
