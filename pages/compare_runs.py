"""Compare, the run history tab: the runs table, overlaid curves and twin runs.

Session-state keys: "twin_job" (this session's TwinJob), "runs_flash" (a message to show after a rename or delete).
"""

import pandas as pd
import streamlit as st

from dnn_core.charts.compare import METRICS, runs_figure, twin_figure
from dnn_core.config import ACTIVATIONS, OPTIMIZERS, ExperimentConfig, format_value
from dnn_core.runs import filter_runs
from dnn_core.twins import TWIN_SETTINGS, TwinJob, differences, twin_config
from pages import ui

COURSE = "course"  # the twin base that is not a stored run: the course model, trained first
NUMERIC_COLUMNS = ("lr", "epochs", "test_accuracy", "seconds", "parent_id")


def open_runs():
    """(store, runs table, error): the run store and its runs, or why they cannot be read."""
    from dnn_core.runs import LIST_COLUMNS, RunStore

    try:
        store = RunStore()
        return store, store.list_runs(), None
    except Exception as exc:  # a damaged or newer database: say so, keep the rest of the page
        return None, pd.DataFrame(columns=LIST_COLUMNS), exc


def run_label(runs, run_id) -> str:
    name = runs.loc[runs["id"] == run_id, "name"].iloc[0] if (runs["id"] == run_id).any() else ""
    return name if name.startswith(f"#{run_id}") else f"#{run_id} {name}"


def flash(text: str) -> None:
    st.session_state["runs_flash"] = text


def rename_run(store, run_id: int) -> None:
    try:
        store.rename(run_id, st.session_state["runs_new_name"])
        flash(ui.tr("compare.runs.renamed", run_id=run_id))
    except Exception as exc:
        flash(ui.tr("compare.runs.action_failed", reason=ui.error_text(exc)))
    st.session_state["runs_new_name"] = ""


def delete_run(store, run_id: int) -> None:
    try:
        store.delete(run_id)
        flash(ui.tr("compare.runs.deleted", run_id=run_id))
    except Exception as exc:
        flash(ui.tr("compare.runs.action_failed", reason=ui.error_text(exc)))
    st.session_state["runs_confirm"] = False


def runs_table(store, runs) -> None:
    if "runs_flash" in st.session_state:
        st.toast(st.session_state.pop("runs_flash"))
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
        st.text_input(ui.tr("compare.runs.new_name"), key="runs_new_name")
        rename_col, confirm_col, delete_col = st.columns(3)
        rename_col.button(ui.tr("compare.runs.rename"), key="runs_rename", on_click=rename_run, args=(store, run_id),
                          disabled=run_id is None or not st.session_state["runs_new_name"].strip())
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


# a widget for the new value of each twin setting, starting at a value that differs from the run's:
# (column, the run's config) -> value
TWIN_INPUTS = {
    "dropout": lambda col, c: col.slider(ui.tr("compare.twin.value"), 0.0, 0.9, 0.0 if c.dropout else 0.2, 0.05,
                                         key="twin_value_dropout"),
    "batch_norm": lambda col, c: col.toggle(ui.tr("compare.setting.batch_norm"), not c.batch_norm,
                                            key="twin_value_batch_norm"),
    "optimizer": lambda col, c: col.selectbox(ui.tr("compare.twin.value"), OPTIMIZERS,
                                              OPTIMIZERS.index("sgd" if c.optimizer != "sgd" else "adam"),
                                              key="twin_value_optimizer", format_func=ui.labels("optimizer.")),
    "lr": lambda col, c: col.number_input(ui.tr("compare.twin.value"), 1e-6, 10.0, min(10.0, c.lr * 10), format="%g",
                                          key="twin_value_lr"),
    "layers": lambda col, c: col.text_input(ui.tr("compare.twin.value"), format_value(tuple(2 * w for w in c.layers)),
                                            key="twin_value_layers"),
    "activation": lambda col, c: col.selectbox(ui.tr("compare.twin.value"), ACTIVATIONS,
                                               ACTIVATIONS.index("sigmoid" if c.activation != "sigmoid" else "relu"),
                                               key="twin_value_activation"),
}


def twin_base(store, runs):
    """(config, run id, history, test accuracy) of the run to twin; the course model (not trained yet) has no id."""
    candidates = runs[runs["kind"].isin(["train", "twin"]) & runs["status"].isin(["finished", "stopped"])]
    course = ui.tr("compare.twin.course")
    choice = st.selectbox(ui.tr("compare.twin.base"), [*candidates["id"], COURSE], key="twin_base",
                          format_func=lambda o: course if o == COURSE else run_label(runs, o))
    if choice == COURSE or store is None:
        from dnn_core.presets import preset_config

        return preset_config("course", st.session_state.get("config") or ExperimentConfig(dataset="mnist_sample")), \
            None, None, None
    try:
        run = store.get_run(int(choice))
        return ExperimentConfig.from_dict(run.config), run.id, run.history, run.metrics.get("test_accuracy")
    except Exception as exc:  # a deleted run or a config this version cannot read
        st.error(ui.tr("compare.twin.invalid", reason=ui.error_text(exc)))
        return None


def start_twin(base, setting: str, value) -> None:
    config, run_id, history, accuracy = base
    try:
        twin = twin_config(config, setting, value)
    except ValueError as exc:
        st.error(ui.tr("compare.twin.invalid", reason=exc))
        return
    st.session_state["twin_job"] = TwinJob(config, twin, base_run_id=run_id, base_history=history,
                                           base_test_accuracy=accuracy, abandon_after=600).start()
    st.rerun()


def twin_section(store, runs) -> None:
    st.subheader(ui.tr("compare.twin.title"))
    st.caption(ui.tr("compare.twin.intro"))
    base = twin_base(store, runs)
    job = st.session_state.get("twin_job")
    blocked = base is None or (job is not None and not job.done)
    dropout_col, batch_norm_col = st.columns(2)
    if dropout_col.button(ui.tr("compare.twin.toggle_dropout"), key="twin_dropout", type="primary",
                          disabled=blocked, width="stretch"):
        start_twin(base, "dropout", None)
    if batch_norm_col.button(ui.tr("compare.twin.toggle_batch_norm"), key="twin_batch_norm", disabled=blocked,
                             width="stretch"):
        start_twin(base, "batch_norm", None)
    setting_col, value_col, start_col = st.columns([2, 2, 1], vertical_alignment="bottom")
    setting = setting_col.selectbox(ui.tr("compare.twin.setting"), TWIN_SETTINGS, key="twin_setting",
                                    format_func=ui.labels("compare.setting."))
    value = TWIN_INPUTS[setting](value_col, base[0]) if base else None
    if start_col.button(ui.tr("compare.twin.start"), key="twin_start", disabled=blocked, width="stretch"):
        start_twin(base, setting, value)
    st.fragment(twin_live, run_every=1.0 if job is not None and not job.done else None)()


def change_text(setting: str, old: str, new: str) -> str:
    """'dropout 0.2 → 0'."""
    return f"{ui.tr(f'compare.setting.{setting}')} {old} → {new}"


def side_label(who: str, changes: list, index: int) -> str:
    """'run · dropout 0.2' or 'twin · dropout 0': which side, and its value of what differs."""
    values = ", ".join(f"{ui.tr(f'compare.setting.{setting}')} {pair[index]}" for setting, *pair in changes)
    return f"{ui.tr(f'compare.twin.label.{who}')} · {values}"


def twin_live() -> None:
    """Progress of the twin job, then the run and its twin overlaid, with the difference spelled out."""
    job = st.session_state.get("twin_job")
    if job is None:
        return
    snap, result = job.snapshot(), job.result
    training = snap["training"] or {}
    if not job.done:
        progress = training.get("progress", {})
        if training.get("state") == "queued":
            st.info(ui.tr("compare.twin.queued", position=training["queue_position"] or 1))
        else:
            st.progress(progress.get("progress", 0.0), text=ui.tr(
                f"compare.twin.phase.{snap['phase']}", epoch=progress.get("epoch", 1), epochs=job.twin_config.epochs))
        st.button(ui.tr("compare.twin.stop"), key="twin_stop", on_click=job.stop)
    if job.done and st.session_state.get("twin_shown") is not job:
        st.session_state["twin_shown"] = job
        st.rerun()
    if job.state == "failed":
        st.error(ui.tr("compare.twin.failed", error=ui.failure_text(job)))
    changes = differences(job.base_config, job.twin_config)
    st.markdown(ui.tr("compare.twin.difference", changes=", ".join(change_text(*c) for c in changes)))
    twin_history = result.twin_history if result else training.get("history") if snap["phase"] == "twin" else None
    if snap["base_history"] is not None:
        labels = [side_label(who, changes, i) for i, who in enumerate(("base", "twin"))]
        st.plotly_chart(twin_figure(snap["base_history"], twin_history, *labels, ui.lang()), key="twin_chart")
    if result is not None and result.twin_test_accuracy is not None and result.base_test_accuracy is not None:
        st.markdown(ui.tr("compare.twin.accuracy", base=f"{100 * result.base_test_accuracy:.2f}",
                          twin=f"{100 * result.twin_test_accuracy:.2f}"))
    if result is not None and result.stopped:
        st.info(ui.tr("compare.twin.stopped"))
    for error in result.save_errors if result else []:
        st.warning(ui.tr("compare.race.not_saved", reason=ui.error_text(error)), icon=":material/save:")


def history_tab() -> None:
    store, runs, error = open_runs()
    if error is not None:
        st.error(ui.tr("compare.runs.store_error", reason=ui.error_text(error)), icon=":material/database:")
    elif runs.empty:
        st.info(ui.tr("compare.runs.none"))
    else:
        runs_table(store, runs)
        runs_overlay(store, runs)
    st.divider()
    twin_section(store, runs)
