"""A worker process: ``python -m dnn_core.running.worker FD`` runs the server's tasks one at a time with TensorFlow
loaded once, and ends when the server's end of the pipe on file descriptor FD closes (the server ended, or was killed).

The protocol, one pickled tuple a message:
  server → worker  ("run", task, payload)   a task of ``TASKS`` on its payload
                   ("stop",)                ask the running task to stop (within one batch for training)
  worker → server  ("ready", where)         once, when TensorFlow is loaded
                   ("event", progress)      while a task runs, as it reports
                   ("done", measured)       then the task's result as the next message
                   ("failed", error)        the task raised ``error`` (a PeopleError keeps its key and parameters)
A task is a function (payload, report, should_stop) -> plain result; "work" runs any kind of ``dnn_core.running.work``.
"""

from __future__ import annotations

import ctypes
import gc
import os
import pickle
import queue
import signal
import sys
import threading
from multiprocessing.connection import Connection
from typing import Any, Callable

from dnn_core.engine.data import load_dataset
from dnn_core.engine.progress import Report
from dnn_core.running.memory_watch import oom_score_adj, peak_growth_mb, raise_oom_score, reset_peak
from dnn_core.running.portable import StopFlag, here
from dnn_core.running.served_tasks import SERVED
from dnn_core.running.work import Work, perform_and_pack


def run_work(work: Work, report: Report, should_stop: StopFlag) -> object:
    """A kind of work (``dnn_core.running.work``) on this worker's copy of its data; its result as plain data."""
    return perform_and_pack(work, load_dataset(work.config.dataset), report, should_stop, here("process"))


# SERVED: the pages' short tasks (Inspect's bundle, an upload's trial load)
TASKS: dict[str, Callable[..., Any]] = {"work": run_work, **SERVED}


class Pipe:
    """This worker's end of the pipe: whole messages, sent by one thread at a time."""

    def __init__(self, fd: int):
        self.connection = Connection(fd)
        self._lock = threading.Lock()

    def send(self, message: tuple) -> None:
        self.send_bytes(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))

    def send_bytes(self, data: bytes) -> None:
        with self._lock:
            self.connection.send_bytes(data)


def listen(pipe: Pipe, tasks: queue.Queue, current: list[StopFlag]) -> None:
    """Read the server's messages: a task goes to the queue with a new stop flag, a stop sets the running task's
    flag; at the pipe's end the server is gone, and so is this worker, at once."""
    while True:
        try:
            message = pipe.connection.recv()
        except (EOFError, OSError):
            os._exit(0)
        if message[0] == "stop":
            current[0].set()
        else:
            current[0] = StopFlag()
            tasks.put((message[1], message[2], current[0]))


def portable_error(exc: Exception) -> Exception:
    """``exc`` if it survives pickling whole, else a RuntimeError with its text."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError(f"{exc.__class__.__name__}: {exc}")


def run_task(pipe: Pipe, task: str, payload: Any, should_stop: StopFlag) -> None:
    """Run one task and send its end: ("done", measured) and the result, or ("failed", error)."""
    since = reset_peak()
    try:
        result = pickle.dumps(TASKS[task](payload, lambda event: pipe.send(("event", event)), should_stop),
                              protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # the server raises it in the job, which then fails with its text
        pipe.send(("failed", portable_error(exc)))
        return
    finally:
        free_memory()
    pipe.send(("done", {"peak_mb": peak_growth_mb(since)}))  # measured with the result's bytes still held
    pipe.send_bytes(result)


# Trainings yield a core to the process that draws the pages: with 12 browsers on 2 cores, Draw's script runs
# waited 0.19 s for one against 0.07 s when the trainings ran on the server's own threads (classroom_load.py)
WORKER_NICENESS = 5


def free_memory() -> None:
    """Give back what a finished task held: Keras's graph (this process is the task's alone), then the heap's
    free pages (glibc keeps them in its arenas otherwise)."""
    import keras  # TensorFlow: loaded by main() before any task, after the worker has said where it runs

    keras.backend.clear_session()
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


def main(fd: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in the server's terminal is the server's to handle
    tasks: queue.Queue[tuple[str, Any, StopFlag]] = queue.Queue()
    pipe, current = Pipe(fd), [StopFlag()]
    threading.Thread(target=listen, args=(pipe, tasks, current), daemon=True, name="dnn-worker-pipe").start()
    raise_oom_score()  # after start: never the server's, which the worker would inherit it from otherwise
    os.nice(WORKER_NICENESS)

    # TensorFlow loads here, after the pipe is read and the OOM score raised, so a stuck import is still a worker
    # the server can see and end
    from dnn_core.running.runtime import configure_runtime  # configures TensorFlow, which loads here

    configure_runtime()  # TensorFlow, loaded once for every task of this worker, with one op thread per job
    import dnn_core.engine.stacked  # noqa: F401  (Keras, the model builders and both kinds of work, warm)
    import dnn_core.engine.training  # noqa: F401

    pipe.send(("ready", {**here("process"), "oom_score_adj": oom_score_adj()}))
    while True:
        run_task(pipe, *tasks.get())


if __name__ == "__main__":
    main(int(sys.argv[1]))
