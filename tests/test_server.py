"""The Streamlit internals pages/server.py changes for a classroom server: each test fails if an upgrade of
Streamlit changes what the change relies on (the README names the versions supported)."""

import asyncio
import subprocess
import sys
import threading
import types
from pathlib import Path
from unittest.mock import MagicMock

from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.script_data import ScriptData
from streamlit.runtime.scriptrunner import ScriptRunnerEvent, script_runner

from pages import server
from tests.conftest import ROOT


def run_on_own_loop(scenario) -> None:
    """``asyncio.run(scenario())`` on a thread of its own: an earlier test may leave an event loop running here."""
    failure = []

    def run() -> None:
        try:
            asyncio.run(scenario())
        except BaseException as exc:  # handed to the test's thread below
            failure.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def session_whose_last_runner_has_ended(created: list, made: asyncio.Event) -> tuple[AppSession, MagicMock]:
    """A real AppSession whose runner has ended, its SHUTDOWN still queued (as on a busy event loop); runners
    it creates are recorded instead of started."""
    session = AppSession(script_data=ScriptData("/fake/app.py", is_hello=False), uploaded_file_manager=MagicMock(),
                         script_cache=MagicMock(), message_enqueued_callback=None, user_info={})

    def record(self, rerun_data):
        created.append(rerun_data)
        made.set()

    session._create_scriptrunner = types.MethodType(server.waiting_for_last_run(record), session)
    ended = MagicMock()
    ended.request_rerun.return_value = False  # what an ended ScriptRunner answers
    session._scriptrunner = ended
    session.has_fragment = lambda fragment_id: True
    return session, ended


def test_a_fragment_tick_waits_until_the_last_runs_messages_are_handled():
    async def scenario():
        created, made = [], asyncio.Event()
        session, ended = session_whose_last_runner_has_ended(created, made)
        session.request_rerun(ClientState(fragment_id="live", is_auto_rerun=True))
        assert created == []  # Streamlit would have made a runner now, and dropped the ended one's messages
        session._handle_scriptrunner_event_on_event_loop(ended, ScriptRunnerEvent.SHUTDOWN, client_state=None)
        await asyncio.wait_for(made.wait(), timeout=10)
        assert [data.fragment_id for data in created] == ["live"]

    run_on_own_loop(scenario)


def test_a_click_replaces_an_ended_runner_at_once():
    async def scenario():
        created, made = [], asyncio.Event()
        session, _ = session_whose_last_runner_has_ended(created, made)
        session.request_rerun(ClientState(query_string=""))  # a full rerun redraws the whole page
        assert len(created) == 1 and not created[0].fragment_id

    run_on_own_loop(scenario)


def test_a_tick_for_a_fragment_a_full_run_dropped_meanwhile_is_not_run():
    async def scenario():
        created, made = [], asyncio.Event()
        session, ended = session_whose_last_runner_has_ended(created, made)
        session.request_rerun(ClientState(fragment_id="old", is_auto_rerun=True))
        session.has_fragment = lambda fragment_id: False
        session._handle_scriptrunner_event_on_event_loop(ended, ScriptRunnerEvent.SHUTDOWN, client_state=None)
        finished = asyncio.Event()
        asyncio.get_running_loop().call_later(3 * server.FRAGMENT_RETRY_S, finished.set)  # after the retry
        await finished.wait()
        assert created == []

    run_on_own_loop(scenario)


def test_the_direct_run_check_is_skipped_without_walking_the_stack(monkeypatch):
    from streamlit import delta_generator, env_util

    def walked():
        raise AssertionError("Streamlit walked the call stack")

    monkeypatch.setattr(delta_generator, "_use_warning_has_been_displayed", False)
    monkeypatch.setattr(env_util, "is_repl", walked)
    server.skip_the_direct_run_check()
    delta_generator._maybe_print_use_warning()  # what the first element drawn calls


def test_the_internals_the_other_two_changes_rely_on_are_there():
    assert callable(script_runner._clean_problem_modules)  # replaced by keep_other_sessions_keras_state
    assert isinstance(PagesManager.uses_pages_directory, (bool, type(None)))  # leave_legacy_multipage_mode


def test_streamlit_run_finds_app_pys_server_and_its_lifespan():
    """`streamlit run app.py` serves the st.App that app.py makes when imported (not run as a page), whose lifespan
    warms the server up; Streamlit finds it by reading the file (streamlit.web.server.app_discovery)."""
    from pathlib import Path

    from streamlit.web.server.app_discovery import discover_asgi_app

    root = Path(__file__).resolve().parents[1]
    found = discover_asgi_app(root / "app.py")
    assert found.is_asgi_app and found.import_string == "app:app"
    process = subprocess.run(
        [sys.executable, "-c", "import app\nprint(type(app.app).__name__, app.app._user_lifespan.__name__)"],
        cwd=root, capture_output=True, text=True, timeout=120)
    assert process.returncode == 0, process.stderr[-2000:]
    assert process.stdout.split() == ["App", "lifespan"]


def test_the_preload_starts_the_warm_worker_then_imports_tensorflow(monkeypatch):
    """Once the first page is drawn: the warm worker starts (its TensorFlow loads in its own process), the server
    imports TensorFlow beside it, then the quick model loads. Both imports end while the visitor reads Home; with
    the server's import first, Build & Train after Home took 2.39 s against 1.08 to 1.58 s (benchmarks/startup.py),
    the worker's import then running beside that page."""
    from dnn_core.running import quick_model

    order = []
    monkeypatch.setattr(server, "import_tensorflow_once", lambda: order.append("tensorflow"))
    monkeypatch.setattr(server, "start_workers", lambda: order.append("workers"))
    monkeypatch.setattr(quick_model, "quick_model", lambda: order.append("quick model"))
    monkeypatch.setattr(server, "import_page_modules", lambda scripts: order.append(f"page modules but {scripts}"))
    first_page = threading.Thread(target=lambda: None)
    first_page.start()
    server._preload(first_page, ("home", "learn"))
    assert order == ["workers", "tensorflow", "quick model", "page modules but ('home', 'learn')"]


def test_the_preloads_imports_wait_for_the_pages_runs(monkeypatch):
    """Before each page's modules (and the shared ones) the preload waits for no page to run; a page's run counts
    while it runs, nested or not, and no longer once it has ended, also by an exception."""
    steps = []
    monkeypatch.setattr(server.importlib, "import_module", lambda name: steps.append(name.removeprefix("pages.")))
    monkeypatch.setattr(server, "no_page_running", lambda timeout: steps.append("wait"))
    scripts = ("home", "train", "inspect", "compare", "class", "draw", "learn")
    names = [name.removeprefix("pages.") for name in server.import_page_modules(scripts)]

    def page_of(name):
        return next((script for script in scripts if name.startswith(f"{script}_")), "shared")

    expected = []
    for page in ("shared", *scripts):
        mine = [name for name in names if page_of(name) == page]
        expected += ["wait", *mine] if mine else []
    assert steps == expected and "learn_cnn" in steps

    monkeypatch.undo()
    assert server.no_page_running(0)
    with server.page_running():
        with server.page_running():
            assert not server.no_page_running(0)
        assert not server.no_page_running(0)
    assert server.no_page_running(0)
    try:
        with server.page_running():
            raise RuntimeError("a page's run that fails")
    except RuntimeError:
        pass
    assert server.no_page_running(0)


def test_a_module_the_preload_cannot_import_is_left_to_its_page(monkeypatch):
    """Draw's canvas cannot register its component outside a server (AppTest): the preload goes on with the other
    modules and raises nothing on its thread."""
    imported = []

    def import_module(name):
        if name == "pages.draw_inputs":
            raise RuntimeError("no component manifests here")
        imported.append(name)

    monkeypatch.setattr(server.importlib, "import_module", import_module)
    monkeypatch.setattr(server, "no_page_running", lambda timeout: True)
    names = server.import_page_modules(("home", "train", "inspect", "compare", "class", "draw", "learn"))
    assert "pages.draw_inputs" in names and imported == [name for name in names if name != "pages.draw_inputs"]


def test_the_preload_imports_every_module_of_pages_but_the_page_scripts(monkeypatch):
    """What app.py navigates to runs as a script (it draws as it is imported): the preload imports every other
    module of pages/, the files in the folder being the reference."""
    import app

    imported = []
    monkeypatch.setattr(server.importlib, "import_module", imported.append)
    scripts = tuple(Path(path).stem for _, path, _, _ in app.PAGES)
    names = server.import_page_modules(scripts)
    helpers = sorted(f"pages.{path.stem}" for path in (ROOT / "pages").glob("*.py")
                     if path.stem != "__init__" and path.stem not in scripts)
    assert imported == names and sorted(names) == helpers
    assert "pages.learn_cnn" in helpers and "pages.learn" not in helpers and "pages.home" not in helpers
    # Build & Train's modules come before the others', a page's modules together, in the sidebar's order
    pages_of = [next((s for s in scripts if name.startswith(f"pages.{s}_")), None) for name in names]
    visited = [page for i, page in enumerate(pages_of) if page and page != pages_of[i - 1]]
    assert visited == [s for s in scripts if s in pages_of] and visited[0] == "train"
