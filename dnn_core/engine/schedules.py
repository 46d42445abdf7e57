"""Learning-rate schedules, the course notes' "programmable" (可程式控制) optimizers: the ``lr_schedule`` vocabulary,
the Keras schedule it builds and the lines of Keras code that build it.

``lr_schedule`` is one of

- ``constant``: the rate stays ``lr`` (the default);
- ``step:N``: the rate halves every N epochs (``step`` alone is ``step:3``);
- ``exponential:R``: the rate is multiplied by R each epoch, a little after every batch (``exponential`` alone is
  ``exponential:0.9``);
- ``cosine``: the rate falls from ``lr`` to 0 along half a cosine over the whole training; ``cosine:N`` over N
  epochs, and stays 0 after them (a continued run keeps the length it started with this way).

Keras's schedules count optimizer steps (batches), so they are built from the batches per epoch. No Keras at import:
the pages and the config describe a schedule without TensorFlow.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from dnn_core.errors import PeopleError

if TYPE_CHECKING:  # for the annotations only: no Keras at import
    import keras

KINDS = ("constant", "step", "exponential", "cosine")
FORMS = "constant, step:N, exponential:R, cosine, cosine:N"
STEP_FACTOR = 0.5  # what a step schedule multiplies the rate by every N epochs
DEFAULT_STEP_EPOCHS = 3
DEFAULT_DECAY = 0.9
_FORM = re.compile(r"^(?P<kind>[a-z]+)(?::(?P<value>[^:]*))?$")


class ScheduleError(PeopleError):
    """An ``lr_schedule`` value that is not a schedule; ``params`` name it and what is allowed."""


@dataclass(frozen=True)
class Schedule:
    """One learning-rate schedule: its kind and its parameter."""

    kind: str  # one of KINDS
    epochs: int = 0  # step: epochs between halvings; cosine: epochs of the decay (0 = the whole training)
    factor: float = 0.0  # exponential: what the rate is multiplied by each epoch

    @property
    def token(self) -> str:
        """The schedule as the vocabulary writes it (its canonical form)."""
        if self.kind == "step":
            return f"step:{self.epochs}"
        if self.kind == "exponential":
            return f"exponential:{_number(self.factor)}"
        if self.kind == "cosine" and self.epochs:
            return f"cosine:{self.epochs}"
        return self.kind

    def decay_epochs(self, epochs: int) -> int:
        """The epochs a cosine decay lasts when the training has ``epochs``."""
        return self.epochs or epochs


def _number(value: float) -> str:
    short = f"{value:g}"
    return short if float(short) == value else repr(value)  # a shared link must be exact


def float_code(value: float) -> str:
    """A float as Python code that stays a float ('1.0', not '1': Keras refuses an int momentum, and a schedule
    started from an int rate computes in integers)."""
    text = _number(float(value))
    return text if any(mark in text for mark in ".en") else f"{text}.0"


def parse_schedule(value: object, max_epochs: int) -> Schedule:
    """'step:3', 'exponential:0.9', 'cosine', ... as a Schedule; ScheduleError naming ``lr_schedule`` if bad."""
    if isinstance(value, Schedule):
        return value
    match = _FORM.match(str(value).strip().lower()) if isinstance(value, str) else None
    if not match or match["kind"] not in KINDS:
        raise _bad(value, max_epochs)
    kind, text = match["kind"], match["value"]
    if kind == "constant" and text is None:
        return Schedule("constant")
    if kind == "exponential":
        factor = DEFAULT_DECAY if text is None else _float(text)
        if not 0 < factor < 1:  # also refuses NaN
            raise _bad(value, max_epochs)
        return Schedule(kind, factor=factor)
    if kind in ("step", "cosine"):
        default = DEFAULT_STEP_EPOCHS if kind == "step" else 0
        epochs = default if text is None else _whole(text)
        if text is not None and not 1 <= epochs <= max_epochs:
            raise _bad(value, max_epochs)
        return Schedule(kind, epochs=epochs)
    raise _bad(value, max_epochs)


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return math.nan


def _whole(text: str) -> int:
    return int(text) if text.isdigit() and len(text) <= 6 else -1


def _bad(value: object, max_epochs: int) -> ScheduleError:
    return ScheduleError("config.error.lr_schedule", value=repr(value), forms=FORMS, max=max_epochs)


def keras_schedule(schedule: Schedule, lr: float, steps_per_epoch: int,
                   epochs: int) -> float | keras.optimizers.schedules.LearningRateSchedule:
    """The Keras learning rate of ``schedule``: ``lr`` itself for constant, else a LearningRateSchedule of the
    optimizer's step (one batch) for a training of ``epochs`` epochs of ``steps_per_epoch`` batches."""
    if schedule.kind == "constant":
        return lr
    import keras  # here, not at the top: the config and the pages name schedules without loading TensorFlow

    steps_per_epoch = max(1, int(steps_per_epoch))
    decay = keras.optimizers.schedules
    if schedule.kind == "step":
        return decay.ExponentialDecay(lr, decay_steps=schedule.epochs * steps_per_epoch, decay_rate=STEP_FACTOR,
                                      staircase=True)
    if schedule.kind == "exponential":
        return decay.ExponentialDecay(lr, decay_steps=steps_per_epoch, decay_rate=schedule.factor)
    return decay.CosineDecay(lr, decay_steps=schedule.decay_epochs(epochs) * steps_per_epoch)


def rates(schedule: Schedule, lr: float, steps_per_epoch: int, epochs: int,
          steps: Sequence[float] | np.ndarray) -> list[float]:
    """The learning rate the optimizer uses at each of ``steps`` (0 = the first batch), from Keras's schedule."""
    built = keras_schedule(schedule, lr, steps_per_epoch, epochs)
    if not callable(built):
        return [float(lr)] * len(steps)
    return [float(rate) for rate in np.asarray(built(np.asarray(steps, dtype="float32")))]


def schedule_code(schedule: Schedule, lr: float, epochs: int) -> list[str]:
    """Lines of Keras code that set ``learning_rate`` for the schedule (``steps_per_epoch`` defined before)."""
    decay, start = "keras.optimizers.schedules", float_code(lr)
    if schedule.kind == "step":
        return [f"# The learning rate halves every {schedule.epochs} epochs (Keras counts steps: batches)",
                f"learning_rate = {decay}.ExponentialDecay({start}, decay_steps={schedule.epochs} * steps_per_epoch, "
                f"decay_rate={STEP_FACTOR:g}, staircase=True)"]
    if schedule.kind == "exponential":
        factor = _number(schedule.factor)
        return [f"# The learning rate is multiplied by {factor} every epoch, a little after each batch",
                f"learning_rate = {decay}.ExponentialDecay({start}, decay_steps=steps_per_epoch, decay_rate={factor})"]
    if schedule.kind == "cosine":
        length = schedule.decay_epochs(epochs)
        return [f"# The learning rate falls to 0 along half a cosine over {length} epochs",
                f"learning_rate = {decay}.CosineDecay({start}, decay_steps={length} * steps_per_epoch)"]
    return [f"learning_rate = {start}"]
