"""The optimizer race: several optimizers train the same network on the same data, side by side.

- fair: the network is built once and every contestant starts from a copy of those weights; every contestant is
  updated on the same batch, in the same order, with the same dropout masks;
- fast: the contestants are stacked and trained as one network (``dnn_core.engine.stacked``), several batches per call
  into TensorFlow (``dnn_core.engine.steps``); every batch keeps its row, Stop acts between steps.
All contestants share one clock: they train in lock-step, so "seconds" is the race's wall-clock time.

TensorFlow is imported inside the functions that need it, so the Compare page can show its forms without it.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Mapping

import numpy as np
import pandas as pd

from dnn_core.engine.config import (
    BOUNDS,
    DATASET_TRAIN_SIZES,
    MAX_LR,
    OPTIMIZER_NAMES,
    OPTIMIZERS,
    ConfigError,
    ExperimentConfig,
    number_text,
)
from dnn_core.engine.data import VALIDATION_SHARE, Dataset, Notice, load_dataset, training_split
from dnn_core.engine.memory import KEEP_WEIGHTS_UP_TO
from dnn_core.engine.progress import HISTORY_COLUMNS, PROGRESS_INTERVAL, Report, ShouldStop, progress_event
from dnn_core.engine.steps import batches_per_step

if TYPE_CHECKING:  # for the annotations only: TensorFlow loads when a race starts
    import keras

MIN_CONTESTANTS, MAX_CONTESTANTS = 2, 8
RACE_HISTORY_COLUMNS = ["contestant", *HISTORY_COLUMNS, "seconds"]
RACE_BATCH_COLUMNS = ["contestant", "step", "epoch", "batch", "loss", "seconds"]
TABLE_COLUMNS = ["rank", "contestant", "optimizer", "lr", "final_val_accuracy", "best_val_accuracy",
                 "epochs_to_target", "seconds_to_target", "final_loss", "winner"]


@dataclass(frozen=True)
class Contestant:
    """One optimizer with its own learning rate; ``name`` labels it in charts and tables."""

    optimizer: str  # one of config.OPTIMIZERS; 'momentum' is sgd with momentum 0.9
    lr: float
    name: str = ""  # defaults to the optimizer

    def __post_init__(self) -> None:
        if self.optimizer not in OPTIMIZERS:
            raise ConfigError("config.error.race_optimizer", value=repr(self.optimizer),
                              allowed=", ".join(OPTIMIZER_NAMES))
        if not BOUNDS["lr"].allows(self.lr):  # also refuses NaN
            raise ConfigError("config.error.race_lr", value=number_text(self.lr), optimizer=self.optimizer,
                              high=number_text(MAX_LR))
        if not self.name:
            object.__setattr__(self, "name", self.optimizer)


# contestants as make_contestants reads them: names, a dict name -> lr, (name, lr) pairs or Contestants
ContestantSpec = Mapping[str, float] | Iterable[str | tuple[str, float] | Contestant]


def make_contestants(spec: ContestantSpec) -> tuple[Contestant, ...]:
    """Contestants from names (default learning rates), a dict name -> lr, (name, lr) pairs or Contestants."""
    if isinstance(spec, Mapping):
        items = [Contestant(name, float(lr)) for name, lr in spec.items()]
    else:
        items = [c if isinstance(c, Contestant) else _default_contestant(c) if isinstance(c, str) else
                 Contestant(c[0], float(c[1])) for c in spec]
    if not MIN_CONTESTANTS <= len(items) <= MAX_CONTESTANTS:
        raise ConfigError("config.error.race_count", count=len(items), low=MIN_CONTESTANTS, high=MAX_CONTESTANTS)
    optimizers = [c.optimizer for c in items]
    # the same optimizer twice (at two learning rates) is told apart by its learning rate
    items = [Contestant(c.optimizer, c.lr, f"{c.optimizer} (lr {c.lr:g})")
             if optimizers.count(c.optimizer) > 1 and c.name == c.optimizer else c for c in items]
    names = [c.name for c in items]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise ConfigError("config.error.race_twice", names=", ".join(twice))
    return tuple(items)


def _default_contestant(optimizer: str) -> Contestant:
    """An optimizer at its race learning rate (an unknown name is refused by Contestant, naming it)."""
    return Contestant(optimizer, OPTIMIZERS[optimizer].lr if optimizer in OPTIMIZERS else 0.0)


def contestant_config(config: ExperimentConfig, contestant: Contestant) -> ExperimentConfig:
    """The config one contestant trains with: the race's network and data, its own optimizer and lr."""
    # momentum 0 lets 'momentum' and 'nesterov' take 0.9 and keeps sgd and rmsprop plain
    return config.replace(optimizer=contestant.optimizer, lr=contestant.lr, momentum=0.0)


def training_images(config: ExperimentConfig) -> int:
    """How many images the config trains on (its subset minus the validation share), as training_split picks."""
    size = config.train_size or DATASET_TRAIN_SIZES[config.dataset]
    return size - max(1, int(round(size * VALIDATION_SHARE)))


def race_settings(config: ExperimentConfig, contestants: Iterable[Contestant],
                  target_accuracy: float | None) -> dict:
    """The race as the run store keeps it: the network and data settings plus the contestants."""
    settings = {k: v for k, v in config.to_dict().items() if k not in ("optimizer", "lr", "momentum")}
    contestants = list(contestants)
    return {**settings, "optimizers": [c.name for c in contestants], "lrs": [c.lr for c in contestants],
            "target_accuracy": target_accuracy}


# ---- recording -------------------------------------------------------------------------------------------------

class RaceRecorder:
    """Keeps per-batch and per-epoch rows of every contestant and forwards throttled progress dicts."""

    def __init__(self, names: list[str], epochs: int, batches: int, samples: int,
                 on_progress: Report | None):
        self.names, self.epochs, self.batches, self.samples = names, epochs, batches, samples
        self.on_progress = on_progress
        self.batch_rows: list[dict] = []
        self.epoch_rows: list[dict] = []
        self.step, self.seen, self.sent_batches = 0, 0, 0
        self.start_clock()
        self.step_end = 0.0  # race seconds at the end of the last step
        self._new_epoch(1)

    def start_clock(self) -> None:
        """Start the race clock (seconds count from here)."""
        self.start, self.last_sent, self.step_end = time.perf_counter(), 0.0, 0.0

    def _new_epoch(self, epoch: int) -> None:
        self.epoch, self.batch = epoch, 0
        self.loss_sum, self.accuracy_sum, self.epoch_seen = np.zeros(len(self.names)), np.zeros(len(self.names)), 0

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def record_step(self, losses: np.ndarray, accuracies: np.ndarray, sizes: list[int]) -> None:
        """A step's batches (rows of ``losses`` and ``accuracies``), each timed at its share of the step; progress
        goes out after the whole step, whose last batch is then the newest."""
        began, self.step_end = self.step_end, self.elapsed()
        for k, (batch_losses, batch_accuracies, size) in enumerate(zip(losses, accuracies, sizes), start=1):
            self._add_batch(batch_losses, batch_accuracies, size, began + (self.step_end - began) * k / len(sizes))
        if self.step_end - self.last_sent >= PROGRESS_INTERVAL:
            self.last_sent = self.step_end
            self._send("batch", losses={n: float(v) for n, v in zip(self.names, losses[-1])})

    def _add_batch(self, losses: np.ndarray, accuracies: np.ndarray, size: int, now: float) -> None:
        self.step, self.batch, self.seen = self.step + 1, self.batch + 1, self.seen + size
        # the epoch's training loss is the size-weighted mean of its batches, as Keras reports it
        self.loss_sum += size * losses
        self.accuracy_sum += size * accuracies
        self.epoch_seen += size
        self.batch_rows.extend({"contestant": name, "step": self.step, "epoch": self.epoch, "batch": self.batch,
                                "loss": float(loss), "seconds": now} for name, loss in zip(self.names, losses))

    def record_start(self, val_losses: np.ndarray, val_accuracies: np.ndarray) -> None:
        """Epoch 0: the common starting point (one set of weights, so the same numbers for everyone)."""
        # no image has been seen yet, so the validation set estimates the training loss just as well
        self._add_epoch_rows(0, val_losses, val_accuracies, val_losses, val_accuracies, seconds=0.0)

    def record_epoch(self, val_losses: np.ndarray, val_accuracies: np.ndarray) -> None:
        """The end of an epoch, or of the part of it done before a stop (epoch is then fractional)."""
        if self.epoch_seen == 0:
            return
        epoch = self.epoch - 1 + self.batch / self.batches
        seen = self.epoch_seen
        self._add_epoch_rows(epoch, self.loss_sum / seen, self.accuracy_sum / seen, val_losses, val_accuracies,
                             seconds=self.elapsed())
        self._new_epoch(self.epoch + 1)
        self.step_end = self.elapsed()  # the next step starts after the validation

    def _add_epoch_rows(self, epoch: float, losses: np.ndarray, accuracies: np.ndarray, val_losses: np.ndarray,
                        val_accuracies: np.ndarray, seconds: float) -> None:
        rows = [{"contestant": name, "epoch": float(epoch), "loss": float(loss), "accuracy": float(acc),
                 "val_loss": float(val_loss), "val_accuracy": float(val_acc), "seconds": seconds}
                for name, loss, acc, val_loss, val_acc in zip(self.names, losses, accuracies, val_losses,
                                                               val_accuracies)]
        self.epoch_rows.extend(rows)
        self._send("epoch", epoch_rows=rows)

    def _send(self, kind: str, **values: Any) -> None:
        if not self.on_progress:
            return
        event = progress_event(kind, epoch=min(self.epoch, self.epochs), epochs=self.epochs, batch=self.batch,
                               batches=self.batches, step=self.step, samples=self.samples, seen=self.seen,
                               elapsed=self.elapsed(), new_batches=self.batch_rows[self.sent_batches:], **values)
        self.sent_batches = len(self.batch_rows)
        self.on_progress(event)


# ---- results ---------------------------------------------------------------------------------------------------

def race_table(history: pd.DataFrame, target_accuracy: float | None = None,
               contestants: Iterable[Contestant] = ()) -> pd.DataFrame:
    """One row per contestant, best first (TABLE_COLUMNS).

    The winner has the best final validation accuracy; a tie goes to the lower final training loss. Epochs and
    seconds to the target are those of the first epoch whose validation accuracy reached it (NaN if none did).
    """
    by_name = {c.name: c for c in contestants}
    rows = []
    for name, runs in history.groupby("contestant", sort=False):
        runs = runs.sort_values("epoch")
        last = runs.iloc[-1]
        reached = runs[runs["val_accuracy"] >= target_accuracy] if target_accuracy is not None else runs.iloc[:0]
        contestant = by_name.get(name)
        rows.append({"contestant": name, "optimizer": contestant.optimizer if contestant else name,
                     "lr": contestant.lr if contestant else math.nan,
                     "final_val_accuracy": float(last["val_accuracy"]),
                     "best_val_accuracy": float(runs["val_accuracy"].max()),
                     "epochs_to_target": float(reached["epoch"].iloc[0]) if len(reached) else math.nan,
                     "seconds_to_target": float(reached["seconds"].iloc[0]) if len(reached) else math.nan,
                     "final_loss": float(last["loss"])})
    table = pd.DataFrame(rows, columns=TABLE_COLUMNS[1:-1])
    table = table.sort_values(["final_val_accuracy", "final_loss"], ascending=[False, True], na_position="last",
                              kind="stable").reset_index(drop=True)
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    table["winner"] = table["rank"] == 1
    return table


@dataclass(eq=False)
class RaceResult:
    """What a race produced: histories of every contestant, the ranking table, and their final weights."""

    config: ExperimentConfig  # the network and data as really raced (the data set may have fallen back)
    contestants: tuple[Contestant, ...]
    history: pd.DataFrame  # RACE_HISTORY_COLUMNS: one row per contestant and epoch, epoch 0 = the common start
    batch_history: pd.DataFrame  # RACE_BATCH_COLUMNS: every contestant's loss on every batch
    table: pd.DataFrame  # TABLE_COLUMNS, best first
    seconds: float
    stopped: bool
    target_accuracy: float | None = None
    final_weights: dict[str, list[np.ndarray]] = field(default_factory=dict)  # name -> model.get_weights() order
    initial_weights: dict[str, list[np.ndarray]] = field(default_factory=dict)  # only when raced with audit=True
    batch_indices: list[np.ndarray] | None = None  # training-image indices of every step, with audit=True
    notice: Notice | None = None
    fused: bool = True  # False: the contestants were updated one after another on each batch (convolutions)
    worker: dict = field(default_factory=dict)  # where it ran: executor, host, pid (and Ray node)
    run_id: int | None = None  # in the run store
    store_error: Exception | None = None  # why the race could not be saved (a RunStoreError has key/params)

    @property
    def winner(self) -> str:
        return str(self.table.loc[self.table["winner"], "contestant"].iloc[0])

    def model(self, name: str) -> keras.Model:
        """A Keras model (compiled with the contestant's optimizer) holding contestant ``name``'s final weights."""
        from dnn_core.engine.model import build_model  # the model builders import Keras: only when this runs

        if name not in self.final_weights:
            raise ValueError(f"race: no final weights kept for {name!r}; kept: {', '.join(self.final_weights)}")
        contestant = next(c for c in self.contestants if c.name == name)
        model = build_model(contestant_config(self.config, contestant))
        model.set_weights(self.final_weights[name])
        return model

    def model_to_keep(self) -> keras.Model | None:
        """The winner's model, to keep with the run (None when its weights were too big to keep)."""
        return self.model(self.winner) if self.winner in self.final_weights else None

    def metrics(self) -> dict:
        """Plain numbers for the run store."""
        rows = self.table.set_index("contestant")
        return {"winner": self.winner, "val_accuracy": float(rows.loc[self.winner, "final_val_accuracy"]),
                "seconds": self.seconds, "stopped": self.stopped, "target_accuracy": self.target_accuracy,
                "dataset": self.config.dataset, "worker": self.worker,
                "contestants": {name: {k: (None if isinstance(v, float) and math.isnan(v) else v)
                                       for k, v in row.items() if k != "winner"}
                                for name, row in rows.to_dict(orient="index").items()}}


def check_target_accuracy(target_accuracy: float | None) -> None:
    """A race's target, the validation accuracy whose first epoch it reports: None, or in (0, 1]."""
    if target_accuracy is not None and not 0 < target_accuracy <= 1:
        raise ConfigError("config.error.out_of_range", field="target_accuracy", value=repr(target_accuracy),
                          allowed="(0, 1]")


def race(config: ExperimentConfig, contestants: ContestantSpec, data: Dataset | None = None,
         on_progress: Report | None = None, should_stop: ShouldStop | None = None,
         target_accuracy: float | None = None, audit: bool = False, step_batches: int | None = None) -> RaceResult:
    """Race the contestants on ``config``'s network and data for ``config.epochs`` epochs (or until stopped).

    Pure, like ``train``: running it in a job and recording it is ``dnn_core.running.work_jobs``'s. ``audit`` keeps
    every contestant's initial weights and the batch order, to check fairness. ``step_batches``: batches per step
    (default: ``steps.batches_per_step`` for all the contestants' networks).
    """
    contestants = make_contestants(contestants)
    check_target_accuracy(target_accuracy)
    data = data or load_dataset(config.dataset)
    config = config.trained_on(data.name)
    return _run(config, contestants, data, on_progress, should_stop, target_accuracy, audit, step_batches)


def step_chunks(order: np.ndarray, batch_size: int, step_batches: int) -> list[list[np.ndarray]]:
    """An epoch's batches (index arrays of ``order``, in order) grouped into steps of up to ``step_batches``
    batches of one size: a short last batch is a step of its own."""
    chunks: list[list[np.ndarray]] = []
    for start in range(0, len(order), batch_size):
        idx = order[start:start + batch_size]
        if chunks and len(chunks[-1]) < step_batches and len(chunks[-1][0]) == len(idx):
            chunks[-1].append(idx)
        else:
            chunks.append([idx])
    return chunks


def _run(config: ExperimentConfig, contestants: tuple[Contestant, ...], data: Dataset,
         on_progress: Report | None, should_stop: ShouldStop | None,
         target_accuracy: float | None, audit: bool, step_batches: int | None = None) -> RaceResult:
    # TensorFlow loads here, when a race starts: the Compare page shows its forms without it
    from dnn_core.engine.model import LOSSES, build_model, make_optimizer
    from dnn_core.engine.side_by_side import SideBySideNetworks, can_fuse
    from dnn_core.engine.stacked import StackedNetworks

    split = training_split(data, config)
    x_train, y_train = split.x_train, split.y_train.astype(np.int32)
    base = build_model(config, compile=False)  # built once; every contestant starts from a copy of its weights
    batches = math.ceil(len(x_train) / config.batch_size)
    # every contestant's own optimizer, with the race's learning-rate schedule from its own learning rate
    optimizers = [make_optimizer(contestant_config(config, c), batches) for c in contestants]
    fused = can_fuse(base)
    nets = StackedNetworks(base, optimizers, config.loss) if fused else \
        SideBySideNetworks(base, lambda: build_model(config, compile=False), optimizers, LOSSES[config.loss])
    names = [c.name for c in contestants]
    initial = {name: nets.weights(k) for k, name in enumerate(names)} if audit else {}
    recorder = RaceRecorder(names, config.epochs, batches, len(x_train), on_progress)
    recorder.record_start(*nets.evaluate(split.x_val, split.y_val))
    recorder.start_clock()  # the race clock starts at the first step
    rng = np.random.default_rng(config.seed)  # one batch order for everybody, reshuffled every epoch
    step_batches = step_batches or batches_per_step(config, batches, networks=len(contestants), probed=False)
    batch_indices: list[np.ndarray] | None = [] if audit else None
    stopped = False
    for _ in range(config.epochs):
        for chunk in step_chunks(rng.permutation(len(x_train)), config.batch_size, step_batches):
            idx = np.stack(chunk)
            losses, accuracies = nets.train_steps(x_train[idx], y_train[idx])  # (batches, contestants)
            recorder.record_step(losses, accuracies, [len(batch) for batch in chunk])
            if batch_indices is not None:
                batch_indices += chunk
            if should_stop and should_stop():
                stopped = True
                break
        recorder.record_epoch(*nets.evaluate(split.x_val, split.y_val))
        if stopped:
            break
    seconds = recorder.elapsed()
    history = pd.DataFrame(recorder.epoch_rows, columns=RACE_HISTORY_COLUMNS)
    keep = sum(nets.sizes) <= KEEP_WEIGHTS_UP_TO
    return RaceResult(
        config=config, contestants=contestants, history=history,
        batch_history=pd.DataFrame(recorder.batch_rows, columns=RACE_BATCH_COLUMNS),
        table=race_table(history, target_accuracy, contestants), seconds=seconds, stopped=stopped,
        target_accuracy=target_accuracy,
        final_weights={name: nets.weights(k) for k, name in enumerate(names)} if keep else {},
        initial_weights=initial, batch_indices=batch_indices, notice=data.notice, fused=fused)
