"""`vigil digest` (the weekly digest, archived and optionally e-mailed) and `vigil note` (advisory-note drafts)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from vigil.commands._common import CONFIG_OPTION, DB_OPTION, fail, settings

WEEK_OPTION = typer.Option(None, "--week", help="ISO week YYYY-Www (default: the last complete week).",
                           show_default=False)


class NoteFormat(str, Enum):
    md = "md"
    docx = "docx"


def register(app: typer.Typer) -> None:
    app.command("digest")(digest)
    app.command("note")(note)


def digest(
    db: Path = DB_OPTION,
    config: Path = CONFIG_OPTION,
    week: str = WEEK_OPTION,
    out: Path = typer.Option(None, "--out", help="Folder for YYYY-Www.{html,txt,md} (default: reports.digests_dir).",
                             show_default=False),
    send: bool = typer.Option(False, "--send", help="E-mail the digest with the [smtp] settings."),
) -> None:
    """Render the weekly digest (alerts, level changes, countries at high levels), archive it, optionally send it."""
    from reports.digest import build_digest, options_from_settings
    from reports.mail import MailError, send_digest
    from reports.weeks import WeekError
    from store import StoreError

    cfg = settings(db, config)
    try:
        result = build_digest(cfg.db_path, week, options_from_settings(cfg))
    except (WeekError, StoreError) as exc:
        fail(str(exc), 2 if isinstance(exc, WeekError) else 1)
    paths = result.write(out or cfg.path(cfg.reports.digests_dir))
    typer.echo(f"{result.subject}")
    for fmt, path in paths.items():
        typer.echo(f"  {fmt:4s} {path}")
    if send:
        try:
            accepted = send_digest(result, cfg.smtp)
        except MailError as exc:
            fail(f"{exc} (the digest is archived at {paths['html'].parent})")
        typer.echo(f"sent to {', '.join(accepted)} via {cfg.smtp.host}:{cfg.smtp.port}")


def note(
    iso3: str = typer.Argument(..., help="Country code, ISO 3166-1 alpha-3 (e.g. SDN)."),
    db: Path = DB_OPTION,
    config: Path = CONFIG_OPTION,
    week: str = WEEK_OPTION,
    format: NoteFormat = typer.Option(NoteFormat.md, "--format", "-f", help="md or docx."),
    out: Path = typer.Option(None, "--out", help="Output file (default: reports.notes_dir/ISO3-YYYY-Www.<format>).",
                             show_default=False),
) -> None:
    """Draft an advisory note for one country: summary, analysis by risk factor with cited evidence, courses of action."""
    from reports.notes import NoteError, note_options, render_note
    from reports.weeks import WeekError, resolve_week, week_label
    from store import StoreError

    cfg = settings(db, config)
    code = iso3.strip().upper()
    try:
        label = week_label(resolve_week(week))
        target = out or cfg.path(cfg.reports.notes_dir) / f"{code}-{label}.{format.value}"
        chart = target.with_suffix(".png") if format is NoteFormat.md else None
        body = render_note(cfg.db_path, code, week, format.value, note_options(cfg), chart_path=chart)
    except (WeekError, NoteError, StoreError) as exc:
        fail(str(exc), 2 if isinstance(exc, (WeekError, NoteError)) else 1)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(body)
    typer.echo(str(target))
    if chart is not None:
        typer.echo(str(chart))
