"""The class's digits on the pages: the setting and what it would do on Build & Train, the summary beside a result,
Compare's twin preset and race, and the Learn lesson, in both languages."""

import pytest
from streamlit.testing.v1 import AppTest

from dnn_core.classroom.handwriting import ClassDigits
from dnn_core.engine.class_training import LESSON_SHARE
from dnn_core.i18n import t
from dnn_core.runs import RunStore
from pages import train_digits
from tests.conftest import ROOT, train_through_the_page
from tests.test_app_pages import open_train
from tests.test_class_training import drawn_set, names_on_each_side
from tests.test_compare_page import open_compare


def store_digits(per_side: int = 3, samples: int = 1) -> None:
    """Every digit once by ``per_side`` writers on each side of the lesson's split, in the test's run store."""
    digits = drawn_set(names_on_each_side(per_side), samples=samples)
    store = ClassDigits(RunStore())
    store.set_open(True)
    for i, (image, label, writer) in enumerate(zip(digits.x, digits.y, digits.writers)):
        store.add(image, image, int(label), writer.split(":", 1)[1], "one session", now=1000.0 + 2 * i)
    train_digits._writers.clear()  # the pages read the writers at most every 5 s: these tests do not wait


def texts(at) -> str:
    return " ".join([c.value for c in at.caption] + [m.value for m in at.markdown] + [i.value for i in at.info]
                    + [w.value for w in at.warning] + [m.label for m in at.metric])


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_setting_says_what_it_would_do_with_the_class_digits_now(lang):
    at = open_train(lang, class_digits="0.3")
    assert not at.exception and at.select_slider(key="cfg_class_digits").value == 0.3
    assert t("digits.train.plan.none", lang) in texts(at)  # no drawings yet: no effect
    store_digits()
    at = open_train(lang, class_digits="0.5", dataset="mnist_sample")
    # by hand: 3 writers on each side, 10 digits each; 3,600 images want 0.25 · 3,600 / 30 = 30 copies
    expected = t("digits.train.plan.split", lang, digits=60, writers=6, share="0.5", joining_writers=3, joining=30,
                 repeats=30, held_writers=3, held=30)
    assert expected in texts(at)
    at.select_slider(key="cfg_class_digits").set_value(0.0).run()
    assert t("digits.train.plan.off", lang, digits=60, writers=6) in texts(at)
    assert "class_digits" not in at.query_params


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_result_shows_who_joined_and_the_held_out_writers_accuracy(lang):
    store_digits()
    at = open_train(lang, dataset="mnist_sample", train_size="300", epochs="1", class_digits=str(LESSON_SHARE))
    job = train_through_the_page(at, timeout=120)
    ours = job.result.class_training
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("digits.train.accuracy_held", lang)] == f"{100 * ours.accuracy:.1f} %"
    assert metrics[t("digits.train.writers", lang)] == "3 / 3" and metrics[t("digits.train.digits", lang)] == "30 / 30"
    # by hand: 300 images less 30 validating; 0.25 · 270 / 30 = 2.25 copies: 2
    assert metrics[t("digits.train.repeats", lang)] == "2×"
    assert t("digits.train.joined_note", lang, added="60", digits=30, writers=3, repeats=2, count=30,
             held=3) in texts(at)


def test_without_class_digits_the_result_says_the_setting_had_no_effect():
    at = open_train(dataset="mnist_sample", train_size="200", epochs="1", class_digits="0.5")
    train_through_the_page(at, timeout=120)
    assert t("digits.train.no_effect.empty", "en", share="0.5") in texts(at)


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_lesson_preset_opens_compare_on_a_twin_of_half_the_class(lang):
    at = open_train(lang, preset="our_handwriting", dataset="mnist_sample")
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="twin_setting").value == "class_digits"
    assert at.select_slider(key="twin_value_class_digits").value == 0.5
    assert at.session_state["twin_course"].class_digits == 0
    assert any(t("preset.our_handwriting", lang) in box.value for box in at.info)


def test_a_race_says_it_leaves_the_class_digits_out():
    at = open_compare(class_digits="0.4")
    assert not at.exception
    assert t("compare.race.class_digits", "en", share="0.4") in texts(at)


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_learn_lesson_shows_the_split_and_opens_the_twin(lang, monkeypatch):
    import streamlit

    switches = []
    monkeypatch.setattr(streamlit, "switch_page", lambda page, query_params=None: switches.append((page, query_params)))
    at = AppTest.from_file(str(ROOT / "pages" / "learn.py"), default_timeout=30)
    at.session_state["lang"] = lang
    at.session_state["learn_tab"] = t("learn.tab.handwriting", lang)
    at.run()
    assert t("learn.ours.too_few", lang) in texts(at)  # no writers yet
    store_digits()
    at.run()
    assert t("learn.ours.status", lang, digits=60, writers=6, joining_writers=3, joining=30, held_writers=3,
             held=30) in texts(at)
    assert t("learn.ours.too_few", lang) not in texts(at)
    at.button(key="learn_try_our_handwriting").click().run()
    expected = {"preset": "our_handwriting", **({"lang": lang} if lang != "en" else {})}
    assert switches == [("pages/train.py", expected)]


# ---- Compare's twin run ----------------------------------------------------------------------------------------

def test_a_twin_run_scores_both_trainings_on_the_same_held_out_writers():
    from dnn_core.engine.config import ExperimentConfig
    from dnn_core.engine.twins import twin_config
    from dnn_core.running.work_jobs import TwinJob

    store_digits()
    base = ExperimentConfig(dataset="mnist_sample", train_size=300, epochs=1)
    job = TwinJob(base, twin_config(base, "class_digits", LESSON_SHARE))
    job.start()
    assert job.wait(240) and job.error is None, job.error
    before, after = job.result.base_class, job.result.twin_class
    assert (before.share, after.share, before.joined, after.joined) == (0, LESSON_SHARE, False, True)
    # the lesson's comparison: the 30 digits of the 3 writers the twin held out, for both
    assert before.lesson_count == after.lesson_count == after.count == 30

    def under_the_twin(result):
        from pages import train_digits

        train_digits.twin_line(result)

    at = AppTest.from_function(under_the_twin, args=(job.result,)).run()
    assert [m.value for m in at.markdown] == [t("compare.twin.class_lesson", "en", count=30,
                                                 base=f"{100 * before.lesson_accuracy:.1f}",
                                                 twin=f"{100 * after.lesson_accuracy:.1f}")]
