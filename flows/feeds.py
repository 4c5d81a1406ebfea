"""Feed bytes → entries. RSS 0.9x/1.0/2.0 and Atom via feedparser; no network access here.

A malformed ("bozo") feed yields whatever parsed and records the parser's complaint in `ParsedFeed.error`; bytes
that are not a feed at all raise `FeedError`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

import feedparser
import lxml.html
from lxml.etree import ParserError

SYNTHETIC_MARKER = "synthetic"


class FeedError(ValueError):
    """The bytes are not a readable RSS/Atom feed."""


@dataclass
class FeedEntry:
    """One feed item, normalised. `url` is the address to key on and fetch: the guid when it is an http(s) URL
    (UN News and ReliefWeb put the canonical story URL there and a variant in <link>), else the link."""

    url: str | None
    link: str | None
    guid: str | None
    title: str
    summary: str
    published_at: datetime | None
    author: str | None
    authors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    language: str | None = None
    source_title: str | None = None
    synthetic: bool = False


@dataclass
class ParsedFeed:
    """A parsed feed: its entries plus the parser's error for a malformed feed (None when clean)."""

    title: str | None
    language: str | None
    version: str | None
    entries: list[FeedEntry]
    error: str | None = None


_WS = re.compile(r"\s+")
_BENIGN = (feedparser.NonXMLContentType, feedparser.CharacterEncodingOverride)


def html_to_text(value: str | None) -> str:
    """Plain text from an HTML fragment (feed summaries are often HTML), whitespace collapsed."""
    if not value:
        return ""
    if "<" not in value and "&" not in value:
        return _WS.sub(" ", value).strip()
    try:
        root = lxml.html.fromstring(f"<div>{value}</div>")
    except (ParserError, ValueError):
        return _WS.sub(" ", re.sub(r"<[^>]+>", " ", value)).strip()
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    return _WS.sub(" ", " ".join(root.itertext())).strip()


def _as_datetime(struct) -> datetime | None:
    if not struct:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(struct), tz=UTC).replace(tzinfo=None)
    except (OverflowError, ValueError, TypeError):
        return None


def _is_http(value: str | None) -> bool:
    return bool(value) and value.lower().startswith(("http://", "https://"))


def _entry(raw, feed_language: str | None, key: str) -> FeedEntry:
    link = raw.get("link") or None
    guid = raw.get("id") or None
    if key == "link":
        url = link if _is_http(link) else (guid if _is_http(guid) else None)
    else:
        url = guid if _is_http(guid) else (link if _is_http(link) else None)
    categories = [t.get("term") for t in raw.get("tags", []) if t.get("term")]
    authors = [a.get("name") for a in raw.get("authors", []) if a.get("name")]
    summary = raw.get("summary") or ""
    if not summary and raw.get("content"):
        summary = raw["content"][0].get("value", "")
    source = raw.get("source") or {}
    language = None
    detail = raw.get("title_detail") or raw.get("summary_detail") or {}
    if detail.get("language"):
        language = detail["language"]
    return FeedEntry(
        url=url,
        link=link,
        guid=guid,
        title=html_to_text(raw.get("title")),
        summary=html_to_text(summary),
        published_at=_as_datetime(raw.get("published_parsed") or raw.get("updated_parsed")
                                  or raw.get("created_parsed")),
        author=authors[0] if authors else (raw.get("author") or None),
        authors=authors,
        categories=categories,
        language=language or feed_language,
        source_title=source.get("title") if hasattr(source, "get") else None,
        synthetic=any(c.strip().lower() == SYNTHETIC_MARKER for c in categories),
    )


def parse_feed(content: bytes, *, base_url: str | None = None, content_type: str | None = None,
               key: str = "guid") -> ParsedFeed:
    """Parse feed bytes into entries.

    Args:
        content: the raw response body.
        base_url: the feed's URL, for resolving relative links.
        content_type: the response Content-Type header, which feedparser uses for the encoding.
        key: "guid" (default: a URL-shaped guid wins over <link>) or "link".
    Returns:
        ParsedFeed; `error` holds the parser's complaint for a malformed feed that still yielded entries.
    Raises:
        FeedError: the bytes are not a feed (nothing parsed and no feed header found).
    """
    headers = {"content-location": base_url} if base_url else {}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(content, response_headers=headers, sanitize_html=False, resolve_relative_uris=True)
    error = None
    exc = parsed.get("bozo_exception")
    # a wrong Content-Type or a charset override still parses cleanly; only real XML trouble is an error
    if parsed.get("bozo") and not isinstance(exc, _BENIGN):
        error = f"{type(exc).__name__}: {exc}" if exc is not None else "malformed feed"
    if not parsed.entries and not parsed.get("version"):
        raise FeedError(error or "no RSS/Atom feed found in the response")
    feed = parsed.get("feed", {})
    language = feed.get("language") or None
    return ParsedFeed(
        title=html_to_text(feed.get("title")) or None,
        language=language,
        version=parsed.get("version") or None,
        entries=[_entry(e, language, key) for e in parsed.entries],
        error=error,
    )
