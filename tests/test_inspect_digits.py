"""Inspect's "Our handwriting" and its cells that open, in AppTest: the score beside the test accuracy against
Keras's own predictions, the held-out writers only, the cell's drawings, the sentence without digits, the click
layer of the matrix, and a saved run's score shared by every session."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from dnn_core.charts.inspect import confusion_figure
from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.digit_sets import scoring_set
from dnn_core.engine.training import train
from dnn_core.i18n import t
from dnn_core.running import served
from dnn_core.runs import RunStore
from pages.inspect_confusion import clicked_cell
from tests.drawn_set import add_class_digits

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "inspect.py")
SMALL = ExperimentConfig(dataset="mnist_sample", train_size=600, layers=(32,), epochs=2)


@pytest.fixture(scope="module")
def result():
    return train(SMALL)


def page(result=None, lang="en") -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    if result is not None:
        at.session_state["result"] = result
    at.session_state["lang"] = lang
    return at.run()


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def keras_predictions(model, x) -> np.ndarray:
    """Keras's own predict() on raw 0..255 pixels: the reference the page's numbers are checked against."""
    return model.predict(x.astype("float32"), batch_size=64, verbose=0).argmax(axis=1)


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_inspect_shows_the_score_on_our_handwriting_beside_the_test_accuracy(result, lang):
    digits = add_class_digits(range(4)).digit_set()
    predicted = keras_predictions(result.model, digits.x)
    at = page(result, lang)
    assert not at.exception
    assert t("digits.score.heading", lang) in [h.value for h in at.header]
    assert metric(at, t("digits.score.metric.class", lang)) == f"{100 * np.mean(predicted == digits.y):.1f} %"
    assert metric(at, t("digits.score.metric.test", lang)) == f"{100 * result.test_accuracy:.1f} %"
    assert metric(at, t("digits.score.metric.count", lang)) == "40"
    wrong = int(np.sum(predicted != digits.y))
    assert wrong, "the test needs a model that reads some of the drawings wrong"
    captions = [c.value for c in at.caption]
    assert any(c.startswith(t("digits.score.mistakes.caption", lang, count=wrong)) for c in captions)


def test_choosing_a_cell_of_our_digits_shows_its_drawings(result):
    digits = add_class_digits(range(4)).digit_set()
    predicted = keras_predictions(result.model, digits.x)
    (true, read), count = Counter((int(a), int(b)) for a, b in zip(digits.y, predicted) if a != b).most_common(1)[0]
    at = page(result)
    at.selectbox(key="inspect_digits_pair_true").set_value(true)
    at.selectbox(key="inspect_digits_pair_predicted").set_value(read).run()
    assert not at.exception
    expected = t("digits.score.pair.caption", "en", count=count, true=true, predicted=read)
    assert any(c.value.startswith(expected) for c in at.caption)
    # a cell no drawing is in says so, and the test images' own cell selectors are not moved by it
    empty = next((a, b) for a in range(10) for b in range(10) if not np.sum((digits.y == a) & (predicted == b)))
    at.selectbox(key="inspect_digits_pair_true").set_value(empty[0])
    at.selectbox(key="inspect_digits_pair_predicted").set_value(empty[1]).run()
    assert t("digits.score.pair.none", "en", true=empty[0], predicted=empty[1]) in [i.value for i in at.info]
    assert at.session_state["inspect_pair_true"] != empty[0] or at.session_state["inspect_pair_predicted"] != empty[1]


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_without_class_digits_inspect_says_how_the_class_adds_some(result, lang):
    at = page(result, lang)
    assert not at.exception
    assert t("digits.score.none", lang) in [i.value for i in at.info]
    assert t("digits.score.metric.class", lang) not in [m.label for m in at.metric]


def test_a_model_trained_on_some_writers_is_tested_on_the_others_only(result):
    everyone = add_class_digits(range(6)).digit_set()
    held = scoring_set(everyone, 0.5)
    half = dataclasses.replace(result, config=result.config.replace(class_digits=0.5))
    at = page(half)
    assert not at.exception
    assert metric(at, "Our digits tested") == str(len(held))
    predicted = keras_predictions(result.model, held.x)
    assert metric(at, "Accuracy on our handwriting") == f"{100 * np.mean(predicted == held.y):.1f} %"
    said = t("digits.score.held_out", "en", share="0.5", count=len(held), writers=len(set(held.writers)),
             trained=len(everyone) - len(held))
    assert said in [c.value for c in at.caption]


def test_the_score_is_kept_across_clicks_and_made_again_for_new_digits(result):
    add_class_digits(range(2))
    at = page(result)
    before = at.session_state["inspect_cache"]["session"]["class_scores"]
    at.segmented_control(key="inspect_digits_confusion_view").set_value("normalised").run()
    assert at.session_state["inspect_cache"]["session"]["class_scores"] is before
    add_class_digits([7], start=50_000.0)
    at.run()
    assert metric(at, "Our digits tested") == "30"


def test_a_saved_runs_score_is_made_once_for_every_session(result):
    add_class_digits(range(2))
    store = RunStore()
    run_id = store.start_run(result.config)
    store.finish_run(run_id, "finished", history=result.history, metrics=result.metrics(), model=result.model)
    first = page()  # no session model: the saved run is the one inspected
    assert metric(first, "Our digits tested") == "20"
    kept = [key for key in served._kept if key[0] == "class_score" and key[1] == (str(store.path), run_id)]
    assert len(kept) == 1
    second = page()
    assert second.session_state["inspect_cache"][f"run:{run_id}"]["class_scores"] == \
        first.session_state["inspect_cache"][f"run:{run_id}"]["class_scores"]


def test_a_click_on_a_cell_selects_that_row_and_column():
    """Plotly cannot select heatmap cells: each cell's invisible marker carries (true, predicted), and the chart's
    selection hands it to the selectors."""
    matrix = np.arange(100).reshape(10, 10)
    names = [str(d) for d in range(10)]
    markers = confusion_figure(matrix, names, "en").data[1]
    for x, y, data in zip(markers.x, markers.y, markers.customdata):
        true, predicted = int(data[0]), int(data[1])
        assert (names[true], names[predicted]) == (y, x) and data[2] == matrix[true, predicted]
    # what Streamlit's selection held after a click on the cell (row 3, column 5) in chromium
    selection = {"points": [{"curve_number": 1, "point_number": 35, "point_index": 35, "x": "5", "y": "3",
                             "customdata": {"0": 3, "1": 5, "2": 8, "3": 0.08}}],
                 "point_indices": [35], "box": [], "lasso": []}
    assert clicked_cell(selection) == (3, 5)
    assert clicked_cell({"points": [{"customdata": [3, 5, 35, 0.1]}]}) == (3, 5)  # as a list, should it come so
    assert clicked_cell({"points": [], "point_indices": [], "box": [], "lasso": []}) is None
