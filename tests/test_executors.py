"""One executor interface, two places: the same jobs in worker processes of this machine (the app's default) and
on a two-node Ray cluster.

The workers and the Ray cluster start once per test session (``process_executor`` and ``ray_cluster`` in
conftest.py). Every job here is real training on
the offline sample; waits are bounds on threads, never a way to synchronise.
"""

import math
import os
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.data import load_dataset
from dnn_core.engine.progress import BATCH_COLUMNS
from dnn_core.i18n import t
from dnn_core.running import executors
from dnn_core.running.jobs import JobError, JobLimiter
from dnn_core.running.portable import CHECK_IMAGES, here
from dnn_core.running.ray_executor import RayExecutor
from dnn_core.running.work import TrainWork
from dnn_core.running.work_jobs import RaceJob, TrainingJob
from dnn_core.runs import RunStore
from tests.apptest import open_app
from tests.conftest import ROOT

WAIT = 180  # seconds: a bound on a job's thread (a Ray worker first loads TensorFlow), never a synchronisation
TINY = ExperimentConfig(dataset="mnist_sample", train_size=600, layers=(16,), epochs=2, batch_size=32)
LONG = TINY.replace(train_size=4000, epochs=200)  # runs until stopped


@pytest.fixture(scope="module")
def ray_executor(ray_cluster):
    return RayExecutor(ray_cluster.address)


@pytest.fixture(params=["process", "ray"])
def executor(request, process_executor):
    """Each job test runs on both executors."""
    if request.param == "process":
        return process_executor
    return request.getfixturevalue("ray_executor")


def progressed(job) -> bool:
    """Block until the job has reported batch rows (True), or ended without any (False)."""
    while not job.done:
        if len(job.snapshot()["batch_history"]):
            return True
        job.wait(0.2)
    return False


def test_a_training_job_streams_its_rows_and_is_recorded(executor):
    job = TrainingJob(TINY, executor=executor, tensorboard=True).start()
    assert job.wait(WAIT) and job.state == "finished", job.error
    result, snap = job.result, job.snapshot()
    batches = int(np.ceil(540 / 32))  # 600 images less 10 % validation
    assert len(snap["batch_history"]) == len(result.batch_history) == TINY.epochs * batches
    assert list(snap["history"]["epoch"]) == [1, 2] == list(result.history["epoch"])
    assert result.worker["executor"] == executor.name == job.worker["executor"]
    assert result.worker["pid"] != os.getpid()  # trained in a worker process, never in the server's
    assert result.log_dir and any("tfevents" in p.name for p in Path(result.log_dir).rglob("*"))
    run = RunStore().get_run(job.run_id)
    assert run.status == "finished" and run.model_path is not None
    assert run.metrics["worker"]["executor"] == executor.name
    assert run.metrics["test_accuracy"] == pytest.approx(result.test_accuracy)


def test_stop_reaches_the_work_within_one_batch(executor):
    job = TrainingJob(LONG, executor=executor, save=False).start()
    assert progressed(job)
    job.stop()
    assert job.wait(WAIT) and job.state == "stopped"
    result = job.result
    assert result.stopped and len(result.history) < LONG.epochs
    # the batch under way when the stop reached the worker finishes, no more
    assert len(result.batch_history) <= result.worker["stop_arrived_after_batch"] + 1


def test_a_queued_job_shows_its_position_and_leaves_the_queue_when_stopped(executor):
    limiter = JobLimiter(1)
    running = TrainingJob(LONG, executor=executor, limiter=limiter, save=False).start()
    queued = TrainingJob(TINY, executor=executor, limiter=limiter, save=False).start()
    try:
        assert progressed(running)
        assert queued.status()["state"] == "queued" and queued.queue_position == 1
        queued.stop()
        assert queued.wait(WAIT) and queued.state == "stopped" and queued.result is None
    finally:
        running.stop()
    assert running.wait(WAIT) and running.state == "stopped"


def test_a_race_runs_on_the_executor_and_is_recorded_with_its_winner(executor):
    job = RaceJob(TINY.replace(epochs=1), ["sgd", "adam"], executor=executor).start()
    assert job.wait(WAIT) and job.state == "finished", job.error
    assert set(job.snapshot()["history"]["contestant"]) == {"sgd", "adam"}
    assert job.result.worker["executor"] == executor.name
    run = RunStore().get_run(job.result.run_id)
    assert run.kind == "race" and run.metrics["winner"] == job.result.winner and run.model_path is not None


def test_inspects_bundle_is_made_on_the_worker_with_the_training_and_for_a_saved_model(executor):
    """The job's result brings Inspect's bundle from its worker; ``serve`` makes one for a model sent to it and
    loads an upload there; each as the evaluation in this process makes it (the reference)."""
    from dnn_core.engine.evaluate import inspect_result
    from dnn_core.engine.export import model_bytes
    from dnn_core.engine.memory import estimate
    from dnn_core.engine.upload import UnsafeModelError
    from dnn_core.running.served import inspection_payload

    job = TrainingJob(TINY, executor=executor, save=False).start()
    assert job.wait(WAIT) and job.state == "finished", job.error
    result = job.result
    reference = inspect_result(result)
    served = executor.serve("inspect", inspection_payload(result), estimate(TINY))
    for found in (result.inspection, served):
        assert found.dataset == "mnist_sample"
        np.testing.assert_array_equal(found.matrix, reference.matrix)
        np.testing.assert_allclose(found.evaluation.probs, reference.evaluation.probs, atol=1e-6)
        assert found.diagnoses == reference.diagnoses and found.weights.equals(reference.weights)
    assert executor.serve("upload", model_bytes(result.model), estimate(TINY)) is True
    with pytest.raises(UnsafeModelError) as refused:  # the worker's refusal crosses with its key
        executor.serve("upload", b"not a zip", estimate(TINY))
    assert refused.value.key == "draw.upload.not_zip"


def test_a_model_trained_on_a_worker_predicts_on_the_server_as_on_the_worker(ray_executor):
    job = TrainingJob(TINY, executor=ray_executor, save=False).start()
    assert job.wait(WAIT) and job.state == "finished", job.error
    images = load_dataset("mnist_sample").x_test[:CHECK_IMAGES]
    on_server = np.asarray(job.result.model(images, training=False))
    on_worker = np.array(job.result.worker["check_probabilities"])  # computed on the worker before sending
    np.testing.assert_allclose(on_server, on_worker, atol=1e-6)
    assert on_server.shape == (CHECK_IMAGES, 10)


def test_a_run_continues_on_a_worker_with_its_model_and_optimizer_state(ray_executor):
    from dnn_core.engine.resume import continuation_of, continued_config

    first = TrainingJob(TINY, executor=ray_executor, save=False).start()
    assert first.wait(WAIT) and first.state == "finished", first.error
    more = TrainingJob(continued_config(first.result.config, 2, 1), executor=ray_executor,
                       start=continuation_of(first.result)).start()  # the model crosses as .keras bytes
    assert more.wait(WAIT) and more.state == "finished", more.error
    result, batches = more.result, int(np.ceil(540 / 32))
    assert result.worker["executor"] == "ray" and result.history["epoch"].tolist() == [1, 2, 3]
    assert int(result.model.optimizer.iterations.numpy()) == 3 * batches  # Adam's count went on from 2 epochs'
    assert RunStore().get_run(more.run_id).history["epoch"].tolist() == [1, 2, 3]


def test_jobs_are_placed_on_both_nodes(ray_executor, ray_cluster):
    jobs = [TrainingJob(TINY, executor=ray_executor, limiter=JobLimiter(2), save=False).start() for _ in range(2)]
    assert all(job.wait(WAIT) and job.state == "finished" for job in jobs)
    import ray

    nodes = {job.result.worker["node"] for job in jobs}
    assert nodes == {node["NodeID"] for node in ray.nodes() if node["Alive"]} and len(nodes) == 2


def test_a_killed_worker_fails_its_job_with_a_sentence_and_the_next_job_works(ray_executor):
    job = TrainingJob(LONG, executor=ray_executor).start()
    assert progressed(job)
    os.kill(job.worker["pid"], signal.SIGKILL)
    assert job.wait(WAIT) and job.state == "failed"
    assert job.failure.key == "job.error.worker_died"
    assert "Train" in t(job.failure.key, "en") and "訓練" in t(job.failure.key, "zh-TW")
    assert RunStore().get_run(job.run_id).status == "failed"
    after = TrainingJob(TINY, executor=ray_executor, save=False).start()
    assert after.wait(WAIT) and after.state == "finished", after.error


def test_a_node_that_leaves_fails_its_job_and_the_other_node_goes_on(ray_executor, ray_cluster):
    import ray

    head = ray_cluster.head_node.node_id
    jobs = [TrainingJob(LONG, executor=ray_executor, limiter=JobLimiter(2), save=False).start() for _ in range(2)]
    assert all(progressed(job) for job in jobs)
    on_worker_node = next(job for job in jobs if job.worker["node"] != head)
    on_head = next(job for job in jobs if job.worker["node"] == head)
    leaving = next(node for node in ray_cluster.worker_nodes if node.node_id == on_worker_node.worker["node"])
    ray_cluster.remove_node(leaving, allow_graceful=False)
    try:
        assert on_worker_node.wait(WAIT) and on_worker_node.state == "failed"
        assert on_worker_node.failure.key in ("job.error.worker_died", "job.error.worker_silent")
        assert not on_head.done and on_head.status()["state"] == "running"
        on_head.stop()
        assert on_head.wait(WAIT) and on_head.state == "stopped"
    finally:
        ray_cluster.add_node(num_cpus=1)  # back to two nodes for the tests after this one
        ray_cluster.wait_for_nodes()
    assert sum(node["Alive"] for node in ray.nodes()) == 2


# ---- admission by memory -------------------------------------------------------------------------------------

def test_a_job_that_can_never_fit_is_refused_with_the_budget_and_a_suggestion():
    limiter = JobLimiter(2, budget_mb=300)
    wide = TINY.replace(layers=(4096, 4096, 4096))  # ~29 M weights: weights and optimizer state dominate
    with pytest.raises(JobError) as refused:
        TrainingJob(wide, executor=executors.InProcessExecutor(limiter))
    assert refused.value.key == "job.error.too_big.weights"
    assert "300 MB" in str(refused.value) and "DNN_MEMORY_BUDGET_MB" in str(refused.value)
    assert "300 MB" in t(refused.value.key, "zh-TW", **refused.value.params)
    big_batch = TINY.replace(train_size=4000, layers=("conv32",), batch_size=8192)  # 26 × 26 × 32 maps per image
    with pytest.raises(JobError, match="smaller batch"):
        TrainingJob(big_batch, executor=executors.InProcessExecutor(JobLimiter(2, budget_mb=300)))
    assert TrainingJob(TINY, executor=executors.InProcessExecutor(limiter)).need_mb <= 300  # a small one fits


def test_an_admitted_job_waits_while_the_budget_is_taken():
    from dnn_core.running.jobs import BackgroundJob
    from tests.test_jobs import Blocker, WatchedLimiter, queue_up

    limiter = WatchedLimiter(limit=2, budget_mb=1000)
    works = Blocker(), Blocker()
    first, second = (BackgroundJob(work, limiter=limiter) for work in works)
    first.need_mb = second.need_mb = 600  # two slots are free, but not two jobs' memory
    first.start()
    assert works[0].started.wait(WAIT)
    queue_up(limiter, second)
    assert second.queue_position == 1 and limiter.running == 1
    works[0].release.set()
    assert works[1].started.wait(WAIT)
    works[1].release.set()
    assert second.wait(WAIT) and second.state == "finished"


# ---- choosing the executor -----------------------------------------------------------------------------------

def test_an_unreachable_cluster_falls_back_to_worker_processes_and_says_why(monkeypatch, use_executor):
    monkeypatch.setenv("DNN_RAY_ADDRESS", "127.0.0.1:9")  # the discard port: nothing listens
    with pytest.raises(JobError) as refused:
        executors.connect()
    assert refused.value.key == "executor.unreachable" and "127.0.0.1:9" in str(refused.value)
    use_executor(None)
    assert executors.current().name == "process"
    assert executors.notice().key == "executor.unreachable"


def test_the_cli_refuses_an_unreachable_cluster_with_status_2(tmp_path):
    process = subprocess.run(
        [sys.executable, "-m", "dnn_core", "train", "--dataset", "mnist_sample", "--epochs", "1", "--out",
         str(tmp_path / "run")], cwd=ROOT, capture_output=True, text=True, timeout=WAIT,
        env={**os.environ, "DNN_RAY_ADDRESS": "127.0.0.1:9"})
    assert process.returncode == 2
    lines = process.stderr.strip().splitlines()
    assert len(lines) == 1 and "127.0.0.1:9" in lines[0] and "could not be reached" in lines[0]


def test_without_a_cluster_the_app_never_imports_ray():
    # AppTest runs a switched-to page without app.py's import lock, so let Home's TensorFlow preload end first
    script = ("import sys\nfrom streamlit.testing.v1 import AppTest\nfrom pages import server\n"
              "at = AppTest.from_file('app.py', default_timeout=120).run()\n"
              "server.preload_tensorflow().join()\n"
              "at.switch_page('pages/train.py').run()\n"
              "assert not at.exception, at.exception\n"
              "print('ray' in sys.modules, 'tensorflow' in sys.modules)")
    env = {key: value for key, value in os.environ.items() if key != "DNN_RAY_ADDRESS"}
    process = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                             timeout=WAIT, env=env)
    assert process.returncode == 0, process.stderr[-2000:]
    assert process.stdout.split()[-2:] == ["False", "True"]  # TensorFlow loaded for Build & Train, Ray never


def test_home_says_when_the_cluster_cannot_be_reached(monkeypatch, use_executor):
    monkeypatch.setenv("DNN_RAY_ADDRESS", "127.0.0.1:9")
    use_executor(None)
    at = open_app()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any("127.0.0.1:9" in e and "worker processes on this server instead" in e for e in errors), errors


def test_batch_rows_cross_as_plain_dicts():
    """What a worker sends is plain data: the rows of its progress events are dicts of Python numbers, every step
    of the training once, in order, each the mean over its own images of what Keras reports for the epoch."""
    events = []
    result = executors.InProcessExecutor(JobLimiter(1)).run(TrainWork(TINY.replace(epochs=1)), events.append,
                                                            lambda: False)
    assert events[0] == {"kind": "placed", "worker": here("local")}
    rows = [row for event in events for row in event.get("new_batches", [])]
    assert all(type(row) is dict and list(row) == BATCH_COLUMNS for row in rows)
    assert {type(value) for row in rows for value in row.values()} == {int, float}  # no NumPy or tensor types
    assert rows == result.batch_history.to_dict("records")  # each step sent once, as the result keeps it
    batches = math.ceil(540 / 32)  # 600 images less 10 % validation, by hand: the last batch holds 28
    steps = [row["step"] for row in rows]
    assert steps[-1] == batches and steps == sorted(set(steps)) and [row["batch"] for row in rows] == steps
    images = np.diff([0] + [min(32 * step, 540) for step in steps])  # each step's images, by hand
    epoch = result.history.iloc[0]  # Keras' own means over the epoch's 540 images
    for column in ("loss", "accuracy"):
        mean = sum(n * row[column] for n, row in zip(images, rows)) / 540
        assert mean == pytest.approx(epoch[column], rel=1e-5), column


def test_a_server_joins_a_running_cluster_with_the_token_ray_left_in_its_home(ray_cluster):
    """As after `ray start --head`: the app's process has no RAY_AUTH_MODE, only ~/.ray/auth_token."""
    script = ("from dnn_core.running import executors\n"
              f"print(executors.connect({ray_cluster.address!r}).describe()[1]['nodes'])")
    env = {key: value for key, value in os.environ.items() if not key.startswith("RAY_")}
    process = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                             timeout=WAIT, env=env)
    assert process.returncode == 0, process.stderr[-2000:]
    assert process.stdout.split()[-1] == "2"


def test_a_packed_training_carries_its_check_images_and_a_changed_model_is_refused():
    """A training packed on a worker unpacks on the server without its data set (the check images come with it),
    with the same predictions; a payload whose model no longer gives the worker's probabilities is refused."""
    from dnn_core.engine.training import train
    from dnn_core.running.portable import pack_training, unpack_training

    data = load_dataset("mnist_sample")
    result = train(TINY.replace(epochs=1), data)
    images = data.x_test[:CHECK_IMAGES]
    payload = pack_training(result, images)
    np.testing.assert_array_equal(payload["check_images"], images)
    unpacked = unpack_training(payload)
    np.testing.assert_allclose(np.asarray(unpacked.model(images, training=False)),
                               np.asarray(result.model(images, training=False)), atol=1e-6)
    payload["check_images"] = data.x_test[CHECK_IMAGES:2 * CHECK_IMAGES]  # the probabilities were of others
    with pytest.raises(JobError) as refused:
        unpack_training(payload)
    assert refused.value.key == "job.error.model_changed"
