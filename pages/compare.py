"""Compare: a fair optimizer race, optimizer paths on 2-D surfaces, and the run history with twin runs.

Session-state keys of this page: "race_job" (this session's RaceJob), "twin_job" (its TwinJob), "paths" (the
last drawn optimizer paths), "runs_flash" (a message to show after a rename or delete).
"""

import pandas as pd
import streamlit as st

from dnn_core.charts.compare import METRICS, race_figure, runs_figure, twin_figure
from dnn_core.compare import (DEFAULT_LR, MAX_CONTESTANTS, MIN_CONTESTANTS, TWIN_SETTINGS, RaceJob, TwinJob,
                              differences, filter_runs, training_images, twin_config)
from dnn_core.config import ACTIVATIONS, FIELD_NAMES, MAX_EPOCHS, OPTIMIZERS, ExperimentConfig, format_value
from dnn_core.i18n import t
from pages import ui

RACE_DEFAULT = ["sgd", "momentum", "rmsprop", "adam"]
COURSE = "course"  # the twin base that is not a stored run: the course model, trained first
NUMERIC_COLUMNS = ("lr", "epochs", "test_accuracy", "seconds", "parent_id")


def reason(exc: Exception) -> str:
    """A translated message for a RunStoreError (key/params), else the exception's own text."""
    return ui.tr(exc.key, **exc.params) if hasattr(exc, "key") else str(exc)


def labels(prefix: str):
    """A format_func showing option ``v`` as the text of '<prefix>v', in the language of this run of the page."""
    lang = ui.lang()  # bound now: format_func may be called outside the script run (AppTest does)
    return lambda value: t(f"{prefix}{value}", lang)


# ---- optimizer race --------------------------------------------------------------------------------------------

def race_config() -> tuple[ExperimentConfig, bool]:
    """The network to race: Build & Train's config (else the course model on the sample), with the link's settings."""
    config = st.session_state.get("config")
    from_session = config is not None
    config = config or ExperimentConfig(dataset="mnist_sample")
    for name in (n for n in FIELD_NAMES if n in st.query_params):
        try:
            config = config.replace(**{name: st.query_params[name]})
        except ValueError as exc:
            st.warning(ui.tr("compare.bad_param", param=name, reason=exc), icon=":material/warning:")
    return config, from_session


def race_inputs(config: ExperimentConfig) -> tuple[dict, int, float]:
    """Optimizers with their learning rates, epochs and target accuracy."""
    chosen = st.multiselect(ui.tr("compare.race.optimizers"), OPTIMIZERS, default=RACE_DEFAULT,
                            key="race_optimizers", format_func=labels("optimizer."), max_selections=MAX_CONTESTANTS,
                            placeholder=ui.tr("compare.race.placeholder"))
    columns = st.columns(4)
    rates = {name: columns[i % 4].number_input(ui.tr("compare.race.lr", optimizer=name), 1e-6, 10.0, DEFAULT_LR[name],
                                               format="%g", key=f"race_lr_{name}") for i, name in enumerate(chosen)}
    left, right = st.columns(2)
    epochs = left.number_input(ui.tr("compare.race.epochs"), 1, MAX_EPOCHS, config.epochs, key="race_epochs")
    target = right.slider(ui.tr("compare.race.target"), 50, 99, 90, key="race_target")
    return rates, int(epochs), target / 100


def race_tab() -> None:
    config, from_session = race_config()
    st.caption(ui.tr("compare.race.intro"))
    network = f"{format_value(config.layers)} {config.activation}, {ui.tr('compare.setting.dropout')} " \
        f"{config.dropout:g}" + (f", {ui.tr('compare.setting.batch_norm')}" if config.batch_norm else "")
    source = ui.tr("compare.race.from_session" if from_session else "compare.race.from_default")
    st.markdown(ui.tr("compare.race.network", network=network, dataset=config.dataset,
                      images=f"{training_images(config):,}", batch_size=config.batch_size) + " " + source)
    rates, epochs, target = race_inputs(config)

    job = st.session_state.get("race_job")
    running = job is not None and not job.done
    start_col, stop_col, _ = st.columns([1, 1, 4])
    enough = MIN_CONTESTANTS <= len(rates) <= MAX_CONTESTANTS
    if start_col.button(ui.tr("compare.race.start"), key="race_start", type="primary", disabled=running or not enough,
                        width="stretch"):
        try:
            job = RaceJob(config.replace(epochs=epochs), rates, target_accuracy=target, abandon_after=600).start()
        except ValueError as exc:
            st.error(ui.tr("compare.race.invalid", reason=exc))
        else:
            st.session_state["race_job"] = job
            st.rerun()  # redraw the buttons in their running state
    if stop_col.button(ui.tr("compare.race.stop"), key="race_stop", disabled=not running, width="stretch"):
        job.stop()
    if not enough:
        st.info(ui.tr("compare.race.pick"))
    st.fragment(race_live, run_every=1.0 if running else None)()


def race_live() -> None:
    """Progress and overlaid curves of the race; once it ends, the table with the winner."""
    job = st.session_state.get("race_job")
    if job is None:
        st.info(ui.tr("compare.race.press_start"))
        return
    snap, result = job.snapshot(), job.result
    progress = snap["progress"]
    if snap["state"] == "queued":
        st.info(ui.tr("compare.race.queued", position=snap["queue_position"] or 1), icon=":material/hourglass_top:")
    elif not job.done:
        st.progress(progress.get("progress", 0.0), text=ui.tr(
            "compare.race.progress", epoch=progress.get("epoch", 1), epochs=job.config.epochs,
            batch=progress.get("batch", 0), batches=progress.get("batches", "…"),
            seconds=f"{progress.get('elapsed', 0.0):.0f}") if progress else ui.tr("compare.race.starting"))
    if job.done and st.session_state.get("race_shown") is not job:
        st.session_state["race_shown"] = job
        st.rerun()  # the whole page: buttons back to idle
    x = st.radio(ui.tr("compare.race.x_axis"), ["epoch", "seconds"], horizontal=True, key="race_x",
                 format_func=labels("compare.chart.x."))
    optimizers = {c.name: c.optimizer for c in job.contestants}
    winner = result.winner if result is not None else None
    for column, metric in zip(st.columns(2), ("val_accuracy", "loss")):
        column.plotly_chart(race_figure(snap["history"], snap["batch_history"], metric, x, ui.lang(), optimizers,
                                        winner, progress.get("batches")),
                            key=f"race_{metric}", config={"displayModeBar": False})
    st.caption(ui.tr("compare.race.clock_note"))
    if job.state == "failed":
        st.error(ui.tr("compare.race.failed", error=job.error))
    elif result is not None:
        race_results(result)


def race_results(result) -> None:
    if result.notice:
        st.warning(ui.tr(result.notice.key, **result.notice.params), icon=":material/inventory_2:")
    best = result.table.iloc[0]
    st.success(ui.tr("compare.race.winner", name=result.winner, accuracy=f"{100 * best['final_val_accuracy']:.1f}"),
               icon=":material/trophy:")
    if result.stopped:
        st.info(ui.tr("compare.race.stopped"))
    target = f"{100 * result.target_accuracy:g}" if result.target_accuracy else "–"
    # the trophy goes next to the winner's name: a separate column would not fit a projector's width
    table = result.table.drop(columns=["optimizer", "winner"]).assign(contestant=[
        f"🏆 {name}" if won else name for name, won in zip(result.table["contestant"], result.table["winner"])])
    percent = {c: st.column_config.NumberColumn(ui.tr(f"compare.col.{c}"), format="percent")
               for c in ("final_val_accuracy", "best_val_accuracy")}
    st.dataframe(table, hide_index=True, width="stretch", key="race_table", column_config={
        **{c: ui.tr(f"compare.col.{c}", target=target) for c in table.columns}, **percent,
        "lr": st.column_config.NumberColumn(ui.tr("compare.col.lr"), format="%g"),
        "final_loss": st.column_config.NumberColumn(ui.tr("compare.col.final_loss"), format="%.4f"),
        "epochs_to_target": st.column_config.NumberColumn(ui.tr("compare.col.epochs_to_target", target=target),
                                                          format="%.3g"),
        "seconds_to_target": st.column_config.NumberColumn(ui.tr("compare.col.seconds_to_target", target=target),
                                                           format="%.1f")})
    if result.store_error is not None:
        st.warning(ui.tr("compare.race.not_saved", reason=reason(result.store_error)), icon=":material/save:")
    elif result.run_id is not None:
        st.caption(ui.tr("compare.race.saved", run_id=result.run_id))


# ---- optimizer paths -------------------------------------------------------------------------------------------

def paths_tab() -> None:
    try:
        from dnn_core.charts.paths import paths_figure, paths_loss_figure
        from dnn_core.paths import MAX_STEPS, OPTIMIZER_CHOICES, SURFACES, optimizer_paths
    except ImportError:
        st.info(ui.tr("compare.paths.unavailable"))
        return
    st.caption(ui.tr("compare.paths.intro"))
    name = st.selectbox(ui.tr("compare.paths.surface"), list(SURFACES), key="paths_surface",
                        format_func=labels("paths.surface."))
    surface = SURFACES[name]
    x_col, y_col, steps_col = st.columns(3)
    x0 = x_col.number_input(ui.tr("compare.paths.start_x"), *surface.x_range, surface.start[0], format="%g",
                            key=f"paths_x_{name}")
    y0 = y_col.number_input(ui.tr("compare.paths.start_y"), *surface.y_range, surface.start[1], format="%g",
                            key=f"paths_y_{name}")
    steps = steps_col.number_input(ui.tr("compare.paths.steps"), 1, MAX_STEPS, surface.steps, key=f"paths_steps_{name}")
    chosen = st.multiselect(ui.tr("compare.paths.optimizers"), OPTIMIZER_CHOICES, default=RACE_DEFAULT,
                            key="paths_optimizers", format_func=labels("optimizer."),
                            placeholder=ui.tr("compare.race.placeholder"))
    auto_col, lr_col = st.columns(2, vertical_alignment="center")
    auto = auto_col.toggle(ui.tr("compare.paths.auto_lr"), value=True, key="paths_auto_lr")
    lr = None if auto else lr_col.number_input(ui.tr("compare.paths.lr"), 1e-5, 10.0, 0.01, format="%g",
                                                key="paths_lr")
    if st.button(ui.tr("compare.paths.run"), key="paths_run", type="primary", disabled=not chosen):
        try:
            st.session_state["paths"] = (name, optimizer_paths(name, chosen, (x0, y0), lr, int(steps)))
        except ValueError as exc:
            st.error(ui.tr("compare.paths.invalid", reason=exc))
    drawn = st.session_state.get("paths")
    if not chosen:
        st.info(ui.tr("compare.paths.pick"))
    if drawn is None:
        st.info(ui.tr("compare.paths.press"))
        return
    st.plotly_chart(paths_figure(drawn[0], drawn[1], ui.lang()), key="paths_map")
    st.plotly_chart(paths_loss_figure(drawn[1], ui.lang()), key="paths_loss", config={"displayModeBar": False})


# ---- run history and twin runs ---------------------------------------------------------------------------------

def open_runs():
    """(store, runs table, error): the run store and its runs, or why they cannot be read."""
    try:
        from dnn_core.runs import LIST_COLUMNS, RunStore

        store = RunStore()
        return store, store.list_runs(), None
    except ImportError:
        return None, pd.DataFrame(columns=["id", "name", "kind", "status"]), None
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
        flash(ui.tr("compare.runs.action_failed", reason=reason(exc)))
    st.session_state["runs_new_name"] = ""


def delete_run(store, run_id: int) -> None:
    try:
        store.delete(run_id)
        flash(ui.tr("compare.runs.deleted", run_id=run_id))
    except Exception as exc:
        flash(ui.tr("compare.runs.action_failed", reason=reason(exc)))
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
                              format_func=labels("compare.metric."))
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
                                              key="twin_value_optimizer", format_func=labels("optimizer.")),
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
        st.error(ui.tr("compare.twin.invalid", reason=reason(exc)))
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
                                    format_func=labels("compare.setting."))
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
        st.error(ui.tr("compare.twin.failed", error=job.error))
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
        st.warning(ui.tr("compare.race.not_saved", reason=reason(error)), icon=":material/save:")


def history_tab() -> None:
    store, runs, error = open_runs()
    if error is not None:
        st.error(ui.tr("compare.runs.store_error", reason=reason(error)), icon=":material/database:")
    elif runs.empty:
        st.info(ui.tr("compare.runs.none"))
    else:
        runs_table(store, runs)
        runs_overlay(store, runs)
    st.divider()
    twin_section(store, runs)


# ---- the page --------------------------------------------------------------------------------------------------

st.title(ui.tr("compare.title"))
tabs = st.tabs([ui.tr("compare.tab.race"), ui.tr("compare.tab.paths"), ui.tr("compare.tab.history")],
               key="compare_tab", on_change="rerun")  # only the open tab runs
for tab, render in zip(tabs, (race_tab, paths_tab, history_tab)):
    if tab.open:
        with tab:
            render()
