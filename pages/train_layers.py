"""Build & Train's layer editor: dense, conv and pool layers, added, removed and reordered, each with its own size
and activation; it reads and writes the config's ``layers`` tokens.

The rows are kept in ``state.LAYER_ROWS`` (a tuple of Layer), set from the config, by the editor's buttons and from
the widgets after each drawing; a widget Streamlit has forgotten (it drops them one by one on runs that do not draw
the editor, as while training) is seeded again from its row. Widget keys per row i: "cfg_kind_{i}", "cfg_size_{i}"
and "cfg_act_{i}" ('' = the model's activation; neither for a pool), and the buttons "layer_up_{i}",
"layer_down_{i}", "layer_remove_{i}", "layer_add_{kind}".
"""

from __future__ import annotations

import streamlit as st

from dnn_core.engine.config import ACTIVATIONS, ExperimentConfig
from dnn_core.engine.layers import KINDS, MAX_FILTERS, MAX_LAYERS, MAX_WIDTH, Layer
from pages import state, ui

SIZE_LIMITS = {"dense": MAX_WIDTH, "conv": MAX_FILTERS}
NEW_SIZE = {"dense": 64, "conv": 32}  # what a new (or newly switched) layer starts with
MODEL = ""  # the activation choice "the model's activation", which keeps a plain token such as 128


def seed_layers(config: ExperimentConfig, force: bool = False) -> None:
    """Put the config's layers into the editor (when ``force``, or the first time); else seed each widget Streamlit
    no longer holds from its row."""
    rows = state.LAYER_ROWS.get()
    if force or rows is None:
        _set_rows(list(config.layer_stack))
        return
    for i, layer in enumerate(rows):
        _write_row(i, layer, missing_only=True)


def _read_row(i: int) -> Layer:
    """Row ``i`` as its widgets hold it, else as the editor last kept it."""
    rows = state.LAYER_ROWS.get() or ()
    kept = rows[i] if i < len(rows) else Layer("dense", NEW_SIZE["dense"])
    kind = state.widget(f"cfg_kind_{i}", kept.kind)
    if kind == "pool":
        return Layer("pool")
    same = kind == kept.kind
    return Layer(kind, int(state.widget(f"cfg_size_{i}", kept.size if same else NEW_SIZE[kind])),
                 state.widget(f"cfg_act_{i}", kept.activation if same else MODEL))


def _write_row(i: int, layer: Layer, missing_only: bool = False) -> None:
    values = {"kind": layer.kind, **({"size": layer.size, "act": layer.activation} if layer.kind != "pool" else {})}
    for name, value in values.items():
        if not (missing_only and state.has_widget(f"cfg_{name}_{i}")):
            state.set_widget(f"cfg_{name}_{i}", value)


def _set_rows(layers: list[Layer]) -> None:
    state.LAYER_ROWS.set(tuple(layers))
    for i, layer in enumerate(layers):
        _write_row(i, layer)


def _rows() -> list[Layer]:
    return [_read_row(i) for i in range(len(state.LAYER_ROWS.get()))]


def add_layer(kind: str) -> None:
    """A new dense layer goes last; a conv or pool goes before the first dense layer, where it can work."""
    layers = _rows()
    dense = [i for i, layer in enumerate(layers) if layer.kind == "dense"]
    at = len(layers) if kind == "dense" or not dense else dense[0]
    layers.insert(at, Layer(kind, NEW_SIZE.get(kind, 0)))
    _set_rows(layers)


def move_layer(i: int, delta: int) -> None:
    layers = _rows()
    layers[i], layers[i + delta] = layers[i + delta], layers[i]
    _set_rows(layers)


def remove_layer(i: int) -> None:
    layers = _rows()
    del layers[i]
    _set_rows(layers)


def kind_changed(i: int) -> None:
    """A layer switched to dense or conv starts at that kind's usual size and the model's activation."""
    layers = _rows()
    kind = layers[i].kind
    if kind != "pool":
        layers[i] = Layer(kind, NEW_SIZE[kind])
    _set_rows(layers)


def layer_row(i: int, count: int, model_activation: str) -> Layer:
    """One row: kind, size, activation, and the move and remove buttons."""
    n = i + 1
    kind_col, size_col, act_col, up_col, down_col, remove_col = st.columns([3, 2, 3.4, 0.9, 0.9, 0.9],
                                                                           vertical_alignment="center")
    ui.keep_choice(f"cfg_kind_{i}", KINDS, "dense")  # its labels change with the language: keep the value
    kind = kind_col.selectbox(ui.tr("train.layer.kind", n=n), KINDS, key=f"cfg_kind_{i}", on_change=kind_changed,
                              args=(i,), format_func=ui.labels("train.layer.kind."), label_visibility="collapsed")
    if kind == "pool":
        size_col.caption("2×2")
        act_col.caption(ui.tr("train.layer.pool_note"))
    else:
        key = f"cfg_size_{i}"
        size = state.widget(key)
        if size is None or size > SIZE_LIMITS[kind]:  # a row that was a pool, or a dense 512 now a conv
            state.set_widget(key, min(size or NEW_SIZE[kind], SIZE_LIMITS[kind]))
        size_col.number_input(ui.tr("train.layer.size", n=n), 1, SIZE_LIMITS[kind], step=16 if kind == "dense" else 8,
                              key=key, label_visibility="collapsed")
        ui.keep_choice(f"cfg_act_{i}", (MODEL, *ACTIVATIONS), MODEL)  # "relu (model's)" changes with both
        model_label = ui.tr("train.layer.model_activation", activation=model_activation)
        act_col.selectbox(ui.tr("train.layer.activation", n=n), (MODEL, *ACTIVATIONS), key=f"cfg_act_{i}",
                          format_func=lambda a, label=model_label: a or label, label_visibility="collapsed")
    up_col.button("", icon=":material/arrow_upward:", key=f"layer_up_{i}", on_click=move_layer, args=(i, -1),
                  disabled=i == 0, help=ui.tr("train.layer.up", n=n), width="stretch")
    down_col.button("", icon=":material/arrow_downward:", key=f"layer_down_{i}", on_click=move_layer, args=(i, 1),
                    disabled=i == count - 1, help=ui.tr("train.layer.down", n=n), width="stretch")
    remove_col.button("", icon=":material/close:", key=f"layer_remove_{i}", on_click=remove_layer, args=(i,),
                      disabled=count <= 1, help=ui.tr("train.layer.remove", n=n), width="stretch")
    return _read_row(i)


def layer_editor(model_activation: str) -> tuple:
    """Every hidden layer as a row, then buttons that add a dense, conv or pool layer; the layers' tokens."""
    count = len(state.LAYER_ROWS.get())
    headers = st.columns([3, 2, 3.4, 2.7])
    for column, name in zip(headers, ("kind", "size", "activation")):
        column.caption(ui.tr(f"train.layer.header.{name}"))
    layers = [layer_row(i, count, model_activation) for i in range(count)]
    state.LAYER_ROWS.set(tuple(layers))  # what the widgets show now: the rows to seed them from when forgotten
    for column, kind in zip(st.columns(3), KINDS):
        column.button(ui.tr(f"train.layer.add_{kind}"), key=f"layer_add_{kind}", on_click=add_layer, args=(kind,),
                      disabled=count >= MAX_LAYERS, width="stretch")
    st.caption(ui.tr("train.layer.order"))
    return tuple(layer.token for layer in layers)
