"""The model builder: parameter counts by hand, seeds, every registry entry, the summary, the exported script."""

import os
import re
import subprocess
import sys
from itertools import cycle
from pathlib import Path

import keras
import numpy as np
import pytest
import tensorflow as tf

from dnn_core.engine import config as cfg
from dnn_core.engine import model as model_module
from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.data import load_dataset
from dnn_core.engine.model import build_model, count_parameters, keras_code, make_optimizer, summary_table
from dnn_core.engine.presets import preset_config

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ExperimentConfig(dataset="mnist_sample")
COURSE = preset_config("course", base=SAMPLE)


@pytest.fixture(scope="module")
def course_model():
    return build_model(COURSE)


@pytest.fixture(scope="module")
def batch():
    sample = load_dataset("mnist_sample")
    return sample.x_train[:32], sample.y_train[:32].astype(np.int32)


# ---- Parameter counts ------------------------------------------------------------------------------------------

def test_course_model_has_101770_parameters(course_model):
    by_hand = (784 * 128 + 128) + (128 * 10 + 10)  # Dense(128) weights + biases, Dense(10) weights + biases
    assert course_model.count_params() == by_hand
    assert count_parameters(COURSE) == by_hand


@pytest.mark.parametrize("layers, batch_norm, by_hand", [
    ((256, 128), False, (784 * 256 + 256) + (256 * 128 + 128) + (128 * 10 + 10)),
    # batch norm: Dense without bias, then gamma, beta, moving mean, moving variance per unit
    ((256, 128), True, (784 * 256 + 4 * 256) + (256 * 128 + 4 * 128) + (128 * 10 + 10)),
    ((64, 64, 64), True, (784 * 64 + 4 * 64) + 2 * (64 * 64 + 4 * 64) + (64 * 10 + 10)),
    ((3,), False, (784 * 3 + 3) + (3 * 10 + 10)),
])
def test_count_parameters_agrees_with_keras_and_by_hand(layers, batch_norm, by_hand):
    config = SAMPLE.replace(layers=layers, batch_norm=batch_norm, dropout=0.1, l2=0.001)
    assert count_parameters(config) == by_hand
    assert build_model(config, compile=False).count_params() == by_hand


# ---- Seeds -----------------------------------------------------------------------------------------------------

def kernels(model):
    return [layer.get_weights()[0] for layer in model_module.dense_layers(model)]


def test_same_seed_same_initial_weights_other_seed_other_weights():
    config = SAMPLE.replace(layers=(32, 16), seed=5)
    first, again = kernels(build_model(config, compile=False)), kernels(build_model(config, compile=False))
    other = kernels(build_model(config.replace(seed=6), compile=False))
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    for a, c in zip(first, other):
        assert not np.array_equal(a, c)


# ---- Every registry entry builds and trains ----------------------------------------------------------------------

def test_registries_cover_the_config_vocabulary():
    assert set(model_module.INITIALIZERS) == set(cfg.INITIALIZERS)
    assert set(model_module.LOSSES) == set(cfg.LOSSES)


def _combinations():
    """Every activation, optimizer, initializer and loss at least once, in ten small models."""
    return [dict(activation=a, optimizer=o, initializer=i, loss=loss)
            for a, o, i, loss in zip(cfg.ACTIVATIONS, cfg.OPTIMIZER_NAMES, cycle(cfg.INITIALIZERS), cycle(cfg.LOSSES))]


def test_the_combinations_use_every_activation_and_optimizer():
    combinations = _combinations()
    assert {c["activation"] for c in combinations} == set(cfg.ACTIVATIONS)
    assert {c["optimizer"] for c in combinations} == set(cfg.OPTIMIZER_NAMES)


@pytest.mark.parametrize("settings", _combinations(), ids=lambda s: f"{s['activation']}-{s['optimizer']}")
def test_every_setting_builds_and_trains_one_step(settings, batch):
    config = SAMPLE.replace(layers=(16,), batch_norm=settings["optimizer"] in ("adam", "sgd"), **settings)
    model = build_model(config)
    before = kernels(model)
    x, y = batch
    # One eager step through the compiled loss and the optimizer (fit's traced step is covered by test_training)
    with tf.GradientTape() as tape:
        loss = model.compute_loss(x=x, y=y, y_pred=model(x, training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    model.optimizer.apply_gradients(zip(grads, model.trainable_variables))
    assert np.isfinite(float(loss)) and all(np.all(np.isfinite(g)) for g in grads)
    assert all(not np.array_equal(a, b) for a, b in zip(before, kernels(model)))


@pytest.mark.parametrize("name, kind, momentum, nesterov", [
    ("sgd", keras.optimizers.SGD, 0.0, False), ("momentum", keras.optimizers.SGD, 0.9, False),
    ("nesterov", keras.optimizers.SGD, 0.9, True), ("adagrad", keras.optimizers.Adagrad, None, None),
    ("rmsprop", keras.optimizers.RMSprop, 0.0, None), ("adamw", keras.optimizers.AdamW, None, None)])
def test_optimizer_names_become_the_right_keras_optimizer(name, kind, momentum, nesterov):
    optimizer = make_optimizer(SAMPLE.replace(optimizer=name, lr=0.05))
    assert type(optimizer) is kind
    assert float(optimizer.learning_rate) == pytest.approx(0.05)
    if momentum is not None:
        assert optimizer.momentum == momentum
    if nesterov is not None:
        assert optimizer.nesterov == nesterov


@pytest.mark.parametrize("name", cfg.OPTIMIZER_NAMES)
def test_keras_code_writes_the_optimizer_training_builds(name):
    config = SAMPLE.replace(optimizer=name, lr=0.03, momentum=0.5 if name in ("sgd", "rmsprop") else 0.0)
    line = next(line for line in keras_code(config).splitlines() if line.startswith("model.compile("))
    written = eval(line.removeprefix("model.compile(optimizer=").split(", loss=")[0], {"keras": keras})
    built = make_optimizer(config)
    assert type(written) is type(built)
    ignore = {"name"}  # Keras numbers each optimizer's name
    assert {k: v for k, v in written.get_config().items() if k not in ignore} == \
        {k: v for k, v in built.get_config().items() if k not in ignore}


def test_one_hot_mse_matches_a_hand_computation():
    y_pred = np.array([[0.7, 0.2, 0.1] + [0.0] * 7, [0.1] * 10], dtype="float32")
    expected = [((1 - 0.7) ** 2 + 0.2 ** 2 + 0.1 ** 2) / 10, (0.9 ** 2 + 9 * 0.1 ** 2) / 10]  # labels 0 and 3
    got = keras.ops.convert_to_numpy(model_module.one_hot_mse(np.array([0, 3]), y_pred))
    np.testing.assert_allclose(got, expected, rtol=1e-5)


# ---- The summary table -----------------------------------------------------------------------------------------

def test_summary_table_lists_each_layer_and_totals(course_model):
    table = summary_table(course_model)
    assert list(table.columns) == ["layer", "type", "output_shape", "parameters"]
    assert table["layer"].tolist() == ["scale", "flatten", "dense_1", "dropout_1", "output"]
    assert table["type"].tolist() == ["Rescaling", "Flatten", "Dense", "Dropout", "Dense"]
    assert table["parameters"].tolist() == [0, 0, 784 * 128 + 128, 0, 128 * 10 + 10]
    assert table["output_shape"].tolist()[:3] == ["28×28", "784", "128"]
    assert table["parameters"].sum() == 101_770


def test_summary_table_of_a_batch_norm_model_totals_trainable_and_not():
    config = SAMPLE.replace(layers=(32,), batch_norm=True, dropout=0.0)
    table = summary_table(build_model(config, compile=False))
    assert table["type"].tolist() == ["Rescaling", "Flatten", "Dense", "BatchNormalization", "Activation", "Dense"]
    assert table["parameters"].sum() == count_parameters(config) == (784 * 32 + 4 * 32) + (32 * 10 + 10)


# ---- The exported Keras script -----------------------------------------------------------------------------------

@pytest.mark.parametrize("changes", [dict(), dict(batch_norm=True, l1=0.001, l2=0.01, initializer="he_normal"),
                                     dict(loss="mse", optimizer="nesterov", dropout=0.0, layers=(64, 32)),
                                     dict(dataset="fashion_mnist", optimizer="rmsprop", momentum=0.5)])
def test_keras_code_is_valid_python_with_the_settings(changes):
    config = COURSE.replace(**changes)
    code = keras_code(config)
    compile(code, "experiment.py", "exec")
    assert f"batch_size={config.batch_size}, epochs={config.epochs}" in code
    assert code.count("keras.layers.Dense(") == len(config.layers) + 1
    assert ("BatchNormalization" in code) == config.batch_norm


@pytest.mark.parametrize("preset, steps", [("course", 32), ("stochastic", 1), ("small_cnn", 1)])
def test_keras_code_runs_as_many_batches_per_step_as_the_app_and_says_so(preset, steps):
    """The script's compile runs the batches per step the app's training runs (dnn_core.engine.steps), with a comment on
    what that does; a step of one batch is Keras' default and is not written."""
    from dnn_core.engine.steps import batches_per_step

    config = preset_config(preset, ExperimentConfig(dataset="fashion_mnist"))
    assert batches_per_step(config) == steps
    lines = keras_code(config).splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("model.compile("))
    if steps == 1:
        assert "steps_per_execution" not in "\n".join(lines)
        return
    assert lines[at].endswith(f', metrics=["accuracy"], steps_per_execution={steps})')
    assert lines[at - 2].startswith(f"# steps_per_execution={steps}: Keras runs {steps} batches per call")


def test_keras_code_runs_and_matches_the_model():
    config = COURSE.replace(epochs=1, train_size=2000)
    assert "steps_per_execution=2)" in keras_code(config)  # 57 batches: a probe every 2, a step of 2 batches
    env = {**os.environ, "DNN_OFFLINE": "1", "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "2"}
    run = subprocess.run([sys.executable, "-c", keras_code(config)], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    parameters = re.search(r"^Parameters: (\d+)$", run.stdout, re.M)
    accuracy = re.search(r"^Test accuracy: ([0-9.]+)$", run.stdout, re.M)
    assert parameters and int(parameters.group(1)) == build_model(config).count_params() == 101_770
    assert accuracy and 0.0 <= float(accuracy.group(1)) <= 1.0


def test_keras_code_of_a_cnn_reaches_the_apps_test_accuracy():
    """The exported script is the same experiment: run as plain Keras, its CNN reads the held-out digits as well
    as the app's training of the same config does (within 1 point; the two differ in batch order only)."""
    from dnn_core.engine.training import train

    config = ExperimentConfig(dataset="mnist_sample", layers="conv16,pool,32", dropout=0.0, epochs=10, seed=1)
    env = {**os.environ, "DNN_OFFLINE": "1", "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "2"}
    run = subprocess.run([sys.executable, "-c", keras_code(config)], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    script_accuracy = float(re.search(r"^Test accuracy: ([0-9.]+)$", run.stdout, re.M).group(1))
    app = train(config, record_gradients=False)
    assert app.test_accuracy > 0.9  # a CNN that learned: the comparison below is between two good models
    assert abs(script_accuracy - app.test_accuracy) <= 0.01
