"""`vigil score`, `vigil alerts` and `vigil weights`: rescore stored evidence, review alerts, manage weights versions."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from vigil.commands._common import (
    CONFIG_OPTION,
    DB_OPTION,
    OutputFormat,
    fail,
    print_frame,
    print_json,
    settings,
)


class AlertFormat(str, Enum):
    table = "table"
    json = "json"


def register(app: typer.Typer) -> None:
    app.command("score")(score)

    alerts_app = typer.Typer(help="List alerts, or acknowledge / resolve one.", invoke_without_command=True)
    alerts_app.callback(invoke_without_command=True)(alerts_list)
    alerts_app.command("ack")(alerts_ack)
    alerts_app.command("resolve")(alerts_resolve)
    alerts_app.command("reopen")(alerts_reopen)
    app.add_typer(alerts_app, name="alerts")

    weights_app = typer.Typer(no_args_is_help=True, help="Named weights versions (indicator, factor, source weights, "
                                                         "thresholds); one is active.")
    weights_app.command("list")(weights_list)
    weights_app.command("show")(weights_show)
    weights_app.command("validate")(weights_validate)
    weights_app.command("create")(weights_create)
    weights_app.command("activate")(weights_activate)
    weights_app.command("export")(weights_export)
    app.add_typer(weights_app, name="weights")


def _scoring_errors():
    from risk_framework.alerts import AlertError
    from risk_framework.scoring import ScoringError
    from risk_framework.weights import WeightsError
    from store import StoreError

    return (ScoringError, WeightsError, AlertError, StoreError)


def score(
    db: Path = DB_OPTION,
    config: Path = CONFIG_OPTION,
    weights: str = typer.Option(None, "--weights", help="Weights version (default: settings scoring.weights, "
                                                        "else the active version)."),
    from_week: str = typer.Option(None, "--from", help="First week to write: YYYY-Www or a date."),
    to_week: str = typer.Option(None, "--to", help="Last week to score: YYYY-Www or a date."),
    format: AlertFormat = typer.Option(AlertFormat.table, "--format", "-f", help="table or json summary."),
) -> None:
    """Rescore stored evidence into country_scores and alerts (default: every week that has documents)."""
    from risk_framework.scoring import score_database
    from store import evidence_index, open_db

    cfg = settings(db, config)
    name = weights or cfg.scoring.weights or None
    try:
        with open_db(cfg.db_path) as con:
            result = score_database(con, weights=name, from_week=from_week, to_week=to_week)
            result["evidence_indexed"] = evidence_index.refresh(con)
    except _scoring_errors() as exc:
        fail(str(exc))
    if format is AlertFormat.json:
        print_json(result)
    else:
        typer.echo(
            f"scored {result['countries']} countries, weeks {result['from_week']}..{result['to_week']} with weights "
            f"{result['weights_version']!r} ({result['scoring_version']}): {result['rows']} rows "
            f"({result['written']} changed), {result['alerts']} alerts ({result['alerts_new']} new) "
            f"in {result['seconds']:.2f} s"
        )


def alerts_list(
    ctx: typer.Context,
    db: Path = DB_OPTION,
    config: Path = CONFIG_OPTION,
    open_only: bool = typer.Option(False, "--open", help="Only open alerts."),
    country: str = typer.Option(None, "--country", help="Only this country (ISO3)."),
    weights: str = typer.Option(None, "--weights", help="Only this weights version (default: all)."),
    format: AlertFormat = typer.Option(AlertFormat.table, "--format", "-f", help="table or json."),
) -> None:
    """List alerts, newest first."""
    if ctx.invoked_subcommand is not None:
        return
    from risk_framework.alerts import list_alerts
    from store import read_only

    cfg = settings(db, config)
    try:
        with read_only(cfg.db_path) as con:
            df = list_alerts(con, open_only=open_only, iso3=country, weights_version=weights)
    except _scoring_errors() as exc:
        fail(str(exc))
    if format is AlertFormat.json:
        df["evidence_ids"] = df["evidence_ids"].apply(lambda v: list(v) if v is not None else [])
        print_json(df.to_dict("records"))
        return
    df["week"] = df["week"].astype(str).str[:10]
    cols = ["id", "iso3", "country", "week", "kind", "dimension", "level_from", "level_to", "status", "reason"]
    print_frame(df[cols], OutputFormat.table, title="alerts")


def _set_status(alert_id: str, status: str, by: str, note: str | None, db: Path | None, config: Path | None) -> None:
    from risk_framework.alerts import set_alert_status

    cfg = settings(db, config)
    try:
        row = set_alert_status(cfg.db_path, alert_id, status, by, note)
    except _scoring_errors() as exc:
        fail(str(exc))
    typer.echo(f"alert {alert_id} ({row['iso3']}, {row['kind']}) is now {status} (by {row['status_by']})")


BY_OPTION = typer.Option(..., "--by", help="Who is making the change.")
NOTE_OPTION = typer.Option(None, "--note", help="Optional note.")


def alerts_ack(alert_id: str = typer.Argument(...), by: str = BY_OPTION, note: str = NOTE_OPTION,
               db: Path = DB_OPTION, config: Path = CONFIG_OPTION) -> None:
    """Acknowledge an alert."""
    _set_status(alert_id, "acknowledged", by, note, db, config)


def alerts_resolve(alert_id: str = typer.Argument(...), by: str = BY_OPTION, note: str = NOTE_OPTION,
                   db: Path = DB_OPTION, config: Path = CONFIG_OPTION) -> None:
    """Resolve an alert."""
    _set_status(alert_id, "resolved", by, note, db, config)


def alerts_reopen(alert_id: str = typer.Argument(...), by: str = BY_OPTION, note: str = NOTE_OPTION,
                  db: Path = DB_OPTION, config: Path = CONFIG_OPTION) -> None:
    """Reopen an alert."""
    _set_status(alert_id, "open", by, note, db, config)


# ------------------------------------------------------------------------------------------------ weights


def weights_list(db: Path = DB_OPTION, config: Path = CONFIG_OPTION,
                 format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f")) -> None:
    """List stored weights versions (the active one is marked)."""
    from risk_framework.weights import list_versions
    from store import read_only

    cfg = settings(db, config)
    try:
        with read_only(cfg.db_path) as con:
            df = list_versions(con)
    except _scoring_errors() as exc:
        fail(str(exc))
    print_frame(df, format, title="weights versions")


def weights_show(name: str = typer.Argument(None, help="Version name (default: the active one)."),
                 db: Path = DB_OPTION, config: Path = CONFIG_OPTION) -> None:
    """Print a stored version's resolved body as JSON."""
    from risk_framework.weights import resolve_version
    from store import read_only

    cfg = settings(db, config)
    try:
        with read_only(cfg.db_path) as con:
            resolved, w = resolve_version(con, name)
    except _scoring_errors() as exc:
        fail(str(exc))
    print_json({"name": resolved, **w.body()})


def weights_validate(file: Path = typer.Argument(..., help="Weights file (.toml or .json).")) -> None:
    """Check a weights file against the schema and the framework; exit 1 naming the file and key if invalid."""
    from risk_framework.weights import WeightsError, load_weights_file

    try:
        w = load_weights_file(file)
    except WeightsError as exc:
        fail(str(exc))
    typer.echo(f"{file}: valid ({len(w.indicators)} indicator weights, thresholds {list(w.levels.thresholds)}, "
               f"scoring {w.scoring})")


def weights_create(
    name: str = typer.Argument(..., help="New version name (versions are never overwritten)."),
    from_file: Path = typer.Option(..., "--from", help="Weights file (.toml or .json)."),
    activate: bool = typer.Option(False, "--activate", help="Make it the active version."),
    parent: str = typer.Option(None, "--parent", help="Version it was derived from (default: the active one)."),
    by: str = typer.Option(None, "--by", help="Who created it."),
    db: Path = DB_OPTION,
    config: Path = CONFIG_OPTION,
) -> None:
    """Validate a file and store it as a new named version."""
    from risk_framework.weights import active_name, load_weights_file, save_version
    from store import open_db

    cfg = settings(db, config)
    try:
        w = load_weights_file(from_file)
        with open_db(cfg.db_path) as con:
            save_version(con, name, w, parent=parent or active_name(con), created_by=by, activate=activate)
    except _scoring_errors() as exc:
        fail(str(exc))
    typer.echo(f"stored weights version {name!r}" + (" (active)" if activate else "")
               + "; rescore with `vigil score" + ("" if activate else f" --weights {name}") + "`")


def weights_activate(name: str = typer.Argument(...), db: Path = DB_OPTION, config: Path = CONFIG_OPTION) -> None:
    """Make a stored version the active one (then rescore with `vigil score`)."""
    from risk_framework.weights import activate_version
    from store import open_db

    cfg = settings(db, config)
    try:
        with open_db(cfg.db_path) as con:
            activate_version(con, name)
    except _scoring_errors() as exc:
        fail(str(exc))
    typer.echo(f"weights version {name!r} is active; run `vigil score` to rescore")


def weights_export(name: str = typer.Argument(None, help="Version name (default: the active one)."),
                   db: Path = DB_OPTION, config: Path = CONFIG_OPTION,
                   out: Path = typer.Option(None, "--out", "-o", help="Write to this file instead of stdout.")) -> None:
    """Write a stored version as an editable TOML file."""
    from risk_framework.weights import resolve_version, to_toml
    from store import read_only

    cfg = settings(db, config)
    try:
        with read_only(cfg.db_path) as con:
            _, w = resolve_version(con, name)
    except _scoring_errors() as exc:
        fail(str(exc))
    text = to_toml(w)
    if out:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {out}")
    else:
        sys.stdout.write(text)
