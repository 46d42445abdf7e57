"""AppTest of the shell, Home and Build & Train: real widget changes, a real (tiny) training, URL settings."""

import math

import pytest
from streamlit.testing.v1 import AppTest

from dnn_core.i18n import t
from tests.apptest import TIMEOUT, open_app, open_train
from tests.conftest import train_through_the_page
from tests.test_executors import progressed


def open_home(lang: str = "en", **query) -> AppTest:
    return open_app(None, lang, query=query)


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_home_renders_with_offline_notice(lang):
    at = open_home(lang)
    assert not at.exception
    assert at.title[0].value == t("app.title", lang)
    # DNN_OFFLINE is set: Home says plainly that the offline sample is used, and why, in the page's language
    notice = t("home.data.fallback", lang, reason=t("data.error.offline", lang))
    assert [w.value for w in at.warning] == [notice]


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_home_says_how_it_differs_from_the_course_notebooks(lang):
    from dnn_core.engine.model import keras_code
    from dnn_core.engine.presets import preset_config

    intro = open_home(lang).markdown[0].value
    assert t("train.show_code", lang) in intro  # the button that shows the exact equivalent
    script = keras_code(preset_config("course"))  # what that button shows: each difference the intro names
    for claim, code in (("Keras 3", "import keras"), ("Rescaling", "keras.layers.Rescaling(1 / 255)"),
                        ("10 %", "validation_split=0.1")):
        assert claim in intro and code in script


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_train_page_renders_summary_in_both_languages(lang):
    at = open_train(lang)
    assert not at.exception
    assert at.title[0].value == t("nav.train", lang)
    assert at.metric[0].label == t("train.parameters", lang)
    assert at.metric[0].value == "101,770"  # the course model, counted by hand: 784·128+128 + 128·10+10


def test_layer_editor_changes_parameter_count():
    at = open_train()
    at.button(key="layer_add_dense").click().run()
    at.number_input(key="cfg_size_1").set_value(32).run()
    # 784·128+128 + 128·32+32 + 32·10+10
    assert at.metric[0].value == f"{784 * 128 + 128 + 128 * 32 + 32 + 32 * 10 + 10:,}"
    assert at.query_params["layers"] == "128,32"


def test_url_parameters_load_and_a_bad_one_warns():
    at = open_train(dataset="mnist_sample", layers="256,128", dropout="0.5", optimizer="sgd", lr="abc")
    assert not at.exception
    assert at.selectbox(key="cfg_dataset").value == "mnist_sample"
    assert at.number_input(key="cfg_size_0").value == 256
    assert at.number_input(key="cfg_size_1").value == 128
    assert at.slider(key="cfg_dropout").value == 0.5
    assert at.selectbox(key="cfg_optimizer").value == "sgd"
    assert at.number_input(key="cfg_lr").value == pytest.approx(0.001)  # fell back to the default
    assert any("lr" in w.value for w in at.warning)


def test_preset_link_loads_the_preset():
    at = open_train(preset="deep_sigmoid")
    assert at.selectbox(key="cfg_activation").value == "sigmoid"
    assert [at.number_input(key=f"cfg_size_{i}").value for i in range(5)] == [64] * 5
    assert at.query_params["activation"] == "sigmoid"


def test_train_button_trains_and_shows_test_accuracy():
    at = open_train()
    at.selectbox(key="cfg_dataset").set_value("mnist_sample").run()
    at.number_input(key="cfg_train_size").set_value(500).run()
    at.number_input(key="cfg_epochs").set_value(1).run()
    job = train_through_the_page(at, TIMEOUT)
    result = at.session_state["result"]
    assert len(result.history) == 1 and result.config.train_size == 500
    shown = [m for m in at.metric if m.label == t("train.test_accuracy", "en")]
    assert shown and shown[0].value == f"{100 * result.test_accuracy:.2f} %"
    history_table = at.dataframe[-1]
    assert history_table.value["val_accuracy"].tolist() == result.history["val_accuracy"].tolist()
    assert t("train.history.val_accuracy", "en") in history_table.proto.columns  # headers are translated
    assert job.run_id is not None and job.save_error is None  # recorded in the runs database


def test_stop_keeps_partial_history():
    at = open_train(dataset="mnist_sample", epochs="50")
    at.button(key="train_button").click().run()
    job = at.session_state["job"]
    assert progressed(job)  # Stop while it trains (a worker that is still starting would have nothing to keep)
    at.button(key="train_stop").click().run()
    assert job.wait(TIMEOUT)
    at.run()
    result = at.session_state["result"]
    last = result.batch_history.iloc[-1]  # the last step trained before Stop
    assert result.stopped and last["epoch"] < 50
    # every epoch begun is kept, the one Stop cut short too, and none after it
    assert result.history["epoch"].tolist() == list(range(1, int(last["epoch"]) + 1))
    per_epoch = math.ceil(3_600 / 32)  # the sample's 4,000 training images less 10 % validation, by hand
    ended = result.batch_history.groupby("epoch")["batch"].max()
    assert (ended.iloc[:-1] == per_epoch).all()  # the epochs before it, whole
    assert last["step"] == (last["epoch"] - 1) * per_epoch + last["batch"]
    assert int(result.model.optimizer.iterations.numpy()) == last["step"]  # the model as it was at Stop


def test_app_runs_never_clear_the_process_wide_keras_session(monkeypatch):
    """Streamlit clears Keras' session after each run unless the app stops it; that would break others' training."""
    import keras

    calls = []
    monkeypatch.setattr(keras.backend, "clear_session", lambda *args, **kwargs: calls.append(1))
    at = open_home()
    at.run()
    assert not at.exception
    assert calls == []


def test_a_job_whose_page_was_left_before_its_end_still_starts():
    """Train creates its job and starts it at the end of the next run; if that run is cut short by leaving
    the page, the shell starts the job after whatever page comes next."""
    from dnn_core.engine.config import ExperimentConfig
    from dnn_core.running.work_jobs import TrainingJob

    at = open_home()
    job = TrainingJob(ExperimentConfig(dataset="mnist_sample", train_size=500, epochs=1), save=False)
    at.session_state["job"] = job
    at.run()  # Home, not Train
    assert not at.exception
    assert job.state != "created"
    assert job.wait(TIMEOUT) and job.state == "finished"


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_a_training_that_cannot_fit_the_memory_budget_is_refused_and_the_page_goes_on(lang, use_executor):
    from dnn_core.running import executors
    from dnn_core.running.jobs import JobLimiter

    use_executor(executors.InProcessExecutor(JobLimiter(2, budget_mb=150)))
    at = open_train(lang, dataset="mnist_sample", layers="4096,4096")
    at.button(key="train_button").click().run()
    assert not at.exception and "job" not in at.session_state  # nothing started
    refusal = [e.value for e in at.error]
    assert len(refusal) == 1 and "150 MB" in refusal[0] and "DNN_MEMORY_BUDGET_MB" in refusal[0]
    assert t("job.error.too_big.weights", lang, need="", budget="150").split("150")[1][:12] in refusal[0]
    at.number_input(key="cfg_size_0").set_value(64).run()  # the page still works: a small model trains
    at.number_input(key="cfg_size_1").set_value(32).run()
    at.number_input(key="cfg_train_size").set_value(300).run()
    at.number_input(key="cfg_epochs").set_value(1).run()
    at.button(key="train_button").click().run()
    assert not at.error and at.session_state["job"].wait(TIMEOUT)
