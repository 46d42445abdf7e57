"""The run store's tables, its schema version and the steps that upgrade an older file."""

SCHEMA_VERSION = 4
KINDS = ("train", "race", "twin")
END_STATUSES = ("finished", "stopped", "failed")
STATUSES = ("running", *END_STATUSES, "interrupted")
LIST_COLUMNS = ["id", "name", "kind", "status", "dataset", "optimizer", "layers", "lr", "lr_schedule", "epochs",
                "test_accuracy", "started_at", "ended_at", "seconds", "parent_id"]
BOARD_COLUMNS = ["id", "name", "student", "guess", "status", "config", "test_accuracy", "seconds", "ended_at",
                 "class_accuracy", "class_count"]  # class_*: the run's score on the class's own handwriting

# The classroom's shared settings: the teacher's current lesson and pinned run (key -> JSON value)
_SETTINGS_TABLE = """CREATE TABLE IF NOT EXISTS settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )"""
_LINK_INDEX = "CREATE INDEX IF NOT EXISTS runs_by_link ON runs (link) WHERE link IS NOT NULL"
# The class's own handwriting (dnn_core.classroom.handwriting): digits drawn on Draw & Predict and added by their
# writers
_DRAWINGS_TABLE = """CREATE TABLE IF NOT EXISTS drawings (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        label       INTEGER NOT NULL CHECK (label BETWEEN 0 AND 9),  -- the digit its writer says it is
        image       BLOB    NOT NULL,                -- 784 bytes: the 28×28 uint8 image the model read
        sketch      BLOB    NOT NULL,                -- the drawing as drawn, reduced to 56×56, for the gallery
        name        TEXT    NOT NULL DEFAULT '',     -- the name the student gave; '' = none
        writer      TEXT    NOT NULL,                -- who drew it (the split): name:<name> or session:<hash>
        session     TEXT    NOT NULL,                -- a hash of the browser session: the limits per session
        created_at  REAL    NOT NULL,                -- seconds since the epoch (UTC), to the microsecond
        approved    INTEGER NOT NULL DEFAULT 0,      -- 1: the teacher let the gallery show it
        hidden      INTEGER NOT NULL DEFAULT 0       -- 1: hidden: out of the gallery, every score and training
    )"""
_DRAWINGS_INDEX = "CREATE INDEX IF NOT EXISTS drawings_by_session ON drawings (session, created_at)"
SCHEMA = (
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
        hidden      INTEGER NOT NULL DEFAULT 0,      -- 1: the teacher took it off the Class board (kept in history)
        link        TEXT                             -- sha256 of the job id in the page's ?job= link, or NULL
    )""",
    "CREATE INDEX IF NOT EXISTS runs_by_status ON runs (status)",
    _LINK_INDEX,
    _SETTINGS_TABLE,
    _DRAWINGS_TABLE,
    _DRAWINGS_INDEX,
)
# Each step takes a file from version i + 1 to i + 2; a new file gets SCHEMA at once.
MIGRATIONS = (
    ("ALTER TABLE runs ADD COLUMN student TEXT NOT NULL DEFAULT ''",
     "ALTER TABLE runs ADD COLUMN guess REAL",
     "ALTER TABLE runs ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0",
     _SETTINGS_TABLE),
    ("ALTER TABLE runs ADD COLUMN link TEXT", _LINK_INDEX),  # version 3: a job's link finds its runs
    (_DRAWINGS_TABLE, _DRAWINGS_INDEX),  # version 4: the class's own handwriting
)
