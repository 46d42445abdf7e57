"""Data sets: MNIST and Fashion-MNIST from a local folder, Keras' cache or a download, and an offline sample.

Arrays are uint8 and read-only: every session shares one copy per process (a float32 copy of MNIST is 180 MB),
and the models rescale pixels themselves. When MNIST cannot be had, loading falls back to ``mnist_sample``
(5,000 real MNIST digits shipped with the package) and says so in ``Dataset.notice``: it is never silent.
"""

from __future__ import annotations

import gzip
import socket
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from dnn_core import settings
from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.digit_sets import DATASET as CLASS_SET
from dnn_core.engine.digit_sets import arrays_from_npz
from dnn_core.errors import PeopleError

SAMPLE_FILE = Path(__file__).parents[1] / "assets" / "mnist_sample.npz"
# Debian's dataset-fashion-mnist package puts the four IDX files here.
SYSTEM_DIRS = {"fashion_mnist": [Path("/usr/share/datasets/fashion-mnist")], "mnist": []}
IDX_FILES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
             "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
KERAS_FILES = {"mnist": "mnist.npz", "fashion_mnist": "fashion-mnist"}
DOWNLOAD_HOST = ("storage.googleapis.com", 443)
VALIDATION_SHARE = 0.1  # of the chosen training images, held out to validate each epoch


class DataError(PeopleError):
    """A data set cannot be had (a corrupt or truncated file, no network); the message names the file."""


@dataclass(frozen=True)
class Notice:
    """A message for the user about where the data came from; ``key``/``params`` for translation."""

    key: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Dataset:
    """Train and test images (uint8, N×28×28, read-only) and labels, with where they came from."""

    name: str  # the data set actually loaded (mnist_sample when mnist was asked for but could not be had)
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    source: str  # local_dir, system, keras_cache, download or bundled
    notice: Notice | None = None

    @property
    def requested(self) -> str:
        return self.notice.params.get("requested", self.name) if self.notice else self.name


@dataclass(frozen=True, eq=False)
class Split:
    """The training and validation images of one experiment (a deterministic subset by seed)."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray


def _read_only(*arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    out = []
    for array in arrays:
        array = np.ascontiguousarray(array, dtype=np.uint8)
        array.setflags(write=False)
        out.append(array)
    return tuple(out)


def _checked(name: str, path: Path, x_train: np.ndarray, y_train: np.ndarray, x_test: np.ndarray,
             y_test: np.ndarray) -> tuple[np.ndarray, ...]:
    """Refuse arrays that are not 28×28 images with matching labels 0..9."""
    for x, y in ((x_train, y_train), (x_test, y_test)):
        if x.ndim != 3 or x.shape[1:] != (28, 28) or len(x) != len(y) or len(x) == 0:
            raise DataError("data.error.shape", path=str(path), images=str(x.shape), labels=str(y.shape))
        if y.max() > 9:
            raise DataError("data.error.labels", path=str(path), found=int(y.max()))
    return _read_only(x_train, y_train, x_test, y_test)


def read_npz(path: Path) -> tuple[np.ndarray, ...]:
    """The four arrays of a Keras-style .npz (x_train, y_train, x_test, y_test), or of the class's exported set
    (x, y and its writers, split into train and test by writer)."""
    try:
        with np.load(path, allow_pickle=False) as f:
            if "x_train" not in f and "x" in f:
                arrays = arrays_from_npz(f["x"], f["y"], f["writer"] if "writer" in f else None)
            else:
                arrays = tuple(f[k] for k in ("x_train", "y_train", "x_test", "y_test"))
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
        raise DataError("data.error.npz", path=str(path), detail=f"{exc.__class__.__name__}: {exc}") from None
    return _checked(path.stem, path, *arrays)


def read_idx_gz(path: Path) -> np.ndarray:
    """One gzip-compressed IDX file (the original MNIST format) as a uint8 array."""
    try:
        with gzip.open(path, "rb") as f:
            raw = f.read()
    except (OSError, EOFError) as exc:
        raise DataError("data.error.gzip", path=str(path), detail=str(exc)) from None
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise DataError("data.error.magic", path=str(path))
    ndim = raw[3]
    header = 4 + 4 * ndim
    dims = tuple(int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    expected = header + int(np.prod(dims))
    if len(raw) != expected:
        raise DataError("data.error.truncated", path=str(path), size=len(raw), expected=expected)
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(dims)


def read_idx_folder(folder: Path) -> tuple[np.ndarray, ...]:
    """The four IDX .gz files of a folder, as (x_train, y_train, x_test, y_test)."""
    arrays = [read_idx_gz(folder / name) for name in IDX_FILES]
    return _checked(folder.name, folder, *arrays)


def read_folder(folder: Path) -> tuple[np.ndarray, ...] | None:
    """A data set from a folder holding a Keras .npz or the four IDX files; None if it holds neither."""
    if not read_folder_ok(folder):
        return None
    if all((folder / name).exists() for name in IDX_FILES):
        return read_idx_folder(folder)
    return read_npz(sorted(folder.glob("*.npz"))[0])


def read_sample() -> tuple[np.ndarray, ...]:
    """The bundled 5,000 MNIST digits split per class into 4,000 for training and 1,000 for testing."""
    with np.load(SAMPLE_FILE, allow_pickle=False) as f:
        x, y = f["x"], f["y"]
    train_idx: list[int] = []
    test_idx: list[int] = []
    for digit in range(10):
        idx = np.flatnonzero(y == digit)
        train_idx.extend(idx[:400])
        test_idx.extend(idx[400:])
    train, test = np.sort(train_idx), np.sort(test_idx)
    return _read_only(x[train], y[train], x[test], y[test])


def offline() -> bool:
    """True when DNN_OFFLINE asks never to try a download (tests, classrooms without internet)."""
    return settings.offline()


def data_dirs(name: str) -> list[Path]:
    """Local folders looked at, in order, before Keras' cache and the download."""
    local = settings.data_dir()
    return ([local / name] if local else []) + SYSTEM_DIRS.get(name, [])


def keras_cache_path(name: str) -> Path:
    """Where Keras keeps a downloaded data set (KERAS_HOME or ~/.keras)."""
    return settings.keras_home() / "datasets" / KERAS_FILES[name]


def _reachable(host: tuple[str, int], timeout: float = 3.0) -> DataError | None:
    """None if the download host answers, else why not (so a closed network fails fast, not after minutes)."""
    try:
        socket.create_connection(host, timeout=timeout).close()
        return None
    except OSError as exc:
        return DataError("data.error.unreachable", host=host[0], detail=exc.__class__.__name__)


def keras_download(name: str) -> tuple[np.ndarray, ...]:
    """Load through Keras' standard loader (downloads once, checks the file hash, caches)."""
    import keras  # TensorFlow: loaded only when this runs, never at start-up

    loader = {"mnist": keras.datasets.mnist, "fashion_mnist": keras.datasets.fashion_mnist}[name]
    (x_train, y_train), (x_test, y_test) = loader.load_data()
    return _checked(name, keras_cache_path(name), x_train, y_train, x_test, y_test)


def _load_full(name: str) -> tuple[tuple[np.ndarray, ...], str]:
    """The full data set and its source; raises DataError/OSError with the reason when it cannot be had."""
    for folder in data_dirs(name):
        arrays = read_folder(folder)
        if arrays is not None:
            return arrays, "local_dir" if folder not in SYSTEM_DIRS.get(name, []) else "system"
    if name not in KERAS_FILES:  # the class's own set exists only where someone exported it
        raise DataError("data.error.no_class_set", folder=str(class_set_folder()))
    cached = keras_cache_path(name)
    try:
        arrays = read_npz(cached) if cached.is_file() else read_folder(cached)
        if arrays is not None:
            return arrays, "keras_cache"
    except DataError:
        if cached.is_file():
            cached.unlink()  # a partial or corrupt download must never be used; Keras fetches it again
    if offline():
        raise DataError("data.error.offline")
    refusal = _reachable(DOWNLOAD_HOST)
    if refusal:
        raise refusal
    try:
        return keras_download(name), "download"
    except BaseException:
        if cached.is_file():  # a download cut off midway leaves a partial file: never keep it
            cached.unlink()
        raise


def _load(name: str) -> Dataset:
    if name == "mnist_sample":
        return _dataset("mnist_sample", read_sample(), "bundled")
    try:
        arrays, source = _load_full(name)
        return _dataset(name, arrays, source)
    except Exception as exc:  # any failure (network, corrupt file, hash mismatch) falls back, visibly
        # a DataError stays one, so each page says the reason in its language; anything else is Keras' own words
        reason = exc if isinstance(exc, PeopleError) else str(exc)
        notice = Notice("data.fallback", {"requested": name, "reason": reason})
        return _dataset("mnist_sample", read_sample(), "bundled", notice)


def _dataset(name: str, arrays: tuple[np.ndarray, ...], source: str, notice: Notice | None = None) -> Dataset:
    """A Dataset of the four arrays (x_train, y_train, x_test, y_test) the readers return."""
    x_train, y_train, x_test, y_test = arrays
    return Dataset(name, x_train, y_train, x_test, y_test, source, notice)


_cache: dict[str, Dataset] = {}
_lock = threading.Lock()


def load_dataset(name: str) -> Dataset:
    """The data set ``name``, loaded once per process and shared read-only by every session."""
    with _lock:
        if name not in _cache:
            _cache[name] = _load(name)
        return _cache[name]


def clear_cache() -> None:
    """Forget loaded data sets (tests; a teacher who just copied files into DNN_DATA_DIR)."""
    with _lock:
        _cache.clear()


def class_set_folder() -> str:
    """Where the class's exported digits are looked for: DNN_DATA_DIR/our_handwriting."""
    return str((settings.data_dir() or Path("$DNN_DATA_DIR")) / CLASS_SET)


def dataset_status(name: str) -> str:
    """Whether ``name`` can be used here without a download: local, cached, bundled, needs_download, or missing
    (the class's set, which no download can bring)."""
    if name == "mnist_sample":
        return "bundled"
    if any(read_folder_ok(folder) for folder in data_dirs(name)):
        return "local"
    if name not in KERAS_FILES:
        return "missing"
    cached = keras_cache_path(name)
    if cached.is_file() or read_folder_ok(cached):
        return "cached"
    return "needs_download"


def read_folder_ok(folder: Path) -> bool:
    """Whether ``folder`` holds a data set: the four IDX files or a Keras .npz."""
    return folder.is_dir() and (all((folder / n).exists() for n in IDX_FILES) or any(folder.glob("*.npz")))


def validation_size(size: int) -> int:
    """How many of ``size`` chosen training images are held out to validate after each epoch."""
    return max(1, int(round(size * VALIDATION_SHARE)))


def training_split(data: Dataset, config: ExperimentConfig) -> Split:
    """The config's training subset (all images when train_size is 0) split into train and validation by seed."""
    rng = np.random.default_rng(config.seed)
    available = len(data.x_train)
    size = min(config.train_size or available, available)
    chosen = rng.permutation(available)[:size]
    n_val = validation_size(size)
    val, train = np.sort(chosen[:n_val]), chosen[n_val:]
    return Split(data.x_train[train], data.y_train[train], data.x_train[val], data.y_train[val])
