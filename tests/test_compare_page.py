"""AppTest of Compare: a real race to a winner, optimizer paths, run history with rename/delete/overlay, twins."""

import json
import sqlite3

import pandas as pd
import pytest

from dnn_core.engine.config import ExperimentConfig
from dnn_core.i18n import t
from tests.apptest import open_compare

TINY = ExperimentConfig(dataset="mnist_sample", train_size=200, layers=(16,), dropout=0.2, epochs=1)


def stored_run(name: str = "", epochs: int = 2) -> int:
    """A finished training run in the test's private run store, with a hand-made history."""
    from dnn_core.runs import RunStore

    store = RunStore()
    run_id = store.start_run(TINY.to_dict(), name=name or None)
    history = pd.DataFrame({"epoch": range(1, epochs + 1), "loss": [1.0, 0.5][:epochs],
                            "accuracy": [0.6, 0.8][:epochs], "val_loss": [0.9, 0.6][:epochs],
                            "val_accuracy": [0.7, 0.85][:epochs]})
    store.finish_run(run_id, "finished", history, {"test_accuracy": 0.8})
    return run_id


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_a_tiny_race_names_a_winner(lang):
    at = open_compare(lang, dataset="mnist_sample", train_size="500", epochs="1")
    assert not at.exception
    assert at.title[0].value == t("compare.title", lang)
    at.multiselect(key="race_optimizers").set_value(["sgd", "adam"]).run()
    at.button(key="race_start").click().run()
    job = at.session_state["race_job"]
    assert job.wait(120)
    assert job.state == "finished", job.error
    at.run()
    assert not at.exception
    assert job.config.train_size == 500 and job.config.epochs == 1
    table = at.dataframe[0].value
    winner = [name.removeprefix("🏆 ") for name in table["contestant"] if name.startswith("🏆")]
    assert winner == [job.result.winner] and winner[0] in ("sgd", "adam")
    accuracy = job.result.table.loc[0, "final_val_accuracy"]
    assert at.success[0].value == t("compare.race.winner", lang, name=winner[0], accuracy=f"{100 * accuracy:.1f}")
    assert len(at.get("plotly_chart")) == 2


def test_start_needs_two_to_eight_optimizers():
    at = open_compare()
    at.multiselect(key="race_optimizers").set_value(["adam"]).run()
    assert at.button(key="race_start").disabled
    assert at.info[0].value == t("compare.race.pick", "en")
    assert "race_job" not in at.session_state


def test_optimizer_paths_are_drawn():
    at = open_compare(tab="paths")
    assert not at.exception
    at.multiselect(key="paths_optimizers").set_value(["sgd", "adam"]).run()
    at.button(key="paths_run").click().run()
    assert not at.exception
    surface, paths = at.session_state["paths"]
    assert surface == "bowl" and set(paths["optimizer"]) == {"sgd", "adam"}
    assert len(at.get("plotly_chart")) == 2


def test_run_history_rename_overlay_export_and_delete():
    first, second = stored_run("first run"), stored_run("second run", epochs=1)
    at = open_compare(tab="history")
    assert not at.exception
    listed = at.dataframe[0].value
    assert sorted(listed["id"]) == [first, second]

    at.text_input(key="runs_filter").input("second").run()
    assert at.dataframe[0].value["id"].tolist() == [second]
    at.text_input(key="runs_filter").input("").run()

    at.selectbox(key="runs_pick").select(first).run()
    at.text_input(key="runs_new_name").input("with dropout").run()
    at.button(key="runs_rename").click().run()
    from dnn_core.runs import RunStore

    assert RunStore().get_run(first).name == "with dropout"

    at.multiselect(key="runs_overlay").set_value([first, second]).run()
    assert not at.exception
    curve_names = [trace.get("name", "") for chart in at.get("plotly_chart")
                   for trace in json.loads(chart.proto.spec)["data"]]
    assert any("with dropout" in name for name in curve_names)  # both runs are drawn, under their names
    assert any("second run" in name for name in curve_names)
    assert at.get("download_button")

    at.selectbox(key="runs_pick").select(second).run()
    at.checkbox(key="runs_confirm").check().run()
    at.button(key="runs_delete").click().run()
    assert RunStore().list_runs()["id"].tolist() == [first]
    assert not at.exception


@pytest.mark.parametrize("schema", ["future", "garbage"])
def test_unreadable_run_history_is_explained_and_the_rest_works(tmp_path, monkeypatch, schema):
    path = tmp_path / "runs.sqlite"
    if schema == "future":
        with sqlite3.connect(path) as con:
            con.execute("PRAGMA user_version = 99")
    else:
        path.write_bytes(b"not a database at all" * 200)
    monkeypatch.setenv("DNN_RUNS_DB", str(path))
    at = open_compare(tab="history")
    assert not at.exception
    assert str(path) in at.error[0].value
    assert at.button(key="twin_dropout") is not None  # the twin of the course model still works
    at.session_state["compare_tab"] = t("compare.tab.race", "en")
    at.run()
    assert not at.exception and not at.button(key="race_start").disabled


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_twin_toggle_dropout_of_a_stored_run(lang):
    run_id = stored_run()
    at = open_compare(lang, tab="history")
    assert at.selectbox(key="twin_base").value == run_id  # the newest run is picked: one click to its twin
    at.button(key="twin_dropout").click().run()
    job = at.session_state["twin_job"]
    assert job.wait(180) and job.state == "finished", job.error
    at.run()
    assert not at.exception
    spelled = t("compare.twin.difference", lang, changes=f"{t('compare.setting.dropout', lang)} 0.2 → 0")
    assert spelled in [m.value for m in at.markdown]
    assert at.get("plotly_chart")
    from dnn_core.runs import RunStore

    twin = RunStore().get_run(job.result.twin_run_id)
    assert twin.kind == "twin" and twin.parent_id == run_id and twin.config["dropout"] == 0.0
