"""Class: the board of everyone's finished runs on this server, the current lesson's QR code, the class's own
handwriting, the teacher section."""

import streamlit as st

from dnn_core.classroom import board
from dnn_core.runs import RunStore, RunStoreError
from pages import class_board, class_digits, class_teacher, ui

REFRESH_S = 3.0  # the board's refresh while the page is open: one query each time

st.title(ui.tr("nav.class"))
st.caption(ui.tr("class.intro"))

# Guard: without a readable run history there is nothing to show
try:
    store = RunStore()
except RunStoreError as exc:
    st.error(ui.tr("class.no_store", reason=ui.error_text(exc)))
    st.stop()

board_tab, digits_tab = st.tabs([ui.tr("class.tab.board"), ui.tr("digits.tab")], key="class_tab")
with board_tab:
    ui.live_fragment(class_board.board, REFRESH_S, store)
with digits_tab:  # the class's own handwriting, drawn on Draw & Predict
    ui.live_fragment(class_digits.digits_view, REFRESH_S, store)
if board.teacher_key():  # without DNN_TEACHER_KEY the board is read-only and no teacher control exists
    class_teacher.teacher_section(store)
