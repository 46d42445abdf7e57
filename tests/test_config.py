"""The experiment config: validation names the field, dict and URL round trips, query parsing."""

import math
import re

import pytest

from dnn_core.engine.config import (
    BOUNDS,
    FIELD_NAMES,
    OPTIMIZERS,
    ConfigError,
    ExperimentConfig,
    coerce,
    config_from_query,
    format_value,
    parse_layers,
)
from dnn_core.engine.presets import preset_config

# (changes from the defaults, the field the error must name)
INVALID = [
    (dict(layers=()), "layers"),
    (dict(layers=""), "layers"),
    (dict(layers=(0,)), "layers"),
    (dict(layers=(4097,)), "layers"),
    (dict(layers=(8,) * 11), "layers"),
    (dict(layers="128,abc"), "layers"),
    (dict(dropout=-0.1), "dropout"),
    (dict(dropout=0.95), "dropout"),
    (dict(lr=0.0), "lr"),
    (dict(lr=10.5), "lr"),
    (dict(lr=float("nan")), "lr"),
    (dict(activation="softmaxx"), "activation"),
    (dict(optimizer="adamx"), "optimizer"),
    (dict(dataset="cifar10"), "dataset"),
    (dict(loss="hinge"), "loss"),
    (dict(initializer="zeros"), "initializer"),
    (dict(batch_size=0), "batch_size"),
    (dict(epochs=0), "epochs"),
    (dict(epochs=201), "epochs"),
    (dict(dataset="mnist_sample", train_size=4001), "train_size"),
    (dict(dataset="mnist", train_size=60_001), "train_size"),
    (dict(train_size=5), "train_size"),
    (dict(l1=-0.5), "l1"),
    (dict(l2=2.0), "l2"),
    (dict(momentum=1.0, optimizer="sgd"), "momentum"),
    (dict(momentum=0.5, optimizer="adam"), "momentum"),
    (dict(seed=-1), "seed"),
]


@pytest.mark.parametrize("changes, field", INVALID, ids=[f"{f}-{i}" for i, (_, f) in enumerate(INVALID)])
def test_invalid_setting_raises_value_error_naming_the_field(changes, field):
    with pytest.raises(ValueError) as info:
        ExperimentConfig(**changes)
    assert str(info.value).startswith(f"{field}:"), str(info.value)


@pytest.mark.parametrize("changes, field", INVALID[:12], ids=[f for _, f in INVALID[:12]])
def test_replace_validates_like_a_new_config(changes, field):
    with pytest.raises(ValueError, match=f"^{field}:"):
        ExperimentConfig().replace(**changes)


def setting(name: str):
    """A value of bounded setting ``name`` as a config's changes (momentum only exists for some optimizers)."""
    return lambda value: {**({"optimizer": "sgd"} if name == "momentum" else {}), name: value}


# Every limit a config has: its changes for a value, and a value far above it (an int for whole numbers)
LIMITS = {name: (setting(name), 10**12 if type(getattr(ExperimentConfig(), name)) is int else 1e12)
          for name in BOUNDS if name != "train_size"}  # train_size's range is its data set's: below
LIMITS |= {"layer width": (lambda n: {"layers": (n,)}, 10**8), "layer count": (lambda n: {"layers": (8,) * n}, 100),
           "conv filters": (lambda n: {"layers": (f"conv{n}",)}, 10**8),
           "train_size of mnist": (lambda n: {"dataset": "mnist", "train_size": n}, 10**8),
           "train_size of mnist_sample": (lambda n: {"dataset": "mnist_sample", "train_size": n}, 10**8)}


def said_range(message: str) -> tuple[float, float, bool]:
    """The range an error message allows ('[0, 0.9]', '(0, 10]', '1 to 4,096'): low, high, whether low is out."""
    found = (re.search(r"allowed ([\[(])(.+), (.+)\]$", message)
             or re.search(r"allowed ()([\d,]+) to ([\d,]+)", message))
    assert found, message
    low, high = (float(number.replace(",", "")) for number in found.group(2, 3))
    return low, high, found.group(1) == "("


@pytest.mark.parametrize("limit", LIMITS)
def test_the_range_a_refusal_names_is_the_one_validation_keeps(limit):
    """The range read off the message a far too large value gets: its ends are accepted (an open end refused) and
    the nearest numbers beyond them refused, so the message (and the CLI's help and the widgets, which say the
    same range) never promises more or less than validation keeps."""
    changes, far = LIMITS[limit]
    with pytest.raises(ConfigError) as refused:
        ExperimentConfig(**changes(far))
    low, high, low_open = said_range(str(refused.value))
    if isinstance(far, int):
        low, high = int(low), int(high)
        below, above, above_low = low - 1, high + 1, low + 1
    else:
        below, above, above_low = (math.nextafter(low, -math.inf), math.nextafter(high, math.inf),
                                   math.nextafter(low, math.inf))
    for value in (above_low if low_open else low, high):
        ExperimentConfig(**changes(value))
    for value in (low if low_open else below, above):
        with pytest.raises(ConfigError):
            ExperimentConfig(**changes(value))


def test_the_default_settings_build_the_course_notes_model():
    """The course's reference model (PRODUCT.md), read off what the defaults build: Flatten(28×28) → Dense(128,
    relu) → Dropout(0.2) → Dense(10, softmax), Adam at 0.001, sparse categorical cross-entropy; and the app's
    Course model preset trains exactly that, 10 epochs of batch 32."""
    import keras

    from dnn_core.engine.model import build_model

    config = ExperimentConfig()
    model = build_model(config)
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    assert [(layer.units, layer.activation.__name__) for layer in dense] == [(128, "relu"), (10, "softmax")]
    assert [layer.rate for layer in model.layers if isinstance(layer, keras.layers.Dropout)] == [0.2]
    assert model.count_params() == 784 * 128 + 128 + 128 * 10 + 10  # by hand: nothing else has weights
    assert type(model.optimizer) is keras.optimizers.Adam
    assert float(model.optimizer.learning_rate) == pytest.approx(0.001)
    assert isinstance(model.loss, keras.losses.SparseCategoricalCrossentropy)
    assert preset_config("course") == config and (config.epochs, config.batch_size) == (10, 32)


def test_dict_round_trip():
    config = ExperimentConfig(dataset="mnist_sample", train_size=1000, layers=(256, 128), activation="tanh",
                              dropout=0.3, batch_norm=True, l1=0.001, l2=0.01, initializer="he_normal",
                              loss="mse", optimizer="sgd", lr=0.05, momentum=0.5, batch_size=64, epochs=3, seed=7)
    data = config.to_dict()
    assert list(data) == list(FIELD_NAMES)
    assert data["layers"] == [256, 128]  # JSON-ready
    assert ExperimentConfig.from_dict(data) == config


def test_from_dict_rejects_unknown_keys_and_names_them():
    with pytest.raises(ValueError, match="unknown setting.*learning_rate"):
        ExperimentConfig.from_dict({"learning_rate": 0.1})


def test_from_dict_coerces_strings_and_fills_defaults():
    config = ExperimentConfig.from_dict({"epochs": "3", "lr": "0.01", "batch_norm": "true", "layers": "64, 32"})
    assert (config.epochs, config.lr, config.batch_norm, config.layers) == (3, 0.01, True, (64, 32))
    assert config.seed == ExperimentConfig().seed


@pytest.mark.parametrize("text, widths", [("256,128", (256, 128)), ("256, 128", (256, 128)),
                                          ("256 128", (256, 128)), ("64", (64,)), ([32, 16], (32, 16)),
                                          ((8,), (8,)), ("", ())])
def test_parse_layers(text, widths):
    assert parse_layers(text) == widths


@pytest.mark.parametrize("value", ["12.5", [12.5], "a,b", None, 3])
def test_parse_layers_rejects_non_widths(value):
    with pytest.raises(ValueError, match="^layers:"):
        parse_layers(value)


@pytest.mark.parametrize("name, text", [("epochs", "2.5"), ("epochs", "nan"), ("epochs", "inf"),
                                        ("seed", "1e400"), ("epochs", "three"), ("batch_size", True),
                                        ("lr", "fast"), ("batch_norm", "maybe")])
def test_coerce_names_the_field(name, text):
    with pytest.raises(ValueError, match=f"^{name}:"):
        coerce(name, text)


def test_coerce_accepts_written_forms():
    assert coerce("epochs", "1e2") == 100
    assert coerce("batch_norm", "on") is True and coerce("batch_norm", "0") is False
    assert coerce("lr", "5e-4") == 0.0005


@pytest.mark.parametrize("optimizer, momentum, used", [("momentum", 0.0, 0.9), ("nesterov", 0.0, 0.9),
                                                      ("momentum", 0.5, 0.5), ("nesterov", 0.5, 0.5),
                                                      ("sgd", 0.0, 0.0), ("sgd", 0.5, 0.5)])
def test_the_built_optimizer_steps_with_the_momentum_the_page_says(optimizer, momentum, used):
    """'momentum' and 'nesterov' left at 0 use the notes' 0.9, else the setting: read off two steps of the model's
    own optimizer on a constant gradient g (by hand: −lr·g then −lr·g·(1 + m); Nesterov's −lr·g·(1 + m) then
    −lr·g·(1 + m + m²))."""
    import keras

    from dnn_core.engine.model import build_model

    config = ExperimentConfig(optimizer=optimizer, momentum=momentum, lr=0.1)
    built = build_model(config).optimizer
    weight, steps = keras.Variable(0.0), []
    for _ in range(2):
        before = float(weight.numpy())
        built.apply_gradients([(keras.ops.ones(()), weight)])
        steps.append(float(weight.numpy()) - before)
    m = used
    expected = [1 + m, 1 + m + m * m] if optimizer == "nesterov" else [1, 1 + m]
    assert steps == pytest.approx([-0.1 * factor for factor in expected], rel=1e-5)
    assert config.effective_momentum == used  # what Build & Train and the exported code say it uses


def test_query_holds_only_the_changes_and_round_trips():
    config = ExperimentConfig(layers=(256, 128), lr=0.0003, batch_norm=True)
    query = config.to_query()
    assert query == {"layers": "256,128", "lr": "0.0003", "batch_norm": "true"}
    assert config_from_query(query) == (config, [])


def test_query_keeps_float_precision():
    config = ExperimentConfig(lr=0.0012345678)
    assert config_from_query(config.to_query())[0] == config
    assert format_value(0.001) == "0.001" and format_value(1.0) == "1"


def test_config_from_query_reports_bad_values_and_keeps_good_ones():
    config, problems = config_from_query({"dataset": "mnist_sample", "epochs": "3", "dropout": "1.5",
                                          "optimizer": "magic", "layers": "64,32", "lang": "zh-TW"})
    assert config == ExperimentConfig(dataset="mnist_sample", epochs=3, layers=(64, 32))
    assert [name for name, _ in problems] == ["dropout", "optimizer"]
    assert str(problems[0][1]) == "dropout: 1.5 is out of range; allowed [0, 0.9]"  # the CLI's words, unchanged
    assert problems[0][1].text("zh-TW") == "dropout：1.5 超出範圍；允許的範圍是 [0, 0.9]"
    assert problems[1][1].text("zh-TW") == f"optimizer：沒有 'magic' 這個選項；可用的有：{', '.join(OPTIMIZERS)}"


def test_config_from_query_checks_values_in_context():
    # train_size 5000 is fine for mnist but beyond the 4,000 training images of the sample
    config, problems = config_from_query({"dataset": "mnist_sample", "train_size": "5000"})
    assert config.dataset == "mnist_sample" and config.train_size == 0
    assert [name for name, _ in problems] == ["train_size"]
    config, problems = config_from_query({"optimizer": "sgd", "momentum": "0.5"})
    assert (config.optimizer, config.momentum, problems) == ("sgd", 0.5, [])
