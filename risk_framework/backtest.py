"""News backtest: how stored weekly levels behaved around known escalation onsets, and in quiet weeks.

    onsets = load_onsets("data/onsets/kenya.csv")            # iso3,date,label
    result, levels = run_backtest("vigil.duckdb", onsets, threshold=4)
    plot_levels(levels, onsets, "out/")                        # one PNG per country

For each onset: the first week, from 26 weeks before the onset week onward, at which the country's level reaches
the threshold, as a lead (negative: before the onset week) or lag in weeks; and persistence, the share of the 26
weeks from the onset week on at or above it. For each country: its quiet weeks (more than 26 weeks from any of its
onsets), the share of them at level 2 or below, and the alert episodes (runs of consecutive weeks at or above the
threshold that begin in a quiet week) per country-year of quiet weeks. `evaluate` works on any weekly level
series, so a baseline rule (`surge_rule_levels`) is judged by exactly the same measures. See docs/backtest.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

WINDOW_WEEKS = 26
CALM_LEVEL = 2
WEEKS_PER_YEAR = 365.25 / 7


class BacktestError(ValueError):
    """Bad onsets file, no scores to judge, or an unknown weights version; the message names the value."""


@dataclass(frozen=True)
class Onset:
    iso3: str
    date: dt.date
    label: str

    @property
    def week(self) -> dt.date:
        """Monday of the onset's ISO week."""
        return self.date - dt.timedelta(days=self.date.weekday())


def load_onsets(path: str | Path) -> list[Onset]:
    """Read a CSV with header `iso3,date,label` (date as YYYY-MM-DD)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise BacktestError(f"onsets file not found: {path}") from exc
    reader = csv.DictReader(text.splitlines())
    missing = {"iso3", "date", "label"} - set(reader.fieldnames or [])
    if missing:
        raise BacktestError(f"{path}: missing column(s) {sorted(missing)}; expected header iso3,date,label")
    out = []
    for row in reader:
        line = reader.line_num
        iso3 = (row["iso3"] or "").strip().upper()
        if len(iso3) != 3 or not iso3.isalpha():
            raise BacktestError(f"{path} line {line}: iso3 must be an ISO 3166-1 alpha-3 code, got {row['iso3']!r}")
        try:
            date = dt.date.fromisoformat((row["date"] or "").strip())
        except ValueError as exc:
            raise BacktestError(f"{path} line {line}: date must be YYYY-MM-DD, got {row['date']!r}") from exc
        out.append(Onset(iso3, date, (row["label"] or "").strip()))
    if not out:
        raise BacktestError(f"{path}: no onsets")
    return out


def weekly_levels(con, weights: str | None = None) -> pd.DataFrame:
    """Overall weekly levels (iso3, week, level, score) of a weights version (default: the active one)."""
    if weights is None:
        row = con.execute("SELECT weights_version FROM active_weights").fetchone()
        if row is None:
            raise BacktestError("no active weights version (run `vigil init`, then `vigil score`)")
        weights = row[0]
    df = con.execute(
        "SELECT iso3, week, level, score FROM country_scores WHERE dimension = 'overall' AND weights_version = ? "
        "ORDER BY iso3, week", [weights]).df()
    if df.empty:
        raise BacktestError(f"no overall scores for weights version {weights!r} (run `vigil score`)")
    df["week"] = pd.to_datetime(df["week"]).dt.date
    return df


def _series(levels: pd.DataFrame, iso3: str) -> pd.Series:
    mine = levels[levels["iso3"] == iso3]
    return pd.Series(mine["level"].to_numpy(), index=pd.to_datetime(mine["week"])).sort_index()


def _episodes(alert: np.ndarray, quiet: np.ndarray, weeks: pd.DatetimeIndex) -> int:
    """Runs of consecutive weeks at or above the threshold that begin in a quiet week."""
    gap = np.r_[True, np.diff(weeks.to_numpy()) != np.timedelta64(7, "D")]
    starts = alert & (gap | ~np.r_[False, alert[:-1]])
    return int((starts & quiet).sum())


def evaluate(levels: pd.DataFrame, onsets: list[Onset], threshold: int = 4,
             countries: list[str] | None = None) -> dict:
    """Backtest figures from a weekly level frame (iso3, week, level) — Vigil's or a baseline rule's.

    Returns {"onsets": [{iso3, date, label, first_alert_week, lead_weeks, persistence}],
             "countries": [{iso3, quiet_weeks, quiet_calm_share, quiet_alert_episodes_per_year}]}.
    """
    window = dt.timedelta(weeks=WINDOW_WEEKS)
    out_onsets = []
    for o in onsets:
        s = _series(levels, o.iso3)
        start = pd.Timestamp(o.week - window)
        hits = s[(s.index >= start) & (s >= threshold)]
        first = hits.index[0].date() if len(hits) else None
        after = s[(s.index >= pd.Timestamp(o.week)) & (s.index < pd.Timestamp(o.week + window))]
        out_onsets.append({
            "iso3": o.iso3, "date": o.date.isoformat(), "label": o.label,
            "first_alert_week": first.isoformat() if first else None,
            "lead_weeks": (first - o.week).days // 7 if first else None,
            "persistence": round(float((after >= threshold).mean()), 4) if len(after) else None,
        })
    names = list(dict.fromkeys([o.iso3 for o in onsets] + list(countries or [])))
    out_countries = []
    for iso3 in names:
        s = _series(levels, iso3)
        weeks = s.index
        quiet = np.ones(len(s), dtype=bool)
        for o in (o for o in onsets if o.iso3 == iso3):
            quiet &= np.abs((weeks - pd.Timestamp(o.week)).days.to_numpy()) > window.days
        n_quiet = int(quiet.sum())
        lv = s.to_numpy()
        episodes = _episodes(lv >= threshold, quiet, weeks)
        out_countries.append({
            "iso3": iso3, "quiet_weeks": n_quiet,
            "quiet_calm_share": round(float((lv[quiet] <= CALM_LEVEL).mean()), 4) if n_quiet else None,
            "quiet_alert_episodes_per_year": round(episodes / (n_quiet / WEEKS_PER_YEAR), 4) if n_quiet else None,
        })
    return {"onsets": out_onsets, "countries": out_countries}


def run_backtest(db, onsets: list[Onset], threshold: int = 4, weights: str | None = None,
                 all_countries: bool = False) -> tuple[dict, pd.DataFrame]:
    """Read the stored levels (`db`: path or connection) and evaluate them; returns (result, levels)."""
    from store import read_only

    if not 1 <= threshold <= 5:
        raise BacktestError(f"threshold must be a level from 1 to 5, got {threshold}")
    if isinstance(db, (str, Path)):
        with read_only(db) as con:
            levels = weekly_levels(con, weights)
    else:
        levels = weekly_levels(db, weights)
    extra = sorted(levels["iso3"].unique()) if all_countries else None
    return evaluate(levels, onsets, threshold, extra), levels


def surge_rule_levels(counts: pd.DataFrame, window: int = 12, z: float = 2.0, min_count: int = 10,
                      alert_level: int = 4) -> pd.DataFrame:
    """A plain event-count surge rule, for comparison: a week alerts (level `alert_level`, else 1) when its
    count is at least `min_count` and more than `z` standard deviations above the mean of the `window`
    previous weeks. `counts`: iso3, week, count (missing weeks count zero)."""
    rows = []
    for iso3, g in counts.groupby("iso3"):
        weeks = pd.to_datetime(g["week"])
        idx = pd.date_range(weeks.min(), weeks.max(), freq="7D")
        c = pd.Series(g["count"].to_numpy(), index=weeks).reindex(idx, fill_value=0).astype(float)
        prev = c.shift(1).rolling(window, min_periods=window)
        alert = (c >= min_count) & (c > prev.mean() + z * prev.std(ddof=0))
        rows.append(pd.DataFrame({"iso3": iso3, "week": idx.date, "level": np.where(alert, alert_level, 1)}))
    return pd.concat(rows, ignore_index=True)


# ---------------------------------------------------------------------------------------------- output


def format_table(result: dict, threshold: int) -> str:
    """A plain-text report of `evaluate`'s result."""
    lines = [f"Onsets (alert = level >= {threshold}; lead < 0: before the onset week)",
             f"{'iso3':<5} {'date':<10}  {'first alert':<11} {'lead':>5} {'persist':>8}  label"]
    for o in result["onsets"]:
        lead = "-" if o["lead_weeks"] is None else f"{o['lead_weeks']:+d}"
        pers = "-" if o["persistence"] is None else f"{o['persistence']:.0%}"
        lines.append(f"{o['iso3']:<5} {o['date']:<10}  {o['first_alert_week'] or 'none':<11} {lead:>5} {pers:>8}  "
                     f"{o['label']}")
    lines += ["", f"Quiet weeks (more than {WINDOW_WEEKS} weeks from any onset)",
              f"{'iso3':<5} {'weeks':>6} {'calm (<=2)':>11} {'episodes/yr':>12}"]
    for c in result["countries"]:
        calm = "-" if c["quiet_calm_share"] is None else f"{c['quiet_calm_share']:.0%}"
        ep = "-" if c["quiet_alert_episodes_per_year"] is None else f"{c['quiet_alert_episodes_per_year']:.2f}"
        lines.append(f"{c['iso3']:<5} {c['quiet_weeks']:>6} {calm:>11} {ep:>12}")
    return "\n".join(lines)


LEVEL_NAMES = ("Low", "Moderate", "Elevated", "High", "Critical")
LEVEL_COLOURS = ("#e8f3e8", "#fdf6d8", "#fde3c4", "#f9c6b8", "#efa2a2")


def _country_name(iso3: str) -> str:
    import pycountry

    found = pycountry.countries.get(alpha_3=iso3)
    return getattr(found, "common_name", None) or getattr(found, "name", iso3) if found else iso3


def plot_levels(levels: pd.DataFrame, onsets: list[Onset], out_dir: str | Path, threshold: int = 4,
                baseline: pd.DataFrame | None = None, level_names=LEVEL_NAMES) -> list[Path]:
    """One PNG per onset country (`<ISO3>.png`): the weekly level as a step line over coloured, labelled level
    bands, each onset marked and labelled, the alert threshold drawn. `baseline` (iso3, week, level), if
    given, marks that rule's alert weeks as ticks along the top for comparison. Returns the files written."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for iso3 in dict.fromkeys(o.iso3 for o in onsets):
        s = _series(levels, iso3)
        if s.empty:
            continue
        fig, ax = plt.subplots(figsize=(11, 4.2), dpi=120)
        for lv in range(1, 6):
            ax.axhspan(lv - 0.5, lv + 0.5, color=LEVEL_COLOURS[lv - 1], zorder=0)
        ax.step(s.index, s.to_numpy(), where="post", color="#1f3b57", linewidth=1.3, label="Vigil weekly level")
        ax.axhline(threshold - 0.5, color="#a11", linestyle=":", linewidth=1,
                   label=f"alert threshold (level {threshold}, {level_names[threshold - 1]})")
        if baseline is not None:
            b = _series(baseline, iso3)
            hits = b[b >= threshold].index
            if len(hits):
                ax.plot(hits, np.full(len(hits), 5.35), "|", color="#555", markersize=7,
                        label="event-count surge rule alerts")
        for o in (o for o in onsets if o.iso3 == iso3):
            x = pd.Timestamp(o.date)
            ax.axvspan(x - pd.Timedelta(weeks=WINDOW_WEEKS), x + pd.Timedelta(weeks=WINDOW_WEEKS),
                       color="#888", alpha=0.08, zorder=0)
            ax.axvline(x, color="#a11", linewidth=1.6)
            ax.annotate(f"{o.label}\n{o.date:%d %b %Y}", (x, 4.9), xytext=(6, 0), textcoords="offset points",
                        fontsize=8.5, color="#a11", va="top")
        ax.set_ylim(0.5, 5.6)
        ax.set_yticks(range(1, 6), [f"{i} {n}" for i, n in enumerate(level_names, start=1)])
        ax.set_xlim(s.index.min(), s.index.max() + pd.Timedelta(weeks=1))
        ax.xaxis.set_major_locator(mdates.YearLocator(max(1, math.ceil(len(s) / 52 / 16))))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        ax.set_title(f"{_country_name(iso3)}: Vigil's weekly atrocity-risk level, replayed from archived reports "
                     f"(shaded: {WINDOW_WEEKS} weeks either side of an onset)", fontsize=10)
        ax.legend(loc="upper left", fontsize=8, framealpha=0.9)
        ax.grid(axis="x", color="white", linewidth=0.6)
        fig.tight_layout()
        path = out_dir / f"{iso3}.png"
        fig.savefig(path)
        plt.close(fig)
        written.append(path)
    return written
