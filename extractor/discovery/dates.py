"""Dates as feeds and sitemaps write them: RFC 822 (RSS) and ISO 8601 / W3C-DTF (Atom, sitemaps)."""

from __future__ import annotations

from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from dateutil import parser as dateutil_parser


def parse_date(text: str | None) -> datetime | None:
    """A timezone-aware UTC datetime, or None when the text is not a date.

    A date without a zone is read as UTC: sitemaps often give only ``2024-05-01``, and a few
    hours of error do not matter for deciding what is new.
    """
    if not text:
        return None
    text = text.strip()
    if not text or len(text) > 64:  # no real date is longer; refuse to feed junk to dateutil
        return None
    parsed: datetime | None = None
    if text[:1].isdigit():
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            parsed = None
    if parsed is None:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            parsed = None
    if parsed is None:
        try:
            parsed = dateutil_parser.parse(text)
        except (ValueError, OverflowError, TypeError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    try:
        return parsed.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        return None
