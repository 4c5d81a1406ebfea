"""Country: level and crime-type scores over time, the risk-factor breakdown of a week, and the evidence behind it,
sentence by sentence, with analyst feedback and the advisory-note draft."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from dashboard import actions
from dashboard import queries as Q
from dashboard.style import (
    LEVEL_COLOURS,
    alert_kind_text,
    day_or_undated,
    highlight,
    level_change_text,
    level_label,
    span_in_sentence,
)
from dashboard.ui import context, empty_state, load, writing_hint

ALL = "All risk factors"


def _draft_note_fn():
    """(`reports.notes.draft_note`, the errors it raises) when the reports package provides it, else None."""
    try:
        from reports.notes import NoteError, draft_note
        from reports.weeks import WeekError
    except ImportError:
        return None
    from store import StoreError

    return draft_note, (NoteError, WeekError, StoreError)


def history_charts(history: pd.DataFrame, crimes: tuple[str, ...]):
    import plotly.graph_objects as go

    overall = history[history["dimension"] == "overall"].sort_values("week")
    level_fig = go.Figure(go.Scatter(
        x=overall["week"], y=overall["level"], mode="lines+markers", line={"shape": "hv", "color": "#444"},
        marker={"color": [LEVEL_COLOURS.get(int(v), "#ccc") if pd.notna(v) else "#ccc" for v in overall["level"]],
                "size": 10, "line": {"color": "#333", "width": 1}},
        text=[level_label(v) for v in overall["level"]], hovertemplate="%{x|%Y-%m-%d}: %{text}<extra></extra>",
    ))
    level_fig.update_layout(
        title="Overall level", height=260, margin={"l": 10, "r": 10, "t": 40, "b": 10},
        yaxis={"range": [0.5, 5.5], "tickvals": [1, 2, 3, 4, 5], "ticktext": [level_label(n) for n in range(1, 6)]},
    )
    crime_fig = go.Figure()
    dashes = ["solid", "dash", "dot", "dashdot"]
    colours = ["#0072B2", "#E69F00", "#009E73", "#CC79A7"]  # Okabe-Ito
    for i, dim in enumerate(["overall", *crimes]):
        part = history[history["dimension"] == dim].sort_values("week")
        if len(part):
            crime_fig.add_trace(go.Scatter(
                x=part["week"], y=part["score"], mode="lines+markers", name=dim.replace("_", " "),
                line={"dash": dashes[i % 4], "color": colours[i % 4]},
            ))
    crime_fig.update_layout(title="Scores by crime type", height=260, margin={"l": 10, "r": 10, "t": 40, "b": 10},
                            legend={"orientation": "h", "y": -0.2})
    return level_fig, crime_fig


def factor_chart(breakdown: pd.DataFrame, framework):
    import plotly.graph_objects as go

    labels = [f"{framework.factor(int(rf)).code} · {framework.factor(int(rf)).title}" for rf in breakdown["risk_factor"]]
    values = breakdown["score"].fillna(0.0) if breakdown["score"].notna().any() else breakdown["evidence_rows"]
    fig = go.Figure(go.Bar(
        x=values, y=labels, orientation="h", marker={"color": "#0072B2"},
        customdata=breakdown[["evidence_rows"]].to_numpy(),
        hovertemplate="%{y}<br>score %{x:.3f}<br>%{customdata[0]} evidence rows this week<extra></extra>",
    ))
    fig.update_layout(height=max(260, 26 * len(labels)), margin={"l": 10, "r": 10, "t": 10, "b": 10},
                      yaxis={"autorange": "reversed"}, xaxis={"title": "score" if breakdown["score"].notna().any()
                                                               else "evidence rows"})
    return fig


def evidence_item(ctx, row, framework) -> None:
    span = span_in_sentence(row.sentence, row.sentence_start, row.span_start, row.span_end)
    with st.container(border=True):
        st.markdown(f"“{highlight(row.sentence, span)}”", unsafe_allow_html=True)
        factor = framework.factor(int(row.risk_factor))
        label = row.indicator_label or ""
        when = day_or_undated(row.published_at)
        link = f"[{row.outlet or row.source}]({row.url})" if row.url else (row.outlet or row.source)
        st.caption(
            f"{link} · {when} · {factor.code} / {row.indicator_id} {label} · confidence {row.confidence:.2f} · "
            f"{row.method}" + (" · synthetic" if row.synthetic else "")
        )
        verdicts = f"✔ {row.confirmations} confirmed · ✘ {row.rejections} rejected"
        if isinstance(row.latest_verdict, str):
            verdicts += f" (latest: {row.latest_verdict})"
            if row.latest_verdict.startswith("reject"):
                verdicts += " · not counted in the scores or cited in reports"
        cols = st.columns([3, 1, 1])
        cols[0].caption(verdicts)
        if ctx.analyst:
            for col, verdict, text in ((cols[1], "confirm", "Confirm"), (cols[2], "reject", "Reject")):
                if col.button(text, key=f"{verdict}_{row.evidence_id}"):
                    try:
                        actions.record_feedback(ctx.db, row.evidence_id, verdict, ctx.analyst)
                    except actions.ActionError as exc:
                        st.error(str(exc))
                    else:
                        st.cache_data.clear()
                        st.toast(f"Recorded: {verdict} on evidence {row.evidence_id}")
                        st.rerun()


def render() -> None:
    from risk_framework import default_framework

    ctx = context()
    fw = default_framework()
    st.title("Country")
    if ctx.empty:
        empty_state("No country has been scored yet, so there is nothing to show here. Run the pipeline, then "
                    "`vigil score`.")
        return
    countries = load(Q.scored_countries, ctx.db)
    codes = countries["iso3"].tolist()
    names = dict(zip(countries["iso3"], countries["country"]))
    wanted = st.query_params.get("iso3") or st.session_state.get("country")
    index = codes.index(wanted) if wanted in codes else 0
    iso3 = st.selectbox("Country", codes, index=index, format_func=lambda c: f"{names.get(c, c)} ({c})")
    st.session_state["country"] = iso3

    history = load(Q.country_history, ctx.db, iso3)
    overall = history[history["dimension"] == "overall"].sort_values("week", ascending=False)
    weeks = overall["week"].tolist()
    latest = overall.iloc[0] if len(overall) else None
    previous = overall.iloc[1] if len(overall) > 1 else None

    m = st.columns(4)
    if latest is not None:
        change = (latest["level"] - previous["level"]) if previous is not None else None
        if change is None or pd.isna(change):
            m[0].metric("Level (latest week)", level_label(latest["level"]))
        elif int(change) == 0:
            m[0].metric("Level (latest week)", level_label(latest["level"]), "unchanged since the week before",
                        delta_color="off", delta_arrow="off")
        else:
            m[0].metric("Level (latest week)", level_label(latest["level"]), f"{int(change):+d} since the week before",
                        delta_color="inverse")
        m[1].metric("Overall score (0–100)", f"{latest['score']:.1f}")
    structural = load(Q.structural_for, ctx.db, iso3)
    if len(structural):
        s = structural.iloc[0]
        m[2].metric(f"Structural risk ({int(s['year'])})", f"{s['risk']:.1%}")
        m[3].metric("Structural rank", f"{int(s['rank'])}", help=f"model {s['model_version']}")

    level_fig, crime_fig = history_charts(history, fw.crimes)
    c1, c2 = st.columns(2)
    c1.plotly_chart(level_fig, width="stretch", config={"displaylogo": False})
    c2.plotly_chart(crime_fig, width="stretch", config={"displaylogo": False})

    week = st.selectbox("Week", weeks, index=0, format_func=lambda w: f"{w:%Y-%m-%d} (W{w:%V})")
    st.subheader(f"Risk factors · week of {week:%Y-%m-%d}")
    week_evidence = load(Q.week_evidence, ctx.db, iso3, week)
    breakdown = Q.factor_breakdown(load(Q.factor_scores, ctx.db, iso3, week), week_evidence)
    if len(breakdown):
        st.plotly_chart(factor_chart(breakdown, fw), width="stretch", config={"displaylogo": False})
    else:
        empty_state("No risk-factor scores or evidence for this week.")

    st.subheader("Evidence")
    writing_hint(ctx)
    options = [ALL, *[f.id for f in fw.factors]]
    choice = st.selectbox("Risk factor", options,
                          format_func=lambda v: v if v == ALL else f"{fw.factor(v).code} · {fw.factor(v).title}")
    rf = None if choice == ALL else int(choice)
    total = len(week_evidence) if rf is None else int((week_evidence["risk_factor"] == rf).sum())
    if not total:
        empty_state("No evidence for this country, week and risk factor.")
    else:
        pages = max(1, math.ceil(total / Q.EVIDENCE_PAGE_SIZE))
        page = 1
        if pages > 1:
            page = int(st.number_input(f"Page (of {pages})", min_value=1, max_value=pages, value=1, step=1))
        st.caption(f"{total} evidence sentences, strongest first; page {page} of {pages}.")
        ids = Q.evidence_ids(week_evidence, rf, Q.EVIDENCE_PAGE_SIZE, (page - 1) * Q.EVIDENCE_PAGE_SIZE)
        rows = load(Q.evidence_details, ctx.db, ids)
        for row in rows.itertuples():
            evidence_item(ctx, row, fw)

    st.subheader("Advisory note")
    drafter = _draft_note_fn()
    if drafter is None:
        st.button("Draft advisory note", disabled=True, key="draft_note_disabled")
        st.caption("Advisory-note drafting arrives with the reports package (`reports.notes.draft_note`).")
    else:
        draft_note, note_errors = drafter
        fmt = st.radio("Format", ["md", "docx"], horizontal=True, format_func=lambda f: {"md": "Markdown",
                                                                                         "docx": "Word (DOCX)"}[f])
        if st.button("Draft advisory note", key="draft_note"):
            try:
                data = draft_note(ctx.db, iso3, week=week, fmt=fmt)
            except note_errors as exc:
                st.error(f"The note could not be drafted: {exc}")
            else:
                mime = "text/markdown" if fmt == "md" else (
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
                st.download_button("Download the draft", data, file_name=f"vigil-note-{iso3}-{week}.{fmt}",
                                   mime=mime, key="draft_note_download")

    alerts = load(Q.country_alerts, ctx.db, iso3)
    if len(alerts):
        st.subheader("Alerts")
        st.dataframe(pd.DataFrame({
            "Week": [f"{pd.Timestamp(w):%Y-%m-%d}" for w in alerts["week"]],
            "Kind": [alert_kind_text(k, d) for k, d in zip(alerts["kind"], alerts["dimension"])],
            "Level": [level_change_text(a, b) for a, b in zip(alerts["level_from"], alerts["level_to"])],
            "Reason": alerts["reason"], "Status": alerts["status"],
        }), hide_index=True, width="stretch")


render()
