"""AppTests of the fair queue: a second Train from the same name is refused with a sentence and can stop the first;
the teacher lists the server's jobs and stops one, and its owner's page says the teacher stopped it."""

from __future__ import annotations

import threading
import time

import pytest
from streamlit.testing.v1 import AppTest

from dnn_core.classroom.board import settings_text
from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.presets import preset_config
from dnn_core.i18n import t
from dnn_core.running import job_registry
from dnn_core.running.jobs import BackgroundJob, JobLimiter
from dnn_core.running.work_jobs import TrainingJob
from tests.apptest import open_app

WAIT = 60  # seconds; a bound on waiting for a thread, never a way to synchronise
TINY = preset_config("tiny", ExperimentConfig(dataset="mnist_sample"))
QUEUED_AT = time.mktime((2026, 12, 7, 10, 42, 5, 0, 0, -1))  # 10:42:05 on the server's clock


@pytest.fixture
def registry(monkeypatch):
    """A registry of this test's own, whose clock says when each job was queued."""
    fresh = job_registry.JobRegistry(clock=lambda: QUEUED_AT)
    monkeypatch.setattr(job_registry, "REGISTRY", fresh)
    return fresh


@pytest.fixture
def slot():
    """A one-slot limiter whose slot a running job holds until the test ends (or it is stopped)."""
    release = threading.Event()

    def hold(report, should_stop):
        while not should_stop() and not release.wait(0.01):
            pass
        return "held"

    limiter = JobLimiter(1)
    holder = BackgroundJob(hold, limiter=limiter)
    yield limiter, holder
    release.set()
    holder.stop()


def open_page(page: str, **query) -> AppTest:
    return open_app(page, query=query)


def started(job) -> None:
    """Start ``job`` and return once it runs (its work holds the slot)."""
    job.start()
    end = time.monotonic() + WAIT
    while job.state != "running" and time.monotonic() < end:
        job.wait(0.01)  # a bounded poll of the job's own state, never a sleep standing in for it
    assert job.state == "running"


def test_a_second_train_with_the_same_name_is_refused_and_can_stop_the_first(registry, slot):
    _, first = slot
    registry.admit(first, "ana's first tab", "Ana", "train", "adam · 128 · lr 0.001")
    started(first)
    at = open_page("pages/train.py", name="Ana")  # another tab, the same name
    at.button(key="train_button").click().run()
    assert not at.exception and "job" not in at.session_state  # no second job
    since = time.strftime("%H:%M:%S", time.localtime(first.started_at))
    assert [w.value for w in at.warning] == [t(
        "queue.refused.name", "en", name="Ana", kind=t("queue.kind.train", "en"),
        state=t("queue.state.running", "en", time=since), settings="adam · 128 · lr 0.001")]
    at.button(key="busy_stop").click().run()
    assert first.done and first.state == "stopped" and registry.stopped_by(first) == "owner"
    assert [s.value for s in at.success] == [t("queue.stopped", "en")]
    at.button(key="train_button").click().run()  # now it starts
    assert at.session_state["job"] is registry.live()[0].job and not at.warning
    at.session_state["job"].stop()
    assert at.session_state["job"].wait(WAIT)


def test_a_second_job_from_the_same_tab_is_refused_in_chinese(registry, slot):
    _, first = slot
    at = open_page("pages/train.py", lang="zh-TW")
    at.session_state["session_id"] = "this tab"
    registry.admit(first, "this tab", "", "race", "sgd · 64")  # this tab's race (Compare), not started yet
    at.button(key="train_button").click().run()
    assert [w.value for w in at.warning] == [t(
        "queue.refused.session", "zh-TW", name="", kind=t("queue.kind.race", "zh-TW"),
        state=t("queue.state.created", "zh-TW", time="10:42:05"), settings="sgd · 64")]


def jobs_table(at: AppTest):
    """The teacher's table of jobs (the board's tables come first)."""
    return next(frame.value for frame in at.dataframe if "since" in frame.value.columns)


def unlocked_class(monkeypatch) -> AppTest:
    monkeypatch.setenv("DNN_TEACHER_KEY", "sesame")
    at = open_page("pages/class.py")
    at.text_input(key="teacher_key_input").set_value("sesame").run()
    at.button(key="teacher_unlock").click().run()
    return at


def test_the_teacher_sees_every_students_job_and_stops_one_whose_owner_is_told(monkeypatch, registry, slot):
    limiter, ana_job = slot
    registry.admit(ana_job, "ana's tab", "Ana", "train", "adam · 128")
    started(ana_job)
    ben_job = TrainingJob(TINY, limiter=limiter, save=False)  # waits behind Ana's for the one slot
    ben = registry.admit(ben_job, "ben's tab", "Ben", "train", settings_text(TINY.to_dict()))
    ben_job.start()
    at = unlocked_class(monkeypatch)
    table = jobs_table(at)
    ana_since = time.strftime("%H:%M:%S", time.localtime(ana_job.started_at))
    assert table[["name", "kind", "settings", "since"]].values.tolist() == [
        ["Ana", "Training", "adam · 128", ana_since],
        ["Ben", "Training", settings_text(TINY.to_dict()), "10:42:05"]]
    assert table["state"].tolist() == ["running", "queued"]

    at.selectbox(key="teacher_job").set_value(ben.number).run()
    at.button(key="teacher_stop_job").click().run()
    assert ben_job.wait(WAIT) and ben_job.state == "stopped" and ben_job.result is None  # it never ran
    assert not ana_job.done  # the other student's job goes on
    assert t("teacher.jobs.stopped", "en", number=ben.number, name="Ben") in [s.value for s in at.success]
    assert jobs_table(at)["name"].tolist() in (["Ana", "Ben"], ["Ana"])  # Ben's may still be leaving the queue
    assert jobs_table(at.run())[["name", "state"]].values.tolist() == [["Ana", "running"]]

    owner = open_page("pages/train.py", name="Ben")
    owner.session_state["job"] = ben_job  # Ben's own session, whose job it was
    owner.run()
    assert not owner.exception
    assert t("queue.stopped_by_teacher", "en") in [w.value for w in owner.warning]


def test_a_session_without_the_key_cannot_stop_a_job(monkeypatch, registry, slot):
    _, ana_job = slot
    ana = registry.admit(ana_job, "ana's tab", "Ana")
    at = unlocked_class(monkeypatch)
    monkeypatch.setenv("DNN_TEACHER_KEY", "a new key")  # the key changed: this session no longer holds it
    at.selectbox(key="teacher_job").set_value(ana.number)
    at.button(key="teacher_stop_job").click().run()
    assert [e.value for e in at.error] == [t("teacher.refused", "en")]
    assert not ana_job.should_stop() and registry.stopped_by(ana_job) is None
