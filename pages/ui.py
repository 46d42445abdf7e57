"""Small UI helpers shared by the pages: translated text, error and worker sentences, widget ranges, live
fragments. The session's state has its own home: pages/state.py."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import streamlit as st

from dnn_core.engine.config import BOUNDS
from dnn_core.errors import PeopleError, in_language
from dnn_core.i18n import t
from pages import server, state

if TYPE_CHECKING:
    from pages.keys import Slot


def lang() -> str:
    """This session's language."""
    return state.LANG.get()


def tr(key: str, **params) -> str:
    """The text for ``key`` in this session's language (a PeopleError parameter, such as a reason, too)."""
    return t(key, lang(), **in_language(params, lang()))


def session_id() -> str:
    """This browser session's id, made on its first run (a reload is a new session)."""
    return state.session_id()


def name() -> str:
    """This session's name ('' = anonymous)."""
    return state.STUDENT.get()


def url_extras() -> dict[str, str]:
    """The UI parameters every page keeps in its URL: ?lang= (unless English) and ?name= (unless anonymous)."""
    return {**({"lang": lang()} if lang() != "en" else {}), **({"name": name()} if name() else {})}


def show_outcome(slot: Slot[tuple], keep: bool = False) -> None:
    """The (kind, text) a callback left in ``slot``: a success box for "success", else an error box; shown once
    (taken out of the slot) unless ``keep``."""
    outcome = slot.get() if keep else slot.pop()
    if outcome:
        kind, text = outcome
        (st.success if kind == "success" else st.error)(text)


def error_text(exc: Exception) -> str:
    """An engine error in this session's language when it is a PeopleError (config, run store, job, upload, drawing,
    data), else its own text."""
    return exc.text(lang()) if isinstance(exc, PeopleError) else str(exc)


def failure_text(job) -> str:
    """Why a job failed, translated when the engine said it with a key (a worker lost on the cluster…)."""
    return error_text(job.failure) if job.failure is not None else str(job.error)


def live_fragment(view, every: float | None, *args) -> None:
    """Draw ``view(*args)`` as a fragment that reruns itself every ``every`` seconds (None: only with the page).

    Each full run registers a ticking fragment under a new name, so Streamlit holds it under a new id. A tick the
    browser sent before it heard of this run then names a fragment the session no longer holds, and Streamlit drops
    it. Otherwise a tick taken up just as this run ends (by an event loop that a busy server starves) starts a new
    script runner, and Streamlit discards what it had not yet sent of this run: Build & Train's last run, the one
    with the finished training's metrics, never reached the page (issue 20, tests/browser/test_live_browser.py).
    """
    if not every:
        st.fragment(view)(*args)
        return

    def tick(*given):
        return view(*given)

    tick.__module__, tick.__qualname__ = view.__module__, f"{view.__qualname__}.tick{next(_full_runs)}"
    st.fragment(tick, run_every=every)(*args)


_full_runs = itertools.count()  # numbers the ticking fragments' names: one new name per full run


def rerun_once_when_done(job, kind: str) -> None:
    """Rerun the whole page once when ``job`` (of ``kind``: "train", "race" or "twin") has ended, so its buttons leave
    the running state and its results show."""
    if job.done and state.SHOWN[kind].get() is not job:
        state.SHOWN[kind].set(job)
        st.rerun()


def where_text(worker: dict) -> str:
    """Where a result was computed: in a worker process of this server, on a Ray worker (its node and process),
    or in the server process; and its peak memory where it was measured."""
    if worker.get("executor") == "ray":
        return tr("executor.where.ray", node=str(worker.get("node", "?"))[:8], pid=worker.get("pid"))
    if worker.get("executor") == "process":
        return " ".join(filter(None, (tr("executor.where.process", pid=worker.get("pid")), peak_text(worker))))
    return tr("executor.where.local", pid=worker.get("pid"))


def peak_text(worker: dict) -> str:
    """The peak memory a job measured against the share it was admitted with, or '' when not measured."""
    if worker.get("peak_mb") is None:
        return ""
    return tr("executor.peak", peak=f"{worker['peak_mb']:,.0f}", share=f"{worker.get('share_mb', 0):,.0f}")


def labels(prefix: str):
    """A format_func showing option ``v`` as the text of '<prefix>v', in the language of this run of the page."""
    current = lang()  # bound now: format_func may be called outside the script run (AppTest does)
    return lambda value: t(f"{prefix}{value}", current)


def keep_choice(key: str, options: list, default) -> None:
    """Re-assert a selectbox's value before drawing it: after a language switch the browser still holds the old
    label, which names no option any more; a value set here is sent back with the new labels."""
    value = state.widget(key, default)
    state.set_widget(key, value if value in options else default)


def bounds(setting: str) -> dict:
    """min_value, max_value, step and format of a slider or number input for ``setting``, from the config's one
    table of bounds, so the widget shows every value a link or a saved run may carry."""
    limits = BOUNDS[setting]
    shown = {"format": limits.format} if limits.format else {}
    return {"min_value": limits.low, "max_value": limits.high, "step": limits.step, **shown}


def switch_to_train(preset: str | None = None, query: dict | None = None) -> None:
    """Open Build & Train with a preset (or explicit settings) in the URL."""
    params = dict(query or {})
    if preset:
        params["preset"] = preset
    st.switch_page("pages/train.py", query_params={**params, **url_extras()})


# once per server process: Streamlit settings a shared classroom server needs (pages/server.py)
server.skip_the_direct_run_check()  # first: leave_legacy_multipage_mode's rerun draws the first element
server.keep_other_sessions_keras_state()
server.deliver_each_run_before_the_next_fragment()
server.leave_legacy_multipage_mode()  # last: on a fresh server it reruns
