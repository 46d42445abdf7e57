"""Learn, from dense to convolution: parameter counts and weight sharing, a 3×3 filter sliding over a digit, and
what augmentation does to a digit. Keras is imported only where a real Keras layer does the work."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view

from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.data import load_dataset
from dnn_core.engine.layers import IMAGE_SIDE, KERNEL, shapes
from dnn_core.engine.presets import preset_config
from dnn_core.errors import PeopleError

COURSE = preset_config("course")  # Flatten → Dense(128, relu) → Dropout(0.2) → Dense(10, softmax)
SMALL_CNN = preset_config("small_cnn")  # Keras's MNIST convnet: conv32 → pool → conv64 → pool → Dense(10)

# name -> a 3×3 filter as a person would write it, top row first
FILTERS: dict[str, tuple[tuple[float, ...], ...]] = {
    "vertical": ((-1, 0, 1), (-1, 0, 1), (-1, 0, 1)),  # dark on the left, bright on the right
    "horizontal": ((-1, -1, -1), (0, 0, 0), (1, 1, 1)),  # dark above, bright below
    "diagonal": ((0, 1, 1), (-1, 0, 1), (-1, -1, 0)),  # dark at the bottom left, bright at the top right
    "blur": ((1 / 9,) * 3,) * 3,  # the mean of the nine pixels
    "sharpen": ((0, -1, 0), (-1, 5, -1), (0, -1, 0)),  # the pixel against its four neighbours
}
AUGMENT_VALUES = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3)


class KernelError(PeopleError):
    """Typed filter numbers that are not nine numbers."""


# ------------------------------------------------------------------ 1. parameter counts

def parameter_table(config: ExperimentConfig) -> pd.DataFrame:
    """One row per layer of the config's model: its output, the hand formula of its parameters, their count, and
    how often each of its weights is used on one image (a conv weight at every output position, a dense one once).

    A bias is one number per unit; with batch norm it goes, and four per unit come (γ, β, moving mean and variance).
    """
    rows, channels, inputs = [], 1, f"{IMAGE_SIDE * IMAGE_SIDE}"  # what each unit of the next dense layer reads
    before: tuple[int, ...] = (IMAGE_SIDE, IMAGE_SIDE, 1)
    for shape in shapes(config.layer_stack, config.batch_norm):
        formula, uses = "", None
        units = shape.output[-1]
        extra = f"4·{units}" if config.batch_norm and shape.kind != "output" else f"{units}"
        if shape.kind == "conv":
            formula, uses = f"{KERNEL}·{KERNEL}·{channels}·{units} + {extra}", shape.output[0] * shape.output[1]
            channels = units
        elif shape.kind == "flatten":
            inputs = "·".join(str(side) for side in before)  # the image laid out in a row
        elif shape.kind in ("dense", "output"):
            formula, uses, inputs = f"{inputs}·{units} + {extra}", 1, str(units)
        rows.append({"layer": shape.name, "output": "×".join(str(side) for side in shape.output), "formula": formula,
                     "parameters": shape.parameters, "uses": uses})
        before = shape.output
    return pd.DataFrame(rows, columns=["layer", "output", "formula", "parameters", "uses"]).astype({"uses": "Int64"})


def keras_parameters(config: ExperimentConfig) -> dict[str, int]:
    """Keras's own count_params for each layer of the built model, and the model's under 'total'."""
    from dnn_core.engine.model import build_model  # the model builders import Keras: only when this runs

    model = build_model(config, compile=False)
    return {**{layer.name: layer.count_params() for layer in model.layers}, "total": model.count_params()}


def counted_parameters(config: ExperimentConfig) -> tuple[pd.DataFrame, int]:
    """The hand table with Keras's count beside each row (a layer's batch norm, named with the same position,
    counted with it), and Keras's total for the whole model."""
    counts = keras_parameters(config)
    table = parameter_table(config)

    def keras_count(row_name: str) -> int:
        position = row_name.rsplit("_", 1)[-1]
        same = [name for name in counts if name == row_name or (position.isdigit() and name.endswith(f"_{position}"))]
        return sum(counts[name] for name in same)

    return table.assign(keras=table["layer"].map(keras_count)), counts["total"]


def weight_sharing(dense: ExperimentConfig = COURSE, cnn: ExperimentConfig = SMALL_CNN) -> dict[str, int | float]:
    """The numbers behind "shared weights": a dense unit's inputs, the first conv layer's positions, weights and
    multiplications per image, the first dense layer's weights, and how many times more parameters ``dense`` has."""
    conv = shapes(cnn.layer_stack, cnn.batch_norm)[0]
    side, filters = conv.output[0], conv.output[-1]
    inputs, units = IMAGE_SIDE * IMAGE_SIDE, dense.layer_stack[0].size
    total = {config: sum(shape.parameters for shape in shapes(config.layer_stack, config.batch_norm))
             for config in (dense, cnn)}
    return {"inputs": inputs, "side": side, "positions": side * side, "conv_weights": KERNEL * KERNEL * filters,
            "multiplications": side * side * KERNEL * KERNEL * filters, "dense_weights": inputs * units,
            "ratio": total[dense] / total[cnn]}


# ------------------------------------------------------------------ 2. a filter sliding over a digit

def sample_digit(label: int) -> np.ndarray:
    """The first test image of class ``label`` in the bundled offline digits, as floats in [0, 1] (what the model
    sees after its Rescaling layer)."""

    data = load_dataset("mnist_sample")
    return data.x_test[np.flatnonzero(data.y_test == label)[0]].astype(float) / 255


def parse_kernel(text: str) -> np.ndarray:
    """Nine numbers, top row first, separated by spaces, commas or semicolons, as a 3×3 filter."""
    parts = [part for part in re.split(r"[\s,;]+", text.strip()) if part]
    try:
        numbers = [float(part.replace("−", "-")) for part in parts]
    except ValueError:
        raise KernelError("learn.cnn.error.kernel", text=repr(text), count=len(parts)) from None
    if len(numbers) != KERNEL * KERNEL or not np.all(np.isfinite(numbers)):
        raise KernelError("learn.cnn.error.kernel", text=repr(text), count=len(parts))
    return np.array(numbers).reshape(KERNEL, KERNEL)


def feature_map(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """What a Conv2D with this one filter and no bias computes before its activation: the filter slid over the
    image without flipping it (cross-correlation), 'valid' padding, so 28×28 becomes 26×26. (SciPy's
    ``signal.correlate2d`` computes the same, but importing scipy.signal took 0.8 s of a first Learn visit.)"""
    windows = sliding_window_view(image, kernel.shape)  # every kernel-sized window, without copying the image
    return np.einsum("ijkl,kl->ij", windows, kernel)


def window_products(image: np.ndarray, kernel: np.ndarray, row: int, col: int) -> tuple[np.ndarray, np.ndarray]:
    """The 3×3 pixels under the filter whose top-left corner is at (row, col), and their products with it."""
    window = image[row:row + KERNEL, col:col + KERNEL]
    return window, window * kernel


def signed(value: float, fmt: str) -> str:
    """A number with a true minus sign (−), as the notes print it, and none on a zero (−0.00)."""
    text = format(value, fmt)
    return (text.lstrip("-") if float(text) == 0 else text).replace("-", "−")


def product_term(pixel: float, weight: float) -> str:
    """One term of the window's sum as it is written by hand: ``0.25·(−1)``."""
    weight_text = signed(weight, ".3g")
    return f"{pixel:.2f}·{f'({weight_text})' if weight < 0 else weight_text}"


# ------------------------------------------------------------------ 3. augmentation

def augmented_copies(image: np.ndarray, augment: float, count: int, seed: int = 0) -> np.ndarray:
    """``count`` copies of a 28×28 image through the model's own augmentation layers in training mode: what one
    epoch of training may show the network instead of the digit."""
    import keras  # TensorFlow: loaded only when this runs, never at start-up

    from dnn_core.engine.model import augmentation_layers  # the model builders import Keras: only when this runs

    layers = augmentation_layers(ExperimentConfig(augment=augment, seed=seed))
    batch = np.repeat(np.asarray(image, dtype="float32")[None, :, :, None], count, axis=0)
    for layer in layers:
        batch = layer(batch, training=True)
    return keras.ops.convert_to_numpy(batch)[..., 0]


def augmentation_limits(augment: float) -> dict[str, float]:
    """The largest shift (pixels) and rotation (degrees) that ``augment`` allows, read from the model's own layers
    (RandomTranslation's share of the side, RandomRotation's share of a full turn)."""
    from dnn_core.engine.model import augmentation_layers  # the model builders import Keras: only when this runs

    shift, rotation = augmentation_layers(ExperimentConfig(augment=augment))
    return {"shift": float(np.max(np.abs(shift.height_factor))) * IMAGE_SIDE,
            "angle": float(np.max(np.abs(rotation.factor))) * 360}
