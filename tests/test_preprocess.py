"""Canvas/photo → MNIST 28×28: checked against hand-made images whose right answer is known."""

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image, ImageDraw
from scipy import ndimage

from dnn_core.engine.data import read_sample
from dnn_core.engine.preprocess import MAX_PIXELS, DrawError, canvas_to_mnist, load_image_file
from dnn_core.i18n import t

SEVEN = [(0.2, 0.2), (0.75, 0.2), (0.4, 0.85)]  # a "7" as a polyline, in fractions of the canvas side


def draw(size=(280, 280), lines=(SEVEN,), width=0.06, ink=255, paper=0, mode="L"):
    """A canvas of ``size`` (w, h) with polylines given in fractions of the width/height."""
    image = Image.new(mode, size, paper)
    pen = ImageDraw.Draw(image)
    for line in lines:
        pen.line([(x * size[0], y * size[1]) for x, y in line], fill=ink, width=max(1, round(width * size[0])),
                 joint="curve")
    return image


def ink_box(image28):
    """(height, width) of the bounding box of the non-zero pixels."""
    rows, cols = np.flatnonzero(image28.any(axis=1)), np.flatnonzero(image28.any(axis=0))
    return rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1


def assert_centred(image28):
    com_y, com_x = ndimage.center_of_mass(image28.astype(float))
    assert abs(com_y - 14) <= 0.5 and abs(com_x - 14) <= 0.5, (com_y, com_x)


def correlation(a, b):
    return np.corrcoef(a.ravel().astype(float), b.ravel().astype(float))[0, 1]


def test_off_centre_square_becomes_a_centred_20px_block():
    canvas = np.zeros((280, 280, 3), np.uint8)
    canvas[20:80, 150:210] = 255  # 60×60, far up and right
    result = canvas_to_mnist(canvas)
    centred = result.centred
    assert centred.shape == (28, 28) and centred.dtype == np.uint8
    assert ink_box(centred) == (20, 20)
    assert (centred[centred > 0] == 255).all()  # a uniform square stays uniform: no blur from the shift
    assert_centred(centred)
    assert result.scaled.shape == (20, 20) and result.cropped.shape == (60, 60) and not result.inverted


def test_thin_vertical_bar_stays_thin_and_centred():
    canvas = np.zeros((280, 280), np.uint8)
    canvas[40:240, 30:38] = 255  # 8 px wide, 200 px tall, near the left edge
    centred = canvas_to_mnist(canvas).centred
    height, width = ink_box(centred)
    assert height == 20 and 1 <= width <= 4  # a naive resize to 28×28 would make it 28 wide
    assert_centred(centred)


def test_thin_pen_strokes_peak_at_full_white_like_mnist():
    centred = canvas_to_mnist(draw(width=0.02)).centred  # a 6 px pen becomes under 1 px: grey after scaling
    assert centred.max() == 255


@pytest.mark.parametrize("canvas", [
    np.zeros((280, 280, 4), np.uint8),  # streamlit-drawable-canvas, untouched, transparent
    np.dstack([np.zeros((280, 280, 3), np.uint8), np.full((280, 280), 255, np.uint8)]),  # opaque black
    np.dstack([np.full((280, 280, 3), 255, np.uint8), np.zeros((280, 280), np.uint8)]),  # transparent white
], ids=["transparent", "opaque-black", "transparent-white"])
def test_empty_canvas_gives_none(canvas):
    assert canvas_to_mnist(canvas) is None


def test_dark_ink_on_light_paper_is_inverted_to_the_same_digit():
    light_on_dark = draw(lines=(SEVEN, [(0.3, 0.5), (0.7, 0.5)]))
    dark_on_light = draw(lines=(SEVEN, [(0.3, 0.5), (0.7, 0.5)]), ink=(20, 20, 20), paper=(235, 235, 235),
                         mode="RGB")
    plain, flipped = canvas_to_mnist(light_on_dark), canvas_to_mnist(dark_on_light)
    assert not plain.inverted and flipped.inverted
    np.testing.assert_array_equal(flipped.centred, plain.centred)


def test_rgba_strokes_on_transparent_background_match_strokes_on_black():
    on_black = canvas_to_mnist(draw()).centred
    white_strokes = draw(mode="RGBA", ink=(255, 255, 255, 255), paper=(0, 0, 0, 0))
    black_strokes = draw(mode="RGBA", ink=(0, 0, 0, 255), paper=(0, 0, 0, 0))  # only alpha tells them apart
    np.testing.assert_array_equal(canvas_to_mnist(np.asarray(white_strokes)).centred, on_black)
    np.testing.assert_array_equal(canvas_to_mnist(np.asarray(black_strokes)).centred, on_black)


def test_photo_with_uneven_paper_noise_and_dust_reads_like_the_clean_drawing():
    rng = np.random.default_rng(0)
    clean = canvas_to_mnist(draw(size=(200, 150))).centred
    strokes = np.asarray(draw(size=(2000, 1500)), np.float32) / 255
    paper = 190 + np.linspace(-12, 12, 2000)[None, :] + rng.normal(0, 6, (1500, 2000))  # light falls unevenly
    photo = paper * (1 - strokes) + 45 * strokes
    photo[100:104, 1800:1804] = 40  # a speck of dust far from the digit
    rgb = np.clip(np.repeat(photo[..., None], 3, axis=2), 0, 255).astype(np.uint8)
    result = canvas_to_mnist(Image.fromarray(rgb))
    assert result.inverted and max(result.raw.shape) <= 1024
    assert_centred(result.centred)
    assert ink_box(result.centred) == ink_box(clean)  # the speck did not stretch the bounding box
    assert correlation(result.centred, clean) > 0.9


def test_5000_px_image_gives_the_same_digit_as_a_small_one():
    small = canvas_to_mnist(draw(size=(500, 500))).centred
    huge = canvas_to_mnist(np.asarray(draw(size=(5000, 5000)))).centred
    assert_centred(huge)
    assert correlation(huge, small) > 0.95


@pytest.mark.parametrize("canvas, percent", [
    (np.full((280, 280, 4), 255, np.uint8), 100),  # painted over completely
    (np.pad(np.full((240, 240), 255, np.uint8), 20), 73),  # everything but a thin black frame
], ids=["all-white", "frame"])
def test_filled_image_is_refused_with_a_reason(canvas, percent):
    with pytest.raises(DrawError) as caught:
        canvas_to_mnist(canvas)
    assert caught.value.key == "draw.preprocess.filled" and caught.value.params == {"percent": percent}
    assert f"{percent}% ink" in str(caught.value)


def test_real_mnist_digits_drawn_on_a_canvas_keep_the_model_accuracy():
    import keras
    keras.utils.set_random_seed(0)
    x_train, y_train, x_test, y_test = read_sample()  # 4,000 / 1,000 real MNIST digits, all classes
    model = keras.Sequential([keras.Input((28, 28)), keras.layers.Rescaling(1 / 255), keras.layers.Flatten(),
                              keras.layers.Dense(64, activation="relu"), keras.layers.Dense(10, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy")
    model.fit(x_train, y_train, epochs=3, batch_size=32, verbose=0)
    rng = np.random.default_rng(0)
    redrawn = np.stack([canvas_to_mnist(as_canvas_drawing(digit, rng)).centred for digit in x_test])

    def accuracy(images):
        return np.mean(model.predict(images, verbose=0).argmax(axis=1) == y_test)

    direct = accuracy(x_test)
    assert direct > 0.85  # the model learned something, so the comparison means something
    assert abs(accuracy(redrawn) - direct) <= 0.02


def as_canvas_drawing(digit, rng):
    """A 28×28 MNIST digit as a 280×280 transparent canvas with white strokes, ×10 and off-centre."""
    rows, cols = np.flatnonzero(digit.any(axis=1)), np.flatnonzero(digit.any(axis=0))
    crop = Image.fromarray(digit[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1])
    big = np.asarray(crop.resize((crop.width * 10, crop.height * 10), Image.Resampling.BILINEAR))
    top, left = rng.integers(0, 281 - big.shape[0]), rng.integers(0, 281 - big.shape[1])
    canvas = np.zeros((280, 280, 4), np.uint8)
    canvas[..., :3] = 255
    canvas[top:top + big.shape[0], left:left + big.shape[1], 3] = big
    return canvas


def png_bytes(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def png_header(width, height):
    """Just the start of a PNG declaring ``width``×``height`` pixels: what a decompression bomb shows first."""
    chunks = [b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0), b"IDAT"]
    return b"\x89PNG\r\n\x1a\n" + b"".join(
        struct.pack(">I", len(chunk) - 4) + chunk + struct.pack(">I", zlib.crc32(chunk)) for chunk in chunks)


def test_image_file_round_trip_reads_the_drawing():
    image = load_image_file(png_bytes(draw()))
    np.testing.assert_array_equal(canvas_to_mnist(image).centred, canvas_to_mnist(draw()).centred)


@pytest.mark.parametrize("data", [
    png_bytes(draw())[:800],  # cut short in the middle of the pixel data
    b"GIF89a not really",
    b"",
], ids=["truncated", "other-format", "empty"])
def test_unreadable_image_file_gives_a_value_error_for_people(data):
    with pytest.raises(ValueError, match="not a readable PNG/JPEG image") as caught:
        load_image_file(data)
    assert caught.value.key == "draw.image.unreadable"
    assert caught.value.text("zh-TW") == t("draw.image.unreadable", "zh-TW")


@pytest.mark.parametrize("width, height", [(7000, 7000), (20000, 20000)], ids=["over-our-cap", "pillow-bomb"])
def test_image_with_too_many_pixels_is_refused_before_decoding(width, height):
    assert width * height > MAX_PIXELS
    with pytest.raises(ValueError, match="not a readable PNG/JPEG image") as caught:
        load_image_file(png_header(width, height))
    assert caught.value.key == "draw.image.too_many_pixels"
