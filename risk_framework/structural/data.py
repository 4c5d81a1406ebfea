"""The Early Warning Project (USHMM and Dartmouth) statistical risk assessment tables, as shipped in `data/ewp/`.

Files are found by pattern so a newer edition (or `vigil structural update`) can sit beside the shipped one: the
predictor table with the latest date in its name wins.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

#: The 39 predictors of EWP's 2025 model, in their order (model_3Sep2025.R, `predictornames.fullest`).
PREDICTORS: tuple[str, ...] = (
    "widetargeting", "narrowtargeting", "v2csgender_binary", "v2mecenefm_binary", "partyban.new.0",
    "partyban.new.1", "partyban.new.2", "minorityrule", "judicialreform", "religiousfreedom",
    "pol_killing_approved", "freediscussion", "social_inequality", "even_civilrights", "repress_civilsoc",
    "social_power_dist", "ses_power_dist", "popsize.log2", "gdppcgrowth", "un_imr_sqrt", "efindex", "discrimpop",
    "reg.na", "reg.eap", "reg.sca", "reg.mna", "reg.eur", "ios.iccpr1", "battledeaths.log2", "coup.try.5yr",
    "mk_ongoing_count_log2", "mean_mk_onset_interaction", "mk_onset_prev_year", "newcountry", "mk_ever",
    "year_sq", "year", "countryage.new.log2", "includesnonstate",
)
OUTCOME = "mk_onset_1or2"
ID_COLUMNS: tuple[str, ...] = ("ewp_name", "ccode", "year")
REQUIRED_COLUMNS: tuple[str, ...] = (*ID_COLUMNS, *PREDICTORS, OUTCOME, "mk_onset")
FOOS_COLUMNS: tuple[str, ...] = (
    "year", "ewp_name", "ccode", "mk_onset", "risk_prev", "rank_prev", "risk_two_years_prior", "rank_two_years_prior",
    "maxrisk2", "minrank2",
)
BASEDATA_COLUMNS: tuple[str, ...] = ("year", "ccode", "ewp_name", "mk_onset", "mk_ongoing", "mk_ongoing_count")

PREDICTORS_GLOB = "prepared*predictors*.csv"
FOOS_GLOB = "FOOSforecasts_*.csv"
BASEDATA_GLOB = "basedata*.csv"
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\.csv$")


class EWPDataError(Exception):
    """The EWP data is missing or does not have the expected shape; carries the offending path or column."""


def default_dir() -> Path:
    """`data/ewp` in the project (settings `data_dir`)."""
    from vigil.settings import load_settings

    cfg = load_settings()
    return cfg.path(cfg.data_dir) / "ewp"


def _edition_key(path: Path) -> tuple:
    m = _DATE.search(path.name)
    return (m.groups() if m else ("0000", "00", "00"), path.name)


def find_file(folder: Path, pattern: str) -> Path:
    """The newest file in `folder` matching `pattern` (by the YYYY-MM-DD date ending its name, else by name)."""
    found = sorted(Path(folder).glob(pattern), key=_edition_key)
    if not found:
        raise EWPDataError(f"no file matching {pattern!r} in {folder}")
    return found[-1]


def check_columns(df: pd.DataFrame, required: tuple[str, ...], source: str) -> None:
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise EWPDataError(f"{source}: missing column(s) {missing}")


def validate_predictors(df: pd.DataFrame, source: str = "predictors") -> pd.DataFrame:
    """Check a predictor table has every column, numeric predictors, binary outcomes and unique country-years."""
    check_columns(df, REQUIRED_COLUMNS, source)
    if len(df) < 100:
        raise EWPDataError(f"{source}: only {len(df)} rows; expected thousands of country-years")
    for col in (*PREDICTORS, OUTCOME, "mk_onset", "ccode"):
        if not pd.api.types.is_numeric_dtype(df[col]):
            raise EWPDataError(f"{source}: column {col!r} is not numeric (e.g. {df[col].dropna().iloc[:1].tolist()})")
    for col in (OUTCOME, "mk_onset"):
        bad = set(df[col].dropna().unique()) - {0, 1}
        if bad:
            raise EWPDataError(f"{source}: column {col!r} has non-binary values {sorted(bad)[:5]}")
    dup = df.duplicated(["ccode", "year"])
    if dup.any():
        raise EWPDataError(f"{source}: duplicate country-years, e.g. {df.loc[dup, ['ewp_name', 'year']].iloc[0].tolist()}")
    return df


def load_predictors(folder: Path | None = None) -> pd.DataFrame:
    """EWP's modelling table: one row per country-year, the 39 predictors and the outcomes."""
    path = find_file(folder or default_dir(), PREDICTORS_GLOB)
    df = pd.read_csv(path)
    validate_predictors(df, str(path))
    df["year"] = df["year"].astype(int)
    df["ccode"] = df["ccode"].astype(int)
    return df.sort_values(["year", "ccode"]).reset_index(drop=True)


def load_foos(folder: Path | None = None) -> pd.DataFrame:
    """EWP's published rolling out-of-sample forecasts (their backtest)."""
    path = find_file(folder or default_dir(), FOOS_GLOB)
    df = pd.read_csv(path)
    check_columns(df, FOOS_COLUMNS, str(path))
    return df.loc[:, list(FOOS_COLUMNS)]


def load_basedata(folder: Path | None = None) -> pd.DataFrame:
    """EWP's country-year mass-killing history (1934 on): onsets and ongoing episodes."""
    path = find_file(folder or default_dir(), BASEDATA_GLOB)
    df = pd.read_csv(path)
    check_columns(df, BASEDATA_COLUMNS, str(path))
    return df.loc[:, list(BASEDATA_COLUMNS)]
