"""Learning-rate schedules on the pages: Build & Train's setting and its chart, a bad link refused, a scheduled
training through the page, and the Learn section where a schedule rescues a rate too large to converge."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from dnn_core.i18n import LANGS, t
from tests.apptest import open_app, open_learn, open_train
from tests.conftest import train_through_the_page


@pytest.fixture(scope="module", autouse=True)
def _tensorflow_imported():
    """Import TensorFlow once up front so that no AppTest run pays the import inside its timeout."""
    import tensorflow  # noqa: F401


def chart(at: AppTest, key: str) -> dict:
    """The spec of the Plotly chart with this widget key."""
    found = [c for c in at.get("plotly_chart") if c.proto.id and key in c.proto.id]
    assert found, f"no chart {key}"
    return json.loads(found[0].proto.spec)


def test_a_cosine_link_sets_the_widgets_and_draws_the_rate_falling_to_zero():
    at = open_train(lr_schedule="cosine", lr="0.5", optimizer="sgd", dataset="mnist_sample", epochs="4")
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="cfg_lr_schedule_kind").value == "cosine"
    assert at.number_input(key="cfg_lr_schedule_cosine").value == 0
    line = chart(at, "train_lr_chart")["data"][0]
    assert line["x"][0] == 0 and line["x"][-1] == 4
    assert line["y"][0] == pytest.approx(0.5) and line["y"][-1] == pytest.approx(0.0, abs=1e-6)
    assert at.query_params["lr_schedule"] == "cosine"


def test_the_widgets_write_the_schedule_into_the_link():
    at = open_train(dataset="mnist_sample", lr="0.1", optimizer="sgd", epochs="6")
    assert not [c for c in at.get("plotly_chart") if "train_lr_chart" in (c.proto.id or "")]  # constant: no chart
    at.selectbox(key="cfg_lr_schedule_kind").set_value("step").run()
    at.number_input(key="cfg_lr_schedule_step").set_value(2).run()
    assert at.query_params["lr_schedule"] == "step:2"
    rates = chart(at, "train_lr_chart")["data"][0]["y"]
    assert rates[0] == pytest.approx(0.1) and rates[-1] == pytest.approx(0.1 / 8)  # halved at epochs 2, 4 and 6
    at.selectbox(key="cfg_lr_schedule_kind").set_value("exponential").run()
    at.number_input(key="cfg_lr_schedule_factor").set_value(0.5).run()
    assert at.query_params["lr_schedule"] == "exponential:0.5"


@pytest.mark.parametrize("lang", LANGS)
def test_a_bogus_schedule_in_a_link_is_refused_with_a_message(lang):
    at = open_train(lr_schedule="bogus", lang=lang)
    warning = " ".join(w.value for w in at.warning)
    assert "lr_schedule" in warning and "step:N" in warning and "bogus" in warning
    assert t("config.error.lr_schedule", lang, value="'bogus'", forms="constant, step:N, exponential:R, cosine, "
             "cosine:N", max=200) in warning  # the whole message, in the page's language
    assert at.selectbox(key="cfg_lr_schedule_kind").value == "constant"


def test_a_scheduled_training_through_the_page_shows_the_rates_it_used():
    at = open_train(dataset="mnist_sample", train_size="300", layers="16", optimizer="sgd", lr="0.5",
                    lr_schedule="step:1", epochs="2", batch_size="64")
    job = train_through_the_page(at, 240)
    used = job.result.history["lr"].tolist()
    assert used == pytest.approx([0.5, 0.25])
    live = chart(at, "live_lr")["data"]
    assert live[1]["y"] == pytest.approx(used) and live[1]["x"] == [0, 1]  # each epoch's rate where it started


# ---- Learn -------------------------------------------------------------------------------------------------------

def open_schedules_tab(lang: str = "en", **widgets) -> AppTest:
    """Learn on its schedules tab, with ``widgets`` set to these values one by one."""
    at = open_learn("schedules", lang)
    for key, value in widgets.items():
        (at.select_slider(key=key) if key == "learn_sched_lr" else at.selectbox(key=key)).set_value(value).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", LANGS)
def test_the_learn_section_shows_a_schedule_rescuing_a_rate_too_large(lang):
    at = open_schedules_tab(lang)
    text = "\n".join(m.value for m in at.markdown)
    assert t("learn.gd.diverged", lang) in text and t("learn.gd.converged", lang) in text
    assert "可程式控制" in text and {"en": "*In the notes:*", "zh-TW": "*筆記中*："}[lang] in text
    assert "learn." not in text
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = [trace.get("name") for trace in figure["data"] if trace.get("name")]
    assert "exponential:0.9" in names
    tries = [b.key for b in at.button if b.key.startswith("learn_try_")]
    assert tries == ["learn_try_cosine_schedule", "learn_try_lr_too_high"]


def test_a_rate_below_the_limit_converges_without_a_schedule_too():
    at = open_schedules_tab(learn_sched_lr=0.2, learn_sched_schedule="step:5")
    verdict = next(m.value for m in at.markdown if m.value.startswith("Constant rate"))
    assert verdict.startswith("Constant rate 0.2: the walk **converges**. With `step:5`: it **converges**")


def test_the_race_says_every_contestant_follows_the_schedule():
    at = open_app("pages/compare.py", query={"lr_schedule": "step:2"})
    assert not at.exception, [e.value for e in at.exception]
    assert t("compare.race.schedule", "en", schedule="step:2") in [c.value for c in at.caption]
