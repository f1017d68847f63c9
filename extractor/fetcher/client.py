"""`Fetcher`: one fetch session (connection pool, robots cache, host pacing, HTTP cache).

The life of one URL::

    check the URL (http/https, has a host)
    for each hop (at most max_redirects + 1):
        robots.txt of the hop's origin allows it?          -> robots_disallowed
        fresh copy in the HTTP cache? use it
        wait for a slot on the host (per_host, delay / Crawl-delay), then a global slot
        send; on connect error or 429/5xx retry with backoff (Retry-After honoured)
        read the raw body through a bounded decoder        -> too_large / decode
        3xx Location or <meta refresh>? next hop
    FetchResult

Every hop's connection goes through `GuardedBackend`, so the address check happens on the
address actually connected, redirect targets included.
"""

from __future__ import annotations

import asyncio
import random
import re
import ssl
import time
from types import TracebackType
from typing import Any, AsyncIterable, AsyncIterator, Iterable, Mapping
from urllib.parse import urljoin, urlsplit

import anyio
import httpcore
import httpx

from ..decoding import charset_from_headers, charset_from_meta, normalize_label
from .addresses import Resolver
from .cache import HttpCache
from ..content_coding import ACCEPT_ENCODING, BoundedDecoder, DecodeError, TooLargeError
from .network import (
    BlockedAddressError,
    GuardedTransport,
    PerHostTransport,
    ResolutionError,
    client_timeout,
)
from .options import FetchOptions
from .politeness import HostScheduler
from .refresh import meta_refresh_target
from .response import Response
from .result import ErrorCode, FetchFailure, FetchResult
from .retry import RETRY_STATUSES, backoff_delay, retry_wait
from .robots import RobotsCache, RobotsRules, robots_url, rules_from_response
from .warc import WarcSink

#: Statuses whose Location header is followed.
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
#: Sent with every request; news sites serve their full page to this.
ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
#: An http(s) URL of printable ASCII with a plain letters-digits-hyphens host: parsing it
#: again with httpx (slow) cannot fail, so `checked_url` skips that for these.
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:[/?#][!-~]*)?$", re.IGNORECASE)
#: Request headers that make a request conditional: the caller manages revalidation itself,
#: so the HTTP cache stays out of the way.
_CONDITIONAL = ("if-none-match", "if-modified-since")


class _ConnectFailed(Exception):
    """A connection attempt failed in a way worth retrying."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code: ErrorCode = code


class _Budget:
    """The total network time left for one URL: every hop, retry and backoff, and the
    robots.txt fetches its hops needed (time queued behind politeness is not counted)."""

    def __init__(self, seconds: float) -> None:
        self.total = seconds
        self.remaining = seconds
        self.started = time.monotonic()

    @property
    def untouched(self) -> bool:
        """Nothing has been spent yet."""
        return self.remaining >= self.total

    def spend(self, seconds: float) -> None:
        self.remaining -= seconds

    def exceeded(self, during: str) -> FetchFailure:
        """The failure for a URL whose deadline ran out ``during`` one of its requests."""
        elapsed = time.monotonic() - self.started
        return FetchFailure(
            "timeout",
            f"total deadline of {self.total:g} s of network time (robots.txt included) used up "
            f"{during}, {elapsed:.1f} s after the fetch started",
        )


def headers_dict(headers: httpx.Headers) -> dict[str, str]:
    """Response headers as a plain dict, keys lower-cased, repeats joined with ``", "``."""
    out: dict[str, str] = {}
    for key, value in headers.multi_items():
        key = key.lower()
        out[key] = f"{out[key]}, {value}" if key in out else value
    return out


def media_type(headers: Mapping[str, str]) -> str:
    """The lower-cased media type of the Content-Type header ("" when absent)."""
    return headers.get("content-type", "").split(";", 1)[0].strip().lower()


def checked_url(url: str) -> str:
    """``url`` stripped, if it is an absolute http(s) URL with a host; else `FetchFailure`."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as error:
        raise FetchFailure("invalid_url", f"cannot parse URL {url!r}: {error}") from error
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchFailure("invalid_url", f"only http and https URLs are fetched, not {url!r}")
    if not parts.hostname:
        raise FetchFailure("invalid_url", f"URL has no host: {url!r}")
    if _PLAIN_URL.match(text) and "xn--" not in parts.hostname:
        return text  # the common case: nothing httpx could object to
    try:
        httpx.URL(text).host  # noqa: B018 - what the client will parse: IDNA, controls, ...
    except (httpx.InvalidURL, ValueError) as error:
        raise FetchFailure("invalid_url", f"cannot use URL {url!r}: {error}") from error
    return text


def host_key(url: str) -> str:
    """The key host pacing is done on: the host name (all ports and schemes share it)."""
    return (urlsplit(url).hostname or "").lower()


def _tls_failure(error: BaseException) -> bool:
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def result_encoding(headers: Mapping[str, str], content: bytes) -> str | None:
    """The charset the headers or a ``<meta>`` tag name, normalised (None when unnamed)."""
    label = charset_from_headers(headers) or (charset_from_meta(content) if content else None)
    return normalize_label(label) if label else None


class Fetcher:
    """A fetch session. Use as an async context manager::

        async with Fetcher(FetchOptions(delay=2)) as fetcher:
            result = await fetcher.fetch("https://example.com/story")
            async for result in fetcher.fetch_many(urls):
                ...

    Args:
        options: see `FetchOptions`.
        cache: an on-disk `HttpCache` (off when None).
        warc: a `WarcSink` receiving every HTTP response (off when None).
        resolver: name resolution (default: the system resolver); tests pass a static table.
        network_backend: the httpcore backend under the address guard (tests spy on it).
        transport: replaces the whole network layer, address guard included (tests use
            ``httpx.MockTransport``; never pass one in production unless it guards addresses).
        ssl_context: certificate verification settings (default: the system's CAs, verified
            against the URL's host name); pass one to trust a private CA.
        seed: seeds the retry jitter (reproducible tests).
    """

    def __init__(
        self,
        options: FetchOptions | None = None,
        *,
        cache: HttpCache | None = None,
        warc: WarcSink | None = None,
        resolver: Resolver | None = None,
        network_backend: httpcore.AsyncNetworkBackend | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        ssl_context: ssl.SSLContext | None = None,
        seed: int | None = None,
    ) -> None:
        self.options = options or FetchOptions()
        self._cache = cache
        self._warc = warc
        context = ssl_context
        if context is None and transport is None:
            context = httpx.create_ssl_context(trust_env=False)
        # Requests go straight to the transport, not through an httpx.AsyncClient: its layers
        # (auth and redirect flows, cookie extraction, URL merging, one more response object)
        # cost a sixth of the client's CPU a page (bench/RESULTS.md, fetch), and the fetcher
        # needs none of them: it follows redirects itself and sends and keeps no cookies.
        self._transport = transport or PerHostTransport(
            lambda: GuardedTransport(
                self.options, resolver=resolver, backend=network_backend, ssl_context=context
            )
        )
        # Parsed once: every request copies them (a cheap list copy, no parsing).
        self._headers = httpx.Headers(
            {"User-Agent": self.options.user_agent, "Accept": ACCEPT, "Accept-Encoding": ACCEPT_ENCODING}
        )
        self._headers.update(self.options.headers)
        self._extensions = {"timeout": client_timeout(self.options).as_dict()}
        self._hosts = HostScheduler(self.options.per_host)
        self._slots = asyncio.Semaphore(self.options.concurrency)
        self._robots = RobotsCache(self.options.robots_ttl)
        self._rng = random.Random(seed)

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool (the cache and WARC sink belong to the caller)."""
        await self._transport.aclose()

    # -- one URL ------------------------------------------------------------------------------

    async def fetch(self, url: str, *, headers: Mapping[str, str] | None = None) -> FetchResult:
        """Fetch one URL. Never raises for a network or server problem: see ``result.error``.

        ``headers`` are added to this request (and its redirect hops), e.g. ``If-None-Match``
        for a conditional re-fetch; a 304 answer is then a success with empty content.
        """
        budget = _Budget(self.options.total_timeout)
        started = budget.started
        chain: list[str] = []
        current = url
        response: Response | None = None
        try:
            current = checked_url(url)
            while True:
                response = await self._hop(current, headers or {}, budget)
                target = self._next_hop(current, response)
                if target is None:
                    break
                chain.append(current)
                if len(chain) > self.options.max_redirects:
                    raise FetchFailure(
                        "too_many_redirects",
                        f"more than {self.options.max_redirects} redirects (last to {target})",
                        status=response.status,
                        headers=response.headers,
                    )
                current = checked_url(target)
            return self._finish(url, response, chain, started)
        except FetchFailure as failure:
            return FetchResult(
                url=url,
                final_url=current,
                status=failure.status,
                headers=failure.headers,
                elapsed=time.monotonic() - started,
                redirects=tuple(chain),
                error=failure.code,
                message=str(failure),
            )

    def _finish(
        self, url: str, response: Response, chain: list[str], started: float
    ) -> FetchResult:
        status = response.status
        failed = status >= 400 or (300 <= status < 400 and status != 304)
        return FetchResult(
            url=url,
            final_url=response.url,
            status=status,
            headers=response.headers,
            content=response.content,
            encoding=result_encoding(response.headers, response.content),
            elapsed=time.monotonic() - started,
            redirects=tuple(chain),
            error="http_status" if failed else None,
            message=f"the server answered HTTP {status}" if failed else None,
            from_cache=response.from_cache,
        )

    def _next_hop(self, url: str, response: Response) -> str | None:
        if response.status in REDIRECT_STATUSES:
            location = response.headers.get("location")
            if not location:
                return None
            try:
                return urljoin(url, location.strip())
            except ValueError as error:
                raise FetchFailure(
                    "invalid_url",
                    f"unusable redirect to {location!r}: {error}",
                    status=response.status,
                ) from error
        if (
            self.options.follow_meta_refresh
            and 200 <= response.status < 300
            and "html" in (media_type(response.headers) or "html")
        ):
            return meta_refresh_target(response.content, url, self.options.max_refresh_delay)
        return None

    # -- one hop ------------------------------------------------------------------------------

    async def _hop(self, url: str, headers: Mapping[str, str], budget: _Budget) -> Response:
        conditional = any(key.lower() in _CONDITIONAL for key in headers)
        cached = self._cache.lookup(url) if self._cache and not conditional else None
        if cached is not None and cached.fresh:
            return cached.response  # no request at all, so no robots.txt or pacing either
        delay = self.options.delay
        # Fetching a robots.txt needs no rules (RFC 9309), and its answer is the rules: a crawler
        # that reads it for its Sitemap lines costs the site one request, not two.
        robots_file = self.options.respect_robots and robots_url(url) == url
        if self.options.respect_robots and not robots_file:
            rules = await self._robots.rules_for(url, lambda key: self._load_robots(key, budget))
            token = self.options.robots_token
            if not rules.allows(url, token):
                raise FetchFailure("robots_disallowed", f"{url} is disallowed: {rules.reason}")
            crawl_delay = rules.crawl_delay(token)
            if crawl_delay is not None:
                delay = max(delay, min(crawl_delay, self.options.max_crawl_delay))
        request_headers = {**headers, **(cached.validators if cached else {})}
        async with self._hosts.slot(host_key(url), delay):
            response = await self._with_retries(url, request_headers, budget)
        if self._warc is not None:
            self._warc.write_response(response)
        if robots_file and response.status not in REDIRECT_STATUSES and response.status != 304:
            # A redirect or a "not modified" holds no rules: the robots loader fetches them.
            body = response.content[: self.options.robots_max_bytes]
            self._robots.offer(url, rules_from_response(response.status, body))
        if self._cache is not None and not conditional:
            if cached is not None and response.status == 304:
                return self._cache.revalidated(cached, response.headers)
            self._cache.store(response)
        return response

    async def _with_retries(
        self, url: str, headers: Mapping[str, str], budget: _Budget
    ) -> Response:
        attempt = 0
        while True:
            try:
                async with self._slots:
                    response = await self._request(url, headers, budget)
            except _ConnectFailed as failed:
                wait: float | None = backoff_delay(attempt, self.options.backoff, self._rng)
                if attempt >= self.options.retries or wait is None or wait >= budget.remaining:
                    raise FetchFailure(failed.code, str(failed)) from failed
            else:
                if response.status not in RETRY_STATUSES or attempt >= self.options.retries:
                    return response
                wait = retry_wait(
                    attempt,
                    response.headers.get("retry-after"),
                    base=self.options.backoff,
                    cap=self.options.max_retry_after,
                    rng=self._rng,
                )
                if wait is None or wait >= budget.remaining:
                    return response
            assert wait is not None
            await asyncio.sleep(wait)
            budget.spend(wait)
            attempt += 1

    async def _request(
        self,
        url: str,
        headers: Mapping[str, str],
        budget: _Budget,
        *,
        max_bytes: int | None = None,
        truncate: bool = False,
    ) -> Response:
        """One request under the total deadline; errors become `FetchFailure`/`_ConnectFailed`.

        ``max_bytes`` defaults to the options' cap; see `_exchange` for ``truncate``.
        """
        if budget.remaining <= 0:
            raise budget.exceeded(f"before {url} was requested")
        started = time.monotonic()
        try:
            with anyio.fail_after(budget.remaining):
                return await self._exchange(
                    url, headers, max_bytes=max_bytes or self.options.max_bytes, truncate=truncate
                )
        except TimeoutError as error:
            raise budget.exceeded(f"waiting for {url}") from error
        except httpx.ConnectTimeout as error:
            raise _ConnectFailed("timeout", f"connect timeout: {url}") from error
        except httpx.TimeoutException as error:
            raise FetchFailure("timeout", f"{type(error).__name__}: {url}") from error
        except httpx.ConnectError as error:
            if _tls_failure(error):
                raise FetchFailure("tls", f"TLS failed for {url}: {error}") from error
            raise _ConnectFailed("connect", f"cannot connect to {url}: {error}") from error
        except (httpx.UnsupportedProtocol, httpx.InvalidURL, ValueError) as error:
            # ValueError: httpx refusing a redirect's Location (IDNA, bad characters).
            raise FetchFailure("invalid_url", f"{url}: {error}") from error
        except httpx.HTTPError as error:
            # Reset mid-answer, malformed HTTP, lying Content-Length cut short, ...
            raise FetchFailure("connect", f"{type(error).__name__}: {error}") from error
        except BlockedAddressError as error:
            raise FetchFailure(
                "blocked_address",
                f"{error} (private addresses need allow_private, --allow-private on the command line)",
            ) from error
        except ResolutionError as error:
            raise FetchFailure("dns", str(error)) from error
        finally:
            budget.spend(time.monotonic() - started)

    async def _exchange(
        self, url: str, headers: Mapping[str, str], *, max_bytes: int, truncate: bool
    ) -> Response:
        """Send one GET and read its body through a bounded decoder.

        With ``truncate`` a body over ``max_bytes`` is cut (robots.txt); otherwise it fails
        with ``too_large``. Bodies of non-2xx answers are not read.
        """
        request = httpx.Request("GET", url, headers=self._request_headers(headers),
                                extensions=self._extensions)
        response = await self._transport.handle_async_request(request)
        body = response.stream
        assert isinstance(body, httpx.AsyncByteStream)
        try:
            status = response.status_code
            found = headers_dict(response.headers)
            if not 200 <= status < 300:
                return Response(url, status, found)
            if not truncate:
                self._check_type(found, status)
                self._check_length(found, status, max_bytes)
            try:
                decoder = BoundedDecoder(found.get("content-encoding"), max_bytes)
                async for chunk in body:
                    decoder.feed(chunk)
                content = decoder.finish()
            except TooLargeError as error:
                if not truncate:
                    raise FetchFailure(
                        "too_large",
                        f"body passed {max_bytes:,} decoded bytes (FetchOptions.max_bytes)",
                        status=status,
                        headers=found,
                    ) from error
                content = decoder.partial()
            except DecodeError as error:
                raise FetchFailure("decode", str(error), status=status, headers=found) from error
            return Response(url, status, found, content)
        finally:
            await body.aclose()

    def _request_headers(self, extra: Mapping[str, str]) -> httpx.Headers:
        """The session's headers, ``extra`` replacing any of the same name."""
        if not extra:
            return self._headers
        headers = httpx.Headers(self._headers)
        headers.update(extra)
        return headers

    def _check_type(self, headers: Mapping[str, str], status: int) -> None:
        allowed = self.options.content_types
        kind = media_type(headers)
        # No Content-Type at all: let extract() sniff the bytes.
        if allowed is not None and kind and kind not in allowed:
            raise FetchFailure(
                "not_html", f"content type {kind!r} is not fetched", status=status, headers=headers
            )

    @staticmethod
    def _check_length(headers: Mapping[str, str], status: int, max_bytes: int) -> None:
        # Encoded length over the cap means the decoded body is too; an honest small value
        # proves nothing, so the decoder counts anyway.
        declared = headers.get("content-length", "").strip()
        if declared.isdigit() and int(declared) > max_bytes:
            raise FetchFailure(
                "too_large",
                f"Content-Length {int(declared):,} is over {max_bytes:,} bytes",
                status=status,
                headers=headers,
            )

    # -- robots.txt ---------------------------------------------------------------------------

    async def _load_robots(self, robots_file: str, budget: _Budget) -> RobotsRules:
        """Download and interpret one robots.txt (RFC 9309 status rules, redirects followed),
        on the deadline of the URL that needs it.

        Raises:
            FetchFailure: the URL's own problem (blocked address, DNS, TLS, invalid URL), or
                its deadline ran out after an earlier hop had spent part of it. Then nothing is
                cached: the origin did not fail, this URL ran out of time, and the next URL
                asks again.
        """
        whole_budget = budget.untouched
        url = robots_file
        status: int | None = None
        body = b""
        try:
            async with self._hosts.slot(host_key(url), self.options.delay):
                for _hop in range(self.options.max_redirects + 1):
                    async with self._slots:
                        response = await self._request(
                            url, {}, budget, max_bytes=self.options.robots_max_bytes, truncate=True
                        )
                    status, body = response.status, response.content
                    location = response.headers.get("location")
                    if status not in REDIRECT_STATUSES or not location:
                        break
                    try:
                        url = checked_url(urljoin(url, location))
                    except (ValueError, FetchFailure):
                        break  # an unusable redirect: robots.txt is unavailable (allow)
        except FetchFailure as failure:
            if failure.code in ("blocked_address", "dns", "tls", "invalid_url"):
                # The page itself would fail the same way: report that, not robots.
                raise
            if budget.remaining <= 0 and not whole_budget:
                raise
            # Out of time with a whole deadline for it: robots.txt is unreachable (disallow).
            status = None
        except _ConnectFailed:
            status = None
        return rules_from_response(status, body)

    # -- many URLs ----------------------------------------------------------------------------

    async def fetch_many(
        self, urls: Iterable[str] | AsyncIterable[str]
    ) -> AsyncIterator[FetchResult]:
        """Fetch every URL, yielding results as they complete (not in input order).

        The input is read lazily, at most ``max_pending`` URLs ahead, so memory does not grow
        with its length; blank lines and ``#`` comments are skipped. One failing URL never
        stops the batch. Closing the iterator early cancels the fetches in flight.
        """
        source = as_async_iter(urls)
        running: set[asyncio.Future[FetchResult]] = set()
        reader: asyncio.Future[str | None] | None = None
        exhausted = False
        # Finished futures queue up as they finish: waiting on all of the (up to max_pending)
        # running ones at once would cost a callback on each of them per result.
        finished: asyncio.Queue[asyncio.Future[Any]] = asyncio.Queue()
        try:
            while True:
                if reader is None and not exhausted and len(running) < self.options.max_pending:
                    reader = asyncio.ensure_future(_next_url(source))
                    reader.add_done_callback(finished.put_nowait)
                if reader is None and not running:
                    return
                future = await finished.get()
                if future is reader:
                    url = reader.result()
                    reader = None
                    if url is None:
                        exhausted = True
                    else:
                        task = asyncio.ensure_future(self.fetch(url))
                        task.add_done_callback(finished.put_nowait)
                        running.add(task)
                else:
                    running.discard(future)
                    yield future.result()
        finally:
            leftovers: list[asyncio.Future[Any]] = [*running, *([reader] if reader else [])]
            for leftover in leftovers:
                leftover.remove_done_callback(finished.put_nowait)
                leftover.cancel()
            await asyncio.gather(*leftovers, return_exceptions=True)


async def as_async_iter(urls: Iterable[str] | AsyncIterable[str]) -> AsyncIterator[str]:
    """Any iterable of URLs as an async iterator (read lazily, one item at a time)."""
    if isinstance(urls, AsyncIterable):
        async for url in urls:
            yield url
    else:
        for url in urls:
            yield url


async def _next_url(source: AsyncIterator[str]) -> str | None:
    """The next non-blank, non-comment line of the input, or None at its end."""
    async for line in source:
        url = line.strip()
        if url and not url.startswith("#"):
            return url
    return None
