"""Curve smoothing for overlaid training curves, the way TensorBoard's smoothing slider does it."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from dnn_core.engine.config import ConfigError, number_text

MAX_SMOOTHING = 0.99


def ema(values: npt.ArrayLike, smoothing: float) -> np.ndarray:
    """TensorBoard-style debiased exponential moving average of ``values`` (smoothing 0 = unchanged).

    s_t = smoothing * s_(t-1) + (1 - smoothing) * v_t with s_0 = 0, divided by (1 - smoothing**n) after n finite
    points so the start isn't dragged towards 0. Non-finite values pass through and don't enter the average.
    """
    if not 0.0 <= smoothing <= MAX_SMOOTHING:
        raise ConfigError("config.error.out_of_range", field="smoothing", value=number_text(smoothing),
                          allowed=f"[0, {MAX_SMOOTHING}]")
    values = np.asarray(values, dtype=float)
    smoothed = values.copy()
    finite = np.isfinite(values)
    if finite.any():
        from scipy.signal import lfilter  # the recurrence in C: the live view smooths every batch every second

        decay = smoothing ** np.arange(1, finite.sum() + 1)
        smoothed[finite] = lfilter([1.0 - smoothing], [1.0, -smoothing], values[finite]) / (1.0 - decay)
    return smoothed
