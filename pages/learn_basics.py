"""Learn, the first sections: a neuron and a layer, activations, losses."""

import math

import streamlit as st

from dnn_core.charts import learn as charts
from dnn_core.lessons import learn_activations, learn_losses
from pages import learn_ui as lui
from pages import ui


def neuron() -> None:
    shapes = learn_activations.layer_shapes(784, 128)  # the course model's first Dense layer
    st.markdown(ui.tr("learn.neuron.intro", d=shapes["W"][0], m=shapes["W"][1], params=f"{shapes['params']:,}"))
    controls, figure = st.columns([1, 2])
    w1 = controls.slider(ui.tr("learn.neuron.w1"), -3.0, 3.0, 1.0, 0.1, key="learn_w1", **lui.KEEP)
    w2 = controls.slider(ui.tr("learn.neuron.w2"), -3.0, 3.0, 1.0, 0.1, key="learn_w2", **lui.KEEP)
    b = controls.slider(ui.tr("learn.neuron.b"), -3.0, 3.0, -1.0, 0.1, key="learn_b", **lui.KEEP)
    activation = controls.selectbox("σ", learn_activations.ACTIVATION_NAMES, key="learn_neuron_act", **lui.KEEP)
    x1 = controls.slider(ui.tr("learn.neuron.x1"), -3.0, 3.0, 1.0, 0.1, key="learn_x1", **lui.KEEP)
    x2 = controls.slider(ui.tr("learn.neuron.x2"), -3.0, 3.0, -0.5, 0.1, key="learn_x2", **lui.KEEP)
    surface = learn_activations.neuron_surface(w1, w2, b, activation, (x1, x2))
    z = f"{surface.point_z:.4f}"
    controls.markdown(ui.tr("learn.neuron.result", pre=f"{surface.point_pre:.2f}", z=z, activation=activation))
    if activation == "sigmoid":  # only a sigmoid's output reads as a probability, so only it rounds to a class
        controls.markdown(ui.tr("learn.neuron.prediction", prediction=surface.prediction))
    else:
        controls.caption(ui.tr("learn.neuron.no_prediction", activation=activation, z=z))
    with figure:
        lui.show(charts.neuron_figure(surface, activation, ui.lang()), "neuron")


def activations() -> None:
    tanh_slope = learn_activations.activation_and_derivative("tanh", [1.0, 2.0])[1]  # tanh′ away from 0
    st.markdown(ui.tr("learn.act.intro", tanh_1=f"{tanh_slope[0]:.2f}", tanh_2=f"{tanh_slope[1]:.3f}"))
    left, right = st.columns([2, 1])
    names = left.multiselect(ui.tr("learn.act.pick"), learn_activations.ACTIVATION_NAMES,
                             default=["sigmoid", "tanh", "relu"], key="learn_act_pick", **lui.KEEP)
    depth = right.slider(ui.tr("learn.act.depth"), 1, 20, 5, key="learn_depth", **lui.KEEP)
    st.markdown(ui.tr("learn.act.depth_result", depth=depth,
                      value=f"{learn_activations.gradient_left('sigmoid', depth):.2e}"))
    if names:
        bounds = learn_activations.gradient_bound_by_depth(names, depth)
        lui.show(charts.activation_figure(lui.activation_curves(names), bounds, depth, ui.lang()), "activations")
    else:
        st.info(ui.tr("learn.act.pick_one"))
    means = lui.activation_table().set_index("activation")["mean_output"]
    lui.table(lui.activation_table(), "learn.act.col", hide_index=True)
    st.markdown(ui.tr("learn.act.variants", relu=f"{means['relu']:.2f}", leaky=f"{means['leaky_relu']:.2f}",
                      elu=f"{means['elu']:.2f}", softplus=f"{means['softplus']:.2f}"))
    lui.try_it("deep_sigmoid", "deep_relu")


def loss() -> None:
    st.markdown(ui.tr("learn.loss.intro", coin=f"{learn_losses.entropy_bits([0.5, 0.5]):g}"))
    st.markdown(ui.tr("learn.loss.notes"))
    outlier = st.slider(ui.tr("learn.loss.outlier"), 0.0, 40.0, 0.0, 1.0, key="learn_outlier", **lui.KEEP)
    outcomes = {ui.tr(f"learn.stock.{o}"): o for o in learn_losses.STOCK_OUTCOMES}  # label -> outcome
    actual = outcomes[st.radio(ui.tr("learn.loss.actual"), list(outcomes), horizontal=True, key="learn_actual",
                               **lui.KEEP)]
    weights = [column.slider(ui.tr("learn.loss.weight", outcome=ui.tr(f"learn.stock.{o}")), 1, 100, default,
                             key=f"learn_weight_{o}", **lui.KEEP)
               for column, o, default in zip(st.columns(3), learn_losses.STOCK_OUTCOMES, (70, 20, 10))]
    fits, forecast = learn_losses.outlier_regression(outlier), learn_losses.stock_forecast(actual, weights)
    for column, key, value in zip(st.columns(4), ("ce_bits", "ce_nats", "entropy", "mse"),
                                  (forecast.cross_entropy_bits, forecast.cross_entropy_nats,
                                   forecast.prediction_entropy_bits, forecast.mse)):
        column.metric(ui.tr(f"learn.loss.metric_{key}"), f"{value:.4f}")
    lui.show(charts.loss_figure(fits, forecast, learn_losses.confident_wrong_gradients(), actual, ui.lang()), "loss")
    lui.table(fits.fits.rename(index=lambda name: ui.tr(f"learn.loss.line_{name}")), "learn.loss.col")
    st.markdown(ui.tr("learn.loss.why_ce"))
    averaged_cross_entropy(weights, actual)
    lui.try_it("mse_loss")


def averaged_cross_entropy(weights, actual: str) -> None:
    """The notes' −(1/N) Σᵢ Σⱼ tᵢⱼ log pᵢⱼ over a few days of the stock example, today's forecast the last."""
    days = learn_losses.stock_days(weights, actual)
    st.markdown(ui.tr("learn.loss.average", n=len(days)))
    days["actual"] = days["actual"].map(lambda o: ui.tr(f"learn.stock.{o}"))
    lui.table(days, "learn.loss.day.col", hide_index=True,
              column_config=lui.numbers(days, "learn.loss.day.col", "%.2f", day="%d", loss="%.4f"))
    mean = days["loss"].mean()
    st.markdown(ui.tr("learn.loss.average_result", n=len(days), mean=f"{mean:.4f}", bits=f"{mean / math.log(2):.4f}"))
