"""The sizes an uploaded .keras file declares, worked out from its config.json and its weights file's directory alone.

Keras allocates every layer's weights while it builds the model, before it can find anything wrong: a 68 kB file
whose config says Dense(1000000) grew the server by gigabytes. So each layer's output shape, the shapes of its
weights and its parameters are computed here without Keras, the model is refused beyond CAP, and the shapes the
weights file declares are compared with the config's without reading a single weight.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from dataclasses import dataclass

from dnn_core.engine.memory import KEEP_WEIGHTS_UP_TO
from dnn_core.engine.predict import INPUT_SHAPES
from dnn_core.errors import PeopleError

# Parameters of a whole model, and numbers in one layer's output for one image: 20 MB of float32 each, where
# keras-io's MNIST convnet has 34,826 parameters and 21,632 numbers in its widest output.
CAP = KEEP_WEIGHTS_UP_TO


class UnsafeModelError(PeopleError):
    """Why an uploaded model file was refused, for a person (not a kind of DrawError: it is about a model)."""


@dataclass(frozen=True)
class LayerSize:
    """What one layer of config.json would make Keras allocate."""

    name: str  # the layer's name in config.json
    store: str  # its group in model.weights.h5: Keras names it by class, numbered per class in layer order
    output: tuple  # the shape of its output for one image
    weights: tuple[tuple, ...] = ()  # the shapes of the variables Keras saves for it, in Keras's order
    unsaved: int = 0  # parameters Keras builds but does not save (LoRA factors, merged into the kernel on saving)

    @property
    def parameters(self) -> int:
        return sum(math.prod(shape) for shape in self.weights) + self.unsaved


def model_sizes(config: dict) -> list[LayerSize]:
    """Every layer's sizes, in config order; UnsafeModelError when a layer cannot take its input or the model
    would be beyond CAP. ``config`` is config.json whose classes upload.py has already checked."""
    try:
        walk = _functional_sizes if config["class_name"] == "Functional" else _sequential_sizes
        sizes = walk(config)
    except (KeyError, TypeError, AttributeError, IndexError) as exc:
        raise UnsafeModelError("draw.upload.bad_config") from exc
    _check_caps(sizes)
    return sizes


def _check_caps(sizes: list[LayerSize]) -> None:
    if not sizes:  # a Sequential with no layers: Keras cannot build it either
        raise UnsafeModelError("draw.upload.bad_config")
    parameters = sum(size.parameters for size in sizes)
    biggest = max(sizes, key=lambda size: size.parameters)
    if parameters > CAP:
        raise UnsafeModelError("draw.upload.too_many_parameters", count=parameters, cap=CAP, layer=biggest.name,
                               layer_count=biggest.parameters)
    widest = max(sizes, key=lambda size: math.prod(size.output))
    if math.prod(widest.output) > CAP:
        raise UnsafeModelError("draw.upload.activation_too_large", layer=widest.name,
                               count=math.prod(widest.output), cap=CAP)


def _sequential_sizes(config: dict) -> list[LayerSize]:
    """A Sequential's layers one after the other, from the one input shape everything in it declares."""
    inner, layers = config["config"], config["config"]["layers"]
    model_build = config.get("build_config") or {}
    declared = [_batched(inner.get("build_input_shape")), _batched(model_build.get("input_shape"))]
    starts_with_input = bool(layers) and layers[0]["class_name"] == "InputLayer"
    declared += [_input_layer_shape(layers[0])] if starts_with_input else _declared_inputs(layers[:1])
    shape = _one_input([s for s in declared if s is not None])
    sizes: list[LayerSize] = []
    for layer, store in zip(layers, _store_names(layers)):
        if layer["class_name"] == "InputLayer":
            if sizes:  # Keras refuses an input in the middle too; this walk would not know its shape
                raise UnsafeModelError("draw.upload.bad_config")
            sizes.append(LayerSize(_name(layer), store, shape))
            continue
        sizes.append(_layer_size(layer, store, shape))
        shape = sizes[-1].output
    return sizes


def _functional_sizes(config: dict) -> list[LayerSize]:
    """A Functional's layers in the order their inputs become known, each input from its inbound node."""
    layers = config["config"]["layers"]
    stores = dict(zip(map(_name, layers), _store_names(layers)))
    if len(stores) != len(layers):  # Keras links layers by name: two of one name would be read as one
        raise UnsafeModelError("draw.upload.bad_config")
    inputs = [layer for layer in layers if layer["class_name"] == "InputLayer"]
    shape = _one_input([_input_layer_shape(layer) for layer in inputs])
    outputs = {(_name(layer), 0): shape for layer in inputs}  # (layer name, node index) → output shape
    sizes = {_name(layer): LayerSize(_name(layer), stores[_name(layer)], shape) for layer in inputs}
    pending = [layer for layer in layers if layer["class_name"] != "InputLayer"]
    while pending:
        waiting = [layer for layer in pending if not _take_nodes(layer, stores[_name(layer)], outputs, sizes)]
        if len(waiting) == len(pending):  # a node whose input no layer makes: Keras could not build it either
            raise UnsafeModelError("draw.upload.bad_config")
        pending = waiting
    return [sizes[_name(layer)] for layer in layers]


def _take_nodes(layer: dict, store: str, outputs: dict, sizes: dict) -> bool:
    """Size every call of ``layer`` once all its inputs are known; False while one is still missing."""
    sources = [_node_source(node) for node in layer["inbound_nodes"]]
    if not sources or any(source not in outputs for source in sources):
        return False
    calls = [_layer_size(layer, store, outputs[source]) for source in sources]
    if any(call.weights != calls[0].weights for call in calls):  # a shared layer called on another width
        raise UnsafeModelError("draw.upload.layer_shape", layer=_name(layer), shape=shapes_text([calls[-1].output]))
    for index, call in enumerate(calls):
        outputs[(_name(layer), index)] = call.output
    sizes[_name(layer)] = calls[0]
    return True


def _node_source(node: dict) -> tuple[str, int]:
    """(layer name, node index) of the one tensor a Keras 3 inbound node passes to an allowed layer."""
    tensors = [arg for arg in node["args"] if isinstance(arg, dict) and arg.get("class_name") == "__keras_tensor__"]
    if len(tensors) != 1:  # every allowed layer takes one input
        raise UnsafeModelError("draw.upload.bad_config")
    name, index, tensor = tensors[0]["config"]["keras_history"]
    if tensor != 0:
        raise UnsafeModelError("draw.upload.bad_config")
    return name, index


def _layer_size(layer: dict, store: str, shape: tuple) -> LayerSize:
    """One layer called on ``shape``; any input shape its config declares for itself must be that one."""
    name = _name(layer)
    for declared in _declared_inputs([layer]):
        if declared != shape:  # Keras would build the weights for the declared shape, whatever comes before
            raise UnsafeModelError("draw.upload.layer_input", layer=name, declared=shapes_text([declared]),
                                   shape=shapes_text([shape]))
    try:
        output, weights, unsaved = SHAPE_RULES[layer["class_name"]](layer["config"], shape)
    except _NoFit:
        raise UnsafeModelError("draw.upload.layer_shape", layer=name, shape=shapes_text([shape])) from None
    if any(dim < 1 for dim in output):
        raise UnsafeModelError("draw.upload.layer_shape", layer=name, shape=shapes_text([shape]))
    return LayerSize(name, store, tuple(output), tuple(map(tuple, weights)), unsaved)


def _one_input(shapes: list) -> tuple:
    """The model's one input shape; a model declaring none, several or another than INPUT_SHAPES is refused."""
    if len(set(shapes)) != 1 or shapes[0] not in INPUT_SHAPES:
        raise UnsafeModelError("draw.upload.bad_input_shape", shape=shapes_text(list(dict.fromkeys(shapes))))
    return shapes[0]


def _input_layer_shape(layer: dict) -> tuple | None:
    config = layer["config"]
    batched = config.get("batch_shape", config.get("batch_input_shape"))
    return _batched(batched) if batched is not None else _plain(config.get("shape", config.get("input_shape")))


def _declared_inputs(layers: list[dict]) -> list[tuple]:
    """The input shapes the layers' configs declare: Keras builds a layer from its build_config, and makes an
    input from a first layer's input_shape, batch_input_shape or input_dim."""
    declared = []
    for layer in layers:
        config = layer["config"]
        input_dim = config.get("input_dim")
        declared += [_batched((layer.get("build_config") or {}).get("input_shape")),
                     _batched(config.get("batch_input_shape")), _plain(config.get("input_shape")),
                     None if input_dim is None else (input_dim,)]
    return [shape for shape in declared if shape is not None]


def _batched(shape: Iterable | None) -> tuple | None:
    return None if shape is None else tuple(shape)[1:]


def _plain(shape: Iterable | None) -> tuple | None:
    return None if shape is None else tuple(shape)


def _name(layer: dict) -> str:
    return str(layer.get("name") or layer["config"].get("name"))


def _store_names(layers: list[dict]) -> list[str]:
    """Each layer's group in model.weights.h5, as keras.src.saving.saving_lib names them: its class in snake_case,
    then _1, _2, ... for further layers of the same class."""
    used: dict[str, int] = {}
    names = []
    for layer in layers:
        base = _snake_case(layer["class_name"])
        used[base] = used.get(base, -1) + 1
        names.append(f"{base}_{used[base]}" if used[base] else base)
    return names


def _snake_case(name: str) -> str:
    """keras.src.utils.naming.to_snake_case: Conv2D → conv2d, BatchNormalization → batch_normalization."""
    import re

    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", re.sub(r"\W+", "", name))
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def shapes_text(shapes: list) -> str:
    """[(28, 28)] → "28×28"; several tensors joined with commas."""
    return ", ".join("×".join("?" if dim is None else str(dim) for dim in shape) for shape in shapes) or "?"


# --- The layers: (config, input shape of one image) → (output shape, saved weight shapes, unsaved parameters).

Sized = tuple[tuple, list[tuple], int]  # what each rule of SHAPE_RULES returns


class _NoFit(Exception):
    """The layer cannot take this input (wrong rank, a kernel wider than the image, a Reshape that does not add up)."""


def _whole(config: dict, key: str, default: object = None) -> int:
    """A positive whole number from a layer's config (a huge one is fine: the caps refuse it)."""
    value = config.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise UnsafeModelError("draw.upload.bad_config")
    return value


def _lora_rank(config: dict) -> int:
    return 0 if config.get("lora_rank") is None else _whole(config, "lora_rank")


def _pair(config: dict, key: str, default: int | tuple[int, int]) -> tuple[int, int]:
    value = config.get(key) or default
    pair = (value, value) if isinstance(value, int) else tuple(value)
    if len(pair) != 2:
        raise UnsafeModelError("draw.upload.bad_config")
    return _whole({"v": pair[0]}, "v"), _whole({"v": pair[1]}, "v")


def _image(config: dict, shape: tuple) -> tuple[int, int, int]:
    """(height, width, channels) of a one-image input, in the layer's data format."""
    if len(shape) != 3:
        raise _NoFit
    first = config.get("data_format") == "channels_first"
    return (shape[1], shape[2], shape[0]) if first else shape


def _laid_out(config: dict, height: int, width: int, channels: int) -> tuple:
    return (channels, height, width) if config.get("data_format") == "channels_first" else (height, width, channels)


def _side(size: int, window: int, stride: int, padding: str) -> int:
    """One output side of a convolution or pooling window."""
    return -(-size // stride) if padding == "same" else (size - window) // stride + 1


def _dense(config: dict, shape: tuple) -> Sized:
    units, width = _whole(config, "units"), shape[-1]
    bias = [(units,)] if config.get("use_bias", True) else []
    lora = _lora_rank(config) * (width + units)
    return (*shape[:-1], units), [(width, units), *bias], lora


def _conv2d(config: dict, shape: tuple) -> Sized:
    height, width, channels = _image(config, shape)
    filters, groups = _whole(config, "filters"), _whole(config, "groups", 1)
    (kh, kw), strides = _pair(config, "kernel_size", 1), _pair(config, "strides", 1)
    dilation, padding = _pair(config, "dilation_rate", 1), config.get("padding", "valid")
    span_h, span_w = (kh - 1) * dilation[0] + 1, (kw - 1) * dilation[1] + 1
    output = _laid_out(config, _side(height, span_h, strides[0], padding), _side(width, span_w, strides[1], padding),
                       filters)
    bias = [(filters,)] if config.get("use_bias", True) else []
    lora = _lora_rank(config) * (kh * kw * channels // groups + filters)
    return output, [(kh, kw, channels // groups, filters), *bias], lora


def _pooling(config: dict, shape: tuple) -> Sized:
    height, width, channels = _image(config, shape)
    pool = _pair(config, "pool_size", 2)
    strides, padding = _pair(config, "strides", pool), config.get("padding", "valid")
    return _laid_out(config, _side(height, pool[0], strides[0], padding),
                     _side(width, pool[1], strides[1], padding), channels), [], 0


def _global_pooling(config: dict, shape: tuple) -> Sized:
    channels = _image(config, shape)[2]
    return (_laid_out(config, 1, 1, channels) if config.get("keepdims") else (channels,)), [], 0


def _flatten(config: dict, shape: tuple) -> Sized:
    return (math.prod(shape),), [], 0


def _reshape(config: dict, shape: tuple) -> Sized:
    target = list(config["target_shape"])
    known = math.prod(dim for dim in target if dim != -1)
    if target.count(-1) == 1 and known and math.prod(shape) % known == 0:
        target[target.index(-1)] = math.prod(shape) // known
    whole = all(isinstance(dim, int) and not isinstance(dim, bool) for dim in target)
    if not whole or math.prod(target) != math.prod(shape):
        raise _NoFit
    return tuple(target), [], 0


def _batch_normalization(config: dict, shape: tuple) -> Sized:
    axes = config.get("axis", -1)
    axes = [axes] if isinstance(axes, int) else list(axes)
    try:  # Keras counts the batch as axis 0; a one-image shape does not have it
        dims = tuple(shape[axis - 1 if axis > 0 else axis] for axis in axes)
    except IndexError:
        raise _NoFit from None
    kept = [config.get("scale", True), config.get("center", True), True, True]  # gamma, beta, mean, variance
    return shape, [dims for keep in kept if keep], 0


def _random_crop(config: dict, shape: tuple) -> Sized:
    if len(shape) != 3:
        raise _NoFit
    height, width = _whole(config, "height"), _whole(config, "width")
    first = config.get("data_format") == "channels_first"
    return ((shape[0], height, width) if first else (height, width, shape[2])), [], 0


def _same(config: dict, shape: tuple) -> Sized:
    return shape, [], 0


# Keras's image augmentation layers, as Keras 3.15 names them: they act while training only and hold no code;
# all but RandomCrop keep the shape of the image.
RANDOM_LAYERS = frozenset({
    "RandomBrightness", "RandomColorDegeneration", "RandomColorJitter", "RandomContrast", "RandomCrop",
    "RandomElasticTransform", "RandomErasing", "RandomFlip", "RandomGaussianBlur", "RandomGrayscale", "RandomHue",
    "RandomInvert", "RandomPerspective", "RandomPosterization", "RandomRotation", "RandomSaturation",
    "RandomSharpness", "RandomShear", "RandomTranslation", "RandomZoom"})
# Every layer an upload may use (all of keras-io's mnist_convnet, and augmentation), with how it changes the shape.
SHAPE_RULES = {
    **{name: _same for name in RANDOM_LAYERS}, "RandomCrop": _random_crop,
    "InputLayer": _same, "Flatten": _flatten, "Reshape": _reshape, "Rescaling": _same, "Dense": _dense,
    "Dropout": _same, "BatchNormalization": _batch_normalization, "Activation": _same, "Conv2D": _conv2d,
    "MaxPooling2D": _pooling, "AveragePooling2D": _pooling, "GlobalAveragePooling2D": _global_pooling,
}


# --- The weights file.


def check_weights(weights_file: bytes, sizes: list[LayerSize]) -> None:
    """The shapes model.weights.h5 declares must be the config's, and fit in the file; only its directory is read."""
    import h5py  # installed with Keras; imported only when a model is uploaded

    declared: dict[str, tuple[tuple, int]] = {}  # dataset path → (shape, bytes it would unpack to)

    def note(path: str, item: object) -> None:
        if isinstance(item, h5py.Dataset):
            declared[path] = (item.shape, item.size * item.dtype.itemsize)

    try:
        with h5py.File(io.BytesIO(weights_file), "r") as weights:
            weights.visititems(note)
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        raise UnsafeModelError("draw.upload.bad_weights") from exc
    unpacked = sum(nbytes for _, nbytes in declared.values())
    if unpacked > len(weights_file):  # Keras stores weights uncompressed: more can only come from a packed dataset
        raise UnsafeModelError("draw.upload.weights_packed", declared_mb=unpacked / 1e6,
                               stored_mb=len(weights_file) / 1e6)
    for size in sizes:
        _check_layer_weights(size, declared)


def _check_layer_weights(size: LayerSize, declared: dict) -> None:
    """Keras loads a layer's variables from layers/<store>/vars/0, 1, ... in its own order."""
    folder = f"layers/{size.store}/vars/"
    found = {path[len(folder):]: shape for path, (shape, _) in declared.items() if path.startswith(folder)}
    if set(found) != {str(index) for index in range(len(size.weights))}:
        raise UnsafeModelError("draw.upload.weights_count", layer=size.name, count=len(found),
                               expected=len(size.weights))
    for index, expected in enumerate(size.weights):
        if found[str(index)] != expected:
            raise UnsafeModelError("draw.upload.weights_mismatch", layer=size.name,
                                   declared=shapes_text([found[str(index)]]), expected=shapes_text([expected]))
