"""Plain-language diagnostics of a training run, from its histories, gradient records and dead-ReLU shares.

Each rule looks for one well-known problem and, when it finds it, returns a ``Diagnosis`` whose text lives
in the translation table under ``inspect.diag.<code>.title/.finding/.suggestion``; ``params`` are the
evidence numbers the finding quotes. No warning or error fires on a healthy run of the course model (tests check
this); a note may: the course notes' own run shows validation loss turning up after epoch 7.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from dnn_core.engine.config import ExperimentConfig

# --- thresholds; in brackets, what runs of the presets on mnist_sample measured ------------------------------
# Learning rate too high: an epoch loss this many times the loss of a uniform guess means steps overshoot
# (lr 5 with SGD: first epoch 100 × ln 10; a healthy run starts near 1 × and only goes down).
EXPLODING_FACTOR = 3.0
# ... or the epoch training loss rising by more than this share, at least OSCILLATION_RISES times.
OSCILLATION_STEP = 0.10
OSCILLATION_RISES = 2
# Learning rate too low: training loss changed by less than this share from the first to the last epoch
# (lr 1e-5: 0.8 %; the course model: 90 %) while accuracy stays below LOW_LR_ACCURACY.
FLAT_LOSS_CHANGE = 0.02
LOW_LR_ACCURACY = 0.5
# Vanishing gradients: the first weight layer's (Conv2D or Dense) mean gradient norm, over the last half of
# training, below this share of the output layer's (deep sigmoid: 0.3 %; course model: 130 %; deep ReLU + batch
# norm: 570 %; conv32,pool,conv64,pool,128: 73 %; conv8 ×3 + 64 ×3 all sigmoid: under 0.01 %).
VANISHING_RATIO = 0.01
# Dead ReLUs: a ReLU layer where more than this share of units (or filters) never fires on the test set (course:
# ≤ 4 %).
DEAD_RELU_SHARE = 0.40
# Overfitting: the validation loss stayed this much above its best in each of the last OVERFIT_EPOCHS epochs
# while the training loss kept falling; one noisy epoch is not enough (course model: 1 %; 512 units without
# dropout for 15 epochs: 11 %).
OVERFIT_RISE = 0.08
OVERFIT_EPOCHS = 2
# Validation loss turned (a note, the notes' sign of overfitting): lowest at some epoch, then higher in each of
# at least TURN_EPOCHS later epochs, still rising at the end and more than TURN_RISE above its lowest, while the
# training loss kept falling (course model on mnist_sample, seed 42: lowest in epoch 8, then +1.2 % and +7.2 %;
# seed 2: +4.6 % one epoch after its lowest, too soon to tell; seed 1: still falling in epoch 10).
TURN_EPOCHS = 2
TURN_RISE = 0.03
# Underfitting: training and validation accuracy both below this (per data set: a linear model reaches 92 % on
# MNIST, a small dense net about 85 % on Fashion-MNIST) and gaining less than UNDERFIT_GAIN over the last
# UNDERFIT_EPOCHS epochs.
UNDERFIT_ACCURACY = {"fashion_mnist": 0.80}
UNDERFIT_ACCURACY_DEFAULT = 0.90
UNDERFIT_GAIN = 0.01
UNDERFIT_EPOCHS = 2
# The loss of predicting 1/10 for every class: cross-entropy ln 10, MSE on one-hot targets (0.9² + 9 × 0.1²) / 10.
CHANCE_LOSS = {"sparse_categorical_crossentropy": math.log(10), "mse": 0.09}

SEVERITIES = ("error", "warning", "info")
# A problem found explains these others by itself (a blown-up or frozen curve is also "flat" and "low"), so
# they are not reported as separate findings.
EXPLAINS = {
    "lr_too_high": ("overfitting", "underfitting", "lr_too_low"),
    "vanishing_gradients": ("underfitting", "lr_too_low"),
    "lr_too_low": ("underfitting",),
    "overfitting": ("val_loss_turned",),
}


@dataclass(frozen=True)
class Diagnosis:
    """One problem found: its code, how bad, the i18n keys of its text, and the evidence numbers."""

    code: str  # lr_too_high, lr_too_low, vanishing_gradients, dead_relus, overfitting, val_loss_turned, underfitting
    severity: str  # error (the run failed), warning (it works, but could be much better) or info (worth a look)
    key: str  # i18n key of the finding (with the evidence), e.g. inspect.diag.overfitting.finding
    params: dict = field(default_factory=dict, hash=False)  # evidence numbers quoted by the finding
    suggestion: str = ""  # i18n key of the suggested change

    @property
    def title(self) -> str:
        """The i18n key of the short headline."""
        return f"inspect.diag.{self.code}.title"


def _diagnosis(code: str, severity: str, variant: str = "", **params: object) -> Diagnosis:
    finding = f"inspect.diag.{code}.finding" + (f"_{variant}" if variant else "")
    return Diagnosis(code, severity, finding, params, f"inspect.diag.{code}.suggestion")


def _config_value(config: ExperimentConfig | dict | None, name: str, default: object) -> Any:
    """A setting from an ExperimentConfig or a saved run's config dict."""
    if config is None:
        return default
    return config.get(name, default) if isinstance(config, dict) else getattr(config, name, default)


def _column(history: pd.DataFrame, name: str) -> np.ndarray:
    return history[name].to_numpy(dtype=float) if name in history else np.full(len(history), np.nan)


def lr_too_high(history: pd.DataFrame, loss: str) -> Diagnosis | None:
    """NaN/inf losses, a loss far above a uniform guess, or a training loss that keeps jumping up."""
    if history.empty:  # stopped before the first epoch ended
        return None
    train, val, epochs = _column(history, "loss"), _column(history, "val_loss"), history["epoch"].to_numpy()
    # A missing validation loss is NaN (a run stopped mid-epoch); a NaN training loss means the weights blew up.
    broken = ~np.isfinite(train) | np.isinf(val)
    if broken.any():
        return _diagnosis("lr_too_high", "error", "nan", epoch=int(epochs[broken.argmax()]))
    chance = CHANCE_LOSS.get(loss, CHANCE_LOSS["sparse_categorical_crossentropy"])
    worst = np.fmax(train, val)
    if worst.max() > EXPLODING_FACTOR * chance:
        return _diagnosis("lr_too_high", "error", "exploding", epoch=int(epochs[worst.argmax()]),
                          peak=float(worst.max()), chance=chance)
    rises = int(np.sum(train[1:] > train[:-1] * (1 + OSCILLATION_STEP)))
    if rises >= OSCILLATION_RISES:
        return _diagnosis("lr_too_high", "warning", "oscillating", rises=rises, epochs=len(train))
    return None


def lr_too_low(history: pd.DataFrame) -> Diagnosis | None:
    """The training loss barely moved over the whole run and accuracy stayed low."""
    train = _column(history, "loss")
    if len(train) < 2 or train[0] <= 0:
        return None
    change = (train[0] - train[-1]) / train[0]
    accuracy = float(_column(history, "accuracy")[-1])
    if abs(change) < FLAT_LOSS_CHANGE and accuracy < LOW_LR_ACCURACY:
        return _diagnosis("lr_too_low", "warning", first=float(train[0]), last=float(train[-1]),
                          change=float(change), accuracy=accuracy, epochs=len(train))
    return None


def layer_gradient_means(gradient_history: pd.DataFrame) -> pd.Series:
    """Mean gradient norm per Conv2D / Dense layer (by depth) over the last half of the recorded training steps."""
    finite = gradient_history[np.isfinite(gradient_history["grad_norm"].to_numpy(dtype=float))]
    if finite.empty:
        return pd.Series(dtype=float)
    late = finite[finite["step"] >= finite["step"].max() / 2]
    return late.groupby("depth")["grad_norm"].mean().sort_index()


def vanishing_gradients(gradient_history: pd.DataFrame | None) -> Diagnosis | None:
    """The first weight layer gets under 1 % of the gradient the output layer gets: early layers hardly learn."""
    if gradient_history is None or gradient_history.empty:
        return None
    means = layer_gradient_means(gradient_history)
    if len(means) < 2 or means.iloc[-1] <= 0:
        return None
    ratio = float(means.iloc[0] / means.iloc[-1])
    if ratio < VANISHING_RATIO:
        return _diagnosis("vanishing_gradients", "warning", ratio=ratio, first=float(means.iloc[0]),
                          last=float(means.iloc[-1]), layers=len(means))
    return None


def dead_relus(dead_shares: pd.DataFrame | None) -> Diagnosis | None:
    """Some ReLU layer has more than 40 % units (or, in a convolution, filters) that never fire: they pass no
    signal and get no gradient."""
    if dead_shares is None or dead_shares.empty:
        return None
    worst = dead_shares.loc[dead_shares["share"].idxmax()]
    if worst["share"] > DEAD_RELU_SHARE:
        # a convolution's dead units are whole filters: the finding says so
        variant = "conv" if worst.get("kind") == "conv" else ""
        return _diagnosis("dead_relus", "warning", variant, layer=str(worst["layer"]), share=float(worst["share"]),
                          dead=int(worst["dead"]), units=int(worst["units"]),
                          layers=int((dead_shares["share"] > DEAD_RELU_SHARE).sum()))
    return None


def _lowest_validation_loss(history: pd.DataFrame, after: int) -> tuple[np.ndarray, np.ndarray, int] | None:
    """(training losses, validation losses, index of the lowest validation loss), when the history has enough
    finite, positive validation losses to show a turn of ``after`` epochs; else None."""
    train, val = _column(history, "loss"), _column(history, "val_loss")
    if len(val) < after + 2 or not np.isfinite(val).all() or val.min() <= 0:
        return None
    return train, val, int(np.argmin(val))


def overfitting(history: pd.DataFrame) -> Diagnosis | None:
    """The validation loss went back up for epochs while the training loss kept falling."""
    found = _lowest_validation_loss(history, OVERFIT_EPOCHS)
    if found is None:
        return None
    train, val, best = found
    rise = float(val[-OVERFIT_EPOCHS:].min() / val[best] - 1)
    if best < len(val) - OVERFIT_EPOCHS and rise > OVERFIT_RISE and train[-1] < train[best]:
        return _diagnosis("overfitting", "warning", best_epoch=int(history["epoch"].iloc[best]),
                          best=float(val[best]), now=float(val[-1]), rise=rise,
                          train=float(train[-1]), gap=float(val[-1] - train[-1]))
    return None


def val_loss_turned(history: pd.DataFrame) -> Diagnosis | None:
    """The validation loss reached its lowest and has risen since, while the training loss kept falling."""
    found = _lowest_validation_loss(history, TURN_EPOCHS)
    if found is None:
        return None
    train, val, best = found
    rise = float(val[-1] / val[best] - 1)
    still_rising = best + 1 < len(val) and val[-1] >= val[best + 1]
    if best < len(val) - TURN_EPOCHS and still_rising and rise > TURN_RISE and train[-1] < train[best]:
        epochs = history["epoch"].to_numpy()
        return _diagnosis("val_loss_turned", "info", best_epoch=int(epochs[best]), best=float(val[best]),
                          last_epoch=int(epochs[-1]), now=float(val[-1]), rise=rise)
    return None


def underfitting(history: pd.DataFrame, dataset: str) -> Diagnosis | None:
    """Training and validation accuracy are both low and no longer improving: the model can't fit the data."""
    train, val = _column(history, "accuracy"), _column(history, "val_accuracy")
    if len(train) <= UNDERFIT_EPOCHS or not np.isfinite(val[-1]):
        return None
    threshold = UNDERFIT_ACCURACY.get(dataset, UNDERFIT_ACCURACY_DEFAULT)
    gain = float(train[-1] - train[-1 - UNDERFIT_EPOCHS])
    if train[-1] < threshold and val[-1] < threshold and gain < UNDERFIT_GAIN:
        return _diagnosis("underfitting", "warning", train=float(train[-1]), val=float(val[-1]),
                          gain=gain, epochs=UNDERFIT_EPOCHS, threshold=threshold)
    return None


def diagnose(history: pd.DataFrame, gradient_history: pd.DataFrame | None = None,
             config: ExperimentConfig | dict | None = None,
             dead_shares: pd.DataFrame | None = None) -> list[Diagnosis]:
    """Every problem found in a run, errors first; an empty list means no rule fired."""
    loss = _config_value(config, "loss", "sparse_categorical_crossentropy")
    dataset = _config_value(config, "dataset", "mnist")
    checks = [lr_too_high(history, loss), vanishing_gradients(gradient_history), lr_too_low(history),
              overfitting(history), val_loss_turned(history), underfitting(history, dataset),
              dead_relus(dead_shares)]
    found = [d for d in checks if d]
    explained = {code for d in found for code in EXPLAINS.get(d.code, ())}
    return sorted((d for d in found if d.code not in explained), key=lambda d: SEVERITIES.index(d.severity))
