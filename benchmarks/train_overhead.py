"""Benchmark: what train() costs on top of a plain Keras fit of the same model, data and batches.

train() adds a progress consumer, per-batch history, gradient probes and a validation pass each epoch. This
times it against ``model.fit`` on numpy arrays (same model, images, batch size and epochs, verbose=0) and
against the same fit with train()'s validation, in one process, after a warm-up. The sides run in interleaved
pairs (ABBA: train() then fit, then fit then train()), and ``ratio`` is the median of the per-pair ratios of
train()'s images per second over plain fit's (target >= 0.95): this 2-vCPU machine's cores flip between two
speeds for seconds at a time, and the two trainings of a pair, run back to back, see much the same host (single
figures moved from 0.88 to 1.05 between invocations). The last line printed is one JSON object.

    DNN_OFFLINE=1 python benchmarks/train_overhead.py [--epochs 2] [--repeats 5]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

import numpy as np  # noqa: E402

from dnn_core.data import Dataset, load_dataset, training_split  # noqa: E402
from dnn_core.model import build_model  # noqa: E402
from dnn_core.presets import preset_config  # noqa: E402
from dnn_core.runtime import configure_runtime  # noqa: E402
from dnn_core.training import VALIDATION_BATCH, train  # noqa: E402

configure_runtime()  # as the app and the CLI do: one TensorFlow op thread per training

MIN_IMAGES = 20_000


# ---- Prepare the data ----------------------------------------------------------------------------------------

def benchmark_data() -> Dataset:
    """Full-size Fashion-MNIST when it is on this machine, else the offline sample repeated to 20,000+ images."""
    data = load_dataset("fashion_mnist")
    if data.name == "fashion_mnist":
        return data
    sample = load_dataset("mnist_sample")
    copies = math.ceil(MIN_IMAGES / (len(sample.x_train) * 0.9))  # 10 % of the images go to validation
    return Dataset("mnist_sample", np.tile(sample.x_train, (copies, 1, 1)), np.tile(sample.y_train, copies),
                   sample.x_test, sample.y_test, source=f"bundled, repeated {copies}x")


# ---- The two contenders --------------------------------------------------------------------------------------

def time_train(config, data) -> dict:
    """train() with a consumer that keeps every batch row, as the app's live charts do."""
    rows: list[dict] = []

    def consume(event: dict) -> None:
        rows.extend(event["new_batches"])

    cpu = time.process_time()
    result = train(config, data, on_progress=consume)
    # train() times its own fit ("rate"); the whole call ("cpu") adds the split, the build and the test
    return {"rate": result.samples_per_second, "cpu": time.process_time() - cpu}


def time_fit(config, data, validate: bool = False) -> dict:
    """A plain model.fit of the same model on the same training images (optionally with train()'s validation)."""
    split = training_split(data, config)
    model = build_model(config)
    validation = dict(validation_data=(split.x_val, split.y_val.astype(np.int32)),
                      validation_batch_size=VALIDATION_BATCH) if validate else {}
    start, cpu = time.perf_counter(), time.process_time()
    model.fit(split.x_train, split.y_train.astype(np.int32), batch_size=config.batch_size, epochs=config.epochs,
              verbose=0, **validation)
    wall = time.perf_counter() - start
    return {"rate": len(split.x_train) * config.epochs / wall, "wall": wall, "cpu": time.process_time() - cpu}


# ---- Run -----------------------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    data = benchmark_data()
    config = preset_config("course").replace(dataset=data.name, epochs=args.epochs)
    images = len(training_split(data, config).x_train)
    print(f"course model on {data.name} ({data.source}): {images:,} training images x {args.epochs} epoch(s), "
          f"batch {config.batch_size}", file=sys.stderr)

    # Warm up both paths (graph tracing, thread pools) on a small run before timing anything
    warm = config.replace(train_size=2_000, epochs=1)
    time_train(warm, data), time_fit(warm, data)

    ours, theirs, validated, pair_ratios = [], [], [], []
    for i in range(args.repeats):  # interleaved pairs, the order flipped every other pair (ABBA)
        if i % 2 == 0:
            ours.append(time_train(config, data))
            theirs.append(time_fit(config, data))
        else:
            theirs.append(time_fit(config, data))
            ours.append(time_train(config, data))
        pair_ratios.append(ours[-1]["rate"] / theirs[-1]["rate"])
        validated.append(time_fit(config, data, validate=True))
        print(f"  pair {i + 1}: train() {ours[-1]['rate']:,.0f} img/s, fit {theirs[-1]['rate']:,.0f} img/s "
              f"(ratio {pair_ratios[-1]:.3f}); fit with validation {validated[-1]['rate']:,.0f} img/s",
              file=sys.stderr)

    def median(runs, key="rate"):
        return statistics.median(run[key] for run in runs)

    rate, baseline = median(ours), median(theirs)
    print(json.dumps({"benchmark": "train_overhead", "ratio": round(statistics.median(pair_ratios), 3),
                      "pair_ratios": [round(r, 3) for r in pair_ratios],
                      "ratio_of_medians": round(rate / baseline, 3),
                      "samples_per_second": round(rate, 1), "baseline_samples_per_second": round(baseline, 1),
                      # against a fit that validates like train() does: the cost of progress, history and probes
                      "ratio_vs_fit_with_validation": round(rate / median(validated), 3),
                      # by CPU time, train() as a whole call (split, build, fit, test evaluation) against fit alone
                      "cpu_ratio": round(median(theirs, "cpu") / median(ours, "cpu"), 3),
                      "images": images, "epochs": args.epochs, "repeats": args.repeats, "dataset": data.name}))


if __name__ == "__main__":
    main()
