"""A learning-rate schedule in a real browser: the lesson link trains and Build & Train draws the rate it used."""

import pytest

from tests.browser.conftest import wait_idle

pytestmark = pytest.mark.browser

# The live learning-rate chart: each trace's decoded y values (Plotly keeps them in _fullData)
RATES = """() => {
  const plot = document.querySelector('.st-key-live_lr .js-plotly-plot');
  if (!plot || !plot._fullData) return null;
  return plot._fullData.map(t => Array.from(t.y || []));
}"""


def test_a_cosine_link_trains_and_shows_the_rate_each_epoch_used(app_url, page):
    page.goto(f"{app_url}/train?lr_schedule=cosine&lr=0.5&optimizer=sgd&dataset=mnist_sample&train_size=1000"
              "&epochs=2&layers=32")
    wait_idle(page)
    page.locator(".st-key-train_button button").click()
    # a loaded machine (the browser, the server and a worker process share it) may take minutes
    page.locator("[data-testid=stMetric]", has_text="Test accuracy").first.wait_for(timeout=300_000)
    wait_idle(page)
    assert page.locator("[data-testid=stException]").count() == 0
    page.wait_for_function(f"() => {{ const r = ({RATES})(); return r && r.length === 2; }}")
    schedule, used = page.evaluate(RATES)
    assert schedule[0] == pytest.approx(0.5) and schedule[-1] == pytest.approx(0.0, abs=1e-6)
    assert used == pytest.approx([0.5, 0.25])  # cosine over 2 epochs: halfway down when the second one starts
