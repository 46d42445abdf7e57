"""Learn page, gradient descent: steps on a bowl at several learning rates, and batch, stochastic and
mini-batch descent fitting a line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

# Learning rates offered on the page: on x² GD diverges above 1, on x² + 4y² above 0.25.
GD_LEARNING_RATES = (0.001, 0.01, 0.03, 0.1, 0.2, 0.3, 0.5, 0.9, 1.1)


def bowl_1d(x: npt.ArrayLike) -> np.ndarray:
    """f(x) = x²."""
    return np.asarray(x) ** 2


def bowl_2d(x: npt.ArrayLike, y: npt.ArrayLike) -> np.ndarray:
    """f(x, y) = x² + 4y²: four times steeper along y, so y is the first to diverge."""
    return np.asarray(x) ** 2 + 4 * np.asarray(y) ** 2


def descend(gradient: Callable[[np.ndarray], np.ndarray], start: npt.ArrayLike, lr: float, steps: int) -> np.ndarray:
    """The points visited by plain gradient descent: p ← p − lr·∇f(p); shape (steps + 1, dims)."""
    path = [np.atleast_1d(np.asarray(start, float))]
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging run is a result to show, not an error
        for _ in range(steps):
            path.append(path[-1] - lr * gradient(path[-1]))
    return np.array(path)


def gd_1d(lr: float, start: float = 4.0, steps: int = 30) -> np.ndarray:
    """Gradient descent on x², path of shape (steps + 1, 1)."""
    return descend(lambda p: 2 * p, [start], lr, steps)


def gd_2d(lr: float, start: tuple[float, float] = (-4.0, 2.0), steps: int = 30) -> np.ndarray:
    """Gradient descent on x² + 4y², path of shape (steps + 1, 2)."""
    return descend(lambda p: np.array([2 * p[0], 8 * p[1]]), start, lr, steps)


def gd_verdict(losses: npt.ArrayLike) -> str:
    """'diverged' if the loss grew, 'converged' if it fell below 1/1000 of the start, else 'crawling'."""
    losses = np.asarray(losses, float)
    if not np.isfinite(losses[-1]) or losses[-1] > losses[0]:
        return "diverged"
    return "converged" if losses[-1] < 1e-3 * losses[0] else "crawling"


REGRESSION_POINTS = 64  # size of the line-fitting data set of the GD variants


def regression_data(n: int = REGRESSION_POINTS, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """x in [-1, 1] and y = 2x + 1 + noise: the small linear regression the GD variants fit."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, n)
    return x, 2 * x + 1 + rng.normal(0, 0.3, n)


def regression_loss(w: npt.ArrayLike, b: npt.ArrayLike, x: npt.ArrayLike, y: npt.ArrayLike) -> np.ndarray:
    """MSE of the line w·x + b; w and b may be arrays of the same shape (a grid)."""
    w, b = np.asarray(w, float), np.asarray(b, float)
    residual = w[..., None] * x + b[..., None] - y
    return np.mean(residual ** 2, axis=-1)


@dataclass(frozen=True)
class DescentRun:
    """One gradient-descent variant on the small regression."""

    mode: str  # "batch", "minibatch" or "stochastic"
    batch_size: int
    steps_per_epoch: int
    path: np.ndarray  # (w, b) after each update, shape (updates + 1, 2)
    losses: np.ndarray  # MSE on all the data after each update


def minibatch_descent(x: np.ndarray, y: np.ndarray, batch_size: int, lr: float, epochs: int,
                      start: tuple[float, float] = (-2.0, 3.0),
                      seed: int = 0) -> np.ndarray:
    """(w, b) after each update of mini-batch GD on the MSE; the data are reshuffled every epoch."""
    rng = np.random.default_rng(seed)
    params = np.asarray(start, float)
    path = [params]
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for first in range(0, len(x), batch_size):
            batch = order[first:first + batch_size]
            error = params[0] * x[batch] + params[1] - y[batch]
            params = params - lr * 2 * np.array([np.mean(error * x[batch]), np.mean(error)])
            path.append(params)
    return np.array(path)


def descent_modes(minibatch: int, epochs: int, lr: float = 0.1, seed: int = 0) -> list[DescentRun]:
    """Batch, mini-batch and stochastic GD on the same data, same start, same learning rate."""
    x, y = regression_data(seed=seed)
    runs = []
    for mode, size in (("batch", len(x)), ("minibatch", minibatch), ("stochastic", 1)):
        path = minibatch_descent(x, y, size, lr, epochs, seed=seed)
        runs.append(DescentRun(mode, size, -(-len(x) // size), path, regression_loss(path[:, 0], path[:, 1], x, y)))
    return runs


def descent_table(runs: list[DescentRun]) -> pd.DataFrame:
    """One row per GD variant: batch size, updates per epoch, updates in all, final loss on all the data."""
    return pd.DataFrame([{"mode": run.mode, "batch_size": run.batch_size, "steps_per_epoch": run.steps_per_epoch,
                          "updates": len(run.path) - 1, "final_loss": float(run.losses[-1])} for run in runs])
