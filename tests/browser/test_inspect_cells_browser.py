"""Confusion cells open in a real browser: a click on a cell of either matrix on Inspect (the test images' and the
class's digits') chooses that row and column, and the images behind it show. AppTest cannot click a chart."""

from __future__ import annotations

import re

import numpy as np
import pytest

from dnn_core.classroom.handwriting import ClassDigits
from dnn_core.engine.config import ExperimentConfig
from dnn_core.engine.data import load_dataset
from dnn_core.engine.evaluate import most_confused
from dnn_core.engine.training import train
from dnn_core.runs import RunStore
from tests.browser.conftest import start_app_server, wait_for_port, wait_idle
from tests.drawn_set import add_class_digits, reference_matrix

pytestmark = pytest.mark.browser

SMALL = ExperimentConfig(dataset="mnist_sample", train_size=600, layers=(32,), epochs=2)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, browser):
    """A server whose runs database holds one saved run and forty of the class's digits: (url, model, digits)."""
    store = RunStore(tmp_path_factory.mktemp("cells") / "runs.sqlite")
    result = train(SMALL)
    run_id = store.start_run(result.config)
    store.finish_run(run_id, "finished", history=result.history, metrics=result.metrics(), model=result.model)
    add_class_digits(range(4), store=store)
    process, port = start_app_server({"DNN_OFFLINE": "1", "DNN_RUNS_DB": str(store.path)})
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}", result.model, ClassDigits(store).digit_set()
    finally:
        process.terminate()
        process.wait(timeout=20)


def predictions(model, x) -> np.ndarray:
    return model.predict(x.astype("float32"), batch_size=500, verbose=0).argmax(axis=1)


def a_cell_other_than_the_default(matrix: np.ndarray) -> tuple[int, int]:
    """A cell with images in it that the selectors do not start on (they start on the most confused pair)."""
    cells = [(int(a), int(b)) for a, b in zip(*np.nonzero(matrix))]
    return next(cell for cell in sorted(cells, key=lambda c: -matrix[c]) if cell != most_confused(matrix))


def click_cell(page, prefix: str, true: int, predicted: int) -> None:
    """Click the centre of a cell of the matrix: where the column of its x tick label meets the row of its y one."""
    chart = page.locator(f".st-key-{prefix}_confusion_chart .js-plotly-plot")
    chart.scroll_into_view_if_needed()
    x = chart.locator(".xtick text").filter(has_text=re.compile(f"^{predicted}$")).bounding_box()
    y = chart.locator(".ytick text").filter(has_text=re.compile(f"^{true}$")).bounding_box()
    page.mouse.click(x["x"] + x["width"] / 2, y["y"] + y["height"] / 2)


def test_a_click_on_a_cell_of_either_matrix_shows_its_images(seeded, page):
    url, model, digits = seeded
    page.goto(f"{url}/inspect")
    wait_idle(page)
    page.get_by_text("Our digits it reads wrong").wait_for()

    data = load_dataset("mnist_sample")
    test_predicted = predictions(model, data.x_test)
    true, predicted = a_cell_other_than_the_default(reference_matrix(data.y_test, test_predicted))
    count = int(np.sum((data.y_test == true) & (test_predicted == predicted)))
    click_cell(page, "inspect", true, predicted)
    page.get_by_text(f"{count} test images of class {true} were predicted as {predicted}.").wait_for()

    digit_predicted = predictions(model, digits.x)
    true, predicted = a_cell_other_than_the_default(reference_matrix(digits.y, digit_predicted))
    count = int(np.sum((digits.y == true) & (digit_predicted == predicted)))
    click_cell(page, "inspect_digits", true, predicted)
    page.get_by_text(f"{count} of our digits {true} were read as {predicted}.").wait_for()
    assert page.locator("[data-testid=stException]").count() == 0
