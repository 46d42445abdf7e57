"""The class's handwriting in a real browser: the teacher opens collection, two named students draw digits with the
mouse and add them on Draw & Predict, a third session's Class page shows the counts and (once approved) the gallery
without a reload, and a drawing the teacher hides leaves the counts."""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import TEACHER_KEY, wait_idle
from tests.browser.test_draw_browser import CANVAS, draw
from tests.digit_strokes import strokes_px

pytestmark = pytest.mark.browser

PER_STUDENT = 20  # two of each digit from each student
STUDENTS = {"ana": 0, "ben": 3}  # name -> the writer of tests/digit_strokes.py whose hand they have
CHART_TOTAL = """() => { const p = document.querySelector('.st-key-digits_chart .js-plotly-plot');
  return p && p._fullData && p._fullData.length ? p._fullData[0].y.reduce((a, b) => a + b, 0) : null; }"""


def session(browser, url: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(url)
    wait_idle(page)
    return context, page


def unlock_teacher(page) -> None:
    page.locator("[data-testid=stExpander] summary", has_text="Teacher").click()
    page.locator(".st-key-teacher_key_input input").fill(TEACHER_KEY)
    page.locator(".st-key-teacher_unlock button").click()
    page.get_by_text("Teacher section unlocked").wait_for()
    wait_idle(page)


def flash(page, text: str) -> None:
    """Wait for the teacher section's message after an action."""
    page.locator("[data-testid=stAlertContentSuccess]", has_text=text).wait_for()
    wait_idle(page)


# The src of the page's last picture (the model's 28×28 input): a new drawing read by the page gives a new one
MODEL_INPUT = """() => { const images = document.querySelectorAll('[data-testid=stImage] img');
  return images.length ? images[images.length - 1].src : ''; }"""


def stroke_read(page, points) -> None:
    """Draw one stroke and wait until the page has read the drawing with it (its model input is a new picture)."""
    before = page.evaluate(MODEL_INPUT)
    draw(page, points)
    page.wait_for_function(f"(before) => ({MODEL_INPUT})() !== before", arg=before)
    wait_idle(page)


def add_digit(page, digit: int, writer: int, sample: int, count: int) -> int:
    """Draw ``digit`` on the empty canvas stroke by stroke, choose it, press Add and wait for the page to confirm
    the session's ``count``-th digit; how many times it was refused as too fast first."""
    page.get_by_text("Draw a digit on the black canvas").wait_for()  # the canvas is empty again
    wait_idle(page)
    strokes, _ = strokes_px(digit, writer, sample)
    for points in strokes:
        stroke_read(page, points)
    add = page.locator(".st-key-digits_add button")
    added = page.get_by_text(f"{count} digit(s) from you so far")
    page.locator(".st-key-digits_label button", has_text=re.compile(rf"^\s*{digit}\s*$")).click()
    add.click()
    added.or_(page.locator("[data-testid=stAlertContentError]", has_text="Too fast")).first.wait_for()
    if added.count():
        return 0
    # refused as too fast (the other student's turn was short): the drawing and the choice stay for another Add.
    # Another refusal would look the same as this one, so each try gets a while to show the digit added
    for tries in range(1, 4):
        wait_idle(page)
        add.click()
        try:
            added.wait_for(timeout=10_000)
            return tries
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"digit {count} was refused four times")


def test_two_students_draw_the_class_set_a_third_session_sees_it_and_the_teacher_hides_one(app_url, browser):
    sessions = {}
    try:
        sessions["teacher"] = session(browser, f"{app_url}/class")
        teacher = sessions["teacher"][1]
        unlock_teacher(teacher)
        teacher.locator(".st-key-digits_open_toggle label").click()
        flash(teacher, "Collection is open")

        sessions["viewer"] = session(browser, f"{app_url}/class")  # opened before anyone adds: no reload later
        viewer = sessions["viewer"][1]
        viewer.get_by_role("tab", name="Our handwriting").click()
        viewer.get_by_text("No digits yet").wait_for()

        students = {}
        for name in STUDENTS:
            sessions[name] = session(browser, f"{app_url}/draw?name={name}")
            students[name] = sessions[name][1]
            students[name].locator(CANVAS).wait_for()
        refusals = 0
        for i in range(PER_STUDENT):  # in turns: each student's adds are a whole turn of the other's apart
            for name, page in students.items():
                refusals += add_digit(page, i % 10, STUDENTS[name], i // 10, i + 1)
        total = PER_STUDENT * len(STUDENTS)

        # the third session, without a reload: the counts, who drew how many, then the gallery once approved
        viewer.get_by_text(f"{total} digit(s) from 2 writer(s)").wait_for()
        assert viewer.wait_for_function(CHART_TOTAL).json_value() == total
        assert viewer.locator(".st-key-digits_gallery [data-testid=stImage]").count() == 0  # waiting for approval
        teacher.locator(".st-key-digits_approve_all button").click()
        flash(teacher, f"Approved: {total} drawing(s)")
        gallery = viewer.locator(".st-key-digits_gallery [data-testid=stImage]")
        viewer.wait_for_function(f"() => document.querySelectorAll("
                                 f"'.st-key-digits_gallery [data-testid=stImage]').length === {total}")
        names = viewer.locator(".st-key-digits_gallery [data-testid=stText]").all_inner_texts()
        assert sorted(text.split(" · ")[-1] for text in names) == ["ana"] * PER_STUDENT + ["ben"] * PER_STUDENT
        assert gallery.count() == total

        # the teacher hides one from the gallery: the third session's counts drop by one
        teacher.get_by_role("tab", name="Our handwriting").click()
        teacher.locator(".st-key-digits_gallery [class*=st-key-digits_hide_] button").first.click()
        flash(teacher, "Hidden: 1 drawing(s)")
        viewer.get_by_text(f"{total - 1} digit(s) from 2 writer(s)").wait_for()
        viewer.wait_for_function(f"() => ({CHART_TOTAL})() === {total - 1}")
        for page in [viewer, teacher, *students.values()]:
            assert page.locator("[data-testid=stException]").count() == 0
        print(f"{total} digits added with {refusals} refusal(s) on the way")
    finally:
        for context, _ in sessions.values():
            context.close()
