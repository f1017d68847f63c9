"""Bytes to text, in the order browsers use (WHATWG "encoding sniffing").

1. a byte-order mark;
2. the ``charset`` of the HTTP ``Content-Type`` header;
3. a ``<meta charset>`` or ``<meta http-equiv="Content-Type">`` in the first bytes;
4. UTF-8, with U+FFFD for invalid bytes.

One deliberate departure: a page labelled with a legacy (non-Unicode) encoding whose bytes are
valid UTF-8 containing non-ASCII characters is decoded as UTF-8. Servers, CMS templates and saved
copies mislabel UTF-8 that way all the time (latin-1 most of all, but also gb2312, big5,
windows-1251, windows-1256), and text in those encodings is almost never valid UTF-8 by chance:
in the single-byte ones a letter above 0x7F is rarely followed by UTF-8 continuation bytes, and
in the double-byte ones every character of the page would have to happen to form a valid
sequence.
"""

from __future__ import annotations

import codecs
import re
from typing import Final, Mapping

from .errors import NotHTMLError

#: How far the ``<meta>`` prescan looks. The standard says 1,024 bytes; real pages often put
#: their charset after a long run of scripts and link tags, and browsers look further.
PRESCAN_BYTES: Final = 16 * 1024

_BOMS: Final = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: The byte-order marks, for a check that needs no decoding.
BOM_PREFIXES: Final = tuple(bom for bom, _ in _BOMS)

# WHATWG labels that Python's codec registry names differently or gets subtly wrong.
_LABEL_ALIASES: Final = {
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "x-sjis": "shift_jis",
    "shift-jis": "shift_jis",
    "windows-31j": "cp932",
    "gb2312": "gbk",
    "gb_2312-80": "gbk",
    "x-gbk": "gbk",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "iso-8859-9": "cp1254",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
    "x-mac-roman": "mac_roman",
    "unicode": "utf-16-le",
    "utf-16": "utf-16-le",
}


_META_CHARSET: Final = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.IGNORECASE
)
_HEADER_CHARSET: Final = re.compile(r"""charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.IGNORECASE)

# Magic numbers of formats that are sometimes served or saved as ".html".
_BINARY_SIGNATURES: Final = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "gzip-compressed data (decompress it first)"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ", "xz-compressed data"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"RIFF", "a RIFF container (WebP, WAV, AVI)"),
    (b"\x00\x00\x00", "binary data"),
)


_CONTROL_BYTES: Final = bytes(b for b in range(32) if b < 9 or b > 13)


def normalize_label(label: str) -> str | None:
    """The Python codec for an encoding label, or None when the label is unknown."""
    key = label.strip().strip("\"'").lower()
    key = _LABEL_ALIASES.get(key, key)
    try:
        name = codecs.lookup(key).name
    except LookupError:
        return None
    # Python calls utf-8 "utf-8" but latin-1 family names vary; keep one spelling each.
    return _LABEL_ALIASES.get(name, name)


def charset_from_headers(headers: Mapping[str, str] | None) -> str | None:
    """The charset label of a ``Content-Type`` header, if any (case-insensitive lookup)."""
    if not headers:
        return None
    for key, value in headers.items():
        if key.lower() == "content-type":
            match = _HEADER_CHARSET.search(value)
            return match.group(1) if match else None
    return None


def charset_from_meta(data: bytes) -> str | None:
    """The charset declared by a ``<meta>`` element near the start of the document."""
    match = _META_CHARSET.search(data[:PRESCAN_BYTES])
    return match.group(1).decode("ascii", "replace") if match else None


def sniff_binary(data: bytes) -> str | None:
    """A description of the binary format ``data`` is in, or None when it may be text."""
    head = data[:1024].lstrip()
    for magic, what in _BINARY_SIGNATURES:
        if head.startswith(magic):
            return what
    if not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        sample = data[:4096]
        # Control bytes other than tab/newline/form feed are rare in text of any encoding.
        controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
        if sample and controls / len(sample) > 0.05:
            return "binary data"
    return None


def _is_utf8_with_multibyte(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def declared_codec(data: bytes, headers: Mapping[str, str] | None = None) -> str | None:
    """The Python codec of the first usable charset label: the HTTP ``Content-Type`` header's,
    else the ``<meta>`` prescan's; None when neither gives one. UTF-16 labels are passed over:
    a UTF-16 label without a BOM on ASCII-compatible bytes is a lie browsers ignore."""
    for label in (charset_from_headers(headers), charset_from_meta(data)):
        if not label:
            continue
        codec = normalize_label(label)
        if codec is not None and not codec.startswith("utf-16"):
            return codec
    return None


def decode_html(data: bytes, headers: Mapping[str, str] | None = None) -> tuple[str, str]:
    """Decode a page's bytes; returns ``(text, encoding)``.

    Raises `NotHTMLError` for binary formats (PDF, images, archives).
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, "replace"), name
    what = sniff_binary(data)
    if what:
        raise NotHTMLError(f"input is {what}, not an HTML page")
    codec = declared_codec(data, headers) or "utf-8"
    if codec != "utf-8" and _is_utf8_with_multibyte(data):
        return data.decode("utf-8"), "utf-8"
    return data.decode(codec, "replace"), codec
