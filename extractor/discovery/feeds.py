"""Feeds: finding a site's RSS / Atom / JSON Feed links and reading the articles they list.

Parsed with our own small reader (`xmlread`) rather than feedparser: we need only each item's
URL, title and dates, and we need the same byte, record and entity bounds as for sitemaps;
feedparser adds a dependency, sanitizes HTML content we never read and has no such bounds.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Iterable
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from .dates import parse_date
from .links import Link, LinkSource
from .xmlread import DEFAULT_MAX_RECORDS, child_text, children, read_records

#: ``type`` values of ``<link rel="alternate">`` that announce a feed.
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
    "application/json",
    "text/xml",
    "application/xml",
)

#: Paths tried when the home page announces no feed. The first ones are the defaults of the
#: most common CMSs (WordPress ``/feed``, Ghost ``/rss/``, Hugo ``/index.xml``, Jekyll
#: ``/feed.xml``); each costs one request on the first crawl only (results are remembered).
COMMON_FEED_PATHS = (
    "/feed",
    "/rss",
    "/rss.xml",
    "/feed.xml",
    "/atom.xml",
    "/index.xml",
    "/feed.json",
)

_RECORD_NAMES = ("item", "entry")

#: Root element (local name) -> kind of feed. RSS 1.0 is RDF with RSS items.
_FEED_ROOTS: dict[str, LinkSource] = {"rss": "rss", "rdf": "rss", "feed": "atom"}


@dataclass(frozen=True)
class Feed:
    """A parsed feed: its kind, the links it lists, and why reading stopped early (if it did)."""

    url: str
    kind: LinkSource | None
    links: tuple[Link, ...]
    error: str | None = None


def find_feed_links(html: str | bytes, base_url: str) -> list[str]:
    """Feed URLs a page announces with ``<link rel="alternate" type="...feed type...">``.

    Resolved against ``<base href>`` or ``base_url``; in page order, without duplicates.
    """
    if not html:
        return []
    tree = LexborHTMLParser(html if isinstance(html, str) else html.decode("utf-8", "replace"))
    base = tree.css_first("base[href]")
    base_href = urljoin(base_url, (base.attributes.get("href") or "").strip()) if base else base_url
    found: list[str] = []
    for node in tree.css("link[href]"):
        rel = (node.attributes.get("rel") or "").lower().split()
        kind = (node.attributes.get("type") or "").lower().split(";")[0].strip()
        if "alternate" not in rel or kind not in FEED_TYPES:
            continue
        url = urljoin(base_href, (node.attributes.get("href") or "").strip())
        if urlsplit(url).scheme in ("http", "https") and url not in found:
            found.append(url)
    return found


def common_feed_urls(site_url: str) -> list[str]:
    """The `COMMON_FEED_PATHS` on the site's origin."""
    return [urljoin(site_url, path) for path in COMMON_FEED_PATHS]


def looks_like_feed(data: bytes) -> bool:
    """A cheap check on the first bytes: an XML feed root, or a JSON Feed object."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{"):
        return b"jsonfeed.org" in head or b'"items"' in data[:65536]
    return any(marker in head for marker in (b"<rss", b"<feed", b"<rdf:rdf"))


def _atom_link(entry: ET.Element) -> str | None:
    best: str | None = None
    for link in children(entry, "link"):
        href = (link.attrib.get("href") or "").strip()
        rel = link.attrib.get("rel", "alternate")
        if href and rel == "alternate":
            return href
        best = best or (href or None)
    return best


def _xml_links(data: bytes, url: str, max_links: int) -> Feed:
    parsed = read_records(data, _RECORD_NAMES, max_records=max_links)
    kind = _FEED_ROOTS.get(parsed.root or "")
    if kind is None:
        return Feed(url, None, (), parsed.error or f"not a feed (root <{parsed.root}>)")
    links: list[Link] = []
    for record in parsed.records:
        href = _atom_link(record) if kind == "atom" else child_text(record, "link")
        if not href:  # RSS items may carry only a permalink guid
            guid = next(children(record, "guid"), None)
            if guid is not None and guid.attrib.get("isPermaLink", "true") != "false":
                href = (guid.text or "").strip() or None
        if not href:
            continue
        links.append(
            Link(
                url=urljoin(url, href),
                source=kind,
                title=child_text(record, "title"),
                published=parse_date(child_text(record, "pubdate", "published", "date", "issued")),
                modified=parse_date(child_text(record, "updated", "modified")),
            )
        )
    return Feed(url, kind, tuple(links), parsed.error)


def _json_links(data: bytes, url: str, max_links: int) -> Feed:
    try:
        document = json.loads(data.decode("utf-8-sig", "replace"))
    except (ValueError, RecursionError) as error:
        return Feed(url, None, (), f"not a JSON Feed: {error}")
    items = document.get("items") if isinstance(document, dict) else None
    if not isinstance(items, list):
        return Feed(url, None, (), "not a JSON Feed: no items list")
    links: list[Link] = []
    for item in items[:max_links]:
        if not isinstance(item, dict):
            continue
        href = item.get("url") or item.get("external_url")
        if not isinstance(href, str) or not href.strip():
            continue
        title = item.get("title")
        links.append(
            Link(
                url=urljoin(url, href.strip()),
                source="json-feed",
                title=title.strip() if isinstance(title, str) and title.strip() else None,
                published=parse_date(_as_str(item.get("date_published"))),
                modified=parse_date(_as_str(item.get("date_modified"))),
            )
        )
    return Feed(url, "json-feed", tuple(links))


def _as_str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def parse_feed(data: bytes, url: str, *, max_links: int = DEFAULT_MAX_RECORDS) -> Feed:
    """Read an RSS 0.9x/1.0/2.0, Atom or JSON Feed document into its links.

    Never raises on bad input: a document that is not a feed gives no links and an ``error``;
    a feed broken half-way gives the items before the break and the ``error``.
    """
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
        return _json_links(data, url, max_links)
    return _xml_links(data, url, max_links)


def feed_links(feeds: Iterable[Feed]) -> list[Link]:
    """Every link of the feeds, first occurrence kept."""
    seen: set[str] = set()
    out: list[Link] = []
    for feed in feeds:
        for link in feed.links:
            if link.url not in seen:
                seen.add(link.url)
                out.append(link)
    return out
