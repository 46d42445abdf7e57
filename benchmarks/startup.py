"""How fast the app starts: `streamlit run app.py` to Home rendered in chromium, then each page's first render.

Each run starts a fresh server (DNN_OFFLINE=1, a private runs database), measures the time until it is up (its
health check, /_stcore/health, answers "ok": app.py's st.App binds its port before the server starts, so a port that
accepts a connection is not yet a server) and until Home is fully rendered (Streamlit idle, the title shown and
its widgets drawn; the visitor's tab, a fresh browser profile, is opened before the server starts, so this counts
from their navigation), checks in the server's /proc/<pid>/maps whether TensorFlow was loaded when Home was drawn
(it should not be: the server starts loading it in the background only once the first page is drawn), lets the
visitor read Home for --read seconds, then clicks each sidebar link, Build & Train first, and times that page's first
render. Medians over the runs. Last line: JSON, with `home_from_launch_median_s` (from `streamlit run` to Home)
beside it. Targets (issue 23): Home ≤ 2 s after the server is up and Draw's first render ≤ 1.5 s, medians of the
runs; Build & Train, opened after Home was read, < 1.5 s.

    python benchmarks/startup.py [--runs 5] [--read 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from dnn_core.engine.presets import HOME_PRESETS  # noqa: E402
from dnn_core.i18n import t  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, start_app_server, wait_for_port  # noqa: E402

# page -> the i18n key of its nav link and of its title
PAGES = {"train": ("nav.train", "nav.train"), "inspect": ("nav.inspect", "inspect.title"),
         "compare": ("nav.compare", "compare.title"), "draw": ("nav.draw", "nav.draw"),
         "learn": ("nav.learn", "learn.title")}
RENDERED = """title => document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state')
    === 'notRunning' && [...document.querySelectorAll('h1')].some(h => h.textContent.includes(title))"""
# Home is usable once its widgets are drawn too: Streamlit fetches a widget's code when the widget first arrives and
# shows a grey placeholder meanwhile (0.2 to 0.4 s after the title here): the presets' buttons and the language box
HOME_DRAWN = """presets => document.querySelectorAll('[data-testid=stBaseButton-primary]').length >= presets
    && document.querySelector('[data-testid=stSidebar] [data-testid=stSelectbox]') !== null"""
HOME_TARGET_S = 2.0
DRAW_TARGET_S = 1.5
TRAIN_AFTER_HOME_TARGET_S = 1.5


def wait_rendered(page, title: str) -> None:
    """Until Streamlit is idle and the page's title is on screen."""
    page.wait_for_function(RENDERED, arg=title, polling=20)


def wait_until_up(port: int, server, deadline_s: float = 60) -> None:
    """Until the server's health check answers "ok" (its port may accept connections before that)."""
    wait_for_port(port, server, deadline_s)
    end = time.monotonic() + deadline_s
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=deadline_s) as answer:
                if answer.read() == b"ok":
                    return
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.05)  # polling a starting server, not synchronising with the app


def tensorflow_loaded(pid: int) -> bool:
    """Whether the process has TensorFlow's shared libraries mapped."""
    return "tensorflow" in Path(f"/proc/{pid}/maps").read_text()


def one_run(browser, read_s: float) -> dict:
    """A fresh server: seconds to port up, to Home rendered, TF state at Home, and each page's first render."""
    # The visitor's tab is open before the server starts: a new browser profile costs Playwright 0.2 to 0.3 s here,
    # which no visitor waits for (their browser is running when they type the address). Still a fresh profile, so
    # Streamlit's frontend is fetched and compiled with no cache, as on a first visit.
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(180_000)
    launched = time.perf_counter()
    server, port = start_app_server({"DNN_OFFLINE": "1", "DNN_RUNS_DB": str(Path(tempfile.mkdtemp()) / "runs.sqlite")})
    try:
        wait_until_up(port, server)
        up = time.perf_counter()
        page.goto(f"http://127.0.0.1:{port}/")
        wait_rendered(page, t("app.title", "en"))
        page.wait_for_function(HOME_DRAWN, arg=len(HOME_PRESETS), polling=20)
        home = time.perf_counter()
        run = {"server_up_s": up - launched, "home_after_up_s": home - up, "home_from_launch_s": home - launched,
               "tensorflow_loaded_at_home": tensorflow_loaded(server.pid), "pages": {}}
        time.sleep(read_s)  # the visitor reads Home; the server may use the time (not a synchronisation)
        for name, (nav_key, title_key) in PAGES.items():
            start = time.perf_counter()
            page.locator("[data-testid=stSidebarNav] a", has_text=t(nav_key, "en")).first.click()
            wait_rendered(page, t(title_key, "en"))
            run["pages"][name] = time.perf_counter() - start
        run["tensorflow_loaded_after_pages"] = tensorflow_loaded(server.pid)  # the check can say yes
        return run
    finally:
        context.close()
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--read", type=float, default=5.0, help="seconds the visitor reads Home before moving on")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        runs = []
        for i in range(args.runs):
            runs.append(one_run(browser, args.read))
            r = runs[-1]
            print(f"run {i + 1}: server up {r['server_up_s']:.2f} s, Home +{r['home_after_up_s']:.2f} s, TF at Home: "
                  f"{r['tensorflow_loaded_at_home']}, pages " +
                  ", ".join(f"{k} {v:.2f} s" for k, v in r["pages"].items()), flush=True)
        browser.close()
    home = [r["home_after_up_s"] for r in runs]
    print(json.dumps({
        "benchmark": "startup",
        "home_median_s": round(statistics.median(home), 2),
        "home_runs": [round(v, 2) for v in home],
        "home_from_launch_median_s": round(statistics.median(r["home_from_launch_s"] for r in runs), 2),
        "server_up_median_s": round(statistics.median(r["server_up_s"] for r in runs), 2),
        "pages": {name: round(statistics.median(r["pages"][name] for r in runs), 2) for name in PAGES},
        "train_after_home_runs": [round(r["pages"]["train"], 2) for r in runs], "read_home_s": args.read,
        "train_after_home_target_s": TRAIN_AFTER_HOME_TARGET_S,
        "tensorflow_loaded_at_home": any(r["tensorflow_loaded_at_home"] for r in runs),
        "tensorflow_loaded_after_pages": all(r["tensorflow_loaded_after_pages"] for r in runs),
        "home_target_s": HOME_TARGET_S, "draw_target_s": DRAW_TARGET_S,
        "load_average_1min": round(os.getloadavg()[0], 1),
    }))


if __name__ == "__main__":
    main()
