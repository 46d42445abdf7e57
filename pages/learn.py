"""Learn: the course's concepts as small experiments, each one click away from a real run on Build & Train.

One tab per concept; only the open tab runs (lazy tabs), and every widget keeps its value for the session. The
sections live in pages/learn_*.py. What the page keeps besides its widgets (the open section, which tab a new tab
widget opens on, …) is declared in pages/state.py under "Learn".
"""

import streamlit as st

from pages import (
    learn_basics,
    learn_cnn,
    learn_descent,
    learn_handwriting,
    learn_model,
    learn_regularization,
    learn_schedules,
    state,
    ui,
)
from pages.learn_steps import steps_strip

# section -> what renders it, in tab order
RENDER = {"neuron": learn_basics.neuron, "model": learn_model.course_model, "activations": learn_basics.activations,
          "loss": learn_basics.loss,
          "gd": learn_descent.gradient_descent, "backprop": learn_descent.backprop,
          "regularization": learn_regularization.regularization, "lagrange": learn_regularization.lagrange,
          "optimizers": learn_descent.optimizers,
          "schedules": learn_schedules.schedules,  # the notes' programmable optimizers
          "tensorboard": learn_descent.tensorboard,
          "cnn": learn_cnn.convolution,  # the step after the course notes' dense networks
          "handwriting": learn_handwriting.handwriting}  # the class's own digits against MNIST
SECTIONS = tuple(RENDER)


def first_tab() -> str:
    """The tab to open when the tabs are (re)created: the last section seen, also after a language switch.

    It only changes when the tab widget is new (first visit, back from another page, language switched),
    because a changed default makes Streamlit treat the tabs as a new widget.
    """
    if not state.has_widget("learn_tab") or state.LEARN_TAB_LANG.get() != ui.lang():
        state.LEARN_TAB_LANG.set(ui.lang())
        state.LEARN_TAB_FIRST.set(state.LEARN_SECTION.get() or SECTIONS[0])
    return ui.tr(f"learn.tab.{state.LEARN_TAB_FIRST.get()}")


st.title(ui.tr("learn.title"))
st.caption(ui.tr("learn.subtitle"))
steps_strip()  # the notes' five steps, above every tab
tabs = st.tabs([ui.tr(f"learn.tab.{s}") for s in SECTIONS], key="learn_tab", on_change="rerun", default=first_tab())
for section, tab in zip(SECTIONS, tabs):
    if tab.open:
        state.LEARN_SECTION.set(section)
        with tab:
            RENDER[section]()
