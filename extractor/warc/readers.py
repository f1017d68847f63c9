"""WARC readers: warcio (always there) and FastWARC (optional, faster), one output.

Each reader only splits the file into records and hands over, per record, the WARC type, the
target URI, the HTTP status and headers and the raw payload. Everything after that (skipping,
de-chunking, decompression) is shared code in `payload`, which is why the two readers produce
the same pages and the same failures.

FastWARC is chosen automatically when it is installed (``pip install "news-extractor[fast]"``);
pass ``reader="warcio"`` to force the pure-Python reader.
"""

from __future__ import annotations

import importlib.util
import re
import zlib
from dataclasses import dataclass, replace
from functools import cache
from typing import IO, Any, Callable, Iterator, Literal, Mapping, Union

from ..errors import ExtractError
from .errors import WarcFormatError
from .payload import classify, header, page_body
from ..record import Origin
from .records import ExtractFailure, SkippedRecord, WarcPage

ReaderName = Literal["auto", "warcio", "fastwarc"]
READER_NAMES: tuple[ReaderName, ...] = ("auto", "warcio", "fastwarc")

#: What a reader yields for each record.
RecordOutcome = Union[WarcPage, SkippedRecord, ExtractFailure]


@dataclass(frozen=True)
class RawRecord:
    """The facts one record gives, the same from either library.

    ``offset`` is where the record starts in the file (for a ``.warc.gz``, where its gzip
    member starts): both libraries count from the file's start, even on a stream opened there
    by seeking, so `index` can hand the offset to a task that seeks back to it.

    ``defect`` says what is wrong with the record's framing (None when nothing is): its block
    ends before its Content-Length does (the file, or the record's gzip member, ended first),
    or it has no Content-Length at all (its header block was cut). Neither library says so on
    its own: both hand such a record over as if it were whole.
    """

    offset: int
    record_type: str
    url: str | None
    status: int | None
    headers: Mapping[str, str]
    identified_type: str | None
    payload: bytes
    defect: str | None = None


def fastwarc_available() -> bool:
    """True when the optional FastWARC package can be imported."""
    return importlib.util.find_spec("fastwarc") is not None


def choose_reader(name: ReaderName) -> Literal["warcio", "fastwarc"]:
    """The reader to use: ``auto`` means FastWARC when installed, warcio otherwise.

    Raises:
        ValueError: an unknown name, or ``fastwarc`` asked for but not installed.
    """
    if name == "auto":
        return "fastwarc" if fastwarc_available() else "warcio"
    if name == "fastwarc" and not fastwarc_available():
        raise ValueError('reader "fastwarc" needs FastWARC: pip install "news-extractor[fast]"')
    if name not in ("warcio", "fastwarc"):
        raise ValueError(f"unknown WARC reader {name!r}; use one of {', '.join(READER_NAMES)}")
    return name


def open_warc(path: str) -> IO[bytes]:
    """Open a local path, or a URL (``s3://``, ``https://``, ``file://``) through fsspec.

    URLs let Dask or Spark workers stream Common Crawl files without a download step; they
    need ``fsspec`` (installed with the ``dask`` extra) and its driver for the scheme
    (``s3fs`` for ``s3://``, ``aiohttp`` for ``https://``).

    Raises:
        OSError: the file cannot be opened.
        ImportError: a URL whose fsspec driver is not installed.
    """
    if "://" not in path:
        return open(path, "rb")
    try:
        import fsspec
    except ImportError:
        raise ImportError(f"reading {path} needs fsspec: pip install fsspec") from None
    stream: IO[bytes] = fsspec.open(path, "rb").open()
    return stream


#: Bytes read at a time when passing over the rest of a record's block.
_DRAIN_BYTES = 64 * 1024
#: Bytes of a record's start searched for its Content-Length when checking its gzip member.
_HEAD_BYTES = 64 * 1024
_CONTENT_LENGTH = re.compile(rb"\r\nContent-Length:[ \t]*(\d+)", re.IGNORECASE)
#: How a WARC record's first line begins (the version: ``WARC/1.0``, ``WARC/1.1``).
WARC_MAGIC = b"WARC/"
#: How a gzip member begins.
GZIP_MAGIC = b"\x1f\x8b"
#: zlib's wbits for a gzip wrapper.
GZIP_WBITS = 16 + zlib.MAX_WBITS


def _clean_uri(uri: str | None) -> str | None:
    # WARC 1.0 examples wrap the URI in angle brackets and some writers copied that.
    return uri.strip().strip("<>") if uri else None


#: What `RawRecord.defect` says of a block shorter than its Content-Length.
_CUT_SHORT = (
    "cut short: its block ends before its Content-Length does (truncated file, or a "
    "Content-Length past the end of the record)"
)


def _framing_defect(declared: str | None, missing: int) -> str | None:
    """What is wrong with a record whose Content-Length header is ``declared`` and whose block
    lacked ``missing`` of the bytes it declares."""
    if declared is None:
        return "no Content-Length header (its header block was cut off?)"
    return _CUT_SHORT if missing > 0 else None


@cache
def _strict_warcio() -> Any:
    """warcio's ArchiveIterator, made as strict as FastWARC about where records begin.

    warcio skips one line of anything after a record's block (printing a warning) before
    looking for the next header, so a Content-Length a few bytes short is read past, and it
    drops a record whose header block the file cuts off without a word; FastWARC stops at
    both. Here blank lines after a block are skipped and the next line must begin a record,
    and a header block cut off is a `WarcFormatError`, so both readers end a file at the same
    place.
    """
    from warcio.archiveiterator import ArchiveIterator

    class StrictArchiveIterator(ArchiveIterator):  # type: ignore[misc]
        def _consume_blanklines(self) -> tuple[bytes | None, int]:
            blank = 0
            while True:
                line: bytes = self.reader.readline()
                if not line or line.strip():
                    # The next record's first line, checked when that record is read (so the
                    # record before it is handed over first, as FastWARC does).
                    return line or None, blank
                blank += len(line)

        def _next_record(self, next_line: bytes | None) -> Any:
            line = next_line or self.reader.readline()
            if not line:
                raise EOFError  # the clean end of the file (or of a gzip member)
            if not line.startswith(WARC_MAGIC):
                raise WarcFormatError(
                    "what follows it is not a WARC record (a wrong Content-Length?)"
                )
            try:
                return super()._next_record(line)
            except EOFError:
                raise WarcFormatError("the next record's header block is cut off") from None

    return StrictArchiveIterator


def _warcio_records(stream: IO[bytes], max_bytes: int) -> Iterator[RawRecord]:
    records = _strict_warcio()(stream)
    for record in records:
        if record.format != "warc":
            # warcio also reads ARC files and takes plain text lines for ARC records; FastWARC
            # reads WARC only. Refusing here keeps the two readers' answers the same.
            raise WarcFormatError(f"not a WARC record (warcio read it as {record.format})")
        http = record.http_headers
        status = http.get_statuscode() if http is not None else None
        # The raw stream is the payload as stored: still chunked and compressed.
        payload = record.raw_stream.read(max_bytes + 1)
        # The raw stream stops at the Content-Length or where the data ends, whichever comes
        # first; what it has left to give is what was missing.
        while record.raw_stream.read(_DRAIN_BYTES):
            pass
        yield RawRecord(
            # Only after the payload is read: asking earlier makes warcio skip the record's
            # rest to measure it, and the payload would read as empty.
            offset=records.get_record_offset(),
            record_type=record.rec_headers.get_header("WARC-Type") or "",
            url=_clean_uri(record.rec_headers.get_header("WARC-Target-URI")),
            status=int(status) if status and status.isdigit() else None,
            headers=dict(http.headers) if http is not None else {},
            identified_type=record.rec_headers.get_header("WARC-Identified-Payload-Type"),
            payload=payload,
            defect=_framing_defect(
                record.rec_headers.get_header("Content-Length"),
                getattr(record.raw_stream, "limit", 0),
            ),
        )


def _fastwarc_records(stream: IO[bytes], max_bytes: int) -> Iterator[RawRecord]:
    """FastWARC's records, each handed over once the next one has been read.

    FastWARC reads a ``.warc.gz`` as one continuous stream, so a Content-Length past the end
    of its record's gzip member reads on into the next record and only the record after
    fails. warcio stops at the member's end and reports the record itself as cut short. The
    one record held back is checked against its own member when what follows it fails, so
    both readers give the same answer.
    """
    from fastwarc.warc import ArchiveIterator

    held: RawRecord | None = None
    try:
        for record in ArchiveIterator(stream, parse_http=True, auto_decode="none"):
            raw = _fastwarc_raw(record, max_bytes)
            if held is not None:
                yield held
            held = raw
    except Exception:
        if held is not None:
            if _member_cuts_record(stream, held.offset):
                held = replace(held, defect=_CUT_SHORT)
            yield held
        raise
    if held is not None:
        yield held


def _fastwarc_raw(record: Any, max_bytes: int) -> RawRecord:
    http = record.http_headers
    payload = record.reader.read(max_bytes + 1)
    record.consume()
    return RawRecord(
        offset=record.stream_pos,
        record_type=record.headers.get("WARC-Type") or "",
        url=_clean_uri(record.headers.get("WARC-Target-URI")),
        status=http.status_code if http is not None else None,
        headers=dict(http.items()) if http is not None else {},
        identified_type=record.headers.get("WARC-Identified-Payload-Type"),
        payload=payload,
        # With the HTTP headers parsed, both count the payload only.
        defect=_framing_defect(
            record.headers.get("Content-Length"),
            record.content_length - record.reader.tell(),
        ),
    )


@dataclass(frozen=True)
class _Member:
    """What inflating one gzip member of a file showed."""

    head: bytes  # its first `_HEAD_BYTES` inflated bytes
    size: int  # inflated bytes in all
    complete: bool  # the member's end was reached (else the file ends inside it)
    followed: bool  # bytes of the file come after it


def _member_at(stream: IO[bytes], offset: int) -> _Member | None:
    """The gzip member starting at ``offset``, inflated once more (None when the file is not
    gzipped there, or cannot be seeked or inflated).

    Only asked at the end of a file or on the way to a failure, so at most one member a file
    is inflated twice.
    """
    try:
        stream.seek(offset)
        if stream.read(len(GZIP_MAGIC)) != GZIP_MAGIC:
            return None
        stream.seek(offset)
        inflater = zlib.decompressobj(GZIP_WBITS)
        head = bytearray()
        size = 0
        while not inflater.eof:
            # Bounded output per call: the member may be a decompression bomb.
            data = inflater.unconsumed_tail or stream.read(_DRAIN_BYTES)
            if not data:
                break
            chunk = inflater.decompress(data, _DRAIN_BYTES)
            size += len(chunk)
            head += chunk[: max(_HEAD_BYTES - len(head), 0)]
        followed = bool(inflater.unused_data) or bool(stream.read(1))
    except (OSError, ValueError, zlib.error):
        return None
    return _Member(bytes(head), size, inflater.eof, followed)


def _member_cuts_record(stream: IO[bytes], offset: int) -> bool:
    """True when the gzip member at ``offset`` ends before the block of the record in it."""
    member = _member_at(stream, offset)
    if member is None:
        return False
    header, found, _ = member.head.partition(b"\r\n\r\n")
    length = _CONTENT_LENGTH.search(header)
    if not found or length is None:
        return False
    return member.size < len(header) + len(found) + int(length.group(1))


def _ends_inside_a_member(stream: IO[bytes], last_offset: int | None) -> bool:
    """True when a gzipped file goes on after its last record's member, or ends inside it.

    Both libraries end quietly when the file stops inside a gzip member before a whole
    record header came out of it: the records of a cut file would pass for all of them.
    """
    member = _member_at(stream, last_offset or 0)
    if member is None:
        return False
    if last_offset is None:
        return True  # a gzipped file in which no record was found at all
    return not member.complete or member.followed


def raw_records(reader: ReaderName) -> Callable[[IO[bytes], int], Iterator[RawRecord]]:
    """The record splitter of ``reader``: ``(stream, max_bytes) -> RawRecord...``."""
    return _fastwarc_records if choose_reader(reader) == "fastwarc" else _warcio_records


def record_offsets(stream: IO[bytes], reader: ReaderName = "auto") -> Iterator[int]:
    """Where each record of a WARC stream starts, in file order: the cheap pass that lets a
    file be cut into record ranges (`index`). Payloads are passed over, not decoded.

    Stops quietly before the first record `read_warc` would end the file on (cut-off headers,
    garbage): no range may start past that point, so a range holding the rest of the file
    reads it, and fails on it, exactly as a whole-file read does.
    """
    try:
        for raw in raw_records(reader)(stream, 0):
            if not raw.record_type or raw.defect:
                return
            yield raw.offset
    except Exception:  # noqa: BLE001 - the same set of library errors as read_warc; see there
        return


def to_outcome(raw: RawRecord, max_bytes: int, source: str = "<stream>") -> RecordOutcome:
    """Decide what one record is: a page to extract, a skip, or a broken record (whose
    failure names ``source`` and the record's offset, as the page's line would)."""
    if not raw.record_type:
        # Both libraries hand over a record whose header block was cut off as an empty one.
        raise WarcFormatError("a record has no WARC-Type header (file truncated?)")
    reason = classify(
        raw.record_type,
        raw.status,
        header(raw.headers, "Content-Type"),
        raw.identified_type,
        raw.payload,
    )
    if reason is not None:
        return SkippedRecord(url=raw.url, reason=reason)
    try:
        body = page_body(raw.payload, raw.headers, max_bytes)
    except ExtractError as error:
        # A broken Content-Encoding is this record's problem only: the file goes on.
        return ExtractFailure.from_exception(raw.url, error, Origin(source, raw.offset))
    return WarcPage(url=raw.url, headers=raw.headers, body=body, offset=raw.offset)


def _broken_record(raw: RawRecord, source: str) -> ExtractFailure:
    """The failure ending a file at a record whose framing is broken: extracting what is
    there would pass a cut page off as whole."""
    return ExtractFailure(
        url=None,
        error_type=WarcFormatError.__name__,
        message=f"{source}: the record at offset {raw.offset} ({raw.url or 'no URI'}): "
        f"{raw.defect}",
        origin=Origin(source, raw.offset),
    )


def read_warc(
    stream: IO[bytes], reader: ReaderName = "auto", *, max_bytes: int, source: str = "<stream>"
) -> Iterator[RecordOutcome]:
    """Every record of a WARC stream (plain or gzip) as a page, a skip or a failure.

    A file that stops being readable (truncated gzip, garbage between records, a record cut
    short or whose Content-Length runs past the end) ends with one ``WarcFormatError``
    failure naming ``source``; the records before it are kept, the cut record is not.
    """
    records = raw_records(reader)
    last_url: str | None = None
    last_offset: int | None = None
    try:
        for raw in records(stream, max_bytes):
            if raw.defect:
                yield _broken_record(raw, source)
                return
            last_url, last_offset = raw.url, raw.offset
            yield to_outcome(raw, max_bytes, source)
        if _ends_inside_a_member(stream, last_offset):
            after = f"the record at offset {last_offset}" if last_offset is not None else "its start"
            yield ExtractFailure(
                url=None,
                error_type=WarcFormatError.__name__,
                message=f"{source}: the file ends inside a gzip member after {after} "
                "(truncated file?)",
            )
    except Exception as error:  # noqa: BLE001 - recorded, see below
        # On corrupt bytes the libraries raise whatever their parsing hits (warcio: its own
        # ArchiveLoadFailed but also AttributeError, ValueError, zlib.error; FastWARC: OSError).
        # Any of them means the rest of the file cannot be read: that becomes one failure
        # record, and the records before it stand.
        after = f" after the record for {last_url}" if last_url else " at its first record"
        yield ExtractFailure(
            url=None,
            error_type=WarcFormatError.__name__,
            message=f"{source}: unreadable{after}: {type(error).__name__}: {error}",
        )
