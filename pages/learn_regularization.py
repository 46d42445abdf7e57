"""Learn, keeping a network general: regularization and the Lagrange multiplier behind it."""

import streamlit as st

from dnn_core.charts import learn as charts
from dnn_core.lessons import learn_lagrange, learn_regularization
from pages import learn_ui as lui
from pages import state, ui


def regularization() -> None:
    st.markdown(ui.tr("learn.reg.intro"))
    st.markdown(ui.tr("learn.reg.notes"))
    st.markdown(ui.tr("learn.reg.dropout_notes"))
    columns = st.columns(3)
    lam = columns[0].select_slider(ui.tr("learn.reg.lambda"), learn_regularization.REG_LAMBDAS, 0.1,
                                   key="learn_lambda", **lui.KEEP)
    rate = columns[1].slider(ui.tr("learn.reg.rate"), 0.0, 0.9, 0.5, 0.1, key="learn_dropout_rate", **lui.KEEP)
    columns[1].button(ui.tr("learn.reg.redraw"), key="learn_dropout_redraw", icon=":material/casino:",
                      on_click=lambda: state.LEARN_DROPOUT_STEP.set(dropout_step() + 1))
    batch = columns[2].select_slider(ui.tr("learn.reg.batch"), (8, 16, 32, 64, 128, 256), 128,
                                     key="learn_bn_batch", **lui.KEEP)
    paths = lui.regularization_paths(learn_regularization.REG_LAMBDAS)
    zeros = learn_regularization.exact_zeros(paths, lam)
    st.markdown(ui.tr("learn.reg.zeros", lam=lam, l1=zeros["l1"], l2=zeros["l2"], step=dropout_step()))
    lui.show(charts.regularization_figure(paths, lam, learn_regularization.dropout_layer(rate, dropout_step()), rate,
                                      lui.batch_norm_demo(batch), ui.lang()), "regularization")
    st.markdown(ui.tr("learn.reg.bn_advantages"))
    lui.try_it("no_dropout", "heavy_dropout", "l2", "wide_batch_norm")


def dropout_step() -> int:
    """How many times this session redrew the dropout mask (each redraw is one training step)."""
    return state.LEARN_DROPOUT_STEP.get()


def lagrange() -> None:
    st.markdown(ui.tr("learn.lag.intro"))
    left, right = st.columns(2)
    c = left.slider(ui.tr("learn.lag.c"), 8, 72, 32, 2, key="learn_lag_c", **lui.KEEP)
    angle = right.slider(ui.tr("learn.lag.angle"), 0, 355, 20, 5, key="learn_lag_angle", **lui.KEEP)
    solutions, probe = learn_lagrange.lagrange_table(c), learn_lagrange.gradients_on_circle(c, angle)
    lui.show(charts.lagrange_figure(c, solutions, probe, ui.lang()), "lagrange")
    solutions["kind"] = solutions["kind"].map(lambda k: ui.tr(f"learn.lag.{k}"))
    lui.table(solutions, "learn.lag.col", hide_index=True,
              column_config=lui.numbers(solutions, "learn.lag.col", "%.6f"))
    st.markdown(ui.tr("learn.lag.probe_text", angle=f"{probe['angle']:.1f}", f=f"{probe['f']:.2f}"))
    st.markdown(ui.tr("learn.lag.notes"))
