"""URL lists through the fetcher: what ``extractor fetch`` runs, and `fetch_article`.

The fetcher only downloads (it knows nothing of extraction); here each `FetchResult` becomes
a `Page` (or, for a failed download, a failure record with the fetch error's code), and the
`Runner` extracts pages in its threads or processes while the event loop keeps fetching. One
line per input URL is written and flushed as soon as that URL is done, so Ctrl-C loses
nothing already fetched.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, AsyncIterator, Iterable

import anyio
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from ..article import Article
from ..errors import ExtractError
from ..fetcher import FetchOptions, FetchResult, fetch, fetch_many
from ..fetcher.addresses import Resolver
from ..fetcher.client import as_async_iter
from ..options import ExtractOptions
from ..pipeline import extract
from ..record import ExtractFailure, Origin
from ..warc.worker import DEFAULT_PAGE_TIMEOUT
from .outcome import Extracted, Outcome, line_of
from .output import source_key
from .pages import Input, Page
from .runner import Runner

#: Printed on stderr whenever robots.txt checking is turned off, even with --quiet.
NO_ROBOTS_WARNING = (
    "WARNING: robots.txt is NOT being checked (--no-robots). Sites may block or report this "
    "crawler; only use it on sites you own or have permission to crawl."
)


class FetchError(ExtractError):
    """`fetch_article` could not download the page; ``result`` says why (``result.error``)."""

    def __init__(self, result: FetchResult) -> None:
        super().__init__(f"{result.url}: {result.error}: {result.message}")
        self.result = result


def fetch_facts(result: FetchResult) -> dict[str, Any]:
    """The ``run.fetch`` object of a line: what the download did."""
    facts = result.to_dict()
    for key in ("url", "error", "message"):
        facts.pop(key)
    return facts


def fetched_page(result: FetchResult, crawl: dict[str, Any] | None = None) -> Input:
    """The page a fetch gave, or its failure record (code: the fetch error code)."""
    origin = Origin(result.url, fetch=fetch_facts(result), crawl=crawl)
    if result.error is not None:
        return ExtractFailure(result.url, "FetchError", result.message or result.error, origin,
                              code=result.error)
    return Page(result.final_url, result.content, origin, result.headers)


def article_from_result(result: FetchResult, options: ExtractOptions | None = None) -> Article:
    """Extract the article from a successful fetch (`FetchError` when it failed).

    The extraction sees the final URL (after redirects) and the response headers (charset).
    """
    if result.error is not None:
        raise FetchError(result)
    return extract(result.content, result.final_url, headers=result.headers, options=options)


def fetch_article(
    url: str, *, options: FetchOptions | None = None, extract_options: ExtractOptions | None = None,
) -> Article:
    """Fetch a page and extract its article.

    Raises:
        FetchError: the download failed (``error.result.error`` is the code).
        ExtractError: the page could not be extracted (not HTML, empty, ...).
    """
    return article_from_result(fetch(url, options=options), extract_options)


@dataclass
class BatchStats:
    """Counts for the progress bar and the closing summary."""

    done: int = 0
    failed: int = 0
    skipped: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    started: float = field(default_factory=time.monotonic)

    def count(self, error: str | None) -> None:
        self.done += 1
        if error is not None:
            self.failed += 1
            self.errors[error] += 1

    @property
    def rate(self) -> float:
        """URLs finished per second so far."""
        return self.done / max(time.monotonic() - self.started, 1e-9)

    def table(self) -> Table:
        """The summary printed at the end of a run."""
        table = Table(title="extractor fetch")
        table.add_column("outcome")
        table.add_column("URLs", justify="right")
        table.add_row("articles written", str(self.done - self.failed))
        for error, number in sorted(self.errors.items(), key=lambda item: -item[1]):
            table.add_row(f"failed: {error}", str(number))
        if self.skipped:
            table.add_row("skipped (--resume)", str(self.skipped))
        table.add_row("total", str(self.done))
        table.add_row("per second", f"{self.rate:.1f}")
        return table


def progress_display(console: Console, total: int | None) -> Progress:
    """A bar with the count, rate and time left when the total is known; a spinner if not."""
    rate = TextColumn("{task.fields[rate]:.1f}/s")
    failed = TextColumn("[red]{task.fields[failed]}[/] failed")
    if total is None:
        columns: tuple[Any, ...] = (SpinnerColumn(), TextColumn("[bold]{task.completed}[/] done"),
                                    failed, rate, TimeElapsedColumn())
    else:
        columns = (BarColumn(), MofNCompleteColumn(), failed, rate, TimeRemainingColumn())
    return Progress(*columns, console=console, transient=True)


class LineWriter:
    """Writes outcomes as JSON lines, flushing each, and keeps the counts and the bar current."""

    def __init__(self, sink: IO[str], stats: BatchStats, bar: Progress | None,
                 total: int | None = None) -> None:
        self._sink = sink
        self._stats = stats
        self._bar = bar
        self._task = bar.add_task("fetch", total=total, failed=0, rate=0.0) if bar else None

    def write(self, outcome: Outcome) -> None:
        self._sink.write(line_of(outcome) + "\n")
        self._sink.flush()
        self._stats.count(None if isinstance(outcome, Extracted) else outcome.code)
        if self._bar is not None and self._task is not None:
            stats = self._stats
            self._bar.update(self._task, completed=stats.done + stats.skipped, failed=stats.failed, rate=stats.rate)


async def lines_of(stream: IO[str]) -> AsyncIterator[str]:
    """Lines of a text stream read in a worker thread, so a slow pipe never stalls fetching."""
    while True:
        line = await anyio.to_thread.run_sync(stream.readline)
        if not line:
            return
        yield line


async def _skipping(
    urls: Iterable[str] | AsyncIterator[str], done: set[bytes], stats: BatchStats
) -> AsyncIterator[str]:
    async for url in as_async_iter(urls):
        if done and source_key(url) in done:
            stats.skipped += 1
            continue
        yield url


async def extract_while_fetching(
    inputs: AsyncIterator[Input], writer: LineWriter, runner: Runner
) -> None:
    """Extraction on the runner while the event loop keeps fetching.

    The next fetched page and the running batches are awaited together, so whichever comes
    first is handled first: a page joins the queue, a finished batch is written out. A slow
    trickle is never held for a batch to fill: an idle slot takes whatever is queued. In
    this process one batch runs at a time and takes every page fetched while the last one ran
    (`Runner.in_flight`, `Runner.batch_size`).
    """
    slots, limit, size = runner.slots, runner.in_flight, runner.batch_size
    running: set[asyncio.Future[list[Outcome]]] = set()
    queued: list[Input] = []
    source = aiter(inputs)
    fetching: asyncio.Future[Input] | None = asyncio.ensure_future(anext(source))
    try:
        while fetching is not None or running or queued:
            idle = len(running) < slots
            if queued and len(running) < limit and (idle or len(queued) >= size or fetching is None):
                running.add(asyncio.ensure_future(runner.extract_async(tuple(queued[:size]))))
                del queued[:size]
            waits: set[asyncio.Future[Any]] = set(running)
            full = len(running) >= limit and len(queued) >= size
            if fetching is not None and not full:
                waits.add(fetching)
            done, _ = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            for future in done:
                if fetching is not None and future is fetching:
                    try:
                        queued.append(future.result())
                        fetching = asyncio.ensure_future(anext(source))
                    except StopAsyncIteration:
                        fetching = None
                else:
                    running.discard(future)
                    for outcome in future.result():
                        writer.write(outcome)
    finally:
        if fetching is not None:
            fetching.cancel()


async def _pages(results: AsyncIterator[FetchResult]) -> AsyncIterator[Input]:
    async for result in results:
        yield fetched_page(result)


async def fetch_to_jsonl(
    urls: Iterable[str] | AsyncIterator[str],
    sink: IO[str],
    *,
    options: FetchOptions | None = None,
    extract_options: ExtractOptions | None = None,
    skip: set[bytes] | None = None,
    cache_dir: Path | None = None,
    warc_path: Path | None = None,
    progress: bool = False,
    total: int | None = None,
    workers: int = 0,
    page_timeout: float | None = DEFAULT_PAGE_TIMEOUT,
    resolver: Resolver | None = None,
) -> BatchStats:
    """Fetch and extract every URL, writing one flushed JSON line each; returns the counts.

    ``progress`` shows a live display and a summary table on stderr (a bar when ``total``,
    the number of URLs, is known). ``workers`` > 0 extracts in that many processes, 0 in a
    thread of this one; ``page_timeout`` (None: the runner's default) limits each page.
    """
    stats = BatchStats()
    console = Console(stderr=True)
    bar = progress_display(console, total) if progress else None
    writer = LineWriter(sink, stats, bar, total)
    if bar:
        bar.start()
    try:
        with Runner(extract_options, workers=workers, page_timeout=page_timeout) as runner:
            results = fetch_many(_skipping(urls, skip or set(), stats), options=options,
                                 cache_dir=cache_dir, warc_path=warc_path, resolver=resolver)
            await extract_while_fetching(_pages(results), writer, runner)
    finally:
        if bar:
            bar.stop()
            console.print(stats.table())
    return stats


def show_progress(quiet: bool) -> bool:
    """The display is drawn only for a person watching: stderr is a terminal and not --quiet."""
    return not quiet and sys.stderr.isatty()
