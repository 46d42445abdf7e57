"""The sidebar every page shows: this session's model status, the student's name and the language switch."""

from __future__ import annotations

import streamlit as st

from pages import job_queue, ui


def collect_finished_job() -> None:
    """Move a finished job's result into the session, so every page sees the newest model."""
    job = st.session_state.get("job")
    if job is not None and job.done and getattr(job.result, "model", None) is not None \
            and st.session_state.get("result") is not job.result:  # a run restored without a model has none to use
        st.session_state["result"] = job.result
        st.session_state["run_id"] = getattr(job, "run_id", None)


def start_pending_job() -> None:
    """Start this session's new job, once the page that created it has been drawn.

    Train creates its job and reruns; the job starts after that run so the page's own work (all in Python,
    like the start of a training: graph tracing) does not compete with the training for the interpreter.
    app.py calls this after every page too, so a job whose page was left mid-run still starts.
    """
    job = st.session_state.get("job")
    if job is not None and job.state == "created":
        job.start()


def status_text() -> tuple[str, str]:
    """(icon, text) describing this session's model: none, queued, training n %, trained, stopped, failed."""
    job = st.session_state.get("job")
    result = st.session_state.get("result")
    if job is not None and not job.done:
        snap = job.status()  # no histories: this runs every 2 s on every page
        if snap["state"] == "queued":
            return ":material/hourglass_top:", ui.tr("status.queued", position=snap["queue_position"] or 1)
        percent = round(100 * snap["progress"].get("progress", 0.0))
        return ":material/directions_run:", ui.tr("status.training", percent=percent)
    if job is not None and job.state == "failed":
        return ":material/error:", ui.tr("status.failed")
    if job_queue.stopped_by_teacher(job):
        return ":material/front_hand:", ui.tr("status.stopped_by_teacher")
    if result is not None:
        key = "status.stopped" if result.stopped else "status.trained"
        return ":material/check_circle:", ui.tr(key, accuracy=f"{100 * result.test_accuracy:.1f}")
    return ":material/radio_button_unchecked:", ui.tr("status.none")


def _status() -> None:
    collect_finished_job()
    icon, text = status_text()
    st.markdown(f"**{ui.tr('status.title')}**  \n{icon} {text}")


def render() -> None:
    """Draw the sidebar; while a job runs the status refreshes itself every 2 seconds."""
    job = st.session_state.get("job")
    running = job is not None and not job.done
    with st.sidebar:
        ui.live_fragment(_status, 2.0 if running else None)
        ui.init_name()
        ui.name_field()
        ui.language_switch()
    ui.keep_lang_in_url()
    ui.keep_name_in_url()
