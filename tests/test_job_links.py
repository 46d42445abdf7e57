"""Job links: the id's form, its hash in the run store (and the store that had no column for it), the registry
finding a job by link, a job restored from its runs after a restart, and an abandoned run that says so."""

from __future__ import annotations

import hashlib
import re
import sqlite3

import pandas as pd
import pytest

from dnn_core.engine.config import config_from_query
from dnn_core.running import job_links
from dnn_core.running.job_registry import RECENT, Busy, JobRegistry
from dnn_core.running.job_restore import restore
from dnn_core.running.jobs import JobLimiter
from dnn_core.running.work_jobs import TrainingJob
from dnn_core.runs import RunStore, schema

WAIT = 120  # seconds; a bound on waiting for a thread, never a way to synchronise
SMALL = config_from_query({"dataset": "mnist_sample", "train_size": "500", "layers": "16", "epochs": "2"})[0]


def test_a_new_id_is_22_url_safe_characters_and_is_kept_only_hashed():
    ids = {job_links.new_id() for _ in range(100)}
    assert len(ids) == 100 and all(re.fullmatch(r"[A-Za-z0-9_-]{22}", i) for i in ids)
    job_id = ids.pop()
    assert job_links.link_hash(job_id) == hashlib.sha256(job_id.encode()).hexdigest() != job_id
    assert job_links.checked_id(job_id) == job_id


@pytest.mark.parametrize("text", [None, "", "abc", "x" * 21, "x" * 23, "a" * 21 + "/", "' OR 1=1 --aaaaaaaaaaaa",
                                  "%2e%2e%2faaaaaaaaaaaaaaaa", "ａ" * 22, ["x" * 22]])
def test_anything_else_is_refused_with_a_sentence_in_both_languages(text):
    with pytest.raises(job_links.LinkError) as refused:
        job_links.checked_id(text)
    assert refused.value.key == "job.link.bad"
    assert refused.value.text("en") != refused.value.text("zh-TW") != "job.link.bad"


def test_a_store_from_before_links_is_upgraded_and_keeps_its_runs(tmp_path):
    db = tmp_path / "runs.sqlite"
    old_table = re.sub(r",(\s*--[^\n]*)\n\s*link\s+TEXT[^\n]*", r"\1", schema.SCHEMA[0])  # version 2: no link column
    assert "link" not in old_table.split("hidden")[1]
    with sqlite3.connect(db) as con:
        con.execute(old_table)
        con.execute("INSERT INTO runs (name, kind, status, config, started_at, owner_pid, owner_token)"
                    " VALUES ('old', 'train', 'finished', '{}', '2026-01-01T00:00:00+00:00', 1, '')")
        con.execute("PRAGMA user_version = 2")
    store = RunStore(db)
    assert store.get_run(1).name == "old" and store.linked_runs(job_links.link_hash("x" * 22)) == []
    run_id = store.start_run(SMALL, link=job_links.link_hash("y" * 22))
    assert [run.id for run in store.linked_runs(job_links.link_hash("y" * 22))] == [run_id]
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION == 4
        assert con.execute("SELECT link FROM runs WHERE id = ?", (run_id,)).fetchone()[0] == \
            hashlib.sha256(b"y" * 22).hexdigest()  # the id itself is never stored


class FakeJob:
    def __init__(self, state="running"):
        self.state, self.started_at, self.link_hash = state, None, ""

    @property
    def done(self) -> bool:
        return self.state in ("finished", "stopped", "failed")

    def stop(self) -> None:
        self.state = "stopped"


def test_a_session_that_opens_a_link_watches_the_job_and_is_held_by_it():
    registry = JobRegistry()
    job = FakeJob()
    job_id = job_links.give_link(job)
    registry.admit(job, "tab-1", "", "train")
    owned = registry.find(job_links.link_hash(job_id))
    assert owned.job is job and registry.find(job_links.link_hash(job_links.new_id())) is None
    registry.watch(owned, "phone")
    with pytest.raises(Busy) as refused:
        registry.admit(FakeJob(), "phone", "", "race")
    assert refused.value.key == "queue.busy.session" and registry.holds(owned, "phone")
    job.state = "finished"
    registry.admit(FakeJob(), "phone", "", "race")  # it ended: the phone may start its own
    assert registry.find(owned.link).job is job  # and the link still finds it


def test_the_registry_forgets_all_but_the_newest_ended_jobs():
    registry = JobRegistry()
    links = []
    for number in range(RECENT + 5):
        job = FakeJob()
        links.append(job_links.link_hash(job_links.give_link(job)))
        registry.admit(job, f"tab-{number}", "", "train")
        job.state = "finished"
    live = FakeJob()
    job_links.give_link(live)
    registry.admit(live, "tab-x", "", "train")  # admitting is when old ones are forgotten
    found = [registry.find(link) is not None for link in links]
    assert found == [False] * 5 + [True] * RECENT


def test_a_finished_training_comes_back_from_its_runs_after_a_restart():
    job = TrainingJob(SMALL, guess=0.5)
    job_id = job_links.give_link(job)
    assert job.start().wait(WAIT) and job.state == "finished"
    stored = restore(job_links.link_hash(job_id))  # a new process has an empty registry but the same store
    assert stored.kind == "train" and stored.state == "finished" and stored.done and stored.run_id == job.run_id
    assert stored.result.test_accuracy == pytest.approx(job.result.test_accuracy)
    assert stored.result.config == job.result.config
    pd.testing.assert_frame_equal(stored.snapshot()["history"].reset_index(drop=True),
                                  job.result.history.reset_index(drop=True), check_dtype=False)
    assert stored.result.model.count_params() == job.result.model.count_params()
    assert restore(job_links.link_hash(job_links.new_id())) is None


def test_an_abandoned_training_gives_its_slot_to_the_waiting_job_and_its_run_says_so():
    limiter = JobLimiter(1)
    lonely = TrainingJob(SMALL, limiter=limiter, abandon_after=1e-6)  # nobody ever looks at it
    assert lonely.start().wait(WAIT) and lonely.state == "finished"  # but nobody waits either: it ends
    abandoned = TrainingJob(SMALL.replace(epochs=40), limiter=limiter, abandon_after=1e-6).start()
    while abandoned.state != "running":
        assert not abandoned.wait(0.05)
    waiting = TrainingJob(SMALL, limiter=limiter).start()
    assert abandoned.wait(WAIT) and waiting.wait(WAIT)
    assert abandoned.stop_reason == "abandoned" and abandoned.result.stopped and len(abandoned.result.history) < 40
    assert waiting.state == "finished" and waiting.stop_reason is None
    runs = RunStore()
    assert runs.get_run(abandoned.run_id).status == "stopped"
    assert runs.get_run(abandoned.run_id).metrics["stopped_because"] == "abandoned"
    assert "stopped_because" not in runs.get_run(lonely.run_id).metrics


def test_a_run_cut_off_by_a_restart_comes_back_as_failed_with_a_translated_reason():
    store, job_id = RunStore(), job_links.new_id()
    run_id = store.start_run(SMALL, link=job_links.link_hash(job_id))
    with sqlite3.connect(store.path) as con:  # what mark_interrupted does once the server process is gone
        con.execute("UPDATE runs SET status = 'interrupted' WHERE id = ?", (run_id,))
    stored = restore(job_links.link_hash(job_id))
    assert (stored.kind, stored.state, stored.done, stored.result) == ("train", "failed", True, None)
    assert stored.failure.key == "job.link.interrupted" and stored.failure.text("zh-TW") != stored.failure.text("en")
