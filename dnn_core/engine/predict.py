"""Class probabilities for one 28×28 image, fast enough to follow the pen, and the names of the classes.

A model is fed the image in the shape its input takes (28×28, 28×28×1 or 784 pixels in a row) and on the pixel
scale it expects: raw 0..255 when it rescales them itself (a Rescaling layer, as every model this app builds has),
else 0..1, as Keras's own examples divide by 255 before training.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from dnn_core.i18n import t

if TYPE_CHECKING:  # for the annotations only: Keras loads with the first model
    import keras

DIGITS = [str(digit) for digit in range(10)]
FASHION_KEYS = [f"draw.class.fashion.{label}" for label in range(10)]  # names live in i18n/draw.py
INPUT_SHAPES = ((28, 28), (28, 28, 1), (784,))  # the image, the image with one grey channel, its pixels in a row
PIXEL_SCALES = {"raw": 1.0, "unit": 1 / 255}  # what a 0..255 pixel is multiplied by before the model reads it
CLASS_NAMES = {
    "mnist": DIGITS,
    "mnist_sample": DIGITS,
    "our_handwriting": DIGITS,
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


def predict_probabilities(model: keras.Model, image28: np.ndarray, scale: str | None = None) -> np.ndarray:
    """The model's 10 class probabilities for one 28×28 image of raw 0..255 pixels, given to the model on ``scale``
    (a key of PIXEL_SCALES; None: the model's own, ``pixel_scale(model)``)."""
    x = model_input(model, image28, scale or pixel_scale(model))
    # A direct call costs ~1 ms; model.predict sets up a data pipeline on every call (~30 ms).
    out = np.asarray(model(x, training=False), dtype=np.float64).reshape(-1)
    if _is_distribution(out):
        return out
    from scipy.special import softmax  # SciPy only for a model ending in logits: the CLI and Compare import this

    return softmax(out)  # a model ending in logits still gets probabilities


def model_input(model: keras.Model, image28: np.ndarray, scale: str) -> np.ndarray:
    """A batch of one: the 28×28 image of 0..255 pixels on ``scale``, in the shape the model's input takes."""
    image = np.asarray(image28, dtype=np.float32)
    if image.shape != (28, 28):
        raise ValueError(f"image28 must be a 28×28 array, got shape {image.shape}")
    if scale not in PIXEL_SCALES:
        raise ValueError(f"scale must be one of {', '.join(PIXEL_SCALES)}, got {scale!r}")
    return (image * np.float32(PIXEL_SCALES[scale])).reshape((1, *input_shape(model)))


def input_shape(model: keras.Model) -> tuple[int, ...]:
    """The shape of one input of ``model`` (without the batch), one of INPUT_SHAPES; 28×28 when it has none yet."""
    try:
        shape = tuple(model.inputs[0].shape[1:])
    except (AttributeError, IndexError, ValueError):  # a Sequential built without an Input has no inputs yet
        return INPUT_SHAPES[0]
    if shape not in INPUT_SHAPES:
        raise ValueError(f"the model's input must have one of the shapes {INPUT_SHAPES}, got {shape}")
    return shape


def pixel_scale(model: keras.Model) -> str:
    """The pixel scale ``model`` expects: "raw" (0..255) when it rescales them itself with a Rescaling layer, else
    "unit" (0..1)."""
    return "raw" if any(type(layer).__name__ == "Rescaling" for layer in _all_layers(model)) else "unit"


def top_k(probs: np.ndarray, k: int = 3, class_names: list[str] | None = None) -> list[Guess]:
    """The ``k`` most probable classes, most probable first."""
    probs = np.asarray(probs, dtype=np.float64).reshape(-1)
    names = class_names or DIGITS
    if len(names) != probs.size:
        raise ValueError(f"class_names has {len(names)} names for {probs.size} probabilities")
    order = np.argsort(-probs, kind="stable")[:k]
    return [Guess(int(i), names[i], float(probs[i])) for i in order]


def _all_layers(model: keras.Model) -> Iterator[keras.layers.Layer]:
    """Every layer of ``model``, inside nested models too."""
    for layer in getattr(model, "layers", []):
        yield layer
        yield from _all_layers(layer)


def _is_distribution(values: np.ndarray) -> bool:
    return bool((values >= 0).all() and abs(values.sum() - 1) < 1e-3)

