"""A class on one server: 12 real browser sessions, half of them training Fashion-MNIST, half browsing the pages.

Starts `streamlit run app.py` with DNN_MAX_CONCURRENT_JOBS (default 2) and opens one chromium with one context
per student. Trainers open /train?dataset=fashion_mnist&train_size=6000&epochs=1 and press Train; browsers click
through Home, Learn, Compare, Inspect and Draw until the trainers are done, timing each page's render (click to
Streamlit idle with the page's title shown). Every 0.5 s it samples the server's memory (RSS of its process tree,
from /proc) and how many trainers' pages show a running training (progress bar) versus a queue notice. At the end
every page is checked for an exception box or an st.error. Last line: JSON.

``--executor`` says where the trainings run: ``process`` (the app's default) in worker processes of the server,
``local`` on threads of the server process (DNN_EXECUTOR=threads), ``ray`` on Ray workers, ``both`` the same
class on local then process, in one invocation (the machine is shared and noisy, so a comparison is only fair
within one invocation); a comma-separated list of them (``local,ray``, ``local,process,ray``) runs each in turn.
``ray`` uses DNN_RAY_ADDRESS when this process has it (a running cluster: its workers are not in the server's
process tree), else starts the server with DNN_RAY_ADDRESS=local and DNN_RAY_CPUS=2 (a private Ray instance inside
the server's process tree, in a private RAY_TMPDIR so it cannot join another `ray start` cluster on the machine);
every process of that tree still alive after the server stops is killed. Every executor gets
DNN_MAX_CONCURRENT_JOBS=--limit.

The server logs each full page script run (DNN_SCRIPT_TIMES): its wall time and the CPU time of the thread that ran
it (``cpu``: the page's own work, apart from waiting for a core on a busy machine). The benchmark reports their
median and 90th percentile, all pages together and per page, without the warm-up visit: what the server costs a
student, apart from the browsers running on the same machine; ``script_while_training`` and
``script_after_training`` split them at the last training's end in the runs database (the log has no times: the
benchmark dates each line as it appears, to 0.25 s).
``last_training_finished_s`` counts from the class's start (after the warm-up) to the last trainer's test accuracy
on its page. Memory is the server's process tree, split into the server process itself and its children (with
DNN_RAY_ADDRESS=local: Ray's GCS, raylet, agents and workers); ``cpu_seconds`` splits the class's CPU time the same
way, Ray's training actors apart. With more than one executor the last line holds each executor's figures side by
side, Draw's and Inspect's script runs (median wall and CPU) per executor, and, for each executor against threads
(``local``, the baseline, when it ran): ``{name}_p90_at_most_local`` (all script runs of the class),
``{name}_p90_at_most_local_while_training``, and ``done_when``: Draw's and Inspect's median CPU ≤ 0.3 s and
median wall no worse than with threads, the whole p90 no worse than with threads.
``watched_pages_while_training`` and ``{page}_wall_median_at_most_local_while_training`` make the same comparison
with only the script runs made while the trainings ran: each class browses until its own trainings end, so the
executor that trains faster has more of its visits on an idle server after them, and its plain medians count them.

``--browser-nice`` sets chromium's priority. By default (0) the class's 12 browsers share the server's 2 cores at the
server's own priority, so the worker processes (niceness 5) train more slowly than the server's threads, and the page
process waits for cores the browsers hold. ``--browser-nice idle`` runs chromium at SCHED_IDLE, as
benchmarks/ui_overhead.py does: the browsers then stand for the students' own computers and take only the cores the
server and its workers leave idle (their own page renders get slower, and are not what the Done-when lines judge).

Before the class arrives one visit opens Home (as the teacher would); --cold skips it. Simultaneous first visits
to a server that has served nobody yet once failed (a sub-page drawn outside the shell, or "ImportError: cannot
import name 'sidebar' from 'pages'"); the server's lifespan now prevents that, and
tests/browser/test_first_visits_browser.py checks it.

    python benchmarks/classroom_load.py [--executor process|local|ray|both|LIST] [--trainers 6] [--browsers 6]
                                        [--limit 2] [--browser-nice 0|idle|N]

The running count is read from the pages, which redraw their live view once a second: a hand-over between two
jobs can show both as running until the pages redraw (seconds on a loaded server), so ``peak_training_seen`` may
overstate at a hand-over. ``limit_held`` is judged from the runs database instead: each run's row is started and
ended inside the job's slot, so the most overlapping [started_at, ended_at] intervals is the most jobs running.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from playwright.async_api import TimeoutError as PlaywrightTimeout  # noqa: E402

from dnn_core.i18n import t  # noqa: E402
from tests.browser.conftest import CHROMIUM_ARGS, IDLE, niced_chromium, start_app_server, wait_for_port  # noqa: E402

TRAIN_QUERY = "dataset=fashion_mnist&train_size=6000&epochs=1"
TOUR = [("nav.learn", "learn.title"), ("nav.compare", "compare.title"), ("nav.inspect", "inspect.title"),
        ("nav.draw", "nav.draw"), ("nav.home", "app.title")]
# rendered: Streamlit idle with the page's title shown, or an exception box (counted later, never waited out)
RENDERED = """title => document.querySelector('[data-testid=stException]') !== null
    || document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state') === 'notRunning'
    && [...document.querySelectorAll('h1')].some(h => h.textContent.includes(title))"""
PROBLEMS = "[data-testid=stException], [data-testid=stAlertContentError]"
RAY_WHERE = t("executor.where.ray", "en", node="", pid="").split(":")[0]  # 'Trained on a Ray worker'
LOCAL_WHERE = t("executor.where.local", "en", pid="").split("(")[0].strip()  # 'Trained in the server process'
PROCESS_WHERE = t("executor.where.process", "en", pid="").split("(")[0].strip()  # 'Trained in a worker process…'
SAMPLE_S = 0.5
CLOCK_S = 0.25
MEMORY_BUDGET_MB = 2500


def process_tree(root_pid: int, cpu: dict | None = None) -> dict[tuple[int, int], float]:
    """A process and all its descendants: {(pid, start time): resident memory in MB}; the root's start time is
    None. With ``cpu``, also sets cpu[(pid, start time)] = (name, CPU seconds used so far) for each of them."""
    children: dict[int, list[tuple[int, int]]] = {}
    used: dict[int, tuple[str, float]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # the process ended while we looked
        fields = text[text.rindex(")") + 2:].split()
        children.setdefault(int(fields[1]), []).append((int(stat.parent.name), int(fields[19])))
        used[int(stat.parent.name)] = (text[text.index("(") + 1:text.rindex(")")],
                                       (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"))
    tree, todo = {}, [(root_pid, None)]
    while todo:
        pid, start = todo.pop()
        try:
            pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        except OSError:
            continue
        tree[(pid, start)] = pages * os.sysconf("SC_PAGE_SIZE") / 2**20
        if cpu is not None and pid in used:
            cpu[(pid, start)] = used[pid]
        todo.extend(children.get(pid, []))
    return tree


def cpu_seconds(cpu: dict, executor: str) -> dict:
    """CPU seconds used by the server process, its worker processes (``python -m dnn_core.running.worker``: every child
    with ``executor`` process), Ray's workers (the trainings' and the pages' actors) and Ray's other processes."""
    split = {"server_process": 0.0, "worker_processes": 0.0, "ray_workers": 0.0, "ray_other": 0.0}
    for (_, start), (name, seconds) in cpu.items():
        kind = ("server_process" if start is None else "worker_processes" if executor == "process"
                else "ray_workers" if name.startswith("ray::Remote") else "ray_other")
        split[kind] += seconds
    return {kind: round(seconds, 1) for kind, seconds in split.items()}


def kill_leftovers(seen: set[tuple[int, int]]) -> list[int]:
    """SIGKILL every process seen in the server's tree that still lives (same pid and start time); their pids."""
    killed = []
    for pid, start in seen:
        if start is None:
            continue  # the server itself: waited for by its Popen
        try:
            text = Path(f"/proc/{pid}/stat").read_text()
            if int(text[text.rindex(")") + 2:].split()[19]) != start:
                continue  # the pid was reused by another process
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)
        except (OSError, ValueError):
            continue  # already gone
    return killed


def percentile(values: list[float], q: float) -> float | None:
    """The q-th quantile by nearest rank: the smallest value with at least a fraction q of all values at or below
    it (with few values, the 90th percentile is the largest, never the smallest)."""
    values = sorted(values)
    return values[max(0, math.ceil(q * len(values)) - 1)] if values else None


def summary(values: list[float]) -> dict:
    return {"n": len(values), "median_s": round(statistics.median(values), 3) if values else None,
            "p90_s": round(percentile(values, 0.9), 3) if values else None,
            "max_s": round(max(values), 3) if values else None}


def script_summary(runs: list[dict]) -> dict:
    """Wall-time ``summary`` of script runs, with the median and 90th percentile of their CPU time."""
    cpu = [run["cpu_seconds"] for run in runs if "cpu_seconds" in run]  # logs of servers before it had none
    return {**summary([run["seconds"] for run in runs]),
            "cpu_median_s": round(statistics.median(cpu), 3) if cpu else None,
            "cpu_p90_s": round(percentile(cpu, 0.9), 3) if cpu else None}


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
    finished_at = None
    try:
        await done.or_(failed).first.wait_for(timeout=state["deadline_s"] * 1000)
        finished_at = time.perf_counter() - state["class_start"]
        await page.wait_for_selector(IDLE)
    except PlaywrightTimeout:
        pass  # reported as not finished
    state["pages"][index] = None
    finished = await done.count() > 0
    # the Test accuracy this trainer's page shows ("86.20 %"), read from the metric itself
    accuracy = await done.locator("[data-testid=stMetricValue]").inner_text() if finished else None
    text = await page.locator("[data-testid=stMain]").inner_text(timeout=30_000)
    # the caption under the results says where the model was trained
    where = ("ray" if RAY_WHERE in text else "local" if LOCAL_WHERE in text else "process" if PROCESS_WHERE in text
             else "?")
    out = {"seconds": time.perf_counter() - start, "finished": finished, "test_accuracy": accuracy,
           "finished_at": finished_at if finished else None, "where": where,
           "problems": await count_problems(page)}
    if not finished:  # what the page showed instead of its result, to tell why
        state_attr = await page.locator("[data-testid=stApp]").get_attribute("data-test-script-state")
        out["unfinished_page"] = {"script_state": state_attr,
                                  "text": " ".join(text.split())[-600:]}
    return out


async def browser_session(context, base: str, trainers_done: asyncio.Event, think_s: float) -> dict:
    """Tour the other pages until the trainers are done (at least once round), timing each render."""
    page = await context.new_page()
    page.set_default_timeout(300_000)
    await page.goto(base)
    await wait_rendered(page, t("app.title", "en"))
    times, by_page, problems, rounds = [], {}, 0, 0
    while not trainers_done.is_set() or rounds == 0:
        for nav_key, title_key in TOUR:
            start = time.perf_counter()
            await page.locator("[data-testid=stSidebarNav] a", has_text=t(nav_key, "en")).first.click()
            await wait_rendered(page, t(title_key, "en"))
            times.append(time.perf_counter() - start)
            by_page.setdefault(nav_key.removeprefix("nav."), []).append(times[-1])
            problems += await count_problems(page)
            await asyncio.sleep(think_s)  # a student reads the page before the next click (load model, not sync)
        rounds += 1
    return {"times": times, "by_page": by_page, "problems": problems, "rounds": rounds}


async def script_clock(script_times: Path, state: dict, stop: asyncio.Event) -> None:
    """Every CLOCK_S, how many script runs the server has logged: the log has no times, this dates its lines (to
    CLOCK_S), so runs during the trainings can be told from runs after them."""
    while not stop.is_set():
        try:
            lines = script_times.read_bytes().count(b"\n")  # a few hundred short lines
        except OSError:
            lines = 0
        state["script_clock"].append((time.perf_counter() - state["class_start"], lines))
        try:
            await asyncio.wait_for(stop.wait(), CLOCK_S)
        except asyncio.TimeoutError:
            pass


def dated_runs(runs: list[dict], clock: list[tuple[float, int]], first: int) -> list[tuple[float, dict]]:
    """(seconds after the class started when the run was first seen logged, run) for the runs from line ``first``."""
    dated, at = [], 0
    for index, run in enumerate(runs):
        while at < len(clock) and clock[at][1] <= index:
            at += 1
        if index >= first:
            dated.append((clock[at][0] if at < len(clock) else math.inf, run))
    return dated


async def sampler(server_pid: int, state: dict, stop: asyncio.Event) -> None:
    """Every SAMPLE_S: server memory, and how many trainers' pages show a running or a queued training."""
    queued_text = t("train.queued", "en", position=1).split(":")[0]
    while not stop.is_set():
        tree = process_tree(server_pid, state["cpu"])
        state["seen"].update(tree)
        state["rss"].append(sum(tree.values()))
        state["rss_server"].append(sum(mb for (pid, _), mb in tree.items() if pid == server_pid))
        state["children"].append(len(tree) - 1)
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
                    think_s: float, deadline_s: float, script_times: Path, executor: str,
                    browser_nice: str = "0") -> dict:
    from playwright.async_api import async_playwright

    state = {"pages": {}, "rss": [], "rss_server": [], "children": [], "seen": set(), "running": [], "queued": [],
             "script_clock": [], "cpu": {}, "deadline_s": deadline_s}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=niced_chromium(browser_nice), args=CHROMIUM_ARGS)
        contexts = [await browser.new_context(viewport={"width": 1280, "height": 900})
                    for _ in range(trainers + browsers)]
        if warm_up:  # the teacher opens the app first: concurrent first visits to a fresh server can fail
            page = await contexts[0].new_page()
            await page.goto(base)
            await wait_rendered(page, t("app.title", "en"))
            await page.close()
        state["script_runs_before_class"] = len(read_script_times(script_times))
        state["class_start"], state["class_start_wall"] = time.perf_counter(), time.time()
        process_tree(server_pid, state["cpu"])
        state["cpu_before_class"] = cpu_seconds(state["cpu"], executor)
        stop, trainers_done = asyncio.Event(), asyncio.Event()
        sampling = asyncio.create_task(sampler(server_pid, state, stop))
        clock = asyncio.create_task(script_clock(script_times, state, stop))
        training = asyncio.gather(*(trainer(contexts[i], base, state, i) for i in range(trainers)))
        browsing = asyncio.gather(*(browser_session(contexts[trainers + i], base, trainers_done, think_s)
                                    for i in range(browsers)))
        trained = await training
        trainers_done.set()
        browsed = await browsing
        state["class_s"] = time.perf_counter() - state["class_start"]
        stop.set()
        await sampling
        await clock
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


def read_script_times(path: Path) -> list[dict]:
    """The server's log of full page script runs (DNN_SCRIPT_TIMES), one {"page", "seconds", "cpu_seconds"} per
    run."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def server_env(executor: str, limit: int, db: Path, script_times: Path, ray_tmp: Path) -> tuple[dict, str]:
    """The app server's environment for ``executor``, and where its Ray processes run (for the report)."""
    env = {"DNN_MAX_CONCURRENT_JOBS": str(limit), "DNN_OFFLINE": "1", "DNN_RUNS_DB": str(db),
           "DNN_SCRIPT_TIMES": str(script_times)}
    if executor in ("local", "process"):  # an empty DNN_RAY_ADDRESS is unset for the app, whatever this shell exports
        return {**env, "DNN_RAY_ADDRESS": "", "DNN_EXECUTOR": "threads" if executor == "local" else "process"}, "none"
    if os.environ.get("DNN_RAY_ADDRESS", "").strip() not in ("", "local"):
        return env, f"cluster at {os.environ['DNN_RAY_ADDRESS']}: its processes are not in the server's tree"
    # a private instance; its own RAY_TMPDIR, or ray.init() would join the last `ray start` of this machine
    return ({**env, "DNN_RAY_ADDRESS": "local", "DNN_RAY_CPUS": "2", "RAY_TMPDIR": str(ray_tmp)},
            "DNN_RAY_ADDRESS=local: GCS, raylet, agents and workers are children of the server, in its tree")


def run_class(executor: str, args) -> dict:
    """One class on a fresh server whose trainings run on ``executor``; its figures."""
    tmp = Path(tempfile.mkdtemp(prefix=f"dnn-class-{executor}-"))
    db, script_times = tmp / "runs.sqlite", tmp / "script_times.jsonl"
    env, ray_processes = server_env(executor, args.limit, db, script_times, tmp)
    server, port = start_app_server(env)
    started = time.perf_counter()
    out, seen = None, {(server.pid, None)}
    try:
        wait_for_port(port, server)
        out = asyncio.run(classroom(f"http://127.0.0.1:{port}", server.pid, args.trainers, args.browsers,
                                   warm_up=not args.cold, think_s=args.think, deadline_s=args.deadline,
                                   script_times=script_times, executor=executor, browser_nice=args.browser_nice))
    finally:
        seen.update(process_tree(server.pid, out["state"]["cpu"] if out is not None else None))
        if out is not None:
            seen.update(out["state"]["seen"])
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)
        time.sleep(2)  # Ray's processes end by themselves once the server is gone; give them a moment
        killed = kill_leftovers(seen)
    trained, browsed, state = out["trained"], out["browsed"], out["state"]
    times = sorted(x for b in browsed for x in b["times"])
    client_by_page = {}
    for b in browsed:
        for name, values in b["by_page"].items():
            client_by_page.setdefault(name, []).extend(values)
    dated = dated_runs(read_script_times(script_times), state["script_clock"], state["script_runs_before_class"])
    runs = [run for _, run in dated]  # the class, not the warm-up
    script_by_page = {}
    for run in runs:
        script_by_page.setdefault(run["page"], []).append(run)
    problems = sum(r["problems"] for r in trained) + sum(b["problems"] for b in browsed)
    peak_rss = max(state["rss"])
    finished_at = [r["finished_at"] for r in trained if r["finished_at"] is not None]
    where = {}
    for r in trained:
        where[r["where"]] = where.get(r["where"], 0) + 1
    overlap = peak_overlap(db)
    # while the trainings ran (until the last one seen finished, or the class's end if one never showed its result)
    # (the server's end, from the runs database: a page may never show a result its server finished; else the pages')
    ended_in_db = last_end_in_db(db, args.trainers)
    db_end = ended_in_db + 1 - state["class_start_wall"] if ended_in_db else None  # stored to the second
    training_end = db_end or (max(finished_at) if len(finished_at) == len(trained) else state["class_s"])
    while_training = [run for at, run in dated if at <= training_end]
    after_training = [run for at, run in dated if at > training_end]
    result = {
        "benchmark": "classroom_load", "executor": executor, "ray_processes": ray_processes,
        "sessions": args.trainers + args.browsers, "trainers": args.trainers,
        "browsers": args.browsers, "warm_up_visit": not args.cold, "train_query": TRAIN_QUERY,
        "max_concurrent_jobs": args.limit,
        "think_s": args.think, "trainings_finished": sum(r["finished"] for r in trained),
        "all_trainings_finished": all(r["finished"] for r in trained), "trained_on": where,
        # per trainer, in the order they pressed Train: the Test accuracy its page shows (None: never shown)
        "test_accuracy_shown": [r.get("test_accuracy") for r in trained],
        "every_trainer_shows_test_accuracy": all(r.get("test_accuracy") for r in trained),
        "last_training_finished_s": round(max(finished_at), 1) if finished_at else None,
        "last_training_ended_in_runs_db_s": round(db_end - 1) if db_end else None,
        "error_boxes": problems, "no_errors": problems == 0,
        "sessions_without_error_box": (sum(r["problems"] == 0 for r in trained)
                                       + sum(b["problems"] == 0 for b in browsed)),
        "peak_training_seen": max(state["running"]), "peak_queued_seen": max(state["queued"]),
        "samples_over_limit": sum(n > args.limit for n in state["running"]), "samples": len(state["running"]),
        "peak_training_in_runs_db": overlap, "finished_in_runs_db": finished_in_db(db),
        "limit_held": overlap <= args.limit,
        "script_runs": len(runs), "script_median_s": script_summary(runs)["median_s"],
        "script_p90_s": script_summary(runs)["p90_s"], "script_cpu_median_s": script_summary(runs)["cpu_median_s"],
        "script_by_page": {name: script_summary(values) for name, values in sorted(script_by_page.items())},
        "script_while_training": script_summary(while_training),
        "script_after_training": script_summary(after_training),
        "script_by_page_while_training": {name: script_summary([run for run in while_training if run["page"] == name])
                                          for name in sorted(script_by_page)},
        # the slowest tenth of the class's script runs, each with when it was logged (s after the class's start): a
        # p90 made by one moment (the server importing TensorFlow) reads differently from one spread over the class
        "slowest_script_runs": [{"at_s": round(at, 1), "page": run["page"], "s": round(run["seconds"], 2),
                                 "cpu_s": round(run["cpu_seconds"], 3)}
                                for at, run in sorted(dated, key=lambda d: -d[1]["seconds"])[:len(dated) // 10 + 1]],
        "warm_up_script_runs_left_out": state["script_runs_before_class"],
        "peak_server_rss_mb": round(peak_rss), "memory_budget_mb": MEMORY_BUDGET_MB,
        "within_memory_budget": peak_rss < MEMORY_BUDGET_MB,
        "peak_server_process_rss_mb": round(max(state["rss_server"])),
        "peak_children_rss_mb": round(max(total - own for total, own in zip(state["rss"], state["rss_server"]))),
        "peak_child_processes": max(state["children"]),
        # from the start of the class to its end (a process that ended between two samples lost its last 0.5 s)
        "cpu_seconds": {kind: round(seconds - state["cpu_before_class"].get(kind, 0), 1)
                        for kind, seconds in cpu_seconds(state["cpu"], executor).items()},
        "page_renders": len(times), "page_median_s": round(statistics.median(times), 2) if times else None,
        "page_worst_s": round(times[-1], 2) if times else None,  # none with --browsers 0
        "page_p90_s": round(times[int(0.9 * (len(times) - 1))], 2) if times else None,  # a lower rank, as always
        "page_by_page": {name: summary(values) for name, values in sorted(client_by_page.items())},
        "train_seconds": [round(r["seconds"], 1) for r in trained],
        "unfinished_pages": [r["unfinished_page"] for r in trained if "unfinished_page" in r],
        "class_s": round(state["class_s"], 1),
        "total_s": round(time.perf_counter() - started, 1), "load_average_1min": round(os.getloadavg()[0], 1),
        "leftover_processes_killed": len(killed),
    }
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"[{executor}] {result['trainings_finished']}/{args.trainers} trainers finished (on {where}), the last "
          f"{result['last_training_finished_s']} s after the class started; {len(times)} page renders by "
          f"{args.browsers} browsing sessions; server-side script runs: {len(runs)}, median "
          f"{result['script_median_s']} s, p90 {result['script_p90_s']} s; {page_line(result)}; peak RSS of the "
          f"server's tree "
          f"{peak_rss:.0f} MB (server process {result['peak_server_process_rss_mb']} MB)", flush=True)
    for number, shown in enumerate(result["test_accuracy_shown"], 1):
        print(f"[{executor}] trainer {number}: " + (f"Test accuracy {shown}" if shown else
                                                    "NO Test accuracy on the page"), flush=True)
    print(json.dumps(result), flush=True)
    return result


def done_when(result: dict) -> dict:
    """The issue's conditions on one executor's class (the p90 comparison is made across executors)."""
    return {"sessions_without_error_box": f"{result['sessions_without_error_box']}/{result['sessions']}",
            "all_trainings_finished": result["all_trainings_finished"], "limit_held": result["limit_held"]}


SIDE_BY_SIDE = (
    "trained_on", "trainings_finished", "last_training_finished_s", "last_training_ended_in_runs_db_s",
    "sessions_without_error_box", "error_boxes", "limit_held", "peak_training_in_runs_db", "finished_in_runs_db",
    "script_runs", "script_median_s", "script_p90_s", "script_while_training", "script_after_training",
    "page_renders", "page_median_s", "page_p90_s", "page_worst_s", "peak_server_rss_mb",
    "peak_server_process_rss_mb", "peak_children_rss_mb", "cpu_seconds", "class_s", "load_average_1min")


def last_end_in_db(db: Path, trainers: int) -> float | None:
    """When the last run ended (epoch seconds, to the second), if the runs database holds all ``trainers`` ended."""
    import sqlite3
    from datetime import datetime

    with sqlite3.connect(db) as con:
        ends = [row[0] for row in con.execute("SELECT ended_at FROM runs")]
    if len(ends) < trainers or None in ends:
        return None
    return max(datetime.fromisoformat(end).timestamp() for end in ends)


def finished_in_db(db: Path) -> int:
    """How many runs the runs database holds as finished (a page may fail to show a result the server has)."""
    import sqlite3

    with sqlite3.connect(db) as con:
        return con.execute("SELECT COUNT(*) FROM runs WHERE status = 'finished'").fetchone()[0]


EXECUTORS = ("local", "process", "ray")
EXECUTOR_LISTS = {"both": ("local", "process")}
WATCHED_PAGES = ("draw", "inspect")  # the pages whose models and evaluations moved to the workers
PAGE_CPU_S = 0.3  # their median CPU time in the server, at most


def page_line(result: dict) -> str:
    """Draw's and Inspect's server-side script runs in one line: median wall and CPU time."""
    parts = []
    for page in WATCHED_PAGES:
        found = result["script_by_page"].get(page, {})
        parts.append(f"{page} median {found.get('median_s')} s wall, {found.get('cpu_median_s')} s CPU")
    return "; ".join(parts)


def compared(results: dict) -> dict:
    """Each executor's figures side by side, Draw's and Inspect's script runs per executor, and each executor
    against threads (``local``) when it ran: the whole p90, Draw's and Inspect's median wall and CPU."""
    out = {"benchmark": "classroom_load", "executors": list(results),
           "side_by_side": {key: {name: results[name][key] for name in results} for key in SIDE_BY_SIDE},
           "script_p90_by_page": {page: {name: results[name]["script_by_page"].get(page, {}).get("p90_s")
                                         for name in results}
                                  for page in sorted({page for r in results.values() for page in r["script_by_page"]})},
           "watched_pages": {page: {name: {key: results[name]["script_by_page"].get(page, {}).get(key)
                                           for key in ("n", "median_s", "cpu_median_s", "p90_s")}
                                    for name in results} for page in WATCHED_PAGES},
           # the same while the trainings ran: a class whose trainings end sooner browses more of its visits on an
           # idle server, and its medians mix in more of them (threads: 29 of 80 runs after, processes: 20 of 130)
           "watched_pages_while_training": {
               page: {name: {key: results[name]["script_by_page_while_training"].get(page, {}).get(key)
                             for key in ("n", "median_s", "cpu_median_s")} for name in results}
               for page in WATCHED_PAGES}}
    local = results.get("local")
    for name, result in results.items():
        if name == "local" or local is None:
            continue
        p90_ok = result["script_p90_s"] <= local["script_p90_s"]
        out[f"{name}_p90_at_most_local"] = p90_ok
        # the same, counting only the script runs while each class's trainings ran (after them, both servers do
        # the same work, and a class whose last result page hangs browses on for --deadline seconds)
        out[f"{name}_p90_at_most_local_while_training"] = ((result["script_while_training"]["p90_s"] or 0)
                                                           <= (local["script_while_training"]["p90_s"] or 0))
        pages = {}
        for page in WATCHED_PAGES:
            mine, theirs = result["script_by_page"].get(page, {}), local["script_by_page"].get(page, {})
            cpu, wall, wall_local = mine.get("cpu_median_s"), mine.get("median_s"), theirs.get("median_s")
            pages[f"{page}_cpu_median_at_most_{PAGE_CPU_S}_s"] = cpu is not None and cpu <= PAGE_CPU_S
            pages[f"{page}_wall_median_at_most_local"] = None not in (wall, wall_local) and wall <= wall_local
            mine_busy = result["script_by_page_while_training"].get(page, {}).get("median_s")
            theirs_busy = local["script_by_page_while_training"].get(page, {}).get("median_s")
            pages[f"{page}_wall_median_at_most_local_while_training"] = (None not in (mine_busy, theirs_busy)
                                                                         and mine_busy <= theirs_busy)
        out[f"done_when_{name}"] = {**done_when(result), **pages, "p90_at_most_local": p90_ok}
    return {**out, **results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--executor", default="process",
                        help="where trainings run: in worker processes (process), on the server's threads (local), "
                             "on Ray workers (ray), local then process (both), or a comma-separated list")
    parser.add_argument("--trainers", type=int, default=6)
    parser.add_argument("--browsers", type=int, default=6)
    parser.add_argument("--limit", type=int, default=2, help="DNN_MAX_CONCURRENT_JOBS")
    parser.add_argument("--think", type=float, default=2.0, help="seconds a browsing student reads each page")
    parser.add_argument("--deadline", type=float, default=900, help="seconds a trainer waits for its result")
    parser.add_argument("--browser-nice", default="0",
                        help="chromium's priority: a niceness (0, the default: the class's browsers share the server's "
                             "cores), or 'idle' (SCHED_IDLE: browsers on the students' own computers)")
    parser.add_argument("--cold", action="store_true", help="no warm-up visit before the class opens the app")
    args = parser.parse_args()
    names = EXECUTOR_LISTS.get(args.executor, tuple(args.executor.split(",")))
    unknown = [name for name in names if name not in EXECUTORS]
    if unknown:
        parser.error(f"--executor: unknown {', '.join(unknown)}; allowed: {', '.join(EXECUTORS)}, both, or a list")
    if len(names) == 1:
        run_class(names[0], args)
        return
    results = {name: run_class(name, args) for name in names}
    print(json.dumps(compared(results)))


if __name__ == "__main__":
    main()
