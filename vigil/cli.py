"""The `vigil` command. Each feature registers its commands from `vigil/commands/<name>.py`.

Command modules import only typer and rich at module level; everything heavy is imported inside the command,
so `vigil --help` answers quickly and `vigil sql` never loads Prefect or spaCy.
"""

from __future__ import annotations

import importlib

import typer

from vigil.offline import apply_offline_env

COMMAND_MODULES = [
    "core",
    "framework",
    "reports",
    "schedule",
    "dashboard",
    "ingest",
    "structural",
    "score",
    "history",
    "tag",
    "demo",
]

app = typer.Typer(
    name="vigil",
    help="Vigil: atrocity-risk early warning against the UN Framework of Analysis for Atrocity Crimes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _main() -> None:
    apply_offline_env()


for _name in COMMAND_MODULES:
    importlib.import_module(f"vigil.commands.{_name}").register(app)


if __name__ == "__main__":
    app()
