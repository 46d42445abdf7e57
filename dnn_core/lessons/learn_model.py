"""Learn, the course model from its input to its answer: what depth costs, the 784 numbers Flatten makes of a digit,
the probabilities softmax makes of ten scores, and the loss and accuracy evaluate() returns.

NumPy does the arithmetic; tests/test_learn_model.py holds it against Keras's own Flatten, softmax and evaluate.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd

from dnn_core.engine.evaluate import data_loss
from dnn_core.engine.layers import IMAGE_SIDE, NUM_CLASSES

if TYPE_CHECKING:  # for the annotations only: the page's model comes built
    import keras

PIXELS = IMAGE_SIDE * IMAGE_SIDE  # 784: what Flatten makes of a 28 × 28 image
MAX_DEPTH = 5
UNIT_CHOICES = (32, 64, 128, 256, 512)
# A digit 7 the way a trained model scores it: one clear winner, a runner-up (1) and the rest below zero
DEFAULT_LOGITS = (0.5, 2.0, 1.0, 0.5, -1.0, -0.5, -2.0, 6.0, 0.0, 1.5)


# ------------------------------------------------------------------ depth: features at a cost in computation

def depth_costs(units: int, max_depth: int = MAX_DEPTH) -> pd.DataFrame:
    """One row per number of hidden Dense layers of ``units`` (0..max_depth) between the 784 pixels and the 10
    outputs: parameters (weights and biases) and multiply-adds for one image's forward pass (one per weight)."""
    rows = []
    for depth in range(max_depth + 1):
        sizes = [PIXELS, *[units] * depth, NUM_CLASSES]
        weights = sum(a * b for a, b in zip(sizes, sizes[1:]))
        rows.append({"depth": depth, "parameters": weights + sum(sizes[1:]), "multiply_adds": weights})
    return pd.DataFrame(rows)


# ------------------------------------------------------------------ Flatten

def flatten(image: np.ndarray) -> np.ndarray:
    """The image's rows one after another, as Keras's Flatten lays them out (row-major)."""
    return np.asarray(image).reshape(-1)


def flat_span(row: int) -> tuple[int, int]:
    """The first and last position of image row ``row`` in the flattened vector: pixel (r, c) lands at r·28 + c."""
    return row * IMAGE_SIDE, row * IMAGE_SIDE + IMAGE_SIDE - 1


# ------------------------------------------------------------------ softmax

def softmax(logits: npt.ArrayLike) -> np.ndarray:
    """pₖ = e^zₖ / Σⱼ e^zⱼ; the largest z is subtracted first, which changes nothing but keeps e^z finite."""
    z = np.asarray(logits, dtype=float)
    e = np.exp(z - z.max())
    return e / e.sum()


# ------------------------------------------------------------------ evaluate()

_evaluating = threading.Lock()  # the quick model is shared by every session, and evaluate() keeps metric state


def evaluate_as_keras(model: keras.Model, x_test: np.ndarray, y_test: np.ndarray,
                      loss: str = "sparse_categorical_crossentropy") -> list[float]:
    """What ``print(model.evaluate(x_test, y_test))`` prints for a compiled model: [loss, accuracy] (an MSE model
    is given one-hot targets, as it was trained)."""
    y = np.eye(NUM_CLASSES)[np.asarray(y_test, dtype=int)] if loss == "mse" else y_test
    with _evaluating:
        return [float(value) for value in model.evaluate(x_test, y, verbose=0)]


def by_hand(probs: np.ndarray, y_test: np.ndarray, loss: str = "sparse_categorical_crossentropy") -> dict:
    """The same two numbers from the predicted probabilities: the mean loss (−ln p of the true class for
    cross-entropy, as Keras clips it) and the share of images whose largest probability is the true class."""

    y = np.asarray(y_test, dtype=int)
    right = int(np.sum(probs.argmax(axis=1) == y))
    return {"loss": data_loss(probs, y, loss), "right": right, "images": len(y), "accuracy": right / len(y)}
