"""The run store: every training, race and twin run in one SQLite file, with saved models beside it.

Each method opens its own short-lived connection, so one ``RunStore`` can be shared by Streamlit's session
threads and several server processes. WAL mode lets readers go on while one writer commits; writers take the
write lock up front (``BEGIN IMMEDIATE``) and wait for each other up to the busy timeout. Every failure a person
can meet (a damaged file, a newer schema, a read-only folder, a full disk) raises ``RunStoreError``, whose
``key``/``params`` translate through ``dnn_core.i18n``; the caller keeps its in-memory result and decides.

Schema (``PRAGMA user_version`` = ``SCHEMA_VERSION``): see ``SCHEMA``.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

import pandas as pd

from dnn_core import settings
from dnn_core.engine.progress import HISTORY_COLUMNS
from dnn_core.runs.errors import ERRNO_KEYS, SQLITE_ERROR_KEYS, RunStoreError
from dnn_core.runs.owner import owner_alive, process_token
from dnn_core.runs.schema import (
    BOARD_COLUMNS,
    END_STATUSES,
    KINDS,
    LIST_COLUMNS,
    MIGRATIONS,
    SCHEMA,
    SCHEMA_VERSION,
)
from dnn_core.runs.values import (
    check_choice,
    default_name,
    history_from_json,
    history_to_json,
    list_row,
    now,
    parse_time,
    to_json,
)

if TYPE_CHECKING:  # for the annotations only: Keras loads with the first model
    import keras

    # a model kept with a run: the object, its file or its bytes
    SavedModel: TypeAlias = keras.Model | bytes | str | os.PathLike

BUSY_TIMEOUT_S = 30.0  # a writer waits this long for another writer's short transaction before giving up


@dataclass(frozen=True, eq=False)  # eq=False: DataFrame and dict fields don't compare or hash as values
class Run:
    """One stored run."""

    id: int
    name: str
    kind: str  # 'train', 'race' or 'twin'
    status: str  # 'running', 'finished', 'stopped', 'failed' or 'interrupted'
    config: dict  # the experiment settings (ExperimentConfig.to_dict() for train and twin runs)
    history: pd.DataFrame  # per-epoch rows as saved (a race adds 'contestant'); empty until finished
    metrics: dict  # test_loss, test_accuracy, seconds, samples_per_second, ...
    model_path: Path | None  # the saved .keras file, if there is one on disk
    started_at: datetime  # UTC
    ended_at: datetime | None  # UTC; None while running or when interrupted
    parent_id: int | None  # a twin: the run it was derived from; a continued training: the run it continued


def default_db_path() -> Path:
    """$DNN_RUNS_DB, else <$XDG_DATA_HOME or ~/.local/share>/dnn-playground/runs.sqlite."""
    return settings.runs_db() or settings.xdg_data_home() / "dnn-playground" / "runs.sqlite"


class RunStore:
    """The runs database at ``path`` (default: ``default_db_path()``); cheap to create, safe to share."""

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path).expanduser() if path is not None else default_db_path()
        self.models_dir = self.path.parent / "models"
        self._prepare()
        # Housekeeping on open: runs left 'running' by a process that has died. A read-only store can still be read.
        with suppress(RunStoreError):
            self.mark_interrupted()

    # ---- writing -------------------------------------------------------------------------------------------

    def start_run(self, config: dict, kind: str = "train", name: str | None = None,
                  parent_id: int | None = None, student: str = "", guess: float | None = None,
                  link: str | None = None) -> int:
        """Record a new 'running' run owned by this process, with the student's name and guess and the hash of its
        job's link (``job_links.link_hash``); return its id."""
        check_choice("kind", kind, KINDS)
        config = config.to_dict() if hasattr(config, "to_dict") else dict(config)
        with self._connect(write=True) as con:
            if parent_id is not None and not con.execute("SELECT 1 FROM runs WHERE id = ?", (parent_id,)).fetchone():
                raise self._not_found(parent_id)
            cursor = con.execute(
                "INSERT INTO runs (name, kind, status, parent_id, config, started_at, owner_pid, owner_token,"
                " student, guess, link) VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?)",
                (name or "", kind, parent_id, to_json(config), now(), os.getpid(), process_token(os.getpid()),
                 student or "", guess, link or None))
            run_id = cursor.lastrowid
            assert run_id is not None  # an INSERT always sets it
            if not name:
                con.execute("UPDATE runs SET name = ? WHERE id = ?", (default_name(run_id, config), run_id))
        return run_id

    def finish_run(self, run_id: int, status: str, history: pd.DataFrame | None = None,
                   metrics: dict | None = None, model: SavedModel | None = None) -> None:
        """Store a run's end: status, per-epoch history, metrics and optionally the model (object, path or bytes)."""
        check_choice("status", status, END_STATUSES)
        model_file = self._save_model(run_id, model) if model is not None else None
        try:
            with self._connect(write=True) as con:
                updated = con.execute(
                    "UPDATE runs SET status = ?, history = ?, metrics = ?, model_file = COALESCE(?, model_file),"
                    " ended_at = ? WHERE id = ?",
                    (status, history_to_json(history), to_json(metrics or {}), model_file, now(), run_id),
                ).rowcount
                if not updated:
                    raise self._not_found(run_id)
        except RunStoreError:
            if model_file:  # don't leave a model file that no row points to
                (self.models_dir / model_file).unlink(missing_ok=True)
            raise

    def update_metrics(self, run_id: int, values: dict) -> None:
        """Set some of a run's metrics and keep the others (a value None removes its metric): the teacher's
        re-score on the class's digits."""
        with self._connect(write=True) as con:  # read and write in one transaction: no other change is lost
            row = con.execute("SELECT metrics FROM runs WHERE id = ?", (run_id,)).fetchone()
            if row is None:
                raise self._not_found(run_id)
            metrics = {**json.loads(row[0]), **values}  # json, not SQL's json_patch: metrics may hold NaN
            con.execute("UPDATE runs SET metrics = ? WHERE id = ?",
                        (to_json({k: v for k, v in metrics.items() if v is not None}), run_id))

    def rename(self, run_id: int, name: str) -> None:
        """Give a run a new name."""
        name = str(name).strip()
        if not name:
            raise RunStoreError("runs.error.empty_name")
        with self._connect(write=True) as con:
            if not con.execute("UPDATE runs SET name = ? WHERE id = ?", (name, run_id)).rowcount:
                raise self._not_found(run_id)

    def delete(self, run_id: int) -> None:
        """Delete a run and its saved model file."""
        with self._connect(write=True) as con:
            row = con.execute("SELECT model_file FROM runs WHERE id = ?", (run_id,)).fetchone()
            if row is None:
                raise self._not_found(run_id)
            con.execute("DELETE FROM runs WHERE id = ?", (run_id,))
        if row[0]:
            with suppress(OSError):  # the row is gone; a file we can't remove is only wasted space
                (self.models_dir / row[0]).unlink(missing_ok=True)

    def hide(self, run_ids: Iterable[int] | None = None) -> int:
        """Take runs off the Class board (all shown ones when ``run_ids`` is None); they stay in the history.
        Returns how many were hidden."""
        with self._connect(write=True) as con:
            if run_ids is None:
                return con.execute("UPDATE runs SET hidden = 1 WHERE hidden = 0").rowcount
            return con.executemany("UPDATE runs SET hidden = 1 WHERE id = ?",
                                   [(int(run_id),) for run_id in run_ids]).rowcount

    def set_setting(self, key: str, value: object) -> None:
        """Store a classroom setting (``value`` as JSON; None removes it)."""
        with self._connect(write=True) as con:
            if value is None:
                con.execute("DELETE FROM settings WHERE key = ?", (key,))
            else:
                con.execute("INSERT INTO settings (key, value) VALUES (?, ?)"
                            " ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, to_json(value)))

    def mark_interrupted(self) -> list[int]:
        """Mark 'running' runs whose owner process is gone as 'interrupted'; return their ids."""
        with self._connect() as con:
            rows = con.execute("SELECT id, owner_pid, owner_token FROM runs WHERE status = 'running'").fetchall()
        orphans = [run_id for run_id, pid, token in rows if not owner_alive(pid, token)]
        if orphans:
            with self._connect(write=True) as con:
                con.executemany("UPDATE runs SET status = 'interrupted' WHERE id = ? AND status = 'running'",
                                [(run_id,) for run_id in orphans])
        return orphans

    # ---- reading -------------------------------------------------------------------------------------------

    def list_runs(self) -> pd.DataFrame:
        """One row per run, newest first: LIST_COLUMNS."""
        with self._connect() as con:
            rows = con.execute("SELECT id, name, kind, status, config, metrics, started_at, ended_at, parent_id"
                               " FROM runs ORDER BY id DESC").fetchall()
        table = pd.DataFrame([list_row(*row) for row in rows], columns=LIST_COLUMNS)
        for column in ("started_at", "ended_at"):
            table[column] = pd.to_datetime(table[column], utc=True)
        table["parent_id"] = table["parent_id"].astype("Int64")  # mostly missing: keep ints, not floats
        return table

    def trained_runs(self, limit: int, with_model: bool = False) -> pd.DataFrame:
        """(id, name) of the newest finished or stopped training and twin runs; ``with_model``: only those whose
        model file is on disk. One query, no histories read."""
        query = ("SELECT id, name, model_file FROM runs WHERE kind IN ('train', 'twin')"
                 " AND status IN ('finished', 'stopped') ORDER BY id DESC")
        with self._connect() as con:
            rows: Iterable[tuple] = con.execute(query if with_model else query + " LIMIT ?",
                                                () if with_model else (limit,))
            if with_model:  # newest first, stopping at the limit: pages ask on every rerun
                rows = (row for row in rows if row[2] and (self.models_dir / row[2]).exists())
            kept = [row[:2] for _, row in zip(range(limit), rows)]
        return pd.DataFrame(kept, columns=["id", "name"])

    def board(self) -> tuple[pd.DataFrame, dict]:
        """What the Class board shows, read in one query: (BOARD_COLUMNS of the finished, shown training runs,
        newest first, plus one row per running run; the settings dict). Histories and model files are not read."""
        with self._connect() as con:
            # settings ride along as two columns of every row; the LEFT JOIN from one row keeps them when no run
            rows = con.execute(
                "SELECT (SELECT json_group_object(key, json(value)) FROM settings), r.id, r.name, r.student,"
                " r.guess, r.status, r.config, json_extract(r.metrics, '$.test_accuracy'),"
                " json_extract(r.metrics, '$.seconds'), r.ended_at, json_extract(r.metrics, '$.class_accuracy'),"
                " json_extract(r.metrics, '$.class_count')"
                " FROM (SELECT 1) LEFT JOIN runs r ON (r.kind IN ('train', 'twin') AND r.hidden = 0"
                " AND r.status = 'finished') OR r.status = 'running'"
                " ORDER BY r.id DESC").fetchall()
        settings = json.loads(rows[0][0]) if rows and rows[0][0] else {}
        runs = [row[1:] for row in rows if row[1] is not None]
        table = pd.DataFrame(runs, columns=BOARD_COLUMNS)
        table["config"] = [json.loads(config) for config in table["config"]]
        table["ended_at"] = pd.to_datetime(table["ended_at"], utc=True)
        return table, settings

    def get_run(self, run_id: int) -> Run:
        """The whole stored run."""
        with self._connect() as con:
            row = con.execute("SELECT id, name, kind, status, config, history, metrics, model_file, started_at,"
                              " ended_at, parent_id FROM runs WHERE id = ?", (run_id,)).fetchone()
        if row is None:
            raise self._not_found(run_id)
        id_, name, kind, status, config, history, metrics, model_file, started, ended, parent_id = row
        model_path = self.models_dir / model_file if model_file else None
        return Run(id=id_, name=name, kind=kind, status=status, config=json.loads(config),
                   history=history_from_json(history), metrics=json.loads(metrics),
                   model_path=model_path if model_path and model_path.exists() else None,
                   started_at=datetime.fromisoformat(started),  # NOT NULL
                   ended_at=parse_time(ended), parent_id=parent_id)

    def linked_runs(self, link: str) -> list[Run]:
        """The runs of the job whose link hashes to ``link``, oldest first (a twin run has two); [] if none."""
        with self._connect() as con:
            ids = [row[0] for row in con.execute("SELECT id FROM runs WHERE link = ? ORDER BY id", (link,))]
        return [self.get_run(run_id) for run_id in ids]

    def histories(self, run_ids: Iterable[int]) -> pd.DataFrame:
        """The histories of several runs in long format (run_id, run_name, then the history columns), in order."""
        run_ids = list(dict.fromkeys(int(run_id) for run_id in run_ids))  # each run once, in the order asked
        with self._connect() as con:
            marks = ",".join("?" * len(run_ids))
            rows = con.execute(f"SELECT id, name, history FROM runs WHERE id IN ({marks})", run_ids).fetchall()
        found = {run_id: (name, history) for run_id, name, history in rows if history}
        # runs deleted meanwhile (by another session) or without a history are left out, not an error
        parts = [history_from_json(found[run_id][1]).assign(run_id=run_id, run_name=found[run_id][0])
                 for run_id in run_ids if run_id in found]
        if not parts:
            return pd.DataFrame(columns=["run_id", "run_name", *HISTORY_COLUMNS])
        long = pd.concat(parts, ignore_index=True)
        return long[["run_id", "run_name", *[c for c in long.columns if c not in ("run_id", "run_name")]]]

    def load_model(self, run_id: int) -> keras.Model:
        """The run's saved Keras model (not compiled)."""
        path = self.get_run(run_id).model_path
        if path is None:
            raise RunStoreError("runs.error.no_model", run_id=run_id)
        import keras  # lazily: importing the run store must not pull in TensorFlow

        try:
            return keras.saving.load_model(path, compile=False)
        except Exception as exc:  # a damaged or foreign file: say which, keep the app alive
            raise RunStoreError("runs.error.bad_model", run_id=run_id, path=str(path), reason=str(exc)) from exc

    def transaction(self, write: bool = False) -> AbstractContextManager[sqlite3.Connection]:
        """A connection to this store for a module that keeps its own table here (``handwriting``): one
        transaction if ``write``, SQLite errors as RunStoreError."""
        return self._connect(write)

    # ---- internals -----------------------------------------------------------------------------------------

    def _prepare(self) -> None:
        """Create the folder and schema if needed; refuse files that are not ours to read."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self._file_error(exc, self.path.parent) from exc
        with self._connect() as con:
            version = con.execute("PRAGMA user_version").fetchone()[0]  # raises on a file that isn't SQLite
            self._check_version(version)
            if version == SCHEMA_VERSION:
                return
            con.execute("PRAGMA journal_mode = WAL")  # persistent: set once, when the file is created
            con.execute("BEGIN IMMEDIATE")
            # another process may have created or upgraded the schema while we waited for the write lock
            version = con.execute("PRAGMA user_version").fetchone()[0]
            steps = SCHEMA if version == 0 else [s for step in MIGRATIONS[version - 1:] for s in step]
            for statement in steps:
                con.execute(statement)
            con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            con.execute("COMMIT")

    def _check_version(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise RunStoreError("runs.error.future_schema", path=str(self.path), found=version,
                                supported=SCHEMA_VERSION)

    @contextmanager
    def _connect(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        """A fresh connection (one transaction if ``write``) that turns SQLite errors into RunStoreError."""
        try:
            # timeout= sets SQLite's busy_timeout; isolation_level=None: we issue BEGIN/COMMIT ourselves
            con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as exc:
            raise self._database_error(exc) from exc
        try:
            con.execute("PRAGMA foreign_keys = ON")
            if write:
                # take the write lock now: upgrading a read lock later can fail at once instead of waiting
                con.execute("BEGIN IMMEDIATE")
            yield con
            if write:
                con.execute("COMMIT")
        except BaseException as exc:
            if con.in_transaction:
                with suppress(sqlite3.Error):
                    con.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise self._database_error(exc) from exc
            raise
        finally:
            con.close()

    def _save_model(self, run_id: int, model: SavedModel) -> str:
        """Write the model file atomically (temp file, then rename); return its name inside models_dir."""
        name = f"run-{run_id}.keras"
        partial = self.models_dir / f"run-{run_id}.{os.getpid()}.partial.keras"  # Keras insists on .keras
        try:
            self.models_dir.mkdir(parents=True, exist_ok=True)
            if isinstance(model, (bytes, bytearray)):
                partial.write_bytes(model)
            elif isinstance(model, (str, os.PathLike)):
                shutil.copyfile(model, partial)
            else:
                model.save(partial)
            os.replace(partial, self.models_dir / name)
        except OSError as exc:
            with suppress(OSError):
                partial.unlink(missing_ok=True)
            raise self._file_error(exc, self.models_dir / name) from exc
        return name

    def _not_found(self, run_id: int) -> RunStoreError:
        return RunStoreError("runs.error.not_found", run_id=run_id, path=str(self.path))

    def _database_error(self, exc: sqlite3.Error) -> RunStoreError:
        """The person-facing error for a SQLite failure on this store."""
        code = getattr(exc, "sqlite_errorname", "")
        for prefixes, key in SQLITE_ERROR_KEYS:
            if code.startswith(prefixes):
                return RunStoreError(key, path=str(self.path), reason=str(exc))
        return RunStoreError("runs.error.database", path=str(self.path), reason=str(exc))

    @staticmethod
    def _file_error(exc: OSError, path: Path) -> RunStoreError:
        """The person-facing error for a failed file write."""
        key = ERRNO_KEYS.get(exc.errno, "runs.error.file")
        return RunStoreError(key, path=str(path), reason=exc.strerror or str(exc))
