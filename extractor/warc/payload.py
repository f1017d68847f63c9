"""From a WARC response record's raw HTTP payload to the page bytes `extract` wants.

Both readers (warcio and FastWARC) hand over the payload exactly as it was stored, and these
pure functions do the rest, so the two readers give byte-identical pages and the same failures:

1. skip what is not a successful HTML response (`classify`);
2. undo ``Transfer-Encoding: chunked`` (`dechunk`);
3. undo ``Content-Encoding: gzip / deflate`` (`decode_content`), capped in size.
"""

from __future__ import annotations

import re
import zlib
from typing import Mapping

from .errors import ContentDecodingError
from .records import SkipReason

#: Media types extracted. ``text/plain`` and friends are not pages with a story structure.
HTML_TYPES = ("text/html", "application/xhtml+xml")

#: Bytes of the body looked at when a response has no Content-Type at all.
SNIFF_BYTES = 1024

_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<!--|<meta|<title)", re.I)
_CHUNK_SIZE_LINE = re.compile(rb"([0-9a-fA-F]+)[^\r\n]*\r?\n")

# zlib's wbits: 16 + MAX_WBITS reads a gzip wrapper, MAX_WBITS a zlib wrapper, and the negative
# form raw deflate (which some servers send for "deflate" against the RFC).
_GZIP_WBITS = 16 + zlib.MAX_WBITS
_IDENTITY_ENCODINGS = ("", "identity", "none")


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


def _inflate(data: bytes, wbits: int, limit: int) -> bytes:
    inflater = zlib.decompressobj(wbits)
    # max_length caps the output: a 10 MB gzip bomb must not become 10 GB in memory.
    out = inflater.decompress(data, limit + 1)
    return out


def decode_content(data: bytes, encoding: str | None, limit: int) -> bytes:
    """Undo ``Content-Encoding`` (gzip, x-gzip, deflate), returning at most ``limit + 1`` bytes.

    One byte over ``limit`` is kept so that `extract` still reports the page as too large.

    Raises:
        ContentDecodingError: the data is not valid for its declared encoding, or the
            encoding is one this package does not decode (``br``, ``zstd``).
    """
    name = (encoding or "").strip().lower()
    if name in _IDENTITY_ENCODINGS:
        return data
    try:
        if name in ("gzip", "x-gzip"):
            return _inflate(data, _GZIP_WBITS, limit)
        if name == "deflate":
            try:
                return _inflate(data, zlib.MAX_WBITS, limit)
            except zlib.error:
                return _inflate(data, -zlib.MAX_WBITS, limit)
    except zlib.error as error:
        raise ContentDecodingError(f"body is not valid {name} data: {error}") from None
    raise ContentDecodingError(f"unsupported Content-Encoding {encoding!r}")


def page_body(raw: bytes, headers: Mapping[str, str], limit: int) -> bytes:
    """The page bytes of an HTTP payload: de-chunked, then decompressed (see module docs)."""
    transfer = (header(headers, "Transfer-Encoding") or "").lower()
    body = dechunk(raw) if "chunked" in transfer else raw
    return decode_content(body, header(headers, "Content-Encoding"), limit)
