"""Draw & Predict: draw a digit (or upload a photo, or pick a test image), see it prepared like MNIST, and read it.

What the page keeps for the session (the models loaded, the upload, the choice, the Clear presses, …) is declared in
pages/state.py under "Draw & Predict"; this session's own model is ``state.latest_result()``.
"""

import numpy as np
import streamlit as st

from dnn_core.charts.draw import STEP_PX, probabilities_figure, step_picture
from dnn_core.engine.predict import class_names, predict_probabilities, top_k
from dnn_core.running.quick_model import model_choices, model_note
from pages import draw_collect, state, ui
from pages.draw_inputs import drawn_steps, test_digit_ui
from pages.draw_models import chosen_model, model_choice_ui, pixel_scale_ui, take_upload


def prediction_ui(probs: np.ndarray, names: list[str]) -> None:
    """The most probable class with its confidence and the top 3."""
    guesses = top_k(probs, 3, names)
    st.metric(ui.tr("draw.prediction"), guesses[0].name, delta_color="off", delta_arrow="off",
              delta=ui.tr("draw.confidence", percent=f"{guesses[0].probability:.0%}"))
    st.markdown(f"**{ui.tr('draw.top3')}:** " + " · ".join(f"{g.name} ({g.probability:.1%})" for g in guesses))


st.title(ui.tr("nav.draw"))
st.caption(ui.tr("draw.intro"))

# Which model reads the digit: this session's, the quick model, an uploaded file or a saved run
choice_col, upload_col = st.columns([3, 2], gap="large")
with upload_col.expander(ui.tr("draw.upload.title"), icon=":material/upload_file:"):
    take_upload()  # before the choice is drawn, so an accepted file can become the choice
sources = model_choices(ui.lang(), session=state.latest_result() is not None, skip_run=state.latest_run_id(),
                        upload_name=state.DRAW_UPLOAD.get()[0] if state.DRAW_UPLOAD.present() else None)
with choice_col:
    source = model_choice_ui(sources)

mode = st.segmented_control(ui.tr("draw.input"), ["draw", "photo", "test"], required=True, default="draw",
                            format_func=ui.labels("draw.input."), key="draw_input")
input_col, output_col = st.columns([2, 3], gap="large")

# Input: a drawing or a photo, put on screen before the model is prepared (the first quick model takes a while)
with input_col:
    steps, photo_given = drawn_steps(mode)
with output_col:
    ready = chosen_model(source, sources)
names = class_names(ready.dataset, ui.lang())
with choice_col:
    st.caption(model_note(ready, ui.lang(), uploaded=source == "upload"))
    scale = pixel_scale_ui(source, ready)  # 0..255 or 0..1, as the model expects unless the user switched

# ... or a held-out test image with its true class
truth = None
if mode == "test":
    with input_col:
        image28, truth = test_digit_ui(ready, names)
elif steps is None:  # nothing to read yet: say what to do, predict nothing
    message = "draw.empty" if mode == "draw" else "draw.photo.no_ink" if photo_given else "draw.photo.none"
    output_col.info(ui.tr(message), icon=":material/draw:")
    if mode == "draw":
        with output_col:
            draw_collect.collect_ui(None)  # what the last "Add to our class's digits" did
    st.stop()

# Prediction
probs = predict_probabilities(ready.model, image28 if truth is not None else steps.centred, scale)
predicted = int(np.argmax(probs))
with output_col:
    prediction_ui(probs, names)
    if truth is not None:
        verdict = st.success if predicted == truth else st.warning
        verdict(ui.tr("draw.test.right" if predicted == truth else "draw.test.wrong", truth=names[truth],
                      predicted=names[predicted]))
    if mode == "draw":  # while the teacher collects the class's handwriting: add this drawing to it, in view
        draw_collect.collect_ui(steps)
    st.plotly_chart(probabilities_figure(probs, names, ui.lang()), key="draw_chart", config={"displayModeBar": False})

# The steps from the input to what the model reads
if steps is not None:
    st.subheader(ui.tr("draw.steps"))
    st.caption(ui.tr("draw.steps.caption") + (" " + ui.tr("draw.steps.inverted") if steps.inverted else ""))
    for column, name in zip(st.columns(4), ("raw", "cropped", "scaled", "centred")):
        column.image(step_picture(getattr(steps, name)), caption=ui.tr(f"draw.step.{name}"), width=STEP_PX,
                     output_format="PNG")  # JPEG would blur the pixel grid
