"""Benchmark: an optimizer race of 6 contestants against one plain Keras fit, and against 6 fits in a row.

The course model (Dense 128 relu, dropout 0.2, batch 32) for one epoch on at least 20,000 images: full-size
Fashion-MNIST when Debian's IDX files (or a download) are there, else the offline sample repeated. Each timing
includes building the model(s) and a validation pass, as a real run does; the fits use Keras' default settings
(one batch per step), the race its own steps of several batches (``dnn_core.engine.steps``). After a warm-up, the race
and one fit run in ABBA pairs (race first, then the fit; then the other way round), and ``fused_ratio`` is the
median of the pairs' race time over fit time (target <= 1.5): this 2-vCPU machine's cores flip between two speeds
for seconds at a time, and the two runs of a pair see much the same host. ``--sequential`` also times the 6 fits
in a row once per pair (``sequential_ratio``). The last line printed is one JSON object.

    DNN_OFFLINE=1 python benchmarks/race_overhead.py [--images 20000] [--repeats 7] [--sequential]
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

from dnn_core.engine.config import OPTIMIZERS as SPECS  # noqa: E402
from dnn_core.engine.config import ExperimentConfig  # noqa: E402
from dnn_core.engine.data import VALIDATION_SHARE, Dataset, load_dataset, training_split  # noqa: E402
from dnn_core.engine.model import build_model  # noqa: E402
from dnn_core.engine.race import Contestant, contestant_config, race  # noqa: E402
from dnn_core.engine.steps import batches_per_step  # noqa: E402
from dnn_core.running.runtime import configure_runtime  # noqa: E402

configure_runtime()  # as the app does: the op threads of one job when two may run at once

OPTIMIZERS = ("sgd", "momentum", "rmsprop", "adagrad", "adam", "nadam")


def benchmark_data(images: int) -> tuple[Dataset, ExperimentConfig]:
    """At least ``images`` training images (after the validation split) and the course model's config for them."""
    wanted = math.ceil(images / (1 - VALIDATION_SHARE))
    course = dict(layers=(128,), activation="relu", dropout=0.2, optimizer="adam", lr=0.001, batch_size=32, epochs=1)
    data = load_dataset("fashion_mnist")
    if data.name == "fashion_mnist" and len(data.x_train) >= wanted:
        return data, ExperimentConfig(dataset="fashion_mnist", train_size=wanted, **course)
    # offline: the 4,000 sample digits, repeated; train_size 0 takes all of them
    repeats = math.ceil(wanted / len(data.x_train))
    tiled = Dataset("mnist_sample", np.tile(data.x_train, (repeats, 1, 1))[:wanted],
                    np.tile(data.y_train, repeats)[:wanted], data.x_test, data.y_test, source="bundled")
    return tiled, ExperimentConfig(dataset="mnist_sample", train_size=0, **course)


def time_fits(config: ExperimentConfig, data: Dataset, optimizers) -> float:
    """Seconds to build and fit one model per optimizer, one after another (one epoch, with validation)."""
    split = training_split(data, config)
    start = time.perf_counter()
    for name in optimizers:
        model = build_model(contestant_config(config, Contestant(name, SPECS[name].lr)))
        model.fit(split.x_train, split.y_train, batch_size=config.batch_size, epochs=config.epochs,
                  validation_data=(split.x_val, split.y_val), verbose=0)
    return time.perf_counter() - start


def time_race(config: ExperimentConfig, data: Dataset) -> float:
    start = time.perf_counter()
    race(config, OPTIMIZERS, data)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=20_000, help="training images (at least)")
    parser.add_argument("--repeats", type=int, default=7, help="ABBA pairs (fused_ratio is their median)")
    parser.add_argument("--sequential", action="store_true", help="also time the 6 fits in a row in every pair")
    args = parser.parse_args()

    data, config = benchmark_data(args.images)
    images = len(training_split(data, config).x_train)
    print(f"{images:,} training images of {data.name} ({data.source}), {len(OPTIMIZERS)} optimizers")
    # warm-up on 2,000 images: imports, first traces, thread pools
    small = Dataset(data.name, data.x_train[:2000], data.y_train[:2000], data.x_test, data.y_test, data.source)
    time_fits(config.replace(train_size=0), small, ["adam"]), time_race(config.replace(train_size=0), small)

    fit, fused, sequential, pair_ratios = [], [], [], []
    for repeat in range(1, args.repeats + 1):  # interleaved pairs, the order flipped every other pair (ABBA)
        if repeat % 2:
            fused.append(time_race(config, data))
            fit.append(time_fits(config, data, ["adam"]))
        else:
            fit.append(time_fits(config, data, ["adam"]))
            fused.append(time_race(config, data))
        pair_ratios.append(fused[-1] / fit[-1])
        if args.sequential:
            sequential.append(time_fits(config, data, OPTIMIZERS))
        print(f"pair {repeat}: one fit {fit[-1]:.2f} s, race of {len(OPTIMIZERS)} {fused[-1]:.2f} s "
              f"(ratio {pair_ratios[-1]:.3f})" + (f", {len(OPTIMIZERS)} fits {sequential[-1]:.2f} s" if sequential
                                                 else ""))
    one = statistics.median(fit)
    print(json.dumps({"benchmark": "race_overhead", "fused_ratio": round(statistics.median(pair_ratios), 3),
                      "pair_ratios": [round(r, 3) for r in pair_ratios],
                      "ratio_of_medians": round(statistics.median(fused) / one, 3),
                      "sequential_ratio": round(statistics.median(sequential) / one, 3) if sequential else None,
                      "images": images, "fit_seconds": round(one, 3),
                      "race_seconds": round(statistics.median(fused), 3),
                      "sequential_seconds": round(statistics.median(sequential), 3) if sequential else None,
                      "batches_per_step": batches_per_step(config, math.ceil(images / config.batch_size),
                                                           networks=len(OPTIMIZERS), probed=False),
                      "contestants": len(OPTIMIZERS), "dataset": data.name}))


if __name__ == "__main__":
    main()
