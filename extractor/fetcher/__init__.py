"""The fetcher: polite, safe, bounded downloads for one URL or hundreds of thousands.

    >>> import extractor
    >>> result = extractor.fetch("https://example.com/story")
    >>> result.status, result.error, len(result.content)

    async for result in extractor.fetch_many(urls, options=extractor.FetchOptions(delay=2)):
        ...

Modules, one concern each: `options` (FetchOptions and its defaults), `result` (FetchResult and
the error codes), `client` (the Fetcher session and the life of one URL), `network` (the
address guard under httpx), `addresses` (which IPs are allowed, resolvers), `robots` (RFC
9309), `politeness` (per-host pacing),
`retry` (backoff, Retry-After), `refresh` (meta refresh), `cache` (on-disk HTTP cache), `warc`
(WARC output), `api` (the entry points). It returns responses and never extracts: the
fetch-and-extract runs are `extractor.runs.fetching`.
Bodies are decoded by `extractor.content_coding` (bounded gzip/deflate/brotli), which WARC
input shares.
"""

from __future__ import annotations

from .addresses import Resolver, blocked_reason, static_resolver, system_resolver
from .api import fetch, fetch_many
from .cache import HttpCache
from .client import Fetcher, Response
from .options import DEFAULT_USER_AGENT, FetchOptions
from .result import ERROR_CODES, ErrorCode, FetchResult
from .warc import WarcSink

__all__ = [
    "DEFAULT_USER_AGENT",
    "ERROR_CODES",
    "ErrorCode",
    "FetchOptions",
    "FetchResult",
    "Fetcher",
    "HttpCache",
    "Resolver",
    "Response",
    "WarcSink",
    "blocked_reason",
    "fetch",
    "fetch_many",
    "static_resolver",
    "system_resolver",
]
