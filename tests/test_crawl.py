"""The crawler end to end, against fixture sites served on 127.0.0.1 by the test itself."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from pathlib import Path
from typing import Iterator, Mapping

import anyio
import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.crawler import CrawlError, CrawlOptions, CrawlState, SiteReport, crawl, crawl_async, site_origin
from extractor.crawler.crawl import crawl_options_fetch, on_site
from extractor.discovery import SitemapLimits
from extractor.discovery.feeds import COMMON_FEED_PATHS
from extractor.fetcher import Fetcher, FetchOptions, FetchResult
from test_crawl_sites import Page, Site, SiteServer, news_site, publish, rss, sitemap_index

FETCH = FetchOptions(
    allow_private=True, delay=0, per_host=4, retries=0,
    connect_timeout=2, read_timeout=2, total_timeout=5,
)
OPTIONS = CrawlOptions(fetch=FETCH)


def run(server: SiteServer, tmp_path: Path, **changes: object) -> tuple[SiteReport, list[dict[str, object]]]:
    """One crawl of the server's site; returns its report and the lines it appended."""
    out = tmp_path / "out.jsonl"
    before = len(out.read_text().splitlines()) if out.exists() else 0
    (report,) = crawl([server.url], out, state=tmp_path / "crawl.db", options=replace(OPTIONS, **changes))  # type: ignore[arg-type]
    lines = [json.loads(line) for line in out.read_text().splitlines()[before:]]
    return report, lines


def story_paths(server: SiteServer) -> list[str]:
    return [r.path for r in server.requests() if r.path.endswith(".html")]


@pytest.fixture
def both_site() -> Iterator[SiteServer]:
    with SiteServer(news_site(30, per_sitemap=10)) as server:
        yield server


def test_rss_only_site_gives_every_story_once(tmp_path: Path) -> None:
    site = news_site(30, sitemap=False)
    with SiteServer(site) as server:
        report, lines = run(server, tmp_path)
    assert sorted(str(line["url"]) for line in lines) == sorted(server.url + path for path, _, _ in site.stories)
    assert all(line["body"] and line["headline"] for line in lines)
    assert report.feeds == [server.url + "/rss.xml"] and report.sitemaps == []
    assert [r.status for r in server.requests("/sitemap.xml")] == [404]  # probed once, absent


def test_news_sitemap_index_of_gzip_sitemaps_without_a_feed(tmp_path: Path) -> None:
    site = news_site(30, feed=False, per_sitemap=10)
    with SiteServer(site) as server:
        report, lines = run(server, tmp_path)
        probes = {r.path for r in server.requests() if r.status == 404}
        server.clear()
        again, _ = run(server, tmp_path)
        second = server.requests()
    assert len(lines) == 30 and report.feeds == []
    assert {"/feed", "/rss", "/atom.xml", "/feed.json"} <= probes  # common feed paths, first run only
    assert [r.path for r in second if not r.conditional] == ["/robots.txt"]  # no re-probing
    assert again.articles == 0 and probes == set(COMMON_FEED_PATHS)


def test_second_crawl_of_an_unchanged_site_sends_only_conditional_requests(both_site: SiteServer, tmp_path: Path) -> None:
    first, lines = run(both_site, tmp_path)
    assert first.articles == 30 and len({line["url"] for line in lines}) == 30  # feed + sitemap: no duplicates
    # The crawler's read of robots.txt (for its Sitemap lines) also gives the fetcher its rules.
    assert len(both_site.requests("/robots.txt")) == 1
    both_site.clear()
    second, new_lines = run(both_site, tmp_path)
    log = both_site.requests()
    unconditional = [r.path for r in log if not r.conditional]
    # The fetcher reads robots.txt once per session for its politeness rules (RFC 9309 wants
    # fresh rules); every request the crawler itself makes is conditional.
    assert unconditional == ["/robots.txt"]
    assert all(r.status == 304 for r in log if r.conditional)
    assert story_paths(both_site) == [] and new_lines == [] and second.not_modified == second.requests


def test_new_stories_are_fetched_and_only_the_changed_sitemap_is_read(both_site: SiteServer, tmp_path: Path) -> None:
    run(both_site, tmp_path)
    publish(both_site.site, 5, per_sitemap=10)
    both_site.clear()
    report, lines = run(both_site, tmp_path)
    newest = {both_site.url + path for path, _, _ in both_site.site.stories[-5:]}
    assert {line["url"] for line in lines} == newest and len(story_paths(both_site)) == 5
    sitemaps = [r.path for r in both_site.requests("/sitemaps/")]
    assert sitemaps == ["/sitemaps/news-4.xml.gz"]  # news-1..3 unchanged by their index lastmod


def test_max_articles_takes_the_newest_and_since_skips_older(both_site: SiteServer, tmp_path: Path) -> None:
    report, lines = run(both_site, tmp_path, max_articles=4)
    stories = both_site.site.stories
    assert [line["url"] for line in sorted(lines, key=lambda l: str(l["published"]))] == [
        both_site.url + path for path, _, _ in stories[-4:]
    ]
    since = stories[19][2]
    _, more = run(both_site, tmp_path, since=since)
    assert {line["url"] for line in more} == {both_site.url + path for path, _, _ in stories[19:-4]}


def test_broken_feed_and_sitemap_bomb_end_quickly_with_what_could_be_read(tmp_path: Path) -> None:
    site = news_site(6, sitemap=False)
    feed = rss(list(reversed(site.stories))).encode()
    site.put("/rss.xml", feed[: feed.index(b"<item>", feed.index(b"<item>", feed.index(b"<item>") + 1) + 1)] + b"<title>&bogus <<", "rss")
    children = [("/sitemap_index.xml", site.stories[0][2])] + [(f"/loop-{i}.xml", site.stories[0][2]) for i in range(300)]
    site.put("/sitemap_index.xml", sitemap_index(children + [("/bomb.xml.gz", site.stories[0][2])]), "xml")
    for i in range(300):
        site.put(f"/loop-{i}.xml", sitemap_index([(f"/loop-{i}-{j}.xml", site.stories[0][2]) for j in range(50)]), "xml")
    site.put("/bomb.xml.gz", gzip.compress(b"<urlset>" + b" " * (32 * 1024 * 1024), mtime=0), "gzip")
    site.put("/robots.txt", "User-agent: *\nSitemap: /sitemap_index.xml\nSitemap: /bomb.xml.gz\n", "text")
    limits = SitemapLimits(max_sitemaps=25, max_depth=2, max_sitemap_bytes=512 * 1024)
    with SiteServer(site) as server:
        report, lines = run(server, tmp_path, sitemap_limits=limits)
        sitemap_requests = [r for r in server.requests() if r.path.endswith((".xml", ".xml.gz")) and r.path != "/rss.xml"]
    assert len(lines) == 2  # the two items before the break
    assert server.url + "/rss.xml" in report.errors
    assert any("decompressed bytes" in error for error in report.errors.values())
    assert len(sitemap_requests) <= 25 and report.limited


def test_crawl_resumes_after_a_crash_without_refetching_what_was_done(tmp_path: Path) -> None:
    site = news_site(24, sitemap=False)

    class CrashAfter:
        """Passes requests to the real fetcher, then dies on the sixth story page."""

        def __init__(self, inner: Fetcher) -> None:
            self.inner, self.stories = inner, 0

        async def fetch(self, url: str, *, headers: Mapping[str, str] | None = None) -> FetchResult:
            if url.endswith(".html"):
                self.stories += 1
                if self.stories == 6:
                    raise RuntimeError("simulated crash")
            return await self.inner.fetch(url, headers=headers)

    async def crashing_run(state: CrawlState, out: Path) -> None:
        async with Fetcher(crawl_options_fetch(replace(FETCH, per_host=1, concurrency=1))) as inner:
            with out.open("a") as stream:
                await crawl_async([server.url], stream, state, replace(OPTIONS, fetch=replace(FETCH, concurrency=1)),
                                  fetcher=CrashAfter(inner))  # type: ignore[arg-type]

    with SiteServer(site) as server:
        with CrawlState(tmp_path / "crawl.db") as state:
            with pytest.raises(RuntimeError, match="simulated crash"):
                anyio.run(crashing_run, state, tmp_path / "out.jsonl")
            (row,) = state.status()
            done = {url for (url,) in state.db.execute("SELECT url FROM urls WHERE state = 'done' AND kind = 'page'")}
        # The fifth story may have been in flight (cancelled): at least four were finished.
        assert row.last_run_state == "interrupted" and row.articles >= 4 and row.articles + row.pending == 24
        server.clear()
        report, _ = run(server, tmp_path)
        refetched = {server.url + path for path in story_paths(server)}
    lines = (tmp_path / "out.jsonl").read_text().splitlines()
    assert len(lines) == 24 and len({json.loads(line)["url"] for line in lines}) == 24
    assert not refetched & done and len(refetched) == row.pending


def test_failures_wait_for_retry_after_and_show_in_status(tmp_path: Path) -> None:
    site = news_site(8, sitemap=False)
    busy_path = site.stories[3][0]
    page = site.pages[busy_path]
    site.pages[busy_path] = Page(page.body, page.kind, page.modified, status=503, headers=(("Retry-After", "3600"),))
    with SiteServer(site) as server:
        report, lines = run(server, tmp_path)
        server.clear()
        again, _ = run(server, tmp_path)
        assert busy_path not in story_paths(server)  # Retry-After not over yet
    assert report.failures == 1 and len(lines) == 7 and again.failures == 0
    with CrawlState(tmp_path / "crawl.db") as state:
        (row,) = state.status()
        retry_at = state.db.execute("SELECT retry_at FROM urls WHERE state = 'failed'").fetchone()[0]
    assert row.failing == 1 and row.articles == 7 and retry_at > row.last_run.isoformat()  # type: ignore[union-attr]


def test_listing_pages_in_a_feed_are_fetched_but_not_kept(tmp_path: Path) -> None:
    site = news_site(3, sitemap=False)
    listing = "/kalo-mirensul/"  # a two-word path: the URL cannot tell, the page must
    site.put(listing, site.pages["/nolta/"].body)
    site.put("/rss.xml", rss(site.stories + [(listing, "Kalo", site.stories[-1][2]), ("/nolta/", "Nolta", site.stories[-1][2]),
                                             ("http://127.0.0.2:9/elsewhere/a-story-elsewhere-123456", "Off site", site.stories[-1][2])]), "rss")
    with SiteServer(site) as server:
        report, lines = run(server, tmp_path)
        requested = {r.path for r in server.requests()}
    assert len(lines) == 3 and report.not_articles == 1
    assert listing in requested and "/nolta/" not in requested  # section: dropped by its URL


def test_site_arguments_and_same_site_rule() -> None:
    assert site_origin("Example.com/news/") == "https://example.com/"
    assert site_origin("http://127.0.0.1:8080/x") == "http://127.0.0.1:8080/"
    for bad in ("ftp://x.example", "http://", "   "):
        with pytest.raises(CrawlError):
            site_origin(bad)
    assert on_site("https://www.news.example/a", "https://news.example/")
    assert on_site("https://m.news.example/a", "https://www.news.example/")
    assert not on_site("https://evilnews.example/a", "https://news.example/")


def test_private_addresses_are_refused_without_allow_private(tmp_path: Path) -> None:
    with SiteServer(news_site(2)) as server:
        report, lines = run(server, tmp_path, fetch=replace(FETCH, allow_private=False))
        assert server.requests() == []  # refused before connecting
    assert lines == [] and all("blocked_address" in e for e in report.errors.values()) and report.errors


def test_cli_crawl_then_status(both_site: SiteServer, tmp_path: Path) -> None:
    runner = CliRunner()
    state, out = str(tmp_path / "c.db"), str(tmp_path / "o.jsonl")
    result = runner.invoke(app, ["crawl", both_site.url, "-o", out, "--state", state, "--delay", "0",
                                 "--allow-private", "--max-articles", "7"])
    assert result.exit_code == 0, result.output
    assert len(Path(out).read_text().splitlines()) == 7
    status = runner.invoke(app, ["crawl", "--status", "--state", state], env={"COLUMNS": "200"})
    assert status.exit_code == 0
    row = next(line for line in status.output.splitlines() if "127.0.0.1" in line)
    assert [cell.strip() for cell in row.split("│")[2:4]] == ["7", "23"]  # articles, pending
    usage = runner.invoke(app, ["crawl", "--state", state])
    assert usage.exit_code == 2
    bad_since = runner.invoke(app, ["crawl", both_site.url, "-o", out, "--state", state, "--since", "soon"])
    assert bad_since.exit_code == 2


def test_a_failed_sitemap_child_is_retried_even_when_its_index_is_unchanged(tmp_path: Path) -> None:
    site = news_site(30, feed=False, per_sitemap=10)
    child = site.pages["/sitemaps/news-2.xml.gz"]
    site.pages["/sitemaps/news-2.xml.gz"] = replace(child, status=500, headers=(("Retry-After", "0"),))
    with SiteServer(site) as server:
        first, lines = run(server, tmp_path)
        site.pages["/sitemaps/news-2.xml.gz"] = child
        server.clear()
        second, more = run(server, tmp_path)
        index = server.requests("/sitemap_index.xml")
    assert len(lines) == 20 and first.errors and len(more) == 10
    assert [r.status for r in index] == [304] and second.failures == 0
