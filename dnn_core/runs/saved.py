"""Saved runs as the pages offer them: the lists to pick from, a filter, and a run loaded back with its model.

A damaged or unreadable database must not take a page down: the lists are then empty.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from dnn_core.engine.class_training import ClassTraining
from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.progress import BATCH_COLUMNS, GRADIENT_COLUMNS
from dnn_core.runs.store import Run, RunStore

if TYPE_CHECKING:  # for the annotations only: Keras loads with a saved run's model
    import keras

    from dnn_core.engine.training import TrainingResult

MAX_SAVED_RUNS = 50  # the newest saved runs offered for inspection (a class shares one run store)
MAX_SAVED_MODELS = 20  # newest saved runs offered as models to draw with


def saved_trained_runs(limit: int, with_model: bool = False) -> pd.DataFrame:
    """``RunStore().trained_runs``, or no runs when there is no usable store: a damaged or unreadable database
    must not take a page down; it only offers fewer saved runs."""
    try:
        return RunStore().trained_runs(limit, with_model=with_model)
    except Exception:
        return pd.DataFrame(columns=["id", "name"])


def inspectable_runs() -> pd.DataFrame:
    """Saved training runs (id, name) that may hold a model; empty when there is no run store or it can't be read."""
    return saved_trained_runs(MAX_SAVED_RUNS)


def saved_models(limit: int = MAX_SAVED_MODELS) -> list[tuple[int, str]]:
    """(run id, name) of the newest finished or stopped runs that have a model file; [] without a usable store."""
    return [(int(run.id), run.name) for run in saved_trained_runs(limit, with_model=True).itertuples()]


def filter_runs(runs: pd.DataFrame, query: str) -> pd.DataFrame:
    """The runs whose name, kind, optimizer(s) or data set contain ``query`` (any case); all for an empty query."""
    query = query.strip().lower()
    if not query:
        return runs
    text = runs[["name", "kind", "optimizer", "dataset"]].astype(str).agg(" ".join, axis=1).str.lower()
    return runs[text.str.contains(query, regex=False)]


def run_label(runs: pd.DataFrame, run_id: int) -> str:
    """'#12 name': how a run of a ``list_runs`` table is offered in a picker (its name already starts so by default)."""
    name = runs.loc[runs["id"] == run_id, "name"].iloc[0] if (runs["id"] == run_id).any() else ""
    return name if name.startswith(f"#{run_id}") else f"#{run_id} {name}"


def load_run(run_id: int) -> TrainingResult:
    """A saved run with its model, as a TrainingResult (raises ValueError when it can't be opened)."""
    store = RunStore()
    return result_from_run(store.get_run(run_id), store.load_model(run_id))


def result_from_run(run: Run, model: keras.Model) -> TrainingResult:
    """A saved run and its loaded model as a TrainingResult, without gradient records."""
    # the training module imports TensorFlow: only when a run is loaded, never as the run store is imported
    from dnn_core.engine.training import TrainingResult

    metrics = run.metrics or {}
    config = ExperimentConfig.from_dict(run.config)
    config = config.trained_on(metrics.get("dataset", config.dataset))  # metrics name the data really used
    return TrainingResult(
        config=config, model=model, history=run.history,
        batch_history=pd.DataFrame(columns=BATCH_COLUMNS), gradient_history=pd.DataFrame(columns=GRADIENT_COLUMNS),
        test_loss=float(metrics.get("test_loss", np.nan)), test_accuracy=float(metrics.get("test_accuracy", np.nan)),
        seconds=float(metrics.get("seconds", 0.0)), samples_per_second=float(metrics.get("samples_per_second", 0.0)),
        stopped=run.status == "stopped", worker=metrics.get("worker") or {},
        class_training=ClassTraining.from_dict(metrics.get("class_training")))
