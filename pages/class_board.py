"""The Class page's board: activity, filters, the ranking and guesses (``class_tables``), the class's chart,
the current lesson's code.

Everything shown comes from one ``RunStore.board()`` query per refresh; names are shown as plain text (table
cells and chart hover text are never Markdown or HTML).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dnn_core.charts.classroom import class_figure
from dnn_core.classroom import board as class_board
from dnn_core.i18n import t
from dnn_core.running import executors
from dnn_core.runs import RunStoreError
from pages import class_tables, state, train_share, ui


def load_board(store, error_key: str):
    """(runs, settings, finished runs on the board) from one query, or None after saying why it failed."""
    try:
        runs, settings = store.board()
    except RunStoreError as exc:
        st.error(ui.tr(error_key, reason=ui.error_text(exc)))
        return None
    return runs, settings, class_board.finished_runs(runs, settings)


def board(store) -> None:
    """The whole board, redrawn from one query (the page runs it as a fragment every few seconds)."""
    loaded = load_board(store, "class.no_store")
    if loaded is None:
        return
    runs, settings, done = loaded
    st.caption(ui.tr("class.activity", running=class_board.running_count(runs), queued=executors.queued_count(),
                     shown=len(done)))
    table_col, lesson_col = st.columns([5, 2], gap="medium")
    with lesson_col:
        lesson_panel(settings)
    with table_col:
        lesson, dataset, best = filters(done, settings)
        shown = class_board.ranked(done, lesson, dataset, best)
        if shown.empty:
            st.info(ui.tr("class.empty"))
            return
        ranking_tab, chart_tab, guesses_tab = st.tabs([ui.tr(f"class.tab.{tab}")
                                                       for tab in ("ranking", "chart", "guesses")])
        with ranking_tab:
            class_tables.ranking_table(shown)
        with chart_tab:
            class_chart(class_board.ranked(done, lesson, dataset, best_per_name=False), done, settings)
        with guesses_tab:
            class_tables.guesses_table(class_board.closest_guesses(shown))


def show_lesson(lesson: str) -> None:
    """Have the lesson filter show ``lesson`` when the board is drawn next (the teacher set or removed the lesson)."""
    state.set_widget("board_lesson", lesson)


def filters(done: pd.DataFrame, settings: dict) -> tuple[str, str, bool]:
    """(lesson or preset, data set, best per name) as chosen; the current lesson is the default when there is one."""
    lessons = class_board.lesson_choices(done, settings)
    datasets = [class_board.ALL, *sorted(done["dataset"].dropna().unique())]
    ui.keep_choice("board_lesson", lessons, lessons[1] if class_board.LESSON in lessons else class_board.ALL)
    ui.keep_choice("board_dataset", datasets, class_board.ALL)
    lesson_col, dataset_col, best_col = st.columns(3, vertical_alignment="bottom")
    lesson = lesson_col.selectbox(ui.tr("class.filter.lesson"), lessons, key="board_lesson",
                                  format_func=lesson_label(ui.lang()))
    dataset = dataset_col.selectbox(ui.tr("class.filter.dataset"), datasets, key="board_dataset",
                                    format_func=dataset_label(ui.lang()))
    best = best_col.toggle(ui.tr("class.best_per_name"), value=True, key="board_best")
    return lesson, dataset, best


def lesson_label(lang: str):
    """A format_func for the lesson filter, bound to the language of this run (AppTest calls it later)."""
    fixed = {class_board.ALL: "class.filter.all", class_board.LESSON: "class.filter.lesson_current",
             class_board.CUSTOM: "class.filter.custom"}
    return lambda value: t(fixed.get(value, f"preset.{value}"), lang)


def dataset_label(lang: str):
    return lambda value: t("class.filter.all" if value == class_board.ALL else f"data.name.{value}", lang)


def class_chart(runs: pd.DataFrame, done: pd.DataFrame, settings: dict) -> None:
    """Test accuracy of the class's runs against a chosen setting, with the teacher's pinned run as a line."""
    setting = st.selectbox(ui.tr("class.chart.setting"), list(class_board.CHART_SETTINGS), key="board_x",
                           format_func=ui.labels("class.setting."))
    pinned = class_board.pinned_accuracy(done, settings)
    pinned_name = done.loc[done["id"] == pinned[0], "student"].iloc[0] if pinned else ""
    st.plotly_chart(class_figure(runs, setting, ui.lang(), pinned, pinned_name, height=280), key="board_chart",
                    config={"displayModeBar": False})


def lesson_panel(settings: dict) -> None:
    """The teacher's current lesson: its settings, QR code and link, for the class to scan off the projector."""
    st.markdown(f"**{ui.tr('class.lesson')}**")
    lesson = class_board.lesson_config(settings)
    if lesson is None:  # then the code opens this board, so the class can follow it on their own screens
        st.caption(ui.tr("class.lesson.none"))
        base = class_board.base_url(train_share.browser_url(), "class")
        board_link = f"{base}/class" + (f"?lang={ui.lang()}" if ui.lang() != "en" else "")
        train_share.show_link(board_link, size_px=240, caption_key="class.join")
        return
    st.caption(class_board.settings_text(lesson.to_dict()))
    train_share.show_link(train_share.lesson_link(lesson.to_query(), "class"), size_px=240)
