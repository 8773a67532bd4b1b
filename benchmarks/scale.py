"""Corpus scale: docs/s and peak memory of `cleanup scan CORPUS.jsonl` as the corpus grows (issue #17).

Usage: python benchmarks/scale.py [--sizes 1000 10000] [--jobs 1 2] [--engines local dask]
                                  [--shared ../shared] [--fix-parquet] [--no-scan]

--engines dask also runs each scan with `--engine dask` (a local Dask cluster of --jobs workers, started
and stopped by the run: its start-up is in the figure) and prints the engine's own cost per document.

--fix-parquet also times `cleanup fix CORPUS.parquet --out cleaned.parquet --no-cache` on the same records
written as Parquet (needs pyarrow), and checks that every record comes back.

With --distinct-lines N each record also gets N lines of its own, so that the corpus-facts count grows
with the corpus (set CLEANUP_SPILL_LIMIT to compare the counts held in memory against spilled ones).

Each corpus is JSON Lines generated from real text: the seeds and the boilerplate dev set (and the training
corpus's extractor outputs when `../shared` is there), each record given a distinct first line so that no
two records are the same. Every run is a fresh `cleanup scan CORPUS --format json-lines --no-cache`
process; peak memory is the largest resident set of that process and its workers (RUSAGE_CHILDREN), so
each size runs in its own child of this script. The last lines project 10 million articles from the
largest size measured, with the arithmetic.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def source_texts(shared: Path) -> list[str]:
    paths = sorted((ROOT / "seeds").glob("*.txt"))
    paths += sorted((shared / "devset" / "boilerplate" / "raw").glob("*.txt"))
    paths += sorted((shared / "trainset" / "boilerplate" / "raw").glob("*.txt"))[:2000]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    return [t for t in texts if t.strip()]


def _letters(number: int) -> str:
    """A number in letters: line keys write every digit as 0, so digits would not make lines distinct."""
    word = ""
    while True:
        number, digit = divmod(number, 26)
        word = chr(ord("a") + digit) + word
        if not number:
            return word


def write_corpus(path: Path, count: int, texts: list[str], distinct_lines: int = 0) -> int:
    size = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            extra = "".join(
                f"\n\nField note {_letters(i)} {_letters(j)} records what this bulletin alone observed."
                for j in range(distinct_lines)
            )
            record = {"id": f"doc-{i}", "text": f"Bulletin {i}.\n\n{texts[i % len(texts)]}{extra}"}
            line = json.dumps(record, ensure_ascii=False) + "\n"
            out.write(line)
            size += len(line.encode())
    return size


def write_parquet(jsonl: Path) -> Path:
    import pyarrow.json as pj
    import pyarrow.parquet as pq

    target = jsonl.with_suffix(".parquet")
    pq.write_table(pj.read_json(jsonl), target)
    return target


def measure(
    corpus: Path, jobs: int, command: list[str] | None = None, engine: str = "local"
) -> tuple[float, float]:
    """(wall seconds, peak resident MiB) of one scan, run in a child so the peak is this scan's alone."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(time.perf_counter() - t, peak)\n"
    )
    command = command or ["scan", str(corpus), "--format", "json-lines", "--no-cache"]
    command = [sys.executable, "-m", "cleanup", *command, "--jobs", str(jobs), "--engine", engine]
    result = subprocess.run(
        [sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True, cwd=ROOT
    )
    wall, peak_kib = result.stdout.split()
    return float(wall), int(peak_kib) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--fix-parquet", action="store_true", help="also time fix on a Parquet corpus")
    parser.add_argument("--no-scan", action="store_true", help="time only fix (with --fix-parquet)")
    parser.add_argument("--engines", nargs="+", default=["local"], choices=["local", "dask"])
    parser.add_argument(
        "--distinct-lines",
        type=int,
        default=0,
        help="add N lines to each record that no other record has (a corpus whose distinct lines grow "
        "with it, as a real one's do: the generated records otherwise repeat 2,045 texts)",
    )
    args = parser.parse_args()
    texts = source_texts(args.shared)
    print(f"{len(texts)} distinct source texts; {os.cpu_count()} cores")
    print(f"{'records':>9} {'MB':>7} {'jobs':>5} {'docs/s':>8} {'peak MiB':>9} {'engine':>7}")
    peaks: dict[int, dict[int, tuple[float, float]]] = {}
    walls: dict[tuple[str, int, int], float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.sizes:
            corpus = Path(tmp) / f"corpus-{count}.jsonl"
            size = write_corpus(corpus, count, texts, args.distinct_lines)
            for jobs in [] if args.no_scan else args.jobs:
                for engine in args.engines:
                    wall, peak = measure(corpus, jobs, engine=engine)
                    walls[engine, count, jobs] = wall
                    if engine == "local":
                        peaks.setdefault(jobs, {})[count] = (wall, peak)
                    row = f"{count:>9} {size / 1e6:>7.1f} {jobs:>5} {count / wall:>8.0f} {peak:>9.0f}"
                    print(f"{row} {engine:>7}", flush=True)
            if args.fix_parquet:
                parquet = write_parquet(corpus)
                out = Path(tmp) / "cleaned.parquet"
                for jobs in args.jobs:
                    fix = ["fix", str(parquet), "--out", str(out), "--no-cache"]
                    wall, peak = measure(parquet, jobs, fix)
                    import pyarrow.parquet as pq

                    rows = pq.ParquetFile(out).metadata.num_rows
                    assert rows == count, f"{rows} records written of {count}"
                    row = f"{count:>9} {'fix':>7} {jobs:>5} {count / wall:>8.0f} {peak:>9.0f}"
                    print(row + "   (fix CORPUS.parquet --out cleaned.parquet)", flush=True)
                    out.unlink()
                parquet.unlink()
            corpus.unlink()
    for (engine, count, jobs), wall in sorted(walls.items()):
        if engine != "local" and ("local", count, jobs) in walls:
            local = walls["local", count, jobs]
            extra = (wall - local) / count
            print(
                f"{engine} engine's own cost, {count:,} records, {jobs} workers: ({wall:.1f} - {local:.1f} s)"
                f" / {count:,} = {extra * 1e3:.2f} ms a record (cluster start-up included)"
            )
    if not peaks:
        return
    jobs = max(peaks)
    sizes = sorted(peaks[jobs])
    small, big = sizes[0], sizes[-1]
    small_peak = peaks[jobs][small][1]
    big_wall, big_peak = peaks[jobs][big]
    rate = big / big_wall
    print(f"10 million articles, from the {big:,}-record run with {jobs} jobs:")
    print(f"  time: 10,000,000 / {rate:.0f} docs/s = {10_000_000 / rate / 3600:.1f} h on this machine")
    if big > small:
        per_record = (big_peak - small_peak) / (big - small)  # MiB per extra record
        print(
            f"  memory: ({big_peak:.0f} - {small_peak:.0f} MiB) / ({big:,} - {small:,} records) = "
            f"{per_record * 1024:.2f} KiB per record; x 10,000,000 = {per_record * 1e7 / 1024:.1f} GiB "
            f"more than the {small:,}-record run (results are streamed; what grows is the corpus-facts "
            "count of distinct line digests)"
        )
    if ("dask", big, jobs) in walls:
        dask_wall = walls["dask", big, jobs]
        per_worker = big / dask_wall / jobs
        workers = 64
        hours = 10_000_000 / (per_worker * workers) / 3600
        print(
            f"  on a Dask cluster of {workers} single-core workers: {big:,} / {dask_wall:.0f} s "
            f"/ {jobs} = {per_worker:.0f} docs/s a worker; 10,000,000 / ({per_worker:.0f} x {workers}) = "
            f"{hours:.1f} h, while the client (which reads, orders and writes every record) keeps up; "
            "each worker's memory does not grow with the corpus (its batches and the lines shared by "
            "two or more records)"
        )


if __name__ == "__main__":
    main()
