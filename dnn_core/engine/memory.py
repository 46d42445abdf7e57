"""How much memory a training or race needs, and how much the server may spend on them.

Hosted sharing servers die for everyone when one training runs out of memory, so a job is admitted only while
the estimates of the running jobs fit in the budget, and a job that could never fit is refused at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dnn_core import settings
from dnn_core.engine.config import DATASET_TRAIN_SIZES, ExperimentConfig
from dnn_core.engine.data import validation_size
from dnn_core.engine.layers import IMAGE_SIDE, shapes

# The one parameter cap: a training keeps a copy of its initial weights, and a race of its contestants' final
# weights (all contestants together), only up to this many parameters; an uploaded model may have no more
# (upload_sizes.py), nor any of its layers output more numbers for one image.
KEEP_WEIGHTS_UP_TO = 5_000_000

MB = 2**20
# evaluated at every job's end (the class's set: its most, as it holds at most 5,000 drawings in all)
TEST_IMAGES = {"mnist": 10_000, "fashion_mnist": 10_000, "mnist_sample": 1_000, "our_handwriting": 5_000}
EVAL_BATCH = 1024  # training.VALIDATION_BATCH and evaluate.EVAL_BATCH: validation and tests predict in batches this big
BUDGET_SHARE = 0.6  # of the machine's memory when no cgroup limit and no DNN_MEMORY_BUDGET_MB is given

# The estimate's costs per item, fitted to `python benchmarks/memory_grid.py` (2026-12-07): trainings and races of
# many widths, depths, convolutions, batch sizes, optimizers and data sizes, each a whole job in a fresh process
# that had already imported TensorFlow and loaded the data, as a warm worker has: training with TensorBoard logs and
# gradient probes, Inspect's evaluation, saving the .keras bytes and a Continue of one more epoch; or a race of 6
# optimizers and its winner saved. The peak is the kernel's high-water mark of resident memory above the warm
# process. Least squares on the relative error gave the costs below (within ±20 % of every point); SAFETY lifts
# them so the estimate is at least the measured peak and at most twice it at every point (tests/test_memory.py
# pins a few). The estimate before this was up to 7.7 times too low for wide layers.
SAFETY = 1.25  # every part is multiplied by this
RUNTIME_MB = 60  # TensorFlow's first ops, traced steps, Keras' compile and TensorBoard's writer (the course model)
TRAIN_IMAGE_BYTES = 2000  # per training image of a training: the split's copy, tf.data's constant, validation's
RACE_IMAGE_BYTES = 1100  # per training image of a race: the split's copy and the batches gathered from it
TEST_IMAGE_BYTES = 2600  # per test image of a training: the float copies its evaluation and Inspect's make
# Bytes per weight of a training besides its optimizer's slots (4 bytes each): the weights, their gradients, the
# kept initial copy, the .keras bytes, the model a Continue loads from them and its own gradients.
WEIGHT_BYTES = 74
RACE_WEIGHT_BYTES = 22  # per weight and contestant of a race besides its slots: its flat vector, gradient, stacks
OPTIMIZER_SLOTS = {"sgd": 1, "momentum": 1, "nesterov": 1, "rmsprop": 2, "adagrad": 1, "adadelta": 2,
                   "adam": 2, "adamw": 2, "nadam": 2, "adamax": 2}
# A training's TensorBoard weight histograms (tensorboard's summary_v2._buckets) build a float64 one-hot row of 30
# buckets per weight of a layer (240 bytes) beside float64 copies: 4 GB for a 4,096 × 4,096 kernel, which made the
# link `layers=4096,4096&batch_size=2048` grow to 5.2 GB against 1.0 GB estimated. Fitted per weight of the
# largest layer:
HISTOGRAM_BYTES = 210
TRAIN_ACTIVATION_BYTES = 10  # per value every layer outputs for one training image, times the batch (and networks)
EVAL_ACTIVATION_BYTES = 6  # per value the widest layer outputs for one image, times EVAL_BATCH


@dataclass(frozen=True)
class MemoryEstimate:
    """The estimated peak memory of one job, in MB, by part."""

    data: float  # copies of the training and test images
    weights: float  # weights, gradients, optimizer state, saved copies and TensorBoard's histograms of every network
    activations: float  # one training batch and one evaluation batch through every layer
    runtime: float = SAFETY * RUNTIME_MB  # TensorFlow's own, for any job

    @property
    def total(self) -> float:
        return self.data + self.weights + self.activations + self.runtime

    def largest_part(self) -> str:
        """'weights', 'activations' or 'data': what to cut first to make the job fit."""
        parts = {"weights": self.weights, "activations": self.activations, "data": self.data}
        return max(parts, key=parts.__getitem__)


def training_images(config: ExperimentConfig) -> int:
    """The data set's images a training of ``config`` trains on (its validation share held out)."""
    available = DATASET_TRAIN_SIZES[config.dataset]
    size = min(config.train_size or available, available)
    return size - validation_size(size)


def estimate(config: ExperimentConfig, networks: int = 1, optimizers: tuple[str, ...] = (),
             extra_train: int = 0, extra_test: int = 0) -> MemoryEstimate:
    """The memory a training of ``config`` (or a race of ``networks`` copies of it) needs at its peak; a training
    with the class's digits has ``extra_train`` more training images (repeats) and ``extra_test`` more to score."""
    layers = shapes(config.layer_stack, config.batch_norm)
    weights = sum(shape.parameters for shape in layers)
    # values per image that a batch leaves in memory: the input's and every layer's (a Flatten is only a view)
    values = IMAGE_SIDE * IMAGE_SIDE + sum(shape.values for shape in layers if shape.kind != "flatten")
    widest = max(shape.values for shape in layers)
    available = DATASET_TRAIN_SIZES[config.dataset]
    images = min(config.train_size or available, available)
    slots = [OPTIMIZER_SLOTS.get(name, 2) for name in optimizers or (config.optimizer,) * networks]
    if len(slots) == 1:  # a training: logged to TensorBoard, evaluated on the test set, saved and continued
        weight_bytes = weights * (WEIGHT_BYTES + 4 * slots[0]) + max(s.parameters for s in layers) * HISTOGRAM_BYTES
        data_bytes = ((images + extra_train) * TRAIN_IMAGE_BYTES
                      + (TEST_IMAGES[config.dataset] + extra_test) * TEST_IMAGE_BYTES)
    else:  # a race: each contestant's own vector and slots; no TensorBoard, no test set
        weight_bytes = weights * sum(RACE_WEIGHT_BYTES + 4 * s for s in slots)
        data_bytes = images * RACE_IMAGE_BYTES
    # a race of convolutions updates its contestants one after another: one batch through one network at a time
    at_once = len(slots) if not any(layer.spatial for layer in config.layer_stack) else 1
    activation_bytes = (values * config.batch_size * at_once * TRAIN_ACTIVATION_BYTES
                        + widest * EVAL_BATCH * EVAL_ACTIVATION_BYTES)
    return MemoryEstimate(data=SAFETY * data_bytes / MB, weights=SAFETY * weight_bytes / MB,
                          activations=SAFETY * activation_bytes / MB)


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
    chosen = settings.memory_budget_mb()
    return chosen if chosen is not None else default_budget_mb()
