"""Compare, the optimizer race tab: every contestant from the same weights on the same batches."""

import streamlit as st

from dnn_core.charts.compare import race_figure
from dnn_core.engine.config import OPTIMIZER_NAMES, OPTIMIZERS, ExperimentConfig, config_from_query, format_value
from dnn_core.engine.race import MAX_CONTESTANTS, MIN_CONTESTANTS, training_images
from dnn_core.running.jobs import JobError, abandon_after
from dnn_core.running.work_jobs import RaceJob
from pages import job_link, job_queue, state, ui

RACE_DEFAULT = ["sgd", "momentum", "rmsprop", "adam"]


def race_config() -> tuple[ExperimentConfig, bool]:
    """The network to race: Build & Train's config (else the course model on the sample), with the link's settings."""
    config = state.CONFIG.get()
    from_session = config is not None
    config, problems = config_from_query(st.query_params.to_dict(),
                                         base=config or ExperimentConfig(dataset="mnist_sample"))
    for name, reason in problems:
        st.warning(ui.tr("compare.bad_param", param=name, reason=ui.error_text(reason)), icon=":material/warning:")
    return config, from_session


def race_inputs(config: ExperimentConfig) -> tuple[dict, int, float]:
    """Optimizers with their learning rates, epochs and target accuracy."""
    chosen = st.multiselect(ui.tr("compare.race.optimizers"), OPTIMIZER_NAMES, default=RACE_DEFAULT,
                            key="race_optimizers", format_func=ui.labels("optimizer."), max_selections=MAX_CONTESTANTS,
                            placeholder=ui.tr("compare.race.placeholder"))
    columns = st.columns(4)
    rates = {name: columns[i % 4].number_input(ui.tr("compare.race.lr", optimizer=name), value=OPTIMIZERS[name].lr,
                                               key=f"race_lr_{name}", **ui.bounds("lr"))
             for i, name in enumerate(chosen)}
    left, right = st.columns(2)
    epochs = left.number_input(ui.tr("compare.race.epochs"), value=config.epochs, key="race_epochs",
                               **ui.bounds("epochs"))
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
    if any(layer.spatial for layer in config.layer_stack):
        st.info(ui.tr("compare.race.one_by_one"), icon=":material/view_column:")
    if config.schedule.kind != "constant":  # every contestant gets it, from its own learning rate
        st.caption(ui.tr("compare.race.schedule", schedule=config.lr_schedule))
    if config.class_digits:  # RaceJob trains without them: say so rather than let the setting look used
        st.caption(ui.tr("compare.race.class_digits", share=f"{config.class_digits:g}"))
    rates, epochs, target = race_inputs(config)

    job = state.JOBS["race"].get()
    running = job is not None and not job.done
    start_col, stop_col, _ = st.columns([1, 1, 4])
    enough = MIN_CONTESTANTS <= len(rates) <= MAX_CONTESTANTS
    if start_col.button(ui.tr("compare.race.start"), key="race_start", type="primary", disabled=running or not enough,
                        width="stretch"):
        try:
            new = RaceJob(config.replace(epochs=epochs), rates, target_accuracy=target, abandon_after=abandon_after())
        except JobError as exc:  # it could never fit in the memory budget (a ValueError too: caught first)
            st.error(ui.error_text(exc), icon=":material/memory:")
        except ValueError as exc:
            st.error(ui.tr("compare.race.invalid", reason=ui.error_text(exc)))
        else:
            if job_link.admit(new, "race", new.config):  # else the refusal below says what holds its place
                new.start()
                st.rerun()  # redraw the buttons in their running state
    if stop_col.button(ui.tr("compare.race.stop"), key="race_stop", disabled=not running, width="stretch"):
        job.stop()
    job_queue.refusal()
    if not enough:
        st.info(ui.tr("compare.race.pick"))
    ui.live_fragment(race_live, 1.0 if running else None)


def race_live() -> None:
    """Progress and overlaid curves of the race; once it ends, the table with the winner."""
    job = state.JOBS["race"].get()
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
    ui.rerun_once_when_done(job, "race")
    x = st.radio(ui.tr("compare.race.x_axis"), ["epoch", "seconds"], horizontal=True, key="race_x",
                 format_func=ui.labels("compare.chart.x."))
    optimizers = {c.name: c.optimizer for c in job.contestants}
    winner = result.winner if result is not None else None
    for column, metric in zip(st.columns(2), ("val_accuracy", "loss")):
        column.plotly_chart(race_figure(snap["history"], snap["batch_history"], metric, x, ui.lang(), optimizers,
                                        winner, progress.get("batches")),
                            key=f"race_{metric}", config={"displayModeBar": False})
    st.caption(ui.tr("compare.race.clock_note"))
    job_queue.teacher_note(job)
    job_link.abandoned_note(job)
    if job.state == "failed":
        st.error(ui.tr("compare.race.failed", error=ui.failure_text(job)))
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
        st.warning(ui.tr("compare.race.not_saved", reason=ui.error_text(result.store_error)), icon=":material/save:")
    elif result.run_id is not None:
        st.caption(ui.tr("compare.race.saved", run_id=result.run_id))
