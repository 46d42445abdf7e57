"""Figures of learning-rate schedules: the rate over a training (Build & Train) and a schedule rescuing a learning
rate too large to converge on a 2-D bowl (Learn)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dnn_core.i18n import t
from dnn_core.lessons.learn_descent import bowl_2d
from dnn_core.lessons.learn_schedules import ScheduledDescent

FONT = dict(size=16)
LINE, USED, CONSTANT, INK = "#1f6feb", "#e8590c", "#888888", "#222"
LIMIT = 0.25  # on x² + 4y² plain gradient descent diverges above this rate
WINDOW = (5.0, 4.0)  # half-widths of the plotted bowl (x, y); a path that leaves it is drawn to its edge


def lr_figure(curve: pd.DataFrame, lang: str, used: pd.DataFrame | None = None, stepped: bool = False) -> go.Figure:
    """The learning rate against epochs: ``curve`` (columns epoch, lr) as the schedule gives it at each batch, and
    ``used`` (a history with epoch and lr) as dots where each epoch started; ``stepped`` holds each value until the
    next (a step schedule) instead of joining them."""
    fig = go.Figure()
    # plain lists: a few hundred points, readable in the page's figure spec (NumPy arrays travel as binary)
    fig.add_scatter(x=curve["epoch"].tolist(), y=curve["lr"].tolist(), mode="lines", name=t("chart.lr.planned", lang),
                    line=dict(color=LINE, width=3, shape="hv" if stepped else "linear"))
    if used is not None and "lr" in used and used["lr"].notna().any():
        fig.add_scatter(x=(used["epoch"] - 1).tolist(), y=used["lr"].tolist(), mode="markers",
                        name=t("chart.lr.used", lang), marker=dict(size=10, color=USED, symbol="circle"))
    fig.update_layout(height=230, font=dict(size=14), margin=dict(l=10, r=10, t=10, b=10), showlegend=True,
                      legend=dict(orientation="h", y=-0.35), xaxis_title=t("chart.epoch", lang),
                      yaxis_title=t("chart.lr.title", lang), yaxis=dict(rangemode="tozero", exponentformat="power"))
    return fig


def _clipped(path: np.ndarray) -> np.ndarray:
    """The path with every point kept inside the plotted window (a diverging path runs along its edge)."""
    with np.errstate(invalid="ignore"):
        return np.clip(np.nan_to_num(path, nan=0.0, posinf=1e9, neginf=-1e9), [-WINDOW[0], -WINDOW[1]], WINDOW)


def rescue_figure(constant: ScheduledDescent, scheduled: ScheduledDescent, lang: str) -> go.Figure:
    """Left: both paths on the contours of x² + 4y². Right: the learning rate of each step (top) and the loss
    (bottom, log scale) of both walks."""
    fig = make_subplots(rows=2, cols=2, specs=[[{"rowspan": 2}, {}], [None, {}]], column_widths=[0.55, 0.45],
                        vertical_spacing=0.18, horizontal_spacing=0.1,
                        subplot_titles=(t("learn.sched.fig_paths", lang), t("learn.sched.fig_rates", lang),
                                        t("learn.sched.fig_loss", lang)))
    gx, gy = np.linspace(-WINDOW[0], WINDOW[0], 101), np.linspace(-WINDOW[1], WINDOW[1], 61)
    fig.add_contour(x=gx, y=gy, z=bowl_2d(*np.meshgrid(gx, gy)), showscale=False, colorscale="Blues",
                    contours=dict(start=0, end=80, size=4), row=1, col=1)
    steps = np.arange(len(scheduled.rates))
    lr = float(constant.rates[0])
    walks = ((constant, t("learn.sched.constant", lang, lr=lr), CONSTANT), (scheduled, scheduled.lr_schedule, USED))
    for walk, name, color in walks:
        shown = _clipped(walk.path)
        fig.add_scatter(x=shown[:, 0], y=shown[:, 1], mode="lines+markers", name=name, legendgroup=name,
                        line=dict(color=color, width=2.5), marker=dict(size=6), row=1, col=1)
        fig.add_scatter(x=steps, y=walk.rates, mode="lines", line=dict(color=color, width=3, shape="hv"),
                        showlegend=False, legendgroup=name, row=1, col=2)
        with np.errstate(invalid="ignore"):
            losses = np.where(np.isfinite(walk.losses), walk.losses, np.nan)
        fig.add_scatter(x=np.arange(len(losses)), y=np.maximum(losses, 1e-16), mode="lines", showlegend=False,
                        legendgroup=name, line=dict(color=color, width=3), row=2, col=2)
    fig.add_hline(y=LIMIT, line=dict(color="#d62728", dash="dash"), row=1, col=2,
                  annotation_text=t("learn.sched.limit", lang), annotation_font=dict(color=INK, size=13))
    fig.update_xaxes(range=[-WINDOW[0], WINDOW[0]], title_text="x", row=1, col=1)
    fig.update_yaxes(range=[-WINDOW[1], WINDOW[1]], title_text="y", row=1, col=1)
    fig.update_yaxes(rangemode="tozero", row=1, col=2)
    fig.update_yaxes(type="log", exponentformat="power", row=2, col=2)
    fig.update_xaxes(title_text=t("learn.sched.step_axis", lang), row=2, col=2)
    fig.update_layout(height=560, font=FONT, margin=dict(l=10, r=10, t=50, b=10),
                      legend=dict(orientation="h", yanchor="top", y=-0.1, x=0, font_size=15))
    return fig
