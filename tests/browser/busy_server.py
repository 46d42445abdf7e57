"""`streamlit run app.py` whose event loop takes up each script run's messages LATE_S late, as a busy classroom
server's does, for tests/browser/test_live_browser.py.

On a loaded 2-core server one event loop serves every session's messages while the trainings' threads and the
other sessions' script threads hold the interpreter: a page's script run ends seconds before the loop has sent its
messages (script runs took up to 20 s in the classroom benchmark). Meanwhile the browser, not yet told of the run,
goes on sending its live views' ticks, and the loop takes those up at once. The delay is a fault put into the
server, in the order Streamlit itself keeps: not a way for the test to wait for anything.

    python tests/browser/busy_server.py --server.port 8501 ...   (the options of `streamlit run app.py`)
"""

from __future__ import annotations

import os
import sys

from streamlit.runtime import app_session

LATE_S = float(os.environ.get("LATE_S", "3"))  # more than the sidebar's 2 s tick: one always falls in the gap


def late_events(self, sender, **event) -> None:
    """A script runner's event (a message of its run, its start or end), handled LATE_S late and in order."""
    loop = self._event_loop
    handle = lambda: self._handle_scriptrunner_event_on_event_loop(sender, **event)  # noqa: E731
    loop.call_soon_threadsafe(loop.call_later, LATE_S, handle)


if __name__ == "__main__":
    app_session.AppSession._on_scriptrunner_event = late_events  # connected to each session's runner as it starts

    from streamlit.web import cli

    sys.argv = ["streamlit", "run", "app.py", *sys.argv[1:]]
    cli.main()
