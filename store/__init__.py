"""The DuckDB warehouse: schema, migrations, batched writes and short read-only reads. Imports no Prefect."""

from store.db import (
    DatabaseLocked,
    SchemaMismatch,
    StoreError,
    connect,
    insert_df,
    migrate,
    open_db,
    read_df,
    read_only,
    transaction,
    upsert_df,
)

__all__ = [
    "DatabaseLocked",
    "SchemaMismatch",
    "StoreError",
    "connect",
    "insert_df",
    "migrate",
    "open_db",
    "read_df",
    "read_only",
    "transaction",
    "upsert_df",
]
