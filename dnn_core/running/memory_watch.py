"""What a worker process really uses, what trainings may use on this machine, and who the kernel kills first.

``memory.estimate`` says what a job should need; this module measures. A worker's memory is its cgroup's own
counter when it has a cgroup of its own, else its private memory: the anonymous pages of /proc/PID/status
(RssAnon + RssShmem). A worker maps TensorFlow's libraries read-only and shares no writable page with any other
process (it is started, not forked), so that is its USS: measured on an idle worker with TensorFlow loaded,
RssAnon 257,944 kB against psutil's USS of 257,940 kB, read in 0.07 ms against 25-70 ms for psutil (which walks
smaps). Summed RSS would count TensorFlow's ~390 MB of shared library pages once in every process.
"""

from __future__ import annotations

import os
from pathlib import Path

from dnn_core import settings

MB = 2**20
CGROUP_ROOT = Path("/sys/fs/cgroup")
BUDGET_SHARE = 0.6  # of the machine's memory when no cgroup limit and no DNN_MEMORY_BUDGET_MB is given
OOM_SCORE_ADJ = 1000  # the most: the kernel's out-of-memory killer takes a worker before anything else


def _memory_cgroup(pid: int | str) -> str | None:
    """The memory cgroup of process ``pid``: its path under the v1 memory hierarchy, or the v2 path ('0::')."""
    try:
        lines = Path(f"/proc/{pid}/cgroup").read_text().splitlines()
    except OSError:
        return None
    fields = [line.split(":", 2) for line in lines if line.count(":") >= 2]
    v1 = [path for _, controllers, path in fields if "memory" in controllers.split(",")]
    if v1:
        return "memory" + v1[0]
    v2 = [path for number, controllers, path in fields if number == "0" and not controllers]
    return v2[0].lstrip("/") if v2 else None


def _read_number(path: Path) -> int | None:
    try:
        text = path.read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def own_cgroup_bytes(pid: int) -> int | None:
    """The memory charged to ``pid``'s cgroup when it has one of its own below the server's, else None."""
    group, server = _memory_cgroup(pid), _memory_cgroup("self")
    if group is None or server is None or not group.startswith(server.rstrip("/") + "/"):
        return None  # the server's own group (or, for a process being torn down, the root) counts others too
    folder = CGROUP_ROOT / group
    return _read_number(folder / "memory.current") or _read_number(folder / "memory.usage_in_bytes")


def _status_kb(pid: int | str, *fields: str) -> int | None:
    """The sum of /proc/PID/status fields given in kB (None where there is no /proc or the process is gone)."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return None
    values = {name: int(rest.split()[0]) for name, _, rest in (line.partition(":") for line in lines)
              if name in fields}
    return sum(values.values()) if values else None


def private_mb(pid: int) -> float | None:
    """What process ``pid`` takes that no other process shares, in MB: its own cgroup's counter, else its
    anonymous memory, else psutil's USS (no /proc); None when the process is gone (or being torn down)."""
    anonymous = _status_kb(pid, "RssAnon", "RssShmem")
    charged = own_cgroup_bytes(pid) if anonymous is not None else None
    if charged is not None:
        return charged / MB
    if anonymous is not None:
        return anonymous / 1024
    if Path("/proc/self/status").exists():
        return None  # a Linux process without memory lines has ended
    import psutil

    try:
        return psutil.Process(pid).memory_full_info().uss / MB
    except (psutil.Error, AttributeError):
        return None


def rss_mb(pid: int | str = "self") -> float:
    """The resident memory of ``pid`` (this process by default), shared pages included, in MB."""
    import psutil

    return psutil.Process(os.getpid() if pid == "self" else int(pid)).memory_info().rss / MB


def reset_peak() -> float | None:
    """Start measuring this process's peak afresh (Linux resets VmHWM to the current RSS); that RSS in MB, or
    None where the kernel cannot."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return None
    kb = _status_kb("self", "VmRSS")
    return None if kb is None else kb / 1024


def peak_growth_mb(since_mb: float | None) -> float | None:
    """How far this process's RSS rose above ``since_mb`` (``reset_peak()``'s) at its highest, caught by the
    kernel between any two samples; None where unknown."""
    peak = _status_kb("self", "VmHWM")
    return None if since_mb is None or peak is None else max(0.0, peak / 1024 - since_mb)


def raise_oom_score() -> bool:
    """Make this process the kernel's first choice when memory runs out (a worker does it to itself: children
    inherit the value, so the server never calls it); True when it took."""
    try:
        Path("/proc/self/oom_score_adj").write_text(str(OOM_SCORE_ADJ))
    except OSError:
        return False
    return oom_score_adj("self") == OOM_SCORE_ADJ


def oom_score_adj(pid: int | str = "self") -> int | None:
    """How much the kernel prefers to kill process ``pid`` when memory runs out (-1000 to 1000), or None."""
    try:
        return int(Path(f"/proc/{pid}/oom_score_adj").read_text())
    except (OSError, ValueError):
        return None


def limit_mb() -> float:
    """All the memory this server may use: its cgroup's limit (v2, then v1; its own group's, or the namespace's
    root as a container sees it), else ``BUDGET_SHARE`` of the machine."""
    group = _memory_cgroup("self")
    for folder in filter(None, (CGROUP_ROOT / group if group else None, CGROUP_ROOT, CGROUP_ROOT / "memory")):
        for name in ("memory.max", "memory.limit_in_bytes"):
            value = _read_number(folder / name)
            if value is not None and value < 2**60:  # v1 writes a huge number for "no limit", v2 writes "max"
                return value / MB
    import psutil

    return BUDGET_SHARE * psutil.virtual_memory().total / MB


def jobs_budget_mb(server_mb: float, worker_mb: float, slots: int) -> float:
    """What trainings may use at once: DNN_MEMORY_BUDGET_MB when set, else the limit less the server (its RSS:
    the libraries it shares with the workers counted once) and an idle worker's private memory in every slot."""
    chosen = settings.memory_budget_mb()
    return chosen if chosen is not None else max(0.0, limit_mb() - server_mb - slots * worker_mb)
