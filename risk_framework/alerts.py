"""Alerts from weekly scores: a country's level rises, or a crime-specific factor (RF9-RF14) surges with evidence
from several independent outlets. Each alert carries a plain-language reason naming the framework's factor
titles and the ids of its strongest evidence. Alert ids are deterministic, so rescoring finds the same alert
again and its status (open / acknowledged / resolved, with who, when and a note) is kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

STATUSES = ("open", "acknowledged", "resolved")
KINDS = ("level_rise", "factor_surge")


class AlertError(Exception):
    """An alert operation failed (unknown id, bad status); the message names the value."""


def _shift(x: np.ndarray, k: int, fill=0) -> np.ndarray:
    out = np.full_like(x, fill)
    out[..., k:] = x[..., :-k]
    return out


def _alert_id(weights_version: str, iso3: str, week: dt.date, kind: str, dimension: str) -> str:
    """Deterministic id: rescoring finds the same alert again (md5 of version, country, week, kind, dimension)."""
    return hashlib.md5(f"{weights_version}|{iso3}|{week.isoformat()}|{kind}|{dimension}".encode()).hexdigest()[:16]


def _keys(ws, w, framework, lo: dt.date, hi: dt.date) -> list[dict]:
    """Alert keys from the dense score arrays: level rises and factor surges (with cooldown) in weeks lo..hi."""
    from risk_framework.scoring import _round

    a = w.alerts
    valid = ws.valid
    lv = ws.levels[-1].astype(np.int64)  # overall level [country, week]; 0 before a country's first week
    level_from = np.maximum(_shift(lv, 1), 1)
    weeks = np.arange(ws.n_weeks)
    in_range = (weeks >= ws.week_index(lo)) & (weeks <= ws.week_index(hi))
    rise = valid & (lv > level_from) & (lv >= a.min_level) & in_range[None, :]

    F = ws.factor
    spec = np.array([f.kind == "specific" for f in framework.factors])
    hit = ((F["surge"] >= float(a.surge_threshold)) & (F["score"] >= float(a.min_factor_score))
           & (F["outlets"] >= a.min_independent_outlets) & (F["baseline_weeks"] >= w.baseline.min_weeks)
           & valid[:, None, :] & spec[None, :, None])
    recent = np.zeros_like(hit)
    for k in range(1, a.cooldown_weeks + 1):  # no repeat within the cooldown after any week that qualified
        recent |= _shift(hit, k, False)
    surge = hit & ~recent & in_range[None, None, :]

    codes = [f.code for f in framework.factors]
    common = [f.id for f in framework.factors if f.kind == "common"]
    crime_factors = {c: [f.id for f in framework.factors_for_crime(c)] for c in ws.crimes}
    drivers = ws.crimes + ["common"]
    overall_score = _round(ws.crime["score"][-1])
    overall_outlets = ws.crime["outlets"][-1]
    keys = []
    for c, t in zip(*np.nonzero(rise)):
        d = int(ws.driver[c, t])
        driver = drivers[d] if d >= 0 else None
        keys.append({"iso3": ws.countries[c], "wi": int(t), "kind": "level_rise", "dimension": "overall",
                     "level_from": int(level_from[c, t]), "level_to": int(lv[c, t]), "score": overall_score[c, t],
                     "rfs": crime_factors.get(driver, common), "driver": driver,
                     "outlets": overall_outlets[c, t], "baseline": None, "surge": None, "stories": None})
    surges = np.nonzero(surge)
    for c, f, t, score in zip(*surges, _round(F["score"][surges]).tolist()):
        keys.append({"iso3": ws.countries[c], "wi": int(t), "kind": "factor_surge", "dimension": codes[f],
                     "level_from": int(lv[c, t]), "level_to": int(lv[c, t]),
                     "score": score, "rfs": [f + 1], "driver": None,
                     "outlets": F["outlets"][c, f, t], "baseline": F["baseline"][c, f, t],
                     "surge": F["surge"][c, f, t], "stories": F["stories"][c, f, t]})
    return keys


def _citations(con, ws, w, framework, alert_ci: np.ndarray, alert_wi: np.ndarray, alert_rfs: list[list[int]]
               ) -> list[list[str]]:
    """Evidence ids cited by each alert: the `evidence_per_alert` strongest story clusters of the alert's factors
    in its week and the decay horizon before it, each represented by its strongest evidence row, ranked by the
    weighted value decayed to the alert week (ties: lower row id), listed strongest first (ties: evidence id)."""
    agg, top_k = w.aggregation, w.alerts.evidence_per_alert
    n_f, n_w = len(framework.factors), ws.n_weeks
    n_cells = len(ws.countries) * n_f * n_w
    S = ws.stories
    s_cell = (S["ci"] * n_f + (S["rf"] - 1)) * n_w + S["wi"]
    # the cells each alert reads: (alert, factor, weeks back)
    a_idx = np.repeat(np.arange(len(alert_rfs)), [len(r) for r in alert_rfs])
    rf = np.concatenate([np.asarray(r, dtype=np.int64) for r in alert_rfs]) if len(alert_rfs) else np.zeros(0, int)
    back = np.tile(np.arange(agg.decay_horizon_weeks + 1), len(a_idx))
    a_idx, rf = np.repeat(a_idx, agg.decay_horizon_weeks + 1), np.repeat(rf, agg.decay_horizon_weeks + 1)
    week = alert_wi[a_idx] - back
    keep = week >= 0
    a_idx, rf, back, week = a_idx[keep], rf[keep], back[keep], week[keep]
    cell = (alert_ci[a_idx] * n_f + (rf - 1)) * n_w + week
    touched = np.zeros(n_cells, dtype=bool)
    touched[cell] = True
    # within one cell the factor weight and decay are shared, so a story ranked below `top_k` others there (by
    # more than rounding could ever reverse) can never be cited: keep only each touched cell's leaders
    rows = np.flatnonzero(touched[s_cell])
    rows = rows[np.lexsort((S["story"][rows], -S["v"][rows], s_cell[rows]))]  # story: unique within a cell
    rc, rv = s_cell[rows], S["v"][rows]
    boundary = np.r_[True, rc[1:] != rc[:-1]] if len(rc) else np.zeros(0, dtype=bool)
    first = np.flatnonzero(boundary)
    run = np.cumsum(boundary) - 1
    rank = np.arange(len(rc)) - first[run]
    kth = np.full(len(first), -np.inf)
    ends = np.r_[first[1:], len(rc)]
    has_k = ends - first >= top_k
    kth[has_k] = rv[first[has_k] + top_k - 1]
    lead = (rank < top_k) | (rv >= kth[run] * (1 - 1e-9))
    rows = rows[lead]
    counts = np.bincount(s_cell[rows], minlength=n_cells)
    offsets = np.cumsum(counts) - counts
    # candidates: every kept story row of every cell each alert reads
    n = counts[cell]
    rep = np.repeat(np.arange(len(cell)), n)
    idx = rows[offsets[cell][rep] + np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)]
    fw = np.array([w.risk_factors[f.code] for f in framework.factors])
    strength = S["v"][idx] * fw[S["rf"][idx] - 1] * np.power(0.5, (7 * back[rep]) / 7.0 / float(agg.decay_half_life_weeks))
    cand_alert, story, best = a_idx[rep], S["story"][idx], S["best"][idx]
    # one candidate per (alert, story): its strongest row; then the strongest top_k per alert
    order = np.lexsort((best, -strength, story, cand_alert))
    ca, cs = cand_alert[order], story[order]
    lead = np.r_[True, (ca[1:] != ca[:-1]) | (cs[1:] != cs[:-1])] if len(ca) else np.zeros(0, dtype=bool)
    order = order[lead]
    order = order[np.lexsort((best[order], -strength[order], cand_alert[order]))]
    ca = cand_alert[order]
    first = np.r_[0, np.flatnonzero(ca[1:] != ca[:-1]) + 1] if len(ca) else np.zeros(0, dtype=np.int64)
    pos = np.arange(len(ca)) - np.repeat(first, np.diff(np.r_[first, len(ca)]))
    order = order[pos < top_k]
    cited = pd.DataFrame({"a": cand_alert[order], "best": best[order], "strength": strength[order]})
    con.register("_vs_cited", cited)
    try:
        ids = con.execute("SELECT c.a, c.strength, e.id FROM _vs_cited c JOIN evidence e ON e.rowid = c.best").fetchall()
    finally:
        con.unregister("_vs_cited")
    out: list[list] = [[] for _ in alert_rfs]
    for a, s, e in ids:
        out[a].append((-s, e))
    return [[e for _, e in sorted(x)] for x in out]


def _crime_label(name: str) -> str:
    return name.replace("_", " ")


def _reason(k: dict, ws, w, framework, titles: dict) -> str:
    label = f"{k['week']:%G-W%V}"
    if k["kind"] == "level_rise":
        F = ws.factor
        c, t = k["ci"], k["wi"]
        contrib, decayed, score = F["contribution"][c, :, t], F["decayed"][c, :, t], F["score"][c, :, t]
        codes = [f.code for f in framework.factors]
        found = [i for i in range(len(codes)) if decayed[i] > 0 and (i + 1) in k["rfs"]]
        found.sort(key=lambda i: (-contrib[i], codes[i]))
        named = "; ".join(f"{titles[codes[i]]} (factor score {score[i]:.1f})" for i in found[:2])
        if k["driver"] == "common":
            cause = "common risk factors only (no crime-specific evidence yet)"
        else:
            cause = f"{_crime_label(k['driver'])}"
        return (
            f"Level rose from {k['level_from']} ({w.level_name(int(k['level_from']))}) to {k['level_to']} "
            f"({w.level_name(int(k['level_to']))}) in week {label}: overall score {k['score']:.1f}, driven by {cause}. "
            f"Strongest factors: {named or 'none this week'}. "
            f"Evidence from {int(k['outlets'])} independent outlet(s)."
        )
    return (
        f"{titles[k['dimension']]} surged in week {label}: factor score {k['score']:.1f} against a "
        f"{w.baseline.window_weeks}-week baseline (surge {k['surge']:.1f} standard deviations above it), from "
        f"{int(k['stories'])} story cluster(s) by {int(k['outlets'])} independent outlets."
    )


ALERT_COLUMNS = ["id", "iso3", "week", "kind", "dimension", "level_from", "level_to", "score", "reason",
                 "evidence_ids", "weights_version", "scoring_version"]


def derive_alerts(con, ws, w, framework, weights_version: str, lo: dt.date, hi: dt.date) -> pd.DataFrame:
    """Alerts for weeks lo..hi from one scoring run's arrays (`risk_framework.scoring.WeeklyScores`): keys and
    reasons in numpy and Python (a few per country at most), citations vectorised over the story table."""
    keys = _keys(ws, w, framework, lo, hi)
    if not keys:
        return pd.DataFrame(columns=ALERT_COLUMNS)
    index = {iso: i for i, iso in enumerate(ws.countries)}
    titles = {f.code: f"{f.code} {f.title}" for f in framework.factors}
    for k in keys:
        k["ci"] = index[k["iso3"]]
        k["week"] = ws.w0 + dt.timedelta(weeks=k["wi"])
    cited = _citations(con, ws, w, framework, np.array([k["ci"] for k in keys], dtype=np.int64),
                       np.array([k["wi"] for k in keys], dtype=np.int64), [k["rfs"] for k in keys])
    rows = [
        {"id": _alert_id(weights_version, k["iso3"], k["week"], k["kind"], k["dimension"]), "iso3": k["iso3"],
         "week": k["week"], "kind": k["kind"], "dimension": k["dimension"], "level_from": k["level_from"],
         "level_to": k["level_to"], "score": float(k["score"]), "reason": _reason(k, ws, w, framework, titles),
         "evidence_ids": ids, "weights_version": weights_version, "scoring_version": w.scoring}
        for k, ids in zip(keys, cited)
    ]
    return pd.DataFrame(rows, columns=ALERT_COLUMNS)


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
        SELECT n.id, n.iso3, CAST(n.week AS DATE), n.kind, n.dimension, n.level_from, n.level_to, n.score,
               n.reason, CAST(n.evidence_ids AS VARCHAR[]), n.weights_version, n.scoring_version
        FROM _vs_an n LEFT JOIN alerts o ON o.id = n.id
        -- unchanged alerts are not rewritten (a rerun on the same inputs writes nothing)
        WHERE o.id IS NULL OR o.level_from IS DISTINCT FROM n.level_from OR o.level_to IS DISTINCT FROM n.level_to
           OR o.score IS DISTINCT FROM n.score OR o.reason IS DISTINCT FROM n.reason
           OR o.evidence_ids IS DISTINCT FROM CAST(n.evidence_ids AS VARCHAR[])
           OR o.scoring_version IS DISTINCT FROM n.scoring_version
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
