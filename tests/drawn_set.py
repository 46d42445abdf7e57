"""The class's handwriting for tests: hand-drawn digits of several writers (``digit_strokes``) put through Draw &
Predict's preprocessing and added to the run store as the page adds them."""

from __future__ import annotations

import numpy as np

from dnn_core.classroom.handwriting import ClassDigits
from dnn_core.engine.preprocess import canvas_to_mnist
from dnn_core.runs import RunStore
from tests.digit_strokes import drawn_digit


def add_class_digits(writers, samples: int = 1, digits=range(10), store: RunStore | None = None,
                     start: float = 1_000.0) -> ClassDigits:
    """Each writer (a number: their style and their name "writerN") draws every digit ``samples`` times; each
    drawing is added with collection open, one second apart per session as the page allows."""
    class_digits = ClassDigits(store or RunStore())
    class_digits.set_open(True)
    now = start
    for writer in writers:
        for digit in digits:
            for sample in range(samples):
                canvas = drawn_digit(digit, writer, sample)
                class_digits.add(canvas_to_mnist(canvas).centred, canvas, digit, f"writer{writer}",
                                 f"session-{writer}", now=now)
                now += 2.0
    return class_digits


def reference_matrix(y_true, y_pred) -> np.ndarray:
    """10 × 10 counts made one pair at a time: the reference a confusion matrix is checked against."""
    matrix = np.zeros((10, 10), dtype=int)
    for true, predicted in zip(y_true, y_pred):
        matrix[int(true), int(predicted)] += 1
    return matrix
