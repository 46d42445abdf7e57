"""The server process only draws pages: visiting Draw & Predict or Inspect on a fresh server never trains a model in
it (Keras's fit) nor evaluates one for Inspect; trainings, Inspect's bundles and uploads' trial loads run in worker
processes (the app's default executor, as in tests/conftest.py)."""

import os

import keras
import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from dnn_core.engine import evaluate
from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.data import load_dataset
from dnn_core.engine.evaluate import inspect_result as reference_inspection
from dnn_core.i18n import t
from dnn_core.running import quick_model, served
from dnn_core.running.jobs import JobLimiter
from dnn_core.running.work_jobs import TrainingJob
from dnn_core.runs import RunStore, default_db_path, load_run
from tests.apptest import open_app

TINY = ExperimentConfig(dataset="mnist_sample", train_size=600, layers=(16,), epochs=1)
WAIT = 300


@pytest.fixture
def server_only_draws(monkeypatch):
    """This process as a fresh server whose Keras refuses to train and whose Inspect refuses to evaluate."""
    def refused(*args, **kwargs):
        raise AssertionError("this work must not run in the server process")

    monkeypatch.setattr(keras.Model, "fit", refused)
    monkeypatch.setattr(evaluate, "inspect_result", refused)
    monkeypatch.setattr(quick_model, "_quick", None)  # nothing loaded yet, as on a server that just started


def open_page(path: str, **session) -> AppTest:
    return open_app(path, session=session, timeout=WAIT)


def test_draw_reads_a_test_digit_with_the_quick_model_without_training_here(server_only_draws):
    at = open_page("pages/draw.py")
    at.segmented_control(key="draw_input").set_value("test").run()
    at.button(key="draw_random").click().run()
    assert not at.exception and not at.error
    index = at.session_state["draw_test_index"]
    image = load_dataset("mnist_sample").x_test[index:index + 1].astype("float32")
    expected = int(np.argmax(quick_model.quick_model().model(image, training=False)))
    shown = next(m for m in at.metric if m.label == t("draw.prediction", "en")).value
    assert shown == str(expected)


@pytest.fixture(scope="module")
def finished_job(process_executor):
    """A training through the app's job in a worker process, recorded in its own run store."""
    job = TrainingJob(TINY, executor=process_executor, limiter=JobLimiter(1)).start()
    assert job.wait(WAIT) and job.state == "finished", job.error
    return job


def test_inspect_shows_the_bundle_the_training_sent_and_a_saved_runs_made_on_a_worker(finished_job, tmp_path,
                                                                                      monkeypatch, server_only_draws):
    result = finished_job.result
    assert result.worker["pid"] != os.getpid()  # trained in a worker process
    assert result.inspection.evaluation.test_accuracy == pytest.approx(result.test_accuracy, abs=1e-6)
    at = open_page("pages/inspect.py", result=result)
    assert not at.exception and not at.error
    assert at.session_state["inspect_cache"]["session"]["inspection"] is result.inspection
    accuracy = next(m for m in at.metric if m.label == t("inspect.metric.test_accuracy", "en")).value
    assert accuracy == f"{100 * result.test_accuracy:.2f} %"

    # a fresh store holding only that run: with no model in the session, the saved run is the page's choice
    monkeypatch.setenv("DNN_RUNS_DB", str(tmp_path / "saved.sqlite"))
    store = RunStore()
    run_id = store.start_run(result.config.to_dict(), name="saved")
    store.finish_run(run_id, "finished", history=result.history, metrics=result.metrics(), model=result.model)
    saved = open_page("pages/inspect.py")
    assert not saved.exception and not saved.error
    found = saved.session_state["inspect_cache"][f"run:{run_id}"]["inspection"]
    # the worker's bundle is the one this process would make of the saved run (the reference, unpatched)
    reference = reference_inspection(load_run(run_id))
    np.testing.assert_array_equal(found.matrix, reference.matrix)
    np.testing.assert_allclose(found.evaluation.probs, reference.evaluation.probs, atol=1e-6)
    assert found.diagnoses == reference.diagnoses
    assert found.weights.equals(reference.weights)


def test_a_recorded_training_leaves_its_saved_runs_bundle_so_no_worker_makes_it_again(process_executor, monkeypatch):
    """The class inspects the newest run: the bundle its training sent is kept as the saved run's, made as a worker
    would make it from the run's file (no initial weights, no gradient records)."""
    def no_worker(*args, **kwargs):
        raise AssertionError("the saved run's bundle was kept: no worker should make it")

    job = TrainingJob(TINY, executor=process_executor, limiter=JobLimiter(1)).start()
    assert job.wait(WAIT) and job.state == "finished", job.error
    monkeypatch.setattr(served, "serve", no_worker)
    run_id = job.run_id
    saved = load_run(run_id)
    found = served.inspection_of(saved, (str(default_db_path()), run_id), no_worker)
    reference = reference_inspection(saved)  # what a worker makes of the saved run (unpatched)
    np.testing.assert_array_equal(found.matrix, reference.matrix)
    np.testing.assert_allclose(found.evaluation.probs, reference.evaluation.probs, atol=1e-6)
    assert found.diagnoses == reference.diagnoses
    assert found.weights.equals(reference.weights)
    assert set(found.weights["stage"]) == {"final"}  # the training's own bundle also had the initial weights
    assert set(job.result.inspection.weights["stage"]) == {"initial", "final"}


def test_an_upload_whose_worker_was_lost_is_refused_and_never_loaded_here(monkeypatch, tmp_path):
    from dnn_core.engine import upload
    from dnn_core.engine.model import build_model
    from dnn_core.running import executors, served
    from dnn_core.running.jobs import JobError

    path = tmp_path / "mine.keras"
    build_model(TINY).save(path)

    class LostWorker:  # an executor whose worker died loading the file (out of memory, a crash)
        def serve(self, task, payload, need):
            raise JobError("job.error.served_lost")

    loaded_here = []
    monkeypatch.setattr(executors, "current", LostWorker)
    monkeypatch.setattr(upload, "_load", loaded_here.append)
    with pytest.raises(upload.UnsafeModelError) as refused:
        served.uploaded_model(path.read_bytes())
    assert refused.value.key == "draw.upload.worker_lost" and loaded_here == []
    assert t("draw.upload.worker_lost", "zh-TW") in refused.value.text("zh-TW")
