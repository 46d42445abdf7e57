"""Figures of Inspect for a convolutional network: the first layer's filters and the feature maps of one digit.

Both are one heatmap of tiles with blank gaps (cheap to draw, however many filters); every text from
``dnn_core.i18n``.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from dnn_core.charts.inspect import GREY, _layout, tile_images
from dnn_core.i18n import t

FILTER_GAP = 1  # blank cells between 3 × 3 filters (and room for their numbers under them)
MAP_GAP = 3  # blank pixels between feature maps side by side
NUMBERED = 64  # tiles numbered up to this many (8 rows of 8); beyond, the hover still names each
WIDTH = 800  # about the width of the tiles on the page (a wide page less its colour bar), in px
TOP, BOTTOM = 80, 30  # px above the tiles (the title) and below them (the last row's numbers)


def tile_columns(count: int) -> int:
    """Tiles per row: 8 (like the first layer's units), 16 for more than 64 tiles."""
    return min(count, 8 if count <= 64 else 16)


def _row_gap(side: int, gap: int) -> int:
    """Blank rows under each row of tiles: room for the numbers (about 15 px on a page 500 to 900 px wide)."""
    return max(gap, side // 3, 6) if side > 3 else gap


def _tile_figure(images: np.ndarray, gap: int, colorscale: str, zmin: float, zmax: float, value_label: str,
                 title: str, lang: str) -> go.Figure:
    """Images × height × width as one heatmap of tiles on a shared colour scale, sized so the tiles fill WIDTH."""
    columns = tile_columns(len(images))
    height, width = images.shape[1:]
    row_gap = _row_gap(height, gap)
    tiled, owner = tile_images(images, columns=columns, gap=gap, scaled=False, row_gap=row_gap)
    # per cell: which filter, and its row and column inside the tile (1-based), for the hover text
    rows, cols = np.indices(tiled.shape)
    where = np.dstack([owner, rows % (height + row_gap) + 1, cols % (width + gap) + 1])
    position = t("inspect.chart.row_column", lang, row="%{customdata[1]}", column="%{customdata[2]}")
    fig = go.Figure(go.Heatmap(
        z=tiled, customdata=where, colorscale=colorscale, zmin=zmin, zmax=zmax, hoverongaps=False,
        colorbar=dict(title=dict(text=value_label, side="right"), thickness=16, tickfont=dict(size=14)),
        hovertemplate=(f"{t('inspect.chart.filter', lang)} %{{customdata[0]}}, {position}<br>"
                       f"{value_label}: %{{z:.3f}}<extra></extra>")))
    for k in range(len(images) if len(images) <= NUMBERED else 0):  # numbers match a feature map to its filter
        r, c = divmod(k, columns)
        fig.add_annotation(x=c * (width + gap) + (width - 1) / 2, y=r * (height + row_gap) + height - 0.5,
                           text=str(k + 1), showarrow=False, yanchor="top", font=dict(size=12, color=GREY))
    # explicit ranges: annotations would otherwise widen the autorange by a row
    fig.update_xaxes(visible=False, constrain="domain", range=[-0.5, tiled.shape[1] - 0.5])
    fig.update_yaxes(visible=False, range=[tiled.shape[0] - 0.5, -0.5], scaleanchor="x", constrain="domain")
    figure_height = TOP + BOTTOM + WIDTH * tiled.shape[0] / tiled.shape[1]
    return _layout(fig, title, int(min(figure_height, 1400)), margin=dict(l=10, r=10, t=TOP, b=BOTTOM))


def filters_figure(kernels: np.ndarray, layer: str, lang: str) -> go.Figure:
    """The first convolution layer's filters as 3 × 3 tiles, red positive and blue negative on one scale
    centred on 0, so strong and weak filters look so."""
    largest = float(np.abs(kernels).max()) or 1.0
    return _tile_figure(kernels, FILTER_GAP, "RdBu_r", -largest, largest, t("inspect.chart.weight", lang),
                        t("inspect.chart.filters.title", lang, layer=layer), lang)


def feature_maps_figure(maps: np.ndarray, layer: str, lang: str) -> go.Figure:
    """One layer's feature maps for one digit on one shared scale: dark to bright (viridis) for outputs that
    are never negative (ReLU, sigmoid), red and blue centred on 0 for ones that are (tanh)."""
    title = t("inspect.chart.maps.title", lang, layer=layer, count=len(maps), side=maps.shape[1])
    low, high = float(maps.min()), float(maps.max())
    if low < 0:
        largest = max(-low, high) or 1.0
        return _tile_figure(maps, MAP_GAP, "RdBu_r", -largest, largest, t("inspect.chart.output", lang), title,
                            lang)
    return _tile_figure(maps, MAP_GAP, "Viridis", 0.0, high or 1.0, t("inspect.chart.output", lang), title, lang)
