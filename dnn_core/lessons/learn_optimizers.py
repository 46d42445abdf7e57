"""What the adaptive optimizers remember: Adagrad sums every past squared gradient, RMSprop and Adadelta keep a
decaying average of them. NumPy versions of Keras' own update rules, with Keras' defaults, checked against the
real optimizers in tests/test_learn_notes.py.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

EPSILON = 1e-7  # Keras' default epsilon for all three
ADAGRAD_START = 0.1  # keras.optimizers.Adagrad(initial_accumulator_value=0.1)
RMSPROP_RHO = 0.9
ADADELTA_RHO = 0.95
LEARNING_RATE = 0.01  # one learning rate for every optimizer in the demo, so only the memory differs
# The demo's gradients: ten steep steps, then a long gentle stretch (as when a weight leaves a steep slope).
STEEP, GENTLE, STEEP_STEPS, STEPS = 3.0, 0.3, 10, 60


def demo_gradients() -> np.ndarray:
    """The gradient of one weight at each step of the demo."""
    return np.where(np.arange(STEPS) < STEEP_STEPS, STEEP, GENTLE)


def adagrad(gradients: Sequence[float] | np.ndarray, lr: float = LEARNING_RATE) -> tuple[np.ndarray, np.ndarray]:
    """(accumulator, weight change) after each step: accumulator = 0.1 + Σ g², change = −lr·g/√(accumulator + ε)."""
    accumulator = ADAGRAD_START + np.cumsum(np.square(gradients))
    return accumulator, -lr * np.asarray(gradients) / np.sqrt(accumulator + EPSILON)


def _decaying_average(gradients: Sequence[float] | np.ndarray, rho: float) -> np.ndarray:
    average, out = 0.0, []
    for g in gradients:
        average = rho * average + (1 - rho) * g * g  # old gradients fade by rho each step
        out.append(average)
    return np.array(out)


def rmsprop(gradients: Sequence[float] | np.ndarray, lr: float = LEARNING_RATE) -> tuple[np.ndarray, np.ndarray]:
    """(average of g², weight change) after each step: average ← ρ·average + (1 − ρ)·g²,
    change = −lr·g/√(average + ε)."""
    average = _decaying_average(gradients, RMSPROP_RHO)
    return average, -lr * np.asarray(gradients) / np.sqrt(average + EPSILON)


def adadelta(gradients: Sequence[float] | np.ndarray, lr: float = LEARNING_RATE) -> tuple[np.ndarray, np.ndarray]:
    """(average of g², weight change) after each step; the step is scaled by the RMS of past steps over the RMS of
    past gradients, so it needs hardly any learning rate of its own."""
    average = _decaying_average(gradients, ADADELTA_RHO)
    steps, delta_average = [], 0.0
    for g, g_average in zip(gradients, average):
        delta = -np.sqrt(delta_average + EPSILON) / np.sqrt(g_average + EPSILON) * g
        delta_average = ADADELTA_RHO * delta_average + (1 - ADADELTA_RHO) * delta * delta
        steps.append(lr * delta)
    return average, np.array(steps)


ADAPTIVE = {"adagrad": adagrad, "rmsprop": rmsprop, "adadelta": adadelta}


def memory_table(gradients: Sequence[float] | np.ndarray | None = None) -> pd.DataFrame:
    """Long table step, optimizer, gradient, memory (what divides the step), step_size (|change| / |g|)."""
    gradients = demo_gradients() if gradients is None else np.asarray(gradients, float)
    frames = []
    for name, rule in ADAPTIVE.items():
        memory, change = rule(gradients)
        frames.append(pd.DataFrame({"step": np.arange(1, len(gradients) + 1), "optimizer": name,
                                    "gradient": gradients, "memory": memory,
                                    "step_size": np.abs(change) / np.abs(gradients)}))
    return pd.concat(frames, ignore_index=True)


def sparse_feature_steps(steps: int = 40, every: int = 10) -> dict[str, float]:
    """Adagrad's step size per unit of gradient after ``steps`` steps for a weight whose input is always there
    (gradient 1 each step) and one whose input is rare (gradient 1 every ``every`` steps, else 0)."""
    frequent = np.ones(steps)
    rare = (np.arange(1, steps + 1) % every == 0).astype(float)
    return {name: float(LEARNING_RATE / np.sqrt(ADAGRAD_START + np.sum(g ** 2) + EPSILON))
            for name, g in (("frequent", frequent), ("rare", rare))}


def steep_share(step: int = STEPS) -> dict[str, float]:
    """The share of each optimizer's memory at ``step`` that still comes from the demo's steep start (memory is a
    sum of squared gradients, each weighted by how much it has faded, so it splits by where the gradients came
    from; Adagrad's starting value 0.1 counts for neither part)."""
    gradients = demo_gradients()[:step]
    steep_only = np.where(np.arange(step) < STEEP_STEPS, gradients, 0.0)
    shares = {}
    for name, rule in ADAPTIVE.items():
        start = rule(np.zeros(step))[0][-1]  # what the memory holds without any gradient
        shares[name] = float((rule(steep_only)[0][-1] - start) / rule(gradients)[0][-1])
    return shares
