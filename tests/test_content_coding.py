"""The one Content-Encoding decoder (HTTP and WARC): bounded, trailing bytes dropped."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib

import brotli
import pytest

from extractor.content_coding import BoundedDecoder, DecodeError, TooLargeError

TEXT = b"<p>The council met on Monday.</p>" * 300
MIB = 1024 * 1024


def decoded(coding: str, chunks: list[bytes], cap: int = 10 * MIB) -> bytes:
    decoder = BoundedDecoder(coding, cap)
    for chunk in chunks:
        decoder.feed(chunk)
    return decoder.finish()


def raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


@pytest.mark.parametrize(
    ("coding", "body"),
    [
        ("gzip", gzip.compress(TEXT)),
        ("deflate", zlib.compress(TEXT)),
        ("deflate", raw_deflate(TEXT)),
    ],
)
def test_trailing_bytes_after_the_stream_are_dropped_and_counted(coding: str, body: bytes) -> None:
    decoder = BoundedDecoder(coding, 10 * MIB)
    decoder.feed(body + b"\r\n")
    decoder.feed(b"garbage after the stream")
    assert decoder.finish() == TEXT
    assert decoder.dropped == len(b"\r\n") + len(b"garbage after the stream")


def test_trailing_garbage_past_the_cap_is_too_large_without_being_kept() -> None:
    garbage = bytes(MIB)
    decoder = BoundedDecoder("gzip", 10 * MIB)
    decoder.feed(gzip.compress(TEXT))
    fed = 0
    tracemalloc.start()
    try:
        with pytest.raises(TooLargeError):
            for fed in range(1, 65):
                decoder.feed(garbage)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert fed == 10  # the cap stops the read, not the end of the 64 MiB
    # Kept, the dropped bytes would be 10 MiB here (zlib's unused_data grew without bound).
    assert peak < MIB


def test_nested_encodings_drop_each_layers_trailing_bytes() -> None:
    inner = gzip.compress(TEXT) + b"inner junk"
    body = gzip.compress(inner) + b"outer junk"
    decoder = BoundedDecoder("gzip, gzip", 10 * MIB)
    decoder.feed(body)
    assert decoder.finish() == TEXT
    assert decoder.dropped == len(b"inner junk") + len(b"outer junk")


def test_trailing_bytes_count_against_the_cap_with_the_decoded_body() -> None:
    body = gzip.compress(TEXT) + bytes(100)
    assert decoded("gzip", [body], cap=len(TEXT) + 100) == TEXT
    with pytest.raises(TooLargeError):
        decoded("gzip", [body], cap=len(TEXT) + 99)


def test_gzip_member_split_inside_its_magic_is_still_a_member() -> None:
    member = gzip.compress(TEXT)
    both = member + member
    cut = len(member) + 1  # between the two magic bytes of the second member
    assert decoded("gzip", [both[:cut], both[cut:]]) == TEXT * 2


def test_a_gzip_member_after_garbage_is_not_decoded() -> None:
    member = gzip.compress(TEXT)
    assert decoded("gzip", [member, b"junk", member]) == TEXT


def test_bytes_after_a_brotli_stream_are_a_decode_error() -> None:
    # The brotli library refuses any byte after the stream, in the same chunk or a later one,
    # so the outcome does not depend on where the network cut the chunks.
    body = brotli.compress(TEXT)
    with pytest.raises(DecodeError):
        decoded("br", [body + b"x"])
    with pytest.raises(DecodeError):
        decoded("br", [body, b"x"])


def test_none_is_read_as_identity() -> None:
    assert decoded("none", [TEXT]) == TEXT
