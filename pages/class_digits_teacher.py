"""The teacher's controls of the class's handwriting, inside the Class page's teacher section: open or close
collection, the gallery's approval, approve the drawings waiting (all at once or one by one), hide a drawing by its
number, clear the set (after a confirmation).

Every action runs through the section's ``as_teacher``, which checks the session's key again when it runs; the
actions return the sentence to show. Names are plain text (``st.text``).
"""

from __future__ import annotations

import streamlit as st

from dnn_core.classroom.handwriting import ClassDigits
from dnn_core.runs import RunStoreError
from pages import state, ui

REVIEW_SIZE = 24  # the newest drawings waiting for approval shown at once, each with Approve and Hide
REFRESH_S = 3.0  # the list of drawings waiting refreshes itself, as the board does


# ---- the actions (each returns what to say) -----------------------------------------------------------------------

def set_open(digits: ClassDigits) -> str:
    digits.set_open(state.widget("digits_open_toggle"))
    return ui.tr("digits.teacher.opened" if digits.is_open() else "digits.teacher.closed")


def set_approval(digits: ClassDigits) -> str:
    digits.set_approval_required(state.widget("digits_approval_toggle"))
    return ui.tr("digits.teacher.approval_on" if digits.approval_required() else "digits.teacher.approval_off")


def approve_drawings(digits: ClassDigits, ids: list[int]) -> str:
    return ui.tr("digits.teacher.approved", count=digits.approve(ids))


def hide_drawings(digits: ClassDigits, ids: list[int]) -> str:
    return ui.tr("digits.teacher.hidden", count=digits.hide(ids))


def approve_waiting(digits: ClassDigits) -> str:
    """Approve every drawing waiting when the click arrives."""
    return approve_drawings(digits, [drawing.id for drawing in digits.pending()])


def hide_numbered(digits: ClassDigits) -> str:
    number = state.widget("digits_hide_id")
    return hide_drawings(digits, [] if number is None else [number])


def clear_drawings(digits: ClassDigits) -> str:
    state.set_widget("digits_confirm_clear", False)
    return ui.tr("digits.teacher.cleared", count=digits.clear())


# ---- the controls --------------------------------------------------------------------------------------------------

def controls(store, as_teacher) -> None:
    """The switches, hide by number and clear; then the drawings waiting for approval (a live fragment).
    ``as_teacher(action, *args)`` runs an action only while this session holds the teacher key."""
    digits = ClassDigits(store)
    try:
        # the switches show the server's settings on every run (another teacher tab may have changed them)
        state.set_widget("digits_open_toggle", digits.is_open())
        state.set_widget("digits_approval_toggle", digits.approval_required())
    except RunStoreError as exc:
        st.error(ui.tr("digits.failed", reason=ui.error_text(exc)))
        return
    st.subheader(ui.tr("digits.tab"))
    open_col, approval_col = st.columns(2)
    open_col.toggle(ui.tr("digits.teacher.open"), key="digits_open_toggle", on_change=as_teacher,
                    args=(set_open, digits), help=ui.tr("digits.teacher.open.help"))
    approval_col.toggle(ui.tr("digits.teacher.approval"), key="digits_approval_toggle", on_change=as_teacher,
                        args=(set_approval, digits))
    id_col, hide_col, confirm_col, clear_col = st.columns([2, 2, 3, 2], vertical_alignment="bottom")
    id_col.number_input(ui.tr("digits.teacher.hide_id"), min_value=1, step=1, value=None, key="digits_hide_id")
    # the number is read when Hide runs: a number typed and Hide clicked at once arrive in the same rerun
    hide_col.button(ui.tr("digits.teacher.hide"), key="digits_hide", on_click=as_teacher,
                    args=(hide_numbered, digits), width="stretch", icon=":material/visibility_off:")
    confirm = confirm_col.checkbox(ui.tr("digits.teacher.confirm_clear"), key="digits_confirm_clear")
    clear_col.button(ui.tr("digits.teacher.clear"), key="digits_clear", on_click=as_teacher,
                     args=(clear_drawings, digits), disabled=not confirm, type="primary", width="stretch")
    ui.live_fragment(review, REFRESH_S, digits, as_teacher)


def review(digits: ClassDigits, as_teacher) -> None:
    """The drawings waiting for approval, newest first: Approve all of them, or each one on its own, or hide it."""
    rerun_page_if_asked()
    try:
        waiting, count = digits.pending(REVIEW_SIZE), digits.pending_count()
    except RunStoreError as exc:
        st.error(ui.tr("digits.failed", reason=ui.error_text(exc)))
        return
    if not count:
        st.caption(ui.tr("digits.teacher.pending.none"))
        return
    title_col, all_col = st.columns([3, 2], vertical_alignment="center")
    title_col.markdown(f"**{ui.tr('digits.teacher.pending', count=count)}**")
    all_col.button(ui.tr("digits.teacher.approve_all"), key="digits_approve_all", icon=":material/done_all:",
                   width="stretch", on_click=act, args=(as_teacher, approve_waiting, digits))
    with st.container(horizontal=True, gap="small", key="digits_review"):
        for drawing in waiting:
            with st.container(width=110, key=f"digits_waiting_{drawing.id}", gap="xsmall"):
                st.image(drawing.sketch, width=84, output_format="PNG")
                st.text(f"#{drawing.id} · {drawing.label} · {drawing.name or ui.tr('name.anonymous')}")
                st.button(ui.tr("digits.teacher.approve"), key=f"digits_approve_{drawing.id}", type="tertiary",
                          icon=":material/check:", on_click=act,
                          args=(as_teacher, approve_drawings, digits, [drawing.id]))
                st.button(ui.tr("digits.teacher.hide"), key=f"digits_reject_{drawing.id}", type="tertiary",
                          icon=":material/visibility_off:", on_click=act,
                          args=(as_teacher, hide_drawings, digits, [drawing.id]))


def act(as_teacher, action, *args) -> None:
    """A teacher action of a button inside a live fragment, run in its click's callback (so the key is checked even
    when the section is gone by then); the fragment then reruns the whole page, so the message and the counts show."""
    as_teacher(action, *args)
    state.DIGITS_RERUN.set(True)


def rerun_page_if_asked() -> None:
    """The whole page once after ``act`` (a click in a fragment reruns only the fragment)."""
    if state.DIGITS_RERUN.pop():
        st.rerun()
