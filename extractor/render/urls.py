"""URLs in rendered output: resolved against the page's base, and only safe schemes kept.

A link is kept only when it resolves to an absolute ``http``, ``https`` or ``mailto`` URL: a
``javascript:`` link runs code, and a relative one with no base to resolve it against points
nowhere a reader of the output could follow. Images may also be inline ``data:`` pictures
(raster types only: an SVG can carry script).
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

_LINK_SCHEMES: Final = frozenset({"http", "https", "mailto"})
_IMAGE_SCHEMES: Final = frozenset({"http", "https"})
#: Browsers drop tabs and newlines anywhere in a URL ("java\nscript:" is javascript:) and
#: spaces and controls at its ends; the checks must see what a browser would follow.
_INVISIBLE: Final = re.compile(r"[\t\n\r]")
_DATA_IMAGE: Final = re.compile(r"data:image/(?:png|jpe?g|gif|webp|avif);base64,[A-Za-z0-9+/=\s]+\Z", re.I)
#: An inline picture shorter than this is a lazy-loading placeholder (a 1x1 GIF), and one
#: longer than this would swamp the output; neither is the story's picture.
MIN_DATA_IMAGE_CHARS: Final = 200
MAX_DATA_IMAGE_CHARS: Final = 100_000
#: One candidate of a srcset: a URL, then an optional width ("800w") or density ("2x").
_SRCSET_ITEM: Final = re.compile(r"\s*(\S+?)(?:\s+(\d+(?:\.\d+)?)[wx])?\s*(?:,|\Z)")


def page_base(tree: LexborHTMLParser, url: str | None, canonical: str | None) -> str | None:
    """What relative URLs of the page resolve against: its ``<base href>`` (itself resolved
    against the page's address), else the address it came from, else its canonical URL."""
    address = url if _absolute(url) else canonical if _absolute(canonical) else None
    # Lexbor's list of a tag's elements costs a fraction of a CSS query over the page.
    base = next((node for node in tree.tags("base") if "href" in node.attributes), None)
    href = _cleaned(base.attributes.get("href") or "") if base is not None else ""
    if href:
        resolved = urljoin(address or "", href)
        if _scheme(resolved) in _IMAGE_SCHEMES:
            return resolved
    return address


def _absolute(url: str | None) -> bool:
    return url is not None and _scheme(url) in _IMAGE_SCHEMES and bool(urlsplit(url).netloc)


def _scheme(url: str) -> str:
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:
        return ""


def _cleaned(href: str) -> str:
    return _INVISIBLE.sub("", href).strip()


#: An absolute http(s) URL that parsing gives back unchanged (a plain host, a path without
#: parameters, a query and a fragment that are not empty): it resolves to itself against any
#: base, and most links are like it. Parsing the base and the URL again for it costs a fifth of
#: a rendering's links.
_PLAIN_ABSOLUTE: Final = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[^?#;\s]*)?(?:\?[^#\s]+)?(?:#\S+)?\Z")


def link_url(href: str | None, base: str | None) -> str | None:
    """The absolute URL a link points to, or None when it is unsafe, empty or unresolvable."""
    if not href:
        return None
    href = _cleaned(href)
    if not href or href.startswith("#"):
        return None
    if href.isascii() and _PLAIN_ABSOLUTE.match(href):
        return href
    try:
        resolved = urljoin(base or "", href)
        parts = urlsplit(resolved)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _LINK_SCHEMES or (scheme != "mailto" and not parts.netloc):
        return None
    return resolved


def image_url(src: str | None, base: str | None) -> str | None:
    """The URL of an image source: absolute http(s), or an inline raster ``data:`` picture."""
    if not src:
        return None
    src = _cleaned(src)
    if src[:5].lower() == "data:":
        if MIN_DATA_IMAGE_CHARS <= len(src) <= MAX_DATA_IMAGE_CHARS and _DATA_IMAGE.match(src):
            return src
        return None
    url = link_url(src, base)
    if url is None or url.startswith(("https://", "http://")):
        return url
    return url if _scheme(url) in _IMAGE_SCHEMES else None


def largest_in_srcset(srcset: str) -> str | None:
    """The candidate of a ``srcset`` with the largest width or density (the first on a tie)."""
    best: str | None = None
    best_size = -1.0
    for match in _SRCSET_ITEM.finditer(srcset):
        candidate, size = match.group(1), match.group(2)
        if not candidate:
            continue
        value = float(size) if size else 1.0
        if value > best_size:
            best, best_size = candidate.rstrip(","), value
    return best
