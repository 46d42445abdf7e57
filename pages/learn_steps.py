"""Learn, the strip above the tabs: the course notes' five steps, each linked to where it happens in the app."""

import streamlit as st

from dnn_core.lessons.learn_steps import five_steps
from pages import learn_ui as lui
from pages import state, ui

course_steps = st.cache_data(five_steps, show_spinner=False)  # the exported script, cut once per server
PAGES = {"train": ("pages/train.py", ":material/model_training:"), "draw": ("pages/draw.py", ":material/draw:")}


def open_neuron_tab() -> None:
    state.set_widget("learn_tab", ui.tr("learn.tab.neuron"))


def steps_strip() -> None:
    """Five boxes in a row: the step, one line of what it does, its code behind a button, and where it happens."""
    with st.expander(ui.tr("learn.steps.heading"), expanded=True, icon=":material/route:"):
        for column, step in zip(st.columns(5), course_steps()):
            with column.container(border=True):
                st.markdown(f"**{ui.tr(f'learn.steps.{step.key}.title')}**")
                st.caption(ui.tr(f"learn.steps.{step.key}.text"))
                with st.popover(ui.tr("learn.steps.code"), icon=":material/code:"):
                    st.code(step.code, language="python", wrap_lines=True)
                if step.page == "learn":
                    st.button(ui.tr("learn.tab.neuron"), key="learn_steps_neuron", on_click=open_neuron_tab,
                              icon=":material/neurology:", type="tertiary")
                else:
                    lui.page_link(PAGES[step.page][0], ui.tr(f"nav.{step.page}"), PAGES[step.page][1])
