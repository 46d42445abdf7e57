"""Build & Train in a real browser: live curves while training, surviving a page switch, final accuracy."""

import pytest

from tests.browser.conftest import click_nav, wait_idle

pytestmark = pytest.mark.browser

# Total number of points drawn in the live loss chart
LOSS_POINTS = """() => {
  const plot = document.querySelector('.st-key-live_loss .js-plotly-plot');
  return plot && plot.data ? plot.data.reduce((n, trace) => n + (trace.x ? trace.x.length : 0), 0) : -1;
}"""


def test_training_curves_grow_live_and_survive_navigation(app_url, page):
    page.goto(f"{app_url}/train?dataset=mnist_sample&train_size=1000&layers=32&epochs=3&batch_size=8")
    wait_idle(page)
    page.locator(".st-key-train_button button").click()
    page.get_by_text("Epoch 1/3").first.wait_for()

    # the loss chart must change at least twice while the job runs
    seen = page.evaluate(LOSS_POINTS)
    for _ in range(2):
        page.wait_for_function(f"(before) => ({LOSS_POINTS})() !== before", arg=seen)
        seen = page.evaluate(LOSS_POINTS)

    click_nav(page, "Home")
    assert page.locator("[data-testid=stSidebar]").get_by_text("Training").count() + \
        page.locator("[data-testid=stSidebar]").get_by_text("Trained").count() >= 1
    click_nav(page, "Build & Train")
    metric = page.locator("[data-testid=stMetric]", has_text="Test accuracy").first
    metric.wait_for()
    wait_idle(page)
    assert page.locator("[data-testid=stException]").count() == 0
    value = float(metric.locator("[data-testid=stMetricValue]").inner_text().rstrip(" %"))
    assert 30 < value <= 100  # 1,000 digits and 3 epochs read far better than chance (10 %)
