"""Work that runs anywhere, and the one place on the server that runs it through an executor and records it.

``perform`` is pure: a config and data in, a result out, progress through a callback, stop through a flag. It
runs in this process or on a Ray worker (``dnn_core.executors``). ``run_recorded`` is where every training and
race is recorded in the run store, from its start to its end, for the pages' jobs and the CLI alike; ``WorkJob``
runs it on a background thread with live snapshots.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from dnn_core.class_training import added_images
from dnn_core.config import ExperimentConfig
from dnn_core.handwriting import DigitSet
from dnn_core.jobs import JobLimiter, ProgressJob
from dnn_core.memory import MemoryEstimate, estimate, training_images

if TYPE_CHECKING:
    from dnn_core.resume import Continuation

WORK_KINDS = ("train", "race")


@dataclass(frozen=True)
class Work:
    """One training or race: what to run, not where."""

    kind: str  # 'train' or 'race'
    config: ExperimentConfig  # the network, data and schedule (a race's contestants bring their own optimizers)
    contestants: tuple = ()  # race: race.Contestant tuples
    target_accuracy: float | None = None  # race: the validation accuracy whose first epoch is reported
    tensorboard: bool = False  # train: also write TensorBoard logs
    record_gradients: bool = True  # train: gradient-norm probes for Inspect
    start: Continuation | None = None  # train: the run whose model this one trains further, with its state
    inspect: bool = False  # train: also make Inspect's bundle where it trains (result.inspection)
    class_digits: DigitSet | None = None  # train: the class's drawn digits, read by the server when it was submitted

    def __post_init__(self) -> None:
        if self.kind not in WORK_KINDS:
            raise ValueError(f"work: unknown kind {self.kind!r}; allowed: {', '.join(WORK_KINDS)}")

    def memory(self) -> MemoryEstimate:
        """The estimated peak memory of this work wherever it runs."""
        if self.kind == "race":
            return estimate(self.config, networks=len(self.contestants),
                            optimizers=tuple(c.optimizer for c in self.contestants))
        if self.class_digits is None:
            return estimate(self.config)
        base = training_images(self.config)
        return estimate(self.config, extra_train=added_images(self.class_digits, self.config.class_digits, base),
                        extra_test=len(self.class_digits))

    def settings(self) -> dict:
        """The settings the run store keeps for this work."""
        if self.kind == "race":
            from dnn_core.race import race_settings

            return race_settings(self.config, self.contestants, self.target_accuracy)
        return self.config.to_dict()


def perform(work: Work, data, report: Callable[[dict], None] | None = None,
            should_stop: Callable[[], bool] | None = None, log_dir: str | None = None):
    """Run ``work`` on ``data`` here and now; a TrainingResult or a RaceResult."""
    if work.kind == "train":
        from dnn_core.training import train

        result = train(work.config, data, on_progress=report, should_stop=should_stop, log_dir=log_dir,
                       record_gradients=work.record_gradients, start=work.start, class_digits=work.class_digits)
        if work.inspect:  # where the model is: its bundle crosses to the server as plain data, with the result
            from dnn_core.evaluate import inspect_result

            result.inspection = inspect_result(result, data)
        return result
    from dnn_core.race import race

    return race(work.config, work.contestants, data, on_progress=report, should_stop=should_stop,
                target_accuracy=work.target_accuracy)


def start_record(work: Work, kind: str | None = None, parent_id: int | None = None, student: str = "",
                 guess: float | None = None, link: str = ""):
    """The run store's record of this work, started now, with the student's name and guess for the Class board
    and the hash of its job's link (a store failure is kept in ``record.error``)."""
    from dnn_core.runs import RunRecord

    return RunRecord(work.settings(), kind=kind or work.kind, parent_id=parent_id, student=student, guess=guess,
                     link=link)


def run_recorded(work: Work, executor, record, report=None, should_stop=None):
    """Run ``work`` on ``executor`` and record its end in ``record`` (None: not recorded); the result.

    A store failure never loses the result: it stays in ``record.error``. A failed or interrupted work is
    recorded as such and its exception raised again. A recorded training is then scored on the class's digits as
    they are when it finishes (``class_scores.score_finished_run``).
    """
    try:
        result = executor.run(work, report, should_stop or (lambda: False))
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
            if work.kind == "train" and record.error is None:
                # the classroom's layer, above this one: the saved model's score on the class's digits, on a worker
                from dnn_core.class_scores import score_finished_run
                from dnn_core.served import keep_saved_inspection

                keep_saved_inspection(record.run_id, result)  # the class inspects the newest run: no worker needed
                score_finished_run(record.run_id, result)
    return result


class WorkJob(ProgressJob):
    """A Work run through an executor on a background thread, recorded in the run store, with live snapshots.

    A job that could never fit in the executor's memory budget is refused here, in the caller (JobError).
    """

    def __init__(self, work: Work, executor=None, limiter: JobLimiter | None = None,
                 abandon_after: float | None = None, save: bool = True, kind: str | None = None,
                 parent_id: int | None = None, student: str = "", guess: float | None = None):
        from dnn_core import executors

        self.work, self.config = work, work.config
        self.executor = executor or executors.current()
        limiter = limiter or self.executor.limiter
        memory = work.memory()
        limiter.check_fits(memory)
        self.batch_columns, self.epoch_columns = _columns(work.kind)
        self._record = None  # the RunRecord while and after the job runs (none when not saving)
        self._save, self._kind, self._parent_id = save, kind, parent_id
        self.student, self.guess = student, guess  # stored with the run, for the Class board
        super().__init__(self._perform, limiter=limiter, abandon_after=abandon_after)
        self.need_mb = memory.total
        if work.start is not None:  # a continued run: its live curves begin with the part before
            self._batch_rows = _rows(work.start.batch_history)
            self._epoch_rows = _rows(work.start.history)

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

    def _perform(self, report, should_stop):
        if self._save:
            self._record = start_record(self.work, self._kind, self._parent_id, self.student, self.guess,
                                        self.link_hash)
        return run_recorded(self.work, self.executor, self._record, report, should_stop)


def _rows(frame) -> list[dict]:
    return [] if frame is None else frame.to_dict("records")


def _columns(kind: str) -> tuple[list[str], list[str]]:
    """The (batch, epoch) history columns of a kind of work."""
    if kind == "race":
        from dnn_core.race import BATCH_COLUMNS, RACE_HISTORY_COLUMNS

        return BATCH_COLUMNS, RACE_HISTORY_COLUMNS
    from dnn_core.training import BATCH_COLUMNS, EPOCH_COLUMNS

    return BATCH_COLUMNS, EPOCH_COLUMNS
