"""Sources: the health of every configured source."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import queries as Q
from dashboard.ui import context, empty_state, load


def health_label(row) -> str:
    if not row.enabled:
        return "disabled"
    if (row.consecutive_failures or 0) >= 3:
        return "failing"
    if (row.consecutive_failures or 0) > 0:
        return "degraded"
    if pd.isna(row.last_success_at):
        return "never fetched"
    return "ok"


def render() -> None:
    ctx = context()
    st.title("Sources")
    health = load(Q.source_health, ctx.db)
    if not len(health):
        empty_state("No sources configured yet. Add feeds in `data/sources.toml` and run the ingestion flow.")
        return
    health = health.assign(health=[health_label(r) for r in health.itertuples()])
    counts = health["health"].value_counts()
    m = st.columns(4)
    for col, key in zip(m, ["ok", "degraded", "failing", "never fetched"]):
        col.metric(key.capitalize(), int(counts.get(key, 0)))
    st.dataframe(
        health[["health", "name", "kind", "enabled", "synthetic", "last_success_at", "last_attempt_at",
                "consecutive_failures", "last_error", "last_run_new", "last_run_duplicates", "last_run_failed",
                "documents", "url", "language"]],
        hide_index=True, width="stretch",
        column_config={
            "health": st.column_config.TextColumn("Health", help="ok · degraded (failed last run) · failing "
                                                  "(3+ failures in a row) · never fetched · disabled"),
            "consecutive_failures": st.column_config.NumberColumn("Failures in a row"),
            "last_run_new": st.column_config.NumberColumn("New docs (last run)"),
            "documents": st.column_config.NumberColumn("Documents stored"),
            "url": st.column_config.LinkColumn("URL"),
        },
    )


render()
