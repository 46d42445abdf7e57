"""Draw's upload beyond dense networks: a convnet trained with Keras's own MNIST example code is accepted and reads
digits through the Draw pipeline exactly as Keras itself would; every input shape and pixel scale is fed as the model
expects; a Lambda layer is still refused."""

import keras
import numpy as np
import pytest
from keras import layers
from PIL import Image

from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.data import load_dataset
from dnn_core.engine.export import model_bytes
from dnn_core.engine.predict import input_shape, model_input, pixel_scale, predict_probabilities, top_k
from dnn_core.engine.preprocess import canvas_to_mnist
from dnn_core.engine.training import train
from dnn_core.engine.upload import ALLOWED_LAYERS, RANDOM_LAYERS, UnsafeModelError, load_uploaded_model
from dnn_core.i18n import t
from dnn_core.running.quick_model import ReadyModel, model_note
from dnn_core.runs import RunStore
from tests.test_draw_page import open_draw

TEST_DIGITS = 60


def keras_io_convnet() -> keras.Sequential:
    """The model of keras-io examples/vision/mnist_convnet.py, as written there."""
    num_classes, input_shape = 10, (28, 28, 1)
    return keras.Sequential(
        [
            keras.Input(shape=input_shape),
            layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Flatten(),
            layers.Dropout(0.5),
            layers.Dense(num_classes, activation="softmax"),
        ]
    )


def saved(model, folder, name: str) -> bytes:
    path = folder / f"{name}.keras"
    model.save(path)
    return path.read_bytes()


@pytest.fixture(scope="module")
def digits():
    return load_dataset("mnist_sample")


@pytest.fixture(scope="module")
def convnet(digits, tmp_path_factory):
    """The keras-io convnet trained briefly as the example does (pixels scaled to [0, 1] outside the model, one
    channel added, one-hot labels) on 600 offline digits; (model, its .keras bytes)."""
    keras.utils.set_random_seed(0)
    x_train = np.expand_dims(digits.x_train[:600].astype("float32") / 255, -1)
    y_train = keras.utils.to_categorical(digits.y_train[:600], 10)
    model = keras_io_convnet()
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    model.fit(x_train, y_train, batch_size=32, epochs=4, verbose=0)
    return model, saved(model, tmp_path_factory.mktemp("convnet"), "mnist_convnet")


def drawn(image28: np.ndarray) -> np.ndarray:
    """A test digit as if drawn on the 280×280 canvas: ten times larger, off centre, white on black RGBA."""
    big = np.asarray(Image.fromarray(image28).resize((190, 190), Image.Resampling.BILINEAR))
    canvas = np.zeros((280, 280, 4), np.uint8)
    canvas[20:210, 60:250, :3] = big[..., None]
    canvas[..., 3] = 255
    return canvas


def test_keras_io_convnet_is_accepted_and_reads_test_digits_as_keras_does(convnet, digits):
    original, data = convnet
    model = load_uploaded_model(data)
    assert (input_shape(model), pixel_scale(model)) == ((28, 28, 1), "unit")  # no Rescaling: fed 0..1
    images, labels = digits.x_test[:TEST_DIGITS], digits.y_test[:TEST_DIGITS]
    ours = np.array([predict_probabilities(model, image) for image in images])
    by_keras = np.asarray(original(np.expand_dims(images.astype("float32") / 255, -1), training=False))
    np.testing.assert_allclose(ours, by_keras, atol=1e-5)
    assert (ours.argmax(axis=1) == labels).mean() >= 0.85


def test_keras_io_convnet_reads_digits_drawn_on_the_canvas(convnet, digits):
    model = load_uploaded_model(convnet[1])
    images, labels = digits.x_test[:TEST_DIGITS], digits.y_test[:TEST_DIGITS]
    read = [int(predict_probabilities(model, canvas_to_mnist(drawn(image)).centred).argmax()) for image in images]
    assert np.mean(np.array(read) == labels) >= 0.8


def test_pixel_scale_switch_changes_what_the_model_is_fed(convnet, digits):
    original, data = convnet
    model = load_uploaded_model(data)
    image = digits.x_test[0]
    np.testing.assert_array_equal(model_input(model, image, "raw"), image.reshape(1, 28, 28, 1))
    np.testing.assert_allclose(model_input(model, image, "unit"), image.reshape(1, 28, 28, 1) / 255, rtol=1e-6)
    images = digits.x_test[:10].reshape(10, 28, 28, 1).astype("float32")
    for scale, x in (("raw", images), ("unit", images / 255)):
        ours = np.array([predict_probabilities(model, image, scale) for image in digits.x_test[:10]])
        np.testing.assert_allclose(ours, original(x, training=False), rtol=0, atol=1e-6)
    assert np.abs(original(images, training=False) - original(images / 255, training=False)).max() > 1e-3
    with pytest.raises(ValueError, match="scale must be one of raw, unit"):
        model_input(model, image, "percent")


def test_dense_model_taking_784_pixels_reads_digits(digits, tmp_path):
    keras.utils.set_random_seed(1)
    flat = keras.Sequential([keras.Input((784,)), layers.Dense(32, activation="relu"),
                             layers.Dense(10, activation="softmax")])
    flat.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
    flat.fit(digits.x_train[:600].reshape(-1, 784) / 255, digits.y_train[:600], epochs=5, verbose=0)
    model = load_uploaded_model(saved(flat, tmp_path, "flat"))
    assert (input_shape(model), pixel_scale(model)) == ((784,), "unit")
    images, labels = digits.x_test[:TEST_DIGITS], digits.y_test[:TEST_DIGITS]
    ours = np.array([predict_probabilities(model, image) for image in images])
    np.testing.assert_allclose(ours, flat(images.reshape(-1, 784).astype("float32") / 255), atol=1e-5)
    assert (ours.argmax(axis=1) == labels).mean() >= 0.7
    note = model_note(ReadyModel(model, "mnist", float("nan")), "en", uploaded=True)
    assert note.endswith(t("draw.model.upload_shape", "en", shape="784"))


def test_convnet_with_a_lambda_layer_is_refused_before_keras_reads_it(tmp_path, monkeypatch):
    scaled_inside = keras.Sequential([keras.Input((28, 28, 1)), layers.Lambda(lambda x: x / 255),
                                      *keras_io_convnet().layers])
    data = saved(scaled_inside, tmp_path, "lambda_convnet")
    loads = []
    monkeypatch.setattr(keras.saving, "load_model", lambda *args, **kw: loads.append(args))
    with pytest.raises(UnsafeModelError) as caught:
        load_uploaded_model(data)
    assert (caught.value.key, loads) == ("draw.upload.lambda", [])
    assert "Lambda layer, which runs Python code" in str(caught.value)
    assert "Lambda" in caught.value.text("zh-TW") and caught.value.text("zh-TW") != str(caught.value)


@pytest.mark.parametrize("augment", [0.0, 0.2])
def test_a_cnn_trained_here_passes_the_checks_and_reads_raw_pixels(digits, tmp_path, augment):
    config = ExperimentConfig(dataset="mnist_sample", train_size=300, layers=("conv4", "pool", 16), epochs=1,
                              augment=augment)
    result = train(config, record_gradients=False)  # what Draw gets as this session's or a saved run's model
    model = load_uploaded_model(saved(result.model, tmp_path, "ours"))
    assert (input_shape(model), pixel_scale(model)) == ((28, 28), "raw")  # Rescaling inside: fed 0..255
    images = digits.x_test[:10]
    by_keras = np.asarray(result.model(images.astype("float32"), training=False))
    for predict_with in (model, result.model):
        ours = np.array([predict_probabilities(predict_with, image) for image in images])
        np.testing.assert_allclose(ours, by_keras, atol=1e-5)


def test_the_allowlist_takes_every_random_layer_keras_has_and_the_message_names_the_others():
    assert RANDOM_LAYERS == {name for name in dir(keras.layers) if name.startswith("Random")}
    message = t("draw.upload.layer_not_allowed", "en", name="X")
    assert all(name in message for name in ALLOWED_LAYERS - RANDOM_LAYERS)
    assert {"Conv2D", "MaxPooling2D", "AveragePooling2D", "GlobalAveragePooling2D"} <= ALLOWED_LAYERS


def test_every_random_layer_and_pooling_kind_loads(tmp_path):
    augmenting = keras.Sequential([
        keras.Input((28, 28, 1)), layers.Rescaling(1 / 255), layers.RandomTranslation(0.1, 0.1),
        layers.RandomRotation(0.1), layers.RandomZoom(0.1), layers.RandomFlip(), layers.RandomContrast(0.1),
        layers.Conv2D(4, 3, activation="relu"), layers.AveragePooling2D(2), layers.Conv2D(4, 3),
        layers.GlobalAveragePooling2D(), layers.Dense(10, activation="softmax")])
    model = load_uploaded_model(saved(augmenting, tmp_path, "augmenting"))
    image = np.random.default_rng(2).integers(0, 256, (28, 28)).astype(np.uint8)
    assert pixel_scale(model) == "raw"
    np.testing.assert_allclose(predict_probabilities(model, image),
                               augmenting(image.reshape(1, 28, 28, 1).astype("float32"), training=False)[0],
                               atol=1e-5)


# The Draw page, in AppTest (the browser test draws on the canvas with such a model)

def top3_text(probs: np.ndarray) -> str:
    """The page's Top 3 line for these probabilities, computed here from the model's own answer."""
    guesses = top_k(probs, 3)
    return f"**{t('draw.top3', 'en')}:** " + " · ".join(f"{g.name} ({g.probability:.1%})" for g in guesses)


def test_page_reads_with_an_uploaded_convnet_on_its_scale_and_keeps_it_until_another_is_picked(convnet, digits):
    original, data = convnet
    images = digits.x_test[:100].reshape(100, 28, 28, 1).astype("float32")
    unsure = int(np.asarray(original(images / 255, training=False)).max(axis=1).argmin())  # where scale shows
    at = open_draw(draw_test_index=unsure)
    at.file_uploader(key="draw_model_file").set_value(("mnist_convnet.keras", data, "application/zip")).run()
    at.segmented_control(key="draw_input").set_value("test").run()
    assert not at.exception and not at.error
    assert at.selectbox(key="draw_model").value == "upload"
    assert at.segmented_control(key="draw_scale").value == "unit"
    assert any(t("draw.scale.own.unit", "en") == c.value for c in at.caption)
    assert any(t("draw.model.upload_shape", "en", shape="28×28×1") in c.value for c in at.caption)
    unit_text = top3_text(np.asarray(original(images[unsure:unsure + 1] / 255, training=False))[0])
    assert unit_text in [m.value for m in at.markdown]

    at.segmented_control(key="draw_scale").set_value("raw").run()  # fed 0..255: what the model now reads
    raw_text = top3_text(np.asarray(original(images[unsure:unsure + 1], training=False))[0])
    assert raw_text != unit_text and raw_text in [m.value for m in at.markdown]
    assert any(t("draw.scale.switched", "en") in c.value for c in at.caption)

    for page in ("pages/train.py", "pages/draw.py"):  # away and back: the upload and its scale stay
        at.switch_page(page).run()
    assert not at.exception
    assert (at.selectbox(key="draw_model").value, at.segmented_control(key="draw_scale").value) == ("upload", "raw")
    at.selectbox(key="draw_model").set_value("quick").run()
    assert at.segmented_control(key="draw_scale").value == "raw"  # the quick model's own: it has Rescaling
    for page in ("pages/train.py", "pages/draw.py"):
        at.switch_page(page).run()
    assert at.selectbox(key="draw_model").value == "quick"


def test_page_reads_with_a_cnn_trained_here_as_this_sessions_and_as_a_saved_runs_model(digits):
    config = ExperimentConfig(dataset="mnist_sample", train_size=300, layers=("conv4", "pool", 16), epochs=1)
    result = train(config, record_gradients=False)
    store = RunStore()
    run = store.start_run(result.config.to_dict(), name="small cnn")
    store.finish_run(run, "finished", metrics={"test_accuracy": result.test_accuracy}, model=model_bytes(result.model))
    expected = top3_text(np.asarray(result.model(digits.x_test[3:4].astype("float32"), training=False))[0])
    at = open_draw(result=result, draw_test_index=3)
    at.segmented_control(key="draw_input").set_value("test").run()
    for source in ("session", f"run:{run}"):
        at.selectbox(key="draw_model").set_value(source).run()
        assert not at.exception and not at.error
        assert (at.selectbox(key="draw_model").value, at.segmented_control(key="draw_scale").value) == (source, "raw")
        assert expected in [m.value for m in at.markdown]
