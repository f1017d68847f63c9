"""`FetchOptions`: every knob of the fetcher, one frozen object with documented defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from importlib.metadata import PackageNotFoundError, version

try:
    _VERSION = version("news-extractor")
except PackageNotFoundError:  # a source tree that was never installed
    _VERSION = "0.0.0"

#: Seconds to wait for a TCP (and TLS) connection to open.
DEFAULT_CONNECT_TIMEOUT = 5.0
#: Seconds to wait for any single read from the server (httpx's per-operation timeout).
DEFAULT_READ_TIMEOUT = 10.0
#: Seconds one URL may spend on the network in total: every redirect hop, every retry and the
#: backoff between them. Enforced by the fetcher itself, because a server that trickles one byte
#: every few seconds never trips a per-read timeout.
DEFAULT_TOTAL_TIMEOUT = 30.0
#: Largest body accepted, counted in DECODED bytes (after gzip/deflate/brotli), so a
#: decompression bomb stops at the cap instead of filling memory.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
#: Redirect hops (HTTP 3xx and <meta http-equiv="refresh">) followed before giving up.
DEFAULT_MAX_REDIRECTS = 5
#: Extra attempts after a connect error or a 429/500/502/503/504 answer.
DEFAULT_RETRIES = 2
#: First backoff in seconds; doubles each attempt, plus up to the same again of random jitter.
DEFAULT_BACKOFF = 0.5
#: Longest Retry-After honoured, in seconds. A server asking for longer gets its error recorded
#: instead of a worker parked for minutes.
DEFAULT_MAX_RETRY_AFTER = 30.0
#: Requests in flight at once, all hosts together.
DEFAULT_CONCURRENCY = 32
#: Requests in flight at once to one host.
DEFAULT_PER_HOST = 1
#: Seconds between the starts of two requests to the same host (robots.txt Crawl-delay wins
#: when it is longer, up to ``max_crawl_delay``).
DEFAULT_DELAY = 1.0
#: Longest robots.txt Crawl-delay honoured; longer values are clamped so one site cannot stall
#: a batch for hours (the host still gets at most ``per_host`` requests at a time).
DEFAULT_MAX_CRAWL_DELAY = 30.0
#: How long a host's robots.txt verdict is reused (RFC 9309 section 2.4: at most 24 hours).
DEFAULT_ROBOTS_TTL = 24 * 3600.0
#: Bytes of robots.txt read (RFC 9309 section 2.5 requires parsing at least 500 KiB).
DEFAULT_ROBOTS_MAX_BYTES = 500 * 1024
#: URLs read ahead of the requests in flight by `fetch_many`. Bounds memory for any input size
#: while keeping enough variety to interleave hosts.
DEFAULT_MAX_PENDING = 1024
#: Longest <meta http-equiv="refresh"> delay treated as a redirect. Longer ones are "reload this
#: page every N minutes" on home pages, not redirects.
DEFAULT_MAX_REFRESH_DELAY = 10.0
#: Content types fetched; any other answer is reported as ``not_html`` without reading the body.
DEFAULT_CONTENT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
#: Where users say who runs the crawl. Replace it with a page about your crawler.
CONTACT_PLACEHOLDER = "https://example.invalid/contact"
#: The User-Agent sent: the project's name and version, and a contact URL.
DEFAULT_USER_AGENT = f"news-extractor/{_VERSION} (+{CONTACT_PLACEHOLDER})"


@dataclass(frozen=True)
class FetchOptions:
    """How the fetcher behaves. Every field has a safe, polite default.

    Attributes:
        connect_timeout: seconds to open a connection.
        read_timeout: seconds to wait for any one read.
        total_timeout: seconds of network time per URL, over all hops and retries
            (time queued behind politeness delays is not counted).
        max_bytes: largest decoded body; larger answers fail with ``too_large``.
        max_redirects: redirect hops followed; more fail with ``too_many_redirects``.
        follow_meta_refresh: treat ``<meta http-equiv="refresh" content="0; url=...">`` as a
            redirect (only when the delay is at most ``max_refresh_delay``).
        max_refresh_delay: see ``follow_meta_refresh``.
        retries: extra attempts after a connect error or a 429/500/502/503/504 answer.
        backoff: first retry delay in seconds (doubled per attempt, plus random jitter).
        max_retry_after: longest ``Retry-After`` honoured; a longer one ends the retries.
        concurrency: requests in flight at once, over all hosts.
        per_host: requests in flight at once to one host.
        delay: seconds between request starts to one host.
        max_crawl_delay: cap on a robots.txt ``Crawl-delay``.
        respect_robots: check robots.txt before every request (RFC 9309). Turning it off
            makes the fetcher rude; the CLI says so loudly.
        robots_ttl: seconds a host's robots.txt is cached.
        robots_max_bytes: bytes of robots.txt read.
        allow_private: allow private, loopback, link-local and reserved addresses (intranets,
            tests). Off by default so a URL cannot reach internal services (SSRF).
        allowed_networks: CIDR blocks allowed even though they are not public
            (``("10.20.0.0/16",)``): a narrower hole than ``allow_private``.
        user_agent: the ``User-Agent`` header; name your crawler and a contact page.
        headers: extra request headers sent with every request (``Accept-Language``,
            ``If-None-Match``...). Per-call headers given to `Fetcher.fetch` are added on top.
        content_types: media types whose bodies are read; None accepts every type.
        max_pending: URLs `fetch_many` reads ahead of the requests in flight.
    """

    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    read_timeout: float = DEFAULT_READ_TIMEOUT
    total_timeout: float = DEFAULT_TOTAL_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    follow_meta_refresh: bool = True
    max_refresh_delay: float = DEFAULT_MAX_REFRESH_DELAY
    retries: int = DEFAULT_RETRIES
    backoff: float = DEFAULT_BACKOFF
    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER
    concurrency: int = DEFAULT_CONCURRENCY
    per_host: int = DEFAULT_PER_HOST
    delay: float = DEFAULT_DELAY
    max_crawl_delay: float = DEFAULT_MAX_CRAWL_DELAY
    respect_robots: bool = True
    robots_ttl: float = DEFAULT_ROBOTS_TTL
    robots_max_bytes: int = DEFAULT_ROBOTS_MAX_BYTES
    allow_private: bool = False
    allowed_networks: tuple[str, ...] = ()
    user_agent: str = DEFAULT_USER_AGENT
    headers: Mapping[str, str] = field(default_factory=dict)
    content_types: tuple[str, ...] | None = DEFAULT_CONTENT_TYPES
    max_pending: int = DEFAULT_MAX_PENDING

    def __post_init__(self) -> None:
        for name in ("connect_timeout", "read_timeout", "total_timeout"):
            if getattr(self, name) <= 0:
                raise ValueError(f"FetchOptions.{name} must be positive")
        for name in ("concurrency", "per_host", "max_pending", "max_bytes"):
            if getattr(self, name) < 1:
                raise ValueError(f"FetchOptions.{name} must be at least 1")
        for name in ("delay", "backoff", "max_retry_after", "retries", "max_redirects"):
            if getattr(self, name) < 0:
                raise ValueError(f"FetchOptions.{name} must not be negative")

    @property
    def robots_token(self) -> str:
        """The product token robots.txt groups are matched against (``news-extractor``)."""
        return self.user_agent.split("/", 1)[0].split()[0] if self.user_agent.strip() else "*"
