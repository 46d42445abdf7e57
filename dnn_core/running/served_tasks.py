"""The pages' short tasks as a worker runs them (``dnn_core.running.served`` hands them over): Inspect's bundle of a
model, a model's score on the class's own digits, and the trial load of an uploaded model file.

Each task is a function (payload, report, should_stop) -> plain result, as in ``dnn_core.running.worker.TASKS``.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:  # annotations only: the tasks import what they use when they run (below)
    from dnn_core.engine.digits_score import DigitScore
    from dnn_core.engine.evaluate import Inspection
    from dnn_core.engine.progress import Report, ShouldStop


# Each task imports the engine when it runs, on a worker: the executors import this table, and the server's first
# page (Home) must not wait for SciPy, Keras or the evaluation code (1.1 s of imports when they were at the top)


def inspect_model(payload: dict, report: Report | None = None, should_stop: ShouldStop | None = None) -> Inspection:
    """Inspect's bundle (``evaluate.Inspection``) of the model in ``payload`` on its data set's test images
    (``payload["data"]`` when the executor brings the data set, else this process's copy)."""
    from dnn_core.engine import evaluate
    from dnn_core.engine.export import model_from_bytes

    fields = {name: value for name, value in payload.items() if name not in ("model", "data")}
    result = SimpleNamespace(**fields, model=model_from_bytes(payload["model"], compile=False))
    return evaluate.inspect_result(result, payload.get("data"))  # through the module: tests can refuse it


def score_class_digits(payload: dict, report: Report | None = None,
                       should_stop: ShouldStop | None = None) -> DigitScore:
    """The model in ``payload`` (.keras bytes) scored on the class's digits ``x``, ``y`` (``DigitScore``)."""
    from dnn_core.engine.digits_score import score_digits
    from dnn_core.engine.export import model_from_bytes

    return score_digits(model_from_bytes(payload["model"], compile=False), payload["x"], payload["y"])


def load_upload(payload: bytes, report: Report | None = None, should_stop: ShouldStop | None = None) -> bool:
    """Load an uploaded .keras file as Draw would (UnsafeModelError says why it was refused); True when it loads."""
    from dnn_core.engine.upload import load_uploaded_model

    load_uploaded_model(payload)
    return True


SERVED: dict[str, Callable[..., Any]] = {"inspect": inspect_model, "class_score": score_class_digits,
                                         "upload": load_upload}
