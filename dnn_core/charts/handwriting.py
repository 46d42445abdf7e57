"""The Class page's chart of the class's own handwriting: how many drawings of each digit."""

from __future__ import annotations

import plotly.graph_objects as go

from dnn_core.i18n import t

BAR = "#1f6feb"


def digit_counts_figure(counts: dict[int, int], lang: str, height: int = 300) -> go.Figure:
    """One bar per digit 0–9 with its count written on it, so a thin class shows where digits are missing."""
    digits = list(range(10))
    values = [counts.get(digit, 0) for digit in digits]
    fig = go.Figure(go.Bar(x=[str(d) for d in digits], y=values, marker_color=BAR, text=values,
                           textposition="outside", textfont=dict(size=16), cliponaxis=False,
                           hovertemplate="%{x}: %{y}<extra></extra>"))
    fig.update_layout(height=height, font=dict(size=16), template="plotly_white", bargap=0.25, showlegend=False,
                      margin=dict(l=50, r=10, t=30, b=50))
    # explicit axis fonts: Streamlit's chart theme would otherwise shrink tick labels below projector size
    fig.update_xaxes(type="category", title=t("digits.chart.digit", lang), tickfont=dict(size=16),
                     title_font=dict(size=17))
    fig.update_yaxes(title=t("digits.chart.count", lang), rangemode="tozero", tickformat="d",
                     range=[0, max(values + [4]) * 1.15], tickfont=dict(size=15))
    return fig
