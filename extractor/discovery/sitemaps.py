"""Sitemaps: robots.txt ``Sitemap:`` lines, ``/sitemap.xml``, indexes, gzip, Google News.

A sitemap is an invitation to download, so a hostile one (a "sitemap bomb") tries to make us
download forever: indexes that list themselves or thousands of children, gzip files that inflate
to gigabytes, files with millions of URLs. Every walk is bounded by `SitemapLimits`; when a bound
is hit the walk stops, keeps what it read, and says which bound in ``SitemapWalk.limited``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Iterator
from urllib.parse import urljoin, urlsplit

from .dates import parse_date
from .links import Link
from .xmlread import child_text, children, read_records

#: Sitemap path tried on every site (robots.txt ``Sitemap:`` lines are read first).
DEFAULT_SITEMAP_PATH = "/sitemap.xml"

#: Index nesting followed: root index -> child index -> URL set. The protocol forbids indexes
#: inside indexes, but large news sites do nest one level; deeper is a trap.
DEFAULT_MAX_DEPTH = 3

#: Sitemap documents read in one walk. A big news site has a few hundred (one per day or month);
#: the crawler skips unchanged children by ``lastmod``, so re-crawls read far fewer.
DEFAULT_MAX_SITEMAPS = 500

#: Decompressed bytes read from one sitemap: the protocol's own limit (50 MB uncompressed).
DEFAULT_MAX_SITEMAP_BYTES = 50 * 1024 * 1024

#: Decompressed bytes read in one walk, all documents together.
DEFAULT_MAX_TOTAL_BYTES = 200 * 1024 * 1024

#: URLs taken from one walk (the protocol allows 50,000 per file).
DEFAULT_MAX_URLS = 200_000

_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 64 * 1024
_INPUT_SLICE = 16 * 1024


@dataclass(frozen=True)
class SitemapLimits:
    """Bounds of one sitemap walk (see the module constants for the reasons of each default)."""

    max_depth: int = DEFAULT_MAX_DEPTH
    max_sitemaps: int = DEFAULT_MAX_SITEMAPS
    max_sitemap_bytes: int = DEFAULT_MAX_SITEMAP_BYTES
    max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES
    max_urls: int = DEFAULT_MAX_URLS


@dataclass(frozen=True)
class SitemapRef:
    """A child sitemap listed by an index, with the index's ``lastmod`` for it."""

    url: str
    lastmod: datetime | None = None


@dataclass(frozen=True)
class Sitemap:
    """One parsed sitemap document: either an index (``children``) or a URL set (``links``)."""

    url: str
    kind: str | None  # "index", "urlset", or None when the document is not a sitemap
    links: tuple[Link, ...] = ()
    children: tuple[SitemapRef, ...] = ()
    size: int = 0  # decompressed bytes read
    error: str | None = None
    truncated: bool = False


@dataclass
class SitemapWalk:
    """The result of following sitemaps from their roots."""

    links: list[Link] = field(default_factory=list)
    read: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    limited: list[str] = field(default_factory=list)
    total_bytes: int = 0


def sitemaps_from_robots(robots_txt: str, base_url: str) -> list[str]:
    """URLs of the ``Sitemap:`` lines of a robots.txt (any case, anywhere in the file)."""
    found: list[str] = []
    for line in robots_txt.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() != "sitemap":
            continue
        url = urljoin(base_url, value.split("#", 1)[0].strip())
        if urlsplit(url).scheme in ("http", "https") and url not in found:
            found.append(url)
    return found


class _BoundedChunks:
    """The document's bytes in chunks, gunzipped when gzip, stopping at ``limit`` bytes."""

    def __init__(self, data: bytes, limit: int) -> None:
        self.data = data
        self.limit = limit
        self.size = 0
        self.exceeded = False

    def __iter__(self) -> Iterator[bytes]:
        if not self.data.startswith(_GZIP_MAGIC):
            piece = self.data[: self.limit]
            self.size = len(piece)
            self.exceeded = len(self.data) > self.limit
            yield piece
            return
        # Decompress with a cap on each step's output, so a 1 MB bomb inflating to 10 GB
        # costs only ``limit`` bytes of work and memory.
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        # Fed in slices, so a corrupt tail costs only its own slice, not what came before.
        for offset in range(0, len(self.data), _INPUT_SLICE):
            source = self.data[offset : offset + _INPUT_SLICE]
            while source and not inflater.eof:
                try:
                    out = inflater.decompress(source, _CHUNK)
                except zlib.error:  # corrupt or truncated gzip: keep what was inflated so far
                    return
                source = inflater.unconsumed_tail
                if self.size + len(out) > self.limit:
                    self.exceeded = True
                    out = out[: self.limit - self.size]
                self.size += len(out)
                if out:
                    yield out
                if self.exceeded:
                    return
            if inflater.eof:
                return


def _url_link(record: ET.Element, sitemap_url: str) -> Link | None:
    loc = child_text(record, "loc")
    if not loc:
        return None
    news = next(children(record, "news"), None)
    lastmod = parse_date(child_text(record, "lastmod"))
    if news is None:
        return Link(urljoin(sitemap_url, loc), "sitemap", modified=lastmod)
    return Link(
        urljoin(sitemap_url, loc),
        "news-sitemap",
        title=child_text(news, "title"),
        published=parse_date(child_text(news, "publication_date")),
        modified=lastmod,
    )


def parse_sitemap(data: bytes, url: str, *, limits: SitemapLimits | None = None) -> Sitemap:
    """Read one sitemap document (plain or gzip XML) into its links or its children.

    Never raises on bad input: a document that is not a sitemap gives ``kind=None`` and an
    ``error``; a broken or over-long one keeps what was read before the break.
    """
    limits = limits or SitemapLimits()
    chunks = _BoundedChunks(data, limits.max_sitemap_bytes)
    parsed = read_records(iter(chunks), ("url", "sitemap"), max_records=limits.max_urls)
    error = parsed.error
    if chunks.exceeded:
        error = f"over {limits.max_sitemap_bytes:,} decompressed bytes; read up to the limit"
    if parsed.root == "sitemapindex":
        refs = tuple(
            SitemapRef(urljoin(url, loc), parse_date(child_text(record, "lastmod")))
            for record in parsed.records
            if (loc := child_text(record, "loc"))
        )
        return Sitemap(url, "index", children=refs, size=chunks.size, error=error,
                       truncated=parsed.truncated or chunks.exceeded)
    if parsed.root == "urlset":
        links = tuple(link for record in parsed.records if (link := _url_link(record, url)))
        return Sitemap(url, "urlset", links=links, size=chunks.size, error=error,
                       truncated=parsed.truncated or chunks.exceeded)
    return Sitemap(url, None, size=chunks.size, error=error or f"not a sitemap (root <{parsed.root}>)")


#: Loads one sitemap's bytes; None when there is nothing new to read (not modified, failed).
SitemapLoader = Callable[[str], "bytes | None"]

#: Decides from an index entry whether the child can be skipped (unchanged since last walk).
SitemapSkipper = Callable[[SitemapRef], bool]


class SitemapWalker:
    """Breadth-first walk over sitemaps, within `SitemapLimits`, that does no I/O itself.

    The caller asks `take` for the next URLs to load, loads them however it likes (the crawler
    uses the polite async fetcher, with conditional requests), and hands each document back
    with `add`. Each URL is read once per walk, so an index that lists itself is read once.
    ``skip`` lets the caller pass over children whose index ``lastmod`` has not changed.
    """

    def __init__(
        self, roots: list[str], *, skip: SitemapSkipper | None = None, limits: SitemapLimits | None = None
    ) -> None:
        self.limits = limits or SitemapLimits()
        self.skip = skip
        self.walk = SitemapWalk()
        #: The index ``lastmod`` of each child queued (the crawler stores it with the child).
        self.lastmods: dict[str, datetime | None] = {}
        self._seen: set[str] = set(roots)
        self._queue: list[tuple[str, int]] = [(root, 1) for root in dict.fromkeys(roots)]
        self._depths: dict[str, int] = {}
        self._stopped = False

    def _limit(self, reason: str) -> None:
        if reason not in self.walk.limited:
            self.walk.limited.append(reason)

    def take(self) -> list[str]:
        """The next URLs to load (empty when the walk is over or a bound was reached)."""
        if self._stopped:
            return []
        if self.walk.total_bytes >= self.limits.max_total_bytes:
            self._limit(f"max_total_bytes={self.limits.max_total_bytes}")
            self._queue.clear()
        room = self.limits.max_sitemaps - len(self.walk.read) - len(self._depths)
        if self._queue and room <= 0:
            self._limit(f"max_sitemaps={self.limits.max_sitemaps}")
            self._queue.clear()
        batch, self._queue = self._queue[:room], self._queue[room:]
        self._depths.update(batch)
        return [url for url, _ in batch]

    def add(self, url: str, data: bytes | None) -> Sitemap | None:
        """Hand back one loaded document (None: nothing to read); returns it parsed."""
        depth = self._depths.pop(url, 1)
        self.walk.read.append(url)
        if data is None or self._stopped:
            return None
        sitemap = parse_sitemap(data, url, limits=self.limits)
        self.walk.total_bytes += sitemap.size
        if sitemap.error:
            self.walk.errors[url] = sitemap.error
        room = self.limits.max_urls - len(self.walk.links)
        self.walk.links.extend(sitemap.links[:room])
        if len(sitemap.links) > room:
            self._limit(f"max_urls={self.limits.max_urls}")
            self._stopped = True
            return sitemap
        for ref in sitemap.children:
            if ref.url in self._seen or (self.skip is not None and self.skip(ref)):
                continue
            if depth >= self.limits.max_depth:
                self._limit(f"max_depth={self.limits.max_depth}")
                break
            self._seen.add(ref.url)
            self.lastmods[ref.url] = ref.lastmod
            self._queue.append((ref.url, depth + 1))
        return sitemap


def walk_sitemaps(
    roots: list[str],
    load: SitemapLoader,
    *,
    skip: SitemapSkipper | None = None,
    limits: SitemapLimits | None = None,
) -> SitemapWalk:
    """Follow sitemaps from ``roots`` with a blocking ``load``; collect their links (see
    `SitemapWalker` for the bounds and the skipping)."""
    walker = SitemapWalker(roots, skip=skip, limits=limits)
    while batch := walker.take():
        for url in batch:
            walker.add(url, load(url))
    return walker.walk
