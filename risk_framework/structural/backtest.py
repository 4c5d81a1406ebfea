"""EWP's rolling out-of-sample backtest protocol, and one scoring function for their forecasts and ours.

Protocol (EWP 2025, `3.Modeling/model_3Sep2025.R`): for each last training year T from 1991 to 2021, train on the
country-years with year <= T (the outcome `mk_onset_1or2` of year T is an onset in T+1 or T+2, so it is known at
T+2) and forecast from the predictors of base year B = T + 2 (1993…2023), ranking the countries forecast that year.
Each country-year Y from 1994 to 2024 is then scored with the larger of the two forecasts made for it (from
B = Y-1 and B = Y-2) and the better of the two ranks; the figures are the AUC of that maximum against
`mk_onset` in year Y and the number of onsets ranked in the top 30.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from risk_framework.structural.data import OUTCOME, PREDICTORS

HORIZON_GAP = 2
BASE_YEARS: tuple[int, ...] = tuple(range(1993, 2024))
SCORE_YEARS: tuple[int, int] = (1994, 2024)
TOP_K = 30


class ScoringError(ValueError):
    """The scored country-years cannot give an AUC (no onset, or nothing but onsets)."""


class LeakageError(AssertionError):
    """A training window holds a row later than its base year allows."""


@dataclass(frozen=True)
class Score:
    auc: float
    top30: int
    onsets: int
    scored: int

    def as_dict(self) -> dict:
        return asdict(self)


def check_window(train: pd.DataFrame, base_year: int, gap: int = HORIZON_GAP) -> None:
    """Raise LeakageError unless every training row is from base_year - gap or earlier."""
    if len(train) and int(train["year"].max()) > base_year - gap:
        raise LeakageError(
            f"training rows up to {int(train['year'].max())} for base year {base_year} (limit {base_year - gap})"
        )


def split(df: pd.DataFrame, base_year: int, gap: int = HORIZON_GAP) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(training rows, forecast rows) for one base year: years <= base_year - gap, and the base year itself."""
    train = df.loc[df["year"] <= base_year - gap]
    check_window(train, base_year, gap)
    return train, df.loc[df["year"] == base_year]


def complete_pool(df: pd.DataFrame) -> pd.DataFrame:
    """(year, ccode) of the rows EWP can forecast: complete cases on the predictors and the outcome."""
    ok = df[list(PREDICTORS) + [OUTCOME]].notna().all(axis=1)
    return df.loc[ok, ["year", "ccode"]].rename(columns={"year": "base_year"}).reset_index(drop=True)


def rank_within_year(forecasts: pd.DataFrame) -> pd.DataFrame:
    """Add `rank` (1 = highest risk; ties share the lowest rank, as R's rank(-risk, ties.method="min"))."""
    out = forecasts.copy()
    out["rank"] = out.groupby("base_year")["risk"].rank(ascending=False, method="min").astype(int)
    return out


def rolling_forecasts(
    df: pd.DataFrame,
    fit_predict: Callable[[pd.DataFrame, pd.DataFrame, int], np.ndarray],
    base_years: Iterable[int] = BASE_YEARS,
    gap: int = HORIZON_GAP,
) -> pd.DataFrame:
    """Run `fit_predict(train, test, base_year) -> risks` on every window; return base_year, ccode, ewp_name, risk."""
    parts = []
    for base_year in base_years:
        train, test = split(df, base_year, gap)
        risk = np.asarray(fit_predict(train, test, base_year), dtype=float)
        parts.append(pd.DataFrame({"base_year": base_year, "ccode": test["ccode"].to_numpy(),
                                   "ewp_name": test["ewp_name"].to_numpy(), "risk": risk}))
    return pd.concat(parts, ignore_index=True)


def forecasts_from_foos(foos: pd.DataFrame) -> pd.DataFrame:
    """EWP's published backtest rearranged as one forecast per (base year, country): base_year, ccode, risk, rank."""
    prev = foos[["year", "ccode", "risk_prev", "rank_prev"]].rename(columns={"risk_prev": "risk", "rank_prev": "rank"})
    prev["base_year"] = prev["year"] - 1
    prior = foos[["year", "ccode", "risk_two_years_prior", "rank_two_years_prior"]].rename(
        columns={"risk_two_years_prior": "risk", "rank_two_years_prior": "rank"})
    prior["base_year"] = prior["year"] - 2
    both = pd.concat([prev, prior], ignore_index=True).dropna(subset=["risk"])
    both = both.drop_duplicates(["base_year", "ccode"])
    both["rank"] = both["rank"].astype(int)
    return both[["base_year", "ccode", "risk", "rank"]].reset_index(drop=True)


def two_year_table(forecasts: pd.DataFrame, outcomes: pd.DataFrame, years: tuple[int, int] = SCORE_YEARS) -> pd.DataFrame:
    """Each country-year in `years` with the two forecasts made for it, `maxrisk2`, `minrank2` and `mk_onset`."""
    lo, hi = years
    rows = outcomes.loc[outcomes["year"].between(lo, hi), ["year", "ccode", "ewp_name", "mk_onset"]].copy()
    f = forecasts[["base_year", "ccode", "risk", "rank"]]
    prev = f.rename(columns={"risk": "risk_prev", "rank": "rank_prev"})
    prior = f.rename(columns={"risk": "risk_two_years_prior", "rank": "rank_two_years_prior"})
    rows["prev_year"] = rows["year"] - 1
    rows["two_years_prior"] = rows["year"] - 2
    rows = rows.merge(prev, left_on=["prev_year", "ccode"], right_on=["base_year", "ccode"], how="left").drop(
        columns="base_year")
    rows = rows.merge(prior, left_on=["two_years_prior", "ccode"], right_on=["base_year", "ccode"], how="left").drop(
        columns="base_year")
    rows["maxrisk2"] = rows[["risk_prev", "risk_two_years_prior"]].max(axis=1, skipna=True)
    rows["minrank2"] = rows[["rank_prev", "rank_two_years_prior"]].min(axis=1, skipna=True)
    return rows


def score(forecasts: pd.DataFrame, outcomes: pd.DataFrame, years: tuple[int, int] = SCORE_YEARS,
          top_k: int = TOP_K) -> Score:
    """AUC of the two-forecast maximum and onsets ranked in the top `top_k`, over country-years with a forecast.

    `forecasts` needs base_year, ccode, risk (rank is computed within each base year when absent).
    """
    from sklearn.metrics import roc_auc_score

    if "rank" not in forecasts.columns:
        forecasts = rank_within_year(forecasts)
    table = two_year_table(forecasts, outcomes, years)
    scored = table.dropna(subset=["maxrisk2"])
    onsets = scored.loc[scored["mk_onset"] == 1]
    if scored["mk_onset"].nunique() < 2:
        raise ScoringError(f"{len(scored)} country-years in {years[0]}–{years[1]} with {len(onsets)} onset(s): "
                           "AUC needs both onsets and non-onsets")
    return Score(
        auc=float(roc_auc_score(scored["mk_onset"], scored["maxrisk2"])),
        top30=int((onsets["minrank2"] <= top_k).sum()),
        onsets=len(onsets),
        scored=len(scored),
    )


def restrict(forecasts: pd.DataFrame, pool: pd.DataFrame) -> pd.DataFrame:
    """Keep the forecasts for (base_year, ccode) in `pool`, so two models are ranked among the same countries."""
    return forecasts.merge(pool[["base_year", "ccode"]], on=["base_year", "ccode"], how="inner")
