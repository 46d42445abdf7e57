"""Build & Train with conv and pool layers: the layer editor and the URL agree both ways, the CNN presets count their
parameters as a hand count does, the diagram and summary show each block's shape, and "Dense vs CNN" opens its twin."""

import pytest
from streamlit.testing.v1 import AppTest

from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.presets import PRESETS, TWIN_PRESETS, preset_config, twin_preset
from dnn_core.engine.twins import twin_config, wider_layers
from dnn_core.i18n import t
from tests.apptest import open_app, open_train
from tests.conftest import train_through_the_page

# Hand counts. A 3×3 conv has 3·3·(input channels) weights per filter plus a bias; valid padding trims one pixel a
# side (28 → 26, 13 → 11) and a 2×2 pool halves the side, rounding down (26 → 13, 11 → 5).
CONV32 = 3 * 3 * 1 * 32 + 32  # 320
CONV64 = 3 * 3 * 32 * 64 + 64  # 18,496
OUTPUT_AFTER_TWO_POOLS = 5 * 5 * 64 * 10 + 10  # 16,010: Dense 10 on the flattened 5×5×64 maps
KERAS_EXAMPLE = CONV32 + CONV64 + OUTPUT_AFTER_TWO_POOLS  # Keras's mnist_convnet without its hidden Dense
COURSE_MODEL = 784 * 128 + 128 + 128 * 10 + 10


def editor_rows(at: AppTest) -> list[tuple]:
    """What the layer editor shows: (kind, size, own activation) per row; a pool has neither size nor activation."""
    rows = []
    for i in range(sum(1 for box in at.selectbox if (box.key or "").startswith("cfg_kind_"))):
        kind = at.selectbox(key=f"cfg_kind_{i}").value
        rows.append((kind,) if kind == "pool" else
                    (kind, at.number_input(key=f"cfg_size_{i}").value, at.selectbox(key=f"cfg_act_{i}").value))
    return rows


# ---- parameter counts -------------------------------------------------------------------------------------------

def test_the_keras_example_and_the_cnn_presets_count_as_by_hand():
    from dnn_core.engine.model import build_model, count_parameters

    assert KERAS_EXAMPLE == 34_826
    config = preset_config("small_cnn")
    assert config.layers == ("conv32", "pool", "conv64", "pool")
    assert count_parameters(config) == KERAS_EXAMPLE
    assert build_model(config, compile=False).count_params() == KERAS_EXAMPLE  # and Keras agrees
    # Dense vs CNN's CNN: the course model's Dense 128 behind the two convolution blocks (5·5·64 = 1,600 inputs)
    config = preset_config("dense_vs_cnn")
    assert config.layers == ("conv32", "pool", "conv64", "pool", 128)
    by_hand = (3 * 3 * 32 + 32) + (3 * 3 * 32 * 64 + 64) + (1600 * 128 + 128) + (128 * 10 + 10)
    assert count_parameters(config) == by_hand == build_model(config, compile=False).count_params() == 225_034
    with_dense = preset_config("small_cnn").replace(layers="conv32,pool,conv64,pool,128", batch_norm=True)
    # batch norm: no conv or dense bias, four numbers per filter or unit instead
    assert count_parameters(with_dense) == (288 + 4 * 32) + (18_432 + 4 * 64) + (1600 * 128 + 4 * 128) + 1290


def test_dense_vs_cnn_twins_the_course_model_in_its_layers_only():
    run, setting, value = twin_preset("dense_vs_cnn", ExperimentConfig(dataset="mnist_sample"))
    assert TWIN_PRESETS["dense_vs_cnn"] == ("course", "layers") and (setting, value) == ("layers", (
        *PRESETS["small_cnn"]["layers"], 128))
    assert run == preset_config("course", ExperimentConfig(dataset="mnist_sample"))
    twin = twin_config(run, setting, value)
    assert twin == preset_config("dense_vs_cnn", ExperimentConfig(dataset="mnist_sample"))  # the twin's own preset
    assert {k for k, v in twin.to_dict().items() if v != run.to_dict()[k]} == {"layers"}


def test_a_layers_twin_doubles_dense_and_conv_layers_within_their_limits():
    config = ExperimentConfig(layers="conv32,pool,conv200:tanh,pool,3000,128:elu")
    assert wider_layers(config) == ("conv64", "pool", "conv256:tanh", "pool", 4096, "256:elu")
    assert wider_layers(ExperimentConfig(layers=(128,))) == (256,)


# ---- the diagram and the summary ----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_diagram_shows_each_block_with_its_shape_and_parameters(lang):
    from dnn_core.charts.training import network_diagram

    fig = network_diagram(("conv32", "pool", "conv64:tanh", "pool", 128), "relu", 0.25, False, lang)
    texts = [a.text for a in fig.layout.annotations]
    params = lambda n: t("chart.parameters", lang, count=f"{n:,}")  # noqa: E731
    assert texts == [
        f"<b>{t('chart.image', lang)}</b><br>28×28×1",
        f"<b>{t('chart.conv', lang, filters=32)} · relu · Dropout 0.25</b><br>26×26×32 · {params(CONV32)}",
        f"<b>{t('chart.pool', lang)}</b><br>13×13×32 · {params(0)}",
        f"<b>{t('chart.conv', lang, filters=64)} · tanh · Dropout 0.25</b><br>11×11×64 · {params(CONV64)}",
        f"<b>{t('chart.pool', lang)}</b><br>5×5×64 · {params(0)}",
        f"<b>{t('chart.flatten', lang)}</b><br>1,600 · {params(0)}",
        f"<b>Dense 128 · relu · Dropout 0.25</b><br>128 · {params(1600 * 128 + 128)}",
        f"<b>{t('chart.output', lang)}</b><br>10 · {params(128 * 10 + 10)}"]
    assert len(fig.layout.shapes) == 1 + 3 + 3 + 3 + 3 + 4  # the image, three maps per block, the links between


def test_a_dense_diagram_with_its_own_activation_stays_a_row_of_columns():
    from dnn_core.charts.training import network_diagram

    fig = network_diagram((256, "64:tanh"), "relu", 0.0, False, "en")
    assert not fig.layout.shapes
    assert [a.text for a in fig.layout.annotations][1:3] == ["Dense 256<br>relu", "Dense 64<br>tanh"]


def test_the_summary_names_the_reshape_conv_pool_and_flatten_rows_with_their_shapes():
    from dnn_core.engine.layers import shapes
    from dnn_core.engine.model import build_model, summary_table

    config = preset_config("small_cnn")
    table = summary_table(build_model(config, compile=False))
    assert table["type"].tolist() == ["Rescaling", "Reshape", "Conv2D", "Dropout", "MaxPooling2D", "Conv2D", "Dropout",
                                      "MaxPooling2D", "Flatten", "Dense"]
    assert table["output_shape"].tolist() == ["28×28", "28×28×1", "26×26×32", "26×26×32", "13×13×32", "11×11×64",
                                              "11×11×64", "5×5×64", "1600", "10"]
    assert table["parameters"].tolist() == [0, 0, CONV32, 0, 0, CONV64, 0, 0, 0, OUTPUT_AFTER_TWO_POOLS]
    # the Keras-free shapes the diagram draws say the same, layer by layer
    by_name = table.set_index("layer")
    for shape in shapes(config.layer_stack, config.batch_norm):
        assert by_name.loc[shape.name, "output_shape"] == "×".join(str(n) for n in shape.output)
        assert by_name.loc[shape.name, "parameters"] == shape.parameters


# ---- the layer editor ----------------------------------------------------------------------------------------------

def test_a_cnn_link_opens_with_the_editor_showing_its_layers():
    at = open_train(layers="conv32,pool,128")
    assert not at.exception
    assert editor_rows(at) == [("conv", 32, ""), ("pool",), ("dense", 128, "")]
    # 320 + (13·13·32 = 5,408 values)·128 + 128 + 128·10 + 10
    assert at.metric[0].value == f"{CONV32 + 5408 * 128 + 128 + 1290:,}"
    assert at.query_params["layers"] == "conv32,pool,128"


def test_the_editor_adds_reorders_and_removes_layers_and_writes_the_tokens():
    at = open_train()
    assert editor_rows(at) == [("dense", 128, "")]  # the course model
    at.button(key="layer_add_conv").click().run()  # a conv goes before the dense layers
    assert at.query_params["layers"] == "conv32,128"
    at.button(key="layer_add_pool").click().run()
    at.button(key="layer_add_dense").click().run()  # a dense layer goes last
    assert at.query_params["layers"] == "conv32,pool,128,64"
    at.selectbox(key="cfg_act_2").set_value("tanh").run()  # a layer's own activation
    at.number_input(key="cfg_size_0").set_value(16).run()
    assert at.query_params["layers"] == "conv16,pool,128:tanh,64"
    at.button(key="layer_down_2").click().run()  # reorder the dense layers
    assert at.query_params["layers"] == "conv16,pool,64,128:tanh"
    at.button(key="layer_up_1").click().run()  # the pool before the conv
    assert at.query_params["layers"] == "pool,conv16,64,128:tanh"
    assert editor_rows(at) == [("pool",), ("conv", 16, ""), ("dense", 64, ""), ("dense", 128, "tanh")]
    at.button(key="layer_remove_0").click().run()
    at.selectbox(key="cfg_kind_1").set_value("conv").run()  # a dense switched to conv starts at 32 filters
    assert at.query_params["layers"] == "conv16,conv32,128:tanh"
    assert not at.exception and not at.error


def test_the_editor_keeps_its_layers_across_a_page_switch_and_a_language_switch():
    at = open_train(layers="conv32,pool,128:tanh")
    at.switch_page("pages/home.py").run()  # Streamlit forgets the widgets of a page that is not shown
    at.switch_page("pages/train.py").run()
    assert editor_rows(at) == [("conv", 32, ""), ("pool",), ("dense", 128, "tanh")]
    at.session_state["lang"] = "zh-TW"  # what the sidebar's language switch does
    at.run()
    assert editor_rows(at) == [("conv", 32, ""), ("pool",), ("dense", 128, "tanh")]
    assert at.selectbox(key="cfg_kind_0").format_func("conv") == t("train.layer.kind.conv", "zh-TW")
    assert at.query_params["layers"] == "conv32,pool,128:tanh" and not at.exception


def test_a_conv_moved_after_a_dense_layer_is_refused_naming_it():
    at = open_train(layers="conv32,128")
    at.button(key="layer_up_1").click().run()
    assert not at.exception
    assert len(at.error) == 1 and "'conv32'" in at.error[0].value
    assert at.query_params["layers"] == "conv32,128"  # the URL keeps the last settings that can be trained
    assert at.button(key="train_button").disabled


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_model_activation_choice_names_it_and_keeps_a_plain_token(lang):
    at = open_train(layers="conv32,64:elu", activation="tanh", lang=lang)
    choice = at.selectbox(key="cfg_act_0")
    assert choice.value == "" and choice.options[0] == t("train.layer.model_activation", lang, activation="tanh")
    assert at.selectbox(key="cfg_act_1").value == "elu"
    assert at.query_params["layers"] == "conv32,64:elu"


def test_augment_and_the_conv_help_are_on_the_regularization_tab():
    at = open_train(augment="0.1")
    assert at.slider(key="cfg_augment").value == pytest.approx(0.1)
    at.slider(key="cfg_augment").set_value(0.2).run()
    assert at.query_params["augment"] == "0.2"
    assert "conv" in at.slider(key="cfg_dropout").help and "conv" in at.toggle(key="cfg_batch_norm").help


# ---- Dense vs CNN ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_home_dense_vs_cnn_opens_compare_on_its_twin_ready_to_train(lang):
    at = open_app(None, lang)
    at.button(key="home_preset_dense_vs_cnn").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == t("compare.title", lang)
    assert at.selectbox(key="twin_base").value == "course"
    assert at.selectbox(key="twin_setting").value == "layers"
    assert at.text_input(key="twin_value_layers").value == "conv32,pool,conv64,pool,128"
    assert any(t("preset.dense_vs_cnn", lang) in box.value for box in at.info)
    assert "preset" not in at.query_params  # later reruns keep what the user changes


def test_a_dense_vs_cnn_link_takes_the_links_settings_for_both_runs():
    at = open_train(preset="dense_vs_cnn", dataset="mnist_sample", train_size="2000", epochs="3")
    assert not at.exception, [e.value for e in at.exception]
    course = at.session_state["twin_course"]
    assert (course.dataset, course.train_size, course.epochs, course.layers) == ("mnist_sample", 2000, 3, (128,))


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_diagram_says_what_augmentation_does(lang):
    at = open_train(layers="conv8,pool,32", augment="0.3", lang=lang)
    assert not at.exception
    # 0.3 of the 28-pixel side, and a sixth of 0.3 of a full turn
    assert len([c for c in at.caption if "8.4" in c.value and "18°" in c.value]) == 1
    assert not any("18°" in c.value for c in open_train(layers="conv8,pool,32", lang=lang).caption)  # augment 0


def test_a_training_leaves_the_editors_layers_as_they_were():
    """While a job runs the editor is not drawn and Streamlit forgets some of its values (the sizes, not the
    kinds); the rows must come back as the config had them, not at a new layer's default size (conv 32)."""
    at = open_train(dataset="mnist_sample", layers="conv16:tanh,pool,24", train_size="300", epochs="1")
    job = train_through_the_page(at, timeout=120)
    assert job.config.layers == ("conv16:tanh", "pool", 24)
    at.run()
    assert editor_rows(at) == [("conv", 16, "tanh"), ("pool",), ("dense", 24, "")]
    assert at.session_state["config"].layers == ("conv16:tanh", "pool", 24)
