"""How a training or race reports as it goes: the per-epoch history's columns and the progress event.

The engine's side of the jobs: ``train`` and ``race`` send these plain dicts to a callback, and whatever runs them
(a job, the CLI, a test) reads them. Nothing here knows who listens.
"""

from __future__ import annotations

from collections.abc import Callable

Report = Callable[[dict], None]  # receives each progress event
ShouldStop = Callable[[], bool]  # asked between steps: True ends the work early, keeping what it learned

PROGRESS_INTERVAL = 0.25  # seconds between the batch progress events a training or race reports
HISTORY_COLUMNS = ["epoch", "loss", "accuracy", "val_loss", "val_accuracy"]  # every per-epoch history has these
# A training's records (a race's are in engine/race.py). Per epoch; lr: the learning rate the epoch's first batch used
EPOCH_COLUMNS = [*HISTORY_COLUMNS, "seconds", "lr"]
# one row per step: step = batches trained so far, batch = the step's last batch in its epoch, loss and accuracy = the
# mean over the step's images (one batch's own values when a step is one batch)
BATCH_COLUMNS = ["step", "epoch", "batch", "loss", "accuracy"]
GRADIENT_COLUMNS = ["step", "epoch", "layer", "depth", "grad_norm"]  # a weight-gradient norm per layer and probe


def progress_event(kind: str, *, epoch: float, epochs: int, batch: int, batches: int, step: int, samples: int,
                   seen: int, elapsed: float, seen_before: int = 0, **values: object) -> dict:
    """A progress event as ``ProgressJob.report`` reads it: where the work is, its rate, ETA and share done.

    ``samples`` images per epoch, ``seen`` so far in all epochs, ``seen_before`` of them before ``elapsed`` began
    (a continued training's earlier part); ``values`` are added as they are.
    """
    rate = (seen - seen_before) / elapsed if elapsed > 0 else 0.0
    steps = epochs * batches
    return {"kind": kind, "epoch": epoch, "epochs": epochs, "batch": batch, "batches": batches, "step": step,
            "steps": steps, "samples_seen": seen, "samples_per_second": rate,
            "eta_seconds": (samples * epochs - seen) / rate if rate else None, "elapsed": elapsed,
            "progress": min(1.0, step / steps), **values}
