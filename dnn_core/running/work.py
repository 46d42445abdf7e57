"""The kinds of work a job runs: a training and a race, each one object that knows how to run, record and load itself.

A kind of work is pure: ``perform(data, report, should_stop, log_dir)`` takes a config and data and returns a
result, with progress through a callback and stop through a flag, wherever an executor runs it (a worker process, a
Ray actor, this process). It also says what it costs (``memory``), how the run store keeps it (``settings``), how its
result crosses from a worker to the server (``pack``/``unpack``), its live curves' columns, and how an ended run of
its kind is loaded back from the run store (``restore``). A new kind of work is one new class here, in ``WORKS``.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

import numpy as np
import pandas as pd

from dnn_core.engine.class_training import added_images
from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.data import Dataset
from dnn_core.engine.digit_sets import DigitSet
from dnn_core.engine.memory import MemoryEstimate, estimate, training_images
from dnn_core.engine.progress import BATCH_COLUMNS, EPOCH_COLUMNS, Report, ShouldStop
from dnn_core.engine.race import (
    RACE_BATCH_COLUMNS,
    RACE_HISTORY_COLUMNS,
    Contestant,
    RaceResult,
    check_target_accuracy,
    make_contestants,
    race,
    race_settings,
    race_table,
)
from dnn_core.engine.resume import Continuation
from dnn_core.running.portable import CHECK_IMAGES, StopFlag, pack_training, unpack_training
from dnn_core.runs import Run, RunStore, result_from_run

if TYPE_CHECKING:  # the training module imports TensorFlow: only its result's type is needed here
    from dnn_core.engine.training import TrainingResult


class Result(Protocol):
    """What every kind of work returns: enough for the run store and the pages' live view."""

    config: ExperimentConfig
    history: pd.DataFrame  # one row per epoch (a race: per contestant and epoch)
    stopped: bool
    worker: dict  # where it ran
    run_id: int | None  # in the run store, once recorded
    store_error: Exception | None  # why it could not be recorded

    def metrics(self) -> dict: ...

    def model_to_keep(self) -> Any: ...


class Work(Protocol):
    """One kind of work: what to run, not where (``dnn_core.running.executors`` decides that)."""

    kind: ClassVar[str]  # the run store's kind, and the key in WORKS
    scored_on_class_digits: ClassVar[bool]  # once recorded, scored on the class's digits as they are then
    @property
    def config(self) -> ExperimentConfig: ...  # the network, data and schedule

    def memory(self) -> MemoryEstimate: ...

    def new_log_dir(self) -> str | None: ...

    def perform(self, data: Dataset, report: Report | None = None, should_stop: ShouldStop | None = None,
                log_dir: str | None = None) -> Result: ...

    def settings(self) -> dict: ...

    @staticmethod
    def columns() -> tuple[list[str], list[str]]: ...

    def earlier_rows(self) -> tuple[list[dict], list[dict]]: ...

    def pack(self, result: Any, check_images: np.ndarray) -> object: ...

    def unpack(self, payload: Any) -> Result: ...


def perform_and_pack(work: Work, data: Dataset, report: Report, should_stop: StopFlag, where: dict) -> object:
    """What a worker (a process of this machine, or a Ray actor at ``where``) does with a job: ``work`` on its own
    copy of ``data``, its result packed to cross to the server with the probabilities of the check images, and the
    job's TensorBoard folder removed (its logs are in the packed result)."""
    log_dir = work.new_log_dir()
    try:
        result = work.perform(data, report, should_stop, log_dir)
        result.worker = {**where, "stop_arrived_after_batch": should_stop.arrived_after}
        return work.pack(result, data.x_test[:CHECK_IMAGES])
    finally:
        if log_dir:
            shutil.rmtree(log_dir, ignore_errors=True)


@dataclass(frozen=True)
class TrainWork:
    """One training of a config's model (or a run's model trained further)."""

    kind: ClassVar[str] = "train"
    scored_on_class_digits: ClassVar[bool] = True

    config: ExperimentConfig  # the network, data and schedule
    tensorboard: bool = False  # also write TensorBoard logs
    record_gradients: bool = True  # gradient-norm probes for Inspect
    start: Continuation | None = None  # the run whose model this one trains further, with its state
    inspect: bool = False  # also make Inspect's bundle where it trains (result.inspection)
    class_digits: DigitSet | None = None  # the class's drawn digits, read by the server when it was submitted

    def memory(self) -> MemoryEstimate:
        """The estimated peak memory of this training wherever it runs."""
        if self.class_digits is None:
            return estimate(self.config)
        base = training_images(self.config)
        return estimate(self.config, extra_train=added_images(self.class_digits, self.config.class_digits, base),
                        extra_test=len(self.class_digits))

    def new_log_dir(self) -> str | None:
        """A new folder for the TensorBoard logs, when asked for."""
        return tempfile.mkdtemp(prefix="dnn-tb-") if self.tensorboard else None

    def perform(self, data: Dataset, report: Report | None = None, should_stop: ShouldStop | None = None,
                log_dir: str | None = None) -> TrainingResult:
        """Train here and now; the TrainingResult."""
        from dnn_core.engine.training import train  # TensorFlow loads here, when a training starts

        result = train(self.config, data, on_progress=report, should_stop=should_stop, log_dir=log_dir,
                       record_gradients=self.record_gradients, start=self.start, class_digits=self.class_digits)
        if self.inspect:  # where the model is: its bundle crosses to the server as plain data, with the result
            from dnn_core.engine.evaluate import inspect_result  # evaluate needs the trained model's Keras

            result.inspection = inspect_result(result, data)
        return result

    def settings(self) -> dict:
        """The settings the run store keeps: the config's."""
        return self.config.to_dict()

    @staticmethod
    def columns() -> tuple[list[str], list[str]]:
        """The (batch, epoch) history columns of a training."""
        return BATCH_COLUMNS, EPOCH_COLUMNS

    def earlier_rows(self) -> tuple[list[dict], list[dict]]:
        """A continued run's (batch, epoch) rows before this part: its live curves begin with them."""
        if self.start is None:
            return [], []
        return _rows(self.start.batch_history), _rows(self.start.history)

    def pack(self, result: TrainingResult, check_images: np.ndarray) -> object:
        """The result as plain data that crosses to the server (the model as .keras bytes, the logs as a zip)."""
        return pack_training(result, check_images)

    def unpack(self, payload: Any) -> TrainingResult:
        """The result again on the server, its model loaded and checked."""
        return unpack_training(payload)

    @staticmethod
    def restore(store: RunStore, run: Run) -> TrainingResult:
        """A stored training as a TrainingResult, with its model when one was saved."""
        model = store.load_model(run.id) if run.model_path is not None else None
        result = result_from_run(run, model)
        result.run_id = run.id
        return result


@dataclass(frozen=True)
class RaceWork:
    """A race of optimizers on one network and the same batches."""

    kind: ClassVar[str] = "race"
    scored_on_class_digits: ClassVar[bool] = False

    config: ExperimentConfig  # the network, data and schedule (the contestants bring their own optimizers)
    contestants: tuple[Contestant, ...] = ()
    target_accuracy: float | None = None  # the validation accuracy whose first epoch is reported

    def __post_init__(self) -> None:
        # bad input fails here, in the caller, not on the job's thread
        object.__setattr__(self, "contestants", make_contestants(self.contestants))
        # a race compares optimizers on the same batches of the data set: the class's digits never join one, and
        # its settings say so
        object.__setattr__(self, "config", self.config.replace(class_digits=0.0))
        check_target_accuracy(self.target_accuracy)

    def memory(self) -> MemoryEstimate:
        """The estimated peak memory of the race's stacked networks."""
        return estimate(self.config, networks=len(self.contestants),
                        optimizers=tuple(c.optimizer for c in self.contestants))

    def new_log_dir(self) -> str | None:
        """None: a race writes no TensorBoard logs."""
        return None

    def perform(self, data: Dataset, report: Report | None = None, should_stop: ShouldStop | None = None,
                log_dir: str | None = None) -> RaceResult:
        """Race here and now; the RaceResult."""
        return race(self.config, self.contestants, data, on_progress=report, should_stop=should_stop,
                    target_accuracy=self.target_accuracy)

    def settings(self) -> dict:
        """The race as the run store keeps it: the network and data settings plus the contestants."""
        return race_settings(self.config, self.contestants, self.target_accuracy)

    @staticmethod
    def columns() -> tuple[list[str], list[str]]:
        """The (batch, epoch) history columns of a race."""
        return RACE_BATCH_COLUMNS, RACE_HISTORY_COLUMNS

    def earlier_rows(self) -> tuple[list[dict], list[dict]]:
        """None: a race always starts from scratch."""
        return [], []

    def pack(self, result: RaceResult, check_images: np.ndarray) -> object:
        """The result as it is: a race's holds only arrays and tables."""
        return result

    def unpack(self, payload: Any) -> RaceResult:
        return payload

    @staticmethod
    def restore(store: RunStore, run: Run) -> RaceResult:
        """A stored race as a RaceResult: its table rebuilt from the per-epoch history; no weights."""
        contestants = make_contestants(dict(zip(run.config["optimizers"], run.config["lrs"])))
        target = run.config.get("target_accuracy")
        metrics = run.metrics
        return RaceResult(config=network_config(run.config), contestants=contestants, history=run.history,
                          batch_history=pd.DataFrame(columns=RACE_BATCH_COLUMNS),
                          table=race_table(run.history, target, contestants),
                          seconds=float(metrics.get("seconds", 0.0)), stopped=run.status == "stopped",
                          target_accuracy=target, worker=metrics.get("worker") or {}, run_id=run.id)


WORKS: dict[str, type[TrainWork] | type[RaceWork]] = {"train": TrainWork, "race": RaceWork}
RACE_ONLY = ("optimizers", "lrs", "target_accuracy")  # the settings a race adds to its network's


def network_config(settings: dict) -> ExperimentConfig:
    """The ExperimentConfig of a stored run's settings (a race's without its contestants)."""
    return ExperimentConfig.from_dict({k: v for k, v in settings.items() if k not in RACE_ONLY})


def _rows(frame: pd.DataFrame | None) -> list[dict]:
    return [] if frame is None else frame.to_dict("records")
