"""The race's way for networks the fused step cannot hold (convolutions): K Keras models, one per contestant,
updated one after another on each batch.

Fairness is the fused step's: every model starts from a copy of the same weights, gets the same batch in the same
order, and its Dropout layers draw the same masks (the same seeds, advanced once per step in every model). It has
``StackedNetworks``' interface, so the race runs either without knowing which.

Imports TensorFlow: the race module loads this only when a race runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import numpy as np

from dnn_core.engine.stacked import StackedNetworks

if TYPE_CHECKING:  # for the annotations only (stacked has loaded Keras)
    import keras

EVAL_BATCH = 1024


def can_fuse(model: keras.Model) -> bool:
    """Whether the fused step holds every layer of ``model`` (dense networks)."""
    try:
        StackedNetworks.check_supported(list(model.layers))
    except ValueError:
        return False
    return True


class SideBySideNetworks:
    """K compiled Keras models with the same starting weights, stepped in turn on the same batches."""

    def __init__(self, base: keras.Model, build: Callable[[], keras.Model],
                 optimizers: list[keras.optimizers.Optimizer], loss: Callable[[], object]) -> None:
        """``base`` (uncompiled) becomes the first contestant; ``build()`` makes a fresh uncompiled model of the same
        config for each other one; ``loss`` is the config's Keras loss."""
        start = base.get_weights()
        self.models = [base] + [build() for _ in optimizers[1:]]  # the first contestant trains the base itself
        for model, optimizer in zip(self.models, optimizers):
            model.set_weights(start)
            model.compile(optimizer=optimizer, loss=loss(), metrics=["accuracy"])
        self.count = len(self.models)
        self.sizes = [int(model.count_params()) for model in self.models]

    def train_step(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """One update of every contestant on the same batch; each one's loss and accuracy on it."""
        results = [model.train_on_batch(x, y, return_dict=True) for model in self.models]
        return (np.array([r["loss"] for r in results], dtype=float),
                np.array([r["accuracy"] for r in results], dtype=float))

    def train_steps(self, xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``train_step`` on each of the batches xs[0], xs[1], ... in order; losses and accuracies (batches, K).

        One Keras call per batch and contestant: a convolution's batch is long next to a call (the course's CNNs
        get one batch per step from ``steps.batches_per_step``), so fusing the calls would gain little.
        """
        results = [self.train_step(x, y) for x, y in zip(xs, ys)]
        return np.array([loss for loss, _ in results]), np.array([accuracy for _, accuracy in results])

    def evaluate(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each contestant's loss and accuracy on (x, y)."""
        results = [model.evaluate(x, y, batch_size=EVAL_BATCH, verbose=0, return_dict=True) for model in self.models]
        return (np.array([r["loss"] for r in results], dtype=float),
                np.array([r["accuracy"] for r in results], dtype=float))

    def weights(self, k: int) -> list[np.ndarray]:
        """Contestant ``k``'s weights in the order of the Keras model's ``get_weights()``."""
        return self.models[k].get_weights()
