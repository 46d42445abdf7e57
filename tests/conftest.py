"""Test setup: never touch the network, keep runs and data in temporary places."""

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

os.environ["DNN_OFFLINE"] = "1"  # no test may need the network
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# The test cluster uses token authentication, as `ray start --head` does; Ray reads this once, when imported
os.environ["RAY_AUTH_MODE"] = "token"

from dnn_core.running.runtime import configure_runtime  # noqa: E402

configure_runtime()  # as the app, the CLI and a Ray worker do: one TensorFlow op thread per training


def train_through_the_page(at, timeout: float):
    """Press Build & Train's Train in an AppTest, wait for the job's thread, and rerun the page as its live view
    would once the job ends; the finished job."""
    at.button(key="train_button").click().run()
    job = at.session_state["job"]
    assert job.wait(timeout), "training did not finish"
    at.run()
    assert not at.exception
    return job


@pytest.fixture(autouse=True)
def _private_runs_db(tmp_path, monkeypatch):
    """Every test gets its own runs database, so tests never see each other's runs or the user's."""
    monkeypatch.setenv("DNN_RUNS_DB", str(tmp_path / "runs" / "runs.sqlite"))


@pytest.fixture(autouse=True)
def _no_global_seed_left_behind():
    """A test that calls ``keras.utils.set_random_seed`` (to train a reference model the way Keras's examples do)
    must not change the batch order of later tests' trainings: tf.data's seeded shuffle mixes TensorFlow's global
    seed into its own, and the app never sets one."""
    yield
    if "tensorflow" in sys.modules:
        sys.modules["tensorflow"].random.set_seed(None)


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives a real chromium through Playwright")
    config.addinivalue_line("markers", "slow: takes more than a few seconds")


@pytest.fixture(scope="session", autouse=True)
def process_executor():
    """The app's default executor for the whole test session: trainings run in worker processes, which start on
    the first job (TensorFlow loads in seconds) and stay warm for every test after it."""
    from dnn_core.running import executors, workers

    executor = workers.ProcessExecutor()
    executors.use(executor)
    yield executor
    executor.shutdown()


@pytest.fixture
def use_executor(process_executor):
    """``use_executor(executor)`` makes ``executor`` this process's for one test (None: chosen afresh, as a new
    server does); the session's worker processes are the executor again after it."""
    from dnn_core.running import executors

    yield executors.use
    executors.use(process_executor)


@pytest.fixture(scope="session")
def ray_cluster():
    """A two-node Ray cluster on this machine (one CPU each), started once per test session; its address.

    Both nodes are real raylets, so jobs spread over them and a node can be removed mid-training. Ray's token
    authentication is on, as after `ray start --head`: the token is in ~/.ray/auth_token (made here on a fresh
    machine, as `ray start` would), where the app and every client find it.
    """
    import subprocess

    if not (Path.home() / ".ray" / "auth_token").is_file():
        subprocess.run([str(Path(sys.executable).parent / "ray"), "get-auth-token", "--generate"], check=True,
                       capture_output=True)
    from ray.cluster_utils import Cluster

    from dnn_core.running import ray_executor

    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False})
    cluster.add_node(num_cpus=1)
    cluster.wait_for_nodes()
    ray_executor.init_ray(cluster.address)  # this process joins with the app's own runtime env (dnn_core shipped)
    yield cluster
    import ray

    ray.shutdown()
    cluster.shutdown()
