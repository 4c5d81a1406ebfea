"""flows.fetch against a real local HTTP server: limits, retries, redirects, conditional GET, address policy."""

from __future__ import annotations

import threading
import time

import pytest

from flows.fetch import FetchConfig, Fetcher, parse_retry_after
from tests.support.http_server import Response, ingest_server  # noqa: F401 - fixture

FAST = FetchConfig(timeout=1.0, max_bytes=1_000_000, retries=1, backoff=0.05, max_retry_after=1.0,
                   allow_local=True, user_agent="VigilTest/1")


@pytest.fixture
def fetcher():
    with Fetcher(FAST) as f:
        yield f


def test_ok_and_headers(fetcher, ingest_server):
    res = fetcher.fetch(ingest_server.url("/feed.xml"))
    assert res.ok and res.status == 200 and b"Oronda" in res.content
    assert res.etag == '"fixture-feed-v1"' and res.attempts == 1
    assert res.log_row(source="s", purpose="feed", run_id="r")["bytes"] == len(res.content)


def test_conditional_get_returns_not_modified(fetcher, ingest_server):
    res = fetcher.fetch(ingest_server.url("/feed.xml"), etag='"fixture-feed-v1"')
    assert res.ok and res.not_modified and res.content == b""


def test_gzip_is_decoded(fetcher, ingest_server):
    res = fetcher.fetch(ingest_server.url("/enc/gzip.html"))
    assert res.ok and "وادي سيران" in res.content.decode("utf-8")


def test_404_is_not_retried(fetcher, ingest_server):
    res = fetcher.fetch(ingest_server.url("/bad/404.html"))
    assert not res.ok and res.status == 404 and res.error_kind == "http_status" and res.attempts == 1


def test_500_is_retried_then_fails(fetcher, ingest_server):
    res = fetcher.fetch(ingest_server.url("/bad/500.html"))
    assert not res.ok and res.status == 500 and res.attempts == 2


def test_500_then_success(fetcher, ingest_server):
    res = fetcher.fetch(ingest_server.url("/bad/flaky.html?k=fetch-test"))
    assert res.ok and res.status == 200 and res.attempts == 2


def test_429_honours_retry_after(ingest_server):
    waits: list[float] = []
    with Fetcher(FAST, sleep=waits.append) as f:
        res = f.fetch(ingest_server.url("/feeds/429.xml?k=fetch-test"))
    assert res.ok and res.attempts == 2
    assert waits == [1.0]  # Retry-After: 1, within max_retry_after


def test_slow_handler_times_out(fetcher, ingest_server):
    started = time.monotonic()
    res = fetcher.fetch(ingest_server.url("/bad/slow.html"))
    assert not res.ok and res.error_kind == "timeout"
    assert time.monotonic() - started < 2 * (FAST.timeout + FAST.backoff) + 1.5


def test_redirect_loop(fetcher, ingest_server):
    res = fetcher.fetch(ingest_server.url("/bad/loop.html"))
    assert not res.ok and res.error_kind == "redirect_loop"


def test_redirect_limit(fetcher, ingest_server):
    ingest_server.route("/chain/", lambda req: Response(302, b"", {"Location": f"/chain/{int(req.path.split('/')[-1]) + 1}"}),
                        prefix=True)
    res = fetcher.fetch(ingest_server.url("/chain/0"))
    assert not res.ok and res.error_kind == "too_many_redirects"
    ingest_server.route("/hop", lambda req: Response(301, b"", {"Location": "/pages/fr-conseil.html"}))
    res = fetcher.fetch(ingest_server.url("/hop"))
    assert res.ok and res.final_url.endswith("/pages/fr-conseil.html")


def test_oversized_body_is_cut_off(fetcher, ingest_server):
    res = fetcher.fetch(ingest_server.url("/bad/huge.html"))
    assert not res.ok and res.error_kind == "too_large" and res.content == b""


def test_declared_oversized_length_is_refused(ingest_server):
    with Fetcher(FetchConfig(max_bytes=500, allow_local=True, retries=0)) as f:
        res = f.fetch(ingest_server.url("/pages/en-river-valley.html"))
    assert not res.ok and res.error_kind == "too_large" and "Content-Length" in res.error


def test_loopback_refused_unless_allowed(ingest_server):
    with Fetcher(FetchConfig(retries=0)) as f:
        res = f.fetch(ingest_server.url("/feed.xml"))
        assert not res.ok and res.error_kind == "refused_address" and "127.0.0.1" in res.error
        assert f.fetch(ingest_server.url("/feed.xml"), allow_local=True).ok
        res = f.fetch("http://localhost:1/x")
        assert res.error_kind == "refused_address"


@pytest.mark.parametrize("url", ["ftp://example.org/feed", "file:///etc/passwd", "not a url", "http:///nohost"])
def test_only_http_urls(fetcher, url):
    res = fetcher.fetch(url)
    assert not res.ok and res.error_kind == "invalid_url" and res.attempts == 1


def test_connection_refused_is_a_result(fetcher):
    res = fetcher.fetch("http://127.0.0.1:9/nothing-listens-here")
    assert not res.ok and res.error_kind == "connect" and res.attempts == 2


def test_per_host_concurrency_is_bounded(ingest_server):
    state = {"now": 0, "max": 0}
    lock = threading.Lock()

    def slow_page(req):
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        time.sleep(0.15)
        with lock:
            state["now"] -= 1
        return Response(200, b"ok", {"Content-Type": "text/plain"})

    ingest_server.route("/concurrency/", slow_page, prefix=True)
    for local_per_host, expected in ((2, 2), (6, 6)):  # the server is on loopback: the local limit applies
        state["max"] = 0
        config = FetchConfig(concurrency=8, per_host=1, local_per_host=local_per_host, allow_local=True)
        with Fetcher(config) as f:
            results = list(f.map(lambda i, f=f: f.fetch(ingest_server.url(f"/concurrency/{i}")), range(12)))
        assert all(r.ok for r in results)
        assert state["max"] == expected


def test_local_hosts_are_told_by_literal_address():
    from flows.fetch import _is_local_host

    assert _is_local_host("127.0.0.1:8080") and _is_local_host("localhost") and _is_local_host("[::1]:80")
    assert _is_local_host("10.1.2.3") and not _is_local_host("8.8.8.8") and not _is_local_host("news.un.org")


def test_parse_retry_after():
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == pytest.approx(10.0)
