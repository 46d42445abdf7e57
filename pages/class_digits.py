"""The Class page's "Our handwriting" tab: how many digits of each class, who drew how many, a gallery by digit
(newest first), where the set is kept, and its downloads (.npz and the four IDX files).

The page runs ``digits_view`` as a fragment every few seconds, so a projector shows new drawings without a reload.
Names are plain text everywhere: table cells and ``st.text``, never Markdown or HTML. The gallery shows a drawing
once the teacher has approved it (or turned approval off); the unlocked teacher gets a Hide under each.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dnn_core.charts.handwriting import digit_counts_figure
from dnn_core.classroom import handwriting
from dnn_core.classroom.handwriting import ClassDigits, Drawing
from dnn_core.i18n import t
from dnn_core.runs import RunStoreError
from pages import class_digits_teacher, class_teacher, ui

ALL = "all"  # the gallery's choice meaning every digit
GALLERY_SIZE = 40  # the newest drawings shown: a projector's screenful, and one small query
SKETCH_PX = 84  # a drawing's side in the gallery (its sketch is 56 px: 1.5×, still crisp enough on a projector)


def digits_view(store) -> None:
    """The whole tab, redrawn from a few small queries (the page runs it as a fragment every few seconds)."""
    class_digits_teacher.rerun_page_if_asked()  # after the teacher hid a drawing here
    digits = ClassDigits(store)
    try:
        by_label, by_name = digits.counts()
        is_open, pending, writers = digits.is_open(), digits.pending_count(), digits.writer_count()
    except RunStoreError as exc:
        st.error(ui.tr("digits.failed", reason=ui.error_text(exc)))
        return
    st.caption(ui.tr("digits.collection.open" if is_open else "digits.collection.closed"))
    st.caption(ui.tr("digits.where", path=str(store.path)))
    total = sum(by_label.values())
    if not total:
        st.info(ui.tr("digits.none"), icon=":material/draw:")
        return
    st.caption(ui.tr("digits.total", total=total, writers=writers, pending=pending))
    chart_col, table_col = st.columns([3, 2], gap="medium")
    with chart_col:
        st.markdown(f"**{ui.tr('digits.counts.title')}**")
        st.plotly_chart(digit_counts_figure(by_label, ui.lang()), key="digits_chart", config={"displayModeBar": False})
    with table_col:
        st.markdown(f"**{ui.tr('digits.writers.title')}**")
        writers_table(by_name)
    gallery_ui(digits, by_label)
    downloads_ui(store)


def writers_table(by_name: dict[str, int]) -> None:
    """Who drew how many, most first; names as plain text cells."""
    anonymous = ui.tr("name.anonymous")
    table = pd.DataFrame({"name": [name or anonymous for name in by_name], "count": list(by_name.values())})
    st.dataframe(table, hide_index=True, width="stretch", height=min(36 * (len(table) + 1) + 3, 300),
                 column_config={"name": ui.tr("digits.column.name"), "count": ui.tr("digits.column.count")})


def gallery_ui(digits: ClassDigits, by_label: dict[int, int]) -> None:
    """The newest drawings of one digit (or of all), each with its digit and name as plain text."""
    st.markdown(f"**{ui.tr('digits.gallery.title')}**")
    lang = ui.lang()
    choice = st.segmented_control(ui.tr("digits.gallery.digit"), [ALL, *range(10)], default=ALL, required=True,
                                  key="digits_gallery_digit",
                                  format_func=lambda c: t("class.filter.all", lang) if c == ALL else str(c))
    label = None if choice == ALL else int(choice)
    shown = digits.gallery(label, GALLERY_SIZE)
    if digits.approval_required():
        st.caption(ui.tr("digits.gallery.approval"))
    if not shown:
        st.info(ui.tr("digits.gallery.none") if label is None else ui.tr("digits.gallery.empty", digit=label))
        return
    teacher = class_teacher.unlocked()
    with st.container(horizontal=True, key="digits_gallery", gap="small"):
        for drawing in shown:
            drawing_card(drawing, teacher, digits)
    total = sum(by_label.values()) if label is None else by_label[label]
    if len(shown) == GALLERY_SIZE and total > GALLERY_SIZE:
        st.caption(ui.tr("digits.gallery.newest", shown=len(shown), total=total))


def drawing_card(drawing: Drawing, teacher: bool, digits: ClassDigits) -> None:
    """One drawing as drawn, its digit and its writer's name (plain text); Hide for the unlocked teacher."""
    name = drawing.name or ui.tr("name.anonymous")
    with st.container(width=SKETCH_PX + 36, key=f"digits_item_{drawing.id}", gap="xsmall"):
        st.image(drawing.sketch, width=SKETCH_PX, output_format="PNG")
        caption = f"{drawing.label} · {name}"
        st.text(ui.tr("digits.gallery.item", id=drawing.id, name=caption) if teacher else caption)
        if teacher:
            st.button(ui.tr("digits.teacher.hide"), key=f"digits_hide_{drawing.id}", type="tertiary",
                      icon=":material/visibility_off:", on_click=class_digits_teacher.act,
                      args=(class_teacher.as_teacher, class_digits_teacher.hide_drawings, digits, [drawing.id]))


def downloads_ui(store) -> None:
    """The set (drawings not hidden) as .npz and as the four IDX files in a zip, made only when clicked."""
    npz_col, idx_col = st.columns(2)
    npz_col.download_button(ui.tr("digits.download.npz"), lambda: handwriting.to_npz(ClassDigits(store).digit_set()),
                            file_name=f"{handwriting.DATASET}.npz", mime="application/octet-stream",
                            key="digits_npz", on_click="ignore", icon=":material/download:", width="stretch")
    idx_col.download_button(ui.tr("digits.download.idx"), lambda: handwriting.idx_zip(ClassDigits(store).digit_set()),
                            file_name=f"{handwriting.DATASET}_idx.zip", mime="application/zip", key="digits_idx",
                            on_click="ignore", icon=":material/folder_zip:", width="stretch")
    st.caption(ui.tr("digits.download.caption"))
