"""Benchmark: the peak memory of whole jobs, each in a fresh process, against ``memory.estimate()``.

A grid of widths, depths, conv layers, batch sizes, optimizers and data sizes (the offline sample and full-size
Fashion-MNIST through the app's own loader). Every point runs in a new Python process (``python
benchmarks/memory_grid.py --point JSON``) that first does what a warm worker has done: import TensorFlow with the
app's runtime settings and load the data set. Then it runs the job as the app does, one phase after another:

- train: ``TrainWork.perform`` of a training with TensorBoard logs and gradient probes (as Build & Train starts it);
  evaluate: ``evaluate.inspect_result`` (what Inspect computes); save: ``resume.continuation_of`` (the .keras bytes
  and the zipped logs); continue: one more epoch from those bytes (``train(start=...)``), evaluated and saved;
- race: a race of 6 optimizers on the network (as Compare starts it), then the winner's model saved.

Measured: the kernel's high-water mark of the process's resident memory (VmHWM in /proc/self/status), reset to the
current size (``echo 5 > /proc/self/clear_refs``) after the warm-up and again at each phase, minus the resident
size after the warm-up. The kernel keeps that mark on every page fault, so a gigabyte held for a few milliseconds
(TensorBoard's weight histograms) is caught where a sampling thread (psutil USS every few ms) misses it. Resident
size counts TensorFlow's library pages first touched during the job too, which a second worker would share; that
errs on the safe side for admission, which is what the estimate is for.

Each point is 1 epoch on 3,000 images (the offline sample's 4,000 for convolutions) unless it is about data size:
the batch and the network set the peak, not how many batches there are, and the end-of-job evaluation still
predicts full batches of 1,024 test images (Fashion-MNIST's 10,000; the sample's 1,000). The
table prints each phase's peak, the whole job's, the estimate and its parts, and estimate / measured (the target:
between 1 and 2 at every grid point). Points outside the grid check the estimate where it was not fitted. Last
line: JSON.

    DNN_OFFLINE=1 python benchmarks/memory_grid.py [--only NAME,NAME] [--grid-only]
    python benchmarks/memory_grid.py --from OUTPUT [OUTPUT ...]   # earlier measurements, today's estimate
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from dnn_core.engine.config import ExperimentConfig  # noqa: E402  (no TensorFlow: the driver stays small)
from dnn_core.engine.memory import estimate  # noqa: E402

RACE_OPTIMIZERS = ("sgd", "momentum", "rmsprop", "adagrad", "adam", "nadam")  # as benchmarks/race_overhead.py
DENSE = {"dataset": "fashion_mnist", "train_size": 3_000}
CONV = {"dataset": "mnist_sample", "train_size": 0}

# name -> (kind, settings); every point trains 1 epoch
GRID = {
    "course sample": ("train", {"dataset": "mnist_sample", "layers": "128", "batch_size": 32}),
    "course full": ("train", {"dataset": "fashion_mnist", "layers": "128", "batch_size": 32}),
    "512x2 sgd": ("train", {**DENSE, "layers": "512,512", "batch_size": 128, "optimizer": "sgd"}),
    "1024x3": ("train", {**DENSE, "layers": "1024,1024,1024", "batch_size": 256}),
    "1024 full": ("train", {"dataset": "fashion_mnist", "layers": "1024", "batch_size": 512}),
    "2048 rmsprop": ("train", {**DENSE, "layers": "2048", "batch_size": 512, "optimizer": "rmsprop"}),
    "2048x2 momentum": ("train", {**DENSE, "layers": "2048,2048", "batch_size": 1024, "optimizer": "momentum"}),
    "4096 b2048": ("train", {**DENSE, "layers": "4096", "batch_size": 2048}),
    "4096x2 sgd": ("train", {**DENSE, "layers": "4096,4096", "batch_size": 256, "optimizer": "sgd"}),
    "1024x6": ("train", {**DENSE, "layers": "1024,1024,1024,1024,1024,1024", "batch_size": 512}),
    "256x10 nadam": ("train", {**DENSE, "layers": ",".join(["256"] * 10), "batch_size": 64, "optimizer": "nadam"}),
    "1024x2 bn": ("train", {**DENSE, "layers": "1024,1024", "batch_size": 1024, "batch_norm": True}),
    "conv32 course": ("train", {**CONV, "layers": "conv32,pool,128", "batch_size": 32}),
    "conv32,conv64": ("train", {**CONV, "layers": "conv32,conv64,pool,128", "batch_size": 128}),
    "conv64x2,conv128 sgd": ("train", {**CONV, "layers": "conv64,conv64,pool,conv128", "batch_size": 256,
                                       "optimizer": "sgd"}),
    "conv128x2": ("train", {**CONV, "layers": "conv128,conv128,pool", "batch_size": 128}),
    "conv256 b1024": ("train", {**CONV, "layers": "conv256,pool", "batch_size": 1024}),
    "conv32 augment": ("train", {**CONV, "layers": "conv32,pool,128", "batch_size": 256, "augment": 0.1,
                                 "optimizer": "momentum"}),
    "race course": ("race", {"dataset": "mnist_sample", "layers": "128", "batch_size": 32}),
    "race course full": ("race", {"dataset": "fashion_mnist", "layers": "128", "batch_size": 128}),
    "race 1024x3": ("race", {**DENSE, "layers": "1024,1024,1024", "batch_size": 256}),
    "race 2048x2": ("race", {**DENSE, "layers": "2048,2048", "batch_size": 1024}),
    "race conv32": ("race", {**CONV, "layers": "conv32,pool,128", "batch_size": 128}),
}
# Configurations the estimate was not fitted on: the lesson link that took a 2.7 GB server down, and others.
OUTSIDE = {
    "link 4096x2 b2048": ("train", {**DENSE, "layers": "4096,4096", "batch_size": 2048}),
    "conv64x2,conv128 b512": ("train", {"dataset": "fashion_mnist", "train_size": 3_000,
                                        "layers": "conv64,conv64,pool,conv128", "batch_size": 512}),
    "2048x3 adam b1024": ("train", {**DENSE, "layers": "2048,2048,2048", "batch_size": 1024}),
    "race 512x2 bn": ("race", {**DENSE, "layers": "512,512", "batch_size": 512, "batch_norm": True}),
}


# ---- in the fresh process ---------------------------------------------------------------------------------------

def _status_kb(field: str) -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))


def reset_peak() -> None:
    """Set the kernel's high-water mark of this process's resident memory to its current size."""
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")


class Phases:
    """Each phase's peak resident memory above the warm process's, in MB."""

    def __init__(self):
        gc.collect()
        self.baseline_kb = _status_kb("VmRSS")
        self.peaks: dict[str, float] = {}

    def run(self, name: str, action):
        reset_peak()
        value = action()
        self.peaks[name] = (_status_kb("VmHWM") - self.baseline_kb) / 1024
        return value


def measure_point(kind: str, settings: dict) -> dict:
    """Warm up as a worker would, then run the job's phases; their peaks."""
    from dnn_core.running.runtime import configure_runtime

    configure_runtime()  # as every process that trains: TensorFlow with one op thread per training
    import keras

    from dnn_core.engine.data import load_dataset
    from dnn_core.engine.evaluate import inspect_result
    from dnn_core.engine.export import model_bytes
    from dnn_core.engine.race import make_contestants
    from dnn_core.engine.resume import continuation_of, continued_config
    from dnn_core.running.work import RaceWork, TrainWork

    config = ExperimentConfig.from_dict({**settings, "epochs": 1})
    data = load_dataset(config.dataset)
    events: list[dict] = []
    phases = Phases()
    if kind == "race":
        work = RaceWork(config, make_contestants(RACE_OPTIMIZERS), target_accuracy=0.9)
        result = phases.run("race", lambda: work.perform(data, events.append, lambda: False))
        phases.run("save", lambda: model_bytes(result.model_to_keep()) if result.final_weights else b"")
        return {"phases": phases.peaks, "baseline_mb": phases.baseline_kb / 1024}
    log_dir = tempfile.mkdtemp(prefix="dnn-grid-tb-")
    work = TrainWork(config, tensorboard=True)
    result = phases.run("train", lambda: work.perform(data, events.append, lambda: False, log_dir))
    phases.run("evaluate", lambda: inspect_result(result, data))
    start = phases.run("save", lambda: continuation_of(result))
    result = work = None  # only the bytes go on, as between two jobs of a worker
    keras.backend.clear_session()  # a worker does this after every job: the process is the job's alone
    gc.collect()
    more = TrainWork(continued_config(config, start.epochs_done, 1), tensorboard=True, start=start)
    shutil.rmtree(log_dir)
    log_dir = tempfile.mkdtemp(prefix="dnn-grid-tb-")

    def go_on():
        again = more.perform(data, events.append, lambda: False, log_dir)
        inspect_result(again, data)
        return model_bytes(again.model)

    phases.run("continue", go_on)
    shutil.rmtree(log_dir)
    return {"phases": phases.peaks, "baseline_mb": phases.baseline_kb / 1024}


# ---- the driver -------------------------------------------------------------------------------------------------

def point_estimate(kind: str, settings: dict):
    """The estimate the app admits this job with."""
    config = ExperimentConfig.from_dict({**settings, "epochs": 1})
    if kind == "race":
        return estimate(config, networks=len(RACE_OPTIMIZERS), optimizers=RACE_OPTIMIZERS)
    return estimate(config)


def run_in_fresh_process(kind: str, settings: dict) -> dict:
    """One point measured by a new Python process; its phases' peaks and how long it took."""
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
    env.setdefault("DNN_OFFLINE", "1")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--point", json.dumps({"kind": kind, "settings": settings})],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(f"point {settings} failed:\n{done.stderr[-3000:]}")
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "seconds": time.perf_counter() - started}


def row(name: str, kind: str, settings: dict, measured: dict, where: str) -> dict:
    """One printed and reported row: the point, its measured peaks, the estimate and the ratio."""
    guess = point_estimate(kind, settings)
    peak = max(measured["phases"].values())
    return {"name": name, "where": where, "kind": kind, "dataset": settings["dataset"],
            "train_size": settings.get("train_size", 0), "layers": settings["layers"],
            "batch_size": settings["batch_size"], "optimizer": settings.get("optimizer", "adam"),
            "phases_mb": {k: round(v) for k, v in measured["phases"].items()}, "measured_mb": round(peak),
            "estimate_mb": round(guess.total), "largest_part": guess.largest_part(),
            "parts_mb": {part: round(getattr(guess, part)) for part in ("data", "weights", "activations", "runtime")},
            "ratio": round(guess.total / max(peak, 1.0), 2), "seconds": round(measured["seconds"], 1)}


def print_row(r: dict) -> None:
    phases = " ".join(f"{k} {v:,}" for k, v in r["phases_mb"].items())
    parts = "/".join(f"{v:,}" for v in r["parts_mb"].values())
    ok = "ok" if 1 <= r["ratio"] <= 2 else "OUT"
    print(f"{r['where']:7} {r['name']:24} {r['layers']:32} b{r['batch_size']:<5} {r['optimizer']:8} "
          f"{r['dataset'][:13]:13} {r['train_size'] or 'all':>6} | {phases:48} | measured {r['measured_mb']:6,} "
          f"| estimate {r['estimate_mb']:6,} ({parts}) | {r['ratio']:5.2f} {ok}  {r['seconds']:.0f} s", flush=True)


def measured_before(paths: list[str]) -> dict[str, dict]:
    """Point name -> its measurement, from the last JSON line of earlier runs' output (later files win)."""
    found = {}
    for path in paths:
        last = [line for line in Path(path).read_text().splitlines() if line.startswith("{")][-1]
        for r in json.loads(last)["rows"]:
            phases = r.get("phases_mb") or {"whole job": r["measured_mb"]}
            found[r["name"]] = {"phases": phases, "seconds": r.get("seconds", 0.0)}
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--point", help=argparse.SUPPRESS)  # the fresh process's own mode
    parser.add_argument("--only", default="", help="comma-separated point names")
    parser.add_argument("--grid-only", action="store_true", help="skip the points outside the grid")
    parser.add_argument("--from", dest="earlier", nargs="+", default=[], metavar="OUTPUT",
                        help="take the measurements from earlier runs' output (their last line) and only estimate: "
                             "to refit the constants without measuring again")
    args = parser.parse_args()
    if args.point:
        spec = json.loads(args.point)
        print(json.dumps(measure_point(spec["kind"], spec["settings"])))
        return

    points = [(name, spec, "grid") for name, spec in GRID.items()]
    points += [] if args.grid_only else [(name, spec, "outside") for name, spec in OUTSIDE.items()]
    wanted = {name.strip() for name in args.only.split(",") if name.strip()}
    points = [p for p in points if not wanted or p[0] in wanted]
    earlier = measured_before(args.earlier)
    if args.earlier:
        points = [p for p in points if p[0] in earlier]
    print("where   point                    layers                           batch  optim.   data set"
          "      images | phase peaks above the warm process (MB)         | whole job (MB)   | estimate "
          "(data/weights/activations/runtime) | estimate / measured", flush=True)
    rows = []
    for name, (kind, settings), where in points:
        measured = earlier.get(name) or run_in_fresh_process(kind, settings)
        rows.append(row(name, kind, settings, measured, where))
        print_row(rows[-1])
    grid = [r["ratio"] for r in rows if r["where"] == "grid"]
    outside = [r["ratio"] for r in rows if r["where"] == "outside"]
    print(json.dumps({"benchmark": "memory_grid", "points": len(rows), "unit": "MB",
                      "grid_min_ratio": min(grid, default=None), "grid_max_ratio": max(grid, default=None),
                      "grid_within_1_to_2": all(1 <= r <= 2 for r in grid),
                      "outside_min_ratio": min(outside, default=None), "outside_max_ratio": max(outside, default=None),
                      "outside_at_least_measured": all(r >= 1 for r in outside),
                      "rows": [{k: r[k] for k in ("name", "where", "phases_mb", "measured_mb", "estimate_mb", "ratio",
                                                  "seconds")} for r in rows]}))


if __name__ == "__main__":
    main()
