"""Learn page, backpropagation: a 2-2-1 network's gradients by hand (the chain rule) and by tf.GradientTape.

TensorFlow is imported inside the functions that need it, so importing this module costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.special import expit  # σ(z) = 1 / (1 + e^−z)

BACKPROP_START = {  # the 2-2-1 network's starting weights; W1 is D×M = 2×2 (row: input, column: hidden unit)
    "W1": np.array([[0.15, 0.25], [0.20, 0.30]]),
    "b1": np.array([0.35, 0.35]),
    "W2": np.array([0.40, 0.45]),
    "b2": np.array(0.60),
}
PARAM_LABELS = {  # flat parameter name -> (array, index)
    "W1[1,1]": ("W1", (0, 0)), "W1[1,2]": ("W1", (0, 1)), "W1[2,1]": ("W1", (1, 0)), "W1[2,2]": ("W1", (1, 1)),
    "b1[1]": ("b1", (0,)), "b1[2]": ("b1", (1,)), "W2[1]": ("W2", (0,)), "W2[2]": ("W2", (1,)), "b2": ("b2", ()),
}


def forward_2_2_1(params: dict, x: npt.ArrayLike, y: float) -> dict[str, np.ndarray]:
    """Forward pass: z1 = W1ᵀx + b1, h = σ(z1), z2 = W2ᵀh + b2, ŷ = σ(z2), loss = ½(ŷ − y)²."""
    x = np.asarray(x, float)
    z1 = params["W1"].T @ x + params["b1"]
    h = expit(z1)
    z2 = params["W2"] @ h + params["b2"]
    y_hat = expit(z2)
    return {"x": x, "z1": z1, "h": h, "z2": z2, "y_hat": y_hat, "loss": 0.5 * (y_hat - y) ** 2}


def gradients_by_hand(params: dict, x: npt.ArrayLike, y: float) -> dict[str, np.ndarray]:
    """∂loss/∂parameter for every parameter, by the chain rule written out in NumPy."""
    f = forward_2_2_1(params, x, y)
    delta2 = (f["y_hat"] - y) * f["y_hat"] * (1 - f["y_hat"])  # ∂L/∂ŷ · ∂ŷ/∂z2
    delta1 = delta2 * params["W2"] * f["h"] * (1 - f["h"])  # back through W2 and σ′(z1)
    return {"W1": np.outer(f["x"], delta1), "b1": delta1, "W2": delta2 * f["h"], "b2": delta2}


def gradients_by_tape(params: dict, x: npt.ArrayLike, y: float) -> dict[str, np.ndarray]:
    """The same gradients from tf.GradientTape, in float64."""
    import tensorflow as tf  # TensorFlow: loaded only when this runs, never at start-up

    variables = {name: tf.Variable(np.asarray(value, np.float64)) for name, value in params.items()}
    xs = tf.constant(np.asarray(x, np.float64))
    with tf.GradientTape() as tape:
        h = tf.sigmoid(tf.linalg.matvec(variables["W1"], xs, transpose_a=True) + variables["b1"])
        y_hat = tf.sigmoid(tf.reduce_sum(variables["W2"] * h) + variables["b2"])
        loss = 0.5 * (y_hat - y) ** 2
    grads = tape.gradient(loss, variables)
    return {name: grads[name].numpy() for name in params}


@dataclass(frozen=True)
class BackpropStep:
    """One forward pass, its gradients two ways, and one SGD step."""

    forward: dict  # forward_2_2_1's values before the step
    table: pd.DataFrame  # index parameter; columns value, grad_hand, grad_tape, difference, new_value
    loss: float
    new_loss: float


def backprop_step(x: npt.ArrayLike, y: float, lr: float, params: dict | None = None) -> BackpropStep:
    """Backpropagate through the 2-2-1 network once and apply p ← p − lr·∂L/∂p."""
    params = params or BACKPROP_START
    hand, tape = gradients_by_hand(params, x, y), gradients_by_tape(params, x, y)
    new_params = {name: params[name] - lr * hand[name] for name in params}
    rows = {}
    for label, (name, index) in PARAM_LABELS.items():
        rows[label] = {"value": float(params[name][index]), "grad_hand": float(hand[name][index]),
                       "grad_tape": float(tape[name][index]),
                       "difference": abs(float(hand[name][index]) - float(tape[name][index])),
                       "new_value": float(new_params[name][index])}
    forward = forward_2_2_1(params, x, y)
    return BackpropStep(forward, pd.DataFrame.from_dict(rows, orient="index"), float(forward["loss"]),
                        float(forward_2_2_1(new_params, x, y)["loss"]))
