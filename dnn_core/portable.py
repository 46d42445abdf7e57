"""What crosses from a worker (a Ray actor or a worker process) to the server: a result as plain data.

The model goes as ``.keras`` bytes and the TensorBoard logs as a zip; the worker also sends the model's
probabilities for a few test images, by which the server checks the model it loads.
"""

from __future__ import annotations

import dataclasses
import io
import os
import socket
import tempfile
import threading
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, cast

import numpy as np

from dnn_core.jobs import JobError

if TYPE_CHECKING:  # for the annotations only: the results arrive made
    from dnn_core.race import RaceResult
    from dnn_core.training import TrainingResult

CHECK_IMAGES = 8  # test images whose probabilities check that the model reached the server unchanged


def here(executor: str) -> dict:
    """Where this process is: the executor's name, the host and the process id (kept with every result)."""
    return {"executor": executor, "host": socket.gethostname(), "pid": os.getpid()}


def to_portable(result: TrainingResult | RaceResult,
                check_images: np.ndarray) -> TrainingResult | RaceResult | dict:
    """A result as plain data that crosses to the server: the model as .keras bytes, the logs as a zip, and the
    model's probabilities for ``check_images``, by which the server checks the model it loads."""
    if not hasattr(result, "log_dir"):
        return result  # a race's result holds only arrays and tables
    result = cast("TrainingResult", result)  # what has a log_dir: a training's result
    from dnn_core.export import event_files, model_bytes, tensorboard_zip

    logs = tensorboard_zip(result.log_dir) if result.log_dir and event_files(result.log_dir) else None
    probabilities = np.asarray(result.model(check_images, training=False)).tolist()
    plain = dataclasses.replace(result, model=None, log_dir=None,
                                worker={**result.worker, "check_probabilities": probabilities})
    return {"result": plain, "model": model_bytes(result.model), "logs": logs}


def from_portable(payload: TrainingResult | RaceResult | dict,
                  check_images: np.ndarray) -> TrainingResult | RaceResult:
    """The result again, on the server: the model loaded from its bytes and checked against the worker's
    probabilities for ``check_images``, the logs unpacked into a new folder."""
    if not isinstance(payload, dict):
        return payload
    from dnn_core.export import TENSORBOARD_FOLDER, model_from_bytes

    model = model_from_bytes(payload["model"])
    expected = np.array(payload["result"].worker["check_probabilities"])
    if not np.allclose(np.asarray(model(check_images, training=False)), expected, atol=1e-5):
        raise JobError("job.error.model_changed")
    log_dir = None
    if payload["logs"] is not None:
        folder = tempfile.mkdtemp(prefix="dnn-tb-")
        with zipfile.ZipFile(io.BytesIO(payload["logs"])) as archive:
            archive.extractall(folder)
        log_dir = str(Path(folder) / TENSORBOARD_FOLDER)
    return dataclasses.replace(payload["result"], model=model, log_dir=log_dir)


class StopFlag:
    """A stop flag that counts the batches that asked it (training asks after every batch), so a worker can tell
    after how many batches a stop arrived."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self.batches = 0
        self.arrived_after: int | None = None  # batches done when stop() came

    def set(self) -> None:
        if self.arrived_after is None:
            self.arrived_after = self.batches
        self._event.set()

    def __call__(self) -> bool:
        self.batches += 1
        return self._event.is_set()
