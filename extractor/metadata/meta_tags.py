"""``<meta>`` and ``<link>`` tags: OpenGraph, ``article:*``, Twitter cards, Dublin Core, Parse.ly,
Sailthru, Highwire (``citation_*``) and the common plain names, read once into a lookup table.

Each field has an ordered list of keys (`KEYS`), most specific first; the first key with a
usable value wins and the others become candidates in the provenance.
"""

from __future__ import annotations

import json
from typing import Final, Mapping

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..html import select
from .headline import MAX_VISIBLE_CANDIDATES, is_first_candidate
from .microdata import ITEM_SELECTOR, MAX_ITEMPROP_NODES, is_item
from .text import plain

#: Most ``<meta>`` tags read; a page with more is generated junk and the first ones are the
#: real head (the issue's "thousands of meta tags" must not cost more than this many reads).
MAX_META_TAGS: Final = 3_000

# Which source each key family is reported as.
_OPENGRAPH_PREFIXES: Final = ("og:", "article:")

# SEO plugins label a Twitter card field with who wrote the page ("twitter:label1" =
# "Written by", "twitter:data1" = the name); those names are stored under this key.
_WRITTEN_BY_KEY: Final = "twitter:written-by"
_WRITTEN_BY_LABELS: Final = frozenset(
    {"written by", "verfasst von", "geschrieben von", "écrit par", "escrito por", "scritto da",
     "geschreven door", "author", "autor", "auteur", "autore"}
)

#: Published-date keys that do not say which date they hold: CMSs fill them with the page's
#: creation or rendering day as often as with the story's. They rank below the visible date.
GENERIC_DATE_KEYS: Final = frozenset({"date", "dc.date"})

#: Keys per field, most trustworthy first. Keys are lower case.
KEYS: Final[Mapping[str, tuple[str, ...]]] = {
    "headline": ("og:title", "twitter:title", "parsely-title", "sailthru.title", "dc.title",
                 "citation_title", "headline", "title"),
    "author": ("article:author", "og:article:author", "author", "byl", "parsely-author", "sailthru.author",
               "dc.creator", "dc.creator.author", "citation_author", "cxenseparse:author",
               "article.author", "authors", "author_name", _WRITTEN_BY_KEY),
    "published": ("article:published_time", "og:published_time", "article:published",
                  "datepublished", "parsely-pub-date", "sailthru.date", "dc.date.issued",
                  "dc.date.created", "dcterms.created", "dcterms.issued", "dc.date",
                  "citation_publication_date", "citation_date", "pubdate", "publishdate",
                  "publish-date", "publish_date", "date", "article.published",
                  "cxenseparse:recs:publishtime", "og:pubdate", "datecreated",
                  "article:post_date", "original-publish-date", "dc.date.published",
                  "release_date", "date_published", "display-date",
                  # Rarer spellings of the same key, each seen on several sites.
                  "og:article:published_time", "article:first_published_time", "og:publish_date",
                  "rnews:datepublished", "cxenseparse:publishtime", "originalpublicationdate",
                  "publicationdate", "publication_date", "dateofpublication", "published",
                  "published_at", "publish_time", "web_publish_date", "w-published-date",
                  "dcsext.articlefirstpublished", "cdc:first_published", "vr:published_time",
                  # Hyphenated and print-edition spellings of the keys above.
                  "published-date", "pdate", "printpubdate", "displaydate"),
    "modified": ("article:modified_time", "og:updated_time", "datemodified",
                 "article:modified", "dc.date.modified", "dcterms.modified", "last-modified",
                 "lastmod", "revised", "modified-date", "updated_time", "dc.date.updated",
                 "dateupdated", "dateupdate"),
    "description": ("og:description", "description", "twitter:description",
                    "dc.description", "sailthru.description"),
    "site_name": ("og:site_name", "application-name", "twitter:site", "publisher",
                  "dc.publisher", "citation_publisher"),
    "image": ("og:image", "og:image:url", "og:image:secure_url", "twitter:image",
              "twitter:image:src", "sailthru.image.full", "parsely-image-url", "thumbnail"),
    "tags": ("article:tag", "news_keywords", "keywords", "parsely-tags", "sailthru.tags",
             "dc.subject"),
    "section": ("article:section", "parsely-section", "section", "category", "dc.type"),
    "language": ("og:locale", "content-language", "language", "dc.language", "inlanguage"),
    "url": ("og:url", "twitter:url", "parsely-link"),
    "locale": ("og:locale",),
}


class MetaValue:
    """One meta value and the key it came from."""

    # A plain class, not a dataclass: mypyc compiles this __init__ (see docs/extraction.md).
    def __init__(self, key: str, value: str) -> None:
        self.key: Final = key
        self.value: Final = value

    @property
    def source(self) -> str:
        """``opengraph`` for og:/article: keys, ``meta`` for the rest."""
        return "opengraph" if self.key.startswith(_OPENGRAPH_PREFIXES) else "meta"


class MetaTags:
    """All meta values of a page by lower-case key, in page order, with the other head facts
    read in the same pass: ``<link rel>`` targets, the ``<title>`` text, JSON-LD blocks, the JSON
    data islands (``<script type=application/json>``, read only if needed), the
    elements `microdata` reads (``itemprop``, ``a rel=author``) and the headline candidates
    (``h1``, ``itemprop=headline``)."""

    # A plain class, not a dataclass: mypyc compiles this __init__ (see docs/extraction.md).
    def __init__(
        self, values: Mapping[str, tuple[str, ...]], links: Mapping[str, tuple[str, ...]],
        title: str = "", jsonld_blocks: tuple[str, ...] = (),
        data_islands: tuple[LexborNode, ...] = (), items: tuple[LexborNode, ...] = (),
        headings: tuple[LexborNode, ...] = (),
    ) -> None:
        self.values: Final = values
        self.links: Final = links
        self.title: Final = title
        self.jsonld_blocks: Final = jsonld_blocks
        self.data_islands: Final = data_islands
        self.items: Final = items
        self.headings: Final = headings

    def all(self, field: str) -> list[MetaValue]:
        """Every value offered for ``field`` (see `KEYS`), best key first."""
        out: list[MetaValue] = []
        for key in KEYS[field]:
            found = self.values.get(key)
            if found:
                out.extend(MetaValue(key, v) for v in found)
        return out

    def first(self, field: str) -> MetaValue | None:
        found = self.all(field)
        return found[0] if found else None

    def link(self, rel: str) -> str | None:
        hrefs = self.links.get(rel)
        return hrefs[0] if hrefs else None


def _parsely_page(raw: str) -> dict[str, str]:
    """Fields of the old ``parsely-page`` JSON meta value (title, author, pub_date...)."""
    try:
        data = json.loads(raw)
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    out = {}
    for ours, theirs in (("parsely-title", "title"), ("parsely-author", "author"),
                         ("parsely-pub-date", "pub_date"), ("parsely-section", "section")):
        value = data.get(theirs)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        if isinstance(value, str) and value:
            out[ours] = value
    return out


#: One pass over the document collects everything this module reads, the microdata items and
#: the headline candidates (each simple selector of a CSS query walks the whole tree, so one
#: combined query of few selectors is several times cheaper than one query per reader). Links
#: are told apart by their rel in Python (few links have one), JSON-LD from JSON data islands by
#: their type in Python, and ``[itemprop]`` of the
#: microdata items already takes the ``[itemprop~=headline]`` headline candidates.
_HEAD_SELECTOR: Final = f"meta, title, link[rel], script[type$='json' i], {ITEM_SELECTOR}, h1"


def read_meta_tags(tree: LexborHTMLParser) -> MetaTags:
    """Read ``<meta>`` (name, property, itemprop, http-equiv), ``<link rel>``, the first
    ``<title>``, the JSON-LD script blocks and the microdata items, in one pass."""
    values: dict[str, list[str]] = {}
    links: dict[str, list[str]] = {}
    title = ""
    blocks: list[str] = []
    islands: list[LexborNode] = []
    items: list[LexborNode] = []
    headings: list[LexborNode] = []
    metas = 0
    for node in select(tree, _HEAD_SELECTOR):
        tag = node.tag
        attrs = node.attributes
        if len(items) < MAX_ITEMPROP_NODES and is_item(tag, attrs):
            items.append(node)
        if len(headings) < MAX_VISIBLE_CANDIDATES and is_first_candidate(tag, attrs):
            headings.append(node)
        if tag == "meta":
            metas += 1
            if metas <= MAX_META_TAGS:
                _add_meta(values, attrs)
        elif tag == "link":
            href = (attrs.get("href") or "").strip()
            for rel in (attrs.get("rel") or "").lower().split():
                if href and rel in ("canonical", "author", "amphtml", "shortlink"):
                    links.setdefault(rel, []).append(href)
        elif tag == "title":
            if not title:
                title = plain(node.text())
        elif tag == "script":
            kind = (attrs.get("type") or "").strip().lower()
            if kind == "application/ld+json":
                blocks.append(node.text(deep=True) or "")
            elif kind == "application/json":
                islands.append(node)
    for number in range(1, 5):
        label = values.get(f"twitter:label{number}", ())
        data = values.get(f"twitter:data{number}", ())
        if label and data and label[0].casefold() in _WRITTEN_BY_LABELS:
            values.setdefault(_WRITTEN_BY_KEY, []).append(data[0])
    return MetaTags(
        {k: tuple(v) for k, v in values.items()}, {k: tuple(v) for k, v in links.items()},
        title, tuple(blocks), tuple(islands), tuple(items), tuple(headings),
    )


def _add_meta(values: dict[str, list[str]], attrs: Mapping[str, str | None]) -> None:
    content = attrs.get("content")
    if not content:
        return
    value = plain(content)
    if not value:
        return
    for attribute in ("property", "name", "itemprop", "http-equiv"):
        key = attrs.get(attribute)
        if key:
            key = key.strip().lower()
            if key == "parsely-page":
                for sub, sub_value in _parsely_page(content).items():
                    values.setdefault(sub, []).append(plain(sub_value))
            else:
                values.setdefault(key, []).append(value)
