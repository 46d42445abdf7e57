"""The jobs that run work on the server: a kind of work (``dnn_core.running.work``) run through an executor on a
background thread, recorded in the run store from its start to its end, with live snapshots for the pages.

``run_recorded`` is the one place where every training and race is recorded, for the pages' jobs and the CLI
alike; ``WorkJob`` runs it on a thread; ``TrainingJob`` and ``RaceJob`` make their work from a page's settings, and
``TwinJob`` trains a run and its twin one after the other as TrainingJobs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import pandas as pd

from dnn_core.classroom.handwriting import digits_now
from dnn_core.engine.class_training import ClassTraining
from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.digit_sets import DigitSet
from dnn_core.engine.progress import Report, ShouldStop
from dnn_core.engine.resume import Continuation
from dnn_core.engine.twins import TwinResult
from dnn_core.running import executors
from dnn_core.running.class_scores import score_finished_run
from dnn_core.running.executors import Executor
from dnn_core.running.jobs import BackgroundJob, JobLimiter, ProgressJob
from dnn_core.running.served import keep_saved_inspection
from dnn_core.running.work import RaceWork, Result, TrainWork, Work
from dnn_core.runs import RunRecord

if TYPE_CHECKING:  # an annotation only: the training module loads TensorFlow
    from dnn_core.engine.training import TrainingResult


def start_record(work: Work, kind: str | None = None, parent_id: int | None = None, student: str = "",
                 guess: float | None = None, link: str = "") -> RunRecord:
    """The run store's record of this work, started now, with the student's name and guess for the Class board
    and the hash of its job's link (a store failure is kept in ``record.error``)."""
    return RunRecord(work.settings(), kind=kind or work.kind, parent_id=parent_id, student=student, guess=guess,
                     link=link)


def run_recorded(work: Work, executor: Executor, record: RunRecord | None, report: Report | None = None,
                 should_stop: ShouldStop | None = None) -> Result | None:
    """Run ``work`` on ``executor`` and record its end in ``record`` (None: not recorded); the result.

    A store failure never loses the result: it stays in ``record.error``. A failed or interrupted work is
    recorded as such and its exception raised again. A recorded training is then scored on the class's digits as
    they are when it finishes (``class_scores.score_finished_run``).
    """
    try:
        result = executor.run(work, report or (lambda event: None), should_stop or (lambda: False))
    except BaseException as exc:  # Ctrl-C in the CLI is a stop, anything else a failure
        if record is not None:
            failed = isinstance(exc, Exception)
            record.finish("failed" if failed else "stopped",
                          metrics={"error": f"{exc.__class__.__name__}: {exc}"} if failed else None)
        raise
    if record is not None:
        if result is None:  # stopped before it started
            record.finish("stopped")
        else:
            record.finish("stopped" if result.stopped else "finished", result.history, result.metrics(),
                          result.model_to_keep())
            result.run_id, result.store_error = record.run_id, record.error
            if work.scored_on_class_digits and record.error is None and record.run_id is not None:
                trained = cast("TrainingResult", result)  # the kind of work scored on the class's digits: a training
                keep_saved_inspection(record.run_id, trained)  # the class inspects the newest run: no worker needed
                score_finished_run(record.run_id, trained)  # the saved model's score on the class's digits
    return result


class WorkJob(ProgressJob):
    """A kind of work run through an executor on a background thread, recorded in the run store, with live
    snapshots. A job that could never fit in the executor's memory budget is refused here, in the caller
    (JobError)."""

    def __init__(self, work: Work, executor: Executor | None = None, limiter: JobLimiter | None = None,
                 abandon_after: float | None = None, save: bool = True, kind: str | None = None,
                 parent_id: int | None = None, student: str = "", guess: float | None = None):
        self.work, self.config = work, work.config
        self.executor = executor or executors.current()
        limiter = limiter or self.executor.limiter
        memory = work.memory()
        limiter.check_fits(memory)
        self.batch_columns, self.epoch_columns = work.columns()
        self._record: RunRecord | None = None  # while and after the job runs (none when not saving)
        self._save, self._kind, self._parent_id = save, kind, parent_id
        self.student, self.guess = student, guess  # stored with the run, for the Class board
        super().__init__(self._perform, limiter=limiter, abandon_after=abandon_after)
        self.need_mb = memory.total
        self._batch_rows, self._epoch_rows = work.earlier_rows()  # a continued run's curves begin with its past

    @property
    def run_id(self) -> int | None:
        return self._record.run_id if self._record else None

    @property
    def save_error(self) -> Exception | None:
        return self._record.error if self._record else None

    def abandon(self) -> None:
        """Stop as abandoned, and let the run say so."""
        if self._record is not None:
            self._record.notes["stopped_because"] = "abandoned"
        super().abandon()

    def _perform(self, report: Report, should_stop: ShouldStop) -> Result | None:
        if self._save:
            self._record = start_record(self.work, self._kind, self._parent_id, self.student, self.guess,
                                        self.link_hash)
        return run_recorded(self.work, self.executor, self._record, report, should_stop)


class TrainingJob(WorkJob):
    """``train`` on a background thread through this server's executor, with a thread-safe snapshot of its
    progress for live charts, recorded in the runs database as it starts and when it ends."""

    def __init__(self, config: ExperimentConfig, limiter: JobLimiter | None = None, tensorboard: bool = False,
                 abandon_after: float | None = None, save: bool = True, kind: str = "train",
                 parent_id: int | None = None, executor: Executor | None = None, student: str = "",
                 guess: float | None = None, start: Continuation | None = None,
                 class_digits: DigitSet | None = None):
        # the class's digits as they are now go with the job (a worker never reads the run store); a continued
        # run gets them again, and every writer stays on the side of the split it was on
        class_digits = class_digits if class_digits is not None else digits_now()
        # Inspect's bundle is made where it trains: the server's page threads only draw it
        work = TrainWork(config, tensorboard=tensorboard, start=start, inspect=True, class_digits=class_digits)
        super().__init__(work, executor=executor, limiter=limiter, abandon_after=abandon_after, save=save, kind=kind,
                         parent_id=parent_id, student=student, guess=guess)


class RaceJob(WorkJob):
    """``race`` on a background thread through this server's executor (queued by the same limiter as training),
    with snapshots, recorded in the run store as kind 'race' with the winner's model."""

    def __init__(self, config: ExperimentConfig, contestants: Any, target_accuracy: float | None = None,
                 limiter: JobLimiter | None = None, abandon_after: float | None = None, save: bool = True,
                 executor: Executor | None = None):
        work = RaceWork(config, contestants, target_accuracy)  # bad contestants fail here, in the caller
        self.contestants, self.target_accuracy = work.contestants, target_accuracy
        super().__init__(work, executor=executor, limiter=limiter, abandon_after=abandon_after, save=save)


class TwinJob(BackgroundJob):
    """Train a twin of a run (and, for a run not trained yet, the run itself first) as TrainingJobs.

    This job only orchestrates: it takes no slot of its own, and each training queues on the shared limiter
    like any other, is saved to the run store (the twin with kind 'twin' and its run as parent).
    """

    def __init__(self, base_config: ExperimentConfig, twin: ExperimentConfig, base_run_id: int | None = None,
                 base_history: pd.DataFrame | None = None, base_test_accuracy: float | None = None,
                 limiter: JobLimiter | None = None, abandon_after: float | None = None, save: bool = True,
                 executor: Executor | None = None):
        self.base_config, self.twin_config = base_config, twin
        self.base_run_id, self._base_history, self._base_accuracy = base_run_id, base_history, base_test_accuracy
        self.phase = "base" if base_run_id is None else "twin"
        self.current: TrainingJob | None = None  # the TrainingJob running now
        self._executor, self._training_limiter, self._save = executor, limiter, save
        self._base_class: ClassTraining | None = None  # the run's summary on the class's digits, once trained here
        # one reading of the class's digits for both trainings, so both are scored on the same held-out writers
        self._digits = digits_now()
        # a private one-slot limiter: waiting for the trainings must not hold a slot of the shared one
        super().__init__(self._pair, limiter=JobLimiter(1), abandon_after=abandon_after)

    def _pair(self, report: Report, should_stop: ShouldStop) -> TwinResult:
        errors: list[Exception] = []
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

    def _train(self, config: ExperimentConfig, kind: str, parent_id: int | None,
               should_stop: ShouldStop) -> TrainingJob:
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
