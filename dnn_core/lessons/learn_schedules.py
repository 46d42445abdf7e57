"""Learn page, learning-rate schedules (the course notes' "programmable" optimizers): plain gradient descent on
x² + 4y² at a learning rate too large to converge, once at that constant rate and once with a schedule.

The whole "data set" here is the surface, so one step is one epoch: the rates are those of Keras's own schedules
(``dnn_core.engine.schedules``) with one batch per epoch, the very objects a training on Build & Train uses.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dnn_core.engine.config import MAX_EPOCHS
from dnn_core.engine.schedules import parse_schedule, rates
from dnn_core.lessons.learn_descent import bowl_2d, gd_verdict

# On x² + 4y² plain GD diverges along y above lr = 0.25 (each step multiplies y by 1 − 8·lr); these go beyond it.
LEARNING_RATES = (0.1, 0.2, 0.26, 0.3, 0.35, 0.4, 0.5)
DEMO_LR = 0.3  # too large: y grows 1.4-fold a step
SCHEDULES = ("step:3", "step:5", "exponential:0.8", "exponential:0.9", "cosine")
DEMO_SCHEDULE = "exponential:0.9"
STEPS = 40
START = (-4.0, 2.0)  # the start of the Gradient descent tab's 2-D bowl, so the two pictures compare


@dataclass(frozen=True)
class ScheduledDescent:
    """One walk of gradient descent on x² + 4y² with a learning rate per step."""

    lr_schedule: str  # as the vocabulary writes it
    rates: np.ndarray  # the learning rate of each step, shape (steps,)
    path: np.ndarray  # the points visited, start included, shape (steps + 1, 2)
    losses: np.ndarray  # x² + 4y² at each point

    @property
    def verdict(self) -> str:
        """'converged', 'crawling' or 'diverged', as the Gradient descent tab says it."""
        return gd_verdict(self.losses)


def scheduled_descent(lr_schedule: str, lr: float, steps: int = STEPS,
                      start: tuple[float, float] = START) -> ScheduledDescent:
    """Gradient descent p ← p − lr_t·∇f(p) on x² + 4y², lr_t from Keras's schedule ``lr_schedule`` (one step an
    epoch of one batch; 'cosine' lasts the whole walk)."""
    schedule = parse_schedule(lr_schedule, MAX_EPOCHS)
    per_step = np.asarray(rates(schedule, lr, steps_per_epoch=1, epochs=steps, steps=np.arange(steps)))
    path = [np.asarray(start, float)]
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging walk is a result to show, not an error
        for rate in per_step:
            x, y = path[-1]
            path.append(path[-1] - rate * np.array([2 * x, 8 * y]))
    points = np.array(path)
    return ScheduledDescent(schedule.token, per_step, points, bowl_2d(points[:, 0], points[:, 1]))


def rescue(lr_schedule: str = DEMO_SCHEDULE, lr: float = DEMO_LR, steps: int = STEPS
           ) -> tuple[ScheduledDescent, ScheduledDescent]:
    """The walk at the constant rate ``lr`` and the walk with ``lr_schedule`` starting from the same rate."""
    return scheduled_descent("constant", lr, steps), scheduled_descent(lr_schedule, lr, steps)
