"""How much memory a training or race needs, and how much the server may spend on them.

Hosted sharing servers die for everyone when one training runs out of memory, so a job is admitted only while
the estimates of the running jobs fit in the budget, and a job that could never fit is refused at once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dnn_core.config import DATASET_TRAIN_SIZES, ExperimentConfig
from dnn_core.layers import IMAGE_SIDE, shapes

# The one parameter cap: a training keeps a copy of its initial weights, and a race of its contestants' final
# weights (all contestants together), only up to this many parameters; an uploaded model may have no more
# (upload_sizes.py), nor any of its layers output more numbers for one image.
KEEP_WEIGHTS_UP_TO = 5_000_000

MB = 2**20
IMAGE_BYTES = 28 * 28  # uint8 pixels; the model scales them inside
# Memory a training needs beyond its arrays: TensorFlow's graph, kernels and allocator slack for one job.
# Measured as the peak RSS growth of train() (TensorBoard logs and gradient probes on) in a process with TensorFlow
# already imported, against this module's estimate: the course model on 4,000 digits 84 MB (estimated 146), on
# 54,000 Fashion-MNIST images 160 MB (273), three layers of 1,024 at batch 256 367 MB (387). Two layers of 4,096
# at batch 2,048 grew 5.2 GB against 1.0 GB estimated: very large layers cost more than their arrays suggest.
RUNTIME_MB = 120
# Copies of each training image held at once: the dataset's, the split's and the tf.data constant.
DATA_COPIES = 3
# Float32 arrays per weight while training: the weights, their gradients and a kept initial copy, plus the
# optimizer's slots (Adam keeps two moments, momentum one velocity, plain SGD none).
OPTIMIZER_SLOTS = {"sgd": 1, "momentum": 1, "nesterov": 1, "rmsprop": 2, "adagrad": 1, "adadelta": 2,
                   "adam": 2, "adamw": 2, "nadam": 2, "adamax": 2}
ACTIVATION_COPIES = 4  # forward values, their gradients, dropout masks and batch-norm statistics per unit
VALIDATION_BATCH = 1024  # training.VALIDATION_BATCH: validation predicts in batches this big
BUDGET_SHARE = 0.6  # of the machine's memory when no cgroup limit and no DNN_MEMORY_BUDGET_MB is given


@dataclass(frozen=True)
class MemoryEstimate:
    """The estimated peak memory of one job, in MB, by part."""

    data: float  # training images and labels
    weights: float  # weights, gradients and optimizer state of every network
    activations: float  # one training batch and one validation batch through the widest path
    runtime: float = RUNTIME_MB

    @property
    def total(self) -> float:
        return self.data + self.weights + self.activations + self.runtime

    def largest_part(self) -> str:
        """'weights', 'activations' or 'data': what to cut first to make the job fit."""
        parts = {"weights": self.weights, "activations": self.activations, "data": self.data}
        return max(parts, key=parts.get)


def estimate(config: ExperimentConfig, networks: int = 1, optimizers: tuple[str, ...] = ()) -> MemoryEstimate:
    """The memory a training of ``config`` (or a race of ``networks`` copies of it) needs at its peak."""
    from dnn_core.model import count_parameters  # plain arithmetic; importing model loads Keras, as jobs do

    images = min(config.train_size or DATASET_TRAIN_SIZES[config.dataset], DATASET_TRAIN_SIZES[config.dataset])
    slots = [OPTIMIZER_SLOTS.get(name, 2) for name in optimizers or (config.optimizer,) * networks]
    weights = count_parameters(config) * 4 * sum(3 + s for s in slots)
    units = IMAGE_SIDE * IMAGE_SIDE + sum(shape.values for shape in shapes(config.layer_stack, config.batch_norm))
    activations = units * 4 * ACTIVATION_COPIES * (config.batch_size * networks + VALIDATION_BATCH)
    return MemoryEstimate(data=images * (IMAGE_BYTES + 8) * DATA_COPIES / MB, weights=weights / MB,
                          activations=activations / MB)


def _cgroup_limit_bytes() -> int | None:
    """This process's cgroup memory limit (v2, then v1), or None when unlimited or unknown."""
    for path in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            text = Path(path).read_text().strip()
        except OSError:
            continue
        if text.isdigit() and int(text) < 2**60:  # v1 writes a huge number for "no limit"
            return int(text)
    return None


def default_budget_mb() -> float:
    """The cgroup limit, else 60 % of the machine's memory, minus what this process already uses."""
    import psutil

    limit = _cgroup_limit_bytes() or BUDGET_SHARE * psutil.virtual_memory().total
    return max(0.0, (limit - psutil.Process().memory_info().rss) / MB)


def budget_mb() -> float:
    """DNN_MEMORY_BUDGET_MB when set (a bad value is ignored), else ``default_budget_mb()``."""
    try:
        return max(0.0, float(os.environ["DNN_MEMORY_BUDGET_MB"]))
    except (KeyError, ValueError):
        return default_budget_mb()
