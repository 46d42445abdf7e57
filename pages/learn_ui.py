"""Helpers shared by the Learn page's sections: kept widget values, Try-it buttons, figures, tables, page links."""

from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from dnn_core.lessons import learn_activations, learn_regularization
from pages import ui

KEEP = {"persist_state": "session"}  # widget values survive switching tabs and pages
# The same for every visitor and the slowest to compute: once per server, not per slider move.
activation_table = st.cache_data(learn_activations.activation_table, show_spinner=False)
activation_curves = st.cache_data(learn_activations.activation_curves, show_spinner=False)
regularization_paths = st.cache_data(learn_regularization.regularization_paths, show_spinner=False)
batch_norm_demo = st.cache_data(learn_regularization.batch_norm_demo, show_spinner=False)


def try_it(*presets: str) -> None:
    """Buttons (two per row, so long names fit) that open Build & Train with a preset."""
    for first in range(0, len(presets), 2):
        for column, name in zip(st.columns(2), presets[first:first + 2]):
            if column.button(ui.tr("learn.try", preset=ui.tr(f"preset.{name}")), key=f"learn_try_{name}",
                             help=ui.tr(f"preset.{name}.help"), icon=":material/science:", use_container_width=True):
                ui.switch_to_train(preset=name)


def show(fig, name: str) -> None:
    st.plotly_chart(fig, key=f"learn_fig_{name}", config={"displaylogo": False})


def table(frame, prefix: str, **options) -> None:
    """A data frame with its columns named in the UI language (keys ``<prefix>.<column>``)."""
    st.dataframe(frame.rename(columns={c: ui.tr(f"{prefix}.{c}") for c in frame.columns}), **options)


def numbers(frame, prefix: str, default: str, **formats: str) -> dict:
    """Column formats for ``table``: every numeric column in ``default`` unless named in ``formats``."""
    return {ui.tr(f"{prefix}.{c}"): st.column_config.NumberColumn(format=formats.get(c, default))
            for c in frame.select_dtypes("number").columns}


def page_link(page: str, label: str, icon: str, where=st) -> None:
    """A link to another page if the app has it (a page run on its own, as in AppTest, has no other pages)."""
    if (Path(__file__).parent / Path(page).name).exists():
        try:
            where.page_link(page, label=label, icon=icon)
        except StreamlitPageNotFoundError:
            pass
