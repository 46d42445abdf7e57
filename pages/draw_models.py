"""Draw & Predict's models: a .keras upload checked here and loaded on a worker before it is loaded here, and the
chosen model loaded on first use (nothing is trained in the server)."""

import streamlit as st

from dnn_core.engine.predict import PIXEL_SCALES, pixel_scale
from dnn_core.engine.upload import UnsafeModelError
from dnn_core.running.quick_model import ReadyModel, load_saved_model, quick_model
from dnn_core.running.served import uploaded_model
from pages import state, ui


def take_upload() -> None:
    """Check a newly uploaded .keras file: a safe one becomes the model in use, a refused one says why."""
    # no type=[...]: Streamlit would refuse another file type with its own English sentence; our check says it
    file = st.file_uploader(ui.tr("draw.upload.label"), key="draw_model_file", help=ui.tr("draw.upload.help"))
    if file is None:
        state.DRAW_UPLOAD_CHECK.pop()
        return
    if (state.DRAW_UPLOAD_CHECK.get() or (None,))[0] != file.file_id:  # check each file once, not on every rerun
        try:
            with st.spinner(ui.tr("draw.upload.checking")):
                state.DRAW_UPLOAD.set((file.name, uploaded_model(file.getvalue())))
            state.DRAW_CHOICE.set("upload")  # it reads the drawing until another is picked
            error = None
            state.DRAW_SCALES.kept().pop("upload", None)  # a new file starts on its own pixel scale
        except UnsafeModelError as exc:
            error = exc
        state.DRAW_UPLOAD_CHECK.set((file.file_id, error))
    if (error := state.DRAW_UPLOAD_CHECK.get()[1]) is not None:
        st.error(ui.error_text(error), icon=":material/gpp_bad:")


def model_choice_ui(sources: dict) -> str:
    """The model select box; a pick (or an accepted upload) stays the choice, across pages, until another one."""
    def picked() -> None:
        state.DRAW_CHOICE.set(state.widget("draw_model"))

    # the select box's own state is dropped while another page shows, and its labels change with the language
    remembered = state.DRAW_CHOICE.get()
    state.set_widget("draw_model", remembered if remembered in sources else next(iter(sources)))
    return st.selectbox(ui.tr("draw.model"), list(sources), format_func=sources.get, key="draw_model",
                        on_change=picked)


def pixel_scale_ui(source: str, ready: ReadyModel) -> str:
    """The pixel scale the model is given: the one it expects, said in a caption, unless the user switched it."""
    own = pixel_scale(ready.model)
    switched = state.DRAW_SCALES.kept()  # model choice → the scale the user switched it to
    state.set_widget("draw_scale", switched.get(source, own))
    scale = st.segmented_control(ui.tr("draw.scale"), list(PIXEL_SCALES), required=True, key="draw_scale",
                                 format_func=ui.labels("draw.scale."),
                                 on_change=lambda: switched.update({source: state.widget("draw_scale")}))
    space = "" if ui.lang() == "zh-TW" else " "  # Chinese sentences end in a full-width 。
    st.caption(ui.tr(f"draw.scale.own.{own}") + (space + ui.tr("draw.scale.switched") if scale != own else ""))
    return scale


def ready_model(source: str) -> ReadyModel:
    """The chosen model, loaded on first use (raises ValueError when a saved run can't be opened)."""
    if source == "session":
        result = state.latest_result()
        return ReadyModel(result.model, result.config.dataset, result.test_accuracy)
    if source == "upload":
        return ReadyModel(state.DRAW_UPLOAD.get()[1], "mnist", float("nan"))  # a file says nothing of its classes
    if source == "quick":
        with st.spinner(ui.tr("draw.quick.preparing")):  # shows only if it takes over half a second
            return quick_model()
    runs = state.DRAW_RUNS.kept()
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
        fallback = state.DRAW_LAST_MODEL.get() or "quick"
        return ready_model(fallback if fallback in sources and fallback != source else "quick")
    state.DRAW_LAST_MODEL.set(source)
    return ready
