"""Microdata (``itemprop``) on visible elements: the schema.org story fields marked in the HTML."""

from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .text import attr, node_text

#: Longest visible text taken from an ``itemprop`` element; longer is a container, not a value.
MAX_ITEMPROP_CHARS = 200


@dataclass(frozen=True)
class Microdata:
    """The itemprop values found (raw strings, empty when absent)."""

    headline: str = ""
    authors: tuple[str, ...] = ()
    published: str = ""
    modified: str = ""


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


def read_microdata(tree: LexborHTMLParser) -> Microdata:
    """Itemprop values outside ``<meta>`` (meta itemprops are read with the other meta tags)."""
    headline = tree.css_first("[itemprop~=headline]:not(meta)")
    published = tree.css_first("[itemprop~=datePublished]:not(meta)")
    modified = tree.css_first("[itemprop~=dateModified]:not(meta)")
    authors = []
    for node in tree.css("[itemprop~=author]:not(meta), [itemprop~=creator]:not(meta)")[:10]:
        name = _author_name(node)
        if name and name not in authors:
            authors.append(name)
    return Microdata(
        headline=_value(headline) if headline is not None else "",
        authors=tuple(authors),
        published=_value(published) if published is not None else "",
        modified=_value(modified) if modified is not None else "",
    )
