"""The teacher's list of the server's running and queued jobs (whose, what, since when), each one stoppable.

Keeps ``state.TEACHER_JOBS_FLASH``: the outcome of the teacher's last stop, shown once in the list.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dnn_core.classroom import board
from dnn_core.running import job_registry
from pages import state, ui
from pages.job_queue import clock_time

REFRESH_S = 3.0  # as the board: jobs start and end while the teacher looks


def jobs_section() -> None:
    """The list, refreshed every few seconds, with a job picker and its Stop button."""
    ui.live_fragment(jobs_list, REFRESH_S)


def unlocked() -> bool:
    return board.key_matches(state.TEACHER_KEY.get())


def jobs_table(live: list[job_registry.Owned]) -> pd.DataFrame:
    """One row a job: number, name, kind, settings, state, when it started (or was queued)."""
    def state(owned) -> str:  # a stopped training ends within a batch; meanwhile the list says it is stopping
        return "stopping" if job_registry.REGISTRY.stopped_by(owned.job) else owned.state

    return pd.DataFrame([{
        "number": owned.number, "name": owned.name or ui.tr("name.anonymous"),
        "kind": ui.tr(f"teacher.jobs.kind.{owned.kind}"), "settings": owned.settings,
        "state": ui.tr(f"teacher.jobs.state.{state(owned)}"), "since": clock_time(owned.since),
    } for owned in live], columns=["number", "name", "kind", "settings", "state", "since"])


def stop_job(number: int | None) -> None:
    """The Stop button: stop job ``number`` as the teacher, if this session still holds the key."""
    if not unlocked():  # said at the top of the teacher section, which now asks for the key again
        state.TEACHER_FLASH.set(("error", ui.tr("teacher.refused")))
        return
    owned = job_registry.REGISTRY.stop_number(number, by="teacher") if number is not None else None
    state.TEACHER_JOBS_FLASH.set(
        ("success", ui.tr("teacher.jobs.stopped", number=number, name=owned.name or ui.tr("name.anonymous")))
        if owned is not None else ("error", ui.tr("teacher.jobs.gone", number=number)))


def jobs_list() -> None:
    if not unlocked():  # the key changed since this session unlocked: a rerun of this fragment alone comes here
        st.error((state.TEACHER_FLASH.pop() or ("error", ui.tr("teacher.refused")))[1])
        return
    st.subheader(ui.tr("teacher.jobs.title"))
    ui.show_outcome(state.TEACHER_JOBS_FLASH)
    live = job_registry.REGISTRY.live()
    if not live:
        st.caption(ui.tr("teacher.jobs.none"))
        return
    table = jobs_table(live)
    st.dataframe(table, hide_index=True, width="stretch", key="teacher_jobs_table",
                 column_config={c: ui.tr(f"teacher.jobs.col.{c}") for c in table.columns})
    labels = {row.number: f"#{row.number} · {row.name} · {row.kind} · {row.state}" for row in table.itertuples()}
    pick_col, stop_col = st.columns([3, 1], vertical_alignment="bottom")
    number = pick_col.selectbox(ui.tr("teacher.jobs.pick"), list(labels), key="teacher_job",
                                format_func=labels.get)
    stop_col.button(ui.tr("teacher.jobs.stop"), key="teacher_stop_job", on_click=stop_job, args=(number,),
                    type="primary", width="stretch")
