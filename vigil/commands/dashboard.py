"""`vigil dashboard` (start the Streamlit app) and `vigil dashboard hash-password`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from vigil.commands._common import CONFIG_OPTION, DB_OPTION, fail, settings

APP = Path(__file__).resolve().parent.parent.parent / "dashboard" / "app.py"

dashboard_app = typer.Typer(
    help="The Streamlit dashboard: world map, country evidence, weights, alerts, sources, SQL.",
    invoke_without_command=True,
    no_args_is_help=False,
)


def register(app: typer.Typer) -> None:
    app.add_typer(dashboard_app, name="dashboard")


def streamlit_command(app_path: Path, host: str, port: int) -> list[str]:
    """The `streamlit run` command line, with every offline and privacy flag set explicitly."""
    return [
        sys.executable, "-m", "streamlit", "run", str(app_path),
        "--server.address", host,
        "--server.port", str(port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        "--server.runOnSave", "false",
        "--client.toolbarMode", "minimal",
    ]


@dashboard_app.callback()
def dashboard(
    ctx: typer.Context,
    db: Path = DB_OPTION,
    config: Path = CONFIG_OPTION,
    port: int = typer.Option(None, "--port", help="Port (default: settings dashboard.port, 8501)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; 0.0.0.0 to serve the network."),
) -> None:
    """Start the dashboard on http://HOST:PORT (Ctrl-C stops it). Reads the database read-only; analyst writes
    (feedback, weights, alert status) need a login: see `vigil dashboard hash-password`."""
    if ctx.invoked_subcommand is not None:
        return
    cfg = settings(db, config)
    port = port or cfg.dashboard.port
    if not APP.exists():
        fail(f"dashboard app not found at {APP}")
    if not cfg.db_path.exists():
        typer.echo(f"note: no database at {cfg.db_path} yet; the dashboard will say how to create one", err=True)
    env = dict(os.environ)
    env.update({
        "VIGIL_DB": str(cfg.db_path),
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        "STREAMLIT_SERVER_HEADLESS": "true",
        "DO_NOT_TRACK": "1",
    })
    if config:
        env["VIGIL_CONFIG"] = str(config)
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host
    typer.echo(f"Vigil dashboard: http://{shown}:{port}  (database {cfg.db_path}; Ctrl-C to stop)", err=True)
    login = cfg.dashboard.analyst_password_hash_env
    if not os.environ.get(login):
        typer.echo(f"Read-only: set {login} (from `vigil dashboard hash-password`) to let analysts write.", err=True)
    cmd = streamlit_command(APP, host, port)
    sys.stdout.flush()
    sys.stderr.flush()
    # Become the Streamlit server (no child process), so stopping `vigil dashboard` stops the server with it.
    try:
        os.execve(cmd[0], cmd, env)
    except OSError as exc:
        fail(f"could not start streamlit: {exc}")


@dashboard_app.command("hash-password")
def hash_password(
    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True,
                                 help="The analyst password (prompted when not given)."),
    iterations: int = typer.Option(600_000, min=100_000, help="PBKDF2-SHA256 iterations."),
) -> None:
    """Print a PBKDF2 hash of the analyst password to export as the variable settings name
    (dashboard.analyst_password_hash_env, default VIGIL_ANALYST_PASSWORD_HASH)."""
    from dashboard.auth import hash_password as make_hash

    cfg = settings()
    try:
        encoded = make_hash(password, iterations=iterations)
    except ValueError as exc:
        fail(str(exc))
    typer.echo(encoded)
    typer.echo(f"export {cfg.dashboard.analyst_password_hash_env}='{encoded}'", err=True)


@dashboard_app.command("refresh-index")
def refresh_index(
    db: Path = DB_OPTION,
    config: Path = CONFIG_OPTION,
    full: bool = typer.Option(False, "--full", help="Rebuild (and re-sort) even if appending would do."),
) -> None:
    """Update the country-week evidence index the Country page reads (`evidence_week_index`): append the evidence
    written since the last refresh, or rebuild it when evidence it holds was deleted (re-tagging). Safe to re-run;
    while it is missing or out of date the page scans all evidence instead (same rows, slower)."""
    import time

    from store import StoreError, open_db
    from store.evidence_index import refresh

    cfg = settings(db, config)
    if not cfg.db_path.exists():
        fail(f"database not found: {cfg.db_path}")
    t0 = time.perf_counter()
    try:
        with open_db(cfg.db_path) as con:
            rows = refresh(con, full=full)
    except StoreError as exc:
        fail(str(exc))
    typer.echo(f"evidence_week_index: {rows:,} rows in {time.perf_counter() - t0:.1f} s ({cfg.db_path})")
