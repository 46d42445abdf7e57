"""What a trained model does on the test set, and what is inside it: metrics, confusion, mistakes, weights.

Works on any Keras model built by ``dnn_core.engine.model`` (this session's or a saved run's, compiled or not): the
test loss is computed here from the predicted probabilities, so an uncompiled model loaded from a file works.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd

from dnn_core.engine.data import Dataset, load_dataset
from dnn_core.engine.diagnostics import diagnose
from dnn_core.engine.feature_maps import first_conv_filters
from dnn_core.engine.layers import IMAGE_SIDE, NUM_CLASSES

if TYPE_CHECKING:  # for the annotations only: the models come built, and TensorFlow stays off this import
    import keras

    from dnn_core.engine.training import TrainingResult

EVAL_BATCH = 1024
PROB_FLOOR = 1e-7  # Keras clips probabilities to [1e-7, 1 - 1e-7] in cross-entropy; the same here
MAX_FIRST_LAYER_UNITS = 64  # the first-layer picture shows at most this many units (8 × 8 tiles)
HISTOGRAM_BINS = 40
WEIGHT_COLUMNS = ["layer", "depth", "param", "stage", "left", "right", "count"]
DEAD_COLUMNS = ["layer", "depth", "kind", "units", "dead", "share"]
# The dead-ReLU walk keeps every layer's output of a batch: 256 images of a 256-filter convolution are 177 MB
LAYER_BATCH = 256


@dataclass(frozen=True, eq=False)
class Evaluation:
    """The model's class probabilities on the test images and the metrics that follow from them."""

    probs: np.ndarray  # N × 10 softmax outputs
    predictions: np.ndarray  # N predicted classes (argmax of probs)
    test_loss: float  # the data loss on the test set (without L1/L2 penalties)
    test_accuracy: float


def predict_probs(model: keras.Model, x: np.ndarray, batch_size: int = EVAL_BATCH) -> np.ndarray:
    """Softmax outputs for raw 0..255 images, in inference mode (dropout off, batch norm's moving averages)."""
    parts = [np.asarray(model(x[i:i + batch_size].astype("float32"), training=False))
             for i in range(0, len(x), batch_size)]
    return np.concatenate(parts).astype("float64")


def data_loss(probs: np.ndarray, y_true: np.ndarray, loss: str = "sparse_categorical_crossentropy") -> float:
    """The mean loss of probabilities against labels: cross-entropy, or MSE against one-hot targets."""
    y_true = np.asarray(y_true, dtype=int)
    if loss == "mse":
        return float(np.mean((np.eye(probs.shape[1])[y_true] - probs) ** 2))
    picked = np.clip(probs[np.arange(len(y_true)), y_true], PROB_FLOOR, 1 - PROB_FLOOR)
    return float(-np.mean(np.log(picked)))


def evaluate(model: keras.Model, x_test: np.ndarray, y_test: np.ndarray,
             loss: str = "sparse_categorical_crossentropy") -> Evaluation:
    """Probabilities, predictions, loss and accuracy of ``model`` on the test images."""
    probs = predict_probs(model, x_test)
    predictions = probs.argmax(axis=1)
    accuracy = float(np.mean(predictions == np.asarray(y_test)))
    return Evaluation(probs, predictions, data_loss(probs, y_test, loss), accuracy)


def confusion_matrix(y_true: npt.ArrayLike, y_pred: npt.ArrayLike, n: int = NUM_CLASSES) -> np.ndarray:
    """n × n counts: row = true class, column = predicted class (each row sums to that class's count)."""
    y_true, y_pred = np.asarray(y_true, dtype=int), np.asarray(y_pred, dtype=int)
    return np.bincount(n * y_true + y_pred, minlength=n * n).reshape(n, n)


def most_confused(matrix: np.ndarray) -> tuple[int, int]:
    """The (true, predicted) pair of different classes with the most test images."""
    off_diagonal = matrix - np.diag(np.diag(matrix))
    true, predicted = divmod(int(off_diagonal.argmax()), len(matrix))
    return true, predicted


def row_normalised(matrix: np.ndarray) -> np.ndarray:
    """Each row divided by its sum: the share of a true class predicted as each class (empty rows stay 0)."""
    totals = matrix.sum(axis=1, keepdims=True)
    return np.divide(matrix, totals, out=np.zeros(matrix.shape, dtype=float), where=totals > 0)


def per_class_metrics(matrix: np.ndarray) -> pd.DataFrame:
    """Per class: precision, recall (= that class's accuracy) and support; NaN where a class has no cases."""
    correct = np.diag(matrix).astype(float)
    support, predicted = matrix.sum(axis=1), matrix.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.where(predicted > 0, correct / predicted, np.nan)
        recall = np.where(support > 0, correct / support, np.nan)
    return pd.DataFrame({"class": np.arange(len(matrix)), "precision": precision, "recall": recall,
                         "support": support})


def confident_mistakes(probs: np.ndarray, y_true: npt.ArrayLike, k: int = 12) -> pd.DataFrame:
    """The k wrong predictions the model was surest of, most confident first: index, true, predicted, confidence."""
    y_true = np.asarray(y_true, dtype=int)
    predicted = probs.argmax(axis=1)
    wrong = np.flatnonzero(predicted != y_true)
    confidence = probs[wrong, predicted[wrong]]
    order = np.argsort(-confidence, kind="stable")[:k]  # stable: ties keep test-set order
    chosen = wrong[order]
    return pd.DataFrame({"index": chosen, "true": y_true[chosen], "predicted": predicted[chosen],
                         "confidence": confidence[order]})


def _is_relu(layer: keras.layers.Layer) -> bool:
    """A Dense or Conv2D layer with activation relu, or an Activation('relu') layer (the batch-norm layout)."""
    if layer.__class__.__name__ not in ("Dense", "Conv2D", "Activation"):
        return False
    return getattr(layer.activation, "__name__", "") == "relu"


def _layer_outputs(model: keras.Model, x: np.ndarray, wanted: list[keras.layers.Layer],
                   batch_size: int = LAYER_BATCH) -> Iterator[list[np.ndarray]]:
    """Yield, per batch, the inference-mode outputs of the ``wanted`` layers of a Sequential model."""
    for i in range(0, len(x), batch_size):
        out, found = x[i:i + batch_size].astype("float32"), []
        for layer in model.layers:
            out = layer(out, training=False)
            if layer in wanted:
                found.append(np.asarray(out))
        yield found


def dead_relu_share(model: keras.Model, x: np.ndarray) -> pd.DataFrame:
    """Per ReLU layer, the share of its units (a Dense layer) or filters (a convolution: one channel of its
    feature maps) whose output is ≤ 0 for every image of ``x`` and, for a filter, at every position: they never
    fire. ``kind`` is 'conv' for a layer with feature maps, else 'dense'."""
    relus = [layer for layer in model.layers if _is_relu(layer)]
    fired: list[np.ndarray | None] = [None] * len(relus)
    kinds: list[str | None] = [None] * len(relus)
    for outputs in _layer_outputs(model, x, relus):
        for j, out in enumerate(outputs):
            # over images and positions: one per channel
            now = np.asarray((out > 0).any(axis=tuple(range(out.ndim - 1))))
            before = fired[j]
            fired[j] = now if before is None else before | now
            kinds[j] = "conv" if out.ndim == 4 else "dense"
    rows = [{"layer": layer.name, "depth": depth, "kind": kind, "units": int(f.size), "dead": int((~f).sum()),
             "share": float((~f).mean())}
            for depth, (layer, f, kind) in enumerate(zip(relus, fired, kinds), start=1) if f is not None]
    return pd.DataFrame(rows, columns=DEAD_COLUMNS)


def _histogram_rows(name: str, depth: int, param: str, final: np.ndarray, initial: np.ndarray | None) -> list:
    """Counts of final (and initial) values on shared bins, so the two overlay on one axis."""
    both = final if initial is None else np.concatenate([final.ravel(), initial.ravel()])
    edges = np.histogram_bin_edges(both, bins=HISTOGRAM_BINS)
    rows = []
    for stage, values in (("initial", initial), ("final", final)):
        if values is None:
            continue
        counts, _ = np.histogram(values, bins=edges)
        rows += [{"layer": name, "depth": depth, "param": param, "stage": stage, "left": lo, "right": hi,
                  "count": int(c)} for lo, hi, c in zip(edges[:-1], edges[1:], counts)]
    return rows


def _initial_bias(layer: keras.layers.Layer) -> np.ndarray | None:
    """Biases start at zero with Keras' default initializer; otherwise the start is unknown."""
    initializer = layer.bias_initializer.__class__.__name__
    return np.zeros(layer.bias.shape) if initializer == "Zeros" else None


def weight_summary(model: keras.Model, initial_weights: dict[str, np.ndarray] | None = None) -> pd.DataFrame:
    """Histograms of every Conv2D and Dense layer's kernel and bias, final and (when known) initial:
    WEIGHT_COLUMNS."""
    from dnn_core.engine.model import weight_layers  # the model builders import Keras: only when this runs

    initial_weights = initial_weights or {}
    rows = []
    for depth, layer in enumerate(weight_layers(model), start=1):
        rows += _histogram_rows(layer.name, depth, "kernel", np.asarray(layer.kernel),
                                initial_weights.get(layer.name))
        if layer.use_bias:
            start = _initial_bias(layer) if layer.name in initial_weights else None
            rows += _histogram_rows(layer.name, depth, "bias", np.asarray(layer.bias), start)
    return pd.DataFrame(rows, columns=WEIGHT_COLUMNS)


def first_layer_images(model: keras.Model, limit: int = MAX_FIRST_LAYER_UNITS) -> np.ndarray:
    """The first Dense layer's incoming weights of up to ``limit`` units, as units × 28 × 28 images; none (0 × 28
    × 28) when that layer reads convolution features rather than the 784 pixels."""
    from dnn_core.engine.model import dense_layers  # the model builders import Keras: only when this runs

    kernel = np.asarray(dense_layers(model)[0].kernel)  # 784 × units for a dense model
    if kernel.shape[0] != IMAGE_SIDE * IMAGE_SIDE:
        return np.zeros((0, IMAGE_SIDE, IMAGE_SIDE))
    return kernel[:, :limit].T.reshape(-1, IMAGE_SIDE, IMAGE_SIDE)


@dataclass(frozen=True, eq=False)
class Inspection:
    """Everything the Inspect page shows about one trained model, computed once where the model was trained (or on
    a worker for a saved run): plain data that crosses to the server, without the images themselves."""

    dataset: str  # the data set whose test images were used (the one really loaded: a fallback says so)
    evaluation: Evaluation
    matrix: np.ndarray  # confusion counts, rows = true class
    per_class: pd.DataFrame  # per_class_metrics
    mistakes: pd.DataFrame  # confident_mistakes
    dead: pd.DataFrame  # dead_relu_share on the test images
    weights: pd.DataFrame  # weight_summary
    first_layer: np.ndarray  # first_layer_images (none for a model that starts with a convolution)
    first_layer_units: int  # the first hidden layer's width (first_layer may show fewer)
    diagnoses: list  # diagnostics.Diagnosis, errors first
    filters_layer: str = ""  # the first Conv2D layer's name ('' for a dense model)
    filters: np.ndarray = field(default_factory=lambda: np.zeros((0, 3, 3)))  # its kernels, filters × 3 × 3

    @property
    def data(self) -> Dataset:
        """The data set evaluated on, from this process's copy (every process loads a data set once)."""
        return load_dataset(self.dataset)

    @property
    def convolutional(self) -> bool:
        """The model has convolution layers: Inspect shows filters and feature maps instead of 28 × 28 weights."""
        return len(self.filters) > 0


def inspect_result(result: TrainingResult | SimpleNamespace, data: Dataset | None = None,
                   mistakes: int = 12) -> Inspection:
    """Evaluate a TrainingResult's model on the test set, look inside it and diagnose its training (or a saved
    run's: its fields in a SimpleNamespace, on a worker)."""
    from dnn_core.engine.model import dense_layers  # the model builders import Keras: only when this runs

    data = data or load_dataset(result.config.dataset)
    model, x, y = result.model, data.x_test, data.y_test
    evaluation = evaluate(model, x, y, result.config.loss)
    matrix = confusion_matrix(y, evaluation.predictions)
    dead = dead_relu_share(model, x)
    filters_layer, filters = first_conv_filters(model)
    return Inspection(data.name, evaluation, matrix, per_class_metrics(matrix),
                      confident_mistakes(evaluation.probs, y, mistakes), dead,
                      weight_summary(model, result.initial_weights), first_layer_images(model),
                      int(dense_layers(model)[0].units),
                      diagnose(result.history, result.gradient_history, result.config, dead),
                      filters_layer, filters)
