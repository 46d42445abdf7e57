"""Build & Train's classroom parts: the lesson link and its QR code, the student's guess, the one-line summary."""

from __future__ import annotations

import streamlit as st

from dnn_core.classroom import board
from dnn_core.engine.config import ExperimentConfig
from pages import ui


def browser_url() -> str | None:
    """The address this page was opened with, as the browser sent it (None where there is none, as in AppTest)."""
    try:
        return st.context.url
    except Exception:  # no browser request behind this session
        return None


def lesson_link(query: dict, page: str) -> str:
    """The Build & Train link of ``query`` on this server, seen from ``page`` (the URL path the browser is on),
    in this session's language; without a job or a name (``board.lesson_link``)."""
    base = board.base_url(browser_url(), page)
    return board.lesson_link(base, query, ui.lang())


def show_link(link: str, size_px: int, caption_key: str = "share.caption") -> None:
    """The link as copyable text and as a QR code big enough to scan from the back of a room."""
    st.image(board.qr_png(link, size_px), caption=ui.tr(caption_key))
    st.code(link, language=None, wrap_lines=True)


def share_lesson(config: ExperimentConfig) -> None:
    """Share this lesson: the current settings' link and its QR code (whoever scans it is themself, not you)."""
    show_link(lesson_link(config.to_query(), "train"), size_px=360)


def guess_input() -> float | None:
    """The student's guess of the test accuracy in %, returned as a fraction (None when left empty)."""
    value = st.number_input(ui.tr("guess.label"), 0.0, 100.0, value=None, step=1.0, format="%.1f", key="train_guess",
                            help=ui.tr("guess.help"))
    return None if value is None else value / 100


def guess_metric(column, guess: float | None, accuracy: float) -> None:
    """The guess beside the result, and how far it was (in percentage points)."""
    if guess is None:
        return
    column.metric(ui.tr("guess.metric"), f"{100 * guess:.1f} %", delta_color="off", delta_arrow="off",
                  delta=ui.tr("guess.off_by", points=f"{100 * abs(guess - accuracy):.1f}"))


def settings_summary(config: ExperimentConfig) -> None:
    """One line naming the settings being trained (the full form is folded away while a job runs)."""
    st.caption(ui.tr("train.training_with", settings=board.settings_text(config.to_dict()), epochs=config.epochs))
