"""The one HTTP fetch path: every network read in Vigil goes through `Fetcher.fetch`.

A failure at the network boundary is data, not an exception: `fetch` returns a `FetchResult` whose `error_kind`
says what went wrong (dns, connect, timeout, http_status, too_large, redirect_loop, refused_address, ...), and the
caller records it in `fetch_log`. Retries happen only on 429, 5xx and connection/timeout errors, with exponential
backoff that honours `Retry-After`. Concurrency is bounded overall and per host (`local_per_host` for loopback and
private addresses: the demo and test servers are ours and can take more), so a thread pool of any size can call
`fetch` safely.
"""

from __future__ import annotations

import email.utils
import ipaddress
import logging
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Self, TypeVar
from urllib.parse import urljoin, urlsplit

import httpx

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, *range(500, 600)})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class FetchConfig:
    """Fetch limits; build from settings with `FetchConfig.from_settings(settings)`."""

    timeout: float = 20.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    retries: int = 2
    backoff: float = 1.0
    max_retry_after: float = 30.0
    concurrency: int = 8
    per_host: int = 2
    local_per_host: int = 8
    user_agent: str = "Vigil/0.1"
    allow_local: bool = False

    @classmethod
    def from_settings(cls, settings, **overrides) -> FetchConfig:
        """The fetch section of `vigil.settings.Settings` plus the top-level `allow_local`, then `overrides`."""
        values = settings.fetch.model_dump()
        values["allow_local"] = settings.allow_local
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**{k: v for k, v in values.items() if k in cls.__dataclass_fields__})


@dataclass
class FetchResult:
    """The outcome of one fetch (after retries). `ok` is true for 2xx and for 304 Not Modified."""

    url: str
    final_url: str
    attempted_at: datetime
    ok: bool = False
    status: int | None = None
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    error_kind: str | None = None
    error: str | None = None
    elapsed_ms: float = 0.0
    attempts: int = 0

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    def log_row(self, *, source: str | None, purpose: str, run_id: str | None) -> dict:
        """This result as a `fetch_log` row."""
        return {
            "run_id": run_id,
            "source": source,
            "url": self.url,
            "purpose": purpose,
            "attempted_at": self.attempted_at,
            "status": self.status,
            "ok": self.ok,
            "error_kind": self.error_kind,
            "error": self.error,
            "bytes": len(self.content),
            "elapsed_ms": round(self.elapsed_ms, 1),
            "attempts": max(self.attempts, 1),
        }


class _Failure(Exception):
    """Internal: one attempt failed with an error kind; `retry` says whether another attempt may help."""

    def __init__(self, kind: str, message: str, *, status: int | None = None, retry: bool = False,
                 retry_after: float | None = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status
        self.retry = retry
        self.retry_after = retry_after
        self.headers = headers or {}


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
                or ip.is_reserved or ip.is_unspecified)


def _is_local_host(netloc: str) -> bool:
    """A `host[:port]` that is loopback or private by its literal address, or `localhost` (no DNS lookup)."""
    host = urlsplit(f"//{netloc}").hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return not _is_public(host)
    except ValueError:  # a name, not an address
        return False


@lru_cache(maxsize=1)
def _ssl_context() -> ssl.SSLContext:
    # building a verifying context loads the CA bundle (~0.3 s); one per process is enough
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


class Fetcher:
    """A pooled HTTP client with Vigil's limits. Thread-safe; use as a context manager or call `close()`."""

    def __init__(self, config: FetchConfig | None = None, *, sleep: Callable[[float], None] = time.sleep) -> None:
        self.config = config or FetchConfig()
        self._sleep = sleep
        self._overall = threading.BoundedSemaphore(max(1, self.config.concurrency))
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        self._hosts_lock = threading.Lock()
        limits = httpx.Limits(max_connections=max(1, self.config.concurrency),
                              max_keepalive_connections=max(1, self.config.concurrency))
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.config.timeout),
            follow_redirects=False,  # followed by hand, so every hop is checked and counted
            limits=limits,
            headers={"User-Agent": self.config.user_agent, "Accept-Encoding": "gzip, deflate"},
            trust_env=False,
            verify=_ssl_context(),
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def _host_slot(self, host: str) -> threading.BoundedSemaphore:
        with self._hosts_lock:
            if host not in self._hosts:
                limit = self.config.local_per_host if _is_local_host(host) else self.config.per_host
                self._hosts[host] = threading.BoundedSemaphore(max(1, limit))
            return self._hosts[host]

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
              allow_local: bool | None = None, accept: str | None = None) -> FetchResult:
        """GET `url` within the configured limits; never raises for network failures.

        Args:
            url: an http or https URL.
            etag, last_modified: validators from an earlier fetch, sent as If-None-Match / If-Modified-Since.
            allow_local: permit private, loopback and link-local addresses (default: the config's `allow_local`).
            accept: an Accept header value.
        Returns:
            A FetchResult; on failure `ok` is false and `error_kind`/`error` say why.
        """
        allow_local = self.config.allow_local if allow_local is None else allow_local
        result = FetchResult(url=url, final_url=url, attempted_at=_utcnow())
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        started = time.monotonic()
        delay = self.config.backoff
        for attempt in range(1, self.config.retries + 2):
            result.attempts = attempt
            try:
                final_url, status, resp_headers, body = self._attempt(url, headers, allow_local)
            except _Failure as failure:
                result.status, result.error_kind, result.error = failure.status, failure.kind, str(failure)
                result.headers = failure.headers
                if failure.retry and attempt <= self.config.retries:
                    wait = delay if failure.retry_after is None else failure.retry_after
                    self._sleep(min(wait, self.config.max_retry_after))
                    delay *= 2
                    continue
                break
            result.final_url, result.status, result.headers, result.content = final_url, status, resp_headers, body
            result.ok, result.error_kind, result.error = True, None, None
            break
        result.elapsed_ms = (time.monotonic() - started) * 1000
        if not result.ok:
            log.info("fetch failed: %s %s: %s", url, result.error_kind, result.error)
        return result

    def _attempt(self, url: str, headers: dict[str, str], allow_local: bool) -> tuple[str, int, dict[str, str], bytes]:
        seen: set[str] = set()
        current = url
        for _hop in range(self.config.max_redirects + 1):
            self._check_url(current, allow_local)
            seen.add(current)
            host = urlsplit(current).netloc.lower()
            with self._host_slot(host), self._overall:
                status, resp_headers, body, location = self._get(current, headers)
            if status in REDIRECT_STATUSES and location:
                target = urljoin(current, location)
                if target in seen:
                    raise _Failure("redirect_loop", f"redirect loop at {target}", status=status, headers=resp_headers)
                current = target
                continue
            if status == 304 or 200 <= status < 300:
                return current, status, resp_headers, body
            retry_after = parse_retry_after(resp_headers.get("retry-after"))
            raise _Failure("http_status", f"HTTP {status}", status=status, retry=status in RETRY_STATUSES,
                           retry_after=retry_after, headers=resp_headers)
        raise _Failure("too_many_redirects", f"more than {self.config.max_redirects} redirects from {url}")

    def _check_url(self, url: str, allow_local: bool) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise _Failure("invalid_url", f"only absolute http(s) URLs are fetched: {url!r}")
        if allow_local:
            return
        try:
            infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
                                       type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise _Failure("dns", f"cannot resolve {parts.hostname}: {exc}") from exc
        for info in infos:
            if not _is_public(info[4][0]):
                raise _Failure("refused_address",
                               f"{parts.hostname} resolves to non-public address {info[4][0]} "
                               "(allow with a source's `local = true`, --allow-local or the allow_local setting)")

    def _get(self, url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes, str | None]:
        cap = self.config.max_bytes
        deadline = time.monotonic() + self.config.timeout * 3  # read timeout is per chunk; bound the whole body too
        try:
            with self._client.stream("GET", url, headers=headers) as resp:
                resp_headers = {k.lower(): v for k, v in resp.headers.items()}
                location = resp.headers.get("location") if resp.status_code in REDIRECT_STATUSES else None
                declared = resp.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > cap:
                    raise _Failure("too_large", f"Content-Length {declared} exceeds the {cap}-byte limit",
                                   status=resp.status_code, headers=resp_headers)
                chunks, size = [], 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > cap:
                        raise _Failure("too_large", f"body exceeds the {cap}-byte limit", status=resp.status_code,
                                       headers=resp_headers)
                    if time.monotonic() > deadline:
                        raise _Failure("timeout", f"body not complete after {self.config.timeout * 3:.0f} s",
                                       status=resp.status_code, retry=True, headers=resp_headers)
                    chunks.append(chunk)
                return resp.status_code, resp_headers, b"".join(chunks), location
        except httpx.TimeoutException as exc:
            raise _Failure("timeout", f"{type(exc).__name__} after {self.config.timeout} s", retry=True) from exc
        except httpx.ConnectError as exc:
            raise _Failure("connect", str(exc) or type(exc).__name__, retry=True) from exc
        except httpx.DecodingError as exc:
            raise _Failure("decoding", f"content-encoding could not be decoded: {exc}") from exc
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            raise _Failure("connect", f"{type(exc).__name__}: {exc}", retry=True) from exc
        except httpx.HTTPError as exc:
            raise _Failure("protocol", f"{type(exc).__name__}: {exc}") from exc

    def map(self, func: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Apply `func` (which calls `self.fetch`) to items on a thread pool sized to the overall limit, in order."""
        items = list(items)
        if not items:
            return iter(())
        workers = min(len(items), max(1, self.config.concurrency))
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="vigil-fetch")
        try:
            return iter(list(pool.map(func, items)))
        finally:
            pool.shutdown(wait=True)


def fetch(url: str, config: FetchConfig | None = None, **kwargs) -> FetchResult:
    """Fetch one URL with a short-lived `Fetcher` (see `Fetcher.fetch`); prefer a shared Fetcher for many URLs."""
    with Fetcher(config) as fetcher:
        return fetcher.fetch(url, **kwargs)
