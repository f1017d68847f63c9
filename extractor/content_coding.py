"""Undo Content-Encoding (gzip, deflate, brotli) without ever holding more than the cap.

The one decoder for HTTP bodies, whether they come from the network (`extractor.fetcher`) or
from a web archive (`extractor.warc.payload`), so both accept the same codings with the same
limits.

httpx decodes eagerly: a 481-byte brotli bomb becomes one 300 MiB chunk before any size check
can run. The fetcher therefore reads the raw bytes and feeds them to these decoders, each of
which asks its decompressor for at most the bytes still allowed, so memory stays bounded by the
cap whatever the compression ratio.

Bytes after the end of a compressed stream (other than a further gzip member) are ignored, as
browsers do, but they are counted against the cap and never kept: zlib would otherwise pile
them up in ``unused_data`` and copy them on every chunk, so 64 MiB of trailing garbage cost
half a minute of CPU. Brotli has no trailing-data allowance: the library refuses the first
byte after the stream, so such a body is corrupt (`DecodeError`).
"""

from __future__ import annotations

import zlib
from typing import Protocol

import brotli

#: Output requested from a decompressor per call, so one call never allocates more than this
#: beyond the cap.
_STEP = 64 * 1024

_GZIP_MAGIC = b"\x1f\x8b"


class TooLargeError(Exception):
    """The decoded body passed the byte cap."""


class DecodeError(Exception):
    """The Content-Encoding is unknown or the compressed data is corrupt."""


class _Output:
    """A stage's output for one call, counted against its limit as it grows. Joined once at
    the end, so a body decoded in one step is never copied."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []
        self.size = 0

    def add(self, chunk: bytes, limit: int) -> None:
        self._chunks.append(chunk)
        self.size += len(chunk)
        if self.size > limit:
            raise TooLargeError

    def joined(self) -> bytes:
        return b"".join(self._chunks)


class _Stage(Protocol):
    #: Bytes after the end of the stream, counted against the cap and dropped.
    dropped: int

    def feed(self, data: bytes, limit: int) -> bytes: ...

    def flush(self, limit: int) -> bytes: ...


class _Identity:
    dropped = 0

    def feed(self, data: bytes, limit: int) -> bytes:
        if len(data) > limit:
            raise TooLargeError
        return data

    def flush(self, limit: int) -> bytes:
        return b""


class _Zlib:
    """gzip (possibly multi-member) or deflate (zlib-wrapped, or raw as some servers send)."""

    def __init__(self, wbits: int) -> None:
        self._wbits = wbits
        self._decompressor = zlib.decompressobj(wbits)
        self._started = False
        # After the stream ended with something other than a new gzip member: all that
        # follows is dropped without being looked at.
        self._ended = False
        # A lone first byte of the gzip magic left at the end of a chunk: whether it starts a
        # new member depends on the next chunk.
        self._pending = b""
        self.dropped = 0

    def _after_end(self, data: bytes) -> bytes:
        """What to decode of ``data``, which follows the end of a stream: a further gzip member
        (a fresh decompressor takes it), or nothing (the bytes are dropped)."""
        data, self._pending = self._pending + data, b""
        if self._wbits > zlib.MAX_WBITS and not self._ended:
            if data.startswith(_GZIP_MAGIC):
                self._decompressor = zlib.decompressobj(self._wbits)
                return data
            if _GZIP_MAGIC.startswith(data):
                self._pending = data
                return b""
        # Trailing bytes after the stream are ignored, as browsers do.
        self._ended = True
        self.dropped += len(data)
        return b""

    def _drain(self, data: bytes, limit: int) -> bytes:
        out = _Output()
        dropped_before = self.dropped
        while True:
            if self._decompressor.eof:
                # Never hand a finished decompressor more input: it would append all of it
                # to unused_data, which grows (and is copied) without bound.
                data = self._after_end(data) if data else b""
                if not data:
                    break
            room = limit - out.size - (self.dropped - dropped_before)
            chunk = self._decompressor.decompress(data, min(room + 1, _STEP) if room >= 0 else 1)
            out.add(chunk, limit)
            eof = self._decompressor.eof
            data = self._decompressor.unused_data if eof else self._decompressor.unconsumed_tail
            if not eof and not data and not chunk:
                break
        if out.size + self.dropped - dropped_before > limit:
            raise TooLargeError
        return out.joined()

    def feed(self, data: bytes, limit: int) -> bytes:
        try:
            if not self._started and self._wbits == zlib.MAX_WBITS and data:
                self._started = True
                try:
                    return self._drain(data, limit)
                except zlib.error:
                    # "deflate" sent without the zlib header (raw deflate): retry that way.
                    self._wbits = -zlib.MAX_WBITS
                    self._decompressor = zlib.decompressobj(self._wbits)
            self._started = True
            return self._drain(data, limit)
        except zlib.error as error:
            raise DecodeError(f"corrupt compressed body: {error}") from error

    def flush(self, limit: int) -> bytes:
        tail = self._decompressor.flush(max(_STEP, 1))
        if len(tail) > limit:
            raise TooLargeError
        return tail


class _Brotli:
    dropped = 0

    def __init__(self) -> None:
        self._decompressor = brotli.Decompressor()

    def feed(self, data: bytes, limit: int) -> bytes:
        out = _Output()
        try:
            chunk = self._decompressor.process(data, output_buffer_limit=_STEP)
            while True:
                out.add(chunk, limit)
                if self._decompressor.can_accept_more_data():
                    return out.joined()
                # The decoder is holding output back because of the buffer limit: drain it.
                chunk = self._decompressor.process(b"", output_buffer_limit=_STEP)
        except brotli.error as error:
            raise DecodeError(f"corrupt brotli body: {error}") from error

    def flush(self, limit: int) -> bytes:
        return b""


#: Content-Encoding values meaning "not encoded". "none" is no registered coding, but some
#: servers send it (and archives keep it) meaning identity.
IDENTITY_CODINGS = ("", "identity", "none")


def _stage(coding: str) -> _Stage:
    if coding in IDENTITY_CODINGS:
        return _Identity()
    if coding in ("gzip", "x-gzip"):
        return _Zlib(16 + zlib.MAX_WBITS)
    if coding == "deflate":
        return _Zlib(zlib.MAX_WBITS)
    if coding == "br":
        return _Brotli()
    raise DecodeError(f"unsupported Content-Encoding {coding!r}")


#: The Accept-Encoding header matching what `BoundedDecoder` can undo.
ACCEPT_ENCODING = "gzip, deflate, br"


class BoundedDecoder:
    """Decodes a body fed chunk by chunk, raising `TooLargeError` past ``max_bytes``.

    ``content_encoding`` is the header value; codings applied in order (``gzip, br``) are
    undone in reverse order.
    """

    def __init__(self, content_encoding: str | None, max_bytes: int) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
        self._stages = [_stage(coding) for coding in reversed(codings)] or [_Identity()]
        self._max_bytes = max_bytes
        self._parts: list[bytes] = []
        self._size = 0

    def _push(self, data: bytes, *, final: bool) -> None:
        for stage in self._stages:
            limit = self._max_bytes - self._size - self.dropped
            data = stage.feed(data, limit) if data else b""
            if final:
                data += stage.flush(limit - len(data))
        self._parts.append(data)
        self._size += len(data)

    def feed(self, raw: bytes) -> None:
        """Decode one chunk of raw body bytes."""
        self._push(raw, final=False)

    def finish(self) -> bytes:
        """The whole decoded body."""
        self._push(b"", final=True)
        return b"".join(self._parts)

    def partial(self) -> bytes:
        """What was decoded before the cap was reached (for bodies read truncated)."""
        return b"".join(self._parts)

    @property
    def size(self) -> int:
        """Decoded bytes so far."""
        return self._size

    @property
    def dropped(self) -> int:
        """Bytes found after the end of a compressed stream so far: ignored, but counted
        against ``max_bytes`` so that endless trailing data cannot be read for free."""
        return sum(stage.dropped for stage in self._stages)
