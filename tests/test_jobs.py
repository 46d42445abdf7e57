"""Background jobs: a first-come-first-served limit, states, errors, stop and abandon (no TensorFlow here)."""

import threading

import pytest

from dnn_core.running import jobs
from dnn_core.running.jobs import BackgroundJob, JobLimiter, max_concurrent_jobs

WAIT = 60  # seconds; a bound on waiting for a thread, never a way to synchronise


class WatchedLimiter(JobLimiter):
    """A JobLimiter that signals when a job has to wait for a slot (tests wait on that, not on time)."""

    def __init__(self, limit: int, budget_mb: float | None = None):
        super().__init__(limit, budget_mb)
        self.waiting: dict[int, threading.Event] = {}

    def watch(self, job) -> threading.Event:
        return self.waiting.setdefault(job.ticket, threading.Event())

    def acquire(self, ticket, cancelled, need_mb=0.0):
        def still_wanted() -> bool:
            self.waiting[ticket].set()  # acquire only asks while the ticket sits in the queue
            return cancelled()
        return super().acquire(ticket, still_wanted, need_mb)


class Blocker:
    """Work that says when it started and holds until released."""

    def __init__(self, result="done"):
        self.started, self.release, self.result = threading.Event(), threading.Event(), result

    def __call__(self, report, should_stop):
        self.started.set()
        self.release.wait(WAIT)
        return self.result


def queue_up(limiter: WatchedLimiter, job: BackgroundJob) -> None:
    """Start a job that must wait, and return once it sits in the queue."""
    waiting = limiter.watch(job)
    job.start()
    assert waiting.wait(WAIT)


@pytest.mark.parametrize("value, limit", [(None, 2), ("3", 3), ("0", 1), ("lots", 2)])
def test_the_limit_comes_from_the_environment(monkeypatch, value, limit):
    if value is None:
        monkeypatch.delenv("DNN_MAX_CONCURRENT_JOBS", raising=False)
    else:
        monkeypatch.setenv("DNN_MAX_CONCURRENT_JOBS", value)
    assert max_concurrent_jobs() == limit


def test_a_job_runs_its_work_and_keeps_the_result():
    seen = []
    job = BackgroundJob(lambda report, should_stop: seen.append(should_stop()) or 42, limiter=JobLimiter(1))
    assert job.state == "created"
    job.start()
    assert job.wait(WAIT) and job.done
    assert (job.state, job.result, job.error, seen) == ("finished", 42, None, [False])
    assert job.started_at <= job.ended_at


def test_waiting_jobs_run_first_come_first_served():
    limiter = WatchedLimiter(limit=1)
    works = [Blocker(i) for i in range(3)]
    first, second, third = (BackgroundJob(work, limiter=limiter) for work in works)
    first.start()
    assert works[0].started.wait(WAIT)
    queue_up(limiter, second)
    queue_up(limiter, third)
    assert (first.queue_position, second.queue_position, third.queue_position) == (None, 1, 2)
    assert (first.state, second.state, third.state) == ("running", "queued", "queued")

    works[0].release.set()
    assert works[1].started.wait(WAIT)
    assert third.queue_position == 1 and not works[2].started.is_set()
    works[1].release.set()
    works[2].release.set()
    assert all(job.wait(WAIT) for job in (first, second, third))
    assert [job.result for job in (first, second, third)] == [0, 1, 2]
    assert limiter.peak_running == 1 and limiter.running == 0


def test_a_failing_work_becomes_the_jobs_error_and_frees_its_slot():
    def broken(report, should_stop):
        raise ValueError("bad input")

    limiter = JobLimiter(1)
    job = BackgroundJob(broken, limiter=limiter).start()
    assert job.wait(WAIT)
    assert job.state == "failed" and job.error == "ValueError: bad input" and job.result is None
    assert limiter.running == 0


def test_stop_asks_the_running_work_to_stop():
    def until_stopped(report, should_stop):
        report({"kind": "started"})
        while not should_stop():
            stopping.wait(WAIT)
        return "partial"

    stopping, started = threading.Event(), threading.Event()

    class Job(BackgroundJob):
        def report(self, event):
            started.set()

    job = Job(until_stopped, limiter=JobLimiter(1)).start()
    assert started.wait(WAIT)
    job.stop()
    stopping.set()
    assert job.wait(WAIT)
    assert (job.state, job.result) == ("stopped", "partial")


def test_stopping_a_queued_job_ends_it_without_running_its_work():
    limiter = WatchedLimiter(limit=1)
    running, never = Blocker(), Blocker()
    first, queued = BackgroundJob(running, limiter=limiter), BackgroundJob(never, limiter=limiter)
    first.start()
    assert running.started.wait(WAIT)
    queue_up(limiter, queued)
    queued.stop()
    assert queued.wait(WAIT)
    assert queued.state == "stopped" and queued.started_at is None and not never.started.is_set()
    assert limiter.position(queued.ticket) is None
    running.release.set()
    assert first.wait(WAIT) and first.state == "finished"


class FakeClock:
    """time.monotonic/time.time under the test's control."""

    def __init__(self):
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now

    def time(self) -> float:
        return self.now


def test_an_unwatched_job_goes_on_until_others_wait_and_its_owner_is_long_gone(monkeypatch):
    """Abandoned is not unseen: a locked phone's training goes on; only a slot others wait for is given up."""
    clock = FakeClock()
    monkeypatch.setattr(jobs, "time", clock)
    limiter = WatchedLimiter(1)
    work, other_work = Blocker(), Blocker()
    job = BackgroundJob(work, limiter=limiter, abandon_after=10).start()
    assert work.started.wait(WAIT)
    clock.now += 1e6  # nobody looked for days, but nobody waits either
    assert not job.should_stop() and job.stop_reason is None
    other = BackgroundJob(other_work, limiter=limiter)
    waiting = limiter.watch(other)
    other.start()
    assert waiting.wait(WAIT)  # now a job waits for the slot
    job.touch()
    clock.now += 8  # its owner looked 8 s ago
    assert not job.should_stop()
    clock.now += 3
    assert job.should_stop() and job.stop_reason == "abandoned"
    clock.now = 0  # once abandoned, it stays stopped
    assert job.should_stop()
    work.release.set()
    assert job.wait(WAIT) and job.state == "stopped"
    assert other_work.started.wait(WAIT)  # the slot went to the job that waited
    other_work.release.set()
    assert other.wait(WAIT) and other.state == "finished" and other.stop_reason is None


def test_a_stop_says_who_asked_first():
    job = BackgroundJob(Blocker(), limiter=JobLimiter(1))
    job.stop("teacher")
    job.stop()
    assert job.stop_reason == "teacher" and job.should_stop()


def test_the_abandon_delay_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DNN_ABANDON_AFTER_S", "2.5")
    assert jobs.abandon_after() == 2.5
    monkeypatch.setenv("DNN_ABANDON_AFTER_S", "soon")
    assert jobs.abandon_after() == jobs.DEFAULT_ABANDON_AFTER_S
    monkeypatch.delenv("DNN_ABANDON_AFTER_S")
    assert jobs.abandon_after() == 120


def test_without_abandon_after_a_job_waits_forever(monkeypatch):
    clock = FakeClock()
    monkeypatch.setattr(jobs, "time", clock)
    job = BackgroundJob(Blocker(), limiter=JobLimiter(1))
    clock.now += 1e9
    assert not job.should_stop()


def test_snapshot_histories_hold_every_reported_row_once_in_order():
    """snapshot() extends its last DataFrame with only the new rows; the result must equal building it anew."""
    import pandas as pd

    class Rows(jobs.ProgressJob):
        batch_columns, epoch_columns = ["step", "loss"], ["epoch", "loss"]

    job = Rows(lambda report, should_stop: None)
    sent, epochs = [], []
    assert job.snapshot()["batch_history"].empty
    for chunk in range(4):
        new = [{"step": len(sent) + i + 1, "loss": 1.0 / (len(sent) + i + 1)} for i in range(chunk * 3)]
        sent += new
        epoch_rows = [{"epoch": chunk, "loss": 0.5}] if chunk % 2 else []
        epochs += epoch_rows
        job.report({"kind": "batch", "new_batches": new, "epoch_rows": epoch_rows})
        snap = job.snapshot()
        pd.testing.assert_frame_equal(snap["batch_history"], pd.DataFrame(sent, columns=["step", "loss"]))
        pd.testing.assert_frame_equal(snap["history"], pd.DataFrame(epochs, columns=["epoch", "loss"]))
