"""Faults a hosted classroom instance meets: a broken download, a failed save, a killed server, a closed tab.

Each test fails if the protection it names is removed. No test touches the network: the download pieces
(the reachability probe and Keras' loader) are replaced by fakes that write what a cut-off download leaves.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading

import numpy as np
import pytest

from dnn_core.engine import data
from dnn_core.engine.config import ExperimentConfig
from dnn_core.i18n import t
from dnn_core.running.jobs import BackgroundJob, JobLimiter
from dnn_core.runs import RunStore, RunStoreError
from tests.apptest import open_app
from tests.conftest import ROOT, train_through_the_page

WAIT = 120  # seconds; an upper bound on waiting for a thread or process, never a way to synchronise
TINY = ExperimentConfig(dataset="mnist_sample", train_size=500, epochs=1)
LONG = ExperimentConfig(dataset="mnist_sample", train_size=500, epochs=200, layers=(16,))


@pytest.fixture(autouse=True)
def _fresh_data_cache():
    """Data sets are cached per process; each test here must load them itself."""
    data.clear_cache()
    yield
    data.clear_cache()


# ---- 1. the MNIST download fails or is cut off ---------------------------------------------------------------

@pytest.fixture
def online(tmp_path, monkeypatch):
    """An 'online' process whose Keras cache is tmp_path and whose download host 'answers' (no real network)."""
    import keras

    monkeypatch.delenv("DNN_OFFLINE", raising=False)
    monkeypatch.delenv("DNN_DATA_DIR", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.setattr(data, "_reachable", lambda host, timeout=3.0: None)
    monkeypatch.setattr(data, "SYSTEM_DIRS", {"mnist": [], "fashion_mnist": []})
    return keras


def write_truncated_npz(path) -> None:
    """What a download cut off midway leaves: the first part of a real .npz file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    full = path.with_suffix(".full.npz")
    x = np.zeros((100, 28, 28), np.uint8)
    y = np.zeros(100, np.uint8)
    np.savez_compressed(full, x_train=x, y_train=y, x_test=x, y_test=y)
    path.write_bytes(full.read_bytes()[: full.stat().st_size // 2])
    full.unlink()


def assert_offline_sample_with_notice(dataset) -> None:
    assert dataset.name == "mnist_sample" and dataset.source == "bundled"
    assert len(dataset.x_train) == 4000  # the bundled sample, not whatever the partial file held
    assert dataset.notice is not None and dataset.notice.key == "data.fallback"
    assert dataset.notice.params["requested"] == "mnist"
    assert dataset.notice.params["reason"]  # the notice says why


def test_a_download_cut_off_midway_falls_back_and_leaves_no_partial_file(online, monkeypatch):
    cached = data.keras_cache_path("mnist")

    def cut_off_download(*args, **kwargs):
        write_truncated_npz(cached)
        raise ConnectionResetError("connection reset by peer after 5 MB")

    monkeypatch.setattr(online.datasets.mnist, "load_data", cut_off_download)
    assert_offline_sample_with_notice(data.load_dataset("mnist"))
    assert "connection reset" in data.load_dataset("mnist").notice.params["reason"]
    assert not cached.exists()  # a partial file must never be taken for a cached data set
    assert data.dataset_status("mnist") == "needs_download"


def test_a_truncated_download_that_fails_to_open_is_deleted(online, monkeypatch):
    cached = data.keras_cache_path("mnist")

    def truncated_then_opened(*args, **kwargs):
        write_truncated_npz(cached)  # the transfer "succeeded" but the file is short: Keras' own np.load fails
        with np.load(cached, allow_pickle=True) as f:
            return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])

    monkeypatch.setattr(online.datasets.mnist, "load_data", truncated_then_opened)
    assert_offline_sample_with_notice(data.load_dataset("mnist"))
    assert not cached.exists()


def test_a_corrupt_cached_file_is_deleted_and_not_used(online, monkeypatch):
    cached = data.keras_cache_path("mnist")
    write_truncated_npz(cached)
    calls = []

    def download_fails(*args, **kwargs):
        calls.append(cached.exists())
        raise OSError("network unreachable")

    monkeypatch.setattr(online.datasets.mnist, "load_data", download_fails)
    assert_offline_sample_with_notice(data.load_dataset("mnist"))
    assert calls == [False]  # the corrupt file was removed before a fresh download was tried
    assert not cached.exists()


def test_after_a_corrupt_cache_a_good_download_is_used(online, monkeypatch):
    cached = data.keras_cache_path("mnist")
    write_truncated_npz(cached)
    x, y = np.full((30, 28, 28), 7, np.uint8), np.arange(30, dtype=np.uint8) % 10
    monkeypatch.setattr(online.datasets.mnist, "load_data", lambda *a, **k: ((x, y), (x[:10], y[:10])))
    dataset = data.load_dataset("mnist")
    assert dataset.name == "mnist" and dataset.source == "download" and dataset.notice is None
    assert len(dataset.x_train) == 30


# ---- 2. saving a run fails -----------------------------------------------------------------------------------

def blocked_runs_db(tmp_path, monkeypatch):
    """Point the runs database under a regular file, so its folder can't be made (works as root too)."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the runs folder should be")
    monkeypatch.setenv("DNN_RUNS_DB", str(blocker / "runs" / "runs.sqlite"))


def test_an_unusable_runs_folder_keeps_the_result(tmp_path, monkeypatch):
    from dnn_core.engine.training import train
    from dnn_core.running.work_jobs import TrainingJob

    blocked_runs_db(tmp_path, monkeypatch)
    job = TrainingJob(TINY, limiter=JobLimiter(1)).start()
    assert job.wait(WAIT)
    assert job.state == "finished" and job.error is None
    assert job.save_error.key == "runs.error.file" and job.run_id is None  # a file where its folder should be
    kept, sample = job.result, data.load_dataset("mnist_sample")
    reference = train(TINY, sample)  # the same settings and seed, trained here with no run store at all
    columns = ["epoch", "loss", "accuracy", "val_loss", "val_accuracy"]
    np.testing.assert_allclose(kept.history[columns], reference.history[columns], rtol=1e-4)
    assert kept.test_accuracy == pytest.approx(reference.test_accuracy, abs=1e-9)  # 1,000 test digits: exact
    _, accuracy = kept.model.evaluate(sample.x_test, sample.y_test.astype(np.int32), verbose=0)
    assert accuracy == pytest.approx(kept.test_accuracy)  # the model kept is the one that scored it


def test_a_full_disk_at_the_end_keeps_the_result(monkeypatch):
    from dnn_core.running.work_jobs import TrainingJob

    def disk_full(self, run_id, *args, **kwargs):
        raise RunStoreError("runs.error.disk_full", path=str(self.path))

    monkeypatch.setattr(RunStore, "finish_run", disk_full)
    job = TrainingJob(TINY, limiter=JobLimiter(1)).start()
    assert job.wait(WAIT)
    assert job.state == "finished" and job.result is not None and len(job.result.history) == 1
    assert job.save_error.key == "runs.error.disk_full"
    assert job.run_id is not None  # the start was recorded; only the end failed


@pytest.mark.parametrize("fault", ["unusable_folder", "disk_full"])
def test_the_train_page_shows_results_and_says_the_run_was_not_saved(fault, tmp_path, monkeypatch):
    if fault == "unusable_folder":
        blocked_runs_db(tmp_path, monkeypatch)
    else:
        monkeypatch.setattr(RunStore, "finish_run", lambda self, *a, **k: (_ for _ in ()).throw(
            RunStoreError("runs.error.disk_full", path=str(self.path))))
    at = open_app("pages/train.py", timeout=WAIT)
    at.selectbox(key="cfg_dataset").set_value("mnist_sample").run()
    at.number_input(key="cfg_train_size").set_value(500).run()
    at.number_input(key="cfg_epochs").set_value(1).run()
    train_through_the_page(at, WAIT)
    assert not at.error
    assert [m for m in at.metric if m.label == t("train.test_accuracy", "en")]
    not_saved = t("train.not_saved", "en", reason="").split("(")[0]
    assert any(not_saved in w.value for w in at.warning), [w.value for w in at.warning]
    if fault == "disk_full":
        assert any("disk is full" in w.value for w in at.warning)


# ---- 3. the server is killed mid-training --------------------------------------------------------------------

TRAINER = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from dnn_core.engine.config import ExperimentConfig
    from dnn_core.running.work_jobs import TrainingJob

    job = TrainingJob(ExperimentConfig(dataset="mnist_sample", train_size=4000, epochs=200)).start()
    while not job.snapshot()["progress"]:  # report once fit() is really running
        job.wait(0.05)
    print("training", job.run_id, flush=True)
    job.wait()
""")


def test_a_server_killed_mid_training_leaves_an_intact_database_and_an_interrupted_run(tmp_path):
    db = tmp_path / "runs" / "runs.sqlite"
    env = {**os.environ, "DNN_RUNS_DB": str(db), "DNN_OFFLINE": "1"}
    child = subprocess.Popen([sys.executable, "-c", TRAINER.format(root=str(ROOT))], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = child.stdout.readline()  # blocks until the child trains (or dies: then the line is empty)
        assert line.startswith("training"), "the child process never started training"
        run_id = int(line.split()[1])
        with sqlite3.connect(db) as con:
            assert con.execute("SELECT status FROM runs WHERE id = ?", (run_id,)).fetchone() == ("running",)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(WAIT)
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    runs = RunStore().list_runs()  # opening the store marks runs of dead processes
    assert runs.set_index("id").loc[run_id, "status"] == "interrupted"


# ---- 4. a browser tab closed mid-training --------------------------------------------------------------------

def until_stopped(report, should_stop):
    """Work that runs until asked to stop (polls, as training does after each batch)."""
    ticks = 0
    while not should_stop():
        ticks += 1
        threading.Event().wait(0.01)
    return ticks


def quick(report, should_stop):
    return "done"


def running(job) -> None:
    """Return once ``job`` holds its slot (bounded by WAIT)."""
    for _ in range(int(WAIT / 0.05)):
        if job.state == "running" or job.wait(0.05):
            return
    raise AssertionError("the job never started")


def test_an_unwatched_job_goes_on_until_another_waits_then_stops_and_its_thread_ends():
    limiter = JobLimiter(1)
    job = BackgroundJob(until_stopped, limiter=limiter, abandon_after=0.5).start()
    running(job)
    assert not job.wait(1.0)  # unwatched past its delay, but nobody waits: it goes on (a bound, not a sync)
    waiting = BackgroundJob(quick, limiter=limiter).start()
    assert job.wait(WAIT)
    assert job.state == "stopped" and job.stop_reason == "abandoned" and job.result > 0
    assert waiting.wait(WAIT) and waiting.state == "finished"
    assert job.join(WAIT)  # and its thread is gone


def test_an_unwatched_queued_job_leaves_the_queue_to_the_one_behind_it():
    limiter = JobLimiter(1)
    hold = threading.Event()
    first = BackgroundJob(lambda report, should_stop: hold.wait(WAIT), limiter=limiter).start()
    running(first)
    queued = BackgroundJob(until_stopped, limiter=limiter, abandon_after=0.3).start()
    while limiter.position(queued.ticket) is None:
        assert not queued.wait(0.01)
    behind = BackgroundJob(quick, limiter=limiter).start()
    assert queued.wait(WAIT)
    assert queued.state == "stopped" and queued.started_at is None  # it never ran
    assert limiter.position(queued.ticket) is None
    hold.set()
    assert first.wait(WAIT) and first.state == "finished"
    assert behind.wait(WAIT) and behind.state == "finished"


def test_an_abandoned_training_stops_keeps_its_partial_result_and_frees_its_slot():
    from dnn_core.running.work_jobs import TrainingJob

    limiter = JobLimiter(1)
    job = TrainingJob(LONG, limiter=limiter, abandon_after=1.0).start()
    while not job.status()["progress"]:  # watched (status() is what a page polls) until it trains
        assert not job.wait(0.05)
    waiting = BackgroundJob(quick, limiter=limiter).start()  # then its page goes, and another job waits
    assert job.wait(WAIT)
    assert job.state == "stopped" and job.result.stopped and len(job.result.history) < LONG.epochs
    assert waiting.wait(WAIT) and waiting.state == "finished"
    assert job.join(WAIT) and limiter.running == 0


def rss_mb() -> float:
    """This process's resident memory in MB (Linux /proc)."""
    pages = int(open("/proc/self/statm").read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


CYCLES = 20
GROWTH_BOUND_MB = 150


@pytest.mark.slow
def test_twenty_abandoned_trainings_do_not_pile_up_memory_or_threads():
    import gc

    from dnn_core.running.work_jobs import TrainingJob

    limiter = JobLimiter(1)
    after_first = threads_after_first = None
    for cycle in range(CYCLES):
        # save=False: this measures what training leaves behind; saving is covered above
        job = TrainingJob(LONG, limiter=limiter, abandon_after=0.3, save=False).start()
        running(job)
        waiting = BackgroundJob(quick, limiter=limiter).start()  # abandoned only while another waits
        assert job.wait(WAIT) and job.state == "stopped" and waiting.wait(WAIT)
        assert job.join(WAIT) and waiting.join(WAIT)
        del job, waiting
        gc.collect()
        if cycle == 0:
            after_first, threads_after_first = rss_mb(), threading.active_count()
    growth = rss_mb() - after_first
    print(f"RSS growth over {CYCLES - 1} abandoned trainings after the first: {growth:.1f} MB")
    assert growth < GROWTH_BOUND_MB
    assert threading.active_count() <= threads_after_first  # no job threads left behind
