"""Benchmark: one training alone with 1 and with 2 TensorFlow op threads, to set ``runtime.LONE_JOB_THREADS``.

TensorFlow fixes its threads when it starts, so each training runs in a fresh Python process (``DNN_TF_THREADS``
set), which imports TensorFlow, loads the data, warms up on a small training and then times ``train()`` of the
course model (live progress consumer, as the app). The two settings run in ABBA pairs; ``ratio`` is the median of
the pairs' images per second with 2 threads over 1. Run it on a quiet machine: set ``LONE_JOB_THREADS = 2`` in
``dnn_core/running/runtime.py`` only if ``ratio`` is clearly above 1 (>= 1.05). The last line printed is one JSON
object.

    DNN_OFFLINE=1 python benchmarks/threads.py [--pairs 4] [--epochs 1]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def one_training(epochs: int) -> dict:
    """In this (fresh) process: the course model's train() once after a warm-up; its images per second."""
    from benchmarks.train_overhead import benchmark_data, time_train
    from dnn_core.engine.presets import preset_config
    from dnn_core.running.runtime import configure_runtime

    configure_runtime(concurrent_jobs=1)  # DNN_TF_THREADS, set by the parent, decides
    data = benchmark_data()
    config = preset_config("course").replace(dataset=data.name, epochs=epochs)
    time_train(config.replace(train_size=2_000, epochs=1), data)  # warm-up: traces, thread pools
    return {"rate": time_train(config, data)["rate"], "threads": int(os.environ["DNN_TF_THREADS"])}


def measure(threads: int, epochs: int) -> float:
    """Images per second of one training in a fresh process with ``threads`` op threads."""
    env = {**os.environ, "DNN_TF_THREADS": str(threads), "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, __file__, "--child", "--epochs", str(epochs)], env=env, check=True,
                         capture_output=True, text=True)
    return json.loads(run.stdout.strip().splitlines()[-1])["rate"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=4, help="ABBA pairs (each pair: one run of each setting)")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one_training(args.epochs)))
        return

    from dnn_core.running.runtime import LONE_JOB_THREADS, available_cpus, cgroup_cpu_quota

    one, two, ratios = [], [], []
    for i in range(args.pairs):
        order = (1, 2) if i % 2 == 0 else (2, 1)
        rates = {threads: measure(threads, args.epochs) for threads in order}
        one.append(rates[1])
        two.append(rates[2])
        ratios.append(rates[2] / rates[1])
        print(f"  pair {i + 1}: 1 thread {rates[1]:,.0f} img/s, 2 threads {rates[2]:,.0f} img/s "
              f"(ratio {ratios[-1]:.3f})", file=sys.stderr)
    ratio = statistics.median(ratios)
    print(json.dumps({"benchmark": "threads", "ratio": round(ratio, 3), "pair_ratios": [round(r, 3) for r in ratios],
                      "one_thread_samples_per_second": round(statistics.median(one), 1),
                      "two_threads_samples_per_second": round(statistics.median(two), 1),
                      "available_cpus": available_cpus(), "cgroup_quota": cgroup_cpu_quota(),
                      "load_average": round(os.getloadavg()[0], 2), "lone_job_threads_now": LONE_JOB_THREADS,
                      "suggested_lone_job_threads": 2 if ratio >= 1.05 and available_cpus() >= 2 else 1}))


if __name__ == "__main__":
    main()
