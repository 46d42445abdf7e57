"""Figures of Inspect for a convolutional network: the first layer's filters and the feature maps of one digit.

Both are one heatmap of tiles with blank gaps (cheap to draw, however many filters); every text from
``dnn_core.i18n``.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from dnn_core.charts.inspect import _layout, tile_images
from dnn_core.i18n import t

FILTER_GAP = 1  # blank cells between 3 × 3 filters
MAP_GAP = 2  # blank pixels between feature maps
WIDTH = 900  # about the width of the page's charts, in px: tiles are sized to fill it
TITLE_AND_MARGINS = 120  # px of a tile figure outside its tiles


def tile_columns(count: int) -> int:
    """Tiles per row: 8 (like the first layer's units), 16 for more than 64 tiles."""
    return min(count, 8 if count <= 64 else 16)


def _tile_figure(images: np.ndarray, gap: int, colorscale: str, zmin: float, zmax: float, value_label: str,
                 title: str, lang: str) -> go.Figure:
    """Images × height × width as one heatmap of tiles on a shared colour scale, sized so the tiles fill WIDTH."""
    columns = tile_columns(len(images))
    tiled, owner = tile_images(images, columns=columns, gap=gap, scaled=False)
    height, width = images.shape[1:]
    # per cell: which filter, and its row and column inside the tile (1-based), for the hover text
    rows, cols = np.indices(tiled.shape)
    where = np.dstack([owner, rows % (height + gap) + 1, cols % (width + gap) + 1])
    position = t("inspect.chart.row_column", lang, row="%{customdata[1]}", column="%{customdata[2]}")
    fig = go.Figure(go.Heatmap(
        z=tiled, customdata=where, colorscale=colorscale, zmin=zmin, zmax=zmax, hoverongaps=False,
        colorbar=dict(title=dict(text=value_label, side="right"), thickness=16, tickfont=dict(size=14)),
        hovertemplate=(f"{t('inspect.chart.filter', lang)} %{{customdata[0]}}, {position}<br>"
                       f"{value_label}: %{{z:.3f}}<extra></extra>")))
    fig.update_xaxes(visible=False, constrain="domain")
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor="x", constrain="domain")
    figure_height = TITLE_AND_MARGINS + WIDTH * tiled.shape[0] / tiled.shape[1]
    return _layout(fig, title, int(min(figure_height, 1400)), margin=dict(l=10, r=10, t=80, b=10))


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
