"""robots.txt per RFC 9309, parsed by protego, cached per origin.

What the answer to ``GET /robots.txt`` means (RFC 9309 section 2.3.1):

- 2xx: parse the first ``robots_max_bytes`` (decoded as UTF-8, a BOM dropped);
- 4xx (missing, forbidden): no rules, everything is allowed;
- 5xx, or no answer at all (timeout, refused, DNS): assume everything is disallowed, because
  a site that is down or overloaded must not be crawled harder;
- more than five redirects: treated as unavailable (4xx).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Awaitable, Callable
from urllib.parse import urlsplit

import anyio
from protego import Protego

#: Origins whose robots.txt verdict is kept in memory; the least recently used are forgotten
#: first. Bounded because a parsed 500 KiB file is large and a crawl may touch millions of hosts.
ROBOTS_CACHE_SIZE = 2_048


@dataclass(frozen=True)
class RobotsRules:
    """One origin's verdict: parsed rules, or a blanket allow / disallow."""

    parser: Protego | None = None
    disallow_all: bool = False
    reason: str = "robots.txt"

    def allows(self, url: str, token: str) -> bool:
        """May ``url`` be fetched by a crawler whose product token is ``token``?"""
        if self.disallow_all:
            return False
        if self.parser is None:
            return True
        return bool(self.parser.can_fetch(url, token))

    def crawl_delay(self, token: str) -> float | None:
        """The Crawl-delay for ``token`` in seconds, if the file sets one."""
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(token)
        return float(delay) if delay is not None else None


ALLOW_ALL = RobotsRules(reason="robots.txt is missing (4xx): everything allowed")


def rules_from_response(status: int | None, body: bytes) -> RobotsRules:
    """The rules implied by a robots.txt answer (``status`` None: the server was unreachable)."""
    if status is None:
        return RobotsRules(disallow_all=True, reason="robots.txt unreachable: assume disallow")
    if 200 <= status < 300:
        text = body.decode("utf-8-sig", "replace")
        return RobotsRules(parser=Protego.parse(text))
    if 500 <= status:
        return RobotsRules(
            disallow_all=True, reason=f"robots.txt answered {status}: assume disallow"
        )
    # 3xx left after the redirect limit, and 4xx: the file is unavailable, not forbidding.
    return ALLOW_ALL


def robots_url(url: str) -> str:
    """Where the robots.txt governing ``url`` lives (same scheme, host and port)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


@dataclass
class _Entry:
    rules: RobotsRules
    expires: float


#: Downloads one robots.txt (given its URL) and returns the rules.
RobotsLoader = Callable[[str], Awaitable[RobotsRules]]


class RobotsCache:
    """Fetches each origin's robots.txt once per ``ttl`` seconds, even under concurrency.

    The caller that finds no fresh rules passes the loader, so the download runs on that
    caller's own deadline; loads of one origin run one at a time (other callers wait for the
    answer). A load that raises stores nothing, and the next caller loads again.
    """

    def __init__(self, ttl: float) -> None:
        self._ttl = ttl
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._locks: dict[str, anyio.Lock] = {}

    async def rules_for(self, url: str, load: RobotsLoader) -> RobotsRules:
        """The rules governing ``url``; ``load(robots_url)`` downloads them if needed."""
        key = robots_url(url)
        cached = self._fresh(key)
        if cached is not None:
            return cached
        lock = self._locks.setdefault(key, anyio.Lock())
        try:
            async with lock:
                cached = self._fresh(key)
                if cached is not None:
                    return cached
                rules = await load(key)
                self._store(key, rules)
                return rules
        finally:
            if not lock.statistics().tasks_waiting and not lock.locked():
                self._locks.pop(key, None)

    def offer(self, robots_file: str, rules: RobotsRules) -> None:
        """Keep ``rules`` read from a fetch of ``robots_file`` (a robots.txt URL) made for
        another reason, as if `rules_for` had loaded them."""
        self._store(robots_file, rules)

    def _fresh(self, key: str) -> RobotsRules | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry.expires <= time.monotonic():
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return entry.rules

    def _store(self, key: str, rules: RobotsRules) -> None:
        self._entries[key] = _Entry(rules, time.monotonic() + self._ttl)
        while len(self._entries) > ROBOTS_CACHE_SIZE:
            self._entries.popitem(last=False)
