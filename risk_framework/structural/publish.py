"""Fit the shipped structural model on all the data and write next years' risk per country to `structural_risk`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from risk_framework.structural.backtest import BASE_YEARS
from risk_framework.structural.countries import ewp_to_iso3
from risk_framework.structural.data import (
    OUTCOME,
    PREDICTORS_GLOB,
    default_dir,
    find_file,
)
from risk_framework.structural.models import ModelSpec, Platt, fit_model


@dataclass(frozen=True)
class FitResult:
    model_version: str
    base_year: int
    years: tuple[int, int]
    countries: int
    unmapped: tuple[str, ...]
    train_years: tuple[int, int]
    n_train: int


def edition(folder: Path) -> str:
    """The data edition a fit used: the predictor file's name without `.csv`."""
    return find_file(folder, PREDICTORS_GLOB).stem


def rolling_calibration(spec: ModelSpec, data: pd.DataFrame, folder: Path, cache_dir: Path | None,
                        base_year: int) -> Platt:
    """Platt map for a rank-average spec, fitted on its own rolling out-of-sample record: every backtest forecast
    whose outcome is known by `base_year` (base years <= base_year - 2), against that outcome."""
    from risk_framework.structural.runner import backtest_forecasts

    fc = backtest_forecasts(spec, folder, BASE_YEARS, cache_dir, data)  # the same windows (and cache) as `backtest`
    fc = fc.loc[fc["base_year"] <= base_year - 2]
    known = fc.merge(data[["year", "ccode", OUTCOME]].rename(columns={"year": "base_year"}),
                     on=["base_year", "ccode"]).dropna(subset=["risk", OUTCOME])
    return Platt.fit(known["risk"].to_numpy(), known[OUTCOME].to_numpy(dtype=int))


def forecast_latest(spec: ModelSpec, data: pd.DataFrame, calibrator: Platt | None = None) -> tuple[pd.DataFrame, object]:
    """Train on every row whose outcome is known (years <= last year - 2) and forecast from the last year's rows.

    Returns (frame with ewp_name, ccode, iso3, risk, rank; the fitted model).
    """
    base_year = int(data["year"].max())
    train = data.loc[data["year"] <= base_year - 2]
    train = train.loc[train[OUTCOME].notna()]
    model = fit_model(spec, train, base_year)
    model.calibrator = calibrator
    test = data.loc[data["year"] == base_year].copy()
    test["risk"] = model.predict(test)
    test = test.dropna(subset=["risk"])
    test["iso3"] = test["ewp_name"].map(ewp_to_iso3)
    test["rank"] = test["risk"].rank(ascending=False, method="first").astype(int)
    return test[["ewp_name", "ccode", "iso3", "risk", "rank", "year"]].sort_values("rank"), model


def fit_and_write(db_path: Path, spec: ModelSpec | None = None, folder: Path | None = None,
                  cache_dir: Path | None = None, now: dt.datetime | None = None) -> FitResult:
    """Fit `spec` (default: the shipped model) on all data and replace that model version's rows in the database.

    Each country gets one row for each of the two years after the data's last year, both carrying the probability
    of a mass-killing onset in either of those years (EWP's "risk for 2025–26"). A rank-average spec is calibrated
    on its rolling backtest (computed once, then cached in `cache_dir`).
    """
    from risk_framework.structural.models import SHIPPED
    from risk_framework.structural.runner import load_data
    from store import insert_df, open_db, transaction

    spec = spec or SHIPPED
    folder = folder or default_dir()
    data = load_data(folder)
    base_year = int(data["year"].max())
    calibrator = rolling_calibration(spec, data, folder, cache_dir, base_year) if spec.learner == "rankavg" else None
    out, model = forecast_latest(spec, data, calibrator)
    version = f"{spec.version}/{edition(folder)}"
    unmapped = tuple(sorted(out.loc[out["iso3"].isna(), "ewp_name"]))
    out = out.dropna(subset=["iso3"])
    computed_at = (now or dt.datetime.now(dt.UTC)).replace(tzinfo=None)
    rows = pd.concat(
        [pd.DataFrame({"iso3": out["iso3"], "year": base_year + k, "risk": out["risk"], "rank": out["rank"],
                       "country_name": out["ewp_name"], "model_version": version, "computed_at": computed_at})
         for k in (1, 2)],
        ignore_index=True,
    )
    with open_db(db_path) as con, transaction(con):
        con.execute("DELETE FROM structural_risk WHERE model_version = ?", [version])
        insert_df(con, "structural_risk", rows)
    return FitResult(version, base_year, (base_year + 1, base_year + 2), len(out), unmapped, model.train_years,
                     model.n_train)
