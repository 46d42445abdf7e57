"""The Build & Train settings form: one widget per config field, grouped, each keyed ``cfg_<field>``.

Widgets are seeded from the session's config (``state.CONFIG``) whenever their values are missing (Streamlit forgets
widget state on other pages), and ``settings_ui`` returns the config the widgets describe.
"""

from __future__ import annotations

import streamlit as st

from dnn_core.engine import config as cfg
from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.data import dataset_status
from pages import state, train_digits, train_layers, train_schedule, ui

BATCH_SIZES = (1, *(2**k for k in range(3, cfg.MAX_BATCH_SIZE.bit_length())))  # 1, 8, 16, …, the largest allowed


def seed_widgets(config: ExperimentConfig, force: bool = False) -> None:
    """Put the config's values into the widgets' session-state keys (all of them when ``force``)."""
    for name, value in config.to_dict().items():
        key = f"cfg_{name}"
        if name not in ("layers", "lr_schedule") and (force or not state.has_widget(key)):
            state.set_widget(key, value)
    train_layers.seed_layers(config, force)
    train_schedule.seed_schedule(config, force)


def settings_ui() -> tuple[ExperimentConfig | None, str | None]:
    """All settings, grouped; returns (config, None) or (None, why the settings are not valid, translated)."""
    values: dict = {}
    data_tab, arch_tab, reg_tab, opt_tab, fit_tab = st.tabs(
        [ui.tr(f"train.group.{g}") for g in ("data", "architecture", "regularization", "optimizer", "training")])
    current = state.CONFIG.get() or ExperimentConfig()
    for name, options in (("dataset", cfg.DATASETS), ("optimizer", cfg.OPTIMIZER_NAMES), ("loss", cfg.LOSSES)):
        ui.keep_choice(f"cfg_{name}", options, getattr(current, name))  # their labels are translated
    with data_tab:
        values["dataset"] = st.selectbox(ui.tr("train.dataset"), cfg.DATASETS, key="cfg_dataset",
                                         format_func=ui.labels("data.name."))
        st.caption(ui.tr(f"data.status.{dataset_status(values['dataset'])}"))
        sizes = {**ui.bounds("train_size"), "max_value": cfg.DATASET_TRAIN_SIZES[values["dataset"]]}
        state.set_widget("cfg_train_size", min(state.widget("cfg_train_size"), sizes["max_value"]))
        values["train_size"] = st.number_input(ui.tr("train.train_size"), key="cfg_train_size",
                                               help=ui.tr("train.train_size.help"), **sizes)
        values["seed"] = st.number_input(ui.tr("train.seed"), key="cfg_seed", help=ui.tr("train.seed.help"),
                                         **ui.bounds("seed"))
        values["class_digits"] = train_digits.class_digits_slider()
        digits_slot = st.container()  # what the share does with the class's digits, once the whole config is known
    with arch_tab:
        left, right = st.columns(2)
        values["activation"] = left.selectbox(ui.tr("train.activation"), cfg.ACTIVATIONS, key="cfg_activation")
        values["initializer"] = right.selectbox(ui.tr("train.initializer"), cfg.INITIALIZERS, key="cfg_initializer")
        values["layers"] = train_layers.layer_editor(values["activation"])
    with reg_tab:
        values["dropout"] = st.slider(ui.tr("train.dropout"), key="cfg_dropout", help=ui.tr("train.dropout.help"),
                                      **ui.bounds("dropout"))
        values["batch_norm"] = st.toggle(ui.tr("train.batch_norm"), key="cfg_batch_norm",
                                         help=ui.tr("train.batch_norm.help"))
        left, right = st.columns(2)
        values["l1"] = left.number_input("L1", key="cfg_l1", **ui.bounds("l1"))
        values["l2"] = right.number_input("L2", key="cfg_l2", **ui.bounds("l2"))
        values["augment"] = st.slider(ui.tr("train.augment"), key="cfg_augment", help=ui.tr("train.augment.help"),
                                      **ui.bounds("augment"))
    with opt_tab:
        left, right = st.columns(2)
        values["optimizer"] = left.selectbox(ui.tr("train.optimizer"), cfg.OPTIMIZER_NAMES, key="cfg_optimizer",
                                             format_func=ui.labels("optimizer."))
        values["lr"] = right.number_input(ui.tr("train.lr"), key="cfg_lr", **ui.bounds("lr"))
        uses_momentum = values["optimizer"] in cfg.MOMENTUM_OPTIMIZERS
        if not uses_momentum:
            state.set_widget("cfg_momentum", 0.0)  # only these optimizers have a momentum setting
        values["momentum"] = st.slider(ui.tr("train.momentum"), key="cfg_momentum", disabled=not uses_momentum,
                                       help=ui.tr("train.momentum.help"), **ui.bounds("momentum"))
        values["lr_schedule"] = train_schedule.schedule_ui()
        schedule_slot = st.container()  # the rate over the training, once the whole config is known
    with fit_tab:
        values["loss"] = st.selectbox(ui.tr("train.loss"), cfg.LOSSES, key="cfg_loss",
                                      format_func=ui.labels("loss."))
        left, right = st.columns(2)
        sizes = sorted({*BATCH_SIZES, int(state.widget("cfg_batch_size"))})  # a link's own size is one more stop
        values["batch_size"] = left.select_slider(ui.tr("train.batch_size"), sizes, key="cfg_batch_size")
        values["epochs"] = right.number_input(ui.tr("train.epochs"), key="cfg_epochs", **ui.bounds("epochs"))
    try:
        config = ExperimentConfig.from_dict(values)
    except ValueError as exc:
        return None, ui.error_text(exc)
    with schedule_slot:
        train_schedule.schedule_chart(config)
    with digits_slot:
        train_digits.plan_caption(config)
    return config, None
