"""The Vigil Streamlit dashboard: world risk map, country evidence, weights tuning, alerts, sources and SQL.

Pages read through short read-only DuckDB connections inside cached query functions (`dashboard.queries`); writes
(feedback, weights versions, alert status) go through `dashboard.actions`, one short read-write block each.
"""
