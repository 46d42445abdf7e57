"""Named starting points for a lesson: each is a set of config changes from the defaults."""

from __future__ import annotations

from dnn_core.config import ConfigError, ExperimentConfig

# name -> settings that differ from ExperimentConfig() ; the page labels come from i18n keys "preset.<name>".
PRESETS: dict[str, dict] = {
    "course": dict(layers=(128,), activation="relu", dropout=0.2, optimizer="adam", lr=0.001,
                   batch_size=32, epochs=10),
    "deep_sigmoid": dict(layers=(64, 64, 64, 64, 64), activation="sigmoid", dropout=0.0, optimizer="sgd",
                         lr=0.01, epochs=5),
    "deep_relu": dict(layers=(64, 64, 64, 64, 64), activation="relu", dropout=0.0, optimizer="sgd",
                      lr=0.01, epochs=5, initializer="he_normal"),
    "wide_batch_norm": dict(layers=(512, 256), activation="relu", dropout=0.2, batch_norm=True,
                            optimizer="adam", lr=0.001, batch_size=64, epochs=5),
    "tiny": dict(train_size=2000, layers=(32,), dropout=0.0, epochs=1, batch_size=32),
    "no_dropout": dict(layers=(512,), dropout=0.0, epochs=15, train_size=5000),
    "heavy_dropout": dict(layers=(512,), dropout=0.5, epochs=15, train_size=5000),
    "l2": dict(layers=(512,), dropout=0.0, l2=0.001, epochs=15, train_size=5000),
    "mse_loss": dict(loss="mse", epochs=5),
    "lr_too_high": dict(optimizer="sgd", lr=5.0, epochs=3),
    "lr_too_low": dict(optimizer="sgd", lr=0.00001, epochs=3),
    "full_batch": dict(batch_size=4096, epochs=10),
    "stochastic": dict(batch_size=1, train_size=2000, epochs=1),
}

HOME_PRESETS = ("course", "deep_sigmoid", "wide_batch_norm", "tiny")


def preset_config(name: str, base: ExperimentConfig | None = None) -> ExperimentConfig:
    """The config of a preset, applied on top of ``base``'s data set (so an offline class stays offline)."""
    if name not in PRESETS:
        raise ConfigError("config.error.unknown_preset", value=repr(name), allowed=", ".join(PRESETS))
    start = ExperimentConfig(dataset=base.dataset) if base else ExperimentConfig()
    changes = dict(PRESETS[name])
    if changes.get("train_size", 0) > 0:
        from dnn_core.config import DATASET_TRAIN_SIZES
        changes["train_size"] = min(changes["train_size"], DATASET_TRAIN_SIZES[start.dataset])
    return start.replace(**changes)
