"""Properties over many configs: bad ones are refused by field, good ones build and round-trip, URLs never crash."""

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dnn_core.engine import config as cfg
from dnn_core.engine.config import FIELD_NAMES, ExperimentConfig, coerce, config_from_query
from dnn_core.engine.layers import MAX_LAYERS, MAX_WIDTH
from dnn_core.engine.model import build_model, count_parameters
from dnn_core.engine.schedules import KINDS

MOMENTUM_OPTIMIZERS = ("sgd", "momentum", "nesterov", "rmsprop")
finite = dict(allow_nan=False, allow_infinity=False)


@st.composite
def valid_configs(draw, max_width=16, max_layers=3):
    """Any valid config; hidden widths kept small so that building the model stays cheap."""
    dataset = draw(st.sampled_from(cfg.DATASETS))
    optimizer = draw(st.sampled_from(cfg.OPTIMIZER_NAMES))
    return ExperimentConfig(
        dataset=dataset,
        train_size=draw(st.just(0) | st.integers(20, cfg.DATASET_TRAIN_SIZES[dataset])),
        layers=tuple(draw(st.lists(st.integers(1, max_width), min_size=1, max_size=max_layers))),
        activation=draw(st.sampled_from(cfg.ACTIVATIONS)),
        dropout=draw(st.floats(0, cfg.MAX_DROPOUT)),
        batch_norm=draw(st.booleans()),
        l1=draw(st.floats(0, cfg.MAX_PENALTY)),
        l2=draw(st.floats(0, cfg.MAX_PENALTY)),
        initializer=draw(st.sampled_from(cfg.INITIALIZERS)),
        loss=draw(st.sampled_from(cfg.LOSSES)),
        optimizer=optimizer,
        lr=draw(st.floats(0, cfg.MAX_LR, exclude_min=True)),
        momentum=draw(st.floats(0, 0.999)) if optimizer in MOMENTUM_OPTIMIZERS else 0.0,
        batch_size=draw(st.integers(1, cfg.MAX_BATCH_SIZE)),
        epochs=draw(st.integers(1, cfg.MAX_EPOCHS)),
        seed=draw(st.integers(0, 2**31 - 1)),
        lr_schedule=draw(st.sampled_from(["constant", "cosine"])
                         | st.integers(1, cfg.MAX_EPOCHS).map(lambda n: f"step:{n}")
                         | st.integers(1, cfg.MAX_EPOCHS).map(lambda n: f"cosine:{n}")
                         | st.floats(0, 1, exclude_min=True, exclude_max=True).map(lambda r: f"exponential:{r!r}")),
        class_digits=draw(st.just(0.0) | st.floats(cfg.MIN_CLASS_DIGITS, cfg.BOUNDS["class_digits"].high)),
    )


def outside(low, high):
    """Numbers below ``low`` or above ``high``, and NaN."""
    return (st.floats(max_value=low, exclude_max=True, **finite) | st.floats(min_value=high, exclude_min=True)
            | st.just(math.nan))


def not_one_of(allowed):
    return st.text(max_size=12).filter(lambda s: s.strip() not in allowed)


def too_many_or_bad_widths():
    bad_width = st.integers(max_value=0) | st.integers(min_value=MAX_WIDTH + 1)
    return st.one_of(
        st.just([]),
        st.lists(st.integers(1, 8), min_size=MAX_LAYERS + 1, max_size=MAX_LAYERS + 4),
        st.tuples(st.lists(st.integers(1, 8), max_size=2), bad_width).map(lambda p: [*p[0], p[1]]),
        st.sampled_from(["a,b", "12.5", "128;64", "1e3", "conv0", "conv257", "128,conv32", "128,pool", "conv",
                         "pool2", "convx", "64:softmaxx", "conv32:", "pool,pool,pool,pool,pool",
                         "conv32,conv32,conv32,conv32,conv32,conv32,conv32,conv32,conv32,conv32,conv32,conv32,conv32",
                         ",".join(["conv8"] * 11)]),
    )


def invalid_values(field: str, base: ExperimentConfig):
    """Values of ``field`` that no config may hold (given the rest of ``base``)."""
    whole = lambda low, high: st.integers(max_value=low - 1) | st.integers(min_value=high + 1)  # noqa: E731
    return {
        "dataset": not_one_of(cfg.DATASETS),
        "train_size": st.integers(-1000, 19).filter(bool) | st.integers(cfg.DATASET_TRAIN_SIZES[base.dataset] + 1),
        "layers": too_many_or_bad_widths(),
        "activation": not_one_of(cfg.ACTIVATIONS),
        "dropout": outside(0, cfg.MAX_DROPOUT),
        "batch_norm": st.sampled_from(["maybe", "2", "", "yes please"]),
        "l1": outside(0, cfg.MAX_PENALTY),
        "l2": outside(0, cfg.MAX_PENALTY),
        "initializer": not_one_of(cfg.INITIALIZERS),
        "loss": not_one_of(cfg.LOSSES),
        "optimizer": not_one_of(cfg.OPTIMIZER_NAMES),
        "lr": st.floats(max_value=0, **finite) | st.floats(min_value=cfg.MAX_LR, exclude_min=True) | st.just(math.nan),
        "momentum": (outside(0, 0.999) if base.optimizer in MOMENTUM_OPTIMIZERS
                     else st.floats(0, 0.999, exclude_min=True) | outside(0, 0.999)),
        "batch_size": whole(1, cfg.MAX_BATCH_SIZE) | st.sampled_from(["2.5", "many", "nan", "inf"]),
        "epochs": whole(1, cfg.MAX_EPOCHS) | st.sampled_from(["2.5", "ten", "-inf", "1e400"]),
        "seed": whole(0, 2**31 - 1),
        "augment": outside(0, cfg.MAX_AUGMENT),
        "lr_schedule": (st.text(max_size=12).filter(lambda s: ":" not in s and s.strip().lower() not in KINDS)
                        | st.sampled_from(["step:0", f"step:{cfg.MAX_EPOCHS + 1}", "cosine:0", "exponential:1",
                                           "exponential:-0.5", "exponential:inf", "step:2.5", "constant:1"])),
        "class_digits": outside(0, cfg.BOUNDS["class_digits"].high)
                        | st.floats(0, cfg.MIN_CLASS_DIGITS, exclude_min=True, exclude_max=True),
    }[field]


@st.composite
def invalid_settings(draw):
    base = draw(valid_configs())
    field = draw(st.sampled_from(FIELD_NAMES))
    return base, field, draw(invalid_values(field, base))


@settings(max_examples=300, deadline=None)
@given(invalid_settings())
def test_every_invalid_setting_raises_value_error_naming_the_field(case):
    base, field, value = case
    try:
        ExperimentConfig.from_dict({**base.to_dict(), field: value})
    except ValueError as exc:
        assert str(exc).startswith(f"{field}:"), (field, value, str(exc))
    else:
        raise AssertionError(f"{field}={value!r} was accepted")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_configs())
def test_every_valid_config_builds_a_model_with_the_counted_parameters(config):
    assert build_model(config, compile=False).count_params() == count_parameters(config)


@settings(max_examples=200, deadline=None)
@given(valid_configs(max_width=MAX_WIDTH, max_layers=MAX_LAYERS))
def test_every_valid_config_round_trips_through_dict_and_url(config):
    assert ExperimentConfig.from_dict(config.to_dict()) == config
    assert config_from_query(config.to_query()) == (config, [])


TRICKY = st.sampled_from(["", " ", "nan", "inf", "-inf", "1e400", "-0", "0x10", "1,2,3", "true", "None", "٣",
                          "128,", ",", "1e-400", "9" * 5000, "0.1.2", "{}", "[]"])
KEYS = st.sampled_from([*FIELD_NAMES, "lang", "preset"]) | st.text(max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(KEYS, st.text(max_size=20) | TRICKY, max_size=20))
def test_config_from_query_never_raises_and_keeps_what_it_accepts(params):
    config, problems = config_from_query(params)
    assert isinstance(config, ExperimentConfig)
    rejected = {name for name, _ in problems}
    assert rejected <= set(params) & set(FIELD_NAMES)
    for name, reason in problems:  # named in both languages
        assert str(reason).startswith(f"{name}:") and reason.text("zh-TW").startswith(f"{name}："), reason
    for name in set(params) & set(FIELD_NAMES) - rejected:
        assert getattr(config, name) == coerce(name, params[name])
