"""Figures the Learn page adds beside the course notes: what the adaptive optimizers remember."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dnn_core.charts.learn import PALETTE, _finish, _subplots
from dnn_core.i18n import t
from dnn_core.lessons.learn_optimizers import LEARNING_RATE

OPTIMIZER_COLORS = {"adagrad": PALETTE[0], "rmsprop": PALETTE[1], "adadelta": PALETTE[2]}


def optimizer_memory_figure(table: pd.DataFrame, lang: str) -> go.Figure:
    """Left: each optimizer's memory of squared gradients per step. Right: its step per unit of gradient."""
    fig = _subplots(rows=1, cols=2, horizontal_spacing=0.1,
                    subplot_titles=(t("learn.opt.fig_memory", lang), t("learn.opt.fig_step", lang, lr=LEARNING_RATE)))
    for name, part in table.groupby("optimizer", sort=False):
        color = OPTIMIZER_COLORS[name]
        fig.add_scatter(x=part["step"], y=part["memory"], mode="lines", name=name, legendgroup=name,
                        line=dict(color=color, width=3), row=1, col=1)
        fig.add_scatter(x=part["step"], y=part["step_size"], mode="lines", name=name, legendgroup=name,
                        showlegend=False, line=dict(color=color, width=3), row=1, col=2)
    gradients = table[table["optimizer"] == table["optimizer"].iloc[0]]
    fig.add_scatter(x=gradients["step"], y=gradients["gradient"] ** 2, mode="lines", name=t("learn.opt.gradient", lang)
                    + "²", line=dict(color="#888", width=2, dash="dot"), row=1, col=1)
    for col in (1, 2):
        fig.update_xaxes(title_text=t("learn.opt.step_axis", lang), row=1, col=col)
        fig.update_yaxes(type="log", exponentformat="power", row=1, col=col)
    return _finish(fig, 480)
