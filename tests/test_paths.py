"""Optimizer paths on 2-D surfaces: real Keras optimizers checked against hand-computed update rules."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from dnn_core.charts.paths import MAX_FRAMES, paths_figure, paths_loss_figure
from dnn_core.engine.config import OPTIMIZER_NAMES
from dnn_core.engine.paths import SURFACES, default_lr, optimizer_path, optimizer_paths

ROOT = Path(__file__).resolve().parents[1]


def keras_float(value: float) -> float:
    """A hyper-parameter as Keras really applies it: learning rate and momentum are kept in float32."""
    return float(np.float32(value))


@pytest.fixture(scope="module")
def bowl_paths():
    """Every optimizer on the ill-conditioned bowl, each with its default learning rate."""
    return optimizer_paths("bowl", OPTIMIZER_NAMES)


def distance_to_minimum(x: float, y: float, surface: str = "bowl") -> float:
    return min(np.hypot(x - mx, y - my) for mx, my in SURFACES[surface].minima)


def test_every_optimizer_ends_nearer_the_bowl_minimum(bowl_paths):
    assert list(bowl_paths["optimizer"].unique()) == list(OPTIMIZER_NAMES)
    for name, path in bowl_paths.groupby("optimizer"):
        first, last = path.iloc[0], path.iloc[-1]
        assert (first["x"], first["y"]) == SURFACES["bowl"].start
        assert not last["diverged"], name
        assert distance_to_minimum(last["x"], last["y"]) < distance_to_minimum(first["x"], first["y"]), name


def test_sgd_on_the_bowl_follows_the_closed_form():
    # f = 0.5 (x² + 20 y²): gradient (x, 20 y), so x_k = x0 (1 - lr)^k and y_k = y0 (1 - 20 lr)^k
    path = optimizer_path("bowl", "sgd", start=(-4.0, 1.0), lr=0.09, steps=30)
    k, lr = np.arange(31), keras_float(0.09)
    np.testing.assert_allclose(path["x"], -4.0 * (1 - lr) ** k, rtol=1e-9)
    np.testing.assert_allclose(path["y"], 1.0 * (1 - 20 * lr) ** k, rtol=1e-9)  # ≈ (-0.8)^k: the zig-zag
    np.testing.assert_allclose(path["loss"], 0.5 * (path["x"] ** 2 + 20 * path["y"] ** 2))


@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum_optimizers_follow_their_update_rule_with_momentum_0_9(nesterov):
    lr, steps = keras_float(0.03), 20
    path = optimizer_path("bowl", "nesterov" if nesterov else "momentum", start=(-4.5, 2.0), lr=0.03, steps=steps)
    momentum = keras_float(0.9)
    point, velocity, expected = np.array([-4.5, 2.0]), np.zeros(2), [(-4.5, 2.0)]
    for _ in range(steps):  # Keras: v = 0.9 v - lr g; x += v (nesterov: x += 0.9 v - lr g)
        gradient = point * [1.0, 20.0]
        velocity = momentum * velocity - lr * gradient
        point = point + (momentum * velocity - lr * gradient if nesterov else velocity)
        expected.append(tuple(point))
    np.testing.assert_allclose(path[["x", "y"]].to_numpy(), expected, rtol=1e-9, atol=1e-12)


def test_adam_first_step_is_about_lr_along_each_axis_whatever_the_gradient():
    # Adam's first update is lr · g / |g| per coordinate: equal steps although the y gradient is 80× the x one
    path = optimizer_path("bowl", "adam", start=(-4.5, 2.0), lr=0.1, steps=1)
    np.testing.assert_allclose(path.loc[1, ["x", "y"]].to_numpy(float), [-4.4, 1.9], atol=1e-5)


def test_sgd_on_the_saddle_ridge_stays_on_it_and_heads_for_the_saddle_point():
    path = optimizer_path("saddle", "sgd", start=(1.0, 0.0), lr=0.05, steps=100)
    assert len(path) == 101 and not path["diverged"].any()
    assert path["y"].abs().max() < 1e-9  # the gradient along y is -2y = 0: nothing ever pushes it off the ridge
    np.testing.assert_allclose(path["x"], (1 - 2 * keras_float(0.05)) ** np.arange(101), rtol=1e-9)  # (1 - 2 lr)^k
    assert (np.diff(path["x"]) < 0).all() and path["x"].iloc[-1] < 1e-4


def test_adam_goes_down_the_rosenbrock_valley():
    path = optimizer_path("rosenbrock", "adam")
    assert path["loss"].iloc[0] == pytest.approx(24.2)  # (1 + 1.2)² + 100 (1 - 1.44)² at the start (-1.2, 1)
    assert path["loss"].iloc[-1] < 0.1 * path["loss"].iloc[0]
    assert not path["diverged"].any()


def test_a_too_large_learning_rate_diverges_and_the_path_stops_there():
    # lr 0.2 > 2 / 20: y_k = 2 (1 - 4)^k = 2 (-3)^k first leaves the ±1e6 box at k = 12
    path = optimizer_path("bowl", "sgd", start=(-4.5, 2.0), lr=0.2, steps=100)
    assert path["diverged"].all()
    assert list(path["step"]) == list(range(12))
    assert np.isfinite(path[["x", "y", "loss"]].to_numpy()).all()


def test_learning_rates_one_for_all_per_optimizer_or_default():
    paths = optimizer_paths("beale", ["sgd", "adam", "adam"], lr={"adam": 0.02}, steps=3)
    rates = paths.groupby("optimizer", sort=False)["lr"].first()
    assert rates.to_dict() == {"sgd": default_lr("beale", "sgd"), "adam": 0.02}  # each optimizer once
    assert set(optimizer_paths("beale", ["sgd", "adagrad"], lr=0.001, steps=2)["lr"]) == {0.001}
    assert len(paths) == 2 * 4


@pytest.mark.parametrize("call, field", [
    (lambda: optimizer_path("volcano", "adam"), "surface"),
    (lambda: optimizer_path("bowl", "lion"), "optimizer"),
    (lambda: optimizer_path("bowl", "adam", lr=0.0), "lr"),
    (lambda: optimizer_path("bowl", "adam", steps=10**6), "steps"),
])
def test_bad_settings_name_the_field(call, field):
    with pytest.raises(ValueError, match=field):
        call()


def test_paths_figure_has_one_trace_per_optimizer_and_animation_frames(bowl_paths):
    fig = paths_figure("bowl", bowl_paths, "zh-TW")
    path_traces = [i for i, trace in enumerate(fig.data) if trace.legendgroup in OPTIMIZER_NAMES]
    assert [fig.data[i].legendgroup for i in path_traces] == list(OPTIMIZER_NAMES)
    assert len(fig.frames) == MAX_FRAMES  # 101 steps → downsampled to 60 frames
    assert [int(frame.name) for frame in (fig.frames[0], fig.frames[-1])] == [0, 100]
    for frame in fig.frames:
        assert list(frame.traces) == path_traces and len(frame.data) == len(OPTIMIZER_NAMES)
    assert all(len(data.x) == 1 for data in fig.frames[0].data)  # step 0: every path is just the start
    np.testing.assert_allclose(fig.frames[-1].data[0].x, fig.data[path_traces[0]].x)  # last frame = whole path
    assert [button.label for button in fig.layout.updatemenus[0].buttons] == ["▶ 播放", "❚❚ 暫停"]
    assert len(fig.layout.sliders[0].steps) == len(fig.frames)
    star = next(trace for trace in fig.data if trace.name == "最小值")
    assert (star.x, star.y) == ((0.0,), (0.0,))


def test_paths_loss_figure_uses_a_log_axis_only_when_losses_are_positive(bowl_paths):
    fig = paths_loss_figure(bowl_paths, "en")
    assert len(fig.data) == len(OPTIMIZER_NAMES) and fig.layout.yaxis.type == "log"
    saddle = optimizer_paths("saddle", ["sgd"], steps=40)  # x² − y² goes negative once it slides off the ridge
    assert (saddle["loss"] < 0).any()
    assert paths_loss_figure(saddle, "en").layout.yaxis.type == "linear"


def test_surfaces_and_charts_import_without_tensorflow():
    code = ("import sys, dnn_core.engine.paths, dnn_core.charts.paths; "
            "print(sorted(m for m in ('tensorflow', 'keras') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "[]", done.stderr
