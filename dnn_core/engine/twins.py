"""Twin runs: a run and its twin, trained with one setting changed, to see what that one setting does.

The configs and the result; ``dnn_core.running.work_jobs.TwinJob`` trains the pair."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dnn_core.engine.class_training import ClassTraining
from dnn_core.engine.config import FIELD_NAMES, MOMENTUM_OPTIMIZERS, ConfigError, ExperimentConfig, format_value
from dnn_core.engine.layers import MAX_FILTERS, MAX_WIDTH, Layer

TWIN_SETTINGS = ("dropout", "batch_norm", "optimizer", "lr", "layers", "activation", "class_digits")
TWIN_DROPOUT = 0.2  # the rate a twin gets when its run had no dropout (the course model's)


def twin_config(config: ExperimentConfig, setting: str, value: object = None) -> ExperimentConfig:
    """``config`` with one setting changed; without a value, dropout and batch_norm are switched on/off."""
    if setting not in TWIN_SETTINGS:
        raise ConfigError("config.error.twin_setting", value=repr(setting), allowed=", ".join(TWIN_SETTINGS))
    if value is None and setting == "dropout":
        value = 0.0 if config.dropout > 0 else TWIN_DROPOUT
    elif value is None and setting == "batch_norm":
        value = not config.batch_norm
    elif value is None:
        raise ConfigError("config.error.twin_value", setting=setting)
    changes = {setting: value}
    if setting == "optimizer" and value not in MOMENTUM_OPTIMIZERS:
        changes["momentum"] = 0.0  # the other optimizers have no momentum setting
    twin = config.replace(**changes)
    if twin == config:
        raise ConfigError("config.error.twin_same", setting=setting, value=format_value(getattr(config, setting)))
    return twin


def wider_layers(config: ExperimentConfig) -> tuple[int | str, ...]:
    """The config's layers with every dense and conv layer twice as wide (within the limits): the twin Compare
    proposes for ``layers``; pools and each layer's own activation stay."""
    limits = {"dense": MAX_WIDTH, "conv": MAX_FILTERS}
    return tuple(Layer(layer.kind, min(2 * layer.size, limits[layer.kind]), layer.activation).token
                 if layer.kind in limits else layer.token for layer in config.layer_stack)


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
    base_class: ClassTraining | None = None  # each training's summary on the class's digits, when it had some
    twin_class: ClassTraining | None = None

    @property
    def changes(self) -> list[tuple[str, str, str]]:
        return differences(self.base_config, self.twin_config)
