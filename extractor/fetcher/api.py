"""The entry points: `fetch` (one URL, blocking) and `fetch_many` (many, async).

`extractor.fetch_article` (fetch and extract) lives with the runs, in `extractor.runs.fetching`:
the fetcher only downloads."""

from __future__ import annotations

from pathlib import Path
from typing import AsyncIterable, AsyncIterator, Iterable, Mapping

import anyio

from .addresses import Resolver
from .cache import HttpCache
from .client import Fetcher
from .options import FetchOptions
from .result import FetchResult
from .warc import WarcSink


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


class _Nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc_info: object) -> None:
        return None


def _optional_cache(path: str | Path | None) -> HttpCache | _Nothing:
    return HttpCache(path) if path is not None else _Nothing()


def _optional_warc(path: str | Path | None) -> WarcSink | _Nothing:
    return WarcSink(path) if path is not None else _Nothing()
