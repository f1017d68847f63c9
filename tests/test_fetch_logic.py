"""The fetcher's pure logic: httpx.MockTransport for request flows, plain calls for helpers.

No sockets are opened here at all.
"""

from __future__ import annotations

import asyncio
import gzip
import ipaddress
import random
import ssl
import zlib
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Any, AsyncIterator, Callable

import brotli
import httpx
import pytest

from extractor.fetcher import Fetcher, FetchOptions, FetchResult
from extractor.fetcher.addresses import blocked_reason, parse_ip
from extractor.fetcher.cache import freshness_lifetime
from extractor.fetcher.client import checked_url, headers_dict
from extractor.content_coding import BoundedDecoder, DecodeError, TooLargeError
from extractor.fetcher.politeness import HostScheduler
from extractor.fetcher.refresh import meta_refresh_target, parse_refresh
from extractor.fetcher.result import ERROR_CODES, FetchFailure
from extractor.fetcher.retry import backoff_delay, parse_retry_after, retry_wait
from extractor.fetcher.robots import rules_from_response

PAGE = b"<html><head><title>T</title></head><body><p>story</p></body></html>"
Handler = Callable[[httpx.Request], httpx.Response]


def run(
    handler: Handler, url: str = "https://news.example/a", **overrides: Any
) -> tuple[FetchResult, list[str]]:
    """Fetch through a MockTransport; returns the result and the URLs requested."""
    seen: list[str] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return handler(request)

    settings: dict[str, Any] = dict(delay=0.0, backoff=0.001, respect_robots=False)
    settings.update(overrides)

    async def go() -> FetchResult:
        async with Fetcher(
            FetchOptions(**settings), transport=httpx.MockTransport(record), seed=1
        ) as fetcher:
            return await fetcher.fetch(url)

    return asyncio.run(go()), seen


class RawStream(httpx.AsyncByteStream):
    """A body httpx has not read yet (``content=`` would be read, and decoded, eagerly)."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.body


def html(
    status: int = 200, *, body: bytes = PAGE, retry_after: str | None = None
) -> httpx.Response:
    extra = {"retry-after": retry_after} if retry_after is not None else {}
    return raw(status, body, **{"content-type": "text/html", **extra})


def raw(status: int, body: bytes = b"", **headers: str) -> httpx.Response:
    return httpx.Response(status, headers=headers, stream=RawStream(body))


def failing(times: int, error: Exception) -> Handler:
    calls = {"n": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if calls["n"] <= times:
            raise error
        return html()

    return handler


# -- retries and error classification --------------------------------------------------------


def test_connect_errors_are_retried() -> None:
    result, seen = run(failing(2, httpx.ConnectError("refused")))
    assert result.ok and len(seen) == 3


def test_connect_errors_give_up_after_the_retries() -> None:
    result, seen = run(failing(9, httpx.ConnectError("refused")), retries=1)
    assert result.error == "connect" and len(seen) == 2


def test_connect_timeouts_are_retried_then_reported_as_timeout() -> None:
    result, seen = run(failing(9, httpx.ConnectTimeout("slow")))
    assert result.error == "timeout" and len(seen) == 3


def test_tls_failures_are_classified_and_not_retried() -> None:
    error = httpx.ConnectError("handshake")
    error.__cause__ = ssl.SSLCertVerificationError("certificate verify failed")
    result, seen = run(failing(9, error))
    assert result.error == "tls" and len(seen) == 1


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (httpx.ReadTimeout("r"), "timeout"),
        (httpx.RemoteProtocolError("garbage"), "connect"),
        (httpx.ReadError("reset"), "connect"),
    ],
)
def test_other_transport_errors(error: Exception, code: str) -> None:
    result, seen = run(failing(9, error))
    assert result.error == code and len(seen) == 1


def test_retry_after_as_a_past_http_date_retries_at_once() -> None:
    past = format_datetime(datetime.now(timezone.utc) - timedelta(hours=1), usegmt=True)
    answers = iter([html(503, retry_after=past), html()])
    result, seen = run(lambda request: next(answers))
    assert result.ok and len(seen) == 2


def test_the_total_deadline_covers_retries() -> None:
    # Every answer is a 503 asking for 1 s; a 0.5 s budget cannot afford even one wait.
    result, seen = run(lambda r: html(503, retry_after="1"), total_timeout=0.5)
    assert result.error == "http_status" and len(seen) == 1


# -- redirects -------------------------------------------------------------------------------


def test_redirect_without_location_is_an_http_status_error() -> None:
    result, _ = run(lambda r: httpx.Response(302))
    assert (result.error, result.status) == ("http_status", 302)


def test_relative_redirects_resolve_against_the_hop() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/a":
            return httpx.Response(301, headers={"location": "b/c"})
        return html()

    result, seen = run(handler, "https://news.example/a")
    assert result.final_url == "https://news.example/b/c" and result.redirects == (
        "https://news.example/a",
    )


def test_max_redirects_zero_follows_nothing() -> None:
    result, seen = run(lambda r: httpx.Response(302, headers={"location": "/x"}), max_redirects=0)
    assert result.error == "too_many_redirects" and len(seen) == 1


def test_robots_on_mock_transport_blocks_before_the_page() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return raw(200, b"User-agent: news-extractor\nDisallow: /a\n")
        return html()

    result, seen = run(handler, respect_robots=True)
    assert result.error == "robots_disallowed" and seen == ["https://news.example/robots.txt"]


def test_robots_redirect_is_followed() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "cdn.example":
            return raw(200, b"User-agent: *\nDisallow: /\n")
        if request.url.path == "/robots.txt":
            return httpx.Response(301, headers={"location": "https://cdn.example/robots.txt"})
        return html()

    result, seen = run(handler, respect_robots=True)
    assert result.error == "robots_disallowed" and len(seen) == 2


def test_failure_results_carry_the_answer_headers() -> None:
    result, _ = run(lambda r: raw(200, b"%PDF", **{"content-type": "application/pdf", "x-id": "7"}))
    assert result.error == "not_html" and result.headers["x-id"] == "7"


# -- fetch_many ------------------------------------------------------------------------------


def test_closing_fetch_many_early_cancels_the_rest() -> None:
    async def slow(request: httpx.Request) -> httpx.Response:
        if request.url.path != "/fast":
            await asyncio.sleep(30)
        return html()

    async def go() -> FetchResult:
        options = FetchOptions(delay=0, respect_robots=False)
        async with Fetcher(options, transport=httpx.MockTransport(slow)) as fetcher:
            urls = ["https://a.example/slow", "https://b.example/fast", "https://c.example/slow"]
            stream = fetcher.fetch_many(urls)
            first = await stream.__anext__()
            await stream.aclose()  # type: ignore[attr-defined]
            return first

    first = asyncio.run(asyncio.wait_for(go(), 10))
    assert first.url.endswith("/fast")


def test_host_scheduler_spaces_starts_and_limits_concurrency() -> None:
    async def go() -> tuple[list[float], int]:
        scheduler = HostScheduler(per_host=2)
        starts: list[float] = []
        active = {"now": 0, "max": 0}

        async def worker() -> None:
            async with scheduler.slot("h", 0.05):
                starts.append(asyncio.get_running_loop().time())
                active["now"] += 1
                active["max"] = max(active["max"], active["now"])
                await asyncio.sleep(0.2)
                active["now"] -= 1

        await asyncio.gather(*(worker() for _ in range(4)))
        return sorted(starts), active["max"]

    starts, most = asyncio.run(go())
    assert most == 2
    assert all(b - a >= 0.045 for a, b in zip(starts, starts[1:]))


# -- helpers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("10.1.2.3", "private"),
        ("192.168.0.1", "private"),
        ("172.16.5.4", "private"),
        ("127.0.0.1", "loopback"),
        ("169.254.169.254", "link-local"),
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("0.0.0.0", "unspecified"),
        ("100.64.0.1", "not globally routable"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("::ffff:192.168.1.1", "private"),
        ("::ffff:169.254.169.254", "link-local"),
        ("8.8.8.8", None),
        ("2001:4860:4860::8888", None),
    ],
)
def test_blocked_reason(address: str, reason: str | None) -> None:
    found = blocked_reason(ipaddress.ip_address(address))
    assert (found or "").startswith(reason or "") and (found is None) is (reason is None)


def test_parse_ip_unwraps_mapped_addresses() -> None:
    assert str(parse_ip("[::ffff:10.0.0.1]")) == "10.0.0.1"
    assert parse_ip("news.example") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0; url=/next", (0.0, "/next")),
        ("5;URL='x.html'", (5.0, "x.html")),
        ("600", (600.0, None)),
        ('3, url="/q"', (3.0, "/q")),
        ("url=/now", (0.0, "/now")),
    ],
)
def test_parse_refresh(value: str, expected: tuple[float, str | None]) -> None:
    assert parse_refresh(value) == expected


def test_meta_refresh_target_ignores_self_and_noscript() -> None:
    base = "https://n.example/a"
    assert meta_refresh_target(b'<meta http-equiv="refresh" content="0;url=/a">', base, 10) is None
    assert (
        meta_refresh_target(b'<meta http-equiv=refresh content="0;url=/b">', base, 10)
        == "https://n.example/b"
    )
    assert (
        meta_refresh_target(
            b"<noscript><meta http-equiv=refresh content='0;url=/b'></noscript>", base, 10
        )
        is None
    )


def test_retry_after_parsing_and_caps() -> None:
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None
    now = datetime(2024, 1, 1, tzinfo=timezone.utc)
    assert parse_retry_after("Mon, 01 Jan 2024 00:01:00 GMT", now) == 60.0
    rng = random.Random(3)
    assert retry_wait(0, "3600", base=0.5, cap=30, rng=rng) is None
    assert retry_wait(0, "7", base=0.5, cap=30, rng=rng) == 7.0
    first, second = backoff_delay(0, 0.5, rng), backoff_delay(1, 0.5, rng)
    assert 0.5 <= first < 1.0 and 1.0 <= second < 2.0


@pytest.mark.parametrize(
    ("headers", "lifetime"),
    [
        ({"cache-control": "max-age=60"}, 60.0),
        ({"cache-control": "max-age=60", "age": "50"}, 10.0),
        ({"cache-control": "no-store, max-age=60"}, None),
        ({"cache-control": "no-cache", "etag": '"x"'}, 0.0),
        ({"cache-control": "no-cache"}, None),
        ({"vary": "*", "cache-control": "max-age=9"}, None),
        (
            {"expires": "Mon, 01 Jan 2024 01:00:00 GMT", "date": "Mon, 01 Jan 2024 00:00:00 GMT"},
            3600.0,
        ),
        ({"expires": "0", "etag": '"x"'}, 0.0),
        (
            {
                "last-modified": "Sun, 31 Dec 2023 14:00:00 GMT",
                "date": "Mon, 01 Jan 2024 00:00:00 GMT",
            },
            3600.0,
        ),
        ({}, None),
    ],
)
def test_freshness_lifetime(headers: dict[str, str], lifetime: float | None) -> None:
    assert freshness_lifetime(headers, now=1704067200.0) == lifetime


@pytest.mark.parametrize(
    ("status", "allowed"),
    [(200, True), (404, True), (403, True), (301, True), (500, False), (503, False), (None, False)],
)
def test_robots_status_rules(status: int | None, allowed: bool) -> None:
    body = b"User-agent: *\nDisallow: /private\n"
    assert (
        rules_from_response(status, body).allows("https://n.example/public", "news-extractor")
        is allowed
    )


def test_bounded_decoder_variants() -> None:
    text = b"news " * 2000
    multi = gzip.compress(text) + gzip.compress(text)
    decoder = BoundedDecoder("gzip", 100_000)
    decoder.feed(multi + b"\0\0trailing")
    assert decoder.finish() == text * 2
    stacked = BoundedDecoder("gzip, br", 100_000)
    stacked.feed(brotli.compress(gzip.compress(text)))
    assert stacked.finish() == text
    with pytest.raises(DecodeError):
        BoundedDecoder("zstd", 10)
    with pytest.raises(TooLargeError):
        BoundedDecoder("deflate", 1000).feed(zlib.compress(text))
    with pytest.raises(TooLargeError):
        BoundedDecoder(None, 10).feed(b"x" * 11)


def test_checked_url() -> None:
    assert checked_url("  https://n.example/a \n") == "https://n.example/a"
    for bad in (
        "mailto:a@b",
        "https:///nohost",
        "http://n.example:99999/",
        "javascript:alert(1)",
        "",
    ):
        with pytest.raises(FetchFailure) as caught:
            checked_url(bad)
        assert caught.value.code == "invalid_url"


def test_headers_dict_joins_repeats_and_lowercases() -> None:
    headers = httpx.Headers([("X-A", "1"), ("x-a", "2"), ("Content-Type", "text/html")])
    assert headers_dict(headers) == {"x-a": "1, 2", "content-type": "text/html"}


def test_options_validate_and_name_the_robots_token() -> None:
    with pytest.raises(ValueError):
        FetchOptions(total_timeout=0)
    with pytest.raises(ValueError):
        FetchOptions(concurrency=0)
    assert FetchOptions().robots_token == "news-extractor"
    assert "example.invalid/contact" in FetchOptions().user_agent


def test_result_to_dict_and_error_codes() -> None:
    result = FetchResult(url="u", final_url="u", error="timeout", message="slow")
    assert result.to_dict()["error"] == "timeout" and not result.ok
    assert len(ERROR_CODES) == len(set(ERROR_CODES)) == 12


@pytest.mark.parametrize(
    ("url", "location", "code"),
    [
        ("http://xn--a.example/", None, "invalid_url"),  # invalid IDNA label
        ("http://a.example/", "http://[broken", "invalid_url"),
        ("http://a.example/", "javascript:alert(1)", "invalid_url"),
        ("http://a.example/", "ftp://a.example/file", "invalid_url"),
    ],
)
def test_broken_urls_and_locations_never_raise(url: str, location: str | None, code: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"location": location}) if location else html()

    result, _ = run(handler, url)
    assert result.error == code


def test_broken_meta_refresh_is_ignored() -> None:
    result, _ = run(
        lambda r: html(body=b"<meta http-equiv=refresh content='0;url=http://[bad'><p>x")
    )
    assert result.ok and not result.redirects


def test_broken_robots_redirect_means_no_robots() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(302, headers={"location": "http://[broken"})
        return html()

    result, seen = run(handler, respect_robots=True)
    assert result.ok and len(seen) == 2


def test_cache_written_by_another_layout_version_is_emptied(tmp_path: Any) -> None:
    import sqlite3

    from extractor.fetcher.cache import CACHE_FILE, HttpCache
    from extractor.fetcher.client import Response

    with HttpCache(tmp_path) as cache:
        cache.store(Response("https://n.example/", 200, {"cache-control": "max-age=60"}, b"x"))
        assert cache.lookup("https://n.example/") is not None
    with sqlite3.connect(tmp_path / CACHE_FILE) as db:
        db.execute("PRAGMA user_version = 99")
    with HttpCache(tmp_path) as cache:
        assert cache.lookup("https://n.example/") is None


def test_cookies_are_never_kept_between_requests() -> None:
    sent: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.headers.get("cookie"))
        if request.url.path == "/login":
            return httpx.Response(302, headers={"location": "/page", "set-cookie": "id=7; Path=/"})
        return html()

    result, _ = run(handler, "https://news.example/login")
    assert result.ok and sent == [None, None]


def test_a_fetched_robots_txt_is_the_rules_and_is_not_fetched_again() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return raw(200, b"User-agent: *\nDisallow: /private\nSitemap: https://news.example/s.xml\n")
        return html()

    seen: list[str] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        return handler(request)

    async def go() -> list[FetchResult]:
        options = FetchOptions(delay=0.0, backoff=0.001)
        async with Fetcher(options, transport=httpx.MockTransport(record), seed=1) as fetcher:
            return [await fetcher.fetch(f"https://news.example{path}") for path in ("/robots.txt", "/a", "/private")]

    robots, page, private = asyncio.run(go())
    assert robots.ok and page.ok
    assert private.error == "robots_disallowed"  # the rules came from the first answer
    assert seen == ["/robots.txt", "/a"]


def test_a_robots_txt_answer_without_rules_leaves_loading_them_to_the_fetcher() -> None:
    seen: list[str] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if request.url.path == "/robots.txt":
            if request.headers.get("if-none-match"):
                return httpx.Response(304)
            return raw(200, b"User-agent: *\nDisallow: /a\n")
        return html()

    async def go() -> list[FetchResult]:
        async with Fetcher(FetchOptions(delay=0.0, backoff=0.001), transport=httpx.MockTransport(record), seed=1) as fetcher:
            first = await fetcher.fetch("https://news.example/robots.txt", headers={"If-None-Match": '"v1"'})
            return [first, await fetcher.fetch("https://news.example/a")]

    not_modified, page = asyncio.run(go())
    assert not_modified.status == 304
    assert page.error == "robots_disallowed"
    assert seen == ["/robots.txt", "/robots.txt"]  # a 304 holds no rules: they were loaded
