"""Several batches per step: the same weights as plain Keras on the same batches, Stop within one step, a row per
step, and the choice of batches per step."""

import math

import numpy as np
import pytest

from dnn_core.engine import steps
from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.data import load_dataset, training_split
from dnn_core.engine.model import build_model
from dnn_core.engine.presets import preset_config
from dnn_core.engine.resume import continuation_of, continued_config
from dnn_core.engine.training import make_batches, train

DENSE = ExperimentConfig(dataset="mnist_sample", train_size=2000, layers=(64,), dropout=0.2, epochs=1, batch_size=32)
CNN = ExperimentConfig(dataset="mnist_sample", train_size=600, layers=("conv8", "pool", 16), dropout=0.25, epochs=1,
                       batch_size=32, optimizer="sgd", lr=0.05, momentum=0.9)


@pytest.fixture(scope="module")
def sample():
    return load_dataset("mnist_sample")


def first_epoch_batches(config, data) -> tuple[np.ndarray, np.ndarray]:
    """The training images in the order of train()'s first epoch (its seed's shuffle), one after another."""
    split = training_split(data, config)
    pairs = [(x.numpy(), y.numpy()) for x, y in make_batches(split.x_train, split.y_train, config.batch_size,
                                                             config.seed)]
    return np.concatenate([x for x, _ in pairs]), np.concatenate([y for _, y in pairs])


def plain_keras_weights(config, data) -> list[np.ndarray]:
    """A model of the same config (so the same first weights and dropout seeds), compiled as Keras compiles by
    default (one batch per call), fitted by plain ``fit`` on the same batches in the same order."""
    model = build_model(config, compile=False)
    model.compile(optimizer=build_model(config).optimizer, loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    assert model.steps_per_execution == 1
    x, y = first_epoch_batches(config, data)
    model.fit(x, y.astype(np.int32), batch_size=config.batch_size, epochs=1, shuffle=False, verbose=0)
    return model.get_weights()


@pytest.mark.parametrize("config, step_batches", [(DENSE, None), (CNN, 4)], ids=["dense", "cnn"])
def test_one_epoch_ends_with_plain_keras_weights(config, step_batches, sample):
    result = train(config, sample, step_batches=step_batches)
    batches = math.ceil(len(training_split(sample, config).x_train) / config.batch_size)
    assert result.batches_per_step > 1  # really several batches per step
    assert len(result.batch_history) == math.ceil(batches / result.batches_per_step)
    assert int(result.model.optimizer.iterations.numpy()) == batches
    for ours, theirs in zip(result.model.get_weights(), plain_keras_weights(config, sample), strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-5)


def test_a_step_row_holds_the_mean_of_its_batches(sample):
    """Rows weighted by their images average to the epoch's loss; a row's accuracy is a whole number of images."""
    result = train(DENSE, sample, record_gradients=False)
    rows, per_step = result.batch_history, result.batches_per_step
    images = len(training_split(sample, DENSE).x_train)
    ends = np.minimum(rows["batch"].to_numpy() * DENSE.batch_size, images)
    sizes = np.diff(np.concatenate([[0], ends]))
    assert sizes[:-1].tolist() == [per_step * DENSE.batch_size] * (len(rows) - 1)
    assert np.average(rows["loss"], weights=sizes) == pytest.approx(result.history["loss"].iloc[0], rel=1e-4)
    correct = rows["accuracy"].to_numpy() * sizes
    np.testing.assert_allclose(correct, np.round(correct), atol=2e-2)


def test_stop_takes_effect_within_one_step(sample):
    result = train(DENSE, sample, should_stop=lambda: True, record_gradients=False)
    assert result.stopped and result.batches_per_step > 1
    assert len(result.batch_history) == 1  # asked after the first step: it was the last
    assert int(result.model.optimizer.iterations.numpy()) == result.batches_per_step


def test_probes_come_as_often_in_batches_as_with_one_batch_per_step(sample):
    """As many probes, each after its batch's step: at the first step end at or past every multiple of ``every``."""
    many, one = train(DENSE, sample), train(DENSE, sample, step_batches=1)
    assert many.batches_per_step > 1
    probed_many = sorted(set(many.gradient_history["step"]))
    probed_one = sorted(set(one.gradient_history["step"]))
    assert len(probed_many) == len(probed_one)
    ends = many.batch_history["step"].tolist()
    assert probed_many == [0] + [min(end for end in ends if end >= step) for step in probed_one[1:]]


def test_a_step_is_short_and_noise_lessons_keep_one_batch_per_step():
    course = preset_config("course", ExperimentConfig(dataset="fashion_mnist"))
    assert steps.batches_per_step(course) == steps.MAX_BATCHES_PER_STEP  # 32 on the full data
    # by hand: 6 × (784·128 + 128 + 128·10 + 10) FLOPs per image
    assert steps.flops_per_image(course) == 6 * (784 * 128 + 128 + 128 * 10 + 10)
    # a conv layer's kernel counts once per output position: conv8 on 28×28 → 26×26 positions
    assert steps.flops_per_image(CNN) == 6 * ((9 * 8 + 8) * 26 * 26 + (13 * 13 * 8 * 16 + 16) + (16 * 10 + 10))
    for name in ("course", "wide_batch_norm", "small_cnn", "full_batch"):
        config = preset_config(name, ExperimentConfig(dataset="fashion_mnist"))
        step = steps.batches_per_step(config)
        seconds = step * config.batch_size * steps.flops_per_image(config) / steps.ASSUMED_FLOPS
        assert step == 1 or seconds <= steps.STEP_SECONDS, name
    assert steps.batches_per_step(preset_config("stochastic")) == 1  # one image per step: the noise is the lesson
    # at most the batches between two gradient probes: 113 batches of the sample, 25 probes → every 4
    assert steps.batches_per_step(preset_config("course", ExperimentConfig(dataset="mnist_sample"))) == 4


def test_a_continued_run_goes_on_at_several_batches_per_step_as_at_one(sample):
    """A continued model comes compiled from its file: it too runs several batches per step, numbered on, and
    ends with the weights the same continuation reaches one batch per step."""
    part = train(DENSE.replace(train_size=600), sample, step_batches=1, record_gradients=False)
    config = continued_config(part.config, 1, 1)
    many = train(config, sample, start=continuation_of(part), step_batches=4, record_gradients=False)
    one = train(config, sample, start=continuation_of(part), step_batches=1, record_gradients=False)
    batches = math.ceil(540 / 32)  # 600 images less 10 % validation: 17 an epoch
    assert many.batch_history.query("epoch == 2")["step"].tolist() == [batches + s for s in (4, 8, 12, 16, 17)]
    for ours, theirs in zip(many.model.get_weights(), one.model.get_weights(), strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-5)


def test_progress_comes_once_a_step_with_its_row(sample, monkeypatch):
    from dnn_core.engine import training

    monkeypatch.setattr(training, "PROGRESS_INTERVAL", 0.0)  # an event after every step
    events = []
    result = train(DENSE, sample, on_progress=events.append, record_gradients=False)
    steps = [event for event in events if event["kind"] == "batch"]
    assert result.batches_per_step > 1 and len(steps) == len(result.batch_history)
    assert [event["batch"] for event in steps] == result.batch_history["batch"].tolist()
    forwarded = [row for event in events for row in event["new_batches"]]
    assert forwarded == result.batch_history.to_dict(orient="records")
    assert steps[0]["samples_seen"] == result.batches_per_step * DENSE.batch_size
    assert steps[-1]["samples_seen"] == len(training_split(sample, DENSE).x_train)
