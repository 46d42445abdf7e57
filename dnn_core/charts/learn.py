"""Figures for the Learn page: one figure per concept, every label translated, fonts sized for a projector."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.subplots import make_subplots

from dnn_core.i18n import t
from dnn_core.lessons import learn_activations, learn_backprop, learn_descent, learn_losses

FONT = dict(size=16)
PALETTE = qualitative.D3
# one colour per activation, the same in every figure
ACTIVATION_COLORS = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(learn_activations.ACTIVATION_NAMES)}
MODE_COLORS = {"batch": "#1f77b4", "minibatch": "#2ca02c", "stochastic": "#d62728"}
PATH_COLOR = "#d62728"
INK = "#222"  # text drawn on a chart (Streamlit's theme would make it light grey)
UNIT_COLORS = ("#e377c2", "#17becf", "#7f7f7f")  # batch-norm units: apart from the six feature colours


def _finish(fig: go.Figure, height: int, title: str | None = None) -> go.Figure:
    """Common layout: big fonts, horizontal legend under the plot."""
    fig.update_layout(height=height, font=FONT, title=dict(text=title, font_size=18),
                      margin=dict(l=10, r=10, t=70 if title else 40, b=10),
                      legend=dict(orientation="h", yanchor="top", y=-0.12, x=0, font_size=15))
    # Streamlit's chart theme sets its own small tick fonts; a projector needs these sizes
    fig.update_xaxes(tickfont_size=15, title_font_size=16)
    fig.update_yaxes(tickfont_size=15, title_font_size=16)
    return fig


def _subplots(**kwargs: Any) -> go.Figure:
    """make_subplots with subplot titles as large as the axis titles."""
    fig = make_subplots(**kwargs)
    fig.update_annotations(font_size=17)
    return fig


# ------------------------------------------------------------------ 1. a neuron

def neuron_figure(surface: learn_activations.NeuronSurface, activation: str, lang: str) -> go.Figure:
    """The output surface Z = σ(w1·x1 + w2·x2 + b) with the chosen input marked."""
    fig = go.Figure(go.Surface(x=surface.x1, y=surface.x2, z=surface.z, colorscale="Viridis", opacity=0.9,
                               colorbar=dict(title="Z", thickness=15)))
    fig.add_scatter3d(x=[surface.point[0]], y=[surface.point[1]], z=[surface.point_z], mode="markers+text",
                      marker=dict(size=10, color=PATH_COLOR), text=[f"Z = {surface.point_z:.3f}"],
                      textfont=dict(size=17, color=PATH_COLOR), name=t("learn.neuron.point", lang))
    fig.update_layout(scene=dict(xaxis_title="x₁", yaxis_title="x₂", zaxis_title="Z",
                                 xaxis_title_font_size=16, yaxis_title_font_size=16, zaxis_title_font_size=16,
                                 aspectratio=dict(x=1, y=1, z=0.8), camera=dict(eye=dict(x=1.5, y=-1.5, z=1.0))),
                      showlegend=False)
    return _finish(fig, 620, t("learn.neuron.fig_title", lang, activation=activation))


# ------------------------------------------------------------------ 2. activations

def activation_figure(curves: pd.DataFrame, bounds: pd.DataFrame, depth: int, lang: str) -> go.Figure:
    """Left: each activation (solid) and its derivative (dashed). Right: (max σ′)ⁿ against depth n, log scale."""
    fig = _subplots(rows=1, cols=2, horizontal_spacing=0.1,
                        subplot_titles=(t("learn.act.fig_functions", lang), t("learn.act.fig_depth", lang)))
    for name, part in curves.groupby("activation", sort=False):
        color = ACTIVATION_COLORS[name]
        fig.add_scatter(x=part["x"], y=part["value"], mode="lines", name=name, legendgroup=name,
                        line=dict(color=color, width=3), row=1, col=1)
        fig.add_scatter(x=part["x"], y=part["derivative"], mode="lines", name=f"{name}′", legendgroup=name,
                        line=dict(color=color, width=2, dash="dash"), row=1, col=1)
    for name, part in bounds.groupby("activation", sort=False):
        fig.add_scatter(x=part["depth"], y=part["bound"], mode="lines+markers", name=name, legendgroup=name,
                        showlegend=False, line=dict(color=ACTIVATION_COLORS[name], width=3), row=1, col=2)
    fig.add_vline(x=depth, line=dict(color="gray", dash="dot"), row=1, col=2)
    fig.update_xaxes(title_text="x", row=1, col=1)
    fig.update_yaxes(range=[-1.5, 3], row=1, col=1)
    fig.update_xaxes(title_text=t("learn.act.depth_axis", lang), row=1, col=2)
    fig.update_yaxes(type="log", dtick=1, exponentformat="power", title_text=t("learn.act.bound_axis", lang),
                     row=1, col=2)
    return _finish(fig, 520)


# ------------------------------------------------------------------ 3. losses

def loss_figure(fits: learn_losses.LineFits, forecast: learn_losses.StockForecast, gradients: pd.DataFrame, actual: str,
                lang: str) -> go.Figure:
    """Top left: the MSE and MAE lines through data with an outlier. Top right: the stock forecast against what
    happened. Bottom: |∂loss/∂logit| of cross-entropy and MSE as the right answer's probability shrinks."""
    fig = _subplots(rows=2, cols=2, specs=[[{}, {}], [{"colspan": 2}, None]], vertical_spacing=0.16,
                        subplot_titles=(t("learn.loss.fig_fit", lang), t("learn.loss.fig_stock", lang),
                                        t("learn.loss.fig_grad", lang)))
    fig.add_scatter(x=fits.x, y=fits.y, mode="markers", name=t("learn.loss.data", lang),
                    marker=dict(size=11, color="#444"), row=1, col=1)
    line_x = np.array([fits.x.min(), fits.x.max()])
    for name, color in (("mse", "#1f77b4"), ("mae", "#ff7f0e")):
        row = fits.fits.loc[name]
        fig.add_scatter(x=line_x, y=row["slope"] * line_x + row["intercept"], mode="lines",
                        name=t(f"learn.loss.line_{name}", lang), line=dict(color=color, width=3), row=1, col=1)
    outcomes = [t(f"learn.stock.{o}", lang) for o in forecast.table["outcome"]]
    fig.add_bar(x=outcomes, y=forecast.table["target"], name=t("learn.loss.target", lang),
                marker_color="#bbb", row=1, col=2)
    bars = [t("learn.loss.info_bar", lang, bits=f"{i:.2f}") for i in forecast.table["information_bits"]]
    fig.add_bar(x=outcomes, y=forecast.table["predicted"], name=t("learn.loss.predicted", lang),
                marker_color="#2ca02c", text=bars,
                textposition="outside", textfont=dict(size=15), row=1, col=2)
    for column, name, color in (("ce_grad", "learn.loss.ce", "#9467bd"), ("mse_grad", "learn.loss.mse", "#1f77b4")):
        fig.add_scatter(x=gradients["p"], y=gradients[column], mode="lines", name=t(name, lang),
                        line=dict(color=color, width=3, dash="dash"), row=2, col=1)  # dashed: not the fit lines
    p_right = float(forecast.table.set_index("outcome").loc[actual, "predicted"])
    fig.add_vline(x=p_right, line=dict(color="gray", dash="dot"), row=2, col=1,
                  annotation_text=t("learn.loss.your_p", lang, p=f"{p_right:.2f}"), annotation_font_size=15)
    fig.update_yaxes(range=[0, 1.25], row=1, col=2)
    fig.update_xaxes(title_text=t("learn.loss.p_axis", lang), row=2, col=1)
    fig.update_yaxes(title_text="|∂loss/∂z|", row=2, col=1)
    fig.update_layout(barmode="group")
    return _finish(fig, 820)


# ------------------------------------------------------------------ 4. gradient descent

def _path_trace(xs: np.ndarray, ys: np.ndarray, name: str, color: str, **kwargs: Any) -> go.Scatter:
    return go.Scatter(x=xs, y=ys, mode="lines+markers", name=name, line=dict(color=color, width=2),
                      marker=dict(size=7), **kwargs)


def gd_figure(path_1d: np.ndarray, path_2d: np.ndarray, runs: list[learn_descent.DescentRun], lr: float,
              lang: str) -> go.Figure:
    """Top: GD on x² and on x² + 4y² at one learning rate. Bottom: batch, mini-batch and stochastic GD paths on
    the loss surface of a small linear regression."""
    verdict_1d = learn_descent.gd_verdict(learn_descent.bowl_1d(path_1d[:, 0]))
    verdict_2d = learn_descent.gd_verdict(learn_descent.bowl_2d(path_2d[:, 0], path_2d[:, 1]))
    fig = _subplots(rows=2, cols=2, specs=[[{}, {}], [{"colspan": 2}, None]], vertical_spacing=0.14,
                        subplot_titles=(t("learn.gd.fig_1d", lang, lr=lr, verdict=t(f"learn.gd.{verdict_1d}", lang)),
                                        t("learn.gd.fig_2d", lang, lr=lr, verdict=t(f"learn.gd.{verdict_2d}", lang)),
                                        t("learn.gd.fig_modes", lang)))
    grid = np.linspace(-5, 5, 201)
    fig.add_scatter(x=grid, y=learn_descent.bowl_1d(grid), mode="lines", line=dict(color="#888", width=2),
                    showlegend=False, row=1, col=1)
    fig.add_trace(_path_trace(path_1d[:, 0], learn_descent.bowl_1d(path_1d[:, 0]), "x", PATH_COLOR, showlegend=False),
                  row=1, col=1)
    gx, gy = np.linspace(-5, 5, 101), np.linspace(-3, 3, 61)
    fig.add_contour(x=gx, y=gy, z=learn_descent.bowl_2d(*np.meshgrid(gx, gy)), showscale=False, colorscale="Blues",
                    contours=dict(start=0, end=60, size=4), row=1, col=2)
    fig.add_trace(_path_trace(path_2d[:, 0], path_2d[:, 1], "(x, y)", PATH_COLOR, showlegend=False), row=1, col=2)
    fig.update_xaxes(range=[-5, 5], row=1, col=1)
    fig.update_yaxes(range=[0, 26], row=1, col=1)
    fig.update_xaxes(range=[-5, 5], title_text="x", row=1, col=2)
    fig.update_yaxes(range=[-3, 3], title_text="y", row=1, col=2)
    _add_modes(fig, runs, lang)
    return _finish(fig, 900)


def _add_modes(fig: go.Figure, runs: list[learn_descent.DescentRun], lang: str) -> None:
    x, y = learn_descent.regression_data()
    w, b = np.linspace(-2.5, 3.5, 121), np.linspace(-1, 3.5, 91)
    fig.add_contour(x=w, y=b, z=learn_descent.regression_loss(*np.meshgrid(w, b), x, y), showscale=False,
                    colorscale="Greys", ncontours=25, opacity=0.6, row=2, col=1)
    for run in runs:
        name = t(f"learn.gd.mode_{run.mode}", lang, size=run.batch_size, steps=run.steps_per_epoch)
        fig.add_trace(_path_trace(run.path[:, 0], run.path[:, 1], name, MODE_COLORS[run.mode]), row=2, col=1)
    fig.update_xaxes(title_text=t("learn.gd.w_axis", lang), range=[-2.5, 3.5], row=2, col=1)
    fig.update_yaxes(title_text=t("learn.gd.b_axis", lang), range=[-1, 3.5], row=2, col=1)


# ------------------------------------------------------------------ 5. backpropagation

NODES = {"x1": (0, 1), "x2": (0, 0), "h1": (1, 1), "h2": (1, 0), "y": (2, 0.5)}
EDGES = {"W1[1,1]": ("x1", "h1"), "W1[1,2]": ("x1", "h2"), "W1[2,1]": ("x2", "h1"), "W1[2,2]": ("x2", "h2"),
         "W2[1]": ("h1", "y"), "W2[2]": ("h2", "y")}
BIASES = {"b1[1]": "h1", "b1[2]": "h2", "b2": "y"}


def backprop_figure(step: learn_backprop.BackpropStep, target: float, lang: str) -> go.Figure:
    """The 2-2-1 network: node values from the forward pass, each weight with its gradient (line width ∝ |∂L/∂w|)."""
    fig = go.Figure()
    table, forward = step.table, step.forward
    largest = table["grad_hand"].abs().max() or 1.0
    for label, (start, end) in EDGES.items():
        (x0, y0), (x1, y1) = NODES[start], NODES[end]
        grad = table.loc[label, "grad_hand"]
        fig.add_scatter(x=[x0, x1], y=[y0, y1], mode="lines", hoverinfo="skip", showlegend=False,
                        line=dict(width=2 + 10 * abs(grad) / largest, color="#d62728" if grad > 0 else "#1f77b4"))
        where = 0.3 if start.startswith("x") else 0.5  # keep the crossing edges' labels apart
        fig.add_annotation(x=x0 + where * (x1 - x0), y=y0 + where * (y1 - y0) + 0.07, showarrow=False,
                           text=f"{label} = {table.loc[label, 'value']:.3f}<br>∂L/∂w = {grad:.5f}",
                           font=dict(size=14, color=INK), bgcolor="rgba(255,255,255,0.85)")
    values = {"x1": forward["x"][0], "x2": forward["x"][1], "h1": forward["h"][0], "h2": forward["h"][1],
              "y": forward["y_hat"]}
    names = {"x1": "x₁", "x2": "x₂", "h1": "h₁", "h2": "h₂", "y": "ŷ"}
    fig.add_scatter(x=[p[0] for p in NODES.values()], y=[p[1] for p in NODES.values()], mode="markers+text",
                    marker=dict(size=58, color="#f2f2f2", line=dict(color="#333", width=2)), showlegend=False,
                    text=[f"{names[n]}<br>{values[n]:.4f}" for n in NODES], textfont=dict(size=15, color=INK),
                    hoverinfo="skip")
    for label, node in BIASES.items():
        x, y = NODES[node]
        value, grad = table.loc[label, "value"], table.loc[label, "grad_hand"]
        fig.add_annotation(x=x, y=y - 0.2, showarrow=False, font=dict(size=14, color=INK),
                           text=f"{label} = {value:.2f}, ∂L/∂b = {grad:.5f}")
    fig.add_annotation(x=2, y=0.95, showarrow=False, font=dict(size=16, color=INK),
                       text=t("learn.bp.fig_loss", lang, target=f"{target:.2f}", loss=f"{step.loss:.5f}"))
    fig.update_xaxes(visible=False, range=[-0.3, 2.45])
    fig.update_yaxes(visible=False, range=[-0.35, 1.25])
    fig.update_layout(plot_bgcolor="white")
    return _finish(fig, 520, t("learn.bp.fig_title", lang))


# ------------------------------------------------------------------ 6. regularization

def regularization_figure(paths: pd.DataFrame, lam: float, dropout: tuple[np.ndarray, np.ndarray], rate: float,
                          batch_norm: pd.DataFrame, lang: str) -> go.Figure:
    """Row 1: Lasso and Ridge coefficient paths against λ. Row 2: a dropout mask. Row 3: pre-activations of a
    batch before and after batch normalization."""
    fig = _subplots(rows=3, cols=2, specs=[[{}, {}], [{"colspan": 2}, None], [{}, {}]],
                        row_heights=[0.42, 0.16, 0.42], vertical_spacing=0.1, horizontal_spacing=0.1,
                        subplot_titles=(t("learn.reg.fig_l1", lang), t("learn.reg.fig_l2", lang),
                                        t("learn.reg.fig_dropout", lang, rate=rate),
                                        t("learn.reg.fig_bn_before", lang), t("learn.reg.fig_bn_after", lang)))
    for col, method in ((1, "l1"), (2, "l2")):
        for i, (feature, part) in enumerate(paths[paths["method"] == method].groupby("feature")):
            fig.add_scatter(x=part["lam"], y=part["coef"], mode="lines", name=feature, legendgroup=feature,
                            showlegend=col == 1, line=dict(color=PALETTE[i], width=3), row=1, col=col)
        fig.add_vline(x=lam, line=dict(color="gray", dash="dot"), row=1, col=col)
        fig.update_xaxes(type="log", exponentformat="power", title_text="λ", row=1, col=col)
    fig.update_yaxes(title_text=t("learn.reg.coef_axis", lang), row=1, col=1)
    _add_dropout(fig, *dropout, lang)
    _add_batch_norm(fig, batch_norm, lang)
    return _finish(fig, 1150)


def _add_dropout(fig: go.Figure, before: np.ndarray, after: np.ndarray, lang: str) -> None:
    rows = [t("learn.reg.before_dropout", lang), t("learn.reg.after_dropout", lang)]
    text = [[f"{v:.2f}" if v else "✕" for v in after], [f"{v:.2f}" for v in before]]  # heatmap rows go bottom-up
    fig.add_heatmap(z=[after, before], y=rows[::-1], x=[f"{i + 1}" for i in range(len(before))], text=text,
                    texttemplate="%{text}", textfont=dict(size=15), colorscale="Greens", showscale=False,
                    xgap=3, ygap=3, hoverinfo="skip", row=2, col=1)
    fig.update_xaxes(title_text=t("learn.reg.unit_axis", lang), dtick=1, row=2, col=1)


def _add_batch_norm(fig: go.Figure, frame: pd.DataFrame, lang: str) -> None:
    for col, stage in ((1, "before"), (2, "after")):
        values = frame[frame["stage"] == stage]
        bins = dict(start=values["value"].min(), end=values["value"].max(), size=np.ptp(values["value"]) / 30 or 1)
        for unit, part in values.groupby("unit"):
            fig.add_histogram(x=part["value"], name=t("learn.reg.unit", lang, unit=unit), legendgroup=f"unit{unit}",
                              showlegend=col == 1, opacity=0.6, xbins=bins,  # same bins for every unit
                              marker_color=UNIT_COLORS[(unit - 1) % len(UNIT_COLORS)], row=3, col=col)
        fig.update_xaxes(title_text=t("learn.reg.preact_axis", lang), row=3, col=col)
    fig.update_layout(barmode="overlay")


# ------------------------------------------------------------------ 7. Lagrange multipliers

def _arrow(fig: go.Figure, start: Sequence[float] | np.ndarray, vector: Sequence[float] | np.ndarray, color: str,
           label: str, length: float) -> None:
    direction = np.asarray(vector) / np.linalg.norm(vector)  # directions only
    end = np.asarray(start) + length * direction
    fig.add_annotation(x=end[0], y=end[1], ax=start[0], ay=start[1], xref="x", yref="y", axref="x", ayref="y",
                       showarrow=True, arrowhead=3, arrowwidth=3, arrowcolor=color, text="")
    label_at = end + 0.45 * direction  # plotly would put an arrow's own text at its tail, on the point
    fig.add_annotation(x=label_at[0], y=label_at[1], showarrow=False, text=label, font=dict(size=16, color=color))


def _arrows(fig: go.Figure, start: Sequence[float] | np.ndarray, grad_f: Sequence[float] | np.ndarray,
            grad_g: Sequence[float] | np.ndarray) -> None:
    # ∇g drawn longer and first, so that where the two are parallel both stay visible
    _arrow(fig, start, grad_g, "#7f3fbf", "∇g", 2.8)
    _arrow(fig, start, grad_f, "#2ca02c", "∇f", 1.6)


def lagrange_figure(c: float, table: pd.DataFrame, probe: dict, lang: str) -> go.Figure:
    """Contours of f = x + y, the constraint circle x² + y² = c, both extremes and ∇f, ∇g at a movable point."""
    r = float(np.sqrt(c))
    span = np.linspace(-r - 2, r + 2, 121)
    gx, gy = np.meshgrid(span, span)
    fig = go.Figure(go.Contour(x=span, y=span, z=gx + gy, colorscale="RdBu", reversescale=True, opacity=0.55,
                               ncontours=20, colorbar=dict(title="f = x + y", thickness=15)))
    theta = np.linspace(0, 2 * np.pi, 361)
    fig.add_scatter(x=r * np.cos(theta), y=r * np.sin(theta), mode="lines", line=dict(color="black", width=3),
                    name=t("learn.lag.circle", lang, c=f"{c:g}"))
    for row in table.itertuples():
        fig.add_scatter(x=[row.x], y=[row.y], mode="markers", marker=dict(size=14, color="#ffbf00",
                        line=dict(color="black", width=1)), showlegend=False, hoverinfo="skip")
        side = -1 if row.kind == "max" else 1  # label on the side away from the arrows
        fig.add_annotation(x=row.x + side * 0.5, y=row.y - side * 0.9, showarrow=False, bgcolor="rgba(255,255,255,0.9)",
                           xanchor="right" if side < 0 else "left", font=dict(size=15, color="black"),
                           text=f"{t(f'learn.lag.{row.kind}', lang)} ({row.x:.2f}, {row.y:.2f})"
                                f"<br>λ = {row.lam_numeric:.4f}")
        _arrows(fig, (row.x, row.y), (1.0, 1.0), (2 * row.x, 2 * row.y))
    point = probe["point"]
    fig.add_scatter(x=[point[0]], y=[point[1]], mode="markers", marker=dict(size=13, color=PATH_COLOR),
                    name=t("learn.lag.probe", lang, angle=f"{probe['angle']:.0f}"))
    _arrows(fig, point, probe["grad_f"], probe["grad_g"])
    fig.update_xaxes(range=[span[0], span[-1]], title_text="x", constrain="domain")
    fig.update_yaxes(range=[span[0], span[-1]], title_text="y", scaleanchor="x", scaleratio=1)
    return _finish(fig, 640)
