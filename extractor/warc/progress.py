"""Where a time-limited extraction process is: the page it is extracting, in shared memory.

The watchdog (`worker.LimitedFile`) must name the page it stops: its URL, its record number,
how far into the file it was. The child could announce each page in a message before
extracting it, but then the parent would wake, unpickle and go back to sleep twice per page
instead of once, and in a Dask worker that is work taken from the extraction on a machine
with no spare core. Instead the child writes the page into a `PageMark`: a few bytes of a
file both processes map. The parent reads it only when it has killed the child (or found it
dead), so the child is never caught half-way through a write.
"""

from __future__ import annotations

import mmap
import os
import struct
import tempfile
from dataclasses import dataclass

#: Bytes the mark takes: a header and the URL, cut to fit. Real URLs are far shorter; a cut
#: one still names the page in a failure record.
MARK_BYTES = 4096

# State (1 = extracting a page, 0 = reading the file), record number, bytes read, where the
# record starts (-1: not known), URL length.
_HEADER = struct.Struct("<BqqqH")
_MAX_URL_BYTES = MARK_BYTES - _HEADER.size


@dataclass(frozen=True)
class PageInProgress:
    """The page a child was extracting: its record number in the file (or range), its URL,
    how far into the file the reader was, and where its record starts (the ``run.offset`` of
    its failure line; None when the reader did not say)."""

    ordinal: int
    url: str | None
    bytes_read: int
    offset: int | None = None


class PageMark:
    """A page-sized note shared by a parent and its extraction process.

    The parent makes one with `create` and passes `fd` to the child (``pass_fds``), which
    maps it with ``PageMark(fd)``. The child calls `page` before each page's extraction and
    `reading` once its result is sent; the parent calls `clear` before each job and `read`
    once the child is dead.
    """

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._memory = mmap.mmap(fd, MARK_BYTES)

    @classmethod
    def create(cls) -> PageMark:
        """A new, cleared mark over an anonymous file: in memory where the system offers one
        (Linux ``memfd_create``: no temporary directory needed, as on a read-only file system),
        else an unnamed temporary file. Nothing to clean up on disk either way."""
        if hasattr(os, "memfd_create"):
            fd = os.memfd_create("extractor-page-mark")
        else:
            with tempfile.TemporaryFile() as backing:
                fd = os.dup(backing.fileno())
        os.ftruncate(fd, MARK_BYTES)
        return cls(fd)

    def page(self, ordinal: int, url: str | None, bytes_read: int, offset: int | None = None) -> None:
        """Mark page ``ordinal`` (its record at ``offset``) as being extracted."""
        raw = (url or "").encode("utf-8", "replace")[:_MAX_URL_BYTES]
        self._memory[_HEADER.size : _HEADER.size + len(raw)] = raw
        state = 1 if url is not None else 2
        _HEADER.pack_into(self._memory, 0, state, ordinal, bytes_read, -1 if offset is None else offset, len(raw))

    def reading(self) -> None:
        """Mark that no page is being extracted (the file is being read)."""
        self._memory[0] = 0

    clear = reading

    def read(self) -> PageInProgress | None:
        """The page being extracted, or None while the file was being read."""
        state, ordinal, bytes_read, offset, length = _HEADER.unpack_from(self._memory, 0)
        if state == 0:
            return None
        raw = bytes(self._memory[_HEADER.size : _HEADER.size + length])
        # A URL cut in the middle of a character loses that character, not the record.
        url = raw.decode("utf-8", "ignore") if state == 1 else None
        return PageInProgress(ordinal, url, bytes_read, None if offset < 0 else offset)

    def close(self) -> None:
        if not self._memory.closed:
            self._memory.close()
            os.close(self.fd)
