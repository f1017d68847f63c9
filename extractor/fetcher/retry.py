"""When to try again, and how long to wait first."""

from __future__ import annotations

import random
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

#: Statuses that usually mean "busy or briefly broken, try later" rather than "no".
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta-seconds or an HTTP date), or None when
    absent or unreadable. A date in the past means "now" (0)."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    seconds = (when - (now or datetime.now(timezone.utc))).total_seconds()
    return max(0.0, seconds)


def backoff_delay(attempt: int, base: float, rng: random.Random) -> float:
    """Exponential backoff with jitter: ``base * 2**attempt``, times a random factor in [1, 2).

    The jitter spreads retries of many workers that failed together (a host restart) so they
    do not all come back in the same instant.
    """
    step = base * (2**attempt)
    return float(step * (1.0 + rng.random()))


def retry_wait(
    attempt: int, retry_after: str | None, *, base: float, cap: float, rng: random.Random
) -> float | None:
    """Seconds to wait before the next attempt, or None when the server asked for longer than
    ``cap`` (waiting that long is worse than reporting the error)."""
    asked = parse_retry_after(retry_after)
    if asked is None:
        return backoff_delay(attempt, base, rng)
    if asked > cap:
        return None
    return max(asked, 0.0)
