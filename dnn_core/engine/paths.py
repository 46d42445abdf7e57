"""Optimizer paths on 2-D loss surfaces: the course's picture of how each optimizer travels downhill.

A surface is a plain function of (x, y) made of + − × and powers, so the same function runs on TensorFlow
variables (real gradients, real Keras optimizers) and on NumPy grids (the contour plot). TensorFlow is imported
only inside ``optimizer_path``, so the charts can draw a surface without paying for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

import numpy as np
import pandas as pd

from dnn_core.engine.config import MAX_LR, OPTIMIZER_NAMES, OPTIMIZERS, ConfigError, ExperimentConfig, number_text

# A path is called diverged (and stopped) when it leaves this box or its loss stops being a finite number.
DIVERGED_BEYOND = 1e6
MAX_STEPS = 2000  # a shared server runs these for a whole class
PATH_COLUMNS = ["step", "x", "y", "loss", "diverged"]
Coordinate = float | np.ndarray  # what a surface's f takes and gives; a tf.Variable too (f only uses + - * **)


@dataclass(frozen=True)
class Surface:
    """A 2-D loss surface with what it takes to draw it and to start optimizers on it."""

    name: str  # key in SURFACES and in the text table (paths.surface.<name>)
    f: Callable[[Coordinate, Coordinate], Coordinate]  # f(x, y) -> loss (only + - * **: see Coordinate)
    x_range: tuple[float, float]  # the plotted window
    y_range: tuple[float, float]
    start: tuple[float, float]  # default start point
    minima: tuple[tuple[float, float], ...]  # global minima (the saddle: its saddle point)
    sgd_lr: float  # learning rate for sgd: its step is lr × gradient, so the right value depends on the curvature
    momentum_lr: float  # for momentum/nesterov: momentum 0.9 makes steps up to 10x longer, so usually smaller
    adaptive_lr: float  # learning rate for the adaptive optimizers: their step is about lr, whatever the gradient
    steps: int = 150  # default number of steps
    bounded: bool = True  # False when the loss has no minimum (the saddle): no log contours, no log loss axis

    @property
    def f_min(self) -> float:
        """The loss at the (first) minimum."""
        return float(self.f(*self.minima[0]))


def _saddle(x: Coordinate, y: Coordinate) -> Coordinate:
    return x**2 - y**2


def _rosenbrock(x: Coordinate, y: Coordinate, a: float = 1.0, b: float = 100.0) -> Coordinate:
    return (a - x) ** 2 + b * (y - x**2) ** 2


def _beale(x: Coordinate, y: Coordinate) -> Coordinate:
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2


def _bowl(x: Coordinate, y: Coordinate) -> Coordinate:
    # curvature 1 along x and 20 along y: a narrow valley where plain SGD zig-zags and momentum shines
    return 0.5 * (x**2 + 20.0 * y**2)


SURFACES = {
    "bowl": Surface("bowl", _bowl, x_range=(-5.0, 5.0), y_range=(-2.5, 2.5), start=(-4.5, 2.0), minima=((0.0, 0.0),),
                    sgd_lr=0.09, momentum_lr=0.03, adaptive_lr=0.1, steps=100),
    "saddle": Surface("saddle", _saddle, x_range=(-1.5, 1.5), y_range=(-1.5, 1.5), start=(1.0, 0.001),
                      minima=((0.0, 0.0),), sgd_lr=0.05, momentum_lr=0.02, adaptive_lr=0.02, steps=100,
                      bounded=False),
    "rosenbrock": Surface("rosenbrock", _rosenbrock, x_range=(-2.0, 2.0), y_range=(-1.0, 3.0), start=(-1.2, 1.0),
                          minima=((1.0, 1.0),), sgd_lr=0.0015, momentum_lr=0.0008, adaptive_lr=0.1, steps=500),
    "beale": Surface("beale", _beale, x_range=(-4.5, 4.5), y_range=(-4.5, 4.5), start=(1.0, 1.5),
                     minima=((3.0, 0.5),), sgd_lr=0.005, momentum_lr=0.002, adaptive_lr=0.05, steps=300),
}


def get_surface(surface: str | Surface) -> Surface:
    """The surface object for a name (or the object itself)."""
    if isinstance(surface, Surface):
        return surface
    if surface not in SURFACES:
        raise ConfigError("config.error.unknown_value", field="surface", value=repr(surface),
                          allowed=", ".join(SURFACES))
    return SURFACES[surface]


def default_lr(surface: str | Surface, optimizer: str) -> float:
    """A learning rate at which ``optimizer`` makes visible, stable progress on ``surface``."""
    surface = get_surface(surface)
    _check_optimizer(optimizer)
    if optimizer == "sgd":
        return surface.sgd_lr
    if OPTIMIZERS[optimizer].default_momentum:
        return surface.momentum_lr
    if optimizer == "adagrad":
        return 10 * surface.adaptive_lr  # its steps shrink like 1/sqrt(step): it needs a bigger start
    if optimizer == "adadelta":
        return 1.0  # Adadelta's own design has no learning rate; Keras' default 0.001 would barely move
    return surface.adaptive_lr


def optimizer_path(surface: str | Surface, optimizer: str, start: tuple[float, float] | None = None,
                   lr: float | None = None, steps: int | None = None) -> pd.DataFrame:
    """The path of a real Keras optimizer from ``start``: one row per step (PATH_COLUMNS), step 0 = start.

    Stops early when the path diverges (coordinates beyond DIVERGED_BEYOND, NaN or a non-finite loss); then every
    row has ``diverged`` True and the last row is the last point before it went wrong.
    """
    surface = get_surface(surface)
    _check_optimizer(optimizer)
    x0, y0 = start if start is not None else surface.start
    lr = default_lr(surface, optimizer) if lr is None else lr
    steps = surface.steps if steps is None else steps
    _check_range("lr", lr, MAX_LR)
    _check_range("steps", steps, MAX_STEPS)
    xs, ys = _run_optimizer(surface, optimizer, float(x0), float(y0), float(lr), int(steps))
    path = pd.DataFrame({"step": np.arange(len(xs)), "x": xs, "y": ys, "loss": _loss(surface, xs, ys)})
    bad = ~np.isfinite(path["loss"]) | (path[["x", "y"]].abs() > DIVERGED_BEYOND).any(axis=1)
    if bad.any():  # keep the finite points before it went wrong
        path = path.iloc[: int(np.argmax(bad.to_numpy()))]
    path["diverged"] = bool(bad.any())
    return path


def _run_optimizer(surface: Surface, optimizer: str, x0: float, y0: float, lr: float,
                   steps: int) -> tuple[np.ndarray, np.ndarray]:
    """x and y after each optimizer step, start included; fewer than ``steps`` + 1 values if it diverged."""
    import tensorflow as tf  # TensorFlow: loaded only when this runs, never at start-up

    x, y = tf.Variable(x0, dtype=tf.float64), tf.Variable(y0, dtype=tf.float64)
    from dnn_core.engine.model import make_optimizer  # imports keras: only when a path is run

    # the very Keras optimizer training builds: 'momentum' and 'nesterov' get momentum 0.9, the others none
    keras_optimizer = make_optimizer(ExperimentConfig(optimizer=optimizer, lr=lr))
    keras_optimizer.build([x, y])  # its slot variables must exist before the loop is traced

    @tf.function  # one graph for the whole walk: ~50x faster than stepping eagerly
    def walk(n: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
        xs = tf.TensorArray(tf.float64, size=0, dynamic_size=True)
        ys = tf.TensorArray(tf.float64, size=0, dynamic_size=True)
        for i in tf.range(n):
            with tf.GradientTape() as tape:
                loss = surface.f(x, y)
            keras_optimizer.apply_gradients(zip(tape.gradient(loss, [x, y]), [x, y]))
            xs, ys = xs.write(i, x.read_value()), ys.write(i, y.read_value())
            point = tf.stack([x, y])
            if not tf.reduce_all(tf.abs(point) <= DIVERGED_BEYOND):  # also false for NaN: stop, it diverged
                break
        return xs.stack(), ys.stack()

    xs, ys = walk(tf.constant(steps))
    return np.concatenate([[x0], xs.numpy()]), np.concatenate([[y0], ys.numpy()])


def optimizer_paths(surface: str | Surface, optimizers: Iterable[str], start: tuple[float, float] | None = None,
                    lr: float | dict | None = None, steps: int | None = None) -> pd.DataFrame:
    """Paths of several optimizers from the same start, long format: optimizer, lr, then PATH_COLUMNS.

    ``lr``: one learning rate for all, a dict optimizer -> learning rate (missing ones take their default),
    or None for every optimizer's default on this surface.
    """
    surface = get_surface(surface)
    parts = []
    for optimizer in dict.fromkeys(optimizers):  # each once, in the order given
        rate = lr.get(optimizer) if isinstance(lr, dict) else lr
        rate = default_lr(surface, optimizer) if rate is None else rate
        path = optimizer_path(surface, optimizer, start=start, lr=rate, steps=steps)
        parts.append(path.assign(optimizer=optimizer, lr=float(rate))[["optimizer", "lr", *PATH_COLUMNS]])
    if not parts:
        return pd.DataFrame(columns=["optimizer", "lr", *PATH_COLUMNS])
    return pd.concat(parts, ignore_index=True)


def _loss(surface: Surface, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """The loss at each point, in float64 (overflow becomes inf, not a warning)."""
    with np.errstate(over="ignore", invalid="ignore"):
        return np.asarray(surface.f(np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64)))


def _check_optimizer(optimizer: str) -> None:
    if optimizer not in OPTIMIZER_NAMES:
        raise ConfigError("config.error.unknown_value", field="optimizer", value=repr(optimizer),
                          allowed=", ".join(OPTIMIZER_NAMES))


def _check_range(field: str, value: float, high: float) -> None:
    if not 0 < value <= high:  # also refuses NaN
        raise ConfigError("config.error.out_of_range", field=field, value=number_text(value),
                          allowed=f"(0, {number_text(high)}]")
