"""The Class page's chart: every run of the class, test accuracy against one setting."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from dnn_core.classroom.board import LOG_SETTINGS
from dnn_core.i18n import t

FONT = dict(size=18)  # read from the back of a classroom


def class_figure(done: pd.DataFrame, setting: str, lang: str, pinned: tuple[int, float] | None = None,
                 pinned_name: str = "", height: int = 380) -> go.Figure:
    """Test accuracy (y) against ``setting`` (x) for the runs of ``done``; the pinned run as a dashed line.

    Names go into the hover text escaped: Plotly renders a little HTML in text, and a name is shown as typed.
    """
    anonymous = t("name.anonymous", lang)
    names = [html.escape(name or anonymous) for name in done["student"]]
    hover = [f"{name}<br>{html.escape(text)}<br>{100 * acc:.1f} %"
             for name, text, acc in zip(names, done["settings"], done["test_accuracy"])]
    fig = go.Figure(go.Scatter(x=done[f"x_{setting}"], y=done["test_accuracy"], mode="markers",
                               marker=dict(size=14, opacity=0.75, line=dict(width=1, color="white")),
                               hovertext=hover, hoverinfo="text"))
    if pinned is not None:
        label = t("class.chart.pinned", lang, name=html.escape(pinned_name or anonymous),
                  accuracy=f"{100 * pinned[1]:.1f}")
        fig.add_hline(y=pinned[1], line=dict(dash="dash", color="#d62728", width=2),
                      annotation=dict(text=label, font=FONT), annotation_position="bottom right")
    xaxis = dict(title=t(f"class.setting.{setting}", lang), type="log" if setting in LOG_SETTINGS else "-")
    if setting in ("optimizer", "activation", "lr_schedule"):
        xaxis["type"] = "category"
    yaxis = dict(title=t("class.column.test_accuracy", lang), tickformat=".0%", range=[0, 1.02])
    fig.update_layout(xaxis=xaxis, yaxis=yaxis, font=FONT, height=height, margin=dict(l=10, r=10, t=20, b=10),
                      showlegend=False)
    return fig
