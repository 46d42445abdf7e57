"""Inspect, which model: this session's or a saved run's, with its bundle (evaluated where it was trained, or for a
saved run on a worker when first asked: never in this process).

Keeps "inspect_cache" = {source: {"result", "inspection"}} in session state so the bundle is fetched once per
model, not on every click.
"""

import streamlit as st

from dnn_core import runs
from dnn_core.served import inspection_of
from pages import ui


def sources() -> dict[str, str]:
    """id -> label of the models to inspect: this session's (if any), then the saved runs."""
    found = {"session": ui.tr("inspect.source.session")} if st.session_state.get("result") is not None else {}
    saved = runs.inspectable_runs().itertuples()
    return found | {f"run:{r.id}": ui.tr("inspect.source.run", name=r.name) for r in saved
                    if r.id != st.session_state.get("run_id")}  # the session's own run is already the first choice


def saved_inspection(run_id: int, result):
    """A saved run's bundle, made on a worker from its own model file and kept for every session of this server."""
    def model_file() -> bytes:
        return runs.RunStore().get_run(run_id).model_path.read_bytes()

    return inspection_of(result, (str(runs.default_db_path()), run_id), model_file)


def inspection(source: str) -> dict:
    """The chosen model and its inspection, computed on first use and kept in session state."""
    cache = st.session_state.setdefault("inspect_cache", {})
    entry = cache.get(source)
    if entry is None or (source == "session" and entry["result"] is not st.session_state.get("result")):
        with st.spinner(ui.tr("inspect.computing")):
            try:
                result = st.session_state["result"] if source == "session" else runs.load_run(int(source[4:]))
            except Exception as exc:  # a deleted run, a missing or damaged model file: say which, keep the page
                st.error(ui.tr("inspect.run_error", id=source[4:], reason=ui.error_text(exc)))
                st.stop()
            try:
                found = inspection_of(result) if source == "session" else saved_inspection(int(source[4:]), result)
            except Exception as exc:  # its worker was lost (memory): say so, keep the page
                st.error(ui.tr("inspect.bundle_error", reason=ui.error_text(exc)))
                st.stop()
            entry = {"result": result, "inspection": found}
        # keep only the session model's entry and the current one: each holds a model and its test outputs
        st.session_state["inspect_cache"] = {k: v for k, v in cache.items() if k == "session"} | {source: entry}
    return entry


def charts_of(entry: dict, lang: str):
    """chart(name, make, *args): the figure ``make(*args)``, built once per model, language and name and kept with
    the model's entry (building Inspect's figures was most of the CPU a redraw cost the server)."""
    figures = entry.setdefault("figures", {})

    def chart(name: str, make, *args):
        if (name, lang) not in figures:
            figures[name, lang] = make(*args)
        return figures[name, lang]

    return chart
