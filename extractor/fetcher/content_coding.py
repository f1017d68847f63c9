"""Undo Content-Encoding (gzip, deflate, brotli) without ever holding more than the cap.

httpx decodes eagerly: a 481-byte brotli bomb becomes one 300 MiB chunk before any size check
can run. The fetcher therefore reads the raw bytes and feeds them to these decoders, each of
which asks its decompressor for at most the bytes still allowed, so memory stays bounded by the
cap whatever the compression ratio.
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


class _Stage(Protocol):
    def feed(self, data: bytes, limit: int) -> bytes: ...

    def flush(self, limit: int) -> bytes: ...


class _Identity:
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

    def _drain(self, data: bytes, limit: int) -> bytes:
        out = bytearray()
        while True:
            room = limit - len(out)
            chunk = self._decompressor.decompress(data, min(room + 1, _STEP) if room >= 0 else 1)
            out += chunk
            if len(out) > limit:
                raise TooLargeError
            data = self._decompressor.unconsumed_tail
            if self._decompressor.eof:
                rest = self._decompressor.unused_data
                if self._wbits > zlib.MAX_WBITS and rest[:2] == _GZIP_MAGIC:
                    # Another gzip member follows: decode it with a fresh decompressor.
                    self._decompressor = zlib.decompressobj(self._wbits)
                    data = rest
                    continue
                # Trailing bytes after the stream are ignored, as browsers do.
                return bytes(out)
            if not data and not chunk:
                return bytes(out)

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
    def __init__(self) -> None:
        self._decompressor = brotli.Decompressor()

    def feed(self, data: bytes, limit: int) -> bytes:
        out = bytearray()
        try:
            chunk = self._decompressor.process(data, output_buffer_limit=_STEP)
            while True:
                out += chunk
                if len(out) > limit:
                    raise TooLargeError
                if self._decompressor.can_accept_more_data():
                    return bytes(out)
                # The decoder is holding output back because of the buffer limit: drain it.
                chunk = self._decompressor.process(b"", output_buffer_limit=_STEP)
        except brotli.error as error:
            raise DecodeError(f"corrupt brotli body: {error}") from error

    def flush(self, limit: int) -> bytes:
        return b""


def _stage(coding: str) -> _Stage:
    if coding in ("", "identity"):
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
            limit = self._max_bytes - self._size
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
