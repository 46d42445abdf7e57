"""Figures for optimizer paths on 2-D loss surfaces: an animated contour map and the loss along each path."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dnn_core.charts.training import downsample
from dnn_core.engine.config import OPTIMIZERS
from dnn_core.engine.paths import Surface, get_surface
from dnn_core.i18n import t

MAX_FRAMES = 60  # animation frames; each frame carries every path up to its step
MAX_POINTS = 150  # points per path on the map, which keeps the frames (and the page) small
GRID = 120  # contour grid points per axis
LOG_OFFSET = 1e-3  # log10(loss - min + offset): the minimum itself stays finite
FONT = dict(size=16)
# the contours stay grey so the optimizers' colours (config.OPTIMIZERS) stand out
OTHER_COLOR = "#808080"  # a line that is no optimizer of ours
CONTOUR_COLORS = [[0.0, "#ffffff"], [1.0, "#8a939c"]]


def paths_figure(surface: str | Surface, paths_df: pd.DataFrame, lang: str = "en") -> go.Figure:
    """Contour map of the surface with one coloured path per optimizer, animated step by step (play / slider)."""
    surface = get_surface(surface)
    paths = {name: downsample(group, MAX_POINTS) for name, group in paths_df.groupby("optimizer", sort=False)}
    fig = go.Figure([_contour(surface), _marker_trace(surface, lang), _start_trace(paths_df, lang)])
    first_path = len(fig.data)
    for name, path in paths.items():
        fig.add_trace(_path_trace(name, path, lang))
    frame_steps = _frame_steps(int(paths_df["step"].max()) if len(paths_df) else 0)
    fig.frames = [go.Frame(name=str(step), traces=list(range(first_path, first_path + len(paths))),
                           data=[_path_points(path[path["step"] <= step]) for path in paths.values()])
                  for step in frame_steps]
    fig.update_layout(
        title=t("paths.title", lang, surface=t(f"paths.surface.{surface.name}", lang)),
        font=FONT, height=650, margin=dict(t=70, b=140), legend=dict(itemsizing="constant"),
        xaxis=dict(range=list(surface.x_range), title="x", constrain="domain"),
        yaxis=dict(range=list(surface.y_range), title="y", scaleanchor="x", scaleratio=1, constrain="domain"),
        updatemenus=[_play_buttons(lang)], sliders=[_step_slider(frame_steps, lang)],
    )
    return fig


def paths_loss_figure(paths_df: pd.DataFrame, lang: str = "en") -> go.Figure:
    """Loss against step for each optimizer's path (log scale when every loss is positive)."""
    fig = go.Figure()
    for name, path in paths_df.groupby("optimizer", sort=False):
        fig.add_trace(go.Scatter(x=path["step"], y=path["loss"], mode="lines", name=_label(name, path, lang),
                                 legendgroup=name, line=dict(color=optimizer_color(name), width=3)))
    log = len(paths_df) > 0 and bool((paths_df["loss"] > 0).all())
    fig.update_layout(title=t("paths.loss_title", lang), font=FONT, height=500, xaxis_title=t("paths.step", lang),
                      yaxis=dict(title=t("paths.loss_log" if log else "paths.loss", lang),
                                 type="log" if log else "linear", exponentformat="power"))
    return fig


def _contour(surface: Surface) -> go.Contour:
    """The surface as filled grey contours (no colour bar: the loss chart gives the numbers).

    Where the surface has a minimum the levels are on log10 of the height above it.
    """
    xs = np.linspace(*surface.x_range, GRID)
    ys = np.linspace(*surface.y_range, GRID)
    z = np.asarray(surface.f(*np.meshgrid(xs, ys)))
    if surface.bounded:
        # valleys span many decades: equal steps in log10 show both the rim and the floor
        z = np.log10(z - surface.f_min + LOG_OFFSET)
    return go.Contour(x=xs, y=ys, z=z.astype(np.float32), ncontours=30, colorscale=CONTOUR_COLORS, showscale=False,
                      contours=dict(coloring="fill"), line=dict(width=0.5, color="#6c757d"),
                      hoverinfo="skip", showlegend=False)


def _marker_trace(surface: Surface, lang: str) -> go.Scatter:
    """A star on each minimum (on the saddle surface: on the saddle point)."""
    x, y = zip(*surface.minima)
    label = t("paths.minimum" if surface.bounded else "paths.saddle_point", lang)
    return go.Scatter(x=x, y=y, mode="markers", name=label, hovertemplate=f"{label}<extra></extra>",
                      marker=dict(symbol="star", size=22, color="#ffd43b", line=dict(color="#212529", width=2)))


def _start_trace(paths_df: pd.DataFrame, lang: str) -> go.Scatter:
    """An open circle on each distinct start point."""
    starts = paths_df.loc[paths_df["step"] == 0, ["x", "y"]].drop_duplicates()
    label = t("paths.start", lang)
    return go.Scatter(x=starts["x"], y=starts["y"], mode="markers", name=label, hovertemplate=f"{label}<extra></extra>",
                      marker=dict(symbol="circle-open", size=16, color="#212529", line=dict(width=3)))


def _path_trace(name: str, path: pd.DataFrame, lang: str) -> go.Scatter:
    label = _label(name, path, lang)
    return go.Scatter(**_path_points(path), mode="lines+markers", name=label, legendgroup=name,
                      line=dict(color=optimizer_color(name), width=3), marker=dict(size=5),
                      hovertemplate=f"{label}<br>{t('paths.step', lang)} %{{customdata}}"
                                    "<br>x = %{x:.3f}, y = %{y:.3f}<extra></extra>")


def _path_points(path: pd.DataFrame) -> dict:
    """The x, y and step arrays of a path (float32/int32: frames repeat them, so they're sent compactly)."""
    return dict(x=path["x"].to_numpy(np.float32), y=path["y"].to_numpy(np.float32),
                customdata=path["step"].to_numpy(np.int32))


def _label(name: str, path: pd.DataFrame, lang: str) -> str:
    """'adam (lr 0.1)', marked when the path diverged."""
    label = t("paths.path_label", lang, optimizer=t(f"optimizer.{name}", lang), lr=f"{path['lr'].iloc[0]:g}")
    return t("paths.diverged", lang, path=label) if path["diverged"].any() else label


def optimizer_color(optimizer: str) -> str:
    """One colour per optimizer, the same on the paths map and in the race charts."""
    return OPTIMIZERS[optimizer].color if optimizer in OPTIMIZERS else OTHER_COLOR


def _frame_steps(last_step: int) -> list[int]:
    """At most MAX_FRAMES steps from 0 to ``last_step``, evenly spread, both ends included."""
    return sorted({int(round(s)) for s in np.linspace(0, last_step, min(MAX_FRAMES, last_step + 1))})


def _play_buttons(lang: str) -> dict:
    # redraw=True on every frame: without it plotly.js drops the contour layer while animating
    play = dict(frame=dict(duration=80, redraw=True), transition=dict(duration=0), fromcurrent=True)
    pause = dict(frame=dict(duration=0, redraw=True), mode="immediate", transition=dict(duration=0))
    return dict(type="buttons", direction="left", x=0.0, y=-0.12, xanchor="left", yanchor="top",
                pad=dict(r=10, t=10), showactive=False, font=FONT,
                buttons=[dict(label=t("paths.play", lang), method="animate", args=[None, play]),
                         dict(label=t("paths.pause", lang), method="animate", args=[[None], pause])])


def _step_slider(frame_steps: list[int], lang: str) -> dict:
    """A slider over the frames; starts at the end so the finished paths show before anyone presses play."""
    jump = dict(frame=dict(duration=0, redraw=True), mode="immediate", transition=dict(duration=0))
    return dict(active=len(frame_steps) - 1, x=0.2, len=0.8, y=-0.1, yanchor="top", pad=dict(t=10),
                currentvalue=dict(prefix=f"{t('paths.step', lang)}: ", font=FONT),
                font=dict(color="rgba(0,0,0,0)"),  # 60 tick labels would overlap; the current value shows the step
                steps=[dict(label=str(step), method="animate", args=[[str(step)], jump]) for step in frame_steps])
