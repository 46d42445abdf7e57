"""Named starting points for a lesson: each is a set of config changes from the defaults."""

from __future__ import annotations

from dnn_core.engine.config import DATASET_TRAIN_SIZES, ConfigError, ExperimentConfig

SMALL_CNN_LAYERS = ("conv32", "pool", "conv64", "pool")

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
    # the notes' programmable optimizers: SGD at a rate too large to settle, lowered along half a cosine. On the
    # offline digits (the course model, seed 42): constant lr 1.0 bounces to 82.0 % test accuracy, the cosine
    # schedule from the same 1.0 ends at 90.5 % (lr 0.5: 94.2 % constant, 93.9 % cosine, with a steadier end)
    "cosine_schedule": dict(optimizer="sgd", lr=1.0, lr_schedule="cosine", epochs=10),
    "full_batch": dict(batch_size=4096, epochs=10),
    "stochastic": dict(batch_size=1, train_size=2000, epochs=1),
    # Keras's MNIST example (mnist_convnet) without its hidden Dense: Conv2D 32 → pool → Conv2D 64 → pool → Dense 10.
    # Ours drops out after each conv (Keras's once, 0.5, after Flatten). On the 4,000 offline digits (2 CPU cores):
    # 5 epochs 96.0 % test accuracy in 13 s; 10 epochs 96.4 % in 26 s; the course model 93.3 %.
    "small_cnn": dict(layers=SMALL_CNN_LAYERS, dropout=0.25, batch_size=64, epochs=5),
    # the CNN side of "Dense vs CNN": the course model with the small CNN's two convolution blocks in front of its
    # Dense 128 (see TWIN_PRESETS): one change, and it ends clearly higher (measured 96.6 % against 93.3 % on the
    # held-out offline digits; the small CNN alone ends only a hair above the course model on validation)
    "dense_vs_cnn": dict(layers=(*SMALL_CNN_LAYERS, 128), activation="relu", dropout=0.2, optimizer="adam", lr=0.001,
                         batch_size=32, epochs=10),
    # the twin of "Our handwriting": the course model with half the class's writers in its training (see TWIN_PRESETS
    # and dnn_core.engine.class_training); both runs are scored on the other half
    "our_handwriting": dict(layers=(128,), activation="relu", dropout=0.2, optimizer="adam", lr=0.001, batch_size=32,
                            epochs=10, class_digits=0.5),
}

# A twin preset opens Compare's twin run: preset name -> (the preset it twins, the one setting its twin changes);
# the twin takes that setting's value from PRESETS[name], so PRESETS[name] is the twin's whole config.
TWIN_PRESETS: dict[str, tuple[str, str]] = {
    "dense_vs_cnn": ("course", "layers"),
    "our_handwriting": ("course", "class_digits"),
}

HOME_PRESETS = ("course", "deep_sigmoid", "wide_batch_norm", "tiny", "small_cnn", "dense_vs_cnn")


def preset_config(name: str, base: ExperimentConfig | None = None) -> ExperimentConfig:
    """The config of a preset, applied on top of ``base``'s data set (so an offline class stays offline)."""
    if name not in PRESETS:
        raise ConfigError("config.error.unknown_preset", value=repr(name), allowed=", ".join(PRESETS))
    start = ExperimentConfig(dataset=base.dataset) if base else ExperimentConfig()
    changes = dict(PRESETS[name])
    if changes.get("train_size", 0) > 0:
        changes["train_size"] = min(changes["train_size"], DATASET_TRAIN_SIZES[start.dataset])
    return start.replace(**changes)


def twin_preset(name: str, base: ExperimentConfig | None = None) -> tuple[ExperimentConfig, str, object]:
    """A twin preset as (the run on ``base``'s data set, the one setting its twin changes, the twin's value)."""
    if name not in TWIN_PRESETS:
        raise ConfigError("config.error.unknown_preset", value=repr(name), allowed=", ".join(TWIN_PRESETS))
    twinned, setting = TWIN_PRESETS[name]
    return preset_config(twinned, base), setting, PRESETS[name][setting]
