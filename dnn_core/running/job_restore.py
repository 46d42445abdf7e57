"""A job found by its link in the run store, after it ended on this server or before the server restarted.

``restore`` gives the pages an ended job with the same face as a live one (``done``, ``state``, ``result``,
``snapshot()``…), rebuilt from the job's runs: a training with its saved model, a race with its table (each kind of
work loads its own: ``dnn_core.running.work.WORKS``), a twin run with both curves. The per-batch curves are not stored:
a restored job shows its per-epoch history.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from dnn_core.engine.class_training import ClassTraining
from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.twins import TwinResult
from dnn_core.running.job_links import LinkError
from dnn_core.running.work import WORKS, network_config
from dnn_core.runs import Run, RunStore


class StoredJob:
    """An ended job rebuilt from its runs; ``kind`` says which page shows it ('train', 'race' or 'twin')."""

    def __init__(self, kind: str, runs: list[Run], result: Any, state: str, failure: Exception | None = None):
        self.kind, self.runs, self.result, self.state = kind, runs, result, state
        self.failure = failure
        self.error = str(failure) if failure is not None else None
        self.done, self.work, self.save_error, self.guess = True, None, None, None
        self.stop_reason = next((run.metrics.get("stopped_because") for run in runs
                                 if run.metrics.get("stopped_because")), None)
        self.run_id = runs[-1].id
        self.config = getattr(result, "config", None) or network_config(runs[-1].config)  # a twin's: its twin's
        self.contestants = getattr(result, "contestants", ())
        self.base_config = getattr(result, "base_config", None) or network_config(runs[0].config)
        self.twin_config = getattr(result, "twin_config", None) or self.config

    def stop(self, reason: str = "owner") -> None:
        """It has ended already."""

    def status(self) -> dict:
        return {"state": self.state, "progress": {}, "queue_position": None}

    def snapshot(self) -> dict:
        if self.kind == "twin":
            base = self.result.base_history if self.result is not None else None
            return {"state": self.state, "phase": "twin", "training": None, "base_history": base,
                    "error": self.error, "result": self.result}
        history = self.result.history if self.result is not None else self.runs[-1].history
        batches = getattr(self.result, "batch_history", None)
        if batches is None:  # none is stored: the live curve starts empty
            batches = pd.DataFrame(columns=WORKS[self.kind].columns()[0])
        return {**self.status(), "history": history, "error": self.error, "result": self.result,
                "batch_history": batches}


def restore(link: str, store: RunStore | None = None) -> StoredJob | None:
    """The job whose link hashes to ``link``, from the run store (default: the server's); None if it has none."""
    store = store or RunStore()
    runs = store.linked_runs(link)
    if not runs:
        return None
    last = runs[-1]
    if last.status in ("running", "interrupted"):  # another server process has it, or a restart cut it off
        return StoredJob(last.kind, runs, None, "failed", LinkError(f"job.link.{last.status}"))
    if last.status == "failed":
        failure = LinkError("job.link.failed", error=last.metrics.get("error", ""))
        return StoredJob(last.kind, runs, None, "failed", failure)
    result = twin_result(store, runs) if last.kind == "twin" else WORKS[last.kind].restore(store, last)
    return StoredJob(last.kind, runs, result, last.status)


def twin_result(store: RunStore, runs: list[Run]) -> TwinResult:
    """A stored twin run as a TwinResult: its twin and the run it twinned (trained by the job or before)."""
    twin = runs[-1]
    base = store.get_run(twin.parent_id) if runs[0] is twin and twin.parent_id is not None else runs[0]
    return TwinResult(ExperimentConfig.from_dict(base.config), ExperimentConfig.from_dict(twin.config), base.history,
                      twin.history, base.id, twin.id, base.metrics.get("test_accuracy"),
                      twin.metrics.get("test_accuracy"), stopped=twin.status == "stopped",
                      base_class=ClassTraining.from_dict(base.metrics.get("class_training")),
                      twin_class=ClassTraining.from_dict(twin.metrics.get("class_training")))
