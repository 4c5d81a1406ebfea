"""HTML bytes → article text and metadata (trafilatura), with htmldate for the date and courlan for URLs.

No network access here. Decoding is explicit, so pages in Windows-1252 or UTF-16 (with or without a header
charset) come out as the right characters, and bytes that decode to nothing sensible raise `UndecodableContent`.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

import courlan
import htmldate
import trafilatura
from charset_normalizer import from_bytes

log = logging.getLogger(__name__)

SYNTHETIC_META = re.compile(
    r"""<meta\s+[^>]*name\s*=\s*["']vigil:synthetic["'][^>]*content\s*=\s*["']\s*(true|1|yes)\s*["']"""
    r"""|<meta\s+[^>]*content\s*=\s*["']\s*(true|1|yes)\s*["'][^>]*name\s*=\s*["']vigil:synthetic["']""",
    re.IGNORECASE,
)
MIN_WORDS = 10  # fewer words than this is a navigation scrap, not an article (e.g. a gallery page yields "Home")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class UndecodableContent(ValueError):
    """The page bytes could not be decoded as text in any plausible encoding."""


@dataclass
class Article:
    """What an article page yields. `text` is trafilatura's main text; the rest may be None."""

    text: str
    title: str | None
    author: str | None
    published_at: datetime | None
    canonical_url: str | None
    description: str | None
    sitename: str | None
    language: str | None
    synthetic: bool = False


def canonical_url(url: str) -> str:
    """A normalised form of `url` for de-duplication: lower-case host, default port, fragment and tracking
    parameters removed, query parameters sorted (courlan)."""
    url = url.strip()
    try:
        return courlan.normalize_url(url, strict=False).split("#", 1)[0]
    except (ValueError, AttributeError) as exc:
        log.debug("cannot normalise %s: %s", url, exc)
        return url


def _lookup(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def decode_html(content: bytes, charset: str | None = None) -> str:
    """Decode page bytes: BOM first, then the header charset, then a <meta charset>, then UTF-8, then detection.

    Raises:
        UndecodableContent: the bytes look binary or no encoding fits.
    """
    if content.startswith(codecs.BOM_UTF8):
        return content[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return content.decode("utf-16", errors="replace")
    candidates = [_lookup(charset)]
    head = _META_CHARSET.search(content[:4096])
    if head:
        candidates.append(_lookup(head.group(1).decode("ascii", "ignore")))
    candidates.append("utf-8")
    for name in candidates:
        if not name:
            continue
        if name == "latin-1" or name == "iso8859-1":
            name = "cp1252"  # browsers treat ISO-8859-1 labels as Windows-1252 (WHATWG Encoding)
        try:
            text = content.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        if "\x00" not in text:
            return text
    best = from_bytes(content).best()
    if best is None:
        raise UndecodableContent(f"no encoding fits these {len(content)} bytes")
    text = str(best)
    if text.count("\x00") or _control_share(text) > 0.05:
        raise UndecodableContent(f"bytes look binary (detected {best.encoding})")
    return text


def _control_share(text: str) -> float:
    if not text:
        return 1.0
    sample = text[:20000]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    return bad / len(sample)


def _same_site(a: str, b: str) -> bool:
    ha, hb = urlsplit(a).hostname or "", urlsplit(b).hostname or ""
    strip = lambda h: h.removeprefix("www.")
    return strip(ha) == strip(hb)


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value[:10])
    except ValueError:
        return None


# trafilatura's own date search runs without the extensive pass (which costs ~2.5 ms a page and usually finds
# nothing the page's metadata does not say); the extensive pass runs only when no date was found and one is needed.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def extract_article(content: bytes, url: str, *, charset: str | None = None, need_date: bool = True) -> Article | None:
    """Main text and metadata of an article page, or None when the page has no article text.

    Args:
        content: the raw page bytes.
        url: the page's final URL (for relative links and the canonical-URL check).
        charset: the charset from the Content-Type header, if any.
        need_date: search the whole page for a date when its metadata gives none (False when the feed dates it).
    Returns:
        An Article; its `canonical_url` is the page's declared canonical (<link rel=canonical>, og:url) when that
        is on the same site as `url`, else the normalised `url`.
    Raises:
        UndecodableContent: the bytes cannot be decoded as text.
    """
    html = decode_html(content, charset)
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      date_extraction_params=_DATE_PARAMS)
    if doc is None or len((doc.text or "").split()) < MIN_WORDS:
        return None
    declared = doc.url if doc.url and doc.url.startswith(("http://", "https://")) else None
    canonical = canonical_url(declared if declared and _same_site(declared, url) else url)
    published = _parse_date(doc.date)
    if published is None and need_date:
        published = _parse_date(htmldate.find_date(html, url=url, original_date=True, extensive_search=True))
    return Article(
        text=doc.text.strip(),
        title=doc.title or None,
        author=doc.author or None,
        published_at=published,
        canonical_url=canonical,
        description=doc.description or None,
        sitename=doc.sitename or None,
        language=doc.language or None,
        synthetic=bool(SYNTHETIC_META.search(html[:65536])),
    )
