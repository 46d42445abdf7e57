"""The notes' loss over a whole batch: cross-entropy averaged over N samples, −(1/N) Σᵢ Σₖ yᵢₖ ln ŷᵢₖ.

Keras' losses report this mean over the batch (natural log, so in nats); the stock example of the Learn page
adds the forecast set on the page as the last of a few days.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dnn_core.learn import STOCK_OUTCOMES

# Four earlier days of the stock example: the forecast (up, down, flat) and what the stock did.
EARLIER_DAYS = (((0.6, 0.3, 0.1), "up"), ((0.2, 0.5, 0.3), "down"), ((0.3, 0.3, 0.4), "flat"),
                ((0.5, 0.4, 0.1), "down"))


def one_hot(outcome: str) -> np.ndarray:
    """The target of one day: 1 for what happened, 0 for the other two outcomes."""
    return np.array([o == outcome for o in STOCK_OUTCOMES], float)


def per_sample_cross_entropy(targets, forecasts) -> np.ndarray:
    """−Σₖ yᵢₖ ln ŷᵢₖ for each sample i (rows), in nats."""
    targets, forecasts = np.asarray(targets, float), np.asarray(forecasts, float)
    happened = targets > 0  # only these terms count: a 0 forecast for what did not happen costs nothing
    logs = np.log(forecasts, out=np.zeros_like(forecasts), where=happened)
    return -np.sum(targets * logs, axis=1)


def averaged_cross_entropy(targets, forecasts) -> float:
    """−(1/N) Σᵢ Σₖ yᵢₖ ln ŷᵢₖ: the mean over the N samples, what Keras reports for a batch."""
    return float(np.mean(per_sample_cross_entropy(targets, forecasts)))


def stock_days(today_weights, today_actual: str) -> pd.DataFrame:
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
