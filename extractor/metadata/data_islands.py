"""Dates from a page's JSON data islands: ``<script type="application/json">`` blocks.

Pages rendered by a JavaScript framework (Next.js's ``__NEXT_DATA__``, Nuxt, review and shop
platforms) ship the record they display as a JSON island. It is data, not code: a key named
``publishedDate`` says what its value is, as ``datePublished`` does in JSON-LD. Code scripts
(``text/javascript``) are never read for dates.

An island may also hold related stories' records, so its first publication value is a last
resort, read only when no structured source, visible date or URL dates the page.
"""

from __future__ import annotations

import re
from datetime import datetime
from itertools import islice
from typing import Final, Sequence

from selectolax.lexbor import LexborNode

from .choose import Offer
from .dates import PageDate, parse_date

#: Most characters of islands read: a Next.js page can ship megabytes of props, and the
#: page's own record comes first.
MAX_ISLAND_CHARS: Final = 1_000_000

# Only keys that name the date they hold. "createdAt" and "date" are not here: CMSs stamp
# records with their own creation, and "date" is as often an event's or a form's.
PUBLISHED_KEYS: Final = ("datePublished", "publishedDate", "publishDate", "publishedAt", "published_at",
                  "firstPublishedAt", "first_published_at", "publicationDate", "publication_date")
MODIFIED_KEYS: Final = ("dateModified", "modifiedDate", "updatedDate", "lastModified", "modifiedAt",
                 "modified_at")


def _key_pattern(keys: Sequence[str]) -> re.Pattern[str]:
    # Opens with the quote so the engine skips ahead to quotes instead of trying every position.
    return re.compile(r'"(%s)"\s*:\s*"([^"\\]{6,40})"' % "|".join(keys))


_PUBLISHED: Final = _key_pattern(PUBLISHED_KEYS)
_MODIFIED: Final = _key_pattern(MODIFIED_KEYS)


def _island_text(islands: Sequence[LexborNode]) -> str:
    texts: list[str] = []
    left = MAX_ISLAND_CHARS
    for node in islands:
        if left <= 0:
            break
        texts.append((node.text(deep=True) or "")[:left])
        left -= len(texts[-1])
    return "\n".join(texts)


#: Most values of a key parsed: the page's own record comes first, and a hostile island of
#: thousands of unparsable values must not cost a date parse each.
MAX_TRIES: Final = 20


def _first_date(text: str, pattern: re.Pattern[str], now: datetime) -> Offer[PageDate] | None:
    for match in islice(pattern.finditer(text), MAX_TRIES):
        value = parse_date(match[2], now)
        if value is not None:
            return Offer("heuristic", match[0], value)
    return None


def island_dates(
    islands: Sequence[LexborNode], now: datetime
) -> tuple[Offer[PageDate] | None, Offer[PageDate] | None]:
    """(published, modified): the first valid value of a publication key and of a modification
    key in the page's JSON data islands, each an offer whose raw is the ``"key": "value"`` text."""
    if not islands:
        return None, None
    text = _island_text(islands)
    return _first_date(text, _PUBLISHED, now), _first_date(text, _MODIFIED, now)
