"""Twin runs: one setting changed, the difference spelled out, both trainings recorded as a pair."""

import pandas as pd
import pytest

from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.twins import differences, twin_config
from dnn_core.running.jobs import JobLimiter
from dnn_core.running.work_jobs import TwinJob
from dnn_core.runs import filter_runs

TINY = ExperimentConfig(dataset="mnist_sample", train_size=200, layers=(16,), dropout=0.2, epochs=1)


def test_toggles_switch_dropout_and_batch_norm():
    assert twin_config(TINY, "dropout").dropout == 0.0
    assert twin_config(TINY.replace(dropout=0.0), "dropout").dropout == 0.2
    assert twin_config(TINY, "batch_norm").batch_norm is True
    assert twin_config(TINY.replace(batch_norm=True), "batch_norm").batch_norm is False


def test_one_setting_changes_and_the_difference_is_spelled_out():
    assert differences(TINY, twin_config(TINY, "dropout")) == [("dropout", "0.2", "0")]
    assert differences(TINY, twin_config(TINY, "layers", "256,128")) == [("layers", "16", "256,128")]
    assert differences(TINY, twin_config(TINY, "lr", 0.01)) == [("lr", "0.001", "0.01")]
    assert differences(TINY, twin_config(TINY, "activation", "tanh")) == [("activation", "relu", "tanh")]
    sgd = TINY.replace(optimizer="sgd", momentum=0.5)
    # adam has no momentum setting, so the twin drops it too (the only extra change, and a necessary one)
    assert differences(sgd, twin_config(sgd, "optimizer", "adam")) == [("optimizer", "sgd", "adam"),
                                                                       ("momentum", "0.5", "0")]


def test_a_twin_must_differ_and_use_a_known_setting():
    with pytest.raises(ValueError, match="already relu"):
        twin_config(TINY, "activation", "relu")
    with pytest.raises(ValueError, match="unknown setting 'seed'"):
        twin_config(TINY, "seed", 3)
    with pytest.raises(ValueError, match="layers"):
        twin_config(TINY, "layers", "abc")
    with pytest.raises(ValueError, match="needs a new value"):
        twin_config(TINY, "lr")


def test_twin_of_an_untrained_run_trains_both_and_records_the_pair():
    from dnn_core.runs import RunStore

    twin = twin_config(TINY, "dropout")
    job = TwinJob(TINY, twin, limiter=JobLimiter(1)).start()
    assert job.wait(180)
    assert job.state == "finished", job.error
    result = job.result
    assert result.changes == [("dropout", "0.2", "0")]
    assert len(result.base_history) == 1 and len(result.twin_history) == 1
    store = RunStore()
    base, pair = store.get_run(result.base_run_id), store.get_run(result.twin_run_id)
    assert (base.kind, pair.kind) == ("train", "twin")
    assert pair.parent_id == base.id
    assert base.config["dropout"] == 0.2 and pair.config["dropout"] == 0.0


def test_twin_of_a_stored_run_trains_only_the_twin():
    from dnn_core.runs import RunStore

    store = RunStore()
    history = pd.DataFrame({"epoch": [1], "loss": [1.0], "accuracy": [0.6], "val_loss": [0.9], "val_accuracy": [0.7]})
    run_id = store.start_run(TINY.to_dict())
    store.finish_run(run_id, "finished", history, {"test_accuracy": 0.7})
    job = TwinJob(TINY, twin_config(TINY, "batch_norm"), base_run_id=run_id, base_history=history,
                  base_test_accuracy=0.7, limiter=JobLimiter(1)).start()
    assert job.wait(180) and job.state == "finished", job.error
    assert job.result.base_history is history
    assert store.get_run(job.result.twin_run_id).parent_id == run_id
    assert len(store.list_runs()) == 2  # the stored run was not trained again


def test_filter_runs_matches_name_kind_optimizer_and_data_set():
    runs = pd.DataFrame({"id": [1, 2, 3], "name": ["#1 adam", "dropout test", "#3 sgd,adam"],
                         "kind": ["train", "twin", "race"], "optimizer": ["adam", "sgd", "sgd,adam"],
                         "dataset": ["mnist", "mnist_sample", "fashion_mnist"]})
    assert filter_runs(runs, "")["id"].tolist() == [1, 2, 3]
    assert filter_runs(runs, "ADAM")["id"].tolist() == [1, 3]
    assert filter_runs(runs, "race")["id"].tolist() == [3]
    assert filter_runs(runs, "sample")["id"].tolist() == [2]


@pytest.mark.parametrize("setting, value, word",
                         [("seed", 1, "沒有"), ("lr", None, "新的值"), ("dropout", 0.2, "已經是")])
def test_a_refused_twin_is_said_in_the_pages_language(setting, value, word):
    from dnn_core.engine.config import ConfigError, ExperimentConfig

    with pytest.raises(ConfigError) as refused:
        twin_config(ExperimentConfig(dropout=0.2), setting, value)
    assert word in refused.value.text("zh-TW") and "twin:" in str(refused.value)
