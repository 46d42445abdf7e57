"""Learn, our handwriting is not MNIST: the class's set as a class_digits 0.5 training would split it, and one click
to Compare's twin run of the course model without and with half of the class's writers in its training."""

import streamlit as st

from dnn_core.engine.class_training import LESSON_SHARE, plan
from pages import learn_ui as lui
from pages import train_digits, ui

MIN_WRITERS = 2  # on each side of the split: one writer held out would make the lesson one person's handwriting


def handwriting() -> None:
    st.subheader(ui.tr("learn.ours.title"))
    st.markdown(ui.tr("learn.ours.intro"))
    st.caption(ui.tr("learn.ours.notes"))
    now = plan(train_digits.writers_now(), LESSON_SHARE, 0)  # the split only: no training's repeats here
    if now.digits:
        st.markdown(ui.tr("learn.ours.status", **vars(now)))
    if min(now.joining_writers, now.held_writers) < MIN_WRITERS:
        st.warning(ui.tr("learn.ours.too_few"), icon=":material/draw:")
        lui.page_link("pages/draw.py", ui.tr("learn.ours.draw"), ":material/draw:")
    st.markdown(ui.tr("learn.ours.steps"))
    lui.try_it("our_handwriting")
    st.markdown(ui.tr("learn.ours.expect"))
