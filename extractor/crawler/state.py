"""The crawl's memory: an embedded SQLite database (one file, no server).

What it keeps, per URL: the site, what kind of resource it is (story page, feed, sitemap...), where
it stands (``pending`` -> ``done`` / ``not_article`` / ``failed`` / ``gone``), the date its feed or
sitemap gave, the validators for conditional requests (ETag, Last-Modified), the last attempt and
the last success, and failures with the time before which it is not retried. Per site: the feeds
and sitemaps found, when common paths were last probed, the last run and last success. Per run:
its counters, and whether it finished (a run left ``running`` was interrupted).

Resuming after a crash needs nothing special: every discovered URL is written ``pending`` before
any story is fetched, and each outcome is committed as soon as it is known, so the next run
starts with the pending URLs that were left.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import TracebackType
from typing import Iterable, Literal

from ..discovery.links import Link

#: Schema version stored in ``PRAGMA user_version``; a newer file is refused, not guessed at.
SCHEMA_VERSION = 1

#: First wait after a failure; doubled after each further failure.
RETRY_BASE = timedelta(hours=1)

#: Longest wait between attempts (also the cap on a server's ``Retry-After``).
RETRY_MAX = timedelta(days=7)

#: Failures after which a URL is given up (``gone``); 404/410 answers give up at once.
MAX_FAILURES = 5

UrlKind = Literal["page", "feed", "sitemap", "robots", "home"]
UrlState = Literal["pending", "done", "not_article", "failed", "gone"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sites (
    site TEXT PRIMARY KEY,
    feeds TEXT NOT NULL DEFAULT '[]',
    sitemaps TEXT NOT NULL DEFAULT '[]',
    probed_at TEXT,
    last_run TEXT,
    last_success TEXT
);
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    kind TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    listed TEXT,
    title TEXT,
    first_seen TEXT NOT NULL,
    fetched_at TEXT,
    success_at TEXT,
    etag TEXT,
    last_modified TEXT,
    http_status INTEGER,
    failures INTEGER NOT NULL DEFAULT 0,
    retry_at TEXT,
    error TEXT
);
CREATE INDEX IF NOT EXISTS urls_by_site_state ON urls (site, kind, state);
CREATE TABLE IF NOT EXISTS site_errors (
    site TEXT PRIMARY KEY,
    error TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS skipped (
    url TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    reason TEXT NOT NULL,
    first_seen TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site TEXT NOT NULL,
    started TEXT NOT NULL,
    finished TEXT,
    state TEXT NOT NULL DEFAULT 'running',
    requests INTEGER NOT NULL DEFAULT 0,
    not_modified INTEGER NOT NULL DEFAULT 0,
    articles INTEGER NOT NULL DEFAULT 0,
    not_articles INTEGER NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0
);
"""


class StateError(Exception):
    """The state file cannot be used (not SQLite, or written by a newer version)."""


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds") if moment else None


def _parse(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


@dataclass(frozen=True)
class SiteRecord:
    """What is remembered about one site between runs."""

    site: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    probed_at: datetime | None = None
    last_run: datetime | None = None
    last_success: datetime | None = None


@dataclass(frozen=True)
class Outcome:
    """The result of one request, as the state records it."""

    state: UrlState
    http_status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    retry_after: timedelta | None = None  # from the server's Retry-After, if it sent one


@dataclass(frozen=True)
class SiteStatus:
    """One row of ``extractor crawl --status``."""

    site: str
    articles: int
    pending: int
    not_articles: int
    failing: int
    gone: int
    last_run: datetime | None
    last_run_state: str | None
    last_success: datetime | None
    last_error: str | None = None


def retry_delay(failures: int, retry_after: timedelta | None) -> timedelta:
    """How long to wait before the next attempt: the server's word, else exponential backoff."""
    if retry_after is not None:
        return min(max(retry_after, timedelta(0)), RETRY_MAX)
    return min(RETRY_BASE * (1 << max(failures - 1, 0)), RETRY_MAX)


class CrawlState:
    """The state database. Open with a path (created with its folders if missing)::

        with CrawlState("crawl.db") as state:
            state.add_links(site, links)
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(str(self.path), isolation_level=None)
            self.db.row_factory = sqlite3.Row
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StateError(f"{self.path} was written by a newer news-extractor (schema {version})")
            # WAL: a reader (``--status``) never blocks the crawl; NORMAL sync is still crash-safe
            # for the database (a power cut may lose the last commits, never corrupt the file).
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA)
            self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except sqlite3.DatabaseError as error:
            raise StateError(f"{self.path}: not a usable crawl state database ({error})") from error

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> CrawlState:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    # -- sites --------------------------------------------------------------------------------

    def site(self, site: str) -> SiteRecord:
        row = self.db.execute("SELECT * FROM sites WHERE site = ?", (site,)).fetchone()
        if row is None:
            return SiteRecord(site)
        return SiteRecord(
            site,
            tuple(json.loads(row["feeds"])),
            tuple(json.loads(row["sitemaps"])),
            _parse(row["probed_at"]),
            _parse(row["last_run"]),
            _parse(row["last_success"]),
        )

    def save_site(self, record: SiteRecord) -> None:
        self.db.execute(
            "INSERT INTO sites (site, feeds, sitemaps, probed_at, last_run, last_success) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (site) DO UPDATE SET feeds = excluded.feeds, "
            "sitemaps = excluded.sitemaps, probed_at = excluded.probed_at, "
            "last_run = excluded.last_run, last_success = excluded.last_success",
            (record.site, json.dumps(list(record.feeds)), json.dumps(list(record.sitemaps)),
             _iso(record.probed_at), _iso(record.last_run), _iso(record.last_success)),
        )

    # -- URLs ---------------------------------------------------------------------------------

    def conditional_headers(self, url: str) -> dict[str, str]:
        """``If-None-Match`` / ``If-Modified-Since`` from the last successful answer, if any."""
        row = self.db.execute("SELECT etag, last_modified FROM urls WHERE url = ?", (url,)).fetchone()
        headers: dict[str, str] = {}
        if row is not None and row["etag"]:
            headers["If-None-Match"] = row["etag"]
        if row is not None and row["last_modified"]:
            headers["If-Modified-Since"] = row["last_modified"]
        return headers

    def listed_date(self, url: str) -> datetime | None:
        """The date last recorded for a URL by its listing (a sitemap's ``lastmod`` in its index)."""
        row = self.db.execute("SELECT listed, state FROM urls WHERE url = ?", (url,)).fetchone()
        return _parse(row["listed"]) if row is not None and row["state"] == "done" else None

    def add_links(self, site: str, links: Iterable[Link], *, kind: UrlKind = "page") -> int:
        """Remember discovered links as ``pending``; returns how many were new.

        A known link whose listing now gives a newer date than its last successful fetch
        becomes ``pending`` again: it changed, and will be re-fetched conditionally.
        """
        now = _iso(utc_now())
        new = 0
        with self.db:
            for link in links:
                listed = _iso(link.newest)
                cursor = self.db.execute(
                    "INSERT OR IGNORE INTO urls (url, site, kind, listed, title, first_seen) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (link.url, site, kind, listed, link.title, now),
                )
                if cursor.rowcount:
                    new += 1
                elif listed:
                    self.db.execute(
                        "UPDATE urls SET listed = ?, state = CASE WHEN state IN ('done', 'not_article') "
                        "AND success_at < ? THEN 'pending' ELSE state END "
                        "WHERE url = ? AND (listed IS NULL OR listed < ?)",
                        (listed, listed, link.url, listed),
                    )
        return new

    def set_listed(self, url: str, site: str, kind: UrlKind, listed: datetime | None) -> None:
        """Record the date a listing gave for a URL (index ``lastmod`` of a child sitemap)."""
        self.db.execute(
            "INSERT INTO urls (url, site, kind, listed, first_seen) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (url) DO UPDATE SET listed = excluded.listed",
            (url, site, kind, _iso(listed), _iso(utc_now())),
        )

    def due(self, site: str, *, since: datetime | None = None, limit: int | None = None) -> list[str]:
        """Story URLs to fetch now: pending, or failed with their retry time passed.

        Newest listing first (undated last), so ``--max-articles`` keeps the freshest stories;
        with ``since``, links listed before it are left out (undated ones are kept).
        """
        query = (
            "SELECT url FROM urls WHERE site = ? AND kind = 'page' AND "
            "(state = 'pending' OR (state = 'failed' AND (retry_at IS NULL OR retry_at <= ?))) "
        )
        params: list[object] = [site, _iso(utc_now())]
        if since is not None:
            query += "AND (listed IS NULL OR listed >= ?) "
            params.append(_iso(since))
        query += "ORDER BY listed IS NULL, listed DESC, first_seen"
        if limit is not None:
            query += " LIMIT ?"
            params.append(limit)
        return [row["url"] for row in self.db.execute(query, params)]

    def retry_due(self, site: str, kind: UrlKind) -> list[str]:
        """URLs of a kind whose last attempt failed and whose retry time has come."""
        rows = self.db.execute(
            "SELECT url FROM urls WHERE site = ? AND kind = ? AND state = 'failed' "
            "AND (retry_at IS NULL OR retry_at <= ?) ORDER BY url",
            (site, kind, _iso(utc_now())),
        )
        return [row["url"] for row in rows]

    def record(self, url: str, site: str, kind: UrlKind, outcome: Outcome) -> None:
        """Store the outcome of one request (committed at once: this is the crash-safe point).

        A 304 keeps the stored validators; a failure keeps them too (the copy we have is
        still the last good one) and schedules the retry.
        """
        now = utc_now()
        row = self.db.execute("SELECT failures FROM urls WHERE url = ?", (url,)).fetchone()
        failures = (row["failures"] if row else 0) + (1 if outcome.state == "failed" else 0)
        state: UrlState = outcome.state
        retry_at: str | None = None
        if state == "failed":
            if failures >= MAX_FAILURES or outcome.http_status in (404, 410):
                state = "gone"
            else:
                retry_at = _iso(now + retry_delay(failures, outcome.retry_after))
        succeeded = state in ("done", "not_article")
        with self.db:
            self.db.execute(
                "INSERT OR IGNORE INTO urls (url, site, kind, first_seen) VALUES (?, ?, ?, ?)",
                (url, site, kind, _iso(now)),
            )
            self.db.execute(
                "UPDATE urls SET state = ?, fetched_at = ?, http_status = ?, error = ?, retry_at = ?, "
                "failures = ?, success_at = CASE WHEN ? THEN ? ELSE success_at END, "
                "etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified) WHERE url = ?",
                (state, _iso(now), outcome.http_status, outcome.error, retry_at,
                 0 if succeeded else failures, succeeded, _iso(now),
                 outcome.etag, outcome.last_modified, url),
            )

    # -- runs ---------------------------------------------------------------------------------

    def start_run(self, site: str) -> int:
        """Open a run; an earlier run of the site still ``running`` was interrupted."""
        with self.db:
            self.db.execute("UPDATE runs SET state = 'interrupted' WHERE site = ? AND state = 'running'", (site,))
            self.db.execute("INSERT OR IGNORE INTO sites (site) VALUES (?)", (site,))
            cursor = self.db.execute("INSERT INTO runs (site, started) VALUES (?, ?)", (site, _iso(utc_now())))
        return int(cursor.lastrowid or 0)

    def count(self, run: int, **increments: int) -> None:
        """Add to a run's counters (``requests``, ``not_modified``, ``articles``...)."""
        sets = ", ".join(f"{name} = {name} + ?" for name in increments)
        self.db.execute(f"UPDATE runs SET {sets} WHERE id = ?", (*increments.values(), run))

    def finish_run(
        self, run: int, site: str, *, succeeded: bool, interrupted: bool = False,
        error: str | None = None,
    ) -> None:
        """Close a run (``interrupted``: it ended by an exception or Ctrl-C, not by finishing).
        ``error`` is why the site could not be crawled; it stays the site's last error until
        a run succeeds."""
        now = utc_now()
        record = self.site(site)
        with self.db:
            self.db.execute("UPDATE runs SET finished = ?, state = ? WHERE id = ?",
                            (_iso(now), "interrupted" if interrupted else "finished", run))
            if error is not None:
                self.db.execute("INSERT OR REPLACE INTO site_errors (site, error, at) VALUES (?, ?, ?)",
                                (site, error, _iso(now)))
            elif succeeded:
                self.db.execute("DELETE FROM site_errors WHERE site = ?", (site,))
        self.save_site(
            SiteRecord(site, record.feeds, record.sitemaps, record.probed_at, now,
                       now if succeeded else record.last_success)
        )

    def run_counts(self, run: int) -> dict[str, int]:
        row = self.db.execute(
            "SELECT requests, not_modified, articles, not_articles, failures FROM runs WHERE id = ?", (run,)
        ).fetchone()
        return dict(row) if row else {}

    def status(self) -> list[SiteStatus]:
        """Per-site counts and the last run, for ``extractor crawl --status``."""
        rows = self.db.execute(
            "SELECT s.site, "
            "  (SELECT COUNT(*) FROM urls u WHERE u.site = s.site AND u.kind = 'page' AND u.state = 'done'), "
            "  (SELECT COUNT(*) FROM urls u WHERE u.site = s.site AND u.kind = 'page' AND u.state = 'pending'), "
            "  (SELECT COUNT(*) FROM urls u WHERE u.site = s.site AND u.kind = 'page' AND u.state = 'not_article'), "
            "  (SELECT COUNT(*) FROM urls u WHERE u.site = s.site AND u.kind = 'page' AND u.state = 'failed'), "
            "  (SELECT COUNT(*) FROM urls u WHERE u.site = s.site AND u.kind = 'page' AND u.state = 'gone'), "
            "  (SELECT state FROM runs r WHERE r.site = s.site ORDER BY r.id DESC LIMIT 1), "
            "  (SELECT started FROM runs r WHERE r.site = s.site ORDER BY r.id DESC LIMIT 1), "
            "  s.last_success, "
            "  (SELECT error FROM site_errors e WHERE e.site = s.site) "
            "FROM sites s ORDER BY s.site"
        ).fetchall()
        return [
            SiteStatus(row[0], row[1], row[2], row[3], row[4], row[5], _parse(row[7]), row[6], _parse(row[8]),
                       row[9])
            for row in rows
        ]

    def add_skipped(self, site: str, reasons: dict[str, str]) -> None:
        """Remember links the URL classifier passed over (URL -> reason), so "why was this
        story never fetched?" has an answer in the state file."""
        now = _iso(utc_now())
        with self.db:
            self.db.executemany(
                "INSERT OR IGNORE INTO skipped (url, site, reason, first_seen) VALUES (?, ?, ?, ?)",
                [(url, site, reason, now) for url, reason in reasons.items()],
            )

    def skipped_reasons(self, site: str) -> dict[str, str]:
        """The links of ``site`` passed over by the classifier, and why."""
        rows = self.db.execute("SELECT url, reason FROM skipped WHERE site = ?", (site,)).fetchall()
        return {row[0]: row[1] for row in rows}
