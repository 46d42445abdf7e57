"""Draw & Predict: draw a digit (or upload a photo, or pick a test image), see it prepared like MNIST, and read it.

Session-state keys of this page: "draw_clears" (counts Clear presses: a new initial drawing empties the canvas),
"draw_runs" {"run:<id>": ReadyModel} (saved models loaded so far), "draw_upload" (file name, model) of the accepted
.keras upload, "draw_upload_check" (file id, UnsafeModelError or None), "draw_last_model" (the last model that
loaded, used when another one fails), "draw_test_index".
"""

import numpy as np
import streamlit as st
from streamlit_drawable_canvas import st_canvas

from dnn_core.charts.draw import STEP_PX, probabilities_figure, step_picture
from dnn_core.predict import class_names, predict_probabilities, top_k
from dnn_core.preprocess import DrawError, canvas_to_mnist, load_image_file
from dnn_core.quick_model import ReadyModel, load_saved_model, model_choices, model_note, quick_model
from dnn_core.upload import UnsafeModelError, load_uploaded_model
from pages import ui

state = st.session_state


def take_upload() -> None:
    """Check a newly uploaded .keras file: a safe one becomes the model in use, a refused one says why."""
    file = st.file_uploader(ui.tr("draw.upload.label"), type=["keras"], key="draw_model_file",
                            help=ui.tr("draw.upload.help"))
    if file is None:
        state.pop("draw_upload_check", None)
        return
    if state.get("draw_upload_check", (None,))[0] != file.file_id:  # check each file once, not on every rerun
        try:
            with st.spinner(ui.tr("draw.upload.checking")):
                state["draw_upload"] = (file.name, load_uploaded_model(file.getvalue()))
            state["draw_model"], error = "upload", None
        except UnsafeModelError as exc:
            error = exc
        state["draw_upload_check"] = (file.file_id, error)
    if (error := state["draw_upload_check"][1]) is not None:
        st.error(error.text(ui.lang()), icon=":material/gpp_bad:")


def ready_model(source: str) -> ReadyModel:
    """The chosen model, loaded or trained on first use (raises ValueError when a saved run can't be opened)."""
    if source == "session":
        result = state["result"]
        return ReadyModel(result.model, result.config.dataset, result.test_accuracy)
    if source == "upload":
        return ReadyModel(state["draw_upload"][1], "mnist", float("nan"))  # a file says nothing of its classes
    if source == "quick":
        with st.spinner(ui.tr("draw.quick.preparing")):  # shows only if it takes over half a second
            return quick_model()
    runs = state.setdefault("draw_runs", {})
    if source not in runs:
        with st.spinner(ui.tr("draw.run.loading")):
            runs[source] = load_saved_model(int(source[4:]))
    return runs[source]


def chosen_model(source: str, sources: dict) -> ReadyModel:
    """The chosen model; when it can't be loaded, say why and go on with the last one that could."""
    try:
        ready = ready_model(source)
    except ValueError as exc:  # a saved run deleted meanwhile, a damaged model file
        st.error(ui.tr("draw.run.failed", reason=ui.error_text(exc)))
        fallback = state.get("draw_last_model", "quick")
        return ready_model(fallback if fallback in sources and fallback != source else "quick")
    state["draw_last_model"] = source
    return ready


def canvas_ui() -> np.ndarray | None:
    """The canvas (white pen on black), its pen width and Clear; returns the RGBA drawing."""
    st.space()  # room for the canvas' own toolbar, which floats above it
    canvas_box = st.container()  # the canvas goes above its controls, but needs the pen width first
    clear_col, pen_col = st.columns([1, 2], vertical_alignment="bottom")
    pen = pen_col.slider(ui.tr("draw.pen"), 10, 40, 20, key="draw_pen")
    clear_col.button(ui.tr("draw.clear"), key="draw_clear", icon=":material/ink_eraser:",
                     on_click=lambda: state.update(draw_clears=state.get("draw_clears", 0) + 1))
    with canvas_box:
        # a new initial drawing empties the canvas in place; the emptied drawing then comes back as a new value
        canvas = st_canvas(stroke_width=pen, stroke_color="#FFFFFF", background_color="#000000", height=280,
                           width=280, drawing_mode="freedraw", return_image_data=True, key="draw_canvas",
                           initial_drawing={"objects": [], "clears": state.get("draw_clears", 0)})
    return canvas.image_data


@st.cache_data(max_entries=16, show_spinner=False)
def read_photo(data: bytes):
    """A photo's preprocessing steps (None when it shows no ink); cached, as a large photo takes a moment."""
    return canvas_to_mnist(load_image_file(data))


def test_digit_ui(ready: ReadyModel, names: list[str]) -> tuple[np.ndarray, int]:
    """A held-out test image of the model's data set (a new one on each click) and its true class."""
    from dnn_core.data import load_dataset

    data = load_dataset(ready.dataset)
    if st.button(ui.tr("draw.random"), key="draw_random", icon=":material/casino:") or "draw_test_index" not in state:
        state["draw_test_index"] = int(np.random.default_rng().integers(len(data.x_test)))
    index = state["draw_test_index"] % len(data.x_test)  # another model's data set may be smaller
    truth = int(data.y_test[index])
    st.image(step_picture(data.x_test[index], 2 * STEP_PX), output_format="PNG", caption=ui.tr(
        "draw.test.caption", index=index, data=ui.tr(f"data.name.{data.name}"), truth=names[truth]))
    return data.x_test[index], truth


def prediction_ui(probs: np.ndarray, names: list[str]) -> None:
    """The most probable class with its confidence, the top 3 and all ten probabilities."""
    guesses = top_k(probs, 3, names)
    st.metric(ui.tr("draw.prediction"), guesses[0].name, delta_color="off", delta_arrow="off",
              delta=ui.tr("draw.confidence", percent=f"{guesses[0].probability:.0%}"))
    st.markdown(f"**{ui.tr('draw.top3')}:** " + " · ".join(f"{g.name} ({g.probability:.1%})" for g in guesses))
    st.plotly_chart(probabilities_figure(probs, names, ui.lang()), key="draw_chart", config={"displayModeBar": False})


st.title(ui.tr("nav.draw"))
st.caption(ui.tr("draw.intro"))

# Which model reads the digit: this session's, the quick model, an uploaded file or a saved run
choice_col, upload_col = st.columns([3, 2], gap="large")
with upload_col.expander(ui.tr("draw.upload.title"), icon=":material/upload_file:"):
    take_upload()  # before the choice is drawn, so an accepted file can become the choice
sources = model_choices(ui.lang(), session=state.get("result") is not None, skip_run=state.get("run_id"),
                        upload_name=state["draw_upload"][0] if "draw_upload" in state else None)
ui.keep_choice("draw_model", list(sources), next(iter(sources)))
source = choice_col.selectbox(ui.tr("draw.model"), list(sources), format_func=sources.get, key="draw_model")

mode = st.segmented_control(ui.tr("draw.input"), ["draw", "photo", "test"], required=True, default="draw",
                            format_func=lambda m: ui.tr(f"draw.input.{m}"), key="draw_input")
input_col, output_col = st.columns([2, 3], gap="large")

# Input: a drawing or a photo, put on screen before the model is prepared (the first quick model takes a while)
steps = photo = None
with input_col:
    try:
        if mode == "draw":
            drawing = canvas_ui()
            steps = canvas_to_mnist(drawing) if drawing is not None else None
        elif mode == "photo":
            photo = st.file_uploader(ui.tr("draw.photo.label"), type=["png", "jpg", "jpeg"], key="draw_photo")
            steps = read_photo(photo.getvalue()) if photo is not None else None
    except DrawError as exc:  # a damaged photo, a filled canvas: one sentence, and the page goes on
        st.error(exc.text(ui.lang()))
        st.stop()
with output_col:
    ready = chosen_model(source, sources)
names = class_names(ready.dataset, ui.lang())
choice_col.caption(model_note(ready, ui.lang(), uploaded=source == "upload"))

# ... or a held-out test image with its true class
truth = None
if mode == "test":
    with input_col:
        image28, truth = test_digit_ui(ready, names)
elif steps is None:  # nothing to read yet: say what to do, predict nothing
    message = "draw.empty" if mode == "draw" else "draw.photo.no_ink" if photo is not None else "draw.photo.none"
    output_col.info(ui.tr(message), icon=":material/draw:")
    st.stop()

# Prediction
probs = predict_probabilities(ready.model, image28 if truth is not None else steps.centred)
predicted = int(np.argmax(probs))
with output_col:
    prediction_ui(probs, names)
    if truth is not None:
        verdict = st.success if predicted == truth else st.warning
        verdict(ui.tr("draw.test.right" if predicted == truth else "draw.test.wrong", truth=names[truth],
                      predicted=names[predicted]))

# The steps from the input to what the model reads
if steps is not None:
    st.subheader(ui.tr("draw.steps"))
    st.caption(ui.tr("draw.steps.caption") + (" " + ui.tr("draw.steps.inverted") if steps.inverted else ""))
    for column, name in zip(st.columns(4), ("raw", "cropped", "scaled", "centred")):
        column.image(step_picture(getattr(steps, name)), caption=ui.tr(f"draw.step.{name}"), width=STEP_PX,
                     output_format="PNG")  # JPEG would blur the pixel grid
