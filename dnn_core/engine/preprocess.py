"""Turn a canvas drawing, photo or scan into an MNIST-style 28×28 digit, keeping every step for display.

MNIST digits were made this way (LeCun et al.): the ink's bounding box is scaled, anti-aliased and with its
aspect ratio kept, until its longer side is 20 px, then placed in a 28×28 field so that the centre of mass
sits at pixel (14, 14). A model trained on MNIST reads a drawing well only after the same treatment; a naive
resize of the whole canvas gives it a digit of the wrong size in the wrong place.

Pure NumPy/Pillow/SciPy: no TensorFlow, no Streamlit.
"""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps
from scipy import ndimage

from dnn_core.errors import PeopleError

SIZE = 28  # side of an MNIST image
BOX = 20  # the ink's longer side is scaled to this
# Where MNIST puts the centre of mass, in pixel indices: the bundled sample measures (13.99, 14.00) with a
# spread of 0.29 px, i.e. whole-pixel shifts. We shift by whole pixels too, so nothing gets blurred.
CENTRE = 14.0
MAX_SIDE = 1024  # larger inputs are reduced first: a 20 px box never needs more, and 5000² must stay quick
MAX_PIXELS = 40_000_000  # uploads larger than this are refused before they are decoded
MIN_CONTRAST = 24  # an image whose grey levels span less than this (of 255) is one flat colour
INK_LEVEL = 0.1  # a pixel is ink when it is above 10 % of the brightest ink (bounding box, coverage)
SPECK_SHARE = 0.01  # a blob holding less than 1 % of all ink is dust or sensor noise, not a stroke
FULL_SHARE = 0.6  # ink over more than 60 % of the image is a filled canvas, not a digit


class DrawError(PeopleError):
    """Why an image cannot be read as a digit (a damaged file, a filled canvas), for a person."""


@dataclass(frozen=True, eq=False)
class PreprocessResult:
    """Each step of canvas → MNIST, as uint8 images for display; ``centred`` is the model's input."""

    raw: np.ndarray  # the input in grey levels (alpha for a transparent canvas), longer side ≤ MAX_SIDE
    cropped: np.ndarray  # bounding box of the ink, light ink on black, background removed, stretched to 255
    scaled: np.ndarray  # the crop with its longer side scaled to 20 px, aspect ratio kept
    centred: np.ndarray  # 28×28, centre of mass at (14, 14), raw 0..255 pixels like MNIST
    inverted: bool  # True when dark ink on light paper was turned into light ink on black


def load_image_file(data: bytes) -> Image.Image:
    """Decode an uploaded PNG/JPEG; a corrupt, truncated or oversized file raises DrawError (a ValueError)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own, lower cap follows
            image = Image.open(io.BytesIO(data), formats=("PNG", "JPEG"))
        if image.width * image.height > MAX_PIXELS:
            raise DrawError("draw.image.too_many_pixels", {"limit": MAX_PIXELS})
        image.draft(image.mode, (MAX_SIDE, MAX_SIDE))  # a JPEG decodes straight at 1/2..1/8 scale
        image.load()  # decode now, so a truncated file fails here and not later on the page
        return ImageOps.exif_transpose(image)  # phone photos are stored sideways with a rotation tag
    except DrawError:
        raise
    except Image.DecompressionBombError as exc:
        raise DrawError("draw.image.too_many_pixels", {"limit": MAX_PIXELS}) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:  # what Pillow raises for a damaged file
        raise DrawError("draw.image.unreadable") from exc


def canvas_to_mnist(image: np.ndarray | Image.Image) -> PreprocessResult | None:
    """MNIST-style 28×28 digit from a canvas/photo (array or PIL image); None when there is no ink.

    A filled image (one flat light colour, or ink over more than FULL_SHARE of it) is not a digit and raises
    DrawError with key ``draw.preprocess.filled``: the page shows that message instead of a silly guess.
    """
    gray = _gray(_as_pil(image))
    if np.ptp(gray) < MIN_CONTRAST:  # one flat colour: dark is an empty canvas, light a filled one
        if gray.mean() < 128:
            return None
        raise DrawError("draw.preprocess.filled", {"percent": 100})
    ink, inverted = _light_on_dark(gray)
    mask = _ink_mask(ink)
    if not mask.any():
        return None
    if mask.mean() > FULL_SHARE:
        raise DrawError("draw.preprocess.filled", {"percent": round(100 * mask.mean())})
    cropped = _crop(ink, mask)
    scaled = _fit_box(cropped)
    return PreprocessResult(raw=gray, cropped=_to_uint8(cropped), scaled=_to_uint8(scaled),
                            centred=_to_uint8(_centre(scaled)), inverted=inverted)


def _as_pil(image: np.ndarray | Image.Image) -> Image.Image:
    """A PIL image (L, RGB or RGBA), reduced so its longer side is at most MAX_SIDE."""
    if not isinstance(image, Image.Image):
        image = Image.fromarray(_as_uint8(np.asarray(image)))
    if image.mode not in ("L", "RGB", "RGBA"):
        has_alpha = "A" in image.getbands() or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
    factor = math.ceil(max(image.size) / MAX_SIDE)
    return image.reduce(factor) if factor > 1 else image  # box-averaging: fast, and no aliasing


def _as_uint8(array: np.ndarray) -> np.ndarray:
    """A uint8 H×W, H×W×3 or H×W×4 array from a bool, 0..1 float or 0..255 image array."""
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[..., 0]
    if array.size == 0 or not (array.ndim == 2 or (array.ndim == 3 and array.shape[2] in (3, 4))):
        raise ValueError(f"image must be an H×W, H×W×3 or H×W×4 array, got shape {array.shape}")
    if array.dtype != np.uint8:
        array = array.astype(np.float32)
        if array.max() <= 1.0:  # bool masks and 0..1 floats
            array = array * 255
        array = np.clip(np.rint(array), 0, 255).astype(np.uint8)
    return np.ascontiguousarray(array)


def _gray(image: Image.Image) -> np.ndarray:
    """Grey levels of the image; for a partly transparent one, of the strokes laid on a contrasting background."""
    lum = np.asarray(image.convert("L"))  # RGBA → L ignores alpha
    if image.mode != "RGBA":
        return lum
    alpha = np.asarray(image.getchannel("A"))
    if alpha.min() == 255:
        return lum
    seen = lum[alpha > 0]
    if seen.size == 0 or np.ptp(seen) < MIN_CONTRAST:  # strokes all one colour: the alpha is the drawing
        return alpha
    paper = 0.0 if seen.mean() > 127 else 255.0
    weight = alpha / 255.0
    return _to_uint8(lum * weight + paper * (1 - weight))


def _light_on_dark(gray: np.ndarray) -> tuple[np.ndarray, bool]:
    """Ink as light on 0, scaled so its peak is 255; inverted when the border (the paper) is light."""
    border = np.concatenate([gray[0], gray[-1], gray[:, 0], gray[:, -1]]).astype(np.float32)
    inverted = bool(np.median(border) > 127)
    ink = gray.astype(np.float32)
    if inverted:
        ink, border = 255 - ink, 255 - border
    # The paper's level plus three of its noise widths (robust to ink touching the border) becomes 0.
    level = np.median(border)
    noise = 1.4826 * np.median(np.abs(border - level))
    ink = np.clip(ink - (level + 3 * noise), 0, None)
    peak = ink.max()
    return (ink * (255 / peak) if peak > 0 else ink), inverted


def _ink_mask(ink: np.ndarray) -> np.ndarray:
    """Pixels that are ink, without specks of dust; the specks are also blanked in ``ink``."""
    mask = ink > INK_LEVEL * 255
    labels, count = ndimage.label(mask)
    if count > 1:
        mass = ndimage.sum(ink, labels, index=np.arange(1, count + 1))
        keep = np.concatenate([[False], mass >= SPECK_SHARE * mass.sum()])
        ink[(labels > 0) & ~keep[labels]] = 0
        mask = keep[labels]
    return mask


def _crop(ink: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The part of ``ink`` inside the bounding box of ``mask``."""
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    return ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]


def _fit_box(cropped: np.ndarray) -> np.ndarray:
    """The crop resized, anti-aliased and with its aspect ratio kept, so its longer side is BOX px."""
    height, width = cropped.shape
    scale = BOX / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))  # Pillow takes (width, height)
    box = np.asarray(Image.fromarray(cropped).resize(size, Image.Resampling.LANCZOS))
    box = np.clip(box, 0, None)  # Lanczos rings slightly below 0 next to strokes
    peak = box.max()
    return box * (255 / peak) if peak > 0 else box  # every MNIST digit peaks at 254-255


def _centre(box: np.ndarray) -> np.ndarray:
    """``box`` placed in a 28×28 field with its centre of mass at CENTRE, shifted less if ink would be cut."""
    height, width = box.shape
    com_y, com_x = ndimage.center_of_mass(box)
    top = int(np.clip(np.rint(CENTRE - com_y), 0, SIZE - height))
    left = int(np.clip(np.rint(CENTRE - com_x), 0, SIZE - width))
    field = np.zeros((SIZE, SIZE), np.float32)
    field[top:top + height, left:left + width] = box
    return field


def _to_uint8(values: np.ndarray) -> np.ndarray:
    """Rounded and clipped to 0..255 as uint8."""
    return np.clip(np.rint(values), 0, 255).astype(np.uint8)
