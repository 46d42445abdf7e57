"""Class probabilities for one 28×28 image, fast enough to follow the pen, and the names of the classes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import softmax

from dnn_core.i18n import t

DIGITS = [str(digit) for digit in range(10)]
FASHION_KEYS = [f"draw.class.fashion.{label}" for label in range(10)]  # names live in i18n/draw.py
CLASS_NAMES = {
    "mnist": DIGITS,
    "mnist_sample": DIGITS,
    "fashion_mnist": [t(key, "en") for key in FASHION_KEYS],
}


@dataclass(frozen=True)
class Guess:
    """One class of a prediction."""

    label: int  # class index 0..9
    name: str  # what the class is called ("7", "Sneaker", "運動鞋")
    probability: float  # 0..1


def class_names(dataset: str, lang: str = "en") -> list[str]:
    """The ten class names of ``dataset`` in ``lang`` (digits stay digits)."""
    if dataset not in CLASS_NAMES:
        raise ValueError(f"dataset must be one of {', '.join(CLASS_NAMES)}, got {dataset!r}")
    if dataset == "fashion_mnist":
        return [t(key, lang) for key in FASHION_KEYS]
    return list(CLASS_NAMES[dataset])


def predict_probabilities(model, image28: np.ndarray) -> np.ndarray:
    """The model's 10 class probabilities for one 28×28 image of raw 0..255 pixels."""
    image = np.asarray(image28, dtype=np.float32)
    if image.shape != (28, 28):
        raise ValueError(f"image28 must be a 28×28 array, got shape {image.shape}")
    x = image.reshape((1, 784) if _takes_flat_input(model) else (1, 28, 28))
    # A direct call costs ~1 ms; model.predict sets up a data pipeline on every call (~30 ms).
    out = np.asarray(model(x, training=False), dtype=np.float64).reshape(-1)
    return out if _is_distribution(out) else softmax(out)  # a model ending in logits still gets probabilities


def top_k(probs: np.ndarray, k: int = 3, class_names: list[str] | None = None) -> list[Guess]:
    """The ``k`` most probable classes, most probable first."""
    probs = np.asarray(probs, dtype=np.float64).reshape(-1)
    names = class_names or DIGITS
    if len(names) != probs.size:
        raise ValueError(f"class_names has {len(names)} names for {probs.size} probabilities")
    order = np.argsort(-probs, kind="stable")[:k]
    return [Guess(int(i), names[i], float(probs[i])) for i in order]


def _takes_flat_input(model) -> bool:
    """True when the model's input is 784 pixels rather than a 28×28 image."""
    try:
        return len(model.input_shape) == 2
    except (AttributeError, ValueError):  # a Sequential built without an Input has no input shape yet
        return False


def _is_distribution(values: np.ndarray) -> bool:
    return bool((values >= 0).all() and abs(values.sum() - 1) < 1e-3)

