"""Fetch-and-extract many URLs into JSON Lines: the engine behind ``extractor fetch``.

One line per input URL, written and flushed as soon as that URL is done (so Ctrl-C loses
nothing already fetched):

- success: the `Article` (``Article.to_dict()``) plus a ``"fetch"`` object (`FetchResult.to_dict`:
  the input URL, final URL, status, redirects, timing);
- failure: ``{"url": ..., "error": {"type": code, "message": ...}, "fetch": {...}}`` where
  ``type`` is a fetch error code (``timeout``, ``robots_disallowed``...) or the name of the
  `ExtractError` raised by extraction (``NotHTMLError``...).

``resume`` skips input URLs already present in the output file (matched on ``fetch.url``).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, AsyncIterator, Iterable

import anyio
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..errors import ExtractError
from ..options import ExtractOptions
from ..pipeline import extract
from .addresses import Resolver
from .api import fetch_many
from .client import as_async_iter
from .options import FetchOptions
from .result import FetchResult

#: Most pages sent to a worker process in one task. While every worker is busy, fetched pages
#: queue up and go over in one batch: one round trip between processes per batch instead of
#: one per page. An idle worker gets whatever is queued at once, so a slow trickle of pages
#: is never held back waiting for a batch to fill.
EXTRACTION_BATCH = 8
#: Tasks per worker process (a running one and a waiting one) before fetching pauses, so a
#: slow extraction pushes back on fetching instead of piling pages up in memory.
TASKS_PER_WORKER = 2

#: Printed on stderr whenever robots.txt checking is turned off, even with --quiet.
NO_ROBOTS_WARNING = (
    "WARNING: robots.txt is NOT being checked (--no-robots). Sites may block or report this "
    "crawler; only use it on sites you own or have permission to crawl."
)


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


def url_key(url: str) -> bytes:
    """A compact key for the resume set (8 bytes per URL instead of the whole string)."""
    return hashlib.blake2b(url.strip().encode("utf-8", "replace"), digest_size=8).digest()


def urls_done(path: Path) -> set[bytes]:
    """Keys of the input URLs already written to a JSON Lines output file."""
    done: set[bytes] = set()
    if not path.exists():
        return done
    with path.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut short by Ctrl-C: that URL is fetched again
            url = (record.get("fetch") or {}).get("url") or record.get("url")
            if isinstance(url, str):
                done.add(url_key(url))
    return done


def record_for(result: FetchResult, options: ExtractOptions | None = None) -> dict[str, Any]:
    """The JSON line for one fetched URL (see the module docstring)."""
    meta = result.to_dict()
    if result.error is not None:
        error = {"type": result.error, "message": result.message}
        return {"url": result.url, "error": error, "fetch": meta}
    try:
        article = extract(result.content, result.final_url, headers=result.headers, options=options)
    except ExtractError as failure:
        error = {"type": type(failure).__name__, "message": str(failure)}
        return {"url": result.url, "error": error, "fetch": meta}
    return {**article.to_dict(), "fetch": meta}


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
        if done and url_key(url) in done:
            stats.skipped += 1
            continue
        yield url


def _progress(console: Console) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.fields[done]}[/] done"),
        TextColumn("[red]{task.fields[failed]}[/] failed"),
        TextColumn("{task.fields[rate]:.1f}/s"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


#: One output line and the failure it records (the error type, or None for an article).
Line = tuple[str, "str | None"]


def line_for(result: FetchResult, options: ExtractOptions | None = None) -> Line:
    """`record_for` serialised: the JSON line (no newline) and its error type, if any.

    Worker processes return this rather than the record: a string crosses the process
    boundary far more cheaply than the nested record would.
    """
    record = record_for(result, options)
    error = record["error"]["type"] if "error" in record else None
    return json.dumps(record, ensure_ascii=False), error


class _Writer:
    """Writes records as JSON lines, flushing each, and keeps the counts and the bar current."""

    def __init__(self, sink: IO[str], stats: BatchStats, bar: Progress | None) -> None:
        self._sink = sink
        self._stats = stats
        self._bar = bar
        self._task = bar.add_task("fetch", done=0, failed=0, rate=0.0) if bar else None

    def write(self, line: Line) -> None:
        text, error = line
        self._sink.write(text + "\n")
        self._sink.flush()
        self._stats.count(error)
        if self._bar is not None and self._task is not None:
            stats = self._stats
            self._bar.update(self._task, done=stats.done, failed=stats.failed, rate=stats.rate)


def lines_for(results: tuple[FetchResult, ...], options: ExtractOptions | None = None) -> list[Line]:
    """`line_for` of each result: the task a worker process runs on a batch."""
    return [line_for(result, options) for result in results]


async def _extract_in_processes(
    results: AsyncIterator[FetchResult],
    writer: _Writer,
    extract_options: ExtractOptions | None,
    workers: int,
) -> None:
    """Extraction in ``workers`` processes while the event loop keeps fetching.

    The next fetched page and the running batches are awaited together, so whichever comes
    first is handled first: a page joins the queue, a finished batch is written out.
    """
    loop = asyncio.get_running_loop()
    running: set[asyncio.Future[list[Line]]] = set()
    queued: list[FetchResult] = []
    source = aiter(results)
    fetching: asyncio.Future[FetchResult] | None = asyncio.ensure_future(anext(source))
    with ProcessPoolExecutor(workers) as pool:
        try:
            while fetching is not None or running or queued:
                if queued and (len(running) < workers or len(queued) >= EXTRACTION_BATCH or fetching is None):
                    running.add(loop.run_in_executor(pool, lines_for, tuple(queued), extract_options))
                    queued.clear()
                waits: set[asyncio.Future[Any]] = set(running)
                full = len(running) >= workers * TASKS_PER_WORKER and len(queued) >= EXTRACTION_BATCH
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
                        for line in future.result():
                            writer.write(line)
        finally:
            if fetching is not None:
                fetching.cancel()


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
    workers: int = 0,
    resolver: Resolver | None = None,
) -> BatchStats:
    """Fetch and extract every URL, writing one flushed JSON line each; returns the counts.

    ``progress`` shows a live bar and a summary table on stderr. ``workers`` > 0 extracts in
    that many processes (extraction is CPU-bound; fetching stays in this process).
    """
    stats = BatchStats()
    console = Console(stderr=True)
    bar = _progress(console) if progress else None
    writer = _Writer(sink, stats, bar)
    if bar:
        bar.start()
    try:
        results = fetch_many(
            _skipping(urls, skip or set(), stats),
            options=options,
            cache_dir=cache_dir,
            warc_path=warc_path,
            resolver=resolver,
        )
        if workers > 0:
            await _extract_in_processes(results, writer, extract_options, workers)
        else:
            async for result in results:
                writer.write(line_for(result, extract_options))
    finally:
        if bar:
            bar.stop()
            console.print(stats.table())
    return stats


def show_progress(quiet: bool) -> bool:
    """The bar is drawn only for a person watching: stderr is a terminal and not --quiet."""
    return not quiet and sys.stderr.isatty()
