"""Fixture news sites and the real HTTP server on 127.0.0.1 that serves them.

Shared by the discovery and crawl tests and by ``bench/crawl.py`` / ``bench/classify.py``. Pages
are generated from a seed (made-up words, so no language is favoured), in the shapes real sites
have: a home page and section pages that list teasers, tag / author / video / gallery pages, and
story pages with JSON-LD, Open Graph and a body. The server answers conditional requests (ETag,
Last-Modified -> 304) and logs every request, so tests can assert on what the crawler sent.
"""

from __future__ import annotations

import gzip
import hashlib
import random
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator
from xml.sax.saxutils import escape

SECTIONS = ("nolta", "varesk", "omburi", "telka")
SYLLABLES = ("ka", "lo", "mi", "ren", "sul", "ta", "vo", "zel", "pri", "dun", "ash", "oki", "bel", "nur")
START = datetime(2024, 3, 1, 6, 0, tzinfo=timezone.utc)
PAGE_TYPES = ("html", "rss", "atom", "xml", "gzip", "json", "text")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "xml": "application/xml",
    "gzip": "application/x-gzip",
    "json": "application/feed+json",
    "text": "text/plain; charset=utf-8",
}


@dataclass
class Page:
    """One resource: bytes, a media type and when it last changed (for Last-Modified)."""

    body: bytes
    kind: str = "html"
    modified: datetime = START
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


@dataclass
class Site:
    """A site: its resources by path, and the stories it has published (newest last)."""

    pages: dict[str, Page] = field(default_factory=dict)
    stories: list[tuple[str, str, datetime]] = field(default_factory=list)  # (path, title, date)
    seed: int = 0

    def put(self, path: str, body: str | bytes, kind: str = "html", modified: datetime = START) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        old = self.pages.get(path)
        if old is not None and old.body == data:
            return  # unchanged: keep its Last-Modified, as a real server would
        self.pages[path] = Page(data, kind, modified)


def word(rng: random.Random, syllables: int = 3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables))


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(word(rng, rng.randint(1, 4)) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraphs(rng: random.Random, count: int) -> list[str]:
    return [" ".join(sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(2, 4))) for _ in range(count)]


def _nav() -> str:
    links = "".join(f'<li><a href="/{s}/">{s.title()}</a></li>' for s in SECTIONS)
    return f'<header><a href="/">Home</a><nav><ul>{links}</ul></nav></header>'


def _frame(title: str, head: str, main: str) -> str:
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title>{head}"
        f"</head><body>{_nav()}<main>{main}</main><footer><p>© Fixture News</p></footer></body></html>"
    )


def story_page(rng: random.Random, title: str, date: datetime, section: str) -> str:
    """A story: JSON-LD NewsArticle, og:type article, a byline, a dated body of paragraphs."""
    iso = date.isoformat()
    head = (
        '<meta property="og:type" content="article">'
        f'<meta property="article:published_time" content="{iso}">'
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
        f'"headline":"{title}","datePublished":"{iso}"}}</script>'
    )
    body = "".join(f"<p>{p}</p>" for p in paragraphs(rng, rng.randint(4, 8)))
    main = (
        f'<article><h1>{escape(title)}</h1><p class="byline">{word(rng)} {word(rng)}</p>'
        f"<time datetime='{iso}'>{iso[:10]}</time>{body}"
        f'<p>More in <a href="/{section}/">{section}</a>.</p></article>'
    )
    return _frame(title, head, main)


def listing_page(rng: random.Random, title: str, items: list[tuple[str, str, datetime]]) -> str:
    """A home, section or tag page: a list of teasers linking to stories."""
    teasers = "".join(
        f'<article class="teaser"><h3><a href="{path}">{escape(t)}</a></h3><p>{sentence(rng, 10)}</p></article>'
        for path, t, _ in items
    )
    head = '<meta property="og:type" content="website">'
    return _frame(title, head, f"<h1>{escape(title)}</h1>{teasers or '<p>Nothing yet.</p>'}")


def author_page(rng: random.Random, name: str, items: list[tuple[str, str, datetime]]) -> str:
    """A profile: a short bio and the author's latest stories."""
    head = (
        '<meta property="og:type" content="profile">'
        '<script type="application/ld+json">{"@type":"ProfilePage"}</script>'
    )
    latest = "".join(f'<li><a href="{p}">{escape(t)}</a></li>' for p, t, _ in items)
    return _frame(name, head, f"<h1>{name}</h1><p>{sentence(rng, 20)}</p><ul>{latest}</ul>")


def media_page(rng: random.Random, title: str, kind: str) -> str:
    """A video player page or a photo gallery: a caption or two, no running text."""
    if kind == "video":
        head = '<meta property="og:type" content="video.other"><script type="application/ld+json">{"@type":"VideoObject"}</script>'
        main = f'<h1>{escape(title)}</h1><video src="/media/clip.mp4" controls></video><p>{sentence(rng, 12)}</p>'
    else:
        head = '<script type="application/ld+json">{"@type":"ImageGallery"}</script>'
        figures = "".join(f'<figure><img src="/media/{i}.jpg"><figcaption>{sentence(rng, 8)}</figcaption></figure>' for i in range(8))
        main = f"<h1>{escape(title)}</h1>{figures}"
    return _frame(title, head, main)


def rss(items: list[tuple[str, str, datetime]], base: str = "") -> str:
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>{base}{p}</link><guid>{base}{p}</guid>"
        f"<pubDate>{format_datetime(d)}</pubDate></item>"
        for p, t, d in items
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Fixture</title>{entries}</channel></rss>'


def news_urlset(items: list[tuple[str, str, datetime]], base: str = "") -> str:
    entries = "".join(
        f"<url><loc>{base}{p}</loc><lastmod>{d.isoformat()}</lastmod><news:news><news:publication>"
        "<news:name>Fixture</news:name><news:language>xx</news:language></news:publication>"
        f"<news:publication_date>{d.isoformat()}</news:publication_date><news:title>{escape(t)}</news:title>"
        "</news:news></url>"
        for p, t, d in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{entries}</urlset>'
    )


def sitemap_index(children: list[tuple[str, datetime]]) -> str:
    entries = "".join(f"<sitemap><loc>{loc}</loc><lastmod>{d.isoformat()}</lastmod></sitemap>" for loc, d in children)
    return f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'


def chunks(items: list[tuple[str, str, datetime]], size: int) -> Iterator[list[tuple[str, str, datetime]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def publish(
    site: Site,
    count: int,
    *,
    feed: bool = True,
    sitemap: bool = True,
    feed_size: int = 50,
    per_sitemap: int = 500,
    link_feed: bool = True,
) -> None:
    """Add ``count`` new stories (one an hour after the last) and rebuild listings, feed, sitemaps.

    Listings, the feed and only the LAST sitemap change (older sitemaps keep their bytes and
    Last-Modified), which is what lets an incremental crawl skip them.
    """
    rng = random.Random(site.seed * 1_000_003 + len(site.stories))
    for _ in range(count):
        number = len(site.stories) + 1
        date = START + timedelta(hours=number)
        section = SECTIONS[number % len(SECTIONS)]
        title = sentence(rng, 6).rstrip(".")
        slug = "-".join(title.lower().split()[:5])
        path = f"/{section}/{date:%Y/%m/%d}/{slug}-{100000 + number}.html"
        site.stories.append((path, title, date))
        site.put(path, story_page(rng, title, date, section), modified=date)
    newest = site.stories[-1][2] if site.stories else START
    latest = list(reversed(site.stories))
    head = '<link rel="alternate" type="application/rss+xml" href="/rss.xml">' if feed and link_feed else ""
    site.put("/", listing_page(rng, "Fixture News", latest[:30]).replace("<head>", "<head>" + head), modified=newest)
    for section in SECTIONS:
        items = [s for s in latest if s[0].startswith(f"/{section}/")][:30]
        site.put(f"/{section}/", listing_page(rng, section.title(), items), modified=newest)
    site.put("/tag/dunlo-rensul/", listing_page(rng, "Dunlo rensul", latest[:12]), modified=newest)
    site.put("/author/mika-zelren/", author_page(rng, "Mika Zelren", latest[:10]), modified=newest)
    site.put("/video/2024/03/01/kalo-mirensul-clip/", media_page(rng, "Kalo mirensul clip", "video"))
    site.put("/gallery/2024/03/01/vozel-pridun-photos/", media_page(rng, "Vozel pridun photos", "gallery"))
    if feed:
        site.put("/rss.xml", rss(latest[:feed_size]), "rss", modified=newest)
    if sitemap:
        children: list[tuple[str, datetime]] = []
        for number, part in enumerate(chunks(site.stories, per_sitemap), start=1):
            path = f"/sitemaps/news-{number}.xml.gz"
            last = part[-1][2]
            old = site.pages.get(path)
            # gzip embeds a timestamp: rebuild only a sitemap whose content changed.
            content = news_urlset(part).encode("utf-8")
            if old is None or gzip.decompress(old.body) != content:
                site.put(path, gzip.compress(content, mtime=0), "gzip", modified=last)
            children.append((path, last))
        site.put("/sitemap_index.xml", sitemap_index(children), "xml", modified=newest)


def news_site(count: int, *, seed: int = 1, robots: bool = True, **options: object) -> Site:
    """A site with ``count`` stories, listings, a feed and a news sitemap index (see `publish`)."""
    site = Site(seed=seed)
    publish(site, count, **options)  # type: ignore[arg-type]
    if robots:
        lines = "User-agent: *\nDisallow: /private/\n"
        if "/sitemap_index.xml" in site.pages:
            lines += "Sitemap: /sitemap_index.xml\n"
        site.put("/robots.txt", lines, "text")
    return site


@dataclass(frozen=True)
class Request:
    """One request the server received, and what it answered."""

    path: str
    status: int
    if_none_match: str | None
    if_modified_since: str | None

    @property
    def conditional(self) -> bool:
        return bool(self.if_none_match or self.if_modified_since)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        return  # a client that hangs up early (a cancelled fetch) is not a test failure


class SiteServer:
    """Serves a `Site` on 127.0.0.1 (a free port) in a thread, logging every request."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.log: list[Request] = []
        self._lock = threading.Lock()
        self.httpd = _QuietServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> "SiteServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def requests(self, prefix: str = "") -> list[Request]:
        with self._lock:
            return [r for r in self.log if r.path.startswith(prefix)]

    def clear(self) -> None:
        with self._lock:
            self.log.clear()

    def _record(self, request: Request) -> None:
        with self._lock:
            self.log.append(request)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes; with Nagle on, the delayed ACK of the
            # first adds 40 ms to every keep-alive request.
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: object) -> None:  # quiet
                return

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                page = server.site.pages.get(path)
                inm = self.headers.get("If-None-Match")
                ims = self.headers.get("If-Modified-Since")
                status = page.status if page else 404
                if page and status == 200 and inm is not None:
                    status = 304 if inm == page.etag else 200
                elif page and status == 200 and ims:
                    try:
                        status = 304 if page.modified <= parsedate_to_datetime(ims) else 200
                    except (TypeError, ValueError):
                        status = 200
                server._record(Request(path, status, inm, ims))
                body = page.body if page and status != 304 else (b"" if status == 304 else b"not found")
                self.send_response(status)
                for name, value in page.headers if page else ():
                    self.send_header(name, value)
                self.send_header("Content-Type", CONTENT_TYPES[page.kind] if page else "text/plain")
                if page:
                    self.send_header("ETag", page.etag)
                    self.send_header("Last-Modified", format_datetime(page.modified, usegmt=True))
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler


def test_server_answers_conditional_requests_with_304() -> None:
    import urllib.request

    site = news_site(3)
    with SiteServer(site) as server:
        first = urllib.request.urlopen(server.url + "/rss.xml")
        etag = first.headers["ETag"]
        request = urllib.request.Request(server.url + "/rss.xml", headers={"If-None-Match": etag})
        try:
            urllib.request.urlopen(request)
            status = 200
        except urllib.error.HTTPError as error:
            status = error.code
    assert status == 304
    assert [r.status for r in server.requests("/rss.xml")] == [200, 304]


def test_publishing_changes_only_the_last_sitemap() -> None:
    site = news_site(1200, per_sitemap=500)
    before = {path: page.etag for path, page in site.pages.items()}
    publish(site, 10, per_sitemap=500)
    changed = {path for path, page in site.pages.items() if before.get(path) != page.etag}
    assert "/sitemaps/news-1.xml.gz" not in changed and "/sitemaps/news-2.xml.gz" not in changed
    assert "/sitemaps/news-3.xml.gz" in changed and "/rss.xml" in changed
