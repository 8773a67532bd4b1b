"""Which distributed engine: start-up and cost per task of Dask, Ray and Spark, side by side in one run.

Each engine starts a local cluster of two single-threaded workers, runs one warm-up task, then `--tasks`
tasks of one batch each as cleanup sends them (32 articles of 4 KB; the work itself is trivial, so what is
timed is the engine: scheduling, serialisation, transport). Engines that are not installed are skipped:

    pip install 'dask[distributed]' ray pyspark   # pyspark also needs Java (17 here)
    python benchmarks/engines.py --rounds 2

The figures that chose Dask are in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import time
from collections.abc import Callable

PAYLOAD = ["x" * 4000] * 32  # one batch: 32 articles of 4 KB


def work(batch: list[str]) -> list[int]:
    return [len(text) for text in batch]


def dask_run(tasks: int) -> tuple[float, float]:
    import logging

    from distributed import Client, LocalCluster

    start = time.perf_counter()
    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
    )
    client = Client(cluster)
    client.submit(work, PAYLOAD).result()
    started = time.perf_counter() - start
    start = time.perf_counter()
    client.gather([client.submit(work, PAYLOAD, pure=False) for _ in range(tasks)])
    per_task = (time.perf_counter() - start) / tasks
    client.close()
    cluster.close()
    return started, per_task


def ray_run(tasks: int) -> tuple[float, float]:
    import ray

    start = time.perf_counter()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    remote = ray.remote(work)
    ray.get(remote.remote(PAYLOAD))
    started = time.perf_counter() - start
    start = time.perf_counter()
    ray.get([remote.remote(PAYLOAD) for _ in range(tasks)])
    per_task = (time.perf_counter() - start) / tasks
    ray.shutdown()
    return started, per_task


def spark_run(tasks: int) -> tuple[float, float]:
    from pyspark.sql import SparkSession

    start = time.perf_counter()
    spark = SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    context = spark.sparkContext
    context.parallelize([PAYLOAD], 1).map(work).collect()
    started = time.perf_counter() - start
    start = time.perf_counter()
    context.parallelize([PAYLOAD] * tasks, tasks).map(work).collect()  # one task per batch
    per_task = (time.perf_counter() - start) / tasks
    spark.stop()
    return started, per_task


ENGINES: dict[str, tuple[str, Callable[[int], tuple[float, float]]]] = {
    "dask": ("distributed", dask_run),
    "ray": ("ray", ray_run),
    "spark": ("pyspark", spark_run),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    print(f"{'engine':>7} {'start-up s':>11} {'ms/task':>8} {'ms/article':>11}")
    for _ in range(args.rounds):
        for name, (module, run) in ENGINES.items():
            if importlib.util.find_spec(module) is None:
                print(f"{name:>7}   (not installed)")
                continue
            started, per_task = run(args.tasks)
            row = f"{name:>7} {started:>11.2f} {per_task * 1e3:>8.2f} {per_task / len(PAYLOAD) * 1e3:>11.3f}"
            print(row, flush=True)


if __name__ == "__main__":
    main()
