"""Which process owns a running run, told apart from a later process that reuses its pid."""

from __future__ import annotations

import psutil


def process_token(pid: int) -> str | None:
    """A token that tells this incarnation of process ``pid`` from a later one reusing the pid; None if it's gone.

    The process's start time (seconds since the epoch, as psutil reads it), which a later process with the same pid
    cannot share; '' for a live process whose start time the system does not tell, which means "alive,
    incarnation unknown".
    """
    try:
        process = psutil.Process(pid)
        token = repr(process.create_time())
        if process.status() == psutil.STATUS_ZOMBIE:  # a zombie has finished; only its exit status is left
            return None
    except psutil.NoSuchProcess:  # also psutil.ZombieProcess
        return None
    except psutil.AccessDenied:  # exists, owned by someone else
        return ""
    return token


def owner_alive(pid: int, token: str) -> bool:
    """Whether the process that started a run is still running."""
    current = process_token(pid)
    return current is not None and (current == token or "" in (current, token))
