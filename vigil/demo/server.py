"""A loopback HTTP server that publishes the synthetic demo corpus the way real sources do.

Each outlet gets an RSS 2.0 feed (`/<outlet>/rss.xml`) and article pages with ordinary site chrome around the
story; the ReliefWeb-shaped outlet is served as a JSON API (`/reliefweb/v2/reports`, paging with limit/offset,
appname required as in the real API). Every feed item, page and API record is marked synthetic.
"""

from __future__ import annotations

import html
import json
import threading
from datetime import UTC
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

from vigil.demo.corpus import SYNTHETIC_NOTE, Article, Corpus

DEMO_APPNAME = "vigil-demo"
API_PATH = "/reliefweb/v2/reports"


class DemoServer:
    """Serve `corpus` on 127.0.0.1 (a free port unless given) from a background thread; use as a context manager."""

    def __init__(self, corpus: Corpus, port: int = 0):
        self.corpus = corpus
        self._pages = {a.path: a for a in corpus.articles}
        self._feeds = {o.slug: _rss(o, corpus.by_outlet(o.slug), self) for o in corpus.outlets if o.kind != "reliefweb"}
        self._api_items = sorted(
            (a for a in corpus.articles if a.outlet == "relief-reports"), key=lambda a: a.published, reverse=True
        )
        handler = _handler_for(self)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="vigil-demo-server", daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def feed_url(self, slug: str) -> str:
        return f"{self.base_url}/{slug}/rss.xml"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}{API_PATH}"

    def start(self) -> DemoServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _rss(outlet, articles: list[Article], server: DemoServer) -> str:
    items = []
    for a in sorted(articles, key=lambda a: a.published, reverse=True):
        summary = a.paragraphs[0]
        items.append(
            "<item>"
            f"<title>{escape(a.title)}</title>"
            f"<link>{{base}}{a.path}</link>"
            f'<guid isPermaLink="false">{a.id}</guid>'
            f"<pubDate>{format_datetime(a.published)}</pubDate>"
            f"<description>{escape(summary)}</description>"
            "<category>synthetic</category>"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(outlet.name)} (synthetic demo feed)</title><link>{{base}}/{outlet.slug}/</link>"
        f"<description>{escape(SYNTHETIC_NOTE)}</description><language>{outlet.language}</language>"
        + "".join(items)
        + "</channel></rss>"
    )


def _page(a: Article, outlet_name: str) -> str:
    paras = "\n".join(f"<p>{html.escape(p)}</p>" for p in a.paragraphs)
    lang = a.language
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{html.escape(a.title)} | {html.escape(outlet_name)}</title>
<meta name="vigil:synthetic" content="true">
<meta property="og:title" content="{html.escape(a.title)}">
<meta property="article:published_time" content="{a.published.isoformat()}">
<meta name="author" content="{html.escape(outlet_name)} staff">
</head><body>
<header><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/business">Business</a> | <a href="/sport">Sport</a></nav>
<div class="brand">{html.escape(outlet_name)}</div></header>
<main><article>
<h1>{html.escape(a.title)}</h1>
<p class="byline">By {html.escape(outlet_name)} staff · <time datetime="{a.published.isoformat()}">{a.published:%d %B %Y}</time></p>
{paras}
</article>
<aside><h2>Most read</h2><ul><li><a href="/x">Weather: a mild week ahead</a></li><li><a href="/y">Markets close higher</a></li></ul></aside>
</main>
<footer><p>{html.escape(SYNTHETIC_NOTE)}</p><p>© {html.escape(outlet_name)} · Terms · Privacy</p></footer>
</body></html>"""


def _api_record(a: Article, base: str) -> dict:
    created = a.published.astimezone(UTC).isoformat(timespec="seconds")
    return {
        "id": a.id.removeprefix("demo-"),
        "score": 1,
        "href": f"{base}{API_PATH}/{a.id.removeprefix('demo-')}",
        "fields": {
            "title": a.title,
            "body": a.text,
            "url": f"{base}{a.path}",
            "url_alias": f"{base}{a.path}",
            "date": {"created": created, "original": created, "changed": created},
            "primary_country": {"iso3": a.iso3.lower()},
            "country": [{"iso3": a.iso3.lower(), "primary": True}],
            "source": [{"name": "Humanitarian Coordination Office (synthetic)", "shortname": "HCO-synthetic"}],
            "language": [{"code": a.language}],
            "format": [{"name": a.meta.get("format", "Situation Report")}],
            "synthetic": True,
        },
    }


def _handler_for(server: DemoServer):
    outlet_names = {o.slug: o.name for o in server.corpus.outlets}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet: the demo prints its own progress
            return

        def _send(self, status: int, body: str, ctype: str) -> None:
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _api(self, params: dict) -> None:
            if params.get("appname") != DEMO_APPNAME:
                self._send(403, json.dumps({"status": 403, "error": {
                    "message": "You are not using an approved appname."}}), "application/json")
                return
            try:
                limit = min(int(params.get("limit", 10)), 1000)
                offset = int(params.get("offset", 0))
            except ValueError:
                self._send(400, json.dumps({"status": 400, "error": {"message": "bad limit/offset"}}),
                           "application/json")
                return
            items = server._api_items[offset: offset + limit]
            base = server.base_url
            doc = {
                "time": 1,
                "href": f"{base}{API_PATH}?appname={DEMO_APPNAME}",
                "links": {"self": {"href": f"{base}{API_PATH}?appname={DEMO_APPNAME}&offset={offset}&limit={limit}"}},
                "totalCount": len(server._api_items),
                "count": len(items),
                "data": [_api_record(a, base) for a in items],
            }
            if offset + len(items) < len(server._api_items):
                doc["links"]["next"] = {
                    "href": f"{base}{API_PATH}?appname={DEMO_APPNAME}&offset={offset + limit}&limit={limit}"}
            self._send(200, json.dumps(doc), "application/json")

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            params = {k: v[-1] for k, v in parse_qs(url.query).items()}
            if url.path == API_PATH:
                self._api(params)
            elif url.path.endswith("/rss.xml") and url.path.strip("/").split("/")[0] in server._feeds:
                slug = url.path.strip("/").split("/")[0]
                self._send(200, server._feeds[slug].replace("{base}", server.base_url), "application/rss+xml; charset=utf-8")
            elif url.path in server._pages:
                a = server._pages[url.path]
                self._send(200, _page(a, outlet_names[a.outlet]), "text/html; charset=utf-8")
            else:
                self._send(404, "<html><body><h1>Not found</h1></body></html>", "text/html; charset=utf-8")

        def do_POST(self) -> None:
            url = urlsplit(self.path)
            params = {k: v[-1] for k, v in parse_qs(url.query).items()}
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b"{}"
            if url.path != API_PATH:
                self._send(404, "not found", "text/plain")
                return
            try:
                body = json.loads(raw or b"{}")
            except json.JSONDecodeError:
                self._send(400, json.dumps({"status": 400, "error": {"message": "invalid JSON"}}), "application/json")
                return
            params.update({k: body[k] for k in ("limit", "offset") if k in body})
            self._api(params)

    return Handler
