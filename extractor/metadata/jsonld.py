"""JSON-LD: the story's schema.org object, read leniently the way browsers and crawlers do.

Pages ship JSON-LD that is not valid JSON (trailing commas, comments, HTML comments or CDATA
around it, HTML-escaped quotes, several objects in one block), wrap the story in ``@graph`` or
in arrays, reference authors by ``@id``, and use every Article subtype. `read_jsonld` finds
the best story object across all blocks and returns its facts as plain strings.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Final, Iterable, Iterator

from .text import plain

#: Largest JSON-LD block parsed, in characters. json.loads is fast C, so even multi-megabyte
#: blocks cost milliseconds; larger ones are skipped (with a note) to bound the time.
MAX_JSONLD_CHARS: Final = 6_000_000

#: Largest block the lenient repairs (regular expressions) run on; a broken block bigger than
#: this is skipped rather than repaired.
MAX_REPAIR_CHARS: Final = 300_000

#: Deepest nesting walked when looking for story objects.
MAX_WALK_DEPTH: Final = 6

#: Most objects examined across all blocks (a product catalogue can hold thousands).
MAX_OBJECTS: Final = 2_000

# schema.org types that are a story. Anything ending in "Article" (NewsArticle, ReportageNewsArticle,
# TechArticle...) or "Posting" (BlogPosting, LiveBlogPosting, SocialMediaPosting) also counts.
_STORY_TYPES: Final = frozenset({"report", "review", "newsarticle", "article", "blogposting", "liveblogposting"})
# Page types that may carry the story's facts when no story object exists.
_PAGE_TYPES: Final = frozenset({"webpage", "itempage", "aboutpage", "collectionpage", "qapage", "faqpage",
                         "medicalwebpage", "profilepage", "videoobject", "recipe", "event"})
_ORG_TYPES: Final = frozenset({"organization", "newsmediaorganization", "corporation", "ngo",
                        "educationalorganization", "governmentorganization", "localbusiness"})

_COMMENTS: Final = re.compile(r"/\*.*?\*/|^\s*//[^\n]*$", re.DOTALL | re.MULTILINE)
_TRAILING_COMMA: Final = re.compile(r",\s*([}\]])")
_WRAPPER: Final = re.compile(r"^\s*(?:<!--|<!\[CDATA\[|//\s*<!\[CDATA\[)|(?:-->|\]\]>|//\s*\]\]>)\s*$")


@dataclass(frozen=True)
class JsonLdAuthor:
    """An author as JSON-LD gives it."""

    name: str
    is_organization: bool
    url: str | None = None


@dataclass(frozen=True)
class JsonLdFacts:
    """The story object's fields as plain text (empty when absent)."""

    type: str = ""
    headline: str = ""
    authors: tuple[JsonLdAuthor, ...] = ()
    published: str = ""
    modified: str = ""
    description: str = ""
    image: str = ""
    keywords: tuple[str, ...] = ()
    section: str = ""
    language: str = ""
    publisher: str = ""
    url: str = ""
    notes: tuple[str, ...] = field(default=())


def _loads(text: str, *, keep_complete: bool = False) -> list[Any]:
    """All JSON values in ``text`` (several objects may follow each other). With
    ``keep_complete``, the values read before unreadable text are kept (a stray "}" after the
    object, as hand-written templates leave it) instead of failing the whole block."""
    decoder = json.JSONDecoder(strict=False)
    values: list[Any] = []
    pos, end = 0, len(text)
    while pos < end:
        while pos < end and text[pos] in " \t\r\n;,":
            pos += 1
        if pos >= end:
            break
        try:
            value, pos = decoder.raw_decode(text, pos)
        except ValueError:
            if keep_complete and values:
                break
            raise
        values.append(value)
    return values


def parse_block(text: str) -> tuple[list[Any], str | None]:
    """A JSON-LD block's values, repairing what browsers tolerate; ``(values, note)``.

    The note says why a block was skipped or that it needed repairs.
    """
    if len(text) > MAX_JSONLD_CHARS:
        return [], f"json-ld block of {len(text):,} chars skipped (over {MAX_JSONLD_CHARS:,})"
    try:
        return _loads(text.strip()), None
    except (ValueError, RecursionError):
        pass
    if len(text) > MAX_REPAIR_CHARS:
        return [], f"json-ld block of {len(text):,} chars is invalid and too large to repair"
    repaired = _WRAPPER.sub("", text.strip())
    repaired = _COMMENTS.sub("", repaired)
    repaired = _TRAILING_COMMA.sub(r"\1", repaired)
    if "&quot;" in repaired or "&#34;" in repaired:
        repaired = html.unescape(repaired)
    try:
        return _loads(repaired.strip()), "json-ld repaired (comments, trailing commas or escapes)"
    except (ValueError, RecursionError):
        pass
    try:
        values = _loads(repaired.strip(), keep_complete=True)
        return values, "json-ld repaired (text after the data ignored)"
    except (ValueError, RecursionError) as error:
        return [], f"json-ld block unreadable: {str(error)[:80]}"


def _types(obj: dict[str, Any]) -> list[str]:
    value = obj.get("@type")
    values = value if isinstance(value, list) else [value]
    return [v.rsplit("/", 1)[-1].casefold() for v in values if isinstance(v, str)]


def _is_story(types: list[str]) -> bool:
    return any(t in _STORY_TYPES or t.endswith("article") or t.endswith("posting") for t in types)


def _objects(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every dict reachable through lists, ``@graph`` and ``mainEntity``, breadth-limited."""
    if depth > MAX_WALK_DEPTH:
        return
    if isinstance(value, list):
        for item in value[:MAX_OBJECTS]:
            yield from _objects(item, depth + 1)
    elif isinstance(value, dict):
        yield value
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement", "hasPart"):
            child = value.get(key)
            if isinstance(child, (dict, list)):
                yield from _objects(child, depth + 1)


def _text(value: Any) -> str:
    """A schema.org value as text: strings, numbers, ``{"@value"}``, ``{"name"}``, first of a list."""
    if isinstance(value, str):
        return plain(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list):
        return _first(value, _text)
    if isinstance(value, dict):
        for key in ("@value", "name", "url", "@id"):
            if key in value:
                return _text(value[key])
    return ""


def _image(value: Any) -> str:
    if isinstance(value, dict):
        return _text(value.get("url") or value.get("contentUrl") or value.get("@id"))
    if isinstance(value, list):
        return _first(value, _image)
    return _text(value)


def _first(items: list[Any], read: Callable[[Any], str]) -> str:
    """The first non-empty value ``read`` gets from a list's items."""
    for item in items:
        found = read(item)
        if found:
            return found
    return ""


def _authors(value: Any, index: dict[str, dict[str, Any]]) -> tuple[JsonLdAuthor, ...]:
    items = value if isinstance(value, list) else [value]
    out: list[JsonLdAuthor] = []
    for item in items[:50]:
        if isinstance(item, str):
            name = plain(item)
            if name:
                out.append(JsonLdAuthor(name, False))
            continue
        if not isinstance(item, dict):
            continue
        if "name" not in item and isinstance(item.get("@id"), str):
            item = index.get(item["@id"], item)
        name = _text(item.get("name"))
        if not name and (item.get("givenName") or item.get("familyName")):
            name = plain(f"{_text(item.get('givenName'))} {_text(item.get('familyName'))}")
        if name:
            url = _text(item.get("url")) or None
            out.append(JsonLdAuthor(name, any(t in _ORG_TYPES for t in _types(item)), url))
    return tuple(out)


def _keywords(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        parts = value.split(",")
    elif isinstance(value, list):
        parts = [_text(v) for v in value]
    else:
        return ()
    return tuple(p for p in (plain(x) for x in parts) if p)


def _facts(obj: dict[str, Any], index: dict[str, dict[str, Any]], notes: tuple[str, ...]) -> JsonLdFacts:
    publisher = obj.get("publisher")
    if isinstance(publisher, dict) and "name" not in publisher and isinstance(publisher.get("@id"), str):
        publisher = index.get(publisher["@id"], publisher)
    types = _types(obj)
    return JsonLdFacts(
        type=types[0] if types else "",
        headline=_text(obj.get("headline")) or _text(obj.get("name")),
        authors=_authors(obj.get("author") or obj.get("creator"), index),
        published=_text(obj.get("datePublished")) or _text(obj.get("dateCreated")),
        modified=_text(obj.get("dateModified")),
        description=_text(obj.get("description")),
        image=_image(obj.get("image") or obj.get("thumbnailUrl")),
        keywords=_keywords(obj.get("keywords")),
        section=_text(obj.get("articleSection")),
        language=_text(obj.get("inLanguage")),
        publisher=_text(publisher.get("name")) if isinstance(publisher, dict) else _text(publisher),
        url=_text(obj.get("url")),
        notes=notes,
    )


def _score(obj: dict[str, Any]) -> int:
    """How story-like an object is: its type, then how many story fields it fills."""
    types = _types(obj)
    rank = 4 if _is_story(types) else 1 if any(t in _PAGE_TYPES for t in types) else 0
    filled = sum(1 for key in ("headline", "author", "datePublished", "articleBody") if obj.get(key))
    return rank * 10 + filled


def read_jsonld(blocks: Iterable[str]) -> JsonLdFacts | None:
    """The story object (or the best page object) of the page's JSON-LD blocks; None when
    there is none."""
    notes: list[str] = []
    objects: list[dict[str, Any]] = []
    for block in blocks:
        values, note = parse_block(block)
        if note:
            notes.append(note)
        for value in values:
            objects.extend(_objects(value))
            if len(objects) > MAX_OBJECTS:
                break
    if not objects:
        return JsonLdFacts(notes=tuple(notes)) if notes else None
    index = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
    best = max(objects, key=_score)
    if _score(best) < 10:
        return JsonLdFacts(notes=tuple(notes)) if notes else None
    facts = _facts(best, index, tuple(notes))
    if not facts.publisher:
        # The publisher often sits in a separate Organization/WebSite object of the graph.
        for obj in objects:
            if any(t in _ORG_TYPES or t == "website" for t in _types(obj)) and _text(obj.get("name")):
                facts = replace(facts, publisher=_text(obj.get("name")))
                break
    return facts
