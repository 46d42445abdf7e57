"""Every environment variable the app reads, in one place: its name, default and meaning, and a typed reader.

The readers look at the environment each time they are called (tests and the CLI set variables in-process, and
a worker inherits the server's), so nothing here is cached. Only this module reads ``os.environ`` (ruff's TID251
bans it elsewhere; code that builds a child process's environment is the one exception), and the README's
settings table is checked against ``SETTINGS`` by ``tests/test_settings.py``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    """One DNN_* variable as the README's table shows it."""

    name: str
    default: str  # what applies when it is unset, in words (the README's table, without its code marks)
    meaning: str  # the README's words


SETTINGS = {s.name: s for s in (
    Setting("DNN_MAX_CONCURRENT_JOBS", "2",
            "trainings and races that run at once; the rest wait in a queue that shows each user their "
            "position"),
    Setting("DNN_RUNS_DB", "~/.local/share/dnn-playground/runs.sqlite",
            "the SQLite run history and the class's drawn digits (saved models live next to it in models/)"),
    Setting("DNN_DATA_DIR", "unset",
            "local data sets, looked at first"),
    Setting("DNN_OFFLINE", "unset",
            "1: never try to download"),
    Setting("DNN_TF_THREADS", "1",
            "TensorFlow op threads per training (1 is fastest for these models on a shared 2-core server)"),
    Setting("DNN_MEMORY_BUDGET_MB",
            "the server's cgroup memory limit, else 60 % of the machine's memory, minus what the server uses "
            "(its RSS) and an idle worker's private memory for each of the DNN_MAX_CONCURRENT_JOBS slots, "
            "measured again after every job (on Ray: the cluster's memory resource)",
            "trainings and races are admitted only while the estimated memory of the running ones fits; one "
            "that could never fit is refused at once, saying what to cut"),
    Setting("DNN_EXECUTOR", "process",
            "without DNN_RAY_ADDRESS: process trains in worker processes (below), threads on threads of the "
            "server process (only to compare the two)"),
    Setting("DNN_RAY_ADDRESS", "unset",
            "run trainings and races on a Ray cluster: local, auto, HOST:PORT or ray://HOST:10001 (see below)"),
    Setting("DNN_RAY_CPUS", "all",
            "with DNN_RAY_ADDRESS=local: the CPUs of the private Ray instance"),
    Setting("DNN_RAY_CPUS_PER_JOB", "1",
            "CPUs each training reserves on the cluster"),
    Setting("DNN_TEACHER_KEY", "unset",
            "unlocks the Class page's teacher section (hide a run, clear the board, set the current lesson, "
            "pin a reference run); unset: the board is read-only and has no teacher controls"),
    Setting("DNN_ABANDON_AFTER_S", "120",
            "how long a job's owner may be away while others wait for its slot before it stops (nobody "
            "waiting: it goes on)"),
    Setting("DNN_PUBLIC_URL", "unset",
            "the address students use, e.g. https://school.example/dnn, for lesson links and QR codes behind "
            "a proxy; unset: the address the browser used"),
    Setting("DNN_SCRIPT_TIMES", "unset",
            "a file to which every script run appends its server-side wall time and CPU time as a JSON line "
            "(benchmarks/classroom_load.py)"),
)}
TRUE_WORDS = ("1", "true", "yes")


def text(name: str) -> str:
    """The variable's value, stripped ('' when unset)."""
    return os.environ.get(name, "").strip()


def number(name: str, default: float) -> float:
    """The variable as a number; ``default`` when unset or not a number (a typo must not stop the server)."""
    try:
        return float(text(name) or default)
    except ValueError:
        return default


# ---- the settings, typed -----------------------------------------------------------------------------------------

def offline() -> bool:
    return text("DNN_OFFLINE").lower() in TRUE_WORDS


def data_dir() -> Path | None:
    return Path(text("DNN_DATA_DIR")) if text("DNN_DATA_DIR") else None


def runs_db() -> Path | None:
    return Path(text("DNN_RUNS_DB")).expanduser() if text("DNN_RUNS_DB") else None


def max_concurrent_jobs(default: int) -> int:
    return max(1, int(number("DNN_MAX_CONCURRENT_JOBS", default)))


def max_concurrent_jobs_set() -> bool:
    return bool(text("DNN_MAX_CONCURRENT_JOBS"))


def abandon_after_s(default: float) -> float:
    return max(1.0, number("DNN_ABANDON_AFTER_S", default))


def memory_budget_mb() -> float | None:
    """The budget the operator set, None when unset or not a number."""
    budget = number("DNN_MEMORY_BUDGET_MB", -1.0)
    return None if budget == -1.0 else max(0.0, budget)


def tf_threads() -> str:
    """DNN_TF_THREADS as written ('' when unset: the runtime chooses)."""
    return text("DNN_TF_THREADS")


def executor_kind() -> str:
    return text("DNN_EXECUTOR")


def ray_address() -> str:
    return text("DNN_RAY_ADDRESS")


def ray_cpus() -> str:
    return text("DNN_RAY_CPUS")


def ray_cpus_per_job() -> float:
    return number("DNN_RAY_CPUS_PER_JOB", 1) or 1.0


def teacher_key() -> str:
    return os.environ.get("DNN_TEACHER_KEY", "")  # a key is compared as typed: no stripping


def public_url() -> str:
    return text("DNN_PUBLIC_URL")


def script_times() -> Path | None:
    return Path(text("DNN_SCRIPT_TIMES")) if text("DNN_SCRIPT_TIMES") else None


# ---- variables of other tools ------------------------------------------------------------------------------------

def keras_home() -> Path:
    """Where Keras keeps downloads (its own KERAS_HOME, else ~/.keras)."""
    return Path(os.environ.get("KERAS_HOME") or Path.home() / ".keras")


def xdg_data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def quiet_tensorflow() -> None:
    """Keep TensorFlow's start-up chatter off the terminal, unless the user asked for it."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def child_environment(**extra: str) -> dict[str, str]:
    """This process's environment for a child process, with ``extra`` variables set."""
    return {**os.environ, **extra}
