"""The models Draw & Predict can read with: the session's own, the quick model, an uploaded file, saved runs.

The quick model is the course model trained once per server process: whoever opens Draw & Predict first
waits a few seconds (at most about QUICK_SECONDS on full MNIST), every later session gets the same model at
once. It is shared read-only: it is only ever called with training=False (``dnn_core.predict``), never fit again.
"""

from __future__ import annotations

import math
import threading
import time
from typing import Any, NamedTuple

from dnn_core.i18n import t
from dnn_core.predict import input_shape

QUICK_EPOCHS = 5  # the offline sample reads ~90 % after 5 epochs; full MNIST hits the time cap first
QUICK_SECONDS = 30.0  # training stops after this long (but not before one epoch is done)


class ReadyModel(NamedTuple):
    """A model to predict with, the data set it was trained on (for its class names) and its test accuracy."""

    model: Any  # keras.Model, called with training=False only
    dataset: str  # mnist, mnist_sample or fashion_mnist
    test_accuracy: float  # 0..1, NaN when unknown


_lock = threading.Lock()
_quick: ReadyModel | None = None


def quick_model() -> ReadyModel:
    """The course model trained on the available MNIST for a few epochs, once per process (thread-safe)."""
    global _quick
    with _lock:  # sessions arriving while it trains wait here instead of training their own
        if _quick is None:
            _quick = _train_quick_model()
        return _quick


def _train_quick_model() -> ReadyModel:
    from dnn_core.presets import preset_config
    from dnn_core.training import train  # TensorFlow loads here, when the quick model is first needed

    deadline = time.monotonic() + QUICK_SECONDS
    epochs_done = []

    def count_epochs(event: dict) -> None:
        if event["kind"] == "epoch":
            epochs_done.append(event["epoch"])

    # the time cap never stops the first epoch: a fraction of an epoch on a slow machine reads digits badly
    result = train(preset_config("course").replace(epochs=QUICK_EPOCHS), on_progress=count_epochs,
                   should_stop=lambda: bool(epochs_done) and time.monotonic() > deadline, record_gradients=False)
    return ReadyModel(result.model, result.config.dataset, result.test_accuracy)


def load_saved_model(run_id: int) -> ReadyModel:
    """A saved run's model with the data set it was really trained on (raises RunStoreError, a ValueError)."""
    from dnn_core.runs import load_run

    result = load_run(run_id)
    return ReadyModel(result.model, result.config.dataset, result.test_accuracy)


def model_choices(lang: str, session: bool = False, upload_name: str | None = None,
                  skip_run: int | None = None) -> dict[str, str]:
    """id → label of the models to choose from: this session's, the quick model, an upload, then saved runs."""
    choices = {"session": t("draw.model.session", lang)} if session else {}
    choices["quick"] = t("draw.model.quick", lang)
    if upload_name is not None:
        choices["upload"] = t("draw.model.upload", lang, name=upload_name)
    from dnn_core.runs import saved_models

    runs = [(run_id, name) for run_id, name in saved_models() if run_id != skip_run]  # skip: the session's own run
    return choices | {f"run:{run_id}": t("draw.model.run", lang, id=run_id, name=name) for run_id, name in runs}


def model_note(ready: ReadyModel, lang: str, uploaded: bool = False) -> str:
    """One line on what the model was trained on and how well it did."""
    space = "" if lang == "zh-TW" else " "  # between sentences: Chinese ones end in a full-width 。
    if uploaded:  # a file says nothing of its data set
        shape = "×".join(str(side) for side in input_shape(ready.model))
        return t("draw.model.upload_note", lang) + space + t("draw.model.upload_shape", lang, shape=shape)
    note = t("draw.model.trained_on", lang, data=t(f"data.name.{ready.dataset}", lang))
    if math.isnan(ready.test_accuracy):
        return note
    return note + space + t("draw.model.accuracy", lang, accuracy=f"{100 * ready.test_accuracy:.1f}")
