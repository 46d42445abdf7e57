"""Draw & Predict's "Add to our class's digits": while the teacher has collection open, a student says which digit
they drew and adds the drawing to the class's set (``dnn_core.classroom.handwriting``), exactly as the model read it.

Widget keys: "digits_label", "digits_name", "digits_add" (the form's); what it keeps between runs (the name given
last, the last Add's outcome, the image added last) is declared in pages/state.py.
"""

from __future__ import annotations

import re

import streamlit as st

from dnn_core.classroom.board import MAX_NAME, clean_name
from dnn_core.classroom.handwriting import ClassDigits, HandwritingError
from dnn_core.engine.preprocess import PreprocessResult
from dnn_core.runs import RunStore, RunStoreError
from pages import state, ui

MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # CommonMark lets a backslash escape any ASCII punctuation


def literal(text: str) -> str:
    """``text`` for a Markdown message, shown as typed: no bold, link, HTML or LaTeX made of a name."""
    return MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def class_digits() -> ClassDigits | None:
    """The class's set in this server's run store, or None when the store cannot be opened (nothing to offer)."""
    try:
        return ClassDigits(RunStore())
    except RunStoreError:
        return None


def collect_ui(steps: PreprocessResult | None) -> None:
    """Under a drawing's prediction (or the empty canvas): the last Add's outcome, and while collection is open
    the form that adds this drawing."""
    digits = class_digits()
    if digits is None:
        return
    flash_ui(canvas_empty=steps is None)
    try:
        is_open = digits.is_open()
    except RunStoreError:
        return
    if steps is not None and is_open and steps.centred.tobytes() != state.DIGITS_LAST.get():
        add_form(steps, digits)


def flash_ui(canvas_empty: bool) -> None:
    """What the last Add did: added (with this session's count so far) or why not, in this session's language."""
    if not state.DIGITS_FLASH.present():
        return
    kind, key, params = state.DIGITS_FLASH.get()
    if kind == "success":
        next_hint = ui.tr("digits.added.next") if canvas_empty else ""
        st.success(ui.tr(key, **params) + next_hint, icon=":material/check_circle:")
    else:
        st.error(ui.tr(key, **params), icon=":material/block:")


def add_form(steps: PreprocessResult, digits: ClassDigits) -> None:
    """The true digit (nothing chosen until the student chooses), an optional name, and Add."""
    with st.form("digits_form"):
        st.markdown(f"**{ui.tr('digits.add.title')}**")
        st.caption(ui.tr("digits.add.intro"))
        st.pills(ui.tr("digits.add.label"), list(range(10)), key="digits_label")
        name_col, add_col = st.columns([3, 1], vertical_alignment="bottom")
        # the name given last, else the Class board's; as ``value``: Streamlit forgets the field between drawings
        last = state.DIGITS_WRITER.get()
        name_col.text_input(ui.tr("digits.add.name"), ui.name() if last is None else last, key="digits_name",
                            max_chars=MAX_NAME, placeholder=ui.tr("name.placeholder"),
                            help=ui.tr("digits.add.name.help"))
        add_col.form_submit_button(ui.tr("digits.add.button"), key="digits_add", on_click=add, args=(steps, digits),
                                   type="primary", icon=":material/add:", width="stretch")


def add(steps: PreprocessResult, digits: ClassDigits) -> None:
    """Add the drawing the page read as the digit chosen; on success clear the canvas and the choice."""
    name = clean_name(state.widget("digits_name", ""))
    state.DIGITS_WRITER.set(name)
    try:
        digits.add(steps.centred, steps.raw, state.widget("digits_label"), name, ui.session_id())
        count = digits.from_session(ui.session_id())
    except HandwritingError as exc:
        state.DIGITS_FLASH.set(("error", exc.key, exc.params))
        return
    except RunStoreError as exc:
        state.DIGITS_FLASH.set(("error", "digits.failed", {"reason": exc}))
        return
    label = state.widget("digits_label")
    key, params = ("digits.added.named", {"name": literal(name)}) if name else ("digits.added.anonymous", {})
    state.DIGITS_FLASH.set(("success", key, {**params, "digit": label, "count": count}))
    state.DIGITS_LAST.set(steps.centred.tobytes())
    state.set_widget("digits_label", None)
    state.DRAW_CLEARS.set(state.DRAW_CLEARS.get() + 1)  # a new initial drawing empties the canvas
