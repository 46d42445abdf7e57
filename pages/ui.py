"""Small UI helpers shared by the pages: language, translated text, the sidebar status.

Session-state keys (one home for per-user state):
  "lang"    the UI language ("en" or "zh-TW")
  "config"  the ExperimentConfig being edited on Build & Train
  "job"     this session's current or last TrainingJob (None before the first Train)
  "result"  the TrainingResult of this session's last finished training (model, histories, metrics)
  "run_id"  the runs-database id of that result, when it was saved
  "student" this session's name for the Class board ('' = anonymous), from ?name= or the sidebar field
  "teacher_key"  the teacher key this session unlocked the Class page's teacher section with (checked on every use)
  "session_id"   this browser session's own id: the owner of its jobs and of its wrong teacher keys
  "busy"    the live job (a job_registry.Owned) that refused this session's last Train, race or twin run
"""

from __future__ import annotations

import itertools
import uuid

import streamlit as st

from dnn_core.classroom.board import clean_name
from dnn_core.engine.config import BOUNDS
from dnn_core.errors import PeopleError, in_language
from dnn_core.i18n import LANG_NAMES, LANGS, normalize_lang, t
from pages import server


def init_lang() -> str:
    """The session's language: ?lang= on first load, then whatever the switch says; kept in the URL."""
    if "lang" not in st.session_state:
        st.session_state["lang"] = normalize_lang(st.query_params.get("lang"))
    elif "lang" in st.query_params and normalize_lang(st.query_params["lang"]) != st.session_state["lang"]:
        st.session_state["lang"] = normalize_lang(st.query_params["lang"])
    return st.session_state["lang"]


def lang() -> str:
    """This session's language."""
    return st.session_state.get("lang", "en")


def tr(key: str, **params) -> str:
    """The text for ``key`` in this session's language (a PeopleError parameter, such as a reason, too)."""
    return t(key, lang(), **in_language(params, lang()))


def keep_lang_in_url() -> None:
    """Put ?lang= back in the URL (page switches clear the query string) so a shared link keeps it."""
    if lang() != "en":
        st.query_params["lang"] = lang()
    elif "lang" in st.query_params:
        del st.query_params["lang"]


def session_id() -> str:
    """This browser session's id, made on its first run (a reload is a new session)."""
    if "session_id" not in st.session_state:
        st.session_state["session_id"] = uuid.uuid4().hex
    return st.session_state["session_id"]


def init_name() -> str:
    """The session's name: ?name= on first load or when a link brings a new one, then the sidebar field's."""
    if "student" not in st.session_state or ("name" in st.query_params
                                              and clean_name(st.query_params["name"]) != st.session_state["student"]):
        st.session_state["student"] = clean_name(st.query_params.get("name", ""))
    return st.session_state["student"]


def name() -> str:
    """This session's name ('' = anonymous)."""
    return st.session_state.get("student", "")


def url_extras() -> dict[str, str]:
    """The UI parameters every page keeps in its URL: ?lang= (unless English) and ?name= (unless anonymous)."""
    return {**({"lang": lang()} if lang() != "en" else {}), **({"name": name()} if name() else {})}


def keep_name_in_url() -> None:
    """Put ?name= back in the URL after a page switch, so a reload or a copied link keeps the name."""
    if name():
        st.query_params["name"] = name()
    elif "name" in st.query_params:
        del st.query_params["name"]


def name_field() -> None:
    """The sidebar's "Your name" field; what is kept is trimmed to plain text of at most 40 characters."""
    def changed() -> None:
        st.session_state["student"] = clean_name(st.session_state["name_field"])
        st.session_state["name_field"] = st.session_state["student"]
        keep_name_in_url()

    st.session_state["name_field"] = name()
    st.sidebar.text_input(tr("name.label"), key="name_field", max_chars=40, on_change=changed,
                          placeholder=tr("name.placeholder"), help=tr("name.help"))


def language_switch() -> None:
    """A sidebar selector that changes the UI language for this session."""
    def changed() -> None:
        st.session_state["lang"] = st.session_state["lang_switch"]
        st.query_params["lang"] = st.session_state["lang"]

    st.session_state["lang_switch"] = lang()
    st.sidebar.selectbox(tr("sidebar.language"), LANGS, key="lang_switch",
                         format_func=LANG_NAMES.get, on_change=changed)


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


def rerun_once_when_done(job, key: str) -> None:
    """Rerun the whole page once when ``job`` has ended, so its buttons leave the running state and its results
    show; ``key`` remembers, per page, the job already shown."""
    if job.done and st.session_state.get(key) is not job:
        st.session_state[key] = job
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
    value = st.session_state.get(key, default)
    st.session_state[key] = value if value in options else default


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
