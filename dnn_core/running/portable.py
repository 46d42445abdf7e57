"""What crosses from a worker (a Ray actor or a worker process) to the server: a training's result as plain data,
and what a worker says about itself.

The model goes as ``.keras`` bytes and the TensorBoard logs as a zip; the worker also sends the model's
probabilities for a few test images, by which the server checks the model it loads. Each kind of work says how its
result crosses (``dnn_core.running.work``: a race's goes as it is).
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
from typing import TYPE_CHECKING

import numpy as np

from dnn_core.engine.export import TENSORBOARD_FOLDER, event_files, model_bytes, model_from_bytes, tensorboard_zip
from dnn_core.running.jobs import JobError

if TYPE_CHECKING:  # the training module imports TensorFlow: only its result's type is needed here
    from dnn_core.engine.training import TrainingResult

CHECK_IMAGES = 8  # test images whose probabilities check that the model reached the server unchanged


def here(executor: str) -> dict:
    """Where this process is: the executor's name, the host and the process id (kept with every result)."""
    return {"executor": executor, "host": socket.gethostname(), "pid": os.getpid()}


def pack_training(result: TrainingResult, check_images: np.ndarray) -> dict:
    """A TrainingResult as plain data that crosses to the server: the model as .keras bytes, the logs as a zip, and
    ``check_images`` with the model's probabilities for them, by which the server checks the model it loads (it
    needs no data set for that: a race's or a training's data set is not loaded in the server to unpack it)."""
    logs = tensorboard_zip(result.log_dir) if result.log_dir and event_files(result.log_dir) else None
    probabilities = np.asarray(result.model(check_images, training=False)).tolist()
    plain = dataclasses.replace(result, model=None, log_dir=None,
                                worker={**result.worker, "check_probabilities": probabilities})
    return {"result": plain, "model": model_bytes(result.model), "logs": logs, "check_images": np.asarray(check_images)}


def unpack_training(payload: dict) -> TrainingResult:
    """The TrainingResult again, on the server: the model loaded from its bytes and checked against the worker's
    probabilities for the check images that came with it, the logs unpacked into a new folder."""
    model = model_from_bytes(payload["model"])
    expected = np.array(payload["result"].worker["check_probabilities"])
    if not np.allclose(np.asarray(model(payload["check_images"], training=False)), expected, atol=1e-5):
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
