"""A model scored on the class's own handwriting: the score against Keras's own predictions counted by hand, the
held-out writers only for a model that trained on some, a finished training's stored score (made on a worker as
it ends), the Class board's columns, and the teacher's re-score."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from dnn_core.classroom.handwriting import ClassDigits
from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.digit_sets import scoring_set, writer_in_training
from dnn_core.engine.digits_score import cell_indices, score_digits
from dnn_core.engine.training import train
from dnn_core.running.class_scores import rescore, run_score, score_finished_run
from dnn_core.running.work_jobs import TrainingJob
from dnn_core.runs import RunStore
from tests.drawn_set import add_class_digits, reference_matrix

SMALL = ExperimentConfig(dataset="mnist_sample", train_size=600, layers=(16,), epochs=2)
WRITERS = range(6)  # at class_digits=0.5 their hashes put some on each side (checked below)


@pytest.fixture(scope="module")
def model():
    return train(SMALL).model


def keras_probabilities(model, x: np.ndarray) -> np.ndarray:
    """Keras's own predict() on raw 0..255 pixels, as the app feeds its models: the reference."""
    return model.predict(x.astype("float32"), batch_size=64, verbose=0)


# ---- the score ---------------------------------------------------------------------------------------------------

def test_the_score_is_keras_own_predictions_counted(model):
    digits = add_class_digits(WRITERS).digit_set()
    probs = keras_probabilities(model, digits.x)
    predicted = probs.argmax(axis=1)
    score = score_digits(model, digits.x, digits.y)
    assert score.count == 60 and score.predictions.tolist() == predicted.tolist()
    assert score.accuracy == pytest.approx(np.mean(predicted == digits.y))
    assert score.metrics() == {"class_accuracy": pytest.approx(np.mean(predicted == digits.y)), "class_count": 60}
    assert (score.matrix == reference_matrix(digits.y, predicted)).all()
    # the mistakes: every digit read wrong, the surest first
    wrong = score.mistakes()
    assert len(wrong) >= 2, "the test needs a model that reads some of the drawings wrong"
    assert sorted(wrong.tolist()) == np.flatnonzero(predicted != digits.y).tolist()
    confidence = probs[wrong, predicted[wrong]]
    assert (np.diff(confidence) <= 1e-6).all()


def test_no_digits_score_nothing_without_a_model():
    score = score_digits(None, np.zeros((0, 28, 28), dtype=np.uint8), np.zeros(0, dtype=np.uint8))
    assert score.count == 0 and score.accuracy is None and not score.matrix.any()
    assert score.metrics() == {"class_accuracy": None, "class_count": 0}


def test_a_cell_holds_the_images_of_its_row_read_as_its_column():
    y_true = np.array([1, 2, 1, 3, 2, 2, 7])
    y_pred = np.array([1, 1, 1, 2, 1, 2, 1])
    assert cell_indices(y_true, y_pred, 2, 1).tolist() == [1, 4]  # by hand: the 2s read as 1
    assert cell_indices(y_true, y_pred, 1, 1).tolist() == [0, 2]
    assert cell_indices(y_true, y_pred, 1, 2).tolist() == []
    for true in range(10):  # every image is behind exactly one cell, and that cell is its own
        for predicted in range(10):
            for i in cell_indices(y_true, y_pred, true, predicted):
                assert (y_true[i], y_pred[i]) == (true, predicted)
    assert sum(len(cell_indices(y_true, y_pred, a, b)) for a in range(10) for b in range(10)) == len(y_true)


# ---- which digits a run is scored on, and when -------------------------------------------------------------------

def saved_run(store: RunStore, config: ExperimentConfig, model, metrics: dict | None = None) -> int:
    run_id = store.start_run(config)
    store.finish_run(run_id, "finished", metrics={"test_accuracy": 0.5, **(metrics or {})}, model=model)
    return run_id


def test_a_run_that_trained_on_some_writers_is_scored_on_the_held_out_writers_only(model):
    store = RunStore()
    everyone = add_class_digits(WRITERS, store=store).digit_set()
    held = sorted(w for w in set(everyone.writers) if not writer_in_training(w, 0.5))
    assert 0 < len(held) < len(WRITERS)
    test = everyone.subset(np.isin(everyone.writers, held))
    predicted = keras_probabilities(model, test.x).argmax(axis=1)
    score = run_score(store, saved_run(store, SMALL.replace(class_digits=0.5), model), everyone)
    assert score.count == len(test) == 10 * len(held)  # no trained-on writer's digit is counted
    assert score.accuracy == pytest.approx(np.mean(predicted == test.y))
    assert run_score(store, saved_run(store, SMALL, model), everyone).count == 60  # class_digits=0: all of them


def test_no_digits_or_clothes_leave_a_run_without_a_score(model):
    store = RunStore()
    plain = saved_run(store, SMALL, model)
    score_finished_run(plain, train_result(SMALL), store)  # the class has drawn nothing yet
    assert "class_count" not in store.get_run(plain).metrics
    add_class_digits(range(1), store=store)
    clothes = SMALL.replace(dataset="fashion_mnist")
    assert run_score(store, saved_run(store, clothes, model), ClassDigits(store).digit_set()) is None
    # a training that scored itself on these same 10 digits (its worker had them) is left as it is ...
    scored_itself = saved_run(store, SMALL, model, {"class_accuracy": 0.25, "class_count": 10})
    score_finished_run(scored_itself, train_result(SMALL, {"class_accuracy": 0.25, "class_count": 10}), store)
    assert store.get_run(scored_itself).metrics["class_accuracy"] == 0.25
    # ... but one whose class drew more while it trained is scored on the digits as they are when it ends
    add_class_digits(range(1, 2), store=store, start=5_000.0)
    score_finished_run(scored_itself, train_result(SMALL, {"class_accuracy": 0.25, "class_count": 10}), store)
    assert store.get_run(scored_itself).metrics["class_count"] == 20


def train_result(config: ExperimentConfig, metrics: dict | None = None):
    """What score_finished_run reads of a TrainingResult: its settings and its metrics."""
    return SimpleNamespace(config=config, metrics=lambda: {"test_accuracy": 0.5, **(metrics or {})})


def test_a_finished_training_is_scored_on_the_class_digits_as_it_ends():
    """A real job through the app's executor (a worker process): as the run is recorded, its saved model is scored
    on a worker, the run's metrics keep the score, and the board reads it."""
    digits = add_class_digits(WRITERS).digit_set()
    held = scoring_set(digits, 0.5)
    job = TrainingJob(SMALL.replace(class_digits=0.5, epochs=1)).start()
    assert job.wait(300) and job.state == "finished", job.error
    store = RunStore()
    predicted = keras_probabilities(store.load_model(job.run_id), held.x).argmax(axis=1)
    metrics = store.get_run(job.run_id).metrics
    assert metrics["class_count"] == len(held) < len(digits)
    assert metrics["class_accuracy"] == pytest.approx(np.mean(predicted == held.y))
    board = store.board()[0].set_index("id")
    assert board.loc[job.run_id, "class_count"] == len(held)
    assert board.loc[job.run_id, "class_accuracy"] == pytest.approx(metrics["class_accuracy"])


# ---- the teacher's re-score --------------------------------------------------------------------------------------

def test_the_rescore_stores_the_score_on_the_digits_as_they_are_now(model):
    store = RunStore()
    add_class_digits(range(2), store=store)
    scored = store.start_run(SMALL)
    store.finish_run(scored, "finished", metrics={"test_accuracy": 0.5, "class_accuracy": 0.1, "class_count": 20},
                     model=model)
    no_model = store.start_run(SMALL)
    store.finish_run(no_model, "finished", metrics={"test_accuracy": 0.4})  # no model file: passed
    add_class_digits(range(2, 5), store=store, start=10_000.0)  # the class drew more since
    steps = []
    outcome = rescore(store, [scored, no_model], lambda done, total: steps.append((done, total)))
    digits = ClassDigits(store).digit_set()
    predicted = keras_probabilities(model, digits.x).argmax(axis=1)
    metrics = store.get_run(scored).metrics
    assert metrics["class_count"] == 50 and metrics["class_accuracy"] == pytest.approx(np.mean(predicted == digits.y))
    assert metrics["test_accuracy"] == 0.5  # the other metrics are kept
    assert (outcome.digits, outcome.scored, outcome.skipped) == (50, 1, 1) and steps == [(1, 2), (2, 2)]
    assert "class_count" not in store.get_run(no_model).metrics
    # the set cleared: the score says none, and the board shows none
    ClassDigits(store).clear()
    rescore(store, [scored])
    metrics = store.get_run(scored).metrics
    assert metrics["class_count"] == 0 and "class_accuracy" not in metrics
