"""Figures for Compare: race curves of every contestant, overlaid run histories, and a run beside its twin."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dnn_core.charts.paths import optimizer_color
from dnn_core.charts.training import downsample
from dnn_core.engine.config import OPTIMIZERS
from dnn_core.engine.smoothing import ema
from dnn_core.i18n import t

FONT = dict(size=16)
DASHES = ("solid", "dash", "dot", "dashdot")  # the same optimizer at a second learning rate gets another dash
START_COLOR = "#212529"
TWIN_COLORS = ("#1f6feb", "#e8590c")  # the run, its twin
RUN_COLORS = [spec.color for spec in OPTIMIZERS.values()]  # overlaid runs: the same distinct colours
METRICS = ("val_accuracy", "val_loss", "loss", "accuracy")


def _styles(names: list[str], optimizers: dict[str, str]) -> dict[str, dict]:
    """Line colour and dash per contestant."""
    styles: dict[str, dict] = {}
    used: dict[str, int] = {}  # contestants so far of each optimizer
    for name in names:
        optimizer = optimizers.get(name, name)
        styles[name] = dict(color=optimizer_color(optimizer), dash=DASHES[used.get(optimizer, 0) % len(DASHES)])
        used[optimizer] = used.get(optimizer, 0) + 1
    return styles


def _layout(fig: go.Figure, title: str, x_title: str, y_title: str, percent: bool, revision: str) -> go.Figure:
    fig.update_layout(title=title, xaxis_title=x_title, yaxis_title=y_title, font=FONT, height=430,
                      margin=dict(l=10, r=10, t=60, b=10), legend=dict(orientation="h", y=-0.2),
                      uirevision=revision)  # keep the user's zoom while a live figure refreshes
    if percent:
        fig.update_yaxes(tickformat=".0%")
    return fig


def race_figure(history: pd.DataFrame, batch_history: pd.DataFrame, metric: str, x: str, lang: str,
                optimizers: dict[str, str] | None = None, winner: str | None = None,
                batches_per_epoch: int | None = None, smoothing: float = 0.6) -> go.Figure:
    """Every contestant's 'val_accuracy' (per epoch) or 'loss' (per batch, smoothed) against 'epoch' or 'seconds'.

    All curves begin at one marked point: the contestants' common initial weights.
    """
    names = list(dict.fromkeys([*history["contestant"], *batch_history["contestant"]]))
    styles = _styles(names, optimizers or {})
    fig = go.Figure()
    start = history[history["epoch"] == 0]
    for name in names:
        if metric == "loss":
            xs, ys = _batch_curve(batch_history[batch_history["contestant"] == name], start, name, x,
                                  batches_per_epoch, smoothing)
            mode = "lines"
        else:
            rows = history[history["contestant"] == name]
            xs, ys, mode = rows[x], rows[metric], "lines+markers"
        label = f"{name} 🏆" if name == winner else name
        fig.add_scatter(x=xs, y=ys, mode=mode, name=label, legendgroup=name, marker=dict(size=9),
                        line=dict(width=5 if name == winner else 3, **styles[name]))
    if len(start):
        fig.add_scatter(x=[0.0], y=[float(start[metric].iloc[0])], mode="markers", name=t("compare.chart.start", lang),
                        marker=dict(size=16, color=START_COLOR, symbol="circle-open", line=dict(width=3)))
    title = t("compare.chart.val_accuracy" if metric == "val_accuracy" else "compare.chart.train_loss", lang)
    return _layout(fig, title, t(f"compare.chart.x.{x}", lang), title, metric == "val_accuracy", f"{metric}-{x}")


def _batch_curve(batches: pd.DataFrame, start: pd.DataFrame, name: str, x: str, per_epoch: int | None,
                 smoothing: float) -> tuple[list, list]:
    """A contestant's smoothed per-batch loss, drawn from the common start point."""
    first = start[start["contestant"] == name]
    xs, ys = ([0.0], [float(first["loss"].iloc[0])]) if len(first) else ([], [])
    if len(batches):
        per_epoch = per_epoch or int(batches["batch"].max())
        position = (batches["epoch"] - 1) + batches["batch"] / per_epoch if x == "epoch" else batches["seconds"]
        curve = downsample(pd.DataFrame({"x": position, "y": ema(batches["loss"].to_numpy(), smoothing)}))
        xs, ys = xs + curve["x"].tolist(), ys + curve["y"].tolist()
    return xs, ys


def runs_figure(histories: pd.DataFrame, metric: str, lang: str, smoothing: float = 0.0) -> go.Figure:
    """``metric`` against epoch for each run (each contestant of a race run), smoothed like TensorBoard."""
    fig = go.Figure()
    keys = ["run_id", "contestant"] if "contestant" in histories.columns else ["run_id"]
    for i, (_, rows) in enumerate(histories.groupby(keys, sort=False, dropna=False)):
        rows = rows.sort_values("epoch")
        name = str(rows["run_name"].iloc[0])
        if "contestant" in rows and pd.notna(rows["contestant"].iloc[0]):
            # a race's default name lists every contestant: its id is enough next to this one
            run_id = rows["run_id"].iloc[0]
            short = f"#{run_id}" if name.startswith(f"#{run_id} ") else name
            name = f"{short} · {rows['contestant'].iloc[0]}"
        values = pd.to_numeric(rows[metric], errors="coerce").to_numpy(dtype=float)
        fig.add_scatter(x=rows["epoch"], y=ema(values, smoothing), mode="lines+markers", name=name,
                        line=dict(width=3, color=RUN_COLORS[i % len(RUN_COLORS)]), marker=dict(size=8))
    title = t(f"compare.metric.{metric}", lang)
    return _layout(fig, title, t("compare.chart.x.epoch", lang), title, metric.endswith("accuracy"), metric)


def twin_figure(base: pd.DataFrame, twin: pd.DataFrame | None, base_label: str, twin_label: str,
                lang: str) -> go.Figure:
    """Loss and accuracy of a run and its twin side by side: training dotted, validation solid."""
    fig = make_subplots(rows=1, cols=2, subplot_titles=[t("compare.metric.loss_pair", lang),
                                                        t("compare.metric.accuracy_pair", lang)])
    for history, label, color in ((base, base_label, TWIN_COLORS[0]), (twin, twin_label, TWIN_COLORS[1])):
        if history is None or not len(history):  # the twin before its first epoch
            continue
        for col, metric in ((1, "loss"), (2, "accuracy")):
            for split, dash in (("", "dot"), ("val_", "solid")):
                part = t("compare.chart.validation" if split else "compare.chart.training", lang)
                fig.add_scatter(x=history["epoch"], y=history[f"{split}{metric}"], mode="lines+markers",
                                name=f"{label} · {part}", legendgroup=label, showlegend=col == 1,
                                line=dict(color=color, dash=dash, width=3), marker=dict(size=8), row=1, col=col)
    fig.update_xaxes(title_text=t("compare.chart.x.epoch", lang))
    fig.update_yaxes(tickformat=".0%", row=1, col=2)
    fig.update_annotations(font=FONT)
    fig.update_layout(font=FONT, height=450, margin=dict(l=10, r=10, t=60, b=10),
                      legend=dict(orientation="h", y=-0.25))
    return fig
