"""Discovery: from a news site to the URLs of its stories.

Modules: `feeds` (finding and reading RSS / Atom / JSON Feed), `sitemaps` (robots.txt lines,
indexes, gzip, Google News, bounded walks), `classify` (article or not, from the URL and the
page), `xmlread` (bounded, entity-refusing XML reading), `dates`, `links` (the `Link` model).
Everything here is pure (bytes in, links out); the crawler does the fetching.
"""

from __future__ import annotations

from .classify import Verdict, classify_page, classify_url, classify_urls
from .feeds import Feed, find_feed_links, parse_feed
from .links import Link
from .sitemaps import Sitemap, SitemapLimits, SitemapWalker, parse_sitemap, sitemaps_from_robots, walk_sitemaps

__all__ = [
    "Feed",
    "Link",
    "Sitemap",
    "SitemapLimits",
    "SitemapWalker",
    "Verdict",
    "classify_page",
    "classify_url",
    "classify_urls",
    "find_feed_links",
    "parse_feed",
    "parse_sitemap",
    "sitemaps_from_robots",
    "walk_sitemaps",
]
