"""Draw & Predict's inputs: the canvas, a photo, or a held-out test digit, each turned into what the model reads."""

import numpy as np
import streamlit as st
from streamlit_drawable_canvas import st_canvas

from dnn_core.charts.draw import STEP_PX, step_picture
from dnn_core.engine.preprocess import DrawError, PreprocessResult, canvas_to_mnist, load_image_file
from dnn_core.running.quick_model import ReadyModel
from pages import state, ui


def canvas_ui() -> np.ndarray | None:
    """The canvas (white pen on black), its pen width and Clear; returns the RGBA drawing."""
    st.space()  # room for the canvas' own toolbar, which floats above it
    canvas_box = st.container()  # the canvas goes above its controls, but needs the pen width first
    clear_col, pen_col = st.columns([1, 2], vertical_alignment="bottom")
    pen = pen_col.slider(ui.tr("draw.pen"), 10, 40, 20, key="draw_pen")
    clear_col.button(ui.tr("draw.clear"), key="draw_clear", icon=":material/ink_eraser:",
                     on_click=lambda: state.DRAW_CLEARS.set(state.DRAW_CLEARS.get() + 1))
    with canvas_box:
        # a new initial drawing empties the canvas in place; the emptied drawing then comes back as a new value
        canvas = st_canvas(stroke_width=pen, stroke_color="#FFFFFF", background_color="#000000", height=280,
                           width=280, drawing_mode="freedraw", return_image_data=True, key="draw_canvas",
                           initial_drawing={"objects": [], "clears": state.DRAW_CLEARS.get()})
    return canvas.image_data


@st.cache_data(max_entries=16, show_spinner=False)
def read_photo(data: bytes):
    """A photo's preprocessing steps (None when it shows no ink); cached, as a large photo takes a moment."""
    return canvas_to_mnist(load_image_file(data))


def drawn_steps(mode: str) -> tuple[PreprocessResult | None, bool]:
    """The drawing's or photo's steps (None while there is no ink) and whether a photo was given; a damaged photo
    or a filled canvas is said in one sentence and stops the page there."""
    try:
        if mode == "draw":
            drawing = canvas_ui()
            return (canvas_to_mnist(drawing) if drawing is not None else None), False
        if mode == "photo":
            # no type=[...]: Streamlit would refuse another file type with its own English sentence; ours says it
            photo = st.file_uploader(ui.tr("draw.photo.label"), key="draw_photo")
            return (read_photo(photo.getvalue()) if photo is not None else None), photo is not None
        return None, False
    except DrawError as exc:
        st.error(ui.error_text(exc))
        st.stop()


def test_digit_ui(ready: ReadyModel, names: list[str]) -> tuple[np.ndarray, int]:
    """A held-out test image of the model's data set (a new one on each click) and its true class."""
    from dnn_core.engine.data import load_dataset

    data = load_dataset(ready.dataset)
    pressed = st.button(ui.tr("draw.random"), key="draw_random", icon=":material/casino:")
    if pressed or not state.DRAW_TEST_INDEX.present():
        state.DRAW_TEST_INDEX.set(int(np.random.default_rng().integers(len(data.x_test))))
    index = state.DRAW_TEST_INDEX.get() % len(data.x_test)  # another model's data set may be smaller
    truth = int(data.y_test[index])
    st.image(step_picture(data.x_test[index], 2 * STEP_PX), output_format="PNG", caption=ui.tr(
        "draw.test.caption", index=index, data=ui.tr(f"data.name.{data.name}"), truth=names[truth]))
    return data.x_test[index], truth
