"""Discovery without the network: feeds, sitemaps, bounded XML, the article classifier, paths."""

from __future__ import annotations

import gzip
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from extractor.crawler.paths import default_state_path
from extractor.crawler.state import MAX_FAILURES, CrawlState, Outcome, retry_delay
from extractor.discovery import (
    SitemapLimits,
    classify_page,
    classify_url,
    classify_urls,
    find_feed_links,
    parse_feed,
    parse_sitemap,
    sitemaps_from_robots,
    walk_sitemaps,
)
from extractor.discovery.dates import parse_date
from extractor.discovery.feeds import looks_like_feed
from extractor.discovery.links import Link
from extractor.discovery.xmlread import read_records
from test_crawl_sites import SECTIONS, news_site

UTC = timezone.utc

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title>
<item><title>First &amp; best</title><link>/news/2024/05/01/first-story-of-the-day</link>
<pubDate>Wed, 01 May 2024 10:00:00 +0200</pubDate></item>
<item><title>Guid only</title><guid>https://news.example/a/123456</guid><dc:date>2024-05-02</dc:date></item>
<item><title>No link at all</title></item>
</channel></rss>"""

ATOM = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
<entry><title>Atom story</title><link rel="self" href="https://news.example/self"/>
<link rel="alternate" href="https://news.example/atom-story-with-words"/>
<published>2024-05-03T08:00:00Z</published><updated>2024-05-04T08:00:00Z</updated></entry></feed>"""

JSON_FEED = (
    b'{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": ['
    b'{"id": "1", "url": "/json/story-one-here", "title": "J one", "date_published": "2024-05-05T00:00:00Z"},'
    b'{"id": "2", "external_url": "https://news.example/ext/story-two-here"}, "junk", {"id": "3"}]}'
)

NEWS_URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example/2024/05/06/news-sitemap-story</loc><lastmod>2024-05-06T12:00:00Z</lastmod>
<news:news><news:publication><news:name>N</news:name><news:language>xx</news:language></news:publication>
<news:publication_date>2024-05-06T11:00:00+01:00</news:publication_date><news:title>News title</news:title></news:news></url>
<url><loc>https://news.example/plain-sitemap-entry-here</loc><lastmod>2024-05-07</lastmod></url>
</urlset>"""


def test_rss_items_give_urls_titles_and_dates_resolved_against_the_feed() -> None:
    feed = parse_feed(RSS, "https://news.example/feed")
    assert feed.kind == "rss" and feed.error is None
    assert [link.url for link in feed.links] == [
        "https://news.example/news/2024/05/01/first-story-of-the-day",
        "https://news.example/a/123456",
    ]
    assert feed.links[0].title == "First & best"
    assert feed.links[0].published == datetime(2024, 5, 1, 8, tzinfo=UTC)
    assert feed.links[1].published == datetime(2024, 5, 2, tzinfo=UTC)


def test_atom_prefers_the_alternate_link_and_reads_updated() -> None:
    (link,) = parse_feed(ATOM, "https://news.example/atom").links
    assert link.url == "https://news.example/atom-story-with-words" and link.source == "atom"
    assert link.modified == datetime(2024, 5, 4, 8, tzinfo=UTC)
    assert link.newest == link.modified


def test_json_feed_items_skip_entries_without_a_url() -> None:
    feed = parse_feed(JSON_FEED, "https://news.example/feed.json")
    assert [link.url for link in feed.links] == [
        "https://news.example/json/story-one-here",
        "https://news.example/ext/story-two-here",
    ]
    assert feed.kind == "json-feed" and feed.links[0].title == "J one"


def test_truncated_feed_keeps_the_items_before_the_break() -> None:
    feed = parse_feed(RSS[: RSS.index(b"<item><title>Guid")] + b"<item><title>cut", "https://news.example/feed")
    assert [link.title for link in feed.links] == ["First & best"]
    assert feed.error


def test_html_entities_and_bare_ampersands_in_a_feed_are_repaired() -> None:
    broken = b"<rss><channel><item><title>A&nbsp;B</title><link>https://x.example/a?b=1&c=2-long-story</link></item></channel></rss>"
    (link,) = parse_feed(broken, "https://x.example/").links
    assert link.title == "A\u00a0B" and link.url == "https://x.example/a?b=1&c=2-long-story"


def test_entity_declarations_are_refused_before_expansion() -> None:
    laughs = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><rss><channel><item><link>&b;</link></item></channel></rss>'
    feed = parse_feed(laughs, "https://x.example/")
    assert feed.links == () and "entities" in (feed.error or "")


def test_not_a_feed_gives_an_error_and_no_links() -> None:
    for data in (b"<html><body>hi</body></html>", b"", b"\x00\x01binary", b'{"items": 3}', b"{not json"):
        feed = parse_feed(data, "https://x.example/")
        assert feed.links == () and feed.error


def test_feed_links_come_from_link_alternate_with_a_feed_type_and_base_href() -> None:
    html = (
        '<html><head><base href="https://cdn.example/sub/">'
        '<link rel="alternate" type="application/rss+xml" href="rss.xml">'
        '<link rel="Alternate" type="application/atom+xml; charset=utf-8" href="/atom">'
        '<link rel="alternate" type="text/html" href="/en/">'
        '<link rel="stylesheet" type="application/rss+xml" href="/nope">'
        '<link rel="alternate" type="application/feed+json" href="javascript:alert(1)">'
        "</head></html>"
    )
    assert find_feed_links(html, "https://news.example/") == ["https://cdn.example/sub/rss.xml", "https://cdn.example/atom"]
    assert find_feed_links("", "https://news.example/") == []


def test_looks_like_feed_tells_feeds_from_html_error_pages() -> None:
    assert looks_like_feed(RSS) and looks_like_feed(ATOM) and looks_like_feed(JSON_FEED)
    assert not looks_like_feed(b"<!doctype html><html><body>404</body></html>")


def test_news_sitemap_entries_carry_publication_date_and_title() -> None:
    sitemap = parse_sitemap(gzip.compress(NEWS_URLSET), "https://news.example/news.xml.gz")
    news, plain = sitemap.links
    assert sitemap.kind == "urlset"
    assert (news.source, news.title) == ("news-sitemap", "News title")
    assert news.published == datetime(2024, 5, 6, 10, tzinfo=UTC)
    assert news.modified == datetime(2024, 5, 6, 12, tzinfo=UTC)
    assert (plain.source, plain.modified) == ("sitemap", datetime(2024, 5, 7, tzinfo=UTC))


def test_sitemap_index_lists_children_with_lastmod() -> None:
    index = b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>/a.xml.gz</loc><lastmod>2024-01-02</lastmod></sitemap><sitemap><loc>/b.xml</loc></sitemap></sitemapindex>'
    sitemap = parse_sitemap(index, "https://news.example/index.xml")
    assert sitemap.kind == "index"
    assert [(ref.url, ref.lastmod) for ref in sitemap.children] == [
        ("https://news.example/a.xml.gz", datetime(2024, 1, 2, tzinfo=UTC)),
        ("https://news.example/b.xml", None),
    ]


def test_gzip_bomb_sitemap_stops_at_the_byte_limit_quickly() -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * (64 * 1024 * 1024))
    started = time.perf_counter()
    sitemap = parse_sitemap(bomb, "https://x.example/bomb.xml.gz", limits=SitemapLimits(max_sitemap_bytes=1024 * 1024))
    assert sitemap.truncated and sitemap.size == 1024 * 1024 and "decompressed bytes" in (sitemap.error or "")
    assert time.perf_counter() - started < 5  # a guard against an unbounded inflate, not a benchmark


def test_corrupt_gzip_keeps_what_inflated() -> None:
    body = b"<urlset>" + b"".join(b"<url><loc>https://x.example/s/%d</loc></url>" % (i * 7919 % 100003) for i in range(20000)) + b"</urlset>"
    data = gzip.compress(body)
    sitemap = parse_sitemap(data[: len(data) // 2] + b"garbage" * 100, "https://x.example/s.xml.gz")
    assert sitemap.kind == "urlset" and sitemap.error and 1000 < len(sitemap.links) < 20000


def test_sitemap_urls_per_document_are_capped() -> None:
    body = b"<urlset>" + b"".join(b"<url><loc>https://x.example/s%d</loc></url>" % i for i in range(500)) + b"</urlset>"
    sitemap = parse_sitemap(body, "https://x.example/", limits=SitemapLimits(max_urls=100))
    assert len(sitemap.links) == 100 and sitemap.truncated


def test_robots_sitemap_lines_in_any_case_with_comments() -> None:
    robots = "User-agent: *\nDisallow: /x\nSITEMAP: /news.xml # news\nSitemap:https://news.example/all.xml\nsitemap: ftp://bad/x\n"
    assert sitemaps_from_robots(robots, "https://news.example/robots.txt") == [
        "https://news.example/news.xml",
        "https://news.example/all.xml",
    ]


def _bomb_index(url: str) -> bytes:
    # Lists itself, a deeper index, and 1,000 children: every trick at once.
    children = b"".join(b"<sitemap><loc>/child-%d.xml</loc></sitemap>" % i for i in range(1000))
    return b"<sitemapindex><sitemap><loc>" + url.encode() + b"</loc></sitemap><sitemap><loc>/deeper.xml</loc></sitemap>" + children + b"</sitemapindex>"


def test_sitemap_walk_is_bounded_in_count_and_reads_each_url_once() -> None:
    loaded: list[str] = []

    def load(url: str) -> bytes:
        loaded.append(url)
        return _bomb_index(url) if "index" in url or "deeper" in url else NEWS_URLSET

    walk = walk_sitemaps(["https://x.example/index.xml"], load, limits=SitemapLimits(max_sitemaps=30))
    assert len(loaded) == 30 and len(set(loaded)) == 30
    assert any(reason.startswith("max_sitemaps") for reason in walk.limited)


def test_sitemap_walk_is_bounded_in_depth() -> None:
    def load(url: str) -> bytes:
        depth = url.count("n")
        return b"<sitemapindex><sitemap><loc>" + (url + "n").encode() + b"</loc></sitemap></sitemapindex>" if depth < 50 else b""

    walk = walk_sitemaps(["https://x.example/i"], load, limits=SitemapLimits(max_depth=3))
    assert len(walk.read) == 3 and walk.limited == ["max_depth=3"]


def test_sitemap_walk_skips_children_the_caller_knows() -> None:
    index = b"<sitemapindex><sitemap><loc>/old.xml</loc><lastmod>2024-01-01</lastmod></sitemap><sitemap><loc>/new.xml</loc><lastmod>2024-05-01</lastmod></sitemap></sitemapindex>"
    docs = {"https://x.example/i.xml": index, "https://x.example/new.xml": NEWS_URLSET, "https://x.example/old.xml": NEWS_URLSET}
    walk = walk_sitemaps(list(docs)[:1], docs.__getitem__, skip=lambda ref: ref.url.endswith("old.xml"))
    assert walk.read == ["https://x.example/i.xml", "https://x.example/new.xml"] and len(walk.links) == 2


def test_dates_in_feed_and_sitemap_formats() -> None:
    assert parse_date("2024-05-01") == datetime(2024, 5, 1, tzinfo=UTC)
    assert parse_date("Wed, 01 May 2024 10:00:00 GMT") == datetime(2024, 5, 1, 10, tzinfo=UTC)
    assert parse_date("2024-05-01T10:00:00.123+02:00") == datetime(2024, 5, 1, 8, 0, 0, 123000, tzinfo=UTC)
    for junk in (None, "", "yesterday-ish", "x" * 500, "99999-99-99"):
        assert parse_date(junk) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/2024/05/01/minister-resigns",
        "https://news.example/politik/ein-langer-titel-ueber-etwas-wichtiges",
        "https://news.example/world/article/123456",
        "https://news.example/story.asp?id=7606486&nav=menu",
        "https://news.example/a/ALeqM5hZSZFeCwHOyPd63",
        "https://news.example/2013/11/27/travel/weather/index.html",
        "https://news.example/category/story.cfm?c_id=18&objectid=10486887",
        "https://news.example/新闻/2024/05/01/故事",
    ],
)
def test_story_urls_are_articles(url: str) -> None:
    assert classify_url(url).is_article, classify_url(url).reasons


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/",
        "https://news.example/index.html",
        "https://news.example/sport/",
        "https://news.example/sport/football/",
        "https://news.example/tag/brexit-talks-latest/",
        "https://news.example/author/jane-doe",
        "https://news.example/topics/climate/2",
        "https://news.example/video/2024/05/01/goal-of-the-day-12345",
        "https://news.example/gallery/best-photos-of-the-week-2024",
        "https://news.example/news?page=3",
        "https://news.example/feed.xml",
        "https://news.example/image-of-the-day.jpg",
        "mailto:desk@news.example",
        "http://[::1",
    ],
)
def test_listing_media_and_file_urls_are_not_articles(url: str) -> None:
    assert classify_url(url).is_not_article, classify_url(url).reasons


def test_a_parent_of_listed_urls_is_a_section_even_with_a_slug_like_name() -> None:
    urls = [
        "https://news.example/world-us-canada-news/",
        "https://news.example/world-us-canada-news/first-story-about-things",
        "https://news.example/world-us-canada-news/second-story-about-things",
    ]
    verdicts = classify_urls(urls)
    assert verdicts[urls[0]].is_not_article and "parent-of" in verdicts[urls[0]].reasons[-1]
    assert verdicts[urls[1]].is_article


def test_page_classifier_on_fixture_pages() -> None:
    site = news_site(12, seed=9)
    story = site.stories[0][0]
    assert classify_page(site.pages[story].body, "https://f.example" + story, body="text " * 100).is_article
    others = ["/", f"/{SECTIONS[0]}/", "/tag/dunlo-rensul/", "/author/mika-zelren/",
              "/video/2024/03/01/kalo-mirensul-clip/", "/gallery/2024/03/01/vozel-pridun-photos/"]
    for path in others:
        verdict = classify_page(site.pages[path].body, "https://f.example" + path, body="")
        assert verdict.is_not_article, (path, verdict.reasons)


def test_page_classifier_never_fails_on_junk() -> None:
    for junk in (b"", b"\x00\xff" * 10, "<html>", '<script type="application/ld+json">{"@type": [</script>'):
        assert classify_page(junk).label in ("not-article", "unknown")


def test_default_state_path_follows_the_platform() -> None:
    assert default_state_path({"XDG_DATA_HOME": "/data", "HOME": "/h"}, "linux") == Path("/data/news-extractor/crawl.db")
    assert default_state_path({"XDG_DATA_HOME": "relative", "HOME": "/h"}, "linux") == Path("/h/.local/share/news-extractor/crawl.db")
    assert default_state_path({"HOME": "/h"}, "darwin") == Path("/h/Library/Application Support/news-extractor/crawl.db")
    assert default_state_path({"LOCALAPPDATA": "C:/L", "HOME": "/h"}, "win32") == Path("C:/L/news-extractor/crawl.db")


def test_state_keeps_validators_and_reopens_changed_links(tmp_path: Path) -> None:
    site = "https://news.example/"
    url = "https://news.example/2024/05/01/story-of-the-day"
    with CrawlState(tmp_path / "s.db") as state:
        assert state.add_links(site, [Link(url, "rss", published=datetime(2024, 5, 1, tzinfo=UTC))]) == 1
        assert state.add_links(site, [Link(url, "rss")]) == 0
        assert state.due(site) == [url]
        state.record(url, site, "page", Outcome("done", 200, '"e1"', "Wed, 01 May 2024 10:00:00 GMT"))
        assert state.due(site) == []
        assert state.conditional_headers(url) == {"If-None-Match": '"e1"', "If-Modified-Since": "Wed, 01 May 2024 10:00:00 GMT"}
        later = datetime.now(UTC) + timedelta(days=1)
        state.add_links(site, [Link(url, "sitemap", modified=later)])
        assert state.due(site) == [url]  # listed as changed after our copy: fetch again
    with CrawlState(tmp_path / "s.db") as state:  # survives reopening
        assert state.conditional_headers(url)["If-None-Match"] == '"e1"'


def test_state_schedules_retries_and_gives_up(tmp_path: Path) -> None:
    site = "https://news.example/"
    url = "https://news.example/a/12345"
    with CrawlState(tmp_path / "s.db") as state:
        state.add_links(site, [Link(url, "rss")])
        state.record(url, site, "page", Outcome("failed", 503, error="busy", retry_after=timedelta(seconds=0)))
        assert state.due(site) == [url]  # Retry-After: 0 means now
        for _ in range(MAX_FAILURES):
            state.record(url, site, "page", Outcome("failed", 500, error="broken"))
        assert state.due(site) == [] and state.status()[0].gone == 1 if state.status() else True
    assert retry_delay(1, None) == timedelta(hours=1) and retry_delay(3, None) == timedelta(hours=4)
    assert retry_delay(1, timedelta(days=90)) == timedelta(days=7)


def test_state_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    from extractor.crawler import StateError

    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StateError):
        CrawlState(bad)
