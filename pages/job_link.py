"""The ``?job=`` link on the pages: while a job runs its page's URL carries the job's id, and a session that opens
such a link (a reload, a new tab, a phone waking up) shows that job, live or ended (``dnn_core.running.job_links``).

It keeps, in pages/state.py: ``LINKS[kind]`` (the id of the job held in ``JOBS[kind]``), ``COMPARE_LINK`` (the kind,
race or twin, whose id Compare's URL carries) and ``HELD_LINKS`` (every id this session has held: the URL may still
name the last one in the run after a new job started).
"""

from __future__ import annotations

import streamlit as st

from dnn_core.running import job_links, job_registry
from pages import state, ui

PAGES = {"train": "pages/train.py", "race": "pages/compare.py", "twin": "pages/compare.py"}


def admit(job, kind: str, config) -> bool:
    """Give a new job its link and admit it (``job_queue.admit``); once admitted it is this session's ``kind`` job,
    its id kept for the URL. False when refused (the refusal says why)."""
    from pages import job_queue

    link = job_links.give_link(job)
    if not job_queue.admit(job, kind, config):
        return False
    hold(job, kind, link)
    return True


def hold(job, kind: str, link: str) -> None:
    """Make ``job`` (with link ``link``) this session's ``kind`` job; on Compare, the one its URL names."""
    state.JOBS[kind].set(job)
    state.LINKS[kind].set(link)
    state.HELD_LINKS.kept().add(link)  # a URL naming it later brings back nothing else
    if kind != "train":
        state.COMPARE_LINK.set(kind)


def compare_url() -> None:
    """Put the id of Compare's last started or opened job (race or twin run) in the URL."""
    kind = state.COMPARE_LINK.get()
    if kind and url_param(kind):
        st.query_params["job"] = url_param(kind)["job"]


def url_param(kind: str) -> dict[str, str]:
    """{"job": id} of this session's ``kind`` job, for its page's URL; {} when it has none."""
    link = state.LINKS[kind].get()
    return {"job": link} if link and state.JOBS[kind].get() is not None else {}


def open_link(kinds: tuple[str, ...]) -> str | None:
    """Bring the job of this page's ``?job=`` into the session (its kind's key); the kind opened, or None.

    A bad id or one no job has is said in a translated sentence and leaves the URL; a job of another page's kind
    opens that page.
    """
    link = st.query_params.get("job")
    if link is None or link in state.HELD_LINKS.get():  # its own job, or one it has moved on from
        return None
    try:
        job, kind = _find(job_links.checked_id(link))
    except ValueError as exc:  # a LinkError, or a RunStoreError of a store that can't be read
        st.warning(ui.error_text(exc), icon=":material/link_off:")
        del st.query_params["job"]
        return None
    if kind not in kinds:
        st.switch_page(PAGES[kind], query_params={"job": link, **ui.url_extras()})
    hold(job, kind, link)
    if kind == "train" and job.config is not None:
        state.CONFIG.set(job.config)  # the form shows what it trains (the link may carry no settings)
    return kind


def _find(link: str):
    """(job, kind) of the job with this link: live or recent on this server, else from the run store."""
    from dnn_core.running.job_restore import restore

    owned = job_registry.REGISTRY.find(job_links.link_hash(link))
    if owned is not None:
        job_registry.REGISTRY.watch(owned, ui.session_id())  # held by it, like the session that started it
        return owned.job, owned.kind
    stored = restore(job_links.link_hash(link))
    if stored is None:
        raise job_links.LinkError("job.link.unknown")
    return stored, stored.kind


def abandoned_note(job) -> None:
    """Under a job that gave up its slot because nobody watched it while others waited: a line saying so."""
    if getattr(job, "stop_reason", None) == "abandoned":
        from dnn_core.running.jobs import abandon_after

        st.warning(ui.tr("job.abandoned", seconds=f"{abandon_after():g}"), icon=":material/timer_off:")
