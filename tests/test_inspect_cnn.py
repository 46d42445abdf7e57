"""Inspect on convolutional networks: filters, feature maps, gradient flow, dead filters and weights of a tiny CNN,
checked against the Keras kernels and against convolutions computed independently with SciPy."""

import keras
import numpy as np
import pytest
from scipy.signal import correlate2d

from dnn_core.engine import evaluate as ev
from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.data import load_dataset
from dnn_core.engine.diagnostics import dead_relus
from dnn_core.engine.feature_maps import feature_maps, first_conv_filters
from dnn_core.engine.model import build_model
from dnn_core.engine.training import train
from dnn_core.i18n import t
from tests.test_training import first_gradient_norms

TINY_CNN = ExperimentConfig(dataset="mnist_sample", train_size=300, layers=("conv8", "pool", 16), epochs=1)
# the Keras layer names build_model gives TINY_CNN's weight layers, written out by hand (input side first)
WEIGHT_LAYERS = ["conv_1", "dense_3", "output"]


@pytest.fixture(scope="module")
def data():
    return load_dataset("mnist_sample")


@pytest.fixture(scope="module")
def cnn(data):
    return train(TINY_CNN, data)


def conv_reference(images: np.ndarray, kernel: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """channels × H × W images through a 3 × 3 'valid' convolution (Keras's is a cross-correlation), summed over
    the input channels, plus the bias: filters × (H-2) × (W-2)."""
    return np.stack([sum(correlate2d(images[c], kernel[:, :, c, f], mode="valid") for c in range(len(images)))
                     + bias[f] for f in range(kernel.shape[3])])


def relu(x):
    return np.maximum(x, 0)


# ---- Filters and feature maps ----------------------------------------------------------------------------------

def test_the_filters_shown_are_the_first_conv_kernel(cnn):
    name, filters = first_conv_filters(cnn.model)
    kernel = cnn.model.get_layer("conv_1").kernel.numpy()  # 3 × 3 × 1 × 8
    assert name == "conv_1" and filters.shape == (8, 3, 3)
    for f in range(8):
        for i in range(3):
            for j in range(3):
                assert filters[f, i, j] == kernel[i, j, 0, f]


def test_feature_maps_match_an_independent_convolution(cnn, data):
    digit = data.x_test[7]
    conv = cnn.model.get_layer("conv_1")
    expected = relu(conv_reference(digit[None] / 255.0, conv.kernel.numpy(), conv.bias.numpy()))
    maps = feature_maps(cnn.model, digit)
    assert list(maps) == ["conv_1"]  # one convolution layer: its maps only
    assert maps["conv_1"].shape == (8, 26, 26)
    np.testing.assert_allclose(maps["conv_1"], expected, atol=1e-5)


def test_feature_maps_of_the_next_conv_layer_and_per_layer_activations(data):
    config = ExperimentConfig(dataset="mnist_sample", layers=("conv4", "conv6:tanh", "pool", "conv5", 8),
                              epochs=1)
    model = build_model(config, compile=False)
    digit = data.x_test[3]
    first, second = model.get_layer("conv_1"), model.get_layer("conv_2")
    ours = feature_maps(model, digit)
    assert list(ours) == ["conv_1", "conv_2"]  # the first two, not the third
    one = relu(conv_reference(digit[None] / 255.0, first.kernel.numpy(), first.bias.numpy()))
    two = np.tanh(conv_reference(one, second.kernel.numpy(), second.bias.numpy()))
    np.testing.assert_allclose(ours["conv_1"], one, atol=1e-5)
    np.testing.assert_allclose(ours["conv_2"], two, atol=1e-5)


def test_with_batch_norm_the_maps_are_taken_after_normalisation_and_activation(data):
    model = build_model(TINY_CNN.replace(batch_norm=True), compile=False)
    norm = model.get_layer("batch_norm_1")
    norm.set_weights([np.linspace(0.5, 2, 8), np.linspace(-1, 1, 8), np.linspace(-0.2, 0.2, 8), np.full(8, 0.3)])
    gamma, beta, mean, variance = (w.numpy() for w in norm.weights)
    digit = data.x_test[0]
    raw = conv_reference(digit[None] / 255.0, model.get_layer("conv_1").kernel.numpy(), np.zeros(8))
    shape = (-1, 1, 1)
    expected = relu(gamma.reshape(shape) * (raw - mean.reshape(shape)) / np.sqrt(variance.reshape(shape)
                                                                                + norm.epsilon) + beta.reshape(shape))
    np.testing.assert_allclose(feature_maps(model, digit)["conv_1"], expected, atol=1e-4)


def test_a_dense_model_has_no_filters_and_keeps_its_first_layer_images(data):
    dense = build_model(ExperimentConfig(layers=(32,)), compile=False)
    assert first_conv_filters(dense)[1].shape == (0, 3, 3)
    assert feature_maps(dense, data.x_test[0]) == {}
    assert ev.first_layer_images(dense).shape == (32, 28, 28)


def test_a_cnn_shows_filters_not_28_by_28_images_of_its_first_dense_layer(cnn):
    found = ev.inspect_result(cnn)
    assert found.convolutional and found.filters_layer == "conv_1"
    np.testing.assert_array_equal(found.filters, first_conv_filters(cnn.model)[1])
    assert len(found.first_layer) == 0  # dense_3 reads 13 × 13 × 8 features, not 784 pixels


# ---- Gradient flow, weights ------------------------------------------------------------------------------------

def test_gradient_history_has_rows_for_the_conv_layer_input_side_first(cnn):
    for _, rows in cnn.gradient_history.groupby("step"):
        assert rows["layer"].tolist() == WEIGHT_LAYERS and rows["depth"].tolist() == [1, 2, 3]
    conv = cnn.gradient_history.query("layer == 'conv_1'")["grad_norm"]
    assert len(conv) > 1 and (conv > 0).all() and np.isfinite(conv).all()


def test_first_gradient_norms_of_a_cnn_match_a_hand_computation(cnn, data):
    recorded = cnn.gradient_history.query("step == 0")["grad_norm"].tolist()
    np.testing.assert_allclose(recorded, first_gradient_norms(cnn.config, data, WEIGHT_LAYERS), rtol=1e-4)


def test_weight_histograms_include_the_conv_kernel(cnn):
    summary = ev.weight_summary(cnn.model, cnn.initial_weights)
    assert list(dict.fromkeys(summary["layer"])) == WEIGHT_LAYERS
    counts = summary.groupby(["layer", "param", "stage"])["count"].sum()
    assert counts["conv_1", "kernel", "initial"] == counts["conv_1", "kernel", "final"] == 3 * 3 * 1 * 8
    assert counts["conv_1", "bias", "final"] == 8
    fresh = build_model(cnn.config, compile=False)
    np.testing.assert_array_equal(cnn.initial_weights["conv_1"], fresh.get_layer("conv_1").kernel.numpy())


# ---- Dead ReLUs ------------------------------------------------------------------------------------------------

def test_a_filter_forced_dead_is_counted(cnn, data):
    model = keras.models.clone_model(cnn.model)
    model.set_weights(cnn.model.get_weights())
    conv = model.get_layer("conv_1")
    kernel, bias = conv.get_weights()
    bias[5] = -1e3  # no 3 × 3 patch of pixels in [0, 1] can lift filter 6 above 0
    conv.set_weights([kernel, bias])
    images = data.x_test[:60]
    table = ev.dead_relu_share(model, images)
    row = table.set_index("layer").loc["conv_1"]
    # the reference: a filter is dead when it is ≤ 0 at every position of every image
    outputs = np.stack([conv_reference(image[None] / 255.0, kernel, bias) for image in images])
    dead = int((~(outputs > 0).any(axis=(0, 2, 3))).sum())
    assert dead >= 1
    assert (row["kind"], row["units"], row["dead"]) == ("conv", 8, dead)
    assert row["share"] == pytest.approx(dead / 8)
    assert table["layer"].tolist() == ["conv_1", "dense_3"]  # the ReLU layers only, input side first


def test_dead_filters_are_reported_as_filters():
    import pandas as pd

    table = pd.DataFrame([{"layer": "conv_1", "depth": 1, "kind": "conv", "units": 8, "dead": 5, "share": 5 / 8}])
    found = dead_relus(table)
    assert found.key == "inspect.diag.dead_relus.finding_conv"
    assert "5 of 8 filters" in t(found.key, "en", **found.params)
    assert "8 個濾波器中有 5 個" in t(found.key, "zh-TW", **found.params)


def test_only_relu_layers_are_counted_with_per_layer_activations(data):
    model = build_model(ExperimentConfig(layers=("conv4:tanh", "pool", "32:tanh", 16)), compile=False)
    table = ev.dead_relu_share(model, data.x_test[:20])
    assert table["layer"].tolist() == ["dense_4"]  # 16 with the model's relu; the tanh layers can't die this way
    assert table["kind"].tolist() == ["dense"] and table["units"].tolist() == [16]


# ---- Saved runs ------------------------------------------------------------------------------------------------

def test_a_saved_cnn_run_loads_and_inspects(cnn):
    from dnn_core.runs import RunStore, load_run

    store = RunStore()  # tests/conftest.py points it at a temporary file
    run_id = store.start_run(cnn.config)
    store.finish_run(run_id, "finished", history=cnn.history, metrics=cnn.metrics(), model=cnn.model)
    loaded = load_run(run_id)
    found = ev.inspect_result(loaded)
    assert found.convolutional
    np.testing.assert_array_equal(found.filters, first_conv_filters(cnn.model)[1])
    assert found.evaluation.test_accuracy == pytest.approx(cnn.test_accuracy, abs=1e-6)
    assert loaded.gradient_history.empty and list(found.dead["layer"]) == ["conv_1", "dense_3"]


# ---- Figures ---------------------------------------------------------------------------------------------------

def test_the_filter_tiles_are_the_kernels_on_a_scale_centred_on_zero(cnn):
    from dnn_core.charts.inspect_cnn import FILTER_GAP, feature_maps_figure, filters_figure

    _, filters = first_conv_filters(cnn.model)
    heatmap = filters_figure(filters, "conv_1", "en").data[0]
    z = np.asarray(heatmap.z, dtype=float)
    step = 3 + FILTER_GAP
    for f in range(8):  # one row of eight 3 × 3 tiles, blank columns between them
        np.testing.assert_array_equal(z[:, step * f:step * f + 3], filters[f])
    assert np.isnan(z[:, 3]).all()
    assert heatmap.zmin == -heatmap.zmax == -np.abs(filters).max()
    signed = feature_maps_figure(np.array([[[-2.0, 1.0]], [[0.5, 0.0]]]), "conv_1", "en").data[0]
    assert (signed.zmin, signed.zmax) == (-2.0, 2.0)  # tanh outputs: red and blue around 0
    positive = feature_maps_figure(np.array([[[0.0, 3.0]]]), "conv_1", "en").data[0]
    assert (positive.zmin, positive.zmax) == (0.0, 3.0)


def test_a_deep_sigmoid_cnn_is_diagnosed_with_vanishing_gradients_at_its_conv_layer(data):
    from dnn_core.engine.diagnostics import diagnose, layer_gradient_means

    config = ExperimentConfig(dataset="mnist_sample", train_size=300, epochs=1, activation="sigmoid",
                              layers=("conv4", "conv4", "conv4", "pool", 32, 32, 32))
    result = train(config, data)
    found = {d.code: d for d in diagnose(result.history, result.gradient_history, result.config)}
    assert "vanishing_gradients" in found
    means = layer_gradient_means(result.gradient_history)
    first = result.gradient_history.query("depth == 1")["layer"].iloc[0]
    assert first == "conv_1" and found["vanishing_gradients"].params["first"] == pytest.approx(means.iloc[0])
