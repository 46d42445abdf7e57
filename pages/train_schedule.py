"""Build & Train's learning-rate schedule: its kind and parameter on the Optimizer tab, and the rate over the
training as a small chart (under the settings, and under the live curves while a scheduled run trains).

Widget keys: "cfg_lr_schedule_kind", "cfg_lr_schedule_step" (N of step:N), "cfg_lr_schedule_factor" (R of
exponential:R) and "cfg_lr_schedule_cosine" (N of cosine:N, 0 = the whole training).
"""

from __future__ import annotations

import streamlit as st

from dnn_core.charts.schedules import lr_figure
from dnn_core.engine import schedules
from dnn_core.engine.config import MAX_EPOCHS, ExperimentConfig, format_value
from pages import state, ui


def seed_schedule(config: ExperimentConfig, force: bool = False) -> None:
    """Put the config's schedule into the widgets (the parameters of the other kinds keep their defaults)."""
    schedule = config.schedule
    values = {"cfg_lr_schedule_kind": schedule.kind,
              "cfg_lr_schedule_step": schedule.epochs if schedule.kind == "step" else schedules.DEFAULT_STEP_EPOCHS,
              "cfg_lr_schedule_factor": schedule.factor or schedules.DEFAULT_DECAY,
              "cfg_lr_schedule_cosine": schedule.epochs if schedule.kind == "cosine" else 0}
    for key, value in values.items():
        if force or not state.has_widget(key):
            state.set_widget(key, value)


def schedule_ui() -> str:
    """The schedule's kind and its parameter; returns ``lr_schedule`` as the vocabulary writes it."""
    ui.keep_choice("cfg_lr_schedule_kind", schedules.KINDS, "constant")  # its labels are translated
    left, right = st.columns(2)
    kind = left.selectbox(ui.tr("train.lr_schedule"), schedules.KINDS, key="cfg_lr_schedule_kind",
                          format_func=ui.labels("schedule.kind."), help=ui.tr("train.lr_schedule.help"))
    if kind == "step":
        return f"step:{right.number_input(ui.tr('train.lr_schedule.step'), 1, MAX_EPOCHS, key='cfg_lr_schedule_step')}"
    if kind == "exponential":
        factor = right.number_input(ui.tr("train.lr_schedule.factor"), 0.01, 0.99, step=0.01, format="%.2f",
                                    key="cfg_lr_schedule_factor")
        return f"exponential:{format_value(float(factor))}"
    if kind == "cosine":
        epochs = right.number_input(ui.tr("train.lr_schedule.cosine"), 0, MAX_EPOCHS, key="cfg_lr_schedule_cosine",
                                    help=ui.tr("train.lr_schedule.cosine.help"))
        return f"cosine:{epochs}" if epochs else "cosine"
    return "constant"


@st.cache_data(max_entries=64, show_spinner=False)
def lr_curve(config: ExperimentConfig):
    """The rate over the config's training, from the optimizer's own Keras schedule (once per distinct config)."""
    from dnn_core.engine.model import lr_curve as curve  # TensorFlow loads here, not on Home

    return curve(config)


def schedule_chart(config: ExperimentConfig, history=None, key: str = "train_lr_chart") -> None:
    """The learning rate over the training, with the rate each finished epoch started with; nothing for
    a constant rate."""
    if config.schedule.kind == "constant":
        return
    st.caption(ui.tr("train.lr_schedule.caption", schedule=config.lr_schedule))
    figure = lr_figure(lr_curve(config), ui.lang(), history, stepped=config.schedule.kind == "step")
    st.plotly_chart(figure, key=key, config={"displayModeBar": False})
