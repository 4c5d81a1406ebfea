"""The Jinja2 environment shared by digest and note templates: HTML autoescaped, Markdown escaped by a filter."""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def md_escape(value) -> str:
    """Text made inert in Markdown: special characters backslash-escaped, whitespace runs collapsed."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


def safe_url(url) -> str | None:
    """`url` if it is an http(s) URL, else None: evidence links never carry javascript: or data: schemes."""
    if not url or not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def md_url(url: str) -> str:
    """A URL safe inside Markdown link parentheses."""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    """The template environment: `*.html.j2` autoescaped, undefined names an error, `md`/`md_url` filters."""
    env = Environment(
        loader=PackageLoader("reports", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2", "html"), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["md_url"] = md_url
    return env
