"""Train a config's model with live progress, a prompt stop, and gradient-flow records.

``train`` is pure (config and data in, result out), so it runs in the server or on a Ray worker alike. Progress
reaches the caller as plain dicts through ``on_progress``, throttled by wall-clock time so that a slow consumer
cannot slow training down. Keras runs several batches per step (``dnn_core.engine.steps``: the same updates, fewer
returns to Python); the per-batch curve gets a row per step (the mean of its batches), ``should_stop`` is checked after
every step and the gradient probes come every so many batches, as with one batch per step. Nothing here knows of jobs:
``dnn_core.running.work`` wraps it as a kind of work, and ``dnn_core.running.work_jobs`` runs that through an executor.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import keras
import numpy as np
import pandas as pd
import tensorflow as tf

from dnn_core.engine.class_training import ClassTraining, summary, with_class_digits
from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.data import Dataset, Notice, load_dataset, training_split
from dnn_core.engine.digit_sets import DigitSet
from dnn_core.engine.evaluate import predict_probs
from dnn_core.engine.export import unpack_tensorboard
from dnn_core.engine.memory import KEEP_WEIGHTS_UP_TO
from dnn_core.engine.model import build_model, weight_layers
from dnn_core.engine.progress import (
    BATCH_COLUMNS,
    EPOCH_COLUMNS,
    GRADIENT_COLUMNS,
    PROGRESS_INTERVAL,
    Report,
    ShouldStop,
    progress_event,
)
from dnn_core.engine.resume import Continuation
from dnn_core.engine.steps import GRADIENT_PROBES_PER_EPOCH, batches_per_step

if TYPE_CHECKING:  # evaluate imports this module's TrainingResult for its own annotations
    from dnn_core.engine.evaluate import Inspection

# the gradient probe's batch: its forward and backward pass cost 2 training batches of 32, 25 times an epoch (3 % of
# the course model's epoch; 256 images cost 12 %), and its norms still show each layer's order of magnitude
PROBE_BATCH = 64
VALIDATION_BATCH = 1024  # validation only predicts: big batches make it ~5x cheaper than at the training batch size


@dataclass(eq=False)
class TrainingResult:
    """What one training produced: the model, its histories and its test metrics."""

    config: ExperimentConfig  # as really trained (the data set may have fallen back to the offline sample)
    model: keras.Model
    history: pd.DataFrame  # one row per epoch: EPOCH_COLUMNS
    batch_history: pd.DataFrame  # one row per step: BATCH_COLUMNS (the mean loss and accuracy of its batches)
    gradient_history: pd.DataFrame  # GRADIENT_COLUMNS: weight-gradient norm per Conv2D / Dense layer over training
    test_loss: float
    test_accuracy: float
    seconds: float
    samples_per_second: float
    stopped: bool
    batches_per_step: int = 1  # batches Keras ran per step (steps_per_execution)
    notice: Notice | None = None
    initial_weights: dict[str, np.ndarray] = field(default_factory=dict)  # Conv2D / Dense kernels before training
    log_dir: str | None = None  # TensorBoard event files, when asked for
    worker: dict = field(default_factory=dict)  # where it ran: executor, host, pid (and Ray node)
    run_id: int | None = None  # in the run store, once recorded
    store_error: Exception | None = None  # why it could not be recorded (a RunStoreError has key/params)
    inspection: Inspection | None = None  # Inspect's bundle, when the work asked for it
    class_training: ClassTraining | None = None  # the class's digits: who joined, repeats, held-out score

    def metrics(self) -> dict:
        metrics = {"test_loss": self.test_loss, "test_accuracy": self.test_accuracy, "seconds": self.seconds,
                   "samples_per_second": self.samples_per_second, "stopped": self.stopped,
                   "epochs_done": int(len(self.history)), "dataset": self.config.dataset, "worker": self.worker}
        if self.class_training is not None:  # scored on digit_sets.scoring_set: the held-out writers only
            metrics.update(class_accuracy=self.class_training.accuracy, class_count=self.class_training.count,
                           class_training=self.class_training.to_dict())
        return metrics

    def model_to_keep(self) -> keras.Model:
        """The model the run store keeps with the run."""
        return self.model


def make_batches(x: np.ndarray, y: np.ndarray, batch_size: int, seed: int, first_epoch: int = 0) -> tf.data.Dataset:
    """Batches in an order fixed by ``seed`` and reshuffled each epoch; only indices are shuffled.

    A training continued after ``first_epoch`` epochs shuffles by a seed made of both numbers, so its batches
    never repeat the orders of the run's first epochs (the same seed alone would start again at epoch 1's).
    """
    if first_epoch:
        seed = int(np.random.SeedSequence([seed, first_epoch]).generate_state(1)[0])
    images, labels = tf.constant(x), tf.constant(y.astype(np.int32))
    return (tf.data.Dataset.range(len(x))
            .shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
            .batch(batch_size)
            .map(lambda idx: (tf.gather(images, idx), tf.gather(labels, idx)))
            .prefetch(tf.data.AUTOTUNE))


class ProgressRecorder(keras.callbacks.Callback):
    """Keeps per-batch and per-epoch rows, forwards throttled progress dicts, and asks Keras to stop."""

    def __init__(self, epochs: int, batches: int, batch_size: int, samples: int,
                 on_progress: Report | None, should_stop: ShouldStop | None,
                 first_epoch: int = 0, first_step: int = 0) -> None:
        super().__init__()
        self.epochs, self.batches, self.batch_size, self.samples = epochs, batches, batch_size, samples
        self.on_progress, self.should_stop = on_progress, should_stop
        self.batch_rows: list[dict] = []
        self.epoch_rows: list[dict] = []
        self.sent_batches = 0
        self.step = first_step  # batches trained so far (a continued training numbers on)
        self.seen = 0  # training images seen so far in this part (the last batch of an epoch may be short)
        self.seen_before = first_epoch * samples  # the images of the epochs before this part

    def on_train_begin(self, logs: dict | None = None) -> None:
        self.start = self.last_sent = time.perf_counter()

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self.epoch, self.epoch_start, self.previous = epoch + 1, time.perf_counter(), (0.0, 0.0)
        self.next_batch = 0  # the first batch of the next step, in this epoch
        # a schedule's value at the optimizer's step count; a float32 holds 7 digits (0.001, not 0.0010000000474974513)
        self.lr = float(f"{float(self.model.optimizer.learning_rate):.7g}")

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        assert logs is not None  # Keras passes every batch's running means
        # Keras reports running means over the epoch's images (a short last batch weighs less); recover this
        # step's own means from two consecutive means weighted by the images before and in this step. ``batch``
        # is the step's last batch as Keras counts it, which may run past the epoch's end in its last step.
        last = min(batch, self.batches - 1)
        before = self.next_batch * self.batch_size
        size = min((last + 1) * self.batch_size, self.samples) - before
        loss, acc = float(logs["loss"]), float(logs["accuracy"])
        mean_loss, mean_acc = self.previous
        self.previous = (loss, acc)
        self.step += last + 1 - self.next_batch
        self.next_batch = last + 1
        self.seen += size
        self.batch_rows.append({"step": self.step, "epoch": self.epoch, "batch": last + 1,
                                "loss": ((before + size) * loss - before * mean_loss) / size,
                                "accuracy": ((before + size) * acc - before * mean_acc) / size})
        if self.should_stop and self.should_stop():
            self.model.stop_training = True
        now = time.perf_counter()
        if now - self.last_sent >= PROGRESS_INTERVAL:
            self.last_sent = now
            self._send("batch", now, loss=loss, accuracy=acc)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        logs = logs or {}
        row = {"epoch": epoch + 1, "seconds": time.perf_counter() - self.epoch_start, "lr": self.lr}
        row.update({k: float(logs.get(k, math.nan)) for k in ("loss", "accuracy", "val_loss", "val_accuracy")})
        self.epoch_rows.append(row)
        self._send("epoch", time.perf_counter(), loss=row["loss"], accuracy=row["accuracy"], epoch_rows=[row])

    def _send(self, kind: str, now: float, **values: object) -> None:
        if not self.on_progress:
            return
        event = progress_event(kind, epoch=self.epoch, epochs=self.epochs,
                               batch=self.batch_rows[-1]["batch"] if self.batch_rows else 0, batches=self.batches,
                               step=self.step, samples=self.samples, seen=self.seen_before + self.seen,
                               seen_before=self.seen_before, elapsed=now - self.start,
                               new_batches=self.batch_rows[self.sent_batches:], **values)
        self.sent_batches = len(self.batch_rows)
        self.on_progress(event)


class GradientProbe(keras.callbacks.Callback):
    """Every ``every`` batches, the norm of each Conv2D and Dense kernel's loss gradient on one fixed batch (cheap,
    comparable); depth 1 is the layer nearest the input. A probe falls at the end of the step in which its batch
    was trained (steps hold at most ``every`` batches, so none is skipped)."""

    def __init__(self, x_probe: np.ndarray, y_probe: np.ndarray, every: int, batches: int,
                 first_step: int = 0) -> None:
        super().__init__()
        self.x, self.y, self.every = tf.constant(x_probe), tf.constant(y_probe.astype(np.int32)), max(1, every)
        self.batches = batches  # per epoch
        self.rows: list[dict] = []
        self.step = first_step  # batches trained so far (a continued training numbers on)

    def on_train_begin(self, logs: dict | None = None) -> None:
        self.kernels = [(layer.name, layer.kernel) for layer in weight_layers(self.model)]
        self._norms = tf.function(self._kernel_gradient_norms)  # traced once; an eager tape costs ~15 ms a probe
        if self.step == 0:  # the untrained network's gradients (a continued one's were probed before)
            self._record(epoch=1)

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self.epoch, self.next_batch = epoch + 1, 0

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        last = min(batch, self.batches - 1)  # the step's last batch (Keras may count past the epoch's end)
        before, self.step = self.step, self.step + last + 1 - self.next_batch
        self.next_batch = last + 1
        if self.step // self.every > before // self.every:
            self._record(self.epoch)

    def _kernel_gradient_norms(self) -> tf.Tensor:
        with tf.GradientTape() as tape:
            loss = self.model.compute_loss(x=self.x, y=self.y, y_pred=self.model(self.x, training=False))
        grads = tape.gradient(loss, [kernel for _, kernel in self.kernels])
        return tf.stack([tf.norm(grad) if grad is not None else tf.constant(math.nan) for grad in grads])

    def _record(self, epoch: int) -> None:
        norms = self._norms().numpy()  # one transfer for all layers
        for depth, ((name, _), norm) in enumerate(zip(self.kernels, norms), start=1):
            self.rows.append({"step": self.step, "epoch": epoch, "layer": name, "depth": depth,
                              "grad_norm": float(norm)})


class EagerValidation(keras.callbacks.Callback):
    """Puts ``val_loss`` and ``val_accuracy`` into each epoch's logs, as fit's ``validation_data`` does, from eager
    forward passes (``loss_and_accuracy``). Keras' validation traces a test step for every new model: ~0.4 s, a
    tenth of a two-epoch course-model training here, for six forward passes that take 0.1 s."""

    def __init__(self, x: np.ndarray, y: np.ndarray):
        super().__init__()
        self.x, self.y = x, y

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if logs is not None:  # the same dict reaches the callbacks after this one (history, TensorBoard)
            logs["val_loss"], logs["val_accuracy"] = loss_and_accuracy(self.model, self.x, self.y)


def loss_and_accuracy(model: keras.Model, x: np.ndarray, y: np.ndarray,
                      batch_size: int = VALIDATION_BATCH) -> tuple[float, float]:
    """What ``model.evaluate(x, y)`` returns (the compiled loss with the L1/L2 penalties, and the accuracy) from
    ``evaluate.predict_probs``' eager forward passes in inference mode: no tf.function to trace."""
    y = np.asarray(y, dtype=np.int32)
    probs = predict_probs(model, x, batch_size).astype("float32")  # the model's own outputs, batch by batch
    loss = model.compute_loss(x=None, y=y, y_pred=probs, training=False)  # the mean over all images, penalties added
    return float(loss), float(np.mean(probs.argmax(axis=1) == y))


def _initial_weights(model: keras.Model) -> dict[str, np.ndarray]:
    if model.count_params() > KEEP_WEIGHTS_UP_TO:
        return {}
    return {layer.name: np.array(layer.kernel.numpy()) for layer in weight_layers(model)}


def train(config: ExperimentConfig, data: Dataset | None = None,
          on_progress: Report | None = None, should_stop: ShouldStop | None = None,
          log_dir: str | None = None, record_gradients: bool = True, start: Continuation | None = None,
          step_batches: int | None = None, class_digits: DigitSet | None = None) -> TrainingResult:
    """Train the config's model; returns histories, test metrics and the model (also when stopped early).

    With ``start``, its model goes on with its optimizer's state for the config's epochs after those it did, and
    the histories hold both parts. ``step_batches``: batches per step (default: ``steps.batches_per_step``; 1
    keeps every batch its own point on the curve). ``class_digits``: the class's drawn digits; the config's
    ``class_digits`` share of their writers joins the training images (``dnn_core.engine.class_training``), and the
    result is scored on the others.
    """
    data = data or load_dataset(config.dataset)
    config = config.trained_on(data.name)
    split, repeats = with_class_digits(training_split(data, config), class_digits, config.class_digits)
    batches = math.ceil(len(split.x_train) / config.batch_size)
    # a continued model's optimizer brings its own schedule, and its step count to go on from
    model = build_model(config, batches=batches) if start is None else start.load_model()
    initial = _initial_weights(model) if start is None else start.initial_weights
    first_epoch = 0 if start is None else start.epochs_done
    first_step = int(model.optimizer.iterations.numpy())  # the batches it was trained on before
    step_batches = step_batches or batches_per_step(config, batches)
    run_batches_per_step(model, step_batches)
    if start is not None and start.logs and log_dir:
        unpack_tensorboard(start.logs, log_dir)  # the new epochs' events join the earlier ones: one curve
    recorder = ProgressRecorder(config.epochs, batches, config.batch_size, len(split.x_train),
                                on_progress, should_stop, first_epoch, first_step)
    # validation first: the recorder and TensorBoard read its val_loss in the same epoch-end logs
    callbacks: list[keras.callbacks.Callback] = [EagerValidation(split.x_val, split.y_val), recorder]
    if record_gradients:
        probe = slice(0, PROBE_BATCH)
        probe_cb = GradientProbe(split.x_val[probe], split.y_val[probe],
                                 every=max(1, batches // GRADIENT_PROBES_PER_EPOCH), batches=batches,
                                 first_step=first_step)
        callbacks.append(probe_cb)
    if log_dir:
        callbacks.append(keras.callbacks.TensorBoard(log_dir=log_dir, histogram_freq=1, write_graph=True,
                                                     update_freq="epoch", profile_batch=0))
    start_time = time.perf_counter()
    model.fit(make_batches(split.x_train, split.y_train, config.batch_size, config.seed, first_epoch),
              initial_epoch=first_epoch, epochs=config.epochs,
              callbacks=callbacks, shuffle=False, verbose=0)
    seconds = time.perf_counter() - start_time
    test_loss, test_accuracy = loss_and_accuracy(model, data.x_test, data.y_test)
    ours = None if class_digits is None and not config.class_digits else summary(
        lambda x: predict_probs(model, x, VALIDATION_BATCH), class_digits, config.class_digits, repeats)
    before = start or Continuation(b"", pd.DataFrame())  # a new training: nothing before it
    return TrainingResult(
        config=config, model=model,
        history=_appended(before.history, recorder.epoch_rows, EPOCH_COLUMNS),
        batch_history=_appended(before.batch_history, recorder.batch_rows, BATCH_COLUMNS),
        gradient_history=_appended(before.gradient_history, probe_cb.rows if record_gradients else [],
                                   GRADIENT_COLUMNS),
        test_loss=float(test_loss), test_accuracy=float(test_accuracy), seconds=before.seconds + seconds,
        samples_per_second=recorder.seen / seconds if seconds else 0.0,
        stopped=bool(should_stop and should_stop()), batches_per_step=step_batches, notice=data.notice,
        initial_weights=initial, log_dir=log_dir, class_training=ours)


def run_batches_per_step(model: keras.Model, batches: int) -> None:
    """Make ``model``'s fit, evaluate and predict run ``batches`` batches per call into TensorFlow.

    What ``compile(steps_per_execution=batches)`` sets; set here because a continued model comes compiled from
    its file. Its compiled functions are dropped, so the next call traces them with this number.
    """
    model.steps_per_execution = batches
    model.train_function = model.test_function = model.predict_function = None


def _appended(before: pd.DataFrame | None, rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """The rows of an earlier part (if any) and then this part's, with ``columns``."""
    parts = [frame for frame in (before, pd.DataFrame(rows, columns=columns)) if frame is not None and len(frame)]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat([frame.reindex(columns=columns) for frame in parts], ignore_index=True)
