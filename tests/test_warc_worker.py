"""The per-page time limit: a child process that is really killed, and a file that goes on."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import psutil
import pytest

from extractor import Article, ExtractFailure, ExtractOptions, iter_warc
from extractor.record import Origin
from extractor.warc import LimitedFile, PageTimeoutError, SpareProcesses
from extractor.warc.progress import PageInProgress, PageMark
from extractor.warc.readers import open_warc, raw_records
from extractor.warc.worker import stopped_step
from test_warc import PARAGRAPH, WarcBuilder, mixed_warc
from support import assert_valid_record, without_run

# About 10 MB of paragraphs: about 1 s of extraction compiled and 3-4 s pure, against
# milliseconds for the small pages. The limit used below sits well apart from both.
HUGE = (
    "<html><body><article>"
    + "".join(f"<p>{PARAGRAPH} {n}</p><div><span>x</span></div>" for n in range(40_000))
    + "</article></body></html>"
).encode("utf-8")
# A fresh child process's start counts against its first page's limit, and a loaded machine
# took that past 0.3 s: the small pages around HUGE then failed too.
LIMIT = 0.4


def pages_around_a_huge_one(path: Path) -> Path:
    return (
        WarcBuilder()
        .html("https://news.example/before", "Before")
        .response("https://news.example/huge", HUGE, [("Content-Type", "text/html")])
        .html("https://news.example/after", "After")
        .save(path)
    )


def offset_of(path: Path, url: str) -> int | None:
    """Where the record of ``url`` starts in ``path``, read without extracting anything."""
    with open_warc(str(path)) as stream:
        # Payloads passed over (0 bytes kept): only the records' headers are wanted.
        for raw in raw_records("warcio")(stream, 0):
            if raw.record_type == "response" and raw.url == url:
                return raw.offset
    return None


def assert_placed(failure: ExtractFailure, path: Path, url: str) -> None:
    """The failure's line names the file and the offset of ``url``'s record."""
    assert failure.origin is not None and failure.origin.source == str(path)
    assert failure.origin.offset is not None and failure.origin.offset == offset_of(path, url)


def gone(pid: int) -> bool:
    return not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def test_a_page_past_the_limit_is_killed_recorded_and_the_file_goes_on(tmp_path: Path) -> None:
    path = str(pages_around_a_huge_one(tmp_path / "huge.warc.gz"))
    with LimitedFile(path, ExtractOptions(), "warcio", page_timeout=LIMIT) as limited:
        steps = iter(limited)
        before = next(steps)
        assert isinstance(before.event, Article) and before.event.headline == "Before"
        child = limited.pid
        assert child is not None

        stuck = next(steps)
        assert isinstance(stuck.event, ExtractFailure)
        assert stuck.event.url == "https://news.example/huge"
        assert stuck.event.error_type == "PageTimeoutError"
        assert f"{LIMIT:g} s" in stuck.event.message
        assert gone(child), "the process working on the page must be killed, not left running"
        assert_placed(stuck.event, Path(path), "https://news.example/huge")

        after = next(steps)
        assert isinstance(after.event, Article) and after.event.headline == "After"
        assert limited.pid not in (None, child), "a new child resumed the file"
        assert [s.ordinal for s in (before, stuck, after)] == [0, 1, 2]
        assert next(steps, None) is None


def test_iter_warc_counts_a_timed_out_page_as_a_failure(tmp_path: Path) -> None:
    run = iter_warc(pages_around_a_huge_one(tmp_path / "huge.warc.gz"), page_timeout=LIMIT)
    results = list(run)
    assert [type(r).__name__ for r in results] == ["Article", "ExtractFailure", "Article"]
    assert (run.stats.records, run.stats.articles, run.stats.failures) == (3, 2, 1)


def test_a_child_that_dies_mid_page_is_a_crash_record(tmp_path: Path) -> None:
    path = str(pages_around_a_huge_one(tmp_path / "huge.warc.gz"))
    with LimitedFile(path, ExtractOptions(), "warcio", page_timeout=60) as limited:
        steps = iter(limited)
        assert isinstance(next(steps).event, Article)
        assert limited.pid is not None
        process = psutil.Process(limited.pid)
        started = sum(process.cpu_times()[:2])

        def kill_once_busy() -> None:
            # Kill only once the child has burnt CPU on the huge page, so the kill lands
            # mid-page whatever the machine's speed.
            while sum(process.cpu_times()[:2]) < started + 0.1:
                threading.Event().wait(0.005)
            process.kill()

        killer = threading.Thread(target=kill_once_busy)
        killer.start()
        crashed = next(steps)
        killer.join()
        assert isinstance(crashed.event, ExtractFailure)
        assert crashed.event.error_type == "ExtractorCrashedError"
        assert "-9" in crashed.event.message  # SIGKILL
        assert_placed(crashed.event, Path(path), "https://news.example/huge")
        after = next(steps)
        assert isinstance(after.event, Article) and after.event.headline == "After"


def test_close_stops_the_child(tmp_path: Path) -> None:
    path = str(pages_around_a_huge_one(tmp_path / "huge.warc.gz"))
    limited = LimitedFile(path, ExtractOptions(), "warcio", page_timeout=60)
    next(iter(limited))
    pid = limited.pid
    assert pid is not None
    limited.close()
    assert gone(pid)
    limited.close()  # closing twice is harmless


def test_page_timeout_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="page_timeout"):
        LimitedFile(str(tmp_path / "x.warc"), ExtractOptions(), "warcio", page_timeout=0)


def test_missing_file_under_a_limit_is_one_failure(tmp_path: Path) -> None:
    run = iter_warc(tmp_path / "gone.warc.gz", page_timeout=30)
    results = list(run)
    assert [r.error_type for r in results if isinstance(r, ExtractFailure)] == [
        "FileNotFoundError"
    ]
    assert run.stats.records == 0


@pytest.mark.parametrize("reader", ["warcio", "fastwarc"])
def test_iter_warc_under_a_time_limit_gives_the_same_output(tmp_path: Path, reader: str) -> None:
    path = mixed_warc(tmp_path / "mixed.warc.gz")
    plain = iter_warc(path, reader=reader)  # type: ignore[call-overload]
    in_process = [r.to_dict() for r in plain]
    limited = iter_warc(path, page_timeout=30, reader=reader)  # type: ignore[call-overload]
    assert [r.to_dict() for r in limited] == in_process
    assert limited.stats == plain.stats


@pytest.mark.parametrize("page_timeout", [None, 30.0])
def test_json_lines_made_where_pages_are_extracted_are_the_results_lines(
    tmp_path: Path, page_timeout: float | None
) -> None:
    path = mixed_warc(tmp_path / "mixed.warc.gz")
    plain = iter_warc(path, reader="warcio")
    expected = [without_run(result.to_dict()) for result in plain]
    lines = iter_warc(path, page_timeout=page_timeout, reader="warcio", as_json=True)
    records = [assert_valid_record(line) for line in lines]
    assert [without_run(record) for record in records] == expected
    assert {record["run"]["source"] for record in records} == {str(path)}
    # Failures too: the one the reader gives (broken gzip) and the one extraction raises (empty).
    assert all(isinstance(record["run"]["offset"], int) for record in records)
    assert lines.stats == plain.stats and plain.stats.failures > 0


def test_a_stopped_page_is_a_json_line_too(tmp_path: Path) -> None:
    path = pages_around_a_huge_one(tmp_path / "huge.warc.gz")
    lines = list(iter_warc(path, page_timeout=LIMIT, as_json=True))
    assert [json.loads(line).get("error", {}).get("type") for line in lines] == [
        None, "PageTimeoutError", None]
    stuck = assert_valid_record(lines[1])
    assert stuck["url"] == "https://news.example/huge"
    assert stuck["run"] == {"source": str(path), "offset": offset_of(path, "https://news.example/huge")}


def steps_of(limited: LimitedFile) -> list[dict[str, object]]:
    """The results a `LimitedFile` gives, as `iter_warc` would yield them."""
    return [without_run(step.event.to_dict()) for step in limited
            if isinstance(step.event, (Article, ExtractFailure))]


def test_spare_processes_carry_over_from_one_file_to_the_next(tmp_path: Path) -> None:
    paths = [mixed_warc(tmp_path / "a.warc.gz"), mixed_warc(tmp_path / "b.warc.gz")]
    expected = [without_run(r.to_dict()) for r in iter_warc(paths[0], reader="warcio")]
    with SpareProcesses() as spare:
        pids = []
        for path in paths:
            with LimitedFile(str(path), ExtractOptions(), "warcio", 60, spare=spare) as limited:
                assert steps_of(limited) == expected
            idle = spare.idle_pids()
            assert len(idle) == 1, "the finished file's process went back to the pool"
            pids += idle
        assert pids[0] == pids[1], "the second file reused the first file's process"
    assert gone(pids[0]), "closing the pool stops its idle processes"


def test_a_killed_or_abandoned_process_never_goes_back_to_the_pool(tmp_path: Path) -> None:
    path = str(pages_around_a_huge_one(tmp_path / "huge.warc.gz"))
    with SpareProcesses() as spare:
        with LimitedFile(path, ExtractOptions(), "warcio", LIMIT, spare=spare) as limited:
            steps = iter(limited)
            next(steps)
            stuck_pid = limited.pid
            assert stuck_pid is not None
            assert [type(step.event).__name__ for step in steps] == ["ExtractFailure", "Article"]
        assert gone(stuck_pid)
        (resumed,) = spare.idle_pids()  # the process that finished the file after the killed one
        assert resumed != stuck_pid

        abandoned = LimitedFile(path, ExtractOptions(), "warcio", 60, spare=spare)
        next(iter(abandoned))
        assert abandoned.pid == resumed and spare.idle_pids() == []
        abandoned.close()  # mid-file: its pipe still holds answers, so it is stopped
        assert gone(resumed) and spare.idle_pids() == []


def test_an_idle_process_that_died_is_replaced(tmp_path: Path) -> None:
    path = str(mixed_warc(tmp_path / "m.warc.gz"))
    expected = [r.to_dict() for r in iter_warc(path, reader="warcio")]
    with SpareProcesses() as spare:
        assert [r.to_dict() for r in iter_warc(path, page_timeout=60, reader="warcio",
                                                spare=spare)] == expected
        (idle,) = spare.idle_pids()
        psutil.Process(idle).kill()
        assert [r.to_dict() for r in iter_warc(path, page_timeout=60, reader="warcio",
                                                spare=spare)] == expected
        (fresh,) = spare.idle_pids()
        assert fresh != idle


def test_the_extraction_process_does_not_inherit_a_worker_allocator_setting() -> None:
    from extractor.warc.processes import child_environment

    env = child_environment(
        {"MALLOC_TRIM_THRESHOLD_": "65536", "HOME": "/home/x", "PYTHONPATH": "/old"}, ["", "/a", "/b.zip"]
    )
    assert "MALLOC_TRIM_THRESHOLD_" not in env
    assert env["HOME"] == "/home/x"
    assert env["PYTHONPATH"] == os.pathsep.join(["/a", "/b.zip"])


def test_a_child_stuck_while_reading_costs_the_rest_of_the_file_not_a_page(tmp_path: Path) -> None:
    # A FIFO that delivers the start of a record and then nothing, never closing: the child
    # waits for the rest forever, with no page in progress. The failure is the file's.
    start = WarcBuilder().html("https://news.example/first", "First").buffer.getvalue()[:100]
    fifo = tmp_path / "stalled.warc.gz"
    os.mkfifo(fifo)
    release = threading.Event()

    def feed() -> None:
        with open(fifo, "wb") as stream:
            stream.write(start)
            stream.flush()
            release.wait(30)

    feeder = threading.Thread(target=feed)
    feeder.start()
    try:
        with LimitedFile(str(fifo), ExtractOptions(), "warcio", page_timeout=LIMIT) as limited:
            steps = list(limited)
            assert limited.pid is None, "the stuck child was stopped"
    finally:
        release.set()
        feeder.join()
    assert len(steps) == 1 and steps[0].record is False and steps[0].ordinal == 0
    stuck = steps[0].event
    assert isinstance(stuck, ExtractFailure) and stuck.error_type == "PageTimeoutError"
    assert stuck.url is None and str(fifo) in stuck.message


def test_a_stopped_child_blames_the_page_in_its_mark_unless_that_page_was_answered() -> None:
    failure = PageTimeoutError("took too long")
    on_page = stopped_step(PageInProgress(4, "https://news.example/4", 900, 512), failure, "f.warc", 3, 800)
    assert (on_page.ordinal, on_page.url, on_page.bytes_read, on_page.record) == (
        4, "https://news.example/4", 900, True)
    assert isinstance(on_page.event, ExtractFailure) and on_page.event.url == "https://news.example/4"
    assert on_page.origin == Origin("f.warc", 512)
    # Page 4's step was sent just before the kill, before the child marked itself reading.
    answered = stopped_step(PageInProgress(4, "https://news.example/4", 900), failure, "f.warc", 4, 900)
    assert (answered.ordinal, answered.url, answered.record) == (5, None, False)
    assert isinstance(answered.event, ExtractFailure) and answered.event.message.startswith("f.warc: ")
    reading = stopped_step(None, failure, "f.warc", 4, 900)
    assert (reading.ordinal, reading.bytes_read, reading.record) == (5, 900, False)


@pytest.mark.parametrize("in_memory", [True, False])
def test_the_page_mark_names_the_page_and_survives_a_long_url(
    in_memory: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not in_memory:  # a system without memfd_create: an unnamed temporary file backs it
        monkeypatch.delattr(os, "memfd_create", raising=False)
    mark = PageMark.create()
    try:
        assert mark.read() is None, "a new mark names no page"
        mark.page(7, "https://news.example/a", 1234, 1000)
        assert mark.read() == PageInProgress(7, "https://news.example/a", 1234, 1000)
        long_url = "https://news.example/" + "ü" * 5000  # cut inside a two-byte character
        mark.page(8, long_url, 99)
        page = mark.read()
        assert page is not None and page.ordinal == 8 and page.bytes_read == 99
        assert page.url is not None and long_url.startswith(page.url) and len(page.url) > 2000
        mark.page(9, None, 5)
        assert mark.read() == PageInProgress(9, None, 5)
        mark.reading()
        assert mark.read() is None
    finally:
        mark.close()
