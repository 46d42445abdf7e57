"""Figures for Learn's "From dense to convolution": a 3×3 filter at one position of a digit, and its feature map."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from dnn_core.charts.learn import PATH_COLOR, _finish, _subplots
from dnn_core.engine.layers import KERNEL
from dnn_core.i18n import t
from dnn_core.lessons.learn_cnn import product_term, signed

MNIST_GREYS = [[0, "black"], [1, "white"]]  # ink is bright on a dark ground, as MNIST stores it
SIGNED = "RdBu_r"  # red positive, blue negative, white zero


def _signed(values: np.ndarray) -> dict:
    """A colour range symmetric about zero, so zero is always white."""
    bound = float(np.abs(values).max()) or 1.0
    return dict(colorscale=SIGNED, zmin=-bound, zmax=bound)


def _grid_text(values: np.ndarray, fmt: str) -> list[list[str]]:
    return [[signed(value, fmt) for value in row] for row in values]


def filter_figure(image: np.ndarray, kernel: np.ndarray, feature: np.ndarray, row: int, col: int,
                  lang: str) -> go.Figure:
    """Four panels: the digit with the 3×3 window, the filter, the window's products, and the whole feature map
    with the value they sum to."""
    window = image[row:row + KERNEL, col:col + KERNEL]
    products = window * kernel
    fig = _subplots(rows=1, cols=4, horizontal_spacing=0.04, column_widths=[0.3, 0.17, 0.23, 0.3],
                    subplot_titles=(t("learn.cnn.fig_digit", lang), t("learn.cnn.fig_filter", lang),
                                    t("learn.cnn.fig_products", lang),
                                    t("learn.cnn.fig_map", lang, side=feature.shape[0])))
    pixel, weight, product = (t(f"learn.cnn.hover_{name}", lang) for name in ("pixel", "weight", "product"))
    fig.add_heatmap(z=image, colorscale=MNIST_GREYS, zmin=0, zmax=1, showscale=False, row=1, col=1,
                    hovertemplate=f"({t('learn.cnn.row', lang)} %{{y}}, {t('learn.cnn.col', lang)} %{{x}}) "
                                  f"{pixel} %{{z:.2f}}<extra></extra>")
    fig.add_shape(type="rect", x0=col - 0.5, x1=col + KERNEL - 0.5, y0=row - 0.5, y1=row + KERNEL - 0.5,
                  line=dict(color=PATH_COLOR, width=3), row=1, col=1)
    fig.add_heatmap(z=kernel, **_signed(kernel), showscale=False, text=_grid_text(kernel, ".3g"),
                    texttemplate="%{text}", textfont_size=16, row=1, col=2,
                    hovertemplate=f"{weight} %{{z:.4g}}<extra></extra>")
    labels = [[f"{product_term(p, w)}<br><b>{signed(x, '.2f')}</b>" for p, w, x in zip(*cells)]
              for cells in zip(window, kernel, products)]
    fig.add_heatmap(z=products, **_signed(products), showscale=False, text=labels, texttemplate="%{text}",
                    textfont_size=13, row=1, col=3, hovertemplate=f"{product} %{{z:.4f}}<extra></extra>")
    fig.add_heatmap(z=feature, **_signed(feature), row=1, col=4, colorbar=dict(thickness=12, x=1.0),
                    hovertemplate=f"({t('learn.cnn.row', lang)} %{{y}}, {t('learn.cnn.col', lang)} %{{x}}) "
                                  f"%{{z:.3f}}<extra></extra>")
    fig.add_shape(type="rect", x0=col - 0.5, x1=col + 0.5, y0=row - 0.5, y1=row + 0.5,
                  line=dict(color=PATH_COLOR, width=3), row=1, col=4)
    for panel in range(1, 5):  # images: row 0 at the top, square pixels
        fig.update_xaxes(showticklabels=panel in (1, 4), constrain="domain", row=1, col=panel)
        fig.update_yaxes(autorange="reversed", scaleanchor=f"x{panel if panel > 1 else ''}",
                         showticklabels=panel in (1, 4), constrain="domain", row=1, col=panel)
    return _finish(fig, 420)
