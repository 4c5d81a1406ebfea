"""`vigil demo`: the whole pipeline on Vigil's synthetic corpus, offline, then the dashboard."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from vigil.commands._common import fail


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


def demo(
    db: Path = typer.Option(None, "--db", help="Database to fill [default: data/demo/vigil-demo.duckdb].",
                            show_default=False),
    out: Path = typer.Option(None, "--out", help="Where the digest, the note and the demo sources go "
                             "[default: data/demo].", show_default=False),
    dashboard: bool = typer.Option(True, "--dashboard/--no-dashboard", help="Start the dashboard afterwards."),
    port: int = typer.Option(8501, "--port", help="Dashboard port."),
) -> None:
    """Serve the synthetic corpus on loopback and run ingest → tag → score → alerts → digest → advisory note
    through the Prefect flows, then start the dashboard. Everything shown is SYNTHETIC demo data."""
    from rich.console import Console

    from vigil.settings import base_dir

    console = Console(stderr=True)
    db = db.absolute() if db else base_dir() / "data" / "demo" / "vigil-demo.duckdb"
    out = out.absolute() if out else base_dir() / "data" / "demo"
    console.print("[bold]Vigil demo[/bold] — all articles are [bold red]synthetic[/bold red] text written for Vigil; "
                  "they describe no real events.")
    from vigil.demo.run import run_demo

    try:
        result = run_demo(db, out, progress=lambda msg: console.print(msg, highlight=False))
    except Exception as exc:  # noqa: BLE001 -- a flow may re-raise any error; the demo reports it in one line, exit 1
        fail(f"demo failed: {type(exc).__name__}: {exc}")
    total = sum(result.seconds.values())
    console.print(f"\n[bold]Done in {total:.0f} s[/bold] ({', '.join(f'{k} {v} s' for k, v in result.seconds.items())})")
    console.print(f"Database:  {result.db}")
    for fmt, path in result.digest.items():
        console.print(f"Digest ({fmt}): {path}")
    if result.note:
        console.print(f"Advisory note draft ({result.top_country}): {result.note}")
    if dashboard:
        console.print(f"\nStarting the dashboard: http://localhost:{port}  (Ctrl-C to stop)")
        sys.stdout.flush()
        sys.stderr.flush()
        cmd = [sys.executable, "-m", "vigil.cli", "dashboard", "--db", str(db), "--port", str(port)]
        os.execv(cmd[0], cmd)  # the dashboard replaces this process: Ctrl-C or a stop signal ends it
