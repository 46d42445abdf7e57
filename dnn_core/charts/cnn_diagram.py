"""The diagram of a network with conv and pool layers, drawn top to bottom: the image and each conv or pool layer as
a stack of feature maps as tall as its image side, then the flattened values, the dense layers and the output as rows
of neurons; beside each, what it is, its output shape and its parameter count."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from dnn_core.engine.layers import IMAGE_SIDE, Layer, shapes
from dnn_core.i18n import t

COLORS = {"image": "#868e96", "conv": "#1f6feb", "pool": "#2f9e44", "flatten": "#868e96", "dense": "#1f6feb",
          "output": "#e8590c"}
FILLS = {"image": "#dee2e6", "conv": "#cfe2ff", "pool": "#d3f9d8"}
LINK = "rgba(120,130,140,0.6)"
TEXT = "#343a40"
ROW_PX = 64  # height of one row: a block and its two lines of text
CENTRE = 0.5  # the drawings take x 0..1; the text starts right of them
ASPECT = 0.8  # a unit of x is wider on screen than a unit of y (a row): this keeps the maps square


def cnn_diagram(stack: tuple[Layer, ...], activation: str, dropout: float, batch_norm: bool, lang: str,
                max_nodes: int = 12) -> go.Figure:
    """One row per layer, input on top; hover a row for its text in full."""
    extras = regularization(dropout, batch_norm)
    rows = [("image", IMAGE_SIDE, 1, t("chart.image", lang), f"{IMAGE_SIDE}×{IMAGE_SIDE}×1")]
    hidden = iter(stack)
    for shape in shapes(stack, batch_norm):
        layer = next(hidden) if shape.kind in ("conv", "pool", "dense") else None
        params = t("chart.parameters", lang, count=f"{shape.parameters:,}")
        size = "×".join(f"{n:,}" for n in shape.output)
        if layer is not None and shape.kind == "conv":
            title = " · ".join([t("chart.conv", lang, filters=layer.size), layer.activation_or(activation), *extras])
        elif layer is not None and shape.kind == "dense":
            title = " · ".join([f"Dense {layer.size}", layer.activation_or(activation), *extras])
        else:
            title = t(f"chart.{shape.kind}", lang)
        side = shape.output[0] if len(shape.output) == 3 else 0  # 0: a row of neurons
        channels = shape.output[2] if side else shape.output[0]
        rows.append((shape.kind, side, channels, title, f"{size} · {params}"))
    traces, annotations, links, maps = [], [], [], []
    previous = []  # the last row's neurons (x, y), joined to the next row's
    for i, (kind, side, channels, title, detail) in enumerate(rows):
        y = -i
        if side:  # a feature map (or the image): up to three maps, offset, suggest its channels
            maps += feature_maps(kind, side, channels, y)
            if i:
                links.append(dict(type="line", x0=CENTRE, x1=CENTRE, y0=y + 1, y1=y, line=dict(color=LINK, width=2)))
            previous = [(CENTRE, y)]
        else:
            count = min(channels, max_nodes)
            nodes = [(x, y) for x in (np.linspace(0.05, 0.95, count) if count > 1 else [CENTRE])]
            traces.append(edges(previous, nodes))
            traces.append(dict(type="scatter", x=[x for x, _ in nodes], y=[y] * count, mode="markers",
                               hoverinfo="skip", marker=dict(size=8, color=COLORS[kind]), showlegend=False))
            previous = nodes
        traces.append(dict(type="scatter", x=[CENTRE], y=[y], mode="markers", marker=dict(size=24, opacity=0),
                           hovertext=f"{title}<br>{detail}", hoverinfo="text", showlegend=False))
        annotations.append(dict(x=1.1, y=y, xanchor="left", showarrow=False, align="left",
                                text=f"<b>{title}</b><br>{detail}", font=dict(size=14, color=TEXT)))
    layout = dict(height=ROW_PX * len(rows) + 20, margin=dict(l=10, r=10, t=10, b=10), plot_bgcolor="white",
                  xaxis=dict(visible=False, range=[-0.05, 4.0]), shapes=links + maps, annotations=annotations,
                  yaxis=dict(visible=False, range=[-len(rows) + 0.4, 0.6]))
    return go.Figure(dict(data=traces, layout=layout))


def feature_maps(kind: str, side: int, channels: int, y: float) -> list[dict]:
    """Up to three squares, offset up and right, as tall as the map's side (a 28×28 image fills most of a row)."""
    half = 0.12 + 0.3 * side / IMAGE_SIDE
    squares = []
    for depth in reversed(range(min(3, channels))):
        d = 0.05 * depth
        squares.append(dict(type="rect", x0=CENTRE - ASPECT * half + d, x1=CENTRE + ASPECT * half + d,
                            y0=y - half + d, y1=y + half + d, line=dict(color=COLORS[kind], width=2),
                            fillcolor=FILLS[kind] if not depth else "white"))
    return squares


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
