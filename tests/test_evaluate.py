"""Evaluation: hand-made confusion matrices and mistakes, a trained model against Keras' own evaluate(), and
dead ReLUs / weights on models whose weights are set by hand."""

import keras
import numpy as np
import pandas as pd
import pytest

from dnn_core.engine import evaluate as ev
from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.data import load_dataset
from dnn_core.engine.training import train

# Six hand-labelled predictions over three classes; the expected matrix is counted by hand.
Y_TRUE = np.array([0, 0, 1, 2, 2, 2])
Y_PRED = np.array([0, 1, 1, 2, 0, 2])
EXPECTED = np.array([[1, 1, 0],
                     [0, 1, 0],
                     [1, 0, 2]])


@pytest.fixture(scope="module")
def trained():
    return train(ExperimentConfig(dataset="mnist_sample", train_size=800, layers=(32, 16), epochs=2))


@pytest.fixture(scope="module")
def data():
    return load_dataset("mnist_sample")


def test_confusion_matrix_counts_rows_as_truth():
    matrix = ev.confusion_matrix(Y_TRUE, Y_PRED, n=3)
    np.testing.assert_array_equal(matrix, EXPECTED)
    np.testing.assert_array_equal(matrix.sum(axis=1), np.bincount(Y_TRUE))


def test_most_confused_ignores_the_diagonal():
    assert ev.most_confused(EXPECTED) == (0, 1)  # ties go to the first pair in reading order
    assert ev.most_confused(np.array([[9, 1, 0], [0, 9, 0], [4, 0, 9]])) == (2, 0)


def test_row_normalised_rows_sum_to_one_and_empty_rows_stay_zero():
    shares = ev.row_normalised(np.array([[1, 1, 0], [0, 0, 0], [1, 0, 2]]))
    np.testing.assert_allclose(shares, [[1 / 2, 1 / 2, 0], [0, 0, 0], [1 / 3, 0, 2 / 3]])


def test_per_class_metrics_by_hand():
    table = ev.per_class_metrics(EXPECTED)
    np.testing.assert_allclose(table["precision"], [1 / 2, 1 / 2, 1])  # column-wise: correct / predicted
    np.testing.assert_allclose(table["recall"], [1 / 2, 1, 2 / 3])  # row-wise: correct / true
    np.testing.assert_array_equal(table["support"], [2, 1, 3])


def test_per_class_metrics_are_nan_for_classes_never_seen():
    table = ev.per_class_metrics(np.array([[2, 0], [0, 0]]))
    assert np.isnan(table["recall"][1]) and np.isnan(table["precision"][1])


def test_confident_mistakes_most_confident_first():
    probs = np.array([[0.90, 0.05, 0.05],   # right
                      [0.20, 0.70, 0.10],   # wrong (true 0), 0.70 sure of 1
                      [0.05, 0.05, 0.90],   # wrong (true 1), 0.90 sure of 2
                      [0.10, 0.30, 0.60],   # right
                      [0.60, 0.30, 0.10]])  # wrong (true 2), 0.60 sure of 0
    table = ev.confident_mistakes(probs, [0, 0, 1, 2, 2], k=2)
    assert list(table.columns) == ["index", "true", "predicted", "confidence"]
    assert table["index"].tolist() == [2, 1]
    assert table["true"].tolist() == [1, 0] and table["predicted"].tolist() == [2, 1]
    np.testing.assert_allclose(table["confidence"], [0.90, 0.70])


def test_no_mistakes_gives_an_empty_table():
    assert ev.confident_mistakes(np.eye(3), [0, 1, 2]).empty


def test_evaluate_agrees_with_keras_evaluate(trained, data):
    result = ev.evaluate(trained.model, data.x_test, data.y_test)
    keras_loss, keras_accuracy = trained.model.evaluate(data.x_test, data.y_test.astype("int32"), verbose=0)
    assert result.test_accuracy == pytest.approx(keras_accuracy, abs=1e-6)
    assert result.test_loss == pytest.approx(keras_loss, rel=1e-4)
    assert result.probs.shape == (len(data.x_test), 10)
    np.testing.assert_allclose(result.probs.sum(axis=1), 1.0, atol=1e-5)
    np.testing.assert_array_equal(result.predictions, result.probs.argmax(axis=1))


def test_mse_test_loss_by_hand():
    probs = np.array([[0.5, 0.5], [1.0, 0.0]])
    # one-hot targets [1, 0] and [1, 0]: ((0.25 + 0.25) + 0) / 4 values
    assert ev.data_loss(probs, [0, 0], "mse") == pytest.approx(0.125)


def hand_made_model(batch_norm: bool) -> keras.Model:
    """784 → 4 ReLU units with zero weights and biases (or BN shifts) −1, 1, −1, 1: units 1 and 3 never fire."""
    shift = np.array([-1.0, 1.0, -1.0, 1.0], dtype="float32")
    stack = [keras.Input(shape=(28, 28)), keras.layers.Flatten()]
    if batch_norm:
        stack += [keras.layers.Dense(4, use_bias=False, kernel_initializer="zeros"),
                  keras.layers.BatchNormalization(beta_initializer=keras.initializers.Constant(shift)),
                  keras.layers.Activation("relu")]
    else:
        stack.append(keras.layers.Dense(4, activation="relu", kernel_initializer="zeros",
                                        bias_initializer=keras.initializers.Constant(shift)))
    return keras.Sequential(stack + [keras.layers.Dense(10, activation="softmax")])


@pytest.mark.parametrize("batch_norm", [False, True])
def test_dead_relu_share_counts_units_that_never_fire(batch_norm, data):
    table = ev.dead_relu_share(hand_made_model(batch_norm), data.x_test[:100])
    assert table[["units", "dead"]].values.tolist() == [[4, 2]]
    assert table["share"][0] == 0.5


def test_dead_relu_share_ignores_other_activations(data):
    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(),
                              keras.layers.Dense(8, activation="sigmoid"),
                              keras.layers.Dense(10, activation="softmax")])
    assert ev.dead_relu_share(model, data.x_test[:10]).empty


def test_weight_summary_counts_every_weight(trained):
    summary = ev.weight_summary(trained.model, trained.initial_weights)
    counts = summary.groupby(["layer", "param", "stage"])["count"].sum()
    assert counts["dense_1", "kernel", "initial"] == counts["dense_1", "kernel", "final"] == 784 * 32
    assert counts["output", "bias", "final"] == counts["output", "bias", "initial"] == 10
    # initial and final share their bins, so they can be drawn on one axis
    kernel = summary[(summary["layer"] == "dense_2") & (summary["param"] == "kernel")]
    initial, final = (kernel[kernel["stage"] == s][["left", "right"]].to_numpy() for s in ("initial", "final"))
    np.testing.assert_array_equal(initial, final)


def test_weight_summary_without_initial_weights_has_only_final(trained):
    assert set(ev.weight_summary(trained.model)["stage"]) == {"final"}


def test_first_layer_images_are_the_kernel_columns(trained):
    images = ev.first_layer_images(trained.model, limit=5)
    kernel = trained.model.get_layer("dense_1").kernel.numpy()
    assert images.shape == (5, 28, 28)
    np.testing.assert_array_equal(images[3].ravel(), kernel[:, 3])


def test_inspect_result_bundles_everything(trained, data):
    found = ev.inspect_result(trained)
    assert found.data.name == "mnist_sample"
    assert found.matrix.sum() == len(data.y_test)
    np.testing.assert_array_equal(found.matrix.sum(axis=1), np.bincount(data.y_test, minlength=10))
    assert found.evaluation.test_accuracy == pytest.approx(trained.test_accuracy, abs=1e-6)
    assert found.first_layer_units == 32 and len(found.first_layer) == 32
    assert isinstance(found.dead, pd.DataFrame) and list(found.dead["layer"]) == ["dense_1", "dense_2"]
    from dnn_core.engine.diagnostics import diagnose

    assert found.diagnoses == diagnose(trained.history, trained.gradient_history, trained.config, found.dead)


def test_first_layer_tiles_scale_each_unit_and_leave_gaps():
    from dnn_core.charts.inspect import tile_images

    images = np.stack([np.full((28, 28), 2.0), np.full((28, 28), -0.5), np.zeros((28, 28))])
    tiled, owner = tile_images(images, columns=2, gap=2)
    assert tiled.shape == (28 * 2 + 2, 28 * 2 + 2)
    assert tiled[0, 0] == 1.0 and tiled[0, 30] == -1.0 and tiled[30, 0] == 0.0  # each unit by its own max |w|
    assert np.isnan(tiled[0, 28]) and owner[0, 28] == 0  # the gap between tiles
    assert owner[0, 30] == 2 and owner[30, 0] == 3 and np.isnan(tiled[30, 30])  # no fourth unit
