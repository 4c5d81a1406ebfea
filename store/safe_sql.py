"""Read-only SQL for researchers: one statement at a time, only queries, no file or network access.

Used by `vigil sql` and the dashboard's Query page. Three independent locks: the statement type is checked
before anything runs, the connection is opened read-only, and external access is disabled with the
configuration locked so a query can neither read local files, reach the network, nor change settings.
"""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import pandas as pd

from store.db import StoreError, read_only

ALLOWED = {"SELECT", "EXPLAIN"}


class QueryRefused(StoreError):
    """The SQL would write, change settings, or touch something outside the database."""


class QueryTimeout(StoreError):
    """The query ran past its time limit and was interrupted."""


def check_read_only(sql: str) -> None:
    """Raise QueryRefused unless `sql` is exactly one SELECT (or EXPLAIN) statement."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryRefused(f"could not parse the query: {exc}") from exc
    if not statements:
        raise QueryRefused("empty query")
    if len(statements) > 1:
        raise QueryRefused(f"one statement at a time, got {len(statements)}")
    kind = statements[0].type.name
    if kind not in ALLOWED:
        raise QueryRefused(f"only read-only queries are allowed; refused a {kind} statement")


def run_query(path: str | Path, sql: str, timeout: float = 30.0, max_rows: int | None = None) -> pd.DataFrame:
    """Run one read-only query against the database at `path` with a time limit; return the result."""
    check_read_only(sql)
    with read_only(path) as con:
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        timer = threading.Timer(timeout, con.interrupt)
        timer.start()
        try:
            df = con.execute(sql).df()
        except duckdb.InterruptException as exc:
            raise QueryTimeout(f"query stopped after {timeout:g} s") from exc
        except duckdb.Error as exc:
            raise StoreError(f"query failed: {exc}") from exc
        finally:
            timer.cancel()
    return df.head(max_rows) if max_rows else df
