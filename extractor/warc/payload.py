"""From a WARC response record's raw HTTP payload to the page bytes `extract` wants.

Both readers (warcio and FastWARC) hand over the payload exactly as it was stored, and these
pure functions do the rest, so the two readers give byte-identical pages and the same failures:

1. skip what is not a successful HTML response (`classify`);
2. undo ``Transfer-Encoding: chunked`` (`dechunk`);
3. undo ``Content-Encoding`` (`decode_content`) with the fetcher's bounded decoder
   (`extractor.content_coding`: gzip, deflate, br, stacked), capped in size.
"""

from __future__ import annotations

import re
from typing import Mapping

from ..content_coding import IDENTITY_CODINGS, BoundedDecoder, DecodeError, TooLargeError
from ..errors import DocumentTooLargeError
from .errors import ContentDecodingError
from .records import SkipReason

#: Media types extracted. ``text/plain`` and friends are not pages with a story structure.
HTML_TYPES = ("text/html", "application/xhtml+xml")

#: Bytes of the body looked at when a response has no Content-Type at all.
SNIFF_BYTES = 1024

_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<!--|<meta|<title)", re.I)
_CHUNK_SIZE_LINE = re.compile(rb"([0-9a-fA-F]+)[^\r\n]*\r?\n")

def header(headers: Mapping[str, str], name: str) -> str | None:
    """A header's value, looked up without regard to case (HTTP names are case-insensitive)."""
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value
    return None


def media_type(content_type: str | None) -> str | None:
    """``text/html; charset=utf-8`` -> ``text/html``; None when there is no usable value."""
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def classify(
    record_type: str, status: int | None, content_type: str | None, identified_type: str | None,
    head: bytes,
) -> SkipReason | None:
    """Why a record is skipped, or None when it is an HTML page to extract.

    ``identified_type`` is ``WARC-Identified-Payload-Type`` (what the crawler sniffed, Common
    Crawl sets it); it decides only when the server sent no Content-Type, and the body's first
    bytes decide when neither exists.
    """
    if record_type != "response":
        return SkipReason.NOT_RESPONSE
    if status is None or not 200 <= status < 300:
        return SkipReason.STATUS
    declared = media_type(content_type) or media_type(identified_type)
    if declared is not None:
        return None if declared in HTML_TYPES else SkipReason.NOT_HTML
    return None if _HTML_START.match(head[:SNIFF_BYTES]) else SkipReason.NOT_HTML


def dechunk(data: bytes) -> bytes:
    """Undo HTTP chunked transfer coding.

    Many crawlers store the body already de-chunked but keep the ``Transfer-Encoding`` header,
    so data that does not start with a chunk-size line is returned unchanged rather than
    refused. A body cut off mid-chunk keeps what arrived.
    """
    out = bytearray()
    pos = 0
    while True:
        line = _CHUNK_SIZE_LINE.match(data, pos)
        if line is None:
            return data if pos == 0 else bytes(out)
        size = int(line.group(1), 16)
        if size == 0:
            return bytes(out)
        start = line.end()
        out += data[start : start + size]
        pos = start + size
        # Each chunk ends with CRLF; tolerate a bare LF from sloppy servers.
        if data.startswith(b"\r\n", pos):
            pos += 2
        elif data.startswith(b"\n", pos):
            pos += 1


def decode_content(data: bytes, encoding: str | None, limit: int) -> bytes:
    """Undo ``Content-Encoding`` (gzip, x-gzip, deflate, br, or several stacked), as the
    fetcher does, returning at most ``limit`` bytes.

    An unencoded body is returned as it is, whatever its size: `extract` itself refuses one
    over its ``max_bytes``.

    Raises:
        ContentDecodingError: the data is not valid for its declared encoding, or the
            encoding is one this package does not decode (``zstd``).
        DocumentTooLargeError: the decoded body, with any bytes after the end of the
            compressed stream, passes ``limit``.
    """
    if (encoding or "").strip().lower() in IDENTITY_CODINGS:
        return data
    try:
        decoder = BoundedDecoder(encoding, limit)
        decoder.feed(data)
        return decoder.finish()
    except DecodeError as error:
        raise ContentDecodingError(f"payload with Content-Encoding {encoding!r}: {error}") from None
    except TooLargeError:
        raise DocumentTooLargeError(
            f"decoded payload passes the limit of {limit:,} bytes (ExtractOptions.max_bytes)"
        ) from None


def page_body(raw: bytes, headers: Mapping[str, str], limit: int) -> bytes:
    """The page bytes of an HTTP payload: de-chunked, then decompressed (see module docs)."""
    transfer = (header(headers, "Transfer-Encoding") or "").lower()
    body = dechunk(raw) if "chunked" in transfer else raw
    return decode_content(body, header(headers, "Content-Encoding"), limit)
