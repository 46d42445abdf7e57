"""How many batches a training runs in one step (one call into TensorFlow), chosen from the config alone.

Keras runs one compiled call per batch by default; between calls it goes back to Python for its callbacks (the
progress, Stop, the probes). For a small model like the course's that round trip is a large share of a batch's
time, so the app runs several batches per call (Keras' ``steps_per_execution``): the same updates in the same
order, with fewer returns to Python. Measured with plain Keras on the course model (Fashion-MNIST, batch 32, one
thread): ``steps_per_execution=32`` trained 1.3 to 1.7 times as many images per second as the default, with the
same accuracy to four digits.

A step must stay short: the live view redraws every second and Stop acts between steps. The step's length is
estimated from the network's training FLOPs per image (6 × the weights it applies per image: forward and two
passes back) at an assumed arithmetic rate well below what this CPU reaches, so a step is rarely longer than
``STEP_SECONDS`` even on a loaded server. The training, the exported Keras code and the notebook all use this
one choice. No TensorFlow here: the pages import it to write code.
"""

from __future__ import annotations

import math

from dnn_core.engine.config import DATASET_TRAIN_SIZES, ExperimentConfig
from dnn_core.engine.data import validation_size
from dnn_core.engine.layers import shapes

# The longest a step should take: the live view (redrawn every second, fed every 0.25 s) still gets several fresh
# points per redraw, and Stop waits about that long at most
STEP_SECONDS = 0.2
# Training arithmetic assumed per second for that estimate: the course model at one batch per step did ~12 GFLOP/s
# alone here (20,500 images/s × 0.61 MFLOP); a third of it allows for a second training and a server on 2 cores
ASSUMED_FLOPS = 4e9
# The setting measured above (1.3-1.7x); more would gain at most the few per cent the round trip still costs, and
# thin out the live curve's points
MAX_BATCHES_PER_STEP = 32
# Batches this small are a lesson about mini-batch noise ('stochastic' preset: one image per step); each keeps its
# own point on the curve
NOISE_LESSON_BATCH = 8
GRADIENT_PROBES_PER_EPOCH = 25  # gradient-norm samples per epoch: steps end at least this often, so none is lost


def flops_per_image(config: ExperimentConfig) -> int:
    """Training FLOPs per image: 6 × the weights applied to it (a conv kernel once per output position)."""
    applied = 0
    for shape in shapes(config.layer_stack, config.batch_norm):
        positions = shape.output[0] * shape.output[1] if shape.kind == "conv" else 1
        applied += shape.parameters * positions
    return 6 * applied


def batches_per_epoch(config: ExperimentConfig) -> int:
    """The config's batches per epoch: its training images less the validation share, in batches."""
    size = config.train_size or DATASET_TRAIN_SIZES[config.dataset]
    return math.ceil((size - validation_size(size)) / config.batch_size)


def batches_per_step(config: ExperimentConfig, batches: int | None = None, networks: int = 1,
                     probed: bool = True) -> int:
    """How many batches one step runs: as many as fit in ``STEP_SECONDS`` at ``ASSUMED_FLOPS``, at most
    ``MAX_BATCHES_PER_STEP`` and (``probed``: a training whose gradients are probed) at most the batches between
    two probes; 1 for noise lessons.

    ``batches``: the training's real batches per epoch (default: as many as the config's data give); ``networks``:
    how many copies of the network one step trains (a race's contestants).
    """
    if config.batch_size <= NOISE_LESSON_BATCH:
        return 1
    per_epoch = batches or batches_per_epoch(config)
    between_probes = max(1, per_epoch // GRADIENT_PROBES_PER_EPOCH) if probed else per_epoch
    step_batches = int(STEP_SECONDS * ASSUMED_FLOPS / (networks * flops_per_image(config) * config.batch_size))
    return max(1, min(step_batches, MAX_BATCHES_PER_STEP, between_probes))
