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
from dataclasses import dataclass
from typing import IO, Callable, Iterator, Literal, Mapping, Union

from ..errors import ExtractError
from .errors import WarcFormatError
from .payload import classify, header, page_body
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
    """

    offset: int
    record_type: str
    url: str | None
    status: int | None
    headers: Mapping[str, str]
    identified_type: str | None
    payload: bytes


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


def _clean_uri(uri: str | None) -> str | None:
    # WARC 1.0 examples wrap the URI in angle brackets and some writers copied that.
    return uri.strip().strip("<>") if uri else None


def _warcio_records(stream: IO[bytes], max_bytes: int) -> Iterator[RawRecord]:
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(stream)
    for record in records:
        if record.format != "warc":
            # warcio also reads ARC files and takes plain text lines for ARC records; FastWARC
            # reads WARC only. Refusing here keeps the two readers' answers the same.
            raise WarcFormatError(f"not a WARC record (warcio read it as {record.format})")
        http = record.http_headers
        status = http.get_statuscode() if http is not None else None
        # The raw stream is the payload as stored: still chunked and compressed.
        payload = record.raw_stream.read(max_bytes + 1)
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
        )


def _fastwarc_records(stream: IO[bytes], max_bytes: int) -> Iterator[RawRecord]:
    from fastwarc.warc import ArchiveIterator

    for record in ArchiveIterator(stream, parse_http=True, auto_decode="none"):
        http = record.http_headers
        yield RawRecord(
            offset=record.stream_pos,
            record_type=record.headers.get("WARC-Type") or "",
            url=_clean_uri(record.headers.get("WARC-Target-URI")),
            status=http.status_code if http is not None else None,
            headers=dict(http.items()) if http is not None else {},
            identified_type=record.headers.get("WARC-Identified-Payload-Type"),
            payload=record.reader.read(max_bytes + 1),
        )


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
            if not raw.record_type:
                return
            yield raw.offset
    except Exception:  # noqa: BLE001 - the same set of library errors as read_warc; see there
        return


def to_outcome(raw: RawRecord, max_bytes: int) -> RecordOutcome:
    """Decide what one record is: a page to extract, a skip, or a broken record."""
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
        return ExtractFailure.from_exception(raw.url, error)
    return WarcPage(url=raw.url, headers=raw.headers, body=body)


def read_warc(
    stream: IO[bytes], reader: ReaderName = "auto", *, max_bytes: int, source: str = "<stream>"
) -> Iterator[RecordOutcome]:
    """Every record of a WARC stream (plain or gzip) as a page, a skip or a failure.

    A file that stops being readable (truncated gzip, garbage between records) ends with one
    ``WarcFormatError`` failure naming ``source``; the records before it are kept.
    """
    records = raw_records(reader)
    last_url: str | None = None
    try:
        for raw in records(stream, max_bytes):
            last_url = raw.url
            yield to_outcome(raw, max_bytes)
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
