"""Build the Keras model of a config, describe it as a table, and export it as a runnable Keras script."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import keras
import numpy as np
import pandas as pd

from dnn_core.engine.class_training import script_code
from dnn_core.engine.config import DATASET_TRAIN_SIZES, OPTIMIZERS, ExperimentConfig
from dnn_core.engine.data import validation_size
from dnn_core.engine.layers import IMAGE_SIDE, KERNEL, NUM_CLASSES, POOL, Layer, shapes
from dnn_core.engine.schedules import float_code, keras_schedule, rates, schedule_code
from dnn_core.engine.steps import batches_per_step

if TYPE_CHECKING:  # Keras's backend tensors, named for the annotations only
    import tensorflow as tf

TURN_PER_SHIFT = 6  # augmentation turns by up to augment / 6 of a full turn: 18° at the largest shift, 0.3

INITIALIZERS = {
    "glorot_uniform": keras.initializers.GlorotUniform,
    "glorot_normal": keras.initializers.GlorotNormal,
    "he_uniform": keras.initializers.HeUniform,
    "he_normal": keras.initializers.HeNormal,
    "lecun_normal": keras.initializers.LecunNormal,
    "random_normal": keras.initializers.RandomNormal,
}


@keras.saving.register_keras_serializable(package="dnn_playground")
def one_hot_mse(y_true: tf.Tensor, y_pred: tf.Tensor) -> tf.Tensor:
    """Mean squared error between one-hot targets and the softmax output (labels stay integers)."""
    y_true = keras.ops.one_hot(keras.ops.cast(keras.ops.reshape(y_true, (-1,)), "int32"), NUM_CLASSES)
    return keras.ops.mean(keras.ops.square(y_true - y_pred), axis=-1)


LOSSES = {
    "sparse_categorical_crossentropy": lambda: keras.losses.SparseCategoricalCrossentropy(),
    "mse": lambda: one_hot_mse,
}


def steps_per_epoch(config: ExperimentConfig) -> int:
    """The batches (optimizer steps) of one epoch: the config's training images less the validation share."""
    size = config.train_size or DATASET_TRAIN_SIZES[config.dataset]
    return math.ceil((size - validation_size(size)) / config.batch_size)


def learning_rate(config: ExperimentConfig,
                  batches: int | None = None) -> float | keras.optimizers.schedules.LearningRateSchedule:
    """The optimizer's learning rate: ``lr``, or the Keras schedule of ``lr_schedule`` over ``batches`` per epoch
    (default: as many as the config's data give)."""
    return keras_schedule(config.schedule, config.lr, batches or steps_per_epoch(config), config.epochs)


def make_optimizer(config: ExperimentConfig, batches: int | None = None) -> keras.optimizers.Optimizer:
    """A fresh optimizer for the config (never share one between models); a schedule counts ``batches`` per epoch."""
    spec = OPTIMIZERS[config.optimizer]
    arguments = spec.keras_arguments(learning_rate(config, batches), config.effective_momentum)
    return getattr(keras.optimizers, spec.keras_class)(**arguments)


def lr_curve(config: ExperimentConfig, points_per_epoch: int = 20) -> pd.DataFrame:
    """The learning rate over the training, from the optimizer's own schedule: columns epoch (0 = the start, in
    epochs done, fractions within an epoch) and lr, the rate of the batch that starts there."""
    batches = steps_per_epoch(config)
    per_epoch = max(1, min(points_per_epoch, batches))
    epochs = np.arange(config.epochs * per_epoch + 1) / per_epoch
    steps = np.minimum(np.round(epochs * batches), config.epochs * batches)
    return pd.DataFrame({"epoch": epochs, "lr": rates(config.schedule, config.lr, batches, config.epochs, steps)})


def build_model(config: ExperimentConfig, compile: bool = True, batches: int | None = None) -> keras.Model:
    """Input 28×28 → Rescaling to [0, 1] → (augmentation, conv and pool blocks) → Flatten → dense blocks →
    Dense(10, softmax). The same seed gives the same weights; a schedule counts ``batches`` per epoch."""
    stack = [keras.Input(shape=(IMAGE_SIDE, IMAGE_SIDE), name="image"),
             keras.layers.Rescaling(1 / 255, name="scale")]  # callers pass raw 0..255 pixels
    layers = config.layer_stack
    if needs_channel(config):
        stack.append(keras.layers.Reshape((IMAGE_SIDE, IMAGE_SIDE, 1), name="channel"))
        stack += augmentation_layers(config)
    flattened = False
    for i, layer in enumerate(layers, start=1):
        if not layer.spatial and not flattened:
            stack.append(keras.layers.Flatten(name="flatten"))
            flattened = True
        stack += _hidden_block(config, layer, i)
    if not flattened:
        stack.append(keras.layers.Flatten(name="flatten"))
    stack.append(keras.layers.Dense(NUM_CLASSES, activation="softmax", name="output",
                                    kernel_initializer=keras.initializers.GlorotUniform(seed=config.seed)))
    model = keras.Sequential(stack, name="dnn_playground")
    if compile:
        model.compile(optimizer=make_optimizer(config, batches), loss=LOSSES[config.loss](), metrics=["accuracy"])
    return model


def needs_channel(config: ExperimentConfig) -> bool:
    """Whether the image gets a channel axis (28×28×1) first: conv, pool and the random image layers need one."""
    return bool(config.augment) or config.layer_stack[0].spatial


def augmentation_layers(config: ExperimentConfig) -> list:
    """Random shifts of up to ``augment`` of the side and rotations of up to a sixth of that of a turn (18° at
    the largest setting): active while training only, so prediction and the saved model's answers are unaffected."""
    if not config.augment:
        return []
    return [keras.layers.RandomTranslation(config.augment, config.augment, fill_mode="constant", seed=config.seed,
                                           name="random_shift"),
            keras.layers.RandomRotation(config.augment / TURN_PER_SHIFT, fill_mode="constant", seed=config.seed + 1,
                                        name="random_rotation")]


def _hidden_block(config: ExperimentConfig, layer: Layer, i: int) -> list:
    """One hidden layer's Keras layers: Dense or Conv2D (→ BatchNormalization → activation) → Dropout, or a pool."""
    if layer.kind == "pool":
        return [keras.layers.MaxPooling2D(POOL, name=f"pool_{i}")]
    activation = layer.activation_or(config.activation)
    regularizer = keras.regularizers.L1L2(l1=config.l1, l2=config.l2) if (config.l1 or config.l2) else None
    init = INITIALIZERS[config.initializer](seed=config.seed + i)
    weights, shape = (keras.layers.Conv2D, (layer.size, KERNEL)) if layer.kind == "conv" else \
        (keras.layers.Dense, (layer.size,))
    common = dict(kernel_initializer=init, kernel_regularizer=regularizer, name=f"{layer.kind}_{i}")
    if config.batch_norm:
        # weights → BatchNormalization → activation: normalise pre-activations; BN's shift replaces the bias.
        block = [weights(*shape, use_bias=False, **common), keras.layers.BatchNormalization(name=f"batch_norm_{i}"),
                 keras.layers.Activation(activation, name=f"{activation}_{i}")]
    else:
        block = [weights(*shape, activation=activation, **common)]
    if config.dropout > 0:
        block.append(keras.layers.Dropout(config.dropout, seed=config.seed + i, name=f"dropout_{i}"))
    return block


def dense_layers(model: keras.Model) -> list[keras.layers.Dense]:
    """The model's Dense layers, input side first (the output layer last): the one walk evaluation, training and
    the charts share."""
    return [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]


def weight_layers(model: keras.Model) -> list[keras.layers.Layer]:
    """The model's Conv2D and Dense layers, input side first (the output layer last): the layers whose kernels
    the gradient probe tracks and Inspect's weight histograms show."""
    return [layer for layer in model.layers if isinstance(layer, (keras.layers.Conv2D, keras.layers.Dense))]


def summary_table(model: keras.Model) -> pd.DataFrame:
    """One row per layer: name, type, output shape per image (26×26×32, as the diagram writes it) and trainable +
    non-trainable parameters."""
    rows = [{"layer": layer.name, "type": layer.__class__.__name__,
             "output_shape": "×".join(str(side) for side in layer.output.shape[1:]),
             "parameters": layer.count_params()} for layer in model.layers]
    return pd.DataFrame(rows, columns=["layer", "type", "output_shape", "parameters"])


def count_parameters(config: ExperimentConfig) -> int:
    """The total parameter count of the config's model, from the layer shapes (no Keras needed)."""
    return sum(shape.parameters for shape in shapes(config.layer_stack, config.batch_norm))


_LOAD_CODE = {
    "mnist": "(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()",
    "fashion_mnist": "(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()",
    # The 5,000 offline MNIST digits ship with DNN Playground (the script reads them from the project folder, the
    # notebook from the copy beside it) and are split as dnn_core.engine.data.read_sample splits them.
    "mnist_sample": ("import numpy as np\n"
                     "with np.load(\"{sample}\") as data:  # 5,000 real MNIST digits shipped for offline use\n"
                     "    x, y = data[\"x\"], data[\"y\"]\n"
                     "# The first 400 images of each digit train, the other 100 test\n"
                     "train = np.sort(np.concatenate([np.flatnonzero(y == digit)[:400] for digit in range(10)]))\n"
                     "test = np.setdiff1d(np.arange(len(y)), train)\n"
                     "(x_train, y_train), (x_test, y_test) = (x[train], y[train]), (x[test], y[test])\n"
                     "# The sample is ordered by digit: shuffle it, so that a subset and validation_split's last 10 %\n"
                     "# hold every digit\n"
                     "order = np.random.default_rng({seed}).permutation(len(x_train))\n"
                     "x_train, y_train = x_train[order], y_train[order]"),
    # The class's own digits, as the Class page or `python -m dnn_core class-digits export` wrote them (already
    # split into train and test by writer), in the folder our_handwriting beside the script
    "our_handwriting": ("import gzip\n"
                        "import numpy as np\n"
                        "def read_idx(name):  # MNIST's file format: 4 bytes, one 4-byte size per dimension, pixels\n"
                        "    with gzip.open(\"our_handwriting/\" + name) as f:\n"
                        "        data = f.read()\n"
                        "    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], \"big\") for i in range(data[3])]\n"
                        "    return np.frombuffer(data, np.uint8, offset=4 + 4 * len(dims)).reshape(dims)\n"
                        "x_train, y_train = read_idx(\"train-images-idx3-ubyte.gz\"), "
                        "read_idx(\"train-labels-idx1-ubyte.gz\")\n"
                        "x_test, y_test = read_idx(\"t10k-images-idx3-ubyte.gz\"), "
                        "read_idx(\"t10k-labels-idx1-ubyte.gz\")"),
}

def _layer_code(config: ExperimentConfig) -> list[str]:
    reg = f", kernel_regularizer=keras.regularizers.L1L2(l1={config.l1:g}, l2={config.l2:g})" \
        if (config.l1 or config.l2) else ""
    init = f', kernel_initializer="{config.initializer}"' if config.initializer != "glorot_uniform" else ""
    layers = config.layer_stack
    lines = []
    if needs_channel(config):
        lines.append(f"    keras.layers.Reshape(({IMAGE_SIDE}, {IMAGE_SIDE}, 1)),  # one grey channel")
    if config.augment:
        lines += ["    # shifts and rotations while training only: prediction is unaffected",
                  f'    keras.layers.RandomTranslation({config.augment:g}, {config.augment:g}, fill_mode="constant"),',
                  f'    keras.layers.RandomRotation({config.augment:g} / {TURN_PER_SHIFT}, fill_mode="constant"),']
    flattened = False
    for layer in layers:
        if layer.kind == "pool":
            lines.append(f"    keras.layers.MaxPooling2D({POOL}),")
            continue
        if layer.kind == "dense" and not flattened:
            lines.append("    keras.layers.Flatten(),")
            flattened = True
        activation = layer.activation_or(config.activation)
        weights = f"Conv2D({layer.size}, {KERNEL}" if layer.kind == "conv" else f"Dense({layer.size}"
        if config.batch_norm:
            lines += [f"    keras.layers.{weights}, use_bias=False{init}{reg}),",
                      "    keras.layers.BatchNormalization(),",
                      f'    keras.layers.Activation("{activation}"),']
        else:
            lines.append(f'    keras.layers.{weights}, activation="{activation}"{init}{reg}),')
        if config.dropout > 0:
            lines.append(f"    keras.layers.Dropout({config.dropout:g}),")
    if not flattened:
        lines.append("    keras.layers.Flatten(),")
    return lines


SAMPLE_PATH = "dnn_core/assets/mnist_sample.npz"  # the offline sample, from the project folder


def keras_code(config: ExperimentConfig, sample_path: str = SAMPLE_PATH) -> str:
    """A complete, runnable Keras script in the course notebook's style that reproduces this experiment
    (``sample_path``: where it reads the offline sample from)."""
    mse = config.loss == "mse"
    subset = (f"\n# Use the first {config.train_size} training images\n"
              f"x_train, y_train = x_train[:{config.train_size}], y_train[:{config.train_size}]\n"
              if config.train_size else "")
    one_hot = ("\n# Mean squared error compares the softmax output with one-hot targets\n"
               "y_train_fit = keras.utils.to_categorical(y_train, 10)\n"
               "y_test_fit = keras.utils.to_categorical(y_test, 10)\n"
               if mse else "y_train_fit, y_test_fit = y_train, y_test\n")
    spec = OPTIMIZERS[config.optimizer]
    scheduled = config.schedule.kind != "constant"
    values = spec.keras_arguments(config.lr, config.effective_momentum)
    if scheduled:
        values["learning_rate"] = "learning_rate"  # the schedule the script builds just before
    arguments = ", ".join(f"{name}={float_code(value)}" if isinstance(value, float) else f"{name}={value}"
                          for name, value in values.items())
    optimizer = f"keras.optimizers.{spec.keras_class}({arguments})"
    loss = '"mse"' if mse else '"sparse_categorical_crossentropy"'
    body = "\n".join(_layer_code(config))
    schedule = "\n".join([f"steps_per_epoch = math.ceil(math.floor(len(x_train) * 0.9) / {config.batch_size})"
                          "  # fit trains on the first 90 %", *schedule_code(config.schedule, config.lr, config.epochs),
                          ""]) if scheduled else ""
    imports = "import math\n\nimport keras" if scheduled else "import keras"
    steps = batches_per_step(config)
    per_step = (f"# steps_per_execution={steps}: Keras runs {steps} batches per call into TensorFlow, as DNN "
                "Playground does: the same\n# updates in the same order, with less time spent back in Python between "
                "batches\n" if steps > 1 else "")
    several = f", steps_per_execution={steps}" if steps > 1 else ""
    ours, ours_score = script_code(config.class_digits)  # the class's own digits, from the Class page's download
    return f'''"""DNN Playground experiment as a plain Keras script."""

{imports}

keras.utils.set_random_seed({config.seed})

# Load the data
{_LOAD_CODE[config.dataset].format(seed=config.seed, sample=sample_path)}
{subset}{ours}{one_hot}
# Build the model: pixels are scaled to [0, 1] inside the model
model = keras.Sequential([
    keras.Input(shape=(28, 28)),
    keras.layers.Rescaling(1 / 255),
{body}
    keras.layers.Dense(10, activation="softmax"),
])
model.summary()

# Train
{schedule}{per_step}model.compile(optimizer={optimizer}, loss={loss}, metrics=["accuracy"]{several})
history = model.fit(x_train, y_train_fit, batch_size={config.batch_size}, epochs={config.epochs}, validation_split=0.1)

# Evaluate
test_loss, test_accuracy = model.evaluate(x_test, y_test_fit, verbose=0)
print(f"Parameters: {{model.count_params()}}")
print(f"Test accuracy: {{test_accuracy:.4f}}")
{ours_score}'''
