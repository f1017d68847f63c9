"""news-extractor: news pages in, clean structured articles out.

    >>> import extractor
    >>> article = extractor.extract(html_bytes, url="https://example.com/story")
    >>> article.headline, article.published, article.body

`extract` is a pure function (no network, no shared state); the fetcher and the command line
are built on it.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .article import Article, Author, Candidate, DroppedBlock, Provenance, Quote
from .fetcher import FetchError, Fetcher, FetchOptions, FetchResult, fetch, fetch_article, fetch_many
from .errors import (
    DocumentTooDeepError,
    DocumentTooLargeError,
    EmptyDocumentError,
    ExtractError,
    NotHTMLError,
)
from .pipeline import extract
from .options import ExtractOptions
from .quotes import find_quotes
from .warc import ExtractFailure, iter_warc
from .crawler import CrawlOptions, crawl
from .discovery import Link, SitemapLimits, classify_page, classify_url, find_feed_links, parse_feed, parse_sitemap

try:
    __version__ = version("news-extractor")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = [
    "Article",
    "Author",
    "Candidate",
    "DocumentTooDeepError",
    "DocumentTooLargeError",
    "DroppedBlock",
    "EmptyDocumentError",
    "ExtractError",
    "ExtractFailure",
    "ExtractOptions",
    "FetchError",
    "FetchOptions",
    "FetchResult",
    "Fetcher",
    "NotHTMLError",
    "Provenance",
    "Quote",
    "__version__",
    "extract",
    "fetch",
    "fetch_article",
    "fetch_many",
    "find_quotes",
    "iter_warc",
    "CrawlOptions",
    "Link",
    "SitemapLimits",
    "classify_page",
    "classify_url",
    "crawl",
    "find_feed_links",
    "parse_feed",
    "parse_sitemap",
]
