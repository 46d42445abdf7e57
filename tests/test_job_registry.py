"""The fair queue: one live job per browser session and per name, the teacher's list and stop (no TensorFlow here)."""

import threading

import pytest

from dnn_core.running.job_registry import Busy, JobRegistry
from dnn_core.running.jobs import BackgroundJob, JobLimiter

WAIT = 60  # seconds; a bound on waiting for a thread, never a way to synchronise


class Clock:
    now = 1_000.0

    def __call__(self):
        return self.now


class FakeJob:
    """A job whose state the test sets: 'created', 'queued', 'running', then 'finished' or 'stopped'."""

    def __init__(self, state="queued", started_at=None):
        self.state, self.started_at, self.stop_asked = state, started_at, False

    @property
    def done(self) -> bool:
        return self.state in ("finished", "stopped", "failed")

    def stop(self) -> None:
        self.stop_asked = True


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def registry(clock):
    return JobRegistry(clock)


def test_a_session_gets_one_live_job_and_the_next_once_it_ends(registry):
    first = FakeJob("running")
    registry.admit(first, "tab-1", "", "train", "adam · 128")
    with pytest.raises(Busy) as refused:
        registry.admit(FakeJob(), "tab-1", "", "race")  # a race from the same tab, anonymous: refused
    assert refused.value.holder.job is first and refused.value.key == "queue.busy.session"
    registry.admit(FakeJob(), "tab-2", "", "train")  # another anonymous tab is another student
    first.state = "finished"
    registry.admit(FakeJob(), "tab-1", "", "twin")  # its job ended: the tab may start the next
    assert [owned.session for owned in registry.live()] == ["tab-2", "tab-1"]


def test_a_name_gets_one_live_job_whatever_tab_it_types_in(registry):
    registry.admit(FakeJob("queued"), "tab-1", "Ana", "train", "adam · 128")
    with pytest.raises(Busy) as refused:
        registry.admit(FakeJob(), "tab-2", "Ana", "train")
    assert refused.value.key == "queue.busy.name" and refused.value.holder.session == "tab-1"
    assert "Ana already has a job" in str(refused.value)
    registry.admit(FakeJob(), "tab-3", "Ben", "train")  # another name
    registry.admit(FakeJob(), "tab-4", "", "train")  # no name: held by its session only
    assert registry.holder("tab-5", "Ana").session == "tab-1" and registry.holder("tab-5", "") is None


def test_two_tabs_pressing_train_at_once_get_one_job_between_them(registry):
    barrier, outcomes = threading.Barrier(8), []

    def press(tab: int) -> None:
        barrier.wait(WAIT)
        try:
            registry.admit(FakeJob(), f"tab-{tab}", "Ana", "train")
            outcomes.append("admitted")
        except Busy:
            outcomes.append("refused")

    threads = [threading.Thread(target=press, args=(tab,)) for tab in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    assert sorted(outcomes) == ["admitted"] + ["refused"] * 7


def test_the_list_says_whose_what_and_since_when(registry, clock):
    running = FakeJob("running", started_at=1_030.0)
    registry.admit(running, "tab-1", "Ana", "train", "adam · 128")
    clock.now = 1_010.0
    registry.admit(FakeJob("queued"), "tab-2", "Ben", "race", "sgd · 64")
    rows = [(o.number, o.name, o.kind, o.settings, o.state, o.since) for o in registry.live()]
    assert rows == [(1, "Ana", "train", "adam · 128", "running", 1_030.0),  # since it started running
                    (2, "Ben", "race", "sgd · 64", "queued", 1_010.0)]  # since it was queued


def test_the_teacher_stops_a_job_by_its_number_and_its_owner_can_tell(registry):
    ana, ben = FakeJob("running"), FakeJob("queued")
    registry.admit(ana, "tab-1", "Ana")
    number = registry.admit(ben, "tab-2", "Ben").number
    assert registry.stop_number(number, by="teacher").name == "Ben"
    assert ben.stop_asked and not ana.stop_asked
    assert registry.stopped_by(ben) == "teacher" and registry.stopped_by(ana) is None
    ben.state = "stopped"
    assert [owned.name for owned in registry.live()] == ["Ana"]
    assert registry.stop_number(number, by="teacher") is None  # it has ended: nothing to stop


def test_a_job_never_started_leaves_at_once_when_stopped(registry):
    orphan = FakeJob("created")  # its tab closed between Train and the run that starts it: it would never end
    registry.admit(orphan, "tab-1", "Ana")
    registry.stop(orphan, by="owner")
    assert registry.live() == [] and orphan.stop_asked
    registry.admit(FakeJob(), "tab-2", "Ana")  # the name is free again


def test_a_twin_run_is_listed_as_its_training_of_the_moment(registry):
    twin = FakeJob("running")
    twin.current = FakeJob("queued")  # the twin job orchestrates; its training waits in the shared queue
    registry.admit(twin, "tab-1", "Ana", "twin")
    assert registry.live()[0].state == "queued"


def test_a_real_job_frees_its_owners_place_when_it_ends(registry):
    release = threading.Event()
    job = BackgroundJob(lambda report, should_stop: release.wait(WAIT), limiter=JobLimiter(1))
    registry.admit(job, "tab-1", "Ana")
    job.start()
    with pytest.raises(Busy):
        registry.admit(BackgroundJob(lambda report, should_stop: None), "tab-2", "Ana")
    release.set()
    assert job.wait(WAIT)
    registry.admit(BackgroundJob(lambda report, should_stop: None), "tab-2", "Ana")
