"""`vigil framework show` and `vigil framework validate`: inspect and check the UN Framework of Analysis data."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path

import typer

from vigil.commands._common import fail


class ShowFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


def register(app: typer.Typer) -> None:
    help = "Show or validate the UN Framework of Analysis for Atrocity Crimes (risk factors, indicators)."
    sub = typer.Typer(no_args_is_help=True, help=help)
    sub.command("show")(show)
    sub.command("validate")(validate)
    app.add_typer(sub, name="framework", help=help)


def show(
    rf: str = typer.Argument(None, help="One risk factor: 7, RF7 or rf7. Omit to list all 14.", show_default=False),
    format: ShowFormat = typer.Option(ShowFormat.table, "--format", "-f", help="table, json or markdown."),
    file: Path = typer.Option(None, "--file", help="Framework file (default: the shipped one).", show_default=False),
) -> None:
    """List the risk factors, or one factor's indicators, with their default weights."""
    from risk_framework import FrameworkError, UnknownRiskFactor, load_framework

    try:
        fw = load_framework(file)
    except FrameworkError as exc:
        fail(str(exc), 1)
    try:
        factors = (fw.factor(rf),) if rf is not None else fw.factors
    except UnknownRiskFactor as exc:
        fail(str(exc), 2)

    if format is ShowFormat.json:
        data = fw.to_dict()
        data["factors"] = [d for d in data["factors"] if d["id"] in {f.id for f in factors}]
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    elif format is ShowFormat.markdown:
        sys.stdout.write(markdown_table(fw, factors))
    elif rf is None:
        _print_factors(fw)
    else:
        _print_indicators(fw, factors[0])


def validate(file: Path = typer.Argument(..., help="Framework TOML file to check.")) -> None:
    """Load and validate a framework file; exit 1 with the problem if it is invalid."""
    from risk_framework import FrameworkError, load_framework

    try:
        fw = load_framework(file)
    except FrameworkError as exc:
        fail(str(exc), 1)
    counts = f"{len(fw.factors)} risk factors, {len(fw.indicators)} indicators"
    typer.echo(f"{file}: valid ({counts}, version {fw.full_version})")


def markdown_table(fw, factors=None) -> str:
    """A Markdown table of the factors with kind, crimes, weight and indicator counts (used by docs/framework.md)."""
    lines = [
        "| RF | Title | Applies to | Weight | Indicators | partial | false |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    factors = factors or fw.factors
    for f in factors:
        partial = sum(i.verified == "partial" for i in f.indicators)
        applies = "all (common)" if f.kind == "common" else ", ".join(c.replace("_", " ") for c in f.crimes)
        lines.append(
            f"| {f.code} | {f.title} | {applies} | {f.weight:g} | {len(f.indicators)} | {partial} "
            f"| {len(f.indicators) - partial} |"
        )
    if len(factors) > 1:
        indicators = [i for f in factors for i in f.indicators]
        partial = sum(i.verified == "partial" for i in indicators)
        lines.append(f"| | **Total** | | | {len(indicators)} | {partial} | {len(indicators) - partial} |")
    return "\n".join(lines) + "\n"


def _print_factors(fw) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=escape(f"{fw.name}  [{fw.full_version}]"))
    for name, justify in [("RF", "left"), ("Title", "left"), ("Kind", "left"), ("Crimes", "left"),
                          ("Weight", "right"), ("Indicators", "right")]:
        table.add_column(name, justify=justify, overflow="fold")
    for f in fw.factors:
        crimes = "all" if f.kind == "common" else ", ".join(c.replace("_", " ") for c in f.crimes)
        table.add_row(f.code, escape(f.title), f.kind, crimes, f"{f.weight:g}", str(len(f.indicators)))
    Console().print(table)


def _print_indicators(fw, factor) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console()
    crimes = "all three crimes" if factor.kind == "common" else ", ".join(c.replace("_", " ") for c in factor.crimes)
    heading = f"{escape(factor.title)}  ({factor.kind}: {crimes}; weight {factor.weight:g})"
    console.print(f"[bold]{factor.code}[/bold] {heading}")
    console.print(escape(factor.description), highlight=False)
    table = Table(caption=f"framework {fw.full_version}")
    table.add_column("ID")
    table.add_column("Label", overflow="fold")
    table.add_column("Verified")
    table.add_column("Weight", justify="right")
    for i in factor.indicators:
        table.add_row(i.id, escape(i.label), i.verified, f"{i.weight:g}")
    console.print(table)
