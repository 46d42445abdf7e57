"""The quick model (shipped as a file, loaded once per process, shared) and the saved runs Draw & Predict offers as
models."""

import threading

import numpy as np
import pytest

from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.data import load_dataset
from dnn_core.engine.model import build_model
from dnn_core.running import quick_model as qm
from dnn_core.runs import RunStore, saved_models


def test_quick_model_is_loaded_once_and_reads_the_offline_sample():
    first = qm.quick_model()
    assert qm.quick_model() is first  # the second call loads nothing: the same model object comes back
    assert first.dataset == "mnist_sample"  # DNN_OFFLINE: MNIST falls back to the bundled sample
    data = load_dataset(first.dataset)
    # the reported accuracy against Keras' own predict() on the held-out test images
    predicted = first.model.predict(data.x_test.astype("float32"), batch_size=500, verbose=0).argmax(axis=1)
    accuracy = float(np.mean(predicted == data.y_test))
    assert accuracy == pytest.approx(first.test_accuracy, abs=1e-6)
    assert accuracy >= 0.85


class CountingLock:
    """A lock that counts who has tried to take it, so a test can wait until every thread is waiting."""

    def __init__(self):
        self._lock, self.arrived, self.attempts = threading.Lock(), threading.Condition(), 0

    def __enter__(self):
        with self.arrived:
            self.attempts += 1
            self.arrived.notify_all()
        self._lock.acquire()
        return self

    def __exit__(self, *exc):
        self._lock.release()


def test_sessions_arriving_together_share_one_training(monkeypatch):
    monkeypatch.setattr(qm, "_quick", None)
    started, release, calls = threading.Event(), threading.Event(), []

    def slow_training():
        calls.append(1)
        started.set()
        release.wait(30)
        return qm.ReadyModel(object(), "mnist_sample", 0.9)

    monkeypatch.setattr(qm, "_load_quick_model", slow_training)
    lock = CountingLock()
    monkeypatch.setattr(qm, "_lock", lock)
    results = []
    threads = [threading.Thread(target=lambda: results.append(qm.quick_model())) for _ in range(4)]
    threads[0].start()
    assert started.wait(30)
    for thread in threads[1:]:
        thread.start()  # these arrive while the first one is still training
    with lock.arrived:  # all four are really there (one training, three waiting) before the training ends
        assert lock.arrived.wait_for(lambda: lock.attempts == 4, 30)
    assert qm._quick is None  # nothing is cached before the one training ends
    release.set()
    for thread in threads:
        thread.join(30)
    assert len(calls) == 1
    assert len(results) == 4 and all(result is results[0] for result in results)


@pytest.mark.slow
def test_the_shipped_quick_model_is_what_its_command_makes(tmp_path):
    """`python -m dnn_core.running.quick_model` trains it again: the same weights and facts as the files shipped."""
    import json

    import keras

    made = qm.make_quick_model(tmp_path)
    shipped = keras.saving.load_model(qm.ASSETS / qm.QUICK_FILE, compile=False)
    assert [w.shape for w in shipped.get_weights()] == [w.shape for w in made.model.get_weights()]
    for ours, theirs in zip(shipped.get_weights(), made.model.get_weights()):
        np.testing.assert_allclose(ours, theirs, atol=1e-5)  # the same seed and batches: the same training
    facts, shipped_facts = (json.loads((folder / qm.FACTS_FILE).read_text()) for folder in (tmp_path, qm.ASSETS))
    assert facts["config"] == shipped_facts["config"] == qm.quick_config().to_dict()
    assert facts["dataset"] == shipped_facts["dataset"] == "mnist_sample"
    assert facts["test_accuracy"] == pytest.approx(shipped_facts["test_accuracy"], abs=1e-6)
    assert not keras.saving.load_model(tmp_path / qm.QUICK_FILE, compile=False).compiled  # no optimizer state


def tiny_model():
    return build_model(ExperimentConfig(dataset="mnist_sample", layers=(8,), dropout=0.0))


def test_saved_models_offers_only_runs_with_a_model_file_and_knows_their_data_set():
    store = RunStore()
    model = tiny_model()
    with_model = store.start_run(ExperimentConfig(layers=(8,)).to_dict(), name="with model")
    store.finish_run(with_model, "finished", metrics={"dataset": "mnist_sample", "test_accuracy": 0.5}, model=model)
    without_model = store.start_run(ExperimentConfig().to_dict(), name="no model")
    store.finish_run(without_model, "finished", metrics={"test_accuracy": 0.9})
    store.start_run(ExperimentConfig().to_dict(), name="still running")

    assert saved_models() == [(with_model, "with model")]
    ready = qm.load_saved_model(with_model)
    assert ready.dataset == "mnist_sample"  # trained on the fallback, although the config asked for mnist
    assert ready.test_accuracy == 0.5
    image = load_dataset("mnist_sample").x_test[:1].astype("float32")
    np.testing.assert_allclose(ready.model.predict(image, verbose=0), model.predict(image, verbose=0), rtol=1e-5)


def test_an_unreadable_run_store_offers_no_saved_models(tmp_path, monkeypatch):
    bad = tmp_path / "runs.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("DNN_RUNS_DB", str(bad))
    assert saved_models() == []


def test_model_choices_come_in_order_without_the_sessions_own_run():
    store = RunStore()
    own, other = (store.start_run(ExperimentConfig().to_dict(), name=name) for name in ("own", "other"))
    for run_id in (own, other):
        store.finish_run(run_id, "finished", metrics={"test_accuracy": 0.9}, model=tiny_model())
    choices = qm.model_choices("zh-TW", session=True, upload_name="mine.keras", skip_run=own)
    assert list(choices) == ["session", "quick", "upload", f"run:{other}"]
    assert choices["upload"] == "上傳的檔案：mine.keras"
    assert list(qm.model_choices("en")) == ["quick", f"run:{other}", f"run:{own}"]  # newest run first
