"""Learn page, a neuron, a layer and the activation functions: outputs, derivatives, ranges and how gradients
shrink with depth.

TensorFlow computes the activations and takes their derivatives (tf.GradientTape); it is imported inside the
functions that need it, so importing this module costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

# activation name (the config vocabulary) -> the tf.nn function that computes it
TF_ACTIVATIONS = {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "relu", "leaky_relu": "leaky_relu",
                  "elu": "elu", "selu": "selu", "softplus": "softplus", "swish": "silu", "gelu": "gelu"}
ACTIVATION_NAMES = tuple(TF_ACTIVATIONS)
# Wide enough that every activation shows its asymptotes, narrow enough that float64 still tells them apart.
_RANGE_GRID = np.linspace(-8.0, 8.0, 1601)


def _tf_activation(name: str) -> Callable[..., Any]:
    import tensorflow as tf  # TensorFlow: loaded only when this runs, never at start-up

    if name not in TF_ACTIVATIONS:
        raise ValueError(f"activation: unknown value {name!r}; allowed: {', '.join(ACTIVATION_NAMES)}")
    return getattr(tf.nn, TF_ACTIVATIONS[name])


def activation_and_derivative(name: str, x: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """σ(x) and σ′(x) elementwise, the derivative taken by tf.GradientTape."""
    import tensorflow as tf  # TensorFlow: loaded only when this runs, never at start-up

    fn = _tf_activation(name)
    xs = tf.constant(np.asarray(x, dtype=np.float64))
    with tf.GradientTape() as tape:
        tape.watch(xs)
        ys = fn(xs)
    return ys.numpy(), tape.gradient(ys, xs).numpy()


def activate(name: str, x: npt.ArrayLike) -> np.ndarray:
    """σ(x) elementwise."""
    return activation_and_derivative(name, x)[0]


# ------------------------------------------------------------------ 1. a neuron and a layer

@dataclass(frozen=True)
class NeuronSurface:
    """A 2-input neuron's output over a grid of inputs, and at one chosen input."""

    x1: np.ndarray  # grid values of the first input
    x2: np.ndarray  # grid values of the second input
    z: np.ndarray  # σ(w1·x1 + w2·x2 + b), shape (len(x2), len(x1))
    point: tuple[float, float]  # the chosen input X
    point_pre: float  # WᵀX + b at the chosen input
    point_z: float  # σ(WᵀX + b) at the chosen input
    prediction: int  # round(σ(WᵀX + b))


def neuron_surface(w1: float, w2: float, b: float, activation: str, point: tuple[float, float] = (1.0, 1.0),
                   extent: float = 3.0, steps: int = 41) -> NeuronSurface:
    """Z = σ(WᵀX + b) for W = (w1, w2) over the square [-extent, extent]², plus the value at ``point``."""
    grid = np.linspace(-extent, extent, steps)
    g1, g2 = np.meshgrid(grid, grid)
    pre = w1 * g1 + w2 * g2 + b
    point_pre = w1 * point[0] + w2 * point[1] + b
    values = activate(activation, np.append(pre.ravel(), point_pre))
    point_z = float(values[-1])
    return NeuronSurface(grid, grid, values[:-1].reshape(pre.shape), (float(point[0]), float(point[1])),
                         float(point_pre), point_z, int(np.round(point_z)))


def layer_shapes(inputs: int, units: int) -> dict[str, tuple[int, int] | int]:
    """Shapes in Z = σ(WᵀX + b) for a Dense layer of ``units`` on ``inputs`` features, and its parameter count."""
    return {"W": (inputs, units), "X": (inputs, 1), "b": (units, 1), "Z": (units, 1),
            "params": inputs * units + units}


# ------------------------------------------------------------------ 2. activation functions

def activation_curves(names: Iterable[str], low: float = -5.0, high: float = 5.0, steps: int = 201) -> pd.DataFrame:
    """Long table x, activation, value, derivative for each activation in ``names``."""
    x = np.linspace(low, high, steps)
    frames = []
    for name in names:
        y, dy = activation_and_derivative(name, x)
        frames.append(pd.DataFrame({"x": x, "activation": name, "value": y, "derivative": dy}))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["x", "activation", "value", "derivative"])


def _fmt(value: float) -> str:
    text = f"{round(float(value), 2) + 0.0:.2f}".rstrip("0").rstrip(".")  # + 0.0 turns -0.0 into 0.0
    return text.replace("-", "−")


def output_range(name: str) -> str:
    """The output range read off the function itself: '(' at an asymptote, '[' where reached, ∞ where it keeps
    growing."""
    y, dy = activation_and_derivative(name, _RANGE_GRID)
    if dy[0] > 1e-3:
        left = "(−∞"
    else:
        reached = y.argmin() > 0 or y[0] == y[1]  # a minimum inside the grid, or a flat floor like ReLU's
        left = ("[" if reached else "(") + _fmt(y.min())
    right = "∞)" if dy[-1] > 1e-3 else _fmt(y.max()) + ")"
    return f"{left}, {right}"


def mean_output_on_normal(name: str) -> float:
    """E[σ(z)] for z ~ N(0, 1): how far from zero a layer's outputs sit on typical inputs."""
    y, _ = activation_and_derivative(name, _RANGE_GRID)
    weights = np.exp(-_RANGE_GRID ** 2 / 2)
    return float(np.sum(y * weights) / np.sum(weights))


@lru_cache(maxsize=None)  # a constant per activation, asked for on every move of the depth slider
def max_derivative(name: str) -> float:
    """max σ′(x): the most a gradient can be multiplied by when it passes back through this activation."""
    return float(activation_and_derivative(name, _RANGE_GRID)[1].max())


def activation_table(names: Iterable[str] = ACTIVATION_NAMES) -> pd.DataFrame:
    """One row per activation: output range, mean output on N(0, 1) inputs, zero-centred or not, max σ′."""
    rows = []
    for name in names:
        mean = mean_output_on_normal(name)
        rows.append({"activation": name, "range": output_range(name), "mean_output": round(mean, 3),
                     "zero_centred": abs(mean) < 0.05, "max_derivative": round(max_derivative(name), 3)})
    return pd.DataFrame(rows)


def gradient_left(name: str, depth: int) -> float:
    """(max σ′)ⁿ: the largest share of a gradient that survives ``depth`` layers of this activation."""
    return max_derivative(name) ** depth


def gradient_bound_by_depth(names: Iterable[str], depth: int) -> pd.DataFrame:
    """Long table depth, activation, bound: the largest factor (max σ′)ⁿ a gradient keeps after n layers."""
    depths = np.arange(1, depth + 1)
    frames = [pd.DataFrame({"depth": depths, "activation": name, "bound": max_derivative(name) ** depths})
              for name in names]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["depth", "activation", "bound"])
