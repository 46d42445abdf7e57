"""The app's own command installs requirements.txt only: everything the app imports must be there, not in dev."""

import re

from tests.conftest import ROOT

# tests, benchmarks, lint and type check only (nbclient, ipykernel and matplotlib run the exported notebook in
# its test)
TEST_TOOLS = {"pytest", "hypothesis", "playwright", "zxing-cpp", "ruff", "import-linter", "mypy", "nbclient",
              "ipykernel", "matplotlib"}


def requirement_names(path) -> set[str]:
    names = set()
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-r"):
            names.add(re.match(r"[A-Za-z0-9_.-]+", line).group(0).lower())
    return names


def test_dev_requirements_add_only_test_tools():
    """A runtime package listed only in requirements-dev.txt passes CI but breaks `streamlit run` on a fresh
    machine (it happened with tensorboard, which TensorFlow 2.21 no longer installs)."""
    assert requirement_names(ROOT / "requirements-dev.txt") <= TEST_TOOLS


def test_app_requirements_include_what_training_writes_with():
    assert {"tensorboard", "streamlit", "plotly", "pandas", "scipy", "pillow"} <= requirement_names(
        ROOT / "requirements.txt")


def test_ray_is_for_clusters_only():
    """The app runs without Ray; the cluster file adds it, and the tests install the cluster file."""
    assert "ray" not in requirement_names(ROOT / "requirements.txt")
    assert "ray" in requirement_names(ROOT / "requirements-cluster.txt")
    assert "-r requirements-cluster.txt" in (ROOT / "requirements-dev.txt").read_text()
