"""The teacher's re-score: one button that tests every finished run on the board again on the class's digits as
they are now (``dnn_core.running.class_scores``: each saved model on a worker, never in this process), with its progress
and then its outcome in a sentence.

Keeps ``state.TEACHER_RESCORE`` (the last outcome's sentence) until the next re-score.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dnn_core.classroom import board
from dnn_core.classroom.handwriting import ClassDigits
from dnn_core.running.class_scores import rescore
from dnn_core.runs import RunStoreError
from pages import state, ui


def outcome_text(outcome, total: int) -> str:
    """How the re-score went, in one or two sentences."""
    text = ui.tr("digits.score.rescore.done", scored=outcome.scored, total=total, count=outcome.digits)
    return text + (" " + ui.tr("digits.score.rescore.skipped", skipped=outcome.skipped) if outcome.skipped else "")


def run_rescore(store, run_ids: list[int]) -> None:
    """Re-score ``run_ids`` here and now, a progress bar moving as each run is scored, and keep the outcome."""
    if not board.key_matches(state.TEACHER_KEY.get()):  # the key again, as every teacher action
        state.TEACHER_RESCORE.set(("error", ui.tr("teacher.refused")))
        return
    bar = st.progress(0.0, text=ui.tr("digits.score.rescore.progress", done=0, total=len(run_ids)))

    def moved(done: int, total: int) -> None:
        bar.progress(done / total, text=ui.tr("digits.score.rescore.progress", done=min(done + 1, total),
                                              total=total))

    try:
        outcome = rescore(store, run_ids, moved)
    except RunStoreError as exc:
        state.TEACHER_RESCORE.set(("error", ui.tr("teacher.failed", reason=ui.error_text(exc))))
    else:
        state.TEACHER_RESCORE.set(("success", outcome_text(outcome, len(run_ids))))
    bar.empty()


def rescore_controls(store, done: pd.DataFrame) -> None:
    """The heading, what the button does, the button, and the last outcome."""
    st.markdown(f"**{ui.tr('digits.score.rescore.heading')}**")
    try:
        count = sum(ClassDigits(store).counts()[0].values())  # a count, not the images
    except RunStoreError as exc:
        st.error(ui.tr("teacher.failed", reason=ui.error_text(exc)))
        return
    text_col, button_col = st.columns([5, 2], vertical_alignment="center")
    text_col.caption(ui.tr("digits.score.rescore.caption", count=count) if len(done)
                     else ui.tr("digits.score.rescore.no_runs"))
    if button_col.button(ui.tr("digits.score.rescore.button"), key="teacher_rescore", disabled=done.empty,
                         icon=":material/refresh:", width="stretch"):
        run_rescore(store, [int(run_id) for run_id in done["id"]])
    ui.show_outcome(state.TEACHER_RESCORE, keep=True)
