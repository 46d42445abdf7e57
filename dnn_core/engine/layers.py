"""The hidden layers of a config: the ``layers`` vocabulary, its validation and the shapes it produces.

``layers`` is a comma-separated list of tokens, input side first:

- ``N``: Dense with N units and the model's activation (every link from before convolutions keeps working);
- ``N:ACT``: Dense with N units and its own activation, e.g. ``256:tanh``;
- ``convN`` / ``convN:ACT``: Conv2D with N filters, a 3×3 kernel and no padding (as Keras's MNIST example);
- ``pool``: MaxPooling2D 2×2.

Convolution and pooling come before the dense layers; the Flatten between them is implied. A config keeps its
layers as tokens (a plain Dense as an int, so saved configs and the runs database read as before) and reads them
as ``Layer`` objects. No Keras here: the pages describe a model without importing TensorFlow.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from dnn_core.errors import PeopleError

IMAGE_SIDE = 28  # MNIST and Fashion-MNIST images are 28 × 28 grey pixels
NUM_CLASSES = 10
KERNEL = 3  # every Conv2D is 3 × 3 with 'valid' padding: it trims one pixel on each side
POOL = 2  # every MaxPooling2D halves the side (rounding down)
MAX_LAYERS = 10
MAX_WIDTH = 4096  # units of a Dense layer
MAX_FILTERS = 256  # filters of a Conv2D layer
KINDS = ("dense", "conv", "pool")
TOKEN_FORMS = "N, N:ACT, convN, convN:ACT, pool"
_TOKEN = re.compile(r"^(?P<conv>conv)?(?P<size>\d{1,9})(?::(?P<activation>[a-z_]+))?$|^(?P<pool>pool)$")


class LayerError(PeopleError):
    """A ``layers`` value that cannot be built; ``params`` name the token and what is allowed."""


@dataclass(frozen=True)
class Layer:
    """One hidden layer: its kind, its units or filters (0 for pool) and its own activation ('' = the model's)."""

    kind: str  # one of KINDS
    size: int = 0
    activation: str = ""

    @property
    def token(self) -> int | str:
        """The layer as it is written in the vocabulary: a plain Dense as its width, the others as text."""
        if self.kind == "pool":
            return "pool"
        own = f":{self.activation}" if self.activation else ""
        if self.kind == "dense" and not own:
            return self.size
        return f"{'conv' if self.kind == 'conv' else ''}{self.size}{own}"

    @property
    def spatial(self) -> bool:
        """Works on the 2-D image (conv and pool) rather than on the flattened vector."""
        return self.kind != "dense"

    def activation_or(self, model_activation: str) -> str:
        """The activation this layer really uses."""
        return self.activation or model_activation


def parse_token(token: object, activations: tuple[str, ...] | None = None) -> Layer:
    """One token (or a whole number, for a plain Dense) as a Layer; LayerError names the token when it is bad
    (and, given ``activations``, when its own activation is none of them)."""
    if isinstance(token, Layer):
        return token
    if isinstance(token, bool) or (isinstance(token, float) and token != int(token)):
        raise LayerError("config.error.layer_token", token=repr(token), forms=TOKEN_FORMS)
    if isinstance(token, (int, float)):
        return Layer("dense", int(token))
    text = str(token).strip().lower()
    match = _TOKEN.match(text)
    if not match:
        raise LayerError("config.error.layer_token", token=repr(token), forms=TOKEN_FORMS)
    if match["pool"]:
        return Layer("pool")
    activation = match["activation"] or ""
    if activation and activations is not None and activation not in activations:
        raise LayerError("config.error.layer_activation", token=repr(text), activation=activation,
                         allowed=", ".join(activations))
    return Layer("conv" if match["conv"] else "dense", int(match["size"]), activation)


def split_tokens(value: object) -> list[object]:
    """The tokens of '256,128', 'conv32 pool 128', [256, 'pool'] or a tuple of them."""
    if isinstance(value, str):
        return [part for part in value.replace(" ", ",").split(",") if part.strip()]
    if isinstance(value, (list, tuple)):
        return list(value)
    raise LayerError("config.error.layers_not_list", value=repr(value))


def hidden_units(tokens: Iterable[object]) -> int:
    """All hidden units and filters of a saved ``layers`` list: how big a network is, for the class chart."""
    return sum(parse_token(token).size for token in tokens)


def check_stack(layers: tuple[Layer, ...]) -> None:
    """Refuse a list that cannot be built, naming the token: order, count, sizes and the shrinking image."""
    if not layers:
        raise LayerError("config.error.no_layers")
    if len(layers) > MAX_LAYERS:
        raise LayerError("config.error.too_many_layers", count=len(layers), max=MAX_LAYERS)
    seen_dense, side = False, IMAGE_SIDE
    for position, layer in enumerate(layers, start=1):
        if layer.kind == "dense":
            seen_dense = True
            if not 1 <= layer.size <= MAX_WIDTH:
                raise LayerError("config.error.width", width=layer.size, max=MAX_WIDTH)
            continue
        if seen_dense:
            raise LayerError("config.error.spatial_after_dense", token=repr(layer.token), position=position)
        if layer.kind == "conv" and not 1 <= layer.size <= MAX_FILTERS:
            raise LayerError("config.error.filters", token=repr(layer.token), max=MAX_FILTERS)
        after = side_after(layer, side)
        if after < 1:
            raise LayerError("config.error.image_too_small", token=repr(layer.token), position=position, side=side)
        side = after


def side_after(layer: Layer, side: int) -> int:
    """The image side after a conv or pool layer."""
    if layer.kind == "conv":
        return side - (KERNEL - 1)
    if layer.kind == "pool":
        return side // POOL
    return side


@dataclass(frozen=True)
class Shape:
    """What one layer of the stack outputs and how many weights it has (without Keras)."""

    name: str  # the Keras layer name build_model gives it
    kind: str  # dense, conv, pool, flatten or output
    output: tuple[int, ...]  # per image
    parameters: int  # trainable + non-trainable (batch norm's moving statistics included)

    @property
    def values(self) -> int:
        """Numbers this layer outputs per image."""
        total = 1
        for side in self.output:
            total *= side
        return total


def shapes(layers: tuple[Layer, ...], batch_norm: bool) -> list[Shape]:
    """Each hidden layer, the implied Flatten and the output layer, with output shapes and parameter counts.

    A Dense or Conv2D layer has a weight per input (per input channel and kernel cell) and unit, plus a bias; with
    batch norm the bias goes and four numbers per unit come (gamma, beta, moving mean and variance).
    """
    rows: list[Shape] = []
    side, channels, features = IMAGE_SIDE, 1, IMAGE_SIDE * IMAGE_SIDE
    flattened = not any(layer.spatial for layer in layers)
    for position, layer in enumerate(layers, start=1):
        if layer.spatial:
            side = side_after(layer, side)
            if layer.kind == "conv":
                weights = KERNEL * KERNEL * channels * layer.size
                channels = layer.size
                rows.append(Shape(f"conv_{position}", "conv", (side, side, channels),
                                  weights + _bias_or_norm(layer.size, batch_norm)))
            else:
                rows.append(Shape(f"pool_{position}", "pool", (side, side, channels), 0))
            continue
        if not flattened:
            flattened, features = True, side * side * channels
            rows.append(Shape("flatten", "flatten", (features,), 0))
        rows.append(Shape(f"dense_{position}", "dense", (layer.size,),
                          features * layer.size + _bias_or_norm(layer.size, batch_norm)))
        features = layer.size
    if not flattened:
        features = side * side * channels
        rows.append(Shape("flatten", "flatten", (features,), 0))
    rows.append(Shape("output", "output", (NUM_CLASSES,), features * NUM_CLASSES + NUM_CLASSES))
    return rows


def _bias_or_norm(units: int, batch_norm: bool) -> int:
    return 4 * units if batch_norm else units
