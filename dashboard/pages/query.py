"""Query: read-only SQL for researchers, with a schema browser and CSV / Parquet downloads.

Runs through `store.safe_sql.run_query`: one SELECT at a time, a read-only connection, external access disabled
and configuration locked, and a time limit."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from dashboard import queries as Q
from dashboard.schema_docs import parse_schema_doc
from dashboard.ui import context, load

TIMEOUT_SECONDS = 30.0
MAX_ROWS = 100_000
EXAMPLE = "SELECT * FROM country_risk_latest ORDER BY level DESC, score DESC LIMIT 20"


def schema_browser(db: str) -> None:
    columns = load(Q.schema_columns, db)
    docs = parse_schema_doc()
    with st.sidebar:
        st.markdown("**Schema**")
        st.caption("Prefer the views: their names and columns are stable.")
        for kind, heading in (("VIEW", "Views"), ("BASE TABLE", "Tables")):
            part = columns[columns["table_type"] == kind]
            st.markdown(f"*{heading}*")
            for table, cols in part.groupby("table_name", sort=True):
                doc = docs.get(table, {})
                with st.expander(table):
                    if doc.get("description"):
                        st.caption(doc["description"])
                    st.dataframe(
                        pd.DataFrame({
                            "column": cols["column_name"], "type": cols["data_type"],
                            "meaning": [doc.get("columns", {}).get(c, "") for c in cols["column_name"]],
                        }),
                        hide_index=True, width="stretch",
                    )


def render() -> None:
    from store import StoreError
    from store.safe_sql import QueryRefused, QueryTimeout, run_query

    ctx = context()
    st.title("Query")
    st.caption(f"Read-only SQL (DuckDB dialect). One statement at a time; queries cannot write, read files, reach the "
               f"network or change settings, and stop after {TIMEOUT_SECONDS:g} s. Results show up to "
               f"{MAX_ROWS:,} rows.")
    schema_browser(ctx.db)
    sql = st.text_area("SQL", value=EXAMPLE, height=140, key="sql")
    if st.button("Run", type="primary", key="run_sql"):
        try:
            result = run_query(ctx.db, sql, timeout=TIMEOUT_SECONDS, max_rows=MAX_ROWS)
        except QueryRefused as exc:
            st.session_state.pop("sql_result", None)
            st.error(f"Refused: {exc}")
        except QueryTimeout as exc:
            st.session_state.pop("sql_result", None)
            st.error(f"Stopped: {exc}. Add filters or a LIMIT.")
        except StoreError as exc:
            st.session_state.pop("sql_result", None)
            st.error(str(exc))
        else:
            st.session_state["sql_result"] = (sql, result)
    if "sql_result" in st.session_state:
        ran, result = st.session_state["sql_result"]
        st.caption(f"{len(result):,} row(s) · `{ran[:120]}`")
        st.dataframe(result, hide_index=True, width="stretch")
        c1, c2 = st.columns(2)
        c1.download_button("Download CSV", result.to_csv(index=False).encode("utf-8"), file_name="vigil-query.csv",
                           mime="text/csv", key="dl_csv")
        buffer = io.BytesIO()
        result.to_parquet(buffer, index=False)
        c2.download_button("Download Parquet", buffer.getvalue(), file_name="vigil-query.parquet",
                           mime="application/vnd.apache.parquet", key="dl_parquet")


render()
