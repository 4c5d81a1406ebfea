"""`vigil import` (dated archives into `documents`) and `vigil backtest` (levels around known escalations)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from vigil.commands._common import CONFIG_OPTION, DB_OPTION, fail, print_json, settings

SHOW_BAD = 20  # bad rows printed with line and reason; the rest are counted


class ImportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


class ReportFormat(str, Enum):
    table = "table"
    json = "json"


def register(app: typer.Typer) -> None:
    app.command("import")(import_file)
    app.command("backtest")(backtest)


def import_file(
    file: Path = typer.Argument(..., help="JSONL, CSV or Parquet file (JSONL/CSV may be gzipped)."),
    source: str = typer.Option(..., "--source", help="Source name to store the documents under (kind `import`)."),
    format: ImportFormat = typer.Option(None, "--format", help="jsonl, csv or parquet (default: from the suffix)."),
    text_col: str = typer.Option("text", "--text-col", help="Column holding the text."),
    title_col: str = typer.Option(None, "--title-col", help="Column holding the title (default: `title` if present)."),
    date_col: str = typer.Option("published_at", "--date-col", help="Column holding the publication date."),
    date_format: str = typer.Option(None, "--date-format", help="strptime format of the dates, e.g. %d-%m-%y "
                                                                "(default: ISO 8601)."),
    id_col: str = typer.Option(None, "--id-col", help="Column holding a unique id (default: `id` if present, "
                                                      "else an id derived from date and text)."),
    url_col: str = typer.Option(None, "--url-col", help="Column holding the URL (default: `url` if present)."),
    outlet_col: str = typer.Option(None, "--outlet-col", help="Column holding the outlet (default: `outlet` if "
                                                              "present)."),
    language_col: str = typer.Option(None, "--language-col", help="Column holding a language hint (default: "
                                                                  "`language` if present)."),
    batch_size: int = typer.Option(5000, "--batch-size", min=1, help="Rows per batch (one transaction each)."),
    json_out: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    db: Path = DB_OPTION,
    config: Path = CONFIG_OPTION,
) -> None:
    """Load a dated archive into `documents` (language, hashes and story clusters as in ingest).

    No country column is read: countries come from the tagger (`vigil tag`). Bad rows are reported by line
    and skipped; re-running the same file adds nothing.
    """
    from flows.archive_import import ArchiveImportError, Columns, import_archive
    from store import StoreError

    cfg = settings(db, config)
    cols = Columns(text=text_col, date=date_col, id=id_col, title=title_col, url=url_col, outlet=outlet_col,
                   language=language_col, date_format=date_format)
    try:
        report = import_archive(cfg.db_path, file, source, fmt=format.value if format else None, columns=cols,
                                batch_size=batch_size)
    except (ArchiveImportError, StoreError) as exc:
        fail(str(exc))
    if json_out:
        print_json(report.as_dict())
        return
    typer.echo(f"{report.file} -> source {report.source!r} ({report.format}): {report.rows} rows, "
               f"{report.loaded} loaded, {report.duplicates} duplicate(s), {report.bad_count} bad row(s) "
               f"in {report.batches} batch(es), {report.seconds:.1f} s")
    for bad in report.bad[:SHOW_BAD]:
        typer.echo(f"  bad {bad}")
    if report.bad_count > SHOW_BAD:
        typer.echo(f"  … and {report.bad_count - SHOW_BAD} more bad row(s) (use --json for up to "
                   f"{len(report.bad)})")


def backtest(
    onsets: Path = typer.Option(..., "--onsets", help="CSV with columns iso3,date,label (one row per onset)."),
    threshold: int = typer.Option(4, "--threshold", min=1, max=5, help="Level that counts as an alert."),
    format: ReportFormat = typer.Option(ReportFormat.table, "--format", "-f", help="table or json."),
    plot: Path = typer.Option(None, "--plot", help="Write one PNG per country (weekly level, onsets marked) here."),
    weights: str = typer.Option(None, "--weights", help="Weights version (default: the active one)."),
    all_countries: bool = typer.Option(False, "--all-countries", help="Report quiet weeks of every scored "
                                                                      "country, not only those with onsets."),
    db: Path = DB_OPTION,
    config: Path = CONFIG_OPTION,
) -> None:
    """How the stored weekly levels behaved around known onsets: lead or lag of the first alert, persistence,
    and calm and alert episodes in quiet weeks (more than 26 weeks from any onset)."""
    from risk_framework.backtest import (
        BacktestError,
        format_table,
        load_onsets,
        plot_levels,
        run_backtest,
    )
    from store import StoreError

    cfg = settings(db, config)
    try:
        events = load_onsets(onsets)
        result, levels = run_backtest(cfg.db_path, events, threshold=threshold, weights=weights,
                                      all_countries=all_countries)
        written = plot_levels(levels, events, plot, threshold=threshold) if plot else []
    except (BacktestError, StoreError) as exc:
        fail(str(exc))
    if format is ReportFormat.json:
        print_json(result)
    else:
        typer.echo(format_table(result, threshold))
    for path in written:
        typer.echo(f"wrote {path}", err=True)
