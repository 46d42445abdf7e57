"""Compare: a fair optimizer race, and twin runs that differ from a stored run in one setting.

The race. Several optimizers train the same network on the same data, side by side:
- fair: the network is built once and every contestant starts from a copy of those weights; every contestant is
  updated on the same batch, in the same order, with the same dropout masks;
- fast: the contestants are stacked. Each one's parameters are one flat vector, the K vectors are stacked
  into one tensor, every layer is one batched matmul for all K, and one compiled step per batch computes every
  contestant's loss and gradient and applies every contestant's own Keras optimizer. A flat vector is exact for
  these optimizers (all of them update element by element) and costs one optimizer update per contestant
  instead of one per layer weight.
All contestants share one clock: they train in lock-step, so "seconds" is the race's wall-clock time.

TensorFlow is imported inside the functions that need it, so the Compare page can show its forms without it.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

import numpy as np
import pandas as pd

from dnn_core.config import (
    DATASET_TRAIN_SIZES,
    FIELD_NAMES,
    MAX_LR,
    MOMENTUM_OPTIMIZERS,
    OPTIMIZERS,
    ExperimentConfig,
    format_value,
)
from dnn_core.data import VALIDATION_SHARE, Dataset, Notice, load_dataset, training_split
from dnn_core.jobs import BackgroundJob, JobLimiter, progress_event
from dnn_core.work import Work, WorkJob

# A learning rate at which each optimizer trains a dense MNIST net well (the optimizer's usual default, except
# adagrad and adadelta, whose Keras defaults of 0.001 barely move in a few epochs).
DEFAULT_LR = {
    "sgd": 0.01,
    "momentum": 0.01,
    "nesterov": 0.01,
    "rmsprop": 0.001,
    "adagrad": 0.01,
    "adadelta": 1.0,
    "adam": 0.001,
    "adamw": 0.001,
    "nadam": 0.001,
    "adamax": 0.002,
}
MIN_CONTESTANTS, MAX_CONTESTANTS = 2, 8
PROGRESS_INTERVAL = 0.25  # seconds between batch progress events
EVAL_ACTIVATIONS = 2**23  # floats of hidden activations per evaluation chunk (32 MB), whatever K and the widths
KEEP_WEIGHTS_UP_TO = 5_000_000  # parameters per contestant; bigger races keep no copy of the final weights
HISTORY_COLUMNS = ["contestant", "epoch", "loss", "accuracy", "val_loss", "val_accuracy", "seconds"]
BATCH_COLUMNS = ["contestant", "step", "epoch", "batch", "loss", "seconds"]
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
            raise ValueError(f"contestants: unknown optimizer {self.optimizer!r}; allowed: {', '.join(OPTIMIZERS)}")
        if not 0 < self.lr <= MAX_LR:  # also refuses NaN
            raise ValueError(f"lr: {self.lr!r} for {self.optimizer} is out of range; allowed (0, {MAX_LR:g}]")
        if not self.name:
            object.__setattr__(self, "name", self.optimizer)


def make_contestants(spec) -> tuple[Contestant, ...]:
    """Contestants from names (default learning rates), a dict name -> lr, (name, lr) pairs or Contestants."""
    if isinstance(spec, Mapping):
        items = [Contestant(name, float(lr)) for name, lr in spec.items()]
    else:
        items = [c if isinstance(c, Contestant) else
                 Contestant(c, DEFAULT_LR.get(c, 0.0)) if isinstance(c, str) else Contestant(c[0], float(c[1]))
                 for c in spec]
    if not MIN_CONTESTANTS <= len(items) <= MAX_CONTESTANTS:
        raise ValueError(f"contestants: {len(items)} chosen; a race needs {MIN_CONTESTANTS} to {MAX_CONTESTANTS}")
    optimizers = [c.optimizer for c in items]
    # the same optimizer twice (at two learning rates) is told apart by its learning rate
    items = [Contestant(c.optimizer, c.lr, f"{c.optimizer} (lr {c.lr:g})")
             if optimizers.count(c.optimizer) > 1 and c.name == c.optimizer else c for c in items]
    names = [c.name for c in items]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise ValueError(f"contestants: {', '.join(twice)} appear(s) twice; give each contestant its own lr or name")
    return tuple(items)


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


# ---- the stacked networks --------------------------------------------------------------------------------------

def _logits_cross_entropy(y, logits):
    import tensorflow as tf

    labels = tf.broadcast_to(y[None], tf.shape(logits)[:2])
    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels, logits)


def _logits_one_hot_mse(y, logits):
    import tensorflow as tf

    from dnn_core.model import one_hot_mse

    return one_hot_mse(y, tf.nn.softmax(logits))


# config.loss -> per-example loss (K, B) from integer labels (B,) and the output layer's logits (K, B, classes);
# Keras computes cross-entropy on a softmax output from its logits too, so the numbers are the same.
LOSSES_FROM_LOGITS = {
    "sparse_categorical_crossentropy": _logits_cross_entropy,
    "mse": _logits_one_hot_mse,
}


class StackedNetworks:
    """K copies of one Keras network, each a flat parameter vector; every pass runs all K at once.

    Reads the architecture from the Keras model's layers (Rescaling, Flatten, Dense, BatchNormalization,
    Activation, Dropout, a softmax Dense last), so it follows ``build_model`` without repeating it.
    """

    def __init__(self, model, optimizers: list, loss: str):
        import keras
        import tensorflow as tf

        self.layers = list(model.layers)
        _check_supported(self.layers)
        self.count = len(optimizers)
        self.variables = [v for layer in self.layers for v in layer.trainable_weights]
        self.shapes = [tuple(v.shape) for v in self.variables]
        self.sizes = [int(np.prod(shape)) for shape in self.shapes]
        start = np.concatenate([np.ravel(v.numpy()) for v in self.variables]).astype(np.float32)
        # the copy that makes the race fair: every contestant starts from the same vector
        self.thetas = [tf.Variable(start, name=f"contestant_{k}") for k in range(self.count)]
        self.moving = {v.path: tf.Variable(np.stack([v.numpy()] * self.count), trainable=False)
                       for layer in self.layers if isinstance(layer, keras.layers.BatchNormalization)
                       for v in (layer.moving_mean, layer.moving_variance)}
        # one generator per Dropout layer, shared by all contestants: they all get the same masks
        self.seeds = {layer.name: keras.random.SeedGenerator(layer.seed)
                      for layer in self.layers if isinstance(layer, keras.layers.Dropout)}
        self.optimizers = optimizers
        for optimizer, theta in zip(optimizers, self.thetas):
            optimizer.build([theta])  # slot variables must exist before the step is traced
        self.loss = LOSSES_FROM_LOGITS[loss]
        image = tf.TensorSpec((None, *model.input_shape[1:]), tf.uint8)
        label = tf.TensorSpec((None,), tf.int32)
        self.train_step = tf.function(self._train_step, input_signature=[image, label], autograph=False)
        self._evaluate_chunk = tf.function(self._evaluate, input_signature=[image, label], autograph=False)
        widest = max(int(np.prod(layer.output.shape[1:])) for layer in self.layers)
        self.eval_chunk = int(np.clip(EVAL_ACTIVATIONS // (self.count * widest), 64, 4096))

    def _params(self) -> list:
        """Each trainable weight as a (K, *shape) tensor, read from the K flat vectors."""
        import tensorflow as tf

        parts = tf.split(tf.stack(self.thetas), self.sizes, axis=1)
        return [tf.reshape(part, (self.count, *shape)) for part, shape in zip(parts, self.shapes)]

    def _forward(self, params: list, x, training: bool):
        """Logits (K, B, classes) and each contestant's weight penalty (K,) for one batch of images."""
        import keras
        import tensorflow as tf

        params, penalty = iter(params), tf.zeros(self.count)
        h, shared = x, True  # shared: h is still the same for all contestants (no K axis yet)
        for layer in self.layers:
            if isinstance(layer, keras.layers.Rescaling):
                h = tf.cast(h, tf.float32) * layer.scale + layer.offset
            elif isinstance(layer, keras.layers.Flatten):
                h = tf.reshape(h, (tf.shape(h)[0], -1)) if shared else tf.reshape(h, (self.count, tf.shape(h)[1], -1))
            elif isinstance(layer, keras.layers.Dense):
                kernel = next(params)
                h = tf.matmul(h[None] if shared else h, kernel)  # (1 or K, B, in) @ (K, in, out)
                shared = False
                if layer.use_bias:
                    h = h + next(params)[:, None, :]
                penalty += _penalty(layer.kernel_regularizer, kernel)
                if layer is not self.layers[-1]:  # the last one's softmax is left to the loss: logits are stabler
                    h = layer.activation(h)
            elif isinstance(layer, keras.layers.BatchNormalization):
                h = self._batch_norm(layer, h, next(params), next(params), training)
            elif isinstance(layer, keras.layers.Activation):
                h = layer.activation(h)
            elif isinstance(layer, keras.layers.Dropout) and training and layer.rate > 0:
                noise_shape = None if shared else (1, None, h.shape[-1])
                h = keras.random.dropout(h, layer.rate, noise_shape=noise_shape, seed=self.seeds[layer.name])
        return h, penalty

    def _batch_norm(self, layer, h, gamma, beta, training: bool):
        """Keras' BatchNormalization for all K: batch statistics while training, moving ones otherwise."""
        import tensorflow as tf

        moving_mean, moving_variance = self.moving[layer.moving_mean.path], self.moving[layer.moving_variance.path]
        if training:
            mean, variance = tf.nn.moments(h, axes=[1], keepdims=True)
            moving_mean.assign(moving_mean * layer.momentum + mean[:, 0] * (1.0 - layer.momentum))
            moving_variance.assign(moving_variance * layer.momentum + variance[:, 0] * (1.0 - layer.momentum))
        else:
            mean, variance = moving_mean[:, None, :], moving_variance[:, None, :]
        return tf.nn.batch_normalization(h, mean, variance, beta[:, None, :], gamma[:, None, :], layer.epsilon)

    def _train_step(self, x, y):
        """One update of every contestant on the same batch; returns each one's loss and accuracy on it."""
        import tensorflow as tf

        with tf.GradientTape() as tape:
            logits, penalty = self._forward(self._params(), x, training=True)
            losses = tf.reduce_mean(self.loss(y, logits), axis=1) + penalty
            # contestants share no parameter, so the gradient of the sum is each contestant's own gradient
            total = tf.reduce_sum(losses)
        grads = tape.gradient(total, self.thetas)
        for optimizer, grad, theta in zip(self.optimizers, grads, self.thetas):
            optimizer.apply_gradients([(grad, theta)])
        return losses, _accuracy(y, logits)

    def _evaluate(self, x, y):
        import tensorflow as tf

        logits, penalty = self._forward(self._params(), x, training=False)
        return tf.reduce_mean(self.loss(y, logits), axis=1) + penalty, _accuracy(y, logits)

    def evaluate(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each contestant's loss and accuracy on (x, y), in chunks that keep memory bounded."""
        losses, accuracies = np.zeros(self.count), np.zeros(self.count)
        y = y.astype(np.int32)
        for start in range(0, len(x), self.eval_chunk):
            loss, accuracy = self._evaluate_chunk(x[start:start + self.eval_chunk], y[start:start + self.eval_chunk])
            share = min(self.eval_chunk, len(x) - start) / len(x)
            losses += share * loss.numpy()
            accuracies += share * accuracy.numpy()
        return losses, accuracies

    def weights(self, k: int) -> list[np.ndarray]:
        """Contestant ``k``'s weights in the order of the Keras model's ``get_weights()``."""
        theta = self.thetas[k].numpy()
        pieces = np.split(theta, np.cumsum(self.sizes)[:-1])
        trainable = {id(v): piece.reshape(shape) for v, piece, shape in zip(self.variables, pieces, self.shapes)}
        return [trainable[id(v)] if id(v) in trainable else self.moving[v.path][k].numpy()
                for layer in self.layers for v in layer.weights]


def _check_supported(layers: list) -> None:
    import keras

    known = (keras.layers.Rescaling, keras.layers.Flatten, keras.layers.Dense, keras.layers.BatchNormalization,
             keras.layers.Activation, keras.layers.Dropout)
    for layer in layers:
        if not isinstance(layer, known):
            raise ValueError(f"race: layer {layer.name} ({layer.__class__.__name__}) cannot be raced; "
                             "supported: Rescaling, Flatten, Dense, BatchNormalization, Activation, Dropout")
    last = layers[-1]
    if not (isinstance(last, keras.layers.Dense) and last.activation is keras.activations.softmax):
        raise ValueError(f"race: the last layer must be a softmax Dense, got {last.name}")


def _penalty(regularizer, kernel):
    """Each contestant's L1/L2 penalty on one stacked kernel (K, in, out)."""
    import tensorflow as tf

    if regularizer is None:
        return tf.zeros(tf.shape(kernel)[0])
    l1, l2 = float(getattr(regularizer, "l1", 0.0)), float(getattr(regularizer, "l2", 0.0))
    return l1 * tf.reduce_sum(tf.abs(kernel), axis=[1, 2]) + l2 * tf.reduce_sum(tf.square(kernel), axis=[1, 2])


def _accuracy(y, logits):
    import tensorflow as tf

    hits = tf.cast(tf.equal(tf.argmax(logits, axis=-1, output_type=tf.int32), y[None]), tf.float32)
    return tf.reduce_mean(hits, axis=1)


# ---- recording -------------------------------------------------------------------------------------------------

class RaceRecorder:
    """Keeps per-batch and per-epoch rows of every contestant and forwards throttled progress dicts."""

    def __init__(self, names: list[str], epochs: int, batches: int, samples: int,
                 on_progress: Callable[[dict], None] | None):
        self.names, self.epochs, self.batches, self.samples = names, epochs, batches, samples
        self.on_progress = on_progress
        self.batch_rows: list[dict] = []
        self.epoch_rows: list[dict] = []
        self.step, self.seen, self.sent_batches = 0, 0, 0
        self.start_clock()
        self._new_epoch(1)

    def start_clock(self) -> None:
        """Start the race clock (seconds count from here)."""
        self.start, self.last_sent = time.perf_counter(), 0.0

    def _new_epoch(self, epoch: int) -> None:
        self.epoch, self.batch = epoch, 0
        self.loss_sum, self.accuracy_sum, self.epoch_seen = np.zeros(len(self.names)), np.zeros(len(self.names)), 0

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def record_batch(self, losses: np.ndarray, accuracies: np.ndarray, size: int) -> None:
        self.step, self.batch, self.seen = self.step + 1, self.batch + 1, self.seen + size
        # the epoch's training loss is the size-weighted mean of its batches, as Keras reports it
        self.loss_sum += size * losses
        self.accuracy_sum += size * accuracies
        self.epoch_seen += size
        now = self.elapsed()
        self.batch_rows.extend({"contestant": name, "step": self.step, "epoch": self.epoch, "batch": self.batch,
                                "loss": float(loss), "seconds": now} for name, loss in zip(self.names, losses))
        if now - self.last_sent >= PROGRESS_INTERVAL:
            self.last_sent = now
            self._send("batch", losses={n: float(v) for n, v in zip(self.names, losses)})

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

    def _add_epoch_rows(self, epoch, losses, accuracies, val_losses, val_accuracies, seconds: float) -> None:
        rows = [{"contestant": name, "epoch": float(epoch), "loss": float(loss), "accuracy": float(acc),
                 "val_loss": float(val_loss), "val_accuracy": float(val_acc), "seconds": seconds}
                for name, loss, acc, val_loss, val_acc in zip(self.names, losses, accuracies, val_losses,
                                                               val_accuracies)]
        self.epoch_rows.extend(rows)
        self._send("epoch", epoch_rows=rows)

    def _send(self, kind: str, **values) -> None:
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
    history: pd.DataFrame  # HISTORY_COLUMNS: one row per contestant and epoch, epoch 0 = the common start
    batch_history: pd.DataFrame  # BATCH_COLUMNS: every contestant's loss on every batch
    table: pd.DataFrame  # TABLE_COLUMNS, best first
    seconds: float
    stopped: bool
    target_accuracy: float | None = None
    final_weights: dict[str, list[np.ndarray]] = field(default_factory=dict)  # name -> model.get_weights() order
    initial_weights: dict[str, list[np.ndarray]] = field(default_factory=dict)  # only when raced with audit=True
    batch_indices: list[np.ndarray] | None = None  # training-image indices of every step, with audit=True
    notice: Notice | None = None
    worker: dict = field(default_factory=dict)  # where it ran: executor, host, pid (and Ray node)
    run_id: int | None = None  # in the run store
    store_error: Exception | None = None  # why the race could not be saved (a RunStoreError has key/params)

    @property
    def winner(self) -> str:
        return str(self.table.loc[self.table["winner"], "contestant"].iloc[0])

    def model(self, name: str):
        """A Keras model (compiled with the contestant's optimizer) holding contestant ``name``'s final weights."""
        from dnn_core.model import build_model

        if name not in self.final_weights:
            raise ValueError(f"race: no final weights kept for {name!r}; kept: {', '.join(self.final_weights)}")
        contestant = next(c for c in self.contestants if c.name == name)
        model = build_model(contestant_config(self.config, contestant))
        model.set_weights(self.final_weights[name])
        return model

    def model_to_keep(self):
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


def race(config: ExperimentConfig, contestants, data: Dataset | None = None,
         on_progress: Callable[[dict], None] | None = None, should_stop: Callable[[], bool] | None = None,
         target_accuracy: float | None = None, audit: bool = False) -> RaceResult:
    """Race the contestants on ``config``'s network and data for ``config.epochs`` epochs (or until stopped).

    Pure, like ``train``: recording the race is the job's (``RaceJob``). ``audit`` keeps every contestant's
    initial weights and the batch order, to check fairness.
    """
    contestants = make_contestants(contestants)
    if target_accuracy is not None and not 0 < target_accuracy <= 1:
        raise ValueError(f"target_accuracy: {target_accuracy!r} is out of range; allowed (0, 1]")
    from dnn_core.training import effective_config

    data = data or load_dataset(config.dataset)
    config = effective_config(config, data)
    return _run(config, contestants, data, on_progress, should_stop, target_accuracy, audit)


def _run(config: ExperimentConfig, contestants: tuple[Contestant, ...], data: Dataset,
         on_progress, should_stop, target_accuracy, audit: bool) -> RaceResult:
    from dnn_core.model import build_model, make_optimizer

    split = training_split(data, config)
    x_train, y_train = split.x_train, split.y_train.astype(np.int32)
    base = build_model(config, compile=False)  # built once; every contestant starts from a copy of its weights
    nets = StackedNetworks(base, [make_optimizer(contestant_config(config, c)) for c in contestants], config.loss)
    names = [c.name for c in contestants]
    initial = {name: nets.weights(k) for k, name in enumerate(names)} if audit else {}
    batches = math.ceil(len(x_train) / config.batch_size)
    recorder = RaceRecorder(names, config.epochs, batches, len(x_train), on_progress)
    recorder.record_start(*nets.evaluate(split.x_val, split.y_val))
    recorder.start_clock()  # the race clock starts at the first step
    rng = np.random.default_rng(config.seed)  # one batch order for everybody, reshuffled every epoch
    batch_indices: list[np.ndarray] | None = [] if audit else None
    stopped = False
    for _ in range(config.epochs):
        order = rng.permutation(len(x_train))
        for start in range(0, len(order), config.batch_size):
            idx = order[start:start + config.batch_size]
            losses, accuracies = nets.train_step(x_train[idx], y_train[idx])
            recorder.record_batch(losses.numpy(), accuracies.numpy(), len(idx))
            if batch_indices is not None:
                batch_indices.append(idx)
            if should_stop and should_stop():
                stopped = True
                break
        recorder.record_epoch(*nets.evaluate(split.x_val, split.y_val))
        if stopped:
            break
    seconds = recorder.elapsed()
    history = pd.DataFrame(recorder.epoch_rows, columns=HISTORY_COLUMNS)
    keep = sum(nets.sizes) <= KEEP_WEIGHTS_UP_TO
    return RaceResult(
        config=config, contestants=contestants, history=history,
        batch_history=pd.DataFrame(recorder.batch_rows, columns=BATCH_COLUMNS),
        table=race_table(history, target_accuracy, contestants), seconds=seconds, stopped=stopped,
        target_accuracy=target_accuracy,
        final_weights={name: nets.weights(k) for k, name in enumerate(names)} if keep else {},
        initial_weights=initial, batch_indices=batch_indices, notice=data.notice)


class RaceJob(WorkJob):
    """``race`` on a background thread through this server's executor (queued by the same limiter as training),
    with snapshots, recorded in the run store as kind 'race' with the winner's model (``WorkJob``)."""

    def __init__(self, config: ExperimentConfig, contestants, target_accuracy: float | None = None,
                 limiter: JobLimiter | None = None, abandon_after: float | None = None, save: bool = True,
                 executor=None):
        self.contestants = make_contestants(contestants)  # bad input fails here, in the caller, not on the thread
        if target_accuracy is not None and not 0 < target_accuracy <= 1:
            raise ValueError(f"target_accuracy: {target_accuracy!r} is out of range; allowed (0, 1]")
        self.target_accuracy = target_accuracy
        super().__init__(Work("race", config, self.contestants, target_accuracy), executor=executor,
                         limiter=limiter, abandon_after=abandon_after, save=save)


# ---- twin runs -------------------------------------------------------------------------------------------------

TWIN_SETTINGS = ("dropout", "batch_norm", "optimizer", "lr", "layers", "activation")
TWIN_DROPOUT = 0.2  # the rate a twin gets when its run had no dropout (the course model's)


def twin_config(config: ExperimentConfig, setting: str, value=None) -> ExperimentConfig:
    """``config`` with one setting changed; without a value, dropout and batch_norm are switched on/off."""
    if setting not in TWIN_SETTINGS:
        raise ValueError(f"twin: unknown setting {setting!r}; allowed: {', '.join(TWIN_SETTINGS)}")
    if value is None and setting == "dropout":
        value = 0.0 if config.dropout > 0 else TWIN_DROPOUT
    elif value is None and setting == "batch_norm":
        value = not config.batch_norm
    elif value is None:
        raise ValueError(f"twin: {setting} needs a new value")
    changes = {setting: value}
    if setting == "optimizer" and value not in MOMENTUM_OPTIMIZERS:
        changes["momentum"] = 0.0  # the other optimizers have no momentum setting
    twin = config.replace(**changes)
    if twin == config:
        raise ValueError(f"twin: {setting} is already {format_value(getattr(config, setting))}; pick another value")
    return twin


def filter_runs(runs: pd.DataFrame, query: str) -> pd.DataFrame:
    """The runs whose name, kind, optimizer(s) or data set contain ``query`` (any case); all for an empty query."""
    query = query.strip().lower()
    if not query:
        return runs
    text = runs[["name", "kind", "optimizer", "dataset"]].astype(str).agg(" ".join, axis=1).str.lower()
    return runs[text.str.contains(query, regex=False)]


def differences(a: ExperimentConfig, b: ExperimentConfig) -> list[tuple[str, str, str]]:
    """(setting, value in a, value in b) for every setting that differs, in vocabulary order."""
    da, db = a.to_dict(), b.to_dict()
    return [(name, format_value(da[name]), format_value(db[name])) for name in FIELD_NAMES if da[name] != db[name]]


@dataclass(eq=False)
class TwinResult:
    """A run and its twin: configs, per-epoch histories, and their ids in the run store."""

    base_config: ExperimentConfig
    twin_config: ExperimentConfig
    base_history: pd.DataFrame
    twin_history: pd.DataFrame
    base_run_id: int | None
    twin_run_id: int | None
    base_test_accuracy: float | None
    twin_test_accuracy: float | None
    stopped: bool = False
    save_errors: list = field(default_factory=list)  # RunStoreErrors of either training

    @property
    def changes(self) -> list[tuple[str, str, str]]:
        return differences(self.base_config, self.twin_config)


class TwinJob(BackgroundJob):
    """Train a twin of a run (and, for a run not trained yet, the run itself first) as TrainingJobs.

    This job only orchestrates: it takes no slot of its own, and each training queues on the shared limiter
    like any other, is saved to the run store (the twin with kind 'twin' and its run as parent).
    """

    def __init__(self, base_config: ExperimentConfig, twin: ExperimentConfig, base_run_id: int | None = None,
                 base_history: pd.DataFrame | None = None, base_test_accuracy: float | None = None,
                 limiter: JobLimiter | None = None, abandon_after: float | None = None, save: bool = True,
                 executor=None):
        self.base_config, self.twin_config = base_config, twin
        self.base_run_id, self._base_history, self._base_accuracy = base_run_id, base_history, base_test_accuracy
        self.phase = "base" if base_run_id is None else "twin"
        self.current = None  # the TrainingJob running now
        self._executor, self._training_limiter, self._save = executor, limiter, save
        # a private one-slot limiter: waiting for the trainings must not hold a slot of the shared one
        super().__init__(self._pair, limiter=JobLimiter(1), abandon_after=abandon_after)

    def _pair(self, report, should_stop) -> TwinResult:
        errors = []
        if self.base_run_id is None:
            base = self._train(self.base_config, "train", None, should_stop)
            with self._lock:
                self.base_run_id, self._base_history = base.run_id, base.result.history
                self._base_accuracy = base.result.test_accuracy
            errors += [base.save_error] if base.save_error else []
        twin = None
        if not should_stop():
            with self._lock:
                self.phase = "twin"
            twin = self._train(self.twin_config, "twin", self.base_run_id, should_stop)
            errors += [twin.save_error] if twin.save_error else []
        return TwinResult(self.base_config, self.twin_config, self._base_history,
                          twin.result.history if twin else pd.DataFrame(), self.base_run_id,
                          twin.run_id if twin else None, self._base_accuracy,
                          twin.result.test_accuracy if twin else None,
                          stopped=twin is None or twin.result.stopped, save_errors=errors)

    def _train(self, config: ExperimentConfig, kind: str, parent_id: int | None, should_stop):
        from dnn_core.training import TrainingJob

        job = TrainingJob(config, limiter=self._training_limiter, save=self._save, kind=kind, parent_id=parent_id,
                          executor=self._executor)
        with self._lock:
            self.current = job
        job.start()
        while not job.wait(0.2):
            if should_stop():
                job.stop()
        if job.failure is not None:
            raise job.failure  # as it is: a worker lost on the cluster keeps its translated message
        if job.result is None:
            raise RuntimeError(f"the {kind} training ended without a result")
        return job

    def snapshot(self) -> dict:
        """State and phase, and the snapshot of the training running now (None before it exists)."""
        self.touch()
        with self._lock:
            current, phase, base_history = self.current, self.phase, self._base_history
        return {"state": self.state, "phase": phase, "training": current.snapshot() if current else None,
                "base_history": base_history, "error": self.error, "result": self.result}
