"""The Class board's two tables: the ranking, with a link that opens each run's settings, and the guesses.

Names are shown as plain text: table cells are never Markdown or HTML.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dnn_core.classroom import board
from dnn_core.engine.config import ExperimentConfig
from pages import train_share, ui


def display_name(student: str) -> str:
    return student or ui.tr("name.anonymous")


def handwriting_cell(accuracy, count) -> str:
    """A run's score on the class's digits as "85.0 % of 40", or "—" when it has none."""
    if pd.isna(accuracy) or pd.isna(count) or not count:
        return "—"
    return ui.tr("digits.score.board.cell", accuracy=f"{100 * accuracy:.1f} %", count=f"{int(count):,}")


def ranking_table(shown: pd.DataFrame) -> None:
    """Rank, name, test accuracy, our handwriting, guess, settings, epochs, seconds, when, and a link that opens
    the settings."""
    base = board.base_url(train_share.browser_url(), "class")
    when = shown["ended_at"]
    try:
        when = when.dt.tz_convert(st.context.timezone or "UTC")
    except Exception:  # no browser time zone (AppTest) or an unknown one: UTC
        pass
    table = pd.DataFrame({
        # the result first, the settings after: on a projector the columns that matter are in view without scrolling
        "rank": shown["rank"], "student": shown["student"].map(display_name), "test_accuracy": shown["test_accuracy"],
        "handwriting": [handwriting_cell(a, n) for a, n in zip(shown["class_accuracy"], shown["class_count"])],
        "guess": shown["guess"], "settings": shown["settings"], "epochs": shown["epochs"],
        "seconds": shown["seconds"], "when": when,
        "open": [run_link(base, config) for config in shown["config"]]})
    st.dataframe(table, hide_index=True, width="stretch", key="board_table", column_config={
        **{c: st.column_config.Column(ui.tr(f"class.column.{c}"), width="small") for c in table.columns},
        "handwriting": st.column_config.TextColumn(ui.tr("class.column.handwriting"),
                                                   help=ui.tr("digits.score.board.help")),
        "student": st.column_config.TextColumn(ui.tr("class.column.student"), width="medium"),
        "settings": st.column_config.TextColumn(ui.tr("class.column.settings"), width="medium"),
        "test_accuracy": st.column_config.NumberColumn(ui.tr("class.column.test_accuracy"), format="percent"),
        "guess": st.column_config.NumberColumn(ui.tr("class.column.guess"), format="percent", width="small"),
        "seconds": st.column_config.NumberColumn(ui.tr("class.column.seconds"), format="%.1f", width="small"),
        "when": st.column_config.DatetimeColumn(ui.tr("class.column.when"), format="HH:mm", width="small"),
        "open": st.column_config.LinkColumn(ui.tr("class.column.open"), display_text=ui.tr("class.open"))})


def run_link(base: str, config: dict) -> str | None:
    """The Build & Train link of a run's settings, carrying this session's language and name: it opens in a new
    tab of the student looking at the board, who stays themself there (a link to follow, not one to share)."""
    try:
        query = ExperimentConfig.from_dict(config).to_query()
    except (TypeError, ValueError):  # a run from an older version with settings this one does not know
        return None
    link = board.lesson_link(base, query, ui.lang())
    return f"{link}{'&' if '?' in link else '?'}{urlencode({'name': ui.name()})}" if ui.name() else link


def guesses_table(guessed: pd.DataFrame) -> None:
    """Who guessed closest to their own result."""
    if guessed.empty:
        st.info(ui.tr("class.no_guesses"))
        return
    table = pd.DataFrame({"student": guessed["student"].map(display_name), "guess": guessed["guess"],
                          "test_accuracy": guessed["test_accuracy"], "off_by": 100 * guessed["off_by"],
                          "settings": guessed["settings"]})
    st.dataframe(table, hide_index=True, width="stretch", key="board_guesses", column_config={
        **{c: ui.tr(f"class.column.{c}") for c in table.columns},
        "guess": st.column_config.NumberColumn(ui.tr("class.column.guess"), format="percent"),
        "test_accuracy": st.column_config.NumberColumn(ui.tr("class.column.test_accuracy"), format="percent"),
        "off_by": st.column_config.NumberColumn(ui.tr("class.column.off_by"), format="%.1f")})
