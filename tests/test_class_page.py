"""AppTests of the Class page and of Build & Train's classroom parts: the board's ranking, best per name and filters,
names shown as typed, the teacher's actions refused without the key and done with it, the guess and the lesson link."""

from __future__ import annotations

import io
from urllib.parse import parse_qsl, urlsplit

import pandas as pd
import pytest
import streamlit as st
from PIL import Image
from streamlit.testing.v1 import AppTest

from dnn_core.classroom import board
from dnn_core.engine.config import ExperimentConfig, config_from_query
from dnn_core.engine.presets import preset_config
from dnn_core.i18n import t
from dnn_core.runs import RunStore
from tests.apptest import TIMEOUT, open_app
from tests.conftest import train_through_the_page

TINY = preset_config("tiny", ExperimentConfig(dataset="mnist_sample"))
COURSE = preset_config("course", ExperimentConfig(dataset="mnist_sample"))


class Clock:
    now = 0.0

    def __call__(self):
        return self.now


@pytest.fixture(autouse=True)
def fresh_guard(monkeypatch):
    """Each test starts with no wrong tries of the teacher key (the guard is the server's) and a clock it controls."""
    clock = Clock()
    monkeypatch.setattr(board, "GUARD", board.KeyGuard(clock))
    return clock


def add_run(student, accuracy, config=TINY, guess=None) -> int:
    store = RunStore()
    run_id = store.start_run(config, student=student, guess=guess)
    store.finish_run(run_id, "finished", metrics={"test_accuracy": accuracy, "seconds": 1.5})
    return run_id


def open_page(page: str, lang: str = "en", **query) -> AppTest:
    return open_app(page, lang, query=query)


def open_class(lang: str = "en", **query) -> AppTest:
    return open_page("pages/class.py", lang, **query)


def ranking(at: AppTest) -> pd.DataFrame:
    return at.dataframe[0].value


def board_ids() -> list[int]:
    runs, settings = RunStore().board()
    return board.finished_runs(runs, settings)["id"].tolist()


# ---- the board -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_board_ranks_names_best_first_with_their_best_run(lang):
    add_run("ana", 0.80)
    add_run("ben", 0.85)
    add_run("ana", 0.90)
    add_run("chen", 0.70)
    at = open_class(lang)
    assert not at.exception
    assert at.title[0].value == t("nav.class", lang)
    table = ranking(at)
    assert table["student"].tolist() == ["ana", "ben", "chen"]
    assert table["test_accuracy"].tolist() == [0.90, 0.85, 0.70]
    assert table["rank"].tolist() == [1, 2, 3]
    assert [tab.label for tab in at.tabs] == [t("class.tab.board", lang), *(t(f"class.tab.{k}", lang) for k in (
        "ranking", "chart", "guesses")), t("digits.tab", lang)]  # the board's own tabs inside its tab
    assert any(c.value == t("class.activity", lang, running=0, queued=0, shown=4) for c in at.caption)
    # each row links to Build & Train with that run's settings, in this session's language
    link = table["open"][2]
    assert "/train?" in link and "layers=32" in link and (("lang=zh-TW" in link) == (lang == "zh-TW"))

    at.toggle(key="board_best").set_value(False).run()
    assert ranking(at)["test_accuracy"].tolist() == [0.90, 0.85, 0.80, 0.70]


def test_the_board_filters_by_preset_and_data_set():
    add_run("ana", 0.90, TINY)
    add_run("ben", 0.95, COURSE)
    add_run("chen", 0.60, TINY.replace(dataset="fashion_mnist", train_size=2000))
    at = open_class()
    assert at.selectbox(key="board_lesson").options == [t("class.filter.all", "en"), t("preset.tiny", "en"),
                                                        t("preset.course", "en")]  # newest lesson first
    at.selectbox(key="board_lesson").set_value("tiny").run()
    assert ranking(at)["student"].tolist() == ["ana", "chen"]
    at.selectbox(key="board_dataset").set_value("fashion_mnist").run()
    assert ranking(at)["student"].tolist() == ["chen"]


def test_names_with_html_or_markdown_are_shown_as_typed():
    names = ["<b>bold</b><script>alert(1)</script>", "**stars** [link](http://example.com)"]
    for i, name in enumerate(names):
        add_run(name, 0.5 + i / 10, guess=0.5)
    at = open_app(query={"name": "<i>me</i>"})
    assert at.sidebar.text_input(key="sidebar_name").value == "<i>me</i>"  # (AppTest loses the sidebar on page switch)
    at.switch_page("pages/class.py").run()
    assert sorted(ranking(at)["student"]) == sorted(names)
    assert sorted(at.dataframe[1].value["student"]) == sorted(names)  # the guesses table too
    rendered = " ".join(m.value for m in [*at.markdown, *at.caption])
    assert "stars" not in rendered and "bold" not in rendered  # never handed to Markdown


def test_a_guess_and_a_name_go_with_the_run_to_build_and_train_and_the_board():
    at = open_page("pages/train.py", name="ana", dataset="mnist_sample", train_size="500", epochs="1")
    at.number_input(key="train_guess").set_value(80.0).run()
    job = train_through_the_page(at, TIMEOUT)
    accuracy = at.session_state["result"].test_accuracy
    guess = [m for m in at.metric if m.label == t("guess.metric", "en")]
    assert guess and guess[0].value == "80.0 %"
    assert t("guess.off_by", "en", points=f"{100 * abs(0.8 - accuracy):.1f}") in guess[0].proto.delta
    stored = RunStore().get_run(job.run_id)
    assert stored.status == "finished"

    at.switch_page("pages/class.py").run()
    row = ranking(at).iloc[0]
    assert (row["student"], row["guess"]) == ("ana", 0.8)
    assert row["test_accuracy"] == pytest.approx(accuracy)


def test_share_this_lesson_shows_the_link_of_the_settings_and_its_qr_code(monkeypatch):
    import zxingcpp  # requirements-dev.txt

    shown, real_image = [], st.image

    def image(data, *args, **kwargs):
        shown.append(data)  # every image the page hands Streamlit, as it hands it
        return real_image(data, *args, **kwargs)

    monkeypatch.setattr(st, "image", image)
    at = open_page("pages/train.py", name="ana", layers="64,32", optimizer="sgd")
    links = [c.value for c in at.code if "/train?" in c.value]
    assert len(links) == 1
    query = dict(parse_qsl(urlsplit(links[0]).query))
    assert "name" not in query  # a shared link is nobody's: whoever scans it is themself
    assert config_from_query(query) == (ExperimentConfig(layers=(64, 32), optimizer="sgd"), [])
    decoded = [code.text for image in shown for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(image)))]
    assert decoded == links  # the QR code reads back as the link shown under it
    assert t("share.caption", "en") in [caption for image in at.image for caption in image.captions]
    assert not [c for c in at.checkbox if c.key == "share_with_name"]  # a shared link never carries a name


# ---- the teacher ---------------------------------------------------------------------------------------------------

TEACHER_KEYS = ("teacher_hide", "teacher_pin", "teacher_clear", "teacher_set_lesson", "teacher_unlock")


def keys_on_page(at: AppTest) -> set[str]:
    return {b.key for b in at.button} & set(TEACHER_KEYS)


def test_without_a_teacher_key_the_board_is_read_only(monkeypatch):
    monkeypatch.delenv("DNN_TEACHER_KEY", raising=False)
    ids = [add_run("ana", 0.9), add_run("ben", 0.8)]
    # parameters a student might try in the URL do nothing
    at = open_class(clear="1", hide=str(ids[0]), pin=str(ids[1]), teacher_key="", key="x")
    assert not at.exception
    assert keys_on_page(at) == set() and not [e for e in at.expander if e.label == t("teacher.title", "en")]
    assert board_ids() == ids[::-1] and RunStore().board()[1] == {}


def test_a_wrong_key_is_refused_and_slowed_down(monkeypatch, fresh_guard):
    monkeypatch.setenv("DNN_TEACHER_KEY", "sesame")
    add_run("ana", 0.9)
    at = open_class()
    assert keys_on_page(at) == {"teacher_unlock"}
    for _ in range(3):
        at.text_input(key="teacher_key_input").set_value("open up").run()
        at.button(key="teacher_unlock").click().run()
        assert [e.value for e in at.error] == [t("teacher.wrong", "en")]
    at.text_input(key="teacher_key_input").set_value("sesame").run()
    at.button(key="teacher_unlock").click().run()
    assert [e.value for e in at.error] == [t("teacher.wait", "en", seconds=2)]
    assert keys_on_page(at) == {"teacher_unlock"}  # still locked, even with the right key, until the wait is over
    teacher = open_class()  # another session, at the same moment: the guesser's wait is not the teacher's
    teacher.text_input(key="teacher_key_input").set_value("sesame").run()
    teacher.button(key="teacher_unlock").click().run()
    assert {"teacher_hide", "teacher_clear"} <= keys_on_page(teacher)
    fresh_guard.now += 2
    at.text_input(key="teacher_key_input").set_value("sesame").run()
    at.button(key="teacher_unlock").click().run()
    assert {"teacher_hide", "teacher_clear"} <= keys_on_page(at)


def unlocked_class(monkeypatch) -> AppTest:
    monkeypatch.setenv("DNN_TEACHER_KEY", "sesame")
    at = open_class()
    at.text_input(key="teacher_key_input").set_value("sesame").run()
    at.button(key="teacher_unlock").click().run()
    assert [s.value for s in at.success] == [t("teacher.unlocked", "en")]
    return at


def test_the_teacher_hides_pins_sets_the_lesson_and_clears_the_board(monkeypatch):
    ana, ben, chen = add_run("ana", 0.9), add_run("ben", 0.8, COURSE), add_run("chen", 0.7)
    at = unlocked_class(monkeypatch)

    at.selectbox(key="teacher_run").set_value(ben).run()
    at.button(key="teacher_hide").click().run()
    assert ranking(at)["student"].tolist() == ["ana", "chen"]

    at.selectbox(key="teacher_run").set_value(chen).run()
    at.button(key="teacher_pin").click().run()
    assert RunStore().board()[1]["pin"] == chen
    chart = at.get("plotly_chart")[0].proto.spec
    assert '"y0":0.7' in chart.replace(" ", "")  # the reference line at the pinned run's accuracy

    assert any(c.value.endswith("/class") for c in at.code)  # no lesson yet: the code opens this board
    at.selectbox(key="teacher_lesson").set_value("tiny").run()
    at.button(key="teacher_set_lesson").click().run()
    assert at.selectbox(key="board_lesson").value == board.LESSON  # the board opens on the current lesson
    assert any("/train?" in c.value and "train_size=2000" in c.value for c in at.code)  # its link, beside its QR code

    at.checkbox(key="teacher_confirm_clear").check().run()
    at.button(key="teacher_clear").click().run()
    assert board_ids() == [] and at.info[0].value == t("class.empty", "en")
    assert sorted(RunStore().list_runs()["id"]) == [ana, ben, chen]  # Compare's run history keeps every run


def test_an_action_from_a_session_whose_key_no_longer_matches_is_refused(monkeypatch):
    ids = [add_run("ana", 0.9), add_run("ben", 0.8)]
    at = unlocked_class(monkeypatch)
    at.checkbox(key="teacher_confirm_clear").check().run()
    monkeypatch.setenv("DNN_TEACHER_KEY", "a new key")  # the teacher changed the key: old sessions lose the right
    at.button(key="teacher_clear").click().run()
    assert [e.value for e in at.error] == [t("teacher.refused", "en")]
    assert board_ids() == ids[::-1]


def test_the_teacher_section_and_board_in_chinese(monkeypatch):
    monkeypatch.setenv("DNN_TEACHER_KEY", "sesame")
    add_run("陳小明", 0.9)
    at = open_class("zh-TW")
    assert [e.label for e in at.expander] == [t("teacher.title", "zh-TW")]
    at.text_input(key="teacher_key_input").set_value("wrong").run()
    at.button(key="teacher_unlock").click().run()
    assert [e.value for e in at.error] == [t("teacher.wrong", "zh-TW")]
    assert ranking(at)["student"].tolist() == ["陳小明"]
