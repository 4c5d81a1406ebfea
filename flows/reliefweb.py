"""ReliefWeb API v2 (`/v2/reports`): request URLs and response parsing. No network access here.

Facts relied on (see docs: apidoc.reliefweb.int): the `appname` is mandatory and must be pre-approved (an unknown
one gets HTTP 403, which is a configuration error, not something to retry); `limit` is at most 1000 with `offset`
paging; `data[].id` is a string; `primary_country` is one object and `country` a list with `primary` flags; ISO3
codes may come in lower case, so they are upper-cased here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit

from flows.feeds import html_to_text

REPORT_FIELDS = (
    "title", "body", "body-html", "url", "url_alias", "date.created", "date.original", "primary_country",
    "country", "source", "language", "format", "theme", "disaster", "origin", "status",
)


class ReliefWebError(ValueError):
    """The API answered with an error envelope, HTML instead of JSON, or JSON of the wrong shape."""


@dataclass
class ReliefWebPage:
    """One page of `/v2/reports`: document records (for `prepare_documents`) and paging state."""

    records: list[dict]
    total: int
    count: int
    offset: int
    next_url: str | None = None
    skipped: list[str] = field(default_factory=list)

    @property
    def has_more(self) -> bool:
        return self.count > 0 and self.offset + self.count < self.total


def reports_url(base_url: str, appname: str, *, since: datetime | None = None, limit: int = 100,
                offset: int = 0, countries: list[str] | None = None, languages: list[str] | None = None,
                source_shortnames: list[str] | None = None) -> str:
    """A GET URL for `/v2/reports`, newest first, with the fields Vigil stores.

    `base_url` is the reports endpoint (e.g. https://api.reliefweb.int/v2/reports). Filters given together are
    combined with AND; list values within one filter with OR. `since` filters on `date.created` (the posting time,
    the right watermark for incremental polling).
    """
    params: list[tuple[str, str]] = [("appname", appname), ("profile", "full"), ("limit", str(limit)),
                                     ("offset", str(offset)), ("sort[]", "date.created:desc")]
    params += [("fields[include][]", f) for f in REPORT_FIELDS]
    conditions: list[tuple[str, object]] = []
    if since is not None:
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        conditions.append(("date.created", {"from": since.isoformat(timespec="seconds")}))
    for fname, values in (("primary_country.iso3", countries), ("language.code", languages),
                          ("source.shortname", source_shortnames)):
        if values:
            conditions.append((fname, [v.upper() if fname.endswith("iso3") else v for v in values]))
    if conditions:
        params.append(("filter[operator]", "AND"))
        for i, (fname, value) in enumerate(conditions):
            prefix = f"filter[conditions][{i}]"
            params.append((f"{prefix}[field]", fname))
            if isinstance(value, dict):
                params += [(f"{prefix}[value][{k}]", v) for k, v in value.items()]
            else:
                params += [(f"{prefix}[value][]", v) for v in value]
                params.append((f"{prefix}[operator]", "OR"))
    sep = "&" if "?" in base_url else "?"
    # urlencode turns the '+' of '+00:00' into %2B, which the API requires
    return base_url + sep + urlencode(params)


def _iso3(value) -> str | None:
    if isinstance(value, dict) and value.get("iso3"):
        return str(value["iso3"]).upper()
    return None


def _names(values, key: str = "name") -> list[str]:
    if isinstance(values, dict):
        values = [values]
    return [str(v[key]) for v in values or [] if isinstance(v, dict) and v.get(key)]


def _parse_time(value) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def _absolute(url: str | None, api_url: str | None) -> str | None:
    if not url:
        return None
    if url.startswith(("http://", "https://")):
        return url
    host = "https://reliefweb.int"
    if api_url and urlsplit(api_url).hostname in ("127.0.0.1", "localhost"):
        parts = urlsplit(api_url)
        host = f"{parts.scheme}://{parts.netloc}"
    return host + ("" if url.startswith("/") else "/") + url


def parse_reports(content: bytes, *, source: str, api_url: str | None = None) -> ReliefWebPage:
    """Parse a `/v2/reports` response into document records.

    Each record has `text_source = 'api'`, the report body as text, the first source organisation as `outlet`,
    and `metadata` with `reliefweb_id`, `primary_country` (ISO3), `countries` (ISO3 list), `sources`, `formats`,
    `themes`, `disasters`, `date_created` and `languages`.
    Raises:
        ReliefWebError: error envelope, HTML or malformed JSON.
    """
    head = content[:200].lstrip().lower()
    if head.startswith((b"<!doctype", b"<html")):
        raise ReliefWebError("the API answered with HTML (blocked or rate-limited?)")
    try:
        payload = json.loads(content)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReliefWebError(f"response is not JSON: {exc}") from exc
    if not isinstance(payload, dict):
        raise ReliefWebError(f"expected a JSON object, got {type(payload).__name__}")
    if "error" in payload:
        err = payload["error"]
        message = err.get("message") if isinstance(err, dict) else err
        raise ReliefWebError(f"API error {payload.get('status', '?')}: {message}")
    data = payload.get("data")
    if not isinstance(data, list):
        raise ReliefWebError("response has no `data` list")
    records, skipped = [], []
    for item in data:
        fields = item.get("fields") if isinstance(item, dict) else None
        if not isinstance(fields, dict):
            skipped.append(f"item without fields: {str(item)[:80]}")
            continue
        rid = str(item.get("id") or fields.get("id") or "")
        body = fields.get("body") or ""
        text = body.strip() or html_to_text(fields.get("body-html"))
        title = (fields.get("title") or "").strip()
        if not text:
            text = title
        if not text:
            skipped.append(f"report {rid}: no body and no title")
            continue
        dates = fields.get("date") or {}
        countries = fields.get("country") or []
        primary = _iso3(fields.get("primary_country")) or next(
            (_iso3(c) for c in countries if isinstance(c, dict) and c.get("primary")), None)
        sources = fields.get("source") or []
        languages = _names(fields.get("language"), "code")
        records.append({
            "source": source,
            "outlet": (_names(sources) or [None])[0],
            "external_id": rid,
            "url": _absolute(fields.get("url_alias") or fields.get("url"), api_url),
            "title": title or None,
            "text": text,
            "text_source": "api",
            "language": languages[0] if languages else None,
            "published_at": _parse_time(dates.get("original") or dates.get("created")),
            "synthetic": bool(fields.get("synthetic") or fields.get("vigil:synthetic")),
            "metadata": {
                "reliefweb_id": rid,
                "primary_country": primary,
                "countries": [c for c in (_iso3(x) for x in countries) if c],
                "sources": _names(sources),
                "source_shortnames": _names(sources, "shortname"),
                "formats": _names(fields.get("format")),
                "themes": _names(fields.get("theme")),
                "disasters": _names(fields.get("disaster")),
                "languages": languages,
                "date_created": dates.get("created"),
            },
        })
    links = payload.get("links") or {}
    next_href = (links.get("next") or {}).get("href") if isinstance(links, dict) else None
    count = int(payload.get("count", len(data)))
    total = int(payload.get("totalCount", count))
    offset = 0
    self_href = (links.get("self") or {}).get("href", "") if isinstance(links, dict) else ""
    for part in urlsplit(self_href).query.split("&"):
        if part.startswith("offset="):
            offset = int(part[7:] or 0) if part[7:].isdigit() else 0
    return ReliefWebPage(records=records, total=total, count=count, offset=offset, next_url=next_href,
                         skipped=skipped)
