"""A whole class opening a server that has served nobody yet, at the same moment (the link on the projector)."""

from dnn_core.i18n import t
from tests.browser.conftest import IDLE, serving, start_app_server

# (URL path, title key): sub-pages too, which on a fresh server Streamlit's old pages/ mode would run alone
FIRST_VISITS = [("", "app.title"), ("train", "nav.train"), ("", "app.title"), ("draw", "nav.draw"),
                ("learn", "learn.title"), ("inspect", "inspect.title")]


def test_simultaneous_first_visits_to_a_fresh_server_each_get_their_page_in_the_shell(browser, tmp_path):
    """Six sessions start on a fresh server before any has run a page: each gets its page, in the shell (the
    navigation's seven pages) and without an exception. Before the server left Streamlit's old pages/ mode in its
    lifespan, the first run of one session left it for all of them, too late for the others: the student who opened
    /train got pages/train.py alone, with every file of pages/ in the navigation (51 links; 3 fresh servers of 3)."""
    process, port = start_app_server({"DNN_OFFLINE": "1", "DNN_RUNS_DB": str(tmp_path / "runs.sqlite")})
    with serving(process, port) as url:
        contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in FIRST_VISITS]
        pages = [context.new_page() for context in contexts]
        for page, (path, _) in zip(pages, FIRST_VISITS):
            page.set_default_timeout(120_000)
            page.goto(f"{url}/{path}", wait_until="commit")  # all six load at once
        for page, (path, title_key) in zip(pages, FIRST_VISITS):
            page.locator("h1", has_text=t(title_key, "en")).first.wait_for()
            page.wait_for_selector(IDLE)
            assert page.locator("[data-testid=stSidebarNav] a").count() == 7, path
            assert page.locator("[data-testid=stException]").count() == 0, path
        for context in contexts:
            context.close()
