"""Results that never showed (issue 20): on a busy server, Build & Train's run after a training must reach the page.

The server here is tests/browser/busy_server.py, whose event loop sends each run's messages seconds late, as a busy
classroom server's does. The sidebar's live status kept one fragment id for good, so a tick the browser sent before
it heard of the page's last run (the one after the training ended) still named a fragment of the server's, and
Streamlit, taking it up after that run had ended, started a new script runner and dropped the run's messages not yet
sent: the sidebar said "Trained" while the page kept its progress bar and never showed the metrics. A valid tick
did the same whenever it came while the last runner's messages waited: the live view never moved here.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dnn_core.i18n import t
from tests.browser.conftest import CHROMIUM, IDLE, ROOT, free_port, no_browser, serving

pytestmark = pytest.mark.browser

SHOWN_WITHIN_MS = 120_000  # a training of seconds and the page's runs, each 3 s late, fit many times over


@pytest.fixture
def busy_app_url(tmp_path):
    if not Path(CHROMIUM).exists():
        no_browser(f"no chromium at {CHROMIUM} (apt-get install -y chromium)")
    port = free_port()
    env = {"DNN_OFFLINE": "1", "DNN_RUNS_DB": str(tmp_path / "runs.sqlite")}
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "browser" / "busy_server.py"), "--server.port", str(port),
         "--server.headless", "true", "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with serving(process, port) as url:
        yield url


# the live view's progress line once it says an epoch after the first: a later tick's run reached the page
LATER_EPOCH = """() => [...document.querySelectorAll('[data-testid=stProgress]')]
    .some(bar => /Epoch ([2-9]|[1-9][0-9])\\//.test(bar.textContent))"""


def test_the_metrics_of_a_finished_training_reach_a_busy_servers_page(busy_app_url, page):
    page.goto(f"{busy_app_url}/train?dataset=mnist_sample&train_size=1000&layers=16&epochs=40")
    page.wait_for_selector(IDLE)
    page.locator(".st-key-train_button button").click()
    # each tick used to start a new script runner while the last one's messages waited, and Streamlit dropped
    # them: the curves never moved on a busy server (pages/server.py waits for them now)
    page.wait_for_function(LATER_EPOCH, timeout=SHOWN_WITHIN_MS)
    metric = page.locator("[data-testid=stMetric]", has_text=t("train.test_accuracy", "en"))
    metric.wait_for(timeout=SHOWN_WITHIN_MS)
    page.wait_for_selector(IDLE)
    assert page.locator("[data-testid=stProgress]").count() == 0  # the page left its training layout
    assert page.locator(".st-key-train_button button").is_enabled()
    trained = t("status.trained", "en", accuracy=0).split("0")[0]  # 'Trained: test accuracy '
    assert page.locator("[data-testid=stSidebar]").get_by_text(trained).count() == 1
