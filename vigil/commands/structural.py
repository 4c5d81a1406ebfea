"""`vigil structural backtest | fit | update`: the structural (Early Warning Project) risk layer."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from vigil.commands._common import CONFIG_OPTION, DB_OPTION, fail, print_json, settings

ATTRIBUTION = "Data: Early Warning Project, Statistical Risk Assessment (USHMM and Dartmouth College)."


class BacktestFormat(str, Enum):
    table = "table"
    json = "json"


def register(app: typer.Typer) -> None:
    sub = typer.Typer(help="Structural risk of mass-killing onset (Early Warning Project data and protocol).",
                      no_args_is_help=True)
    sub.command("backtest")(backtest)
    sub.command("fit")(fit)
    sub.command("update")(update)
    app.add_typer(sub, name="structural")


MODEL_OPTION = typer.Option(None, "--model", "-m", help="A model spec name (default: the shipped model); see docs/structural.md.")


def _spec(name: str | None):
    from risk_framework.structural.models import SHIPPED, SPECS

    if name is None:
        return SHIPPED
    if name not in SPECS:
        fail(f"unknown model {name!r}; known: {', '.join(SPECS)}", 2)
    return SPECS[name]


def _folder(cfg) -> Path:
    return cfg.path(cfg.data_dir) / "ewp"


def _cache(cfg) -> Path:
    return cfg.path(cfg.data_dir) / "structural" / "forecasts"


def backtest(
    format: BacktestFormat = typer.Option(BacktestFormat.table, "--format", "-f", help="table or json."),
    config: Path = CONFIG_OPTION,
    no_cache: bool = typer.Option(False, "--no-cache", help="Refit every window instead of reusing cached forecasts."),
    first_year: int = typer.Option(1994, "--first-year", help="First scored year (EWP's protocol: 1994)."),
    last_year: int = typer.Option(2024, "--last-year", help="Last scored year (EWP's protocol: 2024)."),
    model: str = MODEL_OPTION,
    development: bool = typer.Option(False, "--development", help="Score the model-selection backtest instead "
                                     "(base years 1978–1992, onsets 1980–1993; ours only: EWP published none there)."),
) -> None:
    """EWP's published backtest and ours, 1994–2024, scored by the same code (AUC of the two-forecast maximum,
    onsets ranked in the top 30). The first run fits every window (a few minutes); later runs reuse the cache."""
    from risk_framework.structural.backtest import ScoringError
    from risk_framework.structural.data import EWPDataError
    from risk_framework.structural.runner import compare

    cfg = settings(None, config)
    if development:
        from risk_framework.structural.runner import development as dev_score

        spec = _spec(model)
        d = dev_score(spec, _folder(cfg), None if no_cache else _cache(cfg))
        if format is BacktestFormat.json:
            print_json({"ours": {"auc": d.auc, "top30": d.top30, "onsets": d.onsets}, "model": spec.version})
        else:
            typer.echo(f"development backtest 1980–1993, {spec.version}: AUC {d.auc:.3f}, top-30 {d.top30}/{d.onsets}"
                       f" ({d.scored} country-years)")
        return
    if not 1994 <= first_year <= last_year <= 2024:
        fail(f"scored years must lie within 1994–2024 (EWP's backtest), got {first_year}–{last_year}", 2)
    try:
        result = compare(_spec(model), folder=_folder(cfg), cache_dir=None if no_cache else _cache(cfg),
                         years=(first_year, last_year))
    except (EWPDataError, ScoringError) as exc:
        fail(str(exc))
    if format is BacktestFormat.json:
        print_json({side: {k: result[side][k] for k in ("auc", "top30", "onsets")} for side in ("theirs", "ours")})
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Mass-killing onset, rolling out-of-sample backtest {first_year}–{last_year}")
    for col in ("", "model", "AUC", "onsets in top 30", "onsets", "country-years"):
        table.add_column(col)
    for side in ("theirs", "ours"):
        r = result[side]
        table.add_row(side, r["model"], f"{r['auc']:.3f}", f"{r['top30']} ({r['top30'] / r['onsets']:.0%})",
                      str(r["onsets"]), str(r["scored"]))
    Console().print(table)
    typer.echo(ATTRIBUTION)


def fit(db: Path = DB_OPTION, config: Path = CONFIG_OPTION, model: str = MODEL_OPTION) -> None:
    """Train the shipped model on all data and write each country's risk for the next two years to
    `structural_risk` (replacing that model version's rows)."""
    from risk_framework.structural.data import EWPDataError
    from risk_framework.structural.publish import fit_and_write
    from store import StoreError

    cfg = settings(db, config)
    try:
        r = fit_and_write(cfg.db_path, _spec(model), folder=_folder(cfg), cache_dir=_cache(cfg))
    except (EWPDataError, StoreError) as exc:
        fail(str(exc))
    typer.echo(
        f"{cfg.db_path}: structural_risk {r.model_version}: {r.countries} countries, risk of onset in "
        f"{r.years[0]}–{r.years[1]} (trained on {r.n_train} country-years {r.train_years[0]}–{r.train_years[1]})"
    )
    if r.unmapped:
        typer.echo(f"not written (no ISO3 code): {', '.join(r.unmapped)}", err=True)
    typer.echo(ATTRIBUTION)


def update(
    url: str = typer.Option(..., "--url", help="A newer edition's published predictor CSV (prepared…predictors…csv)."),
    config: Path = CONFIG_OPTION,
) -> None:
    """Download a newer edition's predictor table, validate it, and save it beside the shipped one (the newest is
    used). Nothing on disk changes unless the new table validates."""
    from risk_framework.structural.update import UpdateError, update_predictors

    cfg = settings(None, config)
    try:
        path, rows = update_predictors(url, _folder(cfg), timeout=cfg.fetch.timeout)
    except UpdateError as exc:
        fail(str(exc))
    typer.echo(f"{path}: {rows} country-years; run `vigil structural fit` to refresh structural_risk")
