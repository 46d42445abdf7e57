"""A confusion matrix whose cells open, for the test images and for the class's digits alike: click a cell (the
chart's selection) or choose its row and column with the two selectors under it, and the images behind it show.

Widget keys, for a section's ``prefix`` ("inspect", "inspect_digits"): "<prefix>_confusion_view" (counts or shares),
"<prefix>_confusion_chart" (the chart's selection), "<prefix>_pair_true" and "<prefix>_pair_predicted" (the cell: a
click sets both).
"""

import io

import numpy as np
import streamlit as st
from PIL import Image

from dnn_core.charts import inspect as charts
from dnn_core.engine.digits_score import cell_indices
from dnn_core.engine.evaluate import most_confused
from pages import state, ui

ZOOM = 3  # images are shown at 3 × 28 px, pixels kept sharp
PAIR_IMAGES = 30


def zoom(image: np.ndarray) -> np.ndarray:
    return image.repeat(ZOOM, axis=0).repeat(ZOOM, axis=1)


def zoomed_png(image: np.ndarray) -> bytes:
    """The zoomed image as PNG bytes, to keep: ``st.image`` encodes an array again on every draw."""
    out = io.BytesIO()
    Image.fromarray(np.clip(zoom(image), 0, 255).astype(np.uint8)).save(out, format="PNG")
    return out.getvalue()


def clicked_cell(selection) -> tuple[int, int] | None:
    """(true, predicted) of the cell a chart selection holds (its first point's customdata), or None."""
    points = (selection or {}).get("points") or []
    data = points[0].get("customdata") if points else None
    if isinstance(data, dict):  # Plotly's typed array of a row comes back as {"0": true, "1": predicted, ...}
        data = [data.get(str(i)) for i in range(2)]
    return (int(data[0]), int(data[1])) if data is not None and len(data) >= 2 and None not in data[:2] else None


def take_click(prefix: str) -> None:
    """The chart's on_select: a clicked cell becomes the selectors' choice (a click that clears keeps it)."""
    cell = clicked_cell(state.widget(state.widget_key(prefix, "confusion_chart")).get("selection"))
    if cell is not None:
        state.set_widget(state.widget_key(prefix, "pair_true"), cell[0])
        state.set_widget(state.widget_key(prefix, "pair_predicted"), cell[1])


def matrix_chart(prefix: str, matrix: np.ndarray, names: list[str], chart, name: str, title: str) -> None:
    """The matrix as counts or shares (the user's choice), its cells clickable."""
    view = st.segmented_control(ui.tr("inspect.confusion.view"), ["counts", "normalised"], default="counts",
                                format_func=lambda v: ui.tr(f"inspect.confusion.{v}"),
                                key=state.widget_key(prefix, "confusion_view"))
    figure = chart(f"{name}_{view}", lambda: charts.confusion_figure(matrix, names, ui.lang(), view == "normalised",
                                                                      title))
    st.plotly_chart(figure, key=state.widget_key(prefix, "confusion_chart"), on_select=lambda: take_click(prefix),
                    selection_mode="points", config={"displayModeBar": False})


def cell_images(prefix: str, matrix: np.ndarray, names: list[str], y_true, y_pred, images, texts: str,
                chart, name: str) -> None:
    """The two selectors (true, predicted) and the images of that cell (kept by ``chart`` under the matrix's
    ``name`` once encoded); ``texts`` names the caption keys."""
    st.caption(ui.tr("inspect.cell.hint"))
    worst_true, worst_predicted = most_confused(matrix)
    true_key, predicted_key = state.widget_key(prefix, "pair_true"), state.widget_key(prefix, "pair_predicted")
    ui.keep_choice(true_key, range(len(names)), worst_true)
    ui.keep_choice(predicted_key, range(len(names)), worst_predicted)
    left, right = st.columns(2)
    true = left.selectbox(ui.tr("inspect.pair.true"), range(len(names)), format_func=names.__getitem__,
                          key=true_key)
    predicted = right.selectbox(ui.tr("inspect.pair.predicted"), range(len(names)), format_func=names.__getitem__,
                                key=predicted_key)
    chosen = cell_indices(y_true, y_pred, true, predicted)
    if len(chosen):
        more = " " + ui.tr("inspect.pair.first", shown=PAIR_IMAGES) if len(chosen) > PAIR_IMAGES else ""
        st.caption(ui.tr(f"{texts}.caption", count=len(chosen), true=names[true], predicted=names[predicted]) + more)
        st.image(chart(f"{name}_cell_{true}_{predicted}",
                       lambda: [zoomed_png(images[i]) for i in chosen[:PAIR_IMAGES]]))
    else:
        st.info(ui.tr(f"{texts}.none", true=names[true], predicted=names[predicted]))


def confusion_section(prefix: str, matrix: np.ndarray, names: list[str], y_true, y_pred, images, chart,
                      name: str = "confusion", title: str = "inspect.chart.confusion.title",
                      texts: str = "inspect.pair") -> None:
    """The clickable matrix, then the images behind the chosen cell under ``inspect.pair.heading``."""
    matrix_chart(prefix, matrix, names, chart, name, title)
    st.subheader(ui.tr("inspect.pair.heading"))
    cell_images(prefix, matrix, names, y_true, y_pred, images, texts, chart, name)
