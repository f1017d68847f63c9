"""Record ranges: a WARC file cut into pieces reads exactly as the whole file does."""

from __future__ import annotations

import gzip
from itertools import pairwise
from pathlib import Path
from typing import Callable

import pytest

from extractor import ExtractFailure, ExtractOptions, iter_warc
from extractor.warc import LimitedFile, ReaderName, WarcRange, split_warc
from extractor.warc.ranges import ranges_at
from test_warc import WarcBuilder, mixed_warc
from test_warc_worker import HUGE, LIMIT

READERS: tuple[ReaderName, ...] = ("warcio", "fastwarc")


def stories(builder: WarcBuilder, first: int, count: int) -> WarcBuilder:
    for n in range(first, first + count):
        builder.html(f"https://news.example/story/{n}", f"Story number {n}")
    return builder


def long_warc(path: Path, *, compressed: bool = True) -> Path:
    """The mixed archive (10 records, broken ones included) followed by 7 plain stories."""
    mixed = mixed_warc(path.with_suffix(".mixed"), compressed=compressed).read_bytes()
    path.write_bytes(mixed + stories(WarcBuilder(gzip=compressed), 0, 7).buffer.getvalue())
    return path


def read_whole(path: Path, reader: ReaderName) -> tuple[list[dict[str, object]], int]:
    run = iter_warc(path, reader=reader)
    return [result.to_dict() for result in run], run.stats.records


def read_ranges(
    ranges: list[WarcRange], reader: ReaderName, page_timeout: float | None = None
) -> tuple[list[dict[str, object]], int]:
    results, records = [], 0
    for part in ranges:
        run = iter_warc(part, reader=reader, page_timeout=page_timeout)
        results += [result.to_dict() for result in run]
        records += run.stats.records
    return results, records


@pytest.mark.parametrize("compressed", [True, False], ids=["warc.gz", "warc"])
@pytest.mark.parametrize("reader", READERS)
def test_ranges_give_exactly_the_articles_of_the_whole_file(
    tmp_path: Path, reader: ReaderName, compressed: bool
) -> None:
    path = long_warc(tmp_path / ("long.warc.gz" if compressed else "long.warc"),
                     compressed=compressed)
    ranges = split_warc(path, 4, reader)
    assert [(r.first, r.count) for r in ranges] == [(0, 4), (4, 4), (8, 4), (12, 4), (16, None)]
    assert ranges[0].offset == 0
    assert all(a.offset < b.offset for a, b in pairwise(ranges))
    whole, records = read_whole(path, reader)
    assert read_ranges(ranges, reader) == (whole, records)
    assert records == 17
    assert sum("headline" in result for result in whole) == 11
    assert sum("error" in result for result in whole) == 2


def test_both_readers_cut_at_the_same_places(tmp_path: Path) -> None:
    path = long_warc(tmp_path / "long.warc.gz")
    assert split_warc(path, 3, "warcio") == split_warc(path, 3, "fastwarc")


def test_range_byte_counts_add_up_to_the_file(tmp_path: Path) -> None:
    path = long_warc(tmp_path / "long.warc.gz")
    read = 0
    for part in split_warc(path, 5, "fastwarc"):
        run = iter_warc(part, reader="fastwarc")
        list(run)
        read += run.stats.bytes_read
    assert read == path.stat().st_size


def _one_stream(plain: bytes) -> bytes:
    return gzip.compress(plain)


def _blocks(plain: bytes) -> bytes:
    """Block-compressed files (bgzip style) have many members, at arbitrary byte positions."""
    return b"".join(gzip.compress(plain[n:n + 700]) for n in range(0, len(plain), 700))


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("compress", [_one_stream, _blocks])
def test_gzip_members_that_do_not_start_records_are_not_cut_at(
    tmp_path: Path, reader: ReaderName, compress: Callable[[bytes], bytes]
) -> None:
    """One gzip stream for the whole file, or members at arbitrary byte positions: the file is
    read as one range."""
    plain = stories(WarcBuilder(gzip=False), 0, 9).buffer.getvalue()
    path = tmp_path / "uncuttable.warc.gz"
    path.write_bytes(compress(plain))
    assert split_warc(path, 2, reader) == [WarcRange(str(path))]


@pytest.mark.parametrize("reader", READERS)
def test_records_sharing_one_gzip_member_make_the_file_one_range(
    tmp_path: Path, reader: ReaderName
) -> None:
    """Per-record members, then three records in one member, then per-record members again."""
    head = stories(WarcBuilder(), 0, 4).buffer.getvalue()
    shared = gzip.compress(stories(WarcBuilder(gzip=False), 4, 3).buffer.getvalue())
    tail = stories(WarcBuilder(), 7, 5).buffer.getvalue()
    path = tmp_path / "shared-member.warc.gz"
    path.write_bytes(head + shared + tail)
    for size in (1, 2, 3, 5):
        assert split_warc(path, size, reader) == [WarcRange(str(path))]


@pytest.mark.parametrize("reader", READERS)
def test_a_file_that_breaks_part_way_ends_the_same_when_cut(
    tmp_path: Path, reader: ReaderName
) -> None:
    builder = stories(WarcBuilder(), 0, 6).raw(b"\x00\x01 the disk ran out here" * 20)
    path = builder.save(tmp_path / "cut.warc.gz")
    ranges = split_warc(path, 2, reader)
    assert len(ranges) == 3 and ranges[-1].count is None
    results, records = read_ranges(ranges, reader)
    assert (results, records) == read_whole(path, reader)
    assert results[-1]["error"]["type"] == "WarcFormatError"  # type: ignore[index]


def test_small_missing_and_bad_inputs_are_one_range(tmp_path: Path) -> None:
    small = long_warc(tmp_path / "small.warc.gz")
    assert split_warc(small, 17) == [WarcRange(str(small))]
    missing = tmp_path / "missing.warc.gz"
    assert split_warc(missing, 2) == [WarcRange(str(missing))]
    notes = tmp_path / "notes.warc"
    notes.write_text("not an archive\n" * 50)
    assert split_warc(notes, 1) == [WarcRange(str(notes))]
    with pytest.raises(ValueError, match="records_per_task"):
        split_warc(small, 0)
    with pytest.raises(ValueError, match="unknown WARC reader"):
        split_warc(small, 2, "nope")  # type: ignore[arg-type]


def test_ranges_at_numbers_records_and_leaves_the_last_open() -> None:
    assert ranges_at("f.warc.gz", [900, 2000], 10) == [
        WarcRange("f.warc.gz", 0, first=0, count=10, end=900),
        WarcRange("f.warc.gz", 900, first=10, count=10, end=2000),
        WarcRange("f.warc.gz", 2000, first=20, count=None, end=None),
    ]
    assert WarcRange("f.warc.gz").label() == "f.warc.gz"
    assert WarcRange("f.warc.gz", 900, 10, 10, 2000).label() == "f.warc.gz (records 10-19)"
    assert WarcRange("f.warc.gz", 2000, 20).label() == "f.warc.gz (records 20-end)"


@pytest.mark.parametrize("reader", READERS)
def test_ranges_under_the_time_limit_read_the_same(tmp_path: Path, reader: ReaderName) -> None:
    path = long_warc(tmp_path / "long.warc.gz")
    ranges = split_warc(path, 6, reader)
    assert read_ranges(ranges, reader, page_timeout=30) == read_whole(path, reader)


def test_a_page_past_the_limit_in_a_range_is_stopped_and_the_range_goes_on(
    tmp_path: Path,
) -> None:
    builder = stories(WarcBuilder(), 0, 3)
    builder.response("https://news.example/huge", HUGE, [("Content-Type", "text/html")])
    path = stories(builder, 3, 3).save(tmp_path / "huge.warc.gz")
    middle = split_warc(path, 3, "warcio")[1]
    assert (middle.first, middle.count) == (3, 3)
    with LimitedFile(middle, ExtractOptions(), "warcio", page_timeout=LIMIT) as limited:
        events = [step.event for step in limited]
    assert [getattr(event, "url", None) for event in events] == [
        "https://news.example/huge", "https://news.example/story/3", "https://news.example/story/4"
    ]
    assert [type(event).__name__ for event in events] == ["ExtractFailure", "Article", "Article"]
    assert isinstance(events[0], ExtractFailure) and events[0].error_type == "PageTimeoutError"
