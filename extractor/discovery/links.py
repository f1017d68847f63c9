"""What discovery produces: a link to a (probably) article page, with what the source said of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

#: Where a link was found. ``news-sitemap`` entries carry ``news:publication_date``.
LinkSource = Literal["rss", "atom", "json-feed", "sitemap", "news-sitemap"]


@dataclass(frozen=True)
class Link:
    """One URL a feed or a sitemap lists.

    Attributes:
        url: absolute URL as listed (resolved against the feed's or sitemap's URL).
        source: the kind of document it came from.
        title: the title the feed or the news sitemap gives, if any.
        published: publication time (feed item date, ``news:publication_date``), UTC-aware.
        modified: last change (Atom ``updated``, JSON Feed ``date_modified``, sitemap ``lastmod``).
    """

    url: str
    source: LinkSource
    title: str | None = None
    published: datetime | None = None
    modified: datetime | None = None

    @property
    def newest(self) -> datetime | None:
        """The latest date known for the link (what ``--since`` compares against)."""
        dates = [d for d in (self.published, self.modified) if d is not None]
        return max(dates) if dates else None
