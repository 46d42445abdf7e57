"""An upload's sizes from its config.json and weights directory: they agree with what Keras itself builds, and a file
that declares too much, or weights that do not match, is refused before Keras is called."""

import io
import json
import zipfile

import h5py
import keras
import numpy as np
import pytest
from keras import layers

from dnn_core.engine.upload import ALLOWED_LAYERS, UnsafeModelError, load_uploaded_model
from dnn_core.engine.upload_sizes import CAP, SHAPE_RULES, check_weights, model_sizes
from tests.test_draw_upload import keras_io_convnet
from tests.test_upload import assert_one_sentence_in_both_languages


def keras_layer(class_name: str, name: str, **config) -> dict:
    """One layer as config.json writes it."""
    return {"module": "keras.layers", "class_name": class_name, "config": {"name": name, **config},
            "registered_name": None}


def sequential(*hidden: dict, shape=(28, 28)) -> dict:
    """A Sequential's config.json: an input of ``shape``, then ``hidden``."""
    return {"module": "keras", "class_name": "Sequential", "registered_name": None,
            "config": {"name": "hand_made", "layers": [keras_layer("InputLayer", "input", batch_shape=[None, *shape]),
                                                       *hidden]}}


def weights_file(shapes: dict[str, tuple], **options) -> bytes:
    """A model.weights.h5 holding a zero array of each shape at its path (h5py ``options`` such as compression)."""
    out = io.BytesIO()
    with h5py.File(out, "w") as weights:
        weights.create_group("vars")
        for path, shape in shapes.items():
            weights.create_dataset(path, data=np.zeros(shape, np.float32), **options)
    return out.getvalue()


def keras_file(config: dict, weights: bytes) -> bytes:
    """A .keras archive made by hand, as someone editing a saved model's config.json would."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("metadata.json", json.dumps({"keras_version": keras.__version__}))
        archive.writestr("config.json", json.dumps(config))
        archive.writestr("model.weights.h5", weights)
    return out.getvalue()


def saved_file(model, folder) -> bytes:
    path = folder / "model.keras"
    model.save(path)
    return path.read_bytes()


@pytest.fixture
def keras_never_loads(monkeypatch):
    """Keras's loader fails the test if anything calls it."""
    def refuse(*args, **kwargs):
        raise AssertionError("Keras was asked to load a file that should have been refused")

    monkeypatch.setattr(keras.saving, "load_model", refuse)


def huge_dense_file(tmp_path) -> bytes:
    """The issue's file: a small saved model whose config.json was edited to say Dense(1000000); ~68 kB."""
    model = keras.Sequential([keras.Input((28, 28)), layers.Flatten(), layers.Dense(16), layers.Dense(10)])
    data = saved_file(model, tmp_path)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    config = json.loads(members["config.json"])
    config["config"]["layers"][2]["config"]["units"] = 1_000_000
    config["config"]["layers"][3].pop("build_config")  # else the next layer says it takes 20 numbers
    members["config.json"] = json.dumps(config).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_the_issues_68_kB_dense_file_is_refused_naming_its_size_and_the_cap(tmp_path, keras_never_loads):
    data = huge_dense_file(tmp_path)
    with pytest.raises(UnsafeModelError) as caught:
        load_uploaded_model(data)
    # 784 × 1,000,000 + 1,000,000 for the edited Dense(16), 1,000,000 × 10 + 10 for the output, counted by hand
    assert len(data) < 100_000 and caught.value.key == "draw.upload.too_many_parameters"
    assert "795,000,010 parameters" in str(caught.value) and "785,000,000" in str(caught.value)
    assert "5,000,000" in str(caught.value) and "5,000,000" in caught.value.text("zh-TW")
    assert "795,000,010" in caught.value.text("zh-TW")
    assert_one_sentence_in_both_languages(caught.value)


HAND_MADE = {  # config layers, weights, refusal key, what the sentence names
    "huge-dense": ([keras_layer("Flatten", "flat"), keras_layer("Dense", "wide", units=1_000_000)], {},
                   "draw.upload.too_many_parameters", ("785,000,000", "5,000,000")),
    # 3 × 3 × 1,000 × 1,000 + 1,000 parameters in the second convolution
    "huge-conv-kernel": ([keras_layer("Reshape", "image", target_shape=[28, 28, 1]),
                          keras_layer("Conv2D", "c1", filters=1000, kernel_size=[3, 3]),
                          keras_layer("Conv2D", "c2", filters=1000, kernel_size=[3, 3])], {},
                         "draw.upload.too_many_parameters", ("9,011,000", "9,001,000", "5,000,000")),
    # 2,000,000 parameters are allowed, but 26 × 26 × 200,000 numbers per image are not
    "huge-conv-output": ([keras_layer("Reshape", "image", target_shape=[28, 28, 1]),
                          keras_layer("Conv2D", "c1", filters=200_000, kernel_size=3)], {},
                         "draw.upload.activation_too_large", ("135,200,000", "5,000,000", "c1")),
    # Keras builds a layer from its own build_config, whatever the layer before gives
    "declared-build-shape": ([keras_layer("Flatten", "flat"), {**keras_layer("Dense", "out", units=10),
                                                               "build_config": {"input_shape": [None, 10**6]}}],
                             {}, "draw.upload.layer_input", ("1000000", "784")),
    "kernel-wider-than-image": ([keras_layer("Reshape", "image", target_shape=[28, 28, 1]),
                                 keras_layer("Conv2D", "c1", filters=4, kernel_size=29)], {},
                                "draw.upload.layer_shape", ("c1", "28×28×1")),
    "weights-of-another-shape": (
        [keras_layer("Flatten", "flat"), keras_layer("Dense", "out", units=10)],
        {"layers/dense/vars/0": (784, 20), "layers/dense/vars/1": (10,)},
        "draw.upload.weights_mismatch", ("784×20", "784×10", "out")),
    "weights-missing": ([keras_layer("Flatten", "flat"), keras_layer("Dense", "out", units=10)],
                        {"layers/dense/vars/0": (784, 10)}, "draw.upload.weights_count", ("1 weight arrays", "out")),
}


@pytest.mark.parametrize("case", HAND_MADE, ids=list(HAND_MADE))
def test_hand_made_file_declaring_too_much_is_refused_before_keras(case, keras_never_loads):
    hidden, weights, key, fragments = HAND_MADE[case]
    with pytest.raises(UnsafeModelError) as caught:
        load_uploaded_model(keras_file(sequential(*hidden), weights_file(weights)))
    english, chinese = str(caught.value), caught.value.text("zh-TW")
    assert caught.value.key == key and all(fragment in english for fragment in fragments)
    assert all(number in chinese for number in fragments if number.replace(",", "").replace("×", "").isdigit())
    assert_one_sentence_in_both_languages(caught.value)


def test_packed_weights_declaring_more_than_the_file_holds_are_refused(keras_never_loads):
    # the right shapes, gzipped: 784 × 6,000 zeros declare 18.8 MB in a few kB that Keras would inflate
    hidden = [keras_layer("Flatten", "flat"), keras_layer("Dense", "wide", units=6000),
              keras_layer("Dense", "out", units=10)]
    shapes = {"layers/dense/vars/0": (784, 6000), "layers/dense/vars/1": (6000,),
              "layers/dense_1/vars/0": (6000, 10), "layers/dense_1/vars/1": (10,)}
    data = keras_file(sequential(*hidden), weights_file(shapes, compression="gzip", chunks=True))
    with pytest.raises(UnsafeModelError) as caught:
        load_uploaded_model(data)
    assert caught.value.key == "draw.upload.weights_packed" and "19.1 MB of weights" in str(caught.value)
    assert len(data) < 200_000


def test_functional_model_with_an_oversized_layer_is_refused_too(keras_never_loads):
    tensor = {"class_name": "__keras_tensor__", "config": {"shape": [None, 784], "keras_history": ["pixels", 0, 0]}}
    config = {"module": "keras.src.models.functional", "class_name": "Functional", "registered_name": "Functional",
              "config": {"name": "f", "input_layers": ["pixels", 0, 0], "output_layers": ["wide", 0, 0], "layers": [
                  {**keras_layer("InputLayer", "pixels", batch_shape=[None, 784]), "name": "pixels",
                   "inbound_nodes": []},
                  {**keras_layer("Dense", "wide", units=10_000), "name": "wide",
                   "inbound_nodes": [{"args": [tensor], "kwargs": {}}]}]}}
    with pytest.raises(UnsafeModelError) as caught:
        load_uploaded_model(keras_file(config, weights_file({})))
    assert caught.value.params == {"count": 7_850_000, "cap": CAP, "layer": "wide", "layer_count": 7_850_000}


def keras_built_models() -> dict:
    """Models Keras builds itself, covering every layer rule that changes a shape or holds weights."""
    pixels = keras.Input((784,))
    image = layers.Reshape((28, 28, 1))(pixels)
    branch = layers.Conv2D(6, 5, strides=2, padding="same", use_bias=False)(image)
    functional_out = layers.Dense(10)(layers.GlobalAveragePooling2D()(layers.BatchNormalization(scale=False)(branch)))
    return {
        "keras-io convnet": keras_io_convnet(),
        "functional": keras.Model(pixels, functional_out),
        "sequential": keras.Sequential([
            keras.Input((28, 28)), layers.Rescaling(1 / 255), layers.Reshape((28, 28, 1)), layers.RandomCrop(24, 24),
            layers.RandomRotation(0.1), layers.Conv2D(8, (3, 5), dilation_rate=2, activation="relu"),
            layers.AveragePooling2D(3, strides=2, padding="same"), layers.BatchNormalization(),
            layers.MaxPooling2D(), layers.Reshape((-1, 8)), layers.Dense(12, lora_rank=3), layers.Flatten(),
            layers.Dropout(0.3), layers.Activation("tanh"), layers.Dense(10, activation="softmax")]),
    }


@pytest.mark.parametrize("name", ["keras-io convnet", "functional", "sequential"])
def test_sizes_from_the_config_are_the_ones_keras_builds(tmp_path, name):
    model = keras_built_models()[name]
    data = saved_file(model, tmp_path)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sizes = model_sizes(json.loads(archive.read("config.json")))
        check_weights(archive.read("model.weights.h5"), sizes)  # Keras's own file passes
    built = {layer.name: layer for layer in model.layers}
    assert sum(size.parameters for size in sizes) == model.count_params()
    for size in sizes[1:] if name != "functional" else sizes:
        assert size.output == tuple(built[size.name].output.shape[1:]), size.name
        assert size.parameters == built[size.name].count_params(), size.name
    if name == "keras-io convnet":  # the figures the cap is measured against, in the module's comment
        assert (sum(size.parameters for size in sizes), max(np.prod(size.output) for size in sizes)) == (34_826, 21_632)


def test_the_keras_io_convnet_still_loads(tmp_path):
    model = load_uploaded_model(saved_file(keras_io_convnet(), tmp_path))
    assert model.count_params() == 34_826 and model.output_shape == (None, 10)


def test_weights_are_checked_from_the_directory_without_reading_a_weight(tmp_path, monkeypatch):
    data = saved_file(keras_io_convnet(), tmp_path)
    monkeypatch.setattr(h5py.Dataset, "__getitem__", lambda *a: pytest.fail("a weight was read"))
    monkeypatch.setattr(h5py.Dataset, "read_direct", lambda *a: pytest.fail("a weight was read"))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        check_weights(archive.read("model.weights.h5"), model_sizes(json.loads(archive.read("config.json"))))


def test_every_allowed_layer_has_a_shape_rule():
    assert ALLOWED_LAYERS == set(SHAPE_RULES)
