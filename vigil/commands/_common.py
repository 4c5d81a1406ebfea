"""Helpers shared by command modules: settings from options, clear errors, output formats."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Any, NoReturn

import typer

DB_OPTION = typer.Option(None, "--db", help="DuckDB file (default: settings `db`, env VIGIL_DB).", show_default=False)
CONFIG_OPTION = typer.Option(None, "--config", help="User settings file (default: ./vigil.toml or $VIGIL_CONFIG).")


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def fail(message: str, code: int = 1) -> NoReturn:
    """Print a one-line error to stderr and exit with `code`."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def settings(db: Path | None = None, config: Path | None = None, **overrides: Any):
    """Load settings with CLI options winning over everything else; configuration errors exit cleanly."""
    from vigil.errors import SettingsError
    from vigil.settings import load_settings

    try:
        return load_settings(user_file=config, overrides={"db": str(db) if db else None, **overrides})
    except SettingsError as exc:
        fail(str(exc), 2)


def print_frame(df, fmt: OutputFormat, title: str | None = None) -> None:
    """Print a DataFrame as a rich table, CSV or JSON records."""
    if fmt is OutputFormat.csv:
        df.to_csv(sys.stdout, index=False)
    elif fmt is OutputFormat.json:
        sys.stdout.write(df.to_json(orient="records", date_format="iso", default_handler=str) + "\n")
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title, show_lines=False)
        for col in df.columns:
            table.add_column(str(col), overflow="fold")
        for row in df.itertuples(index=False):
            table.add_row(*["" if v is None else str(v) for v in row])
        Console().print(table)
        typer.echo(f"{len(df)} row(s)", err=True)


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, indent=2, default=str, ensure_ascii=False) + "\n")
