"""Short work the pages hand to a worker instead of doing it in the server process, which only draws pages:
Inspect's bundle of a model that came without one (a saved run), a model's score on the class's own digits, and
the trial load of an uploaded model file.

Each task is a function of ``dnn_core.running.served_tasks`` (payload, report, should_stop) -> plain result; ``serve``
runs one through this server's executor (its service worker, a Ray actor, or this process with threads). A saved run's
bundle is kept per server: it never changes, and every session that inspects the run shares it; so is its score on a set
of the class's digits.
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
from collections import OrderedDict
from concurrent.futures import Future
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Callable, Hashable

import numpy as np

from dnn_core.engine.diagnostics import diagnose
from dnn_core.engine.digits_score import score_digits
from dnn_core.engine.evaluate import weight_summary
from dnn_core.engine.export import model_bytes
from dnn_core.engine.memory import SAFETY, MemoryEstimate, estimate
from dnn_core.engine.upload import UnsafeModelError, check_uploaded_model, load_uploaded_model
from dnn_core.running import executors
from dnn_core.running.jobs import JobError
from dnn_core.runs import default_db_path

if TYPE_CHECKING:  # for the annotations only: these load TensorFlow, which the server's pages import when needed
    import keras

    from dnn_core.engine.digits_score import DigitScore
    from dnn_core.engine.evaluate import Inspection
    from dnn_core.engine.training import TrainingResult

KEPT_INSPECTIONS = 16  # saved runs' bundles kept per server (a 10,000-image bundle is about 1 MB)
KEPT_SCORES = 64  # saved runs' scores on the class's digits kept per server (5 bytes a digit)
# A trial load holds the weights (4 bytes each), the h5 file's buffers and Keras' variables: 40 bytes a weight
# leaves room for all of them; the model is never called
UPLOAD_WEIGHT_BYTES = 40


def inspection_payload(result: TrainingResult, model_file: bytes | None = None) -> dict:
    """What a worker needs to inspect a TrainingResult: its settings and records, and the model as .keras bytes
    (``model_file``, a saved run's file, else the model saved here)."""
    return {"config": result.config, "history": result.history, "gradient_history": result.gradient_history,
            "initial_weights": result.initial_weights, "model": model_file or model_bytes(result.model)}


def serve(task: str, payload: object, need: MemoryEstimate) -> Any:
    """Run ``task`` of ``served_tasks.SERVED`` on this server's executor; its result (JobError when its worker was
    lost)."""
    return executors.current().serve(task, payload, need)


_lock = threading.Lock()
_kept: OrderedDict[tuple, Future] = OrderedDict()  # a saved run's key → its bundle or score, being made or made


def _shared(key: tuple[Hashable, ...], make: Callable[[], Any], limit: int) -> Any:
    """``make()``, made once for every session of this server and kept under ``key`` (the ``limit`` newest of its
    kind, ``key[0]``); sessions that ask while it is being made wait for the same one, and a failure is not kept."""
    with _lock:
        future, mine = _kept.get(key), False
        if future is None:  # the first to ask makes it
            future, mine = _kept.setdefault(key, Future()), True
            same_kind = [k for k in _kept if k[0] == key[0]]
            for old in same_kind[:max(0, len(same_kind) - limit)]:
                del _kept[old]
        _kept.move_to_end(key)
    if mine:
        try:
            future.set_result(make())
        except Exception as exc:
            future.set_exception(exc)
            with _lock:
                _kept.pop(key, None)  # the next visit tries again
    return future.result()


def inspection_of(result: TrainingResult, saved_as: Hashable | None = None,
                  model_file: Callable[[], bytes] | None = None) -> Inspection:
    """The result's Inspect bundle: the one its training sent with it, else made on a worker (and, for a saved
    run, kept under ``saved_as``, e.g. its store and run id, for every session of this server; ``model_file``
    reads its .keras file, which the worker then loads instead of a copy saved here)."""
    if result.inspection is not None:
        return result.inspection
    if saved_as is None:
        return serve("inspect", inspection_payload(result), estimate(result.config))

    def make() -> Inspection:
        return serve("inspect", inspection_payload(result, model_file() if model_file else None),
                     estimate(result.config))

    return _shared(("inspect", saved_as), make, KEPT_INSPECTIONS)


def keep_saved_inspection(run_id: int, result: TrainingResult) -> None:
    """A training just recorded as ``run_id``: its bundle, made where it trained, kept as its saved run's for every
    session of this server, so that a class inspecting the newest run does not wait for a worker to make it again.

    A saved run keeps neither the initial weights nor the gradient records, so its bundle is made without them:
    the weight histograms are made again from the final weights alone, and the diagnoses without the gradients.
    """
    inspection = getattr(result, "inspection", None)
    if inspection is None:
        return
    saved = dataclasses.replace(
        inspection, weights=weight_summary(result.model),
        diagnoses=diagnose(result.history, result.gradient_history.iloc[0:0], result.config, inspection.dead))
    _shared(("inspect", (str(default_db_path()), run_id)), lambda: saved, KEPT_INSPECTIONS)


def class_score_of(result: TrainingResult | SimpleNamespace, x: np.ndarray, y: np.ndarray,
                   saved_as: Hashable | None = None, model_file: Callable[[], bytes] | None = None) -> DigitScore:
    """The result's model scored on the class's digits ``x``, ``y`` (``digits_score.DigitScore``) on a worker;
    for a saved run (``saved_as``, read by ``model_file``) kept for every session while the digits stay the same."""
    if len(y) == 0:
        return score_digits(None, x, y)  # nothing to read: no worker

    def make() -> DigitScore:
        model = model_file() if model_file else model_bytes(result.model)
        return serve("class_score", {"model": model, "x": x, "y": y}, estimate(result.config))

    if saved_as is None:
        return make()
    digest = hashlib.sha256(np.ascontiguousarray(x).tobytes() + np.asarray(y).tobytes()).hexdigest()
    return _shared(("class_score", saved_as, digest), make, KEPT_SCORES)


def uploaded_model(data: bytes) -> keras.Model:
    """An uploaded .keras model, loaded here only once it loaded on a worker: a file that takes its loader down
    takes a worker, never the server (UnsafeModelError says why it was refused)."""
    sizes = check_uploaded_model(data)  # the front door's checks, here: no Keras, no allocation
    weights = sum(size.parameters for size in sizes) * UPLOAD_WEIGHT_BYTES * SAFETY / 2**20
    try:
        serve("upload", data, MemoryEstimate(data=len(data) * SAFETY / 2**20, weights=weights, activations=0.0))
    except JobError as exc:
        raise UnsafeModelError("draw.upload.worker_lost") from exc
    return load_uploaded_model(data)
