"""Inspect for a convolutional network: the first layer's filters, and the feature maps of a test digit the user
picks (the first convolution layer's and the next one's)."""

import numpy as np
import streamlit as st

from dnn_core.charts import inspect_cnn as charts
from dnn_core.engine.feature_maps import feature_maps
from pages import state, ui

ZOOM = 4  # the chosen digit at 4 × 28 px, pixels kept sharp
MAX_MAPS = 64  # feature maps drawn per layer (8 rows of 8)


def digit_ui(found, names: list[str]) -> int:
    """The test image the user picks, drawn with its true and predicted class; returns its index."""
    last = len(found.data.y_test) - 1
    if state.widget("inspect_digit", 0) > last:  # another model's larger test set
        state.set_widget("inspect_digit", 0)
    left, right = st.columns([1, 3], vertical_alignment="center")
    index = int(left.number_input(ui.tr("inspect.maps.digit"), 0, last, step=1, key="inspect_digit",
                                  help=ui.tr("inspect.maps.digit_help", last=last)))
    probs = found.evaluation.probs[index]
    image = found.data.x_test[index]
    right.image(image.repeat(ZOOM, axis=0).repeat(ZOOM, axis=1),
                caption=ui.tr("inspect.maps.digit_caption", true=names[found.data.y_test[index]],
                              predicted=names[int(probs.argmax())], confidence=f"{probs.max():.0%}"))
    return index


def render(found, model, names: list[str], lang: str) -> None:
    """The filters tab: the first convolution layer's filters, then a digit picker and its feature maps."""
    st.caption(ui.tr("inspect.filters.caption", filters=len(found.filters), layer=found.filters_layer))
    st.plotly_chart(charts.filters_figure(found.filters, found.filters_layer, lang), key="inspect_filters_chart")
    st.subheader(ui.tr("inspect.maps.heading"))
    index = digit_ui(found, names)
    st.caption(ui.tr("inspect.maps.caption"))
    for layer, maps in feature_maps(model, found.data.x_test[index]).items():
        if len(maps) > MAX_MAPS:
            st.caption(ui.tr("inspect.maps.shown", shown=MAX_MAPS, filters=len(maps)))
        st.plotly_chart(charts.feature_maps_figure(np.asarray(maps[:MAX_MAPS]), layer, lang),
                        key=f"inspect_maps_{layer}")
