"""How much the live UI costs: the course model for one epoch through the app in headless chromium vs train().

All run in this one invocation on the same machine. A fresh `streamlit run app.py` serves the Train page to
headless chromium, while the page sits idle between its trainings two baselines with no UI run:
- ``train()`` in this process, called exactly as the app calls it (TensorBoard logs included): "ratio";
- the app's own job, a ``TrainingJob`` run by a ``ProcessExecutor`` of this process, so in a worker process like
  the server's (its niceness, its one op thread, its reports and the result packed back), with no page watching
  it: "ratio_same_worker". That is the app's path without its live view, so it isolates what the view costs from
  where the training runs (the server's worker yields a core to the pages; this process does not).
The app's figure is the "Images per second" metric it shows when the job ends (samples trained / fit seconds,
measured the same way as `train()`'s).

The sides are interleaved (ABC then CBA) after one unmeasured warm-up training on each side. This
matters here: on this virtual machine a core's speed flips between two levels for seconds at a time
(`train()` pinned to one core in a plain process gives either ~8,500 or ~15,500 images/s), so running all of
one side and then all of the other measured the host, not the UI. Each ratio is the median of the per-round
ratios (each round ran back to back, so its trainings saw much the same host); the ratio of the best training of
each side, as `timeit` would take it, is printed too (one lucky training on either side moves it).
Finally an unmeasured training gives the README's screenshot of the Train page mid-training (a screenshot costs
chromium a whole core for a moment).

Chromium stands in for the student's own computer, so by default it runs at the lowest priority there is
(``--browser-nice idle``: Linux's SCHED_IDLE): it takes only the cores the server and its worker leave idle, as a
browser on another machine would not compete with them at all. A niceness is not enough for that: the worker runs at
niceness 5 (so that the pages come first), and chromium at niceness 10 still took a quarter of the worker's core
whenever the two shared one (CFS weights 335 against 110). Drawing the two live charts costs chromium about 0.3
CPU-seconds a second here; ``--browser-nice 0`` measures the case of a browser on the server's own two cores.
The server's own share (the live fragment's reruns) is measured either way.
Last line: JSON with "ratio" and "ratio_same_worker".

    python benchmarks/ui_overhead.py [--images 54000] [--pairs 7] [--browser-nice idle]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from dnn_core.running.runtime import configure_runtime  # noqa: E402
from tests.browser.conftest import CHROMIUM_ARGS, IDLE, niced_chromium, start_app_server, wait_for_port  # noqa: E402

configure_runtime()  # as the app and the CLI do: one TensorFlow op thread per training

SCREENSHOT = ROOT / "benchmarks" / "results" / "train-mid-training.png"


def plain_rate(config, data) -> float:
    """Images per second of one train() with no UI, called as the app's TrainingJob calls it."""
    from dnn_core.engine.training import train

    return train(config, data, log_dir=tempfile.mkdtemp(prefix="dnn-tb-")).samples_per_second


def worker_rate(config, executor) -> float:
    """Images per second of the app's own job in a worker process of ``executor``, with no page watching it."""
    from dnn_core.running.work_jobs import TrainingJob

    job = TrainingJob(config, tensorboard=True, save=False, executor=executor).start()
    job.wait()
    if job.result is None:
        raise RuntimeError(f"the training without a page failed: {job.error}")
    return job.result.samples_per_second


@contextmanager
def train_page(dataset: str, images: int, browser_nice: str):
    """A fresh app server and a chromium page on /train with the benchmark's settings loaded."""
    from playwright.sync_api import sync_playwright

    server, port = start_app_server({"DNN_RUNS_DB": str(Path(tempfile.mkdtemp()) / "runs.sqlite")})
    try:
        wait_for_port(port, server)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=niced_chromium(browser_nice), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1500})
            page.set_default_timeout(600_000)
            page.goto(f"http://127.0.0.1:{port}/train?dataset={dataset}&train_size={images}&epochs=1")
            page.wait_for_selector(IDLE)
            yield page
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


def start_training(page) -> None:
    """Press Train and wait until the live view shows the running job (its progress text)."""
    page.locator(".st-key-train_button button").click()
    page.locator("[data-testid=stProgress]", has_text="images/s").first.wait_for()


def app_rate(page) -> float:
    """Images per second the app reports for one training, with the live charts on screen."""
    start_training(page)
    metric = page.locator("[data-testid=stMetric]", has_text="Images per second").first
    metric.wait_for()  # appears once the job has ended (the live view above is gone by then)
    value = float(metric.locator("[data-testid=stMetricValue]").inner_text().replace(",", ""))
    page.wait_for_selector(IDLE)
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=54_000)
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("--browser-nice", default="idle",
                        help="chromium's priority: 'idle' (SCHED_IDLE, a browser on another machine), or a niceness "
                             "(0: as the server's)")
    args = parser.parse_args()
    from dnn_core.engine.config import ExperimentConfig
    from dnn_core.engine.data import load_dataset
    from dnn_core.running.workers import ProcessExecutor

    data = load_dataset("fashion_mnist")  # full size when Debian's dataset-fashion-mnist is installed
    images = args.images if data.name == "fashion_mnist" else 4_000
    config = ExperimentConfig(dataset=data.name, train_size=images, epochs=1)
    executor = ProcessExecutor()  # its own warm worker, started as the server's are
    sides = {"train": lambda: plain_rate(config, data), "worker": lambda: worker_rate(config, executor)}
    runs: dict[str, list[float]] = {"train": [], "worker": [], "app": []}
    with train_page(data.name, images, args.browser_nice) as page:
        sides["app"] = lambda: app_rate(page)
        for side in sides.values():  # warm-up: the first training in a process is slower
            side()
        for round_ in range(args.pairs):
            for name in (list(sides) if round_ % 2 == 0 else list(reversed(sides))):
                runs[name].append(sides[name]())
        # The README's picture comes from one more, unmeasured training, taken while the curves are growing
        start_training(page)
        time.sleep(1.5)  # let the curves grow before the picture, not past the end (not a synchronisation)
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT))
    executor.shutdown()
    app_runs, baseline_runs, worker_runs = runs["app"], runs["train"], runs["worker"]
    pair_ratios = [a / b for a, b in zip(app_runs, baseline_runs)]
    worker_ratios = [a / b for a, b in zip(app_runs, worker_runs)]
    ratio, ratio_same_worker = statistics.median(pair_ratios), statistics.median(worker_ratios)
    best_app, best_baseline, best_worker = max(app_runs), max(baseline_runs), max(worker_runs)
    print(f"median of {args.pairs} interleaved round ratios: against train() here {ratio:.3f}, against the same job "
          f"in a worker with no page {ratio_same_worker:.3f}; best of each side: train() here {best_baseline:,.0f} "
          f"images/s, the job with no page {best_worker:,.0f}, through the app with live charts {best_app:,.0f}")
    print(json.dumps({"benchmark": "ui_overhead", "ratio": round(ratio, 3),
                      "ratio_same_worker": round(ratio_same_worker, 3),
                      "best_of_ratio": round(best_app / best_baseline, 3),
                      "best_of_ratio_same_worker": round(best_app / best_worker, 3),
                      "samples_per_second": round(statistics.median(app_runs)),
                      "baseline_samples_per_second": round(statistics.median(baseline_runs)),
                      "worker_samples_per_second": round(statistics.median(worker_runs)),
                      "pair_ratios": [round(r, 3) for r in pair_ratios],
                      "worker_ratios": [round(r, 3) for r in worker_ratios],
                      "app_runs": [round(r) for r in app_runs], "baseline_runs": [round(r) for r in baseline_runs],
                      "worker_runs": [round(r) for r in worker_runs],
                      "images": images, "dataset": data.name, "browser_nice": args.browser_nice,
                      "screenshot": str(SCREENSHOT.relative_to(ROOT))}))


if __name__ == "__main__":
    main()
