"""Inspect, which model: this session's or a saved run's, with its bundle (evaluated where it was trained, or for a
saved run on a worker when first asked: never in this process).

Keeps ``state.INSPECT_CACHE`` = {source: {"result", "inspection", "figures"}} in session state so the bundle is fetched
once per model, not on every click. A saved run's entry is one per server (``saved_entry``), shared by every session
that inspects it, without its model: the model is loaded (``state.INSPECT_MODELS`` = {source: model}) only in a session
that needs it (a CNN's feature maps), so a class browsing Inspect costs the server one bundle and one set of figures
per run.
"""

import threading

import plotly.graph_objects as go
import streamlit as st

from dnn_core import runs
from dnn_core.running.served import KEPT_INSPECTIONS, inspection_of
from pages import state, ui


def sources() -> dict[str, str]:
    """id -> label of the models to inspect: this session's (if any), then the saved runs."""
    found = {"session": ui.tr("inspect.source.session")} if state.latest_result() is not None else {}
    saved = runs.inspectable_runs().itertuples()
    return found | {f"run:{r.id}": ui.tr("inspect.source.run", name=r.name) for r in saved
                    if r.id != state.latest_run_id()}  # the session's own run is already the first choice


def saved_inspection(run_id: int, result):
    """A saved run's bundle, made on a worker from its own model file and kept for every session of this server."""
    def model_file() -> bytes:
        return runs.RunStore().get_run(run_id).model_path.read_bytes()

    return inspection_of(result, (str(runs.default_db_path()), run_id), model_file)


@st.cache_resource(max_entries=KEPT_INSPECTIONS, show_spinner=False)
def saved_entry(db: str, run_id: int) -> dict:
    """A saved run's settings, records and bundle, without its model, and room for its figures: one per server (a
    saved run never changes). Raises RunStoreError (a deleted run) or JobError (its worker was lost); not kept."""
    result = runs.result_from_run(runs.RunStore(db).get_run(run_id), None)
    return {"result": result, "inspection": saved_inspection(run_id, result), "run_id": run_id}


def _new_entry(source: str) -> dict:
    """The session model's entry, or a saved run's shared one; a page-stopping sentence when it cannot be had."""
    if source != "session":
        try:
            return saved_entry(str(runs.default_db_path()), int(source[4:]))
        except Exception as exc:  # a deleted run, its worker lost: say which, keep the page
            st.error(ui.tr("inspect.run_error", id=source[4:], reason=ui.error_text(exc)))
            st.stop()
    result = state.latest_result()
    try:
        return {"result": result, "inspection": inspection_of(result)}
    except Exception as exc:  # its worker was lost (memory): say so, keep the page
        st.error(ui.tr("inspect.bundle_error", reason=ui.error_text(exc)))
        st.stop()


def inspection(source: str) -> dict:
    """The chosen model and its inspection, computed on first use and kept in session state."""
    cache = state.INSPECT_CACHE.kept()
    entry = cache.get(source)
    if entry is None or (source == "session" and entry["result"] is not state.latest_result()):
        with st.spinner(ui.tr("inspect.computing")):
            entry = _new_entry(source)
        # keep only the session model's entry and the current one: each holds test outputs (the session's a model)
        state.INSPECT_CACHE.set({k: v for k, v in cache.items() if k == "session"} | {source: entry})
    return entry


def model(source: str, entry: dict):
    """The model itself, for what only it can show (a CNN's feature maps): a saved run's is loaded in this session
    when first needed, never shared with another session."""
    if source == "session":
        return entry["result"].model
    models = state.INSPECT_MODELS.get()
    if source not in models:
        models = {source: runs.RunStore().load_model(entry["run_id"])}
        state.INSPECT_MODELS.set(models)
    return models[source]


def model_file(source: str, entry: dict):
    """For the model download: a saved run's own .keras file (read on click), None for the session's model."""
    if source == "session":
        return None
    return lambda: runs.RunStore().get_run(entry["run_id"]).model_path.read_bytes()


def charts_of(entry: dict, lang: str):
    """chart(name, make, *args): the figure (or images) ``make(*args)``, built once per model, language and name and
    kept with the model's entry (building Inspect's figures was most of the CPU a redraw cost the server).

    A saved run's entry is shared by every session, and a class's visitors open a new run's Inspect together: without
    the entry's lock each built every figure itself (six Inspect runs of 12 to 19 s at once, each with 0.4 to 1.1 s of
    CPU, in benchmarks/classroom_load.py's ``slowest_script_runs``). With it the first builds and the others wait for
    its figures.
    """
    figures = entry.setdefault("figures", {})
    building = entry.setdefault("figures_lock", threading.Lock())  # one call under the interpreter lock: one Lock

    def chart(name: str, make, *args):
        if (name, lang) not in figures:
            with building:
                if (name, lang) not in figures:  # not built by the session that held the lock meanwhile
                    figures[name, lang] = pinned(make(*args))
        return figures[name, lang]

    return chart


def pinned(made):
    """A kept figure with its dict made once. ``st.plotly_chart`` turns a figure into a dict on every draw (a deep
    copy, its arrays to base64): 0.2 to 0.3 CPU-seconds of an Inspect redraw here, for figures that never change."""
    if isinstance(made, go.Figure):
        as_dict = made.to_dict()
        made.to_dict = lambda: as_dict  # plotly lets an instance override its own method
    return made
