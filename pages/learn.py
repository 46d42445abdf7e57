"""Learn: the course's concepts as small experiments, each one click away from a real run on Build & Train.

One tab per concept; only the open tab runs (lazy tabs), and every widget keeps its value for the session.
Session-state keys of this page besides the widgets': "learn_section" (the open tab's section),
"learn_tab_first" / "learn_tab_lang" (which tab a new tab widget opens on), "learn_dropout_step" (mask redraws).
"""

from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from dnn_core import learn
from dnn_core.charts import learn as charts
from pages import ui

SECTIONS = ("neuron", "activations", "loss", "gd", "backprop", "regularization", "lagrange", "optimizers",
            "tensorboard")
KEEP = dict(persist_state="session")  # widget values survive switching tabs and pages
# The same for every visitor and the slowest to compute: once per server, not per slider move.
activation_table = st.cache_data(learn.activation_table, show_spinner=False)
activation_curves = st.cache_data(learn.activation_curves, show_spinner=False)
regularization_paths = st.cache_data(learn.regularization_paths, show_spinner=False)
batch_norm_demo = st.cache_data(learn.batch_norm_demo, show_spinner=False)


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


def neuron() -> None:
    shapes = learn.layer_shapes(784, 128)  # the course model's first Dense layer
    st.markdown(ui.tr("learn.neuron.intro", d=shapes["W"][0], m=shapes["W"][1], params=f"{shapes['params']:,}"))
    controls, figure = st.columns([1, 2])
    w1 = controls.slider(ui.tr("learn.neuron.w1"), -3.0, 3.0, 1.0, 0.1, key="learn_w1", **KEEP)
    w2 = controls.slider(ui.tr("learn.neuron.w2"), -3.0, 3.0, 1.0, 0.1, key="learn_w2", **KEEP)
    b = controls.slider(ui.tr("learn.neuron.b"), -3.0, 3.0, -1.0, 0.1, key="learn_b", **KEEP)
    activation = controls.selectbox("σ", learn.ACTIVATION_NAMES, key="learn_neuron_act", **KEEP)
    x1 = controls.slider(ui.tr("learn.neuron.x1"), -3.0, 3.0, 1.0, 0.1, key="learn_x1", **KEEP)
    x2 = controls.slider(ui.tr("learn.neuron.x2"), -3.0, 3.0, -0.5, 0.1, key="learn_x2", **KEEP)
    surface = learn.neuron_surface(w1, w2, b, activation, (x1, x2))
    controls.markdown(ui.tr("learn.neuron.result", pre=f"{surface.point_pre:.2f}", z=f"{surface.point_z:.4f}",
                            prediction=surface.prediction, activation=activation))
    with figure:
        show(charts.neuron_figure(surface, activation, ui.lang()), "neuron")


def activations() -> None:
    st.markdown(ui.tr("learn.act.intro"))
    left, right = st.columns([2, 1])
    names = left.multiselect(ui.tr("learn.act.pick"), learn.ACTIVATION_NAMES, default=["sigmoid", "tanh", "relu"],
                             key="learn_act_pick", **KEEP)
    depth = right.slider(ui.tr("learn.act.depth"), 1, 20, 5, key="learn_depth", **KEEP)
    st.markdown(ui.tr("learn.act.depth_result", depth=depth,
                      value=f"{learn.gradient_left('sigmoid', depth):.2e}"))
    if names:
        show(charts.activation_figure(activation_curves(names), learn.gradient_bound_by_depth(names, depth),
                                      depth, ui.lang()), "activations")
    else:
        st.info(ui.tr("learn.act.pick_one"))
    table(activation_table(), "learn.act.col", hide_index=True)
    try_it("deep_sigmoid", "deep_relu")


def loss() -> None:
    st.markdown(ui.tr("learn.loss.intro", coin=f"{learn.entropy_bits([0.5, 0.5]):g}"))
    outlier = st.slider(ui.tr("learn.loss.outlier"), 0.0, 40.0, 0.0, 1.0, key="learn_outlier", **KEEP)
    outcomes = {ui.tr(f"learn.stock.{o}"): o for o in learn.STOCK_OUTCOMES}  # label -> outcome
    actual = outcomes[st.radio(ui.tr("learn.loss.actual"), list(outcomes), horizontal=True, key="learn_actual",
                               **KEEP)]
    weights = [column.slider(ui.tr("learn.loss.weight", outcome=ui.tr(f"learn.stock.{o}")), 1, 100, default,
                             key=f"learn_weight_{o}", **KEEP)
               for column, o, default in zip(st.columns(3), learn.STOCK_OUTCOMES, (70, 20, 10))]
    fits, forecast = learn.outlier_regression(outlier), learn.stock_forecast(actual, weights)
    for column, key, value in zip(st.columns(4), ("ce_bits", "ce_nats", "entropy", "mse"),
                                  (forecast.cross_entropy_bits, forecast.cross_entropy_nats,
                                   forecast.prediction_entropy_bits, forecast.mse)):
        column.metric(ui.tr(f"learn.loss.metric_{key}"), f"{value:.4f}")
    show(charts.loss_figure(fits, forecast, learn.confident_wrong_gradients(), actual, ui.lang()), "loss")
    table(fits.fits.rename(index=lambda name: ui.tr(f"learn.loss.line_{name}")), "learn.loss.col")
    st.markdown(ui.tr("learn.loss.why_ce"))
    try_it("mse_loss")


def gradient_descent() -> None:
    st.markdown(ui.tr("learn.gd.intro"))
    left, middle, right = st.columns(3)
    lr = left.select_slider(ui.tr("learn.gd.lr"), learn.GD_LEARNING_RATES, 0.1, key="learn_gd_lr", **KEEP)
    epochs = middle.slider(ui.tr("learn.gd.epochs"), 1, 5, 2, key="learn_gd_epochs", **KEEP)
    size = right.select_slider(ui.tr("learn.gd.batch"), (2, 4, 8, 16, 32), 8, key="learn_gd_batch", **KEEP)
    runs = learn.descent_modes(size, epochs)
    show(charts.gd_figure(learn.gd_1d(lr), learn.gd_2d(lr), runs, lr, ui.lang()), "gd")
    modes = learn.descent_table(runs)
    modes["mode"] = modes["mode"].map(lambda m: ui.tr(f"learn.gd.name_{m}"))
    table(modes, "learn.gd.col", hide_index=True)
    st.markdown(ui.tr("learn.gd.epoch", n=learn.REGRESSION_POINTS))
    try_it("full_batch", "stochastic")


def backprop() -> None:
    st.markdown(ui.tr("learn.bp.intro"))
    columns = st.columns(4)
    x1 = columns[0].slider(ui.tr("learn.neuron.x1"), -1.0, 1.0, 0.05, 0.05, key="learn_bp_x1", **KEEP)
    x2 = columns[1].slider(ui.tr("learn.neuron.x2"), -1.0, 1.0, 0.10, 0.05, key="learn_bp_x2", **KEEP)
    target = columns[2].slider(ui.tr("learn.bp.target"), 0.0, 1.0, 0.01, 0.01, key="learn_bp_target", **KEEP)
    lr = columns[3].slider(ui.tr("learn.bp.lr"), 0.1, 5.0, 0.5, 0.1, key="learn_bp_lr", **KEEP)
    step = learn.backprop_step((x1, x2), target, lr)
    show(charts.backprop_figure(step, target, ui.lang()), "backprop")
    before, after = st.columns(2)
    before.metric(ui.tr("learn.bp.loss_before"), f"{step.loss:.6f}")
    after.metric(ui.tr("learn.bp.loss_after"), f"{step.new_loss:.6f}", f"{step.new_loss - step.loss:+.6f}",
                 delta_color="inverse")
    table(step.table, "learn.bp.col", column_config=numbers(step.table, "learn.bp.col", "%.6f", difference="%.1e"))
    st.caption(ui.tr("learn.bp.check", diff=f"{step.table['difference'].max():.1e}"))


def regularization() -> None:
    st.markdown(ui.tr("learn.reg.intro"))
    columns = st.columns(3)
    lam = columns[0].select_slider(ui.tr("learn.reg.lambda"), learn.REG_LAMBDAS, 0.1, key="learn_lambda", **KEEP)
    rate = columns[1].slider(ui.tr("learn.reg.rate"), 0.0, 0.9, 0.5, 0.1, key="learn_dropout_rate", **KEEP)
    columns[1].button(ui.tr("learn.reg.redraw"), key="learn_dropout_redraw", icon=":material/casino:",
                      on_click=lambda: st.session_state.update(learn_dropout_step=dropout_step() + 1))
    batch = columns[2].select_slider(ui.tr("learn.reg.batch"), (8, 16, 32, 64, 128, 256), 128,
                                     key="learn_bn_batch", **KEEP)
    paths = regularization_paths(learn.REG_LAMBDAS)
    zeros = learn.exact_zeros(paths, lam)
    st.markdown(ui.tr("learn.reg.zeros", lam=lam, l1=zeros["l1"], l2=zeros["l2"], step=dropout_step()))
    show(charts.regularization_figure(paths, lam, learn.dropout_layer(rate, dropout_step()), rate,
                                      batch_norm_demo(batch), ui.lang()), "regularization")
    try_it("no_dropout", "heavy_dropout", "l2", "wide_batch_norm")


def dropout_step() -> int:
    """How many times this session redrew the dropout mask (each redraw is one training step)."""
    return st.session_state.get("learn_dropout_step", 0)


def lagrange() -> None:
    st.markdown(ui.tr("learn.lag.intro"))
    left, right = st.columns(2)
    c = left.slider(ui.tr("learn.lag.c"), 8, 72, 32, 2, key="learn_lag_c", **KEEP)
    angle = right.slider(ui.tr("learn.lag.angle"), 0, 355, 20, 5, key="learn_lag_angle", **KEEP)
    solutions, probe = learn.lagrange_table(c), learn.gradients_on_circle(c, angle)
    show(charts.lagrange_figure(c, solutions, probe, ui.lang()), "lagrange")
    solutions["kind"] = solutions["kind"].map(lambda k: ui.tr(f"learn.lag.{k}"))
    table(solutions, "learn.lag.col", hide_index=True, column_config=numbers(solutions, "learn.lag.col", "%.6f"))
    st.markdown(ui.tr("learn.lag.probe_text", angle=f"{probe['angle']:.1f}", f=f"{probe['f']:.2f}"))


def optimizers() -> None:
    st.markdown(ui.tr("learn.opt.intro"))
    compare_link()
    try_it("lr_too_high", "lr_too_low")


def compare_link() -> None:
    """A link to Compare if the app has that page (a page run on its own, as in AppTest, has no other pages)."""
    if (Path(__file__).parent / "compare.py").exists():
        try:
            st.page_link("pages/compare.py", label=ui.tr("learn.opt.link"), icon=":material/compare_arrows:")
        except StreamlitPageNotFoundError:
            pass


def tensorboard() -> None:
    st.markdown(ui.tr("learn.tb.intro"))
    st.code(ui.tr("learn.tb.commands"), language="bash")
    st.markdown(ui.tr("learn.tb.tabs"))


RENDER = {"neuron": neuron, "activations": activations, "loss": loss, "gd": gradient_descent, "backprop": backprop,
          "regularization": regularization, "lagrange": lagrange, "optimizers": optimizers,
          "tensorboard": tensorboard}

def first_tab() -> str:
    """The tab to open when the tabs are (re)created: the last section seen, also after a language switch.

    It only changes when the tab widget is new (first visit, back from another page, language switched),
    because a changed default makes Streamlit treat the tabs as a new widget.
    """
    if "learn_tab" not in st.session_state or st.session_state.get("learn_tab_lang") != ui.lang():
        st.session_state["learn_tab_lang"] = ui.lang()
        st.session_state["learn_tab_first"] = st.session_state.get("learn_section", SECTIONS[0])
    return ui.tr(f"learn.tab.{st.session_state['learn_tab_first']}")


st.title(ui.tr("learn.title"))
st.caption(ui.tr("learn.subtitle"))
tabs = st.tabs([ui.tr(f"learn.tab.{s}") for s in SECTIONS], key="learn_tab", on_change="rerun", default=first_tab())
for section, tab in zip(SECTIONS, tabs):
    if tab.open:
        st.session_state["learn_section"] = section
        with tab:
            RENDER[section]()
