"""Job links: the unguessable id in a page's ``?job=`` that finds a job on this server, or its runs once it ended.

A job belongs to the server, not to the browser tab that started it: a reload, a phone waking up or a dropped
Wi-Fi opens a new session, and the link brings that session back to the job, live while it runs, then to its
result. The id comes from ``secrets.token_urlsafe`` and is kept only hashed (sha256): in the job registry while the
server runs, and with the job's runs in the run store, so the link still opens the result after a restart.

Whoever holds the link may watch the job and stop it, like its owner (the link is the key; shared links never
carry it, see ``classroom.lesson_link``). A session that opens it joins the job's owners in the fair queue: it
cannot start another job while this one is live.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from typing import Protocol

from dnn_core.errors import PeopleError

ID_BYTES = 16  # 128 random bits: 22 URL-safe characters
ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{22}")


class LinkError(PeopleError):
    """A ``?job=`` that is not a job id, or names no job of this server; ``key`` translates it."""


def new_id() -> str:
    """A fresh job id for a link."""
    return secrets.token_urlsafe(ID_BYTES)


def link_hash(job_id: str) -> str:
    """What the registry and the run store keep of a job id."""
    return hashlib.sha256(job_id.encode("ascii")).hexdigest()


class Linkable(Protocol):
    """A job that can be given a link: any of the job classes."""

    link_hash: str


def checked_id(text: object) -> str:
    """``text`` when it has the form of a job id, else LinkError (before anything is looked up)."""
    if not isinstance(text, str) or not ID_PATTERN.fullmatch(text):
        raise LinkError("job.link.bad")
    return text


def give_link(job: Linkable) -> str:
    """Give ``job`` a new link: its hash goes with the job (and its runs); the id, for the URL, is returned."""
    job_id = new_id()
    job.link_hash = link_hash(job_id)
    return job_id
