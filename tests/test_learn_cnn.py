"""Learn's "From dense to convolution": parameter counts against Keras and by hand, the feature map against a loop
and a Keras Conv2D, augmentation that changes training images but not predictions, and the tab in the app."""

import keras
import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.model import build_model
from dnn_core.i18n import LANGS, t
from dnn_core.lessons import learn_cnn
from tests.apptest import open_learn

# ------------------------------------------------------------------ 1. parameter counts

def plain_keras(*layers) -> keras.Model:
    """A model written as keras-io's mnist_convnet writes it, not through dnn_core.engine.model."""
    return keras.Sequential([keras.Input(shape=(28, 28, 1)), *layers, keras.layers.Dense(10, activation="softmax")])


def test_the_small_cnns_counts_are_keras_and_the_hand_formulas():
    table, keras_total = learn_cnn.counted_parameters(learn_cnn.SMALL_CNN)
    by_hand = [3 * 3 * 1 * 32 + 32, 0, 3 * 3 * 32 * 64 + 64, 0, 0, 5 * 5 * 64 * 10 + 10]
    reference = plain_keras(keras.layers.Conv2D(32, 3, activation="relu"), keras.layers.MaxPooling2D(2),
                            keras.layers.Conv2D(64, 3, activation="relu"), keras.layers.MaxPooling2D(2),
                            keras.layers.Flatten())
    assert list(table["layer"]) == ["conv_1", "pool_2", "conv_3", "pool_4", "flatten", "output"]
    assert list(table["parameters"]) == by_hand == [layer.count_params() for layer in reference.layers]
    assert list(table["keras"]) == by_hand
    assert table["parameters"].sum() == keras_total == reference.count_params() == 34_826


def test_the_course_models_counts_are_keras_and_the_hand_formulas():
    table, keras_total = learn_cnn.counted_parameters(learn_cnn.COURSE)
    reference = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(128, activation="relu"),
                                  keras.layers.Dropout(0.2), keras.layers.Dense(10, activation="softmax")])
    assert list(table["parameters"]) == [784 * 128 + 128, 128 * 10 + 10] == list(table["keras"])
    assert table["parameters"].sum() == keras_total == reference.count_params() == 101_770


def hand_value(formula: str) -> int:
    """A formula as the page writes it ('3·3·1·32 + 32', '784·128 + 4·128') worked out."""
    return sum(np.prod([int(factor.replace(",", "")) for factor in term.split("·")]) for term in formula.split("+"))


@pytest.mark.parametrize("config", [learn_cnn.COURSE, learn_cnn.SMALL_CNN,
                                    ExperimentConfig(layers=("conv8", "conv16", "pool", 64, 32)),
                                    ExperimentConfig(layers=("conv4", "pool", 16), batch_norm=True)])
def test_each_formula_written_on_the_page_computes_its_count(config):
    table, keras_total = learn_cnn.counted_parameters(config)
    shown = [hand_value(formula) if formula else 0 for formula in table["formula"]]
    assert shown == list(table["parameters"]) == list(table["keras"])
    assert sum(shown) == keras_total


def test_weight_sharing_numbers():
    numbers = learn_cnn.weight_sharing()
    assert numbers["positions"] == 26 * 26 and numbers["conv_weights"] == 9 * 32
    assert numbers["multiplications"] == 26 * 26 * 9 * 32 and numbers["dense_weights"] == 784 * 128
    assert numbers["ratio"] == pytest.approx(101_770 / 34_826)
    uses = learn_cnn.parameter_table(learn_cnn.SMALL_CNN)["uses"]
    assert list(uses.fillna(0)) == [26 * 26, 0, 11 * 11, 0, 0, 1]


# ------------------------------------------------------------------ 2. a filter sliding over a digit

def by_loop(image: np.ndarray, kernel: np.ndarray, row: int, col: int) -> float:
    return sum(image[row + i, col + j] * kernel[i, j] for i in range(3) for j in range(3))


@pytest.mark.parametrize("name", [*learn_cnn.FILTERS])
def test_the_feature_map_is_the_loop_and_keras_conv2d(name):
    image = learn_cnn.sample_digit(7)
    kernel = np.array(learn_cnn.FILTERS[name], dtype=float)
    feature = learn_cnn.feature_map(image, kernel)
    assert feature.shape == (26, 26)
    for row, col in [(0, 0), (8, 12), (13, 13), (25, 25), (20, 3)]:
        assert feature[row, col] == pytest.approx(by_loop(image, kernel, row, col))
        window, products = learn_cnn.window_products(image, kernel, row, col)
        assert products.sum() == pytest.approx(feature[row, col])
    conv = keras.layers.Conv2D(1, 3)
    conv.build((None, 28, 28, 1))
    conv.set_weights([kernel.reshape(3, 3, 1, 1).astype("float32"), np.zeros(1, "float32")])
    by_keras = keras.ops.convert_to_numpy(conv(image[None, :, :, None].astype("float32")))[0, :, :, 0]
    np.testing.assert_allclose(feature, by_keras, atol=1e-5)
    from scipy.signal import correlate2d  # what the page says the map is (learn.cnn.map_text)

    np.testing.assert_allclose(feature, correlate2d(image, kernel, mode="valid"), atol=1e-12)
    assert np.abs(feature).max() > 0  # the digit is not blank under any of these filters


def test_the_sample_digit_is_the_first_test_image_of_its_class():
    from dnn_core.engine.data import load_dataset

    data = load_dataset("mnist_sample")
    for label in (0, 7):
        digit = learn_cnn.sample_digit(label)
        index = int(np.argmax(data.y_test == label))
        assert data.y_test[index] == label
        np.testing.assert_allclose(digit * 255, data.x_test[index])
        assert 0 <= digit.min() and digit.max() <= 1


@pytest.mark.parametrize("text, expected", [("1 2 3 4 5 6 7 8 9", range(1, 10)),
                                            ("0,0,0; 0,1,0; 0,0,0", [0] * 4 + [1] + [0] * 4),
                                            ("−1 0 1 −1 0 1 −1 0 1", [-1, 0, 1] * 3)])
def test_nine_numbers_make_a_filter(text, expected):
    np.testing.assert_array_equal(learn_cnn.parse_kernel(text), np.reshape(list(expected), (3, 3)))


@pytest.mark.parametrize("text, count", [("1 2 3 4 5 6 7 8", 8), ("1 2 3 4 5 6 7 8 9 10", 10), ("1 2 x", 3), ("", 0),
                                         ("1 2 3 4 5 6 7 8 nan", 9)])
def test_other_text_is_refused_saying_how_many_parts_it_has(text, count):
    with pytest.raises(learn_cnn.KernelError) as caught:
        learn_cnn.parse_kernel(text)
    assert f"has {count} parts" in str(caught.value) and repr(text) in str(caught.value)
    assert f"有 {count} 個部分" in caught.value.text("zh-TW")


def test_a_product_term_reads_as_written_by_hand():
    assert learn_cnn.product_term(0.25, -1) == "0.25·(−1)"
    assert learn_cnn.product_term(1.0, 0.111111) == "1.00·0.111"
    assert learn_cnn.signed(0.0 * -8, ".2f") == "0.00" and learn_cnn.signed(-0.001, ".2f") == "0.00"
    assert learn_cnn.signed(-1.25, ".2f") == "−1.25"


# ------------------------------------------------------------------ 3. augmentation

def test_augmented_copies_differ_from_the_digit_and_from_each_other():
    digit = learn_cnn.sample_digit(3)
    copies = learn_cnn.augmented_copies(digit, 0.2, 8, seed=0)
    assert copies.shape == (8, 28, 28)
    assert all(np.abs(copy - digit).max() > 0.2 for copy in copies)
    assert len({copy.tobytes() for copy in copies}) == 8
    assert all(copy.sum() > 0.5 * digit.sum() for copy in copies)  # moved a little, not lost off the edge
    np.testing.assert_array_equal(copies, learn_cnn.augmented_copies(digit, 0.2, 8, seed=0))  # a seed redraws them
    assert not np.array_equal(copies, learn_cnn.augmented_copies(digit, 0.2, 8, seed=1))


def test_the_augmentation_limits_are_the_ones_the_model_promises():
    # 0.3 of a 28-pixel side, and a sixth of 0.3 of a full turn: model.augmentation_layers' docstring says 18°
    assert learn_cnn.augmentation_limits(0.3) == pytest.approx({"shift": 8.4, "angle": 18.0})
    assert learn_cnn.augmentation_limits(0.1) == pytest.approx({"shift": 2.8, "angle": 6.0})


@pytest.mark.parametrize("layers", [("conv8", "pool", 16), (32,)])
def test_augmentation_leaves_inference_unchanged(layers):
    augmented = build_model(ExperimentConfig(layers=layers, augment=0.2, seed=3), compile=False)
    plain = build_model(ExperimentConfig(layers=layers, augment=0.0, seed=4), compile=False)  # other weights...
    assert {"random_shift", "random_rotation"} <= {layer.name for layer in augmented.layers}
    assert not {"random_shift", "random_rotation"} & {layer.name for layer in plain.layers}
    for layer in plain.layers:  # ...replaced by the augmented model's own
        layer.set_weights(augmented.get_layer(layer.name).get_weights())
    x = np.stack([learn_cnn.sample_digit(label) * 255 for label in range(4)]).astype("float32")
    predicted = keras.ops.convert_to_numpy(augmented(x, training=False))
    np.testing.assert_allclose(predicted, keras.ops.convert_to_numpy(plain(x, training=False)), atol=1e-6)
    training = keras.ops.convert_to_numpy(augmented(x, training=True))
    assert np.abs(training - predicted).max() > 1e-4  # the same layers do change what training sees


# ------------------------------------------------------------------ the tab in the app

@pytest.fixture(scope="module", autouse=True)
def _tensorflow_imported():
    """Import TensorFlow once up front so that no AppTest run pays the import inside its timeout."""
    import tensorflow  # noqa: F401


def shown_text(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [h.value for h in at.subheader])


@pytest.mark.parametrize("lang", LANGS)
def test_the_tab_renders_in_both_languages(lang):
    at = open_learn("cnn", lang)
    text = shown_text(at)
    assert at.session_state["learn_section"] == "cnn"
    for key in ("learn.cnn.params_heading", "learn.cnn.slide_heading", "learn.cnn.aug_heading"):
        assert t(key, lang) in text
    assert "**101,770**" in text and "**34,826**" in text
    assert "learn." not in text, "an untranslated learn.* key is shown"
    tables = [frame.value for frame in at.dataframe]
    assert [list(frame[t("learn.cnn.col.parameters", lang)]) for frame in tables] == [
        [100_480, 1_290], [320, 0, 18_496, 0, 0, 16_010]]
    assert list(tables[1][t("learn.cnn.col.formula", lang)])[:2] == ["3·3·1·32 + 32", t("learn.cnn.no_weights", lang)]
    assert len(at.get("plotly_chart")) == 1
    notes = {"en": "*In the notes:* the course notes stop at dense networks",
             "zh-TW": "*筆記中*：課程筆記講到全連接網路為止"}
    assert notes[lang] in text


def test_the_window_sliders_show_the_sum_at_that_position():
    at = open_learn("cnn")
    at.selectbox(key="learn_cnn_digit").set_value(3).run()
    at.selectbox(key="learn_cnn_filter").set_value("horizontal").run()
    at.slider(key="learn_cnn_row").set_value(10).run()
    at.slider(key="learn_cnn_col").set_value(5).run()
    image, kernel = learn_cnn.sample_digit(3), np.array(learn_cnn.FILTERS["horizontal"], dtype=float)
    expected = learn_cnn.signed(by_loop(image, kernel, 10, 5), ".3f")
    assert "At row 10, column 5: " in shown_text(at) and f"= **{expected}**, the feature map's" in shown_text(at)


def test_typed_numbers_become_the_filter_and_bad_ones_are_named():
    at = open_learn("cnn", "zh-TW")
    at.selectbox(key="learn_cnn_filter").set_value("custom").run()
    at.text_input(key="learn_cnn_numbers").set_value("0 0 0 0 2 0 0 0 0").run()
    row, col = at.slider(key="learn_cnn_row").value, at.slider(key="learn_cnn_col").value
    expected = learn_cnn.signed(2 * learn_cnn.sample_digit(7)[row + 1, col + 1], ".3f")
    assert f"= **{expected}**" in shown_text(at)
    at.text_input(key="learn_cnn_numbers").set_value("1 2 x").run()
    assert not at.exception
    assert at.error[0].value == t("learn.cnn.error.kernel", "zh-TW", text="'1 2 x'", count=3)
    assert t("learn.cnn.aug_heading", "zh-TW") in shown_text(at)  # the rest of the tab still shows


def test_new_copies_redraws_the_augmented_digits():
    at = open_learn("cnn")
    at.button(key="learn_cnn_redraw").click().run()
    assert not at.exception and at.session_state["learn_cnn_aug_step"] == 1
    at.select_slider(key="learn_cnn_augment").set_value(0.3).run()
    assert "up to 8.4 pixels and turned by up to 18°" in shown_text(at)


def test_try_it_in_the_app_opens_dense_vs_cnn_ready_to_train():
    at = open_learn("cnn", alone=False)
    at.button(key="learn_try_dense_vs_cnn").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "learn_try_dense_vs_cnn" not in [b.key for b in at.button]  # we left the Learn page
    assert any(t("preset.dense_vs_cnn", "en") in box.value for box in at.info)  # Compare's twin, set up
