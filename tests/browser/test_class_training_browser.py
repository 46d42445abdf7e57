"""The class's digits in training, in a real browser: the setting and its plan on Build & Train, the summary beside
the result, and the Learn lesson that opens Compare's twin, in English and 繁體中文.

The server gets a run store that already holds drawings of six writers (tests/digit_strokes.py, through the app's
own preprocessing), three on each side of the lesson's split.
"""

import pytest

from dnn_core.classroom.handwriting import ClassDigits
from dnn_core.i18n import t
from dnn_core.runs import RunStore
from tests.browser.conftest import CHROMIUM, no_browser, serving, start_app_server, wait_idle
from tests.test_class_training import drawn_set, names_on_each_side

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def class_url(tmp_path_factory):
    """An app server whose run store holds 60 drawn digits (6 writers × 10 digits)."""
    from pathlib import Path

    if not Path(CHROMIUM).exists():
        no_browser(f"no chromium at {CHROMIUM} (apt-get install -y chromium)")
    db = tmp_path_factory.mktemp("class-runs") / "runs.sqlite"
    store = ClassDigits(RunStore(db))
    store.set_open(True)
    digits = drawn_set(names_on_each_side(3), samples=1)
    for i, (image, label, writer) in enumerate(zip(digits.x, digits.y, digits.writers)):
        store.add(image, image, int(label), writer.split(":", 1)[1], "browser test", now=1000.0 + 2 * i)
    with serving(*start_app_server({"DNN_OFFLINE": "1", "DNN_ABANDON_AFTER_S": "5", "DNN_RUNS_DB": str(db)})) as url:
        yield url


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_setting_plans_and_the_result_shows_the_held_out_writers(class_url, page, lang, tmp_path):
    page.goto(f"{class_url}/train?dataset=mnist_sample&train_size=300&epochs=1&class_digits=0.5&lang={lang}")
    wait_idle(page)
    slider = page.locator(".st-key-cfg_class_digits", has_text=t("train.class_digits", lang))
    slider.wait_for()
    assert "0.5" in slider.inner_text()
    plan = t("digits.train.plan.split", lang, digits=60, writers=6, share="0.5", joining_writers=3, joining=30,
             repeats=2, held_writers=3, held=30)  # by hand: 270 images want 0.25 · 270 / 30 = 2.25 copies: 2
    page.get_by_text(plan).wait_for()
    page.screenshot(path=str(tmp_path / f"setting-{lang}.png"), full_page=True)

    page.locator(".st-key-train_button button").click()
    held = page.locator("[data-testid=stMetric]", has_text=t("digits.train.accuracy_held", lang)).first
    held.wait_for()
    wait_idle(page)
    assert page.locator("[data-testid=stException]").count() == 0
    value = float(held.locator("[data-testid=stMetricValue]").inner_text().rstrip(" %"))
    assert 0 <= value <= 100
    writers = page.locator("[data-testid=stMetric]", has_text=t("digits.train.writers", lang)).first
    assert writers.locator("[data-testid=stMetricValue]").inner_text() == "3 / 3"
    note = page.get_by_text(t("digits.train.joined_note", lang, added="60", digits=30, writers=3, repeats=2, count=30,
                              held=3), exact=False).first
    note.wait_for()
    note.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / f"result-{lang}.png"))  # the main block scrolls: the view, not the page


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_learn_lesson_opens_the_twin_of_half_the_class(class_url, page, lang, tmp_path):
    page.goto(f"{class_url}/learn?lang={lang}")
    wait_idle(page)
    page.get_by_role("tab", name=t("learn.tab.handwriting", lang)).click()
    wait_idle(page)
    page.get_by_text(t("learn.ours.title", lang)).first.wait_for()
    status = t("learn.ours.status", lang, digits=60, writers=6, joining_writers=3, joining=30, held_writers=3,
               held=30).replace("**", "")  # bold in the page, not asterisks
    assert status in page.locator("[data-testid=stMainBlockContainer]").inner_text()
    page.screenshot(path=str(tmp_path / f"learn-{lang}.png"), full_page=True)

    page.get_by_role("button", name=t("learn.try", lang, preset=t("preset.our_handwriting", lang))).click()
    page.get_by_text(t("compare.title", lang)).first.wait_for()
    wait_idle(page)
    assert page.locator("[data-testid=stException]").count() == 0
    page.screenshot(path=str(tmp_path / f"compare-{lang}.png"), full_page=True)
    # the twin changes one setting, class_digits, to 0.5 (a select box shows its value in its combobox's input)
    setting = page.locator(".st-key-twin_setting [role=combobox]")
    assert t("compare.setting.class_digits", lang) in (setting.input_value() if setting.count() else "") + \
        page.locator(".st-key-twin_setting").text_content()
    assert "0.5" in page.locator(".st-key-twin_value_class_digits").inner_text()
