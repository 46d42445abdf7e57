"""The class's drawn digits as arrays: which writers join a training and which are held out, and the split of an
exported set into training and test images.

Writers, not drawings, are split (``writer_in_training``): a hash of the writer decides, so a set that grows never
moves a writer from one side to the other, and no held-out writer's digit can be trained on. Pure NumPy: the
engine trains and scores with these wherever it runs; ``dnn_core.classroom.handwriting`` keeps the drawings in the run
store.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

DATASET = "our_handwriting"  # the name of an exported set as a data set of DNN_DATA_DIR
TEST_SHARE = 0.2  # an exported set's writers held out as its test images
TARGET_SHARE = 0.2  # in training, the class's digits are repeated until they make about this share of the images
MAX_REPEAT = 100


@dataclass(frozen=True, eq=False)
class DigitSet:
    """Drawings as arrays: images (N×28×28 uint8), labels, writers and ids, in the order stored."""

    x: np.ndarray
    y: np.ndarray
    writers: np.ndarray  # str
    ids: np.ndarray

    def __len__(self) -> int:
        return len(self.y)

    def subset(self, mask: np.ndarray) -> "DigitSet":
        return DigitSet(self.x[mask], self.y[mask], self.writers[mask], self.ids[mask])


def writer_position(writer: str) -> float:
    """A writer's fixed place in [0, 1): the split's threshold decides its side, so a growing set never reshuffles."""
    return int(hashlib.sha256(writer.encode()).hexdigest()[:13], 16) / 16**13


def writer_in_training(writer: str, share: float) -> bool:
    """Whether a writer's digits join a training with ``class_digits=share`` (else they are held out)."""
    return writer_position(writer) < share


def training_split(digits: DigitSet, share: float) -> tuple[DigitSet, DigitSet]:
    """(the digits of the writers who join the training, the held-out writers' digits)."""
    joins = np.array([writer_in_training(w, share) for w in digits.writers], dtype=bool)
    return digits.subset(joins), digits.subset(~joins)


def scoring_set(digits: DigitSet, class_digits: float) -> DigitSet:
    """The digits a model is scored on: all of them, or only the held-out writers' when its training had a
    share of the class's writers (``class_digits``), so the score never counts a digit the model trained on."""
    return training_split(digits, class_digits)[1] if class_digits else digits


def repeats_for(class_images: int, base_images: int) -> int:
    """How often each class digit is repeated in a training of ``base_images`` others: enough for the class's
    digits to make about TARGET_SHARE of the images (a few hundred drawings beside 54,000 MNIST images would
    otherwise be a rounding error), at most MAX_REPEAT times, at least once."""
    if class_images == 0:
        return 0
    wanted = TARGET_SHARE / (1 - TARGET_SHARE) * base_images / class_images
    return int(min(MAX_REPEAT, max(1, round(wanted))))


def train_test(digits: DigitSet) -> tuple[DigitSet, DigitSet]:
    """An exported set's training and test images: TEST_SHARE of the writers held out for testing (every fifth
    image instead when the writers are too few to give both sides some)."""
    test = np.array([writer_position(w) >= 1 - TEST_SHARE for w in digits.writers], dtype=bool)
    if test.all() or not test.any():
        test = np.arange(len(digits)) % 5 == 4
    return digits.subset(~test), digits.subset(test)


def arrays_from_npz(x: np.ndarray, y: np.ndarray, writers: np.ndarray | None) -> tuple[np.ndarray, ...]:
    """(x_train, y_train, x_test, y_test) of an exported .npz that holds ``x`` and ``y`` (and ``writer``)."""
    writers = writers if writers is not None else np.array([f"image:{i}" for i in range(len(y))])
    train, test = train_test(DigitSet(x, y, writers, np.arange(len(y))))
    return train.x, train.y, test.x, test.y
