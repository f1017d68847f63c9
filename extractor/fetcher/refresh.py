"""``<meta http-equiv="refresh" content="0; url=...">``: the HTML redirect."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from ..decoding import PRESCAN_BYTES

_NOSCRIPT = re.compile(rb"<noscript\b.*?(?:</noscript\s*>|$)", re.IGNORECASE | re.DOTALL)
_REFRESH_TAG = re.compile(
    rb"""<meta\b[^>]*?http-equiv\s*=\s*["']?\s*refresh\b[^>]*>""", re.IGNORECASE
)
_CONTENT_ATTR = re.compile(rb"""\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_REFRESH_VALUE = re.compile(
    r"""^\s*(\d+(?:\.\d*)?)?\s*[;,]?\s*(?:url\s*=\s*)?(["']?)(.*?)\2\s*$""",
    re.IGNORECASE | re.DOTALL,
)


def parse_refresh(value: str) -> tuple[float, str | None]:
    """``"5; url=/next"`` -> ``(5.0, "/next")``; a value with no URL gives ``(delay, None)``."""
    match = _REFRESH_VALUE.match(value)
    if not match:
        return 0.0, None
    delay = float(match.group(1)) if match.group(1) else 0.0
    target = match.group(3).strip()
    return delay, target or None


def meta_refresh_target(html: bytes, base_url: str, max_delay: float) -> str | None:
    """The absolute URL a page's meta refresh sends to, when it is a redirect.

    Ignored: refreshes inside ``<noscript>`` (a "please enable JavaScript" page, not a move),
    refreshes without a URL or back to the same page (a periodic reload), and delays over
    ``max_delay`` (home pages that reload every few minutes).
    """
    head = _NOSCRIPT.sub(b"", html[:PRESCAN_BYTES])
    tag = _REFRESH_TAG.search(head)
    if not tag:
        return None
    content = _CONTENT_ATTR.search(tag.group(0))
    if not content:
        return None
    raw = next(group for group in content.groups() if group is not None)
    delay, target = parse_refresh(raw.decode("utf-8", "replace"))
    if target is None or delay > max_delay:
        return None
    try:
        absolute = urljoin(base_url, target)
    except ValueError:
        return None  # a broken URL in a refresh is ignored, as browsers do
    return None if absolute.split("#")[0] == base_url.split("#")[0] else absolute
