"""Twin runs: a run and its twin, trained with one setting changed, to see what that one setting does."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dnn_core.class_training import ClassTraining, digits_now
from dnn_core.config import FIELD_NAMES, MOMENTUM_OPTIMIZERS, ConfigError, ExperimentConfig, format_value
from dnn_core.jobs import BackgroundJob, JobLimiter
from dnn_core.layers import MAX_FILTERS, MAX_WIDTH, Layer

TWIN_SETTINGS = ("dropout", "batch_norm", "optimizer", "lr", "layers", "activation", "class_digits")
TWIN_DROPOUT = 0.2  # the rate a twin gets when its run had no dropout (the course model's)


def twin_config(config: ExperimentConfig, setting: str, value=None) -> ExperimentConfig:
    """``config`` with one setting changed; without a value, dropout and batch_norm are switched on/off."""
    if setting not in TWIN_SETTINGS:
        raise ConfigError("config.error.twin_setting", value=repr(setting), allowed=", ".join(TWIN_SETTINGS))
    if value is None and setting == "dropout":
        value = 0.0 if config.dropout > 0 else TWIN_DROPOUT
    elif value is None and setting == "batch_norm":
        value = not config.batch_norm
    elif value is None:
        raise ConfigError("config.error.twin_value", setting=setting)
    changes = {setting: value}
    if setting == "optimizer" and value not in MOMENTUM_OPTIMIZERS:
        changes["momentum"] = 0.0  # the other optimizers have no momentum setting
    twin = config.replace(**changes)
    if twin == config:
        raise ConfigError("config.error.twin_same", setting=setting, value=format_value(getattr(config, setting)))
    return twin


def wider_layers(config: ExperimentConfig) -> tuple[int | str, ...]:
    """The config's layers with every dense and conv layer twice as wide (within the limits): the twin Compare
    proposes for ``layers``; pools and each layer's own activation stay."""
    limits = {"dense": MAX_WIDTH, "conv": MAX_FILTERS}
    return tuple(Layer(layer.kind, min(2 * layer.size, limits[layer.kind]), layer.activation).token
                 if layer.kind in limits else layer.token for layer in config.layer_stack)


def differences(a: ExperimentConfig, b: ExperimentConfig) -> list[tuple[str, str, str]]:
    """(setting, value in a, value in b) for every setting that differs, in vocabulary order."""
    da, db = a.to_dict(), b.to_dict()
    return [(name, format_value(da[name]), format_value(db[name])) for name in FIELD_NAMES if da[name] != db[name]]


@dataclass(eq=False)
class TwinResult:
    """A run and its twin: configs, per-epoch histories, and their ids in the run store."""

    base_config: ExperimentConfig
    twin_config: ExperimentConfig
    base_history: pd.DataFrame
    twin_history: pd.DataFrame
    base_run_id: int | None
    twin_run_id: int | None
    base_test_accuracy: float | None
    twin_test_accuracy: float | None
    stopped: bool = False
    save_errors: list = field(default_factory=list)  # RunStoreErrors of either training
    base_class: ClassTraining | None = None  # each training's summary on the class's digits, when it had some
    twin_class: ClassTraining | None = None

    @property
    def changes(self) -> list[tuple[str, str, str]]:
        return differences(self.base_config, self.twin_config)


class TwinJob(BackgroundJob):
    """Train a twin of a run (and, for a run not trained yet, the run itself first) as TrainingJobs.

    This job only orchestrates: it takes no slot of its own, and each training queues on the shared limiter
    like any other, is saved to the run store (the twin with kind 'twin' and its run as parent).
    """

    def __init__(self, base_config: ExperimentConfig, twin: ExperimentConfig, base_run_id: int | None = None,
                 base_history: pd.DataFrame | None = None, base_test_accuracy: float | None = None,
                 limiter: JobLimiter | None = None, abandon_after: float | None = None, save: bool = True,
                 executor=None):
        self.base_config, self.twin_config = base_config, twin
        self.base_run_id, self._base_history, self._base_accuracy = base_run_id, base_history, base_test_accuracy
        self.phase = "base" if base_run_id is None else "twin"
        self.current = None  # the TrainingJob running now
        self._executor, self._training_limiter, self._save = executor, limiter, save
        self._base_class = None  # the run's summary on the class's digits, once trained here
        # one reading of the class's digits for both trainings, so both are scored on the same held-out writers
        self._digits = digits_now()
        # a private one-slot limiter: waiting for the trainings must not hold a slot of the shared one
        super().__init__(self._pair, limiter=JobLimiter(1), abandon_after=abandon_after)

    def _pair(self, report, should_stop) -> TwinResult:
        errors = []
        if self.base_run_id is None:
            base = self._train(self.base_config, "train", None, should_stop)
            with self._lock:
                self.base_run_id, self._base_history = base.run_id, base.result.history
                self._base_accuracy, self._base_class = base.result.test_accuracy, base.result.class_training
            errors += [base.save_error] if base.save_error else []
        twin = None
        if not should_stop():
            with self._lock:
                self.phase = "twin"
            twin = self._train(self.twin_config, "twin", self.base_run_id, should_stop)
            errors += [twin.save_error] if twin.save_error else []
        return TwinResult(self.base_config, self.twin_config, self._base_history,
                          twin.result.history if twin else pd.DataFrame(), self.base_run_id,
                          twin.run_id if twin else None, self._base_accuracy,
                          twin.result.test_accuracy if twin else None,
                          stopped=twin is None or twin.result.stopped, save_errors=errors,
                          base_class=self._base_class, twin_class=twin.result.class_training if twin else None)

    def others_waiting(self) -> bool:
        """Whether other jobs wait for the slot its training of the moment holds or waits for."""
        current = self.current
        return current is not None and current.others_waiting()

    def abandon(self) -> None:
        """Stop as abandoned, and let the training of the moment's run say so."""
        if self.current is not None:
            self.current.abandon()
        super().abandon()

    def _train(self, config: ExperimentConfig, kind: str, parent_id: int | None, should_stop):
        from dnn_core.training import TrainingJob

        job = TrainingJob(config, limiter=self._training_limiter, save=self._save, kind=kind, parent_id=parent_id,
                          executor=self._executor, class_digits=self._digits)
        job.link_hash = self.link_hash  # both runs are found by the twin run's link
        with self._lock:
            self.current = job
        job.start()
        while not job.wait(0.2):
            if should_stop():
                job.stop()
        if job.failure is not None:
            raise job.failure  # as it is: a worker lost on the cluster keeps its translated message
        if job.result is None:
            raise RuntimeError(f"the {kind} training ended without a result")
        return job

    def snapshot(self) -> dict:
        """State and phase, and the snapshot of the training running now (None before it exists)."""
        self.touch()
        with self._lock:
            current, phase, base_history = self.current, self.phase, self._base_history
        return {"state": self.state, "phase": phase, "training": current.snapshot() if current else None,
                "base_history": base_history, "error": self.error, "result": self.result}
