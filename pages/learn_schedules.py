"""Learn, learning-rate schedules (the notes' programmable optimizers): a schedule rescues a learning rate too large
to converge, on a 2-D bowl where every walk is deterministic."""

import numpy as np
import streamlit as st

from dnn_core.charts.schedules import LIMIT, rescue_figure
from dnn_core.lessons import learn_schedules
from pages import learn_ui as lui
from pages import ui

rescue = st.cache_data(learn_schedules.rescue, show_spinner=False, max_entries=64)  # Keras's schedules, evaluated


def schedules() -> None:
    st.markdown(ui.tr("learn.sched.intro"))
    left, right = st.columns(2)
    lr = left.select_slider(ui.tr("learn.sched.lr"), learn_schedules.LEARNING_RATES, learn_schedules.DEMO_LR,
                            key="learn_sched_lr", **lui.KEEP)
    schedule = right.selectbox(ui.tr("learn.sched.schedule"), learn_schedules.SCHEDULES,
                               learn_schedules.SCHEDULES.index(learn_schedules.DEMO_SCHEDULE),
                               key="learn_sched_schedule", **lui.KEEP)
    constant, scheduled = rescue(schedule, lr)
    below = np.flatnonzero(scheduled.rates <= LIMIT)  # the schedules only ever lower the rate
    falls = ui.tr("learn.sched.below", steps=int(below[0])) if len(below) else ui.tr("learn.sched.never")
    st.markdown(ui.tr("learn.sched.verdict", lr=lr, schedule=schedule, below=falls,
                      constant=ui.tr(f"learn.gd.{constant.verdict}"), scheduled=ui.tr(f"learn.gd.{scheduled.verdict}"),
                      loss=float(scheduled.losses[-1]), peak=float(np.nanmax(scheduled.losses))))
    lui.show(rescue_figure(constant, scheduled, ui.lang()), "schedules")
    st.markdown(ui.tr("learn.sched.notes"))
    st.markdown(ui.tr("learn.sched.train"))
    lui.try_it("cosine_schedule", "lr_too_high")
