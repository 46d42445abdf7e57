"""How much the live UI costs: the course model for one epoch through the app in headless chromium vs train().

Both run in this one invocation on the same machine. A fresh `streamlit run app.py` serves the Train page to
headless chromium; `train()` with no UI runs in this process, called exactly as the app calls it (TensorBoard
logs included), while that page sits idle. The app's figure is the "Images per second" metric it shows when
the job ends (samples trained / fit seconds, measured the same way as `train()`'s).

The two sides are interleaved in pairs (ABBA order) after one unmeasured warm-up training on each side. This
matters here: on this virtual machine a core's speed flips between two levels for seconds at a time
(`train()` pinned to one core in a plain process gives either ~8,500 or ~15,500 images/s), so running all of
one side and then all of the other measured the host, not the UI. "ratio" is the median of the per-pair
ratios (each pair ran back to back, so both of its trainings saw much the same host); the ratio of the best
training of each side, as `timeit` would take it, is printed too (one lucky training on either side moves it).
Finally an unmeasured training gives the README's screenshot of the Train page mid-training (a screenshot costs
chromium a whole core for a moment).

Chromium stands in for the student's own computer, so by default it runs at the lowest priority there is
(``--browser-nice idle``: Linux's SCHED_IDLE): it takes only the cores the server and its worker leave idle, as a
browser on another machine would not compete with them at all. A niceness is not enough for that: the worker runs at
niceness 5 (so that the pages come first), and chromium at niceness 10 still took a quarter of the worker's core
whenever the two shared one (CFS weights 335 against 110). Drawing the two live charts costs chromium about 0.3
CPU-seconds a second here; ``--browser-nice 0`` measures the case of a browser on the server's own two cores.
The server's own share (the live fragment's reruns) is measured either way.
Last line: JSON with "ratio".

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
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, IDLE, start_app_server, wait_for_port  # noqa: E402

configure_runtime()  # as the app and the CLI do: one TensorFlow op thread per training

SCREENSHOT = ROOT / "benchmarks" / "results" / "train-mid-training.png"


def plain_rate(config, data) -> float:
    """Images per second of one train() with no UI, called as the app's TrainingJob calls it."""
    from dnn_core.engine.training import train

    return train(config, data, log_dir=tempfile.mkdtemp(prefix="dnn-tb-")).samples_per_second


def niced_chromium(niceness: str) -> str:
    """A chromium executable whose every process runs at ``niceness`` ('idle': SCHED_IDLE; '0': chromium itself)."""
    if niceness == "0":
        return CHROMIUM
    wrapper = Path(tempfile.mkdtemp()) / "chromium"
    priority = "chrt --idle 0" if niceness == "idle" else f"nice -n {int(niceness)}"
    wrapper.write_text(f'#!/bin/sh\nexec {priority} {CHROMIUM} "$@"\n')
    wrapper.chmod(0o755)
    return str(wrapper)


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

    data = load_dataset("fashion_mnist")  # full size when Debian's dataset-fashion-mnist is installed
    images = args.images if data.name == "fashion_mnist" else 4_000
    config = ExperimentConfig(dataset=data.name, train_size=images, epochs=1)
    baseline_runs, app_runs = [], []
    with train_page(data.name, images, args.browser_nice) as page:
        plain_rate(config, data), app_rate(page)  # warm-up: the first training in a process is slower
        for pair in range(args.pairs):
            if pair % 2 == 0:
                baseline_runs.append(plain_rate(config, data))
                app_runs.append(app_rate(page))
            else:
                app_runs.append(app_rate(page))
                baseline_runs.append(plain_rate(config, data))
        # The README's picture comes from one more, unmeasured training, taken while the curves are growing
        start_training(page)
        time.sleep(1.5)  # let the curves grow before the picture, not past the end (not a synchronisation)
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT))
    pair_ratios = [a / b for a, b in zip(app_runs, baseline_runs)]
    ratio = statistics.median(pair_ratios)
    best_app, best_baseline = max(app_runs), max(baseline_runs)
    print(f"median of {args.pairs} interleaved pair ratios: {ratio:.3f}; best of each side: train() alone "
          f"{best_baseline:,.0f} images/s, through the app with live charts {best_app:,.0f} images/s "
          f"(ratio {best_app / best_baseline:.3f})")
    print(json.dumps({"benchmark": "ui_overhead", "ratio": round(ratio, 3),
                      "best_of_ratio": round(best_app / best_baseline, 3),
                      "samples_per_second": round(statistics.median(app_runs)),
                      "baseline_samples_per_second": round(statistics.median(baseline_runs)),
                      "pair_ratios": [round(r, 3) for r in pair_ratios],
                      "app_runs": [round(r) for r in app_runs], "baseline_runs": [round(r) for r in baseline_runs],
                      "images": images, "dataset": data.name, "browser_nice": args.browser_nice,
                      "screenshot": str(SCREENSHOT.relative_to(ROOT))}))


if __name__ == "__main__":
    main()
