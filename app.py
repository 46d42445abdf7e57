"""DNN Playground: the multipage shell. Run with `streamlit run app.py`."""

import json
import threading
import time
from pathlib import Path

import streamlit as st

from dnn_core import settings
from dnn_core.i18n import t
from pages import server, sidebar, state


@st.cache_resource(show_spinner=False)
def connect_to_cluster() -> None:
    """Join the Ray cluster of DNN_RAY_ADDRESS once per server, in the background, as soon as it starts."""
    from dnn_core.running import executors

    threading.Thread(target=executors.current, daemon=True, name="dnn-connect").start()


# Each page appears once its file exists: (name, file, URL path, icon)
PAGES = [
    ("home", "pages/home.py", "", ":material/home:"),
    ("train", "pages/train.py", "train", ":material/model_training:"),
    ("inspect", "pages/inspect.py", "inspect", ":material/troubleshoot:"),
    ("compare", "pages/compare.py", "compare", ":material/compare_arrows:"),
    ("class", "pages/class.py", "class", ":material/groups:"),
    ("draw", "pages/draw.py", "draw", ":material/draw:"),
    ("learn", "pages/learn.py", "learn", ":material/school:"),
]


def log_script_time(page_path: str, started: float, cpu_started: float) -> None:
    """With DNN_SCRIPT_TIMES=FILE, append this run's server-side wall time and its own CPU time (this script
    thread's: what the page itself cost, apart from waiting for a core) as a JSON line (the classroom benchmark)."""
    log_file = settings.script_times()
    if log_file:
        line = json.dumps({"page": page_path or "home", "seconds": time.perf_counter() - started,
                           "cpu_seconds": time.thread_time() - cpu_started})
        with open(log_file, "a", encoding="utf-8") as log:
            log.write(line + "\n")  # one short append per run: whole lines, whatever the sessions do


def run_page() -> None:
    """One script run: the navigation, the sidebar and the page this session asked for."""
    started, cpu_started = time.perf_counter(), time.thread_time()  # the CPU time of the thread running this script
    if settings.ray_address():
        connect_to_cluster()
    lang = state.init_lang()
    root = Path(__file__).parent
    page = st.navigation([
        st.Page(path, title=t(f"nav.{name}", lang), icon=icon, url_path=url, default=(name == "home"))
        for name, path, url, icon in PAGES if (root / path).exists()
    ])
    sidebar.render()
    if page.url_path:  # every page but Home uses TensorFlow: import it safely before the page does
        server.import_tensorflow_once()
    try:
        with server.page_running():  # the preload's background imports wait for it
            page.run()
            sidebar.start_pending_job()  # a job created by a page that was left before its end
    finally:  # st.stop() and st.rerun() end a run early: it still cost the server its time
        log_script_time(page.url_path, started, cpu_started)
    # after the first page is drawn: workers, TensorFlow and the pages' modules load while its visitor reads it
    server.preload_tensorflow(tuple(Path(path).stem for _, path, _, _ in PAGES))


if __name__ == "__main__":  # Streamlit runs this file as __main__ for every page a session opens
    # An emoji icon is drawn by the browser itself; a Material one is fetched from fonts.gstatic.com (not offline)
    st.set_page_config(page_title="DNN Playground", page_icon="🧠", layout="wide")
    run_page()
else:  # `streamlit run app.py` first imports it to find its server: one that warms up before its first visitor
    app = st.App("app.py", lifespan=server.lifespan)
