"""The experiment config: one frozen, typed dataclass whose field names are the project's one vocabulary.

The same names are used by the CLI flags (kebab-case), the URL query parameters, the saved config JSON and the
runs database. Every bad value raises ``ConfigError`` (a ValueError) naming the field, the value and what is allowed,
in English by ``str()`` and in any language by ``text(lang)``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dnn_core.engine.layers import Layer, LayerError, check_stack, parse_token, split_tokens
from dnn_core.engine.schedules import Schedule, ScheduleError, parse_schedule
from dnn_core.errors import PeopleError

# Allowed values. The registries that turn names into Keras objects live in model.py; these are the names.
ACTIVATIONS = ("relu", "sigmoid", "tanh", "leaky_relu", "elu", "selu", "gelu", "softplus", "swish", "linear")
LOSSES = ("sparse_categorical_crossentropy", "mse")
INITIALIZERS = ("glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_normal", "random_normal")
# Training images available per data set (before the validation split); the test sets are separate. The class's
# exported handwriting (DNN_DATA_DIR/our_handwriting) holds at most handwriting.MAX_DRAWINGS, a test checks.
DATASET_TRAIN_SIZES = {"mnist": 60_000, "fashion_mnist": 60_000, "mnist_sample": 4_000, "our_handwriting": 5_000}
DATASETS = tuple(DATASET_TRAIN_SIZES)


@dataclass(frozen=True)
class Bounds:
    """The valid values of one numeric setting: read by validation, the CLI's help and every widget that sets it."""

    low: int | float  # ints for whole-number settings: Streamlit wants a widget's numbers all of one type
    high: int | float
    step: int | float  # a widget's step
    format: str | None = None  # a float widget's printf format: %g shows 0.0000001 and 0.995 as they are
    low_open: bool = False  # low itself is not allowed (a learning rate must be above 0)

    def allows(self, value: float) -> bool:
        """Within the bounds (NaN never is)."""
        return (self.low < value if self.low_open else self.low <= value) and value <= self.high

    def text(self) -> str:
        """The range as people write it: [0, 2,147,483,647], (0, 10]."""
        return f"{'(' if self.low_open else '['}{number_text(self.low)}, {number_text(self.high)}]"


# One table of bounds per numeric setting. A widget may show any value in its setting's bounds, so every valid
# link, preset or saved run opens as it is. (train_size is further bounded by its data set's size.)
BOUNDS = {
    "train_size": Bounds(0, max(DATASET_TRAIN_SIZES.values()), 500),
    "dropout": Bounds(0.0, 0.9, 0.05, "%g"),
    "l1": Bounds(0.0, 1.0, 0.0001, "%g"),
    "l2": Bounds(0.0, 1.0, 0.0001, "%g"),
    "lr": Bounds(0.0, 10.0, 0.0005, "%g", low_open=True),
    "momentum": Bounds(0.0, 0.999, 0.01, "%g"),
    "batch_size": Bounds(1, 8192, 1),
    "epochs": Bounds(1, 200, 1),
    "seed": Bounds(0, 2**31 - 1, 1),
    "augment": Bounds(0.0, 0.3, 0.05, "%g"),  # the largest shift, as a share of the image side
    "class_digits": Bounds(0.0, 0.9, 0.1, "%g"),  # 0 = off; else from MIN_CLASS_DIGITS
}
MIN_CLASS_DIGITS = 0.1  # a smaller share of the class's writers would train on one or two of them
MAX_EPOCHS = int(BOUNDS["epochs"].high)  # int() only tells the type checker: whole-number bounds are ints
MAX_BATCH_SIZE = int(BOUNDS["batch_size"].high)
MAX_LR = BOUNDS["lr"].high
MAX_DROPOUT = BOUNDS["dropout"].high
MAX_PENALTY = BOUNDS["l1"].high
MAX_AUGMENT = BOUNDS["augment"].high
# Momentum a 'momentum' or 'nesterov' optimizer uses when the config leaves momentum at 0.
DEFAULT_MOMENTUM = 0.9


@dataclass(frozen=True)
class OptimizerSpec:
    """Everything the app knows about one optimizer name: read by model building, the race, the 2-D paths,
    ``keras_code`` and the charts, so an optimizer is added here and nowhere else."""

    keras_class: str  # the class in keras.optimizers
    lr: float  # a learning rate at which it trains a dense MNIST net well: the race's default
    color: str  # its line colour on every chart
    momentum: bool = False  # takes a momentum setting
    default_momentum: bool = False  # uses DEFAULT_MOMENTUM when the config leaves momentum at 0
    nesterov: bool = False

    def keras_arguments(self, lr: float, momentum: float) -> dict:
        """The keyword arguments of ``keras.optimizers.<keras_class>`` (momentum as the config really uses it)."""
        arguments: dict = {"learning_rate": lr}
        if self.momentum:
            arguments["momentum"] = momentum
        if self.nesterov:
            arguments["nesterov"] = True
        return arguments


# name -> spec, in the order the pages list them. The learning rates are the optimizers' usual defaults, except
# adagrad and adadelta, whose Keras defaults of 0.001 barely move in a few epochs.
OPTIMIZERS = {
    "sgd": OptimizerSpec("SGD", 0.01, "#e6194b", momentum=True),
    "momentum": OptimizerSpec("SGD", 0.01, "#3cb44b", momentum=True, default_momentum=True),
    "nesterov": OptimizerSpec("SGD", 0.01, "#4363d8", momentum=True, default_momentum=True, nesterov=True),
    "rmsprop": OptimizerSpec("RMSprop", 0.001, "#f58231", momentum=True),
    "adagrad": OptimizerSpec("Adagrad", 0.01, "#911eb4"),
    "adadelta": OptimizerSpec("Adadelta", 1.0, "#42d4f4"),
    "adam": OptimizerSpec("Adam", 0.001, "#f032e6"),
    "adamw": OptimizerSpec("AdamW", 0.001, "#9a6324"),
    "nadam": OptimizerSpec("Nadam", 0.001, "#000075"),
    "adamax": OptimizerSpec("Adamax", 0.002, "#808000"),
}
OPTIMIZER_NAMES = tuple(OPTIMIZERS)
MOMENTUM_OPTIMIZERS = tuple(name for name, spec in OPTIMIZERS.items() if spec.momentum)

class ConfigError(PeopleError):
    """A setting that cannot be used; ``params`` hold the field, the value as written (repr) and what is allowed."""


@dataclass(frozen=True)
class ExperimentConfig:
    """Everything that defines one training run: data, architecture, regularization, optimizer, schedule."""

    dataset: str = "mnist"  # mnist, fashion_mnist or mnist_sample (real MNIST digits shipped for offline use)
    train_size: int = 0  # training images to use (0 = all); 10 % of them are held out for validation
    layers: tuple[int | str, ...] = (128,)  # hidden layers, input side first: see dnn_core.engine.layers
    activation: str = "relu"  # activation of every hidden layer without its own
    dropout: float = 0.2  # dropout rate after every hidden Dense and Conv2D layer (0 = none)
    batch_norm: bool = False  # BatchNormalization between each hidden Dense or Conv2D and its activation
    l1: float = 0.0  # L1 penalty on hidden kernels
    l2: float = 0.0  # L2 penalty on hidden kernels
    initializer: str = "glorot_uniform"  # kernel initializer of hidden layers
    loss: str = "sparse_categorical_crossentropy"  # or mse on one-hot targets, to show why classification prefers CE
    optimizer: str = "adam"
    lr: float = 0.001  # learning rate
    momentum: float = 0.0  # for sgd; 'momentum' and 'nesterov' use 0.9 when this is 0
    batch_size: int = 32
    epochs: int = 10
    seed: int = 42  # initial weights, dropout masks, subset, validation split and batch order
    augment: float = 0.0  # random shifts of up to this share of the side and small rotations while training
    lr_schedule: str = "constant"  # how the learning rate changes over the training: see dnn_core.engine.schedules
    class_digits: float = 0.0  # share of the class's writers whose drawn digits join the training (0 = none)

    def __post_init__(self) -> None:
        object.__setattr__(self, "layers", parse_layers(self.layers))
        object.__setattr__(self, "lr_schedule", parse_lr_schedule(self.lr_schedule))
        for check in _CHECKS:
            check(self)

    def to_dict(self) -> dict:
        """A plain JSON-ready dict with the vocabulary's names (layers as a list)."""
        data = dataclasses.asdict(self)
        data["layers"] = list(self.layers)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "ExperimentConfig":
        """Build from a dict of vocabulary names; unknown keys are an error, missing keys take defaults."""
        return cls(**coerce_all(data))

    def replace(self, **changes: object) -> "ExperimentConfig":
        """A copy with some settings changed (validated like a new config)."""
        return dataclasses.replace(self, **coerce_all(changes))

    def to_query(self) -> dict[str, str]:
        """The settings that differ from the defaults, as URL query parameters."""
        defaults = ExperimentConfig().to_dict()
        return {k: format_value(v) for k, v in self.to_dict().items() if v != defaults[k]}

    def trained_on(self, dataset: str) -> "ExperimentConfig":
        """The config as it really runs on ``dataset``: the one rule for a data set that fell back to the offline
        sample, which has fewer training images."""
        if dataset == self.dataset:
            return self
        return self.replace(dataset=dataset, train_size=min(self.train_size, DATASET_TRAIN_SIZES[dataset]))

    @property
    def layer_stack(self) -> tuple[Layer, ...]:
        """The hidden layers as Layer objects (kind, size, own activation)."""
        return tuple(parse_token(token, ACTIVATIONS) for token in self.layers)

    @property
    def schedule(self) -> Schedule:
        """The learning-rate schedule as a Schedule object (kind and parameter)."""
        return parse_schedule(self.lr_schedule, MAX_EPOCHS)

    @property
    def effective_momentum(self) -> float:
        """The momentum the optimizer really uses."""
        if OPTIMIZERS[self.optimizer].default_momentum and self.momentum == 0:
            return DEFAULT_MOMENTUM
        return self.momentum


FIELD_NAMES = tuple(f.name for f in dataclasses.fields(ExperimentConfig))
FIELD_TYPES = {"dataset": str, "train_size": int, "layers": tuple, "activation": str, "dropout": float,
               "batch_norm": bool, "l1": float, "l2": float, "initializer": str, "loss": str, "optimizer": str,
               "lr": float, "momentum": float, "batch_size": int, "epochs": int, "seed": int, "augment": float,
               "lr_schedule": str, "class_digits": float}


def coerce_all(settings: dict) -> dict:
    """Every setting coerced to its field's type; names outside the vocabulary are an error."""
    unknown = sorted(set(settings) - set(FIELD_NAMES))
    if unknown:
        raise ConfigError("config.error.unknown_settings", names=", ".join(unknown), allowed=", ".join(FIELD_NAMES))
    return {name: coerce(name, value) for name, value in settings.items()}


def parse_layers(value: object) -> tuple[int | str, ...]:
    """The layer tokens of '256,128', 'conv32,pool,128', [256, 'pool'] or a tuple, each as the vocabulary writes
    it (a plain Dense as an int); a bad token raises a ConfigError naming it."""
    try:
        return tuple(parse_token(token, ACTIVATIONS).token for token in split_tokens(value))
    except LayerError as exc:
        raise ConfigError(exc.key, exc.params) from None


def parse_lr_schedule(value: object) -> str:
    """The canonical form of a learning-rate schedule ('step' → 'step:3'); a ConfigError naming lr_schedule."""
    try:
        return parse_schedule(value, MAX_EPOCHS).token
    except ScheduleError as exc:
        raise ConfigError(exc.key, exc.params) from None


def coerce(name: str, value: Any) -> Any:
    """Turn a string from a URL, CLI or form into the field's type; raise ConfigError naming the field."""
    kind = FIELD_TYPES[name]
    if kind is tuple:
        return parse_layers(value)
    if name == "lr_schedule":
        return parse_lr_schedule(value)
    if kind is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("1", "true", "yes", "on"):
            return True
        if text in ("0", "false", "no", "off"):
            return False
        raise ConfigError("config.error.not_bool", field=name, value=repr(value))
    if kind is int:
        if isinstance(value, bool):
            raise ConfigError("config.error.not_whole", field=name, value=repr(value))
        try:
            number = float(value)
            whole = int(number)  # 'nan' and 'inf' parse as floats but are no whole numbers
        except (TypeError, ValueError, OverflowError):
            raise ConfigError("config.error.not_whole", field=name, value=repr(value)) from None
        if number != whole:
            raise ConfigError("config.error.not_whole", field=name, value=repr(value))
        return whole
    if kind is float:
        try:
            return float(value)
        except (TypeError, ValueError):
            raise ConfigError("config.error.not_number", field=name, value=repr(value)) from None
    return str(value).strip()


def format_value(value: object) -> str:
    """One setting as it is written in a URL or on a command line."""
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        short = f"{value:g}"
        return short if float(short) == value else repr(value)  # :g keeps 6 digits; a shared link must be exact
    return str(value)


def number_text(value: float) -> str:
    """A number as people write it: 2,147,483,647, 0.995, 10, 0.0000001 (never 2.14748e+09 or 1e-07)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    text = f"{value:,.15f}".rstrip("0").rstrip(".")  # plain decimals, without float noise beyond 15 places
    return text if text not in ("0", "-0") and float(text.replace(",", "")) == value else repr(value)


def _between(name: str) -> Callable[[ExperimentConfig], None]:
    """The check that setting ``name`` is within its BOUNDS."""
    bounds = BOUNDS[name]

    def check(config: ExperimentConfig) -> None:
        value = getattr(config, name)
        if not bounds.allows(value):
            raise ConfigError("config.error.out_of_range", field=name, value=number_text(value), allowed=bounds.text())
    return check


def _one_of(name: str, allowed: tuple[str, ...]) -> Callable[[ExperimentConfig], None]:
    def check(config: ExperimentConfig) -> None:
        value = getattr(config, name)
        if value not in allowed:
            raise ConfigError("config.error.unknown_value", field=name, value=repr(value), allowed=", ".join(allowed))
    return check


def _check_layers(config: ExperimentConfig) -> None:
    try:
        check_stack(config.layer_stack)
    except LayerError as exc:
        raise ConfigError(exc.key, exc.params) from None


def _check_train_size(config: ExperimentConfig) -> None:
    available = DATASET_TRAIN_SIZES[config.dataset]
    if config.train_size != 0 and not 20 <= config.train_size <= available:
        raise ConfigError("config.error.train_size", value=number_text(config.train_size), dataset=config.dataset,
                          available=number_text(available))


def _check_class_digits(config: ExperimentConfig) -> None:
    if 0 < config.class_digits < MIN_CLASS_DIGITS:
        raise ConfigError("config.error.class_digits", value=number_text(config.class_digits),
                          smallest=number_text(MIN_CLASS_DIGITS))


def _check_momentum_optimizer(config: ExperimentConfig) -> None:
    if config.momentum and config.optimizer not in MOMENTUM_OPTIMIZERS:
        raise ConfigError("config.error.no_momentum", optimizer=config.optimizer)


_CHECKS = (
    _one_of("dataset", DATASETS),
    _check_train_size,
    _check_layers,
    _one_of("activation", ACTIVATIONS),
    _between("dropout"),
    _between("l1"),
    _between("l2"),
    _one_of("initializer", INITIALIZERS),
    _one_of("loss", LOSSES),
    _one_of("optimizer", OPTIMIZER_NAMES),
    _between("lr"),
    _between("momentum"),
    _check_momentum_optimizer,
    _between("batch_size"),
    _between("epochs"),
    _between("seed"),
    _between("augment"),
    _between("class_digits"),
    _check_class_digits,
)


def config_from_query(params: dict[str, str], base: ExperimentConfig | None = None
                      ) -> tuple[ExperimentConfig, list[tuple[str, ConfigError]]]:
    """Build a config from URL query parameters on top of ``base`` (default: the defaults), skipping bad ones.

    Returns the config and a list of (parameter, ConfigError) for every value that kept the base's value, so the
    page can name them in its language. Parameters outside the vocabulary (like ``lang``) are ignored.
    """
    base = base or ExperimentConfig()
    problems: list[tuple[str, ConfigError]] = []
    accepted: dict = {}
    for name in FIELD_NAMES:
        if name not in params:
            continue
        try:
            value = coerce(name, params[name])
            dataclasses.replace(base, **accepted, **{name: value})  # validate this value in context
            accepted[name] = value
        except ConfigError as exc:
            problems.append((name, exc))
    return dataclasses.replace(base, **accepted), problems

