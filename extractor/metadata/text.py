"""Small text helpers shared by the metadata readers."""

from __future__ import annotations

import html
import re

from selectolax.lexbor import LexborNode

_SPACE = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]{0,500}>")

#: Longest string any metadata field keeps; a longer "author" or "title" is a paragraph that
#: landed in the wrong field, and cleaning it would cost time for nothing.
MAX_FIELD_CHARS = 2_000


def squash(text: str | None) -> str:
    """Whitespace folded to single spaces, ends trimmed ("" for None)."""
    if not text:
        return ""
    return _SPACE.sub(" ", text).strip()


def plain(text: str | None) -> str:
    """A metadata value as plain text: HTML tags dropped, entities decoded, whitespace folded.

    Structured values sometimes carry markup (``"author": "<a href=...>Jane</a>"``) or
    double-escaped entities (``&amp;amp;``), which a browser would never show.
    """
    if not text:
        return ""
    text = text[:MAX_FIELD_CHARS]
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(html.unescape(text))
    return squash(text)


def node_text(node: LexborNode | None) -> str:
    """Visible text of a node with words kept apart, whitespace folded."""
    if node is None:
        return ""
    return squash(node.text(separator=" "))


def attr(node: LexborNode | None, name: str) -> str:
    """An attribute's value, plain, or "" when missing."""
    if node is None:
        return ""
    return plain(node.attributes.get(name))


#: How much longer than the wanted length a node's raw text may be before it is judged long
#: without folding its whitespace (folding a whole article's text costs more than the rest).
RAW_SLACK = 4


def short_text(node: LexborNode, limit: int) -> str | None:
    """The node's folded text when it is at most ``limit`` characters, else None (cheaply)."""
    raw = node.text(separator=" ")
    if len(raw) > limit * RAW_SLACK + 200:
        return None
    text = squash(raw)
    return text if len(text) <= limit else None
