"""Small text helpers shared by the metadata readers."""

from __future__ import annotations

import html
import re
from typing import Final

from selectolax.lexbor import LexborNode

from ..html import select

_TAG: Final = re.compile(r"<[^>]{0,500}>")

#: Longest string any metadata field keeps; a longer "author" or "title" is a paragraph that
#: landed in the wrong field, and cleaning it would cost time for nothing.
MAX_FIELD_CHARS: Final = 2_000


def squash(text: str | None) -> str:
    """Whitespace folded to single spaces, ends trimmed ("" for None)."""
    if not text:
        return ""
    # str.split() knows the same whitespace as the regex \s, at a quarter of the cost.
    return " ".join(text.split())


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
    """Visible text of a node with words kept apart, whitespace folded (scripts left out)."""
    return squash(visible_text(node))


def visible_text(node: LexborNode | None) -> str:
    """`node_text` before its whitespace is folded: for a search over a whole page's text,
    where folding would build a list of every word (the page's size several times over)."""
    if node is None:
        return ""
    raw = node.text(separator=" ")
    if _SCRIPTY.search(raw):
        raw = text_without_scripts(node, raw)
    return raw


def attr(node: LexborNode | None, name: str) -> str:
    """An attribute's value, plain, or "" when missing."""
    if node is None:
        return ""
    return plain(node.attributes.get(name))


#: How much longer than the wanted length a node's raw text may be before it is judged long
#: without folding its whitespace (folding a whole article's text costs more than the rest).
RAW_SLACK: Final = 4


def short_text(node: LexborNode, limit: int) -> str | None:
    """The node's visible folded text when it is at most ``limit`` characters, else None
    (judged cheaply from the raw text length first)."""
    # text_lexbor() joins the text nodes with no separator, so it is never longer than the
    # raw text below, and costs half as much on the large containers the header walk meets.
    bound = limit * RAW_SLACK + 200
    if len(node.text_lexbor()) > bound:
        return None
    raw = node.text(separator=" ")
    if len(raw) > bound:
        return None
    if _SCRIPTY.search(raw):
        raw = text_without_scripts(node, raw)
    text = squash(raw)
    return text if len(text) <= limit else None


#: Most script/style elements whose text is removed from a container's text.
MAX_SCRIPTS_REMOVED: Final = 60

_INVISIBLE: Final = "script, style, template, noscript"
# Characters that show script or style code may be mixed into an element's text.
_SCRIPTY: Final = re.compile(r"[{};=]")


def text_without_scripts(node: LexborNode, text: str | None = None, *, also: str = "") -> str:
    """The node's text without what its scripts and styles hold (selectolax's ``text()``
    includes them, and a date or "author" in a script is not something the page shows), nor
    what the elements matching the CSS selector ``also`` hold."""
    if text is None:
        text = node.text(separator=" ")
    selector = f"{_INVISIBLE}, {also}" if also else _INVISIBLE
    # The hidden elements come in page order, so each one's text is looked for after the last
    # one cut, and the kept pieces are joined once (a str.replace per script copied the whole
    # text each time). A script inside a removed comment box is gone with it.
    pieces: list[str] = []
    position = 0
    for hidden in select(node, selector, MAX_SCRIPTS_REMOVED):
        code = hidden.text(separator=" ")
        found = text.find(code, position) if code else -1
        if found >= 0:
            pieces.append(text[position:found])
            position = found + len(code)
    if not pieces:
        return text
    pieces.append(text[position:])
    return " ".join(pieces)
