"""Continue training: the same model and optimizer state for more epochs, one history of both parts, in the engine,
the command line (``train --resume``) and Build & Train's Continue.

The reference is an uninterrupted training with the same seed: a run continued after 3 epochs goes on with the
optimizer's state that run had after 3 epochs, on batches in other orders (the seed and the epoch shuffle them),
so its losses must be close to that run's; a restart from scratch, or fresh optimizer moments, would not be.
"""

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dnn_core.cli.commands import main
from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.data import load_dataset
from dnn_core.engine.resume import ResumeError, continuation_of, continued_config
from dnn_core.engine.training import train
from dnn_core.i18n import t
from dnn_core.running.work_jobs import TrainingJob
from dnn_core.runs import RunStore
from tests.apptest import open_app
from tests.conftest import ROOT, train_through_the_page
from tests.test_cli import run_main

PART_ONE = ExperimentConfig(dataset="mnist_sample", train_size=600, layers=(32,), dropout=0.0, epochs=3, seed=7)
MORE = 2
BATCHES = math.ceil(540 / 32)  # 600 images less 10 % validation, in batches of 32: 17 an epoch
WAIT = 120  # seconds: a bound on a job's thread, never a way to synchronise


@pytest.fixture(scope="module")
def sample():
    return load_dataset("mnist_sample")


@pytest.fixture(scope="module")
def part_one(sample):
    return train(PART_ONE, sample)


@pytest.fixture(scope="module")
def continued(part_one, sample):
    return train(continued_config(part_one.config, 3, MORE), sample, start=continuation_of(part_one))


@pytest.fixture(scope="module")
def uninterrupted(sample):
    return train(PART_ONE.replace(epochs=3 + MORE), sample)


# ---- the engine ------------------------------------------------------------------------------------------------

def test_the_history_has_both_parts_numbered_on(part_one, continued):
    assert continued.history["epoch"].tolist() == [1, 2, 3, 4, 5]
    pd.testing.assert_frame_equal(continued.history.iloc[:3], part_one.history)  # the earlier part as it was
    assert continued.config.epochs == 5 and continued.metrics()["epochs_done"] == 5
    batches = continued.batch_history
    assert batches["step"].tolist() == list(range(1, 5 * BATCHES + 1))  # the per-batch curve goes on
    assert batches["epoch"].tolist() == [e for e in range(1, 6) for _ in range(BATCHES)]
    pd.testing.assert_frame_equal(batches.iloc[:3 * BATCHES], part_one.batch_history)
    probes = continued.gradient_history
    assert probes["step"].is_monotonic_increasing and probes["step"].max() > part_one.gradient_history["step"].max()


def test_the_loss_goes_on_from_where_it_stopped(part_one, continued):
    at_start = continued.batch_history.query("epoch == 1")["loss"].iloc[:3].mean()  # an untrained network
    stopped_at = part_one.history["loss"].iloc[-1]
    went_on_at = continued.batch_history.query("epoch == 4")["loss"].iloc[:3].mean()
    assert at_start > 2.0 and stopped_at < 1.5  # part one did learn: the two are far apart
    assert abs(went_on_at - stopped_at) < 0.25 * (at_start - stopped_at)  # no jump back towards the start
    assert continued.history["loss"].iloc[3] < stopped_at


def test_a_continued_run_ends_where_an_uninterrupted_one_does(continued, uninterrupted):
    pd.testing.assert_frame_equal(continued.history.iloc[:3].drop(columns="seconds"),
                                  uninterrupted.history.iloc[:3].drop(columns="seconds"))  # the same first 3 epochs
    for column in ("loss", "val_loss"):
        assert continued.history[column].iloc[-1] == pytest.approx(uninterrupted.history[column].iloc[-1], rel=0.1)
    assert continued.test_accuracy == pytest.approx(uninterrupted.test_accuracy, abs=0.03)


def test_the_optimizer_state_carries_over(part_one, continued):
    assert int(part_one.model.optimizer.iterations.numpy()) == 3 * BATCHES
    assert int(continued.model.optimizer.iterations.numpy()) == 5 * BATCHES  # Adam's count: both parts' batches
    resumed = continuation_of(part_one).load_model()  # what the continuation started from
    for before, loaded in zip(part_one.model.optimizer.variables, resumed.optimizer.variables):
        np.testing.assert_array_equal(before.numpy(), loaded.numpy())  # Adam's moments, not fresh zeros
    assert any(np.abs(v.numpy()).sum() > 0 for v in resumed.optimizer.variables if "momentum" in v.path)


def test_the_batches_go_on_in_new_orders_not_epoch_ones_again(sample):
    """With an optimizer that does nothing (lr tiny), each batch's loss tells which images it held."""
    still = PART_ONE.replace(optimizer="sgd", lr=1e-9, epochs=1, train_size=300)
    first = train(still, sample, record_gradients=False)
    more = train(continued_config(first.config, 1, 1), sample, start=continuation_of(first), record_gradients=False)
    epoch_one, epoch_two = (more.batch_history.query(f"epoch == {e}")["loss"].to_numpy() for e in (1, 2))
    assert not np.allclose(epoch_one, epoch_two, atol=1e-4)  # other batches, not epoch 1's again
    images = [32] * 8 + [270 - 8 * 32]  # 300 images less 10 % validation
    assert np.average(epoch_one, weights=images) == pytest.approx(np.average(epoch_two, weights=images), rel=1e-4)


def test_a_continued_run_stops_within_a_batch(part_one, sample):
    asked = []

    def stop_after_four():
        asked.append(1)
        return len(asked) >= 4

    result = train(continued_config(part_one.config, 3, 5), sample, start=continuation_of(part_one),
                   should_stop=stop_after_four, record_gradients=False)
    assert result.stopped and result.history["epoch"].tolist() == [1, 2, 3, 4]
    assert len(result.batch_history) == 3 * BATCHES + 4
    assert int(result.model.optimizer.iterations.numpy()) == 3 * BATCHES + 4


def test_a_continued_job_shows_the_earlier_part_at_once_and_records_its_parent(part_one):
    parent = RunStore().start_run(part_one.config.to_dict())
    job = TrainingJob(continued_config(part_one.config, 3, MORE), parent_id=parent, tensorboard=True,
                      start=continuation_of(part_one))
    before = job.snapshot()
    assert before["history"]["epoch"].tolist() == [1, 2, 3]  # the live curves begin with part one
    assert len(before["batch_history"]) == 3 * BATCHES
    job.start()
    assert job.wait(WAIT) and job.state == "finished", job.error
    assert job.snapshot()["history"]["epoch"].tolist() == [1, 2, 3, 4, 5]
    run = RunStore().get_run(job.run_id)
    assert run.parent_id == parent and run.kind == "train" and run.status == "finished"
    assert run.history["epoch"].tolist() == [1, 2, 3, 4, 5] and run.config["epochs"] == 5


def test_the_earlier_tensorboard_logs_go_into_the_continued_runs_folder(tmp_path):
    from dnn_core.engine.export import event_files, tensorboard_zip, unpack_tensorboard

    earlier = tmp_path / "earlier"
    for run in ("train", "validation"):
        (earlier / run).mkdir(parents=True)
        (earlier / run / f"events.out.tfevents.1.{run}").write_bytes(run.encode() * 3)
    unpack_tensorboard(tensorboard_zip(earlier), tmp_path / "continued")
    assert [p.relative_to(tmp_path / "continued") for p in event_files(tmp_path / "continued")] == \
           [p.relative_to(earlier) for p in event_files(earlier)]  # beside the new events, as one run
    assert (tmp_path / "continued" / "train" / "events.out.tfevents.1.train").read_bytes() == b"train" * 3


def test_more_epochs_are_at_least_one_and_at_most_the_limit(part_one):
    with pytest.raises(ResumeError) as low:
        continued_config(part_one.config, 3, 0)
    with pytest.raises(ResumeError) as high:
        continued_config(part_one.config, 3, 198)
    assert low.value.key == "resume.error.more_epochs"
    assert high.value.key == "resume.error.too_many" and high.value.params["left"] == 197


# ---- the command line ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    """A 3-epoch run written by ``train --out``, in its own run store."""
    folder = tmp_path_factory.mktemp("resume")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DNN_RUNS_DB", str(folder / "db" / "runs.sqlite"))
        flags = [f"--{k.replace('_', '-')}={v}" for k, v in PART_ONE.to_query().items()]
        code, _, stderr = run_main(["train", *flags, "--out", str(folder / "run")])
    assert code == 0, stderr
    return folder


def test_resume_writes_the_continued_run_with_both_parts(run_folder, monkeypatch):
    monkeypatch.setenv("DNN_RUNS_DB", str(run_folder / "db" / "runs.sqlite"))
    out = run_folder / "more"
    code, stdout, stderr = run_main(["train", "--resume", str(run_folder / "run"), "--epochs", "2", "--out", str(out)])
    assert code == 0, stderr
    assert sorted(p.name for p in out.iterdir()) == ["config.json", "history.csv", "metrics.json", "model.keras"]
    history, earlier = pd.read_csv(out / "history.csv"), pd.read_csv(run_folder / "run" / "history.csv")
    assert history["epoch"].tolist() == [1, 2, 3, 4, 5]
    pd.testing.assert_frame_equal(history.iloc[:3], earlier)
    assert json.loads((out / "config.json").read_text()) == PART_ONE.replace(epochs=5).to_dict()
    assert "epoch 5/5" in stderr and "(5/5 epochs" in stdout
    parent = json.loads((run_folder / "run" / "metrics.json").read_text())["run_id"]
    continued = RunStore().get_run(json.loads((out / "metrics.json").read_text())["run_id"])
    assert continued.parent_id == parent and len(continued.history) == 5


def test_resume_without_epochs_adds_as_many_as_the_run_had(run_folder):
    code, _, stderr = run_main(["train", "--resume", str(run_folder / "run"), "--out", str(run_folder / "again")])
    assert code == 0, stderr
    assert pd.read_csv(run_folder / "again" / "history.csv")["epoch"].tolist() == [1, 2, 3, 4, 5, 6]


def broken(run_folder: Path, tmp_path: Path, change) -> Path:
    """A copy of the run folder with one thing wrong."""
    folder = tmp_path / "broken"
    folder.mkdir()
    for name in ("config.json", "history.csv", "model.keras"):
        (folder / name).write_bytes((run_folder / "run" / name).read_bytes())
    change(folder)
    return folder


@pytest.mark.parametrize("change, said", [
    (lambda f: (f / "model.keras").unlink(), "model.keras missing"),
    (lambda f: (f / "model.keras").write_text("not a model"), "is not a .keras model file"),
    (lambda f: (f / "config.json").write_text(json.dumps({**PART_ONE.to_dict(), "layers": [64]})),
     "is not the model its config.json describes: it has layer dense_1 (Dense, (784, 32), (32,)) where the "
     "settings make dense_1 (Dense, (784, 64), (64,))"),
    (lambda f: (f / "config.json").write_text(json.dumps({**PART_ONE.to_dict(), "optimizer": "sgd"})),
     "its optimizer is Adam where the settings use SGD"),
    (lambda f: (f / "config.json").write_text("{"), "the run's settings cannot be used"),
    (lambda f: (f / "history.csv").write_text("epoch,loss\n1,2.0\n"), "has no column accuracy"),
    (lambda f: (f / "history.csv").write_text("epoch,loss,accuracy,val_loss,val_accuracy\n2,1,0.5,1,0.5\n"),
     "must list epochs 1, 2, 3"),
])
def test_a_folder_that_cannot_be_continued_is_one_line_and_status_2(run_folder, tmp_path, change, said):
    folder = broken(run_folder, tmp_path, change)
    code, stdout, stderr = run_main(["train", "--resume", str(folder), "--out", str(tmp_path / "out")])
    assert code == 2 and stdout == ""
    assert stderr.count("\n") == 1 and stderr.startswith("error: ") and said in stderr, stderr
    assert not (tmp_path / "out" / "model.keras").exists()


def test_resume_never_writes_over_its_folder_nor_takes_other_settings(run_folder):
    run = str(run_folder / "run")
    for argv, said in ((["--out", run], "is the run being continued"), (["--lr", "0.1"], "not --lr"),
                       (["--epochs", "0"], "at least 1")):
        code, _, stderr = run_main(["train", "--resume", run, *argv])
        assert code == 2 and said in stderr and stderr.count("\n") == 1, stderr
    code, _, stderr = run_main(["train", "--resume", run, "--epochs", "0", "--lang", "zh-TW"])
    assert code == 2 and t("resume.error.more_epochs", "zh-TW", more=0) in stderr


def test_resume_is_in_the_help_and_the_readme(capsys):
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--resume DIR" in text and "never into DIR" in text
    assert "--resume DIR" in (ROOT / "README.md").read_text(encoding="utf-8")


# ---- Build & Train ---------------------------------------------------------------------------------------------

def test_continue_on_the_page_trains_the_same_model_further_and_records_its_parent():
    at = open_app("pages/train.py", query=PART_ONE.to_query(), timeout=WAIT)
    first = train_through_the_page(at, WAIT)
    assert at.number_input(key="resume_more").value == 3  # as many more as the form's epochs
    at.number_input(key="cfg_lr").set_value(0.01).run()  # a change in the form since: not applied to Continue
    assert any("lr 0.001" in box.value for box in at.info)  # … and the page says which setting is kept
    at.number_input(key="resume_more").set_value(MORE).run()
    at.button(key="resume_continue").click().run()
    job = at.session_state["job"]
    assert job is not first and job.config == first.result.config.replace(epochs=5)
    assert job.snapshot()["history"]["epoch"].tolist() == [1, 2, 3]  # the live curve starts with part one
    assert job.wait(WAIT) and job.state == "finished", job.error
    at.run()
    assert not at.exception
    result = at.session_state["result"]
    assert result is job.result and result.history["epoch"].tolist() == [1, 2, 3, 4, 5]
    assert at.dataframe[-1].value["epoch"].tolist() == [1, 2, 3, 4, 5]  # the table of the continued run
    run = RunStore().get_run(job.run_id)
    assert run.parent_id == first.run_id and run.history["epoch"].tolist() == [1, 2, 3, 4, 5]
    at.switch_page("pages/inspect.py").run()  # Inspect reads the continued model
    assert not at.exception
    shown = [m.value for m in at.metric]
    assert f"{100 * result.test_accuracy:.2f} %" in shown
