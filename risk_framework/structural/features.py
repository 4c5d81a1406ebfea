"""Extra country-year features from EWP's mass-killing history, each computed from year Y and earlier only.

A forecast made at base year B uses its row's features, so nothing after B can enter it; training rows (years
<= B - 2) likewise see only their own past.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

EXTRA_FEATURES: tuple[str, ...] = ("mk_onset_now", "mk_ongoing_now", "log2_years_since_mk", "onsets_last10")
_NEVER = 100  # "years since" for a country with no mass killing on record since 1934


def history_features(basedata: pd.DataFrame) -> pd.DataFrame:
    """Per (ccode, year): onset and ongoing mass killing in that year, log2(1 + years since one was last under way,
    capped at 100), and onsets in the ten years up to and including that year."""
    b = basedata.sort_values(["ccode", "year"]).copy()
    b["mk_onset_now"] = b["mk_onset"].fillna(0).astype(int)
    b["mk_ongoing_now"] = (b["mk_ongoing"].fillna(0) > 0).astype(int)
    active = (b["mk_ongoing_now"] == 1) | (b["mk_onset_now"] == 1)
    last = b["year"].where(active).groupby(b["ccode"]).ffill()
    since = (b["year"] - last).fillna(_NEVER).clip(upper=_NEVER)
    b["log2_years_since_mk"] = np.log2(1 + since)
    b["onsets_last10"] = (
        b.groupby("ccode")["mk_onset_now"].rolling(10, min_periods=1).sum().reset_index(level=0, drop=True)
    )
    return b[["ccode", "year", *EXTRA_FEATURES]]


def add_history(df: pd.DataFrame, basedata: pd.DataFrame) -> pd.DataFrame:
    """`df` with EXTRA_FEATURES joined on (ccode, year); rows absent from the history get NaN."""
    return df.merge(history_features(basedata), on=["ccode", "year"], how="left")
