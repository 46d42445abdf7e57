"""Learn's "The course model" tab: depth costs, Flatten, softmax and evaluate() against Keras's own, and the tab
driven through AppTest."""

import keras
import numpy as np
import pytest

from dnn_core.engine.data import load_dataset
from dnn_core.engine.presets import preset_config
from dnn_core.i18n import LANGS
from dnn_core.lessons import learn_model
from dnn_core.lessons.learn_cnn import sample_digit
from tests.apptest import open_learn
from tests.test_learn_page import page_text


@pytest.mark.parametrize("units", [32, 128])
def test_depth_costs_count_what_keras_counts(units):
    costs = learn_model.depth_costs(units).set_index("depth")
    for depth in range(4):
        model = keras.Sequential([keras.Input((784,)), *[keras.layers.Dense(units) for _ in range(depth)],
                                  keras.layers.Dense(10)])
        assert costs.loc[depth, "parameters"] == model.count_params()
        weights = sum(int(np.prod(layer.kernel.shape)) for layer in model.layers)
        assert costs.loc[depth, "multiply_adds"] == weights
    assert costs.loc[1, "parameters"] == 784 * units + units + units * 10 + 10  # 101,770 for the course model


def test_each_layer_deeper_costs_units_squared_more():
    costs = learn_model.depth_costs(128)["multiply_adds"]
    assert costs[1] - costs[0] == 784 * 128 + 128 * 10 - 784 * 10
    assert all(b - a == 128 * 128 for a, b in zip(costs[1:], costs[2:]))


def test_flatten_is_keras_flatten_and_row_r_lands_at_r_times_28():
    image = sample_digit(3)
    keras_flat = keras.layers.Flatten()(image[None].astype("float32")).numpy()[0]
    np.testing.assert_array_equal(learn_model.flatten(image).astype("float32"), keras_flat)
    start, end = learn_model.flat_span(14)
    assert (start, end) == (392, 419)
    np.testing.assert_array_equal(learn_model.flatten(image)[start:end + 1], image[14])


def test_softmax_is_keras_softmax_sums_to_one_and_ignores_a_shift():
    logits = np.array(learn_model.DEFAULT_LOGITS)
    probs = learn_model.softmax(logits)
    np.testing.assert_allclose(probs, keras.activations.softmax(logits[None]).numpy()[0], rtol=1e-6)
    assert probs.sum() == pytest.approx(1.0) and probs.argmax() == 7
    np.testing.assert_allclose(learn_model.softmax(logits + 100.0), probs)  # no overflow, nothing changes
    assert learn_model.softmax([0.0, np.log(3.0)]) == pytest.approx([0.25, 0.75])  # by hand: 1 / (1 + 3)


@pytest.fixture(scope="module")
def trained():
    from dnn_core.engine.training import train

    config = preset_config("course").replace(dataset="mnist_sample", train_size=800, epochs=1, seed=3)
    return train(config, record_gradients=False)


def test_evaluate_returns_loss_and_accuracy_as_the_hand_count_gives_them(trained):
    data = load_dataset("mnist_sample")
    loss, accuracy = learn_model.evaluate_as_keras(trained.model, data.x_test, data.y_test)
    probs = trained.model.predict(data.x_test, verbose=0).astype("float64")
    hand = learn_model.by_hand(probs, data.y_test)
    right = int(np.sum(probs.argmax(1) == data.y_test))
    assert hand["right"] == right and accuracy == pytest.approx(right / len(data.y_test), abs=1e-6)
    assert loss == pytest.approx(-np.mean(np.log(probs[np.arange(len(probs)), data.y_test])), rel=1e-4)
    assert hand["loss"] == pytest.approx(loss, rel=1e-4)


@pytest.mark.parametrize("lang", LANGS)
def test_the_tab_quotes_the_notes_opening_point_and_flatten(lang):
    text = page_text(open_learn("model", lang))
    assert "隱藏層越多可以自動抓出高階的特徵值" in text and "運算量也會增加" in text
    assert "tf.keras.layers.Flatten可將28x28扁平化成1x784" in text


def test_sliders_move_depth_cost_flatten_row_and_softmax():
    at = open_learn("model")
    at.slider(key="learn_model_depth").set_value(3).run()
    assert f"**{784 * 128 + 2 * 128 * 128 + 128 * 10:,}** multiply-adds" in page_text(at)
    at.slider(key="learn_model_row").set_value(5).run()
    assert "positions **140–167**" in page_text(at)
    at.slider(key="learn_logit_2").set_value(9.0).run()
    text = page_text(at)
    assert "The answer is **2**" in text
    p2 = learn_model.softmax([*learn_model.DEFAULT_LOGITS[:2], 9.0, *learn_model.DEFAULT_LOGITS[3:]])[2]
    assert f"p = **{p2:.4f}**" in text
    at.slider(key="learn_model_shift").set_value(4.0).run()
    assert f"p = **{p2:.4f}**" in page_text(at)  # the same probabilities after adding 4 to every score


def test_evaluate_button_shows_what_keras_evaluate_returns(trained):
    at = open_learn("model", session={"result": trained})
    assert at.radio(key="learn_model_source").value == "session"
    at.button(key="learn_model_evaluate").click().run()
    assert not at.exception
    data = load_dataset("mnist_sample")
    loss, accuracy = trained.model.evaluate(data.x_test, data.y_test, verbose=0)
    assert f"[{loss:.4f}, {accuracy:.4f}]" in page_text(at)
    assert f"= **{accuracy:.4f}**" in page_text(at)  # the hand count agrees
