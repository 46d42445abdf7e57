"""How a process that trains runs TensorFlow, set once by each: the app, the CLI, a worker, the benchmarks.

Importing the engine changes nothing in the process; ``configure_runtime()`` is the one explicit step. TensorFlow
fixes its thread pools when it starts, so the number of op threads is a choice per process: a worker process
chooses it from the CPUs really available to it (the cgroup's CPU quota, then its CPU affinity) and from how
many trainings may run at once (``DNN_MAX_CONCURRENT_JOBS``, which the server's workers inherit).
"""

from __future__ import annotations

import gc
import math
import os
import threading
from pathlib import Path

from dnn_core import settings
from dnn_core.running.jobs import max_concurrent_jobs

CGROUP = Path("/sys/fs/cgroup")
# Op threads for a training that has cores to itself (one training at a time, or more cores than trainings).
# Set from ``python benchmarks/threads.py`` (one training alone, 1 against 2 threads, in ABBA pairs) run on a quiet
# machine: 2 only where 2 threads measured faster. Until then 1: on a shared 2-core server the spinning thread
# pools of concurrent trainings, the Streamlit server and the browsers fought for the cores (the course model
# trained ~1.5x faster with 1 thread than with TensorFlow's default there).
LONE_JOB_THREADS = 1

_lock = threading.Lock()
_configured = False


def configure_runtime(concurrent_jobs: int | None = None) -> None:
    """Import TensorFlow with ``tensorflow_threads`` op threads and freeze its long-lived objects (once per process).

    ``concurrent_jobs``: how many trainings may run at once on this machine (default: the job limit; the CLI's
    lone training passes 1).
    """
    global _configured
    with _lock:
        if _configured:
            return
        _limit_tensorflow_threads(concurrent_jobs)
        # TensorFlow and Keras leave ~10^6 long-lived objects; moving them out of the collector's view keeps the
        # periodic full collections short, which matters when training threads share the interpreter with a server.
        gc.freeze()
        _configured = True


def tensorflow_threads(concurrent_jobs: int, cpus: int | None = None) -> int:
    """Op threads per training: up to ``LONE_JOB_THREADS`` when each of the ``concurrent_jobs`` trainings has
    that many of the ``cpus`` (default: ``available_cpus()``) to itself, else 1."""
    cpus = cpus if cpus is not None else available_cpus()
    return max(1, min(LONE_JOB_THREADS, cpus // max(1, concurrent_jobs)))


def available_cpus(cgroup: Path = CGROUP, proc_self_cgroup: Path = Path("/proc/self/cgroup")) -> int:
    """The CPUs this process may really use: its affinity, bounded by its cgroup's CPU quota (v2 ``cpu.max`` or
    v1 ``cpu.cfs_quota_us / cpu.cfs_period_us``, rounded down, at least 1) when it has one."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        cpus = os.cpu_count() or 1
    quota = cgroup_cpu_quota(cgroup, proc_self_cgroup)
    return max(1, min(cpus, math.floor(quota))) if quota else cpus


def cgroup_cpu_quota(cgroup: Path = CGROUP, proc_self_cgroup: Path = Path("/proc/self/cgroup")) -> float | None:
    """The smallest CPU quota (in CPUs) of this process's cgroup and its ancestors, v2 or v1; None without one."""
    quotas = [quota for folder in _cgroup_folders(cgroup, proc_self_cgroup) for quota in (_quota_v2(folder),
                                                                                          _quota_v1(folder)) if quota]
    return min(quotas, default=None)


def _cgroup_folders(cgroup: Path, proc_self_cgroup: Path) -> list[Path]:
    """The folders that may hold this process's CPU limits: its own cgroup's (v2, and v1's cpu controller) and
    their ancestors up to the mount point (inside a container the mount point is the container's own cgroup)."""
    own: list[Path] = []
    try:
        lines = proc_self_cgroup.read_text().splitlines()
    except OSError:
        lines = []
    for line in lines:
        _, controllers, path = line.split(":", 2)
        relative = path.strip("/")
        if controllers == "":  # v2: one unified hierarchy
            own += [cgroup / relative, cgroup / "unified" / relative]
        elif "cpu" in controllers.split(","):
            own += [cgroup / controllers / relative, cgroup / "cpu" / relative, cgroup / "cpu,cpuacct" / relative]
    folders: list[Path] = []
    for folder in [*own, cgroup, cgroup / "cpu", cgroup / "cpu,cpuacct"]:
        while True:
            if folder not in folders:
                folders.append(folder)
            if folder == cgroup or folder.parent == folder or cgroup not in folder.parents:
                break
            folder = folder.parent
    return folders


def _quota_v2(folder: Path) -> float | None:
    """``cpu.max`` holds "QUOTA PERIOD" in microseconds, or "max PERIOD" for no limit."""
    try:
        quota, period = (folder / "cpu.max").read_text().split()[:2]
    except (OSError, ValueError):
        return None
    return int(quota) / int(period) if quota != "max" and int(period) > 0 else None


def _quota_v1(folder: Path) -> float | None:
    """``cpu.cfs_quota_us`` (-1 for no limit) over ``cpu.cfs_period_us``."""
    try:
        quota = int((folder / "cpu.cfs_quota_us").read_text())
        period = int((folder / "cpu.cfs_period_us").read_text())
    except (OSError, ValueError):
        return None
    return quota / period if quota > 0 and period > 0 else None


def _limit_tensorflow_threads(concurrent_jobs: int | None) -> None:
    """Give each TensorFlow op ``tensorflow_threads`` threads unless DNN_TF_THREADS says otherwise.

    Must run before TensorFlow executes its first op; later calls are ignored.
    """
    import tensorflow as tf  # TensorFlow: loaded only when this runs, never at start-up


    chosen = settings.tf_threads()
    threads = int(chosen) if chosen else tensorflow_threads(concurrent_jobs or max_concurrent_jobs())
    if threads > 0:
        try:
            tf.config.threading.set_intra_op_parallelism_threads(threads)
            tf.config.threading.set_inter_op_parallelism_threads(max(2, threads))
        except RuntimeError:  # TensorFlow already started (another module ran an op first)
            pass
