"""The live training curves and the network diagram of Build & Train, read back from the figures' data."""

import numpy as np
import pandas as pd
import pytest

from dnn_core.charts.training import MAX_POINTS, history_figure, network_diagram
from dnn_core.i18n import t

BATCHES = 1688  # one epoch of 54,000 images in batches of 32


@pytest.fixture
def histories():
    rng = np.random.default_rng(0)
    steps = 2 * BATCHES
    batch = pd.DataFrame({"step": np.arange(1, steps + 1), "epoch": np.repeat([1, 2], BATCHES),
                          "batch": np.tile(np.arange(1, BATCHES + 1), 2),
                          "loss": rng.uniform(0.2, 2.0, steps), "accuracy": rng.uniform(0, 1, steps)})
    epochs = pd.DataFrame({"epoch": [1, 2], "loss": [0.6, 0.4], "accuracy": [0.8, 0.85],
                           "val_loss": [0.5, 0.45], "val_accuracy": [0.82, 0.84]})
    return batch, epochs


def test_curves_are_downsampled_but_keep_the_last_batch_and_every_epoch(histories):
    batch, epochs = histories
    fig = history_figure(batch, epochs, "loss", "en", batches_per_epoch=BATCHES, epochs=3)
    raw, smooth, train_points, val_points = fig.data
    assert len(raw.x) <= MAX_POINTS + 1
    assert raw.x[-1] == pytest.approx(2.0) and raw.y[-1] == batch["loss"].iloc[-1]  # the newest batch is drawn
    assert list(train_points.x) == [1, 2] and list(val_points.y) == [0.5, 0.45]
    assert fig.layout.xaxis.range == (0, 3.1) and fig.layout.title.text == t("chart.loss", "en")


def test_smoothed_curve_is_a_debiased_moving_average_of_every_batch(histories):
    """Smoothing runs over all batches, before downsampling: compare with a hand-written loop."""
    batch, epochs = histories
    fig = history_figure(batch, epochs, "loss", "en", batches_per_epoch=BATCHES, smoothing=0.8)
    expected, last = [], 0.0
    for n, value in enumerate(batch["loss"], start=1):
        last = 0.8 * last + 0.2 * value
        expected.append(last / (1 - 0.8**n))
    kept = np.rint(np.asarray(fig.data[1].x) * BATCHES).astype(int) - 1  # x = batches done / batches per epoch
    np.testing.assert_allclose(fig.data[1].y, np.asarray(expected)[kept], rtol=1e-9)


def test_accuracy_axis_is_in_percent_and_labels_follow_the_language(histories):
    batch, epochs = histories
    fig = history_figure(batch, epochs, "accuracy", "zh-TW", batches_per_epoch=BATCHES)
    assert fig.layout.yaxis.tickformat == ".0%" and fig.layout.yaxis.range == (0, 1.02)
    assert [trace.name for trace in fig.data] == [t(f"chart.{key}", "zh-TW") for key in
                                                  ("batch", "batch_smoothed", "train_epoch", "val_epoch")]


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_a_row_per_step_of_several_batches_is_said_in_the_legend(histories, lang):
    """32 batches per step: a row at every 32nd batch (the epoch's last step shorter), named as a step's mean."""
    batch, epochs = histories
    ends = [*range(32, BATCHES, 32), BATCHES]
    steps = pd.DataFrame({"epoch": 1, "batch": ends, "step": ends, "loss": 1.0, "accuracy": 0.5})
    fig = history_figure(steps, epochs, "loss", lang, batches_per_epoch=BATCHES)
    assert fig.data[0].name == t("chart.step", lang, batches=32) and "32" in fig.data[0].name
    assert fig.data[1].name == t("chart.step_smoothed", lang)
    assert fig.data[0].x[-1] == pytest.approx(1.0)


def test_empty_histories_give_an_empty_chart():
    empty = pd.DataFrame(columns=["step", "epoch", "batch", "loss", "accuracy"])
    assert len(history_figure(empty, pd.DataFrame(), "loss", "en").data) == 0


def test_network_diagram_has_a_column_per_layer_and_caps_big_layers():
    fig = network_diagram((256, 5), "relu", 0.2, True, "en", max_nodes=12)
    nodes = [trace for trace in fig.data if trace.mode == "markers"]
    assert [len(trace.y) for trace in nodes] == [12, 12, 5, 10]  # 784 and 256 shown as 12 nodes
    edges = [trace for trace in fig.data if trace.mode == "lines"]
    assert [len(trace.x) // 3 for trace in edges] == [12 * 12, 12 * 5, 5 * 10]  # every shown pair joined
    labels = [a.text for a in fig.layout.annotations]
    assert "(784)" in labels[0] and "Dense 256" in labels[1] and "BN" in labels[1] and "Dropout 0.2" in labels[1]
