"""Learning-rate schedules (lr_schedule): the vocabulary and its refusals, the optimizer's real rate at every epoch of
a training against closed forms written out here, Continue going on where the schedule was, the race, the Keras
code, and the Learn demo where a schedule rescues a rate too large to converge."""

import math
import os
import re
import subprocess
import sys

import numpy as np
import pytest

from dnn_core.engine.config import ExperimentConfig, config_from_query
from dnn_core.engine.presets import preset_config
from tests.conftest import ROOT

# 200 images, 20 of them validation: 180 training images in batches of 32 make 6 optimizer steps an epoch
TINY = ExperimentConfig(dataset="mnist_sample", train_size=200, layers=(8,), dropout=0.0, optimizer="sgd", lr=0.2,
                        batch_size=32, epochs=4, seed=3)
STEPS_PER_EPOCH = math.ceil((200 - 20) / 32)


def closed_form(lr_schedule: str, lr: float, epochs_done: float, total_epochs: int) -> float:
    """The rate after ``epochs_done`` epochs, written from each schedule's definition (no Keras)."""
    kind, _, value = lr_schedule.partition(":")
    if kind == "step":
        return lr * 0.5 ** math.floor(epochs_done / int(value))
    if kind == "exponential":
        return lr * float(value) ** epochs_done
    if kind == "cosine":
        length = int(value) if value else total_epochs
        return lr * 0.5 * (1 + math.cos(math.pi * min(epochs_done, length) / length))
    return lr


# ---- the vocabulary ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("written, canonical", [
    ("constant", "constant"), ("step", "step:3"), (" STEP:02 ", "step:2"), ("exponential", "exponential:0.9"),
    ("exponential:5e-1", "exponential:0.5"), ("cosine", "cosine"), ("cosine:7", "cosine:7")])
def test_each_form_is_kept_as_one_canonical_text_that_round_trips(written, canonical):
    config = ExperimentConfig(lr_schedule=written, epochs=12)
    assert config.lr_schedule == canonical
    assert ExperimentConfig.from_dict(config.to_dict()) == config
    assert config_from_query(config.to_query()) == (config, [])
    assert config.to_query().get("lr_schedule", "constant") == canonical


@pytest.mark.parametrize("bad", ["bogus", "step:0", "step:201", "step:1.5", "step:", "exponential:1",
                                 "exponential:0", "exponential:nan", "cosine:x", "constant:3", "", "step:3:4", None])
def test_a_bad_schedule_is_refused_naming_lr_schedule_and_the_forms_in_both_languages(bad):
    with pytest.raises(ValueError) as caught:
        ExperimentConfig(lr_schedule=bad)
    assert str(caught.value).startswith(f"lr_schedule: {bad!r} is not a learning-rate schedule; allowed: constant, "
                                        "step:N, exponential:R, cosine, cosine:N")
    zh = caught.value.text("zh-TW")
    assert zh.startswith("lr_schedule：") and "學習率排程" in zh and "step:N" in zh


def test_a_link_with_a_bogus_schedule_keeps_the_constant_rate_and_says_why():
    config, problems = config_from_query({"lr_schedule": "bogus", "lr": "0.5", "optimizer": "sgd"})
    assert (config.lr_schedule, config.lr, config.optimizer) == ("constant", 0.5, "sgd")
    assert [name for name, _ in problems] == ["lr_schedule"]


def test_the_runs_table_and_the_class_board_show_the_schedule(tmp_path):
    import json

    from dnn_core.charts.classroom import class_figure
    from dnn_core.classroom.board import finished_runs, settings_text
    from dnn_core.runs import RunStore

    config = TINY.replace(lr_schedule="step:2").to_dict()
    assert settings_text(config) == "sgd · 8 · lr 0.2 · lr_schedule step:2 · dropout 0 · batch_size 32"
    assert "lr_schedule" not in settings_text(TINY.to_dict())  # constant: nothing to say
    store = RunStore(tmp_path / "runs.sqlite")
    scheduled = store.start_run(config)
    older = store.start_run({k: v for k, v in TINY.to_dict().items() if k != "lr_schedule"})  # before schedules
    assert store.list_runs()["lr_schedule"].tolist() == ["constant", "step:2"]
    for run_id, accuracy in ((scheduled, 0.9), (older, 0.8)):
        store.finish_run(run_id, "finished", metrics={"test_accuracy": accuracy})
    done = finished_runs(*store.board())
    assert dict(zip(done["id"], done["x_lr_schedule"])) == {scheduled: "step:2", older: "constant"}
    figure = json.loads(class_figure(done, "lr_schedule", "en").to_json())
    assert figure["layout"]["xaxis"]["type"] == "category"


# ---- a real training ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def data():
    from dnn_core.engine.data import load_dataset

    return load_dataset("mnist_sample")


SCHEDULES = ["constant", "step:2", "exponential:0.7", "cosine", "cosine:2"]


@pytest.mark.parametrize("lr_schedule", SCHEDULES)
def test_the_optimizer_uses_the_closed_form_rate_at_every_epoch(data, lr_schedule):
    from dnn_core.engine.model import lr_curve
    from dnn_core.engine.training import train

    config = TINY.replace(lr_schedule=lr_schedule)
    result = train(config, data, record_gradients=False)
    want = [closed_form(lr_schedule, config.lr, k, config.epochs) for k in range(config.epochs)]
    # the rate each epoch started with, read off the optimizer during training
    np.testing.assert_allclose(result.history["lr"], want, rtol=1e-5)
    # and the optimizer itself after the last batch
    optimizer = result.model.optimizer
    assert int(optimizer.iterations.numpy()) == config.epochs * STEPS_PER_EPOCH
    assert float(optimizer.learning_rate) == pytest.approx(closed_form(lr_schedule, config.lr, config.epochs,
                                                                       config.epochs), rel=1e-5, abs=1e-9)
    # the chart's curve is that schedule: at each epoch's start, the rate the epoch used
    curve = lr_curve(config).set_index("epoch")["lr"]
    np.testing.assert_allclose([curve[k] for k in range(config.epochs)], want, rtol=1e-5)


def test_the_rate_falls_within_an_epoch_as_keras_counts_batches():
    from dnn_core.engine.model import lr_curve

    curve = lr_curve(TINY.replace(lr_schedule="exponential:0.5", epochs=2))
    half = curve.loc[curve["epoch"] == 0.5, "lr"].item()  # 3 of the 6 batches of the first epoch
    assert half == pytest.approx(0.2 * 0.5 ** 0.5, rel=1e-5)
    step = lr_curve(TINY.replace(lr_schedule="step:1", epochs=2))
    before, at_end = step.loc[step["epoch"] < 1, "lr"], step.loc[step["epoch"] == 1, "lr"].item()
    assert before.tolist() == pytest.approx([0.2] * 6) and at_end == pytest.approx(0.1)  # halved as the epoch ends


@pytest.mark.parametrize("lr_schedule", ["step:1", "cosine"])
def test_a_continued_run_goes_on_where_its_schedule_was(data, lr_schedule):
    from dnn_core.engine.resume import continuation_of, continued_config
    from dnn_core.engine.training import train

    first = train(TINY.replace(lr_schedule=lr_schedule, epochs=2), data, record_gradients=False)
    config = continued_config(first.config, len(first.history), 2)
    assert config.lr_schedule == ("cosine:2" if lr_schedule == "cosine" else lr_schedule)  # as the optimizer has it
    continued = train(config, data, record_gradients=False, start=continuation_of(first))
    uninterrupted = train(config, data, record_gradients=False)
    np.testing.assert_allclose(continued.history["lr"], uninterrupted.history["lr"], rtol=1e-6)
    np.testing.assert_allclose(continued.history["lr"], [closed_form(config.lr_schedule, 0.2, k, 4) for k in range(4)],
                               rtol=1e-5)
    assert float(continued.model.optimizer.learning_rate) == pytest.approx(
        float(uninterrupted.model.optimizer.learning_rate), rel=1e-6, abs=1e-9)


def test_every_race_contestant_trains_like_keras_with_the_schedule():
    """Each contestant's batch losses match a plain Keras model whose schedule is built here, by hand."""
    import keras

    from dnn_core.engine.data import load_dataset, training_split
    from dnn_core.engine.model import build_model
    from dnn_core.engine.race import race

    config = TINY.replace(lr_schedule="step:1", epochs=3)
    result = race(config, [("sgd", 0.3), ("sgd", 0.05)], audit=True)
    split = training_split(load_dataset(config.dataset), config)
    for contestant in result.contestants:
        model = build_model(config, compile=False)
        model.set_weights(result.initial_weights[contestant.name])
        rate = keras.optimizers.schedules.ExponentialDecay(contestant.lr, STEPS_PER_EPOCH, 0.5, staircase=True)
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=rate), loss="sparse_categorical_crossentropy")
        losses = [float(model.train_on_batch(split.x_train[idx], split.y_train[idx].astype(np.int32)))
                  for idx in result.batch_indices]
        got = result.batch_history[result.batch_history["contestant"] == contestant.name]["loss"]
        np.testing.assert_allclose(got, losses, rtol=2e-4, atol=2e-5, err_msg=contestant.name)


# ---- the Keras code, the preset, the command line ----------------------------------------------------------------

def test_the_keras_code_builds_the_schedule_and_runs():
    from dnn_core.engine.model import keras_code

    code = keras_code(TINY.replace(lr_schedule="step:2", epochs=2))
    assert "ExponentialDecay(0.2, decay_steps=2 * steps_per_epoch, decay_rate=0.5, staircase=True)" in code
    assert "SGD(learning_rate=learning_rate, momentum=0.0)" in code  # a float: Keras refuses momentum=0
    assert "CosineDecay(0.2, decay_steps=4 * steps_per_epoch)" in keras_code(TINY.replace(lr_schedule="cosine"))
    assert "learning_rate=learning_rate" not in keras_code(TINY)
    probe = code + ("print('steps', steps_per_epoch)\n"
                    "print('rate', float(model.optimizer.learning_rate), int(model.optimizer.iterations))\n")
    env = {**os.environ, "DNN_OFFLINE": "1", "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "2"}
    run = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert re.search(r"^steps 6$", run.stdout, re.M)  # fit's 180 training images in batches of 32
    rate, steps = re.search(r"^rate (\S+) (\d+)$", run.stdout, re.M).groups()
    assert int(steps) == 12 and float(rate) == pytest.approx(0.2 * 0.5, rel=1e-5)  # halved once, after 2 epochs


def test_the_cosine_preset_is_sgd_at_a_large_rate_with_the_cosine_schedule():
    config = preset_config("cosine_schedule")
    assert (config.optimizer, config.lr, config.lr_schedule) == ("sgd", 1.0, "cosine")


def test_the_command_line_trains_with_a_schedule_and_refuses_a_bad_one(tmp_path, capsys):
    import json

    from dnn_core.cli.commands import main

    out = tmp_path / "run"
    status = main(["train", "--lr-schedule", "step:2", "--dataset", "mnist_sample", "--train-size", "200",
                   "--layers", "8", "--batch-size", "32", "--epochs", "3", "--out", str(out)])
    assert status == 0
    assert json.loads((out / "config.json").read_text())["lr_schedule"] == "step:2"
    history = (out / "history.csv").read_text().splitlines()
    rates = [float(line.split(",")[-1]) for line in history[1:]]
    assert rates == pytest.approx([0.001, 0.001, 0.0005], rel=1e-5)  # adam's default rate, halved after 2 epochs
    assert main(["train", "--lr-schedule", "bogus", "--out", str(tmp_path / "no")]) == 2
    assert "lr_schedule: 'bogus' is not a learning-rate schedule" in capsys.readouterr().err


# ---- Learn: a schedule rescues a rate too large to converge ------------------------------------------------------

def test_the_learn_demo_diverges_at_a_constant_rate_and_converges_with_each_schedule():
    from dnn_core.lessons import learn_schedules

    for schedule in learn_schedules.SCHEDULES:
        constant, scheduled = learn_schedules.rescue(schedule, learn_schedules.DEMO_LR)
        assert constant.verdict == "diverged" and constant.losses[-1] > 1e6 * constant.losses[0]
        assert scheduled.verdict == "converged", schedule
        assert scheduled.losses[-1] < 1e-3 * scheduled.losses[0]
        # one step is one epoch of one batch: the rates are the closed forms over the walk's steps
        steps = len(scheduled.rates)
        np.testing.assert_allclose(scheduled.rates, [closed_form(schedule, learn_schedules.DEMO_LR, k, steps)
                                                     for k in range(steps)], rtol=1e-5, atol=1e-7)


def test_the_learn_demo_walks_gradient_descent_by_hand():
    from dnn_core.lessons.learn_schedules import scheduled_descent

    walk = scheduled_descent("step:1", 0.3, steps=2)
    # x ← x − lr·2x and y ← y − lr·8y from (−4, 2): rates 0.3 then 0.15
    first = (-4 - 0.3 * 2 * -4, 2 - 0.3 * 8 * 2)
    second = (first[0] - 0.15 * 2 * first[0], first[1] - 0.15 * 8 * first[1])
    np.testing.assert_allclose(walk.path, [(-4, 2), first, second], rtol=1e-6)
