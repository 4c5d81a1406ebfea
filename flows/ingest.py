"""The ingest work, as plain functions (no Prefect): one source at a time, written batch by batch.

`ingest_source` fetches a source, turns what it delivers into document records, and writes each batch of
documents together with its `fetch_log` rows in one transaction; the source's health row is updated at the end.
A network or parse failure becomes a recorded error and a `SourceSummary.error`, never an exception, so one broken
source never stops the others. `run_ingest` runs a list of sources in sequence; `flows.ingest_flow` runs the same
`ingest_source` as one Prefect task per source.

Summary counts per source: `new` documents inserted (feed-only ones included), `duplicate` items already stored
or repeated, `upgraded` feed-only documents whose page text arrived, `failed` items whose page could not be
fetched or yielded no text (kept as feed text when the feed gave any), and `error` for a source-level failure.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from flows.articles import UndecodableContent, canonical_url, extract_article
from flows.documents import (
    DEFAULT_THRESHOLD,
    DEFAULT_WINDOW_HOURS,
    prepare_documents,
    record_page_attempts,
    write_documents,
)
from flows.feeds import FeedEntry, FeedError, parse_feed
from flows.fetch import FetchConfig, Fetcher, FetchResult
from flows.reliefweb import ReliefWebError, parse_reports, reports_url
from flows.sources import (
    ReliefWebOptions,
    RssOptions,
    SourceConfig,
    SourceList,
    adhoc_feed,
    load_sources,
    record_health,
    source_state,
    sync_sources,
)

log = logging.getLogger(__name__)

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")

# DuckDB allows one writer per file; sources running on parallel threads of one process take turns to write.
_WRITE_LOCK = threading.Lock()
# Files this process has opened (and so migrated) once already: later opens skip the migration check (~0.1 s each).
_MIGRATED: set[str] = set()


@dataclass
class IngestOptions:
    """Per-run choices shared by every source."""

    run_id: str
    batch_size: int = 200
    max_page_attempts: int = 3
    threshold: float = DEFAULT_THRESHOLD
    window_hours: float | None = DEFAULT_WINDOW_HOURS
    since: datetime | None = None
    allow_local: bool = False
    reliefweb_appname_env: str = "RELIEFWEB_APPNAME"
    store_documents: bool = True   # False: fetch and parse only (`vigil sources check`)


@dataclass
class SourceSummary:
    """What one source's ingest did (see the module docstring for the meaning of each count)."""

    source: str
    new: int = 0
    duplicate: int = 0
    upgraded: int = 0
    failed: int = 0
    entries: int = 0
    error: str | None = None
    error_kind: str | None = None
    seconds: float = 0.0
    _pending_logs: list[dict] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k not in ("source", "_pending_logs")}


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def parse_since(value: str | datetime | None) -> datetime | None:
    """A `--since` value (ISO date or datetime) as naive UTC; None stays None.

    Raises:
        ValueError: the value is not an ISO 8601 date.
    """
    if value is None or isinstance(value, datetime):
        return value
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValueError(f"--since must be an ISO date such as 2026-11-01, got {value!r}") from exc
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def options_from_settings(settings, *, run_id: str | None = None, since=None, allow_local: bool = False,
                          store_documents: bool = True) -> IngestOptions:
    """IngestOptions from `vigil.settings.Settings` plus the run's arguments."""
    return IngestOptions(
        run_id=run_id or new_run_id(),
        batch_size=settings.ingest.batch_size,
        max_page_attempts=settings.ingest.max_page_attempts,
        threshold=settings.ingest.near_duplicate_threshold,
        window_hours=settings.ingest.story_window_hours,
        since=parse_since(since),
        allow_local=allow_local or settings.allow_local,
        reliefweb_appname_env=settings.ingest.reliefweb_appname_env,
        store_documents=store_documents,
    )


def new_run_id() -> str:
    return "ingest-" + utcnow().strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]


@contextmanager
def _connection(db_path: str | Path) -> Iterator:
    """A short read-write connection under the process's write lock; migrated on the first open only."""
    from store import connect, open_db

    key = str(Path(db_path).resolve())
    with _WRITE_LOCK:
        if key not in _MIGRATED:
            with open_db(db_path) as con:
                _MIGRATED.add(key)
                yield con
            return
        con = connect(db_path)
        try:
            yield con
        finally:
            con.close()


@contextmanager
def _writer(db_path: str | Path) -> Iterator:
    from store import transaction

    with _connection(db_path) as con, transaction(con):
        yield con


def _read(db_path: str | Path, fn: Callable):
    with _connection(db_path) as con:
        return fn(con)


def _write_logs(con, rows: list[dict]) -> None:
    if rows:
        from store import insert_df

        insert_df(con, "fetch_log", pd.DataFrame(rows))


# --------------------------------------------------------------------------------------------------- planning


def plan_sources(db_path: str | Path, *, sources_file: str | Path | None, default_sources_file: str | Path,
                 source_names: list[str] | None = None, feeds: list[str] | None = None,
                 allow_local: bool = False) -> tuple[list[SourceConfig], dict[str, str]]:
    """The sources a run covers, and the problems to report (invalid entries, unknown names); syncs them into the
    `sources` table.

    With only `feeds`, just those ad-hoc feeds run; otherwise the file's named sources (or all enabled ones),
    plus any `feeds`.

    Raises:
        SourcesError: the sources file cannot be read.
    """
    selected: list[SourceConfig] = []
    problems: dict[str, str] = {}
    if sources_file or source_names or not feeds:
        listing: SourceList = load_sources(sources_file or default_sources_file)
        selected = listing.select(source_names)
        known = {s.name for s in listing.sources}
        for name in source_names or []:
            if name not in known:
                problems[name] = listing.problems.get(name) or f"unknown source {name!r} in {listing.path}"
        if not source_names:
            problems.update(listing.problems)
    for url in feeds or []:
        try:
            selected.append(adhoc_feed(url, local=allow_local))
        except ValueError as exc:
            problems[f"feed:{url}"] = f"invalid --feed {url!r}: {exc}"
    if selected:
        with _writer(db_path) as con:
            sync_sources(con, selected)
    return selected, problems


def start_run(db_path: str | Path, run_id: str, params: dict) -> None:
    """Record the start of an ingest run in `runs`; band stored story seeds that predate `document_bands`."""
    import json

    from flows.documents import backfill_bands

    with _writer(db_path) as con:
        backfill_bands(con)
        con.execute("INSERT INTO runs (id, flow, started_at, status, params) VALUES (?, 'ingest', ?, 'running', ?)",
                    [run_id, utcnow(), json.dumps(params, default=str)])


def finish_run(db_path: str | Path, run_id: str, summary: dict, error: str | None = None) -> None:
    """Record the end of an ingest run and its per-source summary."""
    import json

    failed = [name for name, s in summary.items() if s.get("error")]
    status = "failed" if error else ("partial" if failed else "ok")
    with _writer(db_path) as con:
        con.execute("UPDATE runs SET finished_at = ?, status = ?, summary = ?, error = ? WHERE id = ?",
                    [utcnow(), status, json.dumps(summary, default=str), error, run_id])


# --------------------------------------------------------------------------------------------------- one source


def ingest_source(db_path: str | Path, source: SourceConfig, fetcher: Fetcher, options: IngestOptions) -> SourceSummary:
    """Ingest one source; failures are recorded (fetch_log, sources health) and returned in the summary."""
    started = time.monotonic()
    summary = SourceSummary(source=source.name)
    attempted = utcnow()
    health: dict = {}
    if source.kind == "rss":
        health = _ingest_rss(db_path, source, fetcher, options, summary)
    elif source.kind == "reliefweb":
        health = _ingest_reliefweb(db_path, source, fetcher, options, summary)
    summary.seconds = round(time.monotonic() - started, 3)
    if options.store_documents:
        with _writer(db_path) as con:
            _write_logs(con, summary_logs(summary))
            record_health(con, source.name, attempted_at=attempted, ok=summary.error is None,
                          error=summary.error or health.get("warning"), new=summary.new,
                          duplicates=summary.duplicate, failed=summary.failed,
                          etag=health.get("etag"), last_modified=health.get("last_modified"))
            if summary.error is None and health.get("warning"):
                con.execute("UPDATE sources SET last_error = ? WHERE name = ?", [health["warning"], source.name])
    level = logging.WARNING if summary.error else logging.INFO
    log.log(level, "source %s: new=%s duplicate=%s upgraded=%s failed=%s error=%s", source.name, summary.new,
            summary.duplicate, summary.upgraded, summary.failed, summary.error,
            extra={"vigil_source_summary": summary})
    return summary


def _fail(summary: SourceSummary, kind: str, message: str) -> None:
    summary.error_kind, summary.error = kind, message


def _finish_logs_only(summary: SourceSummary, logs: list[dict]) -> None:
    """Keep fetch_log rows that belong to no document batch; `ingest_source` writes them with the health row."""
    summary._pending_logs.extend(logs)


def summary_logs(summary: SourceSummary) -> list[dict]:
    logs, summary._pending_logs = summary._pending_logs, []
    return logs


# --------------------------------------------------------------------------------------------------- rss


@dataclass
class _PageOutcome:
    record: dict | None
    log_row: dict
    page_failed: bool
    retry_target: str | None = None


@dataclass
class _Plan:
    entry: FeedEntry
    url: str
    outlet: str | None
    fetch_page: bool
    target_id: str | None = None          # stored feed-only document to upgrade
    target_canonical: str | None = None
    attempts_so_far: int = 0
    extra: dict = field(default_factory=dict)


def _ingest_rss(db_path, source: SourceConfig, fetcher: Fetcher, options: IngestOptions,
                summary: SourceSummary) -> dict:
    opt: RssOptions = source.kind_options()  # type: ignore[assignment]
    allow_local = source.local or options.allow_local
    state = _read(db_path, lambda con: source_state(con, source.name)) if options.store_documents else {}
    res = fetcher.fetch(source.url, etag=state.get("etag"), last_modified=state.get("last_modified"),
                        allow_local=allow_local, accept=FEED_ACCEPT)
    feed_log = res.log_row(source=source.name, purpose="feed", run_id=options.run_id)
    if not res.ok:
        _fail(summary, res.error_kind or "fetch", f"feed fetch failed: {res.error}")
        _finish_logs_only(summary, [feed_log])
        return {}
    health = {"etag": res.etag, "last_modified": res.last_modified}
    if res.not_modified:
        _finish_logs_only(summary, [feed_log])
        return health
    try:
        feed = parse_feed(res.content, base_url=res.final_url, content_type=res.headers.get("content-type"),
                          key=opt.key)
    except FeedError as exc:
        kind = "content_type" if res.content_type in ("text/html", "application/json", "application/pdf") \
            else "malformed_feed"
        message = f"not a feed ({res.content_type or 'no content type'}): {exc}"
        feed_log.update(ok=False, error_kind=kind, error=message)
        _fail(summary, kind, message)
        _finish_logs_only(summary, [feed_log])
        return {}
    if feed.error:
        feed_log.update(error_kind="malformed_feed", error=f"parsed with errors: {feed.error}")
        health["warning"] = f"feed parsed with errors ({len(feed.entries)} entries kept): {feed.error}"[:2000]
        if not feed.entries:
            feed_log["ok"] = False
            _fail(summary, "malformed_feed", f"malformed feed, no entries: {feed.error}")
            _finish_logs_only(summary, [feed_log])
            return {}
    plans = _plan_entries(db_path, source, opt, feed, options, summary)
    logs = [feed_log]
    if not plans:
        _finish_logs_only(summary, logs)
        return health
    for start in range(0, len(plans), max(1, options.batch_size)):
        batch = plans[start:start + options.batch_size]
        outcomes = list(fetcher.map(lambda p: _page(p, source, fetcher, allow_local, options), batch))
        records = [o.record for o in outcomes if o.record is not None]
        logs += [o.log_row for o in outcomes if o.log_row]
        summary.failed += sum(1 for o in outcomes if o.page_failed)
        summary.failed += sum(1 for o in outcomes if o.record is None and not o.page_failed)
        retry_failed = [o.retry_target for o in outcomes if o.retry_target and o.page_failed]
        if not options.store_documents:
            logs = []
            continue
        df = prepare_documents(records)
        with _writer(db_path) as con:
            counts = write_documents(con, df, options.threshold, window_hours=options.window_hours)
            record_page_attempts(con, retry_failed)
            _write_logs(con, logs)
        logs = []
        summary.new += counts.new
        summary.duplicate += counts.duplicate
        summary.upgraded += counts.upgraded
    return health


def _outlet(source: SourceConfig, opt: RssOptions, feed_title: str | None, entry: FeedEntry) -> str | None:
    if opt.outlet_from == "author" and entry.author:
        return entry.author
    if opt.outlet_from == "item_source" and entry.source_title:
        return entry.source_title
    return source.outlet or feed_title or urlsplit(source.url).hostname


def _plan_entries(db_path, source, opt: RssOptions, feed, options: IngestOptions,
                  summary: SourceSummary) -> list[_Plan]:
    """Which entries to process and how: skip stored ones, retry feed-only ones, drop those before `since`."""
    plans: list[_Plan] = []
    seen: set[str] = set()
    for entry in feed.entries[: opt.max_items]:
        summary.entries += 1
        if not entry.url and not entry.title and not entry.summary:
            summary.failed += 1
            continue
        if options.since and entry.published_at and entry.published_at < options.since:
            continue
        url = canonical_url(entry.url) if entry.url else None
        if url and url in seen:
            summary.duplicate += 1
            continue
        if url:
            seen.add(url)
        plans.append(_Plan(entry=entry, url=url or "", outlet=_outlet(source, opt, feed.title, entry),
                           fetch_page=opt.fetch_pages and bool(url) and options.store_documents,
                           extra={"feed_error": feed.error} if feed.error else {}))
    urls = [p.url for p in plans if p.url]
    if not urls or not options.store_documents:
        return plans

    def lookup(con):
        return con.execute(
            """SELECT id, canonical_url, url, text_source, page_attempts FROM documents
               WHERE canonical_url IN (SELECT unnest($1))
               UNION SELECT id, canonical_url, url, text_source, page_attempts FROM documents
               WHERE url IN (SELECT unnest($1))""",
            [urls],
        ).fetchall()

    stored: dict[str, tuple] = {}
    for row in _read(db_path, lookup):
        for key in (row[1], row[2]):
            if key:
                stored.setdefault(key, row)
    kept = []
    for plan in plans:
        row = stored.get(plan.url)
        if row is None:
            kept.append(plan)
            continue
        doc_id, canonical, _url, text_source, attempts = row
        if text_source == "feed" and opt.fetch_pages and attempts < options.max_page_attempts:
            plan.target_id, plan.target_canonical, plan.attempts_so_far = doc_id, canonical, attempts
            kept.append(plan)
        else:
            summary.duplicate += 1
    return kept


def _feed_text(entry: FeedEntry) -> str:
    title, summary = entry.title.strip(), entry.summary.strip()
    if summary and title and summary.startswith(title):
        return summary
    return "\n\n".join(x for x in (title, summary) if x)


def _page(plan: _Plan, source: SourceConfig, fetcher: Fetcher, allow_local: bool,
          options: IngestOptions) -> _PageOutcome:
    """Fetch and extract one article page; fall back to the feed's own text."""
    entry = plan.entry
    article = None
    log_row: dict = {}
    page_failed = False
    final_url = plan.url
    if plan.fetch_page:
        res: FetchResult = fetcher.fetch(plan.url, allow_local=allow_local, accept=PAGE_ACCEPT)
        log_row = res.log_row(source=source.name, purpose="page", run_id=options.run_id)
        final_url = res.final_url
        if res.ok and res.content_type not in HTML_TYPES:
            log_row.update(ok=False, error_kind="content_type", error=f"not an HTML page: {res.content_type}")
        elif res.ok:
            try:
                article = extract_article(res.content, res.final_url, charset=res.charset,
                                          need_date=entry.published_at is None)
            except UndecodableContent as exc:
                log_row.update(ok=False, error_kind="undecodable", error=str(exc))
            else:
                if article is None:
                    log_row.update(ok=False, error_kind="no_text", error="no article text found on the page")
        page_failed = article is None
    synthetic = source.synthetic or entry.synthetic or bool(article and article.synthetic)
    metadata = {"feed": source.url, "guid": entry.guid, "link": entry.link, "categories": entry.categories or None,
                "authors": entry.authors or None, "country_hint": source.country_hint, **plan.extra}
    base = {
        "source": source.name,
        "outlet": plan.outlet,
        "external_id": entry.guid,
        "url": plan.url or None,
        "summary": entry.summary or None,
        "published_at": entry.published_at,
        "synthetic": synthetic,
    }
    if plan.target_id:
        base["id"], base["canonical_url"] = plan.target_id, plan.target_canonical
    if article is not None:
        if not plan.target_id:
            base["canonical_url"] = article.canonical_url or canonical_url(final_url)
        metadata.update(final_url=final_url if final_url != plan.url else None, sitename=article.sitename)
        record = {**base, "title": article.title or entry.title or None, "text": article.text,
                  "text_source": "page", "author": article.author or entry.author,
                  "published_at": entry.published_at or article.published_at,
                  "language": article.language or entry.language or source.language,
                  "page_attempts": plan.attempts_so_far + 1,
                  "metadata": {k: v for k, v in metadata.items() if v is not None}}
        return _PageOutcome(record, log_row, False)
    if plan.target_id:
        # a retried page failed again: the stored feed-only row stays; only its attempt count goes up
        return _PageOutcome(None, log_row, page_failed, retry_target=plan.target_id)
    text = _feed_text(entry)
    if not text:
        return _PageOutcome(None, log_row, page_failed)
    record = {**base, "title": entry.title or None, "text": text, "text_source": "feed", "author": entry.author,
              "language": entry.language or source.language,
              "page_attempts": 1 if plan.fetch_page else 0,
              "metadata": {k: v for k, v in metadata.items() if v is not None}}
    return _PageOutcome(record, log_row, page_failed)


# --------------------------------------------------------------------------------------------------- reliefweb


def _redact(url: str, appname: str) -> str:
    return url.replace(f"appname={appname}", "appname=***") if appname else url


def _ingest_reliefweb(db_path, source: SourceConfig, fetcher: Fetcher, options: IngestOptions,
                      summary: SourceSummary) -> dict:
    opt: ReliefWebOptions = source.kind_options()  # type: ignore[assignment]
    env_name = opt.appname_env or options.reliefweb_appname_env
    appname = (opt.appname or os.environ.get(env_name, "")).strip()
    if not appname:
        _fail(summary, "config", f"ReliefWeb API needs a pre-approved appname: set the environment variable "
                                 f"{env_name} (request one at https://apidoc.reliefweb.int/parameters#appname)")
        return {}
    since = options.since
    if since is None:
        state = _read(db_path, lambda con: source_state(con, source.name)) if options.store_documents else {}
        last = state.get("last_success_at")
        since = (last - timedelta(days=1)) if last else utcnow() - timedelta(days=opt.lookback_days)
    allow_local = source.local or options.allow_local
    offset = 0
    for _page_no in range(opt.max_pages):
        url = reports_url(source.url, appname, since=since, limit=opt.limit, offset=offset,
                          countries=opt.countries, languages=opt.languages, source_shortnames=opt.source_shortnames)
        res = fetcher.fetch(url, allow_local=allow_local, accept="application/json")
        row = res.log_row(source=source.name, purpose="api", run_id=options.run_id)
        row["url"] = _redact(url, appname)
        if not res.ok:
            if res.status == 403:
                _fail(summary, "config", f"ReliefWeb refused the appname in {env_name} (HTTP 403): it must be "
                                         "pre-approved, see https://apidoc.reliefweb.int/parameters#appname")
            elif res.status == 410:
                _fail(summary, "http_status", "ReliefWeb API version decommissioned (HTTP 410): use /v2/")
            else:
                _fail(summary, res.error_kind or "fetch", f"API fetch failed: {res.error}")
            _finish_logs_only(summary, [row])
            return {}
        try:
            page = parse_reports(res.content, source=source.name, api_url=source.url)
        except ReliefWebError as exc:
            row.update(ok=False, error_kind="bad_response", error=str(exc))
            _fail(summary, "bad_response", str(exc))
            _finish_logs_only(summary, [row])
            return {}
        summary.entries += page.count
        summary.failed += len(page.skipped)
        for rec in page.records:
            rec["synthetic"] = rec["synthetic"] or source.synthetic
            if source.country_hint:
                rec["metadata"]["country_hint"] = source.country_hint
        if options.store_documents:
            df = prepare_documents(page.records)
            with _writer(db_path) as con:
                counts = write_documents(con, df, options.threshold, window_hours=options.window_hours)
                _write_logs(con, [row])
            summary.new += counts.new
            summary.duplicate += counts.duplicate
            summary.upgraded += counts.upgraded
        offset += page.count
        if page.count == 0 or offset >= page.total:
            break
    return {}


# --------------------------------------------------------------------------------------------------- a run


def run_ingest(db_path: str | Path, *, settings, sources_file: str | Path | None = None,
               source_names: list[str] | None = None, feeds: list[str] | None = None, since=None,
               allow_local: bool = False, store_documents: bool = True,
               on_source: Callable[[SourceSummary], None] | None = None) -> dict[str, dict]:
    """Run the selected sources without Prefect, `ingest.source_workers` at a time; returns {source: summary dict}
(in the order of the sources; `on_source` is called in the caller's thread as each one finishes).

    Problems in the sources file (invalid entries, unknown names) appear as sources with an `error`.
    """
    options = options_from_settings(settings, since=since, allow_local=allow_local, store_documents=store_documents)
    sources, problems = plan_sources(db_path, sources_file=sources_file,
                                     default_sources_file=settings.path(settings.ingest.sources_file),
                                     source_names=source_names, feeds=feeds, allow_local=allow_local)
    result = {name: SourceSummary(source=name, error=msg, error_kind="config").as_dict()
              for name, msg in problems.items()}
    if store_documents:
        start_run(db_path, options.run_id, {"sources": [s.name for s in sources], "since": since,
                                            "allow_local": allow_local, "runner": "plain"})
    done: dict[str, dict] = {}
    with Fetcher(FetchConfig.from_settings(settings, allow_local=options.allow_local)) as fetcher, \
            ThreadPoolExecutor(max_workers=settings.ingest.source_workers, thread_name_prefix="vigil-source") as pool:
        futures = [pool.submit(ingest_source, db_path, source, fetcher, options) for source in sources]
        for future in as_completed(futures):
            summary = future.result()  # ingest_source records failures itself; an exception here is a bug
            done[summary.source] = summary.as_dict()
            if on_source:
                on_source(summary)
    result.update({s.name: done[s.name] for s in sources})
    if store_documents:
        finish_run(db_path, options.run_id, result)
    return result
