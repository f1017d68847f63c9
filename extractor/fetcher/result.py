"""`FetchResult`: what happened to one URL, and the closed set of error codes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Mapping, get_args

#: Why a fetch failed. ``FetchResult.error`` is None or exactly one of these:
#:
#: - ``timeout``: a connect, read or total deadline ran out (including trickling servers).
#: - ``too_large``: the decoded body (or the announced Content-Length) passed ``max_bytes``.
#: - ``robots_disallowed``: robots.txt forbids the URL, or could not be read (RFC 9309: a
#:   5xx answer or an unreachable server means "disallow everything").
#: - ``http_status``: the server answered 4xx or 5xx (after retries); ``status`` says which.
#: - ``dns``: the host name does not resolve.
#: - ``connect``: the connection was refused, reset, or the server broke HTTP.
#: - ``tls``: the TLS handshake or certificate check failed.
#: - ``too_many_redirects``: more than ``max_redirects`` hops, or a redirect loop.
#: - ``blocked_address``: the host resolves to a private, loopback, link-local, multicast or
#:   reserved address and ``allow_private`` is off.
#: - ``not_html``: the Content-Type is not one of ``content_types`` (the body is not read).
#: - ``decode``: the body's Content-Encoding is unknown or the compressed data is corrupt.
#: - ``invalid_url``: not an absolute http(s) URL (also for a redirect to ftp:, data:, ...).
ErrorCode = Literal[
    "timeout",
    "too_large",
    "robots_disallowed",
    "http_status",
    "dns",
    "connect",
    "tls",
    "too_many_redirects",
    "blocked_address",
    "not_html",
    "decode",
    "invalid_url",
]

ERROR_CODES: tuple[ErrorCode, ...] = get_args(ErrorCode)


class FetchFailure(Exception):
    """Raised inside the fetcher to end one URL with an error code; never escapes to callers."""

    def __init__(
        self,
        code: ErrorCode,
        message: str,
        *,
        status: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.code: ErrorCode = code
        self.status = status
        self.headers: Mapping[str, str] = headers or {}


@dataclass(frozen=True)
class FetchResult:
    """The outcome of fetching one URL.

    Attributes:
        url: the URL asked for, as given.
        final_url: the URL the content came from, after redirects and meta refreshes.
        status: the last HTTP status received, or None when no answer came.
        headers: the last response's headers, keys lower-cased (repeated headers joined by
            ``", "``). Includes ``etag`` / ``last-modified`` for conditional re-fetches.
        content: the decoded body (gzip/deflate/brotli undone), ``b""`` on error and for 304.
        encoding: the charset named by the Content-Type header or a ``<meta>`` tag (None when
            neither names one; `extractor.extract` then sniffs).
        elapsed: seconds from the start of the fetch to its end, queueing included.
        redirects: the URLs left behind, in order, starting with the one asked for (stripped).
        error: None on success, otherwise one of `ERROR_CODES`.
        message: a human-readable explanation of ``error``.
        from_cache: the content came from the on-disk HTTP cache, not the network.
    """

    url: str
    final_url: str
    status: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    content: bytes = b""
    encoding: str | None = None
    elapsed: float = 0.0
    redirects: tuple[str, ...] = ()
    error: ErrorCode | None = None
    message: str | None = None
    from_cache: bool = False

    @property
    def ok(self) -> bool:
        """True when the fetch succeeded (``error`` is None)."""
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready metadata about the fetch (everything but the body)."""
        return {
            "url": self.url,
            "final_url": self.final_url,
            "status": self.status,
            "encoding": self.encoding,
            "elapsed": round(self.elapsed, 4),
            "redirects": list(self.redirects),
            "bytes": len(self.content),
            "from_cache": self.from_cache,
            "error": self.error,
            "message": self.message,
        }
