"""Build & Train's results of the ended job: its metrics, the guess beside them, Continue and the history table."""

from __future__ import annotations

import streamlit as st

from dnn_core.engine.config import ExperimentConfig, format_value
from pages import job_link, job_queue, state, train_digits, train_resume, train_share, ui


def results(job, config: ExperimentConfig) -> None:
    """The ended job's results; Continue starts a new job that trains its model further."""
    job_queue.teacher_note(job)
    job_link.abandoned_note(job)
    if job.state == "failed":
        st.error(ui.tr("train.failed", error=ui.failure_text(job)))
    if job.result is None:
        return
    result = job.result
    if result.notice:
        st.warning(ui.tr(result.notice.key, **result.notice.params), icon=":material/inventory_2:")
    if result.stopped:
        st.info(ui.tr("train.stopped_note", epochs=len(result.history)))
    cols = st.columns(5)
    cols[0].metric(ui.tr("train.test_accuracy"), f"{100 * result.test_accuracy:.2f} %")
    train_share.guess_metric(cols[1], getattr(job, "guess", None), result.test_accuracy)
    cols[2].metric(ui.tr("train.test_loss"), f"{result.test_loss:.4f}")
    cols[3].metric(ui.tr("train.seconds"), f"{result.seconds:.1f} s")
    cols[4].metric(ui.tr("train.rate"), f"{result.samples_per_second:,.0f}")
    st.caption(ui.where_text(result.worker))
    train_digits.result_summary(result)  # the class's handwriting: who joined, the held-out writers' accuracy
    if job.save_error is not None:
        st.warning(ui.tr("train.not_saved", reason=ui.error_text(job.save_error)), icon=":material/save:")
    if result.model is not None:  # a run restored from the store without a saved model cannot go on
        continue_training(job, config)
    st.dataframe(result.history, hide_index=True, width="stretch", column_config={
        column: st.column_config.NumberColumn(ui.tr(f"train.history.{column}"),
                                              format={"epoch": "%d", "lr": "%.4g"}.get(column, "%.4f"))
        for column in result.history.columns})
    if result.config.to_query() != config.to_query():
        st.caption(ui.tr("train.trained_with", settings=", ".join(
            f"{k}={format_value(v)}" for k, v in result.config.to_dict().items())))


def continue_training(job, config: ExperimentConfig) -> None:
    """The Continue control; pressed, a new job and run whose parent is this one."""
    more = train_resume.continue_control(job, config)
    if not more:
        return
    try:
        new = train_resume.continued_job(job, more, state.latest_run_id())
        job_link.admit(new, "train", new.config)
        st.rerun()  # the new job runs, or the refusal above the settings says what holds its place
    except ValueError as exc:  # too big for this server's memory budget (a JobError), or too many epochs
        st.error(ui.error_text(exc))
