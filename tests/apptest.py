"""The one way the tests open the app in Streamlit's AppTest: a page, in a language, with a link's query parameters
and a session's state, within a timeout."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dnn_core.i18n import t
from tests.conftest import ROOT

TIMEOUT = 60  # seconds a run may take; AppTest's own 3 s is less than a page importing TensorFlow needs


def open_app(page: str | None = None, lang: str = "en", *, query: dict | None = None, session: dict | None = None,
             timeout: float = TIMEOUT, alone: bool = False) -> AppTest:
    """The app run once, as a browser opening a link: ``query`` (and ``lang`` unless English) in the URL,
    ``session`` already in the session state; then switched to ``page`` ("pages/train.py"; None stays on Home).

    ``alone``: ``page``'s file run by itself, without app.py's navigation and sidebar (a page's own tests, faster);
    the session then holds ``lang``, as app.py would have put it there.
    """
    at = AppTest.from_file(str(ROOT / (page if alone else "app.py")), default_timeout=timeout)
    for key, value in {**(query or {}), **({"lang": lang} if lang != "en" else {})}.items():
        at.query_params[key] = value
    if alone:
        at.session_state["lang"] = lang
    for key, value in (session or {}).items():
        at.session_state[key] = value
    at.run()
    if page and not alone:  # Home first: AppTest finds st.navigation's pages only after one run
        at.switch_page(page)
        at.run()
    return at


def open_train(lang: str = "en", **query) -> AppTest:
    """Build & Train opened by a link with these settings (``lang`` apart)."""
    return open_app("pages/train.py", lang, query=query)


def open_compare(lang: str = "en", tab: str | None = None, **query) -> AppTest:
    """Compare alone, opened by a link with these settings, on ``tab`` ("race", ...; None: the first)."""
    session = {"compare_tab": t(f"compare.tab.{tab}", lang)} if tab else {}
    return open_app("pages/compare.py", lang, query=query, session=session, alone=True)


def open_learn(section: str, lang: str = "en", *, session: dict | None = None, alone: bool = True) -> AppTest:
    """Learn opened on ``section``'s tab ("gd", "cnn", ...), by itself or (``alone=False``) in the whole app; it ran
    without an exception."""
    session = {"learn_tab": t(f"learn.tab.{section}", lang), **(session or {})}
    at = open_app("pages/learn.py", lang, session=session, alone=alone)
    assert not at.exception, [e.value for e in at.exception]
    return at
