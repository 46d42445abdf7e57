"""What the convolution layers of a model learned and what they see: the first layer's filters, and the feature
maps of the first convolution layers for one image.

Works on the Sequential models ``dnn_core.engine.model`` builds (and any Sequential with Conv2D layers); no Keras import
here, so the pages can import it without TensorFlow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # for the annotations only (see above)
    import keras

FEATURE_MAP_LAYERS = 2  # Inspect shows the first convolution layer's feature maps and the next one's
# a convolution's output passes through these before the next layer reads it (the batch-norm layout)
_SAME_BLOCK = ("BatchNormalization", "Activation")


def conv_layers(model: keras.Model) -> list[keras.layers.Conv2D]:
    """The model's Conv2D layers, input side first."""
    return [layer for layer in model.layers if layer.__class__.__name__ == "Conv2D"]


def first_conv_filters(model: keras.Model) -> tuple[str, np.ndarray]:
    """(name, kernels) of the first Conv2D layer, kernels as filters × 3 × 3; ('', empty) for a model without one.

    The first layer reads one grey channel, so each filter is one 3 × 3 grid of weights (channel 0 otherwise).
    """
    convs = conv_layers(model)
    if not convs:
        return "", np.zeros((0, 3, 3))
    kernel = np.asarray(convs[0].kernel)  # height × width × input channels × filters
    return convs[0].name, kernel[:, :, 0, :].transpose(2, 0, 1)


def feature_maps(model: keras.Model, image: np.ndarray, count: int = FEATURE_MAP_LAYERS) -> dict[str, np.ndarray]:
    """Name of each of the first ``count`` Conv2D layers -> its feature maps for one raw 0..255 image, as
    filters × height × width, in inference mode and after the layer's batch norm and activation (what the next
    layer reads)."""
    out = np.asarray(image, dtype="float32")[None]
    maps: dict[str, np.ndarray] = {}
    block: str | None = None  # the name of the convolution whose block the walk is in
    for layer in model.layers:
        kind = layer.__class__.__name__
        if block and kind not in _SAME_BLOCK:
            block = None
            if len(maps) == count:
                break
        out = layer(out, training=False)
        if kind == "Conv2D":
            block = layer.name
        if block:
            maps[block] = np.asarray(out)[0].transpose(2, 0, 1)
    return maps
