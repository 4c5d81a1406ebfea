"""Connections, migrations and batched writes for the Vigil warehouse.

DuckDB lets one process hold a file read-write, and that process blocks every other opener. So writers open the
file for one batch (`open_db` as a context manager) and readers open short read-only connections (`read_only`,
`read_df`) that retry briefly on a lock.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb
import pandas as pd

SCHEMA_FILE = "schema.sql"
VIEWS_FILE = "views.sql"
BASELINE = "0001_baseline"
DOCUMENT_KEYED = ("evidence", "document_countries")  # tables whose rows copy documents.doc_key (migration 0004)


class StoreError(Exception):
    """A problem with the warehouse file or its contents."""


class SchemaMismatch(StoreError):
    """The database was written by a newer Vigil (it records migrations this code does not know)."""


class DatabaseLocked(StoreError):
    """Another process holds the database for writing and did not release it in time."""


@dataclass(frozen=True)
class Migration:
    name: str
    sql: str


def _read_text(name: str) -> str:
    return resources.files("store").joinpath(name).read_text(encoding="utf-8")


def migrations() -> list[Migration]:
    """The ordered migrations: the baseline schema, then store/migrations/NNNN_name.sql in name order."""
    found = [Migration(BASELINE, _read_text(SCHEMA_FILE))]
    folder = resources.files("store").joinpath("migrations")
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".sql"):
            found.append(Migration(entry.name[:-4], entry.read_text(encoding="utf-8")))
    names = [m.name for m in found]
    if len(set(names)) != len(names):
        raise StoreError(f"duplicate migration names: {names}")
    return found


def _is_lock_error(exc: duckdb.Error) -> bool:
    text = str(exc)
    return "lock" in text.lower() and ("Conflicting" in text or "Could not set lock" in text)


def connect(path: str | Path, read_only: bool = False, retry_seconds: float = 5.0) -> duckdb.DuckDBPyConnection:
    """Open a DuckDB connection, retrying on a lock held by another process for up to `retry_seconds`."""
    path = Path(path)
    if read_only and not path.exists():
        raise StoreError(f"database not found: {path} (create it with `vigil init --db {path}`)")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + retry_seconds
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if not _is_lock_error(exc) or time.monotonic() >= deadline:
                if _is_lock_error(exc):
                    raise DatabaseLocked(f"{path} is locked by another process: {exc}") from exc
                raise StoreError(f"cannot open {path}: {exc}") from exc
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


def applied_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    ).fetchone()[0]
    if not exists:
        return []
    return [r[0] for r in con.execute("SELECT name FROM schema_migrations ORDER BY name").fetchall()]


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply every pending migration, each in one transaction with the row that records it; return their names.

    Raises SchemaMismatch if the database records migrations this code does not know (written by a newer Vigil).
    """
    known = migrations()
    done = applied_migrations(con)
    unknown = sorted(set(done) - {m.name for m in known})
    if unknown:
        raise SchemaMismatch(
            f"this database was written by a newer Vigil (unknown migrations: {', '.join(unknown)}); upgrade Vigil"
        )
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP NOT NULL)"
    )
    applied = []
    for m in known:
        if m.name in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(m.sql)
            con.execute("INSERT INTO schema_migrations VALUES (?, current_timestamp)", [m.name])
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StoreError(f"migration {m.name} failed: {exc}") from exc
        applied.append(m.name)
    # Views are cheap to recreate, so every writer brings them up to date with this code.
    con.execute(_read_text(VIEWS_FILE))
    return applied


@contextmanager
def open_db(path: str | Path, retry_seconds: float = 30.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection with the schema migrated, closed on exit. Keep the block short."""
    con = connect(path, read_only=False, retry_seconds=retry_seconds)
    try:
        migrate(con)
        yield con
    finally:
        con.close()


@contextmanager
def read_only(path: str | Path, retry_seconds: float = 5.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short read-only connection, closed on exit; retries briefly if a writer holds the file."""
    con = connect(path, read_only=True, retry_seconds=retry_seconds)
    try:
        yield con
    finally:
        con.close()


def read_df(path: str | Path, sql: str, params: Sequence | dict | None = None, retry_seconds: float = 5.0) -> pd.DataFrame:
    """Run one query on a short read-only connection and return a DataFrame."""
    with read_only(path, retry_seconds=retry_seconds) as con:
        return con.execute(sql, params or []).df()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN … COMMIT, rolled back on any error, so a batch is written whole or not at all."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position", [table]
    ).fetchall()
    if not rows:
        raise StoreError(f"unknown table: {table}")
    return [r[0] for r in rows]


def insert_df(con: duckdb.DuckDBPyConnection, table: str, df, on_conflict: str = "error",
              document_keys: pd.DataFrame | None = None) -> int:
    """Insert a DataFrame (or a pyarrow Table, which DuckDB scans faster than a frame of Python strings) in one
    statement, matching columns by name (columns not given take their defaults). Rows of `DOCUMENT_KEYED` tables
    get their document's integer key (`doc_key`, migration 0004) in the same statement: from `document_keys`
    (`document_id`, `doc_key`, as read from this database with the batch's documents: a lookup in a few hundred
    rows) or else by a join with all of `documents`.

    on_conflict: "error", "ignore" (INSERT OR IGNORE) or "replace" (INSERT OR REPLACE). Returns rows offered.
    """
    if df is None or len(df) == 0:
        return 0
    names = list(df.columns) if isinstance(df, pd.DataFrame) else list(df.column_names)
    cols = _columns(con, table)
    extra = [c for c in names if c not in cols]
    if extra:
        raise StoreError(f"columns not in {table}: {extra}")
    verb = {"error": "INSERT", "ignore": "INSERT OR IGNORE", "replace": "INSERT OR REPLACE"}[on_conflict]
    col_list = ", ".join(f'"{c}"' for c in names)
    select = f"SELECT {col_list} FROM _vigil_batch"
    if "doc_key" in names and table in ("documents", *DOCUMENT_KEYED):
        raise StoreError(f"{table}.doc_key is assigned by the store (documents: from document_key_seq; "
                         "evidence, document_countries: their document's); do not supply it")
    if table in DOCUMENT_KEYED and "doc_key" in cols:
        batch_cols = ", ".join(f'b."{c}"' for c in names)
        keys = "_vigil_keys d ON d.document_id" if document_keys is not None else "documents d ON d.id"
        select = f"SELECT {batch_cols}, d.doc_key FROM _vigil_batch b LEFT JOIN {keys} = b.document_id"
        col_list += ", doc_key"
        if document_keys is not None:
            con.register("_vigil_keys", document_keys)
    con.register("_vigil_batch", df)
    try:
        con.execute(f"{verb} INTO {table} ({col_list}) {select}")
    finally:
        con.unregister("_vigil_batch")
        if document_keys is not None:
            con.unregister("_vigil_keys")
    return len(df)


def upsert_df(con: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame) -> int:
    """Insert or replace rows by primary key, in one statement."""
    return insert_df(con, table, df, on_conflict="replace")
