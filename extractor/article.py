"""The output model: one `Article` per page, and its JSON form.

All classes are frozen dataclasses so an `Article` can be shared between threads and cached
without defensive copies. Sequences are tuples for the same reason. `to_dict()` always yields
the same keys, in the same order, with ``None`` or an empty list where nothing was found, so a
pipeline can rely on the shape (the JSON Schema in ``docs/article.schema.json`` pins it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal, Mapping

AuthorKind = Literal["person", "organization"]

#: Where a metadata value came from (the ``source`` of a `Provenance`).
SOURCES = (
    "json-ld",
    "microdata",
    "opengraph",
    "meta",
    "time-element",
    "byline-text",
    "page-text",
    "url",
    "title-element",
    "heuristic",
    "http-header",
)

ARTICLE_KEYS = (
    "url",
    "canonical_url",
    "headline",
    "authors",
    "byline",
    "published",
    "modified",
    "description",
    "body",
    "quotes",
    "language",
    "site_name",
    "image",
    "tags",
    "section",
    "encoding",
    "provenance",
)


@dataclass(frozen=True)
class Author:
    """A person or organization credited with the story."""

    name: str
    kind: AuthorKind = "person"
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "url": self.url}


@dataclass(frozen=True)
class Quote:
    """A direct quotation in the body and who said it.

    ``start``/``end`` are offsets of the quoted words (without the outer marks) in the text the
    quote was found in, and ``body[start:end] == text`` always: a quotation over several
    paragraphs keeps its paragraph breaks and the marks that re-open it.

    ``speaker_mention`` is the speaker as the attribution words it ("he", "Waly", "the
    senator"); ``speaker`` is who that is, the full name where the story gives it, and
    ``speaker_resolved`` says a pronoun was resolved to it. A pronoun the story leaves
    ambiguous gives ``speaker`` None with the pronoun kept as the mention.
    """

    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_title: str | None = None
    cue: str | None = None
    speaker_mention: str | None = None
    speaker_resolved: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "speaker_title": self.speaker_title,
            "speaker_mention": self.speaker_mention,
            "speaker_resolved": self.speaker_resolved,
            "cue": self.cue,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class Candidate:
    """A value one source offered for a field, kept when sources disagree."""

    source: str
    raw: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "raw": self.raw}


@dataclass(frozen=True)
class Provenance:
    """Where a field's value came from: the source, the raw value, and the alternatives seen."""

    source: str
    raw: str | None = None
    candidates: tuple[Candidate, ...] = ()
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.source, "raw": self.raw}
        if self.candidates:
            out["candidates"] = [c.to_dict() for c in self.candidates]
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class DroppedBlock:
    """One block the boilerplate rules removed (reported in explain mode)."""

    rule: str
    tag: str
    selector: str
    text: str
    #: What matched (a tag, a role, a class word) and why that sufficed: the rule's verdict, or
    #: how little of the block reads as story prose.
    evidence: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "tag": self.tag, "selector": self.selector, "text": self.text, "evidence": self.evidence}


@dataclass(frozen=True)
class StoryImage:
    """One of the story's own pictures (not a logo, avatar, icon, tracking pixel or ad).

    ``url`` is absolute (or an inline raster ``data:`` picture); ``credit`` is the photo
    credit split from the caption ("Photo: Jane Doe"); sizes are the page's ``width`` and
    ``height`` attributes, when given.
    """

    url: str
    alt: str = ""
    caption: str = ""
    credit: str = ""
    width: int | None = None
    height: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url, "alt": self.alt, "caption": self.caption, "credit": self.credit,
            "width": self.width, "height": self.height,
        }


@dataclass(frozen=True)
class StoryLink:
    """A link inside the story's text, with its absolute URL."""

    text: str
    url: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "url": self.url}


@dataclass(frozen=True)
class Article:
    """One news article extracted from one page.

    Dates are ISO 8601 strings: ``2024-08-11T15:38:00+05:30`` when the page gives the time,
    ``2024-08-11`` when only the day is known. ``body`` is plain text with paragraphs separated by
    one blank line. ``explanation`` is filled only when extraction ran with
    ``ExtractOptions(explain=True)`` and is then added to the JSON under ``"explain"``.

    ``body_markdown`` and ``body_html`` are the story rendered with its structure, and
    ``images`` and ``links`` its pictures and links; all four are filled only when extraction
    ran with ``ExtractOptions(formats=...)`` (``body_markdown`` for "markdown", ``body_html``
    for "html", the lists for either), and only then are they keys of the JSON.
    """

    url: str | None = None
    canonical_url: str | None = None
    headline: str | None = None
    authors: tuple[Author, ...] = ()
    byline: str | None = None
    published: str | None = None
    modified: str | None = None
    description: str | None = None
    body: str = ""
    quotes: tuple[Quote, ...] = ()
    language: str | None = None
    site_name: str | None = None
    image: str | None = None
    tags: tuple[str, ...] = ()
    section: str | None = None
    encoding: str | None = None
    provenance: Mapping[str, Provenance] = field(default_factory=dict)
    explanation: tuple[DroppedBlock, ...] | None = None
    body_markdown: str | None = None
    body_html: str | None = None
    images: tuple[StoryImage, ...] | None = None
    links: tuple[StoryLink, ...] | None = None

    @property
    def is_article(self) -> bool:
        """True when a story body was found; False for home pages, indexes and empty input."""
        return bool(self.body)

    def to_dict(self) -> dict[str, Any]:
        """The article as plain JSON-ready data, with exactly the keys of ``ARTICLE_KEYS``."""
        out: dict[str, Any] = {
            "url": self.url,
            "canonical_url": self.canonical_url,
            "headline": self.headline,
            "authors": [a.to_dict() for a in self.authors],
            "byline": self.byline,
            "published": self.published,
            "modified": self.modified,
            "description": self.description,
            "body": self.body,
            "quotes": [q.to_dict() for q in self.quotes],
            "language": self.language,
            "site_name": self.site_name,
            "image": self.image,
            "tags": list(self.tags),
            "section": self.section,
            "encoding": self.encoding,
            "provenance": {k: v.to_dict() for k, v in self.provenance.items()},
        }
        if self.explanation is not None:
            out["explain"] = {"dropped": [d.to_dict() for d in self.explanation]}
        if self.body_markdown is not None:
            out["body_markdown"] = self.body_markdown
        if self.body_html is not None:
            out["body_html"] = self.body_html
        if self.images is not None:
            out["images"] = [image.to_dict() for image in self.images]
        if self.links is not None:
            out["links"] = [link.to_dict() for link in self.links]
        return out

    def to_json(self, *, indent: int | None = None) -> str:
        """The article as a JSON string (UTF-8 characters kept, not escaped)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
