"""Read-only queries behind the digest and the notes. Each takes an open read-only connection and returns a frame.

Scores are read for one weights version: the active one, else the most recently computed one, so a database
scored before any weights row was activated still reports.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

import duckdb
import pandas as pd

_WEIGHTS = """
    coalesce((SELECT weights_version FROM active_weights),
             (SELECT weights_version FROM country_scores ORDER BY computed_at DESC LIMIT 1))
"""


def weights_version(con: duckdb.DuckDBPyConnection) -> str | None:
    """The weights version the reports read scores for (None when nothing is scored)."""
    return con.execute(f"SELECT {_WEIGHTS}").fetchone()[0]


def alerts_for_week(con: duckdb.DuckDBPyConnection, week: date) -> pd.DataFrame:
    """Alerts raised for `week`, escalations first, then by level reached and score."""
    return con.execute(
        f"""
        SELECT a.*, coalesce(a.country, a.iso3) AS country_name,
               coalesce(a.level_to, 0) - coalesce(a.level_from, 0) AS level_step
        FROM alerts_view a
        WHERE a.week = ? AND (a.weights_version = {_WEIGHTS} OR {_WEIGHTS} IS NULL)
          AND a.status <> 'dismissed'
        ORDER BY (coalesce(a.level_to, 0) > coalesce(a.level_from, 0)) DESC, a.level_to DESC NULLS LAST,
                 a.score DESC NULLS LAST, a.iso3, a.kind
        """,
        [week],
    ).df()


def weekly_levels(con: duckdb.DuckDBPyConnection, week: date) -> pd.DataFrame:
    """Every country scored for `week`: level, score, evidence count, and last week's level (NULL if unscored)."""
    return con.execute(
        f"""
        WITH s AS (
            SELECT iso3, week, level, score, evidence_count, outlets
            FROM country_scores
            WHERE dimension = 'overall' AND weights_version = {_WEIGHTS} AND week IN (?, ?)
        )
        SELECT cur.iso3, coalesce(c.name, cur.iso3) AS country, cur.level, cur.score, cur.evidence_count,
               cur.outlets, prev.level AS previous_level, prev.score AS previous_score
        FROM s cur
        LEFT JOIN s prev ON prev.iso3 = cur.iso3 AND prev.week = ?
        LEFT JOIN countries c ON c.iso3 = cur.iso3
        WHERE cur.week = ?
        ORDER BY cur.level DESC NULLS LAST, cur.score DESC, cur.iso3
        """,
        [week, week - timedelta(days=7), week - timedelta(days=7), week],
    ).df()


def country_trend(con: duckdb.DuckDBPyConnection, iso3: str, last_week: date, weeks: int) -> pd.DataFrame:
    """The country's overall score and level for the `weeks` weeks ending with `last_week`, oldest first."""
    return con.execute(
        f"""
        SELECT week, level, score, evidence_count, outlets, baseline, surge, weights_version, scoring_version
        FROM country_scores
        WHERE dimension = 'overall' AND weights_version = {_WEIGHTS} AND iso3 = ? AND week BETWEEN ? AND ?
        ORDER BY week
        """,
        [iso3, last_week - timedelta(days=7 * (weeks - 1)), last_week],
    ).df()


def report_weights(con: duckdb.DuckDBPyConnection):
    """The weights of the version the reports read scores for (`weights_version`), else the shipped default."""
    from risk_framework.weights import UnknownWeights, default_weights, get_version

    name = weights_version(con)
    if name:
        try:
            return get_version(con, name)
        except UnknownWeights:
            pass
    return default_weights()


def evidence(
    con: duckdb.DuckDBPyConnection, iso3s: Sequence[str], start: date, end: date, weights=None
) -> pd.DataFrame:
    """Evidence about `iso3s` dated in [start, end) (`dated_at`: published, or fetched when undated, as scoring
    counts it), strongest first; pieces whose latest analyst verdict is 'reject' are left out, as scoring leaves
    them out.

    Strength is what the piece adds to its score before corroboration and decay, with `weights` (default:
    `report_weights`), as scoring weighs it: confidence (`confirm_confidence` once an analyst confirmed it) x
    indicator weight x source weight (by source name, else kind, else default). Pieces weighted to nothing are
    behind no score and are left out. Ties go to the more recent piece.
    """
    if not iso3s:
        return pd.DataFrame()
    rows = con.execute(
        """
        SELECT e.evidence_id, e.iso3, e.indicator_id, e.indicator_label, e.risk_factor, e.confidence,
               e.sentence, e.title, e.url, coalesce(e.outlet, e.source) AS outlet, e.published_at, e.dated_at,
               e.story_id, e.synthetic, e.confirmations, e.rejections, e.latest_verdict, e.source,
               s.kind AS source_kind
        FROM evidence_view e
        LEFT JOIN sources s ON s.name = e.source
        WHERE e.iso3 IN (SELECT unnest(?::VARCHAR[]))
          AND e.dated_at >= ? AND e.dated_at < ?
          AND e.latest_verdict IS DISTINCT FROM 'reject'
        """,
        [list(iso3s), start, end],
    ).df()
    w = weights or report_weights(con)
    confidence = rows.confidence.where(rows.latest_verdict != "confirm", w.aggregation.confirm_confidence)
    indicator = rows.indicator_id.map(w.indicators).fillna(1.0)
    source = (rows.source.map(w.sources.name).fillna(rows.source_kind.map(w.sources.kind))
              .fillna(w.sources.default))
    rows["strength"] = (confidence * indicator * source).astype(float)
    rows = rows[rows.strength > 0].drop(columns=["source_kind"])
    return rows.sort_values(["iso3", "strength", "dated_at", "evidence_id"],
                            ascending=[True, False, False, True]).reset_index(drop=True)


def strongest(ev: pd.DataFrame, iso3: str, n: int, prefer: Iterable[str] = ()) -> pd.DataFrame:
    """The `n` strongest pieces for one country, one per story, pieces an alert cites (`prefer`) first."""
    if ev.empty:
        return ev
    rows = ev[ev.iso3 == iso3].copy()
    rows["_preferred"] = rows.evidence_id.isin(set(prefer))
    rows = rows.sort_values(["_preferred", "strength", "dated_at"], ascending=[False, False, False])
    rows = rows.drop_duplicates("story_id")
    return rows.head(n).drop(columns="_preferred")


def structural(con: duckdb.DuckDBPyConnection, iso3s: Sequence[str]) -> pd.DataFrame:
    """Latest structural-risk rows for `iso3s` (empty when the model has not been run)."""
    if not iso3s:
        return pd.DataFrame(columns=["iso3", "year", "risk", "rank", "model_version", "ranked"])
    return con.execute(
        """
        SELECT iso3, year, risk, rank, model_version, (SELECT count(*) FROM structural_risk_latest) AS ranked
        FROM structural_risk_latest WHERE iso3 IN (SELECT unnest(?::VARCHAR[]))
        """,
        [list(iso3s)],
    ).df()


def synthetic_share(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """(synthetic documents, all documents): a banner marks reports built on the demo corpus."""
    row = con.execute("SELECT count(*) FILTER (WHERE synthetic), count(*) FROM documents").fetchone()
    return int(row[0]), int(row[1])


def country_name(con: duckdb.DuckDBPyConnection, iso3: str) -> str | None:
    """The country's name from the reference table, or None for an unknown code."""
    row = con.execute("SELECT name FROM countries WHERE iso3 = ?", [iso3]).fetchone()
    return row[0] if row else None


def level_names(con: duckdb.DuckDBPyConnection, version: str | None) -> dict[int, str]:
    """Level names (1 → "Low" …) of weights `version`; empty when the version is missing or does not validate."""
    if not version:
        return {}
    from risk_framework.weights import WeightsError, get_version

    try:
        names = get_version(con, version).levels.names
    except WeightsError:
        return {}
    return {n: name for n, name in enumerate(names, start=1)}
