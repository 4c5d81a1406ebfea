"""`vigil init` and `vigil sql`."""

from __future__ import annotations

from pathlib import Path

import typer

from vigil.commands._common import CONFIG_OPTION, DB_OPTION, OutputFormat, fail, print_frame, settings


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("sql")(sql)


def init(db: Path = DB_OPTION, config: Path = CONFIG_OPTION) -> None:
    """Create or migrate the database and load the reference tables (countries, framework, default weights)."""
    from store import StoreError, open_db
    from vigil.reference import sync_reference

    cfg = settings(db, config)
    try:
        with open_db(cfg.db_path) as con:
            from store.db import applied_migrations

            report = sync_reference(con)
            names = applied_migrations(con)
    except StoreError as exc:
        fail(str(exc))
    typer.echo(f"{cfg.db_path}: schema at {names[-1]} ({len(names)} migration(s)); {report}")


def sql(
    query: str = typer.Argument(..., help="One read-only SQL statement (SELECT, WITH … SELECT, EXPLAIN)."),
    db: Path = DB_OPTION,
    config: Path = CONFIG_OPTION,
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json."),
    timeout: float = typer.Option(30.0, help="Seconds before the query is interrupted."),
) -> None:
    """Run a read-only query. Anything that would write, change settings or touch files is refused."""
    from store import StoreError
    from store.safe_sql import QueryRefused, run_query

    cfg = settings(db, config)
    try:
        df = run_query(cfg.db_path, query, timeout=timeout)
    except QueryRefused as exc:
        fail(f"refused: {exc}", 3)
    except StoreError as exc:
        fail(str(exc))
    print_frame(df, format)
