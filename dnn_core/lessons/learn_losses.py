"""Learn page, loss functions: MSE and MAE on a line with an outlier, entropy and cross-entropy in bits, the
stock forecast, and the notes' loss over a whole batch: cross-entropy averaged over N samples,
−(1/N) Σᵢ Σₖ yᵢₖ ln ŷᵢₖ.

Keras' losses report this mean over the batch (natural log, so in nats); the stock example of the Learn page
adds the forecast set on the page as the last of a few days.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd


def mse(y: npt.ArrayLike, y_hat: npt.ArrayLike) -> float:
    """Mean squared error."""
    return float(np.mean((np.asarray(y) - np.asarray(y_hat)) ** 2))


def mae(y: npt.ArrayLike, y_hat: npt.ArrayLike) -> float:
    """Mean absolute error."""
    return float(np.mean(np.abs(np.asarray(y) - np.asarray(y_hat))))


def fit_line_mse(x: npt.ArrayLike, y: npt.ArrayLike) -> tuple[float, float]:
    """(slope, intercept) minimising the MSE: least squares, in closed form."""
    slope, intercept = np.polyfit(np.asarray(x, float), np.asarray(y, float), 1)
    return float(slope), float(intercept)


def fit_line_mae(x: npt.ArrayLike, y: npt.ArrayLike) -> tuple[float, float]:
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


def information_bits(p: npt.ArrayLike) -> np.ndarray:
    """I(x) = −log₂ p(x): how surprising an outcome of probability p is, in bits."""
    return -np.log2(np.asarray(p, float))


def entropy_bits(p: npt.ArrayLike) -> float:
    """H(p) = −Σ p log₂ p, the average information (0 · log 0 counts as 0)."""
    from scipy.stats import entropy

    return float(entropy(np.asarray(p, float), base=2))


def cross_entropy_bits(p: npt.ArrayLike, q: npt.ArrayLike) -> float:
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


def stock_forecast(actual: str, weights: npt.ArrayLike) -> StockForecast:
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
    import tensorflow as tf  # TensorFlow: loaded only when this runs, never at start-up

    p = np.linspace(0.01, 0.99, steps)
    logits = tf.Variable(np.log(p / (1 - p)))
    with tf.GradientTape(persistent=True) as tape:
        prob = tf.sigmoid(logits)
        ce = -tf.math.log(prob)
        squared = (1.0 - prob) ** 2
    return pd.DataFrame({"p": p, "ce_loss": ce.numpy(), "mse_loss": squared.numpy(),
                         "ce_grad": np.abs(tape.gradient(ce, logits).numpy()),
                         "mse_grad": np.abs(tape.gradient(squared, logits).numpy())})


# ---- the notes' loss over a whole batch ---------------------------------------------------------------------------

# Four earlier days of the stock example: the forecast (up, down, flat) and what the stock did.
EARLIER_DAYS = (((0.6, 0.3, 0.1), "up"), ((0.2, 0.5, 0.3), "down"), ((0.3, 0.3, 0.4), "flat"),
                ((0.5, 0.4, 0.1), "down"))


def one_hot(outcome: str) -> np.ndarray:
    """The target of one day: 1 for what happened, 0 for the other two outcomes."""
    return np.array([o == outcome for o in STOCK_OUTCOMES], float)


def per_sample_cross_entropy(targets: npt.ArrayLike, forecasts: npt.ArrayLike) -> np.ndarray:
    """−Σₖ yᵢₖ ln ŷᵢₖ for each sample i (rows), in nats."""
    targets, forecasts = np.asarray(targets, float), np.asarray(forecasts, float)
    happened = targets > 0  # only these terms count: a 0 forecast for what did not happen costs nothing
    logs = np.log(forecasts, out=np.zeros_like(forecasts), where=happened)
    return -np.sum(targets * logs, axis=1)


def averaged_cross_entropy(targets: npt.ArrayLike, forecasts: npt.ArrayLike) -> float:
    """−(1/N) Σᵢ Σₖ yᵢₖ ln ŷᵢₖ: the mean over the N samples, what Keras reports for a batch."""
    return float(np.mean(per_sample_cross_entropy(targets, forecasts)))


def stock_days(today_weights: npt.ArrayLike, today_actual: str) -> pd.DataFrame:
    """One row per day (the earlier days, then today's forecast weights from the page, normalised): the forecast
    for each outcome, what happened, and that day's loss in nats."""
    days = [*EARLIER_DAYS, (tuple(np.asarray(today_weights, float) / np.sum(today_weights)), today_actual)]
    forecasts = np.array([forecast for forecast, _ in days])
    targets = np.array([one_hot(actual) for _, actual in days])
    frame = pd.DataFrame(forecasts, columns=list(STOCK_OUTCOMES))
    frame.insert(0, "day", np.arange(1, len(days) + 1))
    frame["actual"] = [actual for _, actual in days]
    frame["loss"] = per_sample_cross_entropy(targets, forecasts)
    return frame
