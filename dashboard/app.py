"""Vigil dashboard entry point: `vigil dashboard` (or `streamlit run dashboard/app.py` with VIGIL_DB set)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run` puts only this folder on the path
    sys.path.insert(0, str(ROOT))

import streamlit as st

from dashboard import ui
from dashboard.queries import reading

st.set_page_config(page_title="Vigil · atrocity-risk early warning", page_icon=":material/public:", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/public:", default=True),
    st.Page("pages/country.py", title="Country", icon=":material/flag:"),
    st.Page("pages/indicators.py", title="Indicators", icon=":material/tune:"),
    st.Page("pages/alerts.py", title="Alerts", icon=":material/notifications_active:"),
    st.Page("pages/sources.py", title="Sources", icon=":material/rss_feed:"),
    st.Page("pages/query.py", title="Query", icon=":material/terminal:"),
]

# Each page calls ui.context() first: it draws the sidebar, the login and the synthetic-data banner. The page's
# queries share one read-only connection, closed when this run ends (or before a write).
with reading(str(ui.resolve_db())):
    st.navigation(PAGES).run()
