"""Alerts: open (and, on request, acknowledged or resolved) alerts with their reason and strongest evidence;
analysts acknowledge and resolve them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import actions
from dashboard import queries as Q
from dashboard.style import (
    alert_kind_text,
    day_or_undated,
    highlight,
    level_change_text,
    span_in_sentence,
)
from dashboard.ui import context, empty_state, load, writing_hint


def render() -> None:
    ctx = context()
    st.title("Alerts")
    statuses = st.multiselect("Status", list(actions.ALERT_STATUSES), default=["open"])
    if not statuses:
        empty_state("Choose at least one status.")
        return
    rows = load(Q.alerts, ctx.db, tuple(statuses))
    if not len(rows):
        empty_state("No alerts with that status. Alerts are raised by `vigil score` when a country's level rises "
                    "or a crime-specific risk factor surges.")
        return
    writing_hint(ctx)
    for a in rows.itertuples():
        title = (f"{a.country or a.iso3} · week of {pd.Timestamp(a.week):%Y-%m-%d} · "
                 f"{alert_kind_text(a.kind, a.dimension)} · {level_change_text(a.level_from, a.level_to)} · "
                 f"{a.status}")
        with st.expander(title, expanded=a.status == "open"):
            st.markdown(f"**Reason:** {a.reason}")
            if a.status_by:
                st.caption(f"{a.status} by {a.status_by} at {pd.Timestamp(a.status_at):%Y-%m-%d %H:%M}"
                           + (f": {a.status_note}" if a.status_note else ""))
            ids = tuple(a.evidence_ids) if a.evidence_ids is not None else ()
            evidence = load(Q.evidence_by_ids, ctx.db, ids)
            for e in evidence.itertuples():
                span = span_in_sentence(e.sentence, e.sentence_start, e.span_start, e.span_end)
                st.markdown(f"“{highlight(e.sentence, span)}”", unsafe_allow_html=True)
                link = f"[{e.outlet}]({e.url})" if e.url else (e.outlet or "")
                st.caption(f"{link} · {day_or_undated(e.published_at)} · indicator {e.indicator_id} · "
                           f"confidence {e.confidence:.2f}")
            if ctx.analyst:
                note = st.text_input("Note", key=f"note_{a.id}")
                c1, c2, c3 = st.columns(3)
                choices = [(c1, "acknowledged", "Acknowledge"), (c2, "resolved", "Resolve"), (c3, "open", "Reopen")]
                for col, status, text in choices:
                    if status != a.status and col.button(text, key=f"{status}_{a.id}"):
                        try:
                            actions.set_alert_status(ctx.db, a.id, status, ctx.analyst, note or None)
                        except actions.ActionError as exc:
                            st.error(str(exc))
                        else:
                            st.cache_data.clear()
                            st.rerun()


render()
