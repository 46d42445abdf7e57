"""The classroom engine: names, the board's one query and its ranking, migration, hiding, lesson links, QR codes
that decode back to their link, and the teacher key's check and slow-down."""

from __future__ import annotations

import io
import json
import sqlite3

import pandas as pd
import pytest
from PIL import Image

from dnn_core.classroom import board as class_board
from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.presets import preset_config
from dnn_core.runs import SCHEMA_VERSION, RunStore
from tests.sqlite_trace import traced_statements

TINY = preset_config("tiny", ExperimentConfig(dataset="mnist_sample"))
COURSE = preset_config("course", ExperimentConfig(dataset="mnist_sample"))
OWN = COURSE.replace(lr=0.05)  # no preset has these settings


@pytest.fixture
def store(tmp_path) -> RunStore:
    return RunStore(tmp_path / "runs.sqlite")


def add_run(store, student, accuracy, config=TINY, guess=None, status="finished", kind="train") -> int:
    run_id = store.start_run(config, kind=kind, student=student, guess=guess)
    if status != "running":
        store.finish_run(run_id, status, metrics={"test_accuracy": accuracy, "seconds": 2.0})
    return run_id


def board(store, **filters):
    runs, settings = store.board()
    return class_board.ranked(class_board.finished_runs(runs, settings), **filters)


# ---- names -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, kept", [
    ("  ana  ", "ana"),
    ("a\tb\n c", "a b c"),  # control characters go, spaces collapse
    ("x" * 50, "x" * 40),
    ("陳小明", "陳小明"),
    ("<b>ben</b> **bold**", "<b>ben</b> **bold**"),  # kept as typed: shown as text, never rendered
    (None, ""),
    ("\u200b\x07", ""),  # only invisible characters: anonymous
])
def test_names_are_trimmed_plain_text_of_at_most_40_characters(typed, kept):
    assert class_board.clean_name(typed) == kept


# ---- the board ---------------------------------------------------------------------------------------------------

def test_the_board_ranks_best_first_with_the_best_run_per_name(store):
    runs = [("ana", 0.80), ("ben", 0.85), ("ana", 0.90), ("", 0.50), ("", 0.70), ("chen", 0.85), ("ben", 0.60)]
    for student, accuracy in runs:
        add_run(store, student, accuracy)
    add_run(store, "dora", None, status="failed")  # failed and running runs are not ranked
    add_run(store, "eli", None, status="running")

    # the reference, by hand: each name's best run, anonymous runs each on their own; ties go to who finished first
    assert board(store)[["student", "test_accuracy"]].values.tolist() == [
        ["ana", 0.90], ["ben", 0.85], ["chen", 0.85], ["", 0.70], ["", 0.50]]
    assert board(store)["rank"].tolist() == [1, 2, 3, 4, 5]
    everything = board(store, best_per_name=False)
    assert everything["test_accuracy"].tolist() == sorted((a for _, a in runs), reverse=True)


def test_the_board_filters_by_preset_lesson_and_data_set(store):
    add_run(store, "ana", 0.9, TINY)
    add_run(store, "ben", 0.8, COURSE)
    add_run(store, "chen", 0.7, OWN)
    add_run(store, "dora", 0.6, TINY.replace(dataset="fashion_mnist", train_size=2000))
    runs, settings = store.board()
    done = class_board.finished_runs(runs, settings)
    assert done.set_index("student")["preset"].to_dict() == {"ana": "tiny", "ben": "course", "chen": "custom",
                                                              "dora": "tiny"}
    # newest lesson first: dora's tiny run is the newest, then chen's own settings, then ben's course
    assert class_board.lesson_choices(done, settings) == ["all", "tiny", "custom", "course"]
    assert board(store, lesson="tiny")["student"].tolist() == ["ana", "dora"]
    assert board(store, lesson="tiny", dataset="fashion_mnist")["student"].tolist() == ["dora"]

    store.set_setting("lesson", {"query": COURSE.to_query()})
    runs, settings = store.board()
    assert class_board.lesson_choices(class_board.finished_runs(runs, settings), settings)[:2] == ["all", "lesson"]
    assert board(store, lesson="lesson")["student"].tolist() == ["ben"]


def test_guesses_are_stored_and_the_closest_comes_first(store):
    add_run(store, "ana", 0.90, guess=0.50)
    add_run(store, "ben", 0.80, guess=0.78)
    add_run(store, "chen", 0.70)
    closest = class_board.closest_guesses(board(store))
    assert closest["student"].tolist() == ["ben", "ana"]
    assert closest["off_by"].tolist() == pytest.approx([0.02, 0.40])


def test_hidden_runs_leave_the_board_but_stay_in_the_history(store):
    ids = [add_run(store, name, 0.5 + i / 10) for i, name in enumerate(["ana", "ben", "chen"])]
    assert store.hide([ids[1]]) == 1
    assert board(store)["student"].tolist() == ["chen", "ana"]
    assert store.hide() == 2  # clear the board
    assert board(store).empty
    assert sorted(store.list_runs()["id"]) == ids  # Compare's run history still has all three
    add_run(store, "dora", 0.4)  # a run after the clear is on the board again
    assert board(store)["student"].tolist() == ["dora"]


def test_the_board_is_one_query_and_counts_running_runs(store, monkeypatch):
    for i in range(5):
        add_run(store, f"s{i}", 0.5)
    add_run(store, "ana", None, status="running")
    add_run(store, "race", None, status="running", kind="race")
    store.set_setting("pin", 2)
    with traced_statements() as statements:
        runs, settings = store.board()
    assert [s for s in statements if s.lstrip().upper().startswith("SELECT")] == statements[-1:]
    assert len([s for s in statements if not s.startswith("PRAGMA")]) == 1
    assert settings == {"pin": 2}
    assert class_board.running_count(runs) == 2
    assert len(class_board.finished_runs(runs, settings)) == 5
    assert class_board.pinned_accuracy(class_board.finished_runs(runs, settings), settings) == (2, 0.5)


def test_an_empty_board_still_reads_the_settings(store):
    store.set_setting("lesson", {"query": {"epochs": "3"}})
    runs, settings = store.board()
    assert runs.empty and class_board.lesson_config(settings).epochs == 3
    for lesson in ("all", "lesson", "tiny"):  # every filter of an empty board is an empty table, not an error
        assert board(store, lesson=lesson, dataset="mnist").empty
    store.set_setting("lesson", None)
    assert store.board()[1] == {}


def test_a_version_1_file_gains_the_new_columns_and_keeps_its_runs(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as con:  # the schema as version 1 created it
        con.execute("""CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL,
            kind TEXT NOT NULL, status TEXT NOT NULL, parent_id INTEGER, config TEXT NOT NULL, history TEXT,
            metrics TEXT NOT NULL DEFAULT '{}', model_file TEXT, started_at TEXT NOT NULL, ended_at TEXT,
            owner_pid INTEGER NOT NULL, owner_token TEXT NOT NULL)""")
        con.execute("INSERT INTO runs (name, kind, status, config, metrics, started_at, ended_at, owner_pid,"
                    " owner_token) VALUES ('#1', 'train', 'finished', ?, '{\"test_accuracy\": 0.9}',"
                    " '2026-11-01T10:00:00+00:00', '2026-11-01T10:01:00+00:00', 1, 'x')",
                    (json.dumps(TINY.to_dict()),))
        con.execute("PRAGMA user_version = 1")
    store = RunStore(path)
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    old = board(store).iloc[0]
    assert (old.student, old.test_accuracy) == ("", 0.9) and pd.isna(old.guess)
    add_run(store, "ana", 0.95, guess=0.9)
    assert board(store)["student"].tolist() == ["ana", ""]


# ---- lesson links and QR codes -----------------------------------------------------------------------------------

def test_the_base_url_is_the_browsers_or_the_public_one(monkeypatch):
    monkeypatch.delenv("DNN_PUBLIC_URL", raising=False)
    assert class_board.base_url("http://10.0.0.5:8501/train?layers=64", "train") == "http://10.0.0.5:8501"
    assert class_board.base_url("https://school.example/dnn/class", "class") == "https://school.example/dnn"
    monkeypatch.setenv("DNN_PUBLIC_URL", "https://ai.school.example/playground/")
    assert class_board.base_url("http://127.0.0.1:8501/class", "class") == "https://ai.school.example/playground"


def test_a_lesson_link_opens_the_settings_it_was_made_from():
    from urllib.parse import parse_qsl, urlsplit

    from dnn_core.engine.config import config_from_query

    link = class_board.lesson_link("http://h:1", {**OWN.to_query(), "name": "陳 & <b>", "job": "x" * 22}, "zh-TW")
    parts = urlsplit(link)
    query = dict(parse_qsl(parts.query))
    assert parts.path == "/train" and query["lang"] == "zh-TW"
    assert "name" not in query and "job" not in query  # a shared link is nobody's and opens no job
    assert config_from_query(query) == (OWN, [])


@pytest.mark.parametrize("link", [
    class_board.lesson_link("http://192.168.1.20:8501", TINY.to_query(), "zh-TW"),
    class_board.lesson_link("https://school.example/dnn", preset_config("wide_batch_norm").to_query(), "en"),
])
def test_the_qr_code_decodes_back_to_the_link(link):
    zxingcpp = pytest.importorskip("zxingcpp")  # requirements-dev.txt
    image = Image.open(io.BytesIO(class_board.qr_png(link, size_px=300)))
    found = zxingcpp.read_barcodes(image)
    assert [code.text for code in found] == [link]
    assert image.width <= 300 and image.width >= 3 * 21  # whole pixels per module, no larger than asked


# ---- the teacher key ---------------------------------------------------------------------------------------------

class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_the_teacher_key_matches_only_itself(monkeypatch):
    monkeypatch.delenv("DNN_TEACHER_KEY", raising=False)
    assert not class_board.key_matches("")
    assert not class_board.key_matches("anything")  # no key set: nothing unlocks
    monkeypatch.setenv("DNN_TEACHER_KEY", "sesame")
    assert class_board.key_matches("sesame")
    for wrong in ("", None, "Sesame", "sesame ", "sesam", "sesame" * 100):
        assert not class_board.key_matches(wrong)


def test_wrong_keys_slow_down_the_session_after_three_tries(monkeypatch):
    monkeypatch.setenv("DNN_TEACHER_KEY", "sesame")
    clock = Clock()
    guard = class_board.KeyGuard(clock)
    assert [guard.check(k, "guesser") for k in "xyz"] == [("wrong", 0)] * 3  # the third wrong key starts 2 s
    assert guard.check("sesame", "guesser") == ("wait", 2)  # even the right key waits: tries are not checked
    clock.now += 2
    assert guard.check("w", "guesser") == ("wrong", 0)  # the fourth: 4 s
    clock.now += 3.5
    assert guard.check("sesame", "guesser") == ("wait", 1)
    clock.now += 0.5
    assert guard.check("sesame", "guesser") == ("ok", 0)
    assert [guard.check("x", "guesser") for _ in range(2)] == [("wrong", 0)] * 2  # the right key reset the count
    assert guard.check("sesame", "guesser") == ("ok", 0)


def test_a_guessing_session_never_slows_down_the_teachers(monkeypatch):
    monkeypatch.setenv("DNN_TEACHER_KEY", "sesame")
    clock = Clock()
    guard = class_board.KeyGuard(clock)
    assert [guard.check(k, "student")[0] for k in "abcd"] == ["wrong", "wrong", "wrong", "wait"]
    assert guard.check("sesame", "teacher") == ("ok", 0)  # another session: at once
    assert guard.check("typo", "teacher") == ("wrong", 0)  # and its own tries are its own
    assert guard.check("sesame", "teacher") == ("ok", 0)
    assert guard.check("sesame", "student")[0] == "wait"  # the guesser still waits


def test_the_wait_stops_growing_at_a_minute_and_a_session_long_gone_is_forgotten(monkeypatch):
    monkeypatch.setenv("DNN_TEACHER_KEY", "sesame")
    clock = Clock()
    guard = class_board.KeyGuard(clock)
    for _ in range(20):
        clock.now += 1000
        guard.check("wrong", "guesser")
    assert guard.check("sesame", "guesser") == ("wait", class_board.KeyGuard.MAX_WAIT_S)
    clock.now += class_board.KeyGuard.FORGET_S + 1
    # forgotten: two free tries again (remembered, its next wrong key would start another minute's wait)
    assert [guard.check("x", "guesser") for _ in range(2)] == [("wrong", 0)] * 2


def test_the_class_chart_plots_every_run_escapes_names_and_draws_the_pinned_line(store):
    from dnn_core.charts.classroom import class_figure

    add_run(store, "<b>ana</b>", 0.9, TINY.replace(lr=0.01))
    pinned = add_run(store, "ben", 0.6, TINY.replace(lr=0.1))
    add_run(store, "ben", 0.8, TINY.replace(lr=0.001))
    runs, settings = store.board()
    done = class_board.finished_runs(runs, settings)
    fig = class_figure(class_board.ranked(done, best_per_name=False), "lr", "en", (pinned, 0.6), "ben")
    points = sorted(zip(fig.data[0].x, fig.data[0].y))
    assert points == [(0.001, 0.8), (0.01, 0.9), (0.1, 0.6)]
    assert fig.layout.xaxis.type == "log"
    assert any(text.startswith("&lt;b&gt;ana&lt;/b&gt;<br>") for text in fig.data[0].hovertext)  # shown as typed
    assert [shape.y0 for shape in fig.layout.shapes] == [0.6]
