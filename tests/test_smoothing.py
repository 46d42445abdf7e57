"""Curve smoothing (TensorBoard's debiased moving average) against hand computations."""

import numpy as np
import pytest

from dnn_core.engine.smoothing import ema


def test_ema_matches_a_hand_computation():
    # smoothing 0.5 on [1, 2, 3]: raw averages 0.5, 1.25, 2.125; debias by 1 - 0.5**n = 0.5, 0.75, 0.875
    np.testing.assert_allclose(ema([1.0, 2.0, 3.0], 0.5), [1.0, 1.25 / 0.75, 2.125 / 0.875])
    np.testing.assert_allclose(ema([4.0, 4.0, 4.0], 0.9), [4.0, 4.0, 4.0])  # debiasing: no drag towards 0
    np.testing.assert_array_equal(ema([3.0, 1.0], 0.0), [3.0, 1.0])


def test_ema_lets_gaps_through_and_checks_its_range():
    smoothed = ema([1.0, float("nan"), 3.0], 0.5)
    assert np.isnan(smoothed[1])
    # the gap is skipped: 3 is the second point, raw average 0.5 * 0.5 + 0.5 * 3 = 1.75, debiased by 0.75
    np.testing.assert_allclose(smoothed[[0, 2]], [1.0, 1.75 / 0.75])
    with pytest.raises(ValueError, match="smoothing"):
        ema([1.0], 0.995)
