"""Draw & Predict in AppTest: both languages, a random test digit, photos, uploaded and saved models.

AppTest cannot draw on the canvas (the browser test does); everything else is driven here through real widgets.
"""

import io

import pytest
from PIL import Image, ImageDraw
from streamlit.testing.v1 import AppTest

from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.data import load_dataset
from dnn_core.engine.model import build_model
from dnn_core.engine.training import train
from dnn_core.i18n import t
from dnn_core.running.quick_model import quick_model
from dnn_core.runs import RunStore
from tests.apptest import open_app

TINY = ExperimentConfig(dataset="mnist_sample", layers=(8,), dropout=0.0)


def open_draw(lang: str = "en", **session) -> AppTest:
    return open_app("pages/draw.py", lang, session=session, timeout=120)


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def keras_file(model, tmp_path) -> bytes:
    path = tmp_path / "mine.keras"
    model.save(path)
    return path.read_bytes()


def prediction(at: AppTest) -> str:
    return next(m for m in at.metric if m.label == t("draw.prediction", "en")).value


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_page_renders_and_asks_for_a_digit(lang):
    at = open_draw(lang)
    assert not at.exception
    assert at.title[0].value == t("nav.draw", lang)
    assert [i.value for i in at.info] == [t("draw.empty", lang)]  # an empty canvas gets no prediction
    assert not at.metric
    assert at.selectbox(key="draw_model").value == "quick"  # no model trained in this session yet
    accuracy = f"{100 * quick_model().test_accuracy:.1f}"
    assert any(t("draw.model.accuracy", lang, accuracy=accuracy) in c.value for c in at.caption)


def test_random_test_digit_shows_the_models_prediction_and_the_truth():
    at = open_draw()
    at.segmented_control(key="draw_input").set_value("test").run()
    at.button(key="draw_random").click().run()
    assert not at.exception
    index = at.session_state["draw_test_index"]
    data, ready = load_dataset("mnist_sample"), quick_model()
    expected = int(ready.model.predict(data.x_test[index:index + 1].astype("float32"), verbose=0).argmax())
    truth = int(data.y_test[index])
    assert prediction(at) == str(expected)
    verdict = [s.value for s in at.success] + [w.value for w in at.warning]
    key = "draw.test.right" if expected == truth else "draw.test.wrong"
    assert verdict == [t(key, "en", truth=truth, predicted=expected)]


def test_a_large_photo_is_read_and_a_truncated_one_explained():
    at = open_draw()
    at.segmented_control(key="draw_input").set_value("photo").run()
    photo = Image.new("L", (5000, 5000), 235)  # a phone photo: dark ink on light paper
    ImageDraw.Draw(photo).line([(2500, 900), (2500, 4100)], fill=20, width=320)
    at.file_uploader(key="draw_photo").set_value(("one.png", png(photo), "image/png")).run()
    assert not at.exception and not at.error
    assert prediction(at) == "1"
    assert any(t("draw.steps.inverted", "en") in c.value for c in at.caption)

    data = png(photo)
    at.file_uploader(key="draw_photo").set_value(("cut.png", data[:len(data) // 2], "image/png")).run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("draw.image.unreadable", "en")]
    assert not at.metric


def test_a_refused_model_file_says_why_and_the_previous_model_stays(tmp_path):
    at = open_draw()
    at.file_uploader(key="draw_model_file").set_value(("evil.keras", b"#!/bin/sh\nrm -rf /", "x")).run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("draw.upload.not_zip", "en")]
    assert at.selectbox(key="draw_model").value == "quick"
    at.segmented_control(key="draw_input").set_value("test").run()  # the page goes on with the quick model
    assert not at.exception and at.metric

    model = build_model(TINY)
    at.file_uploader(key="draw_model_file").set_value(("mine.keras", keras_file(model, tmp_path), "x")).run()
    assert not at.exception and not at.error
    assert at.selectbox(key="draw_model").value == "upload"
    index = at.session_state["draw_test_index"]
    image = load_dataset("mnist").x_test[index:index + 1].astype("float32")
    assert prediction(at) == str(int(model.predict(image, verbose=0).argmax()))


def test_session_model_is_the_default_and_a_damaged_saved_run_falls_back(tmp_path):
    store = RunStore()
    broken = store.start_run(TINY.to_dict(), name="broken")
    store.finish_run(broken, "finished", metrics={"test_accuracy": 0.5}, model=b"not a keras file")

    result = train(TINY.replace(train_size=500, epochs=1), record_gradients=False)
    accuracy = f"{100 * result.test_accuracy:.1f}"
    at = open_draw(result=result)
    assert at.selectbox(key="draw_model").value == "session"
    assert any(t("draw.model.accuracy", "en", accuracy=accuracy) in c.value for c in at.caption)

    at.selectbox(key="draw_model").set_value(f"run:{broken}").run()
    assert not at.exception
    assert len(at.error) == 1 and at.error[0].value.startswith(t("draw.run.failed", "en", reason="").strip())
    assert any(t("draw.model.accuracy", "en", accuracy=accuracy) in c.value for c in at.caption)  # still in use
