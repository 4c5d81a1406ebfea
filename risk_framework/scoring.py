"""Weekly country risk scores from stored evidence: registered, versioned scoring functions in DuckDB SQL.

`score_database(con, weights=None, from_week=None, to_week=None)` rescores the stored evidence with a weights
version and writes `country_scores` (one row per country, ISO week and dimension RF1..RF14, each crime, and
'overall') and `alerts`. The method, its formulas and every parameter are in docs/methodology.md.

Everything is computed in SQL over the evidence table except the level hysteresis (a vectorised numpy scan over
weeks, all countries at once). Each week's numbers look backwards only, so scoring is truncation-invariant:
rows for week W are the same whether or not later documents exist.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from risk_framework.weights import Weights, WeightsError, resolve_version

WEEKLY_V1 = "weekly.v1"
_ISO_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
_DECIMALS = 9  # stored doubles are rounded so parallel summation order can never show in the output


class ScoringError(Exception):
    """Scoring could not run (bad week, unknown scoring function, no data); the message names the value."""


class NothingToScore(ScoringError):
    """No dated documents in the requested weeks (score_database reports zero rows instead of failing)."""


def parse_week(value: str | dt.date | None) -> dt.date | None:
    """An ISO week `YYYY-Www` or a date (`YYYY-MM-DD`) -> the Monday of its ISO week; None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value - dt.timedelta(days=value.weekday())
    text = str(value).strip()
    match = _ISO_WEEK.match(text)
    try:
        if match:
            return dt.date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
        day = dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ScoringError(f"invalid week {value!r}: {exc} (expected YYYY-Www or YYYY-MM-DD)") from None
    return day - dt.timedelta(days=day.weekday())


def iso_week_label(day: dt.date) -> str:
    """The ISO week label (`2025-W03`) of a date."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass
class ScoreRun:
    """What one scoring run did."""

    weights_version: str
    scoring_version: str
    framework_version: str
    from_week: dt.date | None
    to_week: dt.date | None
    countries: int = 0
    rows: int = 0
    written: int = 0
    alerts: int = 0
    alerts_new: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "weights_version": self.weights_version, "scoring_version": self.scoring_version,
            "framework_version": self.framework_version,
            "from_week": self.from_week.isoformat() if self.from_week else None,
            "to_week": self.to_week.isoformat() if self.to_week else None,
            "countries": self.countries, "rows": self.rows, "written": self.written, "alerts": self.alerts, "alerts_new": self.alerts_new,
            "seconds": round(self.seconds, 3),
        }


# ------------------------------------------------------------------------------------------ weekly.v1


def _register_weights(con, weights: Weights, framework) -> None:
    """Small temp tables holding the weights version, joined by the scoring SQL."""
    ind = pd.DataFrame({"indicator_id": list(weights.indicators), "w": list(weights.indicators.values())})
    rf = pd.DataFrame(
        [
            {"rf": f.id, "code": f.code, "kind": f.kind, "crimes": list(f.crimes), "w": weights.risk_factors[f.code],
             "scale": weights.crimes.common_scale if f.kind == "common" else weights.crimes.specific_scale}
            for f in framework.factors
        ]
    )
    src_name = pd.DataFrame({"name": list(weights.sources.name), "w": list(weights.sources.name.values())},
                            columns=["name", "w"]).astype({"name": str, "w": float})
    src_kind = pd.DataFrame({"kind": list(weights.sources.kind), "w": list(weights.sources.kind.values())},
                            columns=["kind", "w"]).astype({"kind": str, "w": float})
    for name, df in (("_vs_w_ind", ind), ("_vs_w_rf", rf), ("_vs_w_src_name", src_name), ("_vs_w_src_kind", src_kind)):
        con.register("_vs_tmp", df)
        try:
            con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM _vs_tmp")
        finally:
            con.unregister("_vs_tmp")


def _f(x: float) -> str:
    """A validated float as a SQL literal."""
    if not math.isfinite(x):
        raise ScoringError(f"non-finite parameter {x!r}")
    return repr(float(x))


def evidence_values_sql(weights: Weights, end: dt.date | None, where: str = "") -> str:
    """SELECT of scored evidence: one row per evidence with its week, story hash, outlet and weighted value `v`.

    Rejected evidence (latest analyst verdict 'reject') is left out; confirmed evidence counts with
    `aggregation.confirm_confidence`. `where` adds conditions (e.g. a semi-join for alerts).
    """
    agg = weights.aggregation
    cutoff = f"AND coalesce(d.published_at, d.fetched_at) < DATE '{end.isoformat()}'" if end else ""
    return f"""
    WITH fb AS (
        SELECT evidence_id, arg_max(verdict, id) AS verdict
        FROM feedback WHERE verdict IN ('confirm', 'reject') GROUP BY evidence_id
    )
    SELECT
        e.id AS evidence_id, e.rowid AS erow, e.iso3, e.risk_factor AS rf, d.story_id,
        coalesce(d.outlet, d.source) AS outlet,
        coalesce(d.published_at, d.fetched_at) AS ts,
        CAST(date_trunc('week', coalesce(d.published_at, d.fetched_at)) AS DATE) AS week,
        (CASE WHEN fb.verdict = 'confirm' THEN {_f(agg.confirm_confidence)} ELSE e.confidence END)
            * coalesce(iw.w, 1.0) * coalesce(sn.w, sk.w, {_f(weights.sources.default)}) AS v
    FROM evidence e
    JOIN documents d ON d.id = e.document_id
    LEFT JOIN sources s ON s.name = d.source
    LEFT JOIN fb ON fb.evidence_id = e.id
    LEFT JOIN _vs_w_ind iw ON iw.indicator_id = e.indicator_id
    LEFT JOIN _vs_w_src_name sn ON sn.name = d.source
    LEFT JOIN _vs_w_src_kind sk ON sk.kind = s.kind
    WHERE e.iso3 IS NOT NULL AND e.risk_factor BETWEEN 1 AND 14
      AND coalesce(d.published_at, d.fetched_at) IS NOT NULL
      AND fb.verdict IS DISTINCT FROM 'reject'
      {cutoff} {where}
    """


def _stories_sql(weights: Weights, end: dt.date | None) -> str:
    # one row per country, week, factor and story cluster: a story counts once (its strongest copy) and is
    # credited to the outlet of its earliest copy that week (ties broken by outlet), so syndicated copies are
    # never independent outlets. Keys are hashed: grouping on 64-bit integers is much faster than on strings.
    # `best` is the row of the story's strongest evidence (cited by alerts; among exactly equal copies, any one).
    return f"""
    CREATE OR REPLACE TEMP TABLE _vs_story AS
    SELECT iso3, week, rf, hash(story_id) AS story, max(v) AS v, count(*) AS n_ev, arg_max(erow, v) AS best,
           -- earliest second first, then outlet hash: (epoch seconds << 32) | 32-bit outlet hash, one integer min
           min((CAST(epoch(ts) AS UBIGINT) << 32) | (hash(outlet) >> 32)) & 4294967295 AS origin
    FROM ({evidence_values_sql(weights, end)})
    GROUP BY iso3, week, rf, story
    """


def _coverage_sql(end: dt.date | None) -> str:
    cutoff = f"AND coalesce(d.published_at, d.fetched_at) < DATE '{end.isoformat()}'" if end else ""
    return f"""
    CREATE OR REPLACE TEMP TABLE _vs_cov AS
    SELECT iso3, week, max(coverage) AS coverage FROM (
    SELECT dc.iso3, CAST(date_trunc('week', coalesce(d.published_at, d.fetched_at)) AS DATE) AS week,
           count(DISTINCT hash(d.story_id)) AS coverage
    FROM document_countries dc JOIN documents d ON d.id = dc.document_id
    WHERE coalesce(d.published_at, d.fetched_at) IS NOT NULL {cutoff}
    GROUP BY ALL
    UNION ALL  -- countries with evidence but no document_countries row still get a grid
    SELECT DISTINCT iso3, week, 0 FROM _vs_story
    ) GROUP BY iso3, week
    """


def _factor_weeks_sql() -> str:
    # per country, week and factor: summed story values and independent outlets (distinct story origins, counted
    # by a two-level aggregation, which DuckDB runs much faster than count(DISTINCT ...))
    return """
    SELECT iso3, week, rf, sum(sv) AS stories_value, sum(ns) AS stories, sum(nev) AS evidence_count,
           count(*) AS outlets
    FROM (SELECT iso3, week, rf, origin, sum(v) AS sv, count(*) AS ns, sum(n_ev) AS nev
          FROM _vs_story GROUP BY iso3, week, rf, origin)
    GROUP BY iso3, week, rf
    """


def _crime_outlets_sql(framework) -> str:
    # independent outlets behind each crime's factors: a bit mask of the factors each origin reported on
    masks = ", ".join(
        f"count(*) FILTER (WHERE mask & {sum(1 << f.id for f in framework.factors_for_crime(c))} != 0) AS \"{c}\""
        for c in framework.crimes
    )
    return f"""
    SELECT iso3, week, {masks}, count(*) AS "overall"
    FROM (SELECT iso3, week, origin, bit_or(1::BIGINT << rf) AS mask FROM _vs_story GROUP BY iso3, week, origin)
    GROUP BY iso3, week
    """


def _shift(x: np.ndarray, k: int, fill=0) -> np.ndarray:
    """x shifted k weeks later along the last axis (the value of week t-k at t)."""
    out = np.full_like(x, fill)
    out[..., k:] = x[..., :-k] if k else x
    return out


def _trailing(x: np.ndarray, valid: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean, population standard deviation and count of x over the previous n weeks (not the current one),
    counting only valid weeks; exact window sums, so week t never depends on weeks after it."""
    xv = np.where(valid, x, 0.0)
    total = np.zeros_like(xv)
    count = np.zeros(xv.shape, dtype=np.int64)
    for k in range(1, n + 1):
        total += _shift(xv, k)
        count += _shift(valid, k, False)
    mean = np.divide(total, count, out=np.zeros_like(total), where=count > 0)
    sq = np.zeros_like(xv)
    for k in range(1, n + 1):
        sq += np.where(_shift(valid, k, False), (_shift(xv, k) - mean) ** 2, 0.0)
    sd = np.sqrt(np.divide(sq, count, out=np.zeros_like(sq), where=count > 0))
    return mean, sd, count


def _dense_scores(con, weights: Weights, framework, last_week: dt.date) -> None:
    """Factor, crime and overall scores on the dense country x factor x week grid (vectorised numpy over the
    weekly aggregates from SQL), then levels; writes temp tables _vs_f, _vs_c and _vs_lv."""
    agg, cr, base = weights.aggregation, weights.crimes, weights.baseline
    # countries and weeks become small integers in SQL, so only numbers cross into numpy and back
    con.execute("CREATE OR REPLACE TEMP TABLE _vs_ci AS SELECT iso3, (row_number() OVER (ORDER BY iso3) - 1)::INTEGER"
                " AS ci FROM (SELECT DISTINCT iso3 FROM _vs_cov WHERE week <= $last)", {"last": last_week})
    countries = np.array([r[0] for r in con.execute("SELECT iso3 FROM _vs_ci ORDER BY ci").fetchall()], dtype=object)
    w0 = con.execute("SELECT min(week) FROM _vs_cov").fetchone()[0]
    n_weeks = (last_week - w0).days // 7 + 1
    wsql = f"((week - DATE '{w0.isoformat()}') // 7)::INTEGER AS wi"
    cov = con.execute(f"SELECT ci, {wsql}, coverage FROM _vs_cov JOIN _vs_ci USING (iso3) WHERE week <= $last",
                      {"last": last_week}).fetchnumpy()
    fac = con.execute(f"SELECT ci, {wsql}, rf, stories_value, stories, evidence_count, outlets "
                      f"FROM ({_factor_weeks_sql()}) JOIN _vs_ci USING (iso3) WHERE week <= $last",
                      {"last": last_week}).fetchnumpy()
    factors = framework.factors
    n_f = len(factors)

    def index(arrays):
        return np.asarray(arrays["ci"], dtype=np.int64), np.asarray(arrays["wi"], dtype=np.int64)

    ci, wi = index(cov)
    shape2 = (len(countries), n_weeks)
    coverage = np.zeros(shape2)
    coverage[ci, wi] = np.asarray(cov["coverage"], dtype=float)
    first = np.full(len(countries), n_weeks, dtype=np.int64)
    np.minimum.at(first, ci, wi)
    valid2 = np.arange(n_weeks)[None, :] >= first[:, None]

    shape3 = (len(countries), n_f, n_weeks)
    sv, st, ev, out = (np.zeros(shape3) for _ in range(4))
    fci, fwi = index(fac)
    fri = np.asarray(fac["rf"], dtype=np.int64) - 1
    for arr, col in ((sv, "stories_value"), (st, "stories"), (ev, "evidence_count"), (out, "outlets")):
        arr[fci, fri, fwi] = np.asarray(fac[col], dtype=float)
    valid3 = np.broadcast_to(valid2[:, None, :], shape3)

    fw = np.array([weights.risk_factors[f.code] for f in factors])[None, :, None]
    scale = np.array([cr.common_scale if f.kind == "common" else cr.specific_scale for f in factors])[None, :, None]
    coverage = np.maximum(coverage, st.max(axis=1))  # never fewer clusters than carry one factor's evidence
    corroboration = 1 + agg.corroboration_bonus * np.log(np.maximum(out, 1))
    raw = sv * corroboration
    intensity = raw / (coverage[:, None, :] + agg.coverage_prior)
    a = 0.5 ** (1.0 / agg.decay_half_life_weeks)
    decayed = intensity.copy()
    for k in range(1, agg.decay_horizon_weeks + 1):
        decayed += a**k * _shift(intensity, k)
    bmean, bsd, bcount = _trailing(decayed, valid3, base.window_weeks)
    score = 100 * (1 - np.exp(-fw * decayed / scale))
    surge = (decayed - bmean) / (bsd + weights.surge.sd_floor)

    # crimes: common context gates nothing, specific factors gate everything
    wd = fw * decayed
    common = np.array([f.kind == "common" for f in factors])
    common_x = wd[:, common, :].sum(axis=1)
    common_index = 100 * (1 - np.exp(-common_x / cr.common_scale))
    crimes = list(framework.crimes)
    spec_x, spec_index, crime_score, crime_ev = [], [], [], []
    for c in crimes:
        sel = np.array([f.kind == "specific" and c in f.crimes for f in factors])
        both = sel | common
        x = wd[:, sel, :].sum(axis=1)
        si = 100 * (1 - np.exp(-x / cr.specific_scale))
        spec_x.append(x)
        spec_index.append(si)
        crime_score.append(si * (cr.context_floor + (1 - cr.context_floor) * common_index / 100))
        crime_ev.append(ev[:, both, :].sum(axis=1))
    crime_score_a = np.stack(crime_score)  # [crime, country, week]
    crime_max = crime_score_a.max(axis=0)
    common_only = common_index * cr.common_only_ceiling / 100
    overall = np.maximum(crime_max, common_only)
    driver_idx = crime_score_a.argmax(axis=0)

    # outlets per crime and overall
    o = con.execute(f"SELECT ci, {wsql}, * EXCLUDE (iso3, week) FROM ({_crime_outlets_sql(framework)}) "
                    "JOIN _vs_ci USING (iso3) WHERE week <= $last", {"last": last_week}).fetchnumpy()
    oci, owi = index(o)
    dims = crimes + ["overall"]
    outlets_c = np.zeros((len(dims),) + shape2)
    for d, name in enumerate(dims):
        outlets_c[d, oci, owi] = np.asarray(o[name], dtype=float)

    # long tables for SQL (rows, alerts): integer keys here, labels joined in SQL
    c_idx, f_idx, t_idx = np.nonzero(valid3)
    cell = (c_idx, f_idx, t_idx)
    week_sql = f"CAST(DATE '{w0.isoformat()}' + INTERVAL (wi * 7) DAY AS DATE)"
    con.register("_vs_tmp", pd.DataFrame({
        "ci": c_idx.astype(np.int32), "wi": t_idx.astype(np.int32), "rf": (f_idx + 1).astype(np.int32),
        "stories_value": sv[cell], "stories": st[cell].astype(np.int64),
        "evidence_count": ev[cell].astype(np.int64), "outlets": out[cell].astype(np.int64),
        "coverage": coverage[c_idx, t_idx], "corroboration": corroboration[cell], "raw": raw[cell],
        "intensity": intensity[cell], "decayed": decayed[cell], "baseline": bmean[cell], "baseline_sd": bsd[cell],
        "baseline_weeks": bcount[cell], "score": score[cell], "surge": surge[cell],
    }))
    try:
        con.execute(f"""CREATE OR REPLACE TEMP TABLE _vs_f AS
            SELECT c.iso3, {week_sql} AS week, t.rf, r.code, r.kind, r.w AS factor_weight, r.scale,
                   t.* EXCLUDE (ci, wi, rf)
            FROM _vs_tmp t JOIN _vs_ci c USING (ci) JOIN _vs_w_rf r USING (rf)""")
    finally:
        con.unregister("_vs_tmp")

    c2, t2 = np.nonzero(valid2)
    ev_all = ev.sum(axis=1)
    series = {c: crime_score_a[i] for i, c in enumerate(crimes)} | {"overall": overall}
    levels_in = np.concatenate([np.where(valid2, np.round(series[d], _DECIMALS), np.nan) for d in dims])
    levels = hysteresis_levels(levels_in, weights.levels.thresholds, weights.levels.hysteresis_margin)
    levels = levels.reshape((len(dims),) + shape2)
    thresholds = np.asarray(weights.levels.thresholds)
    driver = np.where((crime_max > 0) & (crime_max >= common_only), driver_idx,
                      np.where(common_only > 0, len(crimes), -1))  # index into crimes + ["common"], -1 = none
    spec_x_max, spec_index_max = np.max(np.stack(spec_x), axis=0), np.max(np.stack(spec_index), axis=0)
    frames = []
    for d, name in enumerate(dims):
        sc = series[name]
        mean, sd, count = _trailing(sc, valid2, base.window_weeks)
        is_overall = name == "overall"
        nan = np.full(len(c2), np.nan)
        frames.append(pd.DataFrame({
            "ci": c2.astype(np.int32), "wi": t2.astype(np.int32), "di": np.full(len(c2), d, dtype=np.int32),
            "common_x": common_x[c2, t2],
            "specific_x": (spec_x_max if is_overall else spec_x[d])[c2, t2],
            "evidence_count": (ev_all if is_overall else crime_ev[d])[c2, t2].astype(np.int64),
            "coverage": coverage[c2, t2], "common_index": common_index[c2, t2],
            "specific_index": (spec_index_max if is_overall else spec_index[d])[c2, t2],
            "score": sc[c2, t2],
            "driver_i": driver[c2, t2].astype(np.int32) if is_overall else np.full(len(c2), -1, dtype=np.int32),
            "crime_max": crime_max[c2, t2] if is_overall else nan,
            "common_only": common_only[c2, t2] if is_overall else nan,
            "outlets": outlets_c[d][c2, t2].astype(np.int64),
            "baseline": mean[c2, t2], "baseline_sd": sd[c2, t2], "baseline_weeks": count[c2, t2],
            "level": levels[d][c2, t2].astype(np.int32),
            "level_raw": (np.searchsorted(thresholds, np.round(sc[c2, t2], _DECIMALS), side="right") + 1)
            .astype(np.int32),
        }))
    dim_list = "[" + ", ".join(f"'{x}'" for x in dims) + "]"
    drv_list = "[" + ", ".join(f"'{x}'" for x in (*crimes, "common")) + "]"
    con.register("_vs_tmp", pd.concat(frames, ignore_index=True))
    try:
        con.execute(f"""CREATE OR REPLACE TEMP TABLE _vs_c AS
            SELECT c.iso3, {week_sql} AS week, {dim_list}[di + 1] AS dimension,
                   CASE WHEN driver_i >= 0 THEN {drv_list}[driver_i + 1] END AS driver,
                   t.* EXCLUDE (ci, wi, di, driver_i, level, level_raw)
            FROM _vs_tmp t JOIN _vs_ci c USING (ci)""")
        con.execute(f"""CREATE OR REPLACE TEMP TABLE _vs_lv AS
            SELECT c.iso3, {dim_list}[di + 1] AS dimension, {week_sql} AS week, level, level_raw
            FROM _vs_tmp t JOIN _vs_ci c USING (ci)""")
    finally:
        con.unregister("_vs_tmp")


def hysteresis_levels(scores: np.ndarray, thresholds, margin: float, start_level: int = 1) -> np.ndarray:
    """Levels for score series (rows = series, columns = consecutive weeks; NaN = no row yet).

    A level rises as soon as the score reaches a threshold, and drops only once the score is more than
    `margin` below the threshold of the current level. Each week depends only on earlier weeks.
    """
    t = np.asarray(thresholds, dtype=float)
    levels = np.zeros(scores.shape, dtype=np.int16)
    prev = np.full(scores.shape[0], start_level, dtype=np.int16)
    for j in range(scores.shape[1]):
        s = scores[:, j]
        ok = ~np.isnan(s)
        filled = np.where(ok, s, 0.0)
        low = np.searchsorted(t, filled, side="right") + 1  # level of the score itself
        high = np.searchsorted(t, filled + margin, side="right") + 1  # highest level it may keep
        cur = np.where(ok, np.clip(prev, low, high), prev).astype(np.int16)
        levels[:, j] = np.where(ok, cur, 0)
        prev = cur
    return levels


def _rows_sql(weights: Weights) -> str:
    """Final score rows. Parameters that are constant for a weights version (coverage prior, decay, scales,
    thresholds) are not repeated per row: they are in `weights.body` for the row's `weights_version`."""
    r = _DECIMALS
    return f"""
    CREATE OR REPLACE TEMP TABLE _vs_rows AS
    SELECT iso3, week, code AS dimension, round(score, {r}) AS score, NULL::INTEGER AS level,
           round(raw, {r}) AS raw, coverage::DOUBLE AS coverage, round(baseline, {r}) AS baseline,
           round(surge, {r}) AS surge, evidence_count::INTEGER AS evidence_count, outlets::INTEGER AS outlets,
           json_object(
               'stories_value', round(stories_value, {r}), 'stories', stories,
               'corroboration', round(corroboration, {r}), 'intensity', round(intensity, {r}),
               'decayed', round(decayed, {r}), 'factor_weight', factor_weight,
               'baseline_sd', round(baseline_sd, {r}), 'baseline_weeks', baseline_weeks) AS components
    FROM _vs_f
    UNION ALL
    SELECT c.iso3, c.week, c.dimension, round(c.score, {r}), lv.level,
           round(CASE WHEN c.dimension = 'overall' THEN c.crime_max ELSE c.specific_x END, {r}),
           c.coverage::DOUBLE, round(c.baseline, {r}),
           round((c.score - c.baseline) / (c.baseline_sd + {_f(weights.surge.score_sd_floor)}), {r}),
           c.evidence_count::INTEGER, c.outlets::INTEGER,
           json_object(
               'common_x', round(c.common_x, {r}), 'specific_x', round(coalesce(c.specific_x, 0), {r}),
               'common_index', round(c.common_index, {r}), 'specific_index', round(c.specific_index, {r}),
               'crime_max', round(c.crime_max, {r}), 'common_only', round(c.common_only, {r}),
               'driver', c.driver, 'level_raw', lv.level_raw,
               'baseline_sd', round(c.baseline_sd, {r}), 'baseline_weeks', c.baseline_weeks)
    FROM _vs_c c
    JOIN _vs_lv lv USING (iso3, dimension, week)
    """


def compute_weekly_v1(con, weights: Weights, framework, to_week: dt.date | None = None) -> dict[str, float]:
    """Build the scoring temp tables (_vs_story, _vs_cov, _vs_f, _vs_c, _vs_lv) for every week up to
    `to_week` (default: the last week with documents). Returns timings in seconds per step."""
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    end = to_week + dt.timedelta(days=7) if to_week else None
    _register_weights(con, weights, framework)
    con.execute(_stories_sql(weights, end))
    con.execute(_coverage_sql(end))
    timings["evidence"] = time.perf_counter() - t0
    last = to_week or con.execute("SELECT max(week) FROM _vs_cov").fetchone()[0]
    if last is None:
        raise NothingToScore("no dated documents to score (documents need published_at or fetched_at)")
    _dense_scores(con, weights, framework, last)
    timings["factors_crimes_levels"] = time.perf_counter() - t0 - sum(timings.values())
    return timings


SCORERS: dict[str, Callable] = {WEEKLY_V1: compute_weekly_v1}


def score_frame(con, weights: Weights, framework=None, weights_version: str = "preview",
                to_week: dt.date | None = None) -> pd.DataFrame:
    """All score rows for a weights version, computed in memory and not written (e.g. a dashboard preview)."""
    from risk_framework import default_framework

    framework = framework or default_framework()
    SCORERS[weights.scoring](con, weights, framework, to_week)
    con.execute(_rows_sql(weights))
    return con.execute("SELECT * FROM _vs_rows ORDER BY iso3, week, dimension").df()


def _write_scores(con, weights_version: str, framework_version: str, scoring_version: str,
                  lo: dt.date, hi: dt.date) -> tuple[int, int]:
    """Replace the rows of a weights version for weeks lo..hi, touching only rows whose values changed (so an
    unchanged row keeps its computed_at and a rerun on the same inputs changes nothing). Returns (rows, written)."""
    same = " AND ".join(
        f"o.{c} IS NOT DISTINCT FROM n.{c}"
        for c in ("score", "level", "raw", "coverage", "baseline", "surge", "evidence_count", "outlets")
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _vs_changed AS
        SELECT n.* FROM _vs_rows n
        LEFT JOIN (SELECT * FROM country_scores WHERE weights_version = $v AND week BETWEEN $lo AND $hi) o
               ON o.iso3 = n.iso3 AND o.week = n.week AND o.dimension = n.dimension
        WHERE n.week BETWEEN $lo AND $hi
          AND (o.iso3 IS NULL OR NOT ({same} AND o.components::VARCHAR = n.components::VARCHAR
                                       AND o.framework_version = $fv AND o.scoring_version = $sv))
        """,
        {"v": weights_version, "lo": lo, "hi": hi, "fv": framework_version, "sv": scoring_version},
    )
    con.execute(
        """
        DELETE FROM country_scores o
        WHERE o.weights_version = $v AND o.week BETWEEN $lo AND $hi
          AND (EXISTS (SELECT 1 FROM _vs_changed c WHERE c.iso3 = o.iso3 AND c.week = o.week
                                                     AND c.dimension = o.dimension)
               OR NOT EXISTS (SELECT 1 FROM _vs_rows n WHERE n.iso3 = o.iso3 AND n.week = o.week
                                                         AND n.dimension = o.dimension))
        """,
        {"v": weights_version, "lo": lo, "hi": hi},
    )
    con.execute(
        "INSERT INTO country_scores (iso3, week, dimension, score, level, raw, coverage, baseline, surge, "
        "evidence_count, outlets, components, weights_version, framework_version, scoring_version, computed_at) "
        "SELECT iso3, week, dimension, score, level, raw, coverage, baseline, surge, evidence_count, outlets, "
        "components, $v, $fv, $sv, current_timestamp::TIMESTAMP FROM _vs_changed",
        {"v": weights_version, "fv": framework_version, "sv": scoring_version},
    )
    written = con.execute("SELECT count(*) FROM _vs_changed").fetchone()[0]
    rows = con.execute("SELECT count(*) FROM _vs_rows WHERE week BETWEEN ? AND ?", [lo, hi]).fetchone()[0]
    return rows, written


def score_database(con, weights: str | None = None, from_week: str | dt.date | None = None,
                   to_week: str | dt.date | None = None, framework=None, write_alerts: bool = True) -> dict:
    """Rescore stored evidence with a weights version (default: the active one) and write the rows of the weeks
    `from_week`..`to_week` (default: every week with documents) to `country_scores`, then derive `alerts`.

    History before `from_week` is always read (baselines, decay and hysteresis need it) but not rewritten.
    Idempotent: the same inputs leave the tables unchanged, and alert statuses survive reruns.
    """
    from risk_framework import default_framework
    from risk_framework.alerts import derive_alerts
    from risk_framework.alerts import write_alerts as _write_alerts
    from store import transaction

    t0 = time.perf_counter()
    framework = framework or default_framework()
    lo, hi = parse_week(from_week), parse_week(to_week)
    if lo and hi and lo > hi:
        raise ScoringError(f"--from {iso_week_label(lo)} is after --to {iso_week_label(hi)}")
    name, w = resolve_version(con, weights, framework)
    if w.scoring not in SCORERS:
        raise WeightsError(f"weights version {name!r}: unknown scoring function {w.scoring!r}")
    run = ScoreRun(name, w.scoring, framework.full_version, lo, hi)
    try:
        run.timings = SCORERS[w.scoring](con, w, framework, hi)
    except NothingToScore:
        return run.as_dict() | {"timings": {}}
    span = con.execute("SELECT min(week), max(week), count(DISTINCT iso3) FROM _vs_c").fetchone()
    lo = lo or span[0]
    hi = hi or span[1]
    run.from_week, run.to_week, run.countries = lo, hi, span[2]
    t1 = time.perf_counter()
    con.execute(_rows_sql(w))
    alerts = derive_alerts(con, w, framework, name, lo, hi) if write_alerts else None
    run.timings["rows_alerts"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    with transaction(con):
        run.rows, run.written = _write_scores(con, name, framework.full_version, w.scoring, lo, hi)
        if alerts is not None:
            run.alerts, run.alerts_new = _write_alerts(con, alerts, name, lo, hi)
    run.timings["write"] = time.perf_counter() - t2
    run.seconds = time.perf_counter() - t0
    return run.as_dict() | {"timings": {k: round(v, 4) for k, v in run.timings.items()}}
