"""A lesson trained through the app on a Ray cluster: the same live curves and results, computed in a worker."""

import re

import pytest

from dnn_core.i18n import t
from tests.browser.conftest import click_nav, start_app_server, wait_for_port, wait_idle
from tests.browser.test_train_browser import LOSS_CURVES

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def ray_app(ray_cluster, tmp_path_factory):
    """An app server whose trainings run on the test session's two-node cluster; (base URL, server pid)."""
    process, port = start_app_server({"DNN_OFFLINE": "1", "DNN_RAY_ADDRESS": ray_cluster.address,
                                      "DNN_RUNS_DB": str(tmp_path_factory.mktemp("ray-runs") / "runs.sqlite")})
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_lesson_trains_on_a_ray_worker_with_live_curves(ray_app, page):
    url, server_pid = ray_app
    page.goto(f"{url}/?lang=en")
    wait_idle(page)
    page.get_by_text(re.compile(r"Trainings run on the Ray cluster at .*: 2 machine")).wait_for()

    page.goto(f"{url}/train?dataset=mnist_sample&train_size=1000&layers=32&epochs=3&batch_size=1")
    wait_idle(page)
    page.locator(".st-key-train_button button").click()
    page.wait_for_function(f"() => ({LOSS_CURVES})().length > 3")  # the worker's first rows reached the chart
    seen = page.evaluate(LOSS_CURVES)
    page.wait_for_function(f"(before) => ({LOSS_CURVES})() !== before", arg=seen)  # and more follow

    metric = page.locator("[data-testid=stMetric]", has_text="Test accuracy").first
    metric.wait_for()
    wait_idle(page)
    assert page.locator("[data-testid=stException]").count() == 0
    assert 30 < float(metric.locator("[data-testid=stMetricValue]").inner_text().rstrip(" %")) <= 100
    where = page.get_by_text(re.compile(r"Trained on a Ray worker: node \w+, pid \d+")).inner_text()
    assert int(re.search(r"pid (\d+)", where).group(1)) != server_pid  # not in the server process

    # Inspect reads the model that came back from the worker, as it reads a local one
    click_nav(page, "Inspect")
    page.locator("[data-testid=stMetric]", has_text=t("inspect.metric.test_accuracy", "en")).first.wait_for()
    assert page.locator("[data-testid=stException]").count() == 0
