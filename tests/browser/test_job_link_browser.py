"""Jobs belong to the server (issue 22), in chromium: a reload or a tab closed for a while comes back to the same
training through its ``?job=`` link, live, with Stop; the link opens the result after a server restart; shared
links carry no job or name; on a phone the live curve comes first."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from dnn_core.i18n import t
from dnn_core.running.job_links import link_hash
from dnn_core.runs import RunStore
from tests.browser.conftest import CHROMIUM, IDLE, no_browser, start_app_server, wait_for_port

pytestmark = pytest.mark.browser

ABANDON_S = 2  # the server's abandon delay here: the tests stay away longer than it without waiting minutes
LONG = "dataset=mnist_sample&train_size=1000&layers=16&batch_size=8&epochs=40"  # tens of seconds: one batch a step
# minutes: batches of 8 run one per step (a noise lesson's size), so it is still training when the tab comes back
AWAY = "dataset=mnist_sample&train_size=4000&layers=16&batch_size=8&epochs=100"
SHORT = "dataset=mnist_sample&train_size=500&layers=16&epochs=2"
DONE_MS = 300_000  # a bound on a training's end on a loaded machine, never a way to synchronise
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


def start_server(db) -> tuple:
    process, port = start_app_server({"DNN_OFFLINE": "1", "DNN_RUNS_DB": str(db),
                                      "DNN_ABANDON_AFTER_S": str(ABANDON_S)})
    wait_for_port(port, process)
    return process, f"http://127.0.0.1:{port}"


def stop_server(process) -> None:
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """(base URL, runs database) of a server whose abandon delay is ABANDON_S."""
    if not Path(CHROMIUM).exists():
        no_browser(f"no chromium at {CHROMIUM} (apt-get install -y chromium)")
    db = tmp_path_factory.mktemp("links") / "runs.sqlite"
    process, url = start_server(db)
    yield url, db
    stop_server(process)


def new_page(browser, **context):
    page = browser.new_context(**{"viewport": {"width": 1400, "height": 1000}, **context}).new_page()
    page.set_default_timeout(300_000)  # a bound for a loaded machine (a first page loads TensorFlow), not a sync
    return page


def job_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["job"][0]


def start_training(page, base: str, query: str) -> str:
    """Open Build & Train with ``query``, press Train and return the job id once the URL carries it."""
    page.goto(f"{base}/train?{query}")
    page.wait_for_selector(IDLE)
    page.locator(".st-key-train_button button").click()
    page.wait_for_url(re.compile(r"[?&]job="))
    return job_of(page.url)


def wait_training_live(page) -> None:
    """Until the page shows the training's progress in epochs (it runs, live)."""
    page.locator("[data-testid=stProgress]", has_text=re.compile(r"\b\d+/(40|100)\b")).wait_for()  # LONG, AWAY


def test_a_reload_mid_training_goes_on_live_and_finishes_there(browser, server):
    base, db = server
    before = len(RunStore(db).list_runs())
    page = new_page(browser)
    job = start_training(page, base, LONG)
    wait_training_live(page)
    page.reload()
    wait_training_live(page)  # the same training, live on a page that never pressed Train
    assert job_of(page.url) == job and page.locator(".st-key-train_button button").is_disabled()
    page.locator("[data-testid=stMetric]", has_text=t("train.test_accuracy", "en")).wait_for(timeout=DONE_MS)
    runs = RunStore(db).linked_runs(link_hash(job))
    assert len(runs) == 1 and runs[0].status == "finished" and len(runs[0].history) == 40
    assert len(RunStore(db).list_runs()) == before + 1  # one run, not two
    page.context.close()


def test_a_tab_closed_longer_than_the_abandon_delay_finds_its_training_still_running_and_stops_it(browser, server):
    base, db = server
    page = new_page(browser)
    job = start_training(page, base, AWAY)
    wait_training_live(page)
    page.context.close()  # the tab is gone (a locked phone, a dropped Wi-Fi)
    time.sleep(3 * ABANDON_S)  # being away this long is what is tested (nothing to wait for)
    page = new_page(browser)
    page.goto(f"{base}/train?job={job}")
    wait_training_live(page)  # nobody else waited: it went on
    page.locator(".st-key-train_stop button").click()
    page.get_by_text(re.compile(r"^Stopped early after \d+ complete epoch")).wait_for()
    runs = RunStore(db).linked_runs(link_hash(job))
    assert len(runs) == 1 and runs[0].status == "stopped" and 0 < len(runs[0].history) < 100
    assert "stopped_because" not in runs[0].metrics  # stopped by its owner, not abandoned
    page.context.close()


def test_the_link_opens_the_result_after_a_server_restart(browser, tmp_path):
    if not Path(CHROMIUM).exists():
        no_browser(f"no chromium at {CHROMIUM} (apt-get install -y chromium)")
    process, base = start_server(tmp_path / "runs.sqlite")
    try:
        page = new_page(browser)
        job = start_training(page, base, SHORT)
        accuracy = page.locator("[data-testid=stMetric]", has_text=t("train.test_accuracy", "en"))
        accuracy.wait_for(timeout=DONE_MS)
        shown = accuracy.locator("[data-testid=stMetricValue]").inner_text()
        page.context.close()
    finally:
        stop_server(process)
    process, base = start_server(tmp_path / "runs.sqlite")  # a new process: nothing of the job in memory
    try:
        page = new_page(browser)
        page.goto(f"{base}/train?job={job}&lang=zh-TW")
        page.wait_for_selector(IDLE)
        again = page.locator("[data-testid=stMetric]", has_text=t("train.test_accuracy", "zh-TW"))
        assert again.locator("[data-testid=stMetricValue]").inner_text() == shown
        page.screenshot(path=str(tmp_path / "restored-zh.png"), full_page=True)
        page.context.close()
    finally:
        stop_server(process)


def test_the_share_link_and_its_qr_code_carry_no_job_or_name(browser, server):
    zxingcpp = pytest.importorskip("zxingcpp")  # requirements-dev.txt
    from PIL import Image

    base, _ = server
    page = new_page(browser)
    start_training(page, base, SHORT + "&name=Ana")
    page.locator("[data-testid=stMetric]", has_text=t("train.test_accuracy", "en")).wait_for(timeout=DONE_MS)
    page.wait_for_selector(IDLE)
    query = parse_qs(urlsplit(page.url).query)
    assert query["name"] == ["Ana"] and "job" in query  # the page's own address has both
    page.get_by_role("tab", name=t("share.tab", "en")).click()
    link = page.locator("[data-testid=stCode]", has_text="/train?").inner_text().strip()
    image = page.locator("[data-testid=stImage] img").first
    png = page.request.get(image.get_attribute("src") if image.get_attribute("src").startswith("http")
                           else base + image.get_attribute("src")).body()
    decoded = [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]
    assert decoded == [link]
    shared = parse_qs(urlsplit(link).query)
    assert "job" not in shared and "name" not in shared and shared["epochs"] == ["2"]
    page.context.close()


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_on_a_phone_a_live_curve_is_in_the_first_screen_after_train(browser, server, lang, tmp_path):
    base, _ = server
    page = new_page(browser, **PHONE)
    start_training(page, base, f"{LONG}&lang={lang}")
    wait_training_live(page)
    # loss, then accuracy: the first two charts' tops, read in one go in the page (the live view redraws them every
    # second, and a chart between two draws has no box for Playwright to measure)
    tops = page.wait_for_function("""() => {
        const charts = [...document.querySelectorAll('[data-testid=stPlotlyChart]')].slice(0, 2);
        const tops = charts.map(c => c.getBoundingClientRect()).filter(r => r.height > 0).map(r => r.top);
        return tops.length === 2 ? tops : null;
    }""", polling=100).json_value()
    page.screenshot(path=str(tmp_path / f"phone-{lang}.png"))
    assert 0 <= tops[0] < tops[1] < PHONE["viewport"]["height"]  # both curves start on the first screen
    page.locator(".st-key-train_stop button").click()  # leave the server's slot to the next test
    page.locator("[data-testid=stMetric]", has_text=t("train.test_accuracy", lang)).wait_for(timeout=DONE_MS)
    page.context.close()
