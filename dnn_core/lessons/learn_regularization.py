"""Learn page, regularization: L1 and L2 coefficient paths, dropout masks and batch normalization.

TensorFlow is imported inside the functions that need it, so importing this module costs nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

REG_LAMBDAS = tuple(float(f"{lam:.3g}") for lam in np.logspace(-3, 1, 41))  # the λ grid of the paths
REG_TRUE_COEFS = np.array([3.0, -2.0, 1.5, 0.0, 0.0, 0.5])  # two features are pure noise


def regularization_data(n: int = 60, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Standardised features X (n × 6) and a centred target y from REG_TRUE_COEFS plus noise."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, REG_TRUE_COEFS.size))
    X[:, 1] += 0.5 * X[:, 0]  # correlated features make the paths more interesting than straight lines
    X = (X - X.mean(0)) / X.std(0)
    y = X @ REG_TRUE_COEFS + rng.normal(0, 1.0, n)
    return X, y - y.mean()


def ridge_coefficients(X: np.ndarray, y: np.ndarray, lam: float) -> np.ndarray:
    """argmin (1/n)‖y − Xβ‖² + λ‖β‖² (MSE plus what Keras' L2(λ) adds), in closed form: (XᵀX/n + λI)⁻¹ Xᵀy/n."""
    n, d = X.shape
    return np.linalg.solve(X.T @ X / n + lam * np.eye(d), X.T @ y / n)


def _soft_threshold(value: float, lam: float) -> float:
    # the proximal step of λ|β|: anything within λ of zero becomes exactly zero
    return float(np.sign(value) * max(abs(value) - lam, 0.0)) + 0.0  # + 0.0: no −0.0 in the tables


def lasso_coefficients(X: np.ndarray, y: np.ndarray, lam: float, start: npt.ArrayLike | None = None,
                       sweeps: int = 1000, tol: float = 1e-10) -> np.ndarray:
    """argmin (1/n)‖y − Xβ‖² + λ‖β‖₁ (MSE + Keras' L1(λ)) by coordinate descent with soft-thresholding (exact zeros)."""
    n, d = X.shape
    beta = np.zeros(d) if start is None else np.array(start, float)
    scale = (X ** 2).sum(0) / n
    for _ in range(sweeps):
        largest_change = 0.0
        for j in range(d):
            residual = y - X @ beta + X[:, j] * beta[j]
            new = _soft_threshold(X[:, j] @ residual / n, lam / 2) / scale[j]  # the MSE's gradient carries a 2
            largest_change = max(largest_change, abs(new - beta[j]))
            beta[j] = new
        if largest_change < tol:
            break
    return beta


def regularization_paths(lambdas: Iterable[float]) -> pd.DataFrame:
    """Long table lam, feature, method ("l1"/"l2"), coef: Lasso and Ridge coefficients as λ grows."""
    X, y = regularization_data()
    rows, beta = [], None
    for lam in sorted(lambdas):
        beta = lasso_coefficients(X, y, lam, start=beta)  # warm start from the previous λ
        ridge = ridge_coefficients(X, y, lam)
        for j in range(X.shape[1]):
            rows.append({"lam": lam, "feature": f"x{j + 1}", "method": "l1", "coef": beta[j]})
            rows.append({"lam": lam, "feature": f"x{j + 1}", "method": "l2", "coef": ridge[j]})
    return pd.DataFrame(rows)


def exact_zeros(paths: pd.DataFrame, lam: float) -> dict[str, int]:
    """How many coefficients are exactly 0.0 at ``lam``, per method ("l1", "l2")."""
    at_lam = paths[paths["lam"] == lam]
    return {method: int((part["coef"] == 0.0).sum()) for method, part in at_lam.groupby("method")}


def dropout_layer(rate: float, step: int, units: int = 12, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A layer's activations before and after tf.nn dropout (kept units scaled by 1/(1 − rate)); new mask per step."""
    import tensorflow as tf  # TensorFlow: loaded only when this runs, never at start-up

    before = np.round(np.random.default_rng(seed).uniform(0.1, 1.0, units), 2)
    if rate == 0:
        return before, before.copy()
    after = tf.nn.experimental.stateless_dropout(tf.constant(before), rate, seed=[seed, step])
    return before, after.numpy()


MNIST_SAMPLE = Path(__file__).parents[1] / "assets" / "mnist_sample.npz"


def batch_norm_demo(batch_size: int, units: int = 3, seed: int = 0) -> pd.DataFrame:
    """Long table unit, stage ("before"/"after"), value: a Dense layer's pre-activations on a batch of MNIST
    digits, and the same after a Keras BatchNormalization layer in training mode."""
    import keras  # TensorFlow: loaded only when this runs, never at start-up

    with np.load(MNIST_SAMPLE) as data:
        images = data["x"]
    rng = np.random.default_rng(seed)
    batch = images[rng.choice(len(images), batch_size, replace=False)].reshape(batch_size, -1) / 255.0
    dense = keras.layers.Dense(units, kernel_initializer=keras.initializers.RandomNormal(0.02, 0.05, seed=seed),
                               bias_initializer=keras.initializers.RandomUniform(-2, 2, seed=seed))
    pre = dense(batch.astype("float32"))
    normalised = keras.layers.BatchNormalization()(pre, training=True)
    frames = []
    for stage, values in (("before", np.asarray(pre)), ("after", np.asarray(normalised))):
        for unit in range(units):
            frames.append(pd.DataFrame({"unit": unit + 1, "stage": stage, "value": values[:, unit]}))
    return pd.concat(frames, ignore_index=True)
