"""Compare, a twin preset's link (``?preset=dense_vs_cnn``): the run history tab opens on its twin run, set up.

It keeps ``state.TWIN_COURSE`` (the course model as the link set it up, with the link's settings) and
``state.TWIN_PRESET`` (the twin preset last opened), and seeds the twin form's widgets.
"""

import streamlit as st

from dnn_core.engine.config import ExperimentConfig, config_from_query, format_value
from dnn_core.engine.presets import TWIN_PRESETS, twin_preset
from pages import state, ui

COURSE = "course"  # the twin base that is not a stored run: the course model, trained first


def open_twin_preset() -> None:
    """Set up the twin run of a twin preset's link (with the link's settings on its run) and open the run history
    tab on it; the preset leaves the URL, so later reruns keep what the user changes."""
    name = st.query_params.get("preset")
    if name not in TWIN_PRESETS:
        return
    run, setting, value = twin_preset(name, state.CONFIG.get() or ExperimentConfig(dataset="mnist_sample"))
    run, problems = config_from_query(st.query_params.to_dict(), base=run)
    for param, reason in problems:
        st.warning(ui.tr("compare.bad_param", param=param, reason=ui.error_text(reason)), icon=":material/warning:")
    state.TWIN_COURSE.set(run)
    state.TWIN_PRESET.set(name)
    state.set_widget("twin_base", COURSE)
    state.set_widget("twin_setting", setting)
    # a widget's own type: the layers' text, the share of class digits' number
    state.set_widget(f"twin_value_{setting}", format_value(value) if isinstance(value, tuple) else value)
    state.set_widget("compare_tab", ui.tr("compare.tab.history"))
    del st.query_params["preset"]


def preset_note() -> None:
    """What the opened twin preset compares, and which button trains it (until a twin job starts)."""
    name = state.TWIN_PRESET.get()
    if name is None:
        return
    setting = TWIN_PRESETS[name][1]
    st.info(ui.tr("compare.twin.preset", preset=ui.tr(f"preset.{name}"), start=ui.tr("compare.twin.start"),
                  setting=ui.tr(f"compare.setting.{setting}"),
                  value=state.widget(f"twin_value_{setting}", "")), icon=":material/compare_arrows:")
