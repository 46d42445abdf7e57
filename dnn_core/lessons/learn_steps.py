"""The course notes' five steps of a Keras model, and the numbers of one epoch as the app really trains it.

The notes' five steps are (1) the model Z = σ(WᵀX + b) and its prediction, (2) Keras Dense layers, (3) compile,
(4) fit, whose history object is plotted per epoch, (5) predict. The code of steps 2 to 4 is cut from the Keras
script Build & Train exports (``model.keras_code``), so the strip always shows what the app runs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from dnn_core.engine.config import DATASET_TRAIN_SIZES, ExperimentConfig
from dnn_core.engine.data import validation_size
from dnn_core.engine.presets import preset_config


@dataclass(frozen=True)
class Step:
    """One of the notes' five steps: its i18n key stem, a line of code, and the page where it happens."""

    key: str  # learn.steps.<key>.title / .text
    code: str
    page: str  # "learn" (this page's Neuron & layer tab), "train" or "draw"


# step -> how to find its line in the exported script (None: not in the script)
_SCRIPT_LINES = {"layers": "keras.layers.Dense(", "compile": "model.compile(", "fit": "history = model.fit("}


def five_steps(config: ExperimentConfig | None = None) -> list[Step]:
    """The five steps with the code Build & Train would export for ``config`` (the course model by default)."""
    from dnn_core.engine.model import keras_code  # the model builders import Keras: only when this runs

    script = keras_code(config or preset_config("course")).splitlines()

    def line(start: str) -> str:
        return next(text.strip() for text in script if text.strip().startswith(start)).rstrip(",")

    return [Step("model", "prediction = round(σ(WᵀX + b))", "learn"),
            Step("layers", line(_SCRIPT_LINES["layers"]), "train"),
            Step("compile", line(_SCRIPT_LINES["compile"]), "train"),
            Step("fit", line(_SCRIPT_LINES["fit"]) + '\nplt.plot(history.history["loss"])', "train"),
            Step("predict", "model.predict(x_test)", "draw")]


@dataclass(frozen=True)
class EpochCount:
    """How one epoch of ``fit`` divides the training images."""

    images: int  # training images chosen (60,000: all of MNIST)
    validation: int  # held out to validate after each epoch
    trained: int  # what the updates see
    batch_size: int
    updates: int  # weight updates per epoch: ⌈trained / batch_size⌉


def updates_per_epoch(images: int = DATASET_TRAIN_SIZES["mnist"], batch_size: int = 32) -> EpochCount:
    """Updates per epoch when the app trains on ``images`` images: 10 % go to validation first."""
    held_out = validation_size(images)
    trained = images - held_out
    return EpochCount(images, held_out, trained, batch_size, math.ceil(trained / batch_size))
