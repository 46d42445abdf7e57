"""Figures of the Inspect page: confusion matrix, per-class accuracy, weights, first layer, gradient flow, dead ReLUs.

Sizes are for a classroom projector (fonts ≥ 14 px); every text comes from ``dnn_core.i18n``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale
from plotly.subplots import make_subplots

from dnn_core.engine.diagnostics import DEAD_RELU_SHARE
from dnn_core.engine.evaluate import row_normalised
from dnn_core.i18n import t

FONT = dict(size=16)
BLUE, ORANGE, GREY, RED = "#1f6feb", "#e8590c", "#9aa4b1", "#d62728"
TILE_COLUMNS = 8  # first-layer units per row
TILE_GAP = 2  # blank pixels between first-layer tiles


def _layout(fig: go.Figure, title: str, height: int, **extra: Any) -> go.Figure:
    """Title, height and the projector-friendly defaults shared by every figure; ``extra`` overrides them."""
    layout = dict(title=dict(text=title, font=dict(size=20)), height=height, font=FONT, template="plotly_white",
                  margin=dict(l=70, r=30, t=80, b=60))
    fig.update_layout(**(layout | extra))
    fig.update_layout(legend_font_size=15)
    # explicit axis fonts: Streamlit's chart theme would otherwise shrink tick labels below projector size
    fig.update_xaxes(tickfont=dict(size=15), title_font=dict(size=17))
    fig.update_yaxes(tickfont=dict(size=15), title_font=dict(size=17))
    return fig


def _share_text(share: float) -> str:
    """A cell's share as a whole percentage; empty for none, "<1%" rather than a misleading "0%"."""
    return "" if share == 0 else "<1%" if share < 0.005 else f"{share:.0%}"


def confusion_figure(matrix: np.ndarray, names: list[str], lang: str, normalised: bool = False,
                     title: str = "inspect.chart.confusion.title") -> go.Figure:
    """Heatmap of the confusion matrix (rows = true class) with counts or row shares written in each cell.

    Each cell also holds an invisible square marker that carries (true, predicted) as its customdata: Plotly
    cannot select heatmap cells, so a click selects that marker (Streamlit's chart selection), and the chosen
    cell is outlined."""
    shares = row_normalised(matrix)
    z = shares if normalised else matrix
    text = [[_share_text(v) for v in row] for row in shares] if normalised else matrix.astype(str).tolist()
    true_label, predicted_label = t("inspect.chart.true", lang), t("inspect.chart.predicted", lang)
    fig = go.Figure(go.Heatmap(
        z=z, x=names, y=names, text=text, texttemplate="%{text}", textfont=dict(size=15), colorscale="Blues",
        showscale=False, xgap=1, ygap=1, hoverinfo="skip"))
    fig.add_trace(_cell_markers(matrix, shares, names, lang))
    fig.update_xaxes(title=predicted_label, type="category", showgrid=False, constrain="domain", fixedrange=True)
    fig.update_yaxes(title=true_label, type="category", autorange="reversed", scaleanchor="x", showgrid=False,
                     constrain="domain", fixedrange=True)
    return _layout(fig, t(title, lang), 620, showlegend=False)


def _cell_markers(matrix: np.ndarray, shares: np.ndarray, names: list[str], lang: str) -> go.Scatter:
    """One invisible marker a cell, as large as the cell, for hover text and clicks; outlined once selected."""
    true, predicted = np.divmod(np.arange(matrix.size), len(matrix))
    hover = (f"{t('inspect.chart.true', lang)}: %{{y}}<br>{t('inspect.chart.predicted', lang)}: %{{x}}<br>"
             f"{t('inspect.chart.images', lang)}: %{{customdata[2]}} (%{{customdata[3]:.1%}})<extra></extra>")
    return go.Scatter(
        x=[names[i] for i in predicted], y=[names[i] for i in true], mode="markers",
        customdata=np.column_stack([true, predicted, matrix.ravel(), shares.ravel()]), hovertemplate=hover,
        marker=dict(symbol="square-open", size=44, opacity=0, color=ORANGE, line=dict(width=4)),
        selected=dict(marker=dict(opacity=1)), unselected=dict(marker=dict(opacity=0)))


def per_class_figure(per_class: pd.DataFrame, names: list[str], lang: str, overall: float) -> go.Figure:
    """Bars of each class's accuracy (recall), the weakest class in orange, a dashed line at the overall accuracy."""
    recall = per_class["recall"].to_numpy(dtype=float)
    worst = int(np.nanargmin(recall)) if np.isfinite(recall).any() else -1
    colors = [ORANGE if i == worst else BLUE for i in range(len(recall))]
    fig = go.Figure(go.Bar(
        x=names, y=recall, marker_color=colors, text=[f"{r:.1%}" if np.isfinite(r) else "" for r in recall],
        # inside the bar, clear of the overall line; short bars get their label above them
        textposition=["inside" if r >= 0.15 else "outside" for r in np.nan_to_num(recall)], insidetextanchor="end",
        textfont=dict(size=15),
        customdata=per_class[["precision", "support"]].to_numpy(),
        hovertemplate=(f"%{{x}}<br>{t('inspect.chart.accuracy', lang)}: %{{y:.1%}}<br>"
                       f"{t('inspect.chart.precision', lang)}: %{{customdata[0]:.1%}}<br>"
                       f"{t('inspect.chart.images', lang)}: %{{customdata[1]}}<extra></extra>")))
    fig.add_hline(y=overall, line_dash="dash", line_color=GREY, layer="below",  # behind the bars and their labels
                  annotation_text=t("inspect.chart.overall", lang, accuracy=f"{overall:.1%}"),
                  annotation_position="right")
    fig.update_xaxes(title=t("inspect.chart.class", lang), type="category")
    fig.update_yaxes(title=t("inspect.chart.accuracy", lang), tickformat=".0%", range=[0, 1.1])
    return _layout(fig, t("inspect.chart.per_class.title", lang), 460, showlegend=False,
                   margin=dict(l=70, r=130, t=80, b=60))


def weight_histogram_figure(summary: pd.DataFrame, lang: str) -> go.Figure:
    """Per Conv2D / Dense layer, histograms of weights and biases before (grey) and after (blue) training,
    overlaid."""
    layers = list(dict.fromkeys(summary["layer"]))
    params = [p for p in ("kernel", "bias") if p in set(summary["param"])]
    titles = [f"{layer} · {t(f'inspect.chart.{p}', lang)}" for layer in layers for p in params]
    fig = make_subplots(rows=len(layers), cols=len(params), subplot_titles=titles,
                        vertical_spacing=min(0.12, 0.5 / max(1, len(layers))), horizontal_spacing=0.08)
    styles = {"initial": (GREY, t("inspect.chart.initial", lang)), "final": (BLUE, t("inspect.chart.final", lang))}
    shown = set()
    for (layer, param, stage), bins in summary.groupby(["layer", "param", "stage"], sort=False):
        color, name = styles[stage]
        fig.add_trace(go.Bar(x=(bins["left"] + bins["right"]) / 2, y=bins["count"], width=bins["right"] - bins["left"],
                             marker_color=color, opacity=0.55 if stage == "initial" else 0.8, name=name,
                             legendgroup=stage, showlegend=stage not in shown,
                             hovertemplate="%{x:.3g}: %{y}<extra>" + name + "</extra>"),
                      row=layers.index(layer) + 1, col=params.index(param) + 1)
        shown.add(stage)
    fig.update_layout(barmode="overlay", bargap=0, legend=dict(orientation="h", yref="container", y=0.995,
                                                                yanchor="top", x=1, xanchor="right"))
    fig.update_annotations(font_size=16)
    return _layout(fig, t("inspect.chart.weights.title", lang), 120 + 230 * len(layers))


def tile_images(images: np.ndarray, columns: int = TILE_COLUMNS, gap: int = TILE_GAP, scaled: bool = True,
                row_gap: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Units × height × width images tiled in rows of ``columns`` with NaN gaps (``row_gap`` between rows, if
    other than ``gap``); ``scaled``: each divided by its own largest |value| (to [-1, 1]), else as they are.

    Returns the tiled image and, of the same shape, which unit (1-based) each pixel belongs to (0 in gaps).
    """
    count, height, width = images.shape
    rows, row_gap = -(-count // columns), gap if row_gap is None else row_gap
    tiled = np.full((rows * (height + row_gap) - row_gap, columns * (width + gap) - gap), np.nan)
    owner = np.zeros(tiled.shape, dtype=int)
    for unit, image in enumerate(images):
        scale = (np.abs(image).max() or 1.0) if scaled else 1.0
        row, column = divmod(unit, columns)
        top, left = row * (height + row_gap), column * (width + gap)
        tiled[top:top + height, left:left + width] = image / scale
        owner[top:top + height, left:left + width] = unit + 1
    return tiled, owner


def first_layer_figure(images: np.ndarray, lang: str) -> go.Figure:
    """The first layer's incoming weights as one small 28 × 28 picture per unit (red positive, blue negative)."""
    tiled, owner = tile_images(images, columns=min(TILE_COLUMNS, len(images)))
    fig = go.Figure(go.Heatmap(z=tiled, customdata=owner, colorscale="RdBu_r", zmid=0, zmin=-1, zmax=1,
                               showscale=False, hoverongaps=False,
                               hovertemplate=f"{t('inspect.chart.unit', lang)} %{{customdata}}<extra></extra>"))
    fig.update_xaxes(visible=False, constrain="domain")
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor="x", constrain="domain")
    rows = tiled.shape[0] / (28 + TILE_GAP)
    return _layout(fig, t("inspect.chart.first_layer.title", lang), int(140 + 95 * rows),
                   margin=dict(l=10, r=10, t=80, b=10))


def gradient_flow_figure(gradient_history: pd.DataFrame, lang: str) -> go.Figure:
    """Weight-gradient norm of each Conv2D / Dense layer over training steps, log y, coloured from input (dark) to
    output."""
    usable = gradient_history[np.isfinite(gradient_history["grad_norm"]) & (gradient_history["grad_norm"] > 0)]
    depths = sorted(usable["depth"].unique())
    # Plasma from dark blue (input side) to orange (output); its yellow end is too pale on white
    colors = sample_colorscale("Plasma", [i / max(1, len(depths) - 1) * 0.8 for i in range(len(depths))])
    fig = go.Figure()
    for depth, color in zip(depths, colors):
        rows = usable[usable["depth"] == depth]
        name = f"{depth}. {rows['layer'].iloc[0]}"
        fig.add_trace(go.Scatter(x=rows["step"], y=rows["grad_norm"], mode="lines", name=name,
                                 line=dict(color=color, width=3),
                                 hovertemplate=f"{name}<br>%{{x}}: %{{y:.2e}}<extra></extra>"))
    fig.update_xaxes(title=t("inspect.chart.step", lang))
    fig.update_yaxes(title=t("inspect.chart.grad_norm", lang), type="log", exponentformat="power")
    return _layout(fig, t("inspect.chart.gradients.title", lang), 480,
                   legend=dict(title=t("inspect.chart.layer", lang)))


def dead_relu_figure(dead: pd.DataFrame, lang: str) -> go.Figure:
    """Bars of the share of never-firing units (filters, in a convolution) per ReLU layer, with the warning level
    as a dashed line."""
    colors = [RED if share > DEAD_RELU_SHARE else BLUE for share in dead["share"]]
    kinds = dead["kind"] if "kind" in dead else ["dense"] * len(dead)
    what = [t("inspect.chart.filters" if kind == "conv" else "inspect.chart.units", lang) for kind in kinds]
    fig = go.Figure(go.Bar(
        x=dead["layer"], y=dead["share"], marker_color=colors, customdata=np.column_stack([dead["dead"],
                                                                                          dead["units"], what]),
        width=0.5, text=[f"{r.share:.0%} ({r.dead}/{r.units})" for r in dead.itertuples()], textposition="outside",
        hovertemplate="%{x}: %{customdata[0]} / %{customdata[1]} %{customdata[2]}<extra></extra>"))
    fig.add_hline(y=DEAD_RELU_SHARE, line_dash="dash", line_color=RED,
                  annotation_text=t("inspect.chart.threshold", lang), annotation_position="top left")
    fig.update_xaxes(title=t("inspect.chart.layer", lang), type="category")
    fig.update_yaxes(title=t("inspect.chart.dead_share", lang), tickformat=".0%", range=[0, 1.1])
    return _layout(fig, t("inspect.chart.dead.title", lang), 420, showlegend=False)
