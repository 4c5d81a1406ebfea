"""Theirs and ours through the same scoring code: the rolling backtest of a spec (cached per data edition), EWP's
published backtest, and the side-by-side figures."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from risk_framework.structural.backtest import (
    BASE_YEARS,
    SCORE_YEARS,
    Score,
    complete_pool,
    forecasts_from_foos,
    restrict,
    rolling_forecasts,
    score,
)
from risk_framework.structural.data import (
    BASEDATA_GLOB,
    PREDICTORS_GLOB,
    default_dir,
    find_file,
    load_basedata,
    load_foos,
    load_predictors,
)
from risk_framework.structural.features import add_history
from risk_framework.structural.models import (
    ModelSpec,
    blend,
    components,
    rank_average,
    window_forecast,
)

CACHE_FORMAT = "1"


def load_data(folder: Path | None = None) -> pd.DataFrame:
    """The predictor table with the history features joined."""
    folder = folder or default_dir()
    return add_history(load_predictors(folder), load_basedata(folder))


def data_fingerprint(folder: Path) -> str:
    h = hashlib.sha256(CACHE_FORMAT.encode())
    for pattern in (PREDICTORS_GLOB, BASEDATA_GLOB):
        h.update(find_file(folder, pattern).read_bytes())
    return h.hexdigest()[:12]


def backtest_forecasts(spec: ModelSpec, folder: Path | None = None, base_years: Iterable[int] = BASE_YEARS,
                       cache_dir: Path | None = None, data: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rolling out-of-sample forecasts of `spec` (base_year, ccode, ewp_name, risk), one fit per base year.

    A blend combines its components' forecasts (each fitted on the same window). With `cache_dir`, forecasts are
    kept per (spec, data edition, base years) so a second run costs nothing.
    """
    folder = folder or default_dir()
    base_years = tuple(base_years)
    if spec.learner in ("blend", "rankavg"):
        parts = [backtest_forecasts(c, folder, base_years, cache_dir, data) for c in components(spec)]
        out = parts[0][["base_year", "ccode", "ewp_name"]].copy()
        risks = [p["risk"].to_numpy() for p in parts]
        out["risk"] = blend(risks, spec) if spec.learner == "blend" else rank_average(risks, out["base_year"].to_numpy())
        return out
    path = None
    if cache_dir is not None:
        key = f"{spec.name}-{data_fingerprint(folder)}-{base_years[0]}-{base_years[-1]}-{len(base_years)}.csv"
        path = Path(cache_dir) / key
        if path.exists():
            return pd.read_csv(path)
    if data is None:
        data = load_data(folder)
    out = rolling_forecasts(data, window_forecast(spec), base_years)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".part")
        out.to_csv(tmp, index=False)
        tmp.replace(path)
    return out


def base_years_for(years: tuple[int, int]) -> tuple[int, ...]:
    """The base years whose forecasts score country-years `years` (each is forecast from the two years before)."""
    return tuple(range(years[0] - 2, years[1]))


def theirs(folder: Path | None = None, years: tuple[int, int] = SCORE_YEARS) -> Score:
    """EWP's published backtest scored by `score`."""
    folder = folder or default_dir()
    return score(forecasts_from_foos(load_foos(folder)), load_predictors(folder), years)


#: The model-selection backtest: same protocol, base years 1978–1992, scored years 1980–1993 (pre-1994 outcomes only).
DEV_YEARS: tuple[int, int] = (1980, 1993)
DEV_BASE_YEARS: tuple[int, ...] = tuple(range(1978, 1993))


def ours(spec: ModelSpec, folder: Path | None = None, cache_dir: Path | None = None,
         years: tuple[int, int] = SCORE_YEARS, base_years: Iterable[int] = BASE_YEARS) -> Score:
    """`spec`'s rolling backtest scored by `score`, ranked among the same countries EWP could forecast each year
    (complete cases), so both are scored on the same country-years and onsets."""
    folder = folder or default_dir()
    data = load_data(folder)
    base_years = tuple(b for b in base_years_for(years) if b in set(base_years))
    fc = backtest_forecasts(spec, folder, base_years, cache_dir, data)
    return score(restrict(fc.dropna(subset=["risk"]), complete_pool(data)), data, years)


def development(spec: ModelSpec, folder: Path | None = None, cache_dir: Path | None = None) -> Score:
    """`spec` on the development backtest used to choose the shipped model (EWP published no forecasts there)."""
    return ours(spec, folder, cache_dir, DEV_YEARS, DEV_BASE_YEARS)


def compare(spec: ModelSpec | None = None, folder: Path | None = None, cache_dir: Path | None = None,
            years: tuple[int, int] = SCORE_YEARS) -> dict:
    """{"theirs": {...}, "ours": {...}} with auc, top30, onsets (and scored, model) for each, over `years`."""
    from risk_framework.structural.models import SHIPPED

    spec = spec or SHIPPED
    t, o = theirs(folder, years), ours(spec, folder, cache_dir, years)
    return {"theirs": t.as_dict() | {"model": "EWP elastic net (published FOOS forecasts)"},
            "ours": o.as_dict() | {"model": spec.version}}
