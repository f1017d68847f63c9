"""The three entry points: `fetch`, `fetch_many`, `fetch_article`."""

from __future__ import annotations

from pathlib import Path
from typing import AsyncIterable, AsyncIterator, Iterable, Mapping

import anyio

from ..article import Article
from ..errors import ExtractError
from ..options import ExtractOptions
from ..pipeline import extract
from .addresses import Resolver
from .cache import HttpCache
from .client import Fetcher
from .options import FetchOptions
from .result import FetchResult
from .warc import WarcSink


class FetchError(ExtractError):
    """`fetch_article` could not download the page; ``result`` says why (``result.error``)."""

    def __init__(self, result: FetchResult) -> None:
        super().__init__(f"{result.url}: {result.error}: {result.message}")
        self.result = result


def fetch(
    url: str,
    *,
    options: FetchOptions | None = None,
    headers: Mapping[str, str] | None = None,
    cache_dir: str | Path | None = None,
    resolver: Resolver | None = None,
) -> FetchResult:
    """Download one URL (blocking). Never raises for network or server trouble: check
    ``result.error``. Inside async code use `Fetcher` instead (this starts an event loop)."""

    async def run() -> FetchResult:
        with _optional_cache(cache_dir) as cache:
            async with Fetcher(options, cache=cache, resolver=resolver) as fetcher:
                return await fetcher.fetch(url, headers=headers)

    return anyio.run(run)


async def fetch_many(
    urls: Iterable[str] | AsyncIterable[str],
    *,
    options: FetchOptions | None = None,
    cache_dir: str | Path | None = None,
    warc_path: str | Path | None = None,
    resolver: Resolver | None = None,
) -> AsyncIterator[FetchResult]:
    """Fetch many URLs politely and concurrently; yields each `FetchResult` as it completes.

    ``urls`` may be any (async) iterable, read lazily: memory does not grow with its length.
    ``warc_path`` appends every response to a WARC file; ``cache_dir`` enables the HTTP cache.

        async for result in extractor.fetch_many(open("urls.txt")):
            ...
    """
    with _optional_cache(cache_dir) as cache, _optional_warc(warc_path) as warc:
        async with Fetcher(options, cache=cache, warc=warc, resolver=resolver) as fetcher:
            async for result in fetcher.fetch_many(urls):
                yield result


def article_from_result(result: FetchResult, options: ExtractOptions | None = None) -> Article:
    """Extract the article from a successful fetch (`FetchError` when it failed).

    The extraction sees the final URL (after redirects) and the response headers (charset).
    """
    if result.error is not None:
        raise FetchError(result)
    return extract(result.content, result.final_url, headers=result.headers, options=options)


def fetch_article(
    url: str,
    *,
    options: FetchOptions | None = None,
    extract_options: ExtractOptions | None = None,
) -> Article:
    """Fetch a page and extract its article.

    Raises:
        FetchError: the download failed (``error.result.error`` is the code).
        ExtractError: the page could not be extracted (not HTML, empty, ...).
    """
    return article_from_result(fetch(url, options=options), extract_options)


class _Nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc_info: object) -> None:
        return None


def _optional_cache(path: str | Path | None) -> HttpCache | _Nothing:
    return HttpCache(path) if path is not None else _Nothing()


def _optional_warc(path: str | Path | None) -> WarcSink | _Nothing:
    return WarcSink(path) if path is not None else _Nothing()
