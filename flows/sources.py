"""The source list (`data/sources.toml` or any file in the same format): load, validate, sync, health.

File format: one `[[source]]` table per source.

    [[source]]
    name = "un-news-en"            # unique; letters, digits, '-', '_', '.', ':'
    kind = "rss"                   # rss | reliefweb
    url = "https://news.un.org/feed/subscribe/en/news/all/rss.xml"
    language = "en"                # expected language (a hint; each document's language is detected)
    country_hint = "SDN"           # optional ISO3 for single-country sources
    outlet = "UN News"             # publisher, used to count independent outlets
    enabled = true
    local = false                  # permit loopback/private addresses for this source
    synthetic = false              # every document from this source is synthetic (demo data)
    options = { fetch_pages = true, key = "guid" }   # kind-specific, see RssOptions / ReliefWebOptions

An entry that fails validation does not stop the others: `load_sources` returns it as a problem, and the ingest
summary reports it as a failed source.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:/-]*$"


class SourcesError(ValueError):
    """The sources file cannot be read at all (missing, not TOML, no [[source]] tables)."""


class RssOptions(BaseModel):
    """Options of an `rss` source."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    fetch_pages: bool = True            # fetch each item's article page for the full text
    key: Literal["guid", "link"] = "guid"   # which item field identifies the article
    outlet_from: Literal["source", "author", "item_source"] = "source"  # aggregators: the item's own publisher
    max_items: int = Field(500, ge=1)


class ReliefWebOptions(BaseModel):
    """Options of a `reliefweb` (API v2) source. The appname is read from the environment variable named by
    `appname_env` (default: the `ingest.reliefweb_appname_env` setting), never from this file; only a local
    (loopback demo/test) API may take `appname` inline."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    appname_env: str | None = None
    appname: str | None = None   # accepted only for `local = true` sources (a demo or test API), never a real one
    limit: int = Field(100, ge=1, le=1000)
    max_pages: int = Field(3, ge=1, le=50)
    lookback_days: int = Field(7, ge=1)     # first run (no --since, no earlier success): how far back to ask
    countries: list[str] = Field(default_factory=list)   # primary_country.iso3 filter
    languages: list[str] = Field(default_factory=list)   # language.code filter
    source_shortnames: list[str] = Field(default_factory=list)   # source.shortname filter (e.g. OHCHR)


class SourceConfig(BaseModel):
    """One validated source entry."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(pattern=NAME_PATTERN, max_length=200)
    kind: Literal["rss", "reliefweb"]
    url: str
    language: str | None = None
    country_hint: str | None = None
    outlet: str | None = None
    enabled: bool = True
    local: bool = False
    synthetic: bool = False
    options: dict = Field(default_factory=dict)

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.lower().startswith(("http://", "https://")):
            raise ValueError(f"url must be http(s), got {value!r}")
        return value

    @field_validator("country_hint")
    @classmethod
    def _iso3(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if len(value) != 3 or not value.isalpha():
            raise ValueError(f"country_hint must be an ISO 3166-1 alpha-3 code, got {value!r}")
        return value.upper()

    @model_validator(mode="after")
    def _options_for_kind(self) -> SourceConfig:
        options = self.kind_options()
        if isinstance(options, ReliefWebOptions) and options.appname and not self.local:
            raise ValueError("options.appname is only accepted for local sources; put a real appname in the "
                             "environment variable named by appname_env")
        return self

    def kind_options(self) -> RssOptions | ReliefWebOptions:
        """The validated kind-specific options."""
        return (RssOptions if self.kind == "rss" else ReliefWebOptions).model_validate(self.options)

    def row(self) -> dict:
        """The configuration columns of this source's `sources` row."""
        return {
            "name": self.name, "kind": self.kind, "url": self.url, "language": self.language,
            "country_hint": self.country_hint, "outlet": self.outlet, "enabled": self.enabled,
            "local": self.local, "synthetic": self.synthetic,
            "config": json.dumps(self.options, sort_keys=True),
        }


@dataclass
class SourceList:
    """Sources loaded from a file, plus the entries that failed validation (name or position → reason)."""

    path: Path | None
    sources: list[SourceConfig] = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)

    def select(self, names: list[str] | None = None, *, include_disabled: bool = False) -> list[SourceConfig]:
        """Sources to run: the named ones (enabled or not), else every enabled one."""
        if names:
            by_name = {s.name: s for s in self.sources}
            return [by_name[n] for n in names if n in by_name]
        return [s for s in self.sources if s.enabled or include_disabled]


def _error_text(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'entry'}: {e['msg']}" for e in exc.errors())


def load_sources(path: str | Path) -> SourceList:
    """Read and validate a sources file; invalid entries are collected in `problems`, valid ones in `sources`.

    Raises:
        SourcesError: the file is missing, is not valid TOML, or has no `[[source]]` list.
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SourcesError(f"sources file not found: {path}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SourcesError(f"{path}: not valid TOML: {exc}") from exc
    entries = data.get("source")
    if not isinstance(entries, list):
        raise SourcesError(f"{path}: expected [[source]] tables, found keys {sorted(data)}")
    out = SourceList(path=path)
    seen: set[str] = set()
    for i, entry in enumerate(entries, start=1):
        label = str(entry.get("name") or f"#{i}") if isinstance(entry, dict) else f"#{i}"
        try:
            source = SourceConfig.model_validate(entry)
        except ValidationError as exc:
            out.problems[label] = f"invalid source entry {label} in {path}: {_error_text(exc)}"
            continue
        if source.name in seen:
            out.problems[f"{label} (duplicate)"] = f"duplicate source name {source.name!r} in {path}"
            continue
        seen.add(source.name)
        out.sources.append(source)
    return out


def adhoc_feed(url: str, *, local: bool = False) -> SourceConfig:
    """A source for an ad-hoc `--feed URL`: kind rss, named `feed:<host/path>`."""
    name = "feed:" + url.split("://", 1)[-1].rstrip("/")
    return SourceConfig(name=name[:200], kind="rss", url=url, local=local)


# --------------------------------------------------------------------------------------------------- database


def sync_sources(con, sources: list[SourceConfig]) -> int:
    """Insert or update the configuration columns of `sources`; health columns are left as they are."""
    if not sources:
        return 0
    import pandas as pd

    df = pd.DataFrame([s.row() for s in sources])
    cols = list(df.columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in cols if c != "name")
    con.register("_vigil_sources", df)
    try:
        con.execute(
            f"INSERT INTO sources ({', '.join(cols)}) SELECT {', '.join(cols)} FROM _vigil_sources "
            f"ON CONFLICT (name) DO UPDATE SET {updates}"
        )
    finally:
        con.unregister("_vigil_sources")
    return len(df)


def source_state(con, name: str) -> dict:
    """Stored conditional-GET validators and last success of a source ({} when unknown)."""
    row = con.execute("SELECT etag, last_modified, last_success_at FROM sources WHERE name = ?", [name]).fetchone()
    if row is None:
        return {}
    return {"etag": row[0], "last_modified": row[1], "last_success_at": row[2]}


def record_health(con, name: str, *, attempted_at: datetime, ok: bool, error: str | None = None,
                  new: int = 0, duplicates: int = 0, failed: int = 0,
                  etag: str | None = None, last_modified: str | None = None) -> None:
    """Record one run's outcome for a source: success resets the consecutive-failure count, failure adds one."""
    if ok:
        con.execute(
            """UPDATE sources SET last_attempt_at = ?, last_success_at = ?, last_error = NULL,
                   consecutive_failures = 0, last_run_new = ?, last_run_duplicates = ?, last_run_failed = ?,
                   etag = coalesce(?, etag), last_modified = coalesce(?, last_modified)
               WHERE name = ?""",
            [attempted_at, attempted_at, new, duplicates, failed, etag, last_modified, name],
        )
    else:
        con.execute(
            """UPDATE sources SET last_attempt_at = ?, last_error = ?, consecutive_failures = consecutive_failures + 1,
                   last_run_new = ?, last_run_duplicates = ?, last_run_failed = ?
               WHERE name = ?""",
            [attempted_at, (error or "failed")[:2000], new, duplicates, failed, name],
        )
