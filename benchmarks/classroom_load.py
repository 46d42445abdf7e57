"""A class on one server: 12 real browser sessions, half of them training Fashion-MNIST, half browsing the pages.

Starts `streamlit run app.py` with DNN_MAX_CONCURRENT_JOBS (default 2) and opens one chromium with one context
per student. Trainers open /train?dataset=fashion_mnist&train_size=6000&epochs=1 and press Train; browsers click
through Home, Learn, Compare, Inspect and Draw until the trainers are done, timing each page's render (click to
Streamlit idle with the page's title shown). Every 0.5 s it samples the server's memory (RSS of its process tree,
from /proc) and how many trainers' pages show a running training (progress bar) versus a queue notice. At the end
every page is checked for an exception box or an st.error. Last line: JSON.

Before the class arrives one visit opens Home (as the teacher would): on a server that has served nobody yet,
simultaneous first visits can fail with "ImportError: cannot import name 'sidebar' from 'pages'" (pages/ is a
namespace package and the legacy-multipage switch in pages/ui.py is process-wide); --cold skips the warm-up.

    python benchmarks/classroom_load.py [--trainers 6] [--browsers 6] [--limit 2]

The running count is read from the pages, which redraw their live view once a second: a hand-over between two
jobs can show both as running until the pages redraw (seconds on a loaded server), so ``peak_training_seen`` may
overstate at a hand-over. ``limit_held`` is judged from the runs database instead: each run's row is started and
ended inside the job's slot, so the most overlapping [started_at, ended_at] intervals is the most jobs running.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from playwright.async_api import TimeoutError as PlaywrightTimeout  # noqa: E402

from dnn_core.i18n import t  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, IDLE, start_app_server, wait_for_port  # noqa: E402

TRAIN_QUERY = "dataset=fashion_mnist&train_size=6000&epochs=1"
TOUR = [("nav.learn", "learn.title"), ("nav.compare", "compare.title"), ("nav.inspect", "inspect.title"),
        ("nav.draw", "nav.draw"), ("nav.home", "app.title")]
# rendered: Streamlit idle with the page's title shown, or an exception box (counted later, never waited out)
RENDERED = """title => document.querySelector('[data-testid=stException]') !== null
    || document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state') === 'notRunning'
    && [...document.querySelectorAll('h1')].some(h => h.textContent.includes(title))"""
PROBLEMS = "[data-testid=stException], [data-testid=stAlertContentError]"
SAMPLE_S = 0.5
MEMORY_BUDGET_MB = 2500


def tree_rss_mb(root_pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # the process ended while we looked
        ppid = int(text[text.rindex(")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(stat.parent.name))
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            continue
        todo.extend(children.get(pid, []))
    return total / 2**20


async def wait_rendered(page, title: str) -> None:
    await page.wait_for_function(RENDERED, arg=title, polling=20)


async def count_problems(page) -> int:
    return await page.locator(PROBLEMS).count()


async def trainer(context, base: str, state: dict, index: int) -> dict:
    """Open Build & Train with the class settings, press Train, wait for the test accuracy."""
    page = await context.new_page()
    page.set_default_timeout(300_000)
    start = time.perf_counter()
    await page.goto(f"{base}/train?{TRAIN_QUERY}")
    await wait_rendered(page, t("nav.train", "en"))
    train_button, failed = page.locator(".st-key-train_button button"), page.locator(PROBLEMS)
    await train_button.or_(failed).first.wait_for()
    if await failed.count():  # the page broke before a Train button was there: counted, not waited out
        return {"seconds": time.perf_counter() - start, "finished": False, "problems": await failed.count()}
    await train_button.click()
    state["pages"][index] = page
    done = page.locator("[data-testid=stMetric]", has_text=t("train.test_accuracy", "en"))
    try:
        await done.or_(failed).first.wait_for(timeout=state["deadline_s"] * 1000)
        await page.wait_for_selector(IDLE)
    except PlaywrightTimeout:
        pass  # reported as not finished
    state["pages"][index] = None
    return {"seconds": time.perf_counter() - start, "finished": await done.count() > 0,
            "problems": await count_problems(page)}


async def browser_session(context, base: str, trainers_done: asyncio.Event, think_s: float) -> dict:
    """Tour the other pages until the trainers are done (at least once round), timing each render."""
    page = await context.new_page()
    page.set_default_timeout(300_000)
    await page.goto(base)
    await wait_rendered(page, t("app.title", "en"))
    times, problems, rounds = [], 0, 0
    while not trainers_done.is_set() or rounds == 0:
        for nav_key, title_key in TOUR:
            start = time.perf_counter()
            await page.locator("[data-testid=stSidebarNav] a", has_text=t(nav_key, "en")).first.click()
            await wait_rendered(page, t(title_key, "en"))
            times.append(time.perf_counter() - start)
            problems += await count_problems(page)
            await asyncio.sleep(think_s)  # a student reads the page before the next click (load model, not sync)
        rounds += 1
    return {"times": times, "problems": problems, "rounds": rounds}


async def sampler(server_pid: int, state: dict, stop: asyncio.Event) -> None:
    """Every SAMPLE_S: server memory, and how many trainers' pages show a running or a queued training."""
    queued_text = t("train.queued", "en", position=1).split(":")[0]
    while not stop.is_set():
        state["rss"].append(tree_rss_mb(server_pid))
        running = queued = 0
        for page in [p for p in state["pages"].values() if p is not None]:
            try:
                main = page.locator("[data-testid=stMain]")
                if await main.locator("[data-testid=stProgress]").count():
                    running += 1
                elif queued_text in await main.inner_text(timeout=2000):
                    queued += 1
            except Exception:  # the page is redrawing; the next sample will see it
                continue
        state["running"].append(running)
        state["queued"].append(queued)
        try:
            await asyncio.wait_for(stop.wait(), SAMPLE_S)
        except asyncio.TimeoutError:
            pass


async def classroom(base: str, server_pid: int, trainers: int, browsers: int, warm_up: bool,
                    think_s: float, deadline_s: float) -> dict:
    from playwright.async_api import async_playwright

    state = {"pages": {}, "rss": [], "running": [], "queued": [], "deadline_s": deadline_s}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        contexts = [await browser.new_context(viewport={"width": 1280, "height": 900})
                    for _ in range(trainers + browsers)]
        if warm_up:  # the teacher opens the app first: concurrent first visits to a fresh server can fail
            page = await contexts[0].new_page()
            await page.goto(base)
            await wait_rendered(page, t("app.title", "en"))
            await page.close()
        stop, trainers_done = asyncio.Event(), asyncio.Event()
        sampling = asyncio.create_task(sampler(server_pid, state, stop))
        training = asyncio.gather(*(trainer(contexts[i], base, state, i) for i in range(trainers)))
        browsing = asyncio.gather(*(browser_session(contexts[trainers + i], base, trainers_done, think_s)
                                    for i in range(browsers)))
        trained = await training
        trainers_done.set()
        browsed = await browsing
        stop.set()
        await sampling
        await browser.close()
    return {"trained": trained, "browsed": browsed, "state": state}


def peak_overlap(db: Path) -> int:
    """The most runs recorded as training at once (rows are written inside the job's slot, to the second)."""
    import sqlite3

    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT started_at, ended_at FROM runs").fetchall()
    events = sorted([(start, 1) for start, _ in rows] + [(end, -1) for _, end in rows if end])  # ends first on ties
    running = peak = 0
    for _, step in events:
        running += step
        peak = max(peak, running)
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainers", type=int, default=6)
    parser.add_argument("--browsers", type=int, default=6)
    parser.add_argument("--limit", type=int, default=2, help="DNN_MAX_CONCURRENT_JOBS")
    parser.add_argument("--think", type=float, default=2.0, help="seconds a browsing student reads each page")
    parser.add_argument("--deadline", type=float, default=900, help="seconds a trainer waits for its result")
    parser.add_argument("--cold", action="store_true", help="no warm-up visit before the class opens the app")
    args = parser.parse_args()
    db = Path(tempfile.mkdtemp()) / "runs.sqlite"
    server, port = start_app_server({"DNN_MAX_CONCURRENT_JOBS": str(args.limit), "DNN_OFFLINE": "1",
                                     "DNN_RUNS_DB": str(db)})
    started = time.perf_counter()
    try:
        wait_for_port(port, server)
        out = asyncio.run(classroom(f"http://127.0.0.1:{port}", server.pid, args.trainers, args.browsers,
                                   warm_up=not args.cold, think_s=args.think, deadline_s=args.deadline))
    finally:
        server.terminate()
        server.wait(timeout=30)
    trained, browsed, state = out["trained"], out["browsed"], out["state"]
    times = sorted(x for b in browsed for x in b["times"])
    problems = sum(r["problems"] for r in trained) + sum(b["problems"] for b in browsed)
    peak_rss = max(state["rss"])
    print(f"{sum(r['finished'] for r in trained)}/{args.trainers} trainers finished, the last after "
          f"{max(r['seconds'] for r in trained):.0f} s; "
          f"{len(times)} page renders by {args.browsers} browsing sessions; peak server RSS {peak_rss:.0f} MB")
    print(json.dumps({
        "benchmark": "classroom_load", "sessions": args.trainers + args.browsers, "trainers": args.trainers,
        "browsers": args.browsers, "warm_up_visit": not args.cold, "train_query": TRAIN_QUERY,
        "max_concurrent_jobs": args.limit,
        "think_s": args.think, "trainings_finished": sum(r["finished"] for r in trained),
        "all_trainings_finished": all(r["finished"] for r in trained),
        "error_boxes": problems, "no_errors": problems == 0,
        "peak_training_seen": max(state["running"]), "peak_queued_seen": max(state["queued"]),
        "samples_over_limit": sum(n > args.limit for n in state["running"]), "samples": len(state["running"]),
        "peak_training_in_runs_db": peak_overlap(db),
        "limit_held": peak_overlap(db) <= args.limit,
        "peak_server_rss_mb": round(peak_rss), "memory_budget_mb": MEMORY_BUDGET_MB,
        "within_memory_budget": peak_rss < MEMORY_BUDGET_MB,
        "page_renders": len(times), "page_median_s": round(statistics.median(times), 2),
        "page_worst_s": round(times[-1], 2),
        "page_p90_s": round(times[int(0.9 * (len(times) - 1))], 2),
        "train_seconds": [round(r["seconds"], 1) for r in trained],
        "total_s": round(time.perf_counter() - started, 1), "load_average_1min": round(os.getloadavg()[0], 1),
    }))


if __name__ == "__main__":
    main()
