"""Strict WARC reading: a cut record or a wrong Content-Length is a `WarcFormatError`, never
a shorter page, and warcio and FastWARC give the same answer on every corrupt file."""

from __future__ import annotations

import gzip
import json
import re
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor import Article, ExtractFailure, iter_warc
from extractor.cli import app
from extractor.warc import readers
from test_warc import WarcBuilder

READERS: tuple[readers.ReaderName, ...] = ("warcio", "fastwarc")
URLS = [f"https://news.example/{n}" for n in range(5)]


def archive(compressed: bool) -> bytes:
    builder = WarcBuilder(gzip=compressed)
    for n, url in enumerate(URLS):
        builder.html(url, f"Story {n}", extra="word " * (100 + 250 * n))
    return builder.buffer.getvalue()


# Built once: record ids and dates are random, and parametrized cases must see the same bytes.
PLAIN = archive(compressed=False)
PACKED = archive(compressed=True)


def with_length_changed(record: bytes, delta: int) -> bytes:
    """A WARC record (uncompressed bytes, starting with its header) whose Content-Length
    header says ``delta`` bytes more than its block holds."""
    length = re.search(rb"\r\nContent-Length: (\d+)\r\n", record)
    assert length is not None
    declared = str(int(length.group(1)) + delta).encode()
    return record[: length.start(1)] + declared + record[length.end(1) :]


def plain_records(data: bytes) -> list[bytes]:
    starts = [match.start() for match in re.finditer(rb"WARC/1\.\d\r\n", data)]
    return [data[start:end] for start, end in zip(starts, [*starts[1:], len(data)])]


def gzip_members(data: bytes) -> list[bytes]:
    members = []
    while data:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        members.append(inflater.decompress(data))
        data = inflater.unused_data
    return members


def record_ends(data: bytes, compressed: bool) -> set[int]:
    """Offsets where a record (or its gzip member) ends: a file cut there is whole, not cut."""
    if not compressed:
        return {match.start() for match in re.finditer(rb"WARC/1\.\d\r\n", data)} | {len(data)}
    ends, rest = set(), data
    while rest:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        inflater.decompress(rest)
        rest = inflater.unused_data
        ends.add(len(data) - len(rest))
    return ends


def length_error(compressed: bool, index: int, delta: int) -> bytes:
    """The archive with record ``index`` declaring ``delta`` bytes more than it holds."""
    parts = gzip_members(PACKED) if compressed else plain_records(PLAIN)
    parts[index] = with_length_changed(parts[index], delta)
    return b"".join(gzip.compress(part) for part in parts) if compressed else b"".join(parts)


def outcomes(path: Path, reader: readers.ReaderName) -> list[tuple[str, str | None, str]]:
    """What a reader makes of a file: kind, URL and failure type (or headline) per item."""
    out = []
    for result in iter_warc(path, reader=reader):
        if isinstance(result, Article):
            out.append(("article", result.url, result.headline or ""))
        else:
            out.append(("failure", result.url, result.error_type))
    return out


def read_by_both(path: Path) -> list[tuple[str, str | None, str]]:
    by_reader = {reader: outcomes(path, reader) for reader in READERS}
    assert by_reader["warcio"] == by_reader["fastwarc"]
    return by_reader["warcio"]


def failures(path: Path, reader: readers.ReaderName) -> list[ExtractFailure]:
    return [r for r in iter_warc(path, reader=reader) if isinstance(r, ExtractFailure)]


@pytest.mark.parametrize("compressed", [True, False])
def test_file_cut_at_55_percent_fails_on_the_cut_record_instead_of_a_shorter_page(
    tmp_path: Path, compressed: bool
) -> None:
    data = PACKED if compressed else PLAIN
    path = tmp_path / ("cut.warc.gz" if compressed else "cut.warc")
    path.write_bytes(data[: len(data) * 55 // 100])
    results = read_by_both(path)
    *whole, last = results
    assert all(kind == "article" for kind, _, _ in whole)
    assert last == ("failure", None, "WarcFormatError")
    for reader in READERS:
        message = failures(path, reader)[-1].message
        assert str(path) in message and "offset" in message and "cut short" in message


@pytest.mark.parametrize("compressed", [True, False])
def test_content_length_past_the_end_of_the_file_does_not_swallow_the_next_record(
    tmp_path: Path, compressed: bool
) -> None:
    path = tmp_path / ("long.warc.gz" if compressed else "long.warc")
    path.write_bytes(length_error(compressed, 1, 10**12))
    results = read_by_both(path)
    assert results == [("article", URLS[0], "Story 0"), ("failure", None, "WarcFormatError")]
    for reader in READERS:
        message = failures(path, reader)[-1].message
        assert str(path) in message and URLS[1] in message and "offset" in message


@pytest.mark.parametrize("compressed", [True, False], ids=["gz", "plain"])
@pytest.mark.parametrize("index", range(len(URLS)))
@pytest.mark.parametrize("delta", [5000, -5000, 100, -100, 4, 1, -1])
def test_both_readers_agree_on_every_length_error(
    tmp_path: Path, compressed: bool, index: int, delta: int
) -> None:
    path = tmp_path / "length.warc"
    path.write_bytes(length_error(compressed, index, delta))
    results = read_by_both(path)
    # The records before the broken one stand, and the file ends in a format failure.
    assert results[:index] == [("article", url, f"Story {n}") for n, url in enumerate(URLS[:index])]
    kinds = [kind for kind, _, _ in results]
    if delta in (1, 4):
        # Only the record's own separator was swallowed: both readers read on.
        assert kinds == ["article"] * len(URLS)
    else:
        assert results[-1] == ("failure", None, "WarcFormatError")
        assert kinds.count("failure") == 1


@pytest.mark.parametrize("compressed", [True, False], ids=["gz", "plain"])
@pytest.mark.parametrize("percent", range(2, 100, 7))
def test_both_readers_agree_wherever_the_file_is_cut(
    tmp_path: Path, compressed: bool, percent: int
) -> None:
    data = PACKED if compressed else PLAIN
    cut = len(data) * percent // 100
    # Random record ids change the records' lengths: a cut that lands between two records
    # leaves a whole, shorter file, so move it into the record before, past its separator
    # (plain) or gzip trailer (compressed).
    if cut in record_ends(data, compressed):
        cut -= 16
    path = tmp_path / "cut.warc"
    path.write_bytes(data[:cut])
    results = read_by_both(path)
    assert results[-1] == ("failure", None, "WarcFormatError")
    # No cut page passes for a whole one: every article is a complete record's story.
    assert [kind for kind, _, _ in results[:-1]] == ["article"] * (len(results) - 1)


def test_warc_command_exits_1_on_a_truncated_file(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(PACKED[: len(PACKED) * 55 // 100])
    result = CliRunner().invoke(app, ["warc", str(path)])
    assert result.exit_code == 1
    last = json.loads(result.stdout.splitlines()[-1])
    assert last["error"]["type"] == "WarcFormatError" and str(path) in last["error"]["message"]
