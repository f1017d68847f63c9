"""An on-disk HTTP cache (SQLite) so re-runs don't download unchanged pages again.

A private cache in the sense of RFC 9111, kept deliberately small:

- only ``200`` answers to GET are stored; ``Cache-Control: no-store`` and ``Vary: *`` never;
- freshness: ``max-age``, else ``Expires`` minus ``Date``, else 10% of the time since
  ``Last-Modified`` (capped at `HEURISTIC_MAX`), minus any ``Age``; ``no-cache`` means
  "stale at once";
- a fresh copy is served without any request; a stale copy with an ``ETag`` or
  ``Last-Modified`` is revalidated with ``If-None-Match`` / ``If-Modified-Since``, and a
  ``304`` refreshes it; a stale copy without validators is simply fetched again;
- bodies are stored decoded (Content-Encoding removed), as the fetcher hands them out.

Wall-clock time is used (entries outlive the process). One SQLite file in the directory given.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass, replace
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Callable, Mapping

from .response import Response

#: File name of the cache database inside the cache directory.
CACHE_FILE = "http-cache.sqlite3"
#: Layout version of the database (SQLite ``user_version``). A cache written by another
#: version is emptied rather than misread: it only ever costs a refetch.
SCHEMA_VERSION = 1
#: Longest heuristic freshness for a page that only has a Last-Modified header.
HEURISTIC_MAX = 24 * 3600.0
#: Fraction of the time since Last-Modified a page is assumed fresh (RFC 9111 section 4.2.2).
HEURISTIC_FRACTION = 0.1
#: Response headers not stored: they describe the transfer, not the stored (decoded) body.
_TRANSFER_HEADERS = ("content-encoding", "transfer-encoding", "content-length", "connection")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    url TEXT PRIMARY KEY,
    status INTEGER NOT NULL,
    headers TEXT NOT NULL,
    content BLOB NOT NULL,
    fresh_until REAL NOT NULL
)
"""


@dataclass(frozen=True)
class CachedResponse:
    """A stored answer, and whether it may be used without asking the server."""

    response: Response
    fresh: bool

    @property
    def validators(self) -> dict[str, str]:
        """Headers that turn the next request into a revalidation."""
        out = {}
        if "etag" in self.response.headers:
            out["If-None-Match"] = self.response.headers["etag"]
        if "last-modified" in self.response.headers:
            out["If-Modified-Since"] = self.response.headers["last-modified"]
        return out


def cache_directives(headers: Mapping[str, str]) -> dict[str, str]:
    """``Cache-Control`` as ``{directive: value}`` (value "" for bare directives)."""
    out: dict[str, str] = {}
    for part in headers.get("cache-control", "").split(","):
        name, _, value = part.strip().partition("=")
        if name:
            out[name.lower()] = value.strip().strip('"')
    return out


def _http_date(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError):
        return None


def _seconds(value: str | None) -> float | None:
    return float(value) if value and value.isdigit() else None


def freshness_lifetime(headers: Mapping[str, str], now: float) -> float | None:
    """Seconds a response stays fresh from ``now``, or None when it must not be stored."""
    directives = cache_directives(headers)
    if "no-store" in directives or headers.get("vary", "").strip() == "*":
        return None
    age = _seconds(headers.get("age")) or 0.0
    if "no-cache" in directives:
        lifetime = 0.0
    elif _seconds(directives.get("max-age")) is not None:
        lifetime = _seconds(directives.get("max-age")) or 0.0
    elif "expires" in headers:
        # An invalid Expires (often "0" or "-1") means "already expired".
        expires = _http_date(headers.get("expires"))
        date = _http_date(headers.get("date")) or now
        lifetime = max(0.0, expires - date) if expires is not None else 0.0
    else:
        modified = _http_date(headers.get("last-modified"))
        date = _http_date(headers.get("date")) or now
        lifetime = (
            min(HEURISTIC_MAX, max(0.0, date - modified) * HEURISTIC_FRACTION)
            if modified is not None
            else 0.0
        )
    remaining = lifetime - age
    if remaining <= 0 and "etag" not in headers and "last-modified" not in headers:
        return None  # never fresh and cannot be revalidated: storing it saves nothing
    return max(0.0, remaining)


class HttpCache:
    """The cache in directory ``path`` (created if missing). Close it when done."""

    def __init__(self, path: str | Path, *, clock: Callable[[], float] = time.time) -> None:
        directory = Path(path)
        directory.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(directory / CACHE_FILE)
        # WAL keeps readers and the single writer from blocking each other; NORMAL sync is
        # enough for a cache (a lost last entry is only a refetch).
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        (found,) = self._db.execute("PRAGMA user_version").fetchone()
        if found != SCHEMA_VERSION:
            self._db.execute("DROP TABLE IF EXISTS responses")
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        self._db.execute(_SCHEMA)
        self._clock = clock

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> HttpCache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def lookup(self, url: str) -> CachedResponse | None:
        """The stored answer for ``url``, if any."""
        row = self._db.execute(
            "SELECT status, headers, content, fresh_until FROM responses WHERE url = ?", (url,)
        ).fetchone()
        if row is None:
            return None
        status, headers, content, fresh_until = row
        response = Response(url, status, json.loads(headers), content, from_cache=True)
        return CachedResponse(response, fresh=self._clock() < fresh_until)

    def store(self, response: Response) -> None:
        """Keep ``response`` if it is a cacheable 200 (see the module docstring)."""
        if response.status != 200 or response.from_cache:
            return
        now = self._clock()
        lifetime = freshness_lifetime(response.headers, now)
        if lifetime is None:
            self._db.execute("DELETE FROM responses WHERE url = ?", (response.url,))
            self._db.commit()
            return
        headers = {k: v for k, v in response.headers.items() if k not in _TRANSFER_HEADERS}
        self._db.execute(
            "INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?)",
            (response.url, response.status, json.dumps(headers), response.content, now + lifetime),
        )
        self._db.commit()

    def revalidated(self, cached: CachedResponse, fresh_headers: Mapping[str, str]) -> Response:
        """After a 304: the stored body with the new headers merged in, stored again."""
        merged = {**cached.response.headers}
        merged.update({k: v for k, v in fresh_headers.items() if k not in _TRANSFER_HEADERS})
        refreshed = replace(cached.response, headers=merged, from_cache=False)
        self.store(refreshed)
        return replace(refreshed, from_cache=True)
