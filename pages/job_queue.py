"""The fair queue on the pages: a new job is admitted as this session's (and name's) only live one, or refused
with a sentence saying what runs and a button to stop it; a job the teacher stopped says so to its owner."""

from __future__ import annotations

import time

import streamlit as st

from dnn_core.classroom.board import settings_text
from dnn_core.running import job_registry
from pages import state, ui

STOP_WAIT_S = 10  # a training stops within a batch and a queued job leaves at once; a busy server may take seconds


def admit(job, kind: str, config) -> bool:
    """Make ``job`` this session's live job; False when this session or its name has one (``refusal`` says so)."""
    try:
        job_registry.REGISTRY.admit(job, ui.session_id(), ui.name(), kind, settings_text(config.to_dict()))
    except job_registry.Busy as exc:
        state.BUSY.set(exc.holder)
        return False
    state.BUSY.pop()
    return True


def clock_time(seconds: float) -> str:
    """'10:42:05', on the server's clock."""
    return time.strftime("%H:%M:%S", time.localtime(seconds))


def holder_sentence(holder: job_registry.Owned) -> str:
    """What holds this session's place: whose, what kind, since when, with which settings."""
    state = ui.tr(f"queue.state.{holder.state}", time=clock_time(holder.since))
    mine = job_registry.REGISTRY.holds(holder, ui.session_id())
    key = "queue.refused.session" if mine else "queue.refused.name"
    return ui.tr(key, name=holder.name, kind=ui.tr(f"queue.kind.{holder.kind}"), state=state,
                 settings=holder.settings)


def refusal() -> None:
    """While the job that refused this session's last start is live: the sentence and a button to stop it."""
    holder = state.BUSY.get()
    if holder is None:
        return
    if holder not in job_registry.REGISTRY.live():
        state.BUSY.pop()  # it ended: the next press starts
        return
    box = st.empty()
    box.warning(holder_sentence(holder), icon=":material/block:")
    if st.button(ui.tr("queue.stop_it"), key="busy_stop", icon=":material/stop:"):
        job_registry.REGISTRY.stop(holder.job, by="owner")
        if holder.job.state != "created":  # one never started has left the registry already
            holder.job.wait(STOP_WAIT_S)
        state.BUSY.pop()
        box.success(ui.tr("queue.stopped"))


def stopped_by_teacher(job) -> bool:
    return job is not None and job_registry.REGISTRY.stopped_by(job) == "teacher"


def teacher_note(job) -> None:
    """Under a job the teacher stopped: a line saying so."""
    if stopped_by_teacher(job):
        st.warning(ui.tr("queue.stopped_by_teacher"), icon=":material/front_hand:")
