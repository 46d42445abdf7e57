"""A run recorded from its start to its end, without ever letting a failing store stop the work."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from dnn_core.runs.store import RunStore

if TYPE_CHECKING:
    from dnn_core.runs.store import SavedModel


class RunRecord:
    """One run recorded from its start to its end, for training, the race and the CLI alike.

    A store that fails never stops the work: the failure is kept in ``error`` (a RunStoreError has ``key`` and
    ``params`` for translation) and nothing is raised, so a broken database cannot cost anyone their results.
    """

    def __init__(self, config: dict, kind: str = "train", parent_id: int | None = None, student: str = "",
                 guess: float | None = None, link: str | None = None):
        self.run_id: int | None = None
        self.error: Exception | None = None
        self.notes: dict = {}  # added to the metrics at the end: why the run stopped ("stopped_because")
        self._store: RunStore | None = None
        try:
            store = RunStore()
            self.run_id = store.start_run(config, kind=kind, parent_id=parent_id, student=student, guess=guess,
                                          link=link)
            self._store = store
        except Exception as exc:
            self.error = exc

    def finish(self, status: str, history: pd.DataFrame | None = None, metrics: dict | None = None,
               model: SavedModel | None = None) -> Exception | None:
        """Record the end (only the first call counts); returns the store's error, if it failed."""
        store, self._store = self._store, None
        if store is None or self.run_id is None:  # never started (the run id comes with the store)
            return None
        try:
            store.finish_run(self.run_id, status, history, {**(metrics or {}), **self.notes}, model=model)
        except Exception as exc:
            self.error = exc
            return exc
        return None
