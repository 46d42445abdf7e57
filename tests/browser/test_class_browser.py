"""A class on one server in a real browser: two named students train, a third session's board lists both without a
reload; at a projector's 1280×800 the progress bar and both live curves are in view while training."""

import io
import re

import pytest

from tests.browser.conftest import wait_idle

pytestmark = pytest.mark.browser

# The board's visible cells (Streamlit's data grid draws on a canvas and mirrors the visible cells in a table)
BOARD_ROWS = """() => {
  const grid = document.querySelector('[data-testid=stDataFrame] table');
  if (!grid) return [];
  const heads = Array.from(grid.querySelectorAll('th')).map(th => th.textContent.trim());
  return Array.from(grid.querySelectorAll('tbody tr')).map(tr => {
    const cells = Array.from(tr.querySelectorAll('td')).map(td => td.textContent.trim());
    return Object.fromEntries(heads.map((h, i) => [h, cells[i]]));
  });
}"""


def session(browser, url: str, width: int = 1400, height: int = 1000):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(url)
    wait_idle(page)
    return context, page


def percent(cell: str) -> float:
    """A grid cell's accuracy in % (the mirrored cell may hold the raw fraction or the formatted percentage)."""
    return float(cell.rstrip("%")) if cell.endswith("%") else 100 * float(cell)


def shown_accuracy(page) -> float:
    """The test accuracy Build & Train shows once the job is done, in %."""
    metric = page.locator("[data-testid=stMetric]", has_text="Test accuracy").first
    metric.wait_for()
    return float(metric.locator("[data-testid=stMetricValue]").inner_text().rstrip(" %"))


def test_two_named_students_train_and_a_third_session_sees_both_best_first(app_url, browser):
    viewer_context, viewer = session(browser, f"{app_url}/class")  # open before anyone trains: no reload later
    students = {}
    try:
        for name in ("ana", "ben"):
            students[name] = session(browser, f"{app_url}/train?preset=tiny&name={name}")
            students[name][1].locator(".st-key-train_button button").click()
        accuracies = {name: shown_accuracy(page) for name, (_, page) in students.items()}

        viewer.wait_for_function(
            f"() => {{ const names = ({BOARD_ROWS})().map(r => r['Name']);"
            " return names.includes('ana') && names.includes('ben'); }")
        rows = viewer.evaluate(BOARD_ROWS)
        board = {row["Name"]: percent(row["Test accuracy"]) for row in rows}
        for name, accuracy in accuracies.items():  # the board shows what each student's own page showed
            assert board[name] == pytest.approx(accuracy, abs=0.01)
        ranked = [percent(row["Test accuracy"]) for row in rows]
        assert ranked == sorted(ranked, reverse=True)  # best first
        assert viewer.locator("[data-testid=stException]").count() == 0
    finally:
        for context, _ in students.values():
            context.close()
        viewer_context.close()


LIVE_PARTS = [".st-key-live_loss .js-plotly-plot", ".st-key-live_accuracy .js-plotly-plot", "[data-testid=stProgress]"]
LIVE_BOXES = f"""() => {{
  const boxes = {LIVE_PARTS!r}.map(s => document.querySelector(s)).map(e => e && e.getBoundingClientRect());
  if (!boxes.every(b => b && b.width > 0)) return null;
  return boxes.map(b => ({{x: b.x, y: b.y, width: b.width, height: b.height}}));
}}"""


def in_view(box, width: int, height: int) -> bool:
    return box is not None and box["x"] >= 0 and box["y"] >= 0 and \
        box["x"] + box["width"] <= width and box["y"] + box["height"] <= height


def test_at_1280x800_both_live_curves_are_in_view_while_training(app_url, browser):
    # batch_size=1 and 50 epochs: 90,000 small steps, far more than the test looks at (it stops the job at the end),
    # so the job is still training when the boxes are measured however fast or loaded the machine is
    context, page = session(browser, f"{app_url}/train?dataset=mnist_sample&train_size=2000&layers=32&epochs=50"
                                     "&batch_size=1&name=cara", 1280, 800)
    try:
        train = page.locator(".st-key-train_button button")
        assert in_view(train.bounding_box(), 1280, 800)  # pressing it needs no scrolling either
        train.click()
        page.wait_for_function("() => { const p = document.querySelector('.st-key-live_accuracy .js-plotly-plot');"
                               " return p && p._fullData && p._fullData.some(t => t.x && t.x.length > 3); }")
        # one snapshot of the three boxes: the live view redraws every second, so an element can be between copies
        boxes = page.wait_for_function(LIVE_BOXES).json_value()
        for selector, box in zip(LIVE_PARTS, boxes):
            assert in_view(box, 1280, 800), selector
        stop = page.locator(".st-key-train_stop button")
        assert stop.is_enabled()  # still training after the snapshot, so it was taken while training
        scrolled = page.evaluate("() => [window.scrollY, ...Array.from(document.querySelectorAll("
                                 "'[data-testid=stMain], [data-testid=stAppViewContainer]')).map(e => e.scrollTop)]")
        assert not any(scrolled)
        assert re.search(r"\d+/\d+", page.locator("[data-testid=stProgress]").inner_text())
        stop.click()
    finally:
        context.close()


def test_the_lesson_qr_code_on_screen_scans_back_to_the_link_shown(app_url, browser):
    zxingcpp = pytest.importorskip("zxingcpp")  # requirements-dev.txt
    from PIL import Image

    context, page = session(browser, f"{app_url}/train?dataset=mnist_sample&layers=64,32&optimizer=sgd&lang=zh-TW",
                            1280, 800)
    try:
        page.get_by_role("tab", name="分享這堂課").click()
        image = page.locator("[data-testid=stImage] img").first
        image.wait_for()
        shot = Image.open(io.BytesIO(image.screenshot()))
        link = page.locator("[data-testid=stCode] code").filter(has_text="/train?").first.inner_text().strip()
        assert link.startswith(f"{app_url}/train?") and "layers=64%2C32" in link and "lang=zh-TW" in link
        assert [code.text for code in zxingcpp.read_barcodes(shot)] == [link]
        assert shot.width >= 200  # large enough to scan off a projector
    finally:
        context.close()
