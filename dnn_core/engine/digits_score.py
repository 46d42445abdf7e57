"""A model scored on the class's own handwriting: accuracy, confusion matrix, the digits it gets wrong, and the
images behind any cell of a confusion matrix.

Pure NumPy around the model's call: the digits come in as arrays (N×28×28 uint8, exactly what Draw & Predict's
preprocessing stored, and their labels) and the score goes out as plain data, so it is made wherever the model is:
on a worker (``served``: Inspect, the teacher's re-score) or at the end of a training (``work.perform``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from dnn_core.engine.evaluate import confusion_matrix, predict_probs

if TYPE_CHECKING:  # for the annotations only: the model comes loaded
    import keras

NOT_DIGITS = ("fashion_mnist",)  # data sets whose classes are not the digits 0..9: never scored on drawn digits
METRICS = ("class_accuracy", "class_count")  # what a run's metrics keep of its score


@dataclass(frozen=True, eq=False)
class DigitScore:
    """What a model read in each of the class's digits: small enough to cross from a worker with every score."""

    y: np.ndarray  # N labels, as their writers said (uint8)
    predictions: np.ndarray  # N digits the model read (int8)
    confidence: np.ndarray  # N probabilities the model gave what it read (float32)

    @property
    def count(self) -> int:
        return len(self.y)

    @property
    def accuracy(self) -> float | None:
        """The share read right; None when there were no digits to read."""
        return float(np.mean(self.predictions == self.y)) if self.count else None

    @property
    def matrix(self) -> np.ndarray:
        """10 × 10 counts, row = the digit drawn, column = the digit read."""
        return confusion_matrix(self.y, self.predictions)

    def mistakes(self) -> np.ndarray:
        """The indices of the digits read wrong, the ones the model was surest of first (ties: oldest first)."""
        wrong = np.flatnonzero(self.predictions != self.y)
        return wrong[np.argsort(-self.confidence[wrong], kind="stable")]

    def metrics(self) -> dict:
        """The run store's record of this score: class_accuracy (None without digits) and class_count."""
        return {"class_accuracy": self.accuracy, "class_count": self.count}


def reads_digits(dataset: str) -> bool:
    """Whether a model of ``dataset`` reads handwritten digits, so that the class's digits can test it."""
    return dataset not in NOT_DIGITS


def score_digits(model: keras.Model, x: np.ndarray, y: np.ndarray) -> DigitScore:
    """``model`` on the digits ``x`` (raw 0..255 pixels, as the test images are fed) against their labels ``y``."""
    y = np.asarray(y, dtype=np.uint8)
    if len(y) == 0:  # nothing to read: no model call
        return DigitScore(y, np.zeros(0, dtype=np.int8), np.zeros(0, dtype=np.float32))
    probs = predict_probs(model, np.asarray(x))
    predictions = probs.argmax(axis=1)
    return DigitScore(y, predictions.astype(np.int8), probs[np.arange(len(y)), predictions].astype(np.float32))


def cell_indices(y_true: np.ndarray, y_pred: np.ndarray, true: int, predicted: int) -> np.ndarray:
    """The indices of the images behind one cell of a confusion matrix: those of class ``true`` (its row) that
    were predicted as ``predicted`` (its column), in their order."""
    return np.flatnonzero((np.asarray(y_true) == true) & (np.asarray(y_pred) == predicted))
