"""The Prefect `ingest` flow: one task per source (retries), `ingest.source_workers` at a time; the work is
`flows.ingest.ingest_source`.

No Prefect task timeout: Prefect cannot interrupt a blocking call in a worker thread (it only logs a long warning per
task), and every network call already has its own timeout, bodies their own deadline and feeds an item cap.

Run it with `vigil ingest` or `python -m flows.ingest_flow --db data/vigil.duckdb --feed URL`.
"""

from __future__ import annotations

import logging

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from flows.fetch import FetchConfig, Fetcher
from flows.ingest import (
    IngestOptions,
    SourceSummary,
    finish_run,
    ingest_source,
    options_from_settings,
    plan_sources,
    start_run,
)
from flows.sources import SourceConfig

log = logging.getLogger(__name__)


def _settings():
    from vigil.settings import load_settings

    return load_settings()


def _source_workers() -> int:
    """Sources at a time (`ingest.source_workers`), read when the flow is defined; 4 if the settings are invalid
    (the flow then loads them again and reports the error)."""
    from vigil.errors import SettingsError

    try:
        return _settings().ingest.source_workers
    except SettingsError:
        return 4


@task(name="ingest-source", cache_policy=NO_CACHE, log_prints=False)
def ingest_source_task(db: str, source: SourceConfig, fetcher: Fetcher, options: IngestOptions) -> SourceSummary:
    """One source, start to finish (fetch, parse, extract in batches, write)."""
    return ingest_source(db, source, fetcher, options)


@flow(name="ingest", task_runner=ThreadPoolTaskRunner(max_workers=_source_workers()), log_prints=False)
def ingest_flow(db: str, sources_file: str | None = None, source_names: list[str] | None = None,
                feeds: list[str] | None = None, since: str | None = None, allow_local: bool = False) -> dict:
    """Ingest the selected sources into the DuckDB file `db`; returns {source: {new, duplicate, upgraded, failed,
    error, ...}}.

    Args:
        db: DuckDB file (created and migrated if needed).
        sources_file: a sources TOML file (default: the `ingest.sources_file` setting); any path works.
        source_names: run only these sources (enabled or not); default every enabled source.
        feeds: ad-hoc RSS/Atom URLs, each ingested as a source of its own (alone, unless sources are named too).
        since: ISO date; feed items and API reports older than this are skipped.
        allow_local: permit loopback/private addresses for every source.
    """
    logger = get_run_logger()
    settings = _settings()
    options = options_from_settings(settings, since=since, allow_local=allow_local)
    sources, problems = plan_sources(db, sources_file=sources_file,
                                     default_sources_file=settings.path(settings.ingest.sources_file),
                                     source_names=source_names, feeds=feeds, allow_local=allow_local)
    summary: dict[str, dict] = {name: SourceSummary(source=name, error=msg, error_kind="config").as_dict()
                                for name, msg in problems.items()}
    for name, msg in problems.items():
        logger.warning("source %s not run: %s", name, msg)
    start_run(db, options.run_id, {"sources": [s.name for s in sources], "since": since,
                                   "allow_local": allow_local, "runner": "prefect"})
    task_options = {"retries": settings.ingest.source_retries}
    with Fetcher(FetchConfig.from_settings(settings, allow_local=options.allow_local)) as fetcher:
        futures = {s.name: ingest_source_task.with_options(name=f"ingest-{s.name}", **task_options)
                   .submit(db, s, fetcher, options) for s in sources}
        for name, future in futures.items():
            future.wait()
            state = future.state
            if state.is_completed():
                result: SourceSummary = future.result()
                summary[name] = result.as_dict()
            else:
                message = f"task {state.name}: {state.message or 'no message'}"
                summary[name] = SourceSummary(source=name, error=message, error_kind="crash").as_dict()
    finish_run(db, options.run_id, summary)
    for name, s in summary.items():
        logger.info("%s: new=%s duplicate=%s upgraded=%s failed=%s%s", name, s["new"], s["duplicate"],
                    s["upgraded"], s["failed"], f" error={s['error']}" if s.get("error") else "")
    return summary


if __name__ == "__main__":
    import argparse
    import json

    parser = argparse.ArgumentParser(description="Run the Vigil ingest flow.")
    parser.add_argument("--db", required=True)
    parser.add_argument("--sources")
    parser.add_argument("--source", action="append")
    parser.add_argument("--feed", action="append")
    parser.add_argument("--since")
    parser.add_argument("--allow-local", action="store_true")
    args = parser.parse_args()
    print(json.dumps(ingest_flow(args.db, args.sources, args.source, args.feed, args.since, args.allow_local),
                     indent=2))
