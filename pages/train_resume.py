"""Build & Train's Continue: train the last run's model further, with its own settings and its optimizer's state.

Widget keys: "resume_more" (how many more epochs) and "resume_continue" (the button).
"""

from __future__ import annotations

import streamlit as st

from dnn_core.engine.config import FIELD_NAMES, MAX_EPOCHS, ExperimentConfig, format_value
from pages import state, ui


def continue_control(job, form: ExperimentConfig) -> int | None:
    """Under a finished or stopped run: how many more epochs to train its model once Continue is pressed, else
    None. Says what a continued job continued, and that the run's own settings are kept."""
    result = job.result
    start = getattr(job.work, "start", None)
    if start is not None:
        st.caption(ui.tr("resume.continued", epochs=start.epochs_done))
    done = len(result.history)
    st.subheader(ui.tr("resume.heading"))
    if done >= MAX_EPOCHS:
        st.caption(ui.tr("resume.full", epochs=done))
        return None
    left = MAX_EPOCHS - done
    wanted = state.widget("resume_more", form.epochs)  # the form's epochs until the user picks another
    state.set_widget("resume_more", min(max(1, int(wanted)), left))
    more_col, button_col, text_col = st.columns([1, 1, 3], vertical_alignment="bottom")
    more = more_col.number_input(ui.tr("resume.more_epochs"), 1, left, key="resume_more",
                                 help=ui.tr("resume.more_epochs.help", done=done, max=MAX_EPOCHS))
    pressed = button_col.button(ui.tr("resume.continue"), key="resume_continue", icon=":material/fast_forward:",
                                width="stretch")
    text_col.caption(ui.tr("resume.intro", more=more, next=done + 1))
    kept = _kept_settings(form, result.config)
    if kept:
        st.info(ui.tr("resume.keeps_settings", settings=kept), icon=":material/lock:")
    return int(more) if pressed else None


def _kept_settings(form: ExperimentConfig, trained: ExperimentConfig) -> str:
    """The run's values of the settings the form has changed since (other than epochs): 'lr 0.001 · layers 128';
    '' when there are none."""
    now, then = form.trained_on(trained.dataset).to_dict(), trained.to_dict()
    return " · ".join(f"{name} {format_value(then[name])}" for name in FIELD_NAMES
                      if name != "epochs" and now[name] != then[name])


def continued_job(job, more: int, parent_id: int | None):
    """A training job that trains ``job``'s model ``more`` epochs further with the run's own settings, recorded
    as a new run whose parent is ``parent_id``."""
    from dnn_core.engine.resume import continuation_of, continued_config
    from dnn_core.running.jobs import abandon_after
    from dnn_core.running.work_jobs import TrainingJob

    result = job.result
    config = continued_config(result.config, len(result.history), more)
    return TrainingJob(config, tensorboard=True, abandon_after=abandon_after(), student=ui.name(), parent_id=parent_id,
                       start=continuation_of(result))
