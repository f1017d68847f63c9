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

#: The Encoding Standard's label table (https://encoding.spec.whatwg.org/#names-and-labels):
#: each encoding's labels, under the Python codec that decodes it. Only these labels are read;
#: any other (``hex``, ``undefined``, ``base64``) is an unknown label, as in a browser, even
#: when Python has a codec of that name: many of Python's codecs turn bytes into bytes or
#: refuse text. Three encodings of the standard are left out, so that their labels are
#: unknown too: "replacement" (iso-2022-kr, hz-gb-2312, ...), which would turn the whole page
#: into one U+FFFD, and "x-user-defined", which no real page is in.
_WHATWG_LABELS: Final = {
    "utf-8": "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8",
    "cp866": "866 cp866 csibm866 ibm866",
    "iso8859-2": "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2",
    "iso8859-3": "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3",
    "iso8859-4": "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4",
    "iso8859-5": "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 "
    "iso_8859-5:1988",
    "iso8859-6": "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 "
    "iso-8859-6-e iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987",
    "iso8859-7": "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 "
    "iso88597 iso_8859-7 iso_8859-7:1987 sun_eu_greek",
    "iso8859-8": "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 "
    "iso88598 iso_8859-8 iso_8859-8:1988 visual csiso88598i iso-8859-8-i logical",
    "iso8859-10": "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6",
    "iso8859-13": "iso-8859-13 iso8859-13 iso885913",
    "iso8859-14": "iso-8859-14 iso8859-14 iso885914",
    "iso8859-15": "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9",
    "iso8859-16": "iso-8859-16",
    "koi8-r": "cskoi8r koi koi8 koi8-r koi8_r",
    "koi8-u": "koi8-ru koi8-u",
    "mac-roman": "csmacintosh mac macintosh x-mac-roman",
    "cp874": "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874",
    "cp1250": "cp1250 windows-1250 x-cp1250",
    "cp1251": "cp1251 windows-1251 x-cp1251",
    # The standard reads latin-1 and ASCII labels as windows-1252, as browsers always have.
    "cp1252": "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 "
    "iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252",
    "cp1253": "cp1253 windows-1253 x-cp1253",
    "cp1254": "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 "
    "iso_8859-9:1989 l5 latin5 windows-1254 x-cp1254",
    "cp1255": "cp1255 windows-1255 x-cp1255",
    "cp1256": "cp1256 windows-1256 x-cp1256",
    "cp1257": "cp1257 windows-1257 x-cp1257",
    "cp1258": "cp1258 windows-1258 x-cp1258",
    "mac-cyrillic": "x-mac-cyrillic x-mac-ukrainian",
    "gbk": "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk",
    "gb18030": "gb18030",
    "big5": "big5 big5-hkscs cn-big5 csbig5 x-x-big5",
    "euc_jp": "cseucpkdfmtjapanese euc-jp x-euc-jp",
    "iso2022_jp": "csiso2022jp iso-2022-jp",
    "shift_jis": "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis",
    "cp949": "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 "
    "ksc_5601 windows-949",
    "utf-16-be": "unicodefffe utf-16be",
    "utf-16-le": "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le",
}
#: Every label of `_WHATWG_LABELS`, lower-case, to the spelling of its codec that Python reports.
LABELS: Final = {
    label: codecs.lookup(codec).name for codec, labels in _WHATWG_LABELS.items() for label in labels.split()
}
# ASCII whitespace, which the standard strips from a label before looking it up.
_LABEL_SPACE: Final = "\t\n\x0c\r "


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
    """The Python codec for an encoding label, or None when the Encoding Standard does not
    know the label."""
    return LABELS.get(label.strip(_LABEL_SPACE).strip("\"'").lower())


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
