"""Reading feeds and sitemaps as XML: streaming, bounded, and tolerant of the usual breakage.

Hostile or broken XML is the normal case on the web, so this module:

* refuses documents that declare entities (``<!ENTITY``): the "billion laughs" expansion bomb and
  external-entity tricks need them, and no real feed or sitemap uses them;
* streams (``XMLPullParser``) so a 50 MB sitemap never becomes one tree in memory, and stops after
  ``max_records`` records;
* keeps every record read before a syntax error, so a truncated feed still yields its first items;
* repairs, once, what breaks most feeds: HTML entities XML does not know (``&nbsp;``), bare ``&``
  in URLs, and control characters.

Element names are compared without their namespace (`local_name`): feeds mix RSS, Atom, Dublin
Core and Google News prefixes, and the local names never collide where we look.
"""

from __future__ import annotations

import html.entities
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Iterable, Iterator, cast

#: Most records read from one document (the sitemap protocol allows 50,000 URLs per file).
DEFAULT_MAX_RECORDS = 50_000

_ENTITY_DECLARATION = b"<!entity"
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_BARE_AMPERSAND = re.compile(r"&(?!#\d+;|#x[0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_NAMED_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_XML_BUILTIN_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
_ENCODING_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding=[\"']([A-Za-z0-9._-]+)[\"']")


class EntityDeclarationError(ValueError):
    """The document declares XML entities: refused, as an expansion bomb would."""


@dataclass
class ParsedXml:
    """What was read: the root element's local name, the records, and the error that stopped us."""

    root: str | None = None
    records: list[ET.Element] = field(default_factory=list)
    error: str | None = None
    truncated: bool = False


def local_name(tag: object) -> str:
    """``{http://www.w3.org/2005/Atom}link`` -> ``link``; lower-cased for lenient matching."""
    if not isinstance(tag, str):  # comments and processing instructions
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def children(element: ET.Element, name: str) -> Iterator[ET.Element]:
    """Direct children with the given local name."""
    return (child for child in element if local_name(child.tag) == name)


def child_text(element: ET.Element, *names: str) -> str | None:
    """Stripped text of the first direct child with one of the names (in order of preference)."""
    for name in names:
        for child in children(element, name):
            text = "".join(child.itertext()).strip()
            if text:
                return text
    return None


def _check_chunk(chunk: bytes, tail: bytes) -> bytes:
    """Raise on an entity declaration; returns the tail to carry into the next chunk's check."""
    window = (tail + chunk[:16]).lower()
    if _ENTITY_DECLARATION in window or _ENTITY_DECLARATION in chunk.lower():
        raise EntityDeclarationError("document declares XML entities (refused: expansion bomb risk)")
    return chunk[-8:]


def _stream(chunks: Iterable[bytes], record_names: frozenset[str], max_records: int) -> ParsedXml:
    parsed = ParsedXml()
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
    stack: list[ET.Element] = []
    tail = b""
    try:
        for chunk in chunks:
            tail = _check_chunk(chunk, tail)
            parser.feed(chunk)
            for item in parser.read_events():
                event, element = cast("tuple[str, ET.Element]", item)  # start/end events only
                name = local_name(element.tag)
                if event == "start":
                    if parsed.root is None:
                        parsed.root = name
                    stack.append(element)
                    continue
                stack.pop()
                if name in record_names:
                    parsed.records.append(element)
                    # Detach the record so the root does not keep every record alive.
                    if stack:
                        stack[-1].remove(element)
                    if len(parsed.records) >= max_records:
                        parsed.truncated = True
                        return parsed
        parser.close()
    except (ET.ParseError, EntityDeclarationError) as error:
        parsed.error = str(error)
    return parsed


def _decode(data: bytes) -> str:
    declared = _ENCODING_DECLARATION.match(data)
    encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        return data.decode(encoding, "replace")
    except LookupError:
        return data.decode("utf-8", "replace")


def _named_to_numeric(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in _XML_BUILTIN_ENTITIES:
        return match.group(0)
    codepoint = html.entities.name2codepoint.get(name)
    return f"&#{codepoint};" if codepoint else f"&amp;{name};"


def repair(data: bytes) -> bytes:
    """The document with HTML-only entities, bare ``&`` and control characters fixed, as UTF-8."""
    text = _decode(data).lstrip("\ufeff \t\r\n")
    text = re.sub(r"^<\?xml[^>]*\?>", '<?xml version="1.0" encoding="utf-8"?>', text)
    text = _CONTROL_CHARS.sub("", text)
    text = _BARE_AMPERSAND.sub("&amp;", text)
    text = _NAMED_ENTITY.sub(_named_to_numeric, text)
    return text.encode("utf-8")


def read_records(
    data: bytes | Iterable[bytes],
    record_names: Iterable[str],
    *,
    max_records: int = DEFAULT_MAX_RECORDS,
) -> ParsedXml:
    """Read the elements named ``record_names`` (local names) from an XML document.

    ``data`` is the whole document, or an iterable of chunks (a streamed, decompressed sitemap).
    A whole document that fails to parse is repaired once (see `repair`) and read again; the
    better of the two readings is kept. Never raises on bad input: ``error`` says what stopped
    the reading, and the records read before it are kept.
    """
    names = frozenset(name.lower() for name in record_names)
    if not isinstance(data, bytes):
        return _stream(data, names, max_records)
    # Whitespace or a BOM before the declaration is a syntax error for expat, but common.
    first = _stream([data.lstrip(b"\xef\xbb\xbf \t\r\n")], names, max_records)
    if first.error is None or first.error.startswith("document declares"):
        return first
    second = _stream([repair(data)], names, max_records)
    return second if len(second.records) > len(first.records) or second.error is None else first
