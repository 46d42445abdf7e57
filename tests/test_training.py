"""Training: histories, progress events, a prompt stop, gradient records, and background jobs with a limit."""

import collections
import math
import threading

import numpy as np
import pandas as pd
import pytest
import tensorflow as tf

from dnn_core.engine import training
from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.data import load_dataset, training_split
from dnn_core.engine.model import build_model, dense_layers
from dnn_core.engine.progress import BATCH_COLUMNS, EPOCH_COLUMNS, GRADIENT_COLUMNS
from dnn_core.engine.training import make_batches, train
from dnn_core.running.executors import InProcessExecutor
from dnn_core.running.jobs import JobLimiter
from dnn_core.running.work_jobs import TrainingJob
from tests.test_jobs import WatchedLimiter

TINY = ExperimentConfig(dataset="mnist_sample", train_size=500, layers=(32, 16), epochs=2, batch_size=32)
N_TRAIN = 450  # 500 images less 10 % validation
BATCHES = math.ceil(N_TRAIN / 32)  # 15: fourteen of 32 images and a last one of 2
WAIT = 120  # seconds; a bound on waiting for a thread, never a way to synchronise


@pytest.fixture(scope="module")
def sample():
    return load_dataset("mnist_sample")


@pytest.fixture(scope="module")
def run(sample):
    """One tiny training with a progress event after every batch."""
    events = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(training, "PROGRESS_INTERVAL", 0.0)
        result = train(TINY, sample, on_progress=events.append)
    return result, events


# ---- Histories and test metrics --------------------------------------------------------------------------------

def test_epoch_history_has_a_row_per_epoch(run):
    result, _ = run
    assert list(result.history.columns) == EPOCH_COLUMNS
    assert result.history["epoch"].tolist() == [1, 2]
    assert result.history[["loss", "accuracy", "val_loss", "val_accuracy"]].notna().all().all()
    assert result.history["val_accuracy"].between(0, 1).all()
    assert not result.stopped and result.metrics()["epochs_done"] == 2


def test_batch_history_has_a_row_per_batch(run):
    result, _ = run
    batches = result.batch_history
    assert list(batches.columns) == BATCH_COLUMNS
    assert len(batches) == TINY.epochs * BATCHES
    assert batches["step"].tolist() == list(range(1, 31))
    assert batches["batch"].tolist() == list(range(1, 16)) * 2


def test_batch_values_are_each_batchs_own(run):
    """A batch's accuracy is (correct images) / (images in the batch): a whole number of images, also for the
    short last batch of 2 images; and the batch losses, weighted by batch size, average to the epoch's loss."""
    result, _ = run
    sizes = np.array([32] * 14 + [2])
    for epoch, rows in result.batch_history.groupby("epoch"):
        correct = rows["accuracy"].to_numpy() * sizes
        np.testing.assert_allclose(correct, np.round(correct), atol=2e-3)
        epoch_loss = result.history.set_index("epoch").loc[epoch, "loss"]
        assert np.average(rows["loss"], weights=sizes) == pytest.approx(epoch_loss, rel=1e-4)


def test_test_accuracy_matches_an_independent_count(run, sample):
    result, _ = run
    assert 0.0 <= result.test_accuracy <= 1.0
    predicted = result.model.predict(sample.x_test, batch_size=1000, verbose=0).argmax(axis=1)
    assert result.test_accuracy == pytest.approx(np.mean(predicted == sample.y_test), abs=1e-6)


def test_validation_and_test_metrics_are_what_keras_evaluate_reports_with_the_l2_penalty(sample):
    """train() validates with eager forward passes (no traced test step): its last epoch's val_loss and
    val_accuracy, and its test metrics, are Keras' own evaluate of the final model, penalty included."""
    config = TINY.replace(l2=0.01, epochs=1)
    result = train(config, sample, record_gradients=False)
    split = training_split(sample, result.config)
    val_loss, val_acc = result.model.evaluate(split.x_val, split.y_val.astype(np.int32), verbose=0)
    test_loss, test_acc = result.model.evaluate(sample.x_test, sample.y_test.astype(np.int32), verbose=0)
    penalty = sum(float(loss) for loss in result.model.losses)
    assert penalty > 0.01 * val_loss  # the L2 term is a visible part of the loss, so leaving it out would show
    assert result.history["val_loss"].iloc[-1] == pytest.approx(val_loss, rel=1e-5)
    assert result.history["val_accuracy"].iloc[-1] == pytest.approx(val_acc, abs=1e-6)
    assert (result.test_loss, result.test_accuracy) == (pytest.approx(test_loss, rel=1e-5),
                                                        pytest.approx(test_acc, abs=1e-6))


def test_initial_weights_are_the_untrained_kernels(run):
    result, _ = run
    fresh = build_model(result.config, compile=False)
    assert list(result.initial_weights) == [layer.name for layer in dense_layers(fresh)]
    for layer in dense_layers(fresh):
        np.testing.assert_array_equal(result.initial_weights[layer.name], layer.kernel.numpy())


# ---- Progress events -------------------------------------------------------------------------------------------

def test_progress_events_are_plain_dicts(run):
    result, events = run
    assert all(isinstance(event, dict) for event in events)
    for key in ("kind", "epoch", "epochs", "batch", "batches", "samples_seen", "samples_per_second",
                "eta_seconds", "progress", "loss", "accuracy"):
        assert all(key in event for event in events), key
    kinds = collections.Counter(event["kind"] for event in events)
    assert kinds == {"batch": TINY.epochs * BATCHES, "epoch": TINY.epochs}


def test_progress_counts_images_and_finishes_at_zero_eta(run):
    _, events = run
    seen = [event["samples_seen"] for event in events if event["kind"] == "batch"]
    assert seen[0] == 32 and seen[BATCHES - 1] == N_TRAIN and seen[-1] == TINY.epochs * N_TRAIN
    assert all(b >= a for a, b in zip(seen, seen[1:]))
    last = events[-1]
    assert last["kind"] == "epoch" and last["eta_seconds"] == 0 and last["progress"] == 1.0
    assert last["samples_per_second"] > 0


def test_progress_forwards_every_batch_row_once(run):
    result, events = run
    forwarded = pd.DataFrame([row for event in events for row in event["new_batches"]], columns=BATCH_COLUMNS)
    pd.testing.assert_frame_equal(forwarded, result.batch_history)


# ---- Gradient flow ---------------------------------------------------------------------------------------------

def test_gradient_history_has_one_norm_per_dense_layer_per_probe(run):
    result, _ = run
    grads = result.gradient_history
    assert list(grads.columns) == GRADIENT_COLUMNS
    names = [layer.name for layer in dense_layers(result.model)]
    every = max(1, BATCHES // training.GRADIENT_PROBES_PER_EPOCH)
    probes = grads.groupby("step")
    assert len(probes) == 1 + TINY.epochs * BATCHES // every  # one before training, then every few steps
    for _, rows in probes:
        assert rows["layer"].tolist() == names and rows["depth"].tolist() == [1, 2, 3]
    assert (grads["grad_norm"] > 0).all() and np.isfinite(grads["grad_norm"]).all()


def first_gradient_norms(config: ExperimentConfig, data, layer_names: list[str]) -> list[float]:
    """The kernel-gradient norms of a freshly built model on the probe batch, by a GradientTape of our own."""
    split = training_split(data, config)
    x, y = split.x_val[:training.PROBE_BATCH], split.y_val[:training.PROBE_BATCH].astype(np.int32)
    model = build_model(config)
    kernels = [model.get_layer(name).kernel for name in layer_names]
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(y, model(x, training=False)))
    return [float(tf.norm(g)) for g in tape.gradient(loss, kernels)]


def test_first_gradient_norms_match_a_hand_computation(run, sample):
    """The norms recorded before training equal a GradientTape on a freshly built model and the probe batch."""
    result, _ = run
    names = [layer.name for layer in dense_layers(build_model(result.config))]
    recorded = result.gradient_history.query("step == 0")["grad_norm"].tolist()
    np.testing.assert_allclose(recorded, first_gradient_norms(result.config, sample, names), rtol=1e-4)


# ---- Stopping --------------------------------------------------------------------------------------------------

def test_should_stop_stops_within_one_batch_and_keeps_what_was_learned(sample):
    asked = []

    def stop_after_five() -> bool:
        asked.append(True)
        return len(asked) >= 5

    result = train(TINY, sample, should_stop=stop_after_five, record_gradients=False)
    assert result.stopped
    assert len(result.batch_history) == 5  # asked after every batch: the 5th batch was the last
    assert len(result.history) == 1 and result.metrics()["epochs_done"] == 1
    assert result.gradient_history.empty
    assert 0.0 <= result.test_accuracy <= 1.0
    assert result.model.predict(sample.x_test[:3], verbose=0).shape == (3, 10)


def test_the_config_follows_a_fallback(sample):
    wanted = ExperimentConfig(dataset="mnist", train_size=10_000)
    assert wanted.trained_on(sample.name) == wanted.replace(dataset="mnist_sample", train_size=4000)
    assert TINY.trained_on(sample.name) is TINY


def test_batches_are_fixed_by_seed_and_reshuffled_each_epoch():
    x = np.arange(100, dtype=np.uint8).reshape(100, 1, 1).repeat(28, 1).repeat(28, 2)
    y = np.arange(100) % 10

    def epochs(seed, first_epoch=0):
        batches = make_batches(x, y, 32, seed, first_epoch)
        return [[b[0].numpy()[:, 0, 0].tolist() for b in batches] for _ in range(2)]

    first, again, other = epochs(1), epochs(1), epochs(2)
    assert first == again and first != other
    assert [len(b) for b in first[0]] == [32, 32, 32, 4]
    assert first[0] != first[1]
    assert sorted(sum(first[0], [])) == list(range(100))
    # A training continued after 3 epochs shuffles anew, fixed by the seed and that number: not epoch 1's again
    continued = epochs(1, first_epoch=3)
    assert continued == epochs(1, first_epoch=3) and continued[0] not in first
    assert sorted(sum(continued[0], [])) == list(range(100))


# ---- Background jobs -------------------------------------------------------------------------------------------

JOB = TINY.replace(train_size=100, layers=(8,), epochs=1)


class GatedJob(TrainingJob):
    """A real training job that holds still at its first progress report until the test opens its gate."""

    def __init__(self, *args, **kwargs):
        self.gate, self.reporting = threading.Event(), threading.Event()
        super().__init__(*args, **kwargs)

    def report(self, event):
        if event["kind"] != "placed":  # progress, not the word of where the job runs
            self.reporting.set()
            self.gate.wait(WAIT)
        super().report(event)


def test_a_third_job_waits_for_a_free_slot(sample):
    limiter = WatchedLimiter(limit=2)
    first, second, third = (GatedJob(JOB, limiter=limiter) for _ in range(3))
    try:
        for job in (first, second):
            job.start()
            assert job.reporting.wait(WAIT)
        queued = limiter.watch(third)
        third.start()
        assert queued.wait(WAIT)
        assert (first.state, second.state, third.state) == ("running", "running", "queued")
        assert third.queue_position == 1 and third.snapshot()["queue_position"] == 1
        assert limiter.running == 2

        first.gate.set()  # the first job finishes and frees its slot
        assert first.wait(WAIT) and first.state == "finished"
        assert third.reporting.wait(WAIT)
        assert third.state == "running" and third.queue_position is None
    finally:
        for job in (first, second, third):
            job.gate.set()
    assert all(job.wait(WAIT) for job in (second, third))
    assert [job.state for job in (first, second, third)] == ["finished"] * 3
    assert limiter.peak_running == 2
    snapshot = third.snapshot()
    assert snapshot["state"] == "finished" and len(snapshot["history"]) == JOB.epochs
    pd.testing.assert_frame_equal(snapshot["history"], snapshot["result"].history)


def test_a_failing_job_reports_its_error(sample, monkeypatch):
    def broken_train(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(training, "train", broken_train)  # patched in this process: the job must train here
    job = TrainingJob(JOB, limiter=JobLimiter(1), executor=InProcessExecutor()).start()
    assert job.wait(WAIT)
    assert job.state == "failed" and "boom" in job.error
    assert job.snapshot()["error"] == job.error and job.result is None


def test_stopping_a_queued_job_ends_it_without_running(sample):
    limiter = WatchedLimiter(limit=1)
    running, queued_job = GatedJob(JOB, limiter=limiter), TrainingJob(JOB, limiter=limiter)
    try:
        running.start()
        assert running.reporting.wait(WAIT)
        queued = limiter.watch(queued_job)
        queued_job.start()
        assert queued.wait(WAIT) and queued_job.queue_position == 1
        queued_job.stop()
        assert queued_job.wait(WAIT)
        assert queued_job.state == "stopped" and queued_job.started_at is None and queued_job.result is None
        assert limiter.position(queued_job.ticket) is None
    finally:
        running.gate.set()
    assert running.wait(WAIT) and running.state == "finished"


def test_stopping_a_running_job_keeps_its_partial_result(sample, monkeypatch):
    monkeypatch.setattr(training, "PROGRESS_INTERVAL", 0.0)  # the first report comes after the first batch
    # trained on this job's thread, which the gate holds inside the report (a worker process would train on)
    job = GatedJob(JOB.replace(epochs=2), limiter=JobLimiter(1), executor=InProcessExecutor())
    job.start()
    assert job.reporting.wait(WAIT)
    job.stop()  # while the first batch's report is held
    job.gate.set()
    assert job.wait(WAIT)
    assert job.state == "stopped"
    assert job.result.stopped and len(job.result.batch_history) == 2  # the batch under way finishes, no more
    assert len(job.snapshot()["batch_history"]) == 2
