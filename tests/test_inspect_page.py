"""The Inspect page in AppTest: a seeded session in both languages, real widget clicks, no model, a saved run."""

import dataclasses
import json

import numpy as np
import pandas as pd
import plotly.io
import pytest
from streamlit.testing.v1 import AppTest

from dnn_core.charts import inspect as charts
from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.data import load_dataset
from dnn_core.engine.predict import class_names
from dnn_core.engine.training import train
from tests.apptest import open_app

SMALL = ExperimentConfig(dataset="mnist_sample", train_size=600, layers=(32,), epochs=2)


@pytest.fixture(scope="module")
def result():
    return train(SMALL)


def page(result=None, lang="en") -> AppTest:
    """Inspect alone, with ``result`` as this session's model."""
    return open_app("pages/inspect.py", lang, session={} if result is None else {"result": result}, alone=True)


def keras_predictions(model, x) -> np.ndarray:
    """Predicted classes from Keras' own predict(): the reference the page's numbers are checked against."""
    return model.predict(x.astype("float32"), batch_size=500, verbose=0).argmax(axis=1)


@pytest.mark.parametrize("lang, label, heading", [("en", "Test accuracy", "Diagnostics in plain words"),
                                                  ("zh-TW", "測試準確度", "白話診斷")])
def test_seeded_session_shows_the_test_accuracy(result, lang, label, heading):
    at = page(result, lang)
    assert not at.exception
    metric = next(m for m in at.metric if m.label == label)
    assert metric.value == f"{100 * result.test_accuracy:.2f} %"  # train()'s Keras evaluate, not the page's own numbers
    assert heading in [h.value for h in at.header]
    # the diagnostics shown are the engine's findings for this result, one box each, or the all-clear
    from dnn_core.engine import evaluate
    from dnn_core.i18n import t

    findings = evaluate.inspect_result(result).diagnoses
    shown = [box.value for box in [*at.error, *at.warning, *at.info]]
    for d in findings:
        assert sum(t(d.title, lang) in text for text in shown) == 1, (d.code, shown)
    assert (t("inspect.diag.none", lang) in [s.value for s in at.success]) == (not findings)
    assert "keras.Sequential" in at.code[-1].value


def test_choosing_a_cell_shows_its_images(result):
    at = page(result)
    data = load_dataset("mnist_sample")
    predicted = keras_predictions(result.model, data.x_test)
    true_class, predicted_class = 4, 9
    count = int(np.sum((data.y_test == true_class) & (predicted == predicted_class)))
    at.selectbox(key="inspect_pair_true").set_value(true_class)
    at.selectbox(key="inspect_pair_predicted").set_value(predicted_class).run()
    assert not at.exception
    texts = [c.value for c in at.caption] + [i.value for i in at.info]
    expected = (f"{count} test images of class 4 were predicted as 9" if count
                else "No test image of class 4 was predicted as 9")
    assert any(expected in text for text in texts)


def test_evaluation_is_cached_across_clicks(result):
    at = page(result)
    before = at.session_state["inspect_cache"]["session"]["inspection"]
    at.segmented_control(key="inspect_confusion_view").set_value("normalised").run()
    assert not at.exception
    assert at.session_state["inspect_cache"]["session"]["inspection"] is before


def test_kept_figures_draw_on_every_rerun_as_a_freshly_built_figure_does(result):
    """Inspect keeps each figure with its dict made once (``inspect_source.pinned``): a redraw must send the very
    figure a fresh build would."""
    at = page(result)
    at.run()  # a redraw, from the kept figures
    found = at.session_state["inspect_cache"]["session"]["inspection"]
    fresh = charts.per_class_figure(found.per_class, class_names("mnist_sample", "en"), "en",
                                    found.evaluation.test_accuracy)
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    assert json.loads(plotly.io.to_json(fresh)) in specs
    assert len(specs) == len({json.dumps(spec, sort_keys=True) for spec in specs})  # no figure drawn twice


def test_a_new_result_is_evaluated_again(result):
    at = page(result)
    other = train(SMALL.replace(epochs=1, layers=(8,)))
    at.session_state["result"] = other
    at.run()
    assert at.session_state["inspect_cache"]["session"]["result"] is other
    metric = next(m for m in at.metric if m.label == "Test accuracy")
    assert metric.value == f"{100 * other.test_accuracy:.2f} %"


def test_a_run_with_a_blown_up_learning_rate_is_diagnosed():
    blown = train(SMALL.replace(optimizer="sgd", lr=5.0))
    at = page(blown)
    assert not at.exception
    assert any("Learning rate too high" in e.value for e in at.error)


def test_switching_language_keeps_the_page_and_its_choices(result):
    at = page(result)
    at.selectbox(key="inspect_pair_true").set_value(7).run()
    at.session_state["lang"] = "zh-TW"
    at.run()
    assert not at.exception
    assert at.selectbox(key="inspect_pair_true").value == 7
    assert at.segmented_control(key="inspect_confusion_view").options == ["張數", "占該真實類別的比例"]


def test_without_a_model_the_page_says_what_to_do():
    at = page()
    assert not at.exception
    assert "Build & Train" in at.info[0].value
    assert not at.metric


def test_without_a_model_in_chinese():
    at = page(lang="zh-TW")
    assert "建構與訓練" in at.info[0].value


def test_a_saved_run_can_be_inspected(result):
    from dnn_core.runs import RunStore

    store = RunStore()  # tests/conftest.py points it at a temporary file
    run_id = store.start_run(result.config)
    store.finish_run(run_id, "finished", history=result.history, metrics=result.metrics(), model=result.model)
    at = page()
    assert not at.exception
    metric = next(m for m in at.metric if m.label == "Test accuracy")
    assert metric.value == f"{100 * result.test_accuracy:.2f} %"
    assert any("only the trained" in c.value for c in at.caption)  # no initial weights in a saved run


def test_a_stale_model_choice_falls_back_to_this_sessions_model(result):
    from dnn_core.runs import RunStore

    store = RunStore()
    run_id = store.start_run(result.config)
    store.finish_run(run_id, "finished", history=result.history, metrics=result.metrics(), model=result.model)
    # what the browser sends back after a language switch: the old label, which names no option any more
    at = open_app("pages/inspect.py", session={"result": result, "inspect_source": "This session's model"},
                  alone=True)
    assert not at.exception
    assert at.selectbox(key="inspect_source").value == "session"
    assert at.selectbox(key="inspect_source").options == ["This session's model",
                                                          f"Saved run: {store.get_run(run_id).name}"]


def test_a_run_that_cannot_be_loaded_is_named_in_the_chosen_language(result, monkeypatch):
    """The run vanished between listing and loading: the error names it in 繁體中文, and the page stops cleanly."""
    from dnn_core import runs
    from dnn_core.i18n import t
    from dnn_core.runs import RunStore, RunStoreError

    store = RunStore()
    run_id = store.start_run(result.config)
    store.finish_run(run_id, "finished", history=result.history, metrics=result.metrics(), model=result.model)

    def vanished(store, wanted):
        raise RunStoreError("runs.error.not_found", run_id=wanted, path="runs.sqlite")

    monkeypatch.setattr(runs.RunStore, "get_run", vanished)
    at = page(lang="zh-TW")
    assert not at.exception
    assert t("runs.error.not_found", "zh-TW", run_id=run_id, path="runs.sqlite") in at.error[0].value


@pytest.mark.parametrize("lang, words", [("en", "lowest in epoch 7"), ("zh-TW", "在第 7 個 epoch 最低")])
def test_a_run_whose_validation_loss_turned_names_the_epoch(result, lang, words):
    # the notes' course run: validation loss lowest in epoch 7, then rising while the training loss falls
    notes_like = pd.DataFrame({"epoch": range(1, 11), "accuracy": 0.98, "val_accuracy": 0.977, "seconds": 1.0,
                               "loss": [0.30, 0.14, 0.10, 0.08, 0.065, 0.055, 0.047, 0.041, 0.036, 0.032],
                               "val_loss": [0.25, 0.16, 0.12, 0.10, 0.09, 0.085, 0.080, 0.082, 0.084, 0.086]})
    at = page(dataclasses.replace(result, history=notes_like), lang)
    assert not at.exception
    assert any(words in box.value for box in at.info)


# ---- Convolutional networks ------------------------------------------------------------------------------------

TINY_CNN = SMALL.replace(layers=("conv8", "pool", 16), train_size=300, epochs=1)


@pytest.fixture(scope="module")
def cnn_result():
    return train(TINY_CNN)


def heatmap_z(at: AppTest, title_words: str) -> np.ndarray:
    """The z values of the page's heatmap whose title contains ``title_words`` (Plotly sends arrays as base64)."""
    import base64
    import json

    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    spec = next(s for s in specs if title_words in s["layout"]["title"]["text"])
    z = spec["data"][0]["z"]
    values = np.frombuffer(base64.b64decode(z["bdata"]), dtype=z["dtype"])
    return values.reshape([int(n) for n in z["shape"].split(",")])


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_a_cnn_run_shows_its_filters_and_the_feature_maps_of_a_chosen_digit(cnn_result, lang):
    from scipy.signal import correlate2d

    from dnn_core.charts.inspect_cnn import MAP_GAP
    from dnn_core.i18n import t

    at = page(cnn_result, lang)
    assert not at.exception
    assert [tab.label for tab in at.tabs] == [t(f"inspect.tab.{k}", lang)
                                               for k in ("weights", "filters", "gradients", "dead")]
    conv = cnn_result.model.get_layer("conv_1")
    kernel, bias = conv.kernel.numpy()[:, :, 0, :], conv.bias.numpy()  # 3 × 3 × 8
    open_tab(at, t("inspect.tab.filters", lang))
    filters = heatmap_z(at, t("inspect.chart.filters.title", lang, layer="conv_1"))
    # 8 tiles of 3 × 3 in one row with one blank column between them: tile f starts at column 4 f
    for f in range(8):
        np.testing.assert_allclose(filters[:, 4 * f:4 * f + 3], kernel[:, :, f], rtol=1e-6)
    at.number_input(key="inspect_digit").set_value(5).run()
    assert not at.exception
    digit = load_dataset("mnist_sample").x_test[5] / 255.0
    maps = heatmap_z(at, t("inspect.chart.maps.title", lang, layer="conv_1", count=8, side=26))
    step = 26 + MAP_GAP  # one row of tiles of 26 × 26, blank columns between them
    assert maps.shape == (26, 8 * step - MAP_GAP)
    for f in (0, 7):
        expected = np.maximum(correlate2d(digit, kernel[:, :, f], mode="valid") + bias[f], 0)
        np.testing.assert_allclose(maps[:, step * f:step * f + 26], expected, atol=1e-5)
    assert not any(t("inspect.tab.first_layer", lang) == tab.label for tab in at.tabs)


def open_tab(at: AppTest, label: str) -> None:
    """Open one of Inspect's inside-the-network tabs, as a click does (each click reruns the page)."""
    at.session_state["inspect_inside_tab"] = label
    at.run()
    assert not at.exception


def chart_titles(at: AppTest) -> list[str]:
    return [json.loads(chart.proto.spec)["layout"].get("title", {}).get("text", "") for chart in at.get("plotly_chart")]


def test_only_the_open_tab_is_drawn(result):
    """A tab's figure is built and sent only while it is open: the server sends one of the four, not all."""
    at = page(result)
    assert any(title.startswith("Weights") for title in chart_titles(at))
    assert not any("First layer" in title for title in chart_titles(at))
    open_tab(at, "First layer")
    assert any("First layer" in title for title in chart_titles(at))
    assert not any(title.startswith("Weights") for title in chart_titles(at))


def test_a_dense_run_keeps_its_first_layer_images(result):
    at = page(result)
    assert not at.exception
    assert [tab.label for tab in at.tabs] == ["Weights and biases", "First layer", "Gradient flow", "Dead ReLUs"]
    open_tab(at, "First layer")
    assert heatmap_z(at, "First layer").shape == (4 * 28 + 3 * 2, 8 * 28 + 7 * 2)  # 32 units, 8 a row
    with pytest.raises(KeyError):
        at.number_input(key="inspect_digit")  # no digit picker without convolutions


def test_a_saved_cnn_run_can_be_inspected(cnn_result):
    from dnn_core.runs import RunStore

    store = RunStore()
    run_id = store.start_run(cnn_result.config)
    store.finish_run(run_id, "finished", history=cnn_result.history, metrics=cnn_result.metrics(),
                     model=cnn_result.model)
    at = page()
    assert not at.exception
    assert at.tabs[1].label == "Filters and feature maps"
    assert "inspect_models" not in at.session_state  # its model loads only for the feature maps, once asked
    open_tab(at, "Filters and feature maps")
    assert at.number_input(key="inspect_digit").value == 0
    open_tab(at, "Gradient flow")
    assert any("No gradient record" in i.value for i in at.info)  # a saved run keeps no gradient records


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_run_is_offered_as_the_notes_notebook_in_the_pages_language(result, lang):
    """The download's label names the notebook and its data; the file (built on click) is the zip of the
    notebook, whose cells speak the page's language, and the offline sample beside it."""
    import io
    import json
    import zipfile

    from dnn_core.i18n import t

    at = page(result, lang)
    labels = [button.proto.label for button in at.get("download_button")]
    assert t("inspect.download.notebook_zip", lang) in labels
    assert t("inspect.notebook.caption", lang) in [c.value for c in at.caption]
    from dnn_core.engine import export

    file = next(f for f in export.downloads(result, lang) if f.name == "notebook_zip")
    with zipfile.ZipFile(io.BytesIO(file.data())) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".ipynb"))
        cells = json.loads(archive.read(name))["cells"]
    assert t("notebook.step.fit", lang).splitlines()[0] in "".join(cells[7]["source"])


def test_sessions_inspecting_a_saved_dense_run_share_its_bundle_and_never_load_its_model(result, monkeypatch):
    """A class browsing Inspect: the saved run's bundle and figures are made once per server, and the page process
    never loads the model (only a CNN's feature maps need it); the model download is the run's own file."""
    from dnn_core.runs import RunStore

    store = RunStore()
    run_id = store.start_run(result.config, name="shared")
    store.finish_run(run_id, "finished", history=result.history, metrics=result.metrics(), model=result.model)

    def never(self, wanted):
        raise AssertionError("the page process loaded a saved model")

    monkeypatch.setattr(RunStore, "load_model", never)
    first, second = page(), page(lang="zh-TW")
    assert not first.exception and not second.exception and not first.error
    entries = [at.session_state["inspect_cache"][f"run:{run_id}"] for at in (first, second)]
    assert entries[0] is entries[1]  # one entry for the server: one bundle, one set of figures per language
    assert {lang for _, lang in entries[0]["figures"]} == {"en", "zh-TW"}
    file = next(f for f in export_downloads(entries[0]) if f.name == "model")
    assert file.data() == store.get_run(run_id).model_path.read_bytes()


def export_downloads(entry):
    from dnn_core.engine import export
    from pages import inspect_source

    return export.downloads(entry["result"], "en", inspect_source.model_file(f"run:{entry['run_id']}", entry))


def test_sessions_opening_a_shared_run_together_build_each_figure_once():
    """A saved run's entry is shared: a session asking for a figure that another is building waits for it instead of
    building its own. The second session asks while the first builds, and the first goes on only once the second has
    either found the entry's lock held or finished (which, without the lock, it does by building its own)."""
    import threading

    from pages.inspect_source import charts_of

    entry = {}
    charts_of(entry, "en")
    lock = entry["figures_lock"]

    class Watched:  # the entry's lock, saying when a second session finds it held
        def __init__(self):
            self.contended = threading.Event()

        def __enter__(self):
            if not lock.acquire(blocking=False):
                self.contended.set()
                lock.acquire()

        def __exit__(self, *exc):
            lock.release()

    watched = entry["figures_lock"] = Watched()
    chart = charts_of(entry, "en")  # the same entry, with the watched lock
    built, second = [], {}

    def second_session():
        second["figure"] = chart("confusion", lambda: built.append("second") or "second's figure")
        watched.contended.set()  # finished: the first may go on either way

    other = threading.Thread(target=second_session)

    def first_build():
        built.append("first")
        other.start()
        watched.contended.wait()
        return "first's figure"

    first = chart("confusion", first_build)
    other.join()
    assert built == ["first"]
    assert first == second["figure"] == "first's figure"
