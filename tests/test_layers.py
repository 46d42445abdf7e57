"""The layer vocabulary: tokens in every form, every bad token refused by name, parameter counts against hand
counts and Keras, and augmentation that leaves prediction alone."""

import numpy as np
import pytest

from dnn_core.engine.config import ConfigError, ExperimentConfig, config_from_query
from dnn_core.engine.layers import Layer, shapes
from dnn_core.i18n import t

SAMPLE = ExperimentConfig(dataset="mnist_sample", train_size=200, epochs=1, dropout=0.0)


def test_tokens_in_every_form_read_the_same():
    written = "conv32:tanh, pool ,conv64,pool,256:elu,128"
    config = ExperimentConfig(layers=written)
    assert config.layers == ("conv32:tanh", "pool", "conv64", "pool", "256:elu", 128)
    assert config.layer_stack[0] == Layer("conv", 32, "tanh") and config.layer_stack[-1] == Layer("dense", 128)
    assert ExperimentConfig(layers=["conv32:tanh", "pool", "conv64", "pool", "256:elu", 128]) == config
    assert ExperimentConfig.from_dict(config.to_dict()) == config  # JSON and the runs database
    assert config_from_query(config.to_query()) == (config, [])  # URL
    assert config.to_query()["layers"] == "conv32:tanh,pool,conv64,pool,256:elu,128"


def test_plain_widths_stay_whole_numbers_so_old_links_and_saved_configs_read_as_before():
    config = ExperimentConfig(layers="256,128")
    assert config.layers == (256, 128) and config.to_dict()["layers"] == [256, 128]
    assert ExperimentConfig(layers="256:relu").layers == ("256:relu",)  # its own activation, even the same one


@pytest.mark.parametrize("layers, token", [
    ("128,conv32", "'conv32'"), ("conv32,128,pool", "'pool'"), ("conv0", "'conv0'"), ("conv257", "'conv257'"),
    ("x12", "'x12'"), ("12.5", "'12.5'"), ("conv", "'conv'"), ("pool2", "'pool2'"), ("128:magic", "'128:magic'"),
    ("conv32:", "'conv32:'"), ("pool,pool,pool,pool,pool", "'pool'"), (",".join(["conv4"] * 13), "'conv4'"),
])
def test_every_bad_token_is_refused_by_its_name(layers, token):
    with pytest.raises(ConfigError) as caught:
        ExperimentConfig(layers=layers)
    if layers.count(",") < 10:  # more than ten layers names the count instead
        assert token in str(caught.value)
        assert token in caught.value.text("zh-TW") and "layer" not in caught.value.text("zh-TW").replace("layers", "")
    else:
        assert "13" in str(caught.value)


def test_too_many_layers_and_a_pool_too_far_name_what_is_allowed():
    with pytest.raises(ConfigError, match="11 hidden layers is too many; allowed 1 to 10"):
        ExperimentConfig(layers=",".join(["8"] * 11))
    # 28 → 14 → 7 → 3 → 1 → 0: the fifth pool has nothing left to halve
    with pytest.raises(ConfigError, match=r"'pool' \(layer 5\) would shrink the 1×1 image"):
        ExperimentConfig(layers="pool,pool,pool,pool,pool")
    assert ExperimentConfig(layers="pool,pool,pool,pool").layers == ("pool",) * 4


def hand_count(layers: str) -> int:
    """Parameters counted by hand for the shapes these tests use (3×3 kernels, no padding, 2×2 pools)."""
    counts = {
        "conv32,pool,conv64,pool": (3 * 3 * 1 * 32 + 32) + (3 * 3 * 32 * 64 + 64) + (5 * 5 * 64 * 10 + 10),
        "conv32,pool,conv64,pool,128": (3 * 3 * 1 * 32 + 32) + (3 * 3 * 32 * 64 + 64) + (5 * 5 * 64 * 128 + 128)
        + (128 * 10 + 10),
        "conv8:tanh,conv8,pool,16:elu": (3 * 3 * 8 + 8) + (3 * 3 * 8 * 8 + 8) + (12 * 12 * 8 * 16 + 16)
        + (16 * 10 + 10),
        "128": 784 * 128 + 128 + 128 * 10 + 10,
    }
    return counts[layers]


@pytest.mark.parametrize("layers", ["conv32,pool,conv64,pool", "conv32,pool,conv64,pool,128",
                                    "conv8:tanh,conv8,pool,16:elu", "128"])
def test_parameter_counts_match_hand_counts_and_keras(layers):
    from dnn_core.engine.model import build_model, count_parameters

    config = ExperimentConfig(layers=layers)
    assert count_parameters(config) == hand_count(layers) == build_model(config, compile=False).count_params()
    assert hand_count("conv32,pool,conv64,pool") == 34_826  # Keras's own MNIST convnet


def test_batch_norm_on_conv_layers_counts_like_keras():
    from dnn_core.engine.model import build_model, count_parameters

    config = ExperimentConfig(layers="conv8,pool,16", batch_norm=True)
    model = build_model(config, compile=False)
    assert [layer.__class__.__name__ for layer in model.layers][1:5] == \
        ["Reshape", "Conv2D", "BatchNormalization", "Activation"]
    # conv without bias + 4 per filter, dense without bias + 4 per unit, output with bias
    assert count_parameters(config) == (9 * 8 + 4 * 8) + (13 * 13 * 8 * 16 + 4 * 16) + (16 * 10 + 10) \
        == model.count_params()


def test_shapes_follow_keras_layer_by_layer():
    from dnn_core.engine.model import build_model

    config = ExperimentConfig(layers="conv32,pool,conv64,pool,128")
    model = build_model(config, compile=False)
    by_name = {layer.name: layer for layer in model.layers}
    for shape in shapes(config.layer_stack, config.batch_norm):
        assert tuple(by_name[shape.name].output.shape[1:]) == shape.output, shape.name


def test_per_layer_activations_reach_keras():
    from dnn_core.engine.model import build_model

    model = build_model(ExperimentConfig(layers="conv4:tanh,pool,8:elu,8", activation="sigmoid"), compile=False)
    activations = {layer.name: layer.activation.__name__ for layer in model.layers if hasattr(layer, "activation")}
    assert activations == {"conv_1": "tanh", "dense_3": "elu", "dense_4": "sigmoid", "output": "softmax"}


@pytest.mark.parametrize("layers", ["64", "conv8,pool,32"])
def test_augmentation_changes_training_inputs_but_not_prediction(layers):
    import keras

    from dnn_core.engine.data import load_dataset
    from dnn_core.engine.model import build_model

    x = load_dataset("mnist_sample").x_test[:16].astype("float32")
    augmented = build_model(ExperimentConfig(layers=layers, augment=0.2, dropout=0.0))
    plain = build_model(ExperimentConfig(layers=layers, augment=0.0, dropout=0.0))
    plain.set_weights(augmented.get_weights())  # the random layers have no weights: the same network without them
    np.testing.assert_allclose(augmented(x, training=False), plain(x, training=False), rtol=1e-5, atol=1e-6)
    # while training the random layers really move the digits (no dropout here, so only augmentation differs)
    shifted = keras.Sequential(augmented.layers[:4])(x, training=True)
    assert augmented.layers[2].name == "random_shift" and not np.allclose(shifted[..., 0] * 255, x, atol=1)


def test_translated_layer_errors_have_no_english_sentence():
    for layers in ("128,conv32", "conv300", "x", "pool,pool,pool,pool,pool"):
        with pytest.raises(ConfigError) as caught:
            ExperimentConfig(layers=layers)
        zh = caught.value.text("zh-TW")
        assert zh != str(caught.value) and not any(word in zh for word in ("comes after", "not a layer", "shrink"))
    assert t("config.error.filters", "zh-TW", token="'conv300'", max=256).count("256") == 1
