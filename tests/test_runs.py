"""The run store: save / list / get / rename / delete, concurrent writers, dead owners, unusable files, EMA."""

from __future__ import annotations

import ctypes
import errno
import json
import os
import sqlite3
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dnn_core.i18n import t
from dnn_core.runs import RunStore, RunStoreError, default_db_path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = {"dataset": "mnist_sample", "layers": [128, 64], "optimizer": "adam", "lr": 0.001, "epochs": 2}
METRICS = {"test_loss": 0.31, "test_accuracy": 0.912, "seconds": 4.5, "samples_per_second": 1800.0}


def history(epochs: int = 2, shift: float = 0.0) -> pd.DataFrame:
    return pd.DataFrame({"epoch": list(range(1, epochs + 1)),
                         "loss": [0.9 - 0.1 * e + shift for e in range(epochs)],
                         "accuracy": [0.7 + 0.1 * e for e in range(epochs)],
                         "val_loss": [1.0 - 0.1 * e + shift for e in range(epochs)],
                         "val_accuracy": [0.65 + 0.1 * e for e in range(epochs)]})


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "store" / "runs.sqlite"


def python_child(code: str, *args, **popen) -> subprocess.Popen:
    """Run ``code`` in a fresh Python process that can import dnn_core; stdin/stdout are text pipes."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)], env=env, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)


# ---- save, list, get, rename, delete --------------------------------------------------------------------------

def test_trained_runs_are_the_newest_finished_trainings_and_can_require_a_model(db):
    store = RunStore(db)
    ids = {}
    for name, kind, status, model in [("a", "train", "finished", b"m"), ("b", "train", "failed", b"m"),
                                      ("c", "race", "finished", None), ("d", "twin", "stopped", None),
                                      ("e", "train", "finished", b"m"), ("f", "train", "finished", b"m")]:
        ids[name] = store.start_run(CONFIG, kind=kind, name=name)
        store.finish_run(ids[name], status, history(), METRICS, model=model)
    (store.models_dir / f"run-{ids['f']}.keras").unlink()  # its model file is gone

    assert store.trained_runs(10)["name"].tolist() == ["f", "e", "d", "a"]
    assert store.trained_runs(2)["name"].tolist() == ["f", "e"]
    assert store.trained_runs(10, with_model=True)["name"].tolist() == ["e", "a"]
    assert store.trained_runs(1, with_model=True)["id"].tolist() == [ids["e"]]


def test_a_finished_run_comes_back_as_saved(db):
    store = RunStore(db)
    run_id = store.start_run(CONFIG, name="baseline")
    assert store.get_run(run_id).status == "running"
    store.finish_run(run_id, "finished", history(), METRICS, model=b"model bytes")

    run = store.get_run(run_id)
    assert (run.id, run.name, run.kind, run.status, run.parent_id) == (run_id, "baseline", "train", "finished", None)
    assert run.config == CONFIG and run.metrics == METRICS
    pd.testing.assert_frame_equal(run.history, history())
    assert run.model_path == db.parent / "models" / f"run-{run_id}.keras"
    assert run.model_path.read_bytes() == b"model bytes"
    assert run.started_at <= run.ended_at


def test_list_runs_shows_the_settings_people_pick_runs_by(db):
    store = RunStore(db)
    first = store.start_run(CONFIG)
    store.finish_run(first, "finished", history(), METRICS)
    second = store.start_run({**CONFIG, "optimizer": "sgd", "lr": 0.1}, kind="twin", parent_id=first)

    table = store.list_runs()
    assert list(table["id"]) == [second, first]  # newest first
    row = table.set_index("id").loc[first]
    assert (row["name"], row["kind"], row["status"], row["dataset"]) == (
        f"#{first} adam · 128,64 · lr 0.001", "train", "finished", "mnist_sample")
    assert (row["optimizer"], row["layers"], row["lr"], row["epochs"]) == ("adam", "128,64", 0.001, 2)
    assert (row["test_accuracy"], row["seconds"]) == (0.912, 4.5)
    twin = table.set_index("id").loc[second]
    assert (twin["status"], twin["parent_id"], twin["lr"]) == ("running", first, 0.1)
    assert pd.isna(twin["ended_at"]) and pd.isna(twin["test_accuracy"])


def test_rename_and_delete_remove_what_they_should(db):
    store = RunStore(db)
    keep, drop = store.start_run(CONFIG), store.start_run(CONFIG)
    store.finish_run(drop, "stopped", history(), METRICS, model=b"x")
    model_file = store.get_run(drop).model_path
    store.rename(keep, "  my favourite  ")
    store.delete(drop)

    assert not model_file.exists()
    assert list(store.list_runs()["id"]) == [keep]
    assert store.get_run(keep).name == "my favourite"
    with pytest.raises(RunStoreError) as missing:
        store.get_run(drop)
    assert missing.value.key == "runs.error.not_found" and str(db) in str(missing.value)
    with pytest.raises(RunStoreError):
        store.rename(keep, "   ")


def test_deleting_a_parent_keeps_its_twin(db):
    store = RunStore(db)
    parent = store.start_run(CONFIG)
    twin = store.start_run(CONFIG, kind="twin", parent_id=parent)
    store.delete(parent)
    assert store.get_run(twin).parent_id is None
    with pytest.raises(RunStoreError):
        store.start_run(CONFIG, kind="twin", parent_id=parent)


def test_bad_kind_or_status_names_the_field(db):
    store = RunStore(db)
    with pytest.raises(RunStoreError, match="kind"):
        store.start_run(CONFIG, kind="sprint")
    with pytest.raises(RunStoreError, match="status"):
        store.finish_run(store.start_run(CONFIG), "done")


def test_histories_of_two_runs_in_long_format(db):
    store = RunStore(db)
    first, second = store.start_run(CONFIG, name="a"), store.start_run(CONFIG, name="b")
    store.finish_run(first, "finished", history(2), METRICS)
    store.finish_run(second, "finished", history(3, shift=0.5), METRICS)

    long = store.histories([second, first])
    assert list(long.columns[:2]) == ["run_id", "run_name"]
    assert list(long["run_id"]) == [second] * 3 + [first] * 2  # in the order asked
    assert list(long["run_name"]) == ["b"] * 3 + ["a"] * 2
    assert long.loc[long["run_id"] == second, "loss"].tolist() == pytest.approx([1.4, 1.3, 1.2])
    assert long.loc[long["run_id"] == first, "val_accuracy"].tolist() == pytest.approx([0.65, 0.75])


def test_a_race_history_keeps_its_extra_column_and_odd_values(db):
    store = RunStore(db)
    race = pd.DataFrame({"contestant": ["adam", "sgd"], "epoch": [1, 1], "loss": [0.5, float("nan")],
                         "accuracy": [0.8, 0.1], "val_loss": [0.6, float("inf")], "val_accuracy": [0.8, 0.1]})
    run_id = store.start_run({"optimizers": ["adam", "sgd"], "lr": 0.01}, kind="race")
    store.finish_run(run_id, "failed", race, {"test_accuracy": np.float32(0.5)})

    pd.testing.assert_frame_equal(store.get_run(run_id).history, race)
    assert store.get_run(run_id).metrics == {"test_accuracy": 0.5}
    assert store.list_runs().loc[0, "optimizer"] == "adam,sgd"
    assert store.histories([run_id])["contestant"].tolist() == ["adam", "sgd"]


def test_load_model_gives_back_the_saved_keras_model(db):
    import keras
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, name="out")])
    store = RunStore(db)
    run_id = store.start_run(CONFIG)
    store.finish_run(run_id, "finished", history(), METRICS, model=model)

    loaded = store.load_model(run_id)
    np.testing.assert_array_equal(loaded.get_layer("out").get_weights()[0], model.get_layer("out").get_weights()[0])
    with pytest.raises(RunStoreError) as no_model:
        store.load_model(store.start_run(CONFIG))
    assert no_model.value.key == "runs.error.no_model"


def test_the_database_lives_where_the_environment_says(tmp_path, monkeypatch):
    monkeypatch.setenv("DNN_RUNS_DB", str(tmp_path / "here" / "mine.sqlite"))
    assert RunStore().path == tmp_path / "here" / "mine.sqlite"
    assert RunStore().models_dir == tmp_path / "here" / "models"
    monkeypatch.delenv("DNN_RUNS_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_db_path() == tmp_path / "xdg" / "dnn-playground" / "runs.sqlite"


def test_the_schema_is_versioned_and_in_wal_mode(db):
    RunStore(db)
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 4  # 4: the class's drawings
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_importing_the_store_does_not_import_tensorflow():
    child = python_child("import sys, dnn_core.runs, dnn_core.engine.smoothing; "
                         "print(sorted(m for m in ('tensorflow', 'keras') if m in sys.modules))")
    out, err = child.communicate(timeout=120)
    assert out.strip() == "[]", err


# ---- concurrency -----------------------------------------------------------------------------------------------

WRITER = """
import sys
import pandas as pd
from dnn_core.runs import RunStore
store = RunStore(sys.argv[1])
print("ready", flush=True)
sys.stdin.readline()  # wait for the go, so both processes write at the same time
for i in range(int(sys.argv[2])):
    run_id = store.start_run({"optimizer": "sgd", "lr": 0.1}, name=f"process {i}")
    store.finish_run(run_id, "finished", pd.DataFrame({"epoch": [1], "loss": [float(i)]}), {"test_accuracy": i})
print("done", flush=True)
"""


def test_threads_and_another_process_saving_at_once_lose_nothing(db):
    threads, saves, process_saves = 8, 20, 40
    store = RunStore(db)
    child = python_child(WRITER, db, process_saves)
    assert child.stdout.readline().strip() == "ready"
    start = threading.Barrier(threads + 1)

    def save_many(worker: int) -> None:
        start.wait()
        for i in range(saves):
            run_id = store.start_run(CONFIG, name=f"thread {worker} save {i}")
            store.finish_run(run_id, "finished", history(), {**METRICS, "test_accuracy": worker + i / 100})

    with ThreadPoolExecutor(threads) as pool:
        futures = [pool.submit(save_many, worker) for worker in range(threads)]
        start.wait()
        child.stdin.write("go\n")
        child.stdin.flush()
        for future in futures:
            future.result()  # re-raises a thread's error
    out, err = child.communicate(timeout=300)
    assert child.returncode == 0 and out.strip() == "done", err

    table = store.list_runs()
    assert len(table) == threads * saves + process_saves
    assert table["id"].is_unique and set(table["status"]) == {"finished"}
    names = set(table["name"])
    assert all(f"thread {w} save {i}" in names for w in range(threads) for i in range(saves))
    assert all(f"process {i}" in names for i in range(process_saves))
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# ---- runs whose process died -----------------------------------------------------------------------------------

OWNER = """
import sys
from dnn_core.runs import RunStore
print(RunStore(sys.argv[1]).start_run({"optimizer": "adam"}), flush=True)
sys.stdin.readline()  # train forever, until killed
"""


def test_a_run_whose_process_was_killed_becomes_interrupted(db):
    RunStore(db)
    child = python_child(OWNER, db)
    try:
        run_id = int(child.stdout.readline())
        assert RunStore(db).get_run(run_id).status == "running"  # its owner is alive: opening leaves it alone
    finally:
        child.kill()
        child.communicate(timeout=60)
    assert RunStore(db).get_run(run_id).status == "interrupted"  # a new open notices the owner is gone


def test_a_reused_pid_does_not_keep_a_dead_run_alive(db):
    store = RunStore(db)
    ours, impostor = store.start_run(CONFIG), store.start_run(CONFIG)
    with sqlite3.connect(db) as con:  # same pid as this process, but another process's start token
        con.execute("UPDATE runs SET owner_token = 'another-boot:12345' WHERE id = ?", (impostor,))

    assert store.mark_interrupted() == [impostor]
    assert store.get_run(ours).status == "running"  # this process is alive: its own run is untouched
    assert store.get_run(impostor).status == "interrupted"
    store.finish_run(ours, "finished", history(), METRICS)
    assert store.get_run(ours).status == "finished"


# ---- files that can't be used --------------------------------------------------------------------------------

def test_a_garbage_file_is_refused_with_a_clear_message(db):
    db.parent.mkdir(parents=True)
    db.write_bytes(b"this is not a database, just bytes \x00\x01\x02" * 200)
    with pytest.raises(RunStoreError) as refused:
        RunStore(db)
    assert refused.value.key == "runs.error.unreadable"
    assert str(db) in str(refused.value) and refused.value.params["path"] == str(db)
    assert str(db) in t(refused.value.key, "zh-TW", **refused.value.params)


def test_a_database_from_a_newer_version_is_refused(db):
    RunStore(db)
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA user_version = 99")
    with pytest.raises(RunStoreError) as refused:
        RunStore(db)
    assert refused.value.key == "runs.error.future_schema"
    assert refused.value.params["found"] == 99 and str(db) in str(refused.value)


READ_ONLY = """
import os, sys
from dnn_core.runs import RunStore, RunStoreError
db = sys.argv[1]
store = RunStore(db)
run_id = store.start_run({"optimizer": "adam"})
os.chmod(os.path.dirname(db), 0o555)
for model in (b"weights", None):
    try:
        store.finish_run(run_id, "finished", None, {"test_accuracy": 0.9}, model=model)
        print("saved")
    except RunStoreError as exc:
        print(exc.key)
"""


def _drop_root_file_powers():
    """In the child: give up root's right to ignore file permissions, so a read-only folder is read-only."""
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH; PR_CAPBSET_DROP = 24, effective after exec
        if _PRCTL(24, capability, 0, 0, 0) != 0:
            os._exit(97)


_PRCTL = ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None


def test_saving_into_a_read_only_folder_raises_run_store_error(db):
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if as_root and _PRCTL is None:
        pytest.skip("running as root without Linux capabilities to drop")
    child = python_child(READ_ONLY, db, preexec_fn=_drop_root_file_powers if as_root else None)
    try:
        out, err = child.communicate(timeout=120)
    finally:
        os.chmod(db.parent, 0o755)
    if child.returncode == 97:
        pytest.skip("cannot drop root's file capabilities here")
    assert child.returncode == 0, err
    assert out.split() == ["runs.error.unwritable", "runs.error.unwritable"]
    run = RunStore(db).get_run(1)
    assert run.status == "interrupted" and run.metrics == {}  # nothing half-written; its writer has exited


def test_a_full_disk_while_writing_the_model_raises_and_leaves_the_run_as_it_was(db, monkeypatch):
    store = RunStore(db)
    run_id = store.start_run(CONFIG)

    def disk_full(self, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Path, "write_bytes", disk_full)
    with pytest.raises(RunStoreError) as full:
        store.finish_run(run_id, "finished", history(), METRICS, model=b"weights")
    assert full.value.key == "runs.error.disk_full" and "models" in full.value.params["path"]
    assert store.get_run(run_id).status == "running"
    assert list(store.models_dir.iterdir()) == []


def test_sqlite_full_errors_are_reported_as_a_full_disk(db):
    store = RunStore(db)
    con = sqlite3.connect(db)
    con.execute("PRAGMA max_page_count = 1")  # this connection's file can't grow: SQLite says the disk is full
    with pytest.raises(sqlite3.Error) as full:
        con.execute("INSERT INTO runs (name, kind, status, config, started_at, owner_pid, owner_token)"
                    " VALUES (?, 'train', 'running', ?, '2024-01-01', 1, '')", ("x", json.dumps(CONFIG) * 500))
    con.close()
    assert store._database_error(full.value).key == "runs.error.disk_full"
