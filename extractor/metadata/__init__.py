"""Metadata: headline, authors, dates, description and the rest, with where each came from.

`read_metadata` reads the parsed page before the boilerplate pass changes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from ..article import Author, Provenance


@dataclass(frozen=True)
class Metadata:
    """Everything about the story except its body and quotes."""

    headline: str | None = None
    authors: tuple[Author, ...] = ()
    byline: str | None = None
    published: str | None = None
    modified: str | None = None
    description: str | None = None
    language: str | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    image: str | None = None
    tags: tuple[str, ...] = ()
    section: str | None = None
    provenance: Mapping[str, Provenance] = field(default_factory=dict)


def _meta(tree: LexborHTMLParser, selector: str) -> str | None:
    node = tree.css_first(selector)
    value = node.attributes.get("content") if node is not None else None
    return " ".join(value.split()) or None if value else None


def read_metadata(tree: LexborHTMLParser, url: str | None) -> Metadata:
    """Read the page's metadata from its head and visible text."""
    provenance: dict[str, Provenance] = {}
    headline = _meta(tree, 'meta[property="og:title"]')
    if headline:
        provenance["headline"] = Provenance("opengraph", headline)
    else:
        h1 = tree.css_first("h1")
        headline = " ".join(h1.text().split()) or None if h1 is not None else None
        if headline:
            provenance["headline"] = Provenance("heuristic", headline)
    html_node = tree.css_first("html")
    language = html_node.attributes.get("lang") if html_node is not None else None
    if language:
        provenance["language"] = Provenance("meta", language)
    canonical = tree.css_first('link[rel="canonical"]')
    href = canonical.attributes.get("href") if canonical is not None else None
    canonical_url = urljoin(url or "", href) if href else None
    if canonical_url:
        provenance["canonical_url"] = Provenance("meta", href)
    description = _meta(tree, 'meta[name="description"]')
    site_name = _meta(tree, 'meta[property="og:site_name"]')
    image = _meta(tree, 'meta[property="og:image"]')
    return Metadata(
        headline=headline,
        description=description,
        language=language or None,
        site_name=site_name,
        canonical_url=canonical_url,
        image=urljoin(url or "", image) if image else None,
        provenance=provenance,
    )
