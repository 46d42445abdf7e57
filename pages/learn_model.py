"""Learn, the course model from its input to its answer: depth and its cost, Flatten, softmax, evaluate().

Keeps ``state.LEARN_EVALUATION`` (the last evaluate() result: its model source and numbers, so it stays on the page
while other widgets rerun it).
"""

import numpy as np
import streamlit as st

from dnn_core.charts.learn_model import depth_figure, flatten_figure, softmax_figure
from dnn_core.engine.config import DATASET_TRAIN_SIZES
from dnn_core.engine.data import load_dataset, validation_size
from dnn_core.lessons import learn_model
from pages import learn_ui as lui
from pages import state, ui
from pages.learn_cnn import sample_digit

depth_costs = st.cache_data(learn_model.depth_costs, show_spinner=False)
LOGIT_KEYS = [f"learn_logit_{k}" for k in range(10)]
LOSS = "sparse_categorical_crossentropy"  # the quick model's, the course model's


def course_model() -> None:
    st.markdown(ui.tr("learn.model.intro"))
    depth()
    flatten()
    softmax()
    evaluate()


def depth() -> None:
    st.subheader(ui.tr("learn.model.depth_heading"))
    st.markdown(ui.tr("learn.model.depth_text"))
    left, right = st.columns(2)
    layers = left.slider(ui.tr("learn.model.depth"), 0, learn_model.MAX_DEPTH, 1, key="learn_model_depth", **lui.KEEP)
    units = right.select_slider(ui.tr("learn.model.units"), learn_model.UNIT_CHOICES, 128, key="learn_model_units",
                                **lui.KEEP)
    costs = depth_costs(units)
    row = costs.set_index("depth").loc[layers]
    if layers < 2:
        st.markdown(ui.tr(f"learn.model.features_{layers}", units=units))
    else:
        st.markdown(ui.tr("learn.model.features", depth=layers, units=units, more=layers - 1))
    images = DATASET_TRAIN_SIZES["mnist"] - validation_size(DATASET_TRAIN_SIZES["mnist"])
    st.markdown(ui.tr("learn.model.depth_result", parameters=f"{row['parameters']:,}",
                      multiply_adds=f"{row['multiply_adds']:,}", epoch=f"{row['multiply_adds'] * images:,}",
                      images=f"{images:,}"))
    lui.show(depth_figure(costs, layers, units, ui.lang()), "model_depth")
    if st.button(ui.tr("learn.model.depth_try"), key="learn_model_depth_try", icon=":material/science:",
                 disabled=layers == 0):  # the app's models have at least one hidden layer
        ui.switch_to_train(query={"layers": ",".join([str(units)] * layers)})


def flatten() -> None:
    st.subheader(ui.tr("learn.model.flatten_heading"))
    st.markdown(ui.tr("learn.model.flatten_text"))
    left, right = st.columns(2)
    label = left.selectbox(ui.tr("learn.cnn.digit"), range(10), index=3, key="learn_model_digit", **lui.KEEP)
    row = right.slider(ui.tr("learn.model.row"), 0, 27, 14, key="learn_model_row", **lui.KEEP)
    image = sample_digit(label)
    start, end = learn_model.flat_span(row)
    st.markdown(ui.tr("learn.model.flatten_result", row=row, start=start, end=end,
                      ink=int(np.count_nonzero(learn_model.flatten(image)))))
    lui.show(flatten_figure(image, row, ui.lang()), "model_flatten")


def reset_logits() -> None:
    for key, value in zip(LOGIT_KEYS, learn_model.DEFAULT_LOGITS):
        state.set_widget(key, value)
    state.set_widget("learn_model_shift", 0.0)


def softmax() -> None:
    st.subheader(ui.tr("learn.model.softmax_heading"))
    st.markdown(ui.tr("learn.model.softmax_text"))
    columns = st.columns(5) + st.columns(5)
    logits = [column.slider(ui.tr("learn.model.logit", k=k), -5.0, 10.0, learn_model.DEFAULT_LOGITS[k], 0.5,
                            key=key, **lui.KEEP) for k, (column, key) in enumerate(zip(columns, LOGIT_KEYS))]
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    shift = left.slider(ui.tr("learn.model.shift"), -5.0, 5.0, 0.0, 0.5, key="learn_model_shift", **lui.KEEP)
    right.button(ui.tr("learn.model.reset"), key="learn_model_reset", on_click=reset_logits, icon=":material/undo:")
    shifted = [z + shift for z in logits]
    probs = learn_model.softmax(shifted)
    winner = int(probs.argmax())
    st.markdown(ui.tr("learn.model.softmax_result", total=f"{probs.sum():.4f}", winner=winner,
                      p=f"{probs[winner]:.4f}", loss=f"{-np.log(probs[winner]):.4f}"))
    lui.show(softmax_figure(shifted, probs, ui.lang()), "model_softmax")


def evaluate() -> None:
    st.subheader(ui.tr("learn.model.evaluate_heading"))
    st.markdown(ui.tr("learn.model.evaluate_text"))
    sources = (["session"] if state.latest_result() is not None else []) + ["quick"]
    ui.keep_choice("learn_model_source", sources, sources[0])
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    source = left.radio(ui.tr("learn.model.source"), sources, key="learn_model_source",
                        format_func=ui.labels("learn.model.source."), horizontal=True)
    if right.button(ui.tr("learn.model.evaluate_button"), key="learn_model_evaluate", icon=":material/fact_check:"):
        with st.spinner(ui.tr("learn.model.evaluating")):
            state.LEARN_EVALUATION.set(evaluated(source))
    found = state.LEARN_EVALUATION.get()
    if found and found["source"] == source:
        st.markdown(ui.tr("learn.model.evaluated", images=f"{found['images']:,}",
                          data=ui.tr(f"data.name.{found['dataset']}")))
        st.code(f"print(model.evaluate(x_test, y_test))\n[{found['loss']:.4f}, {found['accuracy']:.4f}]",
                language="python")
        st.markdown(ui.tr("learn.model.by_hand", right=f"{found['right']:,}", images=f"{found['images']:,}",
                          accuracy=f"{found['hand_accuracy']:.4f}", loss=f"{found['hand_loss']:.4f}"))
        if found["penalty"]:
            st.caption(ui.tr("learn.model.penalty"))


def evaluated(source: str) -> dict:
    """Keras's evaluate() of the chosen model on its data set's test images, and the same numbers by hand."""
    from dnn_core.engine.evaluate import predict_probs
    from dnn_core.running.quick_model import quick_model

    if source == "session":
        result = state.latest_result()
        config = result.config
        model, dataset = result.model, config.dataset
    else:
        ready = quick_model()
        model, dataset, config = ready.model, ready.dataset, None
    loss_name, penalty = (config.loss, bool(config.l1 or config.l2)) if config else (LOSS, False)
    data = load_dataset(dataset)
    loss, accuracy = learn_model.evaluate_as_keras(model, data.x_test, data.y_test, loss_name)[:2]
    hand = learn_model.by_hand(predict_probs(model, data.x_test), data.y_test, loss_name)
    return {"source": source, "dataset": data.name, "loss": loss, "accuracy": accuracy, "penalty": penalty,
            "right": hand["right"], "images": hand["images"], "hand_accuracy": hand["accuracy"],
            "hand_loss": hand["loss"]}
