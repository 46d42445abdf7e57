"""Where trainings and races run: in worker processes on this machine (the default), on a Ray cluster
(DNN_RAY_ADDRESS), or in the calling process (the CLI, and tests of thread mechanics).

A kind of work (``dnn_core.running.work``) is pure: ``work.perform(data, report, should_stop)`` takes a config and data
and returns a result, with progress through a callback and a stop flag. An executor runs it somewhere and hands the
result back to the server as plain data (``work.pack``/``unpack``: a training's model as ``.keras`` bytes, its
TensorBoard logs as a zip). ``dnn_core.running.work_jobs`` runs it through an executor in a job and records the run.
Every executor is an ``Executor``: this process (here), worker processes (``dnn_core.running.workers``), Ray
(``dnn_core.running.ray_executor``).

``DNN_EXECUTOR=threads`` (without DNN_RAY_ADDRESS) trains on threads of the server process instead of worker
processes, for benchmarks that compare the two. ``DNN_RAY_ADDRESS``: ``local`` starts a private Ray instance on
this machine (CPUs from ``DNN_RAY_CPUS``, default all); ``auto``, ``HOST:PORT`` or ``ray://HOST:10001`` connect
to a running cluster. Ray is imported only then.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Callable, Protocol

from dnn_core import settings
from dnn_core.engine.data import Notice, load_dataset
from dnn_core.engine.memory import MemoryEstimate, budget_mb
from dnn_core.running.jobs import LIMITER, JobError, JobLimiter
from dnn_core.running.portable import here
from dnn_core.running.served_tasks import SERVED
from dnn_core.running.workers import ProcessExecutor

if TYPE_CHECKING:  # annotations only: the kinds of work load pandas and the engine, which Home does without
    from dnn_core.engine.progress import Report, ShouldStop
    from dnn_core.running.work import Result, Work


class Executor(Protocol):
    """What every executor offers the jobs: run work somewhere, admit by its limiter, say where it runs."""

    name: str  # 'process', 'ray' or 'local': kept with every result as worker["executor"]
    limiter: JobLimiter  # the slots and the memory budget its jobs are admitted by

    def run(self, work: Work, report: Report, should_stop: ShouldStop) -> Result | None:
        """The work's result (None when stopped before it started); progress through ``report``."""

    def serve(self, task: str, payload: Any, need: MemoryEstimate) -> Any:
        """A short task of the pages (``dnn_core.running.served_tasks.SERVED``) run somewhere else than the server's
        page threads (threads: here); its plain result, or the task's own error."""

    def describe(self) -> tuple[str, dict]:
        """A translation key and its parameters that say where trainings run."""


# ---- in this process -----------------------------------------------------------------------------------------

class InProcessExecutor:
    """Runs work on the calling thread (a job's thread in the server); the limiter shares this process."""

    name = "local"

    def __init__(self, limiter: JobLimiter | None = None):
        self.limiter = limiter or LIMITER
        if self.limiter.budget_mb is None:
            self.limiter.budget_mb = budget_mb()

    def run(self, work: Work, report: Report, should_stop: ShouldStop) -> Result | None:
        report({"kind": "placed", "worker": here(self.name)})
        result = work.perform(load_dataset(work.config.dataset), report, should_stop, work.new_log_dir())
        result.worker = here(self.name)
        return result

    def serve(self, task: str, payload: Any, need: MemoryEstimate) -> Any:
        return SERVED[task](payload, None, None)  # threads: the server does it, as before worker processes

    def describe(self) -> tuple[str, dict]:
        return "executor.local", {}


# ---- which one -----------------------------------------------------------------------------------------------

_lock = threading.Lock()
_current: Executor | None = None
_notice: Notice | None = None


def connect(address: str | None = None, local: Callable[[], Executor] = ProcessExecutor) -> Executor:
    """The executor for ``address`` (default DNN_RAY_ADDRESS): Ray when given, else ``local()`` (worker processes;
    the CLI trains in its own process). Raises JobError ('executor.unreachable') when the cluster cannot be
    reached, or Ray is not installed."""
    address = (settings.ray_address() if address is None else address).strip()
    if not address and settings.executor_kind() == "threads":
        return InProcessExecutor()  # threads of this process, as before worker processes (benchmarks compare)
    if not address:
        return local()
    try:
        from dnn_core.running.ray_executor import RayExecutor  # only for a cluster: it loads the kinds of work

        return RayExecutor(address)
    except ImportError:
        raise JobError("executor.no_ray", address=address) from None
    except Exception as exc:
        raise JobError("executor.unreachable", address=address, reason=" ".join(str(exc).split())[:300]) from exc


def current() -> Executor:
    """This server's executor, chosen once: a cluster that cannot be reached falls back to worker processes on
    this machine, and ``notice()`` says why."""
    global _current, _notice
    with _lock:
        if _current is None:
            try:
                _current = connect()
            except JobError as exc:
                _current, _notice = ProcessExecutor(), Notice(exc.key, exc.params)
        return _current


def notice() -> Notice | None:
    """Why the server is not using the cluster it was given, if it is not."""
    current()
    return _notice


def use(executor: Executor) -> None:
    """Make ``executor`` this process's executor (tests and benchmarks)."""
    global _current, _notice
    with _lock:
        _current, _notice = executor, None


def queued_count() -> int:
    """Jobs of this server waiting for a slot of its executor (in this process or on the Ray cluster)."""
    return current().limiter.queued
