"""Trainings and races on a Ray cluster (DNN_RAY_ADDRESS): each job on one warm Ray actor, the data set in Ray's
object store once.

``local`` starts a private Ray instance on this machine (CPUs from ``DNN_RAY_CPUS``, default all); ``auto``,
``HOST:PORT`` or ``ray://HOST:10001`` connect to a running cluster. Ray is imported only inside the functions that
use it: a server without a cluster never loads it.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from pathlib import Path
from typing import Any, Callable

from dnn_core import settings
from dnn_core.engine.data import Dataset, load_dataset
from dnn_core.engine.memory import MemoryEstimate
from dnn_core.engine.progress import Report, ShouldStop
from dnn_core.running.jobs import JobError, JobLimiter, max_concurrent_jobs
from dnn_core.running.portable import StopFlag, here
from dnn_core.running.served_tasks import SERVED
from dnn_core.running.work import Result, Work, perform_and_pack

POLL_SECONDS = 0.5  # how often the server asks a Ray worker for new rows (the live view redraws every second)
SILENT_WORKER_S = 8  # a worker that answers no poll for this long is lost (its node left, or it hangs)
PLACEMENT_TIMEOUT_S = 600  # waiting this long for a worker to start (cluster full or TensorFlow loading) fails
DNN_CORE = Path(__file__).resolve().parents[1]  # the package shipped to Ray workers


class RemoteWork:
    """A Ray worker that runs one job at a time on one of its threads and answers polls on another; it stays warm
    between jobs (TensorFlow loaded), so only the first job on it pays for starting it."""

    def __init__(self) -> None:
        from dnn_core.running.runtime import configure_runtime  # TensorFlow: loaded in the Ray worker, never the server

        configure_runtime()  # TensorFlow, loaded as the worker starts, with one op thread per job

        self._lock = threading.Lock()
        self._events: list[dict] = []
        self._stop = StopFlag()

    def where(self) -> dict:
        import ray  # Ray only on a server that uses a cluster

        return {**here("ray"), "node": ray.get_runtime_context().get_node_id()}

    def run(self, work: Work, data: Dataset) -> object:
        with self._lock:  # a new job: nothing left over from the one before
            self._events, self._stop = [], StopFlag()
        try:
            return perform_and_pack(work, data, self._report, self._stop, self.where())
        finally:
            import keras  # TensorFlow: in the Ray worker, which has it loaded already

            keras.backend.clear_session()  # this process is the job's alone: free the finished model's graph

    def poll(self) -> list[dict]:
        """The progress events since the last poll."""
        with self._lock:
            events, self._events = self._events, []
        return events

    def stop(self) -> None:
        self._stop.set()

    def _report(self, event: dict) -> None:
        with self._lock:
            self._events.append(event)


class RemoteService:
    """A Ray worker for the pages' short tasks (``dnn_core.running.served``), kept warm; it reserves no CPU, so a
    cluster busy with trainings still runs them."""

    def __init__(self) -> None:
        from dnn_core.running.runtime import configure_runtime  # TensorFlow: loaded in the Ray worker, never the server

        configure_runtime()

    def serve(self, task: str, payload: Any, data: Any = None) -> Any:
        if data is not None:  # the data set from the object store (Inspect's bundle): workers need no copy
            payload = {**payload, "data": data}
        try:
            return SERVED[task](payload, None, None)
        finally:
            import keras  # TensorFlow: in the Ray worker, which has it loaded already

            keras.backend.clear_session()  # this process is the tasks' alone


def _reachable(address: str) -> str | None:
    """Why a HOST:PORT or ray://HOST:PORT address cannot be reached, or None (ray.init itself waits minutes)."""
    host_port = address.split("://", 1)[-1]
    host, _, port = host_port.rpartition(":")
    if not host or not port.isdigit():
        return None  # 'auto': Ray finds the address and fails fast by itself
    try:
        socket.create_connection((host, int(port)), timeout=3).close()
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def init_ray(address: str) -> None:
    """Start or join a Ray cluster for this server; workers get dnn_core shipped with each job's runtime env."""
    import ray  # Ray only on a server that uses a cluster

    problem = _reachable(address) if address != "local" else None
    if problem:
        raise ConnectionError(problem)
    if ray.is_initialized():  # one cluster per process: the first one joined
        return
    runtime_env = {"py_modules": [str(DNN_CORE)], "excludes": ["__pycache__"],
                   "env_vars": {"TF_CPP_MIN_LOG_LEVEL": "2", "DNN_TF_THREADS": settings.tf_threads() or "1"}}
    common = {"runtime_env": runtime_env, "log_to_driver": False, "logging_level": logging.WARNING}
    if address != "local":
        _use_token_if_available()
    if address == "local":
        cpus = settings.ray_cpus()
        # address="local": always a new instance, never a cluster some earlier `ray start` left on this machine
        _in_keeper_thread(ray.init, address="local", num_cpus=int(cpus) if cpus else None, include_dashboard=False,
                          **common)
    else:
        _in_keeper_thread(ray.init, address=address, **common)


def _use_token_if_available() -> None:
    """Turn Ray's token authentication on when a token is at hand (RAY_AUTH_TOKEN, RAY_AUTH_TOKEN_PATH or
    ~/.ray/auth_token) and RAY_AUTH_MODE does not say otherwise.

    Ray does this by itself only for a cluster it starts; joining one started by ``ray start --head`` otherwise
    fails with "Authentication token is missing or incorrect", whatever the token file holds.
    """
    # Ray only on a server that uses a cluster
    from ray._private.authentication.authentication_token_setup import maybe_enable_token_auth_if_token_available

    maybe_enable_token_auth_if_token_available(warn_if_disabled=False)


def _in_keeper_thread(init: Callable[..., object], **kwargs: Any) -> None:
    """Call ``init`` on a thread that lives as long as the server.

    Ray starts its local processes with PR_SET_PDEATHSIG, which fires when the *thread* that started them ends:
    started from a Streamlit script thread (which ends after every run), the raylet died two seconds later.
    """
    started, failure = threading.Event(), []

    def keep() -> None:
        try:
            init(**kwargs)
        except BaseException as exc:  # handed to the caller, on its own thread
            failure.append(exc)
        started.set()
        if not failure:
            threading.Event().wait()  # forever: the processes Ray started live as long as this thread

    threading.Thread(target=keep, daemon=True, name="ray-keeper").start()
    started.wait()
    if failure:
        raise failure[0]


class RayExecutor:
    """Runs each job on one Ray actor of the cluster; the data set is put in Ray's object store once.

    Actors are kept warm between jobs, at most one per job slot: starting one (a process that imports TensorFlow)
    costs seconds of CPU, which on a busy cluster every student's page would feel. A lost actor is replaced.
    """

    name = "ray"

    def __init__(self, address: str):
        import ray  # Ray only on a server that uses a cluster

        init_ray(address)
        self.address = address
        self.cpus_per_job = settings.ray_cpus_per_job()
        cpus = ray.cluster_resources().get("CPU", 1)
        limit = max_concurrent_jobs() if settings.max_concurrent_jobs_set() else int(cpus // self.cpus_per_job)
        budget = settings.memory_budget_mb()
        self.limiter = JobLimiter(max(1, limit), budget_mb=budget if budget is not None else
                                  ray.cluster_resources().get("memory", 0) / 2**20 or None)
        self._data: dict[str, object] = {}
        self._data_lock = threading.Lock()
        self._actor: Any = ray.remote(RemoteWork)
        self._idle: list[Any] = []  # warm actors waiting for a job
        self._idle_lock = threading.Lock()
        self._service: Any = None  # the RemoteService actor, started when first needed

    def describe(self) -> tuple[str, dict]:
        import ray  # Ray only on a server that uses a cluster

        nodes = sum(1 for node in ray.nodes() if node.get("Alive"))
        return "executor.ray", {"address": self.address, "nodes": nodes,
                                "cpus": f"{ray.cluster_resources().get('CPU', 0):g}", "limit": self.limiter.limit}

    def data_ref(self, name: str) -> Any:
        """The data set in the object store, put there once per server and shared by every job."""
        import ray  # Ray only on a server that uses a cluster

        with self._data_lock:
            if name not in self._data:
                self._data[name] = ray.put(load_dataset(name))
            return self._data[name]

    def run(self, work: Work, report: Report, should_stop: ShouldStop) -> Result | None:
        import ray  # Ray only on a server that uses a cluster
        from ray.exceptions import GetTimeoutError, RayActorError, RayTaskError

        actor, where = self._ready_actor(should_stop)
        healthy = False
        try:
            if where is None:
                return None  # stopped while the worker was starting
            report({"kind": "placed", "worker": where})
            done = actor.run.remote(work, self.data_ref(work.config.dataset))
            last_answer, stop_sent = time.monotonic(), False
            while True:
                finished, _ = ray.wait([done], timeout=POLL_SECONDS)
                try:
                    for event in ray.get(actor.poll.remote(), timeout=SILENT_WORKER_S / 2):
                        report(event)
                    last_answer = time.monotonic()
                except GetTimeoutError:
                    if time.monotonic() - last_answer > SILENT_WORKER_S:
                        raise JobError("job.error.worker_silent", seconds=SILENT_WORKER_S) from None
                if finished:
                    result = work.unpack(ray.get(done))
                    healthy = True
                    return result
                if should_stop() and not stop_sent:
                    actor.stop.remote()
                    stop_sent = True
        except RayTaskError as exc:  # the work itself failed: raise its own error, as in-process
            raise exc.as_instanceof_cause() from None
        except RayActorError as exc:
            raise JobError("job.error.worker_died") from exc
        finally:
            self._give_back(actor, healthy)

    def serve(self, task: str, payload: Any, need: MemoryEstimate) -> Any:
        import ray  # Ray only on a server that uses a cluster
        from ray.exceptions import GetTimeoutError, RayActorError, RayTaskError

        with self._idle_lock:
            if self._service is None:
                self._service = ray.remote(RemoteService).options(num_cpus=0).remote()
            service = self._service
        dataset = payload["config"].dataset if isinstance(payload, dict) and "config" in payload else None
        try:
            return ray.get(service.serve.remote(task, payload, self.data_ref(dataset) if dataset else None),
                           timeout=PLACEMENT_TIMEOUT_S)
        except RayTaskError as exc:  # the task's own error, as in-process
            raise exc.as_instanceof_cause() from None
        except (RayActorError, GetTimeoutError) as exc:  # it died or never answered: the next task gets a new one
            with self._idle_lock:
                self._service = None
            ray.kill(service)
            raise JobError("job.error.served_lost") from exc

    def _ready_actor(self, should_stop: ShouldStop) -> tuple[Any, dict | None]:
        """(actor, where it runs) for the next job: a warm one that still answers, else a new one; (actor, None)
        when the job was stopped while its actor was starting."""
        import ray  # Ray only on a server that uses a cluster
        from ray.exceptions import RayActorError

        while True:
            with self._idle_lock:
                warm = self._idle.pop() if self._idle else None
            actor = warm or self._actor.options(num_cpus=self.cpus_per_job, max_concurrency=3,
                                                scheduling_strategy="SPREAD").remote()
            try:
                return actor, self._started(actor, should_stop)
            except JobError:  # it never started
                ray.kill(actor)
                raise
            except RayActorError as exc:
                ray.kill(actor)
                if warm is None:
                    raise JobError("job.error.worker_died") from exc
                # a warm actor that died while it waited (its node left the cluster): start a new one

    def _give_back(self, actor: Any, healthy: bool) -> None:
        """Keep an actor that finished its job for the next one, up to one per slot; end any other."""
        import ray  # Ray only on a server that uses a cluster

        with self._idle_lock:
            if healthy and len(self._idle) < self.limiter.limit:
                self._idle.append(actor)
                return
        ray.kill(actor)

    def _started(self, actor: Any, should_stop: ShouldStop) -> dict | None:
        """Wait until the actor runs (placed on a node, TensorFlow loaded); where it runs, or None if stopped
        meanwhile."""
        import ray  # Ray only on a server that uses a cluster

        ready = actor.where.remote()
        end = time.monotonic() + PLACEMENT_TIMEOUT_S
        while time.monotonic() < end:
            finished, _ = ray.wait([ready], timeout=POLL_SECONDS)
            if finished:
                return ray.get(ready)  # raises if the actor could not start
            if should_stop():
                return None
        raise JobError("job.error.worker_silent", seconds=PLACEMENT_TIMEOUT_S)
