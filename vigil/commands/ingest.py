"""`vigil ingest` and `vigil sources list|check`."""

from __future__ import annotations

import logging
from pathlib import Path

import typer

from vigil.commands._common import CONFIG_OPTION, DB_OPTION, OutputFormat, fail, print_frame, settings

sources_app = typer.Typer(help="The configured news and UN-document sources and their health.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.add_typer(sources_app, name="sources")


class _ProgressHandler(logging.Handler):
    """Feeds per-source summaries logged by flows.ingest into a rich progress bar."""

    def __init__(self, progress, task_id) -> None:
        super().__init__(logging.INFO)
        self.progress, self.task_id = progress, task_id

    def emit(self, record: logging.LogRecord) -> None:
        summary = getattr(record, "vigil_source_summary", None)
        if summary is None:
            return
        mark = "[red]✗[/red]" if summary.error else "[green]✓[/green]"
        self.progress.console.print(f"{mark} {summary.source}: {summary.new} new, {summary.duplicate} duplicate, "
                                    f"{summary.upgraded} upgraded, {summary.failed} failed")
        self.progress.advance(self.task_id)


def _count_sources(cfg, sources_file: Path | None, names: list[str] | None, feeds: list[str] | None) -> int:
    from flows.sources import SourcesError, load_sources

    count = len(feeds or [])
    if sources_file or names or not feeds:
        try:
            listing = load_sources(sources_file or cfg.path(cfg.ingest.sources_file))
        except SourcesError as exc:
            fail(str(exc), 2)
        count += len(listing.select(names))
    return count


def ingest(
    db: Path = DB_OPTION,
    config: Path = CONFIG_OPTION,
    source: list[str] = typer.Option(None, "--source", help="Run only this source (repeatable)."),
    feed: list[str] = typer.Option(None, "--feed", help="Ingest an ad-hoc RSS/Atom URL as its own source (repeatable)."),
    sources_file: Path = typer.Option(None, "--sources", help="Sources TOML file (default: settings ingest.sources_file)."),
    since: str = typer.Option(None, "--since", help="Skip items published before this ISO date."),
    allow_local: bool = typer.Option(False, "--allow-local", help="Permit loopback/private addresses."),
    plain: bool = typer.Option(False, "--plain", help="Run without Prefect (same work, no flow run recorded)."),
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="Summary as table, csv or json."),
) -> None:
    """Fetch the sources, extract article text, de-duplicate and store documents. Exits 0 even when some sources
    fail; the summary names each failure."""
    import pandas as pd
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from flows.ingest import parse_since
    from flows.sources import SourcesError
    from store import StoreError

    cfg = settings(db, config)
    if since:
        try:
            parse_since(since)
        except ValueError as exc:
            fail(str(exc), 2)
    if sources_file and not sources_file.exists():
        fail(f"sources file not found: {sources_file}", 2)
    total = _count_sources(cfg, sources_file, source or None, feed or None)
    console = Console(stderr=True)
    progress = Progress(SpinnerColumn(), TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=console, transient=True)
    logger = logging.getLogger("flows.ingest")
    with progress:
        task_id = progress.add_task("sources", total=max(total, 1))
        handler = _ProgressHandler(progress, task_id)
        logger.addHandler(handler)
        previous_level = logger.level
        logger.setLevel(logging.INFO)
        try:
            if plain:
                from flows.ingest import run_ingest

                result = run_ingest(cfg.db_path, settings=cfg, sources_file=sources_file, source_names=source or None,
                                    feeds=feed or None, since=since, allow_local=allow_local)
            else:
                from flows.ingest_flow import ingest_flow

                result = ingest_flow(str(cfg.db_path), str(sources_file) if sources_file else None, source or None,
                                     feed or None, since, allow_local)
        except (SourcesError, StoreError) as exc:
            fail(str(exc))
        finally:
            logger.removeHandler(handler)
            logger.setLevel(previous_level)
    rows = [{"source": name, **{k: s.get(k) for k in ("new", "duplicate", "upgraded", "failed", "error")}}
            for name, s in result.items()]
    df = pd.DataFrame(rows, columns=["source", "new", "duplicate", "upgraded", "failed", "error"])
    print_frame(df, format, title="ingest summary")
    failures = [r for r in rows if r["error"]]
    totals = df[["new", "duplicate", "upgraded", "failed"]].sum()
    typer.echo(f"{len(rows)} source(s): {totals['new']} new, {totals['duplicate']} duplicate, "
               f"{totals['upgraded']} upgraded, {totals['failed']} item(s) failed; {len(failures)} source(s) failed",
               err=True)
    for r in failures:
        typer.echo(f"failed: {r['source']}: {r['error']}", err=True)


@sources_app.command("list")
def sources_list(
    db: Path = DB_OPTION,
    config: Path = CONFIG_OPTION,
    sources_file: Path = typer.Option(None, "--sources", help="Sources TOML file (default: settings ingest.sources_file)."),
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f"),
) -> None:
    """Each configured source with its health (from the `source_health` view when the database exists)."""
    import pandas as pd

    from flows.sources import SourcesError, load_sources
    from store import StoreError, read_df

    cfg = settings(db, config)
    try:
        listing = load_sources(sources_file or cfg.path(cfg.ingest.sources_file))
    except SourcesError as exc:
        fail(str(exc), 2)
    rows = [{"name": s.name, "kind": s.kind, "enabled": s.enabled, "language": s.language, "url": s.url}
            for s in listing.sources]
    df = pd.DataFrame(rows, columns=["name", "kind", "enabled", "language", "url"])
    health = pd.DataFrame(columns=["name"])
    if cfg.db_path.exists():
        try:
            health = read_df(cfg.db_path, "SELECT name, last_success_at, consecutive_failures, last_error, documents "
                                          "FROM source_health")
        except StoreError as exc:
            fail(str(exc))
    df = df.merge(health, on="name", how="left") if len(health.columns) > 1 else df
    for name, problem in listing.problems.items():
        df = pd.concat([df, pd.DataFrame([{"name": name, "kind": "?", "enabled": False, "last_error": problem}])],
                       ignore_index=True)
    print_frame(df, format, title=f"sources ({listing.path})")


@sources_app.command("check")
def sources_check(
    config: Path = CONFIG_OPTION,
    sources_file: Path = typer.Option(None, "--sources", help="Sources TOML file (default: settings ingest.sources_file)."),
    source: list[str] = typer.Option(None, "--source", help="Check only this source (repeatable)."),
    allow_local: bool = typer.Option(False, "--allow-local", help="Permit loopback/private addresses."),
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f"),
) -> None:
    """Fetch each enabled source once and report its status; nothing is stored."""
    import pandas as pd

    from flows.fetch import FetchConfig, Fetcher
    from flows.ingest import ingest_source, options_from_settings
    from flows.sources import SourcesError, load_sources

    cfg = settings(None, config)
    try:
        listing = load_sources(sources_file or cfg.path(cfg.ingest.sources_file))
    except SourcesError as exc:
        fail(str(exc), 2)
    options = options_from_settings(cfg, allow_local=allow_local, store_documents=False)
    rows = []
    with Fetcher(FetchConfig.from_settings(cfg, allow_local=options.allow_local)) as fetcher:
        for s in listing.select(source or None):
            summary = ingest_source(cfg.db_path, s, fetcher, options)
            rows.append({"name": s.name, "status": "error" if summary.error else "ok", "items": summary.entries,
                         "seconds": summary.seconds, "error": summary.error})
    for name, problem in listing.problems.items():
        rows.append({"name": name, "status": "invalid", "items": 0, "seconds": 0.0, "error": problem})
    print_frame(pd.DataFrame(rows, columns=["name", "status", "items", "seconds", "error"]), format,
                title="source check")
