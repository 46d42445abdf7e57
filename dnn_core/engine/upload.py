"""Load a `.keras` model file from a stranger without running anything they put in it.

A .keras file is a zip of metadata.json, config.json (the architecture) and model.weights.h5 (plus maybe
assets/). Everything is checked from the zip directory, config.json and the weights file's directory alone, before
Keras sees the file: its size, its members, how far it would unpack, every class the config names, the parameters
and outputs its layers would allocate, and the weight shapes the weights file declares (upload_sizes.py). Only then
does Keras load it, with safe_mode on, and the model's input and output shapes are checked.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from dnn_core.engine.predict import INPUT_SHAPES
from dnn_core.engine.upload_sizes import (
    RANDOM_LAYERS,
    SHAPE_RULES,
    LayerSize,
    UnsafeModelError,
    check_weights,
    model_sizes,
    shapes_text,
)

if TYPE_CHECKING:  # for the annotations only: Keras loads with the first model
    import keras

__all__ = ["ALLOWED_LAYERS", "RANDOM_LAYERS", "UnsafeModelError", "check_uploaded_model", "load_uploaded_model"]

MAX_BYTES = 20_000_000
UNPACKED_FACTOR = 5  # the archive may unpack to at most 5 × max_bytes ...
MAX_RATIO = 100  # ... and, above 1 MB, to at most 100 × its own size (Keras stores members uncompressed)
MAX_CONFIG_BYTES = 1_000_000  # the course model's config.json is 5 kB
REQUIRED_MEMBERS = ("metadata.json", "config.json", "model.weights.h5")
# Built-in layers of dense and small convolutional networks (all of keras-io's mnist_convnet) and augmentation:
# those whose sizes upload_sizes.py can work out from the config
ALLOWED_LAYERS = frozenset(SHAPE_RULES)
MODEL_CLASSES = frozenset({"Sequential", "Functional"})
# Plain-data helpers a layer config may name (initializers, regularizers, ...): public Keras modules only.
HELPER_MODULES = frozenset({"keras.initializers", "keras.regularizers", "keras.constraints", "keras.activations"})
DTYPE_POLICIES = frozenset({"DTypePolicy", "FloatDTypePolicy"})  # module "keras"
WIRING_CLASSES = frozenset({"__keras_tensor__", "__tuple__"})  # how a Functional config links its layers


def load_uploaded_model(data: bytes, max_bytes: int = MAX_BYTES) -> keras.Model:
    """The keras.Model in an uploaded .keras file, or UnsafeModelError saying why it was refused."""
    check_uploaded_model(data, max_bytes)
    model = _load(data)
    _check_shapes(model)
    return model


def check_uploaded_model(data: bytes, max_bytes: int = MAX_BYTES) -> list[LayerSize]:
    """The front door: everything checked without Keras (size, members, config, declared weights); the sizes of
    the layers the file would build, or UnsafeModelError saying why it was refused."""
    if len(data) > max_bytes:
        raise UnsafeModelError("draw.upload.too_large", {"size_mb": len(data) / 1e6, "max_mb": max_bytes / 1e6})
    archive = _open_zip(data)
    with archive:
        _check_members(archive)
        _check_unpacked_size(archive, len(data), max_bytes)
        config = _read_config(archive)
        _check_config(config)
        sizes = model_sizes(config)
        check_weights(archive.read("model.weights.h5"), sizes)
    return sizes


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UnsafeModelError("draw.upload.not_zip") from exc


def _check_members(archive: zipfile.ZipFile) -> None:
    """Only the three .keras members and assets/, each once; no paths that climb out of a folder."""
    seen = set()
    for name in archive.namelist():
        allowed = name in REQUIRED_MEMBERS or (name.startswith("assets/") and ".." not in name.split("/"))
        if not allowed or "\\" in name or name in seen:
            raise UnsafeModelError("draw.upload.unexpected_member", {"name": name})
        seen.add(name)
    for name in REQUIRED_MEMBERS:
        if name not in seen:
            raise UnsafeModelError("draw.upload.not_keras", {"name": name})


def _check_unpacked_size(archive: zipfile.ZipFile, packed: int, max_bytes: int) -> None:
    """Refuse a zip bomb from the sizes the zip directory declares (zipfile never inflates beyond them)."""
    unpacked = sum(info.file_size for info in archive.infolist())
    ratio = unpacked / max(packed, 1)
    if unpacked > UNPACKED_FACTOR * max_bytes or (unpacked > 1_000_000 and ratio > MAX_RATIO):
        raise UnsafeModelError("draw.upload.zip_bomb", {"size_mb": unpacked / 1e6, "ratio": ratio})


def _read_config(archive: zipfile.ZipFile) -> dict:
    try:
        if archive.getinfo("config.json").file_size > MAX_CONFIG_BYTES:
            raise ValueError("config.json is too large")
        config = json.loads(archive.read("config.json"))
    except (ValueError, RecursionError, zipfile.BadZipFile, NotImplementedError) as exc:
        raise UnsafeModelError("draw.upload.bad_config") from exc
    if not isinstance(config, dict):
        raise UnsafeModelError("draw.upload.bad_config")
    return config


def _check_config(config: dict) -> None:
    """Every object the config names must be an allowed layer, a model at the top, or plain Keras data."""
    _check_object(config, top=True)
    if config.get("class_name") not in MODEL_CLASSES:
        raise UnsafeModelError("draw.upload.model_class", {"name": str(config.get("class_name"))})
    inner = config.get("config")
    layers = inner.get("layers", []) if isinstance(inner, dict) else []
    for layer in layers:  # whatever module a layer claims, its class must be on the list
        name = layer.get("class_name") if isinstance(layer, dict) else layer
        if not (isinstance(name, str) and name in ALLOWED_LAYERS):
            raise _layer_refused(str(name))
    try:
        for key, value in config.items():
            if key != "compile_config":  # never read: the model loads with compile=False (it may name our loss)
                _walk(value)
    except RecursionError as exc:
        raise UnsafeModelError("draw.upload.bad_config") from exc


def _walk(node: object) -> None:
    """Check every serialized object inside a nested config."""
    children: Iterable[object]
    if isinstance(node, dict):
        if "class_name" in node:
            _check_object(node, top=False)
        children = node.values()
    elif isinstance(node, list):
        children = node
    else:
        return
    for child in children:
        _walk(child)


def _check_object(node: dict, top: bool) -> None:
    """One serialized object: from Keras itself, and an allowed layer, model or helper."""
    name, module, registered = node.get("class_name"), node.get("module"), node.get("registered_name")
    if not isinstance(name, str):
        raise UnsafeModelError("draw.upload.bad_config")
    if module is None and name in WIRING_CLASSES:
        return
    from_keras = isinstance(module, str) and (module == "keras" or module.startswith("keras."))
    if not from_keras or registered not in (None, name):  # custom code: a plain module, or Package>Name
        raise UnsafeModelError("draw.upload.object_not_allowed", {"name": str(registered or name)})
    if top:
        return  # the caller checks the model class
    if name in ALLOWED_LAYERS and module == "keras.layers":
        return
    if module in HELPER_MODULES or (module == "keras" and name in DTYPE_POLICIES):
        return
    if "layers" in str(module) or name in MODEL_CLASSES:  # str: from_keras says it is one
        raise _layer_refused(name)
    raise UnsafeModelError("draw.upload.object_not_allowed", {"name": name})


def _layer_refused(name: str) -> UnsafeModelError:
    """Why the layer ``name`` is refused; a Lambda layer is Python code, and the message says so."""
    return UnsafeModelError("draw.upload.lambda" if name == "Lambda" else "draw.upload.layer_not_allowed",
                            {"name": name})


def _load(data: bytes) -> keras.Model:
    """Keras' own loader with unsafe deserialization off, from a private temporary file."""
    import keras  # TensorFlow takes seconds to import: only when a model is actually uploaded

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "uploaded.keras"
        path.write_bytes(data)
        try:
            return keras.saving.load_model(path, compile=False, safe_mode=True)
        except Exception as exc:  # Keras raises many kinds for a malformed file; the page needs one sentence
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
            raise UnsafeModelError("draw.upload.load_failed", {"reason": reason}) from exc


def _check_shapes(model: keras.Model) -> None:
    """One input of 28×28, 28×28×1 or 784 pixels, one output of 10 classes."""
    try:
        inputs, outputs = model.inputs, model.outputs
    except AttributeError:  # a Sequential saved before it was built has no shapes at all
        inputs = outputs = []
    in_shapes = [tuple(tensor.shape[1:]) for tensor in inputs]
    out_shapes = [tuple(tensor.shape[1:]) for tensor in outputs]
    if len(in_shapes) != 1 or in_shapes[0] not in INPUT_SHAPES:
        raise UnsafeModelError("draw.upload.bad_input_shape", {"shape": shapes_text(in_shapes)})
    if out_shapes != [(10,)]:
        raise UnsafeModelError("draw.upload.bad_output_shape", {"shape": shapes_text(out_shapes)})

