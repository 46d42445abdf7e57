"""Build & Train in a real browser: live curves while training, surviving a page switch, final accuracy."""

import pytest

from dnn_core.i18n import t
from tests.browser.conftest import click_nav, wait_idle

pytestmark = pytest.mark.browser

# What the live loss chart shows: each curve's length and last x (epochs done). Plotly keeps the decoded arrays in
# _fullData (data holds the base64 form), and curves are downsampled, so lengths alone can stand still.
LOSS_CURVES = """() => {
  const plot = document.querySelector('.st-key-live_loss .js-plotly-plot');
  if (!plot || !plot._fullData) return '';
  return plot._fullData.map(t => t.x && t.x.length ? `${t.x.length}@${t.x[t.x.length - 1]}` : '').join('|');
}"""


def test_training_curves_grow_live_and_survive_navigation(app_url, page):
    # batch_size=1: 2,700 small steps, several seconds of training however fast the machine is
    page.goto(f"{app_url}/train?dataset=mnist_sample&train_size=1000&layers=32&epochs=3&batch_size=1")
    wait_idle(page)
    page.locator(".st-key-train_button button").click()
    page.wait_for_function(f"() => ({LOSS_CURVES})().length > 3")  # the live chart has its first points

    # the loss chart must change at least twice while the job runs
    seen = page.evaluate(LOSS_CURVES)
    for _ in range(2):
        page.wait_for_function(f"(before) => ({LOSS_CURVES})() !== before", arg=seen)
        seen = page.evaluate(LOSS_CURVES)

    click_nav(page, "Home")
    # still training or already done, never failed ("Training failed" must not pass for "Training…")
    sidebar = page.locator("[data-testid=stSidebar]")
    assert sidebar.get_by_text(t("status.training", "en", percent=0).split("0")[0]).count() + \
        sidebar.get_by_text(t("status.trained", "en", accuracy=0).split("0")[0]).count() >= 1
    click_nav(page, "Build & Train")
    metric = page.locator("[data-testid=stMetric]", has_text="Test accuracy").first
    metric.wait_for()
    wait_idle(page)
    assert page.locator("[data-testid=stException]").count() == 0
    value = float(metric.locator("[data-testid=stMetricValue]").inner_text().rstrip(" %"))
    assert 30 < value <= 100  # 1,000 digits and 3 epochs read far better than chance (10 %)
