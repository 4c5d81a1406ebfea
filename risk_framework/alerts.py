"""Alerts from weekly scores: a country's level rises, or a crime-specific factor (RF9-RF14) surges with evidence
from several independent outlets. Each alert carries a plain-language reason naming the framework's factor
titles and the ids of its strongest evidence. Alert ids are deterministic, so rescoring finds the same alert
again and its status (open / acknowledged / resolved, with who, when and a note) is kept.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

STATUSES = ("open", "acknowledged", "resolved")
KINDS = ("level_rise", "factor_surge")


class AlertError(Exception):
    """An alert operation failed (unknown id, bad status); the message names the value."""


def _keys_sql(w, framework, lo: dt.date, hi: dt.date) -> str:
    a = w.alerts
    recent = (
        f"coalesce(bool_or(hit) OVER (PARTITION BY iso3, rf ORDER BY week "
        f"ROWS BETWEEN {a.cooldown_weeks} PRECEDING AND 1 PRECEDING), false)"
        if a.cooldown_weeks > 0 else "false"
    )
    driver_factors = " ".join(
        f"WHEN '{c}' THEN [{', '.join(str(f.id) for f in framework.factors_for_crime(c))}]" for c in framework.crimes
    )
    common = ", ".join(str(f.id) for f in framework.factors if f.kind == "common")
    return f"""
    CREATE OR REPLACE TEMP TABLE _vs_alert_keys AS
    WITH lv AS (
        SELECT c.iso3, c.week, c.score, c.driver, c.outlets, lv.level,
               coalesce(lag(lv.level) OVER (PARTITION BY c.iso3 ORDER BY c.week), 1) AS level_from
        FROM _vs_c c JOIN _vs_lv lv USING (iso3, dimension, week)
        WHERE c.dimension = 'overall'
    ),
    rise AS (
        SELECT iso3, week, 'level_rise' AS kind, 'overall' AS dimension, level_from, level AS level_to, round(score, 9) AS score,
               CASE driver {driver_factors} ELSE [{common}] END AS rfs, driver, outlets,
               NULL::DOUBLE AS baseline, NULL::DOUBLE AS surge, NULL::BIGINT AS stories
        FROM lv WHERE level > level_from AND level >= {a.min_level}
    ),
    sf AS (
        SELECT iso3, week, rf, code, score, surge, outlets, stories, baseline,
               (surge >= {float(a.surge_threshold)!r} AND score >= {float(a.min_factor_score)!r}
                AND outlets >= {a.min_independent_outlets} AND baseline_weeks >= {w.baseline.min_weeks}) AS hit
        FROM _vs_f WHERE kind = 'specific'
    ),
    surge AS (
        SELECT iso3, week, 'factor_surge' AS kind, code AS dimension, lv.level AS level_from, lv.level AS level_to,
               round(s.score, 9) AS score, [s.rf] AS rfs, NULL AS driver, s.outlets, s.baseline, s.surge, s.stories
        FROM (SELECT *, {recent} AS recent FROM sf) s
        JOIN lv USING (iso3, week)
        WHERE s.hit AND NOT s.recent
    )
    SELECT substr(md5(concat_ws('|', ?, iso3, week::VARCHAR, kind, dimension)), 1, 16) AS id, *
    FROM (SELECT * FROM rise UNION ALL SELECT * FROM surge)
    WHERE week BETWEEN DATE '{lo.isoformat()}' AND DATE '{hi.isoformat()}'
    """


def _evidence_sql(w) -> str:
    # candidates are the stories of the alert's factors in its week and the decay horizon before it, each
    # represented by its strongest evidence row (one citation per story cluster), ranked by decayed weighted value
    agg = w.aggregation
    return f"""
    SELECT x.alert_id, list(ev.id ORDER BY x.strength DESC, ev.id) AS ids
    FROM (SELECT * FROM (
        SELECT k.id AS alert_id, s.story, s.best,
               s.v * r.w * pow(0.5, date_diff('day', s.week, k.week) / 7.0 / {float(agg.decay_half_life_weeks)!r})
                   AS strength
        FROM _vs_alert_keys k
        JOIN _vs_story s ON s.iso3 = k.iso3 AND list_contains(k.rfs, s.rf)
             AND s.week BETWEEN k.week - INTERVAL {7 * agg.decay_horizon_weeks} DAY AND k.week
        JOIN _vs_w_rf r ON r.rf = s.rf
        QUALIFY row_number() OVER (PARTITION BY k.id, s.story ORDER BY strength DESC, s.best) = 1)
        QUALIFY row_number() OVER (PARTITION BY alert_id ORDER BY strength DESC, best) <= {w.alerts.evidence_per_alert}
    ) x
    JOIN evidence ev ON ev.rowid = x.best
    GROUP BY x.alert_id
    """


def _crime_label(name: str) -> str:
    return name.replace("_", " ")


def _reasons(keys: pd.DataFrame, top: pd.DataFrame, w, framework) -> list[str]:
    titles = {f.code: f"{f.code} {f.title}" for f in framework.factors}
    window = w.baseline.window_weeks
    reasons = []
    by_week = {key: g.sort_values(["contribution", "code"], ascending=[False, True])
               for key, g in top.groupby(["iso3", "week"])} if not top.empty else {}
    for k in keys.itertuples(index=False):
        label = f"{k.week:%G-W%V}"
        if k.kind == "level_rise":
            drivers = by_week.get((k.iso3, k.week), top.iloc[:0])
            drivers = drivers[drivers.rf.isin(list(k.rfs))].head(2)
            named = "; ".join(f"{titles[d.code]} (factor score {d.score:.1f})" for d in drivers.itertuples())
            if k.driver == "common":
                cause = "common risk factors only (no crime-specific evidence yet)"
            else:
                cause = f"{_crime_label(k.driver)}"
            reasons.append(
                f"Level rose from {k.level_from} ({w.level_name(int(k.level_from))}) to {k.level_to} "
                f"({w.level_name(int(k.level_to))}) in week {label}: overall score {k.score:.1f}, driven by {cause}. "
                f"Strongest factors: {named or 'none this week'}. "
                f"Evidence from {int(k.outlets)} independent outlet(s)."
            )
        else:
            reasons.append(
                f"{titles[k.dimension]} surged in week {label}: factor score {k.score:.1f} against a {window}-week "
                f"baseline (surge {k.surge:.1f} standard deviations above it), from {int(k.stories)} "
                f"story cluster(s) by {int(k.outlets)} independent outlets."
            )
    return reasons


def derive_alerts(con, w, framework, weights_version: str, lo: dt.date, hi: dt.date) -> pd.DataFrame:
    """Alerts for weeks lo..hi from the scoring temp tables of the current connection (see scoring.py)."""
    con.execute(_keys_sql(w, framework, lo, hi), [weights_version])
    keys = con.execute("SELECT * FROM _vs_alert_keys ORDER BY week, iso3, kind, dimension").df()
    cols = ["id", "iso3", "week", "kind", "dimension", "level_from", "level_to", "score", "reason", "evidence_ids",
            "weights_version", "scoring_version"]
    if keys.empty:
        return pd.DataFrame(columns=cols)
    ev = con.execute(_evidence_sql(w)).df()
    top = con.execute(
        """SELECT f.iso3, f.week, f.rf, f.code, f.score, f.factor_weight * f.decayed AS contribution
           FROM _vs_f f JOIN (SELECT DISTINCT iso3, week FROM _vs_alert_keys WHERE kind = 'level_rise') k
           USING (iso3, week) WHERE f.decayed > 0"""
    ).df()
    keys["week"] = pd.to_datetime(keys["week"]).dt.date
    if not top.empty:
        top["week"] = pd.to_datetime(top["week"]).dt.date
    keys["reason"] = _reasons(keys, top, w, framework)
    keys = keys.merge(ev.rename(columns={"alert_id": "id", "ids": "evidence_ids"}), on="id", how="left")
    keys["evidence_ids"] = keys["evidence_ids"].apply(lambda v: list(v) if isinstance(v, (list, tuple)) or
                                                      hasattr(v, "tolist") else [])
    keys["weights_version"] = weights_version
    keys["scoring_version"] = w.scoring
    return keys[cols]


def write_alerts(con, alerts: pd.DataFrame, weights_version: str, lo: dt.date, hi: dt.date) -> tuple[int, int]:
    """Upsert derived alerts for weeks lo..hi, keeping the status of alerts already stored.

    Open alerts of that version and range that are no longer produced are deleted; acknowledged or resolved
    ones are kept (they are analysts' records). Returns (alerts in range, newly created). Call inside a
    transaction.
    """
    if alerts.empty:  # an empty frame has no column types: take them from the table
        con.execute(f"CREATE OR REPLACE TEMP TABLE _vs_an AS SELECT {', '.join(alerts.columns)} FROM alerts LIMIT 0")
    else:
        con.register("_vs_alerts_new", alerts)
        try:
            con.execute("CREATE OR REPLACE TEMP TABLE _vs_an AS SELECT * FROM _vs_alerts_new")
        finally:
            con.unregister("_vs_alerts_new")
    new = con.execute("SELECT count(*) FROM _vs_an WHERE id NOT IN (SELECT id FROM alerts)").fetchone()[0]
    con.execute(
        "DELETE FROM alerts WHERE weights_version = ? AND week BETWEEN ? AND ? AND status = 'open' "
        "AND id NOT IN (SELECT id FROM _vs_an)",
        [weights_version, lo, hi],
    )
    con.execute(
        """
        INSERT INTO alerts (id, iso3, week, kind, dimension, level_from, level_to, score, reason, evidence_ids,
                            weights_version, scoring_version)
        SELECT id, iso3, CAST(week AS DATE), kind, dimension, level_from, level_to, score, reason,
               CAST(evidence_ids AS VARCHAR[]), weights_version, scoring_version FROM _vs_an
        ON CONFLICT (id) DO UPDATE SET
            level_from = excluded.level_from, level_to = excluded.level_to, score = excluded.score,
            reason = excluded.reason, evidence_ids = excluded.evidence_ids, scoring_version = excluded.scoring_version
        """
    )
    return len(alerts), new


def set_alert_status(db, alert_id: str, status: str, by: str, note: str | None = None) -> dict:
    """Set an alert's status (open / acknowledged / resolved) with who did it, when, and an optional note.

    `db` is a DuckDB connection or a database path. Returns the updated alert as a dict.
    """
    if status not in STATUSES:
        raise AlertError(f"invalid status {status!r} (expected one of {', '.join(STATUSES)})")
    if not by or not str(by).strip():
        raise AlertError("status changes need the name of who made them (--by NAME)")
    if isinstance(db, (str, Path)):
        from store import open_db

        with open_db(db) as con:
            return set_alert_status(con, alert_id, status, by, note)
    con = db
    if not con.execute("SELECT count(*) FROM alerts WHERE id = ?", [alert_id]).fetchone()[0]:
        raise AlertError(f"no alert with id {alert_id!r}")
    con.execute(
        "UPDATE alerts SET status = ?, status_by = ?, status_at = current_timestamp::TIMESTAMP, status_note = ? "
        "WHERE id = ?",
        [status, str(by).strip(), note, alert_id],
    )
    return con.execute("SELECT * FROM alerts WHERE id = ?", [alert_id]).df().to_dict("records")[0]


def list_alerts(con, open_only: bool = False, iso3: str | None = None, weights_version: str | None = None):
    """Alerts newest first (with the country name), optionally only open ones, one country, one version."""
    where, params = [], []
    if open_only:
        where.append("status = 'open'")
    if iso3:
        where.append("iso3 = ?")
        params.append(iso3.upper())
    if weights_version:
        where.append("weights_version = ?")
        params.append(weights_version)
    sql = "SELECT * FROM alerts_view" + (" WHERE " + " AND ".join(where) if where else "")
    return con.execute(sql + " ORDER BY week DESC, iso3, kind, dimension", params).df()
