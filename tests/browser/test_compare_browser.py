"""Compare in a real browser: a two-optimizer race from a lesson link, run to a named winner."""

import pytest

from tests.browser.conftest import wait_idle

pytestmark = pytest.mark.browser


def test_two_optimizer_race_names_a_winner(app_url, page):
    page.goto(f"{app_url}/compare?dataset=mnist_sample&train_size=500&epochs=1")
    wait_idle(page)
    assert page.get_by_text("450 training images").count() == 1  # the link's settings reached the race

    # the race starts with four optimizers picked; keep two of them
    for name in ("sgd + momentum", "rmsprop"):
        page.locator(f".st-key-race_optimizers button[aria-label='Remove {name}']").first.click()
        wait_idle(page)
    assert page.locator(".st-key-race_optimizers [data-tag]").count() == 2

    page.locator(".st-key-race_start button").click()
    page.get_by_text("Winner:").first.wait_for(timeout=240_000)
    wait_idle(page)
    assert page.locator("[data-testid=stException]").count() == 0
    winner = page.locator("[data-testid=stAlert]", has_text="Winner:").inner_text()
    assert "sgd" in winner or "adam" in winner
    # both contestants and the common start appear in the legends of the two charts
    for label in ("sgd", "adam", "Common start"):
        assert page.locator(".js-plotly-plot .legendtext", has_text=label).count() >= 2
