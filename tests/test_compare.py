"""The optimizer race: fairness checked against plain Keras training, ranking, stopping, the table, saving."""

import math

import numpy as np
import pandas as pd
import pytest

from dnn_core.engine.config import OPTIMIZER_NAMES, ExperimentConfig
from dnn_core.engine.data import load_dataset, training_split
from dnn_core.engine.race import (
    Contestant,
    contestant_config,
    make_contestants,
    race,
    race_table,
    step_chunks,
    training_images,
)
from dnn_core.running.executors import InProcessExecutor
from dnn_core.running.jobs import JobLimiter
from dnn_core.running.work_jobs import RaceJob

TINY = ExperimentConfig(dataset="mnist_sample", train_size=300, layers=(16,), dropout=0.0, batch_size=32, epochs=2)


def keras_reference(config: ExperimentConfig, contestant: Contestant, initial: list, batches: list) -> tuple:
    """Train one plain compiled Keras model from ``initial`` on ``batches`` (index arrays), batch by batch."""
    from dnn_core.engine.model import build_model

    split = training_split(load_dataset(config.dataset), config)
    model = build_model(contestant_config(config, contestant))
    model.set_weights(initial)
    losses = [float(model.train_on_batch(split.x_train[idx], split.y_train[idx].astype(np.int32))[0])
              for idx in batches]
    return model.get_weights(), losses


CNN = TINY.replace(layers=("conv4", "pool", 8), dropout=0.3, epochs=1)


@pytest.mark.parametrize("config", [TINY, TINY.replace(batch_norm=True, l2=0.001, layers=(16, 8), epochs=1), CNN],
                         ids=["dense", "batch_norm_l2", "cnn_dropout"])
def test_every_contestant_starts_alike_and_trains_like_keras_on_the_same_batches(config):
    contestants = make_contestants(["sgd", "momentum", "rmsprop", "adam"])
    result = race(config, contestants, audit=True)
    assert result.fused == (config is not CNN)  # convolutions: one model per contestant, stepped in turn

    # the same initial weights for everybody: those of the config's model, built independently here
    from dnn_core.engine.model import build_model

    reference_start = build_model(config, compile=False).get_weights()
    for name, weights in result.initial_weights.items():
        assert len(weights) == len(reference_start)
        for got, want in zip(weights, reference_start):
            np.testing.assert_array_equal(got, want, err_msg=name)

    # the batch order: every epoch shows each training image exactly once
    n = training_images(config)
    per_epoch = math.ceil(n / config.batch_size)
    assert len(result.batch_indices) == per_epoch * config.epochs
    for epoch in range(config.epochs):
        seen = np.concatenate(result.batch_indices[epoch * per_epoch:(epoch + 1) * per_epoch])
        assert sorted(seen) == list(range(n))

    # each contestant is exactly a Keras model trained alone on those batches from those weights
    for contestant in contestants:
        weights, losses = keras_reference(config, contestant, result.initial_weights[contestant.name],
                                          result.batch_indices)
        batch_losses = result.batch_history[result.batch_history["contestant"] == contestant.name]["loss"]
        np.testing.assert_allclose(batch_losses, losses, rtol=2e-4, atol=2e-5, err_msg=contestant.name)
        for got, want in zip(result.final_weights[contestant.name], weights):
            np.testing.assert_allclose(got, want, rtol=1e-3, atol=2e-5, err_msg=contestant.name)


def test_steps_hold_consecutive_batches_of_one_size():
    order = np.arange(100)
    chunks = step_chunks(order, 32, 2)
    assert [[len(batch) for batch in chunk] for chunk in chunks] == [[32, 32], [32], [4]]
    np.testing.assert_array_equal(np.concatenate([b for chunk in chunks for b in chunk]), order)
    assert [len(chunk) for chunk in step_chunks(order, 10, 32)] == [10]


def test_all_curves_start_from_one_point():
    result = race(TINY.replace(dropout=0.2, epochs=1), ["sgd", "adam", "adagrad"])
    start = result.history[result.history["epoch"] == 0]
    assert len(start) == 3
    assert start["val_accuracy"].nunique() == 1 and start["val_loss"].nunique() == 1
    first_batch = result.batch_history[result.batch_history["step"] == 1]
    assert first_batch["loss"].nunique() == 1  # same weights, same batch, same dropout mask


def test_adam_beats_sgd_on_loss_after_one_epoch():
    result = race(TINY.replace(epochs=1, train_size=600), ["sgd", "adam"])
    table = result.table.set_index("contestant")
    assert table.loc["adam", "final_loss"] < table.loc["sgd", "final_loss"]
    assert result.winner == "adam"
    assert list(result.table["rank"]) == [1, 2]


def test_stop_ends_within_one_step_and_keeps_the_partial_history():
    calls = []

    def stop_after_two() -> bool:
        calls.append(1)
        return len(calls) >= 2

    config = TINY.replace(epochs=3)
    result = race(config, ["sgd", "adam"], should_stop=stop_after_two, step_batches=3)
    assert result.stopped
    # asked after every step of 3 batches: the second step was the last, and each of its batches has its row
    assert result.batch_history.groupby("contestant")["step"].max().tolist() == [6, 6]
    assert result.batch_history.groupby("contestant").size().tolist() == [6, 6]
    per_epoch = math.ceil(training_images(config) / config.batch_size)
    assert result.history["epoch"].max() == pytest.approx(6 / per_epoch)  # a part of the first epoch
    assert len(result.history) == 4  # the common start and the partial epoch, for both
    assert result.table["winner"].sum() == 1


def test_race_job_snapshot_and_stop():
    class StopAtFirstReport(RaceJob):
        stopped_at = None

        def report(self, event):
            super().report(event)
            if event["kind"] == "batch" and self.stopped_at is None:
                self.stopped_at = event["step"]
                self.stop()

    # raced on this job's thread, where report() runs between two batches (a worker process races on meanwhile)
    job = StopAtFirstReport(TINY.replace(train_size=4000, epochs=5), ["sgd", "adam"], limiter=JobLimiter(1),
                            executor=InProcessExecutor())
    job.start()
    assert job.wait(120)
    snap = job.snapshot()
    assert snap["state"] == "stopped" and snap["error"] is None
    assert snap["result"].stopped
    assert snap["batch_history"]["step"].max() == job.stopped_at  # no batch after the one that saw the stop
    assert set(snap["history"]["contestant"]) == {"sgd", "adam"}
    assert snap["history"]["epoch"].max() < 5


def test_table_against_a_hand_made_history():
    history = pd.DataFrame(
        [("a", 0, 2.3, 0.10, 0.0), ("a", 1, 0.9, 0.70, 1.0), ("a", 2, 0.5, 0.85, 2.0), ("a", 3, 0.4, 0.90, 3.0),
         ("b", 0, 2.3, 0.10, 0.0), ("b", 1, 0.6, 0.86, 1.0), ("b", 2, 0.3, 0.84, 2.0), ("b", 3, 0.2, 0.90, 3.0),
         ("c", 0, 2.3, 0.10, 0.0), ("c", 1, 2.2, 0.20, 1.0), ("c", 2, 2.1, 0.30, 2.0), ("c", 3, 2.0, 0.40, 3.0)],
        columns=["contestant", "epoch", "loss", "val_accuracy", "seconds"])
    table = race_table(history, target_accuracy=0.85).set_index("contestant")
    # a and b tie on final accuracy (0.90); b's lower final loss (0.2 < 0.4) makes it the winner
    assert table["winner"].to_dict() == {"b": True, "a": False, "c": False}
    assert table["rank"].to_dict() == {"b": 1, "a": 2, "c": 3}
    assert table.loc["b", "best_val_accuracy"] == 0.90
    assert table.loc["b", "epochs_to_target"] == 1 and table.loc["b", "seconds_to_target"] == 1.0
    assert table.loc["a", "epochs_to_target"] == 2 and table.loc["a", "seconds_to_target"] == 2.0
    assert math.isnan(table.loc["c", "epochs_to_target"]) and math.isnan(table.loc["c", "seconds_to_target"])
    assert table.loc["c", "final_loss"] == 2.0 and table.loc["a", "final_val_accuracy"] == 0.90
    no_target = race_table(history)
    assert no_target["epochs_to_target"].isna().all()


def test_race_is_saved_to_the_run_store():
    from dnn_core.runs import RunStore

    job = RaceJob(TINY.replace(epochs=1), {"sgd": 0.05, "adam": 0.002}, target_accuracy=0.5, limiter=JobLimiter(1))
    assert job.start().wait(120) and job.state == "finished"
    result = job.result
    assert result.store_error is None and result.run_id is not None
    run = RunStore().get_run(result.run_id)
    assert run.kind == "race" and run.status == "finished"
    assert run.config["optimizers"] == ["sgd", "adam"] and run.config["lrs"] == [0.05, 0.002]
    assert set(run.history["contestant"]) == {"sgd", "adam"}
    assert run.metrics["winner"] == result.winner
    assert run.model_path is not None  # the winner's model


def test_a_broken_run_store_never_loses_the_race(tmp_path, monkeypatch):
    broken = tmp_path / "runs.sqlite"
    broken.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("DNN_RUNS_DB", str(broken))
    job = RaceJob(TINY.replace(epochs=1), ["sgd", "adam"], limiter=JobLimiter(1))
    assert job.start().wait(120) and job.state == "finished"
    result = job.result
    assert result.run_id is None
    assert getattr(result.store_error, "key", None) == "runs.error.unreadable"
    assert result.table["winner"].sum() == 1 and len(result.history) == 4


def test_contestants_are_checked():
    with pytest.raises(ValueError, match="2 to 8"):
        make_contestants(["adam"])
    with pytest.raises(ValueError, match="2 to 8"):
        make_contestants(list(OPTIMIZER_NAMES[:9]))
    with pytest.raises(ValueError, match="unknown optimizer 'lion'"):
        make_contestants(["adam", "lion"])
    with pytest.raises(ValueError, match="lr"):
        make_contestants({"adam": 0.0, "sgd": 0.1})
    with pytest.raises(ValueError, match="twice"):
        make_contestants([("adam", 0.001), ("adam", 0.001)])
    # one optimizer at two learning rates is two contestants, told apart by name
    names = [c.name for c in make_contestants([("adam", 0.001), ("adam", 0.01), "sgd"])]
    assert names == ["adam (lr 0.001)", "adam (lr 0.01)", "sgd"]
    assert [c.lr for c in make_contestants(["momentum", "adadelta"])] == [0.01, 1.0]  # Keras's SGD default; Adadelta's
    # design has no learning rate at all, Keras's 0.001 would barely move


def test_momentum_contestants_use_momentum_and_plain_ones_do_not():
    config = TINY.replace(optimizer="sgd", momentum=0.5)  # the race ignores the Build & Train momentum
    assert contestant_config(config, Contestant("momentum", 0.01)).effective_momentum == 0.9
    assert contestant_config(config, Contestant("sgd", 0.01)).effective_momentum == 0.0


@pytest.mark.parametrize("spec, word", [(["adam"], "參賽者"), (["adam", "lion"], "優化器"),
                                        ({"adam": 0.0, "sgd": 0.1}, "學習率"),
                                        ([("adam", 0.001), ("adam", 0.001)], "兩次")])
def test_a_refused_race_is_said_in_the_pages_language(spec, word):
    from dnn_core.engine.config import ConfigError

    with pytest.raises(ConfigError) as refused:
        make_contestants(spec)
    chinese = refused.value.text("zh-TW")
    assert word in chinese and chinese != str(refused.value)  # str() stays the English the CLI prints


@pytest.mark.parametrize("target", [0.0, 1.5, -0.2])
def test_a_race_target_outside_0_to_1_is_refused_where_it_is_asked_for(target):
    """The race itself and the work a job sends to a worker both refuse it (the work in the caller, before any
    thread or worker): the same error, naming the setting and the allowed range."""
    from dnn_core.engine.config import ConfigError
    from dnn_core.running.work import RaceWork

    contestants = {"sgd": 0.05, "adam": 0.002}
    for ask in (lambda: RaceWork(TINY, contestants, target_accuracy=target),
                lambda: race(TINY, contestants, target_accuracy=target)):
        with pytest.raises(ConfigError) as refused:
            ask()
        assert refused.value.key == "config.error.out_of_range"
        assert refused.value.params["field"] == "target_accuracy" and refused.value.params["allowed"] == "(0, 1]"
