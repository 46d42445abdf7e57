"""Learn, how a network learns: gradient descent, backpropagation, optimizers, TensorBoard."""

import streamlit as st

from dnn_core.charts import learn as charts
from dnn_core.charts.learn_notes import optimizer_memory_figure
from dnn_core.lessons import learn_backprop, learn_descent, learn_optimizers, learn_steps
from pages import learn_ui as lui
from pages import ui


def gradient_descent() -> None:
    st.markdown(ui.tr("learn.gd.intro"))
    left, middle, right = st.columns(3)
    lr = left.select_slider(ui.tr("learn.gd.lr"), learn_descent.GD_LEARNING_RATES, 0.1, key="learn_gd_lr", **lui.KEEP)
    epochs = middle.slider(ui.tr("learn.gd.epochs"), 1, 5, 2, key="learn_gd_epochs", **lui.KEEP)
    size = right.select_slider(ui.tr("learn.gd.batch"), (2, 4, 8, 16, 32), 8, key="learn_gd_batch", **lui.KEEP)
    runs = learn_descent.descent_modes(size, epochs)
    lui.show(charts.gd_figure(learn_descent.gd_1d(lr), learn_descent.gd_2d(lr), runs, lr, ui.lang()), "gd")
    modes = learn_descent.descent_table(runs)
    modes["mode"] = modes["mode"].map(lambda m: ui.tr(f"learn.gd.name_{m}"))
    lui.table(modes, "learn.gd.col", hide_index=True)
    st.markdown(ui.tr("learn.gd.notes"))
    st.markdown(ui.tr("learn.gd.terms"))
    mnist = learn_steps.updates_per_epoch()  # the course model's epoch as the app trains it
    st.markdown(ui.tr("learn.gd.epoch", n=learn_descent.REGRESSION_POINTS, images=f"{mnist.images:,}",
                      validation=f"{mnist.validation:,}", trained=f"{mnist.trained:,}", batch=mnist.batch_size,
                      updates=f"{mnist.updates:,}"))
    st.markdown(ui.tr("learn.gd.epochs_notes"))
    lui.try_it("full_batch", "stochastic")


def backprop() -> None:
    st.markdown(ui.tr("learn.bp.intro"))
    columns = st.columns(4)
    x1 = columns[0].slider(ui.tr("learn.neuron.x1"), -1.0, 1.0, 0.05, 0.05, key="learn_bp_x1", **lui.KEEP)
    x2 = columns[1].slider(ui.tr("learn.neuron.x2"), -1.0, 1.0, 0.10, 0.05, key="learn_bp_x2", **lui.KEEP)
    target = columns[2].slider(ui.tr("learn.bp.target"), 0.0, 1.0, 0.01, 0.01, key="learn_bp_target", **lui.KEEP)
    lr = columns[3].slider(ui.tr("learn.bp.lr"), 0.1, 5.0, 0.5, 0.1, key="learn_bp_lr", **lui.KEEP)
    step = learn_backprop.backprop_step((x1, x2), target, lr)
    lui.show(charts.backprop_figure(step, target, ui.lang()), "backprop")
    before, after = st.columns(2)
    before.metric(ui.tr("learn.bp.loss_before"), f"{step.loss:.6f}")
    after.metric(ui.tr("learn.bp.loss_after"), f"{step.new_loss:.6f}", f"{step.new_loss - step.loss:+.6f}",
                 delta_color="inverse")
    lui.table(step.table, "learn.bp.col",
              column_config=lui.numbers(step.table, "learn.bp.col", "%.6f", difference="%.1e"))
    st.caption(ui.tr("learn.bp.check", diff=f"{step.table['difference'].max():.1e}"))


def optimizers() -> None:
    st.markdown(ui.tr("learn.opt.intro"))
    lui.page_link("pages/compare.py", ui.tr("learn.opt.link"), ":material/compare_arrows:")
    shares = {name: f"{share:.0%}" for name, share in learn_optimizers.steep_share().items()}
    st.markdown(ui.tr("learn.opt.memory", steep_steps=learn_optimizers.STEEP_STEPS, steep=learn_optimizers.STEEP,
                      gentle=learn_optimizers.GENTLE, lr=learn_optimizers.LEARNING_RATE, step=learn_optimizers.STEPS,
                      rmsprop_rho=learn_optimizers.RMSPROP_RHO, adadelta_rho=learn_optimizers.ADADELTA_RHO, **shares))
    lui.show(optimizer_memory_figure(learn_optimizers.memory_table(), ui.lang()), "optimizers")
    steps, every = 40, 10
    sparse = learn_optimizers.sparse_feature_steps(steps, every)
    st.markdown(ui.tr("learn.opt.sparse", steps=steps, every=every, frequent=f"{sparse['frequent']:.4f}",
                      rare=f"{sparse['rare']:.4f}", ratio=f"{sparse['rare'] / sparse['frequent']:.1f}"))
    st.markdown(ui.tr("learn.opt.notes"))
    st.markdown(ui.tr("learn.opt.minimize"))
    lui.try_it("lr_too_high", "lr_too_low")


def tensorboard() -> None:
    st.markdown(ui.tr("learn.tb.intro"))
    st.code(ui.tr("learn.tb.commands"), language="bash")
    st.markdown(ui.tr("learn.tb.tabs"))
