"""Reference tables the warehouse carries for researchers: countries, and the framework's factors and indicators.

Written by `vigil init` (and by every flow that opens the database for writing), so a SQL user can join labels
without reading our files.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from store import insert_df, transaction


def countries_frame() -> pd.DataFrame:
    """ISO 3166-1 countries from pycountry (offline), with the UN M49-style region where known."""
    import pycountry

    rows = [
        {"iso3": c.alpha_3, "iso2": c.alpha_2, "name": getattr(c, "common_name", None) or c.name, "region": None}
        for c in pycountry.countries
    ]
    rows.append({"iso3": "XKX", "iso2": "XK", "name": "Kosovo", "region": None})
    return pd.DataFrame(rows)


def framework_frames(framework) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The framework's risk factors and indicators as two frames, keyed by its full version."""
    version = framework.full_version
    factors = pd.DataFrame(
        [
            {"risk_factor": f.id, "code": f.code, "title": f.title, "kind": f.kind, "crimes": list(f.crimes),
             "framework_version": version}
            for f in framework.factors
        ]
    )
    indicators = pd.DataFrame(
        [
            {"indicator_id": i.id, "risk_factor": i.risk_factor, "label": i.label, "verified": i.verified,
             "default_weight": i.weight, "framework_version": version}
            for i in framework.indicators
        ]
    )
    return factors, indicators


def sync_reference(con: duckdb.DuckDBPyConnection, framework=None) -> str:
    """Load countries and the framework into their tables (idempotent); return a one-line summary."""
    from risk_framework import default_framework

    framework = framework or default_framework()
    factors, indicators = framework_frames(framework)
    with transaction(con):
        insert_df(con, "countries", countries_frame(), on_conflict="replace")
        insert_df(con, "risk_factors", factors, on_conflict="replace")
        insert_df(con, "indicators", indicators, on_conflict="replace")
    from risk_framework.weights import ensure_default

    weights_note = ensure_default(con, framework)
    summary = f"framework {framework.full_version}: {len(factors)} risk factors, {len(indicators)} indicators"
    return summary + (f"; {weights_note}" if weights_note else "")
