"""The fused maths of the optimizer race: K copies of one network trained side by side as one.

Each contestant's parameters are one flat vector, the K vectors are stacked into one tensor, every layer is one
batched matmul for all K, and one compiled step computes every contestant's loss and gradient and applies every
contestant's own Keras optimizer, for one batch or for several in a row (``train_steps``: one call into
TensorFlow for them all, as Keras' ``steps_per_execution``). A flat vector is exact for these optimizers (all of
them update element by element) and costs one optimizer update per contestant instead of one per layer weight.

Imports TensorFlow: the race module loads this only when a race runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator

import keras
import numpy as np
import tensorflow as tf

from dnn_core.engine.model import one_hot_mse

EVAL_ACTIVATIONS = 2**23  # floats of hidden activations per evaluation chunk (32 MB), whatever K and the widths


def _logits_cross_entropy(y: tf.Tensor, logits: tf.Tensor) -> tf.Tensor:
    labels = tf.broadcast_to(y[None], tf.shape(logits)[:2])
    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels, logits)


def _logits_one_hot_mse(y: tf.Tensor, logits: tf.Tensor) -> tf.Tensor:
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

    def __init__(self, model: keras.Model, optimizers: list[keras.optimizers.Optimizer], loss: str) -> None:
        self.layers = list(model.layers)
        self.check_supported(self.layers)
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
        images, labels = tf.TensorSpec((None, *image.shape), tf.uint8), tf.TensorSpec((None, None), tf.int32)
        self._train_steps = tf.function(self._steps, input_signature=[images, labels], autograph=False)
        self._evaluate_chunk = tf.function(self._evaluate, input_signature=[image, label], autograph=False)
        widest = max(int(np.prod(layer.output.shape[1:])) for layer in self.layers)
        self.eval_chunk = int(np.clip(EVAL_ACTIVATIONS // (self.count * widest), 64, 4096))

    def _params(self) -> list[tf.Tensor]:
        """Each trainable weight as a (K, *shape) tensor, read from the K flat vectors."""
        parts = tf.split(tf.stack(self.thetas), self.sizes, axis=1)
        return [tf.reshape(part, (self.count, *shape)) for part, shape in zip(parts, self.shapes)]

    def _forward(self, params: list[tf.Tensor], x: tf.Tensor, training: bool) -> tuple[tf.Tensor, tf.Tensor]:
        """Logits (K, B, classes) and each contestant's weight penalty (K,) for one batch of images."""
        state = _Pass(h=x, params=iter(params), penalty=tf.zeros(self.count), training=training)
        for layer in self.layers:
            _forward_step(layer)(self, layer, state)
        return state.h, state.penalty

    def _batch_norm(self, layer: keras.layers.BatchNormalization, h: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor,
                    training: bool) -> tf.Tensor:
        """Keras' BatchNormalization for all K: batch statistics while training, moving ones otherwise."""
        moving_mean, moving_variance = self.moving[layer.moving_mean.path], self.moving[layer.moving_variance.path]
        if training:
            mean, variance = tf.nn.moments(h, axes=[1], keepdims=True)
            moving_mean.assign(moving_mean * layer.momentum + mean[:, 0] * (1.0 - layer.momentum))
            moving_variance.assign(moving_variance * layer.momentum + variance[:, 0] * (1.0 - layer.momentum))
        else:
            mean, variance = moving_mean[:, None, :], moving_variance[:, None, :]
        return tf.nn.batch_normalization(h, mean, variance, beta[:, None, :], gamma[:, None, :], layer.epsilon)

    def _train_step(self, x: tf.Tensor, y: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
        """One update of every contestant on the same batch; returns each one's loss and accuracy on it."""
        with tf.GradientTape() as tape:
            logits, penalty = self._forward(self._params(), x, training=True)
            losses = tf.reduce_mean(self.loss(y, logits), axis=1) + penalty
            # contestants share no parameter, so the gradient of the sum is each contestant's own gradient
            total = tf.reduce_sum(losses)
        grads = tape.gradient(total, self.thetas)
        for optimizer, grad, theta in zip(self.optimizers, grads, self.thetas):
            optimizer.apply_gradients([(grad, theta)])
        return losses, _accuracy(y, logits)

    def _steps(self, xs: tf.Tensor, ys: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
        """``_train_step`` on each of the batches xs[0], xs[1], ... in order; their losses and accuracies (S, K)."""
        count = tf.shape(xs)[0]

        def body(i: tf.Tensor, losses: tf.TensorArray,
                 accuracies: tf.TensorArray) -> tuple[tf.Tensor, tf.TensorArray, tf.TensorArray]:
            loss, accuracy = self._train_step(xs[i], ys[i])
            return i + 1, losses.write(i, loss), accuracies.write(i, accuracy)

        start = (tf.constant(0), tf.TensorArray(tf.float32, size=count), tf.TensorArray(tf.float32, size=count))
        _, losses, accuracies = tf.while_loop(lambda i, *_: i < count, body, start, parallel_iterations=1)
        return losses.stack(), accuracies.stack()

    def train_steps(self, xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """One update of every contestant on each of the equal-sized batches xs[0], xs[1], ... in order (one call
        into TensorFlow); each contestant's loss and accuracy on each batch, shape (batches, K)."""
        losses, accuracies = self._train_steps(xs, ys)
        return losses.numpy(), accuracies.numpy()

    def _evaluate(self, x: tf.Tensor, y: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
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

    @staticmethod
    def check_supported(layers: list[keras.layers.Layer]) -> None:
        """Raise ValueError unless the fused step holds every layer (dense networks ending in a softmax Dense)."""
        for layer in layers:
            if not isinstance(layer, tuple(FORWARD)):
                raise ValueError(f"race: layer {layer.name} ({layer.__class__.__name__}) cannot be fused; "
                                 "supported: Rescaling, Flatten, Dense, BatchNormalization, Activation, Dropout")
        last = layers[-1]
        if not (isinstance(last, keras.layers.Dense) and last.activation is keras.activations.softmax):
            raise ValueError(f"race: the last layer must be a softmax Dense, got {last.name}")


def _penalty(regularizer: keras.regularizers.Regularizer | None, kernel: tf.Tensor) -> tf.Tensor:
    """Each contestant's L1/L2 penalty on one stacked kernel (K, in, out)."""
    if regularizer is None:
        return tf.zeros(tf.shape(kernel)[0])
    l1, l2 = float(getattr(regularizer, "l1", 0.0)), float(getattr(regularizer, "l2", 0.0))
    return l1 * tf.reduce_sum(tf.abs(kernel), axis=[1, 2]) + l2 * tf.reduce_sum(tf.square(kernel), axis=[1, 2])


def _accuracy(y: tf.Tensor, logits: tf.Tensor) -> tf.Tensor:
    hits = tf.cast(tf.equal(tf.argmax(logits, axis=-1, output_type=tf.int32), y[None]), tf.float32)
    return tf.reduce_mean(hits, axis=1)


# ---- the forward pass, one small function per layer class ------------------------------------------------------

@dataclass
class _Pass:
    """What a forward pass carries from layer to layer."""

    h: tf.Tensor  # the activations: (B, ...) while shared, (K, B, ...) after the first Dense
    params: Iterator[tf.Tensor]  # the stacked trainable weights (K, *shape), in the order the layers use them
    penalty: tf.Tensor  # each contestant's weight penalty so far (K,)
    training: bool
    shared: bool = True  # h is still the same for all contestants (no K axis yet)


def _rescaling(nets: StackedNetworks, layer: keras.layers.Rescaling, state: _Pass) -> None:
    state.h = tf.cast(state.h, tf.float32) * layer.scale + layer.offset


def _flatten(nets: StackedNetworks, layer: keras.layers.Flatten, state: _Pass) -> None:
    h = state.h
    state.h = tf.reshape(h, (tf.shape(h)[0], -1)) if state.shared else tf.reshape(h, (nets.count, tf.shape(h)[1], -1))


def _dense(nets: StackedNetworks, layer: keras.layers.Dense, state: _Pass) -> None:
    kernel = next(state.params)
    h = tf.matmul(state.h[None] if state.shared else state.h, kernel)  # (1 or K, B, in) @ (K, in, out)
    state.shared = False
    if layer.use_bias:
        h = h + next(state.params)[:, None, :]
    state.penalty += _penalty(layer.kernel_regularizer, kernel)
    if layer is not nets.layers[-1]:  # the last one's softmax is left to the loss: logits are stabler
        h = layer.activation(h)
    state.h = h


def _batch_normalization(nets: StackedNetworks, layer: keras.layers.BatchNormalization, state: _Pass) -> None:
    state.h = nets._batch_norm(layer, state.h, next(state.params), next(state.params), state.training)


def _activation(nets: StackedNetworks, layer: keras.layers.Activation, state: _Pass) -> None:
    state.h = layer.activation(state.h)


def _dropout(nets: StackedNetworks, layer: keras.layers.Dropout, state: _Pass) -> None:
    if state.training and layer.rate > 0:
        noise_shape = None if state.shared else (1, None, state.h.shape[-1])
        state.h = keras.random.dropout(state.h, layer.rate, noise_shape=noise_shape, seed=nets.seeds[layer.name])


# layer class -> its step of the stacked forward pass; a layer of any other class cannot be raced
FORWARD = {
    keras.layers.Rescaling: _rescaling,
    keras.layers.Flatten: _flatten,
    keras.layers.Dense: _dense,
    keras.layers.BatchNormalization: _batch_normalization,
    keras.layers.Activation: _activation,
    keras.layers.Dropout: _dropout,
}


def _forward_step(layer: keras.layers.Layer) -> Callable[[StackedNetworks, keras.layers.Layer, _Pass], None]:
    return next(step for cls, step in FORWARD.items() if isinstance(layer, cls))
