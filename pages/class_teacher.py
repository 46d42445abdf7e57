"""The Class page's teacher section, behind DNN_TEACHER_KEY: hide a run, clear the board, set the lesson, pin a run,
the class's handwriting (``class_digits_teacher``), stop any running or queued job.

Every action checks the session's key again (in constant time) when it runs, so nothing here can be reached by a
session that has not unlocked it, whatever it sends.
"""

from __future__ import annotations

import streamlit as st

from dnn_core.classroom import board
from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.presets import PRESETS, preset_config
from dnn_core.runs import RunStoreError
from pages import class_board, class_digits_teacher, class_jobs, class_rescore, state, ui

MINE = "mine"  # the lesson choice meaning "my own settings on Build & Train"


def unlocked() -> bool:
    return board.key_matches(state.TEACHER_KEY.get())


def flash(kind: str, text: str) -> None:
    """A message to show at the top of the section after the rerun the action causes."""
    state.TEACHER_FLASH.set((kind, text))


def unlock() -> None:
    given = state.widget("teacher_key_input", "")
    state.set_widget("teacher_key_input", "")  # never keep a typed key in a visible field
    outcome, seconds = board.GUARD.check(given, ui.session_id())  # a guesser waits alone
    if outcome == "ok":
        state.TEACHER_KEY.set(given)
        flash("success", ui.tr("teacher.unlocked"))
    elif outcome == "wait":
        flash("error", ui.tr("teacher.wait", seconds=seconds))
    else:
        flash("error", ui.tr("teacher.wrong"))


def lock() -> None:
    state.TEACHER_KEY.pop()


def as_teacher(action, *args) -> None:
    """Run a teacher action if this session holds the key, with its outcome as a message."""
    if not unlocked():
        flash("error", ui.tr("teacher.refused"))
        return
    try:
        flash("success", action(*args))
    except RunStoreError as exc:
        flash("error", ui.tr("teacher.failed", reason=ui.error_text(exc)))


def hide_run(store, run_id) -> str:
    return ui.tr("teacher.hidden", count=store.hide([run_id]) if run_id is not None else 0)


def clear_board(store) -> str:
    state.set_widget("teacher_confirm_clear", False)
    return ui.tr("teacher.hidden", count=store.hide())


def pin_run(store, run_id) -> str:
    store.set_setting("pin", None if run_id is None else int(run_id))
    return ui.tr("teacher.pinned", run_id=run_id) if run_id is not None else ui.tr("teacher.unpin")


def set_lesson(store, choice: str | None) -> str:
    """Make a preset, or this session's Build & Train settings, the current lesson; None removes it."""
    class_board.show_lesson(board.ALL if choice is None else board.LESSON)  # show it at once
    if choice is None:
        store.set_setting("lesson", None)
        return ui.tr("teacher.clear_lesson")
    mine = state.CONFIG.get() or ExperimentConfig()
    config = mine if choice == MINE else preset_config(choice, mine)
    store.set_setting("lesson", {"query": config.to_query(), "preset": None if choice == MINE else choice})
    return ui.tr("teacher.lesson_set")


def teacher_section(store) -> None:
    """The key form, or (once unlocked) the teacher's controls."""
    is_teacher = unlocked()
    with st.expander(ui.tr("teacher.title"), expanded=is_teacher or state.TEACHER_FLASH.present(),
                     icon=":material/lock_open:" if is_teacher else ":material/lock:"):
        ui.show_outcome(state.TEACHER_FLASH)
        if not is_teacher:
            key_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
            key_col.text_input(ui.tr("teacher.key"), type="password", key="teacher_key_input")
            button_col.button(ui.tr("teacher.unlock"), key="teacher_unlock", on_click=unlock, width="stretch")
            return
        controls(store)
        class_digits_teacher.controls(store, as_teacher)
        class_jobs.jobs_section()


def controls(store) -> None:
    loaded = class_board.load_board(store, "teacher.failed")
    if loaded is None:
        return
    runs, settings, done = loaded
    labels = {int(row.id): f"#{row.id} · {row.student or ui.tr('name.anonymous')} · {100 * row.test_accuracy:.1f} %"
              f" · {row.settings}" for row in done.itertuples()}
    run_col, hide_col, pin_col, unpin_col = st.columns([3, 2, 2, 2], vertical_alignment="bottom")
    run_id = run_col.selectbox(ui.tr("teacher.pick"), list(labels), key="teacher_run", format_func=labels.get)
    hide_col.button(ui.tr("teacher.hide"), key="teacher_hide", on_click=as_teacher, args=(hide_run, store, run_id),
                    disabled=run_id is None, width="stretch")
    pin_col.button(ui.tr("teacher.pin"), key="teacher_pin", on_click=as_teacher, args=(pin_run, store, run_id),
                   disabled=run_id is None, width="stretch")
    unpin_col.button(ui.tr("teacher.unpin"), key="teacher_unpin", on_click=as_teacher, args=(pin_run, store, None),
                     disabled=settings.get("pin") is None, width="stretch")
    lesson_col, set_col, unset_col = st.columns([3, 2, 4], vertical_alignment="bottom")
    choice = lesson_col.selectbox(ui.tr("teacher.lesson_from"), [MINE, *PRESETS], key="teacher_lesson",
                                  format_func=lambda c: ui.tr("teacher.lesson_mine" if c == MINE else f"preset.{c}"))
    set_col.button(ui.tr("teacher.set_lesson"), key="teacher_set_lesson", on_click=as_teacher,
                   args=(set_lesson, store, choice), width="stretch")
    unset_col.button(ui.tr("teacher.clear_lesson"), key="teacher_clear_lesson", on_click=as_teacher,
                     args=(set_lesson, store, None), disabled=not settings.get("lesson"), width="stretch")
    class_rescore.rescore_controls(store, done)
    confirm_col, clear_col, lock_col = st.columns([3, 2, 4], vertical_alignment="bottom")
    confirm = confirm_col.checkbox(ui.tr("teacher.confirm_clear"), key="teacher_confirm_clear")
    clear_col.button(ui.tr("teacher.clear"), key="teacher_clear", on_click=as_teacher, args=(clear_board, store),
                     disabled=not confirm, type="primary", width="stretch")
    lock_col.button(ui.tr("teacher.lock"), key="teacher_lock", on_click=lock, width="stretch")
