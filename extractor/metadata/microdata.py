"""Microdata (``itemprop``) on visible elements: the schema.org story fields marked in the HTML."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Mapping, Sequence

from selectolax.lexbor import LexborNode

from .text import attr, node_text

#: Longest visible text taken from an ``itemprop`` element; longer is a container, not a value.
MAX_ITEMPROP_CHARS: Final = 200


@dataclass(frozen=True)
class Microdata:
    """The itemprop values found (raw strings, empty when absent), and ``rel=author`` links."""

    headline: str = ""
    authors: tuple[str, ...] = ()
    published: str = ""
    modified: str = ""
    rel_authors: tuple[str, ...] = ()


#: Most elements examined (a product listing can mark thousands).
MAX_ITEMPROP_NODES: Final = 300

#: The elements read: ``meta_tags`` collects them in its pass over the document.
ITEM_SELECTOR: Final = "[itemprop], a[rel~=author]"

_FIELDS: Final = {"headline": "headline", "datepublished": "published", "datemodified": "modified"}


def _value(node: LexborNode) -> str:
    """An itemprop's value: ``content``/``datetime`` attributes first, then the text."""
    for name in ("content", "datetime"):
        value = attr(node, name)
        if value:
            return value
    text = node_text(node)
    return text if len(text) <= MAX_ITEMPROP_CHARS else ""


def _author_name(node: LexborNode) -> str:
    """An ``itemprop=author`` element's name: its nested ``itemprop=name`` or its own text."""
    name = node.css_first("[itemprop~=name]")
    return _value(name) if name is not None else _value(node)


def is_item(tag: str | None, attrs: Mapping[str, str | None]) -> bool:
    """True for an element `ITEM_SELECTOR` matches (given its tag and attributes)."""
    return "itemprop" in attrs or (tag == "a" and "author" in (attrs.get("rel") or "").lower().split())


def read_microdata(items: Sequence[LexborNode]) -> Microdata:
    """Itemprop values outside ``<meta>`` (meta itemprops are read with the other meta tags),
    and the text of ``rel=author`` links, from the `ITEM_SELECTOR` elements in page order."""
    found: dict[str, str] = {}
    authors: list[str] = []
    rel_authors: list[str] = []
    for node in items[:MAX_ITEMPROP_NODES]:
        if node.tag == "meta":
            continue
        if "author" in (node.attributes.get("rel") or "").lower().split():
            name = node_text(node)
            if name and len(rel_authors) < 5:
                rel_authors.append(name)
        for prop in (node.attributes.get("itemprop") or "").lower().split():
            if prop in ("author", "creator") and len(authors) < 10:
                name = _author_name(node)
                if name and name not in authors:
                    authors.append(name)
            elif prop in _FIELDS and _FIELDS[prop] not in found:
                found[_FIELDS[prop]] = _value(node)
    return Microdata(
        headline=found.get("headline", ""),
        authors=tuple(authors),
        published=found.get("published", ""),
        modified=found.get("modified", ""),
        rel_authors=tuple(rel_authors),
    )
