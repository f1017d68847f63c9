"""Options for `extract`, one object with documented defaults."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

#: Structured renderings of the body that `ExtractOptions.formats` may ask for.
BodyFormat = Literal["markdown", "html"]
BODY_FORMATS: Final = ("markdown", "html")

#: Largest input accepted, in bytes (UTF-8 bytes for ``str`` input). News pages rarely pass
#: 3 MB; a larger input is almost always a mistake (an archive, a dump) and costs seconds.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

#: Deepest element nesting accepted. Real pages stay under 100; the parser's time grows with
#: the square of the depth, so a hostile 100,000-deep page must be refused before parsing.
DEFAULT_MAX_DEPTH = 1_000

#: Fewest characters a body must have to count as a story rather than a teaser or an index.
DEFAULT_MIN_BODY_CHARS = 200


@dataclass(frozen=True)
class ExtractOptions:
    """How `extract` behaves. Every field has a safe default.

    Attributes:
        explain: record each block the boilerplate rules dropped, and the rule that dropped it
            (``Article.explanation``; the JSON gains an ``"explain"`` key).
        quotes: find direct quotes in the body (``Article.quotes``).
        tables: keep the text of tables inside the story.
        max_bytes: refuse larger input with `DocumentTooLargeError`.
        max_depth: refuse deeper nesting with `DocumentTooDeepError`.
        min_body_chars: a body shorter than this is not a story and is returned empty.
        formats: structured renderings of the story to add, any of ``"markdown"`` and
            ``"html"`` (``Article.body_markdown``, ``Article.body_html``); asking for either
            also fills ``Article.images`` and ``Article.links``. Empty (the default) renders
            nothing and costs nothing. See docs/formats.md.
    """

    explain: bool = False
    quotes: bool = True
    tables: bool = True
    max_bytes: int = DEFAULT_MAX_BYTES
    max_depth: int = DEFAULT_MAX_DEPTH
    min_body_chars: int = DEFAULT_MIN_BODY_CHARS
    formats: tuple[BodyFormat, ...] = ()

    def __post_init__(self) -> None:
        unknown = [name for name in self.formats if name not in BODY_FORMATS]
        if isinstance(self.formats, str) or unknown:
            raise ValueError(
                f"formats must be a tuple of {', '.join(map(repr, BODY_FORMATS))}, got {self.formats!r}"
            )
