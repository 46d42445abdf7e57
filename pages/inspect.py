"""Inspect: test results, the class's own handwriting, inside the network, diagnostics in plain words and
downloads, for this session's model or a saved run's (``inspect_source`` picks and evaluates it once per model)."""

import streamlit as st
from streamlit.errors import StreamlitAPIException

from dnn_core.charts import inspect as charts
from dnn_core.engine import export
from dnn_core.engine.model import keras_code
from dnn_core.engine.predict import class_names
from pages import inspect_cnn, inspect_digits, inspect_source, ui
from pages.inspect_confusion import confusion_section, zoomed_png

lang = ui.lang()
st.title(ui.tr("inspect.title"))
st.caption(ui.tr("inspect.intro"))

# Which model: this session's, or a saved run's
sources = inspect_source.sources()
source = next(iter(sources), None)
if len(sources) > 1:
    ui.keep_choice("inspect_source", list(sources), source)
    source = st.selectbox(ui.tr("inspect.source"), list(sources), format_func=sources.get, key="inspect_source")
if source is None:
    st.info(ui.tr("inspect.no_model"))
    try:
        st.page_link("pages/train.py", label=ui.tr("inspect.no_model.link"), icon=":material/model_training:")
    except StreamlitAPIException:  # Build & Train is not part of this app (yet): the text above says what to do
        pass
    st.stop()

entry = inspect_source.inspection(source)
result, found = entry["result"], entry["inspection"]
chart = inspect_source.charts_of(entry, lang)  # each chart built once per model and language, then reused
data, evaluation = found.data, found.evaluation
if data.name != result.config.dataset:
    st.warning(ui.tr("inspect.data_fallback", requested=result.config.dataset, used=data.name))
names = class_names(data.name, lang)

# Results
st.header(ui.tr("inspect.results"))
cols = st.columns(4)
cols[0].metric(ui.tr("inspect.metric.test_accuracy"), f"{100 * evaluation.test_accuracy:.2f} %")
cols[1].metric(ui.tr("inspect.metric.test_loss"), f"{evaluation.test_loss:.4f}")
cols[2].metric(ui.tr("inspect.metric.test_images"), f"{len(data.y_test):,}")
cols[3].metric(ui.tr("inspect.metric.mistakes"), f"{int((evaluation.predictions != data.y_test).sum()):,}")
if ui.peak_text(result.worker):
    st.caption(ui.peak_text(result.worker))

confusion_section("inspect", found.matrix, names, data.y_test, evaluation.predictions, data.x_test, chart)

st.plotly_chart(chart("per_class", lambda: charts.per_class_figure(found.per_class, names, lang,
                                                                   evaluation.test_accuracy)),
                key="inspect_per_class_chart")

st.subheader(ui.tr("inspect.mistakes.heading"))
st.caption(ui.tr("inspect.mistakes.caption"))
if found.mistakes.empty:
    st.info(ui.tr("inspect.mistakes.none"))
else:
    st.image(chart("mistakes", lambda: [zoomed_png(data.x_test[i]) for i in found.mistakes["index"]]),
             caption=[ui.tr("inspect.mistakes.item", true=names[m.true], predicted=names[m.predicted],
                            confidence=f"{m.confidence:.0%}") for m in found.mistakes.itertuples()])

inspect_digits.digits_section(source, entry, evaluation.test_accuracy, names, chart)

# Inside the network
st.header(ui.tr("inspect.inside"))
first = "filters" if found.convolutional else "first_layer"  # a CNN's first Dense layer reads features, not pixels


def weights_tab() -> None:
    st.caption(ui.tr("inspect.weights.caption" if result.initial_weights else "inspect.weights.no_initial"))
    st.plotly_chart(chart("weights", lambda: charts.weight_histogram_figure(found.weights, lang)),
                    key="inspect_weights_chart")


def first_layer_tab() -> None:
    if found.convolutional:
        inspect_cnn.render(found, inspect_source.model(source, entry), names, lang)
        return
    st.caption(ui.tr("inspect.first_layer.caption", shown=len(found.first_layer), units=found.first_layer_units))
    st.plotly_chart(chart("first_layer", lambda: charts.first_layer_figure(found.first_layer, lang)),
                    key="inspect_first_layer_chart")


def records_tab(name: str, frame, figure) -> None:
    if frame.empty:
        st.info(ui.tr(f"inspect.{name}.none"))
        return
    st.caption(ui.tr(f"inspect.{name}.caption"))
    st.plotly_chart(chart(name, figure, frame, lang), key=f"inspect_{name}_chart")


# Only the open tab is drawn (a click on another reruns the page): the server builds and sends one figure, not
# four, and a CNN's model loads for its feature maps only when that tab is opened
views = {"weights": weights_tab, first: first_layer_tab,
         "gradients": lambda: records_tab("gradients", result.gradient_history, charts.gradient_flow_figure),
         "dead": lambda: records_tab("dead", found.dead, charts.dead_relu_figure)}
tabs = st.tabs([ui.tr(f"inspect.tab.{name}") for name in views], key="inspect_inside_tab", on_change="rerun")
for tab, view in zip(tabs, views.values()):
    if tab.open:
        with tab:
            view()

# Diagnostics in plain words
st.header(ui.tr("inspect.diagnostics"))
for d in found.diagnoses:
    finding, suggestion = ui.tr(d.key, **d.params), ui.tr(d.suggestion, **d.params)
    box = {"error": st.error, "warning": st.warning}.get(d.severity, st.info)
    box(ui.tr("inspect.diag.finding_line", title=ui.tr(d.title), finding=finding) + "\n\n"
        + ui.tr("inspect.diag.try_line", suggestion=suggestion))
if not found.diagnoses:
    st.success(ui.tr("inspect.diag.none"))
if result.gradient_history.empty:
    st.caption(ui.tr("inspect.diag.no_gradients"))

# Take it home
st.header(ui.tr("inspect.take_home"))
files = export.downloads(result, lang, inspect_source.model_file(source, entry))
buttons = st.container(horizontal=True)  # each button as wide as its label, wrapping onto a second row if need be
for file in files:
    buttons.download_button(ui.tr(f"inspect.download.{file.name}"), file.data, file_name=file.file_name,
                           mime=file.mime, on_click="ignore", icon=":material/download:",
                           key=f"inspect_download_{file.name}")
st.caption(ui.tr("inspect.download.caption", file=files[0].file_name))
st.caption(ui.tr("inspect.notebook.caption"))
if files[-1].name == "tensorboard":
    st.caption(ui.tr("inspect.tensorboard.caption"))
    st.code(export.tensorboard_command(), language="bash")
else:
    st.caption(ui.tr("inspect.tensorboard.none"))
st.subheader(ui.tr("inspect.code.heading"))
st.code(keras_code(result.config), language="python")
