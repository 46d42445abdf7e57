"""The models Draw & Predict can read with: the session's own, the quick model, an uploaded file, saved runs.

The quick model is the course model trained for a few epochs on the offline sample, shipped with the package
(``assets/quick_model.keras`` and its facts in ``assets/quick_model.json``) so that no page and no server process
ever trains it. Make it again, after a change to the course model or to training, with

    python -m dnn_core.running.quick_model

(tests/test_quick_model.py checks that the shipped file is what this command makes). Each process loads it once,
and every session shares it read-only: it is only ever called with training=False (``dnn_core.engine.predict``).
"""

from __future__ import annotations

import json
import math
import threading
from pathlib import Path
from typing import Any, NamedTuple

from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.predict import input_shape
from dnn_core.engine.presets import preset_config
from dnn_core.i18n import t
from dnn_core.running.runtime import configure_runtime
from dnn_core.runs import load_run, saved_models

QUICK_EPOCHS = 5  # the offline sample reads ~92 % after 5 epochs
ASSETS = Path(__file__).parents[1] / "assets"
QUICK_FILE = "quick_model.keras"  # the model, without optimizer state (it is never trained further)
FACTS_FILE = "quick_model.json"  # the data set it was trained on, its test accuracy and its settings


class ReadyModel(NamedTuple):
    """A model to predict with, the data set it was trained on (for its class names) and its test accuracy."""

    model: Any  # keras.Model, called with training=False only
    dataset: str  # mnist, mnist_sample or fashion_mnist
    test_accuracy: float  # 0..1, NaN when unknown


_lock = threading.Lock()
_quick: ReadyModel | None = None


def quick_model() -> ReadyModel:
    """The shipped quick model, loaded once per process (thread-safe; the server preloads it with TensorFlow)."""
    global _quick
    with _lock:  # sessions arriving while it loads wait here instead of loading their own
        if _quick is None:
            _quick = _load_quick_model()
        return _quick


def _load_quick_model(folder: Path = ASSETS) -> ReadyModel:
    import keras  # TensorFlow: the pages that predict have it imported already

    facts = json.loads((folder / FACTS_FILE).read_text(encoding="utf-8"))
    model = keras.saving.load_model(folder / QUICK_FILE, compile=False)
    return ReadyModel(model, facts["dataset"], facts["test_accuracy"])


def quick_config() -> ExperimentConfig:
    """The quick model's settings: the course model, 5 epochs on the offline sample (the same wherever it is made)."""

    return preset_config("course").replace(dataset="mnist_sample", epochs=QUICK_EPOCHS)


def make_quick_model(folder: Path = ASSETS) -> ReadyModel:
    """Train the quick model and write its two files into ``folder`` (what ``python -m dnn_core.running.quick_model``
    does)."""
    from dnn_core.engine.training import train  # the training module imports TensorFlow: only when this runs

    result = train(quick_config(), record_gradients=False)
    # the same layers, uncompiled: saved without optimizer state (keras.models.clone_model compiles its clone)
    plain = type(result.model).from_config(result.model.get_config())
    plain.set_weights(result.model.get_weights())
    folder.mkdir(parents=True, exist_ok=True)
    plain.save(folder / QUICK_FILE)
    facts = {"dataset": result.config.dataset, "test_accuracy": result.test_accuracy,
             "config": result.config.to_dict()}
    (folder / FACTS_FILE).write_text(json.dumps(facts, indent=2) + "\n", encoding="utf-8")
    return ReadyModel(plain, result.config.dataset, result.test_accuracy)


def load_saved_model(run_id: int) -> ReadyModel:
    """A saved run's model with the data set it was really trained on (raises RunStoreError, a ValueError)."""

    result = load_run(run_id)
    return ReadyModel(result.model, result.config.dataset, result.test_accuracy)


def model_choices(lang: str, session: bool = False, upload_name: str | None = None,
                  skip_run: int | None = None) -> dict[str, str]:
    """id → label of the models to choose from: this session's, the quick model, an upload, then saved runs."""
    choices = {"session": t("draw.model.session", lang)} if session else {}
    choices["quick"] = t("draw.model.quick", lang)
    if upload_name is not None:
        choices["upload"] = t("draw.model.upload", lang, name=upload_name)

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


if __name__ == "__main__":
    configure_runtime()  # as the app and its workers train: one TensorFlow op thread
    made = make_quick_model()
    print(f"{ASSETS / QUICK_FILE}: the course model, {QUICK_EPOCHS} epochs on {made.dataset}, "
          f"test accuracy {made.test_accuracy:.4f}")
