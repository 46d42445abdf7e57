"""The memory estimate against peaks measured by benchmarks/memory_grid.py: at least the peak, at most twice it.

The measured figures are data from one run of `python benchmarks/memory_grid.py` (2026-12-07, this machine:
tensorflow-cpu 2.21.0, keras 3.15.1, tensorboard 2.21.0), each the whole job's peak resident memory above a warm
process, in MB. An edit to ``memory.estimate`` or its constants that admits any of these jobs with less than it
took, or refuses it for needing more than twice that, fails here.
"""

import pytest

from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.memory import estimate

RACE = ("sgd", "momentum", "rmsprop", "adagrad", "adam", "nadam")  # the benchmark's race of 6

# (kind, settings, measured MB): one of each kind of point the estimate must hold on
MEASURED = [
    ("train", {"dataset": "mnist_sample", "layers": "128", "batch_size": 32}, 102),
    ("train", {"dataset": "fashion_mnist", "layers": "128", "batch_size": 32}, 236),
    ("train", {"dataset": "fashion_mnist", "train_size": 3000, "layers": "256,256,256,256,256,256,256,256,256,256",
               "batch_size": 64, "optimizer": "nadam"}, 233),
    ("train", {"dataset": "fashion_mnist", "train_size": 3000, "layers": "2048,2048", "batch_size": 1024,
               "optimizer": "momentum"}, 1484),
    ("train", {"dataset": "fashion_mnist", "train_size": 3000, "layers": "4096,4096", "batch_size": 256,
               "optimizer": "sgd"}, 4700),
    ("train", {"dataset": "mnist_sample", "layers": "conv32,pool,128", "batch_size": 32}, 465),
    ("train", {"dataset": "mnist_sample", "layers": "conv64,conv64,pool,conv128", "batch_size": 256,
               "optimizer": "sgd"}, 665),
    # outside the fitted grid: the lesson link that took a 2.7 GB server down (on 3,000 images)
    ("train", {"dataset": "fashion_mnist", "train_size": 3000, "layers": "4096,4096", "batch_size": 2048}, 5215),
    ("race", {"dataset": "mnist_sample", "layers": "128", "batch_size": 32}, 70),
    ("race", {"dataset": "fashion_mnist", "train_size": 3000, "layers": "2048,2048", "batch_size": 1024}, 1016),
]


@pytest.mark.parametrize("kind, settings, measured", MEASURED, ids=[m[1]["layers"] + " " + m[0] for m in MEASURED])
def test_the_estimate_covers_the_measured_peak_and_at_most_twice_it(kind, settings, measured):
    config = ExperimentConfig.from_dict({**settings, "epochs": 1})
    guess = estimate(config, len(RACE), RACE) if kind == "race" else estimate(config)
    assert measured <= guess.total <= 2 * measured, f"{guess.total:.0f} MB estimated for {measured} MB measured"


def test_the_largest_part_names_what_to_cut():
    # 4096 × 4096 weights (TensorBoard's histogram of them alone is 4 GB), 1,024 images of 26 × 26 × 256 feature
    # maps, and 60,000 images through a 16-unit layer: each refusal suggests the cut that would help
    wide = ExperimentConfig(dataset="fashion_mnist", layers=(4096, 4096), batch_size=2048)
    maps = ExperimentConfig(dataset="fashion_mnist", layers=("conv256", "conv256", "conv256", "pool"),
                            batch_size=1024)
    many = ExperimentConfig(dataset="fashion_mnist", layers=(16,), batch_size=32)
    assert [estimate(c).largest_part() for c in (wide, maps, many)] == ["weights", "activations", "data"]
    assert estimate(wide).total > 4 * 1024  # the lesson link that took a 2.7 GB server down
