"""The run store: every training, race and twin run in one SQLite file, with saved models beside it.

``RunStore`` (store) reads and writes it, ``RunRecord`` (record) records one run without ever stopping the work,
and the saved-run helpers (saved) give the pages their lists and load a run back with its model.
"""

from dnn_core.runs.errors import RunStoreError
from dnn_core.runs.record import RunRecord
from dnn_core.runs.saved import (
    MAX_SAVED_MODELS,
    MAX_SAVED_RUNS,
    filter_runs,
    inspectable_runs,
    load_run,
    result_from_run,
    run_label,
    saved_models,
    saved_trained_runs,
)
from dnn_core.runs.schema import (
    BOARD_COLUMNS,
    END_STATUSES,
    KINDS,
    LIST_COLUMNS,
    SCHEMA_VERSION,
    STATUSES,
)
from dnn_core.runs.store import BUSY_TIMEOUT_S, Run, RunStore, default_db_path

__all__ = [
    "BOARD_COLUMNS", "BUSY_TIMEOUT_S", "END_STATUSES", "KINDS", "LIST_COLUMNS", "MAX_SAVED_MODELS",
    "MAX_SAVED_RUNS", "SCHEMA_VERSION", "STATUSES", "Run", "RunRecord", "RunStore", "RunStoreError",
    "default_db_path", "filter_runs", "inspectable_runs", "load_run", "result_from_run", "run_label", "saved_models",
    "saved_trained_runs",
]
