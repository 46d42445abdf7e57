"""The sidebar every page shows: this session's model status, the student's name and the language switch."""

from __future__ import annotations

import streamlit as st

from dnn_core.classroom.board import MAX_NAME, clean_name
from dnn_core.i18n import LANG_NAMES, LANGS
from pages import job_queue, state, ui


def start_pending_job() -> None:
    """Start this session's new job, once the page that created it has been drawn.

    Train creates its job and reruns; the job starts after that run so the page's own work (all in Python,
    like the start of a training: graph tracing) does not compete with the training for the interpreter.
    app.py calls this after every page too, so a job whose page was left mid-run still starts.
    """
    job = state.JOBS["train"].get()
    if job is not None and job.state == "created":
        job.start()


def status_text() -> tuple[str, str]:
    """(icon, text) describing this session's model: none, queued, training n %, trained, stopped, failed."""
    job = state.JOBS["train"].get()
    result = state.latest_result()
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
    icon, text = status_text()
    st.markdown(f"**{ui.tr('status.title')}**  \n{icon} {text}")


def keep_in_url(*params: str) -> None:
    """Put ``params`` of ``ui.url_extras()`` (?lang=, ?name=) back in the URL, or take them out when they are the
    default: page switches clear the query string, and a reload or a copied link should keep them."""
    extras = ui.url_extras()
    for param in params:
        if param in extras:
            st.query_params[param] = extras[param]
        elif param in st.query_params:
            del st.query_params[param]


def name_field() -> None:
    """The "Your name" field; what is kept is trimmed to plain text of at most MAX_NAME characters."""
    def changed() -> None:
        state.STUDENT.set(clean_name(state.widget("sidebar_name", "")))
        state.set_widget("sidebar_name", ui.name())
        keep_in_url("name")

    state.set_widget("sidebar_name", ui.name())
    st.sidebar.text_input(ui.tr("name.label"), key="sidebar_name", max_chars=MAX_NAME, on_change=changed,
                          placeholder=ui.tr("name.placeholder"), help=ui.tr("name.help"))


def language_switch() -> None:
    """A selector that changes the UI language for this session."""
    def changed() -> None:
        state.LANG.set(state.widget("sidebar_lang"))
        st.query_params["lang"] = ui.lang()

    state.set_widget("sidebar_lang", ui.lang())
    st.sidebar.selectbox(ui.tr("sidebar.language"), LANGS, key="sidebar_lang", format_func=LANG_NAMES.get,
                         on_change=changed)


def render() -> None:
    """Draw the sidebar; while a job runs the status refreshes itself every 2 seconds."""
    job = state.JOBS["train"].get()
    running = job is not None and not job.done
    with st.sidebar:
        ui.live_fragment(_status, 2.0 if running else None)
        state.init_name()
        name_field()
        language_switch()
    keep_in_url("lang", "name")
