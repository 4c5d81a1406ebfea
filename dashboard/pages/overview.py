"""Overview: the world map of current levels, the ranking with change and trend, and the latest alerts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import queries as Q
from dashboard.map import choropleth, missing_polygons
from dashboard.style import (
    LEVEL_COLOURS,
    alert_kind_text,
    change_label,
    level_change_text,
    level_label,
)
from dashboard.ui import context, empty_state, load


def crime_label(name: str) -> str:
    return "All crimes (overall)" if name == "overall" else name.replace("_", " ").capitalize()


def level_css(label: str) -> str:
    try:
        n = int(str(label).split(" ", 1)[0])
    except ValueError:
        return ""
    colour = LEVEL_COLOURS.get(n)
    text = "#ffffff" if n >= 4 else "#000000"
    return f"background-color: {colour}; color: {text}" if colour else ""


def ranking_table(ranking: pd.DataFrame, show_structural: bool) -> pd.DataFrame:
    table = pd.DataFrame({
        "Country": ranking["country"],
        "ISO3": ranking["iso3"],
        "Level": [level_label(v) for v in ranking["level"]],
        "Change": [change_label(v) for v in ranking["level_change"]],
        "Score": ranking["score"],
        "Trend": [list(v) if v is not None and len(v) else [] for v in ranking["trend"]],
        "Evidence": ranking["evidence_count"],
    })
    if show_structural:
        # float so that missing values are NaN, which the Styler shows as "–"
        table["Structural risk"] = pd.to_numeric(ranking["structural_risk"], errors="coerce").astype(float)
        table["Structural rank"] = pd.to_numeric(ranking["structural_rank"], errors="coerce").astype(float)
    return table


def render() -> None:
    from risk_framework import default_framework

    ctx = context()
    st.title("Overview")
    if ctx.empty:
        empty_state(
            "No country has been scored yet. Once documents are fetched, tagged and scored (`vigil score`), the "
            "world map and ranking appear here."
        )
        return
    weeks = load(Q.weeks, ctx.db)["week"].tolist()
    if not weeks:
        empty_state("Scores exist, but none for the active weights version. Rescore with `vigil score`.")
        return
    dims = ["overall", *default_framework().crimes]
    c1, c2 = st.columns([1, 2])
    week = c1.selectbox("Week (Monday)", weeks, index=0, format_func=lambda w: f"{w:%Y-%m-%d} (W{w:%V})")
    dimension = c2.radio("Crime type", dims, format_func=crime_label, horizontal=True)

    ranking = load(Q.ranking, ctx.db, week, dimension)
    show_structural = bool(ctx.status.get("structural_rows"))
    levels = ranking["level"].dropna().astype(int)
    m = st.columns(4)
    m[0].metric("Countries scored", len(ranking))
    m[1].metric(level_label(5), int((levels == 5).sum()))
    m[2].metric(level_label(4), int((levels == 4).sum()))
    m[3].metric("Open alerts", int(ctx.status.get("open_alerts") or 0))

    st.plotly_chart(choropleth(ranking), width="stretch", config={"displaylogo": False})
    off_map = missing_polygons(ranking)
    if len(off_map):
        st.caption("Too small for the 1:110m map: " + ", ".join(
            f"{r.country} ({level_label(r.level)})" for r in off_map.itertuples()))
    st.caption("Boundaries: Natural Earth (public domain); they imply no position of the United Nations.")

    st.subheader(f"Ranking · {crime_label(dimension)} · week of {week:%Y-%m-%d}")
    if not len(ranking):
        empty_state("No country was scored that week.")
    else:
        table = ranking_table(ranking, show_structural)
        formats = {"Score": "{:.1f}", "Structural risk": "{:.1%}", "Structural rank": "{:.0f}"}
        styled = table.style.map(level_css, subset=["Level"]).format(
            {k: v for k, v in formats.items() if k in table.columns}, na_rep="–")
        column_config = {
            # One 0-100 scale for every row, so a wiggle in a near-zero score does not look like a surge.
            "Trend": st.column_config.LineChartColumn(f"Trend ({Q.TREND_WEEKS} wk, 0–100)", width="small",
                                                      y_min=0, y_max=100),
            "Level": st.column_config.TextColumn("Level", help=f"{level_label(1)} … {level_label(5)} (overall level)"),
            "Change": st.column_config.TextColumn("Change", help="Level change since the week before"),
        }
        if show_structural:
            column_config["Structural rank"] = st.column_config.NumberColumn(
                "Structural rank", help="Rank in the latest structural (country-year) forecast; 1 = highest")
        event = st.dataframe(
            styled, hide_index=True, width="stretch", column_config=column_config, key="ranking",
            on_select="rerun", selection_mode="single-row",
        )
        rows = event.selection.rows if event is not None and hasattr(event, "selection") else []
        if rows:
            st.session_state["country"] = table.iloc[rows[0]]["ISO3"]
            st.switch_page("pages/country.py")
        st.caption("Select a row to open the country page.")

    st.subheader("Latest open alerts")
    alerts = load(Q.latest_alerts, ctx.db, 10)
    if not len(alerts):
        empty_state("No open alerts.")
    else:
        st.dataframe(
            pd.DataFrame({
                "Week": [f"{pd.Timestamp(w):%Y-%m-%d}" for w in alerts["week"]],
                "Country": alerts["country"].fillna(alerts["iso3"]),
                "Kind": [alert_kind_text(k, d) for k, d in zip(alerts["kind"], alerts["dimension"])],
                "Level": [level_change_text(a, b) for a, b in zip(alerts["level_from"], alerts["level_to"])],
                "Reason": alerts["reason"],
            }),
            hide_index=True, width="stretch",
        )


render()
