"""A real `streamlit run app.py` server and a headless Debian chromium driven by Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"
TEACHER_KEY = "browser-teacher"  # the shared server's DNN_TEACHER_KEY: the Class page's teacher section is on


def niced_chromium(niceness: str) -> str:
    """A chromium executable whose every process runs at ``niceness`` ('idle': Linux's SCHED_IDLE, which only takes
    cores nothing else wants; '0': chromium itself). The benchmarks use it to stand in for browsers on the
    students' own computers, which do not compete with the server for its cores."""
    if niceness == "0":
        return CHROMIUM
    wrapper = Path(tempfile.mkdtemp()) / "chromium"
    priority = "chrt --idle 0" if niceness == "idle" else f"nice -n {int(niceness)}"
    wrapper.write_text(f'#!/bin/sh\nexec {priority} {CHROMIUM} "$@"\n')
    wrapper.chmod(0o755)
    return str(wrapper)


def no_browser(reason: str) -> None:
    """Skip where no chromium exists, but fail in CI (DNN_REQUIRE_BROWSER=1), which installed it."""
    if os.environ.get("DNN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}, and DNN_REQUIRE_BROWSER=1 says the browser tests must run")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app_server(env: dict[str, str]) -> tuple[subprocess.Popen, int]:
    """`streamlit run app.py` on a free port, with ``env`` on top of this process's environment; (process, port).
    The tests and the benchmarks all start the app this way; wait_for_port() tells when it answers."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless", "true",
         "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return process, port


def wait_for_port(port: int, process: subprocess.Popen, deadline_s: float = 60) -> None:
    """Block until the server accepts connections (or fail if it died or never answered)."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)  # polling a port, not synchronising with the app
    raise TimeoutError(f"streamlit did not answer on port {port}")


@contextmanager
def serving(process: subprocess.Popen, port: int):
    """The base URL of a just-started app server while the block runs; the server stops after it."""
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """Base URL of a fresh app server (offline data, private runs database, a teacher key)."""
    if not Path(CHROMIUM).exists():
        no_browser(f"no chromium at {CHROMIUM} (apt-get install -y chromium)")
    # a job whose test has closed its page gives its slot to the next test's job within seconds (the default is 120)
    with serving(*start_app_server({"DNN_OFFLINE": "1", "DNN_ABANDON_AFTER_S": "5", "DNN_TEACHER_KEY": TEACHER_KEY,
                                    "DNN_RUNS_DB": str(tmp_path_factory.mktemp("runs") / "runs.sqlite")})) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        no_browser(f"no chromium at {CHROMIUM} (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright  # in requirements-dev.txt

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1600})
    page = context.new_page()
    page.set_default_timeout(90_000)
    yield page
    context.close()


def wait_idle(page) -> None:
    """Wait until Streamlit has finished running the script (as Streamlit's own e2e tests do)."""
    page.wait_for_selector(IDLE)


def click_nav(page, label: str) -> None:
    """Move to another page through the sidebar navigation (page.goto would start a new session)."""
    page.locator("[data-testid=stSidebarNav] a", has_text=label).first.click()
    wait_idle(page)
