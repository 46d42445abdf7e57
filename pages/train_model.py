"""Build & Train's model column: parameter count, diagram, layer table, Keras code and the lesson's link."""

import streamlit as st

from dnn_core.charts.training import network_diagram
from dnn_core.engine.config import ExperimentConfig
from pages import train_share, ui


@st.cache_data(max_entries=64, show_spinner=False)
def model_summary(config: ExperimentConfig):
    """The layer table of the config's model, built once per distinct config (not on every rerun); name and type in
    one column, 'conv_1 (Conv2D)', as Keras's model.summary() writes them (four columns overflow the model column)."""
    from dnn_core.engine.model import build_model, summary_table  # TensorFlow loads here, not on Home

    table = summary_table(build_model(config, compile=False))
    table["layer"] = table["layer"] + " (" + table["type"] + ")"
    return table.drop(columns="type")


def model_panel(config: ExperimentConfig) -> None:
    """Parameter count, then the diagram, layer table, Keras code and lesson link in tabs."""
    from dnn_core.engine.model import keras_code

    summary = model_summary(config)
    st.metric(ui.tr("train.parameters"), f"{summary['parameters'].sum():,}")
    diagram_tab, summary_tab, code_tab, share_tab = st.tabs([ui.tr("train.diagram"), ui.tr("train.summary"),
                                                             ui.tr("train.show_code"), ui.tr("share.tab")])
    diagram_tab.plotly_chart(network_diagram(config.layers, config.activation, config.dropout, config.batch_norm,
                                             ui.lang()), key="train_diagram", config={"displayModeBar": False})
    if config.augment:
        from dnn_core.lessons.learn_cnn import augmentation_limits

        diagram_tab.caption(ui.tr("train.augment_note", **augmentation_limits(config.augment)))
    summary_tab.dataframe(summary, hide_index=True, width="stretch", height="content",
                          column_config={"layer": ui.tr("train.summary.layer_type"),
                                         "output_shape": ui.tr("train.summary.output_shape"),
                                         "parameters": st.column_config.NumberColumn(ui.tr("train.summary.parameters"),
                                                                                     format="localized")})
    code_tab.code(keras_code(config), language="python")
    with share_tab:
        train_share.share_lesson(config)
