"""The run store's one exception, and the SQLite and file errors it stands for."""

from __future__ import annotations

import errno

from dnn_core.errors import PeopleError


class RunStoreError(PeopleError):
    """A run-store failure to show a person; ``key`` and ``params`` give the text in any language."""


# SQLite result-code name prefixes -> error key (the first match wins)
SQLITE_ERROR_KEYS = (
    (("SQLITE_NOTADB", "SQLITE_CORRUPT"), "runs.error.unreadable"),
    (("SQLITE_FULL",), "runs.error.disk_full"),
    (("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH"), "runs.error.unwritable"),
    (("SQLITE_BUSY", "SQLITE_LOCKED"), "runs.error.busy"),
)
ERRNO_KEYS: dict[int | None, str] = {  # keyed by OSError.errno, which may be None
    errno.ENOSPC: "runs.error.disk_full", errno.EDQUOT: "runs.error.disk_full", errno.EACCES: "runs.error.unwritable",
    errno.EPERM: "runs.error.unwritable", errno.EROFS: "runs.error.unwritable"}
