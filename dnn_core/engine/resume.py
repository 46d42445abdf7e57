"""Continue a training: the run to continue as plain data, from a finished result or from a run folder.

A ``Continuation`` holds the run's ``.keras`` file (its weights and its optimizer's state: Keras saves both, and
``load_model(compile=True)`` restores them) and what the run recorded so far. It crosses to a Ray worker as plain
data, like a result. ``training.train`` takes it and trains the config's remaining epochs, numbered on from the
last one done, and returns one result with the histories of both parts.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from dnn_core.engine.config import MAX_EPOCHS, OPTIMIZERS, ExperimentConfig
from dnn_core.engine.export import event_files, model_bytes, model_from_bytes, tensorboard_zip
from dnn_core.engine.progress import HISTORY_COLUMNS
from dnn_core.errors import PeopleError

if TYPE_CHECKING:  # for the annotations only: Keras loads with the model to continue
    import keras

    from dnn_core.engine.training import TrainingResult

RUN_FILES = ("model.keras", "config.json", "history.csv")  # what a run folder (``train --out``) needs to go on


class ResumeError(PeopleError):
    """Why a run cannot be continued, naming the folder or file and what is wrong."""


@dataclass(frozen=True, eq=False)
class Continuation:
    """A finished or stopped run to train further: its model file and what it recorded so far."""

    model: bytes  # the run's .keras file: architecture, weights and the optimizer's state
    history: pd.DataFrame  # one row per epoch done (progress.EPOCH_COLUMNS; at least HISTORY_COLUMNS)
    batch_history: pd.DataFrame | None = None  # one row per batch done, when known (the live curves go on from it)
    gradient_history: pd.DataFrame | None = None  # gradient-norm probes so far, when known
    initial_weights: dict = field(default_factory=dict)  # the kernels before the run's first epoch, when known
    seconds: float = 0.0  # how long the earlier part trained
    logs: bytes | None = None  # the earlier part's TensorBoard logs as export.tensorboard_zip makes them

    @property
    def epochs_done(self) -> int:
        return len(self.history)

    def load_model(self) -> keras.Model:
        """The run's model, compiled, with its optimizer's state (a new object on every call)."""

        return model_from_bytes(self.model, compile=True)


def continuation_of(result: TrainingResult) -> Continuation:
    """A TrainingResult as the run to continue: its model, histories, first weights and logs."""

    logs = tensorboard_zip(result.log_dir) if result.log_dir and event_files(result.log_dir) else None
    return Continuation(model_bytes(result.model), result.history, result.batch_history, result.gradient_history,
                        result.initial_weights, result.seconds, logs)


def continued_config(config: ExperimentConfig, epochs_done: int, more: int) -> ExperimentConfig:
    """The settings of the continued run: the run's own, with ``more`` epochs after the ``epochs_done``.

    Its ``epochs`` is the total, so its config.json describes the whole run; a cosine schedule over the whole
    training is pinned to the epochs it was built for ('cosine' → 'cosine:10'), as the model's optimizer keeps it.
    """
    if more < 1:
        raise ResumeError("resume.error.more_epochs", more=more)
    if epochs_done + more > MAX_EPOCHS:
        raise ResumeError("resume.error.too_many", done=epochs_done, more=more, most=MAX_EPOCHS,
                          left=MAX_EPOCHS - epochs_done)
    schedule = config.schedule
    if schedule.kind == "cosine" and not schedule.epochs:
        config = config.replace(lr_schedule=f"cosine:{config.epochs}")
    return config.replace(epochs=epochs_done + more)


# ---- a run folder, as ``python -m dnn_core train --out`` writes it ------------------------------------------------

def read_run_folder(folder: str | Path) -> tuple[ExperimentConfig, Continuation]:
    """The settings and the run to continue from a run folder; a ResumeError naming what is missing or wrong."""
    folder = Path(folder)
    missing = [name for name in RUN_FILES if not (folder / name).is_file()]
    if missing:
        raise ResumeError("resume.error.missing", folder=str(folder), files=", ".join(missing))
    config = _read_config(folder / "config.json")
    history = _read_history(folder / "history.csv")
    if not zipfile.is_zipfile(folder / "model.keras"):  # Keras itself would say "file not found"
        raise ResumeError("resume.error.not_keras", path=str(folder / "model.keras"))
    model_data = (folder / "model.keras").read_bytes()
    start = Continuation(model_data, history, seconds=float(history["seconds"].sum())
                         if "seconds" in history else 0.0)
    try:
        model = start.load_model()
    except Exception as exc:  # a damaged or foreign file, or one Keras' safe mode refuses
        raise ResumeError("resume.error.model_unreadable", path=str(folder / "model.keras"),
                          reason=" ".join(f"{exc.__class__.__name__}: {exc}".split())[:300]) from None
    problem = model_mismatch(model, config)
    if problem is not None:
        raise ResumeError("resume.error.model_mismatch", path=str(folder / "model.keras"), problem=problem)
    return config, start


def _read_config(path: Path) -> ExperimentConfig:
    try:
        return ExperimentConfig.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError) as exc:  # unreadable, not JSON, not an object, or a bad setting
        reason = exc if isinstance(exc, PeopleError) else " ".join(str(exc).split())
        raise ResumeError("resume.error.config", path=str(path), reason=reason) from None


def _read_history(path: Path) -> pd.DataFrame:
    """The per-epoch history; it must have the history columns and epochs 1, 2, … in order."""
    try:
        history = pd.read_csv(path)
    except (OSError, ValueError) as exc:
        raise ResumeError("resume.error.history", path=str(path), reason=" ".join(str(exc).split())) from None
    absent = [column for column in HISTORY_COLUMNS if column not in history.columns]
    if absent:
        raise ResumeError("resume.error.history_columns", path=str(path), columns=", ".join(absent))
    if history.empty or history["epoch"].tolist() != list(range(1, len(history) + 1)):
        raise ResumeError("resume.error.history_epochs", path=str(path))
    return history


def model_mismatch(model: keras.Model, config: ExperimentConfig) -> ResumeError | None:
    """How ``model`` differs from the model of ``config`` (its layers, their weights' shapes, its optimizer), or
    None when it is that model."""
    from dnn_core.engine.model import build_model  # the model builders import Keras: only when this runs

    def layers(m: keras.Model) -> list[tuple]:
        return [(layer.name, layer.__class__.__name__, [tuple(w.shape) for w in layer.weights]) for layer in m.layers]

    def described(layer: tuple) -> str:
        return f"{layer[0]} ({layer[1]}, {', '.join(str(shape) for shape in layer[2]) or '-'})"

    have, want = layers(model), layers(build_model(config, compile=False))
    for got, expected in zip(have, want):
        if got != expected:
            return ResumeError("resume.mismatch.layer", found=described(got), expected=described(expected))
    if len(have) != len(want):
        return ResumeError("resume.mismatch.count", found=len(have), expected=len(want))
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None:
        return ResumeError("resume.mismatch.no_optimizer")
    wanted = OPTIMIZERS[config.optimizer].keras_class
    if optimizer.__class__.__name__ != wanted:
        return ResumeError("resume.mismatch.optimizer", found=optimizer.__class__.__name__, expected=wanted)
    return None
