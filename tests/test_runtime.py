"""The CPUs a process may really use (cgroup quota v2 and v1, then affinity) and the op threads a training gets."""

import pytest

from dnn_core.running import runtime
from dnn_core.running.runtime import available_cpus, cgroup_cpu_quota, tensorflow_threads


@pytest.fixture
def four_cpus(monkeypatch):
    monkeypatch.setattr(runtime.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})


def cgroup_tree(tmp_path, proc: str, files: dict[str, str]):
    """A fake /sys/fs/cgroup with ``files`` (path → text) and a fake /proc/self/cgroup holding ``proc``."""
    root = tmp_path / "cgroup"
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    (tmp_path / "proc_cgroup").write_text(proc)
    return root, tmp_path / "proc_cgroup"


@pytest.mark.parametrize("cpu_max, cpus", [("200000 100000\n", 2), ("150000 100000\n", 1), ("50000 100000\n", 1),
                                           ("max 100000\n", 4), ("600000 100000\n", 4)])
def test_a_v2_quota_bounds_the_affinity(tmp_path, four_cpus, cpu_max, cpus):
    root, proc = cgroup_tree(tmp_path, "0::/app.slice/dnn\n", {"app.slice/dnn/cpu.max": cpu_max})
    assert available_cpus(root, proc) == cpus


def test_a_parents_smaller_v2_quota_wins(tmp_path, four_cpus):
    root, proc = cgroup_tree(tmp_path, "0::/app.slice/dnn\n", {"app.slice/cpu.max": "100000 100000",
                                                               "app.slice/dnn/cpu.max": "300000 100000"})
    assert cgroup_cpu_quota(root, proc) == 1.0 and available_cpus(root, proc) == 1


@pytest.mark.parametrize("quota, cpus", [("-1", 4), ("250000", 2), ("300000", 3)])
def test_a_v1_quota_over_its_period(tmp_path, four_cpus, quota, cpus):
    root, proc = cgroup_tree(tmp_path, "4:memory:/x\n1:cpu,cpuacct:/docker/abc\n0::/\n",
                             {"cpu,cpuacct/docker/abc/cpu.cfs_quota_us": quota,
                              "cpu,cpuacct/docker/abc/cpu.cfs_period_us": "100000"})
    assert available_cpus(root, proc) == cpus


def test_inside_a_container_its_own_cgroup_is_the_mount_point(tmp_path, four_cpus):
    """A cgroup namespace shows the container's cgroup as / and its limit at the mount point."""
    root, proc = cgroup_tree(tmp_path, "0::/\n", {"cpu.max": "100000 100000"})
    assert available_cpus(root, proc) == 1


def test_without_a_cgroup_the_affinity_counts(tmp_path, four_cpus):
    assert cgroup_cpu_quota(tmp_path / "none", tmp_path / "none") is None
    assert available_cpus(tmp_path / "none", tmp_path / "none") == 4


@pytest.mark.parametrize("lone, jobs, cpus, threads", [(1, 1, 2, 1), (2, 1, 2, 2), (2, 2, 2, 1), (2, 1, 1, 1),
                                                       (2, 2, 4, 2), (4, 1, 2, 2)])
def test_a_training_gets_more_threads_only_with_cores_to_itself(monkeypatch, lone, jobs, cpus, threads):
    monkeypatch.setattr(runtime, "LONE_JOB_THREADS", lone)
    assert tensorflow_threads(jobs, cpus) == threads
