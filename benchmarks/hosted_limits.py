"""Benchmark: the app on a hosted server's memory, a cgroup of N MB that it sees as a container would.

Run as root. It makes a child of this process's own memory cgroup (cgroup v1 here; v2 when
/sys/fs/cgroup/cgroup.controllers exists), sets its limit to --limit-mb (swap included where the kernel accounts
it: v1's memory.memsw.limit_in_bytes, v2's memory.swap.max), moves a launcher into it, and starts
``streamlit run app.py`` from there in new mount and cgroup namespaces with a fresh cgroup filesystem mounted, so
the app reads its own limit at /sys/fs/cgroup/memory/memory.limit_in_bytes (v1) or /sys/fs/cgroup/memory.max (v2),
as in a container. Chromium and this script stay outside the cgroup.

Then real browsers (Playwright and Debian's chromium) open lesson links on Build & Train and press Train: the
course model on full-size Fashion-MNIST (DNN_DATA_DIR or Debian's dataset-fashion-mnist), then links that cannot
fit (very wide dense layers at big batches, many wide convolutions), the borderline 2048,2048,2048 at 1,024 and
the course model again. For each link: whether it finished, was refused before it started or was stopped (with the
sentence the page shows), or whether the server died; the server's health after it (GET /_stcore/health and its
process alive); the cgroup's peak memory during the link (memory.max_usage_in_bytes, reset before each link, on v1;
memory.peak since the start on v2) and its OOM kills (oom_kill in memory.oom_control on v1, memory.events on v2);
and the runs database's rows recorded before it that it lost. A server that died is started again, in the same
cgroup, for the next link. Last line: JSON.

At the end, even on an error or Ctrl-C: every process in the cgroup is killed and the cgroup removed.

    sudo python benchmarks/hosted_limits.py --limit-mb 2700 [--links course,wide] [--root CHECKOUT]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dnn_core.i18n import t  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, IDLE, free_port  # noqa: E402

MB = 2**20
COURSE = "dataset=fashion_mnist&epochs=1"
LINKS = {  # name -> Build & Train's query string
    "course": COURSE,
    "wide": "dataset=fashion_mnist&layers=4096,4096&batch_size=2048&epochs=1",
    "conv": "dataset=fashion_mnist&layers=conv256,conv256,conv256,pool&batch_size=1024&epochs=1",
    "wider": "dataset=fashion_mnist&layers=4096,4096,4096,4096&batch_size=8192&epochs=1",
    "border": "dataset=fashion_mnist&layers=2048,2048,2048&batch_size=1024&epochs=1",
    "course again": COURSE,
}
LINK_TIMEOUT_S = 1200
WORKER_STEADY_S = 5  # a warm worker whose size has not moved for this long has finished loading TensorFlow
PAGE_TIMEOUT_MS = 600_000  # a page's first render on a loaded 2-core machine can take minutes
FINISHED = "[data-testid=stMetric]:has-text('{}')".format(t("train.test_accuracy", "en"))
ERROR = "[data-testid=stAlertContentError], [data-testid=stException]"
REFUSED = t("job.error.too_big.weights", "en", need="{", budget="").split("{")[0]  # 'This training would need about'


# ---- the cgroup -------------------------------------------------------------------------------------------------

class CgroupV1:
    """A child of this process's memory cgroup (v1) with a limit; what the app sees, its peak and its OOM kills."""

    version = "v1"
    # inside the new namespaces: a fresh /sys/fs/cgroup (v1 will not mount a hierarchy again where it is mounted)
    mount = ("mount -t tmpfs dnn-hosted /sys/fs/cgroup && mkdir /sys/fs/cgroup/memory"
             " && mount -t cgroup -o memory dnn-hosted /sys/fs/cgroup/memory")
    limit_file = "/sys/fs/cgroup/memory/memory.limit_in_bytes"  # where the app reads its limit (dnn_core.engine.memory)

    def __init__(self, limit_mb: int):
        own = next(line.split(":", 2)[2].strip() for line in Path("/proc/self/cgroup").read_text().splitlines()
                   if "memory" in line.split(":")[1].split(","))
        self.path = Path("/sys/fs/cgroup/memory") / own.lstrip("/") / f"dnn-hosted-{limit_mb}"
        self.limit = limit_mb * MB

    def create(self) -> None:
        self.path.mkdir()
        (self.path / "memory.limit_in_bytes").write_text(str(self.limit))
        swap = self.path / "memory.memsw.limit_in_bytes"
        if swap.exists():  # memory + swap may not exceed the limit either: no escape into swap
            swap.write_text(str(self.limit))

    def peak_bytes(self) -> int:
        return int((self.path / "memory.max_usage_in_bytes").read_text())

    def usage_bytes(self) -> int:
        return int((self.path / "memory.usage_in_bytes").read_text())

    def reset_peak(self) -> bool:
        (self.path / "memory.max_usage_in_bytes").write_text("0")
        return True

    def oom_kills(self) -> int:
        return _counter(self.path / "memory.oom_control", "oom_kill")


class CgroupV2(CgroupV1):
    """The same on the unified hierarchy (Documentation/admin-guide/cgroup-v2.rst): memory.max, memory.swap.max,
    memory.peak, and oom_kill in memory.events."""

    version = "v2"
    mount = "umount -l /sys/fs/cgroup; mount -t cgroup2 dnn-hosted /sys/fs/cgroup"
    limit_file = "/sys/fs/cgroup/memory.max"

    def __init__(self, limit_mb: int):
        own = next(line[3:].strip() for line in Path("/proc/self/cgroup").read_text().splitlines()
                   if line.startswith("0::"))
        self.parent = Path("/sys/fs/cgroup") / own.lstrip("/")
        self.path = self.parent / f"dnn-hosted-{limit_mb}"
        self.limit = limit_mb * MB

    def create(self) -> None:
        # the memory controller must be enabled for the parent's children ("no internal processes": this fails
        # when the parent holds processes and is not the root; run from a delegated scope then, e.g.
        # systemd-run --scope -p Delegate=yes)
        if "memory" not in (self.parent / "cgroup.subtree_control").read_text().split():
            (self.parent / "cgroup.subtree_control").write_text("+memory")
        self.path.mkdir()
        (self.path / "memory.max").write_text(str(self.limit))
        if (self.path / "memory.swap.max").exists():
            (self.path / "memory.swap.max").write_text("0")

    def peak_bytes(self) -> int:
        return int((self.path / "memory.peak").read_text())

    def usage_bytes(self) -> int:
        return int((self.path / "memory.current").read_text())

    def reset_peak(self) -> bool:
        return False  # memory.peak resets only per open file (Linux 6.12): reported since the start

    def oom_kills(self) -> int:
        return _counter(self.path / "memory.events", "oom_kill")


def _counter(path: Path, name: str) -> int:
    """A 'name value' line of a cgroup's flat-keyed file (0 when the kernel has no such line)."""
    for line in path.read_text().splitlines():
        key, _, value = line.partition(" ")
        if key == name:
            return int(value)
    return 0


def make_cgroup(limit_mb: int) -> CgroupV1:
    return CgroupV2(limit_mb) if Path("/sys/fs/cgroup/cgroup.controllers").exists() else CgroupV1(limit_mb)


def pids_in(cgroup: CgroupV1) -> list[int]:
    try:
        return [int(pid) for pid in (cgroup.path / "cgroup.procs").read_text().split()]
    except OSError:
        return []


def remove(cgroup: CgroupV1) -> None:
    """Kill every process in the cgroup (the server and anything it started), then remove the cgroup."""
    for _ in range(100):
        pids = pids_in(cgroup)
        if not pids:
            break
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.1)  # waiting for the kernel to reap them, not synchronising with the app
    for _ in range(50):
        try:
            cgroup.path.rmdir()
            return
        except FileNotFoundError:
            return
        except OSError:
            time.sleep(0.1)  # the last exits are still being accounted
    print(f"could not remove {cgroup.path}", file=sys.stderr)


def in_cgroup(cgroup: CgroupV1, command: list[str]) -> list[str]:
    """``command`` run by a launcher that enters the cgroup, then new mount and cgroup namespaces (whose cgroup
    root is the new cgroup) with a cgroup filesystem mounted: what a container shows."""
    inner = f'{cgroup.mount} && exec "$@"'
    outer = 'echo $$ > "$0" && exec unshare --mount --cgroup sh -c "$1" "${@:2}"'
    return ["bash", "-c", outer, str(cgroup.path / "cgroup.procs"), inner, "sh", *command]


def seen_inside(cgroup: CgroupV1) -> dict:
    """What a process in the cgroup reads: its /proc/self/cgroup and its memory limit file."""
    look = f"cat {cgroup.limit_file}; grep -E 'memory|^0::' /proc/self/cgroup"
    done = subprocess.run(in_cgroup(cgroup, ["sh", "-c", look]), capture_output=True, text=True, timeout=30)
    lines = done.stdout.split()
    return {"limit_mb": int(lines[0]) / MB if lines and lines[0].isdigit() else None,
            "own_cgroup": lines[1] if len(lines) > 1 else done.stderr.strip()[-200:]}


# ---- the app ----------------------------------------------------------------------------------------------------

class Server:
    """``streamlit run app.py`` inside the cgroup; its health, and a restart when it died."""

    def __init__(self, cgroup: CgroupV1, root: Path, workdir: Path):
        self.cgroup, self.root, self.workdir = cgroup, root, workdir
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.starts = 0

    def start(self) -> None:
        self.port = free_port()
        env = {**os.environ, "DNN_OFFLINE": "1", "DNN_RUNS_DB": str(self.workdir / "runs.sqlite"),
               "TF_CPP_MIN_LOG_LEVEL": "2"}
        env.pop("DNN_MEMORY_BUDGET_MB", None)  # the budget follows the cgroup's limit, as on a hosted server
        command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(self.port),
                   "--server.headless", "true", "--server.fileWatcherType", "none",
                   "--browser.gatherUsageStats", "false"]
        log = open(self.workdir / f"server-{self.starts + 1}.log", "w")
        self.process = subprocess.Popen(in_cgroup(self.cgroup, command), cwd=self.root, env=env, stdout=log,
                                        stderr=subprocess.STDOUT)
        self.starts += 1
        end = time.monotonic() + 120
        while not self.healthy():
            if not self.alive() or time.monotonic() > end:
                raise RuntimeError(f"the server did not start; see {log.name}")
            time.sleep(0.5)  # polling the health endpoint, not synchronising with the app

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=5) as answer:
                return answer.status == 200 and answer.read().strip() == b"ok"
        except OSError:
            return False

    def stop(self) -> None:
        if self.alive():
            self.process.kill()
        if self.process is not None:
            self.process.wait(timeout=30)


def worker_pids(cgroup: CgroupV1) -> list[int]:
    """The app's worker processes (``python -m dnn_core.running.worker``) in the cgroup."""
    found = []
    for pid in pids_in(cgroup):
        try:
            if b"dnn_core.running.worker" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(pid)
        except OSError:
            continue  # ended meanwhile
    return found


def idle_workers(cgroup: CgroupV1, settle_s: float = 90) -> list[float]:
    """The private memory (MB) of each warm worker once it has loaded TensorFlow: polled until the workers and
    their sizes hold still for WORKER_STEADY_S (a worker loads TensorFlow for ~8 s after the first page)."""
    from dnn_core.running.memory_watch import (
        _status_kb,  # anonymous pages: read from outside, the cgroup counts the server
    )

    def private_mb(pid: int) -> float | None:
        kb = _status_kb(pid, "RssAnon", "RssShmem")
        return kb / 1024 if kb is not None else None

    end, last, steady_since = time.monotonic() + settle_s, None, time.monotonic()
    while time.monotonic() < end:
        sizes = {pid: round(private_mb(pid) or 0) for pid in worker_pids(cgroup)}
        if last is None or sizes.keys() != last.keys() or any(abs(sizes[p] - last[p]) > 5 for p in sizes):
            last, steady_since = sizes, time.monotonic()
        elif time.monotonic() - steady_since >= WORKER_STEADY_S and all(mb > 100 for mb in sizes.values()):
            break
        time.sleep(0.5)  # polling the workers' memory, not synchronising with the app
    return sorted(last.values()) if last else []


def runs_recorded(db: Path) -> dict[int, tuple[str, bool]]:
    """Every run in the runs database: id -> (status, whether its model file is there)."""
    if not db.exists():
        return {}
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT id, status, model_file FROM runs").fetchall()
    return {run_id: (status, bool(model) and (db.parent / "models" / model).exists()) for run_id, status, model in rows}


def lost(before: dict, after: dict) -> list[int]:
    """Runs that had ended before and are gone, changed or without their model file now."""
    return [run_id for run_id, (status, model) in before.items()
            if status != "running" and (run_id not in after or after[run_id][0] != status
                                        or (model and not after[run_id][1]))]


def press_train(browser, server: Server, query: str) -> dict:
    """Open Build & Train at ``query`` in a new session, press Train and wait for the outcome."""
    context = browser.new_context(viewport={"width": 1400, "height": 1600})
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    started = time.monotonic()
    try:
        page.goto(f"{server.url}/train?{query}")
        page.wait_for_selector(IDLE)
        page.locator(".st-key-train_button button").click()
        outcome, sentence = "timeout", ""
        while time.monotonic() - started < LINK_TIMEOUT_S:
            if page.locator(FINISHED).count():
                outcome = "finished"
                break
            if page.locator(ERROR).count():
                box = page.locator(ERROR).first
                text = box.locator("[data-testid=stMarkdownContainer]")  # the sentence without the icon's name
                sentence = " ".join((text.first if text.count() else box).inner_text().split())
                outcome = "refused" if REFUSED in sentence else "stopped"
                break
            if not server.alive() or not server.healthy():
                outcome = "server died"
                break
            time.sleep(1)  # polling the page and the server
        return {"outcome": outcome, "sentence": sentence, "seconds": round(time.monotonic() - started, 1)}
    finally:
        context.close()


def try_link(browser, server: Server, cgroup: CgroupV1, name: str, query: str) -> dict:
    """One lesson link: its outcome, the server's health after it, the cgroup's memory and OOM kills, lost runs."""
    db = server.workdir / "runs.sqlite"
    before, kills = runs_recorded(db), cgroup.oom_kills()
    per_link = cgroup.reset_peak()
    outcome = press_train(browser, server, query)
    time.sleep(2)  # let a dying server finish dying before its health is judged
    health = {"health_ok": server.healthy(), "server_alive": server.alive()}
    after = runs_recorded(db)
    new = sorted(set(after) - set(before))
    result = {"link": name, "query": query, **outcome, **health,
              f"cgroup_peak_mb_{'link' if per_link else 'since_start'}": round(cgroup.peak_bytes() / MB),
              "oom_kills": cgroup.oom_kills() - kills, "runs_lost": lost(before, after),
              "new_runs": [after[run_id][0] for run_id in new], "server_restarted": False}
    if not (health["health_ok"] and health["server_alive"]):
        server.stop()
        server.start()
        result["server_restarted"] = True
        result["runs_lost"] = lost(before, runs_recorded(db))  # a restart marks interrupted runs: nothing lost
    print(json.dumps(result), flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit-mb", type=int, required=True)
    parser.add_argument("--links", default=",".join(LINKS), help=f"comma-separated, of: {', '.join(LINKS)}")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose app.py to run")
    parser.add_argument("--keep", action="store_true", help="keep the server logs and runs database")
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("hosted_limits.py makes a cgroup and mounts inside namespaces: run it as root")

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a kill still cleans up (finally below)
    cgroup, workdir = make_cgroup(args.limit_mb), Path(tempfile.mkdtemp(prefix="dnn-hosted-"))
    cgroup.create()
    server = Server(cgroup, args.root.resolve(), workdir)
    results, report = [], {}
    try:
        seen = seen_inside(cgroup)
        server.start()
        from playwright.sync_api import sync_playwright  # in requirements-dev.txt

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(server.url)  # Home first, as the teacher would: the server's idle size below
            page.wait_for_selector(IDLE, timeout=PAGE_TIMEOUT_MS)
            page.close()
            idle_mb = round(cgroup.usage_bytes() / MB)
            warm = idle_workers(cgroup)  # the workers the server started for the class, once they are ready
            for name in [n.strip() for n in args.links.split(",") if n.strip()]:
                results.append(try_link(browser, server, cgroup, name, LINKS[name]))
            browser.close()
        report = {"benchmark": "hosted_limits", "limit_mb": args.limit_mb, "cgroup": cgroup.version,
                  "app_sees": seen, "idle_mb_after_home": idle_mb,
                  "warm_workers": len(warm), "warm_workers_private_mb": warm, "server_starts": server.starts,
                  "cgroup_peak_mb": round(cgroup.peak_bytes() / MB), "oom_kills": cgroup.oom_kills(),
                  "runs_lost": sorted({run for r in results for run in r["runs_lost"]}),
                  "server_healthy_after_every_link": all(r["health_ok"] and r["server_alive"] for r in results),
                  "links": [{k: r[k] for k in ("link", "outcome", "sentence", "seconds", "health_ok",
                                               "server_alive", "oom_kills", "new_runs")
                             } | {k: v for k, v in r.items() if k.startswith("cgroup_peak")} for r in results]}
    finally:
        server.stop()
        remove(cgroup)
        if args.keep:
            print(f"server logs and runs database kept in {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
