"""The run store: every training, race and twin run in one SQLite file, with saved models beside it.

Each method opens its own short-lived connection, so one ``RunStore`` can be shared by Streamlit's session
threads and several server processes. WAL mode lets readers go on while one writer commits; writers take the
write lock up front (``BEGIN IMMEDIATE``) and wait for each other up to the busy timeout. Every failure a person
can meet (a damaged file, a newer schema, a read-only folder, a full disk) raises ``RunStoreError``, whose
``key``/``params`` translate through ``dnn_core.i18n``; the caller keeps its in-memory result and decides.

Schema (``PRAGMA user_version`` = ``SCHEMA_VERSION``): see ``_SCHEMA``.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import sys
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from dnn_core.config import format_value
from dnn_core.errors import PeopleError

SCHEMA_VERSION = 2
BUSY_TIMEOUT_S = 30.0  # a writer waits this long for another writer's short transaction before giving up
KINDS = ("train", "race", "twin")
END_STATUSES = ("finished", "stopped", "failed")
STATUSES = ("running", *END_STATUSES, "interrupted")
HISTORY_COLUMNS = ["epoch", "loss", "accuracy", "val_loss", "val_accuracy"]
LIST_COLUMNS = ["id", "name", "kind", "status", "dataset", "optimizer", "layers", "lr", "epochs",
                "test_accuracy", "started_at", "ended_at", "seconds", "parent_id"]
BOARD_COLUMNS = ["id", "name", "student", "guess", "status", "config", "test_accuracy", "seconds", "ended_at"]

# The classroom's shared settings: the teacher's current lesson and pinned run (key -> JSON value)
_SETTINGS_TABLE = """CREATE TABLE IF NOT EXISTS settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )"""
_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS runs (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, so a stale model file can't be adopted
        name        TEXT    NOT NULL,
        kind        TEXT    NOT NULL CHECK (kind IN ('train', 'race', 'twin')),
        status      TEXT    NOT NULL
                    CHECK (status IN ('running', 'finished', 'stopped', 'failed', 'interrupted')),
        parent_id   INTEGER REFERENCES runs (id) ON DELETE SET NULL,  -- the run a twin was derived from
        config      TEXT    NOT NULL,                -- JSON: the experiment settings
        history     TEXT,                            -- JSON {"columns": [...], "data": [[...], ...]}, per epoch
        metrics     TEXT    NOT NULL DEFAULT '{}',   -- JSON: test_loss, test_accuracy, seconds, ...
        model_file  TEXT,                            -- file name inside <db dir>/models/, or NULL
        started_at  TEXT    NOT NULL,                -- ISO 8601, UTC
        ended_at    TEXT,
        owner_pid   INTEGER NOT NULL,                -- the process that started the run ...
        owner_token TEXT    NOT NULL,                -- ... and its start token, so a reused pid is not mistaken for it
        student     TEXT    NOT NULL DEFAULT '',     -- the name the student typed (Class board); '' = anonymous
        guess       REAL,                            -- their guess of the test accuracy (0..1) before training
        hidden      INTEGER NOT NULL DEFAULT 0       -- 1: the teacher took it off the Class board (kept in history)
    )""",
    "CREATE INDEX IF NOT EXISTS runs_by_status ON runs (status)",
    _SETTINGS_TABLE,
)
# Each step takes a file from version i + 1 to i + 2; a new file gets _SCHEMA at once.
_MIGRATIONS = (
    ("ALTER TABLE runs ADD COLUMN student TEXT NOT NULL DEFAULT ''",
     "ALTER TABLE runs ADD COLUMN guess REAL",
     "ALTER TABLE runs ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0",
     _SETTINGS_TABLE),
)


class RunStoreError(PeopleError):
    """A run-store failure to show a person; ``key`` and ``params`` give the text in any language."""


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
    parent_id: int | None  # for a twin: the run it was derived from


def default_db_path() -> Path:
    """$DNN_RUNS_DB, else <$XDG_DATA_HOME or ~/.local/share>/dnn-playground/runs.sqlite."""
    if os.environ.get("DNN_RUNS_DB"):
        return Path(os.environ["DNN_RUNS_DB"]).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "dnn-playground" / "runs.sqlite"


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
                  parent_id: int | None = None, student: str = "", guess: float | None = None) -> int:
        """Record a new 'running' run owned by this process, with the student's name and guess; return its id."""
        _check_choice("kind", kind, KINDS)
        config = config.to_dict() if hasattr(config, "to_dict") else dict(config)
        with self._connect(write=True) as con:
            if parent_id is not None and not con.execute("SELECT 1 FROM runs WHERE id = ?", (parent_id,)).fetchone():
                raise self._not_found(parent_id)
            cursor = con.execute(
                "INSERT INTO runs (name, kind, status, parent_id, config, started_at, owner_pid, owner_token,"
                " student, guess) VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?)",
                (name or "", kind, parent_id, _to_json(config), _now(), os.getpid(), _process_token(os.getpid()),
                 student or "", guess))
            run_id = cursor.lastrowid
            if not name:
                con.execute("UPDATE runs SET name = ? WHERE id = ?", (_default_name(run_id, config), run_id))
        return run_id

    def finish_run(self, run_id: int, status: str, history: pd.DataFrame | None = None,
                   metrics: dict | None = None, model=None) -> None:
        """Store a run's end: status, per-epoch history, metrics and optionally the model (object, path or bytes)."""
        _check_choice("status", status, END_STATUSES)
        model_file = self._save_model(run_id, model) if model is not None else None
        try:
            with self._connect(write=True) as con:
                updated = con.execute(
                    "UPDATE runs SET status = ?, history = ?, metrics = ?, model_file = COALESCE(?, model_file),"
                    " ended_at = ? WHERE id = ?",
                    (status, _history_to_json(history), _to_json(metrics or {}), model_file, _now(), run_id),
                ).rowcount
                if not updated:
                    raise self._not_found(run_id)
        except RunStoreError:
            if model_file:  # don't leave a model file that no row points to
                (self.models_dir / model_file).unlink(missing_ok=True)
            raise

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

    def hide(self, run_ids=None) -> int:
        """Take runs off the Class board (all shown ones when ``run_ids`` is None); they stay in the history.
        Returns how many were hidden."""
        with self._connect(write=True) as con:
            if run_ids is None:
                return con.execute("UPDATE runs SET hidden = 1 WHERE hidden = 0").rowcount
            return con.executemany("UPDATE runs SET hidden = 1 WHERE id = ?",
                                   [(int(run_id),) for run_id in run_ids]).rowcount

    def set_setting(self, key: str, value) -> None:
        """Store a classroom setting (``value`` as JSON; None removes it)."""
        with self._connect(write=True) as con:
            if value is None:
                con.execute("DELETE FROM settings WHERE key = ?", (key,))
            else:
                con.execute("INSERT INTO settings (key, value) VALUES (?, ?)"
                            " ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, _to_json(value)))

    def mark_interrupted(self) -> list[int]:
        """Mark 'running' runs whose owner process is gone as 'interrupted'; return their ids."""
        with self._connect() as con:
            rows = con.execute("SELECT id, owner_pid, owner_token FROM runs WHERE status = 'running'").fetchall()
        orphans = [run_id for run_id, pid, token in rows if not _owner_alive(pid, token)]
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
        table = pd.DataFrame([_list_row(*row) for row in rows], columns=LIST_COLUMNS)
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
            rows = con.execute(query if with_model else query + " LIMIT ?", () if with_model else (limit,))
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
                " json_extract(r.metrics, '$.seconds'), r.ended_at"
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
                   history=_history_from_json(history), metrics=json.loads(metrics),
                   model_path=model_path if model_path and model_path.exists() else None,
                   started_at=_parse_time(started), ended_at=_parse_time(ended), parent_id=parent_id)

    def histories(self, run_ids) -> pd.DataFrame:
        """The histories of several runs in long format (run_id, run_name, then the history columns), in order."""
        run_ids = list(dict.fromkeys(int(run_id) for run_id in run_ids))  # each run once, in the order asked
        with self._connect() as con:
            marks = ",".join("?" * len(run_ids))
            rows = con.execute(f"SELECT id, name, history FROM runs WHERE id IN ({marks})", run_ids).fetchall()
        found = {run_id: (name, history) for run_id, name, history in rows if history}
        # runs deleted meanwhile (by another session) or without a history are left out, not an error
        parts = [_history_from_json(found[run_id][1]).assign(run_id=run_id, run_name=found[run_id][0])
                 for run_id in run_ids if run_id in found]
        if not parts:
            return pd.DataFrame(columns=["run_id", "run_name", *HISTORY_COLUMNS])
        long = pd.concat(parts, ignore_index=True)
        return long[["run_id", "run_name", *[c for c in long.columns if c not in ("run_id", "run_name")]]]

    def load_model(self, run_id: int):
        """The run's saved Keras model (not compiled)."""
        path = self.get_run(run_id).model_path
        if path is None:
            raise RunStoreError("runs.error.no_model", run_id=run_id)
        import keras  # lazily: importing the run store must not pull in TensorFlow

        try:
            return keras.saving.load_model(path, compile=False)
        except Exception as exc:  # a damaged or foreign file: say which, keep the app alive
            raise RunStoreError("runs.error.bad_model", run_id=run_id, path=str(path), reason=str(exc)) from exc

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
            steps = _SCHEMA if version == 0 else [s for step in _MIGRATIONS[version - 1:] for s in step]
            for statement in steps:
                con.execute(statement)
            con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            con.execute("COMMIT")

    def _check_version(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise RunStoreError("runs.error.future_schema", path=str(self.path), found=version,
                                supported=SCHEMA_VERSION)

    @contextmanager
    def _connect(self, write: bool = False):
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

    def _save_model(self, run_id: int, model) -> str:
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
        for prefixes, key in _SQLITE_ERROR_KEYS:
            if code.startswith(prefixes):
                return RunStoreError(key, path=str(self.path), reason=str(exc))
        return RunStoreError("runs.error.database", path=str(self.path), reason=str(exc))

    @staticmethod
    def _file_error(exc: OSError, path: Path) -> RunStoreError:
        """The person-facing error for a failed file write."""
        key = _ERRNO_KEYS.get(exc.errno, "runs.error.file")
        return RunStoreError(key, path=str(path), reason=exc.strerror or str(exc))


# SQLite result-code name prefixes -> error key (the first match wins)
_SQLITE_ERROR_KEYS = (
    (("SQLITE_NOTADB", "SQLITE_CORRUPT"), "runs.error.unreadable"),
    (("SQLITE_FULL",), "runs.error.disk_full"),
    (("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH"), "runs.error.unwritable"),
    (("SQLITE_BUSY", "SQLITE_LOCKED"), "runs.error.busy"),
)
_ERRNO_KEYS = {errno.ENOSPC: "runs.error.disk_full", errno.EDQUOT: "runs.error.disk_full",
               errno.EACCES: "runs.error.unwritable", errno.EPERM: "runs.error.unwritable",
               errno.EROFS: "runs.error.unwritable"}


# ---- process ownership ---------------------------------------------------------------------------------------

def _process_token(pid: int) -> str | None:
    """A token that tells this incarnation of process ``pid`` from a later one reusing the pid; None if it's gone.

    On Linux: boot id + the process's start time in clock ticks (/proc/<pid>/stat field 22). Elsewhere '' for a
    live process, which means "alive, incarnation unknown".
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        boot_id = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except FileNotFoundError:
        if Path("/proc/self/stat").exists():
            return None  # Linux, and no such process
        return "" if _pid_alive(pid) else None
    # the command name (field 2) may hold spaces and parentheses: fields after the last ')' start at field 3
    fields = stat[stat.rindex(")") + 2:].split()
    if fields[0] == "Z":  # a zombie has finished; only its exit status is left
        return None
    return f"{boot_id}:{fields[19]}"


def _owner_alive(pid: int, token: str) -> bool:
    """Whether the process that started a run is still running."""
    current = _process_token(pid)
    return current is not None and (current == token or "" in (current, token))


def _pid_alive(pid: int) -> bool:
    """Whether a process ``pid`` exists (for systems without /proc)."""
    if sys.platform == "win32":  # os.kill(pid, 0) would terminate it there
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True


# ---- values in and out of the database -----------------------------------------------------------------------

def _check_choice(field: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise RunStoreError("runs.error.bad_choice", field=field, value=value, allowed=", ".join(allowed))


def saved_trained_runs(limit: int, with_model: bool = False) -> pd.DataFrame:
    """``RunStore().trained_runs``, or no runs when there is no usable store: a damaged or unreadable database
    must not take a page down; it only offers fewer saved runs."""
    try:
        return RunStore().trained_runs(limit, with_model=with_model)
    except Exception:
        return pd.DataFrame(columns=["id", "name"])


class RunRecord:
    """One run recorded from its start to its end, for training, the race and the CLI alike.

    A store that fails never stops the work: the failure is kept in ``error`` (a RunStoreError has ``key`` and
    ``params`` for translation) and nothing is raised, so a broken database cannot cost anyone their results.
    """

    def __init__(self, config: dict, kind: str = "train", parent_id: int | None = None, student: str = "",
                 guess: float | None = None):
        self.run_id: int | None = None
        self.error: Exception | None = None
        self._store: RunStore | None = None
        try:
            store = RunStore()
            self.run_id = store.start_run(config, kind=kind, parent_id=parent_id, student=student, guess=guess)
            self._store = store
        except Exception as exc:
            self.error = exc

    def finish(self, status: str, history: pd.DataFrame | None = None, metrics: dict | None = None,
               model=None) -> Exception | None:
        """Record the end (only the first call counts); returns the store's error, if it failed."""
        store, self._store = self._store, None
        if store is None:
            return None
        try:
            store.finish_run(self.run_id, status, history, metrics, model=model)
        except Exception as exc:
            self.error = exc
            return exc
        return None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _parse_time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _json_default(value):
    """JSON for NumPy scalars and arrays, tuples of settings and paths."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return str(value)


def _to_json(value) -> str:
    # NaN and ±inf (a diverged loss) are kept as the NaN/Infinity tokens Python's json reads back
    return json.dumps(value, default=_json_default, ensure_ascii=False)


def _history_to_json(history: pd.DataFrame | None) -> str | None:
    if history is None:
        return None
    return _to_json(history.to_dict(orient="split", index=False))


def _history_from_json(text: str | None) -> pd.DataFrame:
    if not text:
        return pd.DataFrame(columns=HISTORY_COLUMNS)
    table = json.loads(text)
    return pd.DataFrame(table["data"], columns=table["columns"])


def _default_name(run_id: int, config: dict) -> str:
    """'#12 adam · 128 · lr 0.001': the id and the settings people pick runs by (no words to translate)."""
    optimizer = config.get("optimizer") or config.get("optimizers")
    parts = [format_value(value) for value in (optimizer, config.get("layers")) if value]
    if config.get("lr") is not None:
        parts.append(f"lr {format_value(config['lr'])}")
    return f"#{run_id} {' · '.join(parts)}".rstrip()


def _list_row(run_id, name, kind, status, config, metrics, started, ended, parent_id) -> list:
    config, metrics = json.loads(config), json.loads(metrics)
    seconds = metrics.get("seconds")
    if seconds is None and ended:
        seconds = (_parse_time(ended) - _parse_time(started)).total_seconds()
    optimizer = config.get("optimizer") or config.get("optimizers")
    layers = config.get("layers")
    return [run_id, name, kind, status, config.get("dataset"),
            format_value(optimizer) if optimizer else None, format_value(layers) if layers else None,
            config.get("lr"), config.get("epochs"), metrics.get("test_accuracy"),
            started, ended, seconds, parent_id]

