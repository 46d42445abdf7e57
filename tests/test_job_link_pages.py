"""AppTests of job links: Build & Train's URL carries its job while it runs, and a new session that opens the link
(a reload, another device) shows the same job, can stop it, and finds it again after the server restarted."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dnn_core.i18n import t
from dnn_core.running import job_links, job_registry
from dnn_core.runs import RunStore
from tests.apptest import open_compare, open_train
from tests.conftest import train_through_the_page

WAIT = 120  # seconds; a bound on waiting for a thread, never a way to synchronise
SMALL = {"dataset": "mnist_sample", "train_size": "500", "layers": "16"}


@pytest.fixture(autouse=True)
def registry(monkeypatch):
    fresh = job_registry.JobRegistry()
    monkeypatch.setattr(job_registry, "REGISTRY", fresh)
    return fresh


def warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
@pytest.mark.parametrize("bad", ["abc", "x" * 21 + "'", "../../etc/passwd", "x" * 200])
def test_a_bad_job_id_is_said_in_a_sentence_and_leaves_the_url(lang, bad):
    at = open_train(lang, job=bad, **SMALL)
    assert not at.exception
    assert t("job.link.bad", lang) in warnings(at)
    assert "job" not in at.query_params and at.query_params["train_size"] == "500"


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_a_well_formed_id_of_no_job_says_so(lang):
    at = open_train(lang, job=job_links.new_id())
    assert not at.exception and t("job.link.unknown", lang) in warnings(at)


def test_a_reopened_link_shows_the_running_job_which_it_can_stop(registry):
    at = open_train(**SMALL, epochs="40")
    at.button(key="train_button").click().run()
    job, link = at.session_state["job"], at.query_params["job"]
    assert job_links.checked_id(link) == link and registry.find(job_links.link_hash(link)).job is job
    reloaded = open_train(**SMALL, epochs="40", job=link)  # a new session: a reload, or the link on a phone
    assert not reloaded.exception and reloaded.session_state["job"] is job
    assert reloaded.query_params["job"] == link
    assert reloaded.button(key="train_button").disabled  # no second training from the reloaded page
    reloaded.button(key="train_stop").click().run()
    assert job.wait(WAIT) and job.state == "stopped"
    assert len(RunStore().list_runs()) == 1


def test_after_a_restart_the_link_shows_the_finished_trainings_result(monkeypatch):
    at = open_train(**SMALL, epochs="2")
    job = train_through_the_page(at, WAIT)
    link = at.query_params["job"]
    assert at.session_state["job"] is job  # the URL kept naming the job once it ended
    monkeypatch.setattr(job_registry, "REGISTRY", job_registry.JobRegistry())  # a new server process
    reopened = open_train("zh-TW", job=link)
    assert not reopened.exception
    shown = {m.label: m.value for m in reopened.metric}
    assert shown[t("train.test_accuracy", "zh-TW")] == f"{100 * job.result.test_accuracy:.2f} %"
    assert reopened.session_state["job"].run_id == job.run_id
    assert len(RunStore().list_runs()) == 1
    # the link carried no settings: the form shows the job's
    assert (reopened.number_input(key="cfg_train_size").value, reopened.number_input(key="cfg_epochs").value) == \
        (500, 2)


def test_train_again_after_a_finished_job_starts_a_new_one_with_a_new_link():
    at = open_train(**SMALL, epochs="1")
    first = train_through_the_page(at, WAIT)
    old = at.query_params["job"]
    second = train_through_the_page(at, WAIT)  # the URL still named the first job when Train was pressed
    assert second is not first and at.query_params["job"] != old
    assert [len(RunStore().linked_runs(job_links.link_hash(link))) for link in (old, at.query_params["job"])] == [1, 1]


def test_a_race_link_finds_the_race_live_then_after_a_restart(monkeypatch):
    at = open_compare(dataset="mnist_sample", train_size="500", epochs="1")
    at.multiselect(key="race_optimizers").set_value(["sgd", "adam"]).run()
    at.button(key="race_start").click().run()
    job, link = at.session_state["race_job"], at.query_params["job"]
    watcher = open_compare(job=link)  # another tab or device, while it runs or just after
    assert not watcher.exception and watcher.session_state["race_job"] is job
    assert job.wait(WAIT) and job.state == "finished", job.error
    monkeypatch.setattr(job_registry, "REGISTRY", job_registry.JobRegistry())  # a new server process
    reopened = open_compare("zh-TW", job=link)
    assert not reopened.exception
    accuracy = job.result.table.loc[0, "final_val_accuracy"]
    assert reopened.success[0].value == t("compare.race.winner", "zh-TW", name=job.result.winner,
                                          accuracy=f"{100 * accuracy:.1f}")
    assert reopened.query_params["job"] == link


def test_a_twin_link_opens_both_curves_after_a_restart(monkeypatch):
    from tests.test_compare_page import stored_run

    base_id = stored_run()
    at = open_compare()
    at.session_state["compare_tab"] = t("compare.tab.history", "en")
    at.run()
    at.button(key="twin_dropout").click().run()
    job, link = at.session_state["twin_job"], at.query_params["job"]
    assert job.wait(WAIT) and job.state == "finished", job.error
    monkeypatch.setattr(job_registry, "REGISTRY", job_registry.JobRegistry())
    reopened = open_compare(job=link)
    assert not reopened.exception
    restored = reopened.session_state["twin_job"]
    assert (restored.result.base_run_id, restored.result.twin_run_id) == (base_id, job.result.twin_run_id)
    spelled = t("compare.twin.difference", "en", changes=f"{t('compare.setting.dropout', 'en')} 0.2 → 0")
    assert spelled in [m.value for m in reopened.markdown] and reopened.get("plotly_chart")


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_a_run_that_gave_up_its_slot_says_so_under_its_result(lang, monkeypatch):
    import pandas as pd

    monkeypatch.setenv("DNN_ABANDON_AFTER_S", "90")
    store, job_id = RunStore(), job_links.new_id()
    run_id = store.start_run({"dataset": "mnist_sample", "train_size": 500, "epochs": 40},
                             link=job_links.link_hash(job_id))
    history = pd.DataFrame({"epoch": [1, 2], "loss": [1.0, 0.5], "accuracy": [0.6, 0.8], "val_loss": [0.9, 0.6],
                            "val_accuracy": [0.7, 0.85], "seconds": [1.0, 1.0], "lr": [0.001, 0.001]})
    store.finish_run(run_id, "stopped", history, {"test_accuracy": 0.84, "test_loss": 0.6, "seconds": 2.0,
                                                  "stopped_because": "abandoned"})
    at = open_train(lang, job=job_id)
    assert not at.exception
    assert t("job.abandoned", lang, seconds="90") in warnings(at)
    assert t("train.stopped_note", lang, epochs=2) in [i.value for i in at.info]
    assert not [b for b in at.button if b.key == "resume_continue"]  # no saved model to go on with


def test_a_training_cut_off_by_a_restart_says_so_on_its_page():
    import sqlite3

    store, job_id = RunStore(), job_links.new_id()
    run_id = store.start_run({"dataset": "mnist_sample", "epochs": 3}, link=job_links.link_hash(job_id))
    with sqlite3.connect(store.path) as con:  # as mark_interrupted leaves it once its server process is gone
        con.execute("UPDATE runs SET status = 'interrupted' WHERE id = ?", (run_id,))
    at = open_train("zh-TW", job=job_id)
    assert not at.exception
    assert [e.value for e in at.error] == [t("train.failed", "zh-TW", error=t("job.link.interrupted", "zh-TW"))]
