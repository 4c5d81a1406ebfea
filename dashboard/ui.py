"""What every page shares: the database path, the status row, the synthetic-data banner, and `load`, which turns a
locked or missing database into a friendly message instead of a stack trace."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from store import DatabaseLocked, StoreError


@dataclass(frozen=True)
class Context:
    db: str
    hash_env: str
    status: dict
    analyst: str | None

    @property
    def empty(self) -> bool:
        return not self.status.get("scores")


def settings():
    from vigil.settings import load_settings

    return load_settings()


def resolve_db() -> Path:
    """VIGIL_DB (set by `vigil dashboard --db`) or the settings' `db`."""
    return settings().db_path


def load(fn: Callable[..., pd.DataFrame], *args, **kwargs) -> pd.DataFrame:
    """Run a cached query; on a lock or a read error show a friendly message and stop the page."""
    try:
        return fn(*args, **kwargs)
    except DatabaseLocked:
        st.warning(
            "The database is busy: a pipeline run is writing to it right now. The page will work again when the "
            "run finishes (usually within a minute)."
        )
        if st.button("Try again", key=f"retry_{getattr(fn, '__name__', 'q')}"):
            st.rerun()
        st.stop()
    except StoreError as exc:
        st.error(f"Could not read the database: {exc}")
        st.stop()
    except duckdb.Error as exc:
        st.error(
            "Could not read the database (it may be from an incompatible Vigil version; `vigil init` migrates "
            f"it): {str(exc).splitlines()[0]}"
        )
        st.stop()


def shell() -> Context:
    """Sidebar (database, login) and banners shared by every page; stops the page if there is no database."""
    from dashboard import auth, queries

    cfg = settings()
    db = cfg.db_path
    hash_env = cfg.dashboard.analyst_password_hash_env
    with st.sidebar:
        st.caption(f"Database: `{db}`")
    analyst = auth.sidebar_login(hash_env)
    if not Path(db).exists():
        st.info(
            f"No database yet at `{db}`. Create one with `vigil init --db {db}` and fill it with the pipeline, "
            "or run `make demo` for the synthetic demo."
        )
        st.stop()
    row = load(queries.db_status, str(db))
    status = row.iloc[0].to_dict() if len(row) else {}
    if status.get("synthetic"):
        st.warning(
            "**Synthetic demo data.** Everything shown here comes from Vigil's made-up demo corpus, not from real "
            "reporting. Do not cite it.",
            icon=":material/warning:",
        )
    _use_shown_level_names(str(db), status.get("weights_version"))
    ctx = Context(db=str(db), hash_env=hash_env, status=status, analyst=analyst)
    return ctx


def _use_shown_level_names(db: str, version) -> None:
    """Name levels as the weights version whose scores are shown does (the default names when it is unreadable)."""
    import json

    from dashboard import queries
    from dashboard.style import use_level_names
    from risk_framework.weights import WeightsError, parse_weights

    names = None
    if isinstance(version, str):
        rows = load(queries.weights_body, db, version)
        if len(rows):
            try:
                names = parse_weights(json.loads(rows.iloc[0]["body"]), origin=f"weights version {version!r}"
                                      ).levels.names
            except (ValueError, WeightsError) as exc:
                st.caption(f"Level names fall back to the defaults: {exc}")
    use_level_names(names)


def context() -> Context:
    """Draw the shared parts of a page (every page calls this first) and return its context."""
    return shell()


def empty_state(message: str) -> None:
    st.info(message, icon=":material/info:")


def writing_hint(ctx: Context) -> None:
    if not ctx.analyst:
        st.caption("Sign in as an analyst (sidebar) to write. " + (
            "" if os.environ.get(ctx.hash_env) else "No analyst login is configured yet: see the sidebar."
        ))
