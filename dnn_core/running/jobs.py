"""Background jobs with a process-wide limit on how many run at once.

A job runs ``work(report, should_stop)`` on a daemon thread once the limiter gives it a slot; the rest wait in
a queue and can tell their position. Any exception inside the work becomes the job's ``error``.

Abandoned is not the same as unseen: a job nobody has looked at (a locked phone, a closed tab) goes on to its end,
and its result is kept for its link. It stops itself only when its owner has been away longer than
``abandon_after`` seconds *and* other jobs wait in its queue for a slot it would hold for nobody; then
``stop_reason`` is 'abandoned', and the run says so.
"""

from __future__ import annotations

import itertools
import threading
import time
from typing import TYPE_CHECKING, Any, Callable

from dnn_core import settings
from dnn_core.engine.progress import Report, ShouldStop
from dnn_core.errors import PeopleError

if TYPE_CHECKING:  # types only: pandas loads when a job first shows its curves, the estimate with the limiter's user
    import pandas as pd

    from dnn_core.engine.memory import MemoryEstimate

# what a job runs: task(report, should_stop) -> its result
Task = Callable[[Report, ShouldStop], Any]

DEFAULT_MAX_JOBS = 2
DEFAULT_ABANDON_AFTER_S = 120.0  # how long a job's owner may be away while others wait, before it gives up its slot


class JobError(PeopleError):
    """Why a job was refused or failed, for a person; ``key`` and ``params`` give the text in any language."""


def max_concurrent_jobs() -> int:
    """The limit from DNN_MAX_CONCURRENT_JOBS (default 2, at least 1)."""
    return settings.max_concurrent_jobs(DEFAULT_MAX_JOBS)


def abandon_after() -> float:
    """The abandon delay from DNN_ABANDON_AFTER_S (default 120 s; tests shorten it), at least 1 s."""
    return settings.abandon_after_s(DEFAULT_ABANDON_AFTER_S)


class JobLimiter:
    """At most ``limit`` jobs hold a slot, and only while their memory fits in ``budget_mb`` (None: no budget);
    the others wait first come, first served."""

    def __init__(self, limit: int | None = None, budget_mb: float | None = None):
        self.limit = limit or max_concurrent_jobs()
        self.budget_mb = budget_mb
        self._cond = threading.Condition()
        self._running: dict[int, float] = {}  # ticket -> the memory it was admitted with, in MB
        self._waiting: list[int] = []
        self.peak_running = 0  # the most jobs ever running at once (the load test reads it)

    def check_fits(self, need: MemoryEstimate) -> None:
        """Refuse at once a job that could never run: alone its memory (a ``memory.MemoryEstimate``) is more than
        the whole budget. The message suggests cutting the estimate's largest part."""
        if self.budget_mb is not None and need.total > self.budget_mb:
            raise JobError(f"job.error.too_big.{need.largest_part()}", need=f"{need.total:,.0f}",
                           budget=f"{self.budget_mb:,.0f}")

    def _admits(self, ticket: int, need_mb: float) -> bool:
        in_use = sum(self._running.values())
        fits = self.budget_mb is None or not self._running or in_use + need_mb <= self.budget_mb
        return self._waiting[0] == ticket and len(self._running) < self.limit and fits

    def acquire(self, ticket: int, cancelled: Callable[[], bool], need_mb: float = 0.0) -> bool:
        """Wait for a slot and ``need_mb`` of the budget; False if ``cancelled`` became true while waiting."""
        with self._cond:
            self._waiting.append(ticket)
            while not self._admits(ticket, need_mb):
                if cancelled():
                    self._waiting.remove(ticket)
                    self._cond.notify_all()
                    return False
                self._cond.wait(timeout=0.2)
            self._waiting.pop(0)
            self._running[ticket] = need_mb
            self.peak_running = max(self.peak_running, len(self._running))
            self._cond.notify_all()
            return True

    def release(self, ticket: int) -> None:
        with self._cond:
            self._running.pop(ticket, None)
            self._cond.notify_all()

    def position(self, ticket: int) -> int | None:
        """1 for the next job to run, 2 for the one after…; None when not waiting."""
        with self._cond:
            return self._waiting.index(ticket) + 1 if ticket in self._waiting else None

    def waiting_besides(self, ticket: int) -> int:
        """How many jobs other than ``ticket`` wait for a slot."""
        with self._cond:
            return sum(1 for waiting in self._waiting if waiting != ticket)

    @property
    def running(self) -> int:
        with self._cond:
            return len(self._running)

    @property
    def queued(self) -> int:
        with self._cond:
            return len(self._waiting)


LIMITER = JobLimiter()


_tickets = itertools.count(1)  # next() on it is atomic: each job gets its own number, in creation order


class BackgroundJob:
    """Runs ``work(report, should_stop)`` on a thread; thread-safe state for pollers."""

    def __init__(self, work: Task,
                 limiter: JobLimiter | None = None, abandon_after: float | None = None):
        self._work = work
        self._limiter = limiter or LIMITER
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._done = threading.Event()
        self.ticket = next(_tickets)
        self.abandon_after = abandon_after
        self._last_seen = time.monotonic()
        self.state = "created"  # created, queued, running, finished, stopped, failed
        self.stop_reason: str | None = None  # why it was asked to stop: 'owner', 'teacher' or 'abandoned'
        self.link_hash = ""  # the hash of the job's ?job= link (job_links), stored with its runs
        self.need_mb = 0.0  # the memory this job takes from its limiter's budget while it runs
        self.result: Any = None
        self.error: str | None = None  # "Type: message" of the failure, in English
        self.failure: Exception | None = None  # the exception itself (a JobError translates through key/params)
        self.started_at: float | None = None
        self.ended_at: float | None = None
        self._thread = threading.Thread(target=self._run, daemon=True, name=f"dnn-job-{self.ticket}")

    def start(self) -> "BackgroundJob":
        """Start the job once (two sessions watching one job may both ask)."""
        with self._lock:
            if self.state == "created":
                self.state = "queued"
                self._thread.start()
        return self

    def stop(self, reason: str = "owner") -> None:
        """Ask the work to stop (within one batch for training); a queued job leaves the queue."""
        if self.stop_reason is None:
            self.stop_reason = reason
        self._stop.set()

    def touch(self) -> None:
        """Somebody is still watching: postpone the abandon timeout."""
        self._last_seen = time.monotonic()

    def away(self) -> float:
        """Seconds since anybody last looked at this job."""
        return time.monotonic() - self._last_seen

    def others_waiting(self) -> bool:
        """Whether other jobs wait for a slot of this job's limiter."""
        return self._limiter.waiting_besides(self.ticket) > 0

    def should_stop(self) -> bool:
        if self._stop.is_set():
            return True
        if self.abandon_after and self.away() > self.abandon_after and self.others_waiting():
            self.abandon()  # its owner is long gone and its slot is wanted
            return True
        return False

    def abandon(self) -> None:
        """Stop as abandoned: nobody watches and others wait (subclasses note it in their runs)."""
        self.stop("abandoned")

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the job ended; True if it did."""
        return self._done.wait(timeout)

    def join(self, timeout: float | None = None) -> bool:
        """Block until the started job's thread itself has ended, a moment after ``wait`` returns; True if it has."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    @property
    def done(self) -> bool:
        return self._done.is_set()

    @property
    def queue_position(self) -> int | None:
        return self._limiter.position(self.ticket) if self.state == "queued" else None

    def report(self, event: dict) -> None:
        """Called by the work with progress; subclasses keep what they need."""

    def _run(self) -> None:
        if not self._limiter.acquire(self.ticket, self.should_stop, self.need_mb):
            self._finish("stopped")
            return
        state = "failed"
        try:
            with self._lock:
                self.state, self.started_at = "running", time.time()
            self.result = self._work(self.report, self.should_stop)
            state = "stopped" if self._stop.is_set() else "finished"
        except Exception as exc:  # the job's error is shown to the user; the thread ends cleanly
            self.error, self.failure = f"{exc.__class__.__name__}: {exc}", exc
        finally:
            self._limiter.release(self.ticket)  # free the slot before waiters on done() look at it
            self._finish(state)

    def _finish(self, state: str) -> None:
        with self._lock:
            self.state, self.ended_at = state, time.time()
        self._done.set()


class ProgressJob(BackgroundJob):
    """A job whose work reports per-batch and per-epoch rows, gathered for live charts.

    Progress events may carry ``new_batches`` (rows since the last event) and ``epoch_rows`` (rows of epochs
    that just ended); ``snapshot()`` returns everything so far as DataFrames with the subclass's columns.
    """

    batch_columns: list[str] = []
    epoch_columns: list[str] = []

    def __init__(self, work: Task, limiter: JobLimiter | None = None, abandon_after: float | None = None):
        self._progress: dict = {}
        self._batch_rows: list[dict] = []
        self._epoch_rows: list[dict] = []
        self._frames: dict[str, pd.DataFrame] = {}  # the last DataFrame built of each row list, extended in snapshot()
        self.worker: dict = {}  # where the work runs (executor, host, pid, Ray node), once it has started
        super().__init__(work, limiter=limiter, abandon_after=abandon_after)

    def report(self, event: dict) -> None:
        with self._lock:
            if event.get("kind") == "placed":  # where the work runs, said once before any progress
                self.worker = event["worker"]
                return
            self._batch_rows.extend(event.pop("new_batches", []))
            self._epoch_rows.extend(event.pop("epoch_rows", []))
            self._progress = event

    def status(self) -> dict:
        """State, latest progress and queue position, without the histories (marks the job watched)."""
        self.touch()
        with self._lock:
            return {"state": self.state, "progress": dict(self._progress), "queue_position": self.queue_position}

    def snapshot(self) -> dict:
        """``status()`` plus the histories so far as DataFrames and the result or error."""
        with self._lock:
            return {**self.status(),
                    "batch_history": self._frame("batch", self._batch_rows, self.batch_columns),
                    "history": self._frame("epoch", self._epoch_rows, self.epoch_columns),
                    "error": self.error, "result": self.result}

    def _frame(self, name: str, rows: list[dict], columns: list[str]) -> pd.DataFrame:
        """``rows`` as a DataFrame, converting only the rows added since the last call (a live view asks every
        second, and a long training has tens of thousands of batch rows). Callers must not modify it."""
        import pandas as pd

        frame = self._frames.get(name)
        if frame is None or len(frame) == 0:
            frame = pd.DataFrame(rows, columns=columns)
        elif len(frame) < len(rows):
            frame = pd.concat([frame, pd.DataFrame(rows[len(frame):], columns=columns)], ignore_index=True)
        self._frames[name] = frame
        return frame
