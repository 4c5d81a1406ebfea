"""The dashboard's writes: analyst feedback on evidence, alert status, new weights versions.

Each is one short read-write block (`store.open_db`). DuckDB allows one writing process per file, so while a flow
holds the database a write waits `WRITE_RETRY_SECONDS` and then fails with `ActionError` saying so; nothing is
half-written (each write is one transaction) and the page shows the message instead of a stack trace.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from store import DatabaseLocked, StoreError, insert_df, open_db, transaction

WRITE_RETRY_SECONDS = 3.0
VERDICTS = ("confirm", "reject")
ALERT_STATUSES = ("open", "acknowledged", "resolved")


class ActionError(StoreError):
    """A dashboard write was refused or could not run; the message is meant for the analyst."""


def _busy(path, exc: DatabaseLocked) -> ActionError:
    return ActionError(
        f"The database is busy: a pipeline run is writing to {Path(path).name}. Nothing was saved; "
        f"try again in a minute. ({exc})"
    )


def record_feedback(db, evidence_id: str, verdict: str, analyst: str, comment: str | None = None) -> int:
    """Store an analyst's verdict ('confirm' or 'reject') on one evidence row; return the feedback id."""
    if verdict not in VERDICTS:
        raise ActionError(f"verdict must be one of {VERDICTS}, got {verdict!r}")
    if not analyst:
        raise ActionError("feedback needs an analyst name")
    try:
        with open_db(db, retry_seconds=WRITE_RETRY_SECONDS) as con:
            exists = con.execute("SELECT count(*) FROM evidence WHERE id = ?", [evidence_id]).fetchone()[0]
            if not exists:
                raise ActionError(f"no evidence with id {evidence_id!r}")
            row = con.execute(
                "INSERT INTO feedback (evidence_id, verdict, analyst, comment) VALUES (?, ?, ?, ?) RETURNING id",
                [evidence_id, verdict, analyst, comment or None],
            ).fetchone()
            return int(row[0])
    except DatabaseLocked as exc:
        raise _busy(db, exc) from exc


def set_alert_status(db, alert_id: str, status: str, by: str, note: str | None = None) -> None:
    """Acknowledge, resolve or reopen an alert, recording who and when."""
    if status not in ALERT_STATUSES:
        raise ActionError(f"status must be one of {ALERT_STATUSES}, got {status!r}")
    if not by:
        raise ActionError("changing an alert's status needs an analyst name")
    try:
        with open_db(db, retry_seconds=WRITE_RETRY_SECONDS) as con:
            changed = con.execute(
                """UPDATE alerts SET status = ?, status_by = ?, status_at = current_timestamp, status_note = ?
                   WHERE id = ? RETURNING id""",
                [status, by, note or None, alert_id],
            ).fetchall()
    except DatabaseLocked as exc:
        raise _busy(db, exc) from exc
    if not changed:
        raise ActionError(f"no alert with id {alert_id!r}")


def save_weights_version(
    db,
    name: str,
    body: dict,
    framework_version: str,
    created_by: str,
    description: str | None = None,
    parent: str | None = None,
) -> None:
    """Save `body` as a new, inactive weights version called `name` (names are never overwritten)."""
    name = (name or "").strip()
    if not name or any(c.isspace() for c in name) or len(name) > 64:
        raise ActionError(f"a weights version needs a short name without spaces, got {name!r}")
    if not created_by:
        raise ActionError("saving weights needs an analyst name")
    row = pd.DataFrame([{
        "name": name, "description": description or None, "parent": parent or None,
        "framework_version": framework_version, "body": json.dumps(body, sort_keys=True), "is_active": False,
        "created_by": created_by,
    }])
    try:
        with open_db(db, retry_seconds=WRITE_RETRY_SECONDS) as con:
            with transaction(con):
                taken = con.execute("SELECT count(*) FROM weights WHERE name = ?", [name]).fetchone()[0]
                if taken:
                    raise ActionError(f"a weights version called {name!r} already exists; choose another name")
                insert_df(con, "weights", row)
    except DatabaseLocked as exc:
        raise _busy(db, exc) from exc
