"""A job found by its link in the run store, after it ended on this server or before the server restarted.

``restore`` gives the pages an ended job with the same face as a live one (``done``, ``state``, ``result``,
``snapshot()``…), rebuilt from the job's runs: a training with its saved model, a race with its table, a twin run
with both curves. The per-batch curves are not stored: a restored job shows its per-epoch history.
"""

from __future__ import annotations

import pandas as pd

from dnn_core.job_links import LinkError

RACE_ONLY = ("optimizers", "lrs", "target_accuracy")  # the settings a race adds to its network's


class StoredJob:
    """An ended job rebuilt from its runs; ``kind`` says which page shows it ('train', 'race' or 'twin')."""

    def __init__(self, kind: str, runs: list, result, state: str, failure: Exception | None = None):
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
        return {**self.status(), "history": history, "error": self.error, "result": self.result,
                "batch_history": batches if batches is not None else pd.DataFrame(columns=batch_columns(self.kind))}


def network_config(settings: dict):
    """The ExperimentConfig of a stored run's settings (a race's without its contestants)."""
    from dnn_core.config import ExperimentConfig

    return ExperimentConfig.from_dict({k: v for k, v in settings.items() if k not in RACE_ONLY})


def batch_columns(kind: str) -> list[str]:
    """The per-batch history columns of a kind of job (none is stored: the live curve starts empty)."""
    if kind == "race":
        from dnn_core.race import BATCH_COLUMNS
    else:
        from dnn_core.training import BATCH_COLUMNS
    return BATCH_COLUMNS


def restore(link: str, store=None) -> StoredJob | None:
    """The job whose link hashes to ``link``, from the run store (default: the server's); None if it has none."""
    from dnn_core.runs import RunStore

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
    if last.kind == "race":
        result = race_result(last)
    elif last.kind == "twin":
        result = twin_result(store, runs)
    else:
        result = training_result(store, last)
    return StoredJob(last.kind, runs, result, last.status)


def training_result(store, run):
    """A stored training as a TrainingResult, with its model when one was saved."""
    from dnn_core.runs import result_from_run

    model = store.load_model(run.id) if run.model_path is not None else None
    result = result_from_run(run, model)
    result.run_id = run.id
    return result


def race_result(run):
    """A stored race as a RaceResult: its table rebuilt from the per-epoch history; no weights."""
    from dnn_core.race import BATCH_COLUMNS, RaceResult, make_contestants, race_table

    contestants = make_contestants(dict(zip(run.config["optimizers"], run.config["lrs"])))
    target = run.config.get("target_accuracy")
    metrics = run.metrics
    return RaceResult(config=network_config(run.config), contestants=contestants, history=run.history,
                      batch_history=pd.DataFrame(columns=BATCH_COLUMNS),
                      table=race_table(run.history, target, contestants),
                      seconds=float(metrics.get("seconds", 0.0)), stopped=run.status == "stopped",
                      target_accuracy=target, worker=metrics.get("worker") or {}, run_id=run.id)


def twin_result(store, runs):
    """A stored twin run as a TwinResult: its twin and the run it twinned (trained by the job or before)."""
    from dnn_core.class_training import ClassTraining
    from dnn_core.config import ExperimentConfig
    from dnn_core.twins import TwinResult

    twin = runs[-1]
    base = runs[0] if runs[0] is not twin else store.get_run(twin.parent_id)
    return TwinResult(ExperimentConfig.from_dict(base.config), ExperimentConfig.from_dict(twin.config), base.history,
                      twin.history, base.id, twin.id, base.metrics.get("test_accuracy"),
                      twin.metrics.get("test_accuracy"), stopped=twin.status == "stopped",
                      base_class=ClassTraining.from_dict(base.metrics.get("class_training")),
                      twin_class=ClassTraining.from_dict(twin.metrics.get("class_training")))
