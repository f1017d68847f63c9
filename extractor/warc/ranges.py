"""Record ranges: one WARC file cut into pieces that separate workers can read side by side.

A file read as one task keeps one worker busy however large it is, so with few large files a
cluster mostly waits. `split_warc` makes a cheap first pass over the file (the reader library
splits it into records; payloads are passed over, not decoded or extracted), notes where each
record starts, and cuts the file every ``records_per_task`` records. Each `WarcRange` names a
byte offset to seek to and how many records to read from there:

* a ``.warc.gz`` written the standard way compresses each record as its own gzip member, so
  decompression can start at any record's offset;
* an uncompressed ``.warc`` can be entered at any record's offset as it is;
* a ``.warc.gz`` compressed as ONE gzip stream (``gzip file.warc``) cannot be entered anywhere
  but at its start. It is detected (a cut point that does not begin a gzip member holding a
  WARC record) and read whole, as one range: correct, just not spread.

The last range of a file always reads to the end of the file, so a file that becomes
unreadable part-way ends with the same failure record whether it was cut or not: the first
pass stops before the first record it cannot read, and no range starts past that point.
"""

from __future__ import annotations

import os
import zlib
from dataclasses import dataclass
from itertools import pairwise
from typing import IO, Sequence, Union

from .readers import (
    GZIP_MAGIC,
    GZIP_WBITS,
    WARC_MAGIC,
    ReaderName,
    choose_reader,
    open_warc,
    record_offsets,
)

#: Records per range when not told. Small, so that work spreads evenly: a range of 250 pages
#: is one or two seconds of extraction, so the last task to finish leaves the other workers
#: idle for about that long at most, and a 5,000-page file makes 20 tasks. Large enough that
#: what a range costs besides its pages (a seek, a fresh reader, a Dask task; the extraction
#: process is reused, see `SpareProcesses`) stays small: reading 2,000 pages in ranges of
#: 250 costs within the noise of reading them whole.
DEFAULT_RECORDS_PER_TASK = 250

#: Bytes read at a cut point to check that a record starts there (a gzip member header and the
#: first bytes it inflates to need far fewer).
HEAD_BYTES = 512



@dataclass(frozen=True)
class WarcRange:
    """``count`` records of the WARC file ``path``, the first of which starts at byte
    ``offset`` and is the file's record number ``first`` (from 0); the next range starts at
    byte ``end``. ``count=None`` and ``end=None`` read to the end of the file; the defaults
    are the whole file."""

    path: str
    offset: int = 0
    first: int = 0
    count: int | None = None
    end: int | None = None

    @property
    def whole_file(self) -> bool:
        return self.offset == 0 and self.count is None

    def label(self) -> str:
        """The path, and for a part of a file which records: for messages and logs."""
        if self.whole_file:
            return self.path
        last = "end" if self.count is None else str(self.first + self.count - 1)
        return f"{self.path} (records {self.first}-{last})"


#: What the WARC functions take: a path (the whole file) or a range of one.
WarcSource = Union[str, "os.PathLike[str]", WarcRange]


def as_range(source: WarcSource) -> WarcRange:
    """A range for ``source``: itself, or the whole file at a path."""
    return source if isinstance(source, WarcRange) else WarcRange(os.fspath(source))


def split_warc(
    path: str | os.PathLike[str],
    records_per_task: int = DEFAULT_RECORDS_PER_TASK,
    reader: ReaderName = "auto",
) -> list[WarcRange]:
    """``path`` cut into ranges of ``records_per_task`` records, in file order.

    One whole-file range when the file cannot be cut (one gzip stream), is small, or cannot be
    opened or read (reading it whole then reports the problem as a failure record). Never
    raises for bad data.

    Raises:
        ValueError: ``records_per_task`` below 1, or an unknown or missing ``reader``.
    """
    check_records_per_task(records_per_task)
    choose_reader(reader)
    name = os.fspath(path)
    whole = [WarcRange(name)]
    try:
        with open_warc(name) as stream:
            offsets = list(record_offsets(stream, reader))
            cuts = offsets[records_per_task::records_per_task]
            if not cuts or not _can_cut(stream, offsets, cuts):
                return whole
    except (OSError, ImportError, ValueError):
        return whole
    return ranges_at(name, cuts, records_per_task)


def check_records_per_task(records_per_task: int) -> None:
    """Refuse a range size below 1 before any work is sent anywhere.

    Raises:
        ValueError: ``records_per_task`` below 1.
    """
    if records_per_task < 1:
        raise ValueError(f"records_per_task must be at least 1, got {records_per_task}")


def ranges_at(path: str, cuts: Sequence[int], records_per_task: int) -> list[WarcRange]:
    """The ranges of a file cut at byte offsets ``cuts`` (every ``records_per_task``-th
    record's start); the last range reads to the end of the file."""
    starts = [0, *cuts]
    ends: list[int | None] = [*cuts, None]
    return [
        WarcRange(
            path, offset, first=n * records_per_task,
            count=records_per_task if end is not None else None, end=end,
        )
        for n, (offset, end) in enumerate(zip(starts, ends))
    ]


def _can_cut(stream: IO[bytes], offsets: Sequence[int], cuts: Sequence[int]) -> bool:
    """True when every cut point is a place a reader can start from.

    Offsets must strictly increase: a library that cannot tell where records inside one gzip
    member start reports the same (or a wrong) offset for several of them. Each cut point must
    then hold a record's first bytes: ``WARC/`` as is, or for a gzipped file a gzip member
    that inflates to them (in a single-stream file, nothing else starts a member).
    """
    if any(later <= earlier for earlier, later in pairwise(offsets)):
        return False
    stream.seek(0)
    gzipped = stream.read(len(GZIP_MAGIC)) == GZIP_MAGIC
    return all(_record_starts_at(stream, cut, gzipped) for cut in cuts)


def _record_starts_at(stream: IO[bytes], offset: int, gzipped: bool) -> bool:
    stream.seek(offset)
    head = stream.read(HEAD_BYTES)
    if gzipped:
        if not head.startswith(GZIP_MAGIC):
            return False
        try:
            head = zlib.decompressobj(GZIP_WBITS).decompress(head)
        except zlib.error:
            return False
    return head.startswith(WARC_MAGIC)
