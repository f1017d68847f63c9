"""Article or not: is a link (from its URL) or a page (from its markup) a news story?

Both decisions add up named, language-independent features into a score; each feature is one
entry of a table with its weight and the reason it exists, so "why was this dropped?" has an
answer (`Verdict.reasons`). Measured on the development corpus by ``bench/classify.py``; see
docs/discovery.md for the figures.

URL features are structural: stories have dates, long numeric ids or many-word slugs in their
paths; section pages have short one-word paths. The only words used are CMS route names
(``/tag/``, ``/author/``, ``/video/``...), which are the same on sites in any language because
they come from the software (WordPress, Drupal, Arc...), not from the newsroom.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from collections import Counter
from typing import Iterable
from urllib.parse import parse_qsl, unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser

#: Score at or above which a link or page is an article; below `NOT_ARTICLE_BELOW` it is not;
#: in between the URL alone cannot tell (the crawler then fetches and asks the page).
ARTICLE_AT = 1
NOT_ARTICLE_BELOW = 0

#: Route names CMSs give to listing pages of one taxonomy term. Followed by at most one more
#: path segment (the term), they mark a listing, not a story.
TAXONOMY_ROUTES = frozenset(
    {"tag", "tags", "topic", "topics", "author", "authors", "category", "categories",
     "section", "sections", "search", "archive", "archives", "page", "label", "labels"}
)

#: Route names for media pages (a player or a photo carousel, not a text story).
MEDIA_ROUTES = frozenset(
    {"video", "videos", "gallery", "galleries", "photo", "photos", "slideshow", "slideshows",
     "multimedia"}
)

#: File types that are never an HTML story.
NON_PAGE_EXTENSIONS = frozenset(
    {"xml", "rss", "atom", "json", "jpg", "jpeg", "png", "gif", "webp", "svg", "pdf", "mp3",
     "mp4", "m4a", "webm", "zip", "gz", "css", "js", "ico", "csv", "doc", "docx"}
)

#: Page file names that stand for their directory (``/politics/index.html`` is ``/politics/``).
INDEX_STEMS = frozenset({"index", "default", "home", "main", "start"})

#: Query keys that paginate a listing.
PAGINATION_KEYS = frozenset({"page", "p", "pg", "offset", "start", "paged"})

#: A slug has at least this many word-like tokens (``minister-resigns-after-vote``).
SLUG_MIN_TOKENS = 3

#: A slug of this many words or more is a headline, hardly ever a landing page.
SLUG_LONG_TOKENS = 5

#: A numeric story id has at least this many digits (section ids are short).
ID_MIN_DIGITS = 4

#: An opaque story id (``ALeqM5hZSZFeCwHO``, ``0_h7svjXlK9z``) mixes letters and digits this long.
OPAQUE_ID_MIN_CHARS = 10

_DATE_IN_PATH = re.compile(r"(?:^|/)(?:19|20)\d\d[/_-]?(?:0[1-9]|1[0-2])(?:[/_-]?(?:0[1-9]|[12]\d|3[01]))?(?=/|$|[_\-.])")
_DIGITS = re.compile(r"\d+")
_WORD_TOKENS = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_OPAQUE = re.compile(r"(?=[A-Za-z0-9_]*\d)(?=[A-Za-z0-9_]*[A-Za-z])[A-Za-z0-9_]{%d,}" % OPAQUE_ID_MIN_CHARS)


@dataclass(frozen=True)
class Verdict:
    """A decision with its score and the features that made it (``+2 date-in-path``...)."""

    score: int
    reasons: tuple[str, ...]

    @property
    def is_article(self) -> bool:
        return self.score >= ARTICLE_AT

    @property
    def is_not_article(self) -> bool:
        return self.score < NOT_ARTICLE_BELOW

    @property
    def label(self) -> str:
        """``article``, ``not-article`` or ``unknown``."""
        if self.is_article:
            return "article"
        return "not-article" if self.is_not_article else "unknown"


def _segments(path: str) -> list[str]:
    return [unquote(part) for part in path.split("/") if part]


def _split_extension(segment: str) -> tuple[str, str]:
    stem, dot, extension = segment.rpartition(".")
    if not dot or not stem or len(extension) > 5 or not extension.isalnum():
        return segment, ""
    return stem, extension.lower()


def _query_parts(query: str) -> list[tuple[str, str]]:
    # Blank values kept: old CMSs put the story path in a bare key (``index.ssf?/base/1200.xml``).
    return parse_qsl(query, keep_blank_values=True)


def _is_page_number(value: str) -> bool:
    """``2`` to ``999``: a listing's page number (page 1 is the listing itself, or a story)."""
    return value.isdigit() and 2 <= int(value) <= 999


def _route_features(segments: list[str]) -> list[tuple[int, str]]:
    lowered = [segment.lower() for segment in segments]
    for index, segment in enumerate(lowered):
        rest = lowered[index + 1 :]
        # A taxonomy route followed by one term (``/tag/brexit``) or a page number is a listing;
        # followed by a file (``/category/story.cfm?id=..``) it is the CMS's story route.
        if segment in TAXONOMY_ROUTES and len(rest) <= 1 and not any(_split_extension(r)[1] for r in rest):
            return [(-4, f"taxonomy-route:{segment}")]
        if segment in TAXONOMY_ROUTES and len(rest) == 2 and _is_page_number(rest[-1]):
            return [(-4, f"taxonomy-route:{segment}+pagination")]
        if segment in MEDIA_ROUTES:
            return [(-8, f"media-route:{segment}")]  # a player or a carousel, whatever the slug
    return []


def _shape_features(segments: list[str], path: str, query: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    if _DATE_IN_PATH.search(path):
        found.append((2, "date-in-path"))
    parts = segments + [piece for pair in _query_parts(query) for piece in pair if piece]
    if any(len(run) >= ID_MIN_DIGITS for part in parts for run in _DIGITS.findall(part)):
        found.append((2, "numeric-id"))
    tokens = max((len(_WORD_TOKENS.findall(part)) for part in parts), default=0)
    if tokens >= SLUG_MIN_TOKENS:
        # Landing and service pages have slugs of three or four words too; stories run longer.
        weight = 1 if tokens == SLUG_MIN_TOKENS else 2 if tokens < SLUG_LONG_TOKENS else 3
        found.append((weight, f"slug:{tokens}-words"))
    if any(_OPAQUE.fullmatch(piece) for part in parts for piece in _split_extension(part)[0].split("-")):
        found.append((1, "opaque-id"))
    if not found and segments:
        # One-word paths are sections (``/sport/football/``). Two words can be either
        # (``/world-news/`` or ``/post/dot-github``): scored 0, so the page decides.
        last_words = len(_WORD_TOKENS.findall(_split_extension(segments[-1])[0]))
        found.append((-2, "one-word-path") if last_words <= 1 else (0, "two-word-path"))
    return found


def classify_url(url: str) -> Verdict:
    """Is this URL a story page? Structural features of the path and query only (no fetching)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return Verdict(-10, ("unparsable-url",))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return Verdict(-10, ("not-http",))
    segments = _segments(parts.path)
    stem, extension = _split_extension(segments[-1]) if segments else ("", "")
    if extension in NON_PAGE_EXTENSIONS:
        return Verdict(-10, (f"file-type:{extension}",))
    if stem.lower() in INDEX_STEMS and not parts.query:
        segments = segments[:-1]  # ``/2013/11/27/travel/story/index.html`` is the directory's page
    if not segments and not parts.query:
        return Verdict(-10, ("home-page",))
    features: list[tuple[int, str]] = []
    if any(key.lower() in PAGINATION_KEYS and _is_page_number(value) for key, value in _query_parts(parts.query)):
        features.append((-3, "pagination"))
    features += _route_features(segments)
    features += _shape_features(segments, "/" + "/".join(segments), parts.query)
    return Verdict(sum(weight for weight, _ in features), tuple(_fmt(f) for f in features))


#: Listed URLs that are the parent path of at least this many other listed URLs are sections
#: (``/sport/`` when ``/sport/a-story`` and ``/sport/another`` are listed too).
PARENT_OF_AT = 2


def classify_urls(urls: Iterable[str]) -> dict[str, Verdict]:
    """`classify_url` for each URL, plus one site-level feature: being the parent of others.

    A story is a leaf; a section is the path prefix of the stories under it. This needs no
    words at all, so it catches sections whose names look like slugs (``/world-us-canada/``).
    """
    listed = list(dict.fromkeys(url.strip() for url in urls))
    children: Counter[tuple[str, str]] = Counter()
    for url in listed:
        parts = urlsplit(url)
        segments = _segments(parts.path)
        for depth in range(1, len(segments)):
            children[(parts.netloc.lower(), "/".join(segments[:depth]))] += 1
    verdicts: dict[str, Verdict] = {}
    for url in listed:
        verdict = classify_url(url)
        parts = urlsplit(url)
        count = children[(parts.netloc.lower(), "/".join(_segments(parts.path)))]
        if count >= PARENT_OF_AT and not parts.query:
            verdict = Verdict(verdict.score - 4, verdict.reasons + (f"-4 parent-of:{count}",))
        verdicts[url] = verdict
    return verdicts


def _fmt(feature: tuple[int, str]) -> str:
    return f"{feature[0]:+d} {feature[1]}"


# --- pages -------------------------------------------------------------------------------------

#: schema.org types whose presence as a page's main entity makes it a story.
ARTICLE_TYPES = frozenset(
    {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
     "backgroundnewsarticle", "reviewnewsarticle", "blogposting", "liveblogposting", "report",
     "scholarlyarticle", "techarticle", "socialmediaposting"}
)

#: schema.org types that mark a listing, a profile or a media page.
LISTING_TYPES = frozenset(
    {"collectionpage", "itemlist", "searchresultspage", "profilepage", "imagegallery",
     "videogallery", "mediagallery", "videoobject"}
)

#: Headline links (``<h2><a>``...) at or above which a page is a list of teasers.
TEASER_LINKS_AT = 8

#: ``<article>`` elements at or above which a page is a list of teasers (one story has one).
TEASER_ARTICLES_AT = 4

#: A paragraph this long is running text, not a teaser or a caption.
LONG_PARAGRAPH_CHARS = 120

#: Long paragraphs at or above which a page has a story in it.
LONG_PARAGRAPHS_AT = 3

_LD_TYPE = re.compile(r'"@type"\s*:\s*(\[[^\]]*\]|"[^"]*")')


def _ld_types(tree: LexborHTMLParser) -> set[str]:
    types: set[str] = set()
    for script in tree.css('script[type="application/ld+json"]'):
        for match in _LD_TYPE.finditer(script.text() or ""):
            try:
                value = json.loads(match.group(1))
            except ValueError:
                continue
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str):
                    types.add(item.lower().rsplit("/", 1)[-1])
    return types


def _meta(tree: LexborHTMLParser, *names: str) -> str | None:
    for name in names:
        node = tree.css_first(f'meta[property="{name}"]') or tree.css_first(f'meta[name="{name}"]')
        if node is not None and (node.attributes.get("content") or "").strip():
            return (node.attributes.get("content") or "").strip().lower()
    return None


def _markup_features(tree: LexborHTMLParser) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    types = _ld_types(tree)
    if types & ARTICLE_TYPES:
        found.append((3, "ld-json-article"))
    elif types & LISTING_TYPES:
        found.append((-3, "ld-json-listing"))
    og_type = _meta(tree, "og:type")
    if og_type == "article":
        found.append((2, "og-type-article"))
    elif og_type and (og_type.startswith("video") or og_type in ("website", "profile")):
        found.append((-1, f"og-type-{og_type.split('.')[0]}"))
    if _meta(tree, "article:published_time") or tree.css_first("[itemprop=datePublished]"):
        found.append((1, "published-time"))
    headline_links = len(tree.css("h2 a[href], h3 a[href], h4 a[href]"))
    if headline_links >= TEASER_LINKS_AT or len(tree.css("article")) >= TEASER_ARTICLES_AT:
        found.append((-3, f"teaser-list:{headline_links}-headline-links"))
    long_paragraphs = sum(1 for p in tree.css("p") if len(p.text(strip=True)) >= LONG_PARAGRAPH_CHARS)
    if long_paragraphs >= LONG_PARAGRAPHS_AT:
        found.append((2, f"running-text:{long_paragraphs}-paragraphs"))
    return found


def classify_page(html: str | bytes, url: str | None = None, *, body: str | None = None) -> Verdict:
    """Is this page a story? Markup features, plus the URL's verdict and, when given, the body.

    ``body`` is the text `extractor.extract` found (the crawler passes it, so the page is not
    read twice): a story body counts for, an empty one against.
    """
    text = html if isinstance(html, str) else html.decode("utf-8", "replace")
    features = _markup_features(LexborHTMLParser(text)) if text.strip() else [(-10, "empty-page")]
    if body is not None:
        features.append((2, "story-body") if body.strip() else (-2, "no-story-body"))
    reasons = [_fmt(feature) for feature in features]
    score = sum(weight for weight, _ in features)
    if url:
        # The URL counts, but capped: a page that plainly holds a story wins over an odd URL.
        url_verdict = classify_url(url)
        url_weight = max(-3, min(3, url_verdict.score))
        score += url_weight
        reasons.append(f"{url_weight:+d} url({', '.join(url_verdict.reasons) or 'no-features'})")
    return Verdict(score, tuple(reasons))


def article_links(urls: Iterable[str]) -> list[str]:
    """The URLs whose verdict (`classify_urls`) is not "not an article", in order."""
    return [url for url, verdict in classify_urls(urls).items() if not verdict.is_not_article]
