"""Figures and pictures of Draw & Predict: the class-probability bars and the preprocessing steps, sized to be seen."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from PIL import Image

from dnn_core.i18n import t

TOP, OTHER = "#1f6feb", "#c3cbd5"  # the predicted class stands out, the other nine stay quiet
STEP_PX = 168  # every step picture is shown this many pixels square (28 × 6: whole-pixel zoom)
FRAME = 48  # grey around a step's picture, so its own size shows against the black ink background


def probabilities_figure(probs: np.ndarray, names: list[str], lang: str) -> go.Figure:
    """Bars of the 10 class probabilities, the most probable one highlighted, each labelled in percent."""
    probs = np.asarray(probs, dtype=float).reshape(-1)
    top = int(np.argmax(probs))
    fig = go.Figure(go.Bar(
        x=names, y=probs, marker_color=[TOP if i == top else OTHER for i in range(len(probs))],
        text=[f"{p:.0%}" if p >= 0.005 else "" for p in probs], textposition="outside", textfont=dict(size=15),
        cliponaxis=False, hovertemplate="%{x}: %{y:.1%}<extra></extra>"))
    fig.update_layout(title=dict(text=t("draw.chart.title", lang), font=dict(size=20)), height=360,
                      font=dict(size=16), template="plotly_white", margin=dict(l=60, r=20, t=60, b=50),
                      bargap=0.25, showlegend=False)
    # explicit axis fonts: Streamlit's chart theme would otherwise shrink tick labels below projector size
    fig.update_xaxes(type="category", title=t("draw.chart.class", lang), tickfont=dict(size=16),
                     title_font=dict(size=17))
    # no y title: the percent ticks and the chart's title say it, and a turned title is hard to read in Chinese
    fig.update_yaxes(range=[0, 1.12], tickformat=".0%", tickfont=dict(size=15), tickvals=[0, 0.25, 0.5, 0.75, 1])
    return fig


def step_picture(image: np.ndarray, size: int = STEP_PX) -> np.ndarray:
    """``image`` (uint8 grey) framed in grey to a square and scaled to ``size`` px; small ones keep sharp pixels.

    Browsers smooth an upscaled picture, which would hide the 28×28 grid, so a small image is enlarged here by
    repeating pixels (nearest neighbour); a large one (the raw canvas, a photo) is reduced smoothly.
    """
    image = np.asarray(image, dtype=np.uint8)
    side = max(image.shape)
    square = np.full((side, side), FRAME, np.uint8)
    top, left = (side - image.shape[0]) // 2, (side - image.shape[1]) // 2
    square[top:top + image.shape[0], left:left + image.shape[1]] = image
    picture = Image.fromarray(square)
    resample = Image.Resampling.NEAREST if side < size else Image.Resampling.BOX
    return np.asarray(picture.resize((size, size), resample))
