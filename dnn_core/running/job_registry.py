"""The server's live jobs by owner: at most one running or queued job per browser session and per student name.

Every training, race and twin run a page starts is admitted here first. A second one from the same session, or from
another tab that gives the same name, is refused with the job that holds the place (``Busy``), so the page can say
what runs and offer to stop it; one student cannot queue five trainings ahead of the class. An anonymous session
is held to one job by its session alone. The teacher's section lists every live job and can stop any of them.

A name is not an account (anyone may type any name): the rule keeps a class fair, it does not secure anything.

A job is found again by its link (``job_links``): a session that opens it (a reload, another tab or device)
becomes one of the job's watchers and is held by it like the session that started it. The registry remembers
the last ``RECENT`` jobs by link after they end, so a link opened soon after shows the whole live record; older
ones are found in the run store.
"""

from __future__ import annotations

import itertools
import threading
import time
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Callable

from dnn_core.running.jobs import BackgroundJob, JobError

KINDS = ("train", "race", "twin")  # what a page can start
RECENT = 32  # ended jobs still found by their link in memory (each holds its result and model)


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
    link: str = ""  # the hash of the job's link (job_links.link_hash), '' for none

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
        self._by_link: OrderedDict[str, Owned] = OrderedDict()  # link hash -> job, live or among the RECENT ended
        self._watchers: dict[int, set[str]] = {}  # job number -> sessions that opened its link

    def _holds(self, owned: Owned, session: str) -> bool:
        return owned.session == session or session in self._watchers.get(owned.number, ())

    def admit(self, job: BackgroundJob, session: str, name: str = "", kind: str = "train", settings: str = "") -> Owned:
        """Make ``job`` the live job of ``session`` and ``name``; Busy when either already has one."""
        if kind not in KINDS:
            raise ValueError(f"job registry: unknown kind {kind!r}; allowed: {', '.join(KINDS)}")
        with self._lock:  # checked and added at once: two tabs pressing Train together get one job between them
            self._owned = [owned for owned in self._owned if owned.live]
            for owned in self._owned:
                if self._holds(owned, session) or (name and owned.name == name):
                    raise Busy(owned, same_session=self._holds(owned, session))
            link = getattr(job, "link_hash", "")
            entry = Owned(next(self._numbers), job, session, name, kind, settings, self._clock(), link)
            self._owned.append(entry)
            if link:
                self._by_link[link] = entry
                self._forget_old_links()
            return entry

    def _forget_old_links(self) -> None:
        """Keep the live jobs and the RECENT newest ended ones."""
        ended = [link for link, owned in self._by_link.items() if not owned.live]
        for link in ended[:max(0, len(ended) - RECENT)]:
            self._watchers.pop(self._by_link.pop(link).number, None)

    def find(self, link: str) -> Owned | None:
        """The job whose link hashes to ``link``, live or recently ended; None if this server has none."""
        with self._lock:
            return self._by_link.get(link)

    def holds(self, owned: Owned, session: str) -> bool:
        """Whether ``owned`` is ``session``'s job: it started it or opened its link."""
        with self._lock:
            return self._holds(owned, session)

    def watch(self, owned: Owned, session: str) -> None:
        """``session`` opened the link of ``owned``: it watches the job and is held by it while it is live."""
        with self._lock:
            self._watchers.setdefault(owned.number, set()).add(session)

    def holder(self, session: str, name: str = "") -> Owned | None:
        """The live job that would refuse a new one from ``session`` and ``name``, if any."""
        live = self.live()
        with self._lock:
            return next((owned for owned in live if self._holds(owned, session) or (name and owned.name == name)),
                        None)

    def live(self) -> list[Owned]:
        """The server's running and queued jobs, in the order they were admitted."""
        with self._lock:
            return [owned for owned in self._owned if owned.live]

    def stop(self, job: BackgroundJob, by: str) -> None:
        """Ask ``job`` to stop, remembering who did ('owner' or 'teacher') for its owner's page.

        A job never started (its tab closed between Train and the run that starts it) would never end: it leaves
        at once, and ends as stopped if a page starts it after all.
        """
        with self._lock:
            self._stopped_by.setdefault(job, by)
            job.stop()
            if job.state == "created":
                self._owned = [owned for owned in self._owned if owned.job is not job]
                self._by_link = OrderedDict((link, owned) for link, owned in self._by_link.items()
                                            if owned.job is not job)

    def stop_number(self, number: int, by: str) -> Owned | None:
        """Stop the live job numbered ``number`` (the teacher's list); it, or None when it has ended meanwhile."""
        owned = next((owned for owned in self.live() if owned.number == number), None)
        if owned is not None:
            self.stop(owned.job, by)
        return owned

    def stopped_by(self, job: BackgroundJob) -> str | None:
        """Who stopped ``job`` through this registry ('owner', 'teacher'), or None."""
        with self._lock:
            return self._stopped_by.get(job)


REGISTRY = JobRegistry()
