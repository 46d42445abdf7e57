"""Compare, twin runs: a run trained again with one setting changed, both curves overlaid.

This session's twin job is ``state.JOBS["twin"]``.
"""

import streamlit as st

from dnn_core.charts.compare import twin_figure
from dnn_core.engine.class_training import CLASS_SHARES, LESSON_SHARE
from dnn_core.engine.config import ACTIVATIONS, MAX_LR, OPTIMIZER_NAMES, ExperimentConfig, format_value
from dnn_core.engine.twins import TWIN_SETTINGS, differences, twin_config, wider_layers
from dnn_core.running.jobs import abandon_after
from dnn_core.running.work_jobs import TwinJob
from dnn_core.runs import run_label
from pages import job_link, job_queue, state, train_digits, ui
from pages.compare_preset import COURSE, preset_note

# a widget for the new value of each twin setting, starting at a value that differs from the run's:
# (column, the run's config) -> value
TWIN_INPUTS = {
    "dropout": lambda col, c: col.slider(ui.tr("compare.twin.value"), value=0.0 if c.dropout else 0.2,
                                         key="twin_value_dropout", **ui.bounds("dropout")),
    "batch_norm": lambda col, c: col.toggle(ui.tr("compare.setting.batch_norm"), not c.batch_norm,
                                            key="twin_value_batch_norm"),
    "optimizer": lambda col, c: col.selectbox(ui.tr("compare.twin.value"), OPTIMIZER_NAMES,
                                              OPTIMIZER_NAMES.index("sgd" if c.optimizer != "sgd" else "adam"),
                                              key="twin_value_optimizer", format_func=ui.labels("optimizer.")),
    "lr": lambda col, c: col.number_input(ui.tr("compare.twin.value"), value=min(MAX_LR, c.lr * 10),
                                          key="twin_value_lr", **ui.bounds("lr")),
    "layers": lambda col, c: col.text_input(ui.tr("compare.twin.value"), format_value(wider_layers(c)),
                                            key="twin_value_layers"),
    "activation": lambda col, c: col.selectbox(ui.tr("compare.twin.value"), ACTIVATIONS,
                                               ACTIVATIONS.index("sigmoid" if c.activation != "sigmoid" else "relu"),
                                               key="twin_value_activation"),
    "class_digits": lambda col, c: col.select_slider(ui.tr("compare.twin.value"), CLASS_SHARES,
                                                     0.0 if c.class_digits else LESSON_SHARE,
                                                     key="twin_value_class_digits"),
}


def twin_base(store, runs):
    """(config, run id, history, test accuracy) of the run to twin; the course model (not trained yet) has no id."""
    candidates = runs[runs["kind"].isin(["train", "twin"]) & runs["status"].isin(["finished", "stopped"])]
    course = ui.tr("compare.twin.course")
    choice = st.selectbox(ui.tr("compare.twin.base"), [*candidates["id"], COURSE], key="twin_base",
                          format_func=lambda o: course if o == COURSE else run_label(runs, o))
    if choice == COURSE or store is None:  # the course model as a twin preset's link set it up, else as its preset
        from dnn_core.engine.presets import preset_config

        config = state.TWIN_COURSE.get() or preset_config(
            "course", state.CONFIG.get() or ExperimentConfig(dataset="mnist_sample"))
        return config, None, None, None
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
    new = TwinJob(config, twin, base_run_id=run_id, base_history=history, base_test_accuracy=accuracy,
                  abandon_after=abandon_after())
    if job_link.admit(new, "twin", twin):
        new.start()
    st.rerun()  # the twin job runs, or the refusal above its buttons says what holds its place


def twin_section(store, runs) -> None:
    st.subheader(ui.tr("compare.twin.title"))
    st.caption(ui.tr("compare.twin.intro"))
    base = twin_base(store, runs)
    job = state.JOBS["twin"].get()
    if job is None:
        preset_note()
    blocked = base is None or (job is not None and not job.done)
    job_queue.refusal()
    dropout_col, batch_norm_col = st.columns(2)
    preset = bool(state.TWIN_PRESET.get())  # a twin preset set up the form below: its button leads
    if dropout_col.button(ui.tr("compare.twin.toggle_dropout"), key="twin_dropout",
                          type="secondary" if preset else "primary", disabled=blocked, width="stretch"):
        start_twin(base, "dropout", None)
    if batch_norm_col.button(ui.tr("compare.twin.toggle_batch_norm"), key="twin_batch_norm", disabled=blocked,
                             width="stretch"):
        start_twin(base, "batch_norm", None)
    setting_col, value_col, start_col = st.columns([2, 2, 1], vertical_alignment="bottom")
    setting = setting_col.selectbox(ui.tr("compare.twin.setting"), TWIN_SETTINGS, key="twin_setting",
                                    format_func=ui.labels("compare.setting."))
    value = TWIN_INPUTS[setting](value_col, base[0]) if base else None
    if start_col.button(ui.tr("compare.twin.start"), key="twin_start", type="primary" if preset else "secondary",
                        disabled=blocked, width="stretch"):
        start_twin(base, setting, value)
    ui.live_fragment(twin_live, 1.0 if job is not None and not job.done else None)


def change_text(setting: str, old: str, new: str) -> str:
    """'dropout 0.2 → 0'."""
    return f"{ui.tr(f'compare.setting.{setting}')} {old} → {new}"


def side_label(who: str, changes: list, index: int) -> str:
    """'run · dropout 0.2' or 'twin · dropout 0': which side, and its value of what differs."""
    values = ", ".join(f"{ui.tr(f'compare.setting.{setting}')} {pair[index]}" for setting, *pair in changes)
    return f"{ui.tr(f'compare.twin.label.{who}')} · {values}"


def twin_live() -> None:
    """Progress of the twin job, then the run and its twin overlaid, with the difference spelled out."""
    job = state.JOBS["twin"].get()
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
    ui.rerun_once_when_done(job, "twin")
    job_queue.teacher_note(job)
    job_link.abandoned_note(job)
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
        train_digits.twin_line(result)  # and on the class's handwriting, when they had the class's digits
    if result is not None and result.stopped:
        st.info(ui.tr("compare.twin.stopped"))
    for error in result.save_errors if result else []:
        st.warning(ui.tr("compare.race.not_saved", reason=ui.error_text(error)), icon=":material/save:")
