"""Draw & Predict in a real browser: mouse strokes on the canvas are read as digits, the steps show a centred 28×28,
and a convnet trained with Keras's own MNIST example and uploaded as .keras reads them too."""

import io
import math

import numpy as np
import pytest
from PIL import Image
from scipy import ndimage

from tests.browser.conftest import click_nav, wait_idle

pytestmark = pytest.mark.browser

CANVAS = "[data-testid=stBidiComponentIsolated] canvas.upper-canvas"
PREDICTION = "[data-testid=stMetric]"
VERTICAL_ONE = [(140, 40 + 4 * i) for i in range(51)]  # canvas pixels, top to bottom
LOOP_ZERO = [(140 + 55 * math.sin(2 * math.pi * i / 60), 140 - 85 * math.cos(2 * math.pi * i / 60))
             for i in range(61)]  # a closed oval, drawn clockwise from the top


# Whether the canvas holds a finished (white) stroke: Fabric moves it from the upper, live canvas to the lower one
HAS_INK = """(upper) => {
  const lower = upper.parentElement.querySelector('canvas.lower-canvas');
  const pixels = lower.getContext('2d').getImageData(0, 0, lower.width, lower.height).data;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i] > 128 && pixels[i + 3] > 128) return true;
  return false;
}"""


def draw(page, points) -> None:
    """One pen stroke through ``points`` (canvas pixels), in small mouse steps like a hand."""
    canvas = page.locator(CANVAS)
    for _ in range(3):  # a canvas mounted a moment ago may not take the pen yet: then the stroke leaves no ink
        box = canvas.bounding_box()
        x0, y0 = box["x"], box["y"]
        page.mouse.move(x0 + points[0][0], y0 + points[0][1])
        page.mouse.down()
        for x, y in points[1:]:
            page.mouse.move(x0 + x, y0 + y, steps=2)
        page.mouse.up()
        if canvas.evaluate(HAS_INK):
            return
    raise AssertionError("the canvas took no ink from three strokes")


def prediction_after(page, points) -> str:
    """Draw on an empty canvas and return the Prediction metric's value once the page has read the drawing."""
    page.get_by_text("Draw a digit on the black canvas").wait_for()
    assert not page.locator(CANVAS).evaluate(HAS_INK)
    draw(page, points)
    metric = page.locator(PREDICTION, has_text="Prediction").first
    metric.wait_for()
    wait_idle(page)
    return metric.locator("[data-testid=stMetricValue]").inner_text().strip()


def clear(page) -> None:
    page.locator(".st-key-draw_clear button").click()
    page.locator(PREDICTION).first.wait_for(state="detached")
    wait_idle(page)


def shown_model_input(page) -> np.ndarray:
    """The last step picture as the browser received it, reduced back to its 28×28 pixels."""
    src = page.locator("[data-testid=stImage] img").last.get_attribute("src")
    data = page.request.get(src if src.startswith("http") else page.url.split("/draw")[0] + src).body()
    picture = np.asarray(Image.open(io.BytesIO(data)).convert("L"))
    step = picture.shape[0] // 28
    return picture[step // 2::step, step // 2::step][:28, :28]


def open_draw(page, app_url) -> None:
    page.goto(app_url)
    wait_idle(page)
    click_nav(page, "Draw & Predict")
    page.locator(CANVAS).wait_for()


def test_strokes_are_read_as_digits_and_shown_centred(app_url, page):
    open_draw(page, app_url)
    assert prediction_after(page, VERTICAL_ONE) == "1"

    # the model's input, as shown: 28×28 with the ink's centre of mass at the centre like MNIST (±1 px)
    image = shown_model_input(page)
    assert image.shape == (28, 28)
    com_y, com_x = ndimage.center_of_mass(image.astype(float))
    assert abs(com_y - 14) <= 1.0 and abs(com_x - 14) <= 1.0
    rows = np.flatnonzero(image.max(axis=1) > 25)
    assert 18 <= rows[-1] - rows[0] + 1 <= 21  # the stroke's longer side was scaled to 20 px

    clear(page)
    assert prediction_after(page, LOOP_ZERO) == "0"
    assert page.locator("[data-testid=stException]").count() == 0


@pytest.fixture(scope="module")
def keras_io_convnet_file(tmp_path_factory):
    """A .keras file of keras-io's mnist_convnet, trained as its example does (pixels / 255 outside the model) on
    the offline digits for a few epochs."""
    import keras

    from dnn_core.engine.data import load_dataset
    from tests.test_draw_upload import keras_io_convnet

    data = load_dataset("mnist_sample")
    keras.utils.set_random_seed(0)
    model = keras_io_convnet()
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    model.fit(np.expand_dims(data.x_train / 255, -1), keras.utils.to_categorical(data.y_train, 10), batch_size=128,
              epochs=4, verbose=0)
    path = tmp_path_factory.mktemp("upload") / "mnist_convnet.keras"
    model.save(path)
    return path


def test_an_uploaded_keras_io_convnet_reads_the_strokes(app_url, page, keras_io_convnet_file):
    open_draw(page, app_url)
    page.locator("[data-testid=stExpander] summary", has_text="Use your own model").click()
    page.locator(".st-key-draw_model_file input[type=file]").set_input_files(keras_io_convnet_file)
    page.locator("[data-testid=stCaptionContainer]", has_text="shape 28×28×1").wait_for()  # the upload is in use
    wait_idle(page)
    assert page.locator(".st-key-draw_scale [aria-checked=true]").inner_text() == "0–1 (÷ 255)"
    assert prediction_after(page, VERTICAL_ONE) == "1"
    clear(page)
    assert prediction_after(page, LOOP_ZERO) == "0"
    assert page.locator("[data-testid=stCaptionContainer]", has_text="shape 28×28×1").count() == 1  # still in use
    assert page.locator("[data-testid=stException]").count() == 0


def test_an_upload_declaring_a_million_unit_layer_is_refused_with_its_size_and_the_cap(app_url, page, tmp_path):
    from tests.test_upload_sizes import huge_dense_file

    path = tmp_path / "dense_1000000.keras"
    path.write_bytes(huge_dense_file(tmp_path))  # 68 kB whose config.json says Dense(1000000)
    open_draw(page, app_url)
    page.locator("[data-testid=stExpander] summary", has_text="Use your own model").click()
    page.locator(".st-key-draw_model_file input[type=file]").set_input_files(path)
    refusal = page.locator("[data-testid=stAlertContentError]", has_text="795,000,010 parameters")
    refusal.wait_for()
    assert "over the 5,000,000 a model may have here" in refusal.inner_text()
    assert page.locator("[data-testid=stException]").count() == 0
