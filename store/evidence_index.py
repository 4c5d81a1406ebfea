"""The country-week evidence index (`evidence_week_index`): evidence narrowed to what a country page lists first
(country, week, risk factor, confidence, id; a document's week is that of `published_at`, or of `fetched_at`
when the publication time is unknown, as scoring counts it) and sorted by country and week, so a read touches one
row group instead of scanning every evidence row.

`refresh(con)` appends the evidence written since the last refresh, or rebuilds the index when that is not enough,
in one transaction, and records the snapshot (`evidence_week_index_state`: evidence row count and newest
`created_at`). Readers call `usable(con)`: the index is exact for that snapshot as long as no
evidence row of the snapshot has been deleted (re-tagging deletes and rewrites a document's rows); rows written
since are found by `created_at > watermark`, which min/max zone maps prune cheaply because new rows are appended.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from store.db import transaction

REFRESH_SQL = """
INSERT INTO evidence_week_index (iso3, week, risk_factor, confidence, evidence_id)
SELECT e.iso3, CAST(date_trunc('week', coalesce(d.published_at, d.fetched_at)) AS DATE) AS week, e.risk_factor,
       e.confidence, e.id
FROM evidence e JOIN documents d ON d.id = e.document_id
WHERE e.iso3 IS NOT NULL {newer}
ORDER BY e.iso3, week, e.confidence DESC, e.id
"""


@dataclass(frozen=True)
class IndexState:
    """What `usable` found: whether the index may be used, and the watermark to read newer rows from."""

    usable: bool
    reason: str
    watermark: dt.datetime | None = None


def refresh(con: duckdb.DuckDBPyConnection, full: bool = False) -> int:
    """Bring the index up to date in one transaction of its own (call it outside one); returns the rows indexed.

    While the index is usable only the evidence written since it was built is appended (cheap: call it after
    every tagging or scoring run); otherwise, or with `full`, it is rebuilt (5M evidence rows: ~8 s CPU), which
    also re-sorts appended rows. Idempotent."""
    state = IndexState(False, "full rebuild asked for") if full else usable(con)
    with transaction(con):
        if state.usable:
            con.execute(REFRESH_SQL.format(newer="AND e.created_at > ?"), [state.watermark])
        else:
            con.execute("DELETE FROM evidence_week_index")
            con.execute(REFRESH_SQL.format(newer=""))
        con.execute("DELETE FROM evidence_week_index_state")
        con.execute("""
            INSERT INTO evidence_week_index_state (refreshed_at, watermark, evidence_rows)
            SELECT current_timestamp::TIMESTAMP, max(created_at), count(*) FROM evidence
        """)
        return con.execute("SELECT count(*) FROM evidence_week_index").fetchone()[0]


def usable(con: duckdb.DuckDBPyConnection) -> IndexState:
    """Whether the index still holds every evidence row of its snapshot (none deleted, none written late)."""
    try:
        row = con.execute("""
            SELECT s.evidence_rows, s.watermark,
                   (SELECT count(*) FROM evidence) AS now_rows,
                   (SELECT count(*) FROM evidence e WHERE e.created_at > s.watermark) AS newer_rows
            FROM evidence_week_index_state s
        """).fetchone()
    except duckdb.CatalogException:
        return IndexState(False, "the database predates the evidence index (run any flow to migrate it)")
    if row is None:
        return IndexState(False, "the evidence index has not been built")
    snapshot, watermark, now_rows, newer = row
    if watermark is None or not snapshot:
        return IndexState(False, "the evidence index was built on an empty evidence table")
    if now_rows - newer != snapshot:
        return IndexState(False, f"evidence changed since the index was built ({snapshot} rows then, "
                                 f"{now_rows - newer} of them now)")
    return IndexState(True, "fresh", watermark)
