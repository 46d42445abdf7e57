"""The Class board's refresh against a runs database of 2,000 finished runs from 30 names.

Times what the board fragment asks of the engine every few seconds (``RunStore.board()``, then ranking, filters,
guesses), counts its SQL statements, and compares with reading the same runs one by one (``get_run`` per row, the
per-row lookups the board avoids).

Usage: python benchmarks/board_query.py [--runs 2000] [--repeats 20]
The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from dnn_core.classroom import board  # noqa: E402
from dnn_core.engine.config import ExperimentConfig  # noqa: E402
from dnn_core.engine.presets import PRESETS, preset_config  # noqa: E402
from dnn_core.runs import RunStore  # noqa: E402
from tests.sqlite_trace import traced_statements  # noqa: E402

NAMES = [f"student {i:02d}" for i in range(30)]


def fill(store: RunStore, runs: int, seed: int = 0) -> None:
    """``runs`` finished trainings with 10-epoch histories, a mix of presets and own settings, some guesses."""
    rng = random.Random(seed)
    history = pd.DataFrame({"epoch": range(1, 11), "loss": np.linspace(1, 0.1, 10),
                            "accuracy": np.linspace(.8, .99, 10), "val_loss": np.linspace(1, .2, 10),
                            "val_accuracy": np.linspace(.8, .97, 10)})
    presets = list(PRESETS)
    for _ in range(runs):
        config = preset_config(rng.choice(presets), ExperimentConfig(dataset="mnist_sample"))
        if rng.random() < 0.5:
            config = config.replace(lr=rng.choice([0.0001, 0.001, 0.01, 0.1]))
        run_id = store.start_run(config, student=rng.choice(NAMES + [""]),
                                 guess=rng.choice([None, rng.uniform(0.5, 1.0)]))
        store.finish_run(run_id, "finished", history, {"test_accuracy": rng.uniform(0.3, 0.99), "seconds": 4.2,
                                                       "test_loss": 0.3, "samples_per_second": 9000.0})
    for _ in range(5):  # trainings in progress
        store.start_run(preset_config("course"), student=rng.choice(NAMES))


def refresh(store: RunStore) -> int:
    """What one board refresh computes, as the Class page does; returns the number of rows ranked."""
    runs, settings = store.board()
    done = board.finished_runs(runs, settings)
    lessons = board.lesson_choices(done, settings)
    shown = board.ranked(done, lessons[0], board.ALL, best_per_name=True)
    board.closest_guesses(shown)
    board.ranked(done, lessons[0], board.ALL, best_per_name=False)  # the chart's runs
    board.running_count(runs)
    return len(shown)


def per_row(store: RunStore) -> int:
    """The same runs read one by one: the list, then each run."""
    ids = store.list_runs()["id"]
    return sum(1 for run_id in ids if store.get_run(int(run_id)).status == "finished")


def timed(work, repeats: int) -> np.ndarray:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(1000 * (time.perf_counter() - start))
    return np.array(times)


def statements_per_refresh(store: RunStore) -> int:
    """SQL statements one refresh sends, counted by SQLite's trace hook (the per-connection PRAGMA aside)."""
    with traced_statements() as sent:
        store.board()
    return len([s for s in sent if not s.startswith("PRAGMA")])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = RunStore(Path(folder) / "runs.sqlite")
        start = time.perf_counter()
        fill(store, args.runs)
        fill_s = time.perf_counter() - start
        ranked = refresh(store)  # warm-up (and the preset index's imports)
        ours = timed(lambda: refresh(store), args.repeats)
        query = timed(store.board, args.repeats)
        baseline = timed(lambda: per_row(store), max(3, args.repeats // 5))
        result = {
            "benchmark": "board_query",
            "runs": args.runs,
            "names": len(NAMES),
            "ranked_rows": ranked,
            "sql_statements_per_refresh": statements_per_refresh(store),
            "refresh_median_ms": round(float(np.median(ours)), 1),
            "refresh_p95_ms": round(float(np.percentile(ours, 95)), 1),
            "query_median_ms": round(float(np.median(query)), 1),
            "per_row_baseline_median_ms": round(float(np.median(baseline)), 1),
            "speedup_median": round(float(np.median(baseline) / np.median(ours)), 1),
            "db_mb": round((Path(folder) / "runs.sqlite").stat().st_size / 1e6, 1),
            "fill_s": round(fill_s, 1),
        }
    print(f"board refresh with {args.runs} runs: median {result['refresh_median_ms']} ms "
          f"(query {result['query_median_ms']} ms), one by one: {result['per_row_baseline_median_ms']} ms")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
