"""Compare, a twin preset's link (``?preset=dense_vs_cnn``): the run history tab opens on its twin run, set up.

Session-state keys: "twin_course" (the course model as the link set it up, with the link's settings),
"twin_preset" (the twin preset last opened).
"""

import streamlit as st

from dnn_core.engine.config import ExperimentConfig, config_from_query, format_value
from dnn_core.engine.presets import TWIN_PRESETS, twin_preset
from pages import ui

COURSE = "course"  # the twin base that is not a stored run: the course model, trained first


def open_twin_preset() -> None:
    """Set up the twin run of a twin preset's link (with the link's settings on its run) and open the run history
    tab on it; the preset leaves the URL, so later reruns keep what the user changes."""
    name = st.query_params.get("preset")
    if name not in TWIN_PRESETS:
        return
    run, setting, value = twin_preset(name, st.session_state.get("config") or ExperimentConfig(dataset="mnist_sample"))
    run, problems = config_from_query(st.query_params.to_dict(), base=run)
    for param, reason in problems:
        st.warning(ui.tr("compare.bad_param", param=param, reason=ui.error_text(reason)), icon=":material/warning:")
    st.session_state.update({"twin_course": run, "twin_base": COURSE, "twin_setting": setting, "twin_preset": name,
                             # a widget's own type: the layers' text, the share of class digits' number
                             f"twin_value_{setting}": format_value(value) if isinstance(value, tuple) else value,
                             "compare_tab": ui.tr("compare.tab.history")})
    del st.query_params["preset"]


def preset_note() -> None:
    """What the opened twin preset compares, and which button trains it (until a twin job starts)."""
    name = st.session_state.get("twin_preset")
    if name is None:
        return
    setting = TWIN_PRESETS[name][1]
    st.info(ui.tr("compare.twin.preset", preset=ui.tr(f"preset.{name}"), start=ui.tr("compare.twin.start"),
                  setting=ui.tr(f"compare.setting.{setting}"),
                  value=st.session_state.get(f"twin_value_{setting}", "")), icon=":material/compare_arrows:")
