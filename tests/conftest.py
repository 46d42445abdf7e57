"""Test setup: never touch the network, keep runs and data in temporary places."""

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

os.environ["DNN_OFFLINE"] = "1"  # no test may need the network
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


@pytest.fixture(autouse=True)
def _private_runs_db(tmp_path, monkeypatch):
    """Every test gets its own runs database, so tests never see each other's runs or the user's."""
    monkeypatch.setenv("DNN_RUNS_DB", str(tmp_path / "runs" / "runs.sqlite"))


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives a real chromium through Playwright")
    config.addinivalue_line("markers", "slow: takes more than a few seconds")
