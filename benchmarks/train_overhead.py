"""Benchmark: train() against a plain Keras fit of the same model, data and batches, and against this CPU's matmul.

train() adds a progress consumer, per-step history, gradient probes and a validation pass each epoch, and runs
several batches per step (``dnn_core.engine.steps``). This times it, in one process after a warm-up, against
``model.fit`` on numpy arrays with Keras' default settings (one batch per step; same model, images, batch size
and epochs, verbose=0) → ``ratio`` (target >= 1.4); against the same fit compiled with train()'s batches per step
and validating on train()'s validation images each epoch, as the course's own ``model.fit(...,
validation_data=...)`` does → ``ratio_same_steps`` (target >= 0.95: what progress, history and probes cost);
and against that fit without validation → ``ratio_same_steps_without_validation`` (what the validation curves
cost as well: six forward passes of 1,024 images an epoch, ~4 % of a course-model epoch here). The sides run in
interleaved pairs (ABBA: train() first, then the fits, then the other way round), and each ratio is the median of
the per-pair ratios of images per second: this 2-vCPU machine's cores flip between two speeds for seconds at a
time, and the trainings of a pair, run back to back, see much the same host (single figures moved from 0.88 to
1.05 between invocations).

Where the limit is: the same process (same TensorFlow threads) times a float32 matrix multiply of
``--matmul``-square matrices (2 n^3 FLOPs, best of several) as this machine's peak, and prints train()'s achieved
share of it, counting 6 x the weights of the model's layers as the training FLOPs of one image (forward, and two
passes back): ``share_of_matmul_peak``. The last line printed is one JSON object.

    DNN_OFFLINE=1 python benchmarks/train_overhead.py [--epochs 2] [--repeats 7]
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

from dnn_core.engine.data import Dataset, load_dataset, training_split  # noqa: E402
from dnn_core.engine.model import LOSSES, build_model, make_optimizer  # noqa: E402
from dnn_core.engine.presets import preset_config  # noqa: E402
from dnn_core.engine.steps import batches_per_step, flops_per_image  # noqa: E402
from dnn_core.engine.training import VALIDATION_BATCH, train  # noqa: E402
from dnn_core.running.runtime import configure_runtime  # noqa: E402

configure_runtime()  # as the app does: the op threads of one training when two may run at once

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


def time_fit(config, data, validate: bool = False, step_batches: int = 1) -> dict:
    """A plain model.fit of the same model on the same training images (optionally with train()'s validation),
    compiled with ``step_batches`` batches per step (1: Keras' default)."""
    split = training_split(data, config)
    model = build_model(config, compile=False)
    model.compile(optimizer=make_optimizer(config), loss=LOSSES[config.loss](), metrics=["accuracy"],
                  steps_per_execution=step_batches)
    validation = dict(validation_data=(split.x_val, split.y_val.astype(np.int32)),
                      validation_batch_size=VALIDATION_BATCH) if validate else {}
    start, cpu = time.perf_counter(), time.process_time()
    model.fit(split.x_train, split.y_train.astype(np.int32), batch_size=config.batch_size, epochs=config.epochs,
              verbose=0, **validation)
    wall = time.perf_counter() - start
    return {"rate": len(split.x_train) * config.epochs / wall, "wall": wall, "cpu": time.process_time() - cpu}


def matmul_flops(size: int, repeats: int = 10) -> float:
    """This process's float32 matrix-multiply throughput in FLOP/s: the best of ``repeats`` size x size products."""
    import tensorflow as tf

    rng = np.random.default_rng(0)
    a, b = (tf.constant(rng.standard_normal((size, size), dtype=np.float32)) for _ in range(2))
    tf.matmul(a, b).numpy()  # warm-up: thread pools, the kernel's first call
    best = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        tf.matmul(a, b).numpy()
        best = min(best, time.perf_counter() - start)
    return 2 * size**3 / best


# ---- Run -----------------------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=7, help="ABBA pairs (the ratios are their medians)")
    parser.add_argument("--matmul", type=int, default=1024, help="side of the square matrices of the peak")
    args = parser.parse_args()

    data = benchmark_data()
    config = preset_config("course").replace(dataset=data.name, epochs=args.epochs)
    images = len(training_split(data, config).x_train)
    steps = batches_per_step(config, math.ceil(images / config.batch_size))
    print(f"course model on {data.name} ({data.source}): {images:,} training images x {args.epochs} epoch(s), "
          f"batch {config.batch_size}, {steps} batches per step in train()", file=sys.stderr)

    # Warm up every path (graph tracing, thread pools) on a small run before timing anything
    warm = config.replace(train_size=2_000, epochs=1)
    time_train(warm, data), time_fit(warm, data), time_fit(warm, data, step_batches=steps)

    # train() and the fit with its batches per step run next to each other in both orders: their ratio is the
    # finer one, and the host's speed changes between runs that are far apart
    contenders = {"train": lambda: time_train(config, data),
                  "same_steps": lambda: time_fit(config, data, step_batches=steps),
                  "fit": lambda: time_fit(config, data),
                  "validated": lambda: time_fit(config, data, validate=True, step_batches=steps)}
    runs: dict[str, list[dict]] = {name: [] for name in contenders}
    pair_ratios, same_ratios, unvalidated_ratios = [], [], []
    for i in range(args.repeats):  # interleaved pairs, the order flipped every other pair (ABBA)
        for name in (list(contenders) if i % 2 == 0 else list(contenders)[::-1]):
            runs[name].append(contenders[name]())
        ours = runs["train"][-1]["rate"]
        pair_ratios.append(ours / runs["fit"][-1]["rate"])
        same_ratios.append(ours / runs["validated"][-1]["rate"])
        unvalidated_ratios.append(ours / runs["same_steps"][-1]["rate"])
        print(f"  pair {i + 1}: train() {ours:,.0f} img/s, fit {runs['fit'][-1]['rate']:,.0f} img/s "
              f"(ratio {pair_ratios[-1]:.3f}), fit at {steps} batches per step {runs['validated'][-1]['rate']:,.0f} "
              f"img/s validating (ratio {same_ratios[-1]:.3f}), {runs['same_steps'][-1]['rate']:,.0f} img/s not "
              f"validating (ratio {unvalidated_ratios[-1]:.3f})",
              file=sys.stderr)

    def median(name, key="rate"):
        return statistics.median(run[key] for run in runs[name])

    rate, baseline = median("train"), median("fit")
    peak = matmul_flops(args.matmul)
    print(json.dumps({"benchmark": "train_overhead", "ratio": round(statistics.median(pair_ratios), 3),
                      "pair_ratios": [round(r, 3) for r in pair_ratios],
                      "ratio_same_steps": round(statistics.median(same_ratios), 3),
                      "same_steps_pair_ratios": [round(r, 3) for r in same_ratios],
                      "ratio_of_medians": round(rate / baseline, 3),
                      "samples_per_second": round(rate, 1), "baseline_samples_per_second": round(baseline, 1),
                      "same_steps_samples_per_second": round(median("validated"), 1),
                      "ratio_same_steps_without_validation": round(statistics.median(unvalidated_ratios), 3),
                      "same_steps_without_validation_pair_ratios": [round(r, 3) for r in unvalidated_ratios],
                      # by CPU time, train() as a whole call (split, build, fit, test evaluation) against fit alone
                      "cpu_ratio": round(median("fit", "cpu") / median("train", "cpu"), 3),
                      "batches_per_step": steps, "flops_per_image": flops_per_image(config),
                      "matmul_gflops": round(peak / 1e9, 2),
                      "share_of_matmul_peak": round(rate * flops_per_image(config) / peak, 4),
                      "images": images, "epochs": args.epochs, "repeats": args.repeats, "dataset": data.name}))


if __name__ == "__main__":
    main()
