"""A real HTTP server on 127.0.0.1 (random port) serving Vigil's ingest fixtures and misbehaving routes.

Use the session fixture `ingest_server` (import it into a test module) or start one with `LocalServer()`:

    server.base                      # "http://127.0.0.1:PORT"
    server.url("/feed.xml")
    server.route("/my/path", handler)   # add or replace a route; handler(req) -> Response
    server.hits["/feed.xml"]         # how many requests a path received

Routes served by default (see `default_routes`): our own feeds (`/feed.xml` with ETag/304, `/atom.xml`,
`/synthetic.xml`, `/duplicates.xml`, `/misbehaving.xml`, `/syndication/feed-N.xml`), article pages
(`/pages/*.html` rendered from tests/fixtures/ingest/pages), a ReliefWeb-shaped API (`/api/v2/reports`, needs
`appname=`), and misbehaving routes: malformed XML, 404, 500, 500-then-success, 429 with Retry-After, a slow
handler, redirect loops, Windows-1252 and UTF-16 pages, gzip responses, an oversized page, a page with no text,
undecodable bytes, an HTML page where a feed is expected.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"
SLOW_SECONDS = 3.0


@dataclass
class Request:
    """What a route handler sees."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    server: LocalServer

    def arg(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default


@dataclass
class Response:
    """A route's answer. `stream` (an iterator of chunks) is sent without Content-Length, then the connection
    closes; `delay` sleeps before the headers are sent."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    stream: Iterator[bytes] | None = None
    delay: float = 0.0


Handler = Callable[[Request], Response]


def fixture_text(name: str, base: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8").replace("{base}", base)


def render_page(name: str, base: str, *, path: str | None = None, extra_head: str = "", title_prefix: str = "",
                body_suffix: str = "", body_swap: tuple[str, str] | None = None) -> str:
    """An article page from tests/fixtures/ingest/pages/<name> (front matter + body) in the shared template."""
    raw = (FIXTURES / "pages" / name).read_text(encoding="utf-8")
    if not raw.lstrip().startswith("title:"):
        return raw
    head, _, body = raw.partition("\n---\n")
    meta = dict(line.split(": ", 1) for line in head.strip().splitlines())
    if body_swap:
        body = body.replace(*body_swap)
    template = (FIXTURES / "pages" / "_template.html").read_text(encoding="utf-8")
    return (template.replace("{title}", title_prefix + meta["title"]).replace("{author}", meta["author"])
            .replace("{date}", meta["date"]).replace("{lang}", meta["lang"]).replace("{extra_head}", extra_head)
            .replace("{path}", path or f"/pages/{name}").replace("{body}", body + body_suffix)
            .replace("{base}", base))


def rss(title: str, items: list[dict], base: str) -> str:
    """A small RSS 2.0 document; each item dict has title, link and optional guid, description, pubDate."""
    parts = [f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>{escape(title)}</title>'
             f"<link>{base}/</link><description>fixture</description>"]
    for item in items:
        parts.append("<item>")
        parts.append(f"<title>{escape(item['title'])}</title><link>{escape(item['link'])}</link>")
        if item.get("guid"):
            parts.append(f'<guid isPermaLink="false">{escape(item["guid"])}</guid>')
        parts.append(f"<description>{escape(item.get('description', item['title']))}</description>")
        parts.append(f"<pubDate>{item.get('pubDate', 'Thu, 19 Nov 2026 10:00:00 GMT')}</pubDate></item>")
    parts.append("</channel></rss>")
    return "".join(parts)


def _xml(body: str | bytes, **headers: str) -> Response:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return Response(200, data, {"Content-Type": "application/rss+xml; charset=utf-8", **headers})


def _html(body: str | bytes, content_type: str = "text/html; charset=utf-8") -> Response:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return Response(200, data, {"Content-Type": content_type})


# --------------------------------------------------------------------------------------------------- routes

ETAG = '"fixture-feed-v1"'
LAST_MODIFIED = "Wed, 18 Nov 2026 10:00:00 GMT"


def _feed(req: Request) -> Response:
    if req.headers.get("if-none-match") == ETAG:
        return Response(304, b"", {"ETag": ETAG})
    return _xml(fixture_text("feed.xml", req.server.base), ETag=ETAG, **{"Last-Modified": LAST_MODIFIED})


def _page(req: Request) -> Response:
    name = req.path.rsplit("/", 1)[-1]
    if not (FIXTURES / "pages" / name).exists() or name.startswith("_"):
        return Response(404, b"not found", {"Content-Type": "text/plain"})
    return _html(render_page(name, req.server.base))


def _syndicated_page(req: Request) -> Response:
    """The same wire story as carried by outlet N: a different headline prefix and a closing credit line."""
    n = req.path.split("/")[2]
    return _html(render_page("wire-story.html", req.server.base, path=req.path,
                             title_prefix=f"Outlet {n}: ",
                             body_suffix=f"<p>Additional reporting by the Outlet {n} desk.</p>"))


def _syndication_feed(req: Request) -> Response:
    n = req.path.rsplit("-", 1)[-1].split(".")[0]
    base = req.server.base
    return _xml(rss(f"Outlet {n}", [{"title": "Ceasefire talks collapse as shelling resumes near Port Avell",
                                     "link": f"{base}/syndication/{n}/wire.html"}], base))


def _duplicates_feed(req: Request) -> Response:
    """Items that point to each other's duplicates: tracking-parameter variants and a mirror whose canonical is
    the original."""
    base = req.server.base
    items = [
        {"title": "Clashes force thousands from homes", "link": f"{base}/pages/en-river-valley.html?utm_source=a"},
        {"title": "Clashes force thousands from homes (repeat)", "link": f"{base}/pages/en-river-valley.html"},
        {"title": "Clashes force thousands from homes (mirror)", "link": f"{base}/mirror/en-river-valley.html"},
        {"title": "Clashes force thousands from homes (fragment)",
         "link": f"{base}/pages/en-river-valley.html#comments"},
    ]
    return _xml(rss("Duplicates", items, base))


def _mirror(req: Request) -> Response:
    return _html(render_page("en-river-valley.html", req.server.base, path="/pages/en-river-valley.html"))


MISBEHAVING_PAGES = [
    "/bad/404.html", "/bad/500.html", "/bad/slow.html", "/bad/loop.html", "/bad/undecodable.html",
    "/bad/huge.html", "/pages/no-text.html", "/bad/pdf", "/bad/flaky.html",
    "/enc/cp1252.html", "/enc/utf16.html", "/enc/gzip.html",
]


def _misbehaving_feed(req: Request) -> Response:
    base = req.server.base
    items = [{"title": f"Item pointing at {p}", "link": f"{base}{p}",
              "description": f"Feed summary for the item at {p}: displaced families need water."}
             for p in MISBEHAVING_PAGES]
    return _xml(rss("Misbehaving pages", items, base))


def _status(code: int) -> Handler:
    return lambda req: Response(code, f"HTTP {code}".encode(), {"Content-Type": "text/plain"})


def _flaky(inner: Handler, failures: int = 1) -> Handler:
    """Answers 500 `failures` times per path+query, then delegates to `inner`."""

    def handler(req: Request) -> Response:
        key = req.path + "?" + "&".join(f"{k}={v}" for k, v in sorted(req.query.items()))
        with req.server.lock:
            req.server.counters[key] += 1
            count = req.server.counters[key]
        if count <= failures:
            return Response(500, b"temporary failure", {"Content-Type": "text/plain"})
        return inner(req)

    return handler


def _too_many(req: Request) -> Response:
    key = "429:" + req.path + str(sorted(req.query.items()))
    with req.server.lock:
        req.server.counters[key] += 1
        count = req.server.counters[key]
    if count == 1:
        return Response(429, b"slow down", {"Retry-After": "1", "Content-Type": "text/plain"})
    return _feed(req)


def _slow(req: Request) -> Response:
    return Response(200, b"<html><body><p>too late</p></body></html>", {"Content-Type": "text/html"},
                    delay=SLOW_SECONDS)


def _loop(req: Request) -> Response:
    other = "/bad/loop-b.html" if req.path.endswith("loop.html") else "/bad/loop.html"
    return Response(302, b"", {"Location": other})


def _huge(req: Request) -> Response:
    chunk = b"<p>" + b"filler text " * 800 + b"</p>\n"

    def gen() -> Iterator[bytes]:
        yield b"<html><body><article>"
        for _ in range(2000):  # about 19 MB: far past any test limit
            yield chunk

    return Response(200, b"", {"Content-Type": "text/html"}, stream=gen())


def _cp1252(req: Request) -> Response:
    html = render_page("fr-conseil.html", req.server.base, path=req.path,
                       body_swap=("d'identité", "d\u2019identité"))
    html = html.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    return _html(html.encode("cp1252"), "text/html")


def _utf16(req: Request) -> Response:
    html = render_page("es-frontera.html", req.server.base, path=req.path).replace(
        '<meta charset="utf-8">', '<meta charset="utf-16">')
    return _html(html.encode("utf-16"), "text/html; charset=utf-16")


def _gzip_page(req: Request) -> Response:
    body = gzip.compress(render_page("ar-mahkama.html", req.server.base, path=req.path).encode("utf-8"))
    return Response(200, body, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"})


def _gzip_feed(req: Request) -> Response:
    body = gzip.compress(fixture_text("atom.xml", req.server.base).encode("utf-8"))
    return Response(200, body, {"Content-Type": "application/atom+xml", "Content-Encoding": "gzip"})


def _undecodable(req: Request) -> Response:
    noise = bytes((i * 97 + 13) % 256 for i in range(6000))
    return Response(200, b"\x00\x01\x02\xff\xfe\xfd" + noise, {"Content-Type": "text/html"})


def _reports(req: Request) -> Response:
    """A ReliefWeb-shaped /v2/reports: 403 without appname, limit/offset paging, links.next."""
    appname = req.arg("appname")
    if not appname or appname == "unapproved":
        return Response(403, json.dumps({"status": 403, "error": {
            "type": "AccessDeniedHttpException",
            "message": "You are not using an approved appname."}}).encode(), {"Content-Type": "application/json"})
    reports = req.server.reports
    limit = int(req.arg("limit", "10"))
    offset = int(req.arg("offset", "0"))
    page = reports[offset:offset + limit]
    href = f"{req.server.base}/api/v2/reports?appname={appname}&offset={offset}&limit={limit}"
    links = {"self": {"href": href}}
    if offset + len(page) < len(reports):
        links["next"] = {"href": f"{req.server.base}/api/v2/reports?appname={appname}"
                                 f"&offset={offset + limit}&limit={limit}"}
    data = [{"id": str(r["id"]), "score": 1, "href": f"{req.server.base}/api/v2/reports/{r['id']}",
             "fields": {k: v for k, v in r.items() if k != "id"}} for r in page]
    payload = {"time": 3, "href": href, "links": links, "totalCount": len(reports), "count": len(page),
               "data": data}
    return Response(200, json.dumps(payload).encode(), {"Content-Type": "application/json"})


def default_routes() -> dict[str, Handler]:
    """The route table every LocalServer starts with (exact paths; `/pages/` and a few others by prefix)."""
    return {
        "/feed.xml": _feed,
        "/atom.xml": lambda req: _xml(fixture_text("atom.xml", req.server.base)),
        "/synthetic.xml": lambda req: _xml(fixture_text("synthetic.xml", req.server.base)),
        "/duplicates.xml": _duplicates_feed,
        "/misbehaving.xml": _misbehaving_feed,
        "/pages/marked-synthetic.html": lambda req: _html(render_page(
            "wire-story.html", req.server.base, path=req.path, title_prefix="Synthetic: ",
            extra_head='<meta name="vigil:synthetic" content="true">',
            body_suffix="<p>This invented copy carries a synthetic marker in its head.</p>")),
        "/mirror/en-river-valley.html": _mirror,
        # feed-level misbehaviour
        "/feeds/malformed.xml": lambda req: _xml(fixture_text("malformed.xml", req.server.base)),
        "/feeds/garbage.xml": lambda req: _xml(b"\x00\x01 this is not xml at all <<<>>>"),
        "/feeds/html.xml": lambda req: _html("<html><body><h1>Welcome</h1><p>Not a feed.</p></body></html>"),
        "/feeds/404.xml": _status(404),
        "/feeds/500.xml": _status(500),
        "/feeds/flaky.xml": _flaky(_feed),
        "/feeds/429.xml": _too_many,
        "/feeds/slow.xml": _slow,
        "/feeds/loop.xml": lambda req: Response(301, b"", {"Location": "/feeds/loop.xml"}),
        "/feeds/huge.xml": _huge,
        "/feeds/gzip.xml": _gzip_feed,
        # page-level misbehaviour
        "/bad/404.html": _status(404),
        "/bad/500.html": _status(500),
        "/bad/slow.html": _slow,
        "/bad/loop.html": _loop,
        "/bad/loop-b.html": _loop,
        "/bad/undecodable.html": _undecodable,
        "/bad/huge.html": _huge,
        "/bad/pdf": lambda req: Response(200, b"%PDF-1.4 fake", {"Content-Type": "application/pdf"}),
        "/bad/flaky.html": _flaky(lambda req: _html(render_page("wire-story.html", req.server.base,
                                                                path=req.path, title_prefix="Flaky: "))),
        "/enc/cp1252.html": _cp1252,
        "/enc/utf16.html": _utf16,
        "/enc/gzip.html": _gzip_page,
        # ReliefWeb-shaped API
        "/api/v2/reports": _reports,
    }


PREFIX_ROUTES: list[tuple[str, Handler]] = [
    ("/pages/", _page),
    ("/syndication/feed-", _syndication_feed),
    ("/syndication/", _syndicated_page),
]


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "VigilFixture/1.0"

    def log_message(self, format, *args) -> None:
        return

    def do_GET(self) -> None:
        local: LocalServer = self.server.local  # type: ignore[attr-defined]
        parts = urlsplit(self.path)
        with local.lock:
            local.hits[parts.path] += 1
        handler = local.routes.get(parts.path)
        if handler is None:
            handler = next((h for prefix, h in local.prefix_routes if parts.path.startswith(prefix)), None)
        req = Request("GET", parts.path, parse_qs(parts.query), {k.lower(): v for k, v in self.headers.items()},
                      local)
        resp = handler(req) if handler else Response(404, b"no such route", {"Content-Type": "text/plain"})
        if resp.delay:
            time.sleep(resp.delay)
        try:
            self.send_response(resp.status)
            for key, value in resp.headers.items():
                self.send_header(key, value)
            if resp.stream is not None:
                self.send_header("Connection", "close")
                self.end_headers()
                for chunk in resp.stream:
                    self.wfile.write(chunk)
                self.close_connection = True
            else:
                self.send_header("Content-Length", str(len(resp.body)))
                self.end_headers()
                self.wfile.write(resp.body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client stopped reading (size cap, timeout): expected


class LocalServer:
    """ThreadingHTTPServer on 127.0.0.1:0 in a daemon thread, with an extensible route table."""

    def __init__(self) -> None:
        self.routes: dict[str, Handler] = default_routes()
        self.prefix_routes: list[tuple[str, Handler]] = list(PREFIX_ROUTES)
        self.hits: Counter[str] = Counter()
        self.counters: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.reports: list[dict] = json.loads((FIXTURES / "reports.json").read_text(encoding="utf-8"))
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _RequestHandler)
        self._httpd.daemon_threads = True
        self._httpd.local = self  # type: ignore[attr-defined]
        self.base = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="vigil-fixture-http", daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, handler: Handler, *, prefix: bool = False) -> None:
        """Add or replace a route (exact path, or a path prefix when `prefix`)."""
        if prefix:
            self.prefix_routes.insert(0, (path, handler))
        else:
            self.routes[path] = handler

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


@pytest.fixture(scope="session")
def ingest_server() -> Iterator[LocalServer]:
    """One fixture server per test session; tests that count hits should use paths of their own."""
    server = LocalServer()
    try:
        yield server
    finally:
        server.close()


def http_date(when: datetime | None = None) -> str:
    return format_datetime(when or datetime.now(UTC), usegmt=True)


def fast_settings(ingest: dict | None = None, **fetch):
    """Vigil settings for tests: loopback allowed, short timeouts and backoff, a 1 MB body cap."""
    from vigil.settings import load_settings

    values = {"timeout": 1.0, "max_bytes": 1_000_000, "retries": 1, "backoff": 0.05, "max_retry_after": 1.0,
              "concurrency": 8, "per_host": 4, **fetch}
    return load_settings(overrides={"allow_local": True, "fetch": values, "ingest": ingest or {}})
