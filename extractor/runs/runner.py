"""The one runner: pages in, `Outcome` objects out, each page under the time limit.

Two modes, one contract:

* ``workers=0``: in this process, in the calling thread (or, from async code, a worker
  thread: never the event loop), under the cooperative limit of `limit`;
* ``workers=N``: in a `PagePool` of N child processes, under a hard limit (killed).

Either way one page's trouble (a refusal, a bug, an overrun, a crash) is that page's failure
record and the run goes on. WARC files take the same road with one difference: their pages
are read in the child that extracts them (`extractor.warc.LimitedFile`), so the bodies never
cross a pipe.
"""

from __future__ import annotations

import asyncio
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import islice
from typing import Iterable, Iterator, Sequence

from ..options import ExtractOptions
from ..warc.worker import DEFAULT_PAGE_TIMEOUT
from .outcome import Outcome, extract_outcome
from .pages import Input
from .pool import PagePool

#: Most pages sent to a worker process in one task: one round trip between processes per
#: batch instead of one per page.
EXTRACTION_BATCH = 8
#: Batches in flight per worker (one running, one waiting), so the next is ready at once.
BATCHES_PER_WORKER = 2
#: Most pages the in-process mode extracts in one hop to its thread. The hop costs the
#: event loop a thread wake-up, so a batch takes every page fetched while the last one ran.
IN_PROCESS_BATCH = 64


class Runner:
    """Extract pages with ``options``; see the module docstring for ``workers``.

    ``page_timeout`` is the per-page limit in seconds (None: none, in-process only). Use it
    as a context manager, or call `close`, to stop the worker processes.
    """

    def __init__(
        self, options: ExtractOptions | None = None, *, workers: int = 0,
        page_timeout: float | None = DEFAULT_PAGE_TIMEOUT,
    ) -> None:
        if workers < 0:
            raise ValueError(f"workers must be 0 or more, got {workers}")
        if workers and not page_timeout:
            raise ValueError("worker processes need a positive page_timeout")
        self.options = options or ExtractOptions()
        self.workers = workers
        self.page_timeout = page_timeout or None
        self._pool = PagePool(workers, self.options, page_timeout) if workers and page_timeout else None
        self._threads = ThreadPoolExecutor(max(workers, 1), thread_name_prefix="extract")

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def slots(self) -> int:
        """Batches that can run at once."""
        return max(self.workers, 1)

    @property
    def in_flight(self) -> int:
        """Batches worth handing out before one comes back: one waiting per worker process,
        so a child never waits on a round trip; none waiting in this process, whose one
        thread would only take it after the running one (fuller batches, fewer hops)."""
        return self.slots * BATCHES_PER_WORKER if self._pool is not None else 1

    @property
    def batch_size(self) -> int:
        """Most pages handed out in one batch."""
        return EXTRACTION_BATCH if self._pool is not None else IN_PROCESS_BATCH

    def extract_batch(self, pages: Sequence[Input]) -> list[Outcome]:
        """One outcome per page, in order (blocking)."""
        if self._pool is not None:
            return self._pool.extract_batch(pages)
        return [extract_outcome(page, self.options, self.page_timeout) for page in pages]

    async def extract_async(self, pages: Sequence[Input]) -> list[Outcome]:
        """`extract_batch` in one of the runner's threads, so the event loop keeps going."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._threads, self.extract_batch, pages)

    def run(self, inputs: Iterable[Input]) -> Iterator[Outcome]:
        """Outcomes of every input, in input order, extracting ahead on every worker."""
        source = iter(inputs)
        if self._pool is None:
            for page in source:
                yield from self.extract_batch((page,))
            return
        pending: deque[Future[list[Outcome]]] = deque()
        while True:
            while len(pending) < self.slots * BATCHES_PER_WORKER:
                batch = tuple(islice(source, EXTRACTION_BATCH))
                if not batch:
                    break
                pending.append(self._threads.submit(self.extract_batch, batch))
            if not pending:
                return
            yield from pending.popleft().result()

    def close(self) -> None:
        self._threads.shutdown(wait=True, cancel_futures=True)
        if self._pool is not None:
            self._pool.close()
