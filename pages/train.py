"""Build & Train: every setting, the model's summary, diagram and Keras code, Train / Stop and live curves."""

import streamlit as st

from dnn_core.charts.training import history_figure
from dnn_core.engine.config import FIELD_NAMES, ExperimentConfig, config_from_query
from dnn_core.engine.presets import TWIN_PRESETS, preset_config
from pages import job_link, job_queue, state, train_controls, train_model, train_result, train_schedule, train_share, ui
from pages.sidebar import start_pending_job

# Inputs: settings come from a preset link, a shared URL, or this session's last settings; ?job= brings its job back
opened = job_link.open_link(("train",))  # a training opened by its link: the form shows its settings
params = st.query_params.to_dict()
if params.get("preset") in TWIN_PRESETS:  # a twin preset (Dense vs CNN) is two trainings: Compare's twin run
    st.switch_page("pages/compare.py", query_params=params)
linked = any(name in params for name in FIELD_NAMES) and params != state.LAST_QUERY.get()
if "preset" in params:
    try:
        config, problems = preset_config(params["preset"]), []
    except ValueError as exc:
        config, problems = ExperimentConfig(), [("preset", exc)]
    train_controls.seed_widgets(config, force=True)
elif state.CONFIG.get() is None or linked:
    config, problems = config_from_query(params)
    train_controls.seed_widgets(config, force=True)
else:
    config, problems = state.CONFIG.get(), []
    train_controls.seed_widgets(config, force=opened is not None)

st.title(ui.tr("nav.train"))
for name, reason in problems:
    st.warning(ui.tr("train.bad_param", param=name, reason=ui.error_text(reason)), icon=":material/warning:")
actions = st.container()  # Train / Stop go above the settings: in view at 1280×800 without scrolling

state.collect_finished_job()
job = state.JOBS["train"].get()
running = job is not None and not job.done
if running:  # on a projector or a phone, progress and both curves come first: the settings fold into a line below
    edited, error = None, None
else:
    settings_col, model_col = st.columns([5, 4], gap="large")
    with settings_col:
        edited, error = train_controls.settings_ui()
    if error:
        settings_col.error(ui.tr("train.invalid", reason=error))
config = edited or state.CONFIG.get() or config
state.CONFIG.set(config)

# Mirror the settings in the URL so the link reproduces them
st.query_params.from_dict({**config.to_query(), **ui.url_extras(), **job_link.url_param("train")})
state.LAST_QUERY.set(st.query_params.to_dict())

if not running:
    with model_col:
        train_model.model_panel(config)
    st.divider()

# Train / Stop, with the student's guess of the result beside them
train_col, stop_col, guess_col, _ = actions.columns([1, 1, 2, 2], vertical_alignment="bottom")
with guess_col:  # a guess is made before Train; while a job runs the job keeps it, and the phone its screen
    guess = None if running else train_share.guess_input()
if train_col.button(ui.tr("train.train"), key="train_button", type="primary", disabled=running or error is not None,
                    width="stretch"):
    from dnn_core.running.jobs import JobError, abandon_after
    from dnn_core.running.work_jobs import TrainingJob

    try:
        new = TrainingJob(config, tensorboard=True, abandon_after=abandon_after(), student=ui.name(), guess=guess)
        if job_link.admit(new, "train", config):  # else this session or name has a job: the refusal says which
            st.rerun()  # redraw the sidebar and buttons in their training state; the job starts after that run
    except JobError as exc:  # it could never fit in this server's memory budget
        st.error(ui.error_text(exc), icon=":material/memory:")
if stop_col.button(ui.tr("train.stop"), key="train_stop", disabled=not running, width="stretch"):
    job.stop()
with actions:
    job_queue.refusal()


def live_view() -> None:
    """Progress, live curves and, once the job ends, its results; reruns itself every second while training."""
    job = state.JOBS["train"].get()
    if job is None:
        st.info(ui.tr("train.press_train"))
        return
    snap = job.snapshot()
    progress = snap["progress"]
    if snap["state"] == "queued":
        st.info(ui.tr("train.queued", position=snap["queue_position"] or 1), icon=":material/hourglass_top:")
    elif not job.done and not progress:
        st.progress(0.0, text=ui.tr("train.starting"))
    elif not job.done:
        eta = progress.get("eta_seconds")
        st.progress(progress.get("progress", 0.0), text=ui.tr(
            "train.progress", epoch=progress.get("epoch", 1), epochs=job.config.epochs,
            batch=progress.get("batch", 0), batches=progress.get("batches", 0),
            rate=f"{progress.get('samples_per_second', 0):,.0f}", eta=f"{eta:.0f}" if eta is not None else "…"))
    ui.rerun_once_when_done(job, "train")
    per_epoch = progress.get("batches")
    loss_col, acc_col = st.columns(2)
    for column, metric in ((loss_col, "loss"), (acc_col, "accuracy")):
        column.plotly_chart(history_figure(snap["batch_history"], snap["history"], metric, ui.lang(),
                                           batches_per_epoch=per_epoch, epochs=job.config.epochs),
                            key=f"live_{metric}",
                            # while training, a static plot redraws much faster (no hover/zoom layers)
                            config={"displayModeBar": False, "staticPlot": not job.done})
    train_schedule.schedule_chart(job.config, snap["history"], key="live_lr")


ui.live_fragment(live_view, 1.0 if running else None)
if running:
    train_share.settings_summary(job.config)  # what the job trains (a continued run: the run's own settings)

# Results of the ended job
if job is not None and job.done:
    train_result.results(job, config)

start_pending_job()  # last, once the page shows the new job
