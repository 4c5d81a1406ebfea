"""Structural risk of mass-killing onset from the Early Warning Project's data (USHMM and Dartmouth College).

- `data`: the shipped EWP tables (`data/ewp/`), validated on load.
- `countries`: EWP names / Correlates-of-War codes to ISO3.
- `features`: history features computed from each year and earlier only.
- `models`: versioned, seeded model specs (`SPECS`, `SHIPPED`) and `fit_model`, which refuses leaking windows.
- `backtest`: EWP's rolling protocol (`split`, `check_window`) and the one scoring function (`score`).
- `runner`: theirs (`theirs`) and ours (`ours`) side by side (`compare`), with cached per-window forecasts.
- `publish`: `fit_and_write` to DuckDB `structural_risk`; `update`: refresh the data from a newer edition.

Heavy libraries (scikit-learn, pandas) are imported by these modules, never by `risk_framework` itself.
"""
