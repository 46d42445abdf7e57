"""Learn, from dense to convolution: weight sharing and parameter counts, a 3×3 filter sliding over a test digit, a
Try-it into a small CNN, and a few digits as augmentation shows them to a training network.

Session-state keys besides the widgets': "learn_cnn_aug_step" (how many times the augmented copies were redrawn).
"""

import numpy as np
import pandas as pd
import streamlit as st

from dnn_core.charts.draw import step_picture
from dnn_core.charts.learn_cnn import filter_figure
from dnn_core.engine.layers import IMAGE_SIDE, KERNEL
from dnn_core.lessons import learn_cnn
from pages import learn_ui as lui
from pages import state, ui

MODELS = {"course": learn_cnn.COURSE, "small_cnn": learn_cnn.SMALL_CNN}
FILTER_CHOICES = (*learn_cnn.FILTERS, "custom")
IDENTITY = "0 0 0 0 1 0 0 0 0"  # the custom filter's first numbers: it copies the image, trimmed by one pixel
COPIES = 8
# The same for every visitor: built once per server (a Keras model each), not on every slider move.
counted_parameters = st.cache_data(lambda name: learn_cnn.counted_parameters(MODELS[name]), show_spinner=False)
sample_digit = st.cache_data(learn_cnn.sample_digit, show_spinner=False)
augmented_copies = st.cache_data(learn_cnn.augmented_copies, show_spinner=False, max_entries=64)  # one per redraw


def convolution() -> None:
    st.markdown(ui.tr("learn.cnn.intro"))
    weight_sharing()
    sliding_filter()
    try_small_cnn()
    augmentation()


def weight_sharing() -> None:
    st.subheader(ui.tr("learn.cnn.params_heading"))
    for name in MODELS:
        table, keras_total = counted_parameters(name)
        st.markdown(ui.tr(f"learn.cnn.table_{name}", hand=f"{table['parameters'].sum():,}", keras=f"{keras_total:,}"))
        table = table.assign(formula=table["formula"].replace("", ui.tr("learn.cnn.no_weights")),
                             uses=[f"{n:,}×" if n is not pd.NA else "" for n in table["uses"]])
        lui.table(table, "learn.cnn.col", hide_index=True,
                  column_config=lui.numbers(table, "learn.cnn.col", "localized"))
    st.markdown(ui.tr("learn.cnn.sharing", **{key: f"{value:,}" if isinstance(value, int) else value
                                              for key, value in learn_cnn.weight_sharing().items()}))


def sliding_filter() -> None:
    st.subheader(ui.tr("learn.cnn.slide_heading"))
    st.markdown(ui.tr("learn.cnn.slide_intro"))
    digit_col, filter_col, row_col, col_col = st.columns(4)
    label = digit_col.selectbox(ui.tr("learn.cnn.digit"), range(10), index=7, key="learn_cnn_digit", **lui.KEEP)
    ui.keep_choice("learn_cnn_filter", list(FILTER_CHOICES), FILTER_CHOICES[0])
    choice = filter_col.selectbox(ui.tr("learn.cnn.filter"), FILTER_CHOICES, key="learn_cnn_filter",
                                  format_func=ui.labels("learn.cnn.filter."), **lui.KEEP)
    last = IMAGE_SIDE - KERNEL  # the window's top-left corner stays inside the image
    row = row_col.slider(ui.tr("learn.cnn.window_row"), 0, last, 8, key="learn_cnn_row", **lui.KEEP)
    col = col_col.slider(ui.tr("learn.cnn.window_col"), 0, last, 12, key="learn_cnn_col", **lui.KEEP)
    if choice == "custom":
        text = st.text_input(ui.tr("learn.cnn.numbers"), IDENTITY, key="learn_cnn_numbers", **lui.KEEP)
        try:
            kernel = learn_cnn.parse_kernel(text)
        except learn_cnn.KernelError as exc:
            st.error(ui.error_text(exc), icon=":material/error:")
            return
    else:
        kernel = np.array(learn_cnn.FILTERS[choice], dtype=float)
    image = sample_digit(label)
    feature = learn_cnn.feature_map(image, kernel)
    lui.show(filter_figure(image, kernel, feature, row, col, ui.lang()), "cnn_filter")
    window, products = learn_cnn.window_products(image, kernel, row, col)
    terms = " + ".join(map(learn_cnn.product_term, window.ravel(), kernel.ravel()))
    st.markdown(ui.tr("learn.cnn.sum", row=row, col=col, terms=terms,
                      total=learn_cnn.signed(products.sum(), ".3f")))
    st.markdown(ui.tr("learn.cnn.map_text"))


def try_small_cnn() -> None:
    lui.try_it("dense_vs_cnn", "small_cnn")


def augmentation() -> None:
    st.subheader(ui.tr("learn.cnn.aug_heading"))
    slider_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
    augment = slider_col.select_slider(ui.tr("learn.cnn.augment"), learn_cnn.AUGMENT_VALUES, 0.1,
                                       key="learn_cnn_augment", **lui.KEEP)
    button_col.button(ui.tr("learn.cnn.redraw"), key="learn_cnn_redraw", icon=":material/casino:",
                      on_click=lambda: state.LEARN_CNN_AUG_STEP.set(aug_step() + 1))
    st.markdown(ui.tr("learn.cnn.aug_text", augment=augment, **learn_cnn.augmentation_limits(augment)))
    digit = sample_digit(state.widget("learn_cnn_digit", 7))
    copies = augmented_copies(digit, augment, COPIES, aug_step())
    pictures = [step_picture(np.clip(image * 255, 0, 255).round()) for image in (digit, *copies)]
    captions = [ui.tr("learn.cnn.original")] + [ui.tr("learn.cnn.copy", n=n) for n in range(1, COPIES + 1)]
    for column, picture, caption in zip(st.columns(len(pictures)), pictures, captions):
        column.image(picture, caption=caption, width="stretch")


def aug_step() -> int:
    """How many times this session asked for new augmented copies (the seed of the random layers)."""
    return state.LEARN_CNN_AUG_STEP.get()
