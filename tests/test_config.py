"""The experiment config: validation names the field, dict and URL round trips, query parsing."""

import pytest

from dnn_core.config import (
    DATASET_TRAIN_SIZES,
    FIELD_NAMES,
    OPTIMIZERS,
    ExperimentConfig,
    coerce,
    config_from_query,
    format_value,
    parse_layers,
)

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


def test_the_message_says_what_is_allowed():
    with pytest.raises(ValueError) as info:
        ExperimentConfig(dropout=1.5)
    assert str(info.value) == "dropout: 1.5 is out of range; allowed [0, 0.9]"


def test_limits_themselves_are_valid():
    ExperimentConfig(layers=(1,) * 10, dropout=0.9, lr=10.0, epochs=200, batch_size=1)
    ExperimentConfig(layers=(4096,), dropout=0.0, epochs=1)
    ExperimentConfig(dataset="mnist_sample", train_size=DATASET_TRAIN_SIZES["mnist_sample"])
    ExperimentConfig(dataset="mnist_sample", train_size=20)


def test_defaults_are_the_course_model():
    config = ExperimentConfig()
    assert (config.layers, config.activation, config.dropout) == ((128,), "relu", 0.2)
    assert (config.optimizer, config.lr, config.batch_size, config.epochs) == ("adam", 0.001, 32, 10)
    assert config.loss == "sparse_categorical_crossentropy"


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


def test_effective_momentum():
    assert ExperimentConfig(optimizer="momentum").effective_momentum == 0.9
    assert ExperimentConfig(optimizer="nesterov", momentum=0.5).effective_momentum == 0.5
    assert ExperimentConfig(optimizer="sgd").effective_momentum == 0.0


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
