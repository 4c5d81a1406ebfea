"""Every SQL the dashboard runs, each a plain function `fn(db, ...) -> DataFrame`, cached for the pages.

Pages call the decorated functions: results are cached with `st.cache_data` keyed on the database path, the file's
modification time (so a flow's write shows on the next rerun) and the arguments, with a short TTL. A page run
wraps its queries in `reading(db)`: the cache misses of that run share one read-only connection, closed when the
run ends, so no connection outlives a rerun and a flow can write between reruns. Outside `reading`, each query opens
and closes its own. `fn.uncached(db, ...)` runs the SQL directly (benchmarks, tests).

Scores come from the active weights version (the `active_weights` view), falling back to the most recently
computed version when none is flagged active.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import streamlit as st

from store import read_only

TTL_SECONDS = 30
READ_RETRY_SECONDS = 2.0
EVIDENCE_PAGE_SIZE = 10  # cards per page: each costs a key lookup in a different row group on first paint
TREND_WEEKS = 12

_REGISTRY: dict[str, Callable[..., pd.DataFrame]] = {}


def db_stamp(db: str | Path) -> tuple[float, float]:
    """Modification times of the database file and its WAL: part of every cache key."""
    out = []
    for p in (Path(db), Path(f"{db}.wal")):
        try:
            out.append(os.stat(p).st_mtime)
        except OSError:
            out.append(0.0)
    return out[0], out[1]


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=512)
def _cached_call(name: str, db: str, stamp: tuple, args: tuple, kwargs: tuple) -> pd.DataFrame:
    return _REGISTRY[name](db, *args, **dict(kwargs))


def query(fn: Callable[..., pd.DataFrame]) -> Callable[..., pd.DataFrame]:
    """Register `fn(db, ...)` and return its cached form (with `.uncached` for direct calls)."""
    _REGISTRY[fn.__name__] = fn

    @functools.wraps(fn)
    def wrapper(db, *args, **kwargs):
        return _cached_call(fn.__name__, str(db), db_stamp(db), args, tuple(sorted(kwargs.items())))

    wrapper.uncached = fn
    return wrapper


_local = threading.local()


@contextmanager
def reading(db) -> Iterator[None]:
    """Let the queries of one page run share one read-only connection, opened at the first cache miss and
    closed when the block ends (never across reruns). Writes call `release()` first."""
    _local.wanted = str(db)
    try:
        yield
    finally:
        release()
        _local.wanted = None


def release() -> None:
    """Close this thread's shared read connection, if any (before a write, or at the end of a page)."""
    stack = getattr(_local, "stack", None)
    if stack is not None:
        _local.stack = None
        stack.__exit__(None, None, None)


@contextmanager
def _connection(db) -> Iterator:
    """The page run's shared read-only connection inside `reading(db)`, else a short one of its own."""
    if getattr(_local, "wanted", None) == str(db):
        if getattr(_local, "stack", None) is None:
            stack = read_only(db, retry_seconds=READ_RETRY_SECONDS)
            _local.con = stack.__enter__()
            _local.stack = stack
        yield _local.con
        return
    with read_only(db, retry_seconds=READ_RETRY_SECONDS) as con:
        yield con


def _df(db, sql: str, params: list | None = None) -> pd.DataFrame:
    with _connection(db) as con:
        return con.execute(sql, params or []).df()


# The weights version whose scores are shown.
_AW = """aw AS (
    SELECT coalesce(
        (SELECT weights_version FROM active_weights),
        (SELECT weights_version FROM country_scores ORDER BY computed_at DESC LIMIT 1)
    ) AS v
)"""


# ------------------------------------------------------------------ whole database


@query
def db_status(db) -> pd.DataFrame:
    """One row: counts that decide empty states, whether the data is synthetic, the weights version shown."""
    return _df(db, f"""
        WITH {_AW}
        SELECT
            (SELECT count(*) FROM documents) AS documents,
            (SELECT count(*) FROM evidence) AS evidence,
            (SELECT count(*) FROM country_scores) AS scores,
            (SELECT count(*) FROM alerts WHERE status = 'open') AS open_alerts,
            (SELECT count(*) FROM sources) AS sources,
            (SELECT count(*) FROM structural_risk) AS structural_rows,
            coalesce((SELECT bool_or(synthetic) FROM sources), false)
              OR EXISTS (SELECT 1 FROM documents WHERE synthetic) AS synthetic,
            (SELECT v FROM aw) AS weights_version
    """)


@query
def weights_body(db, name: str) -> pd.DataFrame:
    """The stored body (JSON text) of one weights version; no rows when there is no such version."""
    return _df(db, "SELECT CAST(body AS VARCHAR) AS body FROM weights WHERE name = ?", [name])


@query
def weeks(db) -> pd.DataFrame:
    """Scored weeks (active weights), newest first."""
    return _df(db, f"""
        WITH {_AW}
        SELECT DISTINCT week FROM country_scores, aw
        WHERE dimension = 'overall' AND weights_version = aw.v
        ORDER BY week DESC
    """)


# ------------------------------------------------------------------ overview


@query
def ranking(db, week: dt.date, dimension: str = "overall", trend_weeks: int = TREND_WEEKS) -> pd.DataFrame:
    """Countries scored in `week`: overall level, change since the week before, `dimension` score, a trend of
    `dimension` scores over the last `trend_weeks` weeks, and the latest structural risk and rank when present."""
    return _df(db, f"""
        WITH {_AW},
        s AS (
            SELECT iso3, week, dimension, score, level, evidence_count
            FROM country_scores, aw
            WHERE weights_version = aw.v
              AND week BETWEEN CAST(? AS DATE) - INTERVAL (? * 7) DAY AND CAST(? AS DATE)
              AND dimension IN ('overall', ?)
        ),
        cur AS (SELECT iso3, level, evidence_count FROM s WHERE dimension = 'overall' AND week = CAST(? AS DATE)),
        dim AS (SELECT iso3, score FROM s WHERE dimension = ? AND week = CAST(? AS DATE)),
        prev AS (
            SELECT iso3, level AS previous_level FROM s
            WHERE dimension = 'overall' AND week = CAST(? AS DATE) - INTERVAL 7 DAY
        ),
        trend AS (SELECT iso3, list(score ORDER BY week) AS trend FROM s WHERE dimension = ? GROUP BY iso3)
        SELECT
            cur.iso3,
            coalesce(c.name, cur.iso3) AS country,
            cur.level,
            prev.previous_level,
            cur.level - prev.previous_level AS level_change,
            dim.score,
            cur.evidence_count,
            trend.trend,
            sr.risk AS structural_risk,
            sr.rank AS structural_rank,
            sr.year AS structural_year
        FROM cur
        LEFT JOIN dim USING (iso3)
        LEFT JOIN prev USING (iso3)
        LEFT JOIN trend USING (iso3)
        LEFT JOIN countries c ON c.iso3 = cur.iso3
        LEFT JOIN structural_risk_latest sr ON sr.iso3 = cur.iso3
        ORDER BY cur.level DESC NULLS LAST, dim.score DESC NULLS LAST, country
    """, [week, trend_weeks - 1, week, dimension, week, dimension, week, week, dimension])


@query
def latest_alerts(db, limit: int = 10, status: str | None = "open") -> pd.DataFrame:
    """The newest alerts (open ones by default)."""
    where = "WHERE status = ?" if status else ""
    params = [status] if status else []
    return _df(db, f"""
        SELECT id, iso3, country, week, kind, dimension, level_from, level_to, score, reason, evidence_ids,
               status, status_by, status_at, status_note, created_at
        FROM alerts_view {where}
        ORDER BY week DESC, created_at DESC, id
        LIMIT {int(limit)}
    """, params)


# ------------------------------------------------------------------ country


@query
def scored_countries(db) -> pd.DataFrame:
    """Countries with at least one score (active weights), highest latest level first."""
    return _df(db, f"""
        WITH {_AW}
        SELECT s.iso3, coalesce(c.name, s.iso3) AS country, arg_max(s.level, s.week) AS level
        FROM country_scores s JOIN aw ON s.weights_version = aw.v
        LEFT JOIN countries c ON c.iso3 = s.iso3
        WHERE s.dimension = 'overall'
        GROUP BY ALL
        ORDER BY level DESC NULLS LAST, country
    """)


@query
def country_history(db, iso3: str) -> pd.DataFrame:
    """Every scored week of one country: overall and crime-type scores and the overall level."""
    return _df(db, f"""
        WITH {_AW}
        SELECT s.week, s.dimension, s.score, s.level, s.evidence_count, s.outlets, s.surge, s.baseline
        FROM country_scores s JOIN aw ON s.weights_version = aw.v
        WHERE s.iso3 = ? AND NOT regexp_matches(s.dimension, '^RF[0-9]+$')
        ORDER BY s.week, s.dimension
    """, [iso3])


# a document's week is that of published_at, or of fetched_at when the publication time is unknown (as scoring)
_WEEK_DOCS = """SELECT id FROM documents
              WHERE coalesce(published_at, fetched_at) >= CAST(? AS DATE)
                AND coalesce(published_at, fetched_at) < CAST(? AS DATE) + INTERVAL 7 DAY"""


_WEEK_SCAN = f"""SELECT e.id, e.risk_factor, e.confidence FROM evidence e
        WHERE e.iso3 = ? AND e.document_id IN ({_WEEK_DOCS})"""


@query
def week_evidence(db, iso3: str, week: dt.date, use_index: bool = True) -> pd.DataFrame:
    """Narrow rows (id, risk_factor, confidence) of every evidence sentence about `iso3` in documents of `week`
    (published then, or fetched then when undated: the week scoring counts them in), strongest first: they feed
    both the factor breakdown and the evidence pages.

    Read from the sorted country-week index (`store.evidence_index`) plus the evidence written since it was built,
    while the index is exact; otherwise (or with `use_index=False`) by scanning all evidence of the country: the
    same rows, slower."""
    from store.evidence_index import IndexState, usable

    with _connection(db) as con:
        state = usable(con) if use_index else IndexState(False, "not asked to")
        if state.usable:
            sql = f"""
                SELECT evidence_id AS id, risk_factor, confidence FROM evidence_week_index
                WHERE iso3 = ? AND week = CAST(? AS DATE)
                UNION ALL
                {_WEEK_SCAN} AND e.created_at > ?
                ORDER BY confidence DESC, id
            """
            params = [iso3, week, iso3, week, week, state.watermark]
        else:
            sql = f"{_WEEK_SCAN} ORDER BY e.confidence DESC, e.id"
            params = [iso3, week, week]
        return con.execute(sql, params).df()


@query
def factor_scores(db, iso3: str, week: dt.date) -> pd.DataFrame:
    """Risk-factor scores (dimensions RF1…RF14) of one country and week."""
    return _df(db, f"""
        WITH {_AW}
        SELECT CAST(substr(s.dimension, 3) AS INTEGER) AS risk_factor, s.score, s.raw, s.surge, s.baseline,
               s.evidence_count, s.outlets
        FROM country_scores s JOIN aw ON s.weights_version = aw.v
        WHERE s.iso3 = ? AND s.week = CAST(? AS DATE) AND regexp_matches(s.dimension, '^RF[0-9]+$')
        ORDER BY risk_factor
    """, [iso3, week])


def factor_breakdown(scores: pd.DataFrame, evidence: pd.DataFrame) -> pd.DataFrame:
    """Factor scores joined with the evidence rows counted per factor this week (either side may be missing)."""
    counts = (evidence.groupby("risk_factor").agg(evidence_rows=("id", "size"), confidence_sum=("confidence", "sum"))
              .reset_index() if len(evidence) else pd.DataFrame(columns=["risk_factor", "evidence_rows",
                                                                         "confidence_sum"]))
    cols = ["risk_factor", "score", "raw", "surge", "baseline", "evidence_count", "outlets"]
    scores = scores[cols] if len(scores) else pd.DataFrame(columns=cols)
    out = scores.astype({"risk_factor": "int64"}).merge(counts.astype({"risk_factor": "int64"}), on="risk_factor",
                                                          how="outer")
    out["evidence_rows"] = out["evidence_rows"].fillna(0).astype(int)
    return out.sort_values("risk_factor").reset_index(drop=True)


def evidence_ids(evidence: pd.DataFrame, risk_factor: int | None, limit: int, offset: int) -> tuple[str, ...]:
    """The ids of one page of `week_evidence` rows (already strongest first), optionally for one risk factor."""
    rows = evidence if risk_factor is None else evidence[evidence["risk_factor"] == int(risk_factor)]
    return tuple(rows["id"].iloc[offset:offset + limit])


@query
def evidence_details(db, ids: tuple[str, ...]) -> pd.DataFrame:
    """Sentences, documents and analyst feedback of the given evidence rows, strongest first.

    Evidence and documents are looked up by primary key with IN lists of constants (which use the keys' indexes;
    a join would scan); feedback is aggregated once for the whole list."""
    if not ids:
        return pd.DataFrame(columns=["evidence_id", "document_id", "sentence", "confidence"])
    ids = list(ids)
    marks = ", ".join("?" * len(ids))
    with _connection(db) as con:
        rows = con.execute(f"""
            WITH e AS (
                SELECT id, document_id, indicator_id, risk_factor, confidence, method, sentence, sentence_start,
                       span_start, span_end, cues, framework_version
                FROM evidence WHERE id IN ({marks})
            ), fb AS (
                SELECT evidence_id,
                       count(*) FILTER (WHERE verdict = 'confirm') AS confirmations,
                       count(*) FILTER (WHERE verdict = 'reject') AS rejections,
                       arg_max(verdict || ' by ' || analyst, id) AS latest_verdict  -- by id, as scoring
                FROM feedback WHERE evidence_id IN ({marks}) GROUP BY evidence_id
            )
            SELECT e.id AS evidence_id, e.document_id, e.indicator_id, e.risk_factor, e.confidence, e.method,
                   e.sentence, e.sentence_start, e.span_start, e.span_end, e.cues, e.framework_version,
                   i.label AS indicator_label, coalesce(fb.confirmations, 0) AS confirmations,
                   coalesce(fb.rejections, 0) AS rejections, fb.latest_verdict
            FROM e
            LEFT JOIN fb ON fb.evidence_id = e.id
            LEFT JOIN indicators i ON i.indicator_id = e.indicator_id AND i.framework_version = e.framework_version
        """, ids + ids).df()
        doc_ids = sorted(set(rows["document_id"]))
        if doc_ids:
            docs = con.execute(f"""
                SELECT id AS document_id, title, url, outlet, source, published_at, story_id, synthetic
                FROM documents WHERE id IN ({", ".join("?" * len(doc_ids))})
            """, doc_ids).df()
        else:
            docs = pd.DataFrame(columns=["document_id", "title", "url", "outlet", "source", "published_at",
                                         "story_id", "synthetic"])
    out = rows.merge(docs, on="document_id", how="left")
    return out.sort_values(["confidence", "evidence_id"], ascending=[False, True]).reset_index(drop=True)


@query
def evidence_by_ids(db, ids: tuple[str, ...]) -> pd.DataFrame:
    """Evidence rows by id (an alert's strongest evidence), with their documents."""
    if not ids:
        return pd.DataFrame(columns=["evidence_id"])
    return _df(db, """
        SELECT e.id AS evidence_id, e.iso3, e.indicator_id, e.risk_factor, e.confidence, e.method, e.sentence,
               e.sentence_start, e.span_start, e.span_end, d.title, d.url, d.outlet, d.published_at
        FROM evidence e JOIN documents d ON d.id = e.document_id
        WHERE e.id IN (SELECT unnest(?))
        ORDER BY e.confidence DESC
    """, [list(ids)])


@query
def feedback_for(db, evidence_id: str) -> pd.DataFrame:
    """Every analyst verdict on one piece of evidence, newest first."""
    return _df(db, """
        SELECT verdict, analyst, comment, created_at FROM feedback WHERE evidence_id = ? ORDER BY created_at DESC
    """, [evidence_id])


@query
def structural_for(db, iso3: str) -> pd.DataFrame:
    """The latest structural risk of one country (empty when the structural model has not run)."""
    return _df(db, "SELECT * FROM structural_risk_latest WHERE iso3 = ?", [iso3])


@query
def country_alerts(db, iso3: str, limit: int = 20) -> pd.DataFrame:
    return _df(db, f"""
        SELECT id, week, kind, dimension, level_from, level_to, reason, status
        FROM alerts WHERE iso3 = ? ORDER BY week DESC, created_at DESC LIMIT {int(limit)}
    """, [iso3])


# ------------------------------------------------------------------ alerts, sources, weights


@query
def alerts(db, statuses: tuple[str, ...] = ("open",), limit: int = 200) -> pd.DataFrame:
    """Alerts with the given statuses, newest first."""
    return _df(db, f"""
        SELECT * FROM alerts_view WHERE status IN (SELECT unnest(?))
        ORDER BY week DESC, created_at DESC, id LIMIT {int(limit)}
    """, [list(statuses)])


@query
def source_health(db) -> pd.DataFrame:
    return _df(db, """
        SELECT * FROM source_health
        ORDER BY consecutive_failures DESC, last_success_at ASC NULLS FIRST, name
    """)


@query
def weights_versions(db) -> pd.DataFrame:
    """Every saved weights version, active first, with its body as JSON text."""
    return _df(db, """
        SELECT name, description, parent, framework_version, CAST(body AS VARCHAR) AS body, is_active,
               created_by, created_at
        FROM weights ORDER BY is_active DESC, created_at DESC, name
    """)


# ------------------------------------------------------------------ query page


@query
def schema_columns(db) -> pd.DataFrame:
    """Tables and views of the main schema with their columns, as the database reports them."""
    return _df(db, """
        SELECT t.table_name, t.table_type, c.column_name, c.data_type, c.ordinal_position
        FROM information_schema.tables t
        JOIN information_schema.columns c USING (table_schema, table_name)
        WHERE t.table_schema = 'main'
        ORDER BY t.table_type, t.table_name, c.ordinal_position
    """)
