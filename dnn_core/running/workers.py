"""Trainings in worker processes on this machine, so that one that runs out of memory takes only itself down.

Each slot is one worker process (``python -m dnn_core.running.worker``, never a fork of the server) with its own pipe: a
killed worker breaks nothing but its own job, where a process pool would break for every job. Workers stay warm
(TensorFlow loaded) between jobs; one starts once the first page has been drawn, or none while the memory budget
is small (each then starts for its job and ends after it). A worker that died is replaced, one that grew is
recycled. One more worker, the service worker, runs the pages' short tasks one at a time (``dnn_core.running.served``:
Inspect's bundle of a saved run, an upload's trial load), watched for memory in the same way.

Memory, three defences: admission (the limiter's budget: the limit less what the server and the workers
measurably use), the watch (a running job's worker is read every ``WATCH_SECONDS`` and killed when it grows past
the share its job was admitted with), and the kernel (every worker makes itself the OOM killer's first choice).
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from dnn_core import settings
from dnn_core.engine.memory import MemoryEstimate
from dnn_core.running.jobs import LIMITER, JobError, JobLimiter
from dnn_core.running.memory_watch import jobs_budget_mb, private_mb, rss_mb

if TYPE_CHECKING:  # annotations only: the kinds of work (and pandas with them) load in the workers, not on Home
    from dnn_core.engine.progress import Report, ShouldStop
    from dnn_core.running.work import Result, Work

ROOT = Path(__file__).resolve().parents[2]  # the folder that holds dnn_core, for the worker's imports
WATCH_SECONDS = 0.1  # how often a running job's worker memory is read (one read of /proc costs ~0.07 ms)
READY_TIMEOUT_S = 600  # a worker that has not loaded TensorFlow by then (~8 s alone here) failed to start
# An idle worker's private memory with TensorFlow loaded (measured: 253 MB), until one is measured here
FRESH_WORKER_MB = 260
# Below this budget no worker waits idle (its ~260 MB would be missed by trainings): each starts for its job
SMALL_BUDGET_MB = 600
# A worker whose idle memory grew this much above its fresh self after a job is replaced (glibc arenas, caches)
RECYCLE_GROWTH_MB = 150


class WorkerDied(Exception):
    """The worker's end of the pipe closed: its process ended (killed, or out of memory)."""


class TaskFailed(Exception):
    """The task raised ``error`` in the worker, which goes on."""

    def __init__(self, error: Exception):
        super().__init__(error)
        self.error = error


class Worker:
    """One worker process and its own pipe; it starts loading TensorFlow as soon as it is made."""

    def __init__(self) -> None:
        server_end, worker_end = multiprocessing.Pipe()
        path = os.pathsep.join(filter(None, (str(ROOT), settings.text("PYTHONPATH"))))
        env = settings.child_environment(PYTHONPATH=path)
        env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        self.process = subprocess.Popen([sys.executable, "-m", "dnn_core.running.worker", str(worker_end.fileno())],
                                        pass_fds=(worker_end.fileno(),), env=env, stdin=subprocess.DEVNULL)
        worker_end.close()  # the worker holds the only other end: when it dies, this one reads EOF
        self.pipe = server_end
        self.where: dict | None = None  # executor, host, pid, oom_score_adj: once it is ready
        self.fresh_mb: float | None = None  # its private memory when it was first ready
        self.idle_mb: float | None = None  # its private memory after its last job

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def private_mb(self) -> float | None:
        return private_mb(self.pid)

    def send(self, message: tuple) -> None:
        try:
            self.pipe.send(message)
        except OSError as exc:  # a broken pipe: the worker is gone
            raise WorkerDied() from exc

    def receive(self, timeout: float | None) -> Any:
        """The next message, or None when none came within ``timeout``; raises WorkerDied at the pipe's end."""
        try:
            return self.pipe.recv() if self.pipe.poll(timeout) else None
        except (EOFError, OSError) as exc:
            raise WorkerDied() from exc

    def wait_ready(self, should_stop: Callable[[], bool]) -> dict | None:
        """Where the worker runs, once TensorFlow is loaded; None when the job was stopped meanwhile."""
        end = time.monotonic() + READY_TIMEOUT_S
        while self.where is None:
            try:
                message = self.receive(WATCH_SECONDS)
            except WorkerDied:
                raise JobError("job.error.worker_start", reason=f"exit status {self.process.wait()}") from None
            if message is not None and message[0] == "ready":
                self.where, self.fresh_mb = message[1], self.private_mb()
            elif should_stop():
                return None
            elif time.monotonic() > end:
                self.end()
                raise JobError("job.error.worker_start", reason=f"no answer in {READY_TIMEOUT_S} s")
        return self.where

    def end(self) -> None:
        """End the process now and reap it (an idle worker holds nothing worth waiting for)."""
        self.pipe.close()
        self.process.kill()
        self.process.wait()


class ProcessExecutor:
    """Runs each job in a worker process of this machine, at most one job per worker, watched for memory."""

    name = "process"

    def __init__(self, limiter: JobLimiter | None = None):
        self.limiter = limiter or LIMITER
        self._lock = threading.Lock()
        self._idle: list[Worker] = []  # warm (or still starting) workers waiting for a job
        self._busy: set[Worker] = set()
        self._worker_mb: float = FRESH_WORKER_MB  # what an idle worker takes, as last measured
        self._slots = self.limiter.limit  # DNN_MAX_CONCURRENT_JOBS: the most jobs at once when memory allows
        # runs the pages' short tasks (dnn_core.running.served), started when first needed
        self._service: Worker | None = None
        self._service_lock = threading.Lock()  # one such task at a time
        self.refresh_budget()

    # ---- the budget and the warm workers

    def refresh_budget(self) -> float:
        """Measure again what trainings may use (the server and the workers change) and give it to the limiter,
        with as many slots as leave a useful budget (one at least).

        Each slot holds a worker's idle memory back from the budget, so on a small server two slots can leave
        nothing (measured: a 1,500 MB cgroup refused the course model after its first training, budget 0 MB);
        one slot then leaves room for one training at a time, which two slots could not have run together anyway.
        The service worker's memory is not the trainings' either.
        """
        server, service = rss_mb(), 1 if self._service is not None else 0

        def budget(slots: int) -> float:
            return jobs_budget_mb(server, self._worker_mb, slots + service)

        fixed = budget(1) == budget(2)  # DNN_MEMORY_BUDGET_MB fixes the budget whatever the slots
        slots = self._slots if fixed else next(
            (n for n in range(self._slots, 0, -1) if budget(n) >= SMALL_BUDGET_MB), 1)
        self.limiter.limit = slots
        self.limiter.budget_mb = budget(slots)
        return self.limiter.budget_mb

    def warm_workers(self) -> int:
        """How many workers wait idle for jobs: one, or none while the budget is small."""
        return 0 if (self.limiter.budget_mb or 0) < SMALL_BUDGET_MB else 1

    def start_warm(self) -> None:
        """Start the warm workers that are missing (at once: each loads TensorFlow in its own process)."""
        with self._lock:
            self._idle = [worker for worker in self._idle if worker.alive()]
            for _ in range(self.warm_workers() - len(self._idle)):
                self._idle.append(Worker())

    def workers(self) -> list[Worker]:
        """The live workers, idle and busy (the service worker apart)."""
        with self._lock:
            return [worker for worker in [*self._idle, *self._busy] if worker.alive()]

    def describe(self) -> tuple[str, dict]:
        return "executor.process", {"workers": len(self.workers()), "limit": self.limiter.limit,
                                    "budget": f"{self.limiter.budget_mb or 0:,.0f}"}

    def shutdown(self) -> None:
        """End the idle workers (tests and benchmarks; a server's end at its pipes' EOF)."""
        with self._lock:
            idle, self._idle = self._idle, []
        with self._service_lock:
            service, self._service = self._service, None
        for worker in [*idle, service] if service else idle:
            worker.end()

    # ---- the pages' short tasks

    def start_service(self) -> None:
        """Start the service worker unless it runs (it loads TensorFlow in its own process meanwhile)."""
        if self._service_lock.acquire(blocking=False):  # a task running on it: it is there
            try:
                if self._service is None or not self._service.alive():
                    self._service = Worker()
            finally:
                self._service_lock.release()

    def serve(self, task: str, payload: Any, need: MemoryEstimate) -> Any:
        """Run a short task of ``dnn_core.running.served`` (Inspect's bundle, an upload's trial load) on this server's
        service worker, one task at a time, killed if it grows past ``need.total``; its plain result. Raises the
        task's own error, or JobError ('job.error.served_lost') when the worker did not live through it."""
        with self._service_lock:
            worker = self._service = self._service if self._service and self._service.alive() else Worker()
            try:
                worker.wait_ready(lambda: False)
                answer, _ = self._watch(worker, task, payload, lambda event: None, lambda: False, need)
            except TaskFailed as failed:  # the task's own error: the worker is as good as before
                raise failed.error from None
            except JobError:  # it died, grew past its share or never started: the next task gets a new one
                worker.end()
                self._service = None
                raise JobError("job.error.served_lost") from None
            if (worker.private_mb() or 0) - (worker.fresh_mb or 0) > RECYCLE_GROWTH_MB:
                worker.end()  # grew (a large model's caches): the next task starts a fresh one
                self._service = None
        self.refresh_budget()
        return answer

    # ---- running work

    def run(self, work: Work, report: Report, should_stop: ShouldStop) -> Result | None:
        """Run a training or race in a worker; its result with the model loaded here and checked, and the
        memory it took (``worker["peak_mb"]`` of the ``worker["share_mb"]`` it was admitted with)."""
        answer = self.call("work", work, report, should_stop, work.memory())
        if answer is None:
            return None  # stopped while its worker was starting
        payload, measured = answer
        result = work.unpack(payload)
        result.worker = {**result.worker, **measured}
        return result

    def call(self, task: str, payload: Any, report: Report, should_stop: ShouldStop,
             need: MemoryEstimate) -> tuple[Any, dict] | None:
        """Run ``task`` of ``dnn_core.running.worker.TASKS`` on ``payload`` in a worker, killed if it grows past
        ``need.total``; (its plain result, what it measured), or None when stopped before it started."""
        worker = self._take()
        healthy = False
        try:
            where = worker.wait_ready(should_stop)
            if where is None:
                healthy = True
                return None
            report({"kind": "placed", "worker": where})
            answer = self._watch(worker, task, payload, report, should_stop, need)
            healthy = True
            return answer
        except TaskFailed as failed:  # the task's own error: its worker is as good as before
            healthy = True
            raise failed.error from None
        finally:
            self._give_back(worker, healthy)

    def _watch(self, worker: Worker, task: str, payload: Any, report: Report, should_stop: ShouldStop,
               need: MemoryEstimate) -> tuple[Any, dict]:
        """Send the task and relay its events until it ends, reading the worker's memory between messages."""
        baseline = worker.private_mb() or 0.0
        peak, stop_sent = 0.0, False
        try:
            worker.send(("run", task, payload))
            while True:
                message = worker.receive(WATCH_SECONDS)
                if message is not None and message[0] == "event":
                    report(message[1])
                elif message is not None and message[0] == "failed":
                    raise TaskFailed(message[1])
                elif message is not None and message[0] == "done":
                    measured = max(peak, message[1]["peak_mb"] or 0.0)
                    return worker.receive(None), {"peak_mb": round(measured, 1), "share_mb": round(need.total, 1)}
                used = (worker.private_mb() or baseline) - baseline
                peak = max(peak, used)
                if used > need.total:
                    worker.end()
                    raise JobError(f"job.error.over_share.{need.largest_part()}", used=f"{used:,.0f}",
                                   share=f"{need.total:,.0f}")
                if should_stop() and not stop_sent:
                    worker.send(("stop",))
                    stop_sent = True
        except WorkerDied:
            raise JobError(f"job.error.worker_killed.{need.largest_part()}", need=f"{need.total:,.0f}",
                           status=worker.process.wait()) from None

    def _take(self) -> Worker:
        """A warm worker (perhaps still starting) that is alive, else a new one."""
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.alive():
                    break
                worker.end()  # died while it waited: reap it, take another
            else:
                worker = Worker()
            self._busy.add(worker)
        return worker

    def _give_back(self, worker: Worker, healthy: bool) -> None:
        """Keep a worker that ended its job well and has not grown, up to one per slot; end any other, and start
        the warm workers that are then missing (a dead worker's slot gets a fresh one)."""
        worker.idle_mb = worker.private_mb() if healthy and worker.alive() else None
        grew = (worker.idle_mb or 0) - (worker.fresh_mb or worker.idle_mb or 0) > RECYCLE_GROWTH_MB
        keep = healthy and worker.alive() and not grew and self.warm_workers() > 0
        with self._lock:
            self._busy.discard(worker)
            keep = keep and len(self._idle) < self.limiter.limit
            if keep:
                self._idle.append(worker)
            measured = [mb for w in [*self._idle, *self._busy] if (mb := w.idle_mb or w.fresh_mb)]
        if not keep:
            worker.end()
        self._worker_mb = max(measured, default=self._worker_mb)
        if healthy and self.warm_workers() > 0:
            self.start_service()  # its run can be inspected now: Inspect's first visit then finds it warm
        self.refresh_budget()
        self.start_warm()
