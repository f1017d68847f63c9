"""The incremental crawl: from sites to their new stories, with the least traffic.

One run, per site:

1. **Discover** (every request conditional once the resource has been seen): the home page for
   ``<link rel="alternate">`` feeds, robots.txt for ``Sitemap:`` lines (``/sitemap.xml`` when it
   lists none), the common feed paths on the first run only, then the feeds and the sitemaps.
   Index children whose ``lastmod`` is unchanged, or older than ``--since``, are not requested.
2. **Remember** every same-site link whose URL is not plainly a non-story (`classify_urls`) as
   ``pending`` in the state database, before fetching any story: a crash leaves them pending,
   and the next run resumes with them.
3. **Fetch** the pending stories, newest first, at most ``max_articles``; extract each on the
   `extractor.runs.Runner` (a worker thread or process under the per-page time limit, never
   the event loop); keep it when the article's own verdict says it is a story
   (``is_article``), writing one JSON line per story, flushed, and only then committing its
   outcome (validators, failure and retry time).

A site whose home page cannot be reached (DNS, connect, TLS, robots) or that lists no feed and
no sitemap is a site-level failure: counted in its report (``site_error``), kept as the site's
last error in the state, and the command exits 1. Links the URL classifier passes over are
counted per reason and kept in the state (``--keep-feed-items`` keeps every item of the site's
own feeds).

All HTTP goes through the fetcher (`extractor.fetcher.Fetcher`): robots.txt, per-host delays
and concurrency, private-address blocking, size and time bounds are the same as for ``fetch``.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Awaitable, Callable, Iterable, Mapping, TextIO
from urllib.parse import urljoin, urlsplit

import anyio

from ..discovery.classify import Verdict, classify_urls
from ..discovery.feeds import common_feed_urls, find_feed_links, looks_like_feed, parse_feed
from ..discovery.links import Link
from ..discovery.sitemaps import (
    DEFAULT_SITEMAP_PATH,
    SitemapLimits,
    SitemapRef,
    SitemapWalker,
    sitemaps_from_robots,
)
from ..fetcher import Fetcher, FetchOptions, FetchResult
from ..options import ExtractOptions
from ..record import ExtractFailure, TRANSIENT_CODES
from ..runs import Extracted, Runner
from ..runs.fetching import fetched_page
from ..runs.output import open_output
from ..warc.worker import DEFAULT_PAGE_TIMEOUT
from .state import CrawlState, Outcome, SiteRecord, UrlKind, UrlState, utc_now

#: Media types of feeds and sitemaps, read in addition to the fetcher's HTML types.
DISCOVERY_CONTENT_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
    "application/json",
    "application/xml",
    "text/xml",
    "application/x-gzip",
    "application/gzip",
    "application/octet-stream",
)

#: Most feeds read per site: a home page announcing hundreds is a trap, not a newsroom.
MAX_FEEDS = 10

#: How long a probe of the common feed paths that found nothing is trusted before re-probing.
DEFAULT_REDISCOVER_AFTER = timedelta(days=7)

#: Story fetches started ahead of the fetcher (which paces them per host): enough to keep
#: ``FetchOptions.concurrency`` busy without holding thousands of tasks.
WINDOW_PER_SLOT = 2


class CrawlError(ValueError):
    """A site argument that is not a usable http(s) site address."""


@dataclass(frozen=True)
class CrawlOptions:
    """How a crawl behaves.

    Attributes:
        since: leave out links whose feed or sitemap date is older (undated links are kept).
        max_articles: most story pages fetched per site in one run (None: all that are due).
        fetch: the fetcher's options (politeness, safety, bounds); feed and sitemap media types
            are added to its ``content_types``.
        extract: options for `extractor.extract`.
        sitemap_limits: bounds of each sitemap walk (sitemap bombs).
        rediscover_after: how long "no feed at the common paths" is trusted.
        keep_feed_items: keep every item of the site's own feeds, whatever the URL classifier
            says of it (sitemap links are still classified).
        workers: extraction processes (0: a worker thread of this process).
        page_timeout: seconds one page's extraction may take.
    """

    since: datetime | None = None
    max_articles: int | None = None
    fetch: FetchOptions = field(default_factory=FetchOptions)
    extract: ExtractOptions = field(default_factory=ExtractOptions)
    sitemap_limits: SitemapLimits = field(default_factory=SitemapLimits)
    rediscover_after: timedelta = DEFAULT_REDISCOVER_AFTER
    keep_feed_items: bool = False
    workers: int = 0
    page_timeout: float = DEFAULT_PAGE_TIMEOUT


@dataclass
class SiteReport:
    """What one run did for one site."""

    site: str
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    links: int = 0
    new_links: int = 0
    requests: int = 0
    not_modified: int = 0
    articles: int = 0
    not_articles: int = 0
    failures: int = 0
    errors: dict[str, str] = field(default_factory=dict)
    limited: list[str] = field(default_factory=list)
    #: Links the URL classifier passed over, by reason (``one-word-path``...).
    skipped: dict[str, int] = field(default_factory=dict)
    #: Why the site could not be crawled (``dns: ...``, ``no_feed_or_sitemap: ...``), or None.
    site_error: str | None = None

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def site_origin(site: str) -> str:
    """``example.com`` or ``https://example.com/news`` -> ``https://example.com/``."""
    text = site.strip()
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CrawlError(f"not an http(s) site: {site!r}")
    return f"{parts.scheme}://{parts.netloc.lower()}/"


def on_site(url: str, origin: str) -> bool:
    """Same host as the site, or one of its subdomains (``www.`` ignored on both sides)."""
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    base = (urlsplit(origin).hostname or "").lower().removeprefix("www.")
    return bool(host) and (host == base or host.endswith("." + base))


def retry_after(headers: Mapping[str, str]) -> timedelta | None:
    """The ``Retry-After`` header as a delay (seconds or an HTTP date), when present."""
    value = headers.get("retry-after")
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return timedelta(seconds=int(value))
    try:
        return parsedate_to_datetime(value) - datetime.now(timezone.utc)
    except (TypeError, ValueError):
        return None


#: Fetch errors of the home page that mean the site itself cannot be crawled.
SITE_ERRORS = frozenset({"dns", "connect", "tls", "timeout", "blocked_address", "robots_disallowed",
                         "invalid_url", "too_many_redirects"})


def skip_reason(verdict: Verdict) -> str:
    """The feature that weighed most against a link: ``one-word-path`` from ``-2 one-word-path``."""
    weighted = [(int(reason.split(" ", 1)[0]), reason.split(" ", 1)[1]) for reason in verdict.reasons
                if reason[:1] in "+-" and " " in reason]
    if not weighted:
        return "url"
    return min(weighted)[1].split(":", 1)[0]


def outcome_of(result: FetchResult, success: UrlState = "done") -> Outcome:
    """How the state records a fetch: success (validators kept) or failure (with retry hint)."""
    headers = result.headers  # keys lower-cased by the fetcher
    if result.error is not None:
        return Outcome("failed", result.status, error=f"{result.error}: {result.message}",
                       retry_after=retry_after(headers))
    return Outcome(success, result.status, headers.get("etag"), headers.get("last-modified"))


class SiteCrawl:
    """One run over one site: owns the site's counters and talks to the fetcher and the state."""

    def __init__(self, origin: str, fetcher: Fetcher, state: CrawlState, options: CrawlOptions,
                 output: TextIO, runner: Runner) -> None:
        self.origin = origin
        self.fetcher = fetcher
        self.runner = runner
        self.state = state
        self.options = options
        self.output = output
        self.report = SiteReport(origin)
        self.run = 0

    async def get(self, url: str, kind: UrlKind, *, conditional: bool = True) -> FetchResult:
        """Fetch one discovery document, conditionally when it was fetched before."""
        headers = self.state.conditional_headers(url) if conditional else {}
        result = await self.fetcher.fetch(url, headers=headers)
        self.report.requests += 1
        if result.status == 304:
            self.report.not_modified += 1
        return result

    def check_site(self, result: FetchResult) -> None:
        """Note the first answer that shows the site itself cannot be crawled (robots.txt
        comes first, so an unreachable server is named by its connection error)."""
        if self.report.site_error is None and result.error in SITE_ERRORS:
            self.report.site_error = f"{result.error}: {result.message}"

    def fresh(self, result: FetchResult) -> bytes | None:
        """The body of a successful, modified answer (None for 304 and failures)."""
        return result.content if result.error is None and result.status != 304 else None

    def remember(self, url: str, kind: UrlKind, result: FetchResult) -> None:
        if result.error is not None:
            self.report.errors[url] = f"{result.error}: {result.message}"
        self.state.record(url, self.origin, kind, outcome_of(result))

    # -- discovery ----------------------------------------------------------------------------

    async def discover_feeds(self, record: SiteRecord) -> tuple[list[str], bool]:
        """Read the feeds (announced by the home page, remembered, or probed at the common
        paths); returns them and whether the common paths were probed in this run."""
        home = await self.get(self.origin, "home")
        self.check_site(home)
        announced = find_feed_links(body, home.final_url) if (body := self.fresh(home)) else None
        self.remember(self.origin, "home", home)
        # Announced feeds may live on another host (a feed service): their links still count
        # only when they point back to the site.
        feeds = announced[:MAX_FEEDS] if announced is not None else list(record.feeds)
        if feeds or not self.may_probe(record):
            for url in feeds:
                await self.read_feed(url, await self.get(url, "feed"))
            return feeds, False
        for url in common_feed_urls(self.origin):
            result = await self.get(url, "feed", conditional=False)
            if (data := self.fresh(result)) and looks_like_feed(data):
                feeds.append(url)
                await self.read_feed(url, result)
        return feeds, True

    async def read_feed(self, url: str, result: FetchResult) -> None:
        if (data := self.fresh(result)) is not None:
            feed = parse_feed(data, url)
            if feed.error:
                self.report.errors[url] = feed.error
            self.add(list(feed.links), from_feed=True)  # before the validators: a crash here must not hide them
        self.remember(url, "feed", result)

    def may_probe(self, record: SiteRecord) -> bool:
        """Common paths are probed on the first run, then again only after ``rediscover_after``."""
        return record.probed_at is None or utc_now() - record.probed_at > self.options.rediscover_after

    async def sitemap_roots(self, record: SiteRecord) -> tuple[list[str], bool]:
        """Sitemaps from robots.txt (remembered when it is unchanged), else ``/sitemap.xml`` when
        probing is due; second: whether that probe happened."""
        robots_url = urljoin(self.origin, "/robots.txt")
        robots = await self.get(robots_url, "robots")
        self.check_site(robots)
        self.remember(robots_url, "robots", robots)
        if (data := self.fresh(robots)) is not None:
            roots = sitemaps_from_robots(data.decode("utf-8-sig", "replace"), robots_url)
        else:
            roots = list(record.sitemaps)
        if roots or not self.may_probe(record):
            return roots, False
        return [urljoin(self.origin, DEFAULT_SITEMAP_PATH)], True

    def unchanged(self, ref: SitemapRef) -> bool:
        """Skip an index child that is unchanged since read, or older than ``since``."""
        since = self.options.since
        if since is not None and ref.lastmod is not None and ref.lastmod < since:
            return True
        return ref.lastmod is not None and self.state.listed_date(ref.url) == ref.lastmod

    async def walk_sitemaps(self, roots: list[str]) -> set[str]:
        """Walk the sitemaps, storing their links; returns the URLs that answered."""
        walker = SitemapWalker(roots, skip=self.unchanged, limits=self.options.sitemap_limits)
        answered: set[str] = set()
        while batch := walker.take():
            results = await asyncio.gather(*(self.get(url, "sitemap") for url in batch))
            for url, result in zip(batch, results):
                sitemap = walker.add(url, self.fresh(result))
                if sitemap is not None:
                    self.add(list(sitemap.links))
                if result.error is None:
                    answered.add(url)
                self.remember(url, "sitemap", result)
                if url in walker.lastmods:
                    self.state.set_listed(url, self.origin, "sitemap", walker.lastmods[url])
        self.report.errors.update(walker.walk.errors)
        self.report.limited += walker.walk.limited
        return answered

    def add(self, links: list[Link], *, from_feed: bool = False) -> None:
        """Keep same-site links that are not plainly non-stories (every one of the site's own
        feed items with ``keep_feed_items``); store them as pending, and the others, with
        the reason, as skipped."""
        mine = [link for link in links if on_site(link.url, self.origin)]
        if from_feed and self.options.keep_feed_items:
            kept, skipped = mine, {}
        else:
            verdicts = classify_urls(link.url for link in mine)
            kept = [link for link in mine if not verdicts[link.url].is_not_article]
            skipped = {link.url: skip_reason(verdicts[link.url]) for link in mine
                       if verdicts[link.url].is_not_article}
        for reason in skipped.values():
            self.report.skipped[reason] = self.report.skipped.get(reason, 0) + 1
        self.state.add_skipped(self.origin, skipped)
        self.report.links += len(kept)
        self.report.new_links += self.state.add_links(self.origin, kept)

    async def discover(self) -> None:
        record = self.state.site(self.origin)
        # robots.txt first: the fetcher takes its politeness rules from that answer instead of
        # fetching the file a second time for the home page.
        roots, probed_sitemap = await self.sitemap_roots(record)
        feeds, probed_feeds = await self.discover_feeds(record)
        # A child that failed last time is retried even when its (unchanged) index is not read.
        retries = [url for url in self.state.retry_due(self.origin, "sitemap") if url not in roots]
        read = await self.walk_sitemaps(roots + retries)
        # A probed /sitemap.xml is remembered only when it was there.
        roots = [root for root in roots if not probed_sitemap or root in read]
        self.report.feeds, self.report.sitemaps = feeds, roots
        if not feeds and not roots and self.report.site_error is None:
            self.report.site_error = "no_feed_or_sitemap: no feed or sitemap found on the site"
        self.state.save_site(
            replace(record, feeds=tuple(feeds), sitemaps=tuple(roots),
                    probed_at=utc_now() if probed_feeds or probed_sitemap else record.probed_at)
        )

    # -- stories ------------------------------------------------------------------------------

    async def fetch_story(self, url: str) -> None:
        result = await self.get(url, "page")
        if result.error is not None:
            self.report.failures += 1
            self.remember(url, "page", result)
            return
        if result.status == 304:
            self.state.record(url, self.origin, "page", outcome_of(result))
            return
        crawl = {"site": self.origin, "fetched_at": utc_now().isoformat(timespec="seconds")}
        (outcome,) = await self.runner.extract_async((fetched_page(result, crawl),))
        if isinstance(outcome, ExtractFailure):
            self.story_failed(url, result, outcome)
            return
        # "unknown" URLs were fetched: the article's own verdict (a story body found) decides.
        if not outcome.is_article:
            self.report.not_articles += 1
            self.state.record(url, self.origin, "page", outcome_of(result, "not_article"))
            return
        self.write(outcome)
        self.report.articles += 1
        self.state.record(url, self.origin, "page", outcome_of(result))

    def story_failed(self, url: str, result: FetchResult, failure: ExtractFailure) -> None:
        """A refused page is not a story; a stopped or crashed extraction is retried later."""
        if failure.code in TRANSIENT_CODES:
            self.report.failures += 1
            self.state.record(url, self.origin, "page",
                              Outcome("failed", result.status, error=f"{failure.code}: {failure.message}"))
            return
        self.report.not_articles += 1
        self.state.record(url, self.origin, "page",
                          replace(outcome_of(result, "not_article"), error=failure.message))

    def write(self, outcome: Extracted) -> None:
        # Written and flushed before the state says "done": a crash in between re-fetches the
        # story next run (a duplicate line) rather than losing it.
        self.output.write(outcome.line + "\n")
        self.output.flush()

    async def fetch_stories(self) -> None:
        due = self.state.due(self.origin, since=self.options.since, limit=self.options.max_articles)
        await bounded_gather(due, self.fetch_story, self.options.fetch.concurrency * WINDOW_PER_SLOT)

    async def run_once(self) -> SiteReport:
        self.run = self.state.start_run(self.origin)
        succeeded = finished = False
        try:
            await self.discover()
            await self.fetch_stories()
            succeeded = self.report.site_error is None and (
                self.report.failures == 0 or self.report.articles > 0)
            finished = True
        finally:
            report = self.report
            self.state.count(self.run, requests=report.requests, not_modified=report.not_modified,
                             articles=report.articles, not_articles=report.not_articles,
                             failures=report.failures)
            self.state.finish_run(self.run, self.origin, succeeded=succeeded, interrupted=not finished,
                                  error=report.site_error)
        return self.report


async def bounded_gather(items: Iterable[str], work: Callable[[str], Awaitable[None]], window: int) -> None:
    """Run ``work`` on every item with at most ``window`` in flight; the first error cancels
    the rest (their URLs stay pending in the state) and is raised."""
    running: set[asyncio.Future[None]] = set()
    try:
        for item in items:
            if len(running) >= window:
                done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    task.result()
            running.add(asyncio.ensure_future(work(item)))
        while running:
            done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                task.result()
    finally:
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)


def crawl_options_fetch(options: FetchOptions) -> FetchOptions:
    """The fetch options with feed and sitemap media types accepted."""
    if options.content_types is None:
        return options
    extra = tuple(t for t in DISCOVERY_CONTENT_TYPES if t not in options.content_types)
    return replace(options, content_types=tuple(options.content_types) + extra)


async def crawl_async(
    sites: Iterable[str], output: TextIO, state: CrawlState, options: CrawlOptions | None = None,
    *, fetcher: Fetcher | None = None,
) -> list[SiteReport]:
    """`crawl` for async callers; ``fetcher`` replaces the session built from the options."""
    options = options or CrawlOptions()
    origins = list(dict.fromkeys(site_origin(site) for site in sites))
    session = fetcher or Fetcher(crawl_options_fetch(options.fetch))
    reports: list[SiteReport] = []
    runner = Runner(options.extract, workers=options.workers, page_timeout=options.page_timeout)
    try:
        for origin in origins:
            reports.append(await SiteCrawl(origin, session, state, options, output, runner).run_once())
    finally:
        runner.close()
        if fetcher is None:
            await session.aclose()
    return reports


def crawl(
    sites: Iterable[str],
    output: str | Path | TextIO,
    *,
    state: str | Path | CrawlState,
    options: CrawlOptions | None = None,
) -> list[SiteReport]:
    """Crawl sites for new stories, appending one JSON line per story to ``output``.

    ``state`` is the SQLite state file (or an open `CrawlState`); a second run fetches only
    what is new or changed, with conditional requests, and resumes an interrupted run.

    Raises:
        CrawlError: a site is not an http(s) address.
        StateError: the state file is not a crawl database.
    """
    origins = [site_origin(site) for site in sites]  # fail on a bad site before any traffic
    own_state = not isinstance(state, CrawlState)
    store = CrawlState(state) if not isinstance(state, CrawlState) else state
    # A half line left by a killed run is cut first: the next story must not be glued to it.
    stream = open_output(Path(output), "append") if isinstance(output, (str, Path)) else output
    try:
        return anyio.run(crawl_async, origins, stream, store, options)
    finally:
        if stream is not output:
            stream.close()
        if own_state:
            store.close()
