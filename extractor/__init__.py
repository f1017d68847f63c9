"""news-extractor: news pages in, clean structured articles out.

    >>> import extractor
    >>> article = extractor.extract(html_bytes, url="https://example.com/story")
    >>> article.headline, article.published, article.body

`extract` is a pure function (no network, no shared state); the fetcher and the command line
are built on it.
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from .article import Article, Author, Candidate, DroppedBlock, Provenance, Quote, StoryImage, StoryLink
from .errors import (
    DocumentTooComplexError,
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
from .discovery import Link, SitemapLimits, classify_page, classify_url, find_feed_links, parse_feed, parse_sitemap

if TYPE_CHECKING:
    from .crawler import CrawlOptions, crawl
    from .fetcher import Fetcher, FetchOptions, FetchResult, fetch, fetch_many
    from .runs.fetching import FetchError, fetch_article

# The fetcher and the crawler load httpx and its async stack, a third of a second; a pipeline
# (or a WARC worker process) that only calls `extract` should not pay for them.
_LAZY = {
    **dict.fromkeys(
        ("Fetcher", "FetchOptions", "FetchResult", "fetch", "fetch_many"), ".fetcher"
    ),
    "FetchError": ".runs.fetching",
    "fetch_article": ".runs.fetching",
    "CrawlOptions": ".crawler",
    "crawl": ".crawler",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


try:
    __version__ = version("news-extractor")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = [
    "Article",
    "Author",
    "Candidate",
    "DocumentTooComplexError",
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
    "StoryImage",
    "StoryLink",
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
