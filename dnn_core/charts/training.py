"""Figures for Build & Train: live training curves and a diagram of the network."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dnn_core.i18n import t
from dnn_core.layers import parse_token
from dnn_core.smoothing import ema

MAX_POINTS = 150  # per-batch points sent to the browser per curve (every update resends the whole figure)
FONT = dict(size=18)  # live curves are read off a projector from the back of a classroom
COLORS = {"batch": "rgba(31,111,235,0.25)", "smooth": "#1f6feb", "train": "#1f6feb", "val": "#e8590c"}


def downsample(frame: pd.DataFrame, max_points: int = MAX_POINTS) -> pd.DataFrame:
    """Every k-th row so that at most ``max_points`` remain (the last row always kept)."""
    if len(frame) <= max_points:
        return frame
    step = int(np.ceil(len(frame) / max_points))
    picked = frame.iloc[::step]
    return picked if picked.index[-1] == frame.index[-1] else pd.concat([picked, frame.iloc[[-1]]])


def history_figure(batch_history: pd.DataFrame, history: pd.DataFrame, metric: str, lang: str,
                   batches_per_epoch: int | None = None, epochs: int | None = None,
                   smoothing: float = 0.8) -> go.Figure:
    """``metric`` ('loss' or 'accuracy') against epochs: per-step values (raw and smoothed) and per-epoch points.

    A training that ran several batches per step has a row per step, the mean of its batches: the legend says so.

    The live view rebuilds this every second while a training shares the interpreter, so the figure is
    assembled as one plain spec and validated once (~1 ms) instead of through add_scatter/update_layout (~9 ms).
    """
    traces = []
    if len(batch_history):
        per_epoch = batches_per_epoch or int(batch_history["batch"].max())
        x = (batch_history["epoch"] - 1) + batch_history["batch"] / per_epoch
        frame = pd.DataFrame({"x": x, "raw": batch_history[metric].to_numpy(dtype=float)})
        frame["smooth"] = ema(frame["raw"].to_numpy(), smoothing)
        frame = downsample(frame)
        per_row = batches_per_row(batch_history)
        raw_name, smooth_name = (t("chart.batch", lang), t("chart.batch_smoothed", lang)) if per_row == 1 else \
            (t("chart.step", lang, batches=per_row), t("chart.step_smoothed", lang))
        traces += [
            dict(type="scatter", x=frame["x"].to_numpy(), y=frame["raw"].to_numpy(), mode="lines",
                 name=raw_name, line=dict(color=COLORS["batch"], width=1)),
            dict(type="scatter", x=frame["x"].to_numpy(), y=frame["smooth"].to_numpy(), mode="lines",
                 name=smooth_name, line=dict(color=COLORS["smooth"], width=2.5))]
    if len(history):
        epochs_done = history["epoch"].to_numpy()
        traces += [
            dict(type="scatter", x=epochs_done, y=history[metric].to_numpy(), mode="markers+lines",
                 name=t("chart.train_epoch", lang), line=dict(dash="dot"),
                 marker=dict(size=10, color=COLORS["train"], symbol="circle")),
            dict(type="scatter", x=epochs_done, y=history[f"val_{metric}"].to_numpy(), mode="markers+lines",
                 name=t("chart.val_epoch", lang), line=dict(color=COLORS["val"]),
                 marker=dict(size=10, color=COLORS["val"], symbol="diamond"))]
    title = t(f"chart.{metric}", lang)
    xaxis = dict(title=dict(text=t("chart.epoch", lang)), **({"range": [0, epochs + 0.1]} if epochs else {}))
    yaxis = dict(title=dict(text=title), **({"range": [0, 1.02], "tickformat": ".0%"} if metric == "accuracy" else {}))
    layout = dict(title=dict(text=title), xaxis=xaxis, yaxis=yaxis, font=FONT, height=380,
                  margin=dict(l=10, r=10, t=50, b=10), legend=dict(orientation="h", y=-0.25),
                  uirevision=metric)  # keep the user's zoom while the figure refreshes
    return go.Figure(dict(data=traces, layout=layout))


def batches_per_row(batch_history: pd.DataFrame) -> int:
    """How many batches a row of the per-step history holds: the usual gap between rows' batch counts (an epoch's
    last step may be shorter), or the first row's batches when there is one row."""
    steps = batch_history["step"].to_numpy()
    if len(steps) < 2:
        return max(1, int(batch_history["batch"].iloc[0]))
    return max(1, int(np.median(np.diff(steps))))


def network_diagram(layers: tuple, activation: str, dropout: float, batch_norm: bool, lang: str,
                    max_nodes: int = 12) -> go.Figure:
    """Columns of neurons (input, hidden layers, output) joined by edges; big layers show a few nodes and '⋮'.

    ``layers`` are the config's tokens; a stack with conv or pool layers is drawn top to bottom instead
    (``cnn_diagram``), as its blocks need their shapes and parameter counts beside them.
    """
    stack = tuple(parse_token(token) for token in layers)
    if any(layer.spatial for layer in stack):
        from dnn_core.charts.cnn_diagram import cnn_diagram

        return cnn_diagram(stack, activation, dropout, batch_norm, lang, max_nodes)
    sizes = [784, *(layer.size for layer in stack), 10]
    names = [t("chart.input", lang)] + [f"Dense {layer.size}" for layer in stack] + [t("chart.output", lang)]
    coords = [np.linspace(1, -1, min(size, max_nodes)) if min(size, max_nodes) > 1 else np.array([0.0])
              for size in sizes]
    traces, annotations, extras = [], [], regularization(dropout, batch_norm)
    for col in range(len(sizes) - 1):
        traces.append(edges([(col, y) for y in coords[col]], [(col + 1, y) for y in coords[col + 1]]))
    for col, (size, ys) in enumerate(zip(sizes, coords)):
        color = "#868e96" if col == 0 else ("#e8590c" if col == len(sizes) - 1 else "#1f6feb")
        traces.append(dict(type="scatter", x=[col] * len(ys), y=ys, mode="markers", marker=dict(size=14, color=color),
                           hovertext=names[col], hoverinfo="text", showlegend=False))
        label = f"{names[col]}<br>({size:,})" if col == 0 else names[col]
        if 0 < col < len(sizes) - 1:
            label += "<br>" + " · ".join([stack[col - 1].activation_or(activation)] + extras)
        annotations.append(dict(x=col, y=-1.25, text=label, showarrow=False, font=dict(size=14)))
    layout = dict(height=340, margin=dict(l=10, r=10, t=10, b=40), xaxis=dict(visible=False),
                  yaxis=dict(visible=False, range=[-1.6, 1.15]), plot_bgcolor="white", annotations=annotations)
    return go.Figure(dict(data=traces, layout=layout))  # one validation for the whole spec (~10x faster)


def regularization(dropout: float, batch_norm: bool) -> list[str]:
    """What follows every dense and conv layer: ['BN', 'Dropout 0.2'], as the diagrams label it."""
    return (["BN"] if batch_norm else []) + ([f"Dropout {dropout:g}"] if dropout else [])


def edges(nodes: Sequence[tuple[float, float]], others: Sequence[tuple[float, float]]) -> dict:
    """Every node (x, y) of one layer joined to every node of the next by a faint line (one trace)."""
    xs, ys = [], []
    for x0, y0 in nodes:
        for x1, y1 in others:
            xs += [x0, x1, None]
            ys += [y0, y1, None]
    return dict(type="scatter", x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                line=dict(color="rgba(120,130,140,0.18)", width=1))
