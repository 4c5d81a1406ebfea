"""The dashboard's writes: analyst feedback on evidence, alert status, new weights versions.

Each is one short read-write block (`store.open_db`). DuckDB allows one writing process per file, so while a flow
holds the database a write waits `WRITE_RETRY_SECONDS` and then fails with `ActionError` saying so; nothing is
half-written (each write is one transaction) and the page shows the message instead of a stack trace.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from store import DatabaseLocked, StoreError, open_db

WRITE_RETRY_SECONDS = 3.0
VERDICTS = ("confirm", "reject")
ALERT_STATUSES = ("open", "acknowledged", "resolved")


class ActionError(StoreError):
    """A dashboard write was refused or could not run; the message is meant for the analyst."""


def _busy(path, exc: Exception) -> ActionError:
    return ActionError(
        f"The database is busy: a pipeline run is writing to {Path(path).name}. Nothing was saved; "
        f"try again in a minute. ({exc})"
    )


@contextmanager
def _writing(db) -> Iterator[duckdb.DuckDBPyConnection]:
    """One short read-write block; a held lock or any database error becomes an ActionError."""
    from dashboard.queries import release

    release()  # this thread's shared read-only connection would block the write
    try:
        with open_db(db, retry_seconds=WRITE_RETRY_SECONDS) as con:
            yield con
    except DatabaseLocked as exc:
        raise _busy(db, exc) from exc
    except duckdb.ConnectionException as exc:  # this process already has the file open another way
        raise _busy(db, exc) from exc
    except ActionError:
        raise
    except (StoreError, duckdb.Error) as exc:
        raise ActionError(f"Nothing was saved: {exc}") from exc


def record_feedback(db, evidence_id: str, verdict: str, analyst: str, comment: str | None = None) -> int:
    """Store an analyst's verdict ('confirm' or 'reject') on one evidence row; return the feedback id."""
    if verdict not in VERDICTS:
        raise ActionError(f"verdict must be one of {VERDICTS}, got {verdict!r}")
    if not analyst:
        raise ActionError("feedback needs an analyst name")
    with _writing(db) as con:
        if not con.execute("SELECT count(*) FROM evidence WHERE id = ?", [evidence_id]).fetchone()[0]:
            raise ActionError(f"no evidence with id {evidence_id!r}")
        row = con.execute(
            "INSERT INTO feedback (evidence_id, verdict, analyst, comment) VALUES (?, ?, ?, ?) RETURNING id",
            [evidence_id, verdict, analyst, comment or None],
        ).fetchone()
    return int(row[0])


def set_alert_status(db, alert_id: str, status: str, by: str, note: str | None = None) -> dict:
    """Acknowledge, resolve or reopen an alert, recording who and when (`risk_framework.alerts.set_alert_status`
    on a short connection that gives up quickly when a flow holds the database)."""
    from risk_framework.alerts import AlertError
    from risk_framework.alerts import set_alert_status as set_status

    if not by:
        raise ActionError("changing an alert's status needs an analyst name")
    try:
        with _writing(db) as con:
            return set_status(con, alert_id, status, by, note or None)
    except AlertError as exc:
        raise ActionError(str(exc)) from exc


def save_weights_version(
    db,
    name: str,
    body: dict,
    created_by: str,
    description: str | None = None,
    parent: str | None = None,
) -> None:
    """Validate `body` and save it as a new, inactive weights version called `name` (names are never reused);
    `risk_framework.weights` resolves it against the framework and records the framework version."""
    from risk_framework import default_framework
    from risk_framework.weights import WeightsError, parse_weights, save_version

    name = (name or "").strip()
    if not name or any(c.isspace() for c in name) or len(name) > 64:
        raise ActionError(f"a weights version needs a short name without spaces, got {name!r}")
    if not created_by:
        raise ActionError("saving weights needs an analyst name")
    framework = default_framework()
    try:
        weights = parse_weights(body, framework, origin=f"weights version {name!r}")
        with _writing(db) as con:
            save_version(con, name, weights, framework=framework, parent=parent, description=description or None,
                         created_by=created_by)
    except WeightsError as exc:
        raise ActionError(str(exc)) from exc
