"""Figures for Learn's "The course model" tab: what depth costs, a digit flattened, ten scores through softmax."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dnn_core.charts.learn import PALETTE, PATH_COLOR, _finish, _subplots
from dnn_core.charts.learn_cnn import MNIST_GREYS
from dnn_core.engine.layers import IMAGE_SIDE
from dnn_core.i18n import t
from dnn_core.lessons.learn_model import flat_span, flatten

MUTED = "#bbbbbb"


def depth_figure(costs: pd.DataFrame, depth: int, units: int, lang: str) -> go.Figure:
    """Multiply-adds per image for each number of hidden layers, the chosen one highlighted."""
    colors = [PATH_COLOR if d == depth else PALETTE[0] for d in costs["depth"]]
    fig = go.Figure(go.Bar(x=costs["depth"], y=costs["multiply_adds"], marker_color=colors,
                           text=[f"{v:,}" for v in costs["multiply_adds"]], textposition="outside",
                           hovertemplate="%{x}: %{y:,}<extra></extra>"))
    fig.update_xaxes(title_text=t("learn.model.depth_axis", lang, units=units), dtick=1)
    fig.update_yaxes(title_text=t("learn.model.cost_axis", lang), rangemode="tozero")
    return _finish(fig, 380, t("learn.model.fig_depth", lang, units=units))


def flatten_figure(image: np.ndarray, row: int, lang: str) -> go.Figure:
    """Left: the 28 × 28 digit with one row marked. Right: the 784 numbers in a row, that row's 28 marked."""
    start, end = flat_span(row)
    vector = flatten(image)
    fig = _subplots(rows=1, cols=2, column_widths=[0.28, 0.72], horizontal_spacing=0.1,
                    subplot_titles=(t("learn.model.fig_image", lang),
                                    t("learn.model.fig_vector", lang, n=len(vector))))
    fig.add_heatmap(z=image, colorscale=MNIST_GREYS, zmin=0, zmax=1, showscale=False, row=1, col=1,
                    hovertemplate="(%{y}, %{x}) %{z:.2f}<extra></extra>")
    fig.add_shape(type="rect", x0=-0.5, x1=IMAGE_SIDE - 0.5, y0=row - 0.5, y1=row + 0.5,
                  line=dict(color=PATH_COLOR, width=3), row=1, col=1)
    positions = np.arange(len(vector))
    colors = np.where((positions >= start) & (positions <= end), PATH_COLOR, MUTED)
    fig.add_bar(x=positions, y=vector, marker_color=colors, marker_line_width=0, showlegend=False, row=1, col=2,
                hovertemplate=f"{t('learn.model.position', lang)} %{{x}}: %{{y:.2f}}<extra></extra>")
    fig.add_vrect(x0=start - 0.5, x1=end + 0.5, fillcolor=PATH_COLOR, opacity=0.12, line_width=0, row=1, col=2)
    fig.update_xaxes(constrain="domain", showticklabels=False, row=1, col=1)
    fig.update_yaxes(autorange="reversed", scaleanchor="x", constrain="domain", showticklabels=False, row=1, col=1)
    fig.update_xaxes(title_text=t("learn.model.position", lang), range=[-1, len(vector)], row=1, col=2)
    fig.update_yaxes(title_text=t("learn.model.pixel_value", lang), range=[0, 1.05], row=1, col=2)
    return _finish(fig, 360)


def softmax_figure(logits: Sequence[float] | np.ndarray, probs: np.ndarray, lang: str) -> go.Figure:
    """Two bar charts over the ten classes: the scores z, and the probabilities softmax makes of them."""
    classes = [str(k) for k in range(len(probs))]
    winner = int(np.argmax(probs))
    colors = [PATH_COLOR if k == winner else PALETTE[0] for k in range(len(probs))]
    fig = _subplots(rows=1, cols=2, horizontal_spacing=0.08,
                    subplot_titles=(t("learn.model.fig_logits", lang), t("learn.model.fig_probs", lang)))
    fig.add_bar(x=classes, y=list(logits), marker_color=colors, text=[f"{z:g}" for z in logits],
                textposition="outside", showlegend=False, row=1, col=1, hovertemplate="z%{x} = %{y}<extra></extra>")
    fig.add_bar(x=classes, y=probs, marker_color=colors, text=[f"{p:.3f}" for p in probs], textposition="outside",
                showlegend=False, row=1, col=2, hovertemplate="p%{x} = %{y:.4f}<extra></extra>")
    for col in (1, 2):
        fig.update_xaxes(title_text=t("learn.model.class_axis", lang), row=1, col=col)
    fig.update_yaxes(range=[0, 1.12], row=1, col=2)
    return _finish(fig, 380)
