"""Diagnostics: real short trainings that must (or must not) trigger a rule, and hand-made histories for each rule."""

import math

import numpy as np
import pandas as pd
import pytest

from dnn_core.engine import diagnostics
from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.data import load_dataset
from dnn_core.engine.diagnostics import diagnose, layer_gradient_means
from dnn_core.engine.evaluate import dead_relu_share
from dnn_core.engine.presets import preset_config
from dnn_core.engine.training import train
from dnn_core.i18n import LANGS, t

SAMPLE = ExperimentConfig(dataset="mnist_sample")


def codes(found) -> list[str]:
    return [d.code for d in found]


def history(loss, val_loss, accuracy=None, val_accuracy=None) -> pd.DataFrame:
    """A per-epoch history like TrainingResult.history from lists."""
    n = len(loss)
    return pd.DataFrame({"epoch": range(1, n + 1), "loss": loss, "accuracy": accuracy or [0.95] * n,
                         "val_loss": val_loss, "val_accuracy": val_accuracy or [0.95] * n, "seconds": [1.0] * n})


def diagnose_run(result) -> list:
    x_test = load_dataset(result.config.dataset).x_test
    return diagnose(result.history, result.gradient_history, result.config, dead_relu_share(result.model, x_test))


# --- real trainings -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def deep_sigmoid():
    return train(preset_config("deep_sigmoid", SAMPLE).replace(train_size=1500, epochs=2))


@pytest.fixture(scope="module")
def deep_relu_batch_norm():
    config = preset_config("deep_sigmoid", SAMPLE).replace(train_size=1500, epochs=2, activation="relu",
                                                           batch_norm=True)
    return train(config)


@pytest.fixture(scope="module")
def course_run():
    return train(preset_config("course", SAMPLE))  # 10 epochs, the course model's own settings


def test_deep_sigmoid_flags_vanishing_gradients(deep_sigmoid):
    found = diagnose_run(deep_sigmoid)
    assert "vanishing_gradients" in codes(found)
    vanishing = next(d for d in found if d.code == "vanishing_gradients")
    means = layer_gradient_means(deep_sigmoid.gradient_history)
    assert len(means) == 6  # 5 hidden Dense layers and the output layer
    assert vanishing.params["ratio"] == pytest.approx(means.iloc[0] / means.iloc[-1])
    assert vanishing.params["ratio"] < diagnostics.VANISHING_RATIO


def test_same_depth_with_relu_and_batch_norm_keeps_its_gradients(deep_relu_batch_norm):
    found = diagnose_run(deep_relu_batch_norm)
    assert "vanishing_gradients" not in codes(found)
    means = layer_gradient_means(deep_relu_batch_norm.gradient_history)
    assert means.iloc[0] / means.iloc[-1] > 0.1  # far from the 1 % line, not just above it


def test_learning_rate_5_with_sgd_is_too_high():
    result = train(SAMPLE.replace(optimizer="sgd", lr=5.0, epochs=2, train_size=1500))
    found = diagnose_run(result)
    assert codes(found)[0] == "lr_too_high"
    assert found[0].severity == "error"
    assert "lr_too_low" not in codes(found) and "underfitting" not in codes(found)


@pytest.mark.slow
def test_healthy_course_run_has_no_warnings_only_perhaps_the_notes_turn(course_run):
    assert course_run.test_accuracy > 0.9
    found = diagnose_run(course_run)
    # no warning; but like the notes' own course run, its validation loss turns up near the end (measured:
    # lowest in epoch 8, then +1.2 % and +7.2 %), and the note names that epoch, read here by hand
    assert codes(found) == ["val_loss_turned"] and found[0].severity == "info"
    val = course_run.history["val_loss"].to_numpy()
    assert found[0].params["best_epoch"] == int(np.argmin(val)) + 1 < len(val) - 1


# --- hand-made histories, one rule at a time ----------------------------------------------------------------

def test_nan_loss_is_a_blown_up_learning_rate():
    found = diagnose(history([2.3, math.nan, math.nan], [2.2, math.nan, math.nan]))
    assert codes(found) == ["lr_too_high"]
    assert found[0].key == "inspect.diag.lr_too_high.finding_nan" and found[0].params["epoch"] == 2


def test_a_run_stopped_before_its_first_epoch_ended_has_nothing_to_diagnose():
    assert diagnose(history([], [])) == []


def test_missing_validation_loss_alone_is_not_a_problem():
    assert diagnose(history([0.5, 0.3, 0.2], [0.4, 0.3, math.nan])) == []


def test_loss_far_above_a_blind_guess_is_exploding():
    found = diagnose(history([40.0, 2.4, 2.35], [2.5, 2.4, 2.4], accuracy=[0.1] * 3, val_accuracy=[0.1] * 3))
    assert codes(found) == ["lr_too_high"]
    assert found[0].params["peak"] == 40.0 and found[0].params["chance"] == pytest.approx(math.log(10))


def test_mse_runs_use_the_mse_chance_level():
    flat = history([0.09, 0.089, 0.0895], [0.09, 0.09, 0.09], accuracy=[0.1] * 3, val_accuracy=[0.1] * 3)
    assert "lr_too_high" not in codes(diagnose(flat, config={"loss": "mse"}))
    blown = history([0.5, 0.09, 0.09], [0.09, 0.09, 0.09], accuracy=[0.1] * 3, val_accuracy=[0.1] * 3)
    assert codes(diagnose(blown, config={"loss": "mse"})) == ["lr_too_high"]


def test_a_loss_that_keeps_jumping_up_oscillates():
    found = diagnose(history([1.0, 0.6, 0.9, 0.5, 0.8], [1.0, 0.6, 0.9, 0.5, 0.8]))
    assert codes(found) == ["lr_too_high"]
    assert found[0].severity == "warning" and found[0].params["rises"] == 2


def test_a_loss_that_barely_moves_with_low_accuracy_means_learning_rate_too_low():
    found = diagnose(history([2.39, 2.38, 2.377], [2.32, 2.32, 2.319], accuracy=[0.11, 0.12, 0.12],
                             val_accuracy=[0.15] * 3))
    assert codes(found) == ["lr_too_low"]  # not also "underfitting": the learning rate explains it
    assert found[0].params["change"] == pytest.approx((2.39 - 2.377) / 2.39)


def test_validation_loss_rising_while_training_loss_falls_is_overfitting():
    found = diagnose(history([0.6, 0.25, 0.12, 0.05, 0.02, 0.01], [0.30, 0.20, 0.15, 0.17, 0.19, 0.21]))
    assert codes(found) == ["overfitting"]
    params = found[0].params
    assert params["best_epoch"] == 3 and params["rise"] == pytest.approx(0.19 / 0.15 - 1)
    assert params["gap"] == pytest.approx(0.21 - 0.01)


def test_validation_loss_turning_after_epoch_7_is_the_notes_sign_of_overfitting():
    # like the notes' course run: validation loss lowest in epoch 7, then a little higher each epoch
    val = [0.25, 0.16, 0.12, 0.10, 0.090, 0.085, 0.080, 0.082, 0.084, 0.086]
    train = [0.30, 0.14, 0.10, 0.08, 0.065, 0.055, 0.047, 0.041, 0.036, 0.032]
    found = diagnose(history(train, val))
    assert codes(found) == ["val_loss_turned"] and found[0].severity == "info"
    assert found[0].params["best_epoch"] == 7 and found[0].params["last_epoch"] == 10
    assert found[0].params["rise"] == pytest.approx(0.086 / 0.080 - 1)
    assert "epoch 7" in t(found[0].key, "en", **found[0].params)
    assert "第 7 個 epoch" in t(found[0].key, "zh-TW", **found[0].params)


def test_a_validation_loss_still_falling_or_turned_only_in_the_last_epoch_is_no_turn():
    falling = [0.25, 0.16, 0.12, 0.10, 0.090, 0.085, 0.080, 0.079, 0.078, 0.0775]
    assert diagnose(history([0.3] + [0.1] * 9, falling)) == []
    late = [0.25, 0.16, 0.12, 0.10, 0.090, 0.085, 0.080, 0.079, 0.078, 0.090]
    assert diagnose(history([0.3, 0.2, 0.15, 0.12, 0.1, 0.09, 0.08, 0.07, 0.06, 0.05], late)) == []


def test_one_noisy_validation_epoch_is_not_overfitting():
    assert diagnose(history([0.6, 0.25, 0.12, 0.05, 0.02], [0.30, 0.20, 0.15, 0.19, 0.155])) == []


def test_low_flat_accuracy_is_underfitting():
    found = diagnose(history([1.2, 0.9, 0.85, 0.84], [1.1, 0.95, 0.9, 0.9], accuracy=[0.6, 0.70, 0.705, 0.708],
                             val_accuracy=[0.62, 0.69, 0.70, 0.70]))
    assert codes(found) == ["underfitting"]
    assert found[0].params["gain"] == pytest.approx(0.708 - 0.70)


def test_fashion_mnist_has_its_own_underfitting_level():
    fashion = history([0.6, 0.5, 0.45, 0.44], [0.6, 0.5, 0.46, 0.45], accuracy=[0.80, 0.84, 0.842, 0.845],
                      val_accuracy=[0.8, 0.82, 0.83, 0.835])
    assert diagnose(fashion, config={"dataset": "fashion_mnist"}) == []
    assert codes(diagnose(fashion, config={"dataset": "mnist"})) == ["underfitting"]


def test_dead_relus_over_40_percent_in_a_layer():
    shares = pd.DataFrame({"layer": ["dense_1", "dense_2"], "depth": [1, 2], "units": [100, 50],
                           "dead": [10, 30], "share": [0.1, 0.6]})
    found = diagnose(history([0.5, 0.3], [0.4, 0.3]), dead_shares=shares)
    assert codes(found) == ["dead_relus"]
    assert found[0].params == {"layer": "dense_2", "share": 0.6, "dead": 30, "units": 50, "layers": 1}
    assert diagnose(history([0.5, 0.3], [0.4, 0.3]), dead_shares=shares.assign(share=[0.1, 0.4])) == []
    assert codes(diagnose(history([0.5, 0.3], [0.4, 0.3]), dead_shares=shares.assign(share=[0.1, 0.41]))) == [
        "dead_relus"]  # just over 40 %


def test_vanishing_gradients_from_a_gradient_record():
    rows = [{"step": step, "epoch": 1, "layer": name, "depth": depth, "grad_norm": norm}
            for step in range(0, 100, 10)
            for depth, name, norm in ((1, "dense_1", 1e-4 if step >= 50 else 1.0), (2, "output", 0.1))]
    grads = pd.DataFrame(rows)
    found = diagnose(history([0.5, 0.3], [0.4, 0.3]), gradient_history=grads)
    assert codes(found) == ["vanishing_gradients"]
    assert found[0].params["ratio"] == pytest.approx(1e-3)  # only the last half of training counts


def test_every_finding_reads_in_every_language():
    grads = pd.DataFrame({"step": [0, 0], "epoch": [1, 1], "layer": ["dense_1", "output"], "depth": [1, 2],
                          "grad_norm": [1e-5, 1.0]})
    dead = pd.DataFrame({"layer": ["dense_1"], "depth": [1], "units": [10], "dead": [9], "share": [0.9]})
    cases = [diagnose(history([2.3, math.nan], [2.3, math.nan])),
             diagnose(history([40.0, 2.3], [2.3, 2.3])),
             diagnose(history([1.0, 0.6, 0.9, 0.5, 0.8], [1.0, 0.6, 0.9, 0.5, 0.8])),
             diagnose(history([2.39, 2.38], [2.3, 2.3], accuracy=[0.1, 0.1]), gradient_history=grads,
                      dead_shares=dead),
             diagnose(history([2.39, 2.38], [2.3, 2.3], accuracy=[0.1, 0.1])),
             diagnose(history([0.6, 0.25, 0.12, 0.05, 0.02], [0.30, 0.20, 0.15, 0.19, 0.21])),
             diagnose(history([0.6, 0.25, 0.12, 0.05, 0.02], [0.30, 0.20, 0.15, 0.155, 0.16])),
             diagnose(history([1.2, 0.9, 0.85, 0.84], [1, 1, 1, 1], accuracy=[0.6, 0.7, 0.7, 0.7],
                              val_accuracy=[0.7] * 4))]
    found = [d for case in cases for d in case]
    assert {d.code for d in found} == {"lr_too_high", "lr_too_low", "vanishing_gradients", "dead_relus",
                                       "overfitting", "val_loss_turned", "underfitting"}
    for d in found:
        for key in (d.title, d.key, d.suggestion):
            for lang in LANGS:
                text = t(key, lang, **d.params)
                assert text != key and "{" not in text, (key, lang)


def test_chance_loss_is_what_keras_gives_a_uniform_guess():
    import keras

    labels = np.arange(10) % 10
    uniform = np.full((10, 10), 0.1, dtype="float32")
    keras_loss = float(keras.losses.SparseCategoricalCrossentropy()(labels, uniform))
    assert diagnostics.CHANCE_LOSS["sparse_categorical_crossentropy"] == pytest.approx(keras_loss, rel=1e-5)
