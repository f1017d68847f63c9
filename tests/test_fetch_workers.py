"""Extraction in worker processes: every fetched page is written once, batched or not."""

from __future__ import annotations

import asyncio
import io
import json
from typing import AsyncIterator

from extractor.fetcher.batch import EXTRACTION_BATCH, BatchStats, _extract_in_processes, _Writer
from extractor.fetcher.result import FetchResult

STORY = "<p>" + "The harbour works will finish in September, the council said on Tuesday. " * 5 + "</p>"


def page(number: int) -> FetchResult:
    html = f"<html><head><title>Story {number}</title></head><body><h1>Story {number}</h1>{STORY}</body></html>"
    url = f"http://127.0.0.1/story/{number}"
    return FetchResult(url=url, final_url=url, status=200, content=html.encode())


class _Recorder(_Writer):
    """A writer that also wakes a waiting source after each line."""

    def __init__(self) -> None:
        self.sink = io.StringIO()
        super().__init__(self.sink, BatchStats(), None)
        self.wrote = asyncio.Event()

    def write(self, line: tuple[str, str | None]) -> None:
        super().write(line)
        self.wrote.set()

    def urls(self) -> list[str]:
        return [json.loads(line)["fetch"]["url"] for line in self.sink.getvalue().splitlines()]


def test_many_pages_are_each_written_once() -> None:
    count = 5 * EXTRACTION_BATCH + 3

    async def source() -> AsyncIterator[FetchResult]:
        for number in range(count):
            yield page(number)

    recorder = _Recorder()
    asyncio.run(_extract_in_processes(source(), recorder, None, 2))
    assert sorted(recorder.urls()) == sorted(page(n).url for n in range(count))
    assert recorder.sink.getvalue().count('"headline": "Story') == count


def test_a_trickle_of_pages_is_not_held_back_for_a_batch() -> None:
    # The source gives the next page only after the previous one was written: an engine that
    # waited for a batch to fill would never finish (the timeout turns that into a failure).
    async def run() -> list[str]:
        recorder = _Recorder()

        async def source() -> AsyncIterator[FetchResult]:
            for number in range(3):
                recorder.wrote.clear()
                yield page(number)
                await recorder.wrote.wait()

        await asyncio.wait_for(_extract_in_processes(source(), recorder, None, 2), timeout=60)
        return recorder.urls()

    assert asyncio.run(run()) == [page(n).url for n in range(3)]
