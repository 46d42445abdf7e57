"""The experiments behind the Learn page: one small, pure computation per concept of the course.

NumPy does the arithmetic, TensorFlow takes the derivatives (tf.GradientTape) and runs the real layers, SciPy
solves the constrained problems. TensorFlow is imported inside the functions that need it, so importing this
module costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

# ------------------------------------------------------------------ activations (sections 1 and 2)

# activation name (the config vocabulary) -> the tf.nn function that computes it
TF_ACTIVATIONS = {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "relu", "leaky_relu": "leaky_relu",
                  "elu": "elu", "selu": "selu", "softplus": "softplus", "swish": "silu", "gelu": "gelu"}
ACTIVATION_NAMES = tuple(TF_ACTIVATIONS)
# Wide enough that every activation shows its asymptotes, narrow enough that float64 still tells them apart.
_RANGE_GRID = np.linspace(-8.0, 8.0, 1601)


def _tf_activation(name: str):
    import tensorflow as tf

    if name not in TF_ACTIVATIONS:
        raise ValueError(f"activation: unknown value {name!r}; allowed: {', '.join(ACTIVATION_NAMES)}")
    return getattr(tf.nn, TF_ACTIVATIONS[name])


def activation_and_derivative(name: str, x) -> tuple[np.ndarray, np.ndarray]:
    """σ(x) and σ′(x) elementwise, the derivative taken by tf.GradientTape."""
    import tensorflow as tf

    fn = _tf_activation(name)
    xs = tf.constant(np.asarray(x, dtype=np.float64))
    with tf.GradientTape() as tape:
        tape.watch(xs)
        ys = fn(xs)
    return ys.numpy(), tape.gradient(ys, xs).numpy()


def activate(name: str, x) -> np.ndarray:
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


def neuron_surface(w1: float, w2: float, b: float, activation: str, point=(1.0, 1.0),
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

def activation_curves(names, low: float = -5.0, high: float = 5.0, steps: int = 201) -> pd.DataFrame:
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


def activation_table(names=ACTIVATION_NAMES) -> pd.DataFrame:
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


def gradient_bound_by_depth(names, depth: int) -> pd.DataFrame:
    """Long table depth, activation, bound: the largest factor (max σ′)ⁿ a gradient keeps after n layers."""
    depths = np.arange(1, depth + 1)
    frames = [pd.DataFrame({"depth": depths, "activation": name, "bound": max_derivative(name) ** depths})
              for name in names]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["depth", "activation", "bound"])


# ------------------------------------------------------------------ 3. loss functions

def mse(y, y_hat) -> float:
    """Mean squared error."""
    return float(np.mean((np.asarray(y) - np.asarray(y_hat)) ** 2))


def mae(y, y_hat) -> float:
    """Mean absolute error."""
    return float(np.mean(np.abs(np.asarray(y) - np.asarray(y_hat))))


def fit_line_mse(x, y) -> tuple[float, float]:
    """(slope, intercept) minimising the MSE: least squares, in closed form."""
    slope, intercept = np.polyfit(np.asarray(x, float), np.asarray(y, float), 1)
    return float(slope), float(intercept)


def fit_line_mae(x, y) -> tuple[float, float]:
    """(slope, intercept) minimising the MAE, solved exactly as a linear program."""
    from scipy.optimize import linprog

    x, y = np.asarray(x, float), np.asarray(y, float)
    n = len(x)
    # variables: slope, intercept, t_1..t_n with |y_i - slope*x_i - intercept| <= t_i; minimise sum(t)
    cost = np.r_[0.0, 0.0, np.ones(n)]
    rows = np.c_[x, np.ones(n)]
    a_ub = np.vstack([np.c_[-rows, -np.eye(n)], np.c_[rows, -np.eye(n)]])
    b_ub = np.r_[-y, y]
    bounds = [(None, None), (None, None)] + [(0, None)] * n
    result = linprog(cost, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
    return float(result.x[0]), float(result.x[1])


@dataclass(frozen=True)
class LineFits:
    """A small regression with one movable outlier, fitted by MSE and by MAE."""

    x: np.ndarray
    y: np.ndarray
    fits: pd.DataFrame  # index fit ("mse", "mae"); columns slope, intercept, mse, mae


def outlier_regression(outlier: float, seed: int = 0) -> LineFits:
    """Ten points near y = 2x + 1 whose last point is moved up by ``outlier``; both best lines and their losses."""
    rng = np.random.default_rng(seed)
    x = np.arange(10.0)
    y = 2 * x + 1 + rng.normal(0, 1.0, x.size)
    y[-1] += outlier
    rows = {}
    for name, fit in (("mse", fit_line_mse), ("mae", fit_line_mae)):
        slope, intercept = fit(x, y)
        y_hat = slope * x + intercept
        rows[name] = {"slope": slope, "intercept": intercept, "mse": mse(y, y_hat), "mae": mae(y, y_hat)}
    return LineFits(x, y, pd.DataFrame.from_dict(rows, orient="index"))


def information_bits(p) -> np.ndarray:
    """I(x) = −log₂ p(x): how surprising an outcome of probability p is, in bits."""
    return -np.log2(np.asarray(p, float))


def entropy_bits(p) -> float:
    """H(p) = −Σ p log₂ p, the average information (0 · log 0 counts as 0)."""
    p = np.asarray(p, float)
    nonzero = p[p > 0]
    return float(-np.sum(nonzero * np.log2(nonzero)))


def cross_entropy_bits(p, q) -> float:
    """H(p, q) = −Σ p log₂ q: the information a forecast q costs when outcomes follow p."""
    p, q = np.asarray(p, float), np.asarray(q, float)
    used = p > 0
    return float(-np.sum(p[used] * np.log2(q[used])))


STOCK_OUTCOMES = ("up", "down", "flat")


@dataclass(frozen=True)
class StockForecast:
    """The course's three-class example: tomorrow's stock goes up, down or stays flat."""

    table: pd.DataFrame  # columns outcome, target, predicted, information_bits
    cross_entropy_bits: float
    cross_entropy_nats: float  # what Keras' categorical cross-entropy reports (natural log)
    prediction_entropy_bits: float  # how unsure the forecast itself is
    mse: float  # the squared error of the same forecast against the one-hot target


def stock_forecast(actual: str, weights) -> StockForecast:
    """Score a forecast (weights for up, down, flat, normalised to probabilities) against what happened."""
    if actual not in STOCK_OUTCOMES:
        raise ValueError(f"actual: unknown outcome {actual!r}; allowed: {', '.join(STOCK_OUTCOMES)}")
    weights = np.asarray(weights, float)
    if weights.shape != (3,) or (weights < 0).any() or weights.sum() <= 0:
        raise ValueError("weights: give three non-negative numbers (up, down, flat) that are not all zero")
    predicted = weights / weights.sum()
    target = np.array([outcome == actual for outcome in STOCK_OUTCOMES], float)
    ce_bits = cross_entropy_bits(target, predicted)
    table = pd.DataFrame({"outcome": STOCK_OUTCOMES, "target": target, "predicted": predicted,
                          "information_bits": information_bits(predicted)})
    return StockForecast(table, ce_bits, ce_bits * np.log(2), entropy_bits(predicted), mse(target, predicted))


def confident_wrong_gradients(steps: int = 99) -> pd.DataFrame:
    """Loss and |∂loss/∂logit| of cross-entropy and MSE for a sigmoid output whose right answer is 1.

    Columns p (the probability given to the right answer), ce_loss, mse_loss, ce_grad, mse_grad; the
    gradients come from tf.GradientTape.
    """
    import tensorflow as tf

    p = np.linspace(0.01, 0.99, steps)
    logits = tf.Variable(np.log(p / (1 - p)))
    with tf.GradientTape(persistent=True) as tape:
        prob = tf.sigmoid(logits)
        ce = -tf.math.log(prob)
        squared = (1.0 - prob) ** 2
    return pd.DataFrame({"p": p, "ce_loss": ce.numpy(), "mse_loss": squared.numpy(),
                         "ce_grad": np.abs(tape.gradient(ce, logits).numpy()),
                         "mse_grad": np.abs(tape.gradient(squared, logits).numpy())})


# ------------------------------------------------------------------ 4. gradient descent

# Learning rates offered on the page: on x² GD diverges above 1, on x² + 4y² above 0.25.
GD_LEARNING_RATES = (0.001, 0.01, 0.03, 0.1, 0.2, 0.3, 0.5, 0.9, 1.1)


def bowl_1d(x):
    """f(x) = x²."""
    return np.asarray(x) ** 2


def bowl_2d(x, y):
    """f(x, y) = x² + 4y²: four times steeper along y, so y is the first to diverge."""
    return np.asarray(x) ** 2 + 4 * np.asarray(y) ** 2


def descend(gradient, start, lr: float, steps: int) -> np.ndarray:
    """The points visited by plain gradient descent: p ← p − lr·∇f(p); shape (steps + 1, dims)."""
    path = [np.atleast_1d(np.asarray(start, float))]
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging run is a result to show, not an error
        for _ in range(steps):
            path.append(path[-1] - lr * gradient(path[-1]))
    return np.array(path)


def gd_1d(lr: float, start: float = 4.0, steps: int = 30) -> np.ndarray:
    """Gradient descent on x², path of shape (steps + 1, 1)."""
    return descend(lambda p: 2 * p, [start], lr, steps)


def gd_2d(lr: float, start=(-4.0, 2.0), steps: int = 30) -> np.ndarray:
    """Gradient descent on x² + 4y², path of shape (steps + 1, 2)."""
    return descend(lambda p: np.array([2 * p[0], 8 * p[1]]), start, lr, steps)


def gd_verdict(losses) -> str:
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


def regression_loss(w, b, x, y) -> np.ndarray:
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


def minibatch_descent(x, y, batch_size: int, lr: float, epochs: int, start=(-2.0, 3.0),
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


# ------------------------------------------------------------------ 5. backpropagation

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


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def forward_2_2_1(params: dict, x, y: float) -> dict[str, np.ndarray]:
    """Forward pass: z1 = W1ᵀx + b1, h = σ(z1), z2 = W2ᵀh + b2, ŷ = σ(z2), loss = ½(ŷ − y)²."""
    x = np.asarray(x, float)
    z1 = params["W1"].T @ x + params["b1"]
    h = _sigmoid(z1)
    z2 = params["W2"] @ h + params["b2"]
    y_hat = _sigmoid(z2)
    return {"x": x, "z1": z1, "h": h, "z2": z2, "y_hat": y_hat, "loss": 0.5 * (y_hat - y) ** 2}


def gradients_by_hand(params: dict, x, y: float) -> dict[str, np.ndarray]:
    """∂loss/∂parameter for every parameter, by the chain rule written out in NumPy."""
    f = forward_2_2_1(params, x, y)
    delta2 = (f["y_hat"] - y) * f["y_hat"] * (1 - f["y_hat"])  # ∂L/∂ŷ · ∂ŷ/∂z2
    delta1 = delta2 * params["W2"] * f["h"] * (1 - f["h"])  # back through W2 and σ′(z1)
    return {"W1": np.outer(f["x"], delta1), "b1": delta1, "W2": delta2 * f["h"], "b2": delta2}


def gradients_by_tape(params: dict, x, y: float) -> dict[str, np.ndarray]:
    """The same gradients from tf.GradientTape, in float64."""
    import tensorflow as tf

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


def backprop_step(x, y: float, lr: float, params: dict | None = None) -> BackpropStep:
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


# ------------------------------------------------------------------ 6. regularization

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


def ridge_coefficients(X, y, lam: float) -> np.ndarray:
    """argmin (1/n)‖y − Xβ‖² + λ‖β‖² (MSE plus what Keras' L2(λ) adds), in closed form: (XᵀX/n + λI)⁻¹ Xᵀy/n."""
    n, d = X.shape
    return np.linalg.solve(X.T @ X / n + lam * np.eye(d), X.T @ y / n)


def _soft_threshold(value: float, lam: float) -> float:
    # the proximal step of λ|β|: anything within λ of zero becomes exactly zero
    return float(np.sign(value) * max(abs(value) - lam, 0.0)) + 0.0  # + 0.0: no −0.0 in the tables


def lasso_coefficients(X, y, lam: float, start=None, sweeps: int = 1000, tol: float = 1e-10) -> np.ndarray:
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


def regularization_paths(lambdas) -> pd.DataFrame:
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
    import tensorflow as tf

    before = np.round(np.random.default_rng(seed).uniform(0.1, 1.0, units), 2)
    if rate == 0:
        return before, before.copy()
    after = tf.nn.experimental.stateless_dropout(tf.constant(before), rate, seed=[seed, step])
    return before, after.numpy()


MNIST_SAMPLE = Path(__file__).parent / "assets" / "mnist_sample.npz"


def batch_norm_demo(batch_size: int, units: int = 3, seed: int = 0) -> pd.DataFrame:
    """Long table unit, stage ("before"/"after"), value: a Dense layer's pre-activations on a batch of MNIST
    digits, and the same after a Keras BatchNormalization layer in training mode."""
    import keras

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


# ------------------------------------------------------------------ 7. Lagrange multipliers

@dataclass(frozen=True)
class LagrangePoint:
    """A stationary point of L(x, y, λ) = f(x, y) + λ·g(x, y) with f = x + y and g = x² + y² − c."""

    kind: str  # "max" or "min" of f on the circle
    x: float
    y: float
    lam: float
    f: float


def _lagrangian_gradient(v, c: float) -> np.ndarray:
    x, y, lam = v
    return np.array([1 + 2 * lam * x, 1 + 2 * lam * y, x ** 2 + y ** 2 - c])  # ∂L/∂x, ∂L/∂y, ∂L/∂λ


def lagrange_numeric(c: float = 32.0) -> list[LagrangePoint]:
    """Solve ∇L = 0 with scipy.optimize.root from one start in each quadrant where f can be extreme."""
    from scipy.optimize import root

    if c <= 0:
        raise ValueError(f"c: the circle x² + y² = c needs c > 0, got {c}")
    points = []
    for start in ((1.0, 1.0, -1.0), (-1.0, -1.0, 1.0)):
        solution = root(_lagrangian_gradient, start, args=(c,), tol=1e-12)
        x, y, lam = solution.x
        points.append((x, y, lam))
    points.sort(key=lambda p: -(p[0] + p[1]))
    return [LagrangePoint(kind, x, y, lam, x + y) for kind, (x, y, lam) in zip(("max", "min"), points)]


def lagrange_closed_form(c: float = 32.0) -> list[LagrangePoint]:
    """By hand: 1 + 2λx = 0 and 1 + 2λy = 0 give x = y = −1/(2λ); on the circle x = ±√(c/2), λ = ∓1/(2√(c/2))."""
    r = np.sqrt(c / 2)
    return [LagrangePoint("max", r, r, -1 / (2 * r), 2 * r), LagrangePoint("min", -r, -r, 1 / (2 * r), -2 * r)]


def lagrange_table(c: float = 32.0) -> pd.DataFrame:
    """The numerical and closed-form solutions side by side, one row per extreme."""
    rows = []  # lam_minus: the λ of L = f − λg, the sign the notes print
    for numeric, exact in zip(lagrange_numeric(c), lagrange_closed_form(c)):
        rows.append({"kind": numeric.kind, "x": numeric.x, "y": numeric.y, "f": numeric.f, "lam_numeric": numeric.lam,
                     "lam_exact": exact.lam, "lam_minus": -exact.lam})
    return pd.DataFrame(rows)


def gradients_on_circle(c: float, angle_deg: float) -> dict[str, object]:
    """At the circle point at ``angle_deg``: ∇f, ∇g and the angle between them (0° or 180° only at the extremes)."""
    r = np.sqrt(c)
    point = np.array([r * np.cos(np.radians(angle_deg)), r * np.sin(np.radians(angle_deg))])
    grad_f, grad_g = np.array([1.0, 1.0]), 2 * point
    cosine = grad_f @ grad_g / (np.linalg.norm(grad_f) * np.linalg.norm(grad_g))
    return {"point": point, "grad_f": grad_f, "grad_g": grad_g,
            "angle": float(np.degrees(np.arccos(np.clip(cosine, -1, 1)))), "f": float(point.sum())}
