"""How much the live UI costs: the course model for one epoch through the app in headless chromium vs train().

Both run in this one invocation on the same machine: first `train()` with no UI in this process, then the same
config trained by a fresh `streamlit run app.py` while chromium shows the live charts. The app's figure is the
"Images per second" metric it shows when the job ends (samples trained / fit seconds, measured the same way as
`train()`'s). Then a second, unmeasured training gives the README's screenshot of the Train page mid-training
(taking a screenshot costs chromium a whole core for a moment). Last line: JSON with "ratio".

    python benchmarks/ui_overhead.py [--images 22000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, IDLE, free_port, wait_for_port  # noqa: E402

SCREENSHOT = ROOT / "benchmarks" / "results" / "train-mid-training.png"


REPEATS = 3  # trainings on each side; single runs on a shared 2-core machine vary by ±20 %


def plain_rates(dataset: str, images: int) -> list[float]:
    """Images per second of train() with no UI at all, called as the app calls it, REPEATS times."""
    from dnn_core.config import ExperimentConfig
    from dnn_core.training import train

    config = ExperimentConfig(dataset=dataset, train_size=images, epochs=1)
    # the same call the app's TrainingJob makes, TensorBoard logs included: only the UI differs
    return [train(config, log_dir=tempfile.mkdtemp(prefix="dnn-tb-")).samples_per_second for _ in range(REPEATS)]


def app_rates(dataset: str, images: int) -> list[float]:
    """Images per second the app reports for the same training, with the live charts on screen, REPEATS times."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    env = {**os.environ, "DNN_RUNS_DB": str(Path(tempfile.mkdtemp()) / "runs.sqlite")}
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                               "--server.headless", "true"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, server)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1500})
            page.set_default_timeout(600_000)
            page.goto(f"http://127.0.0.1:{port}/train?dataset={dataset}&train_size={images}&epochs=1")
            page.wait_for_selector(IDLE)
            rates = []
            for _ in range(REPEATS):
                page.locator(".st-key-train_button button").click()
                page.get_by_text("images/s").first.wait_for()  # training is live, the charts refresh every second
                metric = page.locator("[data-testid=stMetric]", has_text="Images per second").first
                metric.wait_for()
                rates.append(float(metric.locator("[data-testid=stMetricValue]").inner_text().replace(",", "")))
            # The README's picture comes from a second, unmeasured training: a screenshot costs the CPU a lot
            page.locator(".st-key-train_button button").click()
            page.get_by_text("images/s").first.wait_for()
            time.sleep(1.5)  # let the curves grow before the picture, not past the end (not a synchronisation)
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT))
            browser.close()
        return rates
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=54_000)
    args = parser.parse_args()
    from dnn_core.data import load_dataset

    dataset = "fashion_mnist" if load_dataset("fashion_mnist").name == "fashion_mnist" else "mnist_sample"
    images = args.images if dataset == "fashion_mnist" else 4_000
    baseline_runs = plain_rates(dataset, images)
    app_runs = app_rates(dataset, images)
    baseline, with_ui = statistics.median(baseline_runs), statistics.median(app_runs)
    print(f"train() alone: {baseline:,.0f} images/s; through the app with live charts: {with_ui:,.0f} images/s")
    print(json.dumps({"benchmark": "ui_overhead", "ratio": round(with_ui / baseline, 3),
                      "samples_per_second": round(with_ui), "baseline_samples_per_second": round(baseline),
                      "app_runs": [round(r) for r in app_runs], "baseline_runs": [round(r) for r in baseline_runs],
                      "images": images, "dataset": dataset, "screenshot": str(SCREENSHOT.relative_to(ROOT))}))


if __name__ == "__main__":
    main()
