"""The class's handwriting in AppTest: adding a drawing on Draw & Predict (the canvas replaced by a drawn digit, as
AppTest cannot draw), every refusal in both languages, and the Class page's tab: counts, names as typed, the gallery,
the downloads, and the teacher's controls, which need the key."""

from __future__ import annotations

import io
import json
import sys
import types
import zipfile

import numpy as np
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from dnn_core.classroom import handwriting
from dnn_core.classroom.handwriting import ClassDigits
from dnn_core.engine import data
from dnn_core.engine.preprocess import canvas_to_mnist
from dnn_core.i18n import t
from dnn_core.runs import RunStore
from tests.conftest import ROOT
from tests.digit_strokes import drawn_digit
from tests.test_class_page import open_class, unlocked_class

TIMEOUT = 120


class Canvas:
    """What Draw & Predict's canvas holds: a drawn digit (280×280 grey levels) or nothing."""

    drawing = None

    def draw(self, digit: int, writer: int = 0, sample: int = 0) -> np.ndarray:
        """Draw ``digit`` as ``writer``; the 28×28 image the model will read."""
        self.drawing = drawn_digit(digit, writer, sample)
        return canvas_to_mnist(self.drawing).centred


@pytest.fixture
def canvas(monkeypatch):
    """Draw & Predict with a stand-in canvas component that returns ``Canvas.drawing`` (AppTest cannot draw, and the
    real component only registers inside a running app): the page's input module is imported afresh with it, and
    the real modules come back after the test."""
    holder = Canvas()
    component = types.ModuleType("streamlit_drawable_canvas")
    component.st_canvas = lambda **_: types.SimpleNamespace(image_data=holder.drawing)
    monkeypatch.setitem(sys.modules, "streamlit_drawable_canvas", component)
    monkeypatch.delitem(sys.modules, "pages.draw_inputs", raising=False)
    yield holder
    sys.modules.pop("pages.draw_inputs", None)  # the stand-in's import; monkeypatch then restores the real one


@pytest.fixture
def clock(monkeypatch):
    """The store's clock, moved by the test (the one-a-second rule without waiting)."""
    fake = types.SimpleNamespace(now=1_000.0)
    monkeypatch.setattr(handwriting, "time", types.SimpleNamespace(time=lambda: fake.now))
    return fake


def digits() -> ClassDigits:
    return ClassDigits(RunStore())


def open_draw(lang: str = "en", name: str = "") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for key, value in {"lang": lang if lang != "en" else "", "name": name}.items():
        if value:
            at.query_params[key] = value
    at.run()
    at.switch_page("pages/draw.py")
    return at.run()


def form_shown(at: AppTest) -> bool:
    return any(group.key == "digits_label" for group in at.get("button_group"))


def add(at: AppTest, label: int | None) -> AppTest:
    if label is not None:
        at.pills(key="digits_label").set_value(label)
    at.button(key="digits_add").click()
    return at.run()


def messages(at: AppTest) -> list[str]:
    return [m.value for m in [*at.success, *at.error]]


# ---- Draw & Predict --------------------------------------------------------------------------------------------

def test_a_drawing_added_on_the_page_is_stored_as_the_model_read_it(canvas):
    digits().set_open(True)
    read = canvas.draw(3, writer=1)
    at = open_draw(name="Ann")
    assert not at.exception and form_shown(at)
    assert at.pills(key="digits_label").value is None  # nothing preselected
    assert at.text_input(key="digits_name").value == "Ann"  # the Class board's name, until another is typed
    add(at, 3)
    stored = digits().digit_set()
    assert stored.x.shape == (1, 28, 28) and stored.x[0].tobytes() == read.tobytes()  # byte for byte
    assert stored.y.tolist() == [3] and stored.writers.tolist() == ["name:ann"]
    assert messages(at) == [t("digits.added.named", "en", digit=3, name="Ann", count=1)]
    assert at.session_state["draw_clears"] == 1  # the canvas empties for the next digit
    assert not form_shown(at)  # the drawing still on screen for a moment is not offered twice

    canvas.drawing = None  # the emptied canvas comes back
    at.run()
    assert [i.value for i in at.info] == [t("draw.empty", "en")]
    assert messages(at) == [t("digits.added.named", "en", digit=3, name="Ann", count=1)
                            + " The canvas is clear for your next digit."]


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_every_refusal_is_a_sentence_in_the_pages_language(canvas, clock, monkeypatch, lang):
    digits().set_open(True)
    canvas.draw(3)
    at = open_draw(lang)
    add(at, None)
    assert messages(at) == [t("digits.refused.label", lang)] and form_shown(at)
    add(at, 3)
    assert messages(at) == [t("digits.added.anonymous", lang, digit=3, count=1)]

    canvas.draw(5)  # the next drawing, within the same second
    at.run()
    add(at, 5)
    assert messages(at) == [t("digits.refused.burst", lang, seconds=handwriting.MIN_INTERVAL_S)]
    clock.now += 1
    add(at, 5)
    assert messages(at) == [t("digits.added.anonymous", lang, digit=5, count=2)]

    canvas.draw(7)
    clock.now += 1
    monkeypatch.setattr(handwriting, "MAX_PER_SESSION", 2)
    at.run()
    add(at, 7)
    assert messages(at) == [t("digits.refused.session_full", lang, limit=2)]
    monkeypatch.setattr(handwriting, "MAX_PER_SESSION", 500)
    monkeypatch.setattr(handwriting, "MAX_DRAWINGS", 2)
    add(at, 7)
    assert messages(at) == [t("digits.refused.full", lang, limit=2)]
    monkeypatch.setattr(handwriting, "MAX_DRAWINGS", 5_000)

    digits().set_open(False)  # the teacher closes collection while the form is on screen
    add(at, 7)
    assert messages(at) == [t("digits.refused.closed", lang)] and not form_shown(at)
    assert not at.exception and digits().digit_set().y.tolist() == [3, 5]


def test_the_form_is_offered_only_for_a_drawing_while_collection_is_open(canvas):
    canvas.draw(4)
    at = open_draw()
    assert at.metric and not form_shown(at)  # collection closed: a prediction, no form
    digits().set_open(True)
    at.run()
    assert form_shown(at)
    at.segmented_control(key="draw_input").set_value("test").run()
    assert at.metric and not form_shown(at)  # a test image is not the class's handwriting


# ---- the Class page's tab ----------------------------------------------------------------------------------------

def add_drawings(items, approved: bool = True) -> list[int]:
    """Store (digit, name) drawings as different sessions, a second apart; their ids."""
    store, ids = digits(), []
    store.set_open(True)
    for i, (digit, name) in enumerate(items):
        image = canvas_to_mnist(drawn_digit(digit, i)).centred
        ids.append(store.add(image, drawn_digit(digit, i), digit, name, f"session-{i}", now=1_000.0 + i))
    if approved:
        store.approve(ids)
    return ids


def digits_chart_counts(at: AppTest) -> list[int]:
    chart = next(c for c in at.get("plotly_chart") if "digits_chart" in c.proto.id)
    return json.loads(chart.proto.spec)["data"][0]["y"]


def gallery_texts(at: AppTest) -> list[str]:
    return [text.value for text in at.text]


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_tab_counts_each_digit_and_each_writer(lang):
    at = open_class(lang)
    assert [i.value for i in at.info][-1] == t("digits.none", lang)
    add_drawings([(3, "ana"), (3, "ben"), (5, "ana"), (0, "")])
    at.run()
    assert not at.exception
    assert digits_chart_counts(at) == [1, 0, 0, 2, 0, 1, 0, 0, 0, 0]
    writers = next(frame.value for frame in at.dataframe if "count" in frame.value.columns)
    assert dict(zip(writers["name"], writers["count"])) == {"ana": 2, "ben": 1, t("name.anonymous", lang): 1}
    assert t("digits.total", lang, total=4, writers=3, pending=0) in [c.value for c in at.caption]
    assert any(str(RunStore().path) in c.value for c in at.caption)  # where the set is kept
    assert gallery_texts(at) == [f"0 · {t('name.anonymous', lang)}", "5 · ana", "3 · ben", "3 · ana"]  # newest first
    at.segmented_control(key="digits_gallery_digit").set_value(3).run()
    assert gallery_texts(at) == ["3 · ben", "3 · ana"]


def test_names_are_shown_as_typed_in_the_gallery_and_the_table():
    names = ["<b>x</b>", "**x**", "[x](http://example.com) $x$"]
    add_drawings([(1, name) for name in names])
    at = open_class()
    assert sorted(gallery_texts(at)) == sorted(f"1 · {name}" for name in names)  # st.text: never Markdown or HTML
    writers = next(frame.value for frame in at.dataframe if "count" in frame.value.columns)
    assert sorted(writers["name"]) == sorted(names)
    rendered = " ".join(m.value for m in [*at.markdown, *at.caption, *at.info, *at.success])
    assert "x</b>" not in rendered and "**x**" not in rendered and "example.com" not in rendered


def test_the_gallery_waits_for_approval_unless_the_teacher_turned_it_off():
    ids = add_drawings([(2, "ana"), (2, "ben")], approved=False)
    at = open_class()
    assert gallery_texts(at) == [] and t("digits.gallery.none", "en") in [i.value for i in at.info]
    assert t("digits.total", "en", total=2, writers=2, pending=2) in [c.value for c in at.caption]
    digits().approve(ids[:1])
    at.run()
    assert gallery_texts(at) == ["2 · ana"]
    digits().set_approval_required(False)
    at.run()
    assert gallery_texts(at) == ["2 · ben", "2 · ana"]


@pytest.fixture
def downloads(monkeypatch):
    """The data each deferred download button would send when clicked: file name -> callable."""
    found = {}
    register = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **more):
        found[file_name] = data_callable
        return register(self, data_callable, mimetype, coordinates, file_name=file_name, **more)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return found


def test_the_downloads_hold_exactly_the_drawings_not_hidden_with_their_labels(downloads, tmp_path, monkeypatch):
    labels = (1, 4, 4, 9, 0, 6)
    ids = add_drawings([(d, name) for d, name in zip(labels, ("ana", "ben", "chen", "dora", "eli", "fay"))])
    digits().hide([ids[2]])
    expected = {canvas_to_mnist(drawn_digit(d, i)).centred.tobytes(): d for i, d in enumerate(labels) if i != 2}
    at = open_class()
    assert not at.exception
    npz = downloads[f"{handwriting.DATASET}.npz"]()  # what a click sends
    with np.load(io.BytesIO(npz)) as f:
        assert f["x"].dtype == np.uint8 and f["x"].shape == (5, 28, 28)
        assert {image.tobytes(): int(label) for image, label in zip(f["x"], f["y"])} == expected

    with zipfile.ZipFile(io.BytesIO(downloads[f"{handwriting.DATASET}_idx.zip"]())) as archive:
        archive.extractall(tmp_path / "data")
    monkeypatch.setenv("DNN_DATA_DIR", str(tmp_path / "data"))
    data.clear_cache()
    try:
        loaded = data.load_dataset(handwriting.DATASET)
        images = [*loaded.x_train, *loaded.x_test]
        labels = [*loaded.y_train, *loaded.y_test]
        assert loaded.source == "local_dir" and {i.tobytes(): int(y) for i, y in zip(images, labels)} == expected
    finally:
        data.clear_cache()


# ---- the teacher -------------------------------------------------------------------------------------------------

def success(at: AppTest) -> list[str]:
    return [s.value for s in at.success]


def test_the_teacher_opens_collection_approves_hides_and_clears(monkeypatch):
    at = unlocked_class(monkeypatch)
    at.toggle(key="digits_open_toggle").set_value(True).run()
    assert digits().is_open() and success(at) == [t("digits.teacher.opened", "en")]
    ids = add_drawings([(d, "ana") for d in (1, 2, 3, 4)], approved=False)
    at.run()
    assert t("digits.teacher.pending", "en", count=4) in [m.value.strip("*") for m in at.markdown]
    at.button(key=f"digits_approve_{ids[1]}").click().run()  # one by one
    assert success(at) == [t("digits.teacher.approved", "en", count=1)]
    assert [d.id for d in digits().gallery()] == [ids[1]]
    at.button(key=f"digits_reject_{ids[0]}").click().run()  # hidden before it was ever shown
    at.button(key="digits_approve_all").click().run()
    assert success(at) == [t("digits.teacher.approved", "en", count=2)] and digits().pending_count() == 0
    assert [d.id for d in digits().gallery()] == ids[:0:-1]

    at.button(key=f"digits_hide_{ids[3]}").click().run()  # from the gallery
    at.number_input(key="digits_hide_id").set_value(ids[1])
    at.button(key="digits_hide").click().run()  # by its number
    assert success(at) == [t("digits.teacher.hidden", "en", count=1)]
    assert digits().digit_set().ids.tolist() == [ids[2]] and digits_chart_counts(at) == [0, 0, 0, 1] + [0] * 6

    at.toggle(key="digits_approval_toggle").set_value(False).run()
    assert not digits().approval_required()
    at.toggle(key="digits_open_toggle").set_value(False).run()
    assert not digits().is_open() and success(at) == [t("digits.teacher.closed", "en")]
    assert at.button(key="digits_clear").disabled
    at.checkbox(key="digits_confirm_clear").check().run()
    at.button(key="digits_clear").click().run()
    assert success(at) == [t("digits.teacher.cleared", "en", count=4)] and digits().drawings(True) == []


def test_without_a_teacher_key_there_are_no_controls(monkeypatch):
    monkeypatch.delenv("DNN_TEACHER_KEY", raising=False)
    add_drawings([(1, "ana"), (2, "ben")])
    at = open_class()
    present = {w.key for w in [*at.toggle, *at.button, *at.checkbox, *at.number_input] if w.key}
    assert gallery_texts(at) == ["2 · ben", "1 · ana"]  # the gallery is there, read-only
    assert {key for key in present if key.startswith("digits_")} == set()


def hide_by_number(at, ids):
    at.number_input(key="digits_hide_id").set_value(ids[1])
    at.button(key="digits_hide").click()


# each: (what the test does while the key still holds, the action tried once it no longer does)
ACTIONS = {
    "open": (None, lambda at, ids: at.toggle(key="digits_open_toggle").set_value(True)),
    "approval": (None, lambda at, ids: at.toggle(key="digits_approval_toggle").set_value(False)),
    "approve_all": (None, lambda at, ids: at.button(key="digits_approve_all").click()),
    "approve_one": (None, lambda at, ids: at.button(key=f"digits_approve_{ids[0]}").click()),
    "reject_one": (None, lambda at, ids: at.button(key=f"digits_reject_{ids[0]}").click()),
    "hide_by_number": (None, hide_by_number),
    "clear": (lambda at: at.checkbox(key="digits_confirm_clear").check().run(),
              lambda at, ids: at.button(key="digits_clear").click()),
}


@pytest.mark.parametrize("action", list(ACTIONS))
def test_every_teacher_action_needs_the_key(monkeypatch, action):
    ids = add_drawings([(1, "ana"), (2, "ben")], approved=False)
    digits().set_open(False)
    prepare, act = ACTIONS[action]
    at = unlocked_class(monkeypatch)
    if prepare:
        prepare(at)
    monkeypatch.setenv("DNN_TEACHER_KEY", "a new key")  # the teacher changed the key: old sessions lose the right
    act(at, ids)
    at.run()
    assert [e.value for e in at.error] == [t("teacher.refused", "en")]
    store = digits()
    assert (store.is_open(), store.approval_required(), store.pending_count(), len(store.digit_set())) == (
        False, True, 2, 2)


def test_a_hide_from_the_gallery_needs_the_key_too(monkeypatch):
    ids = add_drawings([(1, "ana"), (2, "ben")])
    at = unlocked_class(monkeypatch)
    monkeypatch.setenv("DNN_TEACHER_KEY", "a new key")
    at.button(key=f"digits_hide_{ids[0]}").click().run()
    assert [e.value for e in at.error] == [t("teacher.refused", "en")] and len(digits().digit_set()) == 2
