"""What the Learn page says beside the course notes, each number against an independent computation: Keras' own
optimizers, losses and regularizers, the app's real training split, the exported Keras script."""

import math
import types

import keras
import numpy as np
import pytest
import tensorflow as tf

from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.data import training_split
from dnn_core.engine.model import build_model, keras_code, steps_per_epoch
from dnn_core.engine.presets import preset_config
from dnn_core.engine.training import make_batches
from dnn_core.lessons import (
    learn_activations,
    learn_lagrange,
    learn_losses,
    learn_optimizers,
    learn_regularization,
    learn_steps,
)

# ------------------------------------------------------------------ updates per epoch, from the real split


@pytest.mark.parametrize("images, batch_size", [(60_000, 32), (4_000, 32), (6_000, 64), (1_000, 1)])
def test_updates_per_epoch_follow_the_split_the_app_trains_on(images, batch_size):
    data = types.SimpleNamespace(x_train=np.zeros(images, np.uint8), y_train=np.zeros(images, np.uint8))
    split = training_split(data, ExperimentConfig(dataset="mnist_sample", batch_size=batch_size))
    count = learn_steps.updates_per_epoch(images, batch_size)
    assert (count.trained, count.validation) == (len(split.x_train), len(split.x_val))
    assert count.updates == math.ceil(len(split.x_train) / batch_size)


def test_the_course_epoch_the_learn_page_counts_is_the_batches_the_app_trains_on():
    """The Learn page's epoch of the course model (``updates_per_epoch()``, shown as ⌈54,000 / 32⌉ = 1,688, not the
    notes' 60,000 / 32 = 1,875) is what the app's own split and batches make of MNIST's 60,000 training images."""
    config = preset_config("course")
    mnist = types.SimpleNamespace(x_train=np.zeros((60_000, 1), np.uint8), y_train=np.zeros(60_000, np.uint8))
    split = training_split(mnist, config)
    sizes = [len(labels) for _, labels in make_batches(split.x_train, split.y_train, config.batch_size, config.seed)]
    count = learn_steps.updates_per_epoch()
    assert (count.images, count.validation, count.trained) == (60_000, len(split.x_val), len(split.x_train))
    assert (count.batch_size, count.updates) == (config.batch_size, len(sizes)) and sum(sizes) == count.trained
    assert steps_per_epoch(config) == count.updates  # the steps a learning-rate schedule counts, too
    assert count.updates == math.ceil((60_000 - 6_000) / 32) != math.ceil(60_000 / 32)  # by hand: 1,688, not 1,875


def test_keras_fit_makes_that_many_updates_on_the_split():
    x = np.zeros((1_000, 4), np.float32)
    data = types.SimpleNamespace(x_train=x, y_train=np.zeros(1_000, np.int32))
    split = training_split(data, ExperimentConfig(dataset="mnist_sample"))
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    model.fit(split.x_train, split.y_train, batch_size=32, epochs=1, verbose=0)
    assert int(model.optimizer.iterations.numpy()) == learn_steps.updates_per_epoch(1_000, 32).updates == 29


# ------------------------------------------------------------------ the five steps come from the exported script

def test_five_steps_quote_the_script_build_and_train_exports():
    config = preset_config("course")
    script = keras_code(config)
    steps = learn_steps.five_steps(config)
    assert [s.key for s in steps] == ["model", "layers", "compile", "fit", "predict"]
    assert [s.page for s in steps] == ["learn", "train", "train", "train", "draw"]
    for step in steps[1:4]:
        assert step.code.splitlines()[0] in script
    assert 'keras.layers.Dense(128, activation="relu")' == steps[1].code
    assert "optimizer=keras.optimizers.Adam(learning_rate=0.001)" in steps[2].code
    assert 'loss="sparse_categorical_crossentropy"' in steps[2].code and 'metrics=["accuracy"]' in steps[2].code
    assert steps[3].code.startswith("history = model.fit(") and 'history.history["loss"]' in steps[3].code


# ------------------------------------------------------------------ Adagrad sums, RMSprop and Adadelta average

def keras_memory(optimizer, gradients) -> tuple[list[float], list[float]]:
    """A real Keras optimizer fed ``gradients`` for one weight: its first slot variable and the weight change
    after each step."""
    weight = keras.Variable(np.float32(0.0))  # near 0, float32 still resolves steps of 1e-6
    optimizer.build([weight])
    slot = next(v for v in optimizer.variables if v.name not in ("iteration", "learning_rate"))
    memory, changes = [], []
    for g in gradients:
        before = float(weight.numpy())
        optimizer.apply_gradients([(tf.constant(np.float32(g)), weight)])
        memory.append(float(slot.numpy()))
        changes.append(float(weight.numpy()) - before)
    return memory, changes


@pytest.mark.parametrize("name, optimizer", [
    ("adagrad", lambda: keras.optimizers.Adagrad(learning_rate=learn_optimizers.LEARNING_RATE)),
    ("rmsprop", lambda: keras.optimizers.RMSprop(learning_rate=learn_optimizers.LEARNING_RATE)),
    ("adadelta", lambda: keras.optimizers.Adadelta(learning_rate=learn_optimizers.LEARNING_RATE)),
])
def test_each_optimizers_memory_and_steps_match_keras(name, optimizer):
    gradients = learn_optimizers.demo_gradients()
    memory, change = learn_optimizers.ADAPTIVE[name](gradients)
    keras_mem, keras_change = keras_memory(optimizer(), gradients)
    np.testing.assert_allclose(memory, keras_mem, rtol=1e-5)
    np.testing.assert_allclose(change, keras_change, rtol=1e-4)


def test_adagrad_remembers_every_gradient_and_rmsprop_forgets():
    gradients = learn_optimizers.demo_gradients()
    adagrad, _ = learn_optimizers.adagrad(gradients)
    rmsprop, _ = learn_optimizers.rmsprop(gradients)
    assert adagrad[-1] == pytest.approx(0.1 + np.sum(gradients ** 2))  # the whole past, not a recent window
    assert np.all(np.diff(adagrad) > 0)
    steep = learn_optimizers.STEEP_STEPS - 1
    assert rmsprop[-1] - learn_optimizers.GENTLE ** 2 < 0.01 * rmsprop[steep]  # the steep start is forgotten
    assert adagrad[-1] > adagrad[steep]  # ... but stays in Adagrad's sum


def test_steep_share_splits_each_memory_by_where_its_gradients_came_from():
    """Adagrad's sum at step 60 is 0.1 + 10·9 + 50·0.09; a decaying average's steep part is 9(1 − ρ¹⁰)·ρ⁵⁰."""
    shares = learn_optimizers.steep_share()
    assert shares["adagrad"] == pytest.approx(90 / (0.1 + 90 + 4.5))
    for name, rho in (("rmsprop", 0.9), ("adadelta", 0.95)):
        steep = 9 * (1 - rho ** 10) * rho ** 50
        assert shares[name] == pytest.approx(steep / (steep + 0.09 * (1 - rho ** 50)))


def test_adagrad_steps_rare_features_larger():
    steps = learn_optimizers.sparse_feature_steps(40, 10)
    assert steps["frequent"] == pytest.approx(0.01 / math.sqrt(0.1 + 40), rel=1e-6)
    assert steps["rare"] == pytest.approx(0.01 / math.sqrt(0.1 + 4), rel=1e-6)


# ------------------------------------------------------------------ the averaged cross-entropy

def test_averaged_cross_entropy_is_what_keras_reports_for_the_batch():
    days = learn_losses.stock_days([70, 20, 10], "down")
    forecasts = days[list(learn_losses.STOCK_OUTCOMES)].to_numpy()
    targets = np.array([learn_losses.one_hot(a) for a in days["actual"]])
    per_day = keras.losses.CategoricalCrossentropy(reduction=None)(targets, forecasts).numpy()
    np.testing.assert_allclose(days["loss"], per_day, rtol=1e-5)
    mean = keras.losses.CategoricalCrossentropy()(targets, forecasts).numpy()
    assert learn_losses.averaged_cross_entropy(targets, forecasts) == pytest.approx(mean, rel=1e-5)
    assert days["loss"].iloc[-1] == pytest.approx(-math.log(0.2))  # today: 20 % on what happened


# ------------------------------------------------------------------ L1 / L2 in Keras' convention

@pytest.mark.parametrize("lam", [0.01, 0.1, 0.5])
def test_ridge_path_minimises_mse_plus_keras_l2(lam):
    X, y = learn_regularization.regularization_data()
    beta = tf.Variable(learn_regularization.ridge_coefficients(X, y, lam))
    with tf.GradientTape() as tape:
        mse = keras.losses.MeanSquaredError(dtype="float64")(y, tf.linalg.matvec(X, beta))
        objective = mse + keras.regularizers.L2(lam)(beta)
    np.testing.assert_allclose(tape.gradient(objective, beta), 0, atol=1e-6)


@pytest.mark.parametrize("lam", [0.05, 0.2, 1.0])
def test_lasso_path_minimises_mse_plus_keras_l1(lam):
    X, y = learn_regularization.regularization_data()
    beta = learn_regularization.lasso_coefficients(X, y, lam)
    weights = tf.Variable(beta)
    with tf.GradientTape() as tape:
        mse = keras.losses.MeanSquaredError(dtype="float64")(y, tf.linalg.matvec(X, weights))
    slope = tape.gradient(mse, weights).numpy()
    active = beta != 0
    assert keras.regularizers.L1(lam)(weights).numpy() == pytest.approx(lam * np.abs(beta).sum())
    np.testing.assert_allclose(slope[active] + lam * np.sign(beta[active]), 0, atol=1e-6)  # stationary
    assert np.all(np.abs(slope[~active]) <= lam + 1e-9)  # zero is the best a weight outside can do


@pytest.mark.parametrize("l1, l2", [(0.0, 0.01), (0.001, 0.0), (0.001, 0.01)])
def test_the_apps_model_adds_lambda_times_the_sum_of_squares_of_its_hidden_kernels(l1, l2):
    """What the Regularization tab says Build & Train trains with: the loss plus λ·Σw² (L2) and λ·Σ|w| (L1), with no
    ½, over the hidden layers' kernels (conv and dense; not the biases, not the output layer), from the weights."""
    config = ExperimentConfig(dataset="mnist_sample", layers=("conv4", "pool", 16, 8), dropout=0.0, l1=l1, l2=l2)
    model = build_model(config)
    weighted = [layer for layer in model.layers if isinstance(layer, (keras.layers.Dense, keras.layers.Conv2D))]
    for layer in weighted:
        layer.bias.assign(np.full(layer.bias.shape, 0.5))  # biases start at 0: away from it, a penalty on them shows
    kernels = [layer.kernel.numpy() for layer in weighted[:-1]]  # the last is the output layer
    assert len(kernels) == 3
    penalty = sum(l1 * np.abs(w).sum() + l2 * np.square(w).sum() for w in kernels)
    x = np.random.default_rng(0).integers(0, 256, (8, 28, 28)).astype(np.float32)
    y = np.arange(8, dtype=np.int32)
    p = model(x, training=False).numpy()
    cross_entropy = -np.mean(np.log(p[np.arange(8), y]))
    loss = float(model.compute_loss(x=x, y=y, y_pred=model(x, training=False)))
    assert loss == pytest.approx(cross_entropy + penalty, rel=1e-5)
    assert penalty > 0.01 * cross_entropy  # large enough that leaving it out, or halving it, shows


# ------------------------------------------------------------------ Lagrange: both signs

def test_lagrange_table_gives_the_notes_sign_too():
    table = learn_lagrange.lagrange_table(32.0).set_index("kind")
    assert table.loc["max", "lam_exact"] == pytest.approx(-1 / 8)  # L = f + λg, as the app writes it
    assert table.loc["max", "lam_minus"] == pytest.approx(1 / 8)  # L = f − λg: the sign the notes print
    x, y, lam = table.loc["max", ["x", "y", "lam_minus"]]
    np.testing.assert_allclose(np.array([1.0, 1.0]) - lam * np.array([2 * x, 2 * y]), 0, atol=1e-9)  # ∇(f − λg) = 0


# ------------------------------------------------------------------ tanh vanishes too

def test_tanh_derivative_falls_below_one_away_from_zero():
    x = np.array([0.0, 1.0, 2.0, 3.0])
    _, slope = learn_activations.activation_and_derivative("tanh", x)
    np.testing.assert_allclose(slope, 1 - np.tanh(x) ** 2, atol=1e-12)
    assert slope[0] == pytest.approx(1.0) and np.all(slope[1:] < 1) and np.all(np.diff(slope) < 0)


def test_adadelta_starts_with_tiny_steps_that_grow():
    # the Optimizers tab says so: its steps are scaled by the RMS of its own past steps, which start at √ε
    gradients = learn_optimizers.demo_gradients()
    _, change = learn_optimizers.adadelta(gradients)
    per_unit = np.abs(change) / gradients
    assert per_unit[0] == pytest.approx(learn_optimizers.LEARNING_RATE * math.sqrt(1e-7) / math.sqrt(0.05 * 9 + 1e-7))
    assert np.all(np.diff(per_unit[learn_optimizers.STEEP_STEPS:]) > 0)
