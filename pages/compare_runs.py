"""Compare, the run history tab: the runs table, overlaid curves, and twin runs below them (``compare_twins``).

Keeps ``state.RUNS_FLASH`` (a message to show after a rename or delete).
"""

import pandas as pd
import streamlit as st

from dnn_core.charts.compare import METRICS, runs_figure
from dnn_core.runs import LIST_COLUMNS, RunStore, filter_runs, run_label
from pages import state, ui
from pages.compare_twins import twin_section

NUMERIC_COLUMNS = ("lr", "epochs", "test_accuracy", "seconds", "parent_id")


def open_runs():
    """(store, runs table, error): the run store and its runs, or why they cannot be read."""
    try:
        store = RunStore()
        return store, store.list_runs(), None
    except Exception as exc:  # a damaged or newer database: say so, keep the rest of the page
        return None, pd.DataFrame(columns=LIST_COLUMNS), exc


def flash(text: str) -> None:
    state.RUNS_FLASH.set(text)


def rename_run(store, run_id: int) -> None:
    try:
        store.rename(run_id, state.widget("runs_new_name", ""))
        flash(ui.tr("compare.runs.renamed", run_id=run_id))
    except Exception as exc:
        flash(ui.tr("compare.runs.action_failed", reason=ui.error_text(exc)))
    state.set_widget("runs_new_name", "")


def delete_run(store, run_id: int) -> None:
    try:
        store.delete(run_id)
        flash(ui.tr("compare.runs.deleted", run_id=run_id))
    except Exception as exc:
        flash(ui.tr("compare.runs.action_failed", reason=ui.error_text(exc)))
    state.set_widget("runs_confirm", False)


def runs_table(store, runs) -> None:
    if state.RUNS_FLASH.present():
        st.toast(state.RUNS_FLASH.pop())
    shown = filter_runs(runs, st.text_input(ui.tr("compare.runs.filter"), key="runs_filter"))
    st.caption(ui.tr("compare.runs.count", shown=len(shown), total=len(runs)))
    display = shown.assign(kind=shown["kind"].map(lambda k: ui.tr(f"runs.kind.{k}")),
                           status=shown["status"].map(lambda s: ui.tr(f"runs.status.{s}")),
                           # a race has no single lr or test accuracy: show an empty cell, not "None"
                           **{c: pd.to_numeric(shown[c], errors="coerce") for c in NUMERIC_COLUMNS if c in shown})
    st.dataframe(display, hide_index=True, width="stretch", key="runs_list", column_config={
        **{c: ui.tr(f"runs.column.{c}") for c in display.columns},
        "test_accuracy": st.column_config.NumberColumn(ui.tr("runs.column.test_accuracy"), format="percent"),
        "seconds": st.column_config.NumberColumn(ui.tr("runs.column.seconds"), format="%.1f")})
    with st.expander(ui.tr("compare.runs.manage")):
        run_id = st.selectbox(ui.tr("compare.runs.pick"), shown["id"], key="runs_pick",
                              format_func=lambda i: run_label(runs, i))
        new_name = st.text_input(ui.tr("compare.runs.new_name"), key="runs_new_name")
        rename_col, confirm_col, delete_col = st.columns(3)
        rename_col.button(ui.tr("compare.runs.rename"), key="runs_rename", on_click=rename_run, args=(store, run_id),
                          disabled=run_id is None or not new_name.strip())
        confirm = confirm_col.checkbox(ui.tr("compare.runs.confirm"), key="runs_confirm")
        delete_col.button(ui.tr("compare.runs.delete"), key="runs_delete", on_click=delete_run, args=(store, run_id),
                          disabled=run_id is None or not confirm)


def runs_overlay(store, runs) -> None:
    st.subheader(ui.tr("compare.runs.overlay"))
    selected = st.multiselect(ui.tr("compare.runs.select"), runs["id"], key="runs_overlay",
                              format_func=lambda i: run_label(runs, i),
                              placeholder=ui.tr("compare.runs.placeholder"))
    metric_col, smooth_col = st.columns([3, 2])
    metric = metric_col.radio(ui.tr("compare.runs.metric"), METRICS, horizontal=True, key="runs_metric",
                              format_func=ui.labels("compare.metric."))
    smoothing = smooth_col.slider(ui.tr("compare.runs.smoothing"), 0.0, 0.95, 0.0, 0.05, key="runs_smoothing")
    if not selected:
        st.info(ui.tr("compare.runs.pick_overlay"))
        return
    histories = store.histories(selected)
    if histories.empty:
        st.info(ui.tr("compare.runs.no_history"))
        return
    st.plotly_chart(runs_figure(histories, metric, ui.lang(), smoothing), key="runs_chart")
    st.download_button(ui.tr("compare.runs.download"), histories.to_csv(index=False), key="runs_csv",
                       file_name="dnn-playground-histories.csv", mime="text/csv")


def history_tab() -> None:
    store, runs, error = open_runs()
    twin_first = state.TWIN_PRESET.present()  # a preset (Dense vs CNN) opened this tab for its twin run
    if twin_first:
        twin_section(store, runs)
        st.divider()
    if error is not None:
        st.error(ui.tr("compare.runs.store_error", reason=ui.error_text(error)), icon=":material/database:")
    elif runs.empty:
        st.info(ui.tr("compare.runs.none"))
    else:
        runs_table(store, runs)
        runs_overlay(store, runs)
    if not twin_first:
        st.divider()
        twin_section(store, runs)
