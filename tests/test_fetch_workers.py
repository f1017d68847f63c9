"""Extraction in worker processes: every fetched page is written once, batched or not."""

from __future__ import annotations

import asyncio
import io
import json
from typing import AsyncIterator

from extractor.fetcher.result import FetchResult
from extractor.runs import Outcome, Runner
from extractor.runs.fetching import BatchStats, LineWriter, extract_while_fetching, fetched_page
from extractor.runs.pages import Input
from extractor.runs.runner import EXTRACTION_BATCH

STORY = "<p>" + "The harbour works will finish in September, the council said on Tuesday. " * 5 + "</p>"


def story_url(number: int) -> str:
    return f"http://127.0.0.1/story/{number}"


def page(number: int) -> Input:
    html = f"<html><head><title>Story {number}</title></head><body><h1>Story {number}</h1>{STORY}</body></html>"
    url = story_url(number)
    return fetched_page(FetchResult(url=url, final_url=url, status=200, content=html.encode()))


class _Recorder(LineWriter):
    """A writer that also wakes a waiting source after each line."""

    def __init__(self) -> None:
        self.sink = io.StringIO()
        super().__init__(self.sink, BatchStats(), None)
        self.wrote = asyncio.Event()

    def write(self, outcome: Outcome) -> None:
        super().write(outcome)
        self.wrote.set()

    def urls(self) -> list[str]:
        return [json.loads(line)["run"]["source"] for line in self.sink.getvalue().splitlines()]


def test_many_pages_are_each_written_once() -> None:
    count = 5 * EXTRACTION_BATCH + 3

    async def source() -> AsyncIterator[Input]:
        for number in range(count):
            yield page(number)

    recorder = _Recorder()
    with Runner(workers=2) as runner:
        asyncio.run(extract_while_fetching(source(), recorder, runner))
    assert sorted(recorder.urls()) == sorted(story_url(n) for n in range(count))
    assert recorder.sink.getvalue().count('"headline": "Story') == count


def test_a_trickle_of_pages_is_not_held_back_for_a_batch() -> None:
    # The source gives the next page only after the previous one was written: an engine that
    # waited for a batch to fill would never finish (the timeout turns that into a failure).
    async def run() -> list[str]:
        recorder = _Recorder()

        async def source() -> AsyncIterator[Input]:
            for number in range(3):
                recorder.wrote.clear()
                yield page(number)
                await recorder.wrote.wait()

        with Runner(workers=2) as runner:
            await asyncio.wait_for(extract_while_fetching(source(), recorder, runner), timeout=60)
        return recorder.urls()

    assert asyncio.run(run()) == [story_url(n) for n in range(3)]
