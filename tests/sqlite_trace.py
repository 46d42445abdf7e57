"""Every SQL statement a piece of code sends through sqlite3, for tests and benchmarks that count queries."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager


@contextmanager
def traced_statements():
    """Within the block, every connection sqlite3.connect opens logs its statements into the list yielded."""
    statements: list[str] = []
    connect = sqlite3.connect

    def traced(*args, **kwargs):
        con = connect(*args, **kwargs)
        con.set_trace_callback(statements.append)
        return con

    sqlite3.connect = traced
    try:
        yield statements
    finally:
        sqlite3.connect = connect
