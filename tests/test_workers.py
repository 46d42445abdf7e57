"""Worker processes: a training that dies or outgrows its memory share takes only itself down, the kernel's OOM
killer is pointed at the workers, never the server, and workers end with the server.

The workers are the test session's (``process_executor`` in conftest.py). Waits are bounds on events and
process states, never a way to synchronise.
"""

import os
import signal
import subprocess
import sys

import psutil
import pytest

from dnn_core.engine.memory import MemoryEstimate
from dnn_core.i18n import t
from dnn_core.running.jobs import JobError, JobLimiter
from dnn_core.running.memory_watch import OOM_SCORE_ADJ, oom_score_adj
from dnn_core.running.work import TrainWork
from dnn_core.running.work_jobs import TrainingJob
from dnn_core.running.worker import WORKER_NICENESS
from dnn_core.runs import RunStore
from tests.apptest import open_app
from tests.conftest import ROOT
from tests.test_executors import LONG, TINY, WAIT, progressed

PARTS = ("weights", "activations", "data")


def says_memory_and_what_to_cut(key: str, **params) -> bool:
    """The sentence names memory and something to cut, in both languages."""
    english, chinese = t(key, "en", **params), t(key, "zh-TW", **params)
    return ("memory" in english and any(cut in english for cut in ("fewer", "smaller"))
            and "記憶體" in chinese and any(cut in chinese for cut in ("減少", "較小")))


@pytest.mark.parametrize("part", PARTS)
def test_the_sentences_for_a_lost_worker_name_memory_and_what_to_cut(part):
    assert says_memory_and_what_to_cut(f"job.error.worker_killed.{part}", need="1,234")
    assert says_memory_and_what_to_cut(f"job.error.over_share.{part}", used="900", share="300")


def test_a_killed_worker_fails_only_its_job_and_the_next_training_starts_on_a_fresh_worker(process_executor):
    limiter = JobLimiter(2)
    killed, other = (TrainingJob(LONG, executor=process_executor, limiter=limiter).start() for _ in range(2))
    try:
        assert progressed(killed) and progressed(other)
        assert killed.worker["pid"] != other.worker["pid"] != os.getpid()
        os.kill(killed.worker["pid"], signal.SIGKILL)  # as the kernel's OOM killer would
        assert killed.wait(WAIT) and killed.state == "failed"
        assert killed.failure.key == f"job.error.worker_killed.{killed.work.memory().largest_part()}"
        assert says_memory_and_what_to_cut(killed.failure.key, **killed.failure.params)
        run = RunStore().get_run(killed.run_id)
        assert run.status == "failed" and "killed" in run.metrics["error"]
        assert not other.done and other.status()["state"] == "running"  # the other job goes on
    finally:
        other.stop()
    assert other.wait(WAIT) and other.state == "stopped" and other.result is not None
    after = TrainingJob(TINY, executor=process_executor, limiter=limiter).start()
    assert after.wait(WAIT) and after.state == "finished", after.error
    assert after.result.worker["pid"] not in (killed.worker["pid"], os.getpid())
    assert RunStore().get_run(after.run_id).status == "finished"


def test_a_job_that_outgrows_its_share_is_stopped_with_the_sentence(process_executor, monkeypatch):
    tiny_share = MemoryEstimate(data=1.0, weights=2.0, activations=1.0, runtime=0.0)  # 4 MB: far too little
    monkeypatch.setattr(TrainWork, "memory", lambda self: tiny_share)
    job = TrainingJob(LONG, executor=process_executor, limiter=JobLimiter(1)).start()
    assert job.wait(WAIT) and job.state == "failed"
    assert job.failure.key == "job.error.over_share.weights" and job.failure.params["share"] == "4"
    assert float(job.failure.params["used"].replace(",", "")) > 4
    assert says_memory_and_what_to_cut(job.failure.key, **job.failure.params)
    run = RunStore().get_run(job.run_id)
    assert run.status == "failed" and "more than the 4 MB" in run.metrics["error"]
    assert not psutil.pid_exists(job.worker["pid"])  # killed and reaped


def test_an_error_raised_in_the_worker_fails_the_job_with_that_error_and_the_worker_goes_on(process_executor):
    import pandas as pd

    from dnn_core.engine.resume import Continuation

    broken = Continuation(b"not a .keras file", pd.DataFrame())  # loading it fails inside the worker
    job = TrainingJob(TINY, executor=process_executor, limiter=JobLimiter(1), start=broken).start()
    assert job.wait(WAIT) and job.state == "failed" and job.result is None
    assert job.failure is not None and not isinstance(job.failure, JobError)  # the loader's own error, not ours
    assert RunStore().get_run(job.run_id).status == "failed"
    after = TrainingJob(TINY, executor=process_executor, limiter=JobLimiter(1), save=False).start()
    assert after.wait(WAIT) and after.state == "finished", after.error
    assert after.result.worker["pid"] == job.worker["pid"]  # the same warm worker: a failed job does not kill it


def test_a_run_records_the_peak_memory_its_worker_measured(process_executor):
    job = TrainingJob(TINY, executor=process_executor, limiter=JobLimiter(1)).start()
    assert job.wait(WAIT) and job.state == "finished", job.error
    worker = job.result.worker
    assert worker["share_mb"] == pytest.approx(job.need_mb, abs=0.1)
    # the worker loaded 600 images and trained on them: its memory rose, and by far less than a gigabyte
    assert 0 < worker["peak_mb"] < 1024
    assert RunStore().get_run(job.run_id).metrics["worker"]["peak_mb"] == worker["peak_mb"]


def test_workers_are_the_oom_killers_first_choice_and_the_server_keeps_its_own(process_executor):
    job = TrainingJob(TINY, executor=process_executor, limiter=JobLimiter(1), save=False).start()
    assert job.wait(WAIT) and job.state == "finished", job.error
    assert oom_score_adj(job.result.worker["pid"]) == OOM_SCORE_ADJ == job.worker["oom_score_adj"]
    assert oom_score_adj() == oom_score_adj(os.getppid()) != OOM_SCORE_ADJ  # as this process was started


def test_workers_yield_a_core_to_the_server_that_draws_the_pages(process_executor):
    job = TrainingJob(TINY, executor=process_executor, limiter=JobLimiter(1), save=False).start()
    assert job.wait(WAIT) and job.state == "finished", job.error
    pid = job.result.worker["pid"]
    assert os.getpriority(os.PRIO_PROCESS, pid) == os.getpriority(os.PRIO_PROCESS, 0) + WORKER_NICENESS


def test_a_worker_ends_when_its_server_is_killed():
    script = ("import time\nfrom dnn_core.running.workers import Worker\nworker = Worker()\n"
              "print(worker.pid, flush=True)\nworker.wait_ready(lambda: False)\nprint('ready', flush=True)\n"
              "time.sleep(600)\n")  # the server lives on until the test kills it
    server = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        pid = int(server.stdout.readline())
        assert server.stdout.readline().strip() == "ready"
        worker = psutil.Process(pid)
        server.kill()  # no goodbye: the worker only sees its pipe close
        server.wait(WAIT)
        worker.wait(WAIT)  # raises TimeoutExpired if the worker outlived its server
        assert not worker.is_running()
    finally:
        server.kill()


def test_a_worker_that_grew_is_replaced_after_its_job(process_executor, monkeypatch):
    from dnn_core.running import workers

    first = TrainingJob(TINY, executor=process_executor, limiter=JobLimiter(1), save=False).start()
    assert first.wait(WAIT) and first.state == "finished", first.error
    monkeypatch.setattr(workers, "RECYCLE_GROWTH_MB", -1.0)  # any worker has grown by more than this
    second = TrainingJob(TINY, executor=process_executor, limiter=JobLimiter(1), save=False).start()
    assert second.wait(WAIT) and second.state == "finished", second.error
    assert not psutil.pid_exists(second.result.worker["pid"])  # ended and reaped
    assert second.result.worker["pid"] not in {w.pid for w in process_executor.workers()}


def test_no_worker_starts_before_it_is_asked_for():
    from dnn_core.running.workers import ProcessExecutor

    executor = ProcessExecutor(JobLimiter(1))
    assert executor.workers() == [] and executor.describe()[1]["workers"] == 0


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_inspect_shows_the_peak_memory_of_the_sessions_model_and_of_a_saved_run(process_executor, lang):
    job = TrainingJob(TINY, executor=process_executor, limiter=JobLimiter(1)).start()
    assert job.wait(WAIT) and job.state == "finished", job.error
    worker = job.result.worker
    expected = t("executor.peak", lang, peak=f"{worker['peak_mb']:,.0f}", share=f"{worker['share_mb']:,.0f}")
    at = open_app("pages/inspect.py", lang, session={"result": job.result}, timeout=120, alone=True)
    assert not at.exception and expected in [caption.value for caption in at.caption]
    at.selectbox(key="inspect_source").set_value(f"run:{job.run_id}").run()  # the same run, loaded from the store
    assert not at.exception and expected in [caption.value for caption in at.caption]


@pytest.mark.parametrize(("limit", "server", "slots", "budget"), [
    (4000, 800, 2, 4000 - 800 - 2 * 350),  # room for two workers and their trainings: both slots
    (2700, 1600, 1, 2700 - 1600 - 350),  # two slots would leave 400 MB: one slot, one training at a time
    (1500, 800, 1, 1500 - 800 - 350),  # the 1,500 MB server that refused the course model after one training
])
def test_a_small_server_gives_up_a_slot_rather_than_its_whole_budget(monkeypatch, limit, server, slots, budget):
    from dnn_core.running import memory_watch, workers

    monkeypatch.delenv("DNN_MEMORY_BUDGET_MB", raising=False)
    monkeypatch.setattr(memory_watch, "limit_mb", lambda: limit)
    monkeypatch.setattr(workers, "rss_mb", lambda: server)
    monkeypatch.setattr(workers, "FRESH_WORKER_MB", 350)
    executor = workers.ProcessExecutor(JobLimiter(2))
    assert (executor.limiter.limit, executor.limiter.budget_mb) == (slots, budget)


def test_a_budget_set_by_hand_keeps_every_slot(monkeypatch):
    from dnn_core.running import workers

    monkeypatch.setenv("DNN_MEMORY_BUDGET_MB", "300")
    executor = workers.ProcessExecutor(JobLimiter(2))
    assert (executor.limiter.limit, executor.limiter.budget_mb) == (2, 300)
