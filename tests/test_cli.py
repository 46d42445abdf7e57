"""The command line: train writes its four files, bad input is one line and status 2, datasets and presets."""

import contextlib
import io
import json
import math
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dnn_core.cli import commands
from dnn_core.cli.commands import main
from dnn_core.engine import data
from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.progress import EPOCH_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
COURSE_FLAGS = ["--dataset", "mnist_sample", "--layers", "128", "--activation", "relu", "--dropout", "0.2",
                "--optimizer", "adam", "--lr", "0.001", "--batch-size", "32"]
SMALL = ["--train-size", "1000", "--epochs", "2"]
METRIC_KEYS = {"test_loss", "test_accuracy", "seconds", "samples_per_second", "stopped", "epochs_done", "dataset",
               "requested_dataset", "notice", "worker", "run_id"}


def run_main(argv):
    """main(argv) in this process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def course_run(tmp_path_factory):
    """The course model on 1,000 sample images for 2 epochs, with TensorBoard logs and its own run store."""
    folder = tmp_path_factory.mktemp("cli")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DNN_RUNS_DB", str(folder / "db" / "runs.sqlite"))
        code, stdout, stderr = run_main(["train", *COURSE_FLAGS, *SMALL, "--out", str(folder / "course"),
                                         "--tensorboard"])
    return code, folder / "course", stdout, stderr, folder / "db" / "runs.sqlite"


# ---- train -----------------------------------------------------------------------------------------------------

def test_train_writes_the_four_files(course_run):
    code, out, stdout, stderr, _ = course_run
    assert code == 0, stderr
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == sorted(commands.OUTPUT_FILES)
    expected = ExperimentConfig(dataset="mnist_sample", train_size=1000, epochs=2)  # the course settings
    assert json.loads((out / "config.json").read_text()) == expected.to_dict()
    history = pd.read_csv(out / "history.csv")
    assert list(history.columns) == EPOCH_COLUMNS and history["epoch"].tolist() == [1, 2]
    metrics = json.loads((out / "metrics.json").read_text())
    assert set(metrics) == METRIC_KEYS
    assert (metrics["stopped"], metrics["epochs_done"], metrics["dataset"], metrics["notice"]) == \
           (False, 2, "mnist_sample", None)
    assert 0.5 <= metrics["test_accuracy"] <= 1.0
    assert f"test accuracy {metrics['test_accuracy']:.4f}" in stdout


def test_saved_model_reproduces_the_test_accuracy(course_run):
    import keras

    _, out, *_ = course_run
    model = keras.saving.load_model(out / "model.keras")
    assert model.count_params() == 784 * 128 + 128 + 128 * 10 + 10
    sample = data.load_dataset("mnist_sample")
    predicted = model.predict(sample.x_test, batch_size=1000, verbose=0).argmax(axis=1)
    metrics = json.loads((out / "metrics.json").read_text())
    assert np.mean(predicted == sample.y_test) == pytest.approx(metrics["test_accuracy"], abs=1e-6)


def test_train_shows_one_progress_line_per_epoch_off_a_terminal(course_run):
    _, out, _, stderr, _ = course_run
    batches = math.ceil(900 / 32)  # 1,000 images less the 10 % that validate, in batches of 32
    history = pd.read_csv(out / "history.csv")
    lines = [line for line in stderr.splitlines() if line.startswith("epoch ")]
    assert len(lines) == 2 and "\r" not in stderr  # written once per epoch, never redrawn
    for line, row in zip(lines, history.itertuples()):
        assert line.startswith(f"epoch {row.epoch}/2: 100%|") and f"| {batches}/{batches} [" in line, line
        assert line.endswith(f"acc={row.accuracy:.4f}, loss={row.loss:.4f}, val_acc={row.val_accuracy:.4f}, "
                             f"val_loss={row.val_loss:.4f}]"), line


def test_train_writes_tensorboard_logs_when_asked(course_run):
    _, out, *_ = course_run
    assert list((out / "logs").rglob("events.out.tfevents.*"))


def test_train_records_the_run_in_the_run_store(course_run):
    from dnn_core.runs import RunStore

    _, out, _, stderr, db = course_run
    assert "warning" not in stderr
    runs = RunStore(db).list_runs()
    assert len(runs) == 1 and runs.iloc[0]["status"] == "finished"
    metrics = json.loads((out / "metrics.json").read_text())
    assert runs.iloc[0]["test_accuracy"] == pytest.approx(metrics["test_accuracy"])


def test_config_file_values_are_overridden_by_flags(course_run):
    _, out, *_ = course_run
    args = commands.build_parser().parse_args(["train", "--config", str(out / "config.json"), "--epochs", "3",
                                          "--layers", "64", "32", "--batch-norm"])
    assert commands.config_from_args(args) == ExperimentConfig(dataset="mnist_sample", train_size=1000, epochs=3,
                                                          layers=(64, 32), batch_norm=True)


def test_fallback_notice_is_shown_and_saved(tmp_path, monkeypatch):
    monkeypatch.delenv("DNN_DATA_DIR", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    data.clear_cache()
    try:
        code, _, stderr = run_main(["train", "--dataset", "mnist", "--train-size", "100", "--layers", "8",
                                    "--epochs", "1", "--out", str(tmp_path / "out")])
    finally:
        data.clear_cache()
    assert code == 0, stderr
    notice = [line for line in stderr.splitlines() if line.startswith("NOTICE: ")]
    assert len(notice) == 1 and "mnist" in notice[0] and "offline" in notice[0]
    metrics = json.loads((tmp_path / "out" / "metrics.json").read_text())
    assert (metrics["dataset"], metrics["requested_dataset"]) == ("mnist_sample", "mnist")
    assert metrics["notice"] == notice[0].removeprefix("NOTICE: ")
    assert json.loads((tmp_path / "out" / "config.json").read_text())["dataset"] == "mnist_sample"


def test_ctrl_c_stops_within_a_batch_and_still_writes_the_files(tmp_path, monkeypatch):
    from dnn_core.engine import training

    monkeypatch.setattr(training, "PROGRESS_INTERVAL", 0.0)  # a progress event after every batch
    update, events = commands.ProgressBar.update, []

    def press_ctrl_c_at_third_batch(bar, event):
        events.append(event)
        if sum(e["kind"] == "batch" for e in events) == 3 and event["kind"] == "batch":
            signal.raise_signal(signal.SIGINT)
        update(bar, event)

    monkeypatch.setattr(commands.ProgressBar, "update", press_ctrl_c_at_third_batch)
    code, stdout, stderr = run_main(["train", "--dataset", "mnist_sample", "--train-size", "500", "--layers", "8",
                                     "--epochs", "3", "--out", str(tmp_path)])
    assert code == commands.EXIT_INTERRUPTED, stderr
    assert "stopping after this batch" in stderr and "stopped after 1/3 epochs" in stdout
    assert re.search(r"^epoch 1/3: .*\| 4/15 \[", stderr, re.M)  # the bar ends where training stopped: 450 / 32
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    assert metrics["stopped"] is True and metrics["epochs_done"] == 1
    assert (tmp_path / "model.keras").is_file() and len(pd.read_csv(tmp_path / "history.csv")) == 1
    assert sum(event["kind"] == "batch" for event in events) == 4  # the batch under way when Ctrl-C came, no more
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # Ctrl-C works normally again


# ---- The run store hook ----------------------------------------------------------------------------------------

class BrokenStore:
    def __init__(self, *args, **kwargs):
        raise RuntimeError("database is locked")


class FailingFinishStore:
    def start_run(self, config, kind="train", parent_id=None, **who):
        return 7

    def finish_run(self, run_id, status, history=None, metrics=None, model=None):
        raise OSError("disk full")


@pytest.mark.parametrize("store, message", [(BrokenStore, "run not recorded"), (FailingFinishStore, "run 7 not saved")])
def test_a_run_store_failure_only_warns(monkeypatch, capsys, tmp_path, store, message):
    import dnn_core.runs.record

    monkeypatch.setattr(dnn_core.runs.record, "RunStore", store)  # the store RunRecord records with
    out = tmp_path / "run"
    code = commands.main(["train", "--dataset", "mnist_sample", "--train-size", "200", "--layers", "8", "--epochs", "1",
                     "--out", str(out)])
    assert code == commands.EXIT_OK and all((out / name).is_file() for name in commands.OUTPUT_FILES)
    warnings = [line for line in capsys.readouterr().err.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and warnings[0].startswith(f"warning: {message}")


# ---- Bad input -------------------------------------------------------------------------------------------------

BAD = [
    (["--layers", ""], "layers"), (["--layers", "0"], "layers"), (["--layers", "4097"], "layers"),
    (["--layers", ",".join(["8"] * 11)], "layers"), (["--layers", "12.5"], "layers"),
    (["--dropout", "-0.1"], "dropout"), (["--dropout", "0.95"], "dropout"),
    (["--lr", "0"], "lr"), (["--lr", "10.5"], "lr"),
    (["--activation", "softmaxx"], "activation"), (["--optimizer", "adamx"], "optimizer"),
    (["--dataset", "cifar10"], "dataset"), (["--loss", "hinge"], "loss"), (["--initializer", "zeros"], "initializer"),
    (["--batch-size", "0"], "batch_size"), (["--epochs", "0"], "epochs"), (["--epochs", "201"], "epochs"),
    (["--epochs", "two"], "epochs"), (["--dataset", "mnist_sample", "--train-size", "4001"], "train_size"),
    (["--optimizer", "adam", "--momentum", "0.5"], "momentum"), (["--seed", "-1"], "seed"),
]


@pytest.mark.parametrize("argv, field", BAD, ids=[f"{field}-{i}" for i, (_, field) in enumerate(BAD)])
def test_bad_setting_is_one_line_naming_the_field_and_status_2(argv, field, tmp_path):
    code, stdout, stderr = run_main(["train", *argv, "--out", str(tmp_path / "never")])
    assert code == 2
    assert stderr.count("\n") == 1 and stderr.startswith(f"error: {field}: "), stderr
    assert stdout == "" and not (tmp_path / "never").exists()  # refused before anything was written


def write(path: Path, text: str) -> str:
    path.write_text(text)
    return str(path)


def test_bad_setting_is_said_in_chinese_with_lang_zh_tw(tmp_path):
    code, stdout, stderr = run_main(["train", "--dropout", "1.5", "--lang", "zh-TW", "--out", str(tmp_path / "never")])
    assert (code, stdout, stderr) == (2, "", "錯誤：dropout：1.5 超出範圍；允許的範圍是 [0, 0.9]\n")


@pytest.mark.parametrize("content, problem", [
    ('{"dropout": 0.2, "learning_rate": 0.1}', "unknown setting(s) learning_rate"),
    ('{"dropout": 0.2,', "not valid JSON"),
    ('[1, 2]', "must hold one JSON object"),
    (None, "cannot read"),
])
def test_bad_config_file_is_one_line_naming_the_problem(tmp_path, content, problem):
    path = str(tmp_path / "missing.json") if content is None else write(tmp_path / "settings.json", content)
    code, _, stderr = run_main(["train", "--config", path])
    assert code == 2 and stderr.count("\n") == 1
    assert stderr.startswith(f"error: config: {path}: {problem}")


def test_bad_value_in_a_config_file_names_the_field(tmp_path):
    code, _, stderr = run_main(["train", "--config", write(tmp_path / "c.json", '{"epochs": 500}')])
    assert code == 2 and stderr.startswith("error: epochs: 500 is out of range")


@pytest.mark.parametrize("argv, message", [(["train", "--speed", "3"], "unrecognized arguments: --speed 3"),
                                           ([], "required: COMMAND"), (["fly"], "invalid choice: 'fly'")])
def test_argparse_errors_are_one_line_without_usage(argv, message):
    code, stdout, stderr = run_main(argv)
    assert code == 2 and stdout == "" and stderr.count("\n") == 1 and message in stderr
    assert "usage:" not in stderr


def python(*args, **kwargs):
    env = {**os.environ, "DNN_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
                          **kwargs)


def test_bad_input_from_a_real_process_has_no_traceback():
    run = python("-m", "dnn_core", "train", "--dropout", "1.5")
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr == "error: dropout: 1.5 is out of range; allowed [0, 0.9]\n"


def test_help_datasets_and_bad_input_do_not_import_tensorflow():
    code = ("import sys; from dnn_core.cli.commands import main; "
            "main(['datasets']); main(['presets']); main(['train', '--epochs', '0']); "
            "print('tensorflow' in sys.modules, 'keras' in sys.modules)")
    run = python("-c", code)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "False False"


# ---- datasets and presets --------------------------------------------------------------------------------------

def test_datasets_lists_the_data_sets_and_where_they_are(tmp_path, monkeypatch):
    mnist = tmp_path / "local" / "mnist"
    mnist.mkdir(parents=True)
    x, y = np.zeros((20, 28, 28), np.uint8), np.zeros(20, np.uint8)
    np.savez(mnist / "mnist.npz", x_train=x, y_train=y, x_test=x, y_test=y)
    monkeypatch.setenv("DNN_DATA_DIR", str(tmp_path / "local"))
    code, stdout, _ = run_main(["datasets"])
    assert code == 0
    rows = {line.split()[0]: line for line in stdout.splitlines()[1:]}
    assert set(rows) == {"mnist", "fashion_mnist", "mnist_sample", "our_handwriting"}
    assert re.match(r"mnist\s+60,000\s+10,000\s+local\s+" + re.escape(str(mnist)), rows["mnist"])
    assert re.match(r"mnist_sample\s+4,000\s+1,000\s+bundled", rows["mnist_sample"])
    assert re.search(r"\s(local|cached|needs download)\s", rows["fashion_mnist"])
    # the class's own set comes from no download: it is missing until someone exports it there
    assert re.match(r"our_handwriting\s+0\s+0\s+missing\s+export the class's digits into " +
                    re.escape(str(tmp_path / "local" / "our_handwriting")), rows["our_handwriting"])


def test_datasets_says_when_a_download_is_needed(tmp_path, monkeypatch):
    monkeypatch.delenv("DNN_DATA_DIR", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    _, stdout, _ = run_main(["datasets"])
    assert re.search(r"^mnist\s.*needs download\s+offline", stdout, re.M)


def test_presets_lists_names_and_settings_as_flags():
    from dnn_core.engine.presets import PRESETS

    code, stdout, _ = run_main(["presets"])
    assert code == 0
    rows = {line.split()[0]: line for line in stdout.splitlines()[1:]}
    assert set(rows) == set(PRESETS)
    assert "Course model" in rows["course"] and "--layers 128 " in rows["course"]
    assert "--batch-norm " in rows["wide_batch_norm"] and "--lr 1e-05" in rows["lr_too_low"]


def test_tables_put_text_left_and_numbers_right_with_commas(capsys):
    commands.print_table([("a", 1000, "x"), ("bbbb", 5, "long note")], ["name", "n", "note"])
    assert capsys.readouterr().out == ("name n     note\n"
                                       "a    1,000 x\n"
                                       "bbbb     5 long note\n")


# ---- The progress bar ------------------------------------------------------------------------------------------

EVENT = {"kind": "batch", "epoch": 3, "epochs": 10, "batch": 59, "batches": 113, "loss": 0.31234, "accuracy": 0.9101}
END = {**EVENT, "kind": "epoch", "batch": 113, "epoch_rows": [{"val_loss": 0.25, "val_accuracy": 0.93}]}


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_on_a_terminal_the_bar_is_redrawn_in_place_and_left_at_the_epoch_end():
    screen = Terminal()
    bar = commands.ProgressBar(screen)
    bar.update(EVENT)
    assert screen.getvalue().startswith("\repoch 3/10:  52%|") and "\n" not in screen.getvalue()
    assert "| 59/113 [" in screen.getvalue() and screen.getvalue().endswith("acc=0.9101, loss=0.3123]")
    bar.update(END)
    last = screen.getvalue().split("\r")[-1]
    assert last.startswith("epoch 3/10: 100%|") and "| 113/113 [" in last
    assert last.endswith("acc=0.9101, loss=0.3123, val_acc=0.9300, val_loss=0.2500]\n")


def test_off_a_terminal_each_epoch_is_one_line_when_it_ends():
    stream = io.StringIO()
    bar = commands.ProgressBar(stream)
    bar.update({"kind": "placed", "worker": "here"})
    bar.update(EVENT)
    assert stream.getvalue() == ""
    bar.update(END)
    bar.update({**EVENT, "epoch": 4})
    assert stream.getvalue().count("\n") == 1 and "\r" not in stream.getvalue()
    assert stream.getvalue().startswith("epoch 3/10: 100%|")


def test_a_bar_closed_mid_epoch_shows_where_it_stopped_and_no_accuracy_it_was_not_given():
    stream = io.StringIO()
    bar = commands.ProgressBar(stream)
    bar.update({key: value for key, value in EVENT.items() if key != "accuracy"})
    bar.close()
    assert stream.getvalue().startswith("epoch 3/10:  52%|") and "| 59/113 [" in stream.getvalue()
    assert stream.getvalue().endswith(", loss=0.3123]\n") and "acc=" not in stream.getvalue()
