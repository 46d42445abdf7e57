"""Uploaded .keras files: good ones load and predict; bad ones are refused with their reason before Keras reads them."""

import io
import json
import zipfile

import keras
import numpy as np
import pytest

from dnn_core.engine.model import build_model
from dnn_core.engine.predict import class_names, predict_probabilities, top_k
from dnn_core.engine.presets import preset_config
from dnn_core.engine.upload import UnsafeModelError, load_uploaded_model
from dnn_core.i18n import t


def saved(model, folder) -> bytes:
    """The bytes of ``model`` saved as a .keras file."""
    path = folder / f"{model.name}.keras"
    model.save(path)
    return path.read_bytes()


def classifier(*hidden, shape=(28, 28), classes=10, name):
    return keras.Sequential([keras.Input(shape), keras.layers.Rescaling(1 / 255), keras.layers.Flatten(), *hidden,
                             keras.layers.Dense(classes, activation="softmax")], name=name)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """Small model files, good and bad, made once for the module."""
    folder = tmp_path_factory.mktemp("uploads")
    keras.utils.set_random_seed(0)
    good = classifier(keras.layers.Dense(16, activation="relu", kernel_regularizer=keras.regularizers.L2(1e-4)),
                      keras.layers.BatchNormalization(), keras.layers.Activation("tanh"), keras.layers.Dropout(0.2),
                      name="good")
    flat_in = keras.Input((784,))
    flat_out = keras.layers.Dense(10, activation="softmax")(
        keras.layers.Flatten()(keras.layers.Reshape((28, 28))(flat_in)))
    return {
        "good_model": good,
        "good": saved(good, folder),
        "functional": saved(keras.Model(flat_in, flat_out, name="functional"), folder),
        "lambda": saved(classifier(keras.layers.Lambda(lambda x: x * 2), name="with_lambda"), folder),
        "five_classes": saved(classifier(classes=5, name="five_classes"), folder),
        "wrong_input": saved(classifier(shape=(32, 32), name="wrong_input"), folder),
    }


@pytest.fixture
def keras_loads(monkeypatch):
    """The paths Keras was asked to load: a refused file must never get there."""
    calls = []
    real = keras.saving.load_model
    monkeypatch.setattr(keras.saving, "load_model", lambda path, **kw: calls.append(path) or real(path, **kw))
    return calls


def rezip(data: bytes, drop=(), add=None, edit=None) -> bytes:
    """A copy of the archive ``data`` without the members ``drop``, plus ``add``, with config.json edited."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = {name: source.read(name) for name in source.namelist() if name not in drop}
    if edit:
        config = json.loads(members["config.json"])
        edit(config)
        members["config.json"] = json.dumps(config).encode()
    members.update(add or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in members.items():
            target.writestr(name, content)
    return out.getvalue()


def layer(config, index):
    """The config of the ``index``-th layer (0 is the InputLayer)."""
    return config["config"]["layers"][index]


def change_layer(index, **changes):
    return lambda config: layer(config, index).update(changes)


def test_good_sequential_model_loads_and_predicts_like_the_original(files, keras_loads):
    model = load_uploaded_model(files["good"])
    digit = np.random.default_rng(0).integers(0, 256, (28, 28)).astype(np.uint8)
    probs = predict_probabilities(model, digit)
    np.testing.assert_allclose(probs, files["good_model"].predict(digit[None], verbose=0)[0], atol=1e-6)
    assert probs.shape == (10,) and abs(probs.sum() - 1) < 1e-5 and len(keras_loads) == 1


def test_functional_model_taking_784_pixels_loads_and_predicts(files):
    model = load_uploaded_model(files["functional"])
    assert predict_probabilities(model, np.zeros((28, 28), np.uint8)).shape == (10,)


@pytest.mark.parametrize("preset", ["course", "wide_batch_norm", "l2", "mse_loss"])
def test_models_this_app_builds_pass_the_checks(tmp_path, preset):
    model = build_model(preset_config(preset))  # what Inspect lets people download, to upload here later
    loaded = load_uploaded_model(saved(model, tmp_path))
    image = np.full((28, 28), 128, np.uint8)
    np.testing.assert_allclose(predict_probabilities(loaded, image), predict_probabilities(model, image), atol=1e-6)


def test_compile_config_naming_the_apps_own_loss_does_not_block_loading(files):
    own_loss = {"module": "builtins", "class_name": "function", "config": "one_hot_mse",
                "registered_name": "dnn_playground>one_hot_mse"}  # never deserialized: loaded with compile=False
    data = rezip(files["good"], edit=lambda config: config.update(compile_config={"loss": own_loss}))
    assert load_uploaded_model(data).output_shape == (None, 10)


BOMB = b"\0" * 60_000_000  # deflates to ~60 kB
REFUSED = {
    "not-zip": (lambda f: b"just some text, not a zip archive", "draw.upload.not_zip", "not a zip"),
    "lambda": (lambda f: f["lambda"], "draw.upload.lambda", "Lambda layer, which runs Python code"),
    "tfsm-layer": (lambda f: rezip(f["good"], edit=change_layer(3, class_name="TFSMLayer")),
                   "draw.upload.layer_not_allowed", "TFSMLayer"),
    "lambda-claiming-another-module": (
        lambda f: rezip(f["lambda"], edit=change_layer(3, module="keras.initializers")),
        "draw.upload.lambda", "Lambda"),
    "custom-layer": (
        lambda f: rezip(f["good"], edit=change_layer(3, module=None, class_name="MyDense",
                                                     registered_name="Evil>MyDense")),
        "draw.upload.layer_not_allowed", "MyDense"),
    "custom-registered-initializer": (
        lambda f: rezip(f["good"], edit=lambda c: layer(c, 3)["config"].update(kernel_initializer={
            "module": "keras.initializers", "class_name": "GlorotUniform", "config": {},
            "registered_name": "Evil>Init"})),
        "draw.upload.object_not_allowed", "Evil>Init"),
    "custom-activation-function": (
        lambda f: rezip(f["good"], edit=lambda c: layer(c, 3)["config"].update(activation={
            "module": "builtins", "class_name": "function", "config": "evil", "registered_name": "function"})),
        "draw.upload.object_not_allowed", "function"),
    "model-class": (lambda f: rezip(f["good"], edit=lambda c: c.update(class_name="Model")),
                    "draw.upload.model_class", "Model"),
    "nested-model": (
        lambda f: rezip(f["good"], edit=lambda c: c["config"]["layers"].append(json.loads(json.dumps(c)))),
        "draw.upload.layer_not_allowed", "Sequential"),
    "extra-member": (lambda f: rezip(f["good"], add={"evil.py": b"import os"}),
                     "draw.upload.unexpected_member", "evil.py"),
    "path-traversal": (lambda f: rezip(f["good"], add={"assets/../../home/x": b"x"}),
                       "draw.upload.unexpected_member", "assets/../../home/x"),
    "missing-weights": (lambda f: rezip(f["good"], drop=["model.weights.h5"]),
                        "draw.upload.not_keras", "model.weights.h5"),
    "zip-bomb": (lambda f: rezip(f["good"], add={"model.weights.h5": BOMB}), "draw.upload.zip_bomb", "zip bomb"),
    "broken-config": (lambda f: rezip(f["good"], add={"config.json": b"{not json"}), "draw.upload.bad_config",
                      "config.json"),
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_unsafe_file_is_refused_with_its_reason_before_keras_reads_it(files, keras_loads, case):
    make, key, fragment = REFUSED[case]
    with pytest.raises(UnsafeModelError) as caught:
        load_uploaded_model(make(files))
    error = caught.value
    assert (error.key, keras_loads) == (key, [])
    assert fragment in str(error)
    assert_one_sentence_in_both_languages(error)


def test_oversized_file_is_refused_before_it_is_opened(files, keras_loads):
    with pytest.raises(UnsafeModelError) as caught:
        load_uploaded_model(b"\0" * 20_000_001)  # the default cap is 20 MB
    assert caught.value.key == "draw.upload.too_large" and "over the 20 MB limit" in str(caught.value)
    with pytest.raises(UnsafeModelError, match="MB limit for uploaded models"):
        load_uploaded_model(files["good"], max_bytes=len(files["good"]) - 1)
    assert keras_loads == []


@pytest.mark.parametrize("name, key, shape", [
    ("five_classes", "draw.upload.bad_output_shape", "5"),
    ("wrong_input", "draw.upload.bad_input_shape", "32×32"),
])
def test_model_with_the_wrong_shape_is_refused(files, name, key, shape):
    with pytest.raises(UnsafeModelError) as caught:
        load_uploaded_model(files[name])
    assert caught.value.key == key and caught.value.params == {"shape": shape}
    assert_one_sentence_in_both_languages(caught.value)


def assert_one_sentence_in_both_languages(error):
    english = str(error)
    assert english == t(error.key, "en", **error.params)
    assert english.endswith(".") and "\n" not in english and ". " not in english
    assert error.text("zh-TW") != english and error.text("zh-TW") == t(error.key, "zh-TW", **error.params)


def test_model_ending_in_logits_still_gives_probabilities():
    model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(), keras.layers.Dense(10)])
    image = np.random.default_rng(1).integers(0, 256, (28, 28)).astype(np.uint8)
    logits = model.predict(image[None] / 255, verbose=0)[0].astype(np.float64)  # no Rescaling: it is fed 0..1
    by_hand = np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum()
    np.testing.assert_allclose(predict_probabilities(model, image), by_hand, rtol=1e-5)


def test_top_k_names_the_most_probable_classes_in_order():
    probs = np.array([0.05, 0.0, 0.1, 0.0, 0.0, 0.0, 0.0, 0.6, 0.25, 0.0])
    guesses = top_k(probs, k=3, class_names=class_names("fashion_mnist", "zh-TW"))
    assert [(g.label, g.name, g.probability) for g in guesses] == [(7, "運動鞋", 0.6), (8, "包包", 0.25),
                                                                    (2, "套頭毛衣", 0.1)]
    assert [g.name for g in top_k(probs, k=2)] == ["7", "8"]
    assert class_names("mnist_sample") == [str(d) for d in range(10)]
    with pytest.raises(ValueError, match="dataset must be one of"):
        class_names("cifar10")
