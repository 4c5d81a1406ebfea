"""Weekly country risk scores from stored evidence: registered, versioned scoring functions (DuckDB SQL + numpy).

`score_database(con, weights=None, from_week=None, to_week=None)` rescores the stored evidence with a weights
version and writes `country_scores` (one row per country, ISO week and dimension RF1..RF14, each crime, and
'overall') and `alerts`. `score_frame` computes the same rows without writing. The method, its formulas and every
parameter are in docs/methodology.md (its "Implementation" list names the steps below).

One SQL pass aggregates the evidence to story clusters on integer keys; numpy computes everything else on the
dense country x factor x week grid (no loop over countries or rows); SQL labels, rounds and writes the rows. Each
week's numbers look backwards only, so scoring is truncation-invariant: rows for week W are the same whether or
not later documents exist.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

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
    cpu: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "weights_version": self.weights_version, "scoring_version": self.scoring_version,
            "framework_version": self.framework_version,
            "from_week": self.from_week.isoformat() if self.from_week else None,
            "to_week": self.to_week.isoformat() if self.to_week else None,
            "countries": self.countries, "rows": self.rows, "written": self.written, "alerts": self.alerts, "alerts_new": self.alerts_new,
            "seconds": round(self.seconds, 3),
        }


class Stopwatch:
    """Wall and process CPU seconds per named step (CPU counts every thread, DuckDB's included)."""

    def __init__(self):
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    @contextmanager
    def __call__(self, step: str):
        t, c = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.wall[step] = self.wall.get(step, 0.0) + time.perf_counter() - t
            self.cpu[step] = self.cpu.get(step, 0.0) + time.process_time() - c


# ------------------------------------------------------------------------------------------ weekly.v1
# Pipeline (docs/methodology.md, "Implementation"): one DuckDB pass over evidence x documents aggregates to story
# clusters on integer keys; a second small pass counts coverage; numpy then does everything on the dense
# country x factor x week grid (per-cell sums, distinct outlets, decay, baselines, crimes, levels); the rows are
# labelled and their `components` JSON built in one SQL statement, and only changed rows are written.

_US_PER_WEEK = 604_800_000_000
_WEEK_OFFSET = 100_000  # weeks added before the integer division so it floors (DuckDB's // truncates towards 0)
_MONDAY_1970 = dt.date(1970, 1, 5)  # week number 0


def _week_number_sql(ts: str) -> str:
    """SQL: the ISO week of a TIMESTAMP as whole weeks since Monday 1970-01-05 (same weeks as date_trunc)."""
    return (f"((epoch_us({ts}) - 345600000000 + {_WEEK_OFFSET * _US_PER_WEEK}) // {_US_PER_WEEK} "
            f"- {_WEEK_OFFSET})::INTEGER")


def _week_number(day: dt.date) -> int:
    return (day - _MONDAY_1970).days // 7


def _week_date(number: int) -> dt.date:
    return _MONDAY_1970 + dt.timedelta(weeks=int(number))


def _register_weights(con, weights: Weights, framework) -> None:
    """Small temp tables holding the weights version, joined by the scoring SQL: indicator weights (`_vs_w_ind`)
    and one resolved weight per known source name (`_vs_w_src`: by name, else by kind, else default)."""

    def table(keys: dict[str, float], name: str) -> pa.Table:
        return pa.table({name: pa.array(list(keys), pa.string()), "w": pa.array(list(keys.values()), pa.float64())})

    con.register("_vs_tmp_ind", table(weights.indicators, "indicator_id"))
    con.register("_vs_tmp_name", table(weights.sources.name, "name"))
    con.register("_vs_tmp_kind", table(weights.sources.kind, "kind"))
    try:
        # a source named in neither table, or unknown to `sources`, weighs `default`
        con.execute(f"""CREATE OR REPLACE TEMP TABLE _vs_w_ind AS SELECT * FROM _vs_tmp_ind;
            CREATE OR REPLACE TEMP TABLE _vs_w_src AS
            SELECT coalesce(s.name, sn.name) AS source, coalesce(sn.w, sk.w, {_f(weights.sources.default)}) AS w
            FROM sources s FULL JOIN _vs_tmp_name sn ON sn.name = s.name LEFT JOIN _vs_tmp_kind sk ON sk.kind = s.kind""")
    finally:
        for name in ("_vs_tmp_ind", "_vs_tmp_name", "_vs_tmp_kind"):
            con.unregister(name)


def _f(x: float) -> str:
    """A validated float as a SQL literal."""
    if not math.isfinite(x):
        raise ScoringError(f"non-finite parameter {x!r}")
    return repr(float(x))


def _round(x: np.ndarray) -> np.ndarray:
    """numpy copy of DuckDB's round(x, 9) for doubles, bit for bit: round half away from zero of x * 1e9, / 1e9."""
    with np.errstate(all="ignore"):
        y = x * 1e9
        r = np.trunc(y)
        r = np.where(np.abs(y - r) >= 0.5, r + np.sign(y), r)
        out = r / 1e9
    return np.where(np.isfinite(out), out, x)


def _has_feedback(con) -> bool:
    return con.execute("SELECT EXISTS (SELECT 1 FROM feedback WHERE verdict IN ('confirm', 'reject'))").fetchone()[0]


def _documents_sql(weights: Weights | None, end: dt.date | None) -> str:
    """Dated documents with their integer keys, computed once per document rather than per evidence row: the
    document key `doc_key` (and text `id`), week number `wk`, story cluster hash `story`, origin key `okey`
    ((epoch seconds << 32) | 32-bit hash of the outlet, falling back to the source, so one integer min finds the
    earliest copy, ties broken by outlet) and the source weight `sw` (by source name, else by source kind, else
    `sources.default`)."""
    ts = "coalesce(d.published_at, d.fetched_at)"
    cutoff = f"AND {ts} < DATE '{end.isoformat()}'" if end else ""
    weight = f", coalesce(sw.w, {_f(weights.sources.default)}) AS sw" if weights else ""
    join = "LEFT JOIN _vs_w_src sw ON sw.source = d.source" if weights else ""
    return f"""
    SELECT d.doc_key, d.id, {_week_number_sql(ts)} AS wk, hash(d.story_id) AS story,
           (CAST(epoch({ts}) AS UBIGINT) << 32) | (hash(coalesce(d.outlet, d.source)) >> 32) AS okey {weight}
    FROM documents d {join}
    WHERE {ts} IS NOT NULL {cutoff}
    """


def _with_documents(table: str, alias: str, columns: str, docs: str, unkeyed: bool) -> str:
    """SQL: rows of `table` (evidence or document_countries) with their dated document's columns (`d.*` of
    `_documents_sql`), joined on the integer `doc_key`. Rows stored without a key (written around
    store.insert_df) join on the text id instead, in a second branch that runs only when `unkeyed` is true."""
    keyed = f"SELECT {columns} FROM {table} {alias} JOIN ({docs}) d ON d.doc_key = {alias}.doc_key"
    if not unkeyed:
        return keyed
    return (f"{keyed} UNION ALL SELECT {columns} FROM {table} {alias} JOIN ({docs}) d ON d.id = {alias}.document_id "
            f"WHERE {alias}.doc_key IS NULL")


def _unkeyed(con, table: str) -> bool:
    """Whether any row of `table` lacks its document key (see `_with_documents`)."""
    return con.execute(f"SELECT EXISTS (SELECT 1 FROM {table} WHERE doc_key IS NULL)").fetchone()[0]


def _stories_sql(weights: Weights, end: dt.date | None, feedback: bool, unkeyed: bool = False) -> str:
    """One row per country, week, factor and story cluster, grouped on two integers: `key` packs the country
    index, the factor and the week number (see `_unpack`), then the story hash. A story counts once, with its
    strongest evidence value `v` = confidence x indicator weight x source weight; `n_ev` evidence rows; `best`,
    the row id of its strongest evidence (the lowest among equal values; cited by alerts); `origin`, the outlet
    hash of its earliest copy that week, so syndicated copies are never independent outlets. Rejected evidence
    (latest analyst verdict 'reject') is left out; confirmed evidence counts with `aggregation.confirm_confidence`.
    `feedback=False` skips the feedback join (only correct when no feedback rows exist); `unkeyed=True` adds the
    text-id join for evidence rows without a document key."""
    agg = weights.aggregation
    conf = "e.confidence"
    ev_cols = ("ev.id, ev.iso3, ev.indicator_id, ev.risk_factor, ev.confidence, ev.rowid AS erow, "
               "d.wk, d.story, d.okey, d.sw")
    fb_cte = fb_join = fb_where = ""
    if feedback:
        fb_cte = """WITH fb AS (
            SELECT evidence_id, arg_max(verdict, id) AS verdict
            FROM feedback WHERE verdict IN ('confirm', 'reject') GROUP BY evidence_id
        )"""
        fb_join = "LEFT JOIN fb ON fb.evidence_id = e.id"
        fb_where = "AND fb.verdict IS DISTINCT FROM 'reject'"
        conf = f"(CASE WHEN fb.verdict = 'confirm' THEN {_f(agg.confirm_confidence)} ELSE e.confidence END)"
    return f"""
    {fb_cte}
    SELECT (ci::BIGINT << 36) | (rf::BIGINT << 32) | (wk::BIGINT + 2147483648) AS key, story, max(v) AS v,
           count(*)::INTEGER AS n_ev,
           -- one sort-key BLOB orders rows as the struct (v, -erow) would, at a fraction of a struct's cost
           arg_max(erow, create_sort_key(v, 'ASC NULLS LAST', -erow, 'ASC NULLS LAST')) AS best,
           (min(okey) & 4294967295)::UINTEGER AS origin
    FROM (
        SELECT c.ci, e.risk_factor AS rf, e.wk, e.story, e.okey, e.erow,
               {conf} * coalesce(iw.w, 1.0) * e.sw AS v
        FROM ({_with_documents("evidence", "ev", ev_cols, _documents_sql(weights, end), unkeyed)}) e
        JOIN _vs_ci c ON c.iso3 = e.iso3
        {fb_join}
        LEFT JOIN _vs_w_ind iw ON iw.indicator_id = e.indicator_id
        WHERE e.risk_factor BETWEEN 1 AND 14 {fb_where}
    )
    GROUP BY key, story
    """


def _coverage_sql(end: dt.date | None, unkeyed: bool = False) -> str:
    docs = _with_documents("document_countries", "dc", "dc.iso3, d.wk, d.story", _documents_sql(None, end), unkeyed)
    return f"""
    SELECT c.ci, dc.wk, count(DISTINCT dc.story)::DOUBLE AS coverage
    FROM ({docs}) dc JOIN _vs_ci c ON c.iso3 = dc.iso3
    GROUP BY ALL
    """


def _arrays(con, sql: str) -> dict[str, np.ndarray]:
    """Run a query and return its columns as numpy arrays (through Arrow: no per-value conversion)."""
    table = con.execute(sql).to_arrow_table()
    return {name: table.column(name).to_numpy() for name in table.column_names}


def _unpack(story: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Country index, factor and week number from the packed `key` of `_stories_sql` (bits 36 and up: country;
    32-35: factor; 0-31: the week number plus 2^31)."""
    key = story.pop("key").astype(np.int64, copy=False)
    story["ci"] = key >> 36
    story["rf"] = (key >> 32) & 15
    story["wk"] = (key & 0xFFFFFFFF) - 2**31
    return story


def _trailing(x: np.ndarray, valid: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean, population standard deviation and count of x over the previous n weeks (not the current one),
    counting only valid weeks (`valid` broadcasts to x's shape); exact window sums, so week t never depends on
    weeks after it. Lags are added in place, one slice per lag (the same additions, in the same order, as adding
    whole shifted arrays, whose leading zeros change nothing)."""
    xv = np.where(valid, x, 0.0)
    total = np.zeros_like(xv)
    count = np.zeros(valid.shape, dtype=np.int64)
    for k in range(1, n + 1):
        total[..., k:] += xv[..., :-k]
        count[..., k:] += valid[..., :-k]
    count = np.broadcast_to(count, x.shape)
    mean = np.divide(total, count, out=np.zeros_like(total), where=count > 0)
    sq = np.zeros_like(xv)
    for k in range(1, n + 1):
        d = xv[..., :-k] - mean[..., k:]
        np.add(sq[..., k:], d * d, out=sq[..., k:], where=np.broadcast_to(valid[..., :-k], d.shape))
    sd = np.sqrt(np.divide(sq, count, out=np.zeros_like(sq), where=count > 0))
    return mean, sd, count


@dataclass
class WeeklyScores:
    """Everything one weekly.v1 run computed, as arrays on the dense grid: axis 0 country (`countries`),
    then factor (RF1..RF14 in framework order) or crime, last axis week (`w0` + index, up to `last`).
    `valid` marks the cells that have rows (a country's weeks from its first document on).
    `stories` holds the story-cluster table (one entry per country, factor, week and story, in no particular order)
    for citations."""

    countries: np.ndarray
    w0: dt.date
    n_weeks: int
    valid: np.ndarray                      # [country, week]
    coverage: np.ndarray                   # [country, week]
    factor: dict[str, np.ndarray]          # name -> [country, factor, week]
    crimes: list[str]
    crime: dict[str, np.ndarray]           # name -> [dimension (crimes + overall), country, week]
    levels: np.ndarray                     # [dimension, country, week]
    level_raw: np.ndarray                  # [dimension, country, week]
    driver: np.ndarray                     # [country, week]: index into crimes + ["common"], -1 = none
    stories: dict[str, np.ndarray]
    clock: Stopwatch = field(default_factory=Stopwatch)

    @property
    def last(self) -> dt.date:
        return self.w0 + dt.timedelta(weeks=self.n_weeks - 1)

    def week_index(self, day: dt.date) -> int:
        return (day - self.w0).days // 7


def _outlets(ci: np.ndarray, rf_idx: np.ndarray, wi: np.ndarray, origin: np.ndarray, n_c: int, n_f: int,
             n_weeks: int, crime_masks: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Independent outlets (distinct story origins) per country, factor and week ([country, factor, week]), and per
    country and week for each bit mask of factors (one per crime and overall; [mask, country * week]), from one
    sort of (country-week, origin, factor) keys."""
    cw = ci.astype(np.int64) * n_weeks + wi
    keys = ((cw.astype(np.uint64, copy=False) << np.uint64(36)) | (origin.astype(np.uint64) << np.uint64(4))
            | rf_idx.astype(np.uint64, copy=False))
    keys.sort()
    if len(keys):
        keys = keys[np.r_[True, keys[1:] != keys[:-1]]]  # distinct (cell, origin)
    k_cw = (keys >> np.uint64(36)).view(np.int64)
    k_rf = (keys & np.uint64(15)).astype(np.int32)
    per_factor = np.bincount(k_cw * n_f + k_rf, minlength=n_c * n_weeks * n_f)
    per_factor = per_factor.reshape(n_c, n_weeks, n_f).transpose(0, 2, 1)
    # per (country-week, origin): the factors it reported on, as bits 1 << factor id
    group = keys >> np.uint64(4)
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]]) if len(keys) else np.zeros(0, dtype=np.int64)
    masks = np.bitwise_or.reduceat(np.int32(2) << k_rf, starts) if len(keys) else np.zeros(0, dtype=np.int32)
    g_cw = k_cw[starts]
    per_mask = np.stack([np.bincount(g_cw[(masks & m) != 0], minlength=n_c * n_weeks) for m in crime_masks])
    return per_factor, per_mask


def _dense_scores(weights: Weights, framework, countries: np.ndarray, story: dict, cov: dict,
                  wk0: int, n_weeks: int) -> WeeklyScores:
    """Factor, crime and overall scores on the dense country x factor x week grid, then levels (numpy, all
    countries at once; a loop over at most `decay_horizon_weeks` lags and over weeks for hysteresis)."""
    agg, cr, base = weights.aggregation, weights.crimes, weights.baseline
    factors = framework.factors
    n_c, n_f = len(countries), len(factors)
    shape2, shape3 = (n_c, n_weeks), (n_c, n_f, n_weeks)

    cci, cwi = cov["ci"].astype(np.int64), cov["wk"].astype(np.int64) - wk0
    coverage = np.zeros(shape2)
    coverage[cci, cwi] = cov["coverage"]
    sci, swi, sri = story["ci"].astype(np.int64, copy=False), story["wk"] - wk0, story["rf"] - 1
    first = np.full(n_c, n_weeks, dtype=np.int64)
    np.minimum.at(first, cci, cwi)
    np.minimum.at(first, sci, swi)  # countries with evidence but no document_countries row still get a grid
    valid2 = np.arange(n_weeks)[None, :] >= first[:, None]

    # per cell (country, factor, week): summed story values, stories, evidence rows, independent outlets
    cell = (sci * n_f + sri) * n_weeks + swi
    n_cells = n_c * n_f * n_weeks
    # summed in story-hash order (unique within a cell), so every float sum is reproducible
    order = np.argsort(story["story"])
    sv = np.bincount(cell[order], weights=story["v"][order], minlength=n_cells).reshape(shape3)
    st = np.bincount(cell, minlength=n_cells).astype(float).reshape(shape3)
    ev = np.bincount(cell, weights=story["n_ev"], minlength=n_cells).reshape(shape3)
    dims = list(framework.crimes) + ["overall"]
    crime_masks = [sum(1 << f.id for f in (framework.factors_for_crime(d) if d != "overall" else factors)) for d in dims]
    n_out, per_mask = _outlets(sci, sri, swi, story["origin"], n_c, n_f, n_weeks, crime_masks)
    out = n_out.astype(float)
    outlets_c = per_mask.reshape((len(dims),) + shape2)

    fw = np.array([weights.risk_factors[f.code] for f in factors])[None, :, None]
    scale = np.array([cr.common_scale if f.kind == "common" else cr.specific_scale for f in factors])[None, :, None]
    coverage = np.maximum(coverage, st.max(axis=1))  # never fewer clusters than carry one factor's evidence
    corroboration = 1 + agg.corroboration_bonus * np.log(np.maximum(out, 1))
    raw = sv * corroboration
    intensity = raw / (coverage[:, None, :] + agg.coverage_prior)
    a = 0.5 ** (1.0 / agg.decay_half_life_weeks)
    decayed = intensity.copy()
    for k in range(1, agg.decay_horizon_weeks + 1):  # in place: the leading zeros of a shifted array add nothing
        decayed[..., k:] += a**k * intensity[..., :-k]
    bmean, bsd, bcount = _trailing(decayed, valid2[:, None, :], base.window_weeks)
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

    series = np.stack(crime_score + [overall])  # [dimension, country, week]
    rounded = np.round(series, _DECIMALS)
    levels = hysteresis_levels(np.where(valid2, rounded, np.nan).reshape(-1, n_weeks),
                               weights.levels.thresholds, weights.levels.hysteresis_margin).reshape(series.shape)
    level_raw = np.searchsorted(np.asarray(weights.levels.thresholds), rounded, side="right") + 1
    driver = np.where((crime_max > 0) & (crime_max >= common_only), driver_idx,
                      np.where(common_only > 0, len(crimes), -1))
    cmean, csd, ccount = _trailing(series, valid2[None], base.window_weeks)
    nan2 = np.full(shape2, np.nan)
    return WeeklyScores(
        countries=countries, w0=_week_date(wk0), n_weeks=n_weeks, valid=valid2, coverage=coverage,
        factor={"stories_value": sv, "stories": st, "evidence_count": ev, "outlets": out,
                "corroboration": corroboration, "raw": raw, "intensity": intensity, "decayed": decayed,
                "baseline": bmean, "baseline_sd": bsd, "baseline_weeks": bcount, "score": score, "surge": surge,
                "factor_weight": np.broadcast_to(fw, shape3), "contribution": wd},
        crimes=crimes,
        crime={"score": series, "baseline": cmean, "baseline_sd": csd, "baseline_weeks": ccount,
               "common_x": np.broadcast_to(common_x, series.shape),
               "specific_x": np.stack(spec_x + [np.max(np.stack(spec_x), axis=0)]),
               "common_index": np.broadcast_to(common_index, series.shape),
               "specific_index": np.stack(spec_index + [np.max(np.stack(spec_index), axis=0)]),
               "evidence_count": np.stack(crime_ev + [ev.sum(axis=1)]),
               "outlets": outlets_c,
               "crime_max": np.stack([nan2] * len(crimes) + [crime_max]),
               "common_only": np.stack([nan2] * len(crimes) + [common_only])},
        levels=levels, level_raw=level_raw, driver=driver,
        stories={"ci": sci, "wi": swi, "rf": sri + 1, "story": story["story"], "v": story["v"],
                 "best": story["best"]},
    )


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


def compute_weekly_v1(con, weights: Weights, framework, to_week: dt.date | None = None) -> WeeklyScores:
    """Score every country and week up to `to_week` (default: the last week with documents) from the stored
    evidence; nothing is written. The result's `clock` holds wall and CPU seconds per step."""
    clock = Stopwatch()
    end = to_week + dt.timedelta(days=7) if to_week else None
    with clock("evidence"):
        _register_weights(con, weights, framework)
        # countries become small integers once, so the big aggregation groups on integers only
        con.execute("CREATE OR REPLACE TEMP TABLE _vs_ci AS SELECT iso3, (row_number() OVER (ORDER BY iso3) - 1)"
                    "::INTEGER AS ci FROM (SELECT DISTINCT iso3 FROM evidence WHERE iso3 IS NOT NULL"
                    " UNION SELECT DISTINCT iso3 FROM document_countries)")
        countries = np.array([r[0] for r in con.execute("SELECT iso3 FROM _vs_ci ORDER BY ci").fetchall()],
                             dtype=object)
        story = _arrays(con, _stories_sql(weights, end, _has_feedback(con), _unkeyed(con, "evidence")))
    with clock("coverage"):
        cov = _arrays(con, _coverage_sql(end, _unkeyed(con, "document_countries")))
    with clock("time_series"):
        story = _unpack(story)
        weeks = np.concatenate([story["wk"], cov["wk"]])
        if not len(weeks):
            raise NothingToScore("no dated documents to score (documents need published_at or fetched_at)")
        wk0 = int(weeks.min())
        wk_last = _week_number(to_week) if to_week else int(weeks.max())
        result = _dense_scores(weights, framework, countries, story, cov, wk0, wk_last - wk0 + 1)
    result.clock = clock
    return result


SCORERS: dict[str, Callable] = {WEEKLY_V1: compute_weekly_v1}


def _labels(codes: np.ndarray, names: list) -> pa.DictionaryArray:
    """Integer codes as an Arrow dictionary array of labels (-1 = NULL); DuckDB reads it without a join."""
    codes = np.asarray(codes, dtype=np.int32)
    return pa.DictionaryArray.from_arrays(pa.array(codes, mask=codes < 0), pa.array(names, type=pa.string()))


@contextmanager
def _rows_view(con, ws: WeeklyScores, weights: Weights, framework):
    """Temp view `_vs_rows`: the final score rows (factor, crime and overall) of every valid cell, labelled, rounded
    to 9 decimals and with their `components` JSON, computed by DuckDB from the numpy arrays when read (nothing is
    materialised). `ri` numbers the rows. Parameters that are constant for a weights version (coverage prior,
    decay, scales, thresholds) are not repeated per row: they are in `weights.body` for the row's
    `weights_version`."""
    codes = [f.code for f in framework.factors]
    dims = ws.crimes + ["overall"]
    countries = [str(c) for c in ws.countries]
    n_f = len(codes)
    c_idx, f_idx, t_idx = np.nonzero(np.broadcast_to(ws.valid[:, None, :], (len(ws.countries), n_f, ws.n_weeks)))
    cell = (c_idx, f_idx, t_idx)
    F = ws.factor
    factor_rows = pa.table({
        "ri": np.arange(len(c_idx), dtype=np.int64), "iso3": _labels(c_idx, countries), "wi": t_idx.astype(np.int32),
        "dimension": _labels(f_idx, codes),
        **{k: F[k][cell] for k in ("score", "raw", "baseline", "surge", "stories_value", "corroboration",
                                    "intensity", "decayed", "factor_weight", "baseline_sd")},
        "coverage": ws.coverage[c_idx, t_idx],
        "evidence_count": F["evidence_count"][cell].astype(np.int32), "outlets": F["outlets"][cell].astype(np.int32),
        "stories": F["stories"][cell].astype(np.int64), "baseline_weeks": F["baseline_weeks"][cell].astype(np.int64),
    })
    d_idx, c2, t2 = np.nonzero(np.broadcast_to(ws.valid, (len(dims),) + ws.valid.shape))
    cell2 = (d_idx, c2, t2)
    C = ws.crime
    overall = d_idx == len(dims) - 1
    crime_rows = pa.table({
        "ri": np.arange(len(d_idx), dtype=np.int64) + len(c_idx), "iso3": _labels(c2, countries),
        "wi": t2.astype(np.int32), "dimension": _labels(d_idx, dims),
        **{k: C[k][cell2] for k in ("score", "baseline", "baseline_sd", "common_x", "specific_x", "common_index",
                                    "specific_index")},
        "raw": np.where(overall, C["crime_max"][cell2], C["specific_x"][cell2]),
        "crime_max": pa.array(C["crime_max"][cell2], mask=~overall),
        "common_only": pa.array(C["common_only"][cell2], mask=~overall),
        "driver": _labels(np.where(overall, ws.driver[c2, t2], -1), ws.crimes + ["common"]),
        "level": ws.levels[cell2].astype(np.int32), "level_raw": ws.level_raw[cell2].astype(np.int32),
        "coverage": ws.coverage[c2, t2],
        "evidence_count": C["evidence_count"][cell2].astype(np.int32), "outlets": C["outlets"][cell2].astype(np.int32),
        "baseline_weeks": C["baseline_weeks"][cell2].astype(np.int64),
    })
    week = f"(DATE '{ws.w0.isoformat()}' + 7 * wi)"
    r = _DECIMALS
    con.register("_vs_rows_f", factor_rows)
    con.register("_vs_rows_c", crime_rows)
    try:
        con.execute(f"""
        CREATE OR REPLACE TEMP VIEW _vs_rows AS
        SELECT ri, iso3::VARCHAR AS iso3, {week} AS week, dimension::VARCHAR AS dimension, round(score, {r}) AS score,
               NULL::INTEGER AS level, round(raw, {r}) AS raw, coverage, round(baseline, {r}) AS baseline,
               round(surge, {r}) AS surge, evidence_count, outlets,
               json_object('stories_value', round(stories_value, {r}), 'stories', stories,
                           'corroboration', round(corroboration, {r}), 'intensity', round(intensity, {r}),
                           'decayed', round(decayed, {r}), 'factor_weight', factor_weight,
                           'baseline_sd', round(baseline_sd, {r}), 'baseline_weeks', baseline_weeks) AS components
        FROM _vs_rows_f
        UNION ALL
        SELECT ri, iso3::VARCHAR, {week}, dimension::VARCHAR, round(score, {r}), level, round(raw, {r}), coverage,
               round(baseline, {r}),
               round((score - baseline) / (baseline_sd + {_f(weights.surge.score_sd_floor)}), {r}),
               evidence_count, outlets,
               json_object('common_x', round(common_x, {r}), 'specific_x', round(specific_x, {r}),
                           'common_index', round(common_index, {r}), 'specific_index', round(specific_index, {r}),
                           'crime_max', round(crime_max, {r}), 'common_only', round(common_only, {r}),
                           'driver', driver::VARCHAR, 'level_raw', level_raw,
                           'baseline_sd', round(baseline_sd, {r}), 'baseline_weeks', baseline_weeks)
        FROM _vs_rows_c
        """)
        yield
    finally:
        con.execute("DROP VIEW IF EXISTS _vs_rows")
        con.unregister("_vs_rows_f")
        con.unregister("_vs_rows_c")


def score_frame(con, weights: Weights, framework=None, weights_version: str = "preview",
                to_week: dt.date | None = None) -> pd.DataFrame:
    """All score rows for a weights version, computed in memory and not written (e.g. a dashboard preview)."""
    from risk_framework import default_framework

    framework = framework or default_framework()
    ws = SCORERS[weights.scoring](con, weights, framework, to_week)
    with _rows_view(con, ws, weights, framework):
        return con.execute("SELECT * EXCLUDE (ri) FROM _vs_rows ORDER BY iso3, week, dimension").df()


_COLUMNS = ("iso3, week, dimension, score, level, raw, coverage, baseline, surge, evidence_count, outlets, components, "
            "weights_version, framework_version, scoring_version, computed_at")


def _write_scores(con, weights_version: str, framework_version: str, scoring_version: str,
                  lo: dt.date, hi: dt.date) -> tuple[int, int]:
    """Replace the rows of a weights version for weeks lo..hi with `_vs_rows`, touching only rows whose values
    changed (so an unchanged row keeps its computed_at and a rerun on the same inputs changes nothing): one full
    join of the stored and new rows keeps only row ids, then one delete by row id and one insert. With nothing
    stored for the range (a new weights version), the rows are inserted straight away. Returns (rows, written)."""
    params = {"v": weights_version, "lo": lo, "hi": hi, "fv": framework_version, "sv": scoring_version}
    insert = (f"INSERT INTO country_scores ({_COLUMNS}) SELECT iso3, week, dimension, score, level, raw, coverage, "
              "baseline, surge, evidence_count, outlets, components, $v, $fv, $sv, current_timestamp::TIMESTAMP "
              "FROM _vs_rows WHERE week BETWEEN $lo AND $hi")
    rows = con.execute("SELECT count(*) FROM _vs_rows WHERE week BETWEEN $lo AND $hi", {"lo": lo, "hi": hi}).fetchone()[0]
    stored = con.execute("SELECT count(*) FROM country_scores WHERE weights_version = $v AND week BETWEEN $lo AND $hi",
                         {"v": weights_version, "lo": lo, "hi": hi}).fetchone()[0]
    if not stored:
        con.execute(insert, {k: params[k] for k in ("v", "fv", "sv", "lo", "hi")})
        return rows, rows
    same = " AND ".join(
        f"o.{c} IS NOT DISTINCT FROM n.{c}"
        for c in ("score", "level", "raw", "coverage", "baseline", "surge", "evidence_count", "outlets")
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _vs_cmp AS
        SELECT o.rowid AS orow, n.ri
        FROM (SELECT rowid, * FROM country_scores WHERE weights_version = $v AND week BETWEEN $lo AND $hi) o
        FULL JOIN (SELECT * FROM _vs_rows WHERE week BETWEEN $lo AND $hi) n
               ON o.iso3 = n.iso3 AND o.week = n.week AND o.dimension = n.dimension
        WHERE NOT coalesce(o.rowid IS NOT NULL AND n.ri IS NOT NULL AND {same}
                           AND o.components::VARCHAR = n.components::VARCHAR
                           AND o.framework_version = $fv AND o.scoring_version = $sv, false)
        """,
        params,
    )
    gone = con.execute("SELECT count(orow) FROM _vs_cmp").fetchone()[0]
    if gone == stored:  # every stored row changes: a range delete is much faster than one by row ids
        con.execute("DELETE FROM country_scores WHERE weights_version = $v AND week BETWEEN $lo AND $hi",
                    {k: params[k] for k in ("v", "lo", "hi")})
    elif gone:
        con.execute("DELETE FROM country_scores WHERE rowid IN (SELECT orow FROM _vs_cmp WHERE orow IS NOT NULL)")
    con.execute(insert + " AND ri IN (SELECT ri FROM _vs_cmp WHERE ri IS NOT NULL)",
                {k: params[k] for k in ("v", "fv", "sv", "lo", "hi")})
    written = con.execute("SELECT count(*) FROM _vs_cmp WHERE ri IS NOT NULL").fetchone()[0]
    return rows, written


def score_database(con, weights: str | None = None, from_week: str | dt.date | None = None,
                   to_week: str | dt.date | None = None, framework=None, write_alerts: bool = True) -> dict:
    """Rescore stored evidence with a weights version (default: the active one) and write the rows of the weeks
    `from_week`..`to_week` (default: every week with documents) to `country_scores`, then derive `alerts`.

    History before `from_week` is always read (baselines, decay and hysteresis need it) but not rewritten.
    Idempotent: the same inputs leave the tables unchanged, and alert statuses survive reruns.
    Timings (seconds): `evidence` (the SQL pass over evidence x documents to story clusters), `coverage`,
    `time_series` (numpy: factor, crime and overall scores, levels), `rows` (labelled rows and components JSON),
    `alerts` (keys, citations, reasons) and `write` (compare with the stored rows, delete and insert changes).
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
        ws = SCORERS[w.scoring](con, w, framework, hi)
    except NothingToScore:
        return run.as_dict() | {"timings": {}, "cpu": {}}
    clock = ws.clock
    has_rows = ws.valid.any(axis=1)
    first_week = int(np.argmax(ws.valid.any(axis=0)))
    lo = lo or ws.w0 + dt.timedelta(weeks=first_week)
    hi = hi or ws.last
    run.from_week, run.to_week, run.countries = lo, hi, int(has_rows.sum())
    with clock("alerts"):
        alerts = derive_alerts(con, ws, w, framework, name, lo, hi) if write_alerts else None
    # the rows (labels, rounding, components JSON) are computed by DuckDB inside the write's statements
    with clock("write"), _rows_view(con, ws, w, framework), transaction(con):
        run.rows, run.written = _write_scores(con, name, framework.full_version, w.scoring, lo, hi)
        if alerts is not None:
            run.alerts, run.alerts_new = _write_alerts(con, alerts, name, lo, hi)
    run.timings, run.cpu = clock.wall, clock.cpu
    run.seconds = time.perf_counter() - t0
    return run.as_dict() | {"timings": {k: round(v, 4) for k, v in run.timings.items()},
                            "cpu": {k: round(v, 4) for k, v in run.cpu.items()}}
