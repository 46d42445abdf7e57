"""The server's live jobs by owner: at most one running or queued job per browser session and per student name.

Every training, race and twin run a page starts is admitted here first. A second one from the same session, or from
another tab that gives the same name, is refused with the job that holds the place (``Busy``), so the page can say
what runs and offer to stop it; one student cannot queue five trainings ahead of the class. An anonymous session
is held to one job by its session alone. The teacher's section lists every live job and can stop any of them.

A name is not an account (anyone may type any name): the rule keeps a class fair, it does not secure anything.
"""

from __future__ import annotations

import itertools
import threading
import time
import weakref
from dataclasses import dataclass, field
from typing import Any, Callable

from dnn_core.jobs import JobError

KINDS = ("train", "race", "twin")  # what a page can start


@dataclass(frozen=True)
class Owned:
    """One admitted job and whose it is."""

    number: int  # its number on this server, for the teacher's list
    job: Any = field(compare=False)  # a BackgroundJob: TrainingJob, RaceJob or TwinJob
    session: str  # the browser session that started it
    name: str  # the student's name ('' = anonymous: held per session only)
    kind: str  # 'train', 'race' or 'twin'
    settings: str  # what it trains, in one line (classroom.settings_text)
    admitted_at: float  # when Train was pressed (epoch seconds)

    @property
    def live(self) -> bool:
        return not self.job.done

    @property
    def state(self) -> str:
        """'created', 'queued' or 'running' while live; a twin run is as its training of the moment."""
        inner = getattr(self.job, "current", None)  # a twin run waits for its trainings in the shared queue
        return inner.state if inner is not None and self.live else self.job.state

    @property
    def since(self) -> float:
        """When it started running, or (created or queued) when it was admitted (epoch seconds)."""
        inner = getattr(self.job, "current", None)
        started = (inner or self.job).started_at
        return started if self.state == "running" and started is not None else self.admitted_at


class Busy(JobError):
    """Refused: this session, or this name, already has a job running or queued (``holder``)."""

    def __init__(self, holder: Owned, same_session: bool):
        self.holder = holder
        super().__init__("queue.busy.session" if same_session else "queue.busy.name", name=holder.name)


class JobRegistry:
    """Admits at most one live job per session and per non-empty name; lists and stops them."""

    def __init__(self, clock: Callable[[], float] = time.time):
        self._clock = clock
        self._lock = threading.Lock()
        self._owned: list[Owned] = []
        self._stopped_by: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # job -> who stopped it
        self._numbers = itertools.count(1)

    def admit(self, job, session: str, name: str = "", kind: str = "train", settings: str = "") -> Owned:
        """Make ``job`` the live job of ``session`` and ``name``; Busy when either already has one."""
        if kind not in KINDS:
            raise ValueError(f"job registry: unknown kind {kind!r}; allowed: {', '.join(KINDS)}")
        with self._lock:  # checked and added at once: two tabs pressing Train together get one job between them
            self._owned = [owned for owned in self._owned if owned.live]
            for owned in self._owned:
                if owned.session == session or (name and owned.name == name):
                    raise Busy(owned, same_session=owned.session == session)
            entry = Owned(next(self._numbers), job, session, name, kind, settings, self._clock())
            self._owned.append(entry)
            return entry

    def holder(self, session: str, name: str = "") -> Owned | None:
        """The live job that would refuse a new one from ``session`` and ``name``, if any."""
        return next((owned for owned in self.live() if owned.session == session or (name and owned.name == name)),
                    None)

    def live(self) -> list[Owned]:
        """The server's running and queued jobs, in the order they were admitted."""
        with self._lock:
            return [owned for owned in self._owned if owned.live]

    def stop(self, job, by: str) -> None:
        """Ask ``job`` to stop, remembering who did ('owner' or 'teacher') for its owner's page.

        A job never started (its tab closed between Train and the run that starts it) would never end: it leaves
        at once, and ends as stopped if a page starts it after all.
        """
        with self._lock:
            self._stopped_by.setdefault(job, by)
            job.stop()
            if job.state == "created":
                self._owned = [owned for owned in self._owned if owned.job is not job]

    def stop_number(self, number: int, by: str) -> Owned | None:
        """Stop the live job numbered ``number`` (the teacher's list); it, or None when it has ended meanwhile."""
        owned = next((owned for owned in self.live() if owned.number == number), None)
        if owned is not None:
            self.stop(owned.job, by)
        return owned

    def stopped_by(self, job) -> str | None:
        """Who stopped ``job`` through this registry ('owner', 'teacher'), or None."""
        with self._lock:
            return self._stopped_by.get(job)


REGISTRY = JobRegistry()
