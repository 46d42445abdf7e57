"""Data sets: read-only arrays, local folders first, corrupt files refused by name, a visible offline fallback."""

import gzip

import numpy as np
import pytest

from dnn_core.engine import data
from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.data import IDX_FILES, DataError, Dataset, load_dataset, training_split


@pytest.fixture
def clean_env(tmp_path, monkeypatch):
    """No local folder, an empty Keras cache, offline; loaded data sets forgotten before and after."""
    monkeypatch.delenv("DNN_DATA_DIR", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.setenv("DNN_OFFLINE", "1")
    data.clear_cache()
    yield tmp_path
    data.clear_cache()


def fake_arrays(n_train=30, n_test=10, seed=0):
    """Small random images and labels that are easy to tell apart from the real ones."""
    rng = np.random.default_rng(seed)
    return (rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8), rng.integers(0, 10, n_train, dtype=np.uint8),
            rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8), rng.integers(0, 10, n_test, dtype=np.uint8))


def write_idx_gz(path, array):
    """An IDX file by hand: magic 0x0000 08 <ndim>, big-endian dimensions, then the bytes."""
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    with gzip.open(path, "wb") as f:
        f.write(header + array.astype(np.uint8).tobytes())


def write_idx_folder(folder, arrays):
    folder.mkdir(parents=True, exist_ok=True)
    for name, array in zip(IDX_FILES, arrays):
        write_idx_gz(folder / name, array)


def write_npz(path, arrays):
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, **dict(zip(("x_train", "y_train", "x_test", "y_test"), arrays)))


def assert_same(dataset, arrays):
    for got, want in zip((dataset.x_train, dataset.y_train, dataset.x_test, dataset.y_test), arrays):
        np.testing.assert_array_equal(got, want)


# ---- The bundled sample ----------------------------------------------------------------------------------------

def test_sample_is_read_only_uint8_and_balanced():
    sample = load_dataset("mnist_sample")
    assert (sample.name, sample.source, sample.notice) == ("mnist_sample", "bundled", None)
    assert sample.x_train.shape == (4000, 28, 28) and sample.x_test.shape == (1000, 28, 28)
    for array in (sample.x_train, sample.y_train, sample.x_test, sample.y_test):
        assert array.dtype == np.uint8
        assert not array.flags.writeable
    assert np.bincount(sample.y_train).tolist() == [400] * 10
    assert np.bincount(sample.y_test).tolist() == [100] * 10
    with pytest.raises(ValueError):
        sample.x_train[0, 0, 0] = 1  # shared by every session: nobody may change it


def test_loading_is_shared_per_process():
    assert load_dataset("mnist_sample") is load_dataset("mnist_sample")


# ---- Offline fallback ------------------------------------------------------------------------------------------

def test_offline_mnist_falls_back_to_the_sample_with_a_notice(clean_env):
    loaded = load_dataset("mnist")
    assert loaded.name == "mnist_sample" and loaded.source == "bundled"
    assert loaded.notice.key == "data.fallback"
    assert loaded.notice.params["requested"] == "mnist"
    assert "offline" in str(loaded.notice.params["reason"])
    assert loaded.notice.params["reason"].text("zh-TW") == "離線模式（已設定 DNN_OFFLINE）"
    assert loaded.requested == "mnist"
    assert data.dataset_status("mnist") == "needs_download"


# ---- Local folders ---------------------------------------------------------------------------------------------

def test_data_dir_npz_is_used_first(clean_env, monkeypatch):
    arrays = fake_arrays()
    write_npz(clean_env / "local" / "mnist" / "mnist.npz", arrays)
    monkeypatch.setenv("DNN_DATA_DIR", str(clean_env / "local"))
    loaded = load_dataset("mnist")
    assert (loaded.name, loaded.source, loaded.notice) == ("mnist", "local_dir", None)
    assert_same(loaded, arrays)
    assert not loaded.x_train.flags.writeable
    assert data.dataset_status("mnist") == "local"


def test_data_dir_idx_files_are_used_first(clean_env, monkeypatch):
    arrays = fake_arrays(seed=1)
    write_idx_folder(clean_env / "local" / "mnist", arrays)
    monkeypatch.setenv("DNN_DATA_DIR", str(clean_env / "local"))
    loaded = load_dataset("mnist")
    assert (loaded.name, loaded.source) == ("mnist", "local_dir")
    assert_same(loaded, arrays)


def test_read_idx_matches_a_hand_made_file(tmp_path):
    path = tmp_path / "labels.gz"
    with gzip.open(path, "wb") as f:
        f.write(bytes([0, 0, 8, 1, 0, 0, 0, 3, 7, 0, 9]))  # 3 labels: 7, 0, 9
    assert data.read_idx_gz(path).tolist() == [7, 0, 9]


def test_truncated_idx_is_refused_by_name_and_loading_falls_back(clean_env, monkeypatch):
    folder = clean_env / "local" / "mnist"
    write_idx_folder(folder, fake_arrays())
    images = folder / "train-images-idx3-ubyte.gz"
    raw = gzip.decompress(images.read_bytes())
    images.write_bytes(gzip.compress(raw[:-100]))
    with pytest.raises(DataError, match="train-images-idx3-ubyte.gz.*truncated"):
        data.read_idx_gz(images)
    monkeypatch.setenv("DNN_DATA_DIR", str(clean_env / "local"))
    loaded = load_dataset("mnist")
    assert loaded.name == "mnist_sample"
    assert "train-images-idx3-ubyte.gz" in str(loaded.notice.params["reason"])


def test_cut_gzip_stream_is_a_data_error(tmp_path):
    path = tmp_path / "t10k-labels-idx1-ubyte.gz"
    write_idx_gz(path, np.arange(10, dtype=np.uint8))
    path.write_bytes(path.read_bytes()[:15])
    with pytest.raises(DataError, match="t10k-labels-idx1-ubyte.gz"):
        data.read_idx_gz(path)


def test_corrupt_npz_is_refused_by_name_and_loading_falls_back(clean_env, monkeypatch):
    path = clean_env / "local" / "mnist" / "mnist.npz"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"PK\x03\x04 this is not a zip file")
    with pytest.raises(DataError, match="mnist.npz"):
        data.read_npz(path)
    monkeypatch.setenv("DNN_DATA_DIR", str(clean_env / "local"))
    loaded = load_dataset("mnist")
    assert loaded.name == "mnist_sample" and "mnist.npz" in str(loaded.notice.params["reason"])


@pytest.mark.parametrize("bad", ["labels", "shape"])
def test_arrays_that_are_not_mnist_are_refused(tmp_path, bad):
    x_train, y_train, x_test, y_test = fake_arrays()
    if bad == "labels":
        y_train = y_train.copy()
        y_train[0] = 12
    else:
        x_train = x_train[:, :20, :]
    path = tmp_path / "odd.npz"
    write_npz(path, (x_train, y_train, x_test, y_test))
    with pytest.raises(DataError, match="odd.npz"):
        data.read_npz(path)


# ---- Keras' cache ----------------------------------------------------------------------------------------------

def test_good_keras_cache_is_used(clean_env):
    arrays = fake_arrays(seed=2)
    write_npz(clean_env / "keras" / "datasets" / "mnist.npz", arrays)
    assert data.dataset_status("mnist") == "cached"
    loaded = load_dataset("mnist")
    assert (loaded.name, loaded.source) == ("mnist", "keras_cache")
    assert_same(loaded, arrays)


def test_corrupt_keras_cache_is_deleted_and_not_used(clean_env):
    cached = clean_env / "keras" / "datasets" / "mnist.npz"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"half a download")
    loaded = load_dataset("mnist")
    assert loaded.name == "mnist_sample" and loaded.notice is not None
    assert not cached.exists()


def test_status_of_the_sample_is_bundled():
    assert data.dataset_status("mnist_sample") == "bundled"


# ---- The training split ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def numbered():
    """2,000 images whose first two pixels spell their own index, so a split can be traced back."""
    n = 2000
    x = np.zeros((n, 28, 28), dtype=np.uint8)
    x[:, 0, 0], x[:, 0, 1] = np.arange(n) % 256, np.arange(n) // 256
    y = (np.arange(n) % 10).astype(np.uint8)
    return Dataset("mnist_sample", x, y, x[:10], y[:10], source="bundled")


def indices(images):
    return images[:, 0, 0].astype(int) + 256 * images[:, 0, 1].astype(int)


@pytest.mark.parametrize("train_size, n_train, n_val", [(1000, 900, 100), (0, 1800, 200), (30, 27, 3)])
def test_split_sizes(numbered, train_size, n_train, n_val):
    split = training_split(numbered, ExperimentConfig(dataset="mnist_sample", train_size=train_size))
    assert (len(split.x_train), len(split.y_train), len(split.x_val), len(split.y_val)) == \
           (n_train, n_train, n_val, n_val)


def test_split_is_deterministic_by_seed_and_validation_is_disjoint(numbered):
    config = ExperimentConfig(dataset="mnist_sample", train_size=1000, seed=3)
    first, again = training_split(numbered, config), training_split(numbered, config)
    other = training_split(numbered, config.replace(seed=4))
    np.testing.assert_array_equal(indices(first.x_train), indices(again.x_train))
    np.testing.assert_array_equal(indices(first.x_val), indices(again.x_val))
    assert set(indices(first.x_train)) != set(indices(other.x_train))
    train_ids, val_ids = set(indices(first.x_train)), set(indices(first.x_val))
    assert len(train_ids) == 900 and len(val_ids) == 100 and not train_ids & val_ids
    # labels travel with their images
    np.testing.assert_array_equal(first.y_train, indices(first.x_train) % 10)
    np.testing.assert_array_equal(first.y_val, indices(first.x_val) % 10)
