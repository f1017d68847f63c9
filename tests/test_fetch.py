"""The fetcher against a hostile local server (tests/fetch_server.py) on 127.0.0.x.

Every host name resolves through a static table to a loopback address; nothing reaches DNS or
any address outside 127.0.0.0/8. Timeouts and delays are tiny so the file stays fast.
"""

from __future__ import annotations

import asyncio
import re
import ssl
from typing import Any, AsyncIterator, Iterable

import httpcore
import pytest
from warcio.archiveiterator import ArchiveIterator

import extractor
import extractor.runs.fetching
from extractor.fetcher import Fetcher, FetchOptions, FetchResult, HttpCache
from extractor.fetcher.network import BlockedAddressError, GuardedBackend

from fetch_server import HOSTS, FetchServer, TLSServer

LOOPBACK = ("127.0.0.0/8",)


def options(**overrides: Any) -> FetchOptions:
    """Fast test options: loopback allowed (but not 10/8 etc.), no pacing, tiny backoff."""
    base: dict[str, Any] = dict(
        allowed_networks=LOOPBACK,
        delay=0.0,
        backoff=0.01,
        connect_timeout=1.0,
        read_timeout=2.0,
        total_timeout=5.0,
    )
    base.update(overrides)
    return FetchOptions(**base)


class SpyBackend(httpcore.AsyncNetworkBackend):
    """Records every address a connection is opened to, and refuses anything off loopback."""

    def __init__(self) -> None:
        self.inner = httpcore.AnyIOBackend()
        self.connected: list[str] = []

    async def connect_tcp(self, host: str, port: int, *args: Any, **kwargs: Any) -> Any:
        self.connected.append(host)
        if not host.startswith("127."):
            raise AssertionError(f"test tried to connect to {host}")
        return await self.inner.connect_tcp(host, port, *args, **kwargs)

    async def connect_unix_socket(self, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError("no unix sockets")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


def get(
    fetch_server: FetchServer,
    url: str,
    *,
    spy: SpyBackend | None = None,
    extra_hosts: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    **overrides: Any,
) -> FetchResult:
    async def run() -> FetchResult:
        async with Fetcher(
            options(**overrides),
            resolver=fetch_server.resolver(**(extra_hosts or {})),
            network_backend=spy,
        ) as fetcher:
            return await fetcher.fetch(url, headers=headers)

    return asyncio.run(run())


def get_many(fetch_server: FetchServer, urls: Iterable[str], **overrides: Any) -> list[FetchResult]:
    async def run() -> list[FetchResult]:
        async with Fetcher(options(**overrides), resolver=fetch_server.resolver()) as fetcher:
            return [r async for r in fetcher.fetch_many(urls)]

    return asyncio.run(run())


# -- pages and charsets ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "encoding", "needle"),
    [
        ("utf8", "utf-8", "Zürich café"),
        ("latin1", "cp1252", "Zürich café"),
        ("cp1251", "cp1251", "Москва"),
        ("meta-sjis", "shift_jis", "東京"),
    ],
)
def test_pages_in_several_charsets(
    fetch_server: FetchServer, name: str, encoding: str, needle: str
) -> None:
    result = get(fetch_server, fetch_server.url("news.test", f"/charset/{name}"))
    assert result.ok and result.status == 200 and result.error is None
    assert result.encoding == encoding
    article = extractor.extract(result.content, result.final_url, headers=result.headers)
    assert needle in (article.headline or "")


def test_sync_fetch_and_fetch_article(fetch_server: FetchServer) -> None:
    url = fetch_server.url("news.test", "/charset/utf8")
    result = extractor.fetch(url, options=options(), resolver=fetch_server.resolver())
    assert result.status == 200 and result.content.startswith(b"<html>")
    assert result.headers["content-type"].startswith("text/html")
    article = extractor.runs.fetching.article_from_result(result)
    assert article.url == url and "Zürich" in (article.headline or "")


def test_fetch_article_raises_fetch_error_naming_the_code() -> None:
    with pytest.raises(extractor.FetchError) as caught:
        extractor.fetch_article("gopher://example.com/")
    assert caught.value.result.error == "invalid_url"
    assert isinstance(caught.value, extractor.ExtractError)


# -- statuses and retries -------------------------------------------------------------------


@pytest.mark.parametrize("code", [404, 410])
def test_client_errors_are_reported_without_retry(fetch_server: FetchServer, code: int) -> None:
    result = get(fetch_server, fetch_server.url("other.test", f"/status/{code}"))
    assert (result.error, result.status) == ("http_status", code)
    assert len(fetch_server.requests("other.test", f"/status/{code}")) == 1


def test_429_is_retried_after_retry_after(fetch_server: FetchServer) -> None:
    result = get(
        fetch_server, fetch_server.url("other.test", "/flaky?id=t429&code=429&fail=2&after=0")
    )
    assert result.ok and b"Recovered" in result.content
    assert fetch_server.counters["/flaky?id=t429&code=429&fail=2&after=0"] == 3


def test_503_retries_stop_after_the_configured_count(fetch_server: FetchServer) -> None:
    result = get(fetch_server, fetch_server.url("other.test", "/flaky?id=t503&fail=9"))
    assert (result.error, result.status) == ("http_status", 503)
    assert fetch_server.counters["/flaky?id=t503&fail=9"] == 3  # 1 try + 2 retries


def test_retry_after_longer_than_the_cap_is_not_waited_for(fetch_server: FetchServer) -> None:
    result = get(fetch_server, fetch_server.url("other.test", "/status/503?Retry-After=3600"))
    assert (result.error, result.status) == ("http_status", 503)
    assert len(fetch_server.requests("other.test", "/status/503")) == 1
    assert result.elapsed < 2


# -- redirects and meta refresh -------------------------------------------------------------


def test_redirect_chain_is_followed_and_recorded(fetch_server: FetchServer) -> None:
    url = fetch_server.url("news.test", "/redirect/chain/3")
    result = get(fetch_server, url)
    assert result.ok and result.final_url.endswith("/charset/utf8")
    assert result.redirects[0] == url and len(result.redirects) == 4


def test_too_long_chain_and_loops_fail(fetch_server: FetchServer) -> None:
    assert get(fetch_server, fetch_server.url("news.test", "/redirect/chain/4")).ok  # 5 redirects
    long = get(fetch_server, fetch_server.url("news.test", "/redirect/chain/5"))  # 6 redirects
    assert long.ok is False and long.error == "too_many_redirects"
    loop = get(fetch_server, fetch_server.url("news.test", "/redirect/loop"))
    assert loop.error == "too_many_redirects" and len(loop.redirects) == 6


def test_cross_host_redirect_checks_the_new_hosts_robots(fetch_server: FetchServer) -> None:
    result = get(fetch_server, fetch_server.url("news.test", "/redirect/cross?r=1"))
    assert result.ok and result.final_url.startswith("http://other.test:")
    assert fetch_server.requests("other.test", "/robots.txt")


def test_redirect_to_another_scheme_is_refused(fetch_server: FetchServer) -> None:
    result = get(fetch_server, fetch_server.url("news.test", "/redirect/ftp"))
    assert result.error == "invalid_url" and result.final_url.startswith("http://news.test")


@pytest.mark.parametrize(
    ("kind", "final"),
    [
        ("now", "/charset/utf8"),
        ("quoted", "/charset/latin1"),
        ("noscript", "/refresh/noscript"),
        ("reload", "/refresh/reload"),
        ("slow", "/refresh/slow"),
    ],
)
def test_meta_refresh(fetch_server: FetchServer, kind: str, final: str) -> None:
    result = get(fetch_server, fetch_server.url("news.test", f"/refresh/{kind}"))
    assert result.ok and result.final_url.endswith(final)
    assert len(result.redirects) == (0 if final.startswith("/refresh") else 1)


def test_meta_refresh_can_be_turned_off(fetch_server: FetchServer) -> None:
    result = get(
        fetch_server, fetch_server.url("news.test", "/refresh/now"), follow_meta_refresh=False
    )
    assert result.final_url.endswith("/refresh/now")


# -- hostile servers ------------------------------------------------------------------------


def test_trickling_body_hits_the_total_deadline(fetch_server: FetchServer) -> None:
    # Each byte arrives well within the read timeout; only the total deadline can stop it.
    result = get(
        fetch_server,
        fetch_server.url("other.test", "/trickle"),
        read_timeout=2.0,
        total_timeout=0.6,
    )
    assert result.error == "timeout" and "total deadline of 0.6 s" in (result.message or "")
    assert result.elapsed < 3
    # The message states the time really taken, not only the budget.
    assert re.search(r"\d\.\d s after the fetch started", result.message or "")


def test_server_that_never_answers_times_out(fetch_server: FetchServer) -> None:
    result = get(fetch_server, fetch_server.url("other.test", "/hang"), read_timeout=0.3)
    assert result.error == "timeout" and result.status is None


def test_huge_body_stops_at_the_cap(fetch_server: FetchServer) -> None:
    result = get(fetch_server, fetch_server.url("other.test", "/huge"), max_bytes=300_000)
    assert result.error == "too_large" and result.content == b""
    # The fetcher hung up long before the 50 MiB were sent.
    assert fetch_server.counters.get("/huge", 0) < 200


def test_announced_huge_body_is_refused_before_reading(fetch_server: FetchServer) -> None:
    result = get(fetch_server, fetch_server.url("other.test", "/declared-huge"))
    assert result.error == "too_large" and "Content-Length" in (result.message or "")
    assert fetch_server.counters.get("/declared-huge", 0) < 20


def test_lying_content_length_never_yields_more_than_announced(fetch_server: FetchServer) -> None:
    result = get(fetch_server, fetch_server.url("other.test", "/lying-length"))
    assert result.ok and len(result.content) == 1000


def test_body_shorter_than_announced_is_a_connection_error(fetch_server: FetchServer) -> None:
    result = get(fetch_server, fetch_server.url("other.test", "/short-body"))
    assert result.error == "connect"


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
def test_decompression_bombs_stop_at_the_decoded_cap(
    fetch_server: FetchServer, encoding: str
) -> None:
    result = get(fetch_server, fetch_server.url("other.test", f"/encoded/bomb/{encoding}"))
    assert result.error == "too_large" and result.status == 200
    assert "decoded" in (result.message or "")


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "raw-deflate", "br"])
def test_compressed_pages_are_decoded(fetch_server: FetchServer, encoding: str) -> None:
    result = get(fetch_server, fetch_server.url("other.test", f"/encoded/page/{encoding}"))
    assert result.ok and result.content.startswith(b"<html><head><title>Compressed story")


def test_corrupt_compressed_body_is_a_decode_error(fetch_server: FetchServer) -> None:
    assert (
        get(fetch_server, fetch_server.url("other.test", "/encoded/page/corrupt")).error == "decode"
    )


@pytest.mark.parametrize("kind", ["pdf", "png", "rss"])
def test_non_html_types_are_not_downloaded(fetch_server: FetchServer, kind: str) -> None:
    result = get(fetch_server, fetch_server.url("other.test", f"/media/{kind}"))
    assert result.error == "not_html" and result.status == 200 and result.content == b""


def test_content_types_none_accepts_anything(fetch_server: FetchServer) -> None:
    result = get(fetch_server, fetch_server.url("other.test", "/media/pdf"), content_types=None)
    assert result.ok and result.content.startswith(b"%PDF")


def test_missing_content_type_is_left_to_extract(fetch_server: FetchServer) -> None:
    assert get(fetch_server, fetch_server.url("other.test", "/media/none")).ok


# -- robots.txt -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "path", "allowed"),
    [
        ("news.test", "/private/story", False),
        ("news.test", "/private/open/story", True),
        ("news.test", "/files/report.pdf", False),
        ("news.test", "/files/report.pdf.html", True),
        ("news.test", "/search?page=2&q=budget", False),
        ("news.test", "/world/story-1", True),
        ("other.test", "/private/story", True),  # robots.txt missing (404)
        ("forbidden.test", "/anything", True),  # 403: allow
        ("broken.test", "/anything", False),  # 500: disallow
        ("bom.test", "/secret/x", False),  # BOM does not hide the first line
        ("bom.test", "/public", True),
        ("huge.test", "/early", False),
        ("huge.test", "/late", True),  # rule beyond 500 KiB is not read
    ],
)
def test_robots_variants(fetch_server: FetchServer, host: str, path: str, allowed: bool) -> None:
    result = get(fetch_server, fetch_server.url(host, path))
    assert (result.error != "robots_disallowed") is allowed, result.message
    if not allowed:
        assert not fetch_server.requests(host, path)


def test_unreachable_robots_means_disallow(fetch_server: FetchServer) -> None:
    result = get(fetch_server, fetch_server.url("hang.test", "/page"), read_timeout=0.3)
    assert result.error == "robots_disallowed" and "unreachable" in (result.message or "")


def test_one_deadline_covers_the_robots_txt_of_every_redirect_hop(
    fetch_server: FetchServer,
) -> None:
    """Each dawdle host needs ROBOTS_DAWDLE s for its robots.txt: one fits the 1.5 s deadline,
    two do not. The second origin's page must never be asked for, and its robots.txt verdict
    must not be kept (the URL ran out of time, not the origin)."""
    start = fetch_server.url("dawdle-a.test", "/redirect/to?host=dawdle-b.test&path=/hop/page")
    later = fetch_server.url("dawdle-b.test", "/hop/direct")

    async def run() -> tuple[FetchResult, FetchResult]:
        async with Fetcher(options(total_timeout=1.5), resolver=fetch_server.resolver()) as f:
            return await f.fetch(start), await f.fetch(later)

    chained, direct = asyncio.run(run())
    assert chained.error == "timeout"
    assert "total deadline of 1.5 s" in (chained.message or "")
    assert "dawdle-b.test" in (chained.message or "")
    assert fetch_server.requests("dawdle-b.test", "/robots.txt")
    assert not fetch_server.requests("dawdle-b.test", "/hop/page")
    # A URL with its whole deadline reads dawdle-b's robots.txt and is allowed.
    assert direct.ok, direct.message


def test_robots_can_be_ignored(fetch_server: FetchServer) -> None:
    assert get(fetch_server, fetch_server.url("broken.test", "/ignored"), respect_robots=False).ok


def test_robots_is_fetched_once_per_host(fetch_server: FetchServer) -> None:
    before = len(fetch_server.requests("forbidden.test", "/robots.txt"))
    results = get_many(
        fetch_server, [fetch_server.url("forbidden.test", f"/once/{i}") for i in range(4)]
    )
    assert all(r.ok for r in results)
    assert len(fetch_server.requests("forbidden.test", "/robots.txt")) - before == 1


def test_robots_verdict_expires_after_its_ttl(fetch_server: FetchServer) -> None:
    async def run() -> None:
        opts = options(robots_ttl=0.2)
        async with Fetcher(opts, resolver=fetch_server.resolver()) as fetcher:
            await fetcher.fetch(fetch_server.url("bom.test", "/ttl/1"))
            await fetcher.fetch(fetch_server.url("bom.test", "/ttl/2"))
            await asyncio.sleep(0.3)
            await fetcher.fetch(fetch_server.url("bom.test", "/ttl/3"))

    before = len(fetch_server.requests("bom.test", "/robots.txt"))
    asyncio.run(run())
    assert len(fetch_server.requests("bom.test", "/robots.txt")) - before == 2


def test_robots_user_agent_groups_match_the_product_token(fetch_server: FetchServer) -> None:
    result = get(
        fetch_server, fetch_server.url("news.test", "/world/bot"), user_agent="otherbot/1.0"
    )
    assert result.error == "robots_disallowed"


# -- politeness -----------------------------------------------------------------------------


def _gaps(requests: list[Any]) -> list[float]:
    starts = sorted(r.started for r in requests)
    return [b - a for a, b in zip(starts, starts[1:])]


def test_per_host_delay_and_interleaving(fetch_server: FetchServer) -> None:
    urls = [
        fetch_server.url(h, f"/polite/{h}/{i}")
        for i in range(3)
        for h in ("news.test", "other.test")
    ]
    results = get_many(fetch_server, urls, delay=0.25)
    assert all(r.ok for r in results)
    for host in ("news.test", "other.test"):
        assert all(gap >= 0.2 for gap in _gaps(fetch_server.requests(host, f"/polite/{host}")))
    # The two hosts were fetched side by side, not one after the other.
    news = [r.started for r in fetch_server.requests("news.test", "/polite/")]
    other = [r.started for r in fetch_server.requests("other.test", "/polite/")]
    assert min(other) < max(news)


def test_global_concurrency_caps_requests_in_flight(fetch_server: FetchServer) -> None:
    hosts = ("news.test", "other.test", "forbidden.test", "bom.test", "huge.test")
    get_many(fetch_server, [fetch_server.url(h, "/slow-page/g") for h in hosts], concurrency=2)
    spans = [
        (r.started, r.finished) for h in hosts for r in fetch_server.requests(h, "/slow-page/g")
    ]
    assert len(spans) == 5
    most = max(sum(1 for s, e in spans if s <= start < e) for start, _ in spans)
    assert most == 2


def test_crawl_delay_from_robots_is_honoured(fetch_server: FetchServer) -> None:
    get_many(fetch_server, [fetch_server.url("slow.test", f"/crawl/{i}") for i in range(3)])
    gaps = _gaps(fetch_server.requests("slow.test", "/crawl/"))
    assert len(gaps) == 2 and all(gap >= 0.35 for gap in gaps)


def test_user_agent_and_extra_headers_are_sent(fetch_server: FetchServer) -> None:
    result = get(
        fetch_server, fetch_server.url("other.test", "/echo"), headers={"X-Call": "per-call"}
    )
    text = result.content.decode()
    assert "user-agent: news-extractor/" in text and "example.invalid/contact" in text
    assert "x-call: per-call" in text and "gzip, deflate, br" in text
    custom = asyncio.run(
        _fetch_with(fetch_server, options(headers={"Accept-Language": "de"}), "/echo?3")
    )
    assert "accept-language: de" in custom.content.decode()


async def _fetch_with(fetch_server: FetchServer, opts: FetchOptions, path: str) -> FetchResult:
    async with Fetcher(opts, resolver=fetch_server.resolver()) as fetcher:
        return await fetcher.fetch(fetch_server.url("other.test", path))


def test_conditional_request_gives_304_success(fetch_server: FetchServer) -> None:
    url = fetch_server.url("other.test", "/cached?id=cond&etag=v1")
    result = get(fetch_server, url, headers={"If-None-Match": '"v1"'})
    assert (result.status, result.error, result.content) == (304, None, b"")
    assert result.headers["etag"] == '"v1"'


# -- fetch_many -----------------------------------------------------------------------------


def test_one_bad_url_never_stops_a_batch(fetch_server: FetchServer) -> None:
    urls = [
        "not a url",
        fetch_server.url("other.test", "/status/404"),
        "",
        "# comment",
        fetch_server.url("other.test", "/batch/ok"),
        "ftp://x/",
    ]
    results = get_many(fetch_server, urls)
    assert sorted((r.error or "ok") for r in results) == [
        "http_status",
        "invalid_url",
        "invalid_url",
        "ok",
    ]


def test_fetch_many_reads_its_input_lazily(fetch_server: FetchServer) -> None:
    pulled: list[int] = []

    def source() -> Iterable[str]:
        for i in range(50):
            pulled.append(i)
            yield fetch_server.url("other.test", f"/lazy/{i}")

    async def run() -> tuple[int, int]:
        async with Fetcher(options(max_pending=3), resolver=fetch_server.resolver()) as fetcher:
            stream = fetcher.fetch_many(source())
            first = await stream.__anext__()
            assert first.ok
            seen_at_first = len(pulled)
            rest = [r async for r in stream]
            return seen_at_first, len(rest) + 1

    seen_at_first, total = asyncio.run(run())
    assert seen_at_first <= 5 and total == 50


def test_fetch_many_accepts_async_iterables(fetch_server: FetchServer) -> None:
    async def source() -> AsyncIterator[str]:
        for i in range(3):
            await asyncio.sleep(0)
            yield fetch_server.url("other.test", f"/async/{i}")

    async def run() -> list[FetchResult]:
        return [
            r
            async for r in extractor.fetch_many(
                source(), options=options(), resolver=fetch_server.resolver()
            )
        ]

    assert len(asyncio.run(run())) == 3


# -- HTTP cache and WARC --------------------------------------------------------------------


def _cached_fetches(
    fetch_server: FetchServer, tmp_path: Any, path: str, times: int = 2
) -> list[FetchResult]:
    async def run() -> list[FetchResult]:
        with HttpCache(tmp_path / "cache") as cache:
            async with Fetcher(options(), cache=cache, resolver=fetch_server.resolver()) as fetcher:
                return [
                    await fetcher.fetch(fetch_server.url("other.test", path)) for _ in range(times)
                ]

    return asyncio.run(run())


def test_cache_serves_fresh_pages_without_a_request(
    fetch_server: FetchServer, tmp_path: Any
) -> None:
    first, second = _cached_fetches(fetch_server, tmp_path, "/cached?id=fresh&cc=max-age=60")
    assert not first.from_cache and second.from_cache and first.content == second.content
    assert fetch_server.counters["/cached?id=fresh&cc=max-age=60"] == 1


def test_cache_revalidates_stale_pages_with_etag(fetch_server: FetchServer, tmp_path: Any) -> None:
    path = "/cached?id=reval&cc=no-cache&etag=e1"
    first, second = _cached_fetches(fetch_server, tmp_path, path)
    assert second.from_cache and second.status == 200 and second.content == first.content
    assert fetch_server.counters[path] == 2  # asked twice, body sent once
    assert fetch_server.counters[path + "#served"] == 1


def test_cache_never_stores_no_store(fetch_server: FetchServer, tmp_path: Any) -> None:
    path = "/cached?id=nostore&cc=no-store"
    first, second = _cached_fetches(fetch_server, tmp_path, path)
    assert not second.from_cache and fetch_server.counters[path + "#served"] == 2


def test_warc_records_every_response(fetch_server: FetchServer, tmp_path: Any) -> None:
    target = tmp_path / "out.warc.gz"
    urls = [
        fetch_server.url("news.test", "/redirect/chain/1"),
        fetch_server.url("other.test", "/encoded/page/gzip"),
    ]

    async def run() -> None:
        async for _ in extractor.fetch_many(
            urls, options=options(), warc_path=target, resolver=fetch_server.resolver()
        ):
            pass

    asyncio.run(run())
    with open(target, "rb") as stream:
        records = [
            (
                r.rec_type,
                r.rec_headers.get_header("WARC-Target-URI"),
                r.http_headers,
                r.content_stream().read(),
            )
            for r in ArchiveIterator(stream)
        ]
    responses = [r for r in records if r[0] == "response"]
    statuses = sorted(r[2].get_statuscode() for r in responses if "robots" not in r[1])
    assert records[0][0] == "warcinfo"
    assert statuses == ["200", "200", "302", "302"]
    gz = next(r for r in responses if r[1].endswith("/encoded/page/gzip"))
    assert gz[3].startswith(b"<html>") and gz[2].get_header("x-original-content-encoding") == "gzip"
    assert gz[2].get_header("content-encoding") is None


# -- address safety (no connection may leave loopback) --------------------------------------

PRIVATE_HOSTS = {
    "intranet.test": "10.0.0.7",
    "metadata.test": "169.254.169.254",
    "mapped.test": "::ffff:10.1.2.3",
    "multicast.test": "224.0.0.1",
    "cgnat.test": "100.64.1.1",
}


@pytest.mark.parametrize(
    "url",
    [
        "http://intranet.test/",
        "http://metadata.test/latest/meta-data/",
        "http://mapped.test/",
        "http://multicast.test/",
        "http://cgnat.test/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/",
        "http://0.0.0.0:8080/",
        "http://[::1]/",
    ],
)
def test_private_addresses_are_refused_without_connecting(
    fetch_server: FetchServer, url: str
) -> None:
    spy = SpyBackend()
    result = get(fetch_server, url, spy=spy, extra_hosts=PRIVATE_HOSTS, allowed_networks=())
    assert result.error == "blocked_address", result.message
    assert spy.connected == []


def test_loopback_is_refused_by_default(fetch_server: FetchServer) -> None:
    spy = SpyBackend()
    result = get(fetch_server, fetch_server.url("news.test", "/x"), spy=spy, allowed_networks=())
    assert result.error == "blocked_address" and "loopback" in (result.message or "")
    assert spy.connected == []


def test_allow_private_opens_everything(fetch_server: FetchServer) -> None:
    assert get(
        fetch_server,
        fetch_server.url("news.test", "/intranet-ok"),
        allowed_networks=(),
        allow_private=True,
    ).ok


def test_redirect_to_a_private_address_is_refused_on_that_hop(fetch_server: FetchServer) -> None:
    spy = SpyBackend()
    result = get(
        fetch_server,
        fetch_server.url("news.test", "/redirect/private"),
        spy=spy,
        extra_hosts=PRIVATE_HOSTS,
    )
    assert result.error == "blocked_address" and result.final_url.startswith("http://intranet.test")
    assert result.redirects and all(address.startswith("127.") for address in spy.connected)


def test_each_connection_checks_the_address_it_connects_to(fetch_server: FetchServer) -> None:
    """DNS rebinding: the second resolution of the same name points inside; it is refused."""
    answers = iter([["127.0.0.2"], ["10.0.0.7"]])

    async def rebinding(host: str, port: int) -> list[str]:
        return next(answers)

    async def run() -> None:
        spy = SpyBackend()
        backend = GuardedBackend(
            allow_private=False, allowed_networks=["127.0.0.2/32"], resolver=rebinding, inner=spy
        )
        stream = await backend.connect_tcp("rebind.test", fetch_server.port, timeout=1)
        await stream.aclose()
        with pytest.raises(BlockedAddressError):
            await backend.connect_tcp("rebind.test", fetch_server.port, timeout=1)
        assert spy.connected == ["127.0.0.2"]

    asyncio.run(run())


def test_unknown_names_are_dns_errors(fetch_server: FetchServer) -> None:
    result = get(fetch_server, "http://nowhere.test/", spy=SpyBackend())
    assert result.error == "dns"


def test_hosts_table_covers_only_loopback() -> None:
    assert all(address.startswith("127.") for address in HOSTS.values())


# -- TLS (the connection goes to the checked IP; the certificate is checked against the name) --


def _https(server: FetchServer, tls: TLSServer, context: ssl.SSLContext | None) -> FetchResult:
    async def run() -> FetchResult:
        async with Fetcher(options(), resolver=server.resolver(), ssl_context=context) as fetcher:
            return await fetcher.fetch(f"https://news.test:{tls.port}/secure")

    return asyncio.run(run())


def test_untrusted_certificate_is_a_tls_error(
    fetch_server: FetchServer, tls_server: TLSServer
) -> None:
    result = _https(fetch_server, tls_server, None)
    assert result.error == "tls" and "certificate" in (result.message or "").lower()


def test_certificate_is_verified_against_the_host_name(
    fetch_server: FetchServer, tls_server: TLSServer
) -> None:
    trusted = ssl.create_default_context(cafile=str(tls_server.cert))
    result = _https(fetch_server, tls_server, trusted)
    assert result.ok and b"Secure story" in result.content


def test_connection_refused_is_retried_then_reported(fetch_server: FetchServer) -> None:
    spy = SpyBackend()
    closed = fetch_server.url("news.test", "/x").replace(f":{fetch_server.port}", ":9")
    result = get(fetch_server, closed, spy=spy, respect_robots=False)
    assert result.error == "connect" and spy.connected == ["127.0.0.2"] * 3
