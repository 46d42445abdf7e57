"""Values in and out of the database: JSON, times, histories, default names and list rows."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pandas as pd

from dnn_core.engine.config import format_value
from dnn_core.engine.progress import HISTORY_COLUMNS
from dnn_core.runs.errors import RunStoreError


def check_choice(field: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise RunStoreError("runs.error.bad_choice", field=field, value=value, allowed=", ".join(allowed))


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def parse_time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _json_default(value: object) -> object:
    """JSON for NumPy scalars and arrays, tuples of settings and paths."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return str(value)


def to_json(value: object) -> str:
    # NaN and ±inf (a diverged loss) are kept as the NaN/Infinity tokens Python's json reads back
    return json.dumps(value, default=_json_default, ensure_ascii=False)


def history_to_json(history: pd.DataFrame | None) -> str | None:
    if history is None:
        return None
    return to_json(history.to_dict(orient="split", index=False))


def history_from_json(text: str | None) -> pd.DataFrame:
    if not text:
        return pd.DataFrame(columns=HISTORY_COLUMNS)
    table = json.loads(text)
    return pd.DataFrame(table["data"], columns=table["columns"])


def default_name(run_id: int, config: dict) -> str:
    """'#12 adam · 128 · lr 0.001': the id and the settings people pick runs by (no words to translate)."""
    optimizer = config.get("optimizer") or config.get("optimizers")
    parts = [format_value(value) for value in (optimizer, config.get("layers")) if value]
    if config.get("lr") is not None:
        parts.append(f"lr {format_value(config['lr'])}")
    return f"#{run_id} {' · '.join(parts)}".rstrip()


def list_row(run_id: int, name: str, kind: str, status: str, config_json: str, metrics_json: str, started: str,
             ended: str | None, parent_id: int | None) -> list:
    """One row of LIST_COLUMNS from one row of the runs table as list_runs selects it."""
    config, metrics = json.loads(config_json), json.loads(metrics_json)
    seconds = metrics.get("seconds")
    if seconds is None and ended:  # started_at is NOT NULL
        seconds = (datetime.fromisoformat(ended) - datetime.fromisoformat(started)).total_seconds()
    optimizer = config.get("optimizer") or config.get("optimizers")
    layers = config.get("layers")
    return [run_id, name, kind, status, config.get("dataset"),
            format_value(optimizer) if optimizer else None, format_value(layers) if layers else None,
            config.get("lr"), config.get("lr_schedule", "constant"),  # runs from before schedules had none
            config.get("epochs"), metrics.get("test_accuracy"),
            started, ended, seconds, parent_id]
