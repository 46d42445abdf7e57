"""What the server process needs once, whichever session comes first: TensorFlow imported safely, and three
Streamlit behaviours changed that a shared classroom server cannot live with. ``pages.ui`` applies them; each
relies on Streamlit internals that tests/test_server.py checks, so an upgrade that changes them fails there."""

from __future__ import annotations

import importlib
import itertools
import logging
import pkgutil
import threading
from collections.abc import Iterator
from contextlib import asynccontextmanager, contextmanager

import streamlit as st

_tensorflow_lock = threading.Lock()
_log = logging.getLogger(__name__)


def import_tensorflow_once() -> None:
    """Import TensorFlow and Keras (dnn_core.engine.model), one session at a time; app.py calls it before every page
    but Home, which must open fast without them.

    Two sessions importing TensorFlow at the same moment on a fresh server can get a half-initialised module:
    Python's import lock hands it over rather than deadlock, and the page fails with "module
    'tensorflow.python.data.ops.dataset_ops' has no attribute 'DatasetV2'" (2 of 6 fresh servers with a student
    on Build & Train while another toured the pages). Once imported, this costs a lock and a dictionary lookup.
    """
    with _tensorflow_lock:
        from dnn_core.running.runtime import configure_runtime

        configure_runtime()  # TensorFlow, with one op thread per training
        import dnn_core.engine.model  # noqa: F401  (Keras and the registries every page but Home uses)


FIRST_PAGE_WAIT_S = 30  # the preload waits at most this long for the first page's script run to end


def _preload(first_page: threading.Thread, page_scripts: tuple[str, ...] = ()) -> None:
    """Once the first page's script run has ended: the warm workers, TensorFlow, the shipped quick model, then the
    modules the pages use."""
    # One interpreter lock: importing TensorFlow beside the first page's run (the worker's start too) slowed Home
    first_page.join(FIRST_PAGE_WAIT_S)
    start_workers()
    import_tensorflow_once()
    from dnn_core.running.quick_model import quick_model

    quick_model()  # a file: Draw & Predict's default model is never trained in this process
    import_page_modules(page_scripts)


def import_page_modules(page_scripts: tuple[str, ...]) -> list[str]:
    """Import every module of ``pages`` but the page scripts themselves (which draw as they run), and with them the
    engine modules they use, in the order of ``page_scripts`` (the sidebar's: Build & Train's first); the names
    imported.

    Otherwise each page's first visitor waits for its modules to load: 0.5 s of CPU here without cached bytecode
    (Draw's collection 0.25 s), and 1.3 s while Learn imported scipy.signal. In a class the first visitors of a
    page arrive together and wait for the same imports: six Learn runs took 4.6 to 20 s at once, one of them with
    1.2 to 1.4 s of CPU (benchmarks/classroom_load.py's ``slowest_script_runs``). A session importing
    the same module meanwhile waits on Python's lock for that module; the modules of ``pages`` import one another
    without cycles, as dnn_core's packages do (lint-imports), so neither can be handed a half-made module.
    """
    import pages

    def page_order(name: str) -> int:  # shared modules first, then each page's own (train_*, …) in the sidebar's order
        return next((i for i, script in enumerate(page_scripts) if name.startswith(f"{script}_")), -1)

    modules = sorted((found.name for found in pkgutil.iter_modules(pages.__path__) if found.name not in page_scripts),
                     key=page_order)
    for _, page_modules in itertools.groupby(modules, key=page_order):
        no_page_running(PAGE_WAIT_S)  # a visitor's page first: it would share the interpreter with these imports
        for module in page_modules:
            try:
                importlib.import_module(f"pages.{module}")
            except Exception:  # left to its page, which imports it again and shows why: Draw's canvas registers a
                # Streamlit component, which a server has the manifests for and AppTest has not
                _log.debug("the preload left pages.%s to its page", module, exc_info=True)
    return [f"pages.{module}" for module in modules]


PAGE_WAIT_S = 2.0  # the preload waits at most this long for a page's run to end, before each page's modules
_pages_running = 0
_page_ended = threading.Condition()


@contextmanager
def page_running() -> Iterator[None]:
    """Around a page's script run (app.py): the preload's imports of the pages' modules wait while one runs. With them
    beside it, Build & Train's first render after Home took a median of 2.0 s, then 2.5 s, and 1.6 s with this wait
    (benchmarks/startup.py): two threads that both run Python share one interpreter lock half and half."""
    global _pages_running
    with _page_ended:
        _pages_running += 1
    try:
        yield
    finally:
        with _page_ended:
            _pages_running -= 1
            _page_ended.notify_all()


def no_page_running(timeout: float) -> bool:
    """Wait until no page's script run is running, at most ``timeout`` seconds; whether none is."""
    with _page_ended:
        return _page_ended.wait_for(lambda: _pages_running == 0, timeout)


@st.cache_resource(show_spinner=False)
def preload_tensorflow(page_scripts: tuple[str, ...] = ()) -> threading.Thread:
    """Once per server, as soon as its first page has been drawn, on a background thread: start the warm worker
    processes, import TensorFlow, load the quick model and import the pages' modules (all but ``page_scripts``), so
    that the first Build & Train, Draw or Learn a student opens does not wait for them (same locks as the pages)."""
    first_page = threading.current_thread()  # the script run drawing the first page: its thread ends with the run
    thread = threading.Thread(target=_preload, args=(first_page, page_scripts), daemon=True,
                              name="dnn-preload-tensorflow")
    thread.start()
    return thread


def start_workers() -> None:
    """Start this server's warm worker processes, and its service worker when there are saved runs to inspect
    (never at import: each loads TensorFlow, seconds of CPU a first visitor would otherwise wait for)."""
    from dnn_core.running import executors

    executor = executors.current()
    if executor.name == "process":
        executor.start_warm()
        from dnn_core.runs import inspectable_runs

        if not inspectable_runs().empty:  # saved runs to inspect: their bundles are made on the service worker
            executor.start_service()


@asynccontextmanager
async def lifespan(_app: st.App):
    """The server's life (app.py's st.App): before it serves, leave Streamlit's old ``pages/`` mode; while the
    first visitor's browser loads Streamlit's frontend (about 1 s), import what the first page will need."""
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False  # as leave_legacy_multipage_mode, but before any session: no rerun
    threading.Thread(target=warm_up, daemon=True, name="dnn-warm-up").start()
    yield


def warm_up() -> None:
    """Import the modules Home uses, describe the executor and load the data set Home describes (app.py, imported
    to find this server, has imported the shell's), so that the first page's run does not wait for them. A page
    that starts meanwhile waits on Python's import locks, as it would have. Neither the workers nor TensorFlow start
    here: either, beside the first visitor's browser, made Home slower (preload_tensorflow starts them once the
    first page is drawn)."""
    from dnn_core import settings
    from dnn_core.engine import presets  # noqa: F401
    from dnn_core.engine.data import load_dataset
    from dnn_core.running import executors

    if not settings.ray_address():  # joining a cluster takes seconds (or a timeout): Home says so while it connects
        executors.current()
    load_dataset("mnist")


def leave_legacy_multipage_mode() -> None:
    """Make the first visit to a sub-page run through app.py's st.navigation.

    Because this project keeps its pages in a folder named ``pages/`` (the design card's layout), Streamlit
    starts in its old folder-based multipage mode and, until app.py has run once, serves ``/train`` by running
    pages/train.py alone (no shell, no sidebar, every file listed). Leaving that mode and rerunning fixes it. Under
    `streamlit run` the lifespan has left it before any session (this session's mode was set when it began, so
    this would be too late for the others starting at the same moment); this covers AppTest.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def skip_the_direct_run_check() -> None:
    """Skip Streamlit's once-per-process check, on the first element any page draws, whether the app runs outside
    `streamlit run`: it walks the whole call stack reading every frame's source (``inspect.stack()``), which took
    0.3-0.9 s of the first visitor's Home (py-spy). This app always runs under `streamlit run`."""
    from streamlit import delta_generator

    delta_generator._use_warning_has_been_displayed = True


def keep_other_sessions_keras_state() -> None:
    """Stop Streamlit from calling keras.backend.clear_session() after every script run.

    Streamlit does that to "clean problem modules", but clear_session is process-wide: on a shared server it
    wipes TensorFlow's state under the other sessions' trainings (measured: six classroom trainings stalled
    until it was disabled). This project never relies on it, so it is switched off for the whole process.
    """
    from streamlit.runtime.scriptrunner import script_runner

    script_runner._clean_problem_modules = lambda: None


FRAGMENT_RETRY_S = 0.05  # how often a fragment's rerun looks again whether the last run's messages were handled
FRAGMENT_WAIT_S = 30.0  # after this, a fragment's rerun goes ahead anyway (Streamlit's own behaviour)


def deliver_each_run_before_the_next_fragment() -> None:
    """Make a fragment's rerun wait until the last script run's messages have been handled.

    A script runner ends with its run's messages still queued for the event loop, which a busy classroom server
    takes up seconds late. A ticking fragment (the live curves, the sidebar's status) asking to rerun meanwhile
    finds that runner ended, so Streamlit starts a new one and ignores every message of the old one still
    queued: the rest of that run never reaches the page. For a tick that costs one redraw; for Build & Train's
    run after a training ended it lost the metrics (issue 20: measured with tests/browser/busy_server.py and a
    log of the ignored messages, 350 in one classroom run). The old runner's last message (SHUTDOWN) clears
    ``AppSession._scriptrunner``; until then the new fragment run is put off. A full rerun (a click) still
    replaces the old runner at once: it redraws the whole page. tests/test_server.py fails if Streamlit changes
    what this relies on.
    """
    from streamlit.runtime.app_session import AppSession

    if not getattr(AppSession._create_scriptrunner, "waits_for_last_run", False):
        AppSession._create_scriptrunner = waiting_for_last_run(AppSession._create_scriptrunner)


def waiting_for_last_run(create):
    """``AppSession._create_scriptrunner`` that puts a fragment's run off while the last runner's messages wait."""
    def create_after_last_run(self, rerun_data, waited: float = 0.0) -> None:
        if not rerun_data.fragment_id or self._scriptrunner is None or waited >= FRAGMENT_WAIT_S:
            create(self, rerun_data)
            return
        self._event_loop.call_later(FRAGMENT_RETRY_S, retry, self, rerun_data, waited + FRAGMENT_RETRY_S)

    def retry(self, rerun_data, waited: float) -> None:
        if not self.has_fragment(rerun_data.fragment_id):
            return  # a full run meanwhile dropped the fragment, as request_rerun would have found
        if self._scriptrunner is not None and self._scriptrunner.request_rerun(rerun_data):
            return  # a runner started meanwhile (a click) takes the fragment's run in turn
        create_after_last_run(self, rerun_data, waited)

    create_after_last_run.waits_for_last_run = True
    return create_after_last_run
