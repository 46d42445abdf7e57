"""Exports read back with the tools people will use: Keras, pandas, json, TensorBoard's own event reader."""

import dataclasses
import io
import json
import zipfile

import keras
import numpy as np
import pandas as pd
import pytest
import tensorflow as tf
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

from dnn_core.engine import export
from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.data import load_dataset

CONFIG = ExperimentConfig(dataset="mnist_sample", train_size=300, layers=(16, 8), epochs=2, lr=0.002)


@pytest.fixture(scope="module")
def logged(tmp_path_factory):
    """A tiny training that wrote TensorBoard logs."""
    from dnn_core.engine.training import train

    log_dir = tmp_path_factory.mktemp("tb")
    return train(CONFIG, log_dir=str(log_dir))


def test_model_bytes_load_with_keras_and_predict_the_same(logged, tmp_path):
    path = tmp_path / "copy.keras"
    path.write_bytes(export.model_bytes(logged.model))
    loaded = keras.saving.load_model(path)
    x = load_dataset("mnist_sample").x_test[:50].astype("float32")
    np.testing.assert_allclose(loaded.predict(x, verbose=0), logged.model.predict(x, verbose=0), atol=1e-6)


def test_history_csv_reads_back_with_pandas(logged):
    back = pd.read_csv(io.BytesIO(export.history_csv(logged.history)))
    assert list(back.columns) == list(logged.history.columns)
    pd.testing.assert_frame_equal(back, logged.history, check_dtype=False)


def test_config_json_round_trips():
    data = json.loads(export.config_json(CONFIG))
    assert data["layers"] == [16, 8] and data["lr"] == 0.002
    assert ExperimentConfig.from_dict(data) == CONFIG
    assert json.loads(export.config_json(CONFIG.to_dict())) == data  # a saved run's dict works the same


def test_tensorboard_zip_holds_event_files_tensorboard_can_read(logged, tmp_path):
    archive = zipfile.ZipFile(io.BytesIO(export.tensorboard_zip(logged.log_dir)))
    names = archive.namelist()
    assert names and all(name.startswith("logs/") and "tfevents" in name for name in names)
    archive.extractall(tmp_path)
    events = EventAccumulator(str(tmp_path / "logs" / "train"))
    events.Reload()
    tags = events.Tags()
    assert "epoch_loss" in tags["tensors"] + tags["scalars"]
    losses = [float(tf.make_ndarray(e.tensor_proto)) for e in events.Tensors("epoch_loss")]
    np.testing.assert_allclose(losses, logged.history["loss"], rtol=1e-6)


def test_tensorboard_zip_of_an_empty_folder_names_it(tmp_path):
    with pytest.raises(ValueError, match="log_dir"):
        export.tensorboard_zip(tmp_path)


def test_tensorboard_command():
    assert export.tensorboard_command() == "tensorboard --logdir logs"
    assert export.tensorboard_command("my logs") == "tensorboard --logdir 'my logs'"


def test_file_stem_names_the_experiment():
    assert export.file_stem(CONFIG) == "dnn_mnist_sample_16-8_adam"


def test_downloads_offer_the_tensorboard_zip_only_with_logs(logged):
    files = export.downloads(logged)
    assert [f.name for f in files] == ["model", "history", "config", "notebook_zip", "tensorboard"]
    stem = "dnn_mnist_sample_16-8_adam"
    assert [f.file_name for f in files] == [f"{stem}.keras", f"{stem}_history.csv", f"{stem}_config.json",
                                            f"{stem}_notebook.zip", f"{stem}_tensorboard.zip"]
    assert callable(files[0].data) and files[0].data()[:2] == b"PK"  # a .keras file is a zip archive
    with zipfile.ZipFile(io.BytesIO(files[3].data())) as archive:  # the notebook, with the offline sample beside it
        assert sorted(archive.namelist()) == [f"{stem}/{stem}.ipynb", f"{stem}/mnist_sample.npz"]
    without_logs = dataclasses.replace(logged, log_dir=None)
    assert [f.name for f in export.downloads(without_logs)] == ["model", "history", "config", "notebook_zip"]


def test_tensorboard_logs_hold_the_model_graph_the_graphs_tab_draws(logged, tmp_path):
    # Learn's TensorBoard tab points to Graphs, whose Conceptual graph draws this Keras model graph
    # ("graph_keras_model"); Keras 3 writes no op graph (checked by hand in TensorBoard 2.21)
    zipfile.ZipFile(io.BytesIO(export.tensorboard_zip(logged.log_dir))).extractall(tmp_path)
    events = EventAccumulator(str(tmp_path / "logs" / "train"))
    events.Reload()
    assert events.SummaryMetadata("keras").plugin_data.plugin_name == "graph_keras_model"
    model_graph = json.loads(events.Tensors("keras")[0].tensor_proto.string_val[0])
    layers = model_graph["config"]["layers"]
    drawn = [layer["config"]["name"] for layer in layers if layer["class_name"] != "InputLayer"]
    assert drawn == [layer.name for layer in logged.model.layers]
